//! Warnings in force (预警): each covered area washed in its level's colour (红 / 橙 / 黄 / 蓝)
//! with a dashed outline and the warning's title; a warning on an enterprise covers its site,
//! or the circle `analysis::warnings` uses to decide what a warning covers.

use crate::analysis::warnings::ENTERPRISE_RADIUS_M;
use crate::model::LonLat;
use crate::model::warning::WarningTarget;
use crate::render::display::{Item, Str};
use crate::render::geometry::{PolyScratch, PolyStyle, emit_polys};
use crate::render::index::world_polys;
use crate::render::labels::{LabelCandidate, Placement, rank};
use crate::render::legend::{LegendKey, WARNING_DASH};
use crate::render::records::label_point;
use crate::render::style;
use crate::render::{LayerFrame, LayerId, MapLayer, MapView, Scene};

#[derive(Default)]
pub struct Warnings {
    scratch: PolyScratch,
}

impl MapLayer for Warnings {
    fn id(&self) -> LayerId {
        LayerId::Warnings
    }

    fn draw(&mut self, scene: &Scene, view: &MapView, out: &mut LayerFrame) {
        let s = scene.options.scale;
        let lang = scene.options.lang;
        let t = view.transform();
        let clip = [
            [f64::from(view.origin[0]) - 16.0, f64::from(view.origin[1]) - 16.0],
            [f64::from(view.origin[0] + view.size[0]) + 16.0, f64::from(view.origin[1] + view.size[1]) + 16.0],
        ];
        // Least serious first, so the most serious is on top.
        for w in scene.index.records.warnings.iter().rev() {
            let fill = style::warning_fill(w.level);
            let stroke = style::warning_colour(w.level);
            let outline = match &w.target {
                WarningTarget::Polygon { outline } => Some(outline),
                WarningTarget::Area { code } => {
                    scene.snapshot.areas.iter().find(|a| &a.code == code).and_then(|a| a.outline.as_ref())
                }
                WarningTarget::Enterprise { id } => {
                    scene.snapshot.enterprises.iter().find(|e| e.id == *id).and_then(|e| e.site.as_ref())
                }
            };
            let label_at: Option<LonLat> = if let Some(outline) = outline {
                let style = PolyStyle { fill, stroke, width: 2.5 * s, dash: Some(WARNING_DASH) };
                let before = out.list.items.len();
                emit_polys(&mut out.list, &mut self.scratch, &world_polys(outline, view.datum), &t, clip, style);
                if out.list.items.len() == before {
                    continue;
                }
                label_point(outline)
            } else if let WarningTarget::Enterprise { id } = &w.target {
                let Some(e) = scene.snapshot.enterprises.iter().find(|e| e.id == *id) else { continue };
                let centre = view.lonlat_to_screen(e.location);
                let radius = (ENTERPRISE_RADIUS_M / view.metres_per_px(e.location.lat)) as f32;
                if !view.contains_screen(centre, radius) {
                    continue;
                }
                out.list.items.push(Item::Circle {
                    centre,
                    radius: radius.max(8.0 * s),
                    fill,
                    stroke,
                    width: 2.5 * s,
                    dash: Some(WARNING_DASH),
                });
                Some(e.location)
            } else {
                continue;
            };
            out.legend.add(LegendKey::Warning(w.level));
            out.legend.illustrative |= w.illustrative;
            if let Some(at) = label_at {
                let headline = if w.title.trim().is_empty() { w.kind.as_str() } else { w.title.as_str() };
                out.labels.push(LabelCandidate {
                    at: view.lonlat_to_screen(at),
                    placement: Placement::Centre,
                    text: Str::Owned(format!(
                        "{}{} · {}",
                        lang.label(w.level),
                        lang.t(crate::i18n::T::WarningSuffix),
                        headline
                    )),
                    size: style::text_size::STATION * s,
                    colour: stroke,
                    priority: 120.0 - w.level as u8 as f32,
                    rank: rank::AREA,
                });
            }
        }
    }
}

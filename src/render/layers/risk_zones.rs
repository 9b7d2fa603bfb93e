//! Enterprises' risk zones in the four colours (红 重大 / 橙 较大 / 黄 一般 / 蓝 低) and their
//! registered 重大危险源 and 有限空间 points, at street zoom where a site's zones can be told
//! apart. The most severe zone is drawn last, so it is on top where zones overlap.

use crate::render::display::{Item, Str};
use crate::render::geometry::{PolyScratch, PolyStyle, emit_polys};
use crate::render::index::world_polys;
use crate::render::labels::{LabelCandidate, Obstacle, Placement, rank};
use crate::render::legend::LegendKey;
use crate::render::records::label_point;
use crate::render::style::{self, text_size};
use crate::render::{LayerFrame, LayerId, MapLayer, MapView, Scene};
use crate::snapshot::BBox;

/// Zones show from this zoom on (about 1:70 000 on a 96 dpi screen; a plant of 300 m is then
/// some 40 pixels across). Below it the enterprise dots carry the level.
pub const MIN_ZOOM: f64 = 13.0;
/// Zone names show from this zoom on.
const LABEL_ZOOM: f64 = 15.0;

#[derive(Default)]
pub struct RiskZones {
    scratch: PolyScratch,
}

impl MapLayer for RiskZones {
    fn id(&self) -> LayerId {
        LayerId::RiskZones
    }

    fn draw(&mut self, scene: &Scene, view: &MapView, out: &mut LayerFrame) {
        if view.zoom < MIN_ZOOM {
            return;
        }
        let risk = &scene.index.records.risk;
        let b = view.lonlat_bounds();
        // A margin of a tenth of the view catches zones whose box just misses it.
        let (dx, dy) = ((b.east - b.west) * 0.1, (b.north - b.south) * 0.1);
        let bounds = BBox { west: b.west - dx, south: b.south - dy, east: b.east + dx, north: b.north + dy };
        let mut zones = risk.zones_in(bounds);
        // Blue first, red last (RiskLevel orders red first).
        zones.sort_by(|a, b| b.level.cmp(&a.level).then(a.id.cmp(&b.id)));
        let t = view.transform();
        let clip = [
            [f64::from(view.origin[0]) - 16.0, f64::from(view.origin[1]) - 16.0],
            [f64::from(view.origin[0] + view.size[0]) + 16.0, f64::from(view.origin[1] + view.size[1]) + 16.0],
        ];
        let s = scene.options.scale;
        for z in &zones {
            let polys = world_polys(&z.outline, view.datum);
            let style = PolyStyle {
                fill: style::risk_zone_fill(z.level),
                stroke: style::risk_colour(z.level),
                width: 1.6 * s,
                dash: None,
            };
            let before = out.list.items.len();
            emit_polys(&mut out.list, &mut self.scratch, &polys, &t, clip, style);
            if out.list.items.len() == before {
                continue;
            }
            out.legend.add(LegendKey::RiskZone(z.level));
            out.legend.illustrative |= z.illustrative;
            if view.zoom >= LABEL_ZOOM
                && let Some(at) = label_point(&z.outline)
            {
                out.labels.push(LabelCandidate {
                    at: view.lonlat_to_screen(at),
                    placement: Placement::Centre,
                    text: Str::Owned(match scene.options.lang {
                        crate::i18n::Lang::Zh => format!("{}·{}", z.name, z.level.risk_name_zh()),
                        crate::i18n::Lang::En => format!("{} · {}", z.name, crate::model::Labelled::en(z.level)),
                    }),
                    size: text_size::ENTERPRISE * s,
                    colour: scene.palette().text,
                    priority: 20.0 - z.level as u8 as f32,
                    rank: rank::AREA,
                });
            }
        }
        let theme = scene.options.theme;
        for p in risk.points_in(bounds) {
            let at = view.lonlat_to_screen(p.location);
            if !view.contains_screen(at, 16.0) {
                continue;
            }
            let mut symbol = style::risk_point_symbol(p.kind, theme);
            symbol.size *= s;
            symbol.stroke_width *= s;
            let r = symbol.size / 2.0;
            out.list.items.push(Item::Symbol { at, symbol });
            out.obstacles.push(Obstacle {
                min: [at[0] - r, at[1] - r],
                max: [at[0] + r, at[1] + r],
                rank: rank::ENTERPRISE,
            });
            out.legend.add(LegendKey::RiskPoint(p.kind));
            out.legend.illustrative |= p.illustrative;
            if view.zoom >= LABEL_ZOOM {
                out.labels.push(LabelCandidate {
                    at,
                    placement: Placement::Around { radius: r },
                    text: Str::Owned(p.name.clone()),
                    size: text_size::ENTERPRISE * s,
                    colour: scene.palette().text,
                    priority: 25.0,
                    rank: rank::ENTERPRISE,
                });
            }
        }
    }
}

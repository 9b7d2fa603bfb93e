//! Administrative areas: the city filled a shade brighter than its surroundings, district and
//! township boundaries, and their names at the zooms where they fit.

use crate::model::AreaLevel;
use crate::render::display::Str;
use crate::render::geometry::{PolyScratch, PolyStyle, emit_polys};
use crate::render::labels::{LabelCandidate, Placement, rank};
use crate::render::legend::{DISTRICT_DASH, LegendKey, TOWNSHIP_DASH};
use crate::render::style::{Rgba, text_size};
use crate::render::{LayerFrame, LayerId, MapLayer, MapView, Scene};

#[derive(Default)]
pub struct Areas {
    scratch: PolyScratch,
}

/// Township outlines and names appear from this zoom (they are dense and illustrative).
const TOWNSHIP_ZOOM: f64 = 10.5;
/// District boundaries appear from this zoom.
const DISTRICT_ZOOM: f64 = 6.5;

impl MapLayer for Areas {
    fn id(&self) -> LayerId {
        LayerId::Areas
    }

    fn draw(&mut self, scene: &Scene, view: &MapView, out: &mut LayerFrame) {
        let pal = scene.palette();
        let s = scene.options.scale;
        let bounds = view.world_bounds(16.0);
        let t = view.transform();
        let clip = [
            [f64::from(view.origin[0]) - 16.0, f64::from(view.origin[1]) - 16.0],
            [f64::from(view.origin[0] + view.size[0]) + 16.0, f64::from(view.origin[1] + view.size[1]) + 16.0],
        ];
        let world_px = view.world_px();
        // Fills first, then lines from the finest level up so coarser boundaries sit on top.
        if scene.options.city_fill {
            for a in scene.index.areas.iter().filter(|a| a.level == AreaLevel::City && a.outline.intersects(&bounds)) {
                let style = PolyStyle { fill: pal.city_fill, stroke: Rgba::TRANSPARENT, width: 0.0, dash: None };
                emit_polys(&mut out.list, &mut self.scratch, a.outline.at_zoom(view.zoom), &t, clip, style);
            }
        }
        for level in [AreaLevel::Township, AreaLevel::District, AreaLevel::City, AreaLevel::Province] {
            let (colour, width, dash, key, min_zoom) = match level {
                AreaLevel::Township => {
                    (pal.township_line, 0.8, Some(TOWNSHIP_DASH), LegendKey::TownshipLine, TOWNSHIP_ZOOM)
                }
                AreaLevel::District => {
                    (pal.district_line, 1.3, Some(DISTRICT_DASH), LegendKey::DistrictLine, DISTRICT_ZOOM)
                }
                AreaLevel::City | AreaLevel::Province => (pal.city_line, 2.2, None, LegendKey::CityLine, 0.0),
            };
            if view.zoom < min_zoom {
                continue;
            }
            for a in scene.index.areas.iter().filter(|a| a.level == level && a.outline.intersects(&bounds)) {
                let style = PolyStyle { fill: Rgba::TRANSPARENT, stroke: colour, width: width * s, dash };
                let before = out.list.items.len();
                emit_polys(&mut out.list, &mut self.scratch, a.outline.at_zoom(view.zoom), &t, clip, style);
                if out.list.items.len() > before {
                    out.legend.add(key);
                    out.legend.illustrative |= a.illustrative;
                }
            }
        }
        // Names: a level's names show while its areas are big enough on screen to hold them.
        for a in &scene.index.areas {
            let Some(w) = a.label_at else { continue };
            let span_px = a.span * world_px;
            let (size, priority, show) = match a.level {
                AreaLevel::Province => (text_size::CITY, 100.0, span_px > 120.0 && span_px < 4000.0),
                AreaLevel::City => (text_size::CITY, 95.0, span_px > 120.0 && span_px < 1800.0),
                AreaLevel::District => (text_size::DISTRICT, 90.0, span_px > 90.0 && view.zoom >= 8.0),
                AreaLevel::Township => (text_size::TOWNSHIP, 25.0, view.zoom >= TOWNSHIP_ZOOM + 0.5 && span_px > 50.0),
            };
            if !show || w[0] < bounds[0][0] || w[0] > bounds[1][0] || w[1] < bounds[0][1] || w[1] > bounds[1][1] {
                continue;
            }
            out.labels.push(LabelCandidate {
                at: t.apply(w),
                placement: Placement::Centre,
                text: Str::Shared(a.name.clone()),
                size: size * s,
                colour: if a.level == AreaLevel::Township { pal.text_muted } else { pal.area_label },
                priority,
                rank: rank::AREA,
            });
        }
    }
}

//! Protection-radius circles around stations, one radius per station class (a setting, see
//! [`ProtectionRadii`](crate::render::ProtectionRadii)). Planned stations get a dashed outline
//! and no fill, so today's coverage and tomorrow's read apart.

use crate::model::StationStatus;
use crate::render::display::Item;
use crate::render::legend::{LegendKey, PLANNED_DASH};
use crate::render::style;
use crate::render::{LayerFrame, LayerId, MapLayer, MapView, Scene};

pub struct Protection;

/// Below this zoom circles are a few pixels wide and only clutter.
const MIN_ZOOM: f64 = 10.0;

impl MapLayer for Protection {
    fn id(&self) -> LayerId {
        LayerId::Protection
    }

    fn draw(&mut self, scene: &Scene, view: &MapView, out: &mut LayerFrame) {
        if view.zoom < MIN_ZOOM {
            return;
        }
        let radii = &scene.options.protection;
        let max_r = [
            radii.special_m,
            radii.level1_m,
            radii.level2_m,
            radii.small_m,
            radii.logistics_m,
            radii.township_m,
            radii.enterprise_m,
        ]
        .into_iter()
        .fold(0.0_f64, f64::max);
        let margin_px = (max_r / view.metres_per_px_at_centre()) as f32 + 4.0;
        let bounds = view.world_bounds(margin_px);
        let t = view.transform();
        let set = &scene.index.stations;
        for slot in set.in_box(&bounds) {
            let (Some(s), Some(&w)) = (scene.snapshot.stations.get(slot as usize), set.world.get(slot as usize)) else {
                continue;
            };
            if !scene.mask.stations.get(slot as usize).copied().unwrap_or(false) {
                continue;
            }
            let r_m = radii.of(s.class);
            if r_m <= 0.0 || s.status == StationStatus::OutOfService {
                continue;
            }
            let planned = s.status != StationStatus::Existing;
            let radius = (r_m / view.metres_per_px(s.location.lat)) as f32;
            if radius < 2.0 {
                continue;
            }
            out.list.items.push(Item::Circle {
                centre: t.apply(w),
                radius,
                fill: style::protection_fill(planned),
                stroke: style::protection_stroke(planned),
                width: 1.2 * scene.options.scale,
                dash: planned.then_some(PLANNED_DASH),
            });
            out.legend.add(LegendKey::Protection { planned });
        }
    }
}

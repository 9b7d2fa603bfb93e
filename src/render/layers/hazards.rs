//! The hazard ledger on the map: every item not yet closed out (销号) as a warning triangle in
//! its 挂牌督办 colour at its own point or its enterprise's; items past their 整改时限 get a red
//! ring and an "逾期N天" tag that shows at every zoom, so nobody can miss them. Clicking a
//! flag opens the item's card.

use crate::i18n::T;
use crate::model::hazard::HazardStatus;
use crate::render::display::{Item, Str};
use crate::render::labels::{LabelCandidate, Obstacle, Placement, rank};
use crate::render::legend::LegendKey;
use crate::render::style;
use crate::render::{Hit, LayerFrame, LayerId, MapLayer, MapView, Scene, Target};

#[derive(Default)]
pub struct Hazards;

impl MapLayer for Hazards {
    fn id(&self) -> LayerId {
        LayerId::Hazards
    }

    fn draw(&mut self, scene: &Scene, view: &MapView, out: &mut LayerFrame) {
        let records = &scene.index.records;
        let s = scene.options.scale;
        let theme = scene.options.theme;
        // Overdue items last, so they are on top.
        let mut shown: Vec<_> = records
            .hazards
            .iter()
            .filter_map(|h| Some((h, records.hazard_item(h)?, h.position?)))
            .filter(|(_, item, _)| item.status != HazardStatus::Closed)
            .collect();
        shown.sort_by_key(|(h, item, _)| (h.days_overdue.unwrap_or(0), item.id));
        for (h, item, position) in shown {
            let at = view.lonlat_to_screen(position);
            if !view.contains_screen(at, 40.0) {
                continue;
            }
            let mut symbol = style::hazard_symbol(item.grade, theme);
            symbol.size *= s;
            symbol.stroke_width *= s;
            let r = symbol.size / 2.0;
            if let Some(days) = h.days_overdue {
                out.list.items.push(Item::Circle {
                    centre: at,
                    radius: r + 4.0 * s,
                    fill: style::OVERDUE_RED.with_alpha(0x40),
                    stroke: style::OVERDUE_RED,
                    width: 2.5 * s,
                    dash: None,
                });
                out.legend.add(LegendKey::Hazard { overdue: true });
                out.labels.push(LabelCandidate {
                    at,
                    placement: Placement::Around { radius: r + 4.0 * s },
                    text: Str::Owned(scene.options.lang.t(T::OverdueDays).replace("{}", &days.to_string())),
                    size: style::text_size::ENTERPRISE * s,
                    colour: style::OVERDUE_RED,
                    // Above every feature name: an overdue item is what the map must say first.
                    priority: 200.0 + days.min(1000) as f32 * 0.01,
                    rank: rank::STATION,
                });
            }
            out.list.items.push(Item::Symbol { at, symbol });
            // Clicking a flag opens the item's card.
            out.hits.push(Hit { centre: at, radius: r + 3.0, target: Target::Hazard { id: item.id } });
            out.obstacles.push(Obstacle {
                min: [at[0] - r, at[1] - r],
                max: [at[0] + r, at[1] + r],
                rank: rank::STATION,
            });
            out.legend.add(LegendKey::Hazard { overdue: false });
            out.legend.illustrative |= item.illustrative;
        }
    }
}

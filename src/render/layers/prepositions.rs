//! Pre-positioned units (预置) while their window is active: the unit's own symbol at its
//! temporary position inside a teal ring, a dashed line back to its base, and its name with
//! "预置". Clicking the symbol selects the unit, as on its base. The base symbol itself is
//! drawn hollow and faded meanwhile ([`at_base`]): the unit is not there.

use crate::model::{Feature, UnitStatus};
use crate::render::display::{Item, Str};
use crate::render::labels::{LabelCandidate, Obstacle, Placement, rank};
use crate::render::legend::{LegendKey, PREPOSITION_DASH};
use crate::render::style::{self, Symbol, Theme};
use crate::render::{Hit, LayerFrame, LayerId, MapLayer, MapView, Scene, Target};

#[derive(Default)]
pub struct Prepositions;

/// Opacity left to a base symbol while its unit is away (a trace, not a unit at strength).
const AWAY_ALPHA: u8 = 0x55;

/// The symbol to draw at a unit's base: as given, or hollow, dashed and faded while the unit
/// is pre-positioned elsewhere.
pub fn at_base(scene: &Scene, unit: crate::model::UnitRef, symbol: Symbol) -> Symbol {
    if !scene.index.records.moved.iter().any(|m| m.unit == unit) {
        return symbol;
    }
    Symbol { fill: symbol.fill.with_alpha(0x00), stroke: symbol.stroke.with_alpha(AWAY_ALPHA), dashed: true, ..symbol }
}

fn symbol_of(f: &Feature, theme: Theme) -> Option<Symbol> {
    match f {
        Feature::Stations(s) => Some(style::station_symbol(s.class, s.status, theme)),
        Feature::Teams(t) => Some(style::team_symbol(t.kind, t.status == UnitStatus::OnDuty, theme)),
        _ => None,
    }
}

impl MapLayer for Prepositions {
    fn id(&self) -> LayerId {
        LayerId::Prepositions
    }

    fn draw(&mut self, scene: &Scene, view: &MapView, out: &mut LayerFrame) {
        let s = scene.options.scale;
        let lang = scene.options.lang;
        for m in &scene.index.records.moved {
            let Some(feature) = scene.snapshot.feature(m.unit.layer, m.unit.id) else { continue };
            let Some(mut symbol) = symbol_of(&feature, scene.options.theme) else { continue };
            let (home, at) = (view.lonlat_to_screen(m.home), view.lonlat_to_screen(m.at));
            let points = out.list.push_points([home, at]);
            out.list.items.push(Item::Line {
                points,
                closed: false,
                width: 2.0 * s,
                colour: style::PREPOSITION_TEAL,
                dash: Some(PREPOSITION_DASH),
            });
            if !view.contains_screen(at, 40.0) {
                continue;
            }
            symbol.size *= s;
            symbol.stroke_width *= s;
            let r = symbol.size / 2.0;
            out.list.items.push(Item::Circle {
                centre: at,
                radius: r + 5.0 * s,
                fill: style::PREPOSITION_TEAL.with_alpha(0x33),
                stroke: style::PREPOSITION_TEAL,
                width: 2.2 * s,
                dash: None,
            });
            out.list.items.push(Item::Symbol { at, symbol });
            out.hits.push(Hit {
                centre: at,
                radius: r + 5.0,
                target: Target::Feature { layer: m.unit.layer, id: m.unit.id },
            });
            out.obstacles.push(Obstacle {
                min: [at[0] - r, at[1] - r],
                max: [at[0] + r, at[1] + r],
                rank: rank::STATION,
            });
            out.legend.add(LegendKey::Preposition);
            out.labels.push(LabelCandidate {
                at,
                placement: Placement::Around { radius: r + 5.0 * s },
                text: Str::Owned(lang.t(crate::i18n::T::PrepositionTag).replace("{}", &m.name)),
                size: style::text_size::ENTERPRISE * s,
                colour: style::PREPOSITION_TEAL,
                priority: 150.0,
                rank: rank::STATION,
            });
        }
    }
}

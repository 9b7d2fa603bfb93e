//! The dispatch answer on the map: the incident as a target mark, and a line from every unit
//! sent to it with its arrival time. Lines are dashed while travel times are straight-line
//! estimates and solid when they come from the road network, so the map says what the panel says.
//!
//! The layer keeps the drawing it was given ([`DispatchLayer::set`]); the window sets it when the
//! incident or its type changes, the dispatch sheet export sets it before rendering.

use crate::analysis::dispatch::DispatchPlan;
use crate::i18n::{Lang, T};
use crate::model::{Layer, LonLat};
use crate::render::display::{Align, Dash, DisplayList, Item, Str, Text};
use crate::render::labels::Obstacle;
use crate::render::legend::LegendKey;
use crate::render::style::{self, Rgba};
use crate::render::{LayerFrame, LayerId, MapLayer, MapView, Scene};

/// The incident mark's colour: a magenta no resource symbol uses.
pub const INCIDENT: Rgba = Rgba::rgb(0xC2, 0x18, 0x5B);
/// Straight-line estimates are drawn dashed.
pub const ESTIMATE_DASH: Dash = Dash { on: 7.0, off: 4.0 };

/// One unit's line to the incident.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnUnit {
    pub name: String,
    pub from: LonLat,
    pub layer: Layer,
    /// "~4.6 分钟", or "不可达" when no route reaches the incident.
    pub eta: String,
}

/// What the layer draws.
#[derive(Debug, Clone, PartialEq)]
pub struct DispatchDrawing {
    pub incident: LonLat,
    /// The incident type, written next to the mark.
    pub label: String,
    pub estimate: bool,
    /// Some vehicle kind, capability or material is short.
    pub shortfall: bool,
    pub units: Vec<DrawnUnit>,
}

/// Minutes as an operator reads them, with "~" for estimates.
pub fn eta_text(eta_s: Option<f64>, estimate: bool, lang: Lang) -> String {
    match eta_s {
        None => lang.t(T::Unreachable).to_string(),
        Some(s) => format!("{}{:.1} {}", if estimate { "~" } else { "" }, s / 60.0, lang.t(T::Minutes)),
    }
}

impl DispatchDrawing {
    /// The drawing of a dispatch answer: every unit sent (stations, teams, depots).
    pub fn from_plan(plan: &DispatchPlan, lang: Lang) -> Self {
        Self {
            incident: plan.at,
            label: plan.incident_type.clone(),
            estimate: plan.estimate,
            shortfall: plan.shortfall,
            units: plan
                .units()
                .map(|a| DrawnUnit {
                    name: a.unit.name.clone(),
                    from: a.unit.location,
                    layer: a.unit.layer,
                    eta: eta_text(a.unit.eta_s, a.unit.estimate, lang),
                })
                .collect(),
        }
    }

    /// The incident and every unit: what a printed dispatch map must show.
    pub fn extent(&self) -> crate::snapshot::BBox {
        let mut b = crate::snapshot::BBox {
            west: self.incident.lon,
            south: self.incident.lat,
            east: self.incident.lon,
            north: self.incident.lat,
        };
        for u in &self.units {
            b.west = b.west.min(u.from.lon);
            b.east = b.east.max(u.from.lon);
            b.south = b.south.min(u.from.lat);
            b.north = b.north.max(u.from.lat);
        }
        b
    }
}

/// The units and their arrival times as a boxed list with its top-left corner at `at`, for
/// printed dispatch maps (the window shows the same in its panel).
pub fn table(d: &DispatchDrawing, pal: &crate::render::style::Palette, at: [f32; 2], lang: Lang) -> DisplayList {
    const SIZE: f32 = 12.5;
    const ROW: f32 = 19.0;
    const PAD: f32 = 8.0;
    let names: Vec<String> = d.units.iter().enumerate().map(|(i, u)| format!("{}. {}", i + 1, u.name)).collect();
    let name_w = names.iter().map(|n| crate::render::text::measure(n, SIZE)[0]).fold(0.0, f32::max);
    let eta_w = d.units.iter().map(|u| crate::render::text::measure(&u.eta, SIZE)[0]).fold(0.0, f32::max);
    let title = format!("{} · {}", lang.t(T::LayerDispatch), d.label);
    let warn = d.shortfall.then(|| lang.t(T::ShortfallWarn));
    let width = (name_w + eta_w + 3.0 * PAD).max(crate::render::text::measure(&title, SIZE + 1.0)[0] + 2.0 * PAD);
    let rows = d.units.len() + 1 + usize::from(warn.is_some());
    let mut list = DisplayList::default();
    list.items.push(Item::Rect {
        min: at,
        max: [at[0] + width, at[1] + rows as f32 * ROW + 2.0 * PAD],
        fill: pal.panel,
        stroke: pal.panel_line,
        width: 1.0,
    });
    let row_y = |i: usize| at[1] + PAD + (i as f32 + 0.5) * ROW;
    let mut line = |x: f32, y: f32, align: Align, text: String, size: f32, colour: Rgba| {
        list.text(Text { at: [x, y], align, text: Str::Owned(text), size, colour, halo: None });
    };
    line(at[0] + PAD, row_y(0), Align::Left, title, SIZE + 1.0, INCIDENT);
    for (i, (u, name)) in d.units.iter().zip(names).enumerate() {
        line(at[0] + PAD, row_y(i + 1), Align::Left, name, SIZE, pal.text);
        line(at[0] + width - PAD, row_y(i + 1), Align::Right, u.eta.clone(), SIZE, line_colour(u.layer));
    }
    if let Some(w) = warn {
        line(at[0] + PAD, row_y(d.units.len() + 1), Align::Left, w.to_string(), SIZE, style::STATION_RED);
    }
    list
}

fn line_colour(layer: Layer) -> Rgba {
    match layer {
        Layer::Stations => style::STATION_RED,
        Layer::Teams => style::team_colour(crate::model::TeamKind::Professional),
        _ => style::DEPOT_GREEN,
    }
}

#[derive(Default)]
pub struct DispatchLayer {
    drawing: Option<DispatchDrawing>,
}

impl DispatchLayer {
    /// Replaces what is drawn (`None`: nothing). The caller invalidates the layer's cached frame.
    pub fn set(&mut self, drawing: Option<DispatchDrawing>) {
        self.drawing = drawing;
    }

    pub fn drawing(&self) -> Option<&DispatchDrawing> {
        self.drawing.as_ref()
    }
}

impl MapLayer for DispatchLayer {
    fn id(&self) -> LayerId {
        LayerId::Dispatch
    }

    fn as_any_mut(&mut self) -> Option<&mut dyn std::any::Any> {
        Some(self)
    }

    fn draw(&mut self, scene: &Scene, view: &MapView, out: &mut LayerFrame) {
        let Some(d) = &self.drawing else { return };
        let pal = scene.palette();
        let scale = scene.options.scale;
        let at = view.lonlat_to_screen(d.incident);
        let dash = d.estimate.then_some(ESTIMATE_DASH);
        for u in &d.units {
            let from = view.lonlat_to_screen(u.from);
            let colour = line_colour(u.layer);
            // A light casing under the line keeps it readable over symbols and outlines.
            out.list.line([from, at], 4.5 * scale, pal.halo, None);
            out.list.line([from, at], 2.2 * scale, colour, dash);
            // The arrival time sits on its line, a third of the way from the unit, where it
            // neither hides the unit's name nor piles up at the incident; names keep clear of it.
            let mid = [from[0] + (at[0] - from[0]) / 3.0, from[1] + (at[1] - from[1]) / 3.0];
            let size = 12.5 * scale;
            let [w, h] = crate::render::text::measure(&u.eta, size);
            out.obstacles.push(Obstacle {
                min: [mid[0] - w / 2.0 - 2.0, mid[1] - h / 2.0 - 2.0],
                max: [mid[0] + w / 2.0 + 2.0, mid[1] + h / 2.0 + 2.0],
                rank: u8::MAX,
            });
            out.list.text(Text {
                at: mid,
                align: Align::Center,
                text: Str::Owned(u.eta.clone()),
                size,
                colour,
                halo: Some(pal.halo),
            });
        }
        out.legend.add(LegendKey::DispatchLine { estimate: d.estimate });
        // The target mark: a ring around a dot, larger than any resource symbol.
        out.list.items.push(Item::Circle {
            centre: at,
            radius: 13.0 * scale,
            fill: Rgba::WHITE.with_alpha(0xA0),
            stroke: INCIDENT,
            width: 3.0 * scale,
            dash: None,
        });
        out.list.items.push(Item::Circle {
            centre: at,
            radius: 5.0 * scale,
            fill: INCIDENT,
            stroke: Rgba::WHITE,
            width: 1.5 * scale,
            dash: None,
        });
        let [w, h] = crate::render::text::measure(&d.label, 15.0 * scale);
        out.obstacles.push(Obstacle {
            min: [at[0] - w.max(30.0 * scale) / 2.0, at[1] - 17.0 * scale - h],
            max: [at[0] + w.max(30.0 * scale) / 2.0, at[1] + 15.0 * scale],
            rank: u8::MAX,
        });
        out.list.text(Text {
            at: [at[0], at[1] - 17.0 * scale],
            align: Align::Bottom,
            text: Str::Owned(d.label.clone()),
            size: 15.0 * scale,
            colour: INCIDENT,
            halo: Some(pal.halo),
        });
        out.legend.add(LegendKey::Incident);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eta_text_marks_estimates_and_unreachable() {
        assert_eq!(eta_text(Some(276.0), true, Lang::Zh), "~4.6 分钟");
        assert_eq!(eta_text(Some(276.0), false, Lang::En), "4.6 min");
        assert_eq!(eta_text(None, true, Lang::Zh), "不可达");
    }
}

//! Map tools beyond browsing: measuring distances and areas, placing a new feature, and the
//! overlay they draw (with the selection ring and a feature being dragged).

use crate::i18n::T;
use crate::model::{Layer, LonLat};
use crate::render::MapView;
use crate::render::display::{Align, DisplayList, Item, Str, Text};
use crate::render::scalebar::{area_label, distance_label};
use crate::render::style::{Palette, Rgba, Symbol};
use crate::spatial::measure;

/// What a click on the map does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tool {
    /// Click selects, drag pans (or moves the selected feature in edit mode).
    #[default]
    Browse,
    /// Clicks add vertices of a path; double-click ends it.
    MeasureDistance,
    /// Clicks add vertices of a polygon; double-click ends it.
    MeasureArea,
    /// The next click places a new feature of this layer.
    Add(Layer),
    /// The next click moves the selected feature there.
    Move,
    /// The next click is the start of drive-time isochrones (the road window).
    PickIsochrone,
    /// The next click is the map position of a floor plan's control point (the georeferencing window).
    PickControlPoint,
    /// The next click gives a point to a record form (hazard, drill scenario, pre-positioning).
    PickPoint(crate::ui::panels::record_ops::PointPurpose),
    /// Each click adds a candidate site to the siting window (Esc ends).
    PickSite,
}

/// The measuring tool's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measure {
    pub points: Vec<LonLat>,
    /// Ended by a double-click: the next click starts a new measurement.
    pub finished: bool,
}

impl Measure {
    pub fn click(&mut self, at: LonLat) {
        if self.finished {
            self.points.clear();
            self.finished = false;
        }
        self.points.push(at);
    }

    /// "3.25 km" or "1.20 km²（周长 4.8 km）".
    pub fn summary(&self, area: bool, lang: crate::i18n::Lang) -> Option<String> {
        if self.points.len() < 2 {
            return None;
        }
        Some(if area {
            let a = area_label(measure::polygon_area_m2(&self.points));
            let p = distance_label(measure::perimeter_m(&self.points));
            lang.t(T::MeasureArea).replace("{a}", &a).replace("{p}", &p)
        } else {
            let d = distance_label(measure::path_length_m(&self.points));
            lang.t(T::MeasureDistance).replace("{d}", &d)
        })
    }
}

/// Draws the measurement (path or polygon, vertices, running lengths) and, when given, the
/// point under the cursor as the next vertex.
pub fn measure_overlay(
    view: &MapView,
    m: &Measure,
    area: bool,
    cursor: Option<LonLat>,
    pal: &Palette,
    out: &mut DisplayList,
) {
    let mut pts: Vec<[f32; 2]> = m.points.iter().map(|p| view.lonlat_to_screen(*p)).collect();
    if !m.finished
        && let Some(c) = cursor
        && !pts.is_empty()
    {
        pts.push(view.lonlat_to_screen(c));
    }
    if pts.is_empty() {
        return;
    }
    if area && pts.len() >= 3 {
        let r = out.push_points(pts.iter().copied());
        out.rings.push(r.clone());
        let n = out.rings.len() as u32;
        let base = r.start;
        let tri0 = out.indices.len() as u32;
        for i in 1..(r.len() as u32 - 1) {
            out.indices.extend([base, base + i, base + i + 1]);
        }
        // A fan is right for convex outlines; measuring areas users click convex-ish rings.
        out.items.push(Item::Polygon {
            rings: n - 1..n,
            triangles: tri0..out.indices.len() as u32,
            fill: pal.measure.with_alpha(0x30),
        });
    }
    let mut line = pts.clone();
    if area
        && pts.len() >= 3
        && let Some(f) = pts.first()
    {
        line.push(*f);
    }
    out.line(line, 2.5, pal.measure, None);
    for p in &pts {
        out.items.push(Item::Circle {
            centre: *p,
            radius: 4.0,
            fill: Rgba::WHITE,
            stroke: pal.measure,
            width: 2.0,
            dash: None,
        });
    }
    if !area {
        // Running distance at each vertex after the first.
        let mut ll = m.points.clone();
        if !m.finished
            && let Some(c) = cursor
        {
            ll.push(c);
        }
        let mut total = 0.0;
        for (i, w) in ll.windows(2).enumerate() {
            total += w[0].distance_m(w[1]);
            if let Some(p) = pts.get(i + 1) {
                out.text(Text {
                    at: [p[0] + 8.0, p[1] - 10.0],
                    align: Align::Left,
                    text: Str::Owned(distance_label(total)),
                    size: 12.0,
                    colour: pal.text,
                    halo: Some(pal.halo),
                });
            }
        }
    }
}

/// A ring just outside the selected feature's symbol (`size` is the symbol's diameter).
pub fn selection_overlay(at: [f32; 2], size: f32, pal: &Palette, out: &mut DisplayList) {
    let radius = size / 2.0 + 2.5;
    for (stroke, width) in [(pal.halo, 3.5), (pal.selection, 2.0)] {
        out.items.push(Item::Circle { centre: at, radius, fill: Rgba::TRANSPARENT, stroke, width, dash: None });
    }
}

/// The symbol of a feature being moved, under the cursor.
pub fn ghost_overlay(at: [f32; 2], symbol: Symbol, out: &mut DisplayList) {
    let mut s = symbol;
    s.fill = s.fill.fade(0.7);
    out.items.push(Item::Symbol { at, symbol: s });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measurement_summary_in_both_languages() {
        let mut m = Measure::default();
        assert!(m.summary(false, crate::i18n::Lang::Zh).is_none());
        m.click(LonLat::new(114.35, 36.1));
        m.click(LonLat::new(114.36, 36.1));
        let zh = m.summary(false, crate::i18n::Lang::Zh).unwrap();
        assert!(zh.starts_with("距离 9"), "{zh}");
        m.click(LonLat::new(114.36, 36.11));
        let en = m.summary(true, crate::i18n::Lang::En).unwrap();
        assert!(en.starts_with("Area "), "{en}");
        m.finished = true;
        m.click(LonLat::new(0.0, 0.0));
        assert_eq!(m.points.len(), 1, "a click after finishing starts over");
    }
}

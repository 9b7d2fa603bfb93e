//! The software backend: paints display lists into a tiny-skia pixmap (PNG and PDF export,
//! `onemap render`). Text is drawn from the bundled font's outlines with a stroked halo.

use tiny_skia::{FillRule, LineCap, LineJoin, Paint, Path, PathBuilder, Pixmap, Rect, Stroke, StrokeDash, Transform};

use super::display::{Align, Dash, DisplayList, Item, Text};
use super::style::{Rgba, Shape, Symbol};
use super::text::{self, PathSink};

fn paint_of(c: Rgba, opacity: f32) -> Paint<'static> {
    let [r, g, b, a] = c.fade(opacity).0;
    let mut p = Paint::default();
    p.set_color_rgba8(r, g, b, a);
    p.anti_alias = true;
    p
}

fn stroke_of(width: f32, dash: Option<Dash>) -> Stroke {
    Stroke {
        width,
        line_cap: if dash.is_some() { LineCap::Butt } else { LineCap::Round },
        line_join: LineJoin::Round,
        dash: dash.and_then(|d| StrokeDash::new(vec![d.on, d.off], 0.0)),
        ..Stroke::default()
    }
}

fn polyline(pts: &[[f32; 2]], closed: bool) -> Option<Path> {
    let mut pb = PathBuilder::new();
    let (first, rest) = pts.split_first()?;
    pb.move_to(first[0], first[1]);
    for p in rest {
        pb.line_to(p[0], p[1]);
    }
    if closed {
        pb.close();
    }
    pb.finish()
}

/// The outline of a symbol as a path.
pub fn symbol_path(at: [f32; 2], shape: Shape, size: f32) -> Option<Path> {
    let r = size / 2.0;
    match shape.unit_outline() {
        None => PathBuilder::from_circle(at[0], at[1], r),
        Some(unit) => {
            let pts: Vec<[f32; 2]> = unit.iter().map(|u| [at[0] + u[0] * r, at[1] + u[1] * r]).collect();
            polyline(&pts, true)
        }
    }
}

/// Paints a symbol (also used for legend swatches).
pub fn paint_symbol(pm: &mut Pixmap, at: [f32; 2], s: &Symbol, opacity: f32, tf: Transform) {
    let Some(path) = symbol_path(at, s.shape, s.size) else { return };
    if !s.fill.is_transparent() {
        pm.fill_path(&path, &paint_of(s.fill, opacity), FillRule::Winding, tf, None);
    }
    if s.shape == Shape::Crate {
        // The crate's lid: a line across the upper third.
        let r = s.size / 2.0;
        if let Some(lid) =
            polyline(&[[at[0] - 0.82 * r, at[1] - 0.25 * r], [at[0] + 0.82 * r, at[1] - 0.25 * r]], false)
        {
            pm.stroke_path(&lid, &paint_of(s.stroke, opacity), &stroke_of(s.stroke_width, None), tf, None);
        }
    }
    if !s.stroke.is_transparent() && s.stroke_width > 0.0 {
        let dash = s.dashed.then_some(Dash { on: 3.0, off: 2.2 });
        pm.stroke_path(&path, &paint_of(s.stroke, opacity), &stroke_of(s.stroke_width, dash), tf, None);
    }
}

struct Sink(PathBuilder);

impl PathSink for Sink {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }
    fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

/// Top-left corner of a text's box for its reference point and alignment.
pub fn text_origin(t: &Text) -> [f32; 2] {
    let [w, h] = text::measure(t.text.as_str(), t.size);
    let [x, y] = t.at;
    match t.align {
        Align::Center => [x - w / 2.0, y - h / 2.0],
        Align::Left => [x, y - h / 2.0],
        Align::Right => [x - w, y - h / 2.0],
        Align::Top => [x - w / 2.0, y],
        Align::Bottom => [x - w / 2.0, y - h],
    }
}

/// Paints one line of text with its halo.
pub fn paint_text(pm: &mut Pixmap, t: &Text, opacity: f32, tf: Transform) {
    let [x0, y0] = text_origin(t);
    let h = t.size * text::LINE_HEIGHT;
    // Centre the glyphs' ascent+descent in the line box.
    let (asc, desc) = (text::ascent(t.size), text::descent(t.size));
    let baseline = y0 + (h - (asc + desc)) / 2.0 + asc;
    let mut sink = Sink(PathBuilder::new());
    text::outline(t.text.as_str(), t.size, x0, baseline, &mut sink);
    let Some(path) = sink.0.finish() else { return };
    if let Some(halo) = t.halo {
        let stroke = Stroke { width: (t.size * 0.24).max(2.0), line_join: LineJoin::Round, ..Stroke::default() };
        pm.stroke_path(&path, &paint_of(halo, opacity), &stroke, tf, None);
    }
    pm.fill_path(&path, &paint_of(t.colour, opacity), FillRule::Winding, tf, None);
}

/// `rim`: the outline and the centre disc colours.
fn pie(pm: &mut Pixmap, c: [f32; 2], r: f32, slices: &[(Rgba, u32); 4], rim: [Rgba; 2], opacity: f32, tf: Transform) {
    let total: u32 = slices.iter().map(|s| s.1).sum();
    let mut angle = -std::f32::consts::FRAC_PI_2;
    for (colour, n) in slices.iter().filter(|s| s.1 > 0) {
        let sweep = std::f32::consts::TAU * *n as f32 / total.max(1) as f32;
        let steps = ((sweep / 0.12).ceil() as usize).max(2);
        let mut pb = PathBuilder::new();
        pb.move_to(c[0], c[1]);
        for k in 0..=steps {
            let a = angle + sweep * k as f32 / steps as f32;
            pb.line_to(c[0] + r * a.cos(), c[1] + r * a.sin());
        }
        pb.close();
        if let Some(p) = pb.finish() {
            pm.fill_path(&p, &paint_of(*colour, opacity), FillRule::Winding, tf, None);
        }
        angle += sweep;
    }
    if let Some(p) = PathBuilder::from_circle(c[0], c[1], r * super::style::CLUSTER_HOLE) {
        pm.fill_path(&p, &paint_of(rim[1], opacity), FillRule::Winding, tf, None);
    }
    if let Some(p) = PathBuilder::from_circle(c[0], c[1], r) {
        pm.stroke_path(&p, &paint_of(rim[0], opacity), &stroke_of(1.2, None), tf, None);
    }
}

/// Paints a display list; `tf` maps logical pixels to device pixels.
pub fn paint(pm: &mut Pixmap, list: &DisplayList, opacity: f32, tf: Transform) {
    for item in &list.items {
        match item {
            Item::Polygon { rings, fill, .. } => {
                let mut pb = PathBuilder::new();
                for r in list.rings.get(rings.start as usize..rings.end as usize).unwrap_or(&[]) {
                    let pts = list.slice(r);
                    let Some((first, rest)) = pts.split_first() else { continue };
                    pb.move_to(first[0], first[1]);
                    for p in rest {
                        pb.line_to(p[0], p[1]);
                    }
                    pb.close();
                }
                if let Some(path) = pb.finish() {
                    pm.fill_path(&path, &paint_of(*fill, opacity), FillRule::EvenOdd, tf, None);
                }
            }
            Item::Line { points, closed, width, colour, dash } => {
                if let Some(path) = polyline(list.slice(points), *closed) {
                    pm.stroke_path(&path, &paint_of(*colour, opacity), &stroke_of(*width, *dash), tf, None);
                }
            }
            Item::Symbol { at, symbol } => paint_symbol(pm, *at, symbol, opacity, tf),
            Item::Circle { centre, radius, fill, stroke, width, dash } => {
                if let Some(path) = PathBuilder::from_circle(centre[0], centre[1], *radius) {
                    if !fill.is_transparent() {
                        pm.fill_path(&path, &paint_of(*fill, opacity), FillRule::Winding, tf, None);
                    }
                    if !stroke.is_transparent() && *width > 0.0 {
                        pm.stroke_path(&path, &paint_of(*stroke, opacity), &stroke_of(*width, *dash), tf, None);
                    }
                }
            }
            Item::Pie { centre, radius, slices, ring, hole } => {
                pie(pm, *centre, *radius, slices, [*ring, *hole], opacity, tf);
            }
            Item::Rect { min, max, fill, stroke, width } => {
                if let Some(rect) = Rect::from_ltrb(min[0], min[1], max[0], max[1]) {
                    if !fill.is_transparent() {
                        pm.fill_rect(rect, &paint_of(*fill, opacity), tf, None);
                    }
                    if !stroke.is_transparent() && *width > 0.0 {
                        let path = PathBuilder::from_rect(rect);
                        pm.stroke_path(&path, &paint_of(*stroke, opacity), &stroke_of(*width, None), tf, None);
                    }
                }
            }
            Item::Text(t) => paint_text(pm, t, opacity, tf),
        }
    }
}

//! The egui backend: paints display lists with egui's painter. The same lists go to tiny-skia
//! for exports (`render::raster`), so the window and the exported PNG show one map.

use egui::epaint::{Mesh, PathShape, PathStroke, Vertex, WHITE_UV};
use egui::{Color32, FontId, Painter, Pos2, Shape, Stroke, pos2};

use super::sprites::{GLYPH_PAD, SymbolAtlas};
use crate::render::display::{Align, Dash, DisplayList, Item, Text};
use crate::render::style::{Rgba, Shape as SymbolShape, Symbol};

pub fn colour(c: Rgba, opacity: f32) -> Color32 {
    let [r, g, b, a] = c.fade(opacity).0;
    Color32::from_rgba_unmultiplied(r, g, b, a)
}

fn p(s: [f32; 2]) -> Pos2 {
    pos2(s[0], s[1])
}

/// Points around a circle, for dashed circle outlines.
fn circle_points(c: [f32; 2], r: f32) -> Vec<Pos2> {
    let n = ((r * 0.8) as usize).clamp(16, 96);
    (0..=n)
        .map(|i| {
            let a = std::f32::consts::TAU * i as f32 / n as f32;
            pos2(c[0] + r * a.cos(), c[1] + r * a.sin())
        })
        .collect()
}

fn dashed(out: &mut Vec<Shape>, pts: &[Pos2], stroke: Stroke, dash: Dash) {
    Shape::dashed_line_many(pts, stroke, dash.on, dash.off, out);
}

/// Triangle fan from the centre: fills any star-shaped outline (all symbol shapes are).
fn fan(centre: Pos2, outline: &[Pos2], fill: Color32) -> Shape {
    let mut mesh = Mesh::default();
    mesh.vertices.push(Vertex { pos: centre, uv: WHITE_UV, color: fill });
    for q in outline {
        mesh.vertices.push(Vertex { pos: *q, uv: WHITE_UV, color: fill });
    }
    let n = outline.len() as u32;
    for i in 0..n {
        mesh.indices.extend([0, 1 + i, 1 + (i + 1) % n]);
    }
    Shape::mesh(mesh)
}

/// Paints one symbol.
pub fn symbol(out: &mut Vec<Shape>, at: [f32; 2], s: &Symbol, opacity: f32) {
    let c = p(at);
    let r = s.size / 2.0;
    let fill = colour(s.fill, opacity);
    let stroke = Stroke::new(s.stroke_width, colour(s.stroke, opacity));
    match s.shape.unit_outline() {
        None => {
            out.push(Shape::circle_filled(c, r, fill));
            if s.dashed {
                dashed(out, &circle_points(at, r), stroke, Dash { on: 3.0, off: 2.2 });
            } else {
                out.push(Shape::circle_stroke(c, r, stroke));
            }
        }
        Some(unit) => {
            let pts: Vec<Pos2> = unit.iter().map(|u| pos2(c.x + u[0] * r, c.y + u[1] * r)).collect();
            if s.shape == SymbolShape::Star {
                out.push(fan(c, &pts, fill));
            } else {
                out.push(Shape::convex_polygon(pts.clone(), fill, Stroke::NONE));
            }
            if s.shape == SymbolShape::Crate {
                out.push(Shape::line_segment(
                    [pos2(c.x - 0.82 * r, c.y - 0.25 * r), pos2(c.x + 0.82 * r, c.y - 0.25 * r)],
                    stroke,
                ));
            }
            if s.dashed {
                let mut closed = pts;
                if let Some(first) = closed.first().copied() {
                    closed.push(first);
                }
                dashed(out, &closed, stroke, Dash { on: 3.0, off: 2.2 });
            } else {
                out.push(Shape::Path(PathShape::closed_line(pts, PathStroke::from(stroke))));
            }
        }
    }
}

/// Lays out and paints one line of text with its halo.
pub fn text(painter: &Painter, out: &mut Vec<Shape>, t: &Text, opacity: f32) {
    let galley =
        painter.layout_no_wrap(t.text.as_str().to_owned(), FontId::proportional(t.size), colour(t.colour, opacity));
    let size = galley.size();
    let [x, y] = t.at;
    let min = match t.align {
        Align::Center => pos2(x - size.x / 2.0, y - size.y / 2.0),
        Align::Left => pos2(x, y - size.y / 2.0),
        Align::Right => pos2(x - size.x, y - size.y / 2.0),
        Align::Top => pos2(x - size.x / 2.0, y),
        Align::Bottom => pos2(x - size.x / 2.0, y - size.y),
    };
    if let Some(h) = t.halo {
        let hc = colour(h, opacity);
        let d = (t.size * 0.09).clamp(1.0, 2.0);
        // Four diagonal copies make a halo that reads as well as eight at label sizes.
        for (dx, dy) in [(-d, -d), (d, -d), (-d, d), (d, d)] {
            out.push(Shape::galley_with_override_text_color(min + egui::vec2(dx, dy), galley.clone(), hc));
        }
    }
    out.push(Shape::galley(min, galley, Color32::PLACEHOLDER));
}

/// The disc for a cluster's count, as a share of its radius (shared with the raster backend).
const HOLE: f32 = crate::render::style::CLUSTER_HOLE;

/// Width of the anti-aliasing fringe, in points.
const FEATHER: f32 = 0.8;

/// A ring of quads between two radii, colours fading from `inner` to `outer` colour.
fn band(mesh: &mut Mesh, c: Pos2, r0: f32, r1: f32, col0: Color32, col1: Color32, n: usize) {
    let base = mesh.vertices.len() as u32;
    for i in 0..=n {
        let a = std::f32::consts::TAU * i as f32 / n as f32;
        let (s, co) = a.sin_cos();
        mesh.vertices.push(Vertex { pos: pos2(c.x + r0 * co, c.y + r0 * s), uv: WHITE_UV, color: col0 });
        mesh.vertices.push(Vertex { pos: pos2(c.x + r1 * co, c.y + r1 * s), uv: WHITE_UV, color: col1 });
    }
    for i in 0..n as u32 {
        let k = base + 2 * i;
        mesh.indices.extend([k, k + 1, k + 2, k + 1, k + 3, k + 2]);
    }
}

/// A cluster's pie as anti-aliased triangles added to one mesh (all clusters of a layer share
/// it): slices, the outline ring, and the disc in the middle for the count.
fn pie_into(mesh: &mut Mesh, c: [f32; 2], r: f32, slices: &[(Rgba, u32); 4], rim: [Rgba; 2], opacity: f32) {
    let centre = p(c);
    let n = ((r * 1.2) as usize).clamp(16, 48);
    let total: u32 = slices.iter().map(|s| s.1).sum();
    let mut angle = -std::f32::consts::FRAC_PI_2;
    for (col, count) in slices.iter().filter(|s| s.1 > 0) {
        let sweep = std::f32::consts::TAU * *count as f32 / total.max(1) as f32;
        let steps = ((n as f32 * sweep / std::f32::consts::TAU).ceil() as usize).max(2);
        let fill = colour(*col, opacity);
        let base = mesh.vertices.len() as u32;
        mesh.vertices.push(Vertex { pos: centre, uv: WHITE_UV, color: fill });
        for k in 0..=steps {
            let a = angle + sweep * k as f32 / steps as f32;
            mesh.vertices.push(Vertex { pos: pos2(c[0] + r * a.cos(), c[1] + r * a.sin()), uv: WHITE_UV, color: fill });
        }
        for k in 0..steps as u32 {
            mesh.indices.extend([base, base + 1 + k, base + 2 + k]);
        }
        angle += sweep;
    }
    let ring = colour(rim[0], opacity);
    let hole = colour(rim[1], opacity);
    let w = 0.6;
    band(mesh, centre, r - w - FEATHER, r - w, Color32::TRANSPARENT, ring, n);
    band(mesh, centre, r - w, r + w, ring, ring, n);
    band(mesh, centre, r + w, r + w + FEATHER, ring, Color32::TRANSPARENT, n);
    let rh = r * HOLE;
    let base = mesh.vertices.len() as u32;
    mesh.vertices.push(Vertex { pos: centre, uv: WHITE_UV, color: hole });
    for k in 0..=n {
        let a = std::f32::consts::TAU * k as f32 / n as f32;
        mesh.vertices.push(Vertex { pos: pos2(c[0] + rh * a.cos(), c[1] + rh * a.sin()), uv: WHITE_UV, color: hole });
    }
    for k in 0..n as u32 {
        mesh.indices.extend([base, base + 1 + k, base + 2 + k]);
    }
    band(mesh, centre, rh, rh + FEATHER, hole, Color32::TRANSPARENT, n);
}

/// Draws a number (a cluster's count) from digit sprites into `mesh`; false (nothing drawn) for
/// any other text.
fn digits(ctx: &egui::Context, atlas: &mut SymbolAtlas, t: &Text, tint: Color32, mesh: &mut Option<Mesh>) -> bool {
    let s = t.text.as_str();
    if t.halo.is_some() || t.align != Align::Center || s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Some(glyphs) = s.chars().map(|c| atlas.glyph(ctx, c, t.size, t.colour)).collect::<Option<Vec<_>>>() else {
        return false;
    };
    let Some(tex) = atlas.texture_id() else { return false };
    let mesh = mesh.get_or_insert_with(|| Mesh::with_texture(tex));
    let width: f32 = glyphs.iter().map(|g| g.advance).sum();
    let h = t.size * crate::render::text::LINE_HEIGHT;
    let mut x = t.at[0] - width / 2.0;
    let top = t.at[1] - h / 2.0;
    for g in glyphs {
        let rect = egui::Rect::from_min_size(pos2(x - GLYPH_PAD, top - GLYPH_PAD), g.size);
        mesh.add_rect_with_uv(rect, g.uv, tint);
        x += g.advance;
    }
    true
}

/// Paints a display list, each colour's alpha multiplied by `opacity`. With an atlas, point
/// symbols are drawn as sprites, consecutive ones batched into one mesh.
pub fn paint(
    painter: &Painter,
    list: &DisplayList,
    opacity: f32,
    out: &mut Vec<Shape>,
    mut atlas: Option<&mut SymbolAtlas>,
) {
    let mut sprites: Option<Mesh> = None;
    let mut pies: Option<Mesh> = None;
    let tint = Color32::WHITE.gamma_multiply(opacity.clamp(0.0, 1.0));
    for item in &list.items {
        if let (Item::Symbol { at, symbol: s }, Some(atlas)) = (item, atlas.as_deref_mut())
            && let (Some(sprite), Some(tex)) = (atlas.sprite(painter.ctx(), s), atlas.texture_id())
        {
            let mesh = sprites.get_or_insert_with(|| Mesh::with_texture(tex));
            let rect = egui::Rect::from_center_size(p(*at), sprite.size);
            mesh.add_rect_with_uv(rect, sprite.uv, tint);
            continue;
        }
        if let (Item::Text(t), Some(atlas)) = (item, atlas.as_deref_mut())
            && digits(painter.ctx(), atlas, t, tint, &mut sprites)
        {
            // Cluster counts: digits from the atlas, batched with the symbols (after the pies
            // they sit on).
            if let Some(m) = pies.take() {
                out.push(Shape::mesh(m));
            }
            continue;
        }
        if let Some(mesh) = sprites.take() {
            out.push(Shape::mesh(mesh));
        }
        if let Item::Pie { centre, radius, slices, ring, hole } = item {
            pie_into(pies.get_or_insert_with(Mesh::default), *centre, *radius, slices, [*ring, *hole], opacity);
            continue;
        }
        if let Some(mesh) = pies.take() {
            out.push(Shape::mesh(mesh));
        }
        match item {
            Item::Polygon { rings, triangles, fill } => {
                let Some(first) = list.rings.get(rings.start as usize) else { continue };
                let last = list.rings.get(rings.end.saturating_sub(1) as usize).map_or(first.end, |r| r.end);
                let base = first.start;
                let fill = colour(*fill, opacity);
                let mut mesh = Mesh::default();
                mesh.vertices.extend(list.slice(&(base..last)).iter().map(|q| Vertex {
                    pos: p(*q),
                    uv: WHITE_UV,
                    color: fill,
                }));
                if let Some(idx) = list.indices.get(triangles.start as usize..triangles.end as usize) {
                    mesh.indices.extend(idx.iter().map(|i| i.saturating_sub(base)));
                }
                if !mesh.indices.is_empty() {
                    out.push(Shape::mesh(mesh));
                }
            }
            Item::Line { points, closed, width, colour: c, dash } => {
                let pts: Vec<Pos2> = list.slice(points).iter().map(|q| p(*q)).collect();
                let stroke = Stroke::new(*width, colour(*c, opacity));
                match dash {
                    Some(d) => {
                        let mut pts = pts;
                        if *closed && let Some(first) = pts.first().copied() {
                            pts.push(first);
                        }
                        dashed(out, &pts, stroke, *d);
                    }
                    None if *closed => out.push(Shape::closed_line(pts, stroke)),
                    None => out.push(Shape::line(pts, stroke)),
                }
            }
            Item::Symbol { at, symbol: s } => symbol(out, *at, s, opacity),
            Item::Circle { centre, radius, fill, stroke, width, dash } => {
                if !fill.is_transparent() {
                    out.push(Shape::circle_filled(p(*centre), *radius, colour(*fill, opacity)));
                }
                if !stroke.is_transparent() && *width > 0.0 {
                    let st = Stroke::new(*width, colour(*stroke, opacity));
                    match dash {
                        Some(d) => dashed(out, &circle_points(*centre, *radius), st, *d),
                        None => out.push(Shape::circle_stroke(p(*centre), *radius, st)),
                    }
                }
            }
            // Batched above.
            Item::Pie { .. } => {}
            Item::Rect { min, max, fill, stroke, width } => {
                let rect = egui::Rect::from_min_max(p(*min), p(*max));
                out.push(Shape::rect_filled(rect, 0.0, colour(*fill, opacity)));
                if !stroke.is_transparent() && *width > 0.0 {
                    out.push(Shape::rect_stroke(
                        rect,
                        0.0,
                        Stroke::new(*width, colour(*stroke, opacity)),
                        egui::StrokeKind::Inside,
                    ));
                }
            }
            Item::Text(t) => text(painter, out, t, opacity),
        }
    }
    out.extend(sprites.take().map(Shape::mesh));
    out.extend(pies.take().map(Shape::mesh));
    painter.extend(out.drain(..));
}

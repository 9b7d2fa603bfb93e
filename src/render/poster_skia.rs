//! Paints a [`PosterLayout`] with tiny-skia into a pixmap, and saves it as PNG or as a
//! one-page PDF holding that image (A3, at the pixmap's resolution).

use std::collections::HashMap;
use std::path::Path;

use thiserror::Error;
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, PixmapPaint, Rect, Stroke, Transform};

use super::poster::{Item, MarkerShape, PosterLayout, Rgba};
use super::poster_text;

#[derive(Debug, Error)]
pub enum PosterError {
    #[error(transparent)]
    Font(#[from] poster_text::NoFont),
    #[error("the poster size {0} × {1} pixels is not possible")]
    Size(u32, u32),
    #[error("floor plan {0}: {1}")]
    Plan(i64, String),
    #[error("cannot write {path}: {message}")]
    Write { path: String, message: String },
}

fn paint_of(c: Rgba) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(Color::from_rgba8(c[0], c[1], c[2], c[3]));
    p.anti_alias = true;
    p
}

fn path_of(rings: &[Vec<[f32; 2]>], close: bool) -> Option<tiny_skia::Path> {
    let mut b = PathBuilder::new();
    for r in rings {
        let mut it = r.iter();
        let first = it.next()?;
        b.move_to(first[0], first[1]);
        for p in it {
            b.line_to(p[0], p[1]);
        }
        if close {
            b.close();
        }
    }
    b.finish()
}

/// Draws the layout; `plans` holds the decoded plan images the layout refers to.
pub fn paint(
    layout: &PosterLayout,
    font: &impl ab_glyph::Font,
    plans: &HashMap<i64, image::RgbaImage>,
) -> Result<Pixmap, PosterError> {
    let mut pm = Pixmap::new(layout.width, layout.height).ok_or(PosterError::Size(layout.width, layout.height))?;
    pm.fill(Color::WHITE);
    for item in &layout.items {
        match item {
            Item::Polygon { rings, fill, stroke, width } => {
                if let Some(path) = path_of(rings, true) {
                    if fill[3] > 0 {
                        pm.fill_path(&path, &paint_of(*fill), FillRule::EvenOdd, Transform::identity(), None);
                    }
                    let st = Stroke { width: *width, line_join: tiny_skia::LineJoin::Round, ..Stroke::default() };
                    pm.stroke_path(&path, &paint_of(*stroke), &st, Transform::identity(), None);
                }
            }
            Item::Line { points, stroke, width } => {
                if let Some(path) = path_of(std::slice::from_ref(points), false) {
                    let st = Stroke { width: *width, ..Stroke::default() };
                    pm.stroke_path(&path, &paint_of(*stroke), &st, Transform::identity(), None);
                }
            }
            Item::Rect { rect, fill, stroke } => {
                if let Some(r) = Rect::from_xywh(rect[0], rect[1], rect[2], rect[3]) {
                    pm.fill_rect(r, &paint_of(*fill), Transform::identity(), None);
                    if let Some((c, w)) = stroke {
                        let path = PathBuilder::from_rect(r);
                        pm.stroke_path(
                            &path,
                            &paint_of(*c),
                            &Stroke { width: *w, ..Stroke::default() },
                            Transform::identity(),
                            None,
                        );
                    }
                }
            }
            Item::Text { text: t, at, size, colour, max_width, max_lines } => {
                let lines = match max_width {
                    Some(w) => poster_text::wrap(font, *size, t, *w, (*max_lines).max(1)),
                    None => vec![t.clone()],
                };
                for (i, line) in lines.iter().enumerate() {
                    poster_text::draw(&mut pm, font, *size, at[0], at[1] + i as f32 * size * 1.25, *colour, line);
                }
            }
            Item::Marker { at, shape, size, fill } => {
                let h = size / 2.0;
                let ring = match shape {
                    MarkerShape::Triangle => {
                        vec![[at[0], at[1] - h], [at[0] + h, at[1] + h * 0.8], [at[0] - h, at[1] + h * 0.8]]
                    }
                    MarkerShape::Square => vec![
                        [at[0] - h * 0.8, at[1] - h * 0.8],
                        [at[0] + h * 0.8, at[1] - h * 0.8],
                        [at[0] + h * 0.8, at[1] + h * 0.8],
                        [at[0] - h * 0.8, at[1] + h * 0.8],
                    ],
                };
                if let Some(path) = path_of(&[ring], true) {
                    pm.fill_path(&path, &paint_of(*fill), FillRule::Winding, Transform::identity(), None);
                    let st = Stroke { width: size / 10.0, ..Stroke::default() };
                    pm.stroke_path(&path, &paint_of([255, 255, 255, 255]), &st, Transform::identity(), None);
                }
            }
            Item::Image { plan_id, transform, clip, opacity } => {
                let Some(img) = plans.get(plan_id) else { continue };
                let mut src =
                    Pixmap::new(img.width(), img.height()).ok_or(PosterError::Size(img.width(), img.height()))?;
                for (dst, px) in src.pixels_mut().iter_mut().zip(img.pixels()) {
                    let c = tiny_skia::ColorU8::from_rgba(px[0], px[1], px[2], px[3]);
                    *dst = c.premultiply();
                }
                let mut mask = tiny_skia::Mask::new(layout.width, layout.height)
                    .ok_or(PosterError::Size(layout.width, layout.height))?;
                if let Some(r) = Rect::from_xywh(clip[0], clip[1], clip[2], clip[3]) {
                    mask.fill_path(&PathBuilder::from_rect(r), FillRule::Winding, false, Transform::identity());
                }
                let [a, b, c, d, e, f] = *transform;
                let paint = PixmapPaint {
                    opacity: *opacity,
                    quality: tiny_skia::FilterQuality::Bilinear,
                    ..PixmapPaint::default()
                };
                pm.draw_pixmap(0, 0, src.as_ref(), &paint, Transform::from_row(a, b, c, d, e, f), Some(&mask));
            }
        }
    }
    Ok(pm)
}

fn write_err(path: &Path, message: impl ToString) -> PosterError {
    PosterError::Write { path: path.display().to_string(), message: message.to_string() }
}

/// Saves as PNG.
pub fn save_png(pm: &Pixmap, path: &Path) -> Result<(), PosterError> {
    pm.save_png(path).map_err(|e| write_err(path, e))
}

/// Saves as a one-page PDF of `width_mm × height_mm` showing the pixmap (see [`super::pdf`]).
pub fn save_pdf(pm: &Pixmap, width_mm: f32, height_mm: f32, path: &Path) -> Result<(), PosterError> {
    let bytes = super::pdf::image_page(pm, super::pdf::page_mm(width_mm, height_mm));
    std::fs::write(path, bytes).map_err(|e| write_err(path, e))
}

//! Chinese text for posters: wrapping lines and drawing them into a tiny-skia pixmap with
//! ab_glyph coverage, in the bundled font ([`super::text::font`]) so a poster looks the same on
//! every machine. Sizes are ab_glyph pixel scales (the font's ascent-to-descent height), which
//! the poster layout is drawn in.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use thiserror::Error;

#[derive(Debug, Error)]
#[error("the bundled Chinese font could not be read (the program file is damaged; reinstall OneMap)")]
pub struct NoFont;

/// The bundled font.
pub fn font() -> Result<&'static FontRef<'static>, NoFont> {
    super::text::font().ok_or(NoFont)
}

/// Breaks text into lines no wider than `width` (at any character: Chinese has no spaces), at
/// most `max_lines`, the last ending in "…" when text was cut.
pub fn wrap(font: &impl Font, size: f32, text: &str, width: f32, max_lines: usize) -> Vec<String> {
    let f = font.as_scaled(PxScale::from(size));
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut w = 0.0;
    for c in text.chars().filter(|c| *c != '\r') {
        let adv = f.h_advance(f.glyph_id(c));
        if c == '\n' || (w + adv > width && !line.is_empty()) {
            lines.push(std::mem::take(&mut line));
            w = 0.0;
            if c == '\n' {
                continue;
            }
        }
        line.push(c);
        w += adv;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.pop();
            last.push('…');
        }
    }
    lines
}

/// Draws one line with its baseline at `y`, starting at `x`, in a straight-alpha colour.
pub fn draw(pixmap: &mut tiny_skia::Pixmap, font: &impl Font, size: f32, x: f32, y: f32, rgba: [u8; 4], text: &str) {
    let f = font.as_scaled(PxScale::from(size));
    let (w, h) = (pixmap.width() as i32, pixmap.height() as i32);
    let mut caret = x;
    let data = pixmap.pixels_mut();
    for c in text.chars() {
        let id = f.glyph_id(c);
        let glyph = id.with_scale_and_position(PxScale::from(size), ab_glyph::point(caret, y));
        caret += f.h_advance(id);
        let Some(outline) = font.outline_glyph(glyph) else { continue };
        let b = outline.px_bounds();
        outline.draw(|gx, gy, cov| {
            let (px, py) = (b.min.x as i32 + gx as i32, b.min.y as i32 + gy as i32);
            if px < 0 || py < 0 || px >= w || py >= h {
                return;
            }
            let a = cov.clamp(0.0, 1.0) * f32::from(rgba[3]) / 255.0;
            let i = (py * w + px) as usize;
            let d = data[i];
            // Source-over on premultiplied pixels.
            let blend = |s: u8, dv: u8| (f32::from(s) * a + f32::from(dv) * (1.0 - a)).round() as u8;
            let out_a = (a * 255.0 + f32::from(d.alpha()) * (1.0 - a)).round() as u8;
            let (r, g, bl) = (blend(rgba[0], d.red()), blend(rgba[1], d.green()), blend(rgba[2], d.blue()));
            if let Some(p) =
                tiny_skia::PremultipliedColorU8::from_rgba(r.min(out_a), g.min(out_a), bl.min(out_a), out_a)
            {
                data[i] = p;
            }
        });
    }
}

//! Chinese text for headless images: finding a CJK font, measuring and wrapping lines, and
//! drawing them into a tiny-skia pixmap with ab_glyph coverage.
//!
//! The font is `$ONEMAP_FONT` when set, else the bundled subset of Noto Sans SC
//! ([`super::text::FONT_BYTES`]) so posters look the same on every machine, else the usual
//! system places (Windows 微软雅黑/黑体, macOS PingFang, Linux WenQuanYi/Noto/Droid).

use ab_glyph::{Font, FontVec, PxScale, ScaleFont};
use thiserror::Error;

#[derive(Debug, Error)]
#[error(
    "no Chinese font found (tried $ONEMAP_FONT and {tried}); install one (e.g. fonts-wqy-microhei) or set ONEMAP_FONT to a .ttf/.otf/.ttc file"
)]
pub struct NoFont {
    pub tried: String,
}

/// System fonts with Chinese glyphs, with the face index to use in collections.
const CANDIDATES: &[(&str, u32)] = &[
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
    ("C:\\Windows\\Fonts\\simhei.ttf", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    // Face 2 of Noto Sans CJK is Simplified Chinese (face 0 is Japanese).
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
];

/// A font that draws Chinese.
pub fn cjk_font() -> Result<FontVec, NoFont> {
    let from_env = std::env::var_os("ONEMAP_FONT").map(|p| (std::path::PathBuf::from(p), 0u32));
    if from_env.is_none()
        && let Ok(font) = FontVec::try_from_vec(super::text::FONT_BYTES.to_vec())
    {
        return Ok(font);
    }
    let candidates = from_env.into_iter().chain(CANDIDATES.iter().map(|(p, i)| (std::path::PathBuf::from(p), *i)));
    for (path, index) in candidates {
        if let Ok(bytes) = std::fs::read(&path)
            && let Ok(font) = FontVec::try_from_vec_and_index(bytes, index)
            && font.glyph_id('安').0 != 0
        {
            return Ok(font);
        }
    }
    Err(NoFont { tried: CANDIDATES.iter().map(|(p, _)| *p).collect::<Vec<_>>().join(", ") })
}

/// Width of a line of text at a pixel size.
pub fn measure(font: &FontVec, size: f32, text: &str) -> f32 {
    let f = font.as_scaled(PxScale::from(size));
    text.chars().map(|c| f.h_advance(f.glyph_id(c))).sum()
}

/// Breaks text into lines no wider than `width` (at any character: Chinese has no spaces), at
/// most `max_lines`, the last ending in "…" when text was cut.
pub fn wrap(font: &FontVec, size: f32, text: &str, width: f32, max_lines: usize) -> Vec<String> {
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
pub fn draw(pixmap: &mut tiny_skia::Pixmap, font: &FontVec, size: f32, x: f32, y: f32, rgba: [u8; 4], text: &str) {
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

//! The bundled CJK font (Noto Sans SC subset, `assets/fonts/`) and text measurement.
//!
//! The window, the tests and the headless renderer all use this one font, so labels measure the
//! same everywhere and Chinese never depends on the fonts a machine happens to have. Sizes are em
//! sizes, as in egui (`FontId::proportional(14.0)` is a 14-px em).

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, OutlineCurve};

/// The font file, compiled in (2.9 MB; see `assets/fonts/README.md`).
pub static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-OneMap.otf");

/// Line height as a multiple of the em size, for boxes around text.
pub const LINE_HEIGHT: f32 = 1.25;

/// The bundled font, parsed once; `None` only if the embedded file were damaged (a unit test
/// makes sure it is not).
pub fn font() -> Option<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).ok()).as_ref()
}

/// Units per em of the bundled font (1000 for Noto CJK).
fn units_per_em() -> f32 {
    font().and_then(|f| f.units_per_em()).unwrap_or(1000.0)
}

/// Width of `text` at em size `size`, in pixels. Falls back to a CJK-ish estimate should the
/// font ever fail to parse (a unit test makes sure it does not).
pub fn width(text: &str, size: f32) -> f32 {
    let Some(f) = font() else {
        return text.chars().map(|c| if c.is_ascii() { 0.55 } else { 1.0 }).sum::<f32>() * size;
    };
    let scale = size / units_per_em();
    let mut w = 0.0;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = f.glyph_id(c);
        if let Some(p) = prev {
            w += f.kern_unscaled(p, id) * scale;
        }
        w += f.h_advance_unscaled(id) * scale;
        prev = Some(id);
    }
    w
}

/// The box a single line of text occupies: [width, height].
pub fn measure(text: &str, size: f32) -> [f32; 2] {
    [width(text, size), size * LINE_HEIGHT]
}

/// True when the font has a glyph for every character (spaces and controls aside).
pub fn covers(text: &str) -> bool {
    let Some(f) = font() else { return false };
    text.chars().filter(|c| !c.is_whitespace() && !c.is_control()).all(|c| f.glyph_id(c).0 != 0)
}

/// The characters of `text` the font lacks.
pub fn missing(text: &str) -> Vec<char> {
    let Some(f) = font() else { return text.chars().collect() };
    text.chars().filter(|c| !c.is_whitespace() && !c.is_control() && f.glyph_id(*c).0 == 0).collect()
}

/// Receives a glyph outline as path commands, in pixels, y down.
pub trait PathSink {
    fn move_to(&mut self, x: f32, y: f32);
    fn line_to(&mut self, x: f32, y: f32);
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32);
    fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32);
    fn close(&mut self);
}

/// Emits the outlines of `text` with its baseline starting at `(x, baseline_y)`; returns the
/// pen position after the last glyph.
pub fn outline(text: &str, size: f32, x: f32, baseline_y: f32, sink: &mut dyn PathSink) -> f32 {
    let Some(f) = font() else { return x };
    let scale = size / units_per_em();
    let mut pen = x;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = f.glyph_id(c);
        if let Some(p) = prev {
            pen += f.kern_unscaled(p, id) * scale;
        }
        if let Some(o) = f.outline(id) {
            let map = |p: ab_glyph::Point| (pen + p.x * scale, baseline_y - p.y * scale);
            let mut last: Option<(f32, f32)> = None;
            for curve in &o.curves {
                let start = match curve {
                    OutlineCurve::Line(a, _) | OutlineCurve::Quad(a, _, _) | OutlineCurve::Cubic(a, _, _, _) => map(*a),
                };
                // Outlines arrive as curves; a new contour starts wherever a curve does not
                // continue from the previous one.
                let continues = last.is_some_and(|l| (l.0 - start.0).abs() < 1e-3 && (l.1 - start.1).abs() < 1e-3);
                if !continues {
                    if last.is_some() {
                        sink.close();
                    }
                    sink.move_to(start.0, start.1);
                }
                let end = match curve {
                    OutlineCurve::Line(_, b) => {
                        let b = map(*b);
                        sink.line_to(b.0, b.1);
                        b
                    }
                    OutlineCurve::Quad(_, c1, b) => {
                        let (c1, b) = (map(*c1), map(*b));
                        sink.quad_to(c1.0, c1.1, b.0, b.1);
                        b
                    }
                    OutlineCurve::Cubic(_, c1, c2, b) => {
                        let (c1, c2, b) = (map(*c1), map(*c2), map(*b));
                        sink.cubic_to(c1.0, c1.1, c2.0, c2.1, b.0, b.1);
                        b
                    }
                };
                last = Some(end);
            }
            if last.is_some() {
                sink.close();
            }
        }
        pen += f.h_advance_unscaled(id) * scale;
        prev = Some(id);
    }
    pen
}

/// Ascent of the font at em size `size` (baseline below the top of the line box).
pub fn ascent(size: f32) -> f32 {
    font().map_or(0.88 * size, |f| f.ascent_unscaled() / units_per_em() * size)
}

/// Descent of the font at em size `size`, as a positive number.
pub fn descent(size: f32) -> f32 {
    font().map_or(0.12 * size, |f| -f.descent_unscaled() / units_per_em() * size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_parses_and_has_the_demo_names() {
        assert!(font().is_some());
        for name in ["安阳市", "汪家店消防站", "殷都区", "龙安区置度", "滑县", "内黄县", "林州市", "汤阴县", "北关区"]
        {
            assert!(covers(name), "{name}: missing {:?}", missing(name));
        }
    }

    #[test]
    fn every_demo_file_character_is_covered() {
        for (name, text) in [
            ("areas", include_str!("../../data/anyang/areas.geojson")),
            ("townships", include_str!("../../data/anyang/townships.geojson")),
            ("stations", include_str!("../../data/anyang/stations.geojson")),
            ("teams", include_str!("../../data/anyang/teams.geojson")),
            ("depots", include_str!("../../data/anyang/depots.geojson")),
            ("enterprises", include_str!("../../data/anyang/enterprises.geojson")),
        ] {
            let missing = missing(text);
            assert!(missing.is_empty(), "{name}: {missing:?}");
        }
    }

    /// Every character inside a string literal in OneMap's sources (UI text, symbols on buttons)
    /// must have a glyph: a missing one shows as a box in the window and panics kittest.
    #[test]
    fn every_string_literal_in_the_sources_renders() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
        let mut problems = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let (mut in_str, mut escaped, mut in_comment) = (false, false, false);
            let mut prev = ' ';
            for c in text.chars() {
                if in_comment {
                    in_comment = c != '\n';
                } else if in_str {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        in_str = false;
                    } else if !c.is_ascii() && !covers(&c.to_string()) {
                        problems.push(format!("{}: {c:?} U+{:04X}", f.display(), c as u32));
                    }
                } else if c == '/' && prev == '/' {
                    in_comment = true;
                } else if c == '"' && prev != '\'' {
                    in_str = true;
                }
                prev = c;
            }
        }
        assert!(problems.is_empty(), "characters without glyphs: {problems:#?}");
        // The font really lacks some symbols, so this check can fail (▾ once did).
        assert!(!covers("\u{25BE}"));
    }

    #[test]
    fn cjk_is_about_one_em_wide_and_latin_narrower() {
        let w = width("安阳市", 10.0);
        assert!((w - 30.0).abs() < 1.0, "{w}");
        assert!(width("abc", 10.0) < 20.0);
    }
}

//! Point symbols as sprites: each distinct symbol is drawn once by the software renderer (the
//! same code that draws exported maps) into a texture atlas, and the map paints thousands of
//! symbols as textured quads in one mesh instead of tessellating each outline every frame.

use std::collections::HashMap;

use egui::{Color32, ColorImage, Context, Rect, TextureHandle, TextureId, TextureOptions, Vec2, pos2, vec2};

use crate::render::raster;
use crate::render::style::{Rgba, Shape, Symbol};

/// Side of the atlas texture in pixels: room for several hundred symbols.
const ATLAS_PX: usize = 1024;
/// Room around a glyph sprite for its anti-aliased edge (points).
pub const GLYPH_PAD: f32 = 1.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Symbol(SymbolKey),
    /// One character of text (cluster counts are digits drawn this way).
    Glyph {
        ch: char,
        size: u32,
        colour: Rgba,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct SymbolKey {
    shape: Shape,
    size: u32,
    fill: Rgba,
    stroke: Rgba,
    stroke_width: u32,
    dashed: bool,
}

impl SymbolKey {
    fn of(s: &Symbol) -> Self {
        Self {
            shape: s.shape,
            size: s.size.to_bits(),
            fill: s.fill,
            stroke: s.stroke,
            stroke_width: s.stroke_width.to_bits(),
            dashed: s.dashed,
        }
    }
}

/// Where a symbol is in the atlas, and how big it is on screen (points).
#[derive(Debug, Clone, Copy)]
pub struct Sprite {
    pub uv: Rect,
    pub size: Vec2,
    /// For glyphs: how far the pen moves after it (points).
    pub advance: f32,
}

#[derive(Default)]
pub struct SymbolAtlas {
    texture: Option<TextureHandle>,
    cells: HashMap<Key, Option<Sprite>>,
    cursor: [usize; 2],
    row_height: usize,
    pixels_per_point: f32,
}

impl SymbolAtlas {
    pub fn texture_id(&self) -> Option<TextureId> {
        self.texture.as_ref().map(TextureHandle::id)
    }

    /// The sprite of a symbol, drawn into the atlas on first use; `None` when the atlas is full.
    pub fn sprite(&mut self, ctx: &Context, s: &Symbol) -> Option<Sprite> {
        let ppp = ctx.pixels_per_point();
        self.rescale(ppp);
        let key = Key::Symbol(SymbolKey::of(s));
        if let Some(c) = self.cells.get(&key) {
            return *c;
        }
        let pad = s.stroke_width + 2.0;
        let side = s.size * 1.15 + 2.0 * pad;
        let sprite = self.draw(ctx, [side, side], ppp, |pm, tf| {
            raster::paint_symbol(pm, [side / 2.0, side / 2.0], s, 1.0, tf);
        });
        self.cells.insert(key, sprite);
        sprite
    }

    /// A character of text at em size `size`: the sprite covers its advance and line height,
    /// with `GLYPH_PAD` points around.
    pub fn glyph(&mut self, ctx: &Context, ch: char, size: f32, colour: Rgba) -> Option<Sprite> {
        let ppp = ctx.pixels_per_point();
        self.rescale(ppp);
        let key = Key::Glyph { ch, size: size.to_bits(), colour };
        if let Some(c) = self.cells.get(&key) {
            return *c;
        }
        let text = ch.to_string();
        let [w, h] = crate::render::text::measure(&text, size);
        let sprite = self
            .draw(ctx, [w + 2.0 * GLYPH_PAD, h + 2.0 * GLYPH_PAD], ppp, |pm, tf| {
                let t = crate::render::display::Text {
                    at: [GLYPH_PAD, GLYPH_PAD + h / 2.0],
                    align: crate::render::display::Align::Left,
                    text: crate::render::display::Str::Owned(text.clone()),
                    size,
                    colour,
                    halo: None,
                };
                raster::paint_text(pm, &t, 1.0, tf);
            })
            .map(|sp| Sprite { advance: w, ..sp });
        self.cells.insert(key, sprite);
        sprite
    }

    fn rescale(&mut self, ppp: f32) {
        if ppp != self.pixels_per_point {
            // A new screen scale: redraw everything sharp for it.
            self.cells.clear();
            self.cursor = [0, 0];
            self.row_height = 0;
            self.pixels_per_point = ppp;
        }
    }

    /// Draws `size_pt` points of picture into the next free cell.
    fn draw(
        &mut self,
        ctx: &Context,
        size_pt: [f32; 2],
        ppp: f32,
        paint: impl FnOnce(&mut tiny_skia::Pixmap, tiny_skia::Transform),
    ) -> Option<Sprite> {
        let (w, h) = ((size_pt[0] * ppp).ceil() as usize, (size_pt[1] * ppp).ceil() as usize);
        if w == 0 || h == 0 || w > ATLAS_PX || h > ATLAS_PX {
            return None;
        }
        if self.cursor[0] + w > ATLAS_PX {
            self.cursor = [0, self.cursor[1] + self.row_height + 1];
            self.row_height = 0;
        }
        if self.cursor[1] + h > ATLAS_PX {
            return None;
        }
        let mut pm = tiny_skia::Pixmap::new(w as u32, h as u32)?;
        paint(&mut pm, tiny_skia::Transform::from_scale(ppp, ppp));
        let image = ColorImage::from_rgba_premultiplied([w, h], pm.data());
        let pos = self.cursor;
        let texture = self.texture.get_or_insert_with(|| {
            ctx.load_texture(
                "onemap-symbols",
                ColorImage::filled([ATLAS_PX, ATLAS_PX], Color32::TRANSPARENT),
                TextureOptions::LINEAR,
            )
        });
        texture.set_partial(pos, image, TextureOptions::LINEAR);
        self.cursor[0] += w + 1;
        self.row_height = self.row_height.max(h);
        let a = ATLAS_PX as f32;
        let uv = Rect::from_min_max(
            pos2(pos[0] as f32 / a, pos[1] as f32 / a),
            pos2((pos[0] + w) as f32 / a, (pos[1] + h) as f32 / a),
        );
        Some(Sprite { uv, size: vec2(w as f32, h as f32) / ppp, advance: 0.0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RiskLevel, StationClass, StationStatus};
    use crate::render::style::{self, Theme};

    #[test]
    fn each_symbol_is_drawn_once_and_has_ink() {
        let ctx = Context::default();
        let mut atlas = SymbolAtlas::default();
        let a = style::station_symbol(StationClass::Special, StationStatus::Existing, Theme::Light);
        let b = style::enterprise_symbol(RiskLevel::Red, Theme::Light);
        let sa = atlas.sprite(&ctx, &a).unwrap();
        let sb = atlas.sprite(&ctx, &b).unwrap();
        assert_ne!(sa.uv, sb.uv);
        assert_eq!(atlas.sprite(&ctx, &a).unwrap().uv, sa.uv, "cached, not drawn again");
        assert!(sa.size.x > a.size && sa.size.x < a.size * 2.0, "{:?}", sa.size);
        let digit = atlas.glyph(&ctx, '7', 11.0, style::Rgba::rgb(0, 0, 0)).unwrap();
        assert!((digit.advance - crate::render::text::width("7", 11.0)).abs() < 1e-3);
        assert!(atlas.texture_id().is_some());
    }

    #[test]
    fn a_full_atlas_says_so_instead_of_overwriting() {
        let ctx = Context::default();
        let mut atlas = SymbolAtlas::default();
        let mut last = None;
        for i in 0..2000 {
            let mut s = style::enterprise_symbol(RiskLevel::Blue, Theme::Light);
            s.size = 40.0 + (i % 7) as f32;
            s.fill = style::Rgba::rgb((i % 256) as u8, (i / 256) as u8, 7);
            last = atlas.sprite(&ctx, &s);
            if last.is_none() {
                break;
            }
        }
        assert!(last.is_none(), "2000 large symbols cannot fit 1024²");
    }
}

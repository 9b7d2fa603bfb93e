//! Point symbols as sprites: each distinct symbol is drawn once by the software renderer (the
//! same code that draws exported maps) into a texture atlas, and the map paints thousands of
//! symbols as textured quads in one mesh instead of tessellating each outline every frame.

use std::collections::HashMap;

use egui::{Color32, ColorImage, Context, Rect, TextureHandle, TextureId, TextureOptions, Vec2, pos2, vec2};

use crate::render::raster;
use crate::render::style::{Rgba, Shape, Symbol};

/// Side of the atlas texture in pixels: room for several hundred symbols.
const ATLAS_PX: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    shape: Shape,
    size: u32,
    fill: Rgba,
    stroke: Rgba,
    stroke_width: u32,
    dashed: bool,
}

impl Key {
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
        if ppp != self.pixels_per_point {
            // A new screen scale: redraw everything sharp for it.
            self.cells.clear();
            self.cursor = [0, 0];
            self.row_height = 0;
            self.pixels_per_point = ppp;
        }
        let key = Key::of(s);
        if let Some(c) = self.cells.get(&key) {
            return *c;
        }
        let sprite = self.draw(ctx, s, ppp);
        self.cells.insert(key, sprite);
        sprite
    }

    fn draw(&mut self, ctx: &Context, s: &Symbol, ppp: f32) -> Option<Sprite> {
        let pad = s.stroke_width + 2.0;
        let side_pt = s.size * 1.15 + 2.0 * pad;
        let side = (side_pt * ppp).ceil() as usize;
        if side == 0 || side > ATLAS_PX {
            return None;
        }
        if self.cursor[0] + side > ATLAS_PX {
            self.cursor = [0, self.cursor[1] + self.row_height + 1];
            self.row_height = 0;
        }
        if self.cursor[1] + side > ATLAS_PX {
            return None;
        }
        let mut pm = tiny_skia::Pixmap::new(side as u32, side as u32)?;
        let c = side as f32 / ppp / 2.0;
        raster::paint_symbol(&mut pm, [c, c], s, 1.0, tiny_skia::Transform::from_scale(ppp, ppp));
        let image = ColorImage::from_rgba_premultiplied([side, side], pm.data());
        let pos = self.cursor;
        let texture = self.texture.get_or_insert_with(|| {
            ctx.load_texture(
                "onemap-symbols",
                ColorImage::filled([ATLAS_PX, ATLAS_PX], Color32::TRANSPARENT),
                TextureOptions::LINEAR,
            )
        });
        texture.set_partial(pos, image, TextureOptions::LINEAR);
        self.cursor[0] += side + 1;
        self.row_height = self.row_height.max(side);
        let a = ATLAS_PX as f32;
        let uv = Rect::from_min_max(
            pos2(pos[0] as f32 / a, pos[1] as f32 / a),
            pos2((pos[0] + side) as f32 / a, (pos[1] + side) as f32 / a),
        );
        Some(Sprite { uv, size: vec2(side as f32, side as f32) / ppp })
    }
}

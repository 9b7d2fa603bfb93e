//! Georeferenced floor plans (建筑平面图) at street zoom, drawn under the risk zones so the
//! four-color map reads on the building's own plan. Each plan's image is decoded once, on the
//! first frame it is in view, and drawn as a textured mesh that follows its georeference.

use std::collections::HashMap;

use egui::{Color32, ColorImage, Mesh, TextureHandle, TextureOptions, epaint::Vertex, pos2};
use walkers::{MapMemory, Plugin, Projector};

use super::plugin::view_of;
use crate::model::floor_plan::FloorPlan;
use crate::render::layers::risk_zones;
use crate::render::{Datum, MapView};
use crate::ui::document::Document;

/// Quads per side of a plan's mesh (enough to follow lon/lat against Web Mercator on a site).
const MESH_CELLS: u32 = 4;

#[derive(Default)]
pub struct FloorPlanTextures {
    /// Per plan id: its texture, or `None` when its image could not be decoded (not retried).
    textures: HashMap<i64, Option<TextureHandle>>,
    /// Plans drawn in the last frame.
    pub drawn: usize,
}

impl FloorPlanTextures {
    /// Decodes the images of the plans in view that are not loaded yet.
    pub fn load_in_view(&mut self, doc: &Document, view: &MapView, ctx: &egui::Context) {
        if view.zoom < risk_zones::MIN_ZOOM {
            return;
        }
        for plan in doc.index.records.risk.plans_in(view.lonlat_bounds()) {
            if self.textures.contains_key(&plan.id) {
                continue;
            }
            let texture =
                doc.project.floor_plan_image(plan.id).ok().and_then(|bytes| image::load_from_memory(&bytes).ok()).map(
                    |img| {
                        let rgba = img.to_rgba8();
                        let size = [rgba.width() as usize, rgba.height() as usize];
                        let colour = ColorImage::from_rgba_unmultiplied(size, rgba.as_raw());
                        ctx.load_texture(format!("floor-plan-{}", plan.id), colour, TextureOptions::LINEAR)
                    },
                );
            self.textures.insert(plan.id, texture);
        }
    }

    /// Forgets every texture (another project, or plans changed).
    pub fn clear(&mut self) {
        self.textures.clear();
    }
}

/// The plans as a walkers plugin, painted just before the risk zones.
pub struct FloorPlanPlugin<'a> {
    pub plans: Vec<FloorPlan>,
    pub textures: &'a std::cell::RefCell<FloorPlanTextures>,
    pub datum: Datum,
    pub opacity: f32,
}

impl Plugin for FloorPlanPlugin<'_> {
    fn run(self: Box<Self>, ui: &mut egui::Ui, response: &egui::Response, projector: &Projector, _: &MapMemory) {
        let view = view_of(projector, self.datum);
        let mut tex = self.textures.borrow_mut();
        tex.drawn = 0;
        if view.zoom < risk_zones::MIN_ZOOM {
            return;
        }
        let painter = ui.painter().with_clip_rect(response.rect);
        let tint = Color32::from_white_alpha((self.opacity.clamp(0.0, 1.0) * 255.0) as u8);
        for plan in &self.plans {
            let (Some(g), Some(Some(t))) = (&plan.georef, tex.textures.get(&plan.id)) else { continue };
            let (vertices, indices) = g.overlay_mesh(plan.width, plan.height, MESH_CELLS);
            let mut mesh = Mesh::with_texture(t.id());
            mesh.vertices = vertices
                .iter()
                .map(|(at, uv)| {
                    let p = view.lonlat_to_screen(*at);
                    Vertex { pos: pos2(p[0], p[1]), uv: pos2(uv[0], uv[1]), color: tint }
                })
                .collect();
            mesh.indices = indices;
            painter.add(mesh);
            tex.drawn += 1;
        }
    }
}

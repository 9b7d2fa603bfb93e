//! The heat map inside the egui window: an `egui_wgpu` paint callback over a map rect. The
//! window does two things:
//!
//! 1. once, when it has its wgpu render state: [`install`] (the renderer lives in egui's
//!    callback resources);
//! 2. each frame the layer is on: `ui.painter().add(HeatCallback { .. }.into_shape(rect))`, with
//!    the rect's top-left corner and bottom-right corner in lon/lat from the walkers projector
//!    and a [`GpuPointSet`] kept between frames (rebuilt only when enterprises or weights change).

use std::sync::Arc;

use eframe::egui_wgpu::{self, wgpu};
use eframe::epaint::{self, Rect, ViewportInPixels};

use super::heat_gpu::{GpuPointSet, HeatRenderer};
use crate::analysis::risk::heat::{HeatParams, Viewport, lonlat_to_mercator};
use crate::model::LonLat;

/// Puts a heat renderer for the window's target format into egui's callback resources.
pub fn install(render_state: &egui_wgpu::RenderState, msaa_samples: u32) {
    let renderer = HeatRenderer::new(&render_state.device, render_state.target_format, msaa_samples);
    render_state.renderer.write().callback_resources.insert(renderer);
}

/// One frame of the heat layer over a map rect.
pub struct HeatCallback {
    pub points: Arc<GpuPointSet>,
    pub params: HeatParams,
    /// Ground positions of the rect's top-left and bottom-right corners.
    pub top_left: LonLat,
    pub bottom_right: LonLat,
    /// The layer's opacity slider, applied in the shader.
    pub opacity: f32,
}

impl HeatCallback {
    pub fn into_shape(self, rect: Rect) -> epaint::PaintCallback {
        egui_wgpu::Callback::new_paint_callback(rect, Rendered { layer: self, rect })
    }
}

struct Rendered {
    layer: HeatCallback,
    rect: Rect,
}

impl Rendered {
    /// The view in physical pixels, as egui_wgpu rounds the callback's viewport.
    fn viewport(&self, pixels_per_point: f32, screen: [u32; 2]) -> Viewport {
        let px = ViewportInPixels::from_points(&self.rect, pixels_per_point, screen);
        let tl = lonlat_to_mercator(self.layer.top_left);
        let br = lonlat_to_mercator(self.layer.bottom_right);
        let m_per_point = (br[0] - tl[0]) / f64::from(self.rect.width().max(1e-3));
        let ppp = f64::from(pixels_per_point);
        Viewport {
            min_x: tl[0] + (f64::from(px.left_px) / ppp - f64::from(self.rect.min.x)) * m_per_point,
            max_y: tl[1] - (f64::from(px.top_px) / ppp - f64::from(self.rect.min.y)) * m_per_point,
            m_per_px: m_per_point / ppp,
            width: px.width_px.max(0) as u32,
            height: px.height_px.max(0) as u32,
        }
    }
}

impl egui_wgpu::CallbackTrait for Rendered {
    fn prepare(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        screen: &egui_wgpu::ScreenDescriptor,
        encoder: &mut wgpu::CommandEncoder,
        resources: &mut egui_wgpu::CallbackResources,
    ) -> Vec<wgpu::CommandBuffer> {
        let vp = self.viewport(screen.pixels_per_point, screen.size_in_pixels);
        if let Some(r) = resources.get_mut::<HeatRenderer>()
            && vp.width > 0
            && vp.height > 0
        {
            r.set_points(device, queue, &self.layer.points);
            r.set_opacity(self.layer.opacity);
            r.prepare(device, queue, encoder, &vp, &self.layer.params);
        }
        Vec::new()
    }

    fn paint(
        &self,
        _info: epaint::PaintCallbackInfo,
        pass: &mut wgpu::RenderPass<'static>,
        resources: &egui_wgpu::CallbackResources,
    ) {
        if let Some(r) = resources.get::<HeatRenderer>() {
            r.paint(pass);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::risk::heat::mercator_to_lonlat;
    use eframe::epaint::{Pos2, Rect};

    #[test]
    fn the_view_follows_egui_pixel_rounding() {
        // An 800 × 600 point map rect at 1.5 pixels per point, 10 Web Mercator metres per point.
        let rect = Rect::from_min_max(Pos2::new(100.3, 50.0), Pos2::new(900.3, 650.0));
        let tl = [12_700_000.0, 4_300_000.0];
        let br = [tl[0] + 8000.0, tl[1] - 6000.0];
        let layer = HeatCallback {
            points: GpuPointSet::new(&[]),
            params: HeatParams::default(),
            top_left: mercator_to_lonlat(tl),
            bottom_right: mercator_to_lonlat(br),
            opacity: 1.0,
        };
        let r = Rendered { layer, rect };
        let vp = r.viewport(1.5, [2000, 1200]);
        assert_eq!((vp.width, vp.height), (1200, 900));
        assert!((vp.m_per_px - 10.0 / 1.5).abs() < 1e-6, "{}", vp.m_per_px);
        // The left edge is pixel round(100.3 × 1.5) = 150, i.e. 100.0 points: 0.3 points (3 m) left of the rect.
        assert!((vp.min_x - (tl[0] - 3.0)).abs() < 1e-3, "{}", vp.min_x - tl[0]);
        assert!((vp.max_y - tl[1]).abs() < 1e-3);
    }
}

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

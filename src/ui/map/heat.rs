//! The risk heat map layer in the window: enterprises weighted by level (红 4, 橙 3, 黄 2, 蓝 1 by
//! default, `HeatParams`), drawn by the WGSL shader through egui's wgpu paint callback when the
//! window has a wgpu device, else by the CPU reference (`analysis::risk::heat`) into a texture.
//! The CPU image is made at half resolution and only when the view or the data change.

use std::sync::Arc;

use egui::{Color32, ColorImage, Rect, TextureHandle, TextureOptions, pos2};
use walkers::{MapMemory, Plugin, Projector};

use crate::analysis::risk::heat::{HeatParams, HeatPoint, Viewport, heat_points, lonlat_to_mercator, render};
use crate::model::LonLat;
use crate::render::heat_callback::HeatCallback;
use crate::render::heat_gpu::GpuPointSet;
use crate::snapshot::Snapshot;

/// How the last frame drew the heat map (tests and the status bar ask).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeatPath {
    #[default]
    None,
    Gpu,
    Cpu,
}

/// The CPU image is made at this fraction of the screen's resolution: the kernel is smooth, so
/// half resolution is indistinguishable once scaled, at a quarter of the cost.
const CPU_SCALE: f32 = 0.5;

#[derive(Default)]
pub struct HeatState {
    /// The window installed the GPU renderer (it has a wgpu device).
    pub gpu: bool,
    pub params: HeatParams,
    data_version: Option<u64>,
    points: Vec<HeatPoint>,
    gpu_points: Option<Arc<GpuPointSet>>,
    texture: Option<TextureHandle>,
    texture_key: Option<(u64, [i64; 4])>,
    pub last_path: HeatPath,
}

impl HeatState {
    /// Rebuilds the weighted points when the snapshot changed.
    pub fn sync(&mut self, snapshot: &Snapshot, version: u64, datum: crate::render::Datum) {
        if self.data_version == Some(version) {
            return;
        }
        // In the tile datum, as the map draws everything else.
        self.points = heat_points(
            snapshot.enterprises.iter().map(|e| (datum.from_wgs84(e.location), e.risk)),
            &self.params.weights,
        );
        self.gpu_points = self.gpu.then(|| GpuPointSet::new(&self.points));
        self.data_version = Some(version);
        self.texture_key = None;
    }
}

/// The heat layer as a walkers plugin.
pub struct HeatPlugin<'a> {
    pub state: &'a std::cell::RefCell<HeatState>,
    pub opacity: f32,
}

impl Plugin for HeatPlugin<'_> {
    fn run(self: Box<Self>, ui: &mut egui::Ui, response: &egui::Response, projector: &Projector, _: &MapMemory) {
        let rect = response.rect;
        let tl = projector.unproject(rect.min.to_vec2());
        let br = projector.unproject(rect.max.to_vec2());
        let (top_left, bottom_right) = (LonLat::new(tl.x(), tl.y()), LonLat::new(br.x(), br.y()));
        let mut st = self.state.borrow_mut();
        if let Some(points) = st.gpu_points.clone() {
            let cb = HeatCallback { points, params: st.params, top_left, bottom_right, opacity: self.opacity };
            ui.painter().with_clip_rect(rect).add(cb.into_shape(rect));
            st.last_path = HeatPath::Gpu;
            return;
        }
        let w = ((rect.width() * CPU_SCALE).round() as u32).max(1);
        let h = ((rect.height() * CPU_SCALE).round() as u32).max(1);
        let (a, b) = (lonlat_to_mercator(top_left), lonlat_to_mercator(bottom_right));
        // Keyed on the view to the metre, so a still map never recomputes.
        let key =
            (st.data_version.unwrap_or(0), [a[0] as i64, a[1] as i64, b[0] as i64, i64::from(w) << 20 | i64::from(h)]);
        if st.texture_key != Some(key) {
            let vp = Viewport { min_x: a[0], max_y: a[1], m_per_px: (b[0] - a[0]) / f64::from(w), width: w, height: h };
            let img = render(&st.points, &vp, &st.params);
            let colour = ColorImage::from_rgba_unmultiplied([w as usize, h as usize], &img.rgba);
            match &mut st.texture {
                Some(t) => t.set(colour, TextureOptions::LINEAR),
                None => st.texture = Some(ui.ctx().load_texture("risk-heat", colour, TextureOptions::LINEAR)),
            }
            st.texture_key = Some(key);
        }
        if let Some(t) = &st.texture {
            let tint = Color32::from_white_alpha((self.opacity.clamp(0.0, 1.0) * 255.0) as u8);
            let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
            ui.painter().with_clip_rect(rect).image(t.id(), rect, uv, tint);
        }
        st.last_path = HeatPath::Cpu;
    }
}

//! The floor-plan georeferencing window: attach a PNG/JPG plan to an enterprise, click a spot on
//! the plan and then the same spot on the map (two pairs or more), pick similarity or affine,
//! see each point's residual and the RMS from the library's fit (`spatial::georef`), and save
//! (audited). The saved plan is then drawn under the zones at street zoom.

use egui::{Color32, ColorImage, Grid, RichText, Sense, Stroke, TextureHandle, TextureOptions, Ui, pos2, vec2};

use super::risk_windows::{RiskAction, RiskPath};
use crate::i18n::{Lang, T};
use crate::model::floor_plan::FloorPlan;
use crate::model::{FeatureId, LonLat};
use crate::spatial::georef::{ControlPoint, GeoRef, TransformKind};
use crate::ui::command::Command;
use crate::ui::dialogs::PathPurpose;
use crate::ui::document::Document;
use crate::ui::map::tools::Tool;
use crate::ui::view::Cx;

/// Plans larger than this (pixels on the long side) are shown scaled down; clicks are mapped
/// back to the full image's pixels.
const MAX_TEXTURE: u32 = 2048;
/// Width of the plan in the window, points.
const VIEW_WIDTH: f32 = 520.0;
/// The map zoom the window opens at: the enterprise's buildings are distinct (about 1 m/pixel).
const STREET_ZOOM: f64 = 17.0;

pub struct GeorefWindow {
    pub open: bool,
    pub enterprise: Option<FeatureId>,
    plans: Vec<FloorPlan>,
    plans_version: u64,
    pub plan: Option<i64>,
    texture: Option<(i64, TextureHandle)>,
    /// Control points placed so far (for the selected plan).
    pub points: Vec<ControlPoint>,
    /// A spot clicked on the plan, waiting for its match on the map.
    pub pending: Option<[f64; 2]>,
    pub kind: TransformKind,
    pub error: Option<String>,
    /// Just opened: bring the enterprise into view at street zoom, where its match is clicked.
    focus: bool,
}

impl Default for GeorefWindow {
    fn default() -> Self {
        Self {
            open: false,
            enterprise: None,
            plans: Vec::new(),
            plans_version: 0,
            plan: None,
            texture: None,
            points: Vec::new(),
            pending: None,
            kind: TransformKind::Similarity,
            error: None,
            focus: false,
        }
    }
}

impl GeorefWindow {
    pub fn open(&mut self, enterprise: FeatureId) {
        if self.enterprise != Some(enterprise) {
            *self = GeorefWindow { enterprise: Some(enterprise), ..Default::default() };
        }
        self.open = true;
        self.focus = true;
    }

    /// Selects a plan (after attaching it, or from the list), starting from its stored points.
    pub fn select(&mut self, plan: i64) {
        self.plan = Some(plan);
        self.plans_version = 0;
        self.points.clear();
        self.pending = None;
    }

    /// A click on the plan image at these image pixels: the map click comes next.
    pub fn image_point(&mut self, pixel: [f64; 2]) -> Command {
        self.pending = Some(pixel);
        Command::SetTool(Tool::PickControlPoint)
    }

    /// The map click matching the pending plan spot.
    pub fn map_point(&mut self, at: LonLat) {
        if let Some(pixel) = self.pending.take() {
            self.points.push(ControlPoint { pixel, lonlat: at });
        }
    }

    /// The fit of the points placed so far, or why there is none yet.
    pub fn fit(&self) -> Result<GeoRef, String> {
        GeoRef::fit(self.kind, &self.points).map_err(|e| e.to_string())
    }

    fn refresh(&mut self, doc: &Document) {
        let Some(id) = self.enterprise else { return };
        if self.plans_version == doc.version {
            return;
        }
        self.plans = doc.project.floor_plans(Some(id)).unwrap_or_default();
        self.plans_version = doc.version;
        if self.plan.is_none_or(|p| !self.plans.iter().any(|x| x.id == p)) {
            self.plan = self.plans.last().map(|p| p.id);
            self.points.clear();
        }
        if self.points.is_empty()
            && let Some(p) = self.plans.iter().find(|p| Some(p.id) == self.plan)
        {
            self.points = p.control_points.clone();
            if let Some(g) = &p.georef {
                self.kind = g.kind;
            }
        }
    }

    fn texture(&mut self, ui: &Ui, doc: &Document, plan: i64) -> Option<TextureHandle> {
        if let Some((id, t)) = &self.texture
            && *id == plan
        {
            return Some(t.clone());
        }
        let bytes = match doc.project.floor_plan_image(plan) {
            Ok(b) => b,
            Err(e) => {
                self.error = Some(e.to_string());
                return None;
            }
        };
        let img = match image::load_from_memory(&bytes) {
            Ok(i) => i,
            Err(e) => {
                self.error = Some(e.to_string());
                return None;
            }
        };
        let img =
            if img.width().max(img.height()) > MAX_TEXTURE { img.thumbnail(MAX_TEXTURE, MAX_TEXTURE) } else { img };
        let rgba = img.to_rgba8();
        let colour = ColorImage::from_rgba_unmultiplied([rgba.width() as usize, rgba.height() as usize], &rgba);
        let t = ui.ctx().load_texture(format!("floor-plan-{plan}"), colour, TextureOptions::LINEAR);
        self.texture = Some((plan, t.clone()));
        Some(t)
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        if !self.open {
            return None;
        }
        let lang = cx.lang();
        let doc = cx.doc?;
        self.refresh(doc);
        let mut out = None;
        if std::mem::take(&mut self.focus)
            && let Some(e) = self.enterprise.and_then(|id| doc.snapshot.enterprises.iter().find(|e| e.id == id))
        {
            out = Some(Command::ZoomTo { centre: e.location, zoom: STREET_ZOOM });
        }
        let mut open = self.open;
        egui::Window::new(lang.t(T::GeorefTitle))
            .id(egui::Id::unique("georef-window"))
            .open(&mut open)
            .default_size([560.0, 640.0])
            .vscroll(true)
            .show(ui.ctx(), |ui| out = self.body(ui, doc, lang).or(out.take()));
        self.open = open;
        out
    }

    fn body(&mut self, ui: &mut Ui, doc: &Document, lang: Lang) -> Option<Command> {
        let mut out = None;
        let enterprise = self.enterprise?;
        if let Some(e) = &self.error {
            ui.label(RichText::new(e).color(Color32::from_rgb(0xD3, 0x2F, 0x2F)));
        }
        ui.horizontal(|ui| {
            if !self.plans.is_empty() {
                ui.label(lang.t(T::GeorefPlan));
                let name = |p: &FloorPlan| format!("{} ({}×{})", p.name, p.width, p.height);
                let current = self.plans.iter().find(|p| Some(p.id) == self.plan).map(name).unwrap_or_default();
                let mut chosen = self.plan;
                egui::ComboBox::from_id_salt("georef-plan").selected_text(current).show_ui(ui, |ui| {
                    for p in &self.plans {
                        ui.selectable_value(&mut chosen, Some(p.id), name(p));
                    }
                });
                if chosen != self.plan
                    && let Some(id) = chosen
                {
                    self.select(id);
                }
            }
            if ui.button(lang.t(T::GeorefAttach)).clicked() {
                out = Some(Command::ChoosePath(PathPurpose::Risk(RiskPath::Plan { enterprise })));
            }
        });
        let Some(plan) = self.plans.iter().find(|p| Some(p.id) == self.plan).cloned() else {
            ui.label(RichText::new(lang.t(T::GeorefNoPlan)).weak());
            return out;
        };
        ui.label(
            RichText::new(lang.t(if self.pending.is_some() { T::GeorefHintMap } else { T::GeorefHintImage })).weak(),
        );
        if let Some(t) = self.texture(ui, doc, plan.id) {
            let (w, h) = (plan.width.max(1) as f32, plan.height.max(1) as f32);
            let size = vec2(VIEW_WIDTH, VIEW_WIDTH * h / w);
            let (rect, resp) = ui.allocate_exact_size(size, Sense::click());
            let painter = ui.painter_at(rect);
            painter.image(t.id(), rect, egui::Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)), Color32::WHITE);
            let to_screen =
                |px: [f64; 2]| rect.min + vec2(px[0] as f32 / w * rect.width(), px[1] as f32 / h * rect.height());
            let ink = Color32::from_rgb(0xD3, 0x2F, 0x2F);
            for (i, p) in self.points.iter().enumerate() {
                let at = to_screen(p.pixel);
                painter.circle_stroke(at, 6.0, Stroke::new(2.0, ink));
                painter.text(
                    at + vec2(8.0, 8.0),
                    egui::Align2::LEFT_TOP,
                    (i + 1).to_string(),
                    egui::FontId::proportional(13.0),
                    ink,
                );
            }
            if let Some(p) = self.pending {
                painter.circle_filled(to_screen(p), 5.0, Color32::from_rgb(0x15, 0x65, 0xC0));
            }
            if resp.clicked()
                && let Some(pos) = resp.interact_pointer_pos()
            {
                let px = [
                    f64::from((pos.x - rect.min.x) / rect.width() * w),
                    f64::from((pos.y - rect.min.y) / rect.height() * h),
                ];
                out = Some(self.image_point(px));
            }
        }
        ui.horizontal(|ui| {
            ui.radio_value(&mut self.kind, TransformKind::Similarity, lang.t(T::GeorefSimilarity));
            ui.radio_value(&mut self.kind, TransformKind::Affine, lang.t(T::GeorefAffine));
        });
        let fit = self.fit();
        let mut remove = None;
        Grid::new("georef-points").striped(true).num_columns(5).show(ui, |ui| {
            for h in [T::GeorefPoint, T::GeorefPixel, T::GeorefGround, T::GeorefResidual] {
                ui.label(RichText::new(lang.t(h)).weak());
            }
            ui.end_row();
            for (i, p) in self.points.iter().enumerate() {
                ui.label((i + 1).to_string());
                ui.label(format!("{:.0}, {:.0}", p.pixel[0], p.pixel[1]));
                ui.label(format!("{:.6}, {:.6}", p.lonlat.lon, p.lonlat.lat));
                match fit.as_ref().ok().and_then(|g| g.residuals.get(i)) {
                    Some(r) => ui.label(format!("{:.2}", r.distance_m)),
                    None => ui.label("—"),
                };
                if ui.small_button(lang.t(T::Delete)).clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
        if let Some(i) = remove {
            self.points.remove(i);
        }
        match &fit {
            Ok(g) => {
                ui.label(RichText::new(format!("{}：{:.2} m", lang.t(T::GeorefRms), g.rms_m)).strong());
                ui.label(RichText::new(format!("{:.3} m/px · {:.1}°", g.metres_per_pixel(), g.rotation_deg())).weak());
            }
            Err(e) if !self.points.is_empty() => {
                ui.label(RichText::new(e).weak());
            }
            Err(_) => {}
        }
        ui.horizontal(|ui| {
            if ui.add_enabled(fit.is_ok(), egui::Button::new(lang.t(T::GeorefSave))).clicked() {
                out = Some(Command::Risk(RiskAction::SaveGeoref {
                    plan: plan.id,
                    kind: self.kind,
                    points: self.points.clone(),
                }));
            }
            if ui.button(lang.t(T::GeorefClear)).clicked() {
                self.points.clear();
                self.pending = None;
            }
        });
        out
    }
}

//! The map panel: a walkers map with OneMap's layers as plugins, raster tiles underneath,
//! tools on top, and the interactions (hover tooltip, click to select, drag to move, measure,
//! place new features). Reports what it wants changed as a [`Command`].

pub mod floor_plans;
pub mod heat;
pub mod paint;
pub mod plugin;
pub mod sprites;
pub mod tiles;
pub mod tools;

use std::cell::RefCell;
use std::path::PathBuf;

use egui::{Align2, FontId, PointerButton, Pos2, Rect, Stroke, Vec2, pos2, vec2};
use walkers::{Map, MapMemory, lon_lat};

use self::plugin::{FrameStats, LabelsPlugin, LayerPlugin, OverlayPlugin};
use self::tiles::{TileChoice, TileLayers};
use self::tools::{Measure, Tool};
use super::command::Command;
use super::document::{Document, FeatureRef};
use super::panels::editor;
use super::view::{Cx, View};
use crate::actions::Edit;
use crate::model::{Feature, LonLat};
use crate::render::display::Census;
use crate::render::view::{datum_lonlat_of_world, world_of_datum_lonlat};
use crate::render::{Datum, Filter, FilterMask, LayerId, MapView, Renderer, Scene, SceneOptions, Target, scalebar};

/// Where the map looks before the first project is fitted (Anyang); the map is always centred
/// explicitly after that.
const FALLBACK_CENTRE: walkers::Position = geo_types::Point(geo_types::Coord { x: 114.35, y: 36.1 });

/// A feature being dragged to a new place.
#[derive(Debug, Clone, Copy)]
struct Drag {
    feature: FeatureRef,
    at: LonLat,
}

pub struct MapPanel {
    pub memory: MapMemory,
    pub renderer: RefCell<Renderer>,
    pub tiles: TileLayers,
    tiles_key: Option<(TileChoice, String, Option<PathBuf>, Option<PathBuf>)>,
    pub tool: Tool,
    pub measure: Measure,
    /// Dragging the selected feature moves it.
    pub edit_mode: bool,
    mask: FilterMask,
    mask_key: Option<(u64, Filter)>,
    scene_key: Option<(u64, SceneOptions)>,
    scene_options: SceneOptions,
    scene_version: u64,
    datum: Datum,
    /// The view of the last frame.
    pub view: Option<MapView>,
    /// The WGS84 position under the pointer.
    pub cursor: Option<LonLat>,
    pub hover: Option<Target>,
    drag: Option<Drag>,
    /// Fit the project's extent at the next frame (after opening a project).
    pub fit_pending: bool,
    /// A view to restore at the next frame instead of fitting.
    pub restore: Option<(LonLat, f64)>,
    stats: RefCell<FrameStats>,
    atlas: RefCell<sprites::SymbolAtlas>,
    pub last_frame: FrameStats,
    /// The layers drawn in the last frame, bottom to top.
    last_visible: Vec<LayerId>,
    /// The risk heat map layer's points, GPU set or CPU texture.
    pub heat: RefCell<heat::HeatState>,
    /// Decoded floor-plan images, and how many plans the last frame drew.
    pub floor_plans: RefCell<floor_plans::FloorPlanTextures>,
    plans_project: Option<PathBuf>,
    /// The risk zone under the pointer (its card shows), by row id.
    pub hover_zone: Option<i64>,
    /// The last frame carried the drill-mode watermark.
    pub drill_marked: std::cell::Cell<bool>,
}

impl Default for MapPanel {
    fn default() -> Self {
        let mut memory = MapMemory::default();
        memory.center_at(FALLBACK_CENTRE);
        let _ = memory.set_zoom(9.0);
        Self {
            memory,
            renderer: RefCell::new(Renderer::default()),
            tiles: TileLayers::none(),
            tiles_key: None,
            tool: Tool::Browse,
            measure: Measure::default(),
            edit_mode: false,
            mask: FilterMask::default(),
            mask_key: None,
            scene_key: None,
            scene_options: SceneOptions::default(),
            scene_version: 0,
            datum: Datum::Wgs84,
            view: None,
            cursor: None,
            hover: None,
            drag: None,
            fit_pending: true,
            restore: None,
            stats: RefCell::new(FrameStats::default()),
            atlas: RefCell::new(sprites::SymbolAtlas::default()),
            last_frame: FrameStats::default(),
            last_visible: Vec::new(),
            heat: RefCell::new(heat::HeatState::default()),
            drill_marked: std::cell::Cell::new(false),
            hover_zone: None,
            floor_plans: RefCell::new(floor_plans::FloorPlanTextures::default()),
            plans_project: None,
        }
    }
}

impl MapPanel {
    /// The WGS84 centre of the map.
    pub fn centre(&self) -> LonLat {
        let c = self.memory.detached().unwrap_or(FALLBACK_CENTRE);
        self.datum.to_wgs84(LonLat::new(c.x(), c.y()))
    }

    pub fn zoom(&self) -> f64 {
        self.memory.zoom()
    }

    /// Centres the map on a WGS84 position at a zoom level.
    pub fn go_to(&mut self, centre: LonLat, zoom: f64) {
        let d = self.datum.from_wgs84(centre);
        self.memory.center_at(lon_lat(d.lon, d.lat));
        let _ = self.memory.set_zoom(zoom.clamp(1.0, 19.0));
    }

    /// What the layer drew in the last frame (nothing when it was hidden).
    pub fn drawn(&self, id: LayerId) -> Census {
        if !self.last_visible.contains(&id) {
            return Census::default();
        }
        self.renderer.borrow().slot(id).map(|s| s.frame.list.census()).unwrap_or_default()
    }

    /// Number of labels placed in the last frame.
    pub fn labels_placed(&self) -> usize {
        self.renderer.borrow().labels.census().texts
    }

    pub fn cancel_tool(&mut self) {
        self.tool = Tool::Browse;
        self.measure = Measure::default();
        self.drag = None;
    }

    fn current_view(&self, rect: Rect) -> MapView {
        let c = self.memory.detached().unwrap_or(FALLBACK_CENTRE);
        MapView {
            zoom: self.memory.zoom(),
            centre_world: world_of_datum_lonlat(LonLat::new(c.x(), c.y())),
            origin: [rect.min.x, rect.min.y],
            size: [rect.width(), rect.height()],
            datum: self.datum,
        }
    }

    /// The topmost click target under a screen point.
    fn hit_at(&self, p: Pos2, visible: &[LayerId]) -> Option<Target> {
        let r = self.renderer.borrow();
        for id in visible.iter().rev() {
            let Some(slot) = r.slot(*id) else { continue };
            for h in slot.frame.hits.iter().rev() {
                let (dx, dy) = (p.x - h.centre[0], p.y - h.centre[1]);
                if dx * dx + dy * dy <= h.radius * h.radius {
                    return Some(h.target);
                }
            }
        }
        None
    }

    /// Keeps tiles, filter mask and scene options in step with the settings and document.
    fn sync(&mut self, doc: &Document, cx: &Cx, ctx: &egui::Context) {
        let s = &cx.settings;
        let key = (s.tiles, s.tianditu_key.clone(), s.pmtiles_path.clone(), s.mbtiles_path.clone());
        if self.tiles_key.as_ref() != Some(&key) {
            self.tiles =
                TileLayers::new(s.tiles, &s.tianditu_key, s.pmtiles_path.as_deref(), s.mbtiles_path.as_deref(), ctx);
            self.tiles_key = Some(key);
        }
        let datum = doc.index.datum;
        if datum != self.datum {
            // Keep looking at the same ground when the tiles' datum changes.
            let centre = self.centre();
            self.datum = datum;
            self.go_to(centre, self.memory.zoom());
        }
        let mask_key = (doc.version, s.filter.clone());
        if self.mask_key.as_ref() != Some(&mask_key) {
            self.mask = FilterMask::build(&doc.snapshot, &s.filter, self.mask.version + 1);
            self.mask_key = Some(mask_key);
        }
        let options = SceneOptions {
            theme: s.theme,
            lang: s.lang,
            protection: doc.map_settings.protection.clone(),
            countries: s.countries,
            city_fill: !self.tiles.showing(),
            scale: 1.0,
            coverage: crate::ui::panels::coverage::overlay(doc),
        };
        let scene_key = (doc.version + self.mask.version * 1_000_003, options.clone());
        if self.scene_key.as_ref() != Some(&scene_key) {
            self.scene_version += 1;
            self.scene_options = options;
            self.scene_key = Some(scene_key);
        }
    }
}

impl View for MapPanel {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx) -> Option<Command> {
        let Some(doc) = cx.doc else {
            ui.centered_and_justified(|ui| ui.label(cx.t(crate::i18n::T::NoProject)));
            return None;
        };
        self.sync(doc, cx, ui.ctx());
        let rect = ui.available_rect_before_wrap();
        if let Some((c, z)) = self.restore.take() {
            self.go_to(c, z);
            self.fit_pending = false;
        }
        if self.fit_pending && rect.width() > 50.0 {
            if let Some(b) = doc.snapshot.extent() {
                let v = MapView::fit(b, [rect.width(), rect.height()], 30.0, self.datum);
                self.go_to(self.datum.to_wgs84(datum_lonlat_of_world(v.centre_world)), v.zoom);
            }
            self.fit_pending = false;
        }
        let lang = cx.lang();
        let visible = cx.settings.visible_layers();
        let scene = Scene {
            snapshot: &doc.snapshot,
            index: &doc.index,
            mask: &self.mask,
            options: &self.scene_options,
            version: self.scene_version,
        };
        let palette = self.scene_options.theme.palette();

        // A press on the selected feature in edit mode starts dragging it (and stops the map
        // from panning until the button is released).
        let (pressed, released, press_pos) =
            ui.input(|i| (i.pointer.primary_pressed(), i.pointer.primary_released(), i.pointer.press_origin()));
        if self.edit_mode
            && self.drag.is_none()
            && pressed
            && let (Some(sel), Some(p)) = (cx.selection, press_pos)
            && rect.contains(p)
            && self.hit_at(p, &visible) == Some(Target::Feature { layer: sel.layer, id: sel.id })
            && let Some(at) = doc.feature(sel).and_then(|f| f.location())
        {
            self.drag = Some(Drag { feature: sel, at });
        }
        if let Some(d) = &mut self.drag
            && let Some(p) = ui.input(|i| i.pointer.latest_pos())
            && let Some(v) = &self.view
        {
            d.at = v.screen_to_lonlat([p.x, p.y]);
        }

        *self.stats.borrow_mut() = FrameStats::default();
        let ghost = self.drag.and_then(|d| {
            let f = doc.feature(d.feature)?;
            Some((d.at, editor::symbol_of(&f, self.scene_options.theme)))
        });
        let theme = self.scene_options.theme;
        let selected_at = cx
            .selection
            .filter(|_| self.drag.is_none())
            .and_then(|s| doc.feature(s))
            .and_then(|f| Some((f.location()?, editor::symbol_of(&f, theme).size)));
        let measuring = matches!(self.tool, Tool::MeasureDistance | Tool::MeasureArea);
        let area = self.tool == Tool::MeasureArea;
        let measure = &self.measure;
        let cursor = self.cursor;
        let pal = palette;
        let drill = doc.index.records.drill.clone();
        let drill_marked = &self.drill_marked;
        drill_marked.set(false);
        let tile_opacity = cx.settings.tile_opacity;
        let buttons = if self.drag.is_some() {
            egui::DragPanButtons::empty()
        } else {
            egui::DragPanButtons::PRIMARY | egui::DragPanButtons::MIDDLE
        };
        // With raster tiles the offline basemap goes under them (painted before the map, in
        // the view before this frame's gestures: its land fill is uniform at working zooms, so
        // the lag of a frame while panning does not show), and stays as the fallback where
        // tiles are missing.
        let underlay = self.tiles.base.is_some() && visible.contains(&LayerId::Basemap);
        if underlay {
            let pre = self.current_view(rect);
            let mut r = self.renderer.borrow_mut();
            if let Some(slot) = r.slot_mut(LayerId::Basemap) {
                slot.prepare(&scene, &pre);
                let opacity = cx.settings.layer(LayerId::Basemap).map_or(1.0, |l| l.opacity);
                paint::paint(&ui.painter().with_clip_rect(rect), &slot.frame.list, opacity, &mut Vec::new(), None);
            }
        }
        self.floor_plans.get_mut().drawn = 0;
        // Plan ids are per project: textures are kept until another project is open.
        if visible.contains(&LayerId::RiskZones) {
            let path = doc.path();
            if self.plans_project.as_ref() != Some(&path) {
                self.floor_plans.get_mut().clear();
                self.plans_project = Some(path);
            }
            let pre = self.current_view(rect);
            self.floor_plans.get_mut().load_in_view(doc, &pre, ui.ctx());
        }
        let mut map = Map::new(None, &mut self.memory, FALLBACK_CENTRE)
            .zoom_with_ctrl(false)
            // About half a zoom level per wheel notch: a notch should refine, not jump a scale.
            .zoom_speed(0.8)
            .double_click_to_zoom(self.tool == Tool::Browse)
            .drag_pan_buttons(buttons);
        if let Some(base) = self.tiles.base.as_mut() {
            map = map.with_layer(base, tile_opacity);
        }
        if let Some(labels) = self.tiles.labels.as_mut() {
            map = map.with_layer(labels, tile_opacity);
        }
        if visible.contains(&LayerId::RiskHeat) {
            self.heat.borrow_mut().sync(&doc.snapshot, doc.version, self.datum);
        }
        for id in visible.iter().filter(|id| !(underlay && **id == LayerId::Basemap)) {
            let opacity = cx.settings.layer(*id).map_or(1.0, |l| l.opacity);
            if *id == LayerId::RiskHeat {
                map = map.with_plugin(heat::HeatPlugin { state: &self.heat, opacity });
                continue;
            }
            if *id == LayerId::RiskZones {
                map = map.with_plugin(floor_plans::FloorPlanPlugin {
                    plans: doc.index.records.risk.plans.clone(),
                    textures: &self.floor_plans,
                    datum: self.datum,
                    opacity,
                });
            }
            map = map.with_plugin(LayerPlugin {
                renderer: &self.renderer,
                scene: &scene,
                id: *id,
                opacity,
                stats: &self.stats,
                atlas: &self.atlas,
            });
        }
        map = map.with_plugin(LabelsPlugin {
            renderer: &self.renderer,
            visible: visible.clone(),
            palette,
            datum: self.datum,
            stats: &self.stats,
        });
        map = map.with_plugin(OverlayPlugin {
            datum: self.datum,
            build: move |view: &MapView, list: &mut crate::render::DisplayList| {
                if let Some((at, size)) = selected_at {
                    tools::selection_overlay(view.lonlat_to_screen(at), size, &pal, list);
                }
                if measuring {
                    tools::measure_overlay(view, measure, area, cursor, &pal, list);
                }
                if let Some((at, symbol)) = ghost {
                    tools::ghost_overlay(view.lonlat_to_screen(at), symbol, list);
                }
                if let Some(exercise) = &drill {
                    crate::render::layers::drill_mark::draw(view, exercise, lang, list);
                    drill_marked.set(true);
                }
            },
        });
        let response = map.show(ui, |_, _, _, _| ()).response;
        self.last_visible.clone_from(&visible);
        self.last_frame = *self.stats.borrow();

        let view = self.current_view(response.rect);
        self.view = Some(view);
        self.cursor = response.hover_pos().map(|p| view.screen_to_lonlat([p.x, p.y]));
        self.hover = response.hover_pos().and_then(|p| self.hit_at(p, &visible));

        let mut command = None;
        if let Some(d) = self.drag
            && released
        {
            self.drag = None;
            if let Some(mut f) = doc.feature(d.feature) {
                f.set_location(d.at);
                command = Some(Command::Edit(Edit::Update(f)));
            }
        }
        // The hover card shows at once (an operator scanning the map should not wait for a
        // tooltip delay), next to the pointer and inside the map.
        if let Some(target) = self.hover
            && self.drag.is_none()
            && let Some(p) = response.hover_pos()
            && !response.dragged()
        {
            let area = egui::Area::new(ui.scope_id().with("hover-card"))
                .order(egui::Order::Tooltip)
                .interactable(false)
                .fixed_pos(p + vec2(16.0, 16.0))
                .constrain_to(response.rect);
            area.show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(320.0);
                    super::panels::details::tooltip_ui(ui, doc, target, lang);
                });
            });
        }
        // Over a risk zone at street zoom (and no feature): the zone's card.
        self.hover_zone = None;
        if self.hover.is_none()
            && self.drag.is_none()
            && self.memory.zoom() >= crate::render::layers::risk_zones::MIN_ZOOM
            && visible.contains(&LayerId::RiskZones)
            && let (Some(at), Some(p)) = (self.cursor, response.hover_pos())
            && let Some(zone) = doc.index.records.risk.zone_at(at)
        {
            self.hover_zone = Some(zone.id);
            let enterprise = doc.snapshot.enterprises.iter().find(|e| e.id == zone.enterprise_id);
            egui::Area::new(ui.scope_id().with("zone-card"))
                .order(egui::Order::Tooltip)
                .interactable(false)
                .fixed_pos(p + vec2(16.0, 16.0))
                .constrain_to(response.rect)
                .show(ui.ctx(), |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.set_max_width(320.0);
                        super::panels::risk_zone_card::zone_card(ui, zone, enterprise.map(|e| e.name.as_str()), lang);
                    });
                });
        }
        if response.clicked_by(PointerButton::Primary)
            && let Some(p) = response.interact_pointer_pos()
        {
            let at = view.screen_to_lonlat([p.x, p.y]);
            command = match self.tool {
                Tool::Browse => match self.hover {
                    Some(Target::Feature { layer, id }) => Some(Command::Select(Some(FeatureRef { layer, id }))),
                    Some(Target::Cluster { .. }) => {
                        Some(Command::ZoomTo { centre: at, zoom: (self.memory.zoom().floor() + 2.0).min(19.0) })
                    }
                    Some(Target::Hazard { id }) => Some(Command::OpenHazard { id, zoom: None }),
                    None => Some(Command::Select(None)),
                },
                Tool::MeasureDistance | Tool::MeasureArea => {
                    self.measure.click(at);
                    None
                }
                Tool::Add(layer) => {
                    self.tool = Tool::Browse;
                    editor::new_feature(layer, at, lang).map(|f| Command::Edit(Edit::Insert(f)))
                }
                Tool::PickIsochrone => {
                    self.tool = Tool::Browse;
                    Some(Command::IsochroneAt(at))
                }
                Tool::PickControlPoint => {
                    self.tool = Tool::Browse;
                    Some(Command::Risk(crate::ui::panels::risk_windows::RiskAction::MapPoint(at)))
                }
                Tool::PickPoint(purpose) => {
                    self.tool = Tool::Browse;
                    Some(Command::PointPicked(purpose, at))
                }
                Tool::PickSite => Some(Command::Siting(super::panels::siting::SitingAction::SiteAt(at))),
                Tool::Move => {
                    self.tool = Tool::Browse;
                    cx.selection.and_then(|s| doc.feature(s)).map(|mut f: Feature| {
                        f.set_location(at);
                        Command::Edit(Edit::Update(f))
                    })
                }
            };
        }
        if measuring && response.double_clicked() {
            // The double-click's second click added a duplicate vertex: drop it and finish.
            if self.measure.points.len() >= 2 {
                self.measure.points.pop();
            }
            self.measure.finished = true;
        }
        if measuring && response.secondary_clicked() {
            self.measure.points.pop();
        }
        // Right-click in browsing: a new incident there (dispatch).
        if self.tool == Tool::Browse
            && response.secondary_clicked()
            && let Some(p) = response.interact_pointer_pos()
        {
            command = Some(Command::PlaceIncident(view.screen_to_lonlat([p.x, p.y])));
        }
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.cancel_tool();
        }
        self.overlays_ui(ui, response.rect, &view, lang, cx);
        if let Some(c) = self.zoom_buttons_ui(ui, response.rect, doc, lang) {
            command = Some(c);
        }
        command
    }
}

impl MapPanel {
    /// Scale bar, attribution, the measurement result and the current tool's hint.
    fn overlays_ui(&self, ui: &mut egui::Ui, rect: Rect, view: &MapView, lang: crate::i18n::Lang, cx: &Cx) {
        let painter = ui.painter().with_clip_rect(rect);
        let pal = self.scene_options.theme.palette();
        let ink = paint::colour(pal.text, 1.0);
        let panel = paint::colour(pal.panel, 1.0);
        // Scale bar, bottom left.
        let bar = scalebar::scale_bar(view.metres_per_px_at_centre(), 140.0);
        let base = pos2(rect.left() + 14.0, rect.bottom() - 16.0);
        let bg = Rect::from_min_max(pos2(base.x - 8.0, base.y - 24.0), pos2(base.x + bar.px + 14.0, base.y + 8.0));
        painter.rect_filled(bg, 3.0, panel);
        painter.line_segment([base, pos2(base.x + bar.px, base.y)], Stroke::new(3.0, ink));
        for x in [base.x, base.x + bar.px] {
            painter.line_segment([pos2(x, base.y - 6.0), pos2(x, base.y + 1.0)], Stroke::new(2.0, ink));
        }
        painter.text(
            pos2(base.x + bar.px / 2.0, base.y - 6.0),
            Align2::CENTER_BOTTOM,
            &bar.label,
            FontId::proportional(12.0),
            ink,
        );
        // Attribution, bottom right.
        let mut attribution = String::from("Natural Earth");
        if let Some(a) = self.tiles.attribution() {
            attribution = format!("{a} · {attribution}");
        }
        painter.text(
            pos2(rect.right() - 6.0, rect.bottom() - 4.0),
            Align2::RIGHT_BOTTOM,
            attribution,
            FontId::proportional(10.0),
            paint::colour(pal.text_muted, 1.0),
        );
        // Tool hint and measurement, top centre.
        let hint = match self.tool {
            Tool::Browse if self.edit_mode => Some(cx.t(crate::i18n::T::HintEdit).to_string()),
            Tool::Browse => None,
            Tool::MeasureDistance | Tool::MeasureArea => {
                let area = self.tool == Tool::MeasureArea;
                Some(match self.measure.summary(area, lang) {
                    Some(s) => format!("{s}    {}", cx.t(crate::i18n::T::HintMeasure)),
                    None => cx.t(crate::i18n::T::HintMeasure).to_string(),
                })
            }
            Tool::Add(layer) => Some(format!("{}：{}", cx.t(crate::i18n::T::HintAdd), lang.label(layer))),
            Tool::Move => Some(cx.t(crate::i18n::T::HintMove).to_string()),
            Tool::PickIsochrone => Some(cx.t(crate::i18n::T::RoadsHintPick).to_string()),
            Tool::PickControlPoint => Some(cx.t(crate::i18n::T::GeorefHintMap).to_string()),
            Tool::PickPoint(purpose) => Some(cx.t(purpose.hint()).to_string()),
            Tool::PickSite => Some(cx.t(crate::i18n::T::SitingHintPick).to_string()),
        };
        if let Some(h) = hint {
            let galley = painter.layout_no_wrap(h, FontId::proportional(14.0), ink);
            let r = Rect::from_center_size(pos2(rect.center().x, rect.top() + 22.0), galley.size() + vec2(20.0, 10.0));
            painter.rect_filled(r, 4.0, panel);
            painter.rect_stroke(r, 4.0, Stroke::new(1.0, paint::colour(pal.measure, 1.0)), egui::StrokeKind::Inside);
            painter.galley(r.min + vec2(10.0, 5.0), galley, ink);
        }
    }

    /// Zoom in/out and "whole project" buttons, top right of the map.
    fn zoom_buttons_ui(
        &mut self,
        ui: &mut egui::Ui,
        rect: Rect,
        doc: &Document,
        lang: crate::i18n::Lang,
    ) -> Option<Command> {
        use crate::i18n::T;
        let size = Vec2::splat(30.0);
        let x = rect.right() - size.x - 10.0;
        let mut y = rect.top() + 10.0;
        let mut out = None;
        for (label, hint, what) in
            [("+", T::ZoomIn, 1), ("−", T::ZoomOut, -1), (lang.t(T::ZoomAllShort), T::ZoomToExtent, 0)]
        {
            let r = Rect::from_min_size(pos2(x, y), size);
            let text = egui::RichText::new(label).size(if label.chars().count() > 1 { 12.0 } else { 18.0 });
            let resp = ui.put(r, egui::Button::new(text).fill(ui.visuals().window_fill)).on_hover_text(lang.t(hint));
            if resp.clicked() {
                match what {
                    1 => {
                        let _ = self.memory.zoom_in();
                    }
                    -1 => {
                        let _ = self.memory.zoom_out();
                    }
                    _ => {
                        if doc.snapshot.extent().is_some() {
                            out = Some(Command::ZoomToExtent);
                        }
                    }
                }
            }
            y += size.y + 4.0;
        }
        out
    }
}

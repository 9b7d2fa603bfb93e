//! The eframe application shell: lays out the panels, routes their commands, and keeps the
//! persisted preferences ([`UiSettings`]) apart from runtime state (document, selection, tools).

use std::path::{Path, PathBuf};
use std::time::Instant;

use egui::{RichText, Ui};

use super::command::{Command, LayerFormat};
use super::dialogs::{self, PathPurpose};
use super::document::{Document, FeatureRef};
use super::fonts;
use super::jobs::{Finish, Task};
use super::map::MapPanel;
use super::map::tools::Tool;
use super::panels::roads::{self, RoadsPanel};
use super::panels::siting::SitingPanel;
use super::panels::{details::DetailsPanel, filters::FiltersPanel, layers::LayersPanel, menu, search::SearchPanel};
use super::panels::{hazard_ledger::HazardLedgerPanel, risk_picture::RiskPicturePanel};
use super::panels::{settings::SettingsWindow, status::StatusBar};
use super::settings::{STORAGE_KEY, SavedView, UiSettings};
use super::view::{Cx, StatusInfo, View};
use crate::actions::{ImportRequest, import_file};
use crate::i18n::T;
use crate::io::Crs;
use crate::model::{Feature, Labelled, Layer, LonLat};
use crate::render::layers::dispatch::{DispatchDrawing, DispatchLayer};
use crate::render::sheet::{self, SheetOptions};
use crate::render::{FilterMask, MapView, Renderer, Scene, Theme};

/// How often the records (overdue hazards, pre-positioning windows, warnings) are judged again
/// against the clock while the window is open.
const RECORDS_REFRESH_S: i64 = 60;

/// How the app starts.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// The project to open (default: the last one, else the demo).
    pub project: Option<PathBuf>,
    pub operator: Option<String>,
    /// When the process started, to report the time to the first frame.
    pub started: Option<Instant>,
}

/// Which tab the sidebar shows under the search box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum SidebarTab {
    #[default]
    Layers,
    Filters,
    Hazards,
    Risk,
    Coverage,
}

/// An import waiting for the user to confirm layer and coordinate system.
struct PendingImport {
    file: PathBuf,
    layer: Layer,
    crs: Crs,
}

pub struct OneMapApp {
    pub settings: UiSettings,
    pub doc: Option<Document>,
    pub map: MapPanel,
    pub selection: Option<FeatureRef>,
    menu: menu::MenuBar,
    toolbar: menu::Toolbar,
    pub search: SearchPanel,
    layers: LayersPanel,
    filters: FiltersPanel,
    pub details: DetailsPanel,
    status: StatusBar,
    settings_window: SettingsWindow,
    pub hazard_ledger: HazardLedgerPanel,
    risk_picture: RiskPicturePanel,
    tab: SidebarTab,
    coverage: super::panels::coverage::CoveragePanel,
    operator: Option<String>,
    /// The latest message for the status bar, and whether it is an error.
    pub message: Option<(String, bool)>,
    about_open: bool,
    pending_import: Option<PendingImport>,
    path_prompt: Option<dialogs::PathPrompt>,
    title: String,
    applied_theme: Option<Theme>,
    started: Option<Instant>,
    /// Time from process start to the end of the first frame.
    pub first_frame_ms: Option<f64>,
    /// A fixed "now" for the records (tests and snapshot images); `None` follows the clock.
    clock: Option<chrono::DateTime<chrono::Utc>>,
    pub dispatch: super::panels::dispatch::DispatchPanel,
    incident_types: super::panels::incident_types::IncidentTypesWindow,
    pub roads: RoadsPanel,
    pub siting: SitingPanel,
    /// What the travel layer shows, kept for map exports.
    travel: Option<std::sync::Arc<crate::render::layers::travel::TravelOverlay>>,
    /// Long jobs on worker threads (imports …), shown in the status bar with a Cancel button.
    jobs: Vec<Task<Finish>>,
    ctx: egui::Context,
    /// The enterprise risk window and the floor-plan georeferencing window.
    pub risk: super::panels::risk_windows::RiskWindows,
    pub hazard_card: super::panels::hazard_card::HazardCard,
    pub drills: super::panels::drills::DrillsWindow,
    pub prepositions: super::panels::prepositions::PrepositionsWindow,
    pub warnings: super::panels::warnings::WarningsWindow,
}

impl OneMapApp {
    /// The app for eframe: restores preferences and opens the project.
    pub fn new(cc: &eframe::CreationContext<'_>, opts: StartOptions) -> Self {
        let settings: UiSettings = cc.storage.and_then(|s| eframe::get_value(s, STORAGE_KEY)).unwrap_or_default();
        let mut app = Self::with_settings(&cc.egui_ctx, settings, opts);
        if let Some(rs) = cc.wgpu_render_state.as_ref() {
            app.enable_gpu_heat(rs);
        }
        app
    }

    /// The app with given preferences (tests use this with defaults).
    pub fn with_settings(ctx: &egui::Context, mut settings: UiSettings, opts: StartOptions) -> Self {
        fonts::install(ctx);
        style(ctx);
        settings.normalise();
        let mut app = Self {
            settings,
            doc: None,
            map: MapPanel::default(),
            selection: None,
            menu: menu::MenuBar,
            toolbar: menu::Toolbar,
            search: SearchPanel::default(),
            layers: LayersPanel,
            filters: FiltersPanel,
            details: DetailsPanel::default(),
            status: StatusBar,
            settings_window: SettingsWindow::default(),
            hazard_ledger: HazardLedgerPanel::default(),
            risk_picture: RiskPicturePanel::default(),
            tab: SidebarTab::default(),
            coverage: Default::default(),
            operator: opts.operator.clone(),
            message: None,
            about_open: false,
            pending_import: None,
            path_prompt: None,
            title: String::new(),
            applied_theme: None,
            started: opts.started,
            first_frame_ms: None,
            clock: None,
            dispatch: Default::default(),
            incident_types: Default::default(),
            roads: RoadsPanel::default(),
            siting: SitingPanel::default(),
            travel: None,
            jobs: Vec::new(),
            ctx: ctx.clone(),
            risk: Default::default(),
            hazard_card: Default::default(),
            drills: Default::default(),
            prepositions: Default::default(),
            warnings: Default::default(),
        };
        let path = opts
            .project
            .clone()
            .or_else(|| app.settings.last_project.clone().filter(|p| p.exists()))
            .map_or_else(crate::demo::ensure_default, Ok);
        match path {
            Ok(p) => {
                let restore = opts.project.is_none() && app.settings.last_project.as_deref() == Some(p.as_path());
                app.open(&p);
                if restore && let Some(v) = app.settings.last_view {
                    app.map.restore = Some((LonLat::new(v.lon, v.lat), v.zoom));
                }
            }
            Err(e) => app.message = Some((format!("{e:#}"), true)),
        }
        app
    }

    /// Draws the risk heat map with the GPU shader on this wgpu device (else the CPU draws it).
    pub fn enable_gpu_heat(&mut self, render_state: &eframe::egui_wgpu::RenderState) {
        // The shader runs in egui's render pass: no multisampling (NativeOptions' default).
        crate::render::heat_callback::install(render_state, 1);
        self.map.heat.get_mut().gpu = true;
    }

    /// Judges the records (overdue hazards, windows, warnings) at a fixed instant from the next
    /// frame on, instead of the clock: tests and reference images must not change with the date.
    pub fn set_clock(&mut self, at: chrono::DateTime<chrono::Utc>) {
        self.clock = Some(at);
    }

    fn t(&self, key: T) -> &'static str {
        self.settings.lang.t(key)
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), false));
    }

    fn fail(&mut self, e: impl std::fmt::Display) {
        self.message = Some((e.to_string(), true));
    }

    /// Runs `work` on a worker thread with a bar and Cancel in the status bar; what it returns
    /// is applied to the window when it ends, its error shown in the status bar.
    pub fn run_job<F>(&mut self, label: String, work: F)
    where
        F: FnOnce(&dyn crate::progress::Progress) -> anyhow::Result<Finish> + Send + 'static,
    {
        self.jobs.push(Task::spawn(&self.ctx, label, work));
    }

    /// Applies the jobs that have ended.
    fn poll_jobs(&mut self) {
        let mut ended = Vec::new();
        self.jobs.retain_mut(|job| match job.poll() {
            Some(r) => {
                ended.push(r);
                false
            }
            None => true,
        });
        for r in ended {
            match r {
                Ok(finish) => finish(self),
                Err(e) => self.fail(format!("{e:#}")),
            }
        }
    }

    /// True while a job runs (the window's or a panel's).
    pub fn busy(&self) -> bool {
        !self.jobs.is_empty() || self.roads.busy() || self.siting.busy()
    }

    /// Blocks until every running job has ended; the next frame applies their results as it
    /// would after a real wait (tests use this instead of sleeping).
    pub fn wait_for_jobs(&mut self) {
        for job in &mut self.jobs {
            job.block();
        }
        self.roads.block();
        self.siting.block();
        self.poll_jobs();
    }

    /// Opens a project file, replacing the current one.
    pub fn open(&mut self, path: &Path) {
        match Document::open(path, self.operator.as_deref(), self.settings.tiles.datum()) {
            Ok(doc) => {
                self.settings.last_project = Some(path.to_path_buf());
                self.doc = Some(doc);
                self.selection = None;
                self.map.fit_pending = true;
                self.map.cancel_tool();
                self.say(format!("{} {}", self.t(T::Opened), path.display()));
            }
            Err(e) => self.fail(format!("{}: {e:#}", self.t(T::CannotOpen))),
        }
    }

    /// Applies one command from a panel.
    pub fn apply(&mut self, cmd: Command) {
        match cmd {
            Command::Select(f) => {
                self.selection = f;
                if f.is_some() {
                    self.settings.show_details = true;
                }
            }
            Command::Focus(f) => {
                self.selection = Some(f);
                self.settings.show_details = true;
                if let Some(doc) = &self.doc
                    && let Some(feature) = doc.feature(f)
                {
                    match focus_target(&feature) {
                        Some(Focus::Point(at)) => self.map.go_to(at, self.map.zoom().max(14.0)),
                        Some(Focus::Area(centre, zoom)) => self.map.go_to(centre, zoom),
                        None => {}
                    }
                }
            }
            Command::ZoomTo { centre, zoom } => self.map.go_to(centre, zoom),
            Command::ZoomToExtent => self.map.fit_pending = true,
            Command::Edit(edit) => {
                let deleting = matches!(edit, crate::actions::Edit::Delete(..));
                let Some(doc) = &mut self.doc else { return };
                match doc.apply(edit) {
                    Ok(f) => {
                        self.selection = if deleting { None } else { Some(f) };
                        self.say(self.t(T::Saved));
                    }
                    Err(e) => self.fail(format!("{}: {e:#}", self.t(T::NotSaved))),
                }
            }
            Command::Undo | Command::Redo => {
                let undo = matches!(cmd, Command::Undo);
                let Some(doc) = &mut self.doc else { return };
                let r = if undo { doc.undo() } else { doc.redo() };
                match r {
                    Ok(touched) => {
                        self.selection = touched.filter(|f| self.doc.as_ref().is_some_and(|d| d.feature(*f).is_some()));
                        self.say(self.t(if undo { T::Undone } else { T::Redone }));
                    }
                    Err(e) => self.fail(format!("{e:#}")),
                }
            }
            Command::StartAdd(layer) => self.map.tool = Tool::Add(layer),
            Command::StartMove => {
                if self.selection.is_some() {
                    self.map.tool = Tool::Move;
                }
            }
            Command::SetTool(tool) => {
                self.map.cancel_tool();
                self.map.tool = tool;
            }
            Command::SetEditMode(on) => self.map.edit_mode = on,
            Command::ChoosePath(purpose) => match dialogs::native(&purpose) {
                dialogs::Chosen::Path(path) => self.apply(purpose.command(path)),
                dialogs::Chosen::Cancelled => {}
                dialogs::Chosen::Unavailable => self.path_prompt = Some(dialogs::PathPrompt::new(purpose)),
            },
            Command::Open(p) => self.open(&p),
            Command::New(p) => match Document::create(&p, self.operator.as_deref(), self.settings.tiles.datum()) {
                Ok(doc) => {
                    self.doc = Some(doc);
                    self.settings.last_project = Some(p.clone());
                    self.selection = None;
                    self.map.fit_pending = true;
                    self.say(format!("{} {}", self.t(T::Created), p.display()));
                }
                Err(e) => self.fail(format!("{e:#}")),
            },
            Command::ConfirmImport { file, layer } => {
                self.pending_import = Some(PendingImport { file, layer, crs: Crs::Wgs84 });
            }
            Command::Import(req) => {
                let Some(doc) = &self.doc else { return };
                let mut project = match doc.worker_project() {
                    Ok(p) => p,
                    Err(e) => return self.fail(format!("{}: {e:#}", self.t(T::NotImported))),
                };
                let lang = self.settings.lang;
                let label = format!("{} {}", lang.t(T::JobImporting), file_name(&req.file));
                self.run_job(label, move |progress| {
                    let summary = import_file(&mut project, &req, progress)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", lang.t(T::NotImported)))?;
                    Ok(Box::new(move |app: &mut OneMapApp| {
                        let Some(doc) = &mut app.doc else { return };
                        doc.undo.clear();
                        match doc.reload() {
                            Ok(()) => app.say(format!(
                                "{} {} → {}",
                                lang.t(T::Imported),
                                summary.imported,
                                lang.label(req.layer)
                            )),
                            Err(e) => app.fail(format!("{e:#}")),
                        }
                    }))
                });
            }
            Command::ExportLayer { layer, format, path } => {
                let Some(doc) = &self.doc else { return };
                let features: Vec<Feature> = match doc.project.features(layer) {
                    Ok(f) => f,
                    Err(e) => return self.fail(e),
                };
                // In drill mode every export is marked 【演练】, from the window as from the CLI.
                let mark = match doc.project.export_mark() {
                    Ok(m) => m,
                    Err(e) => return self.fail(e),
                };
                let r = match format {
                    LayerFormat::GeoJson => crate::io::export::geojson(&features, &path, mark),
                    LayerFormat::Csv => crate::io::export::csv_layer(layer, &features, &path, mark),
                };
                match r {
                    Ok(()) => self.say(format!("{} {}", self.t(T::Exported), path.display())),
                    Err(e) => self.fail(e),
                }
            }
            Command::ExportMap(path) => match self.export_map(&path) {
                Ok(()) => self.say(format!("{} {}", self.t(T::Exported), path.display())),
                Err(e) => self.fail(e),
            },
            Command::SaveMapSettings(s) => {
                let Some(doc) = &mut self.doc else { return };
                match doc.save_map_settings(s) {
                    Ok(()) => self.say(self.t(T::Saved)),
                    Err(e) => self.fail(format!("{e:#}")),
                }
            }
            Command::ShowSettings => self.settings_window.show(),
            Command::ShowAbout => self.about_open = true,
            Command::SetDrillMode(on) => {
                let Some(doc) = &mut self.doc else { return };
                let now = chrono::Utc::now();
                let r = crate::actions::drills::set_drill_mode(&mut doc.project, on, "", None, now)
                    .map_err(anyhow::Error::from)
                    .and_then(|_| doc.reload());
                match r {
                    Ok(()) => self.say(self.t(if on { T::DrillModeOn } else { T::DrillModeOff })),
                    Err(e) => self.fail(format!("{e:#}")),
                }
            }
            Command::PlaceIncident(at) => self.dispatch.place(at),
            Command::ExportDispatch(path) => match self.export_dispatch(&path) {
                Ok(()) => self.say(format!("{} {}", self.t(T::Exported), path.display())),
                Err(e) => self.fail(format!("{e:#}")),
            },
            Command::LogDispatch => {
                let (Some(doc), Some(plan)) = (&mut self.doc, &self.dispatch.plan) else { return };
                let r = crate::actions::dispatch::log_dispatch(
                    &mut doc.project,
                    plan,
                    &self.dispatch.address,
                    &self.dispatch.note,
                );
                match r {
                    Ok(id) => self.say(format!("{} {id}", self.t(T::Logged))),
                    Err(e) => self.fail(e),
                }
            }
            Command::ShowIncidentTypes => self.incident_types.show(),
            Command::SaveIncidentTypes(t) => {
                let Some(doc) = &mut self.doc else { return };
                match crate::actions::dispatch::save_templates(&mut doc.project, &t) {
                    Ok(()) => {
                        // The dispatch panel reloads its settings on a new document version.
                        doc.version += 1;
                        self.say(self.t(T::Saved));
                    }
                    Err(e) => self.fail(format!("{}: {e}", self.t(T::NotSaved))),
                }
            }
            Command::ShowRoads => self.roads.open = true,
            Command::ShowSiting => self.siting.open = true,
            Command::ImportRoads(file) => {
                let Some(doc) = &self.doc else { return };
                let mut project = match doc.worker_project() {
                    Ok(p) => p,
                    Err(e) => return self.fail(format!("{}: {e:#}", self.t(T::NotImported))),
                };
                let lang = self.settings.lang;
                let label = format!("{} {}", lang.t(T::JobImporting), file_name(&file));
                self.run_job(label, move |progress| {
                    let req = crate::routing::RoadImport { file, bbox: None };
                    let s = crate::routing::import_roads(&mut project, &req, progress)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", lang.t(T::NotImported)))?;
                    Ok(Box::new(move |app: &mut OneMapApp| {
                        app.roads.forget_router();
                        let b = &s.build;
                        app.say(format!("{} {} ({:.1} km)", lang.t(T::Imported), b.segments, b.length_km));
                    }))
                });
            }
            Command::IsochroneAt(at) => {
                let Some(doc) = &self.doc else { return };
                self.roads.open = true;
                self.roads.isochrones(doc, &self.ctx, roads::Source::Point(at), self.settings.lang);
            }
            Command::ShowTravel(overlay) => {
                show_travel(&mut self.map.renderer.borrow_mut(), &overlay);
                self.travel = (!overlay.is_empty()).then_some(overlay);
            }
            Command::RunCoverage(opts) => self.start_coverage(opts, None),
            Command::ExportCoverage { what, path } => {
                match super::panels::coverage::export(self.doc.as_ref(), what, &path, self.settings.lang) {
                    Ok(()) => self.say(format!("{} {}", self.t(T::Exported), path.display())),
                    Err(e) => self.fail(format!("{e:#}")),
                }
            }
            Command::Risk(action) if super::panels::risk_windows::RiskWindows::runs_as_job(&action) => {
                self.risk_job(action)
            }
            Command::Risk(action) => match self.risk.apply(self.doc.as_mut(), action, self.settings.lang) {
                Ok(Some(m)) => self.say(m),
                Ok(None) => {}
                Err(e) => self.fail(format!("{e:#}")),
            },
            Command::OpenHazard { id, zoom } => {
                if let Some(doc) = &self.doc {
                    self.hazard_card.show(doc, id);
                }
                if let Some((centre, zoom)) = zoom {
                    self.map.go_to(centre, zoom);
                }
            }
            Command::NewHazard => {
                if let Some(doc) = &self.doc {
                    self.hazard_card.new_item(doc);
                }
            }
            Command::PointPicked(purpose, at) => self.point_picked(purpose, at),
            Command::Record(op) => self.record(op),
            Command::ShowRecords(which) => self.show_records(which),
            Command::Siting(super::panels::siting::SitingAction::ImportLayer(file)) => self.import_demand_layer(file),
            Command::Siting(super::panels::siting::SitingAction::Marks(overlay)) => {
                let layer = crate::render::layers::siting::Siting::new(overlay);
                if let Some(slot) = self.map.renderer.borrow_mut().slot_mut(crate::render::LayerId::Siting) {
                    slot.layer = Box::new(layer);
                    slot.invalidate();
                }
            }
            Command::Siting(action) => match self.siting.apply(action, self.doc.as_mut(), self.settings.lang) {
                Ok(message) => self.say(message),
                Err(e) => self.fail(format!("{e:#}")),
            },
            Command::RunScenarioCoverage(after) => {
                let opts = self.coverage.choose(&after);
                self.tab = SidebarTab::Coverage;
                self.start_coverage(opts, Some(*after));
            }
        }
    }

    /// The coverage analysis as a job (the planned stations, or a scenario's sites instead).
    fn start_coverage(
        &mut self,
        opts: crate::analysis::coverage::CoverageOptions,
        after: Option<super::panels::coverage::ScenarioAfter>,
    ) {
        let Some(doc) = &self.doc else { return };
        let lang = self.settings.lang;
        match super::panels::coverage::job(doc, opts, after, lang) {
            Ok(work) => self.run_job(lang.t(T::CoverageTitle).to_string(), move |progress| {
                let keep = work(progress)?;
                Ok(Box::new(move |app: &mut OneMapApp| {
                    keep(app);
                    app.say(lang.t(T::CoverageDone));
                }))
            }),
            Err(e) => self.fail(format!("{e:#}")),
        }
    }

    /// The records' "now": the fixed clock of tests and reference images, else the clock.
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.unwrap_or_else(chrono::Utc::now)
    }

    fn point_picked(&mut self, purpose: super::panels::record_ops::PointPurpose, at: LonLat) {
        use super::panels::record_ops::PointPurpose;
        let now = self.now();
        match purpose {
            PointPurpose::HazardLocation => self.hazard_card.picked(at),
            PointPurpose::DrillScenario => {
                if let Some(doc) = &self.doc {
                    self.drills.picked(doc, at, now);
                }
            }
            PointPurpose::Preposition => self.prepositions.picked(at),
        }
    }

    fn show_records(&mut self, which: super::panels::record_ops::RecordWindow) {
        use super::panels::record_ops::RecordWindow;
        let now = self.now();
        let Some(doc) = &self.doc else { return };
        match which {
            RecordWindow::Drills => self.drills.show(doc),
            RecordWindow::Prepositions => self.prepositions.show(doc, now),
            RecordWindow::Warnings => self.warnings.show(doc, now),
        }
    }

    /// A write on the records; a refusal also shows in the form that asked for it.
    /// A file of demand points or areas as a new layer (named after the file, made unique), on a
    /// worker thread; the siting window then offers it chosen as demand.
    fn import_demand_layer(&mut self, file: PathBuf) {
        let Some(doc) = &self.doc else { return self.fail(self.t(T::NoProject)) };
        let lang = self.settings.lang;
        let taken: Vec<String> = match doc.project.feature_layers() {
            Ok(l) => l.into_iter().map(|l| l.table.to_lowercase()).collect(),
            Err(e) => return self.fail(format!("{e:#}")),
        };
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let stem: String =
            stem.chars().filter(|c| !matches!(c, '"' | '`' | '[' | ']') && !c.is_control()).take(50).collect();
        let stem = if stem.trim().is_empty() { "layer".to_string() } else { stem };
        let name = std::iter::once(stem.clone())
            .chain((2..).map(|k| format!("{stem}_{k}")))
            .find(|n| !taken.contains(&n.to_lowercase()))
            .unwrap_or(stem);
        let mut project = match doc.worker_project() {
            Ok(p) => p,
            Err(e) => return self.fail(format!("{}: {e:#}", lang.t(T::NotImported))),
        };
        let label = format!("{} {}", lang.t(T::JobImporting), file_name(&file));
        self.run_job(label, move |progress| {
            let req = crate::actions::user_layer::LayerImportRequest {
                file,
                name,
                crs: Crs::Wgs84,
                read: crate::io::ReadOptions::default(),
            };
            let s = crate::actions::user_layer::import_user_layer(&mut project, &req, progress)
                .map_err(|e| anyhow::anyhow!("{}: {e}", lang.t(T::NotImported)))?;
            Ok(Box::new(move |app: &mut OneMapApp| {
                let Some(doc) = &mut app.doc else { return };
                if let Err(e) = doc.reload() {
                    return app.fail(format!("{e:#}"));
                }
                app.siting.use_demand_layer(&s.layer);
                app.say(format!("{} {} → {}", lang.t(T::Imported), s.imported, s.layer));
            }))
        });
    }

    /// A poster, zone import or city table on a worker thread with the project's own connection.
    fn risk_job(&mut self, action: super::panels::risk_windows::RiskAction) {
        let Some(doc) = &self.doc else { return self.fail(self.t(T::NoProject)) };
        let lang = self.settings.lang;
        let mut project = match doc.worker_project() {
            Ok(p) => p,
            Err(e) => return self.fail(format!("{e:#}")),
        };
        self.run_job(lang.t(T::JobRiskFile).to_string(), move |_progress| {
            let outcome = super::panels::risk_windows::work(&mut project, action, lang);
            Ok(Box::new(move |app: &mut OneMapApp| match app.risk.finished(app.doc.as_mut(), outcome) {
                Ok(m) => app.say(m),
                Err(e) => app.fail(format!("{e:#}")),
            }))
        });
    }

    fn record(&mut self, op: super::panels::record_ops::RecordOp) {
        use super::panels::record_ops::{Form, RecordOp, apply};
        let now = self.now();
        let lang = self.settings.lang;
        let Some(doc) = &mut self.doc else { return };
        let form = op.form();
        if form == Form::None {
            // Sheets in and out on a worker thread, with the project's own connection.
            let mut project = match doc.worker_project() {
                Ok(p) => p,
                Err(e) => return self.fail(format!("{}: {e:#}", lang.t(T::NotSaved))),
            };
            let label = lang.t(T::JobSheet).to_string();
            self.run_job(label, move |_progress| {
                let done = super::panels::record_ops::write(&mut project, op, now, lang)
                    .map_err(|e| anyhow::anyhow!("{}: {e:#}", lang.t(T::NotSaved)))?;
                Ok(Box::new(move |app: &mut OneMapApp| {
                    let Some(doc) = &mut app.doc else { return };
                    match doc.reload() {
                        Ok(()) => app.say(done.message),
                        Err(e) => app.fail(format!("{e:#}")),
                    }
                }))
            });
            return;
        }
        let saving_drill = matches!(op, RecordOp::SaveDrill(_));
        let adding = matches!(op, RecordOp::AddPreposition(_) | RecordOp::AddWarning(_));
        match apply(doc, op, now, lang) {
            Ok(done) => {
                match form {
                    Form::HazardCard => self.hazard_card.saved(doc, done.id),
                    Form::Drills if saving_drill => self.drills.saved(),
                    // A new one entered: a fresh form (ending or deleting keeps what is typed).
                    Form::Prepositions if adding => self.prepositions.saved(doc, now),
                    Form::Warnings if adding => self.warnings.saved(doc, now),
                    _ => {}
                }
                self.say(done.message);
            }
            Err(e) => {
                let text = format!("{}: {e:#}", self.t(T::NotSaved));
                let slot = match form {
                    Form::HazardCard => Some(&mut self.hazard_card.error),
                    Form::Drills => Some(&mut self.drills.error),
                    Form::Prepositions => Some(&mut self.prepositions.error),
                    Form::Warnings => Some(&mut self.warnings.error),
                    Form::None => None,
                };
                if let Some(slot) = slot {
                    *slot = Some(text.clone());
                }
                self.fail(text);
            }
        }
    }

    /// Writes the dispatch sheet (.xlsx/.csv, the same sheet as `onemap dispatch --sheet`) or a
    /// PNG/PDF map of the incident and the units sent, titled with the incident type.
    pub fn export_dispatch(&self, path: &Path) -> anyhow::Result<()> {
        let doc = self.doc.as_ref().ok_or_else(|| anyhow::anyhow!(self.t(T::NoProject)))?;
        let plan = self.dispatch.plan.as_ref().ok_or_else(|| anyhow::anyhow!(self.t(T::IncidentHint)))?;
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
        if ext != "png" && ext != "pdf" {
            return crate::actions::dispatch::write_sheet(&doc.project, plan, &self.dispatch.address, path);
        }
        let drawing = DispatchDrawing::from_plan(plan, self.settings.lang);
        let mut renderer = Renderer::default();
        if let Some(layer) = renderer.layer_mut::<DispatchLayer>(crate::render::LayerId::Dispatch) {
            layer.set(Some(drawing.clone()));
        }
        let view = MapView::fit(drawing.extent(), [1400.0, 900.0], 80.0, doc.index.datum);
        let view = MapView { zoom: view.zoom.min(15.0), ..view };
        let title = format!("{} · {}", self.t(T::DispatchMapTitle), plan.incident_type);
        let title = doc.project.export_mark()?.title(&title);
        self.export_sheet(path, &view, title, &mut renderer, Some(&drawing)).map_err(anyhow::Error::msg)
    }

    /// Renders the current view, as on screen, to a PNG or PDF sheet.
    pub fn export_map(&self, path: &Path) -> Result<(), String> {
        let view = self.map.view.ok_or_else(|| self.t(T::NoProject).to_string())?;
        let view = MapView { origin: [0.0, 0.0], ..view };
        let title = self.settings.lang.t(T::DefaultSheetTitle).to_string();
        // The incident and units on screen are on the sheet too.
        let mut renderer = Renderer::default();
        let drawing = self.dispatch.plan.as_ref().map(|p| DispatchDrawing::from_plan(p, self.settings.lang));
        if let Some(layer) = renderer.layer_mut::<DispatchLayer>(crate::render::LayerId::Dispatch) {
            layer.set(drawing);
        }
        self.export_sheet(path, &view, title, &mut renderer, None)
    }

    /// Renders a view of the project with `renderer`'s layers to a PNG or PDF sheet, with the
    /// dispatch's units listed under the title when given.
    fn export_sheet(
        &self,
        path: &Path,
        view: &MapView,
        title: String,
        renderer: &mut Renderer,
        units: Option<&DispatchDrawing>,
    ) -> Result<(), String> {
        let doc = self.doc.as_ref().ok_or_else(|| self.t(T::NoProject).to_string())?;
        let mask = FilterMask::build(&doc.snapshot, &self.settings.filter, 1);
        let options = crate::render::SceneOptions {
            theme: self.settings.theme,
            lang: self.settings.lang,
            protection: doc.map_settings.protection.clone(),
            countries: self.settings.countries,
            city_fill: true,
            scale: 1.0,
            coverage: crate::ui::panels::coverage::overlay(doc),
        };
        let scene = Scene { snapshot: &doc.snapshot, index: &doc.index, mask: &mask, options: &options, version: 1 };
        let lang = self.settings.lang;
        let opts = SheetOptions {
            // In drill mode the sheet is marked 【演练】 like every other export.
            title: doc.project.export_mark().map_err(|e| e.to_string())?.title(&title),
            subtitle: doc.path().file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
            date: chrono::Local::now().format("%Y-%m-%d").to_string(),
            lang,
            theme: self.settings.theme,
            pixel_scale: 2.0,
        };
        if let Some(overlay) = &self.travel {
            show_travel(renderer, overlay);
        }
        let visible = self.settings.visible_layers();
        let (mut pm, layout) = sheet::render(renderer, &scene, view, &visible, &opts).map_err(|e| e.to_string())?;
        if let Some(d) = units {
            let top = layout.title.map_or(10.0, |[_, max]| max[1] + 10.0);
            let list = crate::render::layers::dispatch::table(d, &scene.palette(), [10.0, top], lang);
            let tf = tiny_skia::Transform::from_scale(opts.pixel_scale, opts.pixel_scale);
            crate::render::raster::paint(&mut pm, &list, 1.0, tf);
        }
        let pdf = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        if pdf { sheet::write_pdf(&pm, path) } else { sheet::write_png(&pm, path) }.map_err(|e| e.to_string())
    }

    fn status_info(&self) -> StatusInfo {
        let view = self.map.view;
        StatusInfo {
            cursor: self.map.cursor,
            zoom: self.map.zoom(),
            metres_per_px: view.map_or(0.0, |v| v.metres_per_px_at_centre()),
            tiles: Some(self.map.tiles.status()),
            frame_ms: (self.map.last_frame.prepare_us + self.map.last_frame.paint_us) as f64 / 1000.0,
            message: self.message.clone(),
            tool: self.map.tool,
            edit_mode: self.map.edit_mode,
            can_undo: self.doc.as_ref().is_some_and(|d| d.undo.can_undo()),
            can_redo: self.doc.as_ref().is_some_and(|d| d.undo.can_redo()),
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) -> Option<Command> {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let typing = ctx.egui_wants_keyboard_input();
        let mut out = None;
        ctx.input_mut(|i| {
            if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z))
                || i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Y))
            {
                out = Some(Command::Redo);
            } else if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Z)) {
                out = Some(Command::Undo);
            } else if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::O)) {
                out = Some(Command::ChoosePath(PathPurpose::Open));
            } else if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::E)) {
                out = Some(Command::ChoosePath(PathPurpose::ExportMap { pdf: false }));
            } else if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F)) {
                self.search.focus = true;
            } else if !typing && i.consume_key(Modifiers::NONE, Key::Home) {
                out = Some(Command::ZoomToExtent);
            }
        });
        out
    }

    fn windows(&mut self, ui: &mut Ui) -> Option<Command> {
        let lang = self.settings.lang;
        let mut out = None;
        if self.about_open {
            let mut open = true;
            super::view::centred_window(ui.ctx(), lang.t(T::About)).open(&mut open).resizable(false).show(
                ui.ctx(),
                |ui| {
                    ui.heading(lang.t(T::AppTitle));
                    ui.label(format!("{} {}", lang.t(T::Version), crate::cli::VERSION));
                    ui.label(lang.t(T::AboutText));
                    ui.label(RichText::new(lang.t(T::AboutData)).small());
                },
            );
            self.about_open = open;
        }
        if let Some(prompt) = &mut self.path_prompt
            && let Some(result) = prompt.ui(ui.ctx(), lang)
        {
            out = result;
            self.path_prompt = None;
        }
        if let Some(p) = &mut self.pending_import {
            let mut keep = true;
            super::view::centred_window(ui.ctx(), lang.t(T::Import)).resizable(false).show(ui.ctx(), |ui| {
                ui.label(p.file.display().to_string());
                egui::ComboBox::from_label(lang.t(T::TargetLayer)).selected_text(lang.label(p.layer)).show_ui(
                    ui,
                    |ui| {
                        for &l in Layer::ALL {
                            ui.selectable_value(&mut p.layer, l, lang.label(l));
                        }
                    },
                );
                ui.radio_value(&mut p.crs, Crs::Wgs84, lang.t(T::CrsWgs84));
                ui.radio_value(&mut p.crs, Crs::Gcj02, lang.t(T::CrsGcj02));
                ui.horizontal(|ui| {
                    if ui.button(lang.t(T::Import)).clicked() {
                        let mut req = ImportRequest::new(&p.file, p.layer);
                        req.crs = p.crs;
                        out = Some(Command::Import(req));
                        keep = false;
                    }
                    if ui.button(lang.t(T::Cancel)).clicked() {
                        keep = false;
                    }
                });
            });
            if !keep {
                self.pending_import = None;
            }
        }
        out
    }
}

/// Puts road or siting results into a renderer's travel layer.
fn show_travel(renderer: &mut Renderer, overlay: &std::sync::Arc<crate::render::layers::travel::TravelOverlay>) {
    if let Some(slot) = renderer.slot_mut(crate::render::LayerId::Travel) {
        slot.layer = Box::new(crate::render::layers::travel::Travel::new(overlay.clone()));
        slot.invalidate();
    }
}

/// The file name of a path, for short labels.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().to_string())
}

enum Focus {
    Point(LonLat),
    Area(LonLat, f64),
}

fn focus_target(f: &Feature) -> Option<Focus> {
    if let Some(at) = f.location() {
        return Some(Focus::Point(at));
    }
    let Feature::Areas(a) = f else { return None };
    use geo::BoundingRect;
    let r = a.outline.as_ref()?.bounding_rect()?;
    let bbox = crate::snapshot::BBox { west: r.min().x, south: r.min().y, east: r.max().x, north: r.max().y };
    let v = MapView::fit(bbox, [1000.0, 700.0], 20.0, crate::render::Datum::Wgs84);
    Some(Focus::Area(bbox.centre(), v.zoom))
}

/// Text sizes that read comfortably in Chinese.
fn style(ctx: &egui::Context) {
    use egui::{FontFamily, FontId, TextStyle};
    ctx.all_styles_mut(|s| {
        s.text_styles = [
            (TextStyle::Heading, FontId::new(19.0, FontFamily::Proportional)),
            (TextStyle::Body, FontId::new(14.0, FontFamily::Proportional)),
            (TextStyle::Button, FontId::new(14.0, FontFamily::Proportional)),
            (TextStyle::Small, FontId::new(11.5, FontFamily::Proportional)),
            (TextStyle::Monospace, FontId::new(13.0, FontFamily::Monospace)),
        ]
        .into();
        s.spacing.item_spacing = egui::vec2(8.0, 5.0);
    });
}

impl eframe::App for OneMapApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if self.applied_theme != Some(self.settings.theme) {
            ctx.set_theme(match self.settings.theme {
                Theme::Light => egui::Theme::Light,
                Theme::Dark => egui::Theme::Dark,
            });
            self.applied_theme = Some(self.settings.theme);
        }
        if let Some(doc) = &mut self.doc {
            doc.ensure_datum(self.settings.tiles.datum());
            // The operator named in the settings signs every write, unless --operator named one.
            let named = self.settings.operator.trim();
            if self.operator.is_none() && !named.is_empty() && doc.project.operator() != named {
                doc.project.set_operator(named);
            }
            // Overdue items and active windows change with the clock, not only with edits.
            let now = self.clock.unwrap_or_else(chrono::Utc::now);
            let stale = match self.clock {
                Some(fixed) => doc.index.records.at != fixed,
                None => (now - doc.index.records.at).num_seconds() >= RECORDS_REFRESH_S,
            };
            if stale && let Err(e) = doc.refresh_records(now) {
                self.message = Some((format!("{e:#}"), true));
            }
            ctx.request_repaint_after(std::time::Duration::from_secs(RECORDS_REFRESH_S as u64));
        }
        let title = match &self.doc {
            Some(d) => format!(
                "{} — {}",
                d.path().file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
                self.t(T::AppTitle)
            ),
            None => self.t(T::AppTitle).to_string(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        self.poll_jobs();
        let mut commands: Vec<Command> = Vec::new();
        commands.extend(self.shortcuts(&ctx));
        let legend = {
            let visible = self.settings.visible_layers();
            self.map.renderer.borrow().legend(&visible)
        };
        let status = self.status_info();
        let mut cx =
            Cx { doc: self.doc.as_ref(), settings: &mut self.settings, selection: self.selection, legend, status };

        egui::Panel::top("menu").show(ui, |ui| {
            commands.extend(self.menu.ui(ui, &mut cx));
            commands.extend(self.toolbar.ui(ui, &mut cx));
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            for job in &self.jobs {
                job.ui(ui, cx.lang());
            }
            commands.extend(self.status.ui(ui, &mut cx));
        });
        if cx.settings.show_sidebar {
            egui::Panel::left("sidebar").resizable(true).default_size(290.0).min_size(220.0).show(ui, |ui| {
                commands.extend(self.search.ui(ui, &mut cx));
                ui.separator();
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.tab, SidebarTab::Layers, cx.t(T::TabLayers));
                    ui.selectable_value(&mut self.tab, SidebarTab::Filters, cx.t(T::TabFilters));
                    ui.selectable_value(&mut self.tab, SidebarTab::Hazards, cx.t(T::TabHazards));
                    ui.selectable_value(&mut self.tab, SidebarTab::Risk, cx.t(T::TabRisk));
                    ui.selectable_value(&mut self.tab, SidebarTab::Coverage, cx.t(T::CoverageTab));
                });
                ui.separator();
                egui::ScrollArea::vertical().id_salt("sidebar").show(ui, |ui| match self.tab {
                    SidebarTab::Layers => commands.extend(self.layers.ui(ui, &mut cx)),
                    SidebarTab::Filters => commands.extend(self.filters.ui(ui, &mut cx)),
                    SidebarTab::Hazards => commands.extend(self.hazard_ledger.ui(ui, &mut cx)),
                    SidebarTab::Risk => commands.extend(self.risk_picture.ui(ui, &mut cx)),
                    SidebarTab::Coverage => commands.extend(self.coverage.ui(ui, &mut cx)),
                });
            });
        }
        if self.dispatch.is_open() {
            egui::Panel::right("dispatch").resizable(true).default_size(420.0).min_size(300.0).show(ui, |ui| {
                commands.extend(self.dispatch.ui(ui, &mut cx));
            });
        }
        if cx.settings.show_details && cx.selection.is_some() {
            egui::Panel::right("details").resizable(true).default_size(330.0).min_size(260.0).show(ui, |ui| {
                commands.extend(self.details.ui(ui, &mut cx));
            });
        }
        egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| {
            commands.extend(self.map.ui(ui, &mut cx));
        });
        commands.extend(self.settings_window.ui(ui, &mut cx));
        commands.extend(self.incident_types.ui(ui, &mut cx));
        commands.extend(self.roads.ui(ui, &mut cx));
        commands.extend(self.siting.ui(ui, &mut cx));
        commands.extend(self.risk.ui(ui, &mut cx));
        commands.extend(self.hazard_card.ui(ui, &mut cx));
        commands.extend(self.drills.ui(ui, &mut cx));
        commands.extend(self.prepositions.ui(ui, &mut cx));
        commands.extend(self.warnings.ui(ui, &mut cx));
        commands.extend(self.windows(ui));

        for c in commands {
            self.apply(c);
        }
        self.dispatch.show_on_map(&self.map, self.settings.lang);
        self.drills.show_on_map(&self.map, self.doc.as_ref(), self.settings.lang);
        if self.first_frame_ms.is_none() {
            let ms = self.started.map_or(0.0, |s| s.elapsed().as_secs_f64() * 1000.0);
            self.first_frame_ms = Some(ms);
            if std::env::var_os("ONEMAP_STARTUP_TIMING").is_some() {
                eprintln!("onemap: first frame after {ms:.0} ms");
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let c = self.map.centre();
        self.settings.last_view = Some(SavedView { lon: c.lon, lat: c.lat, zoom: self.map.zoom() });
        eframe::set_value(storage, STORAGE_KEY, &self.settings);
    }
}

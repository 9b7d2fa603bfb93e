//! The siting window (工具 → 新建站选址比较): the project's scenarios (the planned stations
//! first, then the saved ones) to rename, duplicate, delete and compare; candidate sites added
//! by clicking the map, from a file, or as a grid over a district; an optimisation (MCLP, LSCP,
//! p-median, p-center) on a worker thread whose result can be saved as a scenario; and the
//! comparison of chosen scenarios as a table, small maps side by side and a CSV.
//!
//! The work is `planning` (scenarios, project problem, solvers) and `render::layers::siting`
//! (marks and small maps); writes go through `Project::write` and are audited.

mod job;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use egui::{RichText, Ui};

use crate::i18n::{Lang, T};
use crate::model::siting::{DemandKind, DemandLayer, ModelKind, ScenarioOptions, SitingScenario};
use crate::model::{AreaLevel, FeatureId, LonLat};
use crate::planning::project::{CandidateSite, ScenarioRow};
use crate::planning::scenarios;
use crate::render::layers::siting::SitingOverlay;
use crate::store::layer_list::LayerInfo;
use crate::ui::command::Command;
use crate::ui::dialogs::PathPurpose;
use crate::ui::document::Document;
use crate::ui::jobs::Task;
use crate::ui::map::tools::Tool;
use crate::ui::view::{Cx, View};

/// What the siting window asks the app to do (writes, files, the map).
#[derive(Debug, Clone)]
pub enum SitingAction {
    /// A candidate site clicked on the map.
    SiteAt(LonLat),
    /// Candidate sites from a file of points.
    Import(PathBuf),
    /// The last comparison as CSV.
    Export(PathBuf),
    /// Save a new scenario (audited).
    Save(SitingScenario),
    /// Rename a saved scenario (audited).
    Rename(FeatureId, String),
    /// Delete a saved scenario (audited).
    Delete(FeatureId),
    /// Show these marks in the siting layer.
    Marks(Arc<SitingOverlay>),
    /// A file of demand points or areas brought in as a layer of the project (the app runs it as
    /// a job and then chooses it as demand).
    ImportLayer(PathBuf),
}

/// What the window shows after a job.
struct Shown {
    answer: job::Answer,
    textures: Vec<egui::TextureHandle>,
    /// Names of the columns after the baseline.
    names: Vec<String>,
}

pub struct SitingPanel {
    pub open: bool,
    /// Every scenario, the plan first; reloaded when the project changes.
    scenarios: Vec<SitingScenario>,
    loaded: Option<(PathBuf, u64)>,
    selected: usize,
    rename: String,
    compare: BTreeSet<usize>,
    options: ScenarioOptions,
    candidates: Vec<CandidateSite>,
    picked: usize,
    district: Option<String>,
    grid_km: f64,
    /// Offer the plan's and the saved scenarios' sites as candidates too.
    pool_scenarios: bool,
    task: Option<Task<job::Answer>>,
    shown: Option<Shown>,
    save_name: String,
    note: Option<(String, bool)>,
    /// The map marks changed and must be sent.
    marks_dirty: bool,
    /// The project's point and polygon layers with features, offered as demand.
    layers: Vec<LayerInfo>,
    /// A file of candidate sites being read on a worker thread.
    reading: Option<Task<Vec<CandidateSite>>>,
    /// The window's context, for starting jobs from [`apply`](Self::apply).
    ctx: Option<egui::Context>,
}

impl Default for SitingPanel {
    fn default() -> Self {
        Self {
            open: false,
            scenarios: Vec::new(),
            loaded: None,
            selected: 0,
            rename: String::new(),
            compare: BTreeSet::new(),
            options: ScenarioOptions::default(),
            candidates: Vec::new(),
            picked: 0,
            district: None,
            grid_km: 2.0,
            pool_scenarios: true,
            task: None,
            shown: None,
            save_name: String::new(),
            note: None,
            marks_dirty: false,
            layers: Vec::new(),
            reading: None,
            ctx: None,
        }
    }
}

impl SitingPanel {
    /// True while a solve or comparison runs.
    pub fn busy(&self) -> bool {
        self.task.is_some()
    }

    /// Waits for the running job (tests); the next frame shows its result.
    pub fn block(&mut self) {
        if let Some(t) = &mut self.task {
            t.block();
        }
        if let Some(t) = &mut self.reading {
            t.block();
        }
    }

    /// The candidate sites picked, imported or laid out so far.
    pub fn candidates(&self) -> &[CandidateSite] {
        &self.candidates
    }

    /// Every scenario shown, the plan first.
    pub fn scenarios(&self) -> &[SitingScenario] {
        &self.scenarios
    }

    /// The figures of the last optimisation or comparison (baseline first).
    pub fn rows(&self) -> Option<&[ScenarioRow]> {
        self.shown.as_ref().map(|s| s.answer.rows.as_slice())
    }

    /// The window's last note (an error, or why nothing ran).
    pub fn note(&self) -> Option<&str> {
        self.note.as_ref().map(|(n, _)| n.as_str())
    }

    /// Reloads the scenarios when the project or its version changed (or `force`).
    fn refresh(&mut self, doc: &Document, force: bool) {
        if !force && self.loaded.as_ref().is_some_and(|(p, v)| p == doc.project.path() && *v == doc.version) {
            return;
        }
        let key = (doc.path(), doc.version);
        match doc.project.siting_scenarios() {
            Ok(saved) => self.scenarios = scenarios::all(&doc.snapshot, saved),
            Err(e) => self.note = Some((e.to_string(), true)),
        }
        match doc.project.feature_layers() {
            Ok(all) => self.layers = all.into_iter().filter(|l| l.is_point_or_area() && l.features > 0).collect(),
            Err(e) => self.note = Some((e.to_string(), true)),
        }
        self.compare.retain(|&k| k < self.scenarios.len());
        if self.compare.is_empty() && !self.scenarios.is_empty() {
            self.compare.insert(0);
        }
        self.selected = self.selected.min(self.scenarios.len().saturating_sub(1));
        self.loaded = Some(key);
        self.marks_dirty = true;
    }

    /// Applies an action from the window; returns a message for the status bar.
    pub fn apply(&mut self, action: SitingAction, doc: Option<&mut Document>, lang: Lang) -> anyhow::Result<String> {
        let Some(doc) = doc else { anyhow::bail!(lang.t(T::NoProject)) };
        let t = |k: T| lang.t(k);
        let out = match action {
            SitingAction::SiteAt(at) => {
                self.picked += 1;
                let name = format!("{}{}", t(T::SitingPickedName), self.picked);
                self.candidates.push(CandidateSite { id: format!("pick-{}", self.picked), name, at });
                self.marks_dirty = true;
                format!("{} {}", t(T::SitingCandidates), self.candidates.len())
            }
            SitingAction::ImportLayer(_) => anyhow::bail!("a demand layer is imported by the app"),
            SitingAction::Import(path) => {
                let Some(ctx) = &self.ctx else {
                    // Before the window first drew (no context yet): read here.
                    let sites = scenarios::read_sites(&path)?;
                    let n = sites.len();
                    self.add_candidates(sites);
                    return Ok(format!("{} {n}", t(T::Imported)));
                };
                if self.reading.is_some() {
                    anyhow::bail!(t(T::JobBusy));
                }
                let shown = path.display().to_string();
                let work = move |_: &dyn crate::progress::Progress| Ok(scenarios::read_sites(&path)?);
                self.reading = Some(Task::spawn(ctx, t(T::SitingImportFile), work));
                format!("{} {shown}", t(T::SitingReading))
            }
            SitingAction::Export(path) => {
                let shown = self.shown.as_ref().ok_or_else(|| anyhow::anyhow!(t(T::SitingNothingToExport)))?;
                let mut rows = shown.answer.rows.clone();
                for (r, name) in rows.iter_mut().skip(1).zip(&shown.names) {
                    r.name = name.clone();
                }
                let mark = doc.project.export_mark()?;
                crate::io::siting_export::comparison_csv(&rows, t(T::SitingExisting), &path, mark)?;
                format!("{} {}", t(T::Exported), path.display())
            }
            SitingAction::Save(s) => {
                let mut s = s;
                s.name = self.free_name(&s.name);
                let name = s.name.clone();
                doc.project.write(|w| w.insert_siting_scenario(&s))?;
                self.refresh(doc, true);
                if let Some(k) = self.scenarios.iter().position(|x| x.name == name) {
                    self.selected = k;
                    self.rename = name.clone();
                }
                format!("{} {name}", t(T::SitingSaved))
            }
            SitingAction::Rename(id, name) => {
                doc.project.write(|w| w.rename_siting_scenario(id, &name))?;
                self.refresh(doc, true);
                format!("{} {name}", t(T::SitingSaved))
            }
            SitingAction::Delete(id) => {
                let gone = doc.project.write(|w| w.delete_siting_scenario(id))?;
                self.compare.clear();
                self.refresh(doc, true);
                format!("{} {}", t(T::SitingDeleted), gone.name)
            }
            SitingAction::Marks(_) => String::new(),
        };
        Ok(out)
    }

    /// `name`, or `name (2)`, `name (3)` … when a scenario already has it.
    fn free_name(&self, name: &str) -> String {
        let taken = |n: &str| self.scenarios.iter().any(|s| s.name == n);
        let base = name.trim();
        if !taken(base) {
            return base.to_string();
        }
        (2..).map(|k| format!("{base} ({k})")).find(|n| !taken(n)).unwrap_or_else(|| base.to_string())
    }

    fn add_candidates(&mut self, sites: Vec<CandidateSite>) {
        for s in sites {
            if !self.candidates.iter().any(|c| c.id == s.id) {
                self.candidates.push(s);
            }
        }
        self.marks_dirty = true;
    }

    /// The marks for the map: the candidates and the shown result's site sets.
    fn overlay(&self) -> SitingOverlay {
        let scenarios = match &self.shown {
            Some(s) => s.answer.sites.clone(),
            None => self
                .scenarios
                .get(self.selected)
                .map(|s| s.sites.iter().map(|x| x.location).collect())
                .into_iter()
                .collect(),
        };
        SitingOverlay { candidates: self.candidates.iter().map(|c| c.at).collect(), scenarios }
    }

    fn start(&mut self, doc: &Document, ctx: &egui::Context, ask: job::Ask, lang: Lang) {
        if self.task.is_some() {
            self.note = Some((lang.t(T::JobBusy).to_string(), true));
            return;
        }
        let project = match doc.worker_project() {
            Ok(p) => p,
            Err(e) => return self.note = Some((format!("{e:#}"), true)),
        };
        let label = lang.t(match ask {
            job::Ask::Optimise => T::SitingOptimise,
            job::Ask::Compare(_) => T::SitingCompare,
        });
        let request = job::Request {
            project,
            snapshot: doc.snapshot.clone(),
            options: self.options.clone(),
            scenarios: self.scenarios.clone(),
            pool_scenarios: self.pool_scenarios,
            candidates: self.candidates.clone(),
            ask,
            lang,
        };
        self.note = None;
        self.task = Some(Task::spawn(ctx, label, move |progress| job::run(request, progress)));
    }

    /// Takes the sites of a finished file read.
    fn poll_reading(&mut self, lang: Lang) {
        let Some(result) = self.reading.as_mut().and_then(Task::poll) else { return };
        self.reading = None;
        match result {
            Ok(sites) => {
                let n = sites.len();
                self.add_candidates(sites);
                self.note = Some((format!("{} {n}", lang.t(T::Imported)), false));
            }
            Err(e) => self.note = Some((format!("{e:#}"), true)),
        }
    }

    /// Takes a finished job's answer.
    fn poll(&mut self, ctx: &egui::Context, lang: Lang) {
        let Some(result) = self.task.as_mut().and_then(Task::poll) else { return };
        self.task = None;
        match result {
            Ok(answer) => {
                let textures = answer
                    .pictures
                    .iter()
                    .enumerate()
                    .map(|(k, (_, image))| {
                        ctx.load_texture(format!("siting-map-{k}"), image.clone(), Default::default())
                    })
                    .collect();
                let names = match &answer.optimised {
                    Some(o) => {
                        self.save_name = self.free_name(&o.proposal.name);
                        vec![lang.t(T::SitingOptimal).to_string()]
                    }
                    None => answer.rows.iter().skip(1).map(|r| r.name.clone()).collect(),
                };
                self.shown = Some(Shown { answer, textures, names });
                self.marks_dirty = true;
            }
            Err(e) => self.note = Some((format!("{e:#}"), true)),
        }
    }

    fn scenarios_ui(&mut self, ui: &mut Ui, lang: Lang, out: &mut Option<Command>) {
        let t = |k: T| lang.t(k);
        egui::Grid::new("siting_scenarios").striped(true).num_columns(3).show(ui, |ui| {
            for (k, s) in self.scenarios.iter().enumerate() {
                let mut on = self.compare.contains(&k);
                let tick = ui.checkbox(&mut on, "");
                let what = format!("{}：{}", t(T::SitingCompareThis), s.name);
                tick.widget_info(|| egui::WidgetInfo::selected(egui::accesskit::Role::CheckBox, true, on, &what));
                if tick.on_hover_text(t(T::SitingCompareThis)).changed() {
                    if on {
                        self.compare.insert(k);
                    } else {
                        self.compare.remove(&k);
                    }
                }
                let label =
                    if s.is_builtin() { format!("{}（{}）", s.name, t(T::SitingBuiltin)) } else { s.name.clone() };
                if ui.selectable_label(self.selected == k, label).clicked() {
                    self.selected = k;
                    self.rename = s.name.clone();
                    self.shown = None;
                    self.marks_dirty = true;
                }
                ui.label(format!("{} {}", s.sites.len(), t(T::SitingSitesUnit)));
                ui.end_row();
            }
        });
        let Some(s) = self.scenarios.get(self.selected).cloned() else { return };
        ui.horizontal(|ui| {
            if !s.is_builtin() {
                ui.add(egui::TextEdit::singleline(&mut self.rename).desired_width(140.0));
                if ui.button(t(T::SitingRename)).clicked() && self.rename.trim() != s.name {
                    *out = Some(Command::Siting(SitingAction::Rename(s.id, self.rename.trim().to_string())));
                }
            }
            if ui.button(t(T::SitingUseOptions)).on_hover_text(t(T::SitingUseOptionsHint)).clicked() {
                self.options = s.options.clone();
            }
            if ui.button(t(T::SitingDuplicate)).clicked() {
                let copy =
                    SitingScenario { id: 0, name: format!("{} {}", s.name, t(T::SitingCopySuffix)), ..s.clone() };
                *out = Some(Command::Siting(SitingAction::Save(copy)));
            }
            if !s.is_builtin() && ui.button(t(T::SitingDelete)).clicked() {
                *out = Some(Command::Siting(SitingAction::Delete(s.id)));
            }
        });
        if ui.button(t(T::SitingCoverage)).on_hover_text(t(T::SitingCoverageHint)).clicked() {
            let after = crate::ui::panels::coverage::ScenarioAfter {
                scenario: s.clone(),
                class: crate::planning::scenario_coverage::DEFAULT_CLASS,
            };
            *out = Some(Command::RunScenarioCoverage(Box::new(after)));
        }
    }

    fn candidates_ui(&mut self, ui: &mut Ui, doc: &Document, lang: Lang, out: &mut Option<Command>) {
        let t = |k: T| lang.t(k);
        ui.horizontal(|ui| {
            if ui.button(t(T::SitingPick)).clicked() {
                *out = Some(Command::SetTool(Tool::PickSite));
            }
            if ui.button(t(T::SitingImportFile)).clicked() {
                *out = Some(Command::ChoosePath(PathPurpose::SitingCandidates));
            }
        });
        ui.horizontal(|ui| {
            let districts: Vec<_> =
                doc.snapshot.areas_at(AreaLevel::District).filter(|a| a.outline.is_some()).collect();
            let current = districts
                .iter()
                .find(|a| Some(&a.code) == self.district.as_ref())
                .map_or_else(|| t(T::SitingChooseDistrict).to_string(), |a| a.name.clone());
            egui::ComboBox::from_id_salt("siting_district").selected_text(current).show_ui(ui, |ui| {
                for a in &districts {
                    ui.selectable_value(&mut self.district, Some(a.code.clone()), &a.name);
                }
            });
            ui.add(egui::DragValue::new(&mut self.grid_km).range(0.2..=20.0).speed(0.1).suffix(" km"));
            if ui.button(t(T::SitingGridAdd)).clicked() {
                let area = districts.iter().find(|a| Some(&a.code) == self.district.as_ref());
                match area.map(|a| scenarios::grid_in_area(&doc.snapshot, a, self.grid_km * 1000.0)) {
                    Some(Ok(cells)) => self.add_candidates(cells),
                    Some(Err(e)) => self.note = Some((e.to_string(), true)),
                    None => self.note = Some((t(T::SitingChooseDistrict).to_string(), true)),
                }
            }
        });
        ui.checkbox(&mut self.pool_scenarios, t(T::SitingPool));
        if self.candidates.is_empty() {
            ui.weak(t(T::SitingNoCandidates));
            return;
        }
        let mut remove = None;
        egui::ScrollArea::vertical().id_salt("siting_candidates").max_height(110.0).show(ui, |ui| {
            for (k, c) in self.candidates.iter().enumerate() {
                ui.horizontal(|ui| {
                    if ui.small_button("×").on_hover_text(t(T::SitingRemove)).clicked() {
                        remove = Some(k);
                    }
                    ui.label(format!("{}  {:.5}, {:.5}", c.name, c.at.lon, c.at.lat));
                });
            }
        });
        if let Some(k) = remove {
            self.candidates.remove(k);
            self.marks_dirty = true;
        }
        ui.horizontal(|ui| {
            ui.label(format!("{} {}", t(T::SitingCandidates), self.candidates.len()));
            if ui.small_button(t(T::SitingClear)).clicked() {
                self.candidates.clear();
                self.marks_dirty = true;
            }
        });
    }

    /// Chooses a layer as demand (after it was imported), keeping the weight field unset.
    pub fn use_demand_layer(&mut self, layer: &str) {
        self.options.demand = DemandKind::Layer(DemandLayer { layer: layer.to_string(), weight: None });
    }

    fn options_ui(&mut self, ui: &mut Ui, lang: Lang) -> Option<Command> {
        let mut out = None;
        let t = |k: T| lang.t(k);
        let o = &mut self.options;
        let layers = &self.layers;
        egui::Grid::new("siting_options").num_columns(2).show(ui, |ui| {
            ui.label(t(T::SitingModel));
            ui.horizontal(|ui| {
                for m in ModelKind::ALL {
                    ui.radio_value(&mut o.model, m, m.label());
                }
            });
            ui.end_row();
            if o.model.takes_p() {
                ui.label(t(T::SitingP));
                ui.add(egui::DragValue::new(&mut o.p).range(1..=200));
                ui.end_row();
            }
            ui.label(t(T::SitingMinutes));
            ui.add(egui::DragValue::new(&mut o.minutes).range(1.0..=60.0).speed(0.1));
            ui.end_row();
            ui.label(t(T::SitingDemand));
            ui.vertical(|ui| {
                ui.radio_value(&mut o.demand, DemandKind::Enterprises, t(T::SitingDemandEnterprises));
                ui.radio_value(&mut o.demand, DemandKind::Townships, t(T::SitingDemandTownships));
                let is_layer = matches!(o.demand, DemandKind::Layer(_));
                if ui.radio(is_layer, t(T::SitingDemandLayer)).clicked() && !is_layer {
                    o.demand = DemandKind::Layer(DemandLayer::default());
                }
            });
            ui.end_row();
            if let DemandKind::Layer(choice) = &mut o.demand
                && demand_layer_ui(ui, lang, layers, choice)
            {
                out = Some(Command::ChoosePath(PathPurpose::SitingDemandLayer));
            }
            if o.demand == DemandKind::Enterprises {
                ui.label(t(T::SitingWeights));
                ui.horizontal(|ui| {
                    for w in [&mut o.weights.red, &mut o.weights.orange, &mut o.weights.yellow, &mut o.weights.blue] {
                        ui.add(egui::DragValue::new(w).range(0.0..=100.0).speed(0.1));
                    }
                });
                ui.end_row();
            }
            ui.label(t(T::SitingMethod));
            ui.horizontal(|ui| {
                ui.radio_value(&mut o.exact, true, t(T::SitingExact));
                ui.radio_value(&mut o.exact, false, t(T::SitingHeuristic));
                ui.add(egui::DragValue::new(&mut o.time_limit_s).range(1.0..=3600.0).suffix(" s"));
            });
            ui.end_row();
        });
        out
    }

    fn result_ui(&mut self, ui: &mut Ui, lang: Lang, out: &mut Option<Command>) {
        let t = |k: T| lang.t(k);
        let Some(shown) = &self.shown else { return };
        table_ui(ui, lang, &shown.answer.rows, &shown.names, &shown.answer.settings);
        if let Some(o) = &shown.answer.optimised {
            let s = &o.solution;
            let gap = if s.optimal {
                t(T::SitingProven).to_string()
            } else {
                match s.gap {
                    Some(g) => format!("{} {:.2} %", t(T::SitingGap), 100.0 * g),
                    None => format!("{} —", t(T::SitingGap)),
                }
            };
            let stopped = match s.stop {
                Some(crate::planning::Stop::TimeLimit) => format!(" · {}", t(T::SitingTimeLimit)),
                Some(crate::planning::Stop::Cancelled) => format!(" · {}", t(T::JobCancelled)),
                _ => String::new(),
            };
            ui.label(RichText::new(format!("{gap}{stopped} · {:.2} s", s.seconds)).small());
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut self.save_name).desired_width(160.0));
                if ui.button(t(T::SitingSaveAs)).clicked() {
                    let mut p = o.proposal.clone();
                    p.name = self.save_name.clone();
                    *out = Some(Command::Siting(SitingAction::Save(p)));
                }
            });
        }
        if !shown.textures.is_empty() {
            ui.horizontal(|ui| {
                for tex in &shown.textures {
                    let size = egui::vec2(job::PICTURE[0], job::PICTURE[1]);
                    ui.add(egui::Image::new((tex.id(), size)));
                }
            });
        }
        ui.horizontal(|ui| {
            if ui.button(t(T::SitingExportCsv)).clicked() {
                *out = Some(Command::ChoosePath(PathPurpose::SitingExport));
            }
            let how = if shown.answer.estimate {
                format!("{} — {}", shown.answer.travel, t(T::SitingEstimate))
            } else {
                shown.answer.travel.clone()
            };
            ui.label(RichText::new(how).small().weak());
        });
    }
}

/// Two grid rows: the demand layer (or a file to bring in as one) and its weight field. True
/// when the user asks to import a file.
fn demand_layer_ui(ui: &mut Ui, lang: Lang, layers: &[LayerInfo], choice: &mut DemandLayer) -> bool {
    let mut import = false;
    let t = |k: T| lang.t(k);
    let shown = |l: &LayerInfo| match &l.title {
        Some(title) if title != &l.table => format!("{title}（{}）· {}", l.table, l.features),
        _ => format!("{} · {}", l.table, l.features),
    };
    let chosen = layers.iter().find(|l| l.table == choice.layer);
    ui.label(t(T::SitingDemandLayerPick));
    ui.horizontal(|ui| {
        let text = chosen.map_or_else(|| t(T::SitingChooseLayer).to_string(), shown);
        egui::ComboBox::from_id_salt("siting_demand_layer").selected_text(text).height(360.0).show_ui(ui, |ui| {
            for l in layers {
                if ui.selectable_label(l.table == choice.layer, shown(l)).clicked() && l.table != choice.layer {
                    *choice = DemandLayer { layer: l.table.clone(), weight: None };
                }
            }
        });
        import = ui.button(t(T::SitingImportLayer)).on_hover_text(t(T::SitingImportLayerHint)).clicked();
        if chosen.is_some_and(|l| l.geometry.to_ascii_uppercase().contains("POLYGON")) {
            ui.weak(t(T::SitingLayerAreasHint));
        }
    });
    ui.end_row();
    ui.label(t(T::SitingWeightField));
    let text = choice.weight.clone().unwrap_or_else(|| t(T::SitingWeightNone).to_string());
    egui::ComboBox::from_id_salt("siting_weight_field").selected_text(text).show_ui(ui, |ui| {
        ui.selectable_value(&mut choice.weight, None, t(T::SitingWeightNone));
        for f in chosen.map(|l| l.fields.as_slice()).unwrap_or_default() {
            ui.selectable_value(&mut choice.weight, Some(f.clone()), f);
        }
    });
    ui.end_row();
    import
}

/// The figures, one column per scenario after the existing stations alone.
fn table_ui(ui: &mut Ui, lang: Lang, rows: &[ScenarioRow], names: &[String], settings: &[String]) {
    let t = |k: T| lang.t(k);
    let minutes = |s: Option<f64>| s.map_or_else(|| "—".to_string(), |s| format!("{:.1}", s / 60.0));
    egui::Grid::new("siting_table").striped(true).num_columns(rows.len() + 1).show(ui, |ui| {
        ui.label("");
        for (i, _) in rows.iter().enumerate() {
            let name = if i == 0 { t(T::SitingExisting) } else { names.get(i - 1).map_or("", String::as_str) };
            let colour = if i == 0 {
                ui.visuals().text_color()
            } else {
                let c = crate::render::style::service_area_colour(i - 1).0;
                egui::Color32::from_rgb(c[0], c[1], c[2])
            };
            ui.label(RichText::new(name).strong().color(colour));
        }
        ui.end_row();
        let line = |ui: &mut Ui, label: &str, cell: &dyn Fn(&ScenarioRow) -> String| {
            ui.label(label);
            for r in rows {
                ui.label(cell(r));
            }
            ui.end_row();
        };
        // Each scenario is evaluated with its own saved settings; the baseline with the first's.
        if settings.iter().any(|x| Some(x) != settings.first()) {
            ui.label(t(T::SitingSettings));
            for i in 0..rows.len() {
                let k = i.saturating_sub(1);
                ui.label(RichText::new(settings.get(k).map_or("", String::as_str)).small());
            }
            ui.end_row();
        }
        line(ui, t(T::SitingCovered), &|r| format!("{:.1} %", 100.0 * r.covered_share));
        line(ui, t(T::SitingNewly), &|r| r.newly_covered.to_string());
        line(ui, t(T::SitingRedOrange), &|r| r.newly_covered_red_orange.to_string());
        line(ui, t(T::SitingNewTownships), &|r| {
            r.newly_covered_townships.map_or_else(|| "—".into(), |n| n.to_string())
        });
        line(ui, t(T::SitingMean), &|r| minutes(r.mean_s));
        line(ui, t(T::SitingWorst), &|r| minutes(r.worst_s));
    });
    if let Some(first) = settings.first().filter(|f| settings.iter().all(|x| x == *f)) {
        ui.label(RichText::new(format!("{}：{first}", t(T::SitingSettings))).small().weak());
    }
    for (i, r) in rows.iter().enumerate().skip(1) {
        let c = crate::render::style::service_area_colour(i - 1).0;
        let name = names.get(i - 1).map_or("", String::as_str);
        ui.label(
            RichText::new(format!("● {name}：{}", r.sites.join("、")))
                .small()
                .color(egui::Color32::from_rgb(c[0], c[1], c[2])),
        );
    }
}

impl View for SitingPanel {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        let lang = cx.lang();
        self.ctx.get_or_insert_with(|| ui.ctx().clone());
        self.poll(ui.ctx(), lang);
        self.poll_reading(lang);
        if !self.open {
            return None;
        }
        let t = |k: T| lang.t(k);
        let mut out = None;
        let mut open = true;
        let pos = ui.ctx().content_rect().right_top() + egui::vec2(-560.0, 80.0);
        let window = egui::Window::new(t(T::SitingTitle)).default_pos(pos).default_width(520.0);
        window.open(&mut open).show(ui.ctx(), |ui| {
            let Some(doc) = cx.doc else {
                ui.label(t(T::NoProject));
                return;
            };
            self.refresh(doc, false);
            ui.horizontal(|ui| {
                let idle = self.task.is_none();
                if ui.add_enabled(idle, egui::Button::new(t(T::SitingOptimise))).clicked() {
                    self.start(doc, ui.ctx(), job::Ask::Optimise, lang);
                }
                let chosen: Vec<usize> = self.compare.iter().copied().collect();
                let can = idle && !chosen.is_empty();
                if ui.add_enabled(can, egui::Button::new(t(T::SitingCompare))).clicked() {
                    self.start(doc, ui.ctx(), job::Ask::Compare(chosen), lang);
                }
            });
            if let Some(task) = &self.task {
                task.ui(ui, lang);
            }
            if let Some(task) = &self.reading {
                task.ui(ui, lang);
            }
            if let Some((e, error)) = &self.note {
                let colour = if *error { ui.visuals().error_fg_color } else { ui.visuals().text_color() };
                ui.label(RichText::new(e.as_str()).color(colour));
            }
            ui.separator();
            let room = ui.ctx().content_rect().height() - 220.0;
            egui::ScrollArea::vertical().min_scrolled_height(room.min(460.0)).max_height(room).show(ui, |ui| {
                egui::CollapsingHeader::new(t(T::SitingScenarios)).default_open(true).show(ui, |ui| {
                    self.scenarios_ui(ui, lang, &mut out);
                });
                egui::CollapsingHeader::new(t(T::SitingCandidates)).default_open(true).show(ui, |ui| {
                    self.candidates_ui(ui, doc, lang, &mut out);
                });
                egui::CollapsingHeader::new(t(T::SitingOptions)).default_open(true).show(ui, |ui| {
                    if let Some(c) = self.options_ui(ui, lang) {
                        out = Some(c);
                    }
                });
            });
        });
        if self.shown.is_some() {
            let mut keep = true;
            let pos = ui.ctx().content_rect().left_top() + egui::vec2(320.0, 80.0);
            egui::Window::new(t(T::SitingResult)).default_pos(pos).open(&mut keep).show(ui.ctx(), |ui| {
                self.result_ui(ui, lang, &mut out);
            });
            if !keep {
                self.shown = None;
                self.marks_dirty = true;
            }
        }
        self.open = open;
        if out.is_none() && self.marks_dirty {
            self.marks_dirty = false;
            out = Some(Command::Siting(SitingAction::Marks(Arc::new(self.overlay()))));
        }
        out
    }
}

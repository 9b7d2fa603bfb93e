//! The coverage panel: choose radius or drive-time mode, the response time and whether planned
//! stations count; run the analysis; read the figures (city, stations, districts, townships
//! outside urban protection, red/orange enterprises outside) and export them.

use std::sync::Arc;

use egui::{Grid, RichText, Ui};

use crate::analysis::coverage::{CoverageOptions, CoverageReport, Mode, Summary, percent};
use crate::i18n::{Lang, T};
use crate::model::siting::SitingScenario;
use crate::model::{Layer, StationClass};
use crate::render::layers::coverage::CoverageOverlay;
use crate::snapshot::Snapshot;
use crate::ui::command::{Command, CoverageExport};
use crate::ui::dialogs::PathPurpose;
use crate::ui::document::{Document, FeatureRef};
use crate::ui::view::{Cx, View};

/// A finished analysis and the snapshot it was computed on.
pub struct CoverageRun {
    /// The stations analysed: the project's, or with a scenario's sites instead of the planned.
    pub snapshot: Arc<Snapshot>,
    pub report: CoverageReport,
    pub overlay: CoverageOverlay,
    /// The project's features when the analysis ran.
    basis: Arc<Snapshot>,
}

impl CoverageRun {
    pub fn new(snapshot: Arc<Snapshot>, report: CoverageReport) -> Self {
        Self::on(snapshot.clone(), snapshot, report)
    }

    /// An analysis of `snapshot`, derived from the project's `basis` (a scenario's stations).
    pub fn on(basis: Arc<Snapshot>, snapshot: Arc<Snapshot>, report: CoverageReport) -> Self {
        let overlay = CoverageOverlay(Arc::new(report.shapes.clone()));
        Self { snapshot, report, overlay, basis }
    }

    /// True while the project's features are those the analysis saw.
    pub fn is_current(&self, doc: &Document) -> bool {
        Arc::ptr_eq(&self.basis, &doc.snapshot)
    }
}

/// A saved siting scenario's sites as the new stations, instead of the planned ones.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioAfter {
    pub scenario: SitingScenario,
    /// The class of its sites that have none.
    pub class: StationClass,
}

/// The overlay the map draws: the last run, while the project has not changed since.
pub fn overlay(doc: &Document) -> Option<CoverageOverlay> {
    doc.coverage.as_ref().filter(|r| r.is_current(doc)).map(|r| r.overlay.clone())
}

pub struct CoveragePanel {
    pub mode: Mode,
    pub minutes: f64,
    pub with_planned: bool,
    /// With planned stations counted: a saved scenario's name to count instead (`None`: the
    /// planned stations), and the class of its sites.
    pub scenario: Option<String>,
    pub class: StationClass,
    /// The project's scenarios (the plan first), reloaded when the project changes.
    scenarios: Vec<SitingScenario>,
    loaded: Option<(std::path::PathBuf, u64)>,
}

impl Default for CoveragePanel {
    fn default() -> Self {
        Self {
            mode: Mode::Radius,
            minutes: 5.0,
            with_planned: false,
            scenario: None,
            class: crate::planning::scenario_coverage::DEFAULT_CLASS,
            scenarios: Vec::new(),
            loaded: None,
        }
    }
}

impl CoveragePanel {
    fn refresh(&mut self, doc: &Document) {
        let key = (doc.path(), doc.version);
        if self.loaded.as_ref() == Some(&key) {
            return;
        }
        // A project that cannot list its scenarios still analyses its planned stations.
        let saved = doc.project.siting_scenarios().unwrap_or_default();
        self.scenarios =
            crate::planning::scenarios::all(&doc.snapshot, saved).into_iter().filter(|s| !s.is_builtin()).collect();
        // A renamed or deleted scenario is no longer offered: back to the planned stations.
        if self.scenario.as_ref().is_some_and(|n| !self.scenarios.iter().any(|s| &s.name == n)) {
            self.scenario = None;
        }
        self.loaded = Some(key);
    }

    /// The "after" choice: planned stations, or a scenario and the class of its sites.
    fn after_ui(&mut self, ui: &mut Ui, lang: Lang) {
        ui.horizontal(|ui| {
            ui.label(lang.t(T::CoverageAfter));
            let text = self.scenario.clone().unwrap_or_else(|| lang.t(T::CoverageAfterPlanned).to_string());
            egui::ComboBox::from_id_salt("coverage_after").selected_text(text).show_ui(ui, |ui| {
                ui.selectable_value(&mut self.scenario, None, lang.t(T::CoverageAfterPlanned));
                for s in &self.scenarios {
                    ui.selectable_value(&mut self.scenario, Some(s.name.clone()), &s.name);
                }
            });
        });
        if self.scenario.is_some() {
            ui.horizontal(|ui| {
                ui.label(lang.t(T::CoverageScenarioClass));
                egui::ComboBox::from_id_salt("coverage_class").selected_text(lang.label(self.class)).show_ui(
                    ui,
                    |ui| {
                        for &c in <StationClass as crate::model::Labelled>::ALL {
                            ui.selectable_value(&mut self.class, c, lang.label(c));
                        }
                    },
                );
            });
        }
    }

    /// Counts this scenario's sites from now on (the siting window's 覆盖分析 button); the
    /// analysis options to run it with.
    pub fn choose(&mut self, after: &ScenarioAfter) -> CoverageOptions {
        self.with_planned = true;
        self.scenario = Some(after.scenario.name.clone());
        self.class = after.class;
        self.options()
    }

    fn options(&self) -> CoverageOptions {
        CoverageOptions {
            mode: self.mode,
            response_s: Some((self.minutes * 60.0).round() as u32),
            with_planned: self.with_planned,
        }
    }
}

fn summary_ui(ui: &mut Ui, lang: Lang, title: &str, s: &Summary) {
    ui.label(RichText::new(title).strong());
    Grid::new(title).num_columns(2).striped(true).show(ui, |ui| {
        ui.label(lang.t(T::CoverageCoveredArea));
        ui.label(format!("{:.1} / {:.0} km²（{}）", s.covered_km2, s.study_area_km2, percent(s.covered_fraction)));
        ui.end_row();
        ui.label(lang.t(T::CoverageOverlap));
        ui.label(format!("{:.1} km²", s.overlap_km2));
        ui.end_row();
        for l in &s.enterprises {
            ui.label(lang.label(l.level));
            ui.label(format!("{} / {}", l.covered, l.total));
            ui.end_row();
        }
        ui.label(lang.t(T::CoverageRedOrangeOutside));
        ui.label(s.red_orange_outside.to_string());
        ui.end_row();
        ui.label(lang.t(T::CoverageTownshipsOutside));
        ui.label(s.townships_outside.to_string());
        ui.end_row();
    });
}

impl View for CoveragePanel {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        let lang = cx.lang();
        let mut out = None;
        ui.heading(lang.t(T::CoverageTitle));
        ui.horizontal(|ui| {
            ui.radio_value(&mut self.mode, Mode::Radius, lang.t(T::CoverageModeRadius));
            ui.radio_value(&mut self.mode, Mode::Time, lang.t(T::CoverageModeTime));
        });
        ui.horizontal(|ui| {
            ui.label(lang.t(T::CoverageMinutes));
            ui.add(egui::DragValue::new(&mut self.minutes).range(1.0..=30.0).speed(0.5));
        });
        ui.checkbox(&mut self.with_planned, lang.t(T::CoverageWithPlanned));
        if let Some(doc) = cx.doc {
            self.refresh(doc);
        }
        if self.with_planned && !self.scenarios.is_empty() {
            self.after_ui(ui, lang);
        }
        if ui.button(lang.t(T::CoverageRun)).clicked() {
            let scenario = self.scenario.as_ref().filter(|_| self.with_planned);
            out = Some(match scenario.and_then(|n| self.scenarios.iter().find(|s| &s.name == n)) {
                Some(s) => {
                    Command::RunScenarioCoverage(Box::new(ScenarioAfter { scenario: s.clone(), class: self.class }))
                }
                None => Command::RunCoverage(self.options()),
            });
        }
        let Some(doc) = cx.doc else { return out };
        let Some(run) = &doc.coverage else { return out };
        let r = &run.report;
        if !run.is_current(doc) {
            ui.colored_label(ui.visuals().warn_fg_color, lang.t(T::CoverageStale));
        }
        ui.separator();
        ui.label(RichText::new(&r.travel).small().weak());
        if let Some(b) = &r.before {
            summary_ui(ui, lang, lang.t(T::CoverageExistingOnly), b);
        }
        match &r.scenario {
            Some(name) => summary_ui(ui, lang, &format!("{}“{name}”", lang.t(T::CoverageWithScenario)), &r.summary),
            None => summary_ui(ui, lang, lang.t(T::CoverageResult), &r.summary),
        }
        ui.horizontal_wrapped(|ui| {
            for (what, key) in [
                (CoverageExport::GeoJson, T::CoverageExportGeoJson),
                (CoverageExport::Csv, T::CoverageExportCsv),
                (CoverageExport::Report { pdf: false }, T::CoverageExportPng),
                (CoverageExport::Report { pdf: true }, T::CoverageExportPdf),
            ] {
                if ui.button(lang.t(key)).clicked() {
                    out = Some(Command::ChoosePath(PathPurpose::ExportCoverage(what)));
                }
            }
        });

        egui::CollapsingHeader::new(lang.t(T::CoverageStations)).show(ui, |ui| {
            Grid::new("coverage-stations").num_columns(4).striped(true).show(ui, |ui| {
                for s in &r.stations {
                    ui.label(&s.name);
                    ui.label(lang.label(s.class));
                    ui.label(format!("{:.2} / {:.0} km²", s.jurisdiction_km2, s.limit_km2));
                    if s.over_limit {
                        ui.colored_label(ui.visuals().warn_fg_color, lang.t(T::CoverageOverLimit));
                    } else {
                        ui.label("");
                    }
                    ui.end_row();
                }
            });
        });
        egui::CollapsingHeader::new(lang.t(T::CoverageDistricts)).show(ui, |ui| {
            Grid::new("coverage-districts").num_columns(2).striped(true).show(ui, |ui| {
                for a in &r.districts {
                    ui.label(&a.name);
                    ui.label(percent(a.covered_fraction));
                    ui.end_row();
                }
            });
        });
        egui::CollapsingHeader::new(format!("{} ({})", lang.t(T::CoverageTownshipsOutside), r.townships_outside.len()))
            .show(ui, |ui| {
                Grid::new("coverage-townships").num_columns(3).striped(true).show(ui, |ui| {
                    for t in &r.townships_outside {
                        ui.label(&t.name);
                        ui.label(percent(t.urban_covered_fraction));
                        if t.needs_team {
                            ui.colored_label(ui.visuals().warn_fg_color, lang.t(T::CoverageNeedsTeam));
                        } else {
                            ui.label(t.township_teams.join("、"));
                        }
                        ui.end_row();
                    }
                });
            });
        egui::CollapsingHeader::new(format!(
            "{} ({})",
            lang.t(T::CoverageRedOrangeOutside),
            r.enterprises_outside.len()
        ))
        .show(ui, |ui| {
            Grid::new("coverage-enterprises").num_columns(3).striped(true).show(ui, |ui| {
                for e in &r.enterprises_outside {
                    if ui.link(&e.name).clicked() {
                        out = Some(Command::Focus(FeatureRef { layer: Layer::Enterprises, id: e.id }));
                    }
                    ui.label(lang.label(e.risk));
                    let min = lang.t(T::CoverageMinutesUnit);
                    ui.label(e.arrival_s.map(|t| format!("{:.1} {min}", t / 60.0)).unwrap_or_default());
                    ui.end_row();
                }
            });
        });
        out
    }
}

/// The analysis of the open project as a job for a worker thread: it reads the protection
/// settings and roads through its own connection, analyses the snapshot the window shows, and
/// when done keeps the result in the document (unless Cancel was pressed).
pub fn job(
    doc: &Document,
    opts: CoverageOptions,
    after: Option<ScenarioAfter>,
    lang: Lang,
) -> anyhow::Result<
    impl FnOnce(&dyn crate::progress::Progress) -> anyhow::Result<crate::ui::jobs::Finish> + Send + 'static,
> {
    let project = doc.worker_project()?;
    let snapshot = doc.snapshot.clone();
    Ok(move |progress: &dyn crate::progress::Progress| {
        let cancelled = || anyhow::anyhow!(lang.t(T::JobCancelled));
        let settings: crate::analysis::protection::ProtectionSettings =
            project.setting(crate::store::SettingKey::Protection)?;
        let router = match opts.mode {
            Mode::Time => {
                progress.begin(lang.t(T::CoverageModeTime), None);
                crate::routing::load_router(&project, None)?
            }
            Mode::Radius => None,
        };
        if progress.cancelled() {
            return Err(cancelled());
        }
        progress.begin(lang.t(T::CoverageTitle), None);
        let run = match &after {
            None => CoverageRun::new(
                snapshot.clone(),
                crate::analysis::coverage::analyse(&snapshot, &settings, &opts, router.as_ref())?,
            ),
            Some(a) => {
                use crate::planning::scenario_coverage::analyse;
                let (snap, report) = analyse(&snapshot, &a.scenario, a.class, &settings, &opts, router.as_ref())?;
                CoverageRun::on(snapshot, Arc::new(snap), report)
            }
        };
        if progress.cancelled() {
            return Err(cancelled());
        }
        let finish: crate::ui::jobs::Finish = Box::new(move |app: &mut crate::ui::app::OneMapApp| {
            if let Some(doc) = app.doc.as_mut() {
                doc.coverage = Some(run);
            }
        });
        Ok(finish)
    })
}

/// Exports the last analysis (drill-marked like every export).
pub fn export(doc: Option<&Document>, what: CoverageExport, path: &std::path::Path, lang: Lang) -> anyhow::Result<()> {
    let doc = doc.ok_or_else(|| anyhow::anyhow!(lang.t(T::CoverageNoProject)))?;
    let run = doc.coverage.as_ref().ok_or_else(|| anyhow::anyhow!(lang.t(T::CoverageRunFirst)))?;
    let mark = doc.project.export_mark()?;
    match what {
        CoverageExport::GeoJson => crate::io::coverage_export::write_geojson(&run.report, mark, path)?,
        CoverageExport::Csv => {
            let dir = path.parent().unwrap_or(std::path::Path::new("."));
            crate::io::coverage_export::write_csv_dir(&run.report, dir, mark)?;
        }
        CoverageExport::Report { .. } => {
            let date = chrono::Local::now().format("%Y-%m-%d").to_string();
            crate::render::coverage_report::write(&run.snapshot, &run.report, mark, lang, date, path)?;
        }
    }
    Ok(())
}

//! Choosing files: the system's file dialog (rfd), and an in-window path prompt when no system
//! dialog can be shown (a Linux desktop without the XDG portal), so File → Open never silently
//! does nothing.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{RichText, TextEdit};

use super::command::{Command, CoverageExport, LayerFormat};
use super::panels::record_ops::RecordOp;
use crate::i18n::{Lang, T};
use crate::model::{Labelled, Layer};

/// What a chosen path is for.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPurpose {
    Open,
    New,
    Import(Layer),
    ExportLayer(Layer, LayerFormat),
    ExportMap {
        pdf: bool,
    },
    /// The dispatch sheet ("xlsx", "csv") or the dispatch map ("png", "pdf").
    ExportDispatch(&'static str),
    /// A road network (OSM or a Shapefile of road lines) for the project.
    ImportRoads,
    ExportCoverage(CoverageExport),
    Risk(super::panels::risk_windows::RiskPath),
    /// A hazard ledger sheet in (.xlsx/.xls/.ods/.csv) or out (.xlsx).
    ImportLedger,
    ExportLedger,
    /// A year's drill plan and records, or its compliance report (.xlsx).
    ExportDrills(i32),
    ExportCompliance(i32),
    /// Candidate sites for the siting window (points: CSV with lon/lat, GeoJSON…).
    SitingCandidates,
    /// The siting comparison as CSV.
    SitingExport,
    /// Demand points or areas brought in as a layer of their own.
    SitingDemandLayer,
}

impl PathPurpose {
    fn save(&self) -> bool {
        matches!(
            self,
            PathPurpose::New
                | PathPurpose::ExportLayer(..)
                | PathPurpose::ExportMap { .. }
                | PathPurpose::ExportDispatch(_)
                | PathPurpose::ExportCoverage(_)
                | PathPurpose::ExportLedger
                | PathPurpose::ExportDrills(_)
                | PathPurpose::ExportCompliance(_)
                | PathPurpose::SitingExport
        ) || matches!(self, PathPurpose::Risk(r) if r.save())
    }

    /// Filter name and extensions, and the suggested file name.
    fn filter(&self) -> (&'static str, &'static [&'static str], String) {
        match self {
            PathPurpose::Open => ("GeoPackage", &["gpkg"], String::new()),
            PathPurpose::New => ("GeoPackage", &["gpkg"], "project.gpkg".into()),
            PathPurpose::Import(_) => {
                ("GeoJSON, CSV, Shapefile, GeoPackage", &["geojson", "json", "csv", "shp", "gpkg"], String::new())
            }
            PathPurpose::ExportLayer(l, LayerFormat::GeoJson) => {
                ("GeoJSON", &["geojson"], format!("{}.geojson", l.key()))
            }
            PathPurpose::ExportLayer(l, LayerFormat::Csv) => ("CSV", &["csv"], format!("{}.csv", l.key())),
            PathPurpose::ExportMap { pdf: true } => ("PDF", &["pdf"], "map.pdf".into()),
            PathPurpose::ExportMap { pdf: false } => ("PNG", &["png"], "map.png".into()),
            PathPurpose::ExportDispatch("xlsx") => ("Excel", &["xlsx"], "dispatch.xlsx".into()),
            PathPurpose::ExportDispatch("csv") => ("CSV", &["csv"], "dispatch.csv".into()),
            PathPurpose::ExportDispatch("pdf") => ("PDF", &["pdf"], "dispatch.pdf".into()),
            PathPurpose::ExportDispatch(_) => ("PNG", &["png"], "dispatch.png".into()),
            PathPurpose::ImportRoads => ("OpenStreetMap, Shapefile", &["osm", "bz2", "pbf", "shp"], String::new()),
            PathPurpose::ExportCoverage(CoverageExport::GeoJson) => {
                ("GeoJSON", &["geojson"], "coverage.geojson".into())
            }
            PathPurpose::ExportCoverage(CoverageExport::Csv) => ("CSV", &["csv"], "coverage_stations.csv".into()),
            PathPurpose::ExportCoverage(CoverageExport::Report { pdf: true }) => {
                ("PDF", &["pdf"], "coverage.pdf".into())
            }
            PathPurpose::ExportCoverage(CoverageExport::Report { pdf: false }) => {
                ("PNG", &["png"], "coverage.png".into())
            }
            PathPurpose::Risk(r) => r.filter(),
            PathPurpose::ImportLedger => ("Excel, CSV", &["xlsx", "xls", "ods", "csv"], String::new()),
            PathPurpose::ExportLedger => ("Excel", &["xlsx"], "重点隐患问题动态整改台账.xlsx".into()),
            PathPurpose::ExportDrills(y) => ("Excel", &["xlsx"], format!("{y}年应急演练计划及开展情况.xlsx")),
            PathPurpose::ExportCompliance(y) => ("Excel", &["xlsx"], format!("{y}年应急演练达标情况.xlsx")),
            PathPurpose::SitingCandidates => {
                ("CSV, GeoJSON", &["csv", "geojson", "json", "xlsx", "shp"], String::new())
            }
            PathPurpose::SitingExport => ("CSV", &["csv"], "siting.csv".into()),
            PathPurpose::SitingDemandLayer => (
                "CSV, Excel, GeoJSON, Shapefile, GeoPackage",
                &["csv", "xlsx", "xls", "geojson", "json", "shp", "gpkg"],
                String::new(),
            ),
        }
    }

    /// The command that uses the chosen path.
    pub fn command(&self, path: PathBuf) -> Command {
        match self {
            PathPurpose::Open => Command::Open(path),
            PathPurpose::New => Command::New(path),
            PathPurpose::Import(layer) => Command::ConfirmImport { file: path, layer: *layer },
            PathPurpose::ExportLayer(layer, format) => Command::ExportLayer { layer: *layer, format: *format, path },
            PathPurpose::ExportMap { .. } => Command::ExportMap(path),
            PathPurpose::ExportDispatch(_) => Command::ExportDispatch(path),
            PathPurpose::ImportRoads => Command::ImportRoads(path),
            PathPurpose::ExportCoverage(what) => Command::ExportCoverage { what: *what, path },
            PathPurpose::Risk(r) => r.command(path),
            PathPurpose::ImportLedger => Command::Record(RecordOp::ImportLedger(path)),
            PathPurpose::ExportLedger => Command::Record(RecordOp::ExportLedger(path)),
            PathPurpose::ExportDrills(year) => Command::Record(RecordOp::ExportDrills { path, year: *year }),
            PathPurpose::ExportCompliance(year) => Command::Record(RecordOp::ExportCompliance { path, year: *year }),
            PathPurpose::SitingCandidates => Command::Siting(super::panels::siting::SitingAction::Import(path)),
            PathPurpose::SitingExport => Command::Siting(super::panels::siting::SitingAction::Export(path)),
            PathPurpose::SitingDemandLayer => Command::Siting(super::panels::siting::SitingAction::ImportLayer(path)),
        }
    }

    fn title(&self, lang: Lang) -> String {
        match self {
            PathPurpose::Open => lang.t(T::OpenProject).to_string(),
            PathPurpose::New => lang.t(T::NewProject).to_string(),
            PathPurpose::Import(l) => format!("{} → {}", lang.t(T::Import), lang.label(*l)),
            PathPurpose::ExportLayer(l, _) => format!("{} {}", lang.t(T::ExportLayer), lang.label(*l)),
            PathPurpose::ExportMap { pdf: true } => lang.t(T::ExportPdf).to_string(),
            PathPurpose::ExportMap { pdf: false } => lang.t(T::ExportPng).to_string(),
            PathPurpose::ExportDispatch("xlsx") => lang.t(T::ExportSheetXlsx).to_string(),
            PathPurpose::ExportDispatch("csv") => lang.t(T::ExportSheetCsv).to_string(),
            PathPurpose::ExportDispatch("pdf") => lang.t(T::ExportDispatchPdf).to_string(),
            PathPurpose::ExportDispatch(_) => lang.t(T::ExportDispatchPng).to_string(),
            PathPurpose::ImportRoads => lang.t(T::RoadsImport).to_string(),
            PathPurpose::ExportCoverage(_) => lang.t(T::CoverageTitle).to_string(),
            PathPurpose::Risk(r) => r.title(lang),
            PathPurpose::ImportLedger => lang.t(T::ImportLedger).to_string(),
            PathPurpose::ExportLedger => lang.t(T::ExportLedger).to_string(),
            PathPurpose::ExportDrills(_) => lang.t(T::ExportDrills).to_string(),
            PathPurpose::ExportCompliance(_) => lang.t(T::ExportCompliance).to_string(),
            PathPurpose::SitingCandidates => lang.t(T::SitingImportFile).to_string(),
            PathPurpose::SitingExport => lang.t(T::SitingExportCsv).to_string(),
            PathPurpose::SitingDemandLayer => lang.t(T::SitingImportLayer).to_string(),
        }
    }
}

/// A system dialog that answers faster than this was never shown to anyone.
const NO_DIALOG: Duration = Duration::from_millis(150);

/// What the system file dialog gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Chosen {
    Path(PathBuf),
    Cancelled,
    /// No dialog could be shown.
    Unavailable,
}

/// Asks the system dialog.
pub fn native(purpose: &PathPurpose) -> Chosen {
    let (name, exts, file) = purpose.filter();
    let mut d = rfd::FileDialog::new().add_filter(name, exts);
    if !file.is_empty() {
        d = d.set_file_name(file);
    }
    let t0 = Instant::now();
    let chosen = if purpose.save() { d.save_file() } else { d.pick_file() };
    match chosen {
        Some(p) => Chosen::Path(p),
        None if t0.elapsed() < NO_DIALOG => Chosen::Unavailable,
        None => Chosen::Cancelled,
    }
}

/// The in-window path prompt.
pub struct PathPrompt {
    pub purpose: PathPurpose,
    pub text: String,
}

impl PathPrompt {
    pub fn new(purpose: PathPurpose) -> Self {
        let (_, _, file) = purpose.filter();
        let dir = std::env::current_dir().unwrap_or_default();
        let text = if file.is_empty() { format!("{}/", dir.display()) } else { dir.join(file).display().to_string() };
        Self { purpose, text }
    }

    /// Draws the prompt; `Some(Some(cmd))` when confirmed, `Some(None)` when cancelled.
    pub fn ui(&mut self, ctx: &egui::Context, lang: Lang) -> Option<Option<Command>> {
        let mut out = None;
        super::view::centred_window(ctx, &self.purpose.title(lang)).resizable(false).show(ctx, |ui| {
            ui.label(RichText::new(lang.t(T::NoSystemDialog)).weak());
            let r = ui.add(TextEdit::singleline(&mut self.text).desired_width(480.0));
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if ui.button(lang.t(T::Ok)).clicked() || enter {
                    let path = PathBuf::from(self.text.trim());
                    out = Some((!self.text.trim().is_empty()).then(|| self.purpose.command(path)));
                }
                if ui.button(lang.t(T::Cancel)).clicked() {
                    out = Some(None);
                }
            });
        });
        out
    }
}

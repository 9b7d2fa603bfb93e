//! The risk windows' requests and how the app carries them out: filing, level overrides,
//! posters, zone imports, the city table, floor plans and their georeference — each the same
//! library call as its `onemap risk …` command — and the file choices they need.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::enterprise_risk::EnterpriseRiskWindow;
use super::georef_tool::GeorefWindow;
use crate::actions::risk_import::{RiskImportKind, RiskImportRequest, import_risk_file};
use crate::i18n::{Lang, T};
use crate::io::{Crs, ReadOptions};
use crate::model::{FeatureId, LonLat, RiskLevel};
use crate::spatial::georef::{ControlPoint, TransformKind};
use crate::ui::command::Command;
use crate::ui::document::Document;
use crate::ui::view::Cx;

/// What the risk windows ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum RiskAction {
    /// Open an enterprise's risk window.
    OpenEnterprise(FeatureId),
    /// Record a filing (报备) of the enterprise's map as it is now; the filer is the operator.
    File {
        enterprise: FeatureId,
        date: NaiveDate,
        note: String,
    },
    SetLevel {
        enterprise: FeatureId,
        level: RiskLevel,
        reason: String,
    },
    ClearLevel(FeatureId),
    ExportPoster {
        enterprise: FeatureId,
        path: PathBuf,
    },
    ImportZones {
        enterprise: FeatureId,
        crs: Crs,
        file: PathBuf,
    },
    /// The city risk table (.xlsx or .csv), filing status as of today.
    ExportTable(PathBuf),
    /// Open the georeferencing window on an enterprise's plans.
    OpenGeoref(FeatureId),
    AttachPlan {
        enterprise: FeatureId,
        file: PathBuf,
    },
    SaveGeoref {
        plan: i64,
        kind: TransformKind,
        points: Vec<ControlPoint>,
    },
    /// The georeferencing tool's click on the map.
    MapPoint(LonLat),
}

/// The files the risk windows ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum RiskPath {
    Poster { enterprise: FeatureId, pdf: bool },
    Zones { enterprise: FeatureId, crs: Crs },
    Table { xlsx: bool },
    Plan { enterprise: FeatureId },
}

impl RiskPath {
    pub fn save(&self) -> bool {
        matches!(self, RiskPath::Poster { .. } | RiskPath::Table { .. })
    }

    /// Filter name and extensions, and the suggested file name.
    pub fn filter(&self) -> (&'static str, &'static [&'static str], String) {
        match self {
            RiskPath::Poster { enterprise, pdf: true } => ("PDF", &["pdf"], format!("risk_poster_{enterprise}.pdf")),
            RiskPath::Poster { enterprise, pdf: false } => ("PNG", &["png"], format!("risk_poster_{enterprise}.png")),
            RiskPath::Zones { .. } => (
                "GeoJSON, Shapefile, GeoPackage, Excel",
                &["geojson", "json", "shp", "gpkg", "xlsx", "csv"],
                String::new(),
            ),
            RiskPath::Table { xlsx: true } => ("Excel", &["xlsx"], "risk_table.xlsx".into()),
            RiskPath::Table { xlsx: false } => ("CSV", &["csv"], "risk_table.csv".into()),
            RiskPath::Plan { .. } => ("PNG, JPEG", &["png", "jpg", "jpeg"], String::new()),
        }
    }

    pub fn command(&self, path: PathBuf) -> Command {
        Command::Risk(match self {
            RiskPath::Poster { enterprise, .. } => RiskAction::ExportPoster { enterprise: *enterprise, path },
            RiskPath::Zones { enterprise, crs } => {
                RiskAction::ImportZones { enterprise: *enterprise, crs: *crs, file: path }
            }
            RiskPath::Table { .. } => RiskAction::ExportTable(path),
            RiskPath::Plan { enterprise } => RiskAction::AttachPlan { enterprise: *enterprise, file: path },
        })
    }

    pub fn title(&self, lang: Lang) -> String {
        lang.t(match self {
            RiskPath::Poster { pdf: true, .. } => T::RiskPosterPdf,
            RiskPath::Poster { pdf: false, .. } => T::RiskPosterPng,
            RiskPath::Zones { .. } => T::RiskImportZones,
            RiskPath::Table { xlsx: true } => T::RiskExportXlsx,
            RiskPath::Table { xlsx: false } => T::RiskExportCsv,
            RiskPath::Plan { .. } => T::GeorefAttach,
        })
        .trim_end_matches('…')
        .to_string()
    }
}

/// The enterprise risk window and the georeferencing window.
#[derive(Default)]
pub struct RiskWindows {
    pub enterprise: EnterpriseRiskWindow,
    pub georef: GeorefWindow,
}

impl RiskWindows {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx) -> Vec<Command> {
        let mut out = Vec::new();
        out.extend(self.enterprise.ui(ui, cx));
        out.extend(self.georef.ui(ui, cx));
        out
    }

    /// Carries out a request; `Ok(Some(message))` for the status bar. Errors are also kept by
    /// the window that asked, so the user sees them where they acted.
    pub fn apply(
        &mut self,
        doc: Option<&mut Document>,
        action: RiskAction,
        lang: Lang,
    ) -> anyhow::Result<Option<String>> {
        let from_georef = matches!(action, RiskAction::AttachPlan { .. } | RiskAction::SaveGeoref { .. });
        let r = self.run(doc, action, lang);
        let error = r.as_ref().err().map(|e| format!("{e:#}"));
        if from_georef {
            self.georef.error = error;
        } else {
            self.enterprise.error = error;
        }
        r
    }

    fn run(&mut self, doc: Option<&mut Document>, action: RiskAction, lang: Lang) -> anyhow::Result<Option<String>> {
        match action {
            RiskAction::OpenEnterprise(id) => {
                self.enterprise.open(id);
                return Ok(None);
            }
            RiskAction::OpenGeoref(id) => {
                self.georef.open(id);
                return Ok(None);
            }
            RiskAction::MapPoint(at) => {
                self.georef.map_point(at);
                return Ok(None);
            }
            _ => {}
        }
        let Some(doc) = doc else { return Err(anyhow::anyhow!(lang.t(T::NoProject))) };
        let message = match action {
            RiskAction::File { enterprise, date, note } => {
                let filer = doc.project.operator().to_string();
                let f = doc.project.write(|w| w.file_risk_map(enterprise, date, &filer, &note))?;
                format!("{} {} · {} · {}", lang.t(T::RiskFiled), f.filed_on, f.filer, f.overall)
            }
            RiskAction::SetLevel { enterprise, level, reason } => {
                doc.project.write(|w| w.set_level_override(enterprise, level, &reason))?;
                lang.t(T::RiskLevelSet).to_string()
            }
            RiskAction::ClearLevel(enterprise) => {
                doc.project.write(|w| w.clear_level_override(enterprise))?;
                lang.t(T::Saved).to_string()
            }
            RiskAction::ExportPoster { enterprise, path } => {
                let today = chrono::Local::now().date_naive();
                crate::render::poster_export::export_poster(&doc.project, enterprise, &path, 150.0, today)?;
                return Ok(Some(format!("{} {}", lang.t(T::Exported), path.display())));
            }
            RiskAction::ImportZones { enterprise, crs, file } => {
                let req = RiskImportRequest {
                    file,
                    kind: RiskImportKind::Zones,
                    crs,
                    read: ReadOptions::default(),
                    enterprise: Some(enterprise),
                };
                let s = import_risk_file(&mut doc.project, &req, &crate::progress::Silent)?;
                format!("{} {} · {}", lang.t(T::Imported), s.imported, lang.t(T::RiskZones))
            }
            RiskAction::ExportTable(path) => {
                let today = chrono::Local::now().date_naive();
                crate::actions::risk_export::export_city_table(&doc.project, &path, today)?;
                return Ok(Some(format!("{} {}", lang.t(T::Exported), path.display())));
            }
            RiskAction::AttachPlan { enterprise, file } => {
                let bytes = std::fs::read(&file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
                let name = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                let plan = doc.project.write(|w| w.add_floor_plan(enterprise, &name, &bytes, ""))?;
                self.georef.select(plan.id);
                format!("{} {}", lang.t(T::Saved), plan.name)
            }
            RiskAction::SaveGeoref { plan, kind, points } => {
                let g = doc.project.write(|w| w.georeference_plan(plan, kind, &points))?;
                format!("{} · RMS {:.2} m", lang.t(T::GeorefSaved), g.rms_m)
            }
            RiskAction::OpenEnterprise(_) | RiskAction::OpenGeoref(_) | RiskAction::MapPoint(_) => return Ok(None),
        };
        // Levels of enterprises may have changed with the zones or overrides: edits recorded
        // before no longer undo cleanly.
        doc.undo.clear();
        doc.reload()?;
        Ok(Some(message))
    }
}

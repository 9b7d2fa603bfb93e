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
use crate::store::Project;
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

    /// Requests that take a second or more (posters, zone imports, the city table): the app runs
    /// them with [`work`] on a worker thread and hands the outcome to [`RiskWindows::finished`].
    pub fn runs_as_job(action: &RiskAction) -> bool {
        matches!(action, RiskAction::ExportPoster { .. } | RiskAction::ImportZones { .. } | RiskAction::ExportTable(_))
    }

    /// Takes a job's outcome back on the UI thread: the error goes to the window that asked, and
    /// a changed project is read again (zone imports change levels, so undo starts afresh).
    pub fn finished(
        &mut self,
        doc: Option<&mut Document>,
        outcome: anyhow::Result<(String, bool)>,
    ) -> anyhow::Result<String> {
        self.enterprise.error = outcome.as_ref().err().map(|e| format!("{e:#}"));
        let (message, changed) = outcome?;
        if let (true, Some(doc)) = (changed, doc) {
            doc.undo.clear();
            doc.reload()?;
        }
        Ok(message)
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
        // Overrides and zone imports change enterprises' levels: edits recorded before no
        // longer undo cleanly.
        let levels_change =
            matches!(action, RiskAction::SetLevel { .. } | RiskAction::ClearLevel(_) | RiskAction::ImportZones { .. });
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
            RiskAction::ExportPoster { .. } | RiskAction::ImportZones { .. } | RiskAction::ExportTable(_) => {
                let (message, changed) = work(&mut doc.project, action, lang)?;
                if !changed {
                    return Ok(Some(message));
                }
                message
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
        if levels_change {
            doc.undo.clear();
        }
        // A new version: the windows and the unfiled list read the store again.
        doc.reload()?;
        Ok(Some(message))
    }
}

/// The slow risk requests, on whichever connection the caller has (a worker thread's own one
/// in the window): the status message and whether the project changed.
pub fn work(project: &mut Project, action: RiskAction, lang: Lang) -> anyhow::Result<(String, bool)> {
    let today = chrono::Local::now().date_naive();
    match action {
        RiskAction::ExportPoster { enterprise, path } => {
            crate::render::poster_export::export_poster(project, enterprise, &path, 150.0, today)?;
            Ok((format!("{} {}", lang.t(T::Exported), path.display()), false))
        }
        RiskAction::ImportZones { enterprise, crs, file } => {
            let req = RiskImportRequest {
                file,
                kind: RiskImportKind::Zones,
                crs,
                read: ReadOptions::default(),
                enterprise: Some(enterprise),
            };
            let s = import_risk_file(project, &req, &crate::progress::Silent)?;
            Ok((format!("{} {} · {}", lang.t(T::Imported), s.imported, lang.t(T::RiskZones)), true))
        }
        RiskAction::ExportTable(path) => {
            crate::actions::risk_export::export_city_table(project, &path, today)?;
            Ok((format!("{} {}", lang.t(T::Exported), path.display()), false))
        }
        other => Err(anyhow::anyhow!("not a background risk request: {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_choice_leads_to_its_request() {
        let p = PathBuf::from("/tmp/x");
        let poster = RiskPath::Poster { enterprise: 7, pdf: true };
        assert!(poster.save() && poster.filter().2.ends_with(".pdf"));
        let Command::Risk(a) = poster.command(p.clone()) else { panic!() };
        assert_eq!(a, RiskAction::ExportPoster { enterprise: 7, path: p.clone() });
        let zones = RiskPath::Zones { enterprise: 7, crs: Crs::Gcj02 };
        assert!(!zones.save() && zones.filter().1.contains(&"gpkg") && zones.filter().1.contains(&"xlsx"));
        let Command::Risk(a) = zones.command(p.clone()) else { panic!() };
        assert_eq!(a, RiskAction::ImportZones { enterprise: 7, crs: Crs::Gcj02, file: p.clone() });
        assert!(RiskPath::Table { xlsx: false }.save());
        assert_eq!(RiskPath::Table { xlsx: true }.filter().2, "risk_table.xlsx");
        assert!(!RiskPath::Plan { enterprise: 7 }.save());
        assert!(!RiskPath::Plan { enterprise: 7 }.title(Lang::Zh).ends_with('…'));
    }
}

//! The record writes the window asks for — hazard ledger items and their lifecycle steps, the
//! ledger sheet in and out, drills and their rules, pre-positionings and warnings — each one
//! library call (the same the command line makes), audited in one transaction, then the
//! document is read again so the map and the lists show the change.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::i18n::{Lang, T};
use crate::model::drill::{Drill, DrillRulesSetting};
use crate::model::hazard::HazardItem;
use crate::model::preposition::Preposition;
use crate::model::warning::Warning;
use crate::model::{FeatureId, LonLat};
use crate::store::hazards::HazardStep;
use crate::store::{SettingKey, StoreError};
use crate::ui::document::Document;

/// Which form the next map click gives a point to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointPurpose {
    /// The place of a hazard item in its card.
    HazardLocation,
    /// The scenario point of a drill being planned.
    DrillScenario,
    /// The temporary position of a pre-positioning being entered.
    Preposition,
}

impl PointPurpose {
    /// The map's hint while it waits for the click.
    pub fn hint(self) -> T {
        match self {
            PointPurpose::HazardLocation => T::HintPickHazard,
            PointPurpose::DrillScenario => T::HintPickScenario,
            PointPurpose::Preposition => T::HintPickPreposition,
        }
    }
}

/// The record windows of the 工具 menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordWindow {
    Drills,
    Prepositions,
    Warnings,
}

/// A write on the project's records.
#[derive(Debug, Clone)]
pub enum RecordOp {
    /// A new ledger item, reported by the operator.
    AddHazard(Box<HazardItem>),
    /// New descriptive fields of an item (the lifecycle moves only by steps).
    EditHazard(Box<HazardItem>),
    HazardStep(FeatureId, HazardStep),
    /// A ledger sheet (.xlsx/.xls/.ods/.csv) into the project, all or nothing.
    ImportLedger(PathBuf),
    /// The ledger out as .xlsx in its own layout.
    ExportLedger(PathBuf),
    /// A drill: added when its id is 0, else changed.
    SaveDrill(Box<Drill>),
    DeleteDrill(FeatureId),
    SaveDrillRules(DrillRulesSetting),
    AddPreposition(Box<Preposition>),
    /// End a pre-positioning now (the unit is back home).
    EndPreposition(FeatureId),
    DeletePreposition(FeatureId),
    AddWarning(Box<Warning>),
    /// Lift (解除) a warning now.
    LiftWarning(FeatureId),
    DeleteWarning(FeatureId),
}

/// What a write did, for the status bar and the forms.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub message: String,
    /// The ledger item or drill added or changed, for its card.
    pub id: Option<FeatureId>,
}

impl RecordOp {
    /// True for writes on the hazard ledger (their refusals show in the item's card).
    pub fn is_hazard(&self) -> bool {
        matches!(self, RecordOp::AddHazard(_) | RecordOp::EditHazard(_) | RecordOp::HazardStep(..))
    }
}

/// Applies one write at `now` and reads the document again.
pub fn apply(doc: &mut Document, op: RecordOp, now: DateTime<Utc>, lang: Lang) -> anyhow::Result<Done> {
    let saved = |id| Done { message: lang.t(T::RecordSaved).to_string(), id: Some(id) };
    let p = &mut doc.project;
    let done = match op {
        RecordOp::AddHazard(item) => saved(p.write(|w| w.insert_hazard(&item))?),
        RecordOp::EditHazard(item) => {
            p.write(|w| w.update_hazard(&item))?;
            saved(item.id)
        }
        RecordOp::HazardStep(id, step) => {
            let item = p.write(|w| w.hazard_step(id, &step))?;
            Done { message: format!("{}：{}", item.title, lang.label(item.status)), id: Some(id) }
        }
        RecordOp::ImportLedger(path) => {
            let s = crate::actions::hazards::import_ledger(p, &path)?;
            let mut message = format!("{} {} · {}", lang.t(T::Imported), s.imported, s.imported_summary.line());
            if s.summary_mismatch()
                && let Some(stated) = s.stated_summary
            {
                message = format!("{message}（{}：{}）", lang.t(T::LedgerStatedLine), stated.line());
            }
            Done { message, id: None }
        }
        RecordOp::ExportLedger(path) => {
            let s = crate::actions::hazards::export_ledger(p, &path, now)?;
            Done { message: format!("{} {} · {}", lang.t(T::Exported), s.file, s.summary_line), id: None }
        }
        RecordOp::SaveDrill(d) => {
            let id = if d.id == 0 {
                p.write(|w| w.insert_drill(&d))?
            } else {
                p.write(|w| w.update_drill(&d))?;
                d.id
            };
            saved(id)
        }
        RecordOp::DeleteDrill(id) => {
            p.write(|w| w.delete_drill(id))?;
            Done { message: lang.t(T::Deleted).to_string(), id: None }
        }
        RecordOp::SaveDrillRules(rules) => {
            p.write(|w| w.set_setting(SettingKey::DrillRules, &rules))?;
            Done { message: lang.t(T::RecordSaved).to_string(), id: None }
        }
        RecordOp::AddPreposition(x) => saved(p.write(|w| w.insert_preposition(&x))?),
        RecordOp::EndPreposition(id) => {
            let mut x = p.prepositions()?.into_iter().find(|x| x.id == id).ok_or(missing("预置", id))?;
            if now <= x.starts_at {
                anyhow::bail!(lang.t(T::NotStartedYet));
            }
            x.ends_at = x.ends_at.min(now);
            p.write(|w| w.update_preposition(&x))?;
            Done { message: lang.t(T::Ended).to_string(), id: Some(id) }
        }
        RecordOp::DeletePreposition(id) => {
            p.write(|w| w.delete_preposition(id))?;
            Done { message: lang.t(T::Deleted).to_string(), id: None }
        }
        RecordOp::AddWarning(x) => saved(p.write(|w| w.insert_warning(&x))?),
        RecordOp::LiftWarning(id) => {
            let mut x = p.warnings()?.into_iter().find(|x| x.id == id).ok_or(missing("预警", id))?;
            if now <= x.starts_at {
                anyhow::bail!(lang.t(T::NotStartedYet));
            }
            x.ends_at = x.ends_at.min(now);
            p.write(|w| w.update_warning(&x))?;
            Done { message: lang.t(T::Ended).to_string(), id: Some(id) }
        }
        RecordOp::DeleteWarning(id) => {
            p.write(|w| w.delete_warning(id))?;
            Done { message: lang.t(T::Deleted).to_string(), id: None }
        }
    };
    doc.reload()?;
    Ok(done)
}

fn missing(layer: &'static str, id: FeatureId) -> StoreError {
    StoreError::NoSuchFeature { layer, id }
}

/// An instant typed in a form ("2024-10-01 08:00", civil time in the project's zone).
pub fn typed_instant(doc: &Document, text: &str) -> Result<DateTime<Utc>, String> {
    let zone = doc.project.zone().map_err(|e| e.to_string())?;
    zone.parse_instant(text.trim()).ok_or_else(|| format!("\"{}\": 2024-10-01 08:00 ({})", text.trim(), zone.name()))
}

/// An instant as a form shows it, in the project's zone.
pub fn instant_text(doc: &Document, at: DateTime<Utc>) -> String {
    doc.project.zone().map_or_else(|_| at.format("%Y-%m-%d %H:%M").to_string(), |z| z.format(at))
}

/// "114.3521, 36.1034" for a point in a form.
pub fn point_text(at: Option<LonLat>) -> String {
    at.map_or_else(String::new, |p| format!("{:.5}, {:.5}", p.lon, p.lat))
}

//! Drills: drill mode on and off, the compliance report, participant suggestions from a
//! scenario point, and the drill sheets.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use super::ActionError;
use crate::analysis::drill_compliance::{self, ComplianceReport};
use crate::analysis::drill_planning::{self, Candidate, SuggestRequest, TravelRanking};
use crate::analysis::prepositions;
use crate::analysis::travel::TravelModel;
use crate::io::drill_sheets::{self, Names};
use crate::model::drill::DrillRulesSetting;
use crate::model::drill_mode::DrillModeSetting;
use crate::model::{FeatureId, UnitRef};
use crate::snapshot::Snapshot;
use crate::store::{Project, SettingKey, StoreError};

/// Switches drill mode on (with the exercise's name and drill record) or off, audited. While
/// it is on, every audit row and export is marked 【演练】.
pub fn set_drill_mode(
    project: &mut Project,
    on: bool,
    exercise: &str,
    drill: Option<FeatureId>,
    now: DateTime<Utc>,
) -> Result<DrillModeSetting, StoreError> {
    if let Some(id) = drill
        && project.drill(id)?.is_none()
    {
        return Err(StoreError::NoSuchFeature { layer: "应急演练", id });
    }
    let setting = if on {
        DrillModeSetting {
            on: true,
            exercise: exercise.trim().to_string(),
            drill,
            since: Some(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        }
    } else {
        DrillModeSetting::default()
    };
    project.write(|w| w.set_setting(SettingKey::DrillMode, &setting))?;
    Ok(setting)
}

/// The compliance report of `year` as of `as_of`, under the project's rules.
pub fn compliance(project: &Project, year: i32, as_of: NaiveDate) -> Result<ComplianceReport, StoreError> {
    let snapshot = Snapshot::load(project)?;
    let rules: DrillRulesSetting = project.setting(SettingKey::DrillRules)?;
    Ok(drill_compliance::evaluate(&snapshot, &project.drills()?, &rules.rules, year, as_of))
}

/// Stations and teams to invite to a drill at `scenario`, ranked by travel time from where
/// each unit is at `at` (pre-positioned units from their temporary position).
pub fn suggest_participants(
    project: &Project,
    request: &SuggestRequest,
    at: DateTime<Utc>,
    travel: &dyn TravelModel,
) -> Result<Vec<Candidate>, StoreError> {
    let snapshot = prepositions::at_time(&Snapshot::load(project)?, &project.prepositions()?, at);
    Ok(drill_planning::suggest(&snapshot, request, &TravelRanking { travel }))
}

fn names(project: &Project) -> Result<Names, StoreError> {
    let s = Snapshot::load(project)?;
    Ok(Names {
        units: s
            .stations
            .iter()
            .map(|x| (UnitRef::station(x.id), x.name.clone()))
            .chain(s.teams.iter().map(|x| (UnitRef::team(x.id), x.name.clone())))
            .collect(),
        districts: s.areas.iter().map(|a| (a.code.clone(), a.name.clone())).collect(),
        enterprises: s.enterprises.iter().map(|e| (e.id, e.name.clone())).collect(),
    })
}

/// Writes the drill plan and records (of one year, or all) to an .xlsx; returns how many.
pub fn export_drills(project: &Project, path: &Path, year: Option<i32>) -> Result<usize, ActionError> {
    use chrono::Datelike;
    let drills: Vec<_> = project
        .drills()?
        .into_iter()
        .filter(|d| year.is_none_or(|y| d.held_on.or(d.planned_on).is_some_and(|day| day.year() == y)))
        .collect();
    let title = match year {
        Some(y) => format!("{y}年应急演练计划及开展情况"),
        None => "应急演练计划及开展情况".to_string(),
    };
    drill_sheets::write_drills(path, &title, &drills, &names(project)?, project.export_mark()?)?;
    Ok(drills.len())
}

/// Writes the compliance report to an .xlsx.
pub fn export_compliance(project: &Project, path: &Path, report: &ComplianceReport) -> Result<(), ActionError> {
    drill_sheets::write_compliance(path, report, project.export_mark()?)?;
    Ok(())
}

//! Dispatch's reads and writes of the project: its settings (turnout times, the travel
//! estimate, incident templates), validated, and the incident log.

use std::path::Path;

use crate::analysis::dispatch::DispatchPlan;
use crate::analysis::dispatch_sheet::DispatchSheet;
use crate::analysis::incident_types::IncidentTemplates;
use crate::analysis::protection::ProtectionSettings;
use crate::analysis::travel::TravelModel;
use crate::model::FeatureId;
use crate::model::zone::Zone;
use crate::routing::{RoutingError, TimeOfDay, load_router};
use crate::store::{Project, SettingKey, StoreError};

/// The settings a dispatch reads.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DispatchSettings {
    pub protection: ProtectionSettings,
    pub templates: IncidentTemplates,
}

impl DispatchSettings {
    /// The project's settings, or the documented defaults where none are stored; a stored value
    /// that cannot be used is an error naming the setting.
    pub fn load(project: &Project) -> Result<Self, StoreError> {
        let protection: ProtectionSettings = project.setting(SettingKey::Protection)?;
        if let Some(message) = protection.problem() {
            return Err(StoreError::BadSetting { key: SettingKey::Protection.as_str().into(), message });
        }
        let templates: IncidentTemplates = project.setting(SettingKey::IncidentTemplates)?;
        if let Some(message) = templates.problem() {
            return Err(StoreError::BadSetting { key: SettingKey::IncidentTemplates.as_str().into(), message });
        }
        Ok(Self { protection, templates })
    }
}

/// The travel model dispatch and nearest use: routed times on the project's road network when
/// one is imported (`at`: the time of day for the rush-hour slow-down, `None` = free flow), else
/// the straight-line estimate from the settings.
pub fn travel_model(
    project: &Project,
    settings: &DispatchSettings,
    at: Option<TimeOfDay>,
) -> Result<Box<dyn TravelModel>, RoutingError> {
    Ok(match load_router(project, at)? {
        Some(router) => Box::new(router),
        None => Box::new(settings.protection.straight_line),
    })
}

/// The time of day of an instant in the project's zone, for the road network's rush-hour factor.
pub fn time_of_day(zone: &Zone, at: chrono::DateTime<chrono::Utc>) -> TimeOfDay {
    use chrono::Timelike;
    let local = zone.local(at);
    TimeOfDay::hm(local.hour() as u16, local.minute() as u16)
}

/// Records an incident and the dispatch chosen (one audited transaction); returns its id.
pub fn log_dispatch(
    project: &mut Project,
    plan: &DispatchPlan,
    address: &str,
    note: &str,
) -> Result<FeatureId, StoreError> {
    let log = plan.to_log(address, note);
    project.write(|w| w.log_incident(&log))
}

/// Stores the project's incident types (audited), refusing templates dispatch could not use.
pub fn save_templates(project: &mut Project, templates: &IncidentTemplates) -> Result<(), StoreError> {
    if let Some(message) = templates.problem() {
        return Err(StoreError::BadSetting { key: SettingKey::IncidentTemplates.as_str().into(), message });
    }
    project.write(|w| w.set_setting(SettingKey::IncidentTemplates, templates))
}

/// Writes the dispatch sheet (.csv or .xlsx), titled 【演练】 in drill mode.
pub fn write_sheet(project: &Project, plan: &DispatchPlan, address: &str, path: &Path) -> anyhow::Result<()> {
    let mut sheet = DispatchSheet::from_plan(plan, address);
    sheet.title = project.export_mark()?.title(&sheet.title);
    crate::io::dispatch_sheet::write(&sheet, path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::incident_types::MaterialNeed;

    #[test]
    fn defaults_apply_until_a_project_stores_its_own_and_bad_ones_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Project::create(&dir.path().join("a.gpkg")).unwrap();
        assert_eq!(DispatchSettings::load(&p).unwrap(), DispatchSettings::default());

        let mut templates = IncidentTemplates::default();
        templates.types[0].materials.push(MaterialNeed { item: "沙袋".into(), unit: "条".into(), quantity: 100.0 });
        p.write(|w| w.set_setting(SettingKey::IncidentTemplates, &templates)).unwrap();
        assert_eq!(DispatchSettings::load(&p).unwrap().templates, templates);

        templates.types[0].materials[0].quantity = -3.0;
        templates.types[1].name = "火灾".into();
        p.write(|w| w.set_setting(SettingKey::IncidentTemplates, &templates)).unwrap();
        let err = DispatchSettings::load(&p).unwrap_err();
        assert!(err.to_string().contains("incident_templates"), "{err}");
        assert!(err.to_string().contains("火灾"), "{err}");
    }

    #[test]
    fn templates_are_saved_only_when_usable() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Project::create(&dir.path().join("a.gpkg")).unwrap();
        let mut t = IncidentTemplates::default();
        t.types[0].stations = 5;
        save_templates(&mut p, &t).unwrap();
        assert_eq!(DispatchSettings::load(&p).unwrap().templates, t);
        let mut bad = t.clone();
        bad.types[1].name = bad.types[0].name.clone();
        let err = save_templates(&mut p, &bad).unwrap_err();
        assert!(err.to_string().contains("used twice"), "{err}");
        assert_eq!(DispatchSettings::load(&p).unwrap().templates, t, "nothing stored");
    }
}

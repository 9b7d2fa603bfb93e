//! A siting scenario in the coverage analysis: its sites stand in for the planned and
//! under-construction stations (the existing ones stay), so `analysis::coverage::analyse` with
//! planned stations counted gives every coverage figure — per district and township, enterprises
//! by level, red/orange and townships outside, jurisdictions — for the scenario, before and after.

use super::error::PlanningError;
use crate::analysis::coverage::{self, CoverageError, CoverageOptions, CoverageReport};
use crate::analysis::protection::ProtectionSettings;
use crate::model::siting::SitingScenario;
use crate::model::{Station, StationClass, StationStatus};
use crate::routing::Router;
use crate::snapshot::Snapshot;

/// The class a site without one of its own is built as: the urban standard station
/// (建标152-2017 二级普通消防站 is the usual new urban station).
pub const DEFAULT_CLASS: StationClass = StationClass::Level2;

/// The snapshot with the scenario's sites, as planned stations, instead of the planned and
/// under-construction ones. Sites keep their own class (the built-in plan's do); the others are
/// built as `class`.
pub fn with_scenario(snapshot: &Snapshot, scenario: &SitingScenario, class: StationClass) -> Snapshot {
    let mut stations: Vec<Station> = snapshot
        .stations
        .iter()
        .filter(|s| !matches!(s.status, StationStatus::Planned | StationStatus::UnderConstruction))
        .cloned()
        .collect();
    let mut next = snapshot.stations.iter().map(|s| s.id).max().unwrap_or(0);
    for site in &scenario.sites {
        next += 1;
        let mut s = Station::new(site.name.clone(), site.class.unwrap_or(class), StationStatus::Planned, site.location);
        s.id = next;
        stations.push(s);
    }
    Snapshot::from_parts(
        stations,
        snapshot.teams.clone(),
        snapshot.depots.clone(),
        snapshot.enterprises.clone(),
        snapshot.areas.clone(),
    )
}

/// The coverage analysis with the scenario's sites as the new stations (and the existing
/// stations alone as "before"), and the snapshot it was computed on (for the report's map).
pub fn analyse(
    snapshot: &Snapshot,
    scenario: &SitingScenario,
    class: StationClass,
    settings: &ProtectionSettings,
    opts: &CoverageOptions,
    router: Option<&Router>,
) -> Result<(Snapshot, CoverageReport), CoverageError> {
    let snap = with_scenario(snapshot, scenario, class);
    let opts = CoverageOptions { with_planned: true, ..opts.clone() };
    let mut report = coverage::analyse(&snap, settings, &opts, router)?;
    report.scenario = Some(scenario.name.clone());
    Ok((snap, report))
}

/// The scenario of this name among `all` ("planned" or "规划" name the built-in plan).
pub fn by_name<'a>(all: &'a [SitingScenario], name: &str) -> Result<&'a SitingScenario, PlanningError> {
    let wanted = name.trim();
    let planned = wanted.eq_ignore_ascii_case(super::project::PLANNED) || wanted == "规划";
    all.iter().find(|s| (planned && s.is_builtin()) || s.name == wanted).ok_or_else(|| {
        let known: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
        PlanningError::Input(format!("unknown scenario \"{wanted}\" (known: {})", known.join(", ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::siting::{ScenarioOptions, ScenarioSite};

    fn settings() -> ProtectionSettings {
        ProtectionSettings::default()
    }

    #[test]
    fn the_built_in_plan_gives_the_planned_figures_and_other_sites_replace_it() {
        let s = crate::demo::snapshot();
        let all = super::super::scenarios::all(&s, Vec::new());
        let plan = by_name(&all, "planned").unwrap();
        let opts = CoverageOptions::default();
        let with_planned =
            coverage::analyse(&s, &settings(), &CoverageOptions { with_planned: true, ..opts.clone() }, None).unwrap();
        let (_, r) = analyse(&s, plan, DEFAULT_CLASS, &settings(), &opts, None).unwrap();
        assert_eq!(r.scenario.as_deref(), Some(plan.name.as_str()));
        assert_eq!(r.summary.stations, with_planned.summary.stations);
        assert!((r.summary.covered_km2 - with_planned.summary.covered_km2).abs() < 1e-6);
        assert_eq!(r.summary.red_orange_outside, with_planned.summary.red_orange_outside);
        assert_eq!(r.before, with_planned.before);

        // One site on the first red enterprise outside: it is no longer outside.
        let outside = &with_planned.before.as_ref().unwrap();
        let existing_only = coverage::analyse(&s, &settings(), &opts, None).unwrap();
        assert_eq!(existing_only.summary.red_orange_outside, outside.red_orange_outside);
        let e = existing_only.enterprises_outside.first().unwrap();
        let at = s.enterprises.iter().find(|x| x.id == e.id).unwrap().location;
        let one = SitingScenario {
            id: 7,
            name: "一站".into(),
            sites: vec![ScenarioSite { name: "新站".into(), location: at, class: None }],
            options: ScenarioOptions::default(),
            note: String::new(),
        };
        let (snap, r) = analyse(&s, &one, DEFAULT_CLASS, &settings(), &opts, None).unwrap();
        assert_eq!(snap.stations.iter().filter(|x| x.status == StationStatus::Planned).count(), 1);
        assert_eq!(r.summary.stations, existing_only.summary.stations + 1);
        assert!(!r.enterprises_outside.iter().any(|x| x.id == e.id));
        assert!(r.summary.red_orange_outside < existing_only.summary.red_orange_outside);
        assert!(r.stations.iter().any(|x| x.name == "新站" && x.class == DEFAULT_CLASS));
        assert!(by_name(&all, "nope").unwrap_err().to_string().contains("unknown scenario"));
    }
}

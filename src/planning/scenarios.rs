//! Siting scenarios on the project: the built-in one of the planned stations, the saved ones,
//! their sites as candidate sites, and the ways a planner adds candidates (a file of points, a
//! grid over a district). A result of the solver becomes a scenario with [`from_selection`].

use std::path::Path;
use std::time::Duration;

use super::error::PlanningError;
use super::project::{CandidateSite, ProjectProblem};
use super::{Method, Model, Options, Position};
use crate::io::fields::{Attrs, position};
use crate::io::{Crs, ImportError, ReadOptions};
use crate::model::siting::{ModelKind, ScenarioOptions, ScenarioSite, SitingScenario, planned_name};
use crate::model::{AdminArea, Layer, LonLat, StationStatus};
use crate::snapshot::Snapshot;

/// The planned and under-construction stations as a scenario ("规划八站"), when there are any.
pub fn builtin(snapshot: &Snapshot) -> Option<SitingScenario> {
    let sites: Vec<ScenarioSite> = snapshot
        .stations
        .iter()
        .filter(|s| matches!(s.status, StationStatus::Planned | StationStatus::UnderConstruction))
        .filter(|s| s.location.is_valid())
        .map(|s| ScenarioSite { name: s.name.clone(), location: s.location, class: Some(s.class) })
        .collect();
    if sites.is_empty() {
        return None;
    }
    let options = ScenarioOptions { p: sites.len(), ..Default::default() };
    Some(SitingScenario { id: 0, name: planned_name(sites.len()), sites, options, note: String::new() })
}

/// The built-in scenario first, then the saved ones.
pub fn all(snapshot: &Snapshot, saved: Vec<SitingScenario>) -> Vec<SitingScenario> {
    builtin(snapshot).into_iter().chain(saved).collect()
}

/// A scenario's sites as candidates; ids are `NAME#k` (1-based), unique while names are.
pub fn candidates(s: &SitingScenario) -> Vec<CandidateSite> {
    s.sites
        .iter()
        .enumerate()
        .map(|(k, site)| CandidateSite {
            id: format!("{}#{}", s.name, k + 1),
            name: site.name.clone(),
            at: site.location,
        })
        .collect()
}

/// The solver's model and options for a scenario's options.
pub fn model_of(o: &ScenarioOptions) -> (Model, Options) {
    let radius = o.minutes * 60.0;
    let p = o.p.max(1);
    let model = match o.model {
        ModelKind::Mclp => Model::Mclp { p, radius },
        ModelKind::Lscp => Model::Lscp { radius },
        ModelKind::Pmedian => Model::PMedian { p },
        ModelKind::Pcenter => Model::PCenter { p },
    };
    let method = if o.exact { Method::Exact } else { Method::Heuristic };
    (model, Options { method, time_limit: Some(Duration::from_secs_f64(o.time_limit_s.max(0.1))) })
}

/// The candidates `selected` (indices into the problem's candidates) as a new scenario.
pub fn from_selection(pp: &ProjectProblem, selected: &[usize], name: &str, options: ScenarioOptions) -> SitingScenario {
    let sites = selected
        .iter()
        .filter_map(|&j| {
            let at = match pp.problem.candidates.get(j)?.at? {
                Position::LonLat(p) => p,
                Position::Planar { .. } => return None,
            };
            let name = pp.candidate_names.get(j).cloned().unwrap_or_default();
            Some(ScenarioSite { name, location: at, class: None })
        })
        .collect();
    SitingScenario { id: 0, name: name.to_string(), sites, options, note: String::new() }
}

/// Candidate sites on a square grid of `step_m` metres inside an area's outline, named
/// `AREA 网格ROW-COL`.
pub fn grid_in_area(snapshot: &Snapshot, area: &AdminArea, step_m: f64) -> Result<Vec<CandidateSite>, PlanningError> {
    use geo::{BoundingRect, Contains};
    if !(step_m.is_finite() && step_m >= 100.0) {
        return Err(PlanningError::Input(format!("grid spacing {step_m} m: use at least 100 m")));
    }
    let outline = area
        .outline
        .as_ref()
        .ok_or_else(|| PlanningError::Input(format!("{} has no outline to lay a grid over", area.name)))?;
    let rect =
        outline.bounding_rect().ok_or_else(|| PlanningError::Input(format!("{} has an empty outline", area.name)))?;
    let proj = &snapshot.projection;
    let lo = proj.to_local(LonLat::new(rect.min().x, rect.min().y));
    let hi = proj.to_local(LonLat::new(rect.max().x, rect.max().y));
    let cols = ((hi.x - lo.x) / step_m).floor().max(0.0) as usize + 1;
    let rows = ((hi.y - lo.y) / step_m).floor().max(0.0) as usize + 1;
    if rows.saturating_mul(cols) > 20_000 {
        return Err(PlanningError::Input(format!(
            "a {step_m} m grid over {} gives about {} sites; use a wider spacing",
            area.name,
            rows.saturating_mul(cols)
        )));
    }
    let mut out = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            let local =
                crate::spatial::LocalM { x: lo.x + (c as f64 + 0.5) * step_m, y: lo.y + (r as f64 + 0.5) * step_m };
            let at = proj.to_lonlat(local);
            if outline.contains(&at.to_point()) {
                out.push(CandidateSite {
                    id: format!("grid-{}-{r}-{c}", area.code),
                    name: format!("{} 网格{}-{}", area.name, r + 1, c + 1),
                    at,
                });
            }
        }
    }
    if out.is_empty() {
        return Err(PlanningError::Input(format!(
            "no grid point of {step_m} m falls inside {}; use a narrower spacing",
            area.name
        )));
    }
    Ok(out)
}

/// Candidate sites from a file of points (CSV with lon/lat columns, GeoJSON, any format
/// `onemap import` reads); named by their name column, else `FILE-k`. Ids are `file:NAME-k`.
pub fn read_sites(path: &Path) -> Result<Vec<CandidateSite>, ImportError> {
    let stem = path.file_stem().map_or_else(|| "file".to_string(), |s| s.to_string_lossy().into_owned());
    let mut out = Vec::new();
    crate::io::read_records(path, Layer::Stations, &ReadOptions::default(), |rec| {
        let attrs = Attrs::new(&rec.attrs);
        let at = position(&rec, &attrs, Crs::Wgs84)
            .map_err(|e| ImportError::at(path, rec.location.clone(), e.message).with_field(e.field))?;
        let k = out.len() + 1;
        let name = rec.label().unwrap_or_else(|| format!("{stem}-{k}"));
        out.push(CandidateSite { id: format!("file:{stem}-{k}"), name, at });
        Ok(())
    })?;
    if out.is_empty() {
        return Err(ImportError::file(path, "has no points"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AreaLevel;

    use crate::demo::snapshot as demo;

    #[test]
    fn the_plan_comes_first_and_a_grid_stays_inside_its_district() {
        let s = demo();
        let all = all(&s, Vec::new());
        assert_eq!(all[0].name, "规划八站");
        assert!(all[0].is_builtin());
        assert_eq!(candidates(&all[0])[7].id, "规划八站#8");
        let district = s.areas_at(AreaLevel::District).find(|a| a.outline.is_some()).unwrap();
        let cells = grid_in_area(&s, district, 2000.0).unwrap();
        assert!(cells.len() > 3, "{}", cells.len());
        use geo::Contains;
        assert!(cells.iter().all(|c| district.outline.as_ref().unwrap().contains(&c.at.to_point())));
        assert!(grid_in_area(&s, district, 50.0).is_err());
    }

    #[test]
    fn sites_are_read_from_a_csv_and_bad_rows_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("c.csv");
        std::fs::write(&good, "名称,经度,纬度\n甲,114.35,36.1\n,114.36,36.11\n").unwrap();
        let sites = read_sites(&good).unwrap();
        assert_eq!(sites.len(), 2);
        assert_eq!(sites[0].name, "甲");
        assert_eq!(sites[1].name, "c-2");
        let bad = dir.path().join("b.csv");
        std::fs::write(&bad, "name,lon,lat\nx,114.35,96\n").unwrap();
        let e = read_sites(&bad).unwrap_err().to_string();
        assert!(e.contains("b.csv") && e.contains("lat"), "{e}");
    }
}

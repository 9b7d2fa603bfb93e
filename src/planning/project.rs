//! The project's own siting problem: its enterprises as demand (weighted by risk level), its
//! existing fire stations fixed, and its planned stations (plus an optional grid) as candidate
//! sites, with travel times from the project's travel model (roads when imported, else the
//! straight-line estimate). The planned stations are the built-in scenario [`PLANNED`].

use serde::Serialize;

use super::costs::CostMatrix;
use super::error::PlanningError;
use super::evaluate::{Comparison, Evaluation, Scenario};
use super::problem::{Demand, Position, Problem, Site};
use crate::analysis::travel::TravelModel;
use crate::model::siting::{DemandKind, SitingScenario};
use crate::model::{AreaLevel, LonLat, RiskLevel, StationStatus};
use crate::snapshot::Snapshot;

/// The name of the scenario made of every planned station.
pub const PLANNED: &str = "planned";

/// The covering standard in seconds of driving: the 5-minute rule of 建标152-2017 城市消防站建设标准
/// minus its 1 minute of turnout (explanatory notes: 1 min to turn out, 4 min to drive).
pub const DRIVE_STANDARD_S: f64 = 240.0;

pub use crate::model::siting::DemandWeights;

impl DemandWeights {
    /// "red=8,orange=4,yellow=2,blue=1" (any subset; Chinese 红/橙/黄/蓝 too).
    pub fn parse(text: &str) -> Result<Self, PlanningError> {
        let mut w = Self::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let bad = || PlanningError::Input(format!("weight \"{part}\": expected LEVEL=NUMBER, e.g. red=8"));
            let (level, value) = part.split_once('=').ok_or_else(bad)?;
            let value: f64 = value.trim().parse().map_err(|_| bad())?;
            if let Some(problem) = super::problem::weight_problem(value) {
                return Err(PlanningError::Input(format!("weight \"{part}\": {problem}")));
            }
            let level: RiskLevel = level.trim().parse().map_err(|_| bad())?;
            match level {
                RiskLevel::Red => w.red = value,
                RiskLevel::Orange => w.orange = value,
                RiskLevel::Yellow => w.yellow = value,
                RiskLevel::Blue => w.blue = value,
            }
        }
        Ok(w)
    }
}

/// What goes into the project's problem besides its layers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProjectOptions {
    pub weights: DemandWeights,
    pub demand: DemandKind,
    /// Scenarios whose sites are candidates (and can be evaluated by name): usually
    /// [`scenarios::all`](super::scenarios::all), the planned stations first.
    pub scenarios: Vec<SitingScenario>,
    /// Further candidate sites (picked on the map, imported, or a grid over a district).
    pub extra: Vec<CandidateSite>,
    /// Add candidate sites on a square grid of this spacing (metres) over the demand's extent.
    pub grid_m: Option<f64>,
    /// The layer's features when `demand` is [`DemandKind::Layer`] (read them with
    /// [`demand_layer::read`](super::demand_layer::read) or [`ProjectOptions::read_layer`]).
    pub layer_points: Vec<DemandPoint>,
}

impl ProjectOptions {
    /// Reads the demand layer's features from the project file when the demand is a layer.
    pub fn read_layer(&mut self, project_path: &std::path::Path) -> Result<(), PlanningError> {
        self.layer_points = match &self.demand {
            DemandKind::Layer(l) => super::demand_layer::read(project_path, l)?,
            _ => Vec::new(),
        };
        Ok(())
    }
}

/// A candidate site with an id unique in the problem and a name for people.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateSite {
    pub id: String,
    pub name: String,
    pub at: LonLat,
}

/// The problem and what it was built from.
#[derive(Debug, Clone)]
pub struct ProjectProblem {
    pub problem: Problem,
    /// Demand index → the enterprise's risk level (for "newly covered red/orange" counts); empty
    /// when the demand is townships or a layer.
    pub levels: Vec<RiskLevel>,
    /// Candidate index → a name for people (the site's name, or the grid cell).
    pub candidate_names: Vec<String>,
    /// The options' scenarios as sets of candidate ids, in order.
    pub scenarios: Vec<Scenario>,
    /// Which of them is the built-in one of the planned stations.
    pub planned: Option<usize>,
    /// The same candidates and existing stations serving the townships (for "newly covered
    /// townships"); `None` when the project has no township outlines.
    pub townships: Option<Problem>,
    /// How travel times were obtained.
    pub travel: String,
    pub estimate: bool,
}

/// A demand point of the project before it becomes a [`Demand`].
#[derive(Debug, Clone, PartialEq)]
pub struct DemandPoint {
    pub id: String,
    pub at: LonLat,
    pub weight: f64,
}

fn enterprise_points(snapshot: &Snapshot, weights: &DemandWeights) -> (Vec<DemandPoint>, Vec<RiskLevel>) {
    let enterprises: Vec<_> = snapshot.enterprises.iter().filter(|e| e.location.is_valid()).collect();
    let points = enterprises
        .iter()
        .map(|e| DemandPoint { id: format!("enterprise-{}", e.id), at: e.location, weight: weights.of(e.risk) })
        .collect();
    (points, enterprises.iter().map(|e| e.risk).collect())
}

/// Townships at their outline's centroid, weighted by population (1 when unknown).
fn township_points(snapshot: &Snapshot) -> Vec<DemandPoint> {
    use geo::Centroid;
    snapshot
        .areas_at(AreaLevel::Township)
        .filter_map(|a| {
            let c = a.outline.as_ref()?.centroid()?;
            let at = LonLat::new(c.x(), c.y());
            at.is_valid().then(|| DemandPoint {
                id: format!("township-{}", a.code),
                at,
                weight: a.population.map_or(1.0, |p| p as f64),
            })
        })
        .collect()
}

fn problem_of(
    travel: &dyn TravelModel,
    points: &[DemandPoint],
    candidates: &[Site],
    existing: &[Site],
) -> Result<Problem, PlanningError> {
    let demand = points
        .iter()
        .map(|p| Demand { id: p.id.clone(), weight: p.weight, at: Some(Position::LonLat(p.at)) })
        .collect();
    let demand_at: Vec<LonLat> = points.iter().map(|p| p.at).collect();
    let sites_at: Vec<LonLat> = candidates
        .iter()
        .chain(existing)
        .filter_map(|s| match s.at {
            Some(Position::LonLat(p)) => Some(p),
            _ => None,
        })
        .collect();
    let costs = CostMatrix::from_travel(travel, &demand_at, &sites_at, |l| l.seconds)?;
    Problem::new(demand, candidates.to_vec(), existing.to_vec(), costs)
}

/// Builds the project's problem. Costs are driving seconds (turnout excluded).
pub fn project_problem(
    snapshot: &Snapshot,
    travel: &dyn TravelModel,
    options: &ProjectOptions,
) -> Result<ProjectProblem, PlanningError> {
    let (points, levels) = match &options.demand {
        DemandKind::Enterprises => enterprise_points(snapshot, &options.weights),
        DemandKind::Townships => (township_points(snapshot), Vec::new()),
        DemandKind::Layer(_) => (options.layer_points.clone(), Vec::new()),
    };
    if points.is_empty() {
        return Err(PlanningError::Input(match &options.demand {
            DemandKind::Enterprises => "the project has no enterprises to serve (import some first)".into(),
            DemandKind::Townships => "the project has no township outlines to serve (import townships first)".into(),
            DemandKind::Layer(l) => format!("layer \"{}\" has no features read to serve", l.layer),
        }));
    }
    let site = |id: String, at: LonLat| Site { id, at: Some(Position::LonLat(at)) };
    let existing: Vec<Site> = snapshot
        .stations
        .iter()
        .filter(|s| s.status == StationStatus::Existing)
        .map(|s| site(format!("station-{}", s.id), s.location))
        .collect();
    let mut candidates: Vec<Site> = Vec::new();
    let mut candidate_names: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut scenarios = Vec::with_capacity(options.scenarios.len());
    for s in &options.scenarios {
        let mut ids = Vec::with_capacity(s.sites.len());
        for c in super::scenarios::candidates(s) {
            if seen.insert(c.id.clone()) {
                candidates.push(site(c.id.clone(), c.at));
                candidate_names.push(c.name);
            }
            ids.push(c.id);
        }
        scenarios.push(Scenario { name: s.name.clone(), new_sites: ids });
    }
    for c in &options.extra {
        if seen.insert(c.id.clone()) {
            candidates.push(site(c.id.clone(), c.at));
            candidate_names.push(c.name.clone());
        }
    }
    if let Some(step) = options.grid_m {
        let cells = grid(snapshot, &points.iter().map(|p| p.at).collect::<Vec<_>>(), step)?;
        candidate_names.extend(cells.iter().map(|c| c.id.replace("grid-", "网格")));
        candidates.extend(cells);
    }
    if candidates.is_empty() {
        return Err(PlanningError::Input(
            "no candidate sites: the project has no planned stations; add sites or ask for a grid".into(),
        ));
    }
    let problem = problem_of(travel, &points, &candidates, &existing)?;
    let townships = match options.demand {
        DemandKind::Townships => Some(problem.clone()),
        DemandKind::Enterprises | DemandKind::Layer(_) => {
            let t = township_points(snapshot);
            if t.is_empty() { None } else { Some(problem_of(travel, &t, &candidates, &existing)?) }
        }
    };
    Ok(ProjectProblem {
        problem,
        levels,
        candidate_names,
        scenarios,
        planned: options.scenarios.iter().position(SitingScenario::is_builtin),
        townships,
        travel: travel.describe(),
        estimate: travel.is_estimate(),
    })
}

/// Grid candidates over the points' extent, in the snapshot's local metric projection.
fn grid(snapshot: &Snapshot, points: &[LonLat], step_m: f64) -> Result<Vec<Site>, PlanningError> {
    if !(step_m.is_finite() && step_m >= 100.0) {
        return Err(PlanningError::Input(format!("grid spacing {step_m} m: use at least 100 m")));
    }
    let proj = &snapshot.projection;
    let local: Vec<_> = points.iter().map(|p| proj.to_local(*p)).collect();
    let (mut min, mut max) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for p in &local {
        min = [min[0].min(p.x), min[1].min(p.y)];
        max = [max[0].max(p.x), max[1].max(p.y)];
    }
    let cols = ((max[0] - min[0]) / step_m).floor() as usize + 1;
    let rows = ((max[1] - min[1]) / step_m).floor() as usize + 1;
    if rows.saturating_mul(cols) > 20_000 {
        return Err(PlanningError::Input(format!(
            "a {step_m} m grid over the enterprises gives {} candidate sites; use a wider spacing",
            rows.saturating_mul(cols)
        )));
    }
    let mut out = Vec::with_capacity(rows * cols);
    for r in 0..rows {
        for c in 0..cols {
            let at = crate::spatial::LocalM { x: min[0] + c as f64 * step_m, y: min[1] + r as f64 * step_m };
            out.push(Site { id: format!("grid-{r}-{c}"), at: Some(Position::LonLat(proj.to_lonlat(at))) });
        }
    }
    Ok(out)
}

/// The named scenario among the problem's ([`PLANNED`] or 规划 name the planned stations').
pub fn scenario(pp: &ProjectProblem, name: &str) -> Result<Scenario, PlanningError> {
    let wanted = name.trim();
    let planned = wanted.eq_ignore_ascii_case(PLANNED) || wanted == "规划";
    let builtin = pp.planned.and_then(|k| pp.scenarios.get(k)).filter(|_| planned);
    let found = builtin.or_else(|| pp.scenarios.iter().find(|s| s.name == wanted));
    found.cloned().ok_or_else(|| {
        let known: Vec<&str> = pp.scenarios.iter().map(|s| s.name.as_str()).collect();
        PlanningError::Input(format!("unknown scenario \"{wanted}\" (known: {})", known.join(", ")))
    })
}

/// One column of a side-by-side comparison: the existing stations alone, or with a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioRow {
    pub name: String,
    /// Names of the new sites (empty for the existing stations alone).
    pub sites: Vec<String>,
    /// Demand weight within the standard, and its share of all demand (0..1).
    pub covered_weight: f64,
    pub covered_share: f64,
    /// Enterprises within the standard now and not with the existing stations alone.
    pub newly_covered: usize,
    /// Of those, red and orange ones.
    pub newly_covered_red_orange: usize,
    /// Townships (at their centroid) within the standard now and not with the existing
    /// stations alone; `None` without township outlines.
    pub newly_covered_townships: Option<usize>,
    /// Weighted mean and worst driving seconds to the nearest open station (`None`: some
    /// enterprise is unreachable).
    pub mean_s: Option<f64>,
    pub worst_s: Option<f64>,
}

/// Rows for the baseline (named `existing`) and each scenario of a comparison.
pub fn rows(pp: &ProjectProblem, c: &Comparison) -> Vec<ScenarioRow> {
    let total = c.baseline.total_weight;
    let radius = c.baseline.radius;
    let townships = |new_sites: &[String]| -> Option<usize> {
        let t = pp.townships.as_ref()?;
        let scenario = [super::Scenario { name: String::new(), new_sites: new_sites.to_vec() }];
        let c = super::compare(t, &scenario, radius).ok()?;
        c.scenarios.first().map(|s| s.newly_covered.len())
    };
    let row = |name: &str, sites: Vec<String>, e: &Evaluation, newly: &[usize], towns: Option<usize>| {
        let covered = e.covered_weight.unwrap_or(0.0);
        ScenarioRow {
            name: name.to_string(),
            sites,
            covered_weight: covered,
            covered_share: if total > 0.0 { covered / total } else { 0.0 },
            newly_covered: newly.len(),
            newly_covered_red_orange: newly
                .iter()
                .filter(|&&i| matches!(pp.levels.get(i), Some(RiskLevel::Red | RiskLevel::Orange)))
                .count(),
            newly_covered_townships: towns,
            mean_s: e.mean_cost,
            worst_s: e.worst_cost.is_finite().then_some(e.worst_cost),
        }
    };
    let mut out = vec![row("existing", Vec::new(), &c.baseline, &[], townships(&[]))];
    for s in &c.scenarios {
        let names = pp
            .problem
            .candidate_indices(&s.new_sites)
            .map(|idx| idx.iter().filter_map(|&j| pp.candidate_names.get(j).cloned()).collect())
            .unwrap_or_else(|_| s.new_sites.clone());
        out.push(row(&s.name, names, &s.evaluation, &s.newly_covered, townships(&s.new_sites)));
    }
    out
}

/// A scenario and/or an optimal set, compared with the existing stations alone.
#[derive(Debug, Clone)]
pub struct SideBySide {
    pub rows: Vec<ScenarioRow>,
    /// The optimal set's solution, when one was asked for.
    pub solution: Option<super::Solution>,
    /// Candidate indices of each scenario after the baseline (for drawing them).
    pub sites: Vec<Vec<usize>>,
}

/// Evaluates `scenarios` and solves `optimal` (if any), all within `radius` seconds.
pub fn side_by_side(
    pp: &ProjectProblem,
    scenarios: &[Scenario],
    optimal: Option<(&super::Model, &super::Options)>,
    radius: f64,
    progress: &dyn crate::progress::Progress,
) -> Result<SideBySide, PlanningError> {
    let mut scenarios = scenarios.to_vec();
    let mut solution = None;
    if let Some((model, options)) = optimal {
        let s = super::solve(&pp.problem, model, options, progress)?;
        let ids = s.selected.iter().filter_map(|&j| pp.problem.candidates.get(j).map(|c| c.id.clone())).collect();
        scenarios.push(Scenario { name: format!("optimal ({})", model.name()), new_sites: ids });
        solution = Some(s);
    }
    let comparison = super::compare(&pp.problem, &scenarios, Some(radius))?;
    let sites = scenarios.iter().map(|s| pp.problem.candidate_indices(&s.new_sites)).collect::<Result<_, _>>()?;
    Ok(SideBySide { rows: rows(pp, &comparison), solution, sites })
}

/// The number of new sites an optimal set gets by default: the scenario's, else the first's.
pub fn default_p(pp: &ProjectProblem, scenario: Option<&Scenario>) -> usize {
    scenario.or(pp.scenarios.first()).map_or(1, |s| s.new_sites.len()).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::travel::StraightLine;

    use crate::demo::snapshot as demo;

    #[test]
    fn the_demo_gives_enterprises_weighted_by_risk_and_the_eight_planned_stations() {
        let s = demo();
        let pp = project_problem(&s, &StraightLine::default(), &with_plan(&s)).unwrap();
        assert_eq!(pp.problem.demand.len(), s.enterprises.len());
        assert_eq!(scenario(&pp, PLANNED).unwrap().new_sites.len(), 8);
        assert_eq!(
            pp.problem.existing.len(),
            s.stations.iter().filter(|x| x.status == StationStatus::Existing).count()
        );
        let reds = s.enterprises.iter().filter(|e| e.risk == RiskLevel::Red).count() as f64;
        let heavy = pp.problem.demand.iter().filter(|d| d.weight == 8.0).count() as f64;
        assert_eq!(reds, heavy);
        // Costs are the estimate's seconds: recompute one.
        let e0 = s.enterprises[0].location;
        let Some(Position::LonLat(c0)) = pp.problem.candidates[0].at else { panic!() };
        let want = StraightLine::default().leg(c0, e0).seconds;
        assert!((pp.problem.costs.get(0, 0) - want).abs() < 1e-6);
        assert!(pp.estimate);
    }

    pub(super) fn with_plan(s: &Snapshot) -> ProjectOptions {
        ProjectOptions { scenarios: super::super::scenarios::all(s, Vec::new()), ..Default::default() }
    }

    #[test]
    fn townships_are_demand_at_their_centroids_weighted_by_population() {
        let s = demo();
        let options = ProjectOptions { demand: DemandKind::Townships, ..with_plan(&s) };
        let pp = project_problem(&s, &StraightLine::default(), &options).unwrap();
        let with_outline: Vec<_> = s.areas_at(AreaLevel::Township).filter(|a| a.outline.is_some()).collect();
        assert_eq!(pp.problem.demand.len(), with_outline.len());
        assert_eq!(pp.problem.demand[0].weight, with_outline[0].population.map_or(1.0, |p| p as f64));
        assert!(pp.levels.is_empty());
        let c = super::super::compare(&pp.problem, &pp.scenarios, Some(DRIVE_STANDARD_S)).unwrap();
        let r = rows(&pp, &c);
        assert_eq!(r[1].newly_covered_townships, Some(r[1].newly_covered));
    }

    #[test]
    fn a_layer_is_demand_with_its_points_and_weights() {
        let s = demo();
        let points = vec![
            DemandPoint { id: "a".into(), at: s.enterprises[0].location, weight: 3.0 },
            DemandPoint { id: "b".into(), at: s.enterprises[1].location, weight: 0.5 },
        ];
        let layer = crate::model::siting::DemandLayer { layer: "sites".into(), weight: Some("people".into()) };
        let mut options = ProjectOptions { demand: DemandKind::Layer(layer), ..with_plan(&s) };
        let e = project_problem(&s, &StraightLine::default(), &options).unwrap_err().to_string();
        assert!(e.contains("\"sites\""), "{e}");
        options.layer_points = points;
        let pp = project_problem(&s, &StraightLine::default(), &options).unwrap();
        let w: Vec<f64> = pp.problem.demand.iter().map(|d| d.weight).collect();
        assert_eq!(w, [3.0, 0.5]);
        assert!(pp.levels.is_empty());
        // Townships are still counted beside a layer's demand.
        assert!(pp.townships.is_some());
    }

    #[test]
    fn weights_parse_and_grid_adds_candidates() {
        let w = DemandWeights::parse("red=10, 蓝=0").unwrap();
        assert_eq!((w.red, w.orange, w.blue), (10.0, 4.0, 0.0));
        assert!(DemandWeights::parse("red=-1").unwrap_err().to_string().contains("negative"));
        assert!(DemandWeights::parse("purple=1").is_err());
        let s = demo();
        let with_grid = ProjectOptions { grid_m: Some(5000.0), ..with_plan(&s) };
        let pp = project_problem(&s, &StraightLine::default(), &with_grid).unwrap();
        assert!(pp.problem.candidates.len() > 8 + 4, "{}", pp.problem.candidates.len());
        assert!(
            project_problem(&s, &StraightLine::default(), &ProjectOptions { grid_m: Some(5.0), ..with_grid }).is_err()
        );
        assert!(scenario(&pp, "规划").is_ok());
        assert!(scenario(&pp, "nope").is_err());
    }
}

#[cfg(test)]
mod compare_tests {
    use super::*;
    use crate::analysis::travel::StraightLine;

    #[test]
    fn rows_recount_coverage_from_the_evaluations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.gpkg");
        crate::demo::create(&path, None).unwrap();
        let s = Snapshot::load(&crate::store::Project::open(&path).unwrap()).unwrap();
        let pp = project_problem(&s, &StraightLine::default(), &super::tests::with_plan(&s)).unwrap();
        let planned = scenario(&pp, PLANNED).unwrap();
        let c = super::super::compare(&pp.problem, std::slice::from_ref(&planned), Some(DRIVE_STANDARD_S)).unwrap();
        let r = rows(&pp, &c);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].sites.len(), 8);
        assert!(r[1].sites.iter().any(|n| n.contains("汪家店")), "{:?}", r[1].sites);
        // Recount the scenario's coverage by hand from the cost matrix.
        let open: Vec<usize> = pp.problem.candidate_indices(&planned.new_sites).unwrap();
        let m = pp.problem.candidates.len();
        let mut covered = 0.0;
        let mut newly = 0;
        for (i, d) in pp.problem.demand.iter().enumerate() {
            let row = pp.problem.costs.row(i);
            let before = row[m..].iter().any(|c| *c <= DRIVE_STANDARD_S);
            let after = before || open.iter().any(|&j| row[j] <= DRIVE_STANDARD_S);
            if after {
                covered += d.weight;
            }
            newly += usize::from(after && !before);
        }
        assert!((r[1].covered_weight - covered).abs() < 1e-9);
        assert_eq!(r[1].newly_covered, newly);
        assert!(r[1].covered_weight >= r[0].covered_weight);
    }
}

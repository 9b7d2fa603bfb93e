//! `onemap site --demand D.csv --candidates C.csv [--existing E.csv] [--costs M.csv]
//! --model mclp|lscp|pmedian|pcenter [--p N] [--radius R] [--time-limit S]
//! [--method exact|heuristic] [--json]`: siting on a generic problem.
//!
//! `onemap site --db P [--scenario NAME…] [--model M [--p N]] [--radius S] [--grid M]
//! [--sites FILE] [--weights red=8,…] [--at HH:MM] [--save NAME] [--json]`: the project's own
//! problem (`planning::project`), saved scenarios and/or an optimal set compared side by side
//! with the existing stations alone; `--list` and `--delete NAME` manage the saved scenarios.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::{Value, json};

use crate::planning::read::{Files, read_problem};
use crate::planning::{Method, Model, Options, Solution, solve};

use super::onemap_errors::input;
use super::output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum ModelName {
    Mclp,
    Lscp,
    Pmedian,
    Pcenter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum MethodName {
    Exact,
    Heuristic,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Demand points: id,weight and x,y (metres) or lon,lat; id,weight is enough with --costs.
    #[arg(long, required_unless_present = "db")]
    pub(super) demand: Option<PathBuf>,
    /// Candidate sites: id and x,y or lon,lat (just id with --costs).
    #[arg(long, required_unless_present = "db")]
    pub(super) candidates: Option<PathBuf>,
    /// Existing sites, always open and not counted in p: id and x,y or lon,lat.
    #[arg(long)]
    pub(super) existing: Option<PathBuf>,
    /// Costs demand_id,candidate_id,cost (any unit; a missing pair is unreachable); replaces positions.
    #[arg(long)]
    pub(super) costs: Option<PathBuf>,
    /// mclp: most demand within --radius of p new sites; lscp: fewest new sites covering all demand
    /// within --radius; pmedian: least weighted cost with p new sites; pcenter: least worst cost.
    #[arg(long, value_enum, required_unless_present = "db")]
    pub(super) model: Option<ModelName>,
    /// Number of new sites (mclp, pmedian, pcenter).
    #[arg(long)]
    pub(super) p: Option<usize>,
    /// Covering radius in cost units (mclp, lscp).
    #[arg(long)]
    pub(super) radius: Option<f64>,
    /// Seconds before returning the best solution so far with its gap.
    #[arg(long, default_value_t = 60.0)]
    pub(super) time_limit: f64,
    /// exact proves optimality (or reports the gap at the time limit); heuristic answers large
    /// problems in a second and reports a bound when it has one.
    #[arg(long, value_enum, default_value_t = MethodName::Exact)]
    pub(super) method: MethodName,
    /// JSON: model, selected (candidate ids), objective, covered_weight and total_weight (covering
    /// models), gap (0 when proven optimal), seconds, and more.
    #[arg(long)]
    pub(super) json: bool,
    /// The project's own problem instead of files: its enterprises (weighted by risk level) as
    /// demand, its existing stations fixed, its planned stations as candidates; costs are
    /// driving seconds on its roads (else the estimate); --radius defaults to 240 s.
    #[arg(long, conflicts_with_all = ["demand", "candidates", "existing", "costs"])]
    pub(super) db: Option<PathBuf>,
    /// With --db: evaluate this scenario (a saved one by name, or "planned" = 规划八站, every
    /// planned station) against the existing stations alone, and beside the optimal set when
    /// --model is given. Repeat to compare several side by side.
    #[arg(long, requires = "db")]
    pub(super) scenario: Vec<String>,
    /// With --db: list the project's scenarios (the planned stations first, then the saved ones).
    #[arg(long, requires = "db")]
    pub(super) list: bool,
    /// With --db: save a scenario under this name: the optimal set of --model, else the points
    /// of --sites.
    #[arg(long, requires = "db")]
    pub(super) save: Option<String>,
    /// With --db: a file of points (CSV with lon/lat columns, GeoJSON…) offered as candidate
    /// sites, or saved as a scenario with --save.
    #[arg(long, requires = "db")]
    pub(super) sites: Option<PathBuf>,
    /// With --db: delete the saved scenario of this name.
    #[arg(long, requires = "db")]
    pub(super) delete: Option<String>,
    /// With --db: also offer candidate sites on a grid of this spacing (metres).
    #[arg(long, requires = "db")]
    pub(super) grid: Option<f64>,
    /// With --db: demand weights per risk level (default red=8,orange=4,yellow=2,blue=1).
    #[arg(long, requires = "db")]
    pub(super) weights: Option<String>,
    /// With --db: the demand is the features of this layer of the project (any point or polygon
    /// feature table of its GeoPackage; polygons at their centroid) instead of its enterprises.
    #[arg(long, requires = "db")]
    pub(super) demand_layer: Option<String>,
    /// With --demand-layer: the numeric field weighting each feature (default: every feature 1).
    #[arg(long, requires = "demand_layer")]
    pub(super) weight: Option<String>,
    /// With --db and roads: time of day (HH:MM) for the rush-hour slow-down; default free flow.
    #[arg(long, requires = "db")]
    pub(super) at: Option<crate::routing::TimeOfDay>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !(args.time_limit.is_finite() && args.time_limit > 0.0) {
        return Err(input(format!("--time-limit {} is not a number of seconds > 0", args.time_limit)));
    }
    if let Some(db) = args.db.clone() {
        return super::site_project::run(&args, &db);
    }
    let (Some(demand), Some(candidates), Some(model_name)) = (&args.demand, &args.candidates, args.model) else {
        return Err(input("give --demand, --candidates and --model, or --db for the project's own data"));
    };
    let model = model(&args, model_name, None)?;
    let problem =
        read_problem(Files { demand, candidates, existing: args.existing.as_deref(), costs: args.costs.as_deref() })?;
    let bar = Spinner::new();
    let solution = solve(&problem, &model, &solve_options(&args), &bar);
    bar.finish();
    let solution = solution?;
    let ids: Vec<&str> = solution.selected.iter().map(|&j| problem.candidates[j].id.as_str()).collect();
    if args.json {
        output::json(&report(&solution, &ids))?;
    } else {
        print_text(&solution, &ids);
    }
    Ok(ExitCode::SUCCESS)
}

/// The solver options of the command line.
pub(super) fn solve_options(args: &Args) -> Options {
    Options {
        method: match args.method {
            MethodName::Exact => Method::Exact,
            MethodName::Heuristic => Method::Heuristic,
        },
        time_limit: Some(Duration::from_secs_f64(args.time_limit)),
    }
}

/// The model asked for; `defaults` = (p, radius) used when --p / --radius are not given.
pub(super) fn model(args: &Args, m: ModelName, defaults: Option<(usize, f64)>) -> anyhow::Result<Model> {
    let p = || args.p.or(defaults.map(|d| d.0)).ok_or_else(|| input(format!("--model {} needs --p", name(m))));
    let radius =
        || args.radius.or(defaults.map(|d| d.1)).ok_or_else(|| input(format!("--model {} needs --radius", name(m))));
    Ok(match m {
        ModelName::Mclp => Model::Mclp { p: p()?, radius: radius()? },
        ModelName::Lscp => Model::Lscp { radius: radius()? },
        ModelName::Pmedian => Model::PMedian { p: p()? },
        ModelName::Pcenter => Model::PCenter { p: p()? },
    })
}

fn name(m: ModelName) -> &'static str {
    match m {
        ModelName::Mclp => "mclp",
        ModelName::Lscp => "lscp",
        ModelName::Pmedian => "pmedian",
        ModelName::Pcenter => "pcenter",
    }
}

fn report(s: &Solution, ids: &[&str]) -> Value {
    let e = &s.evaluation;
    let mut v = json!({
        "model": s.model.name(),
        "method": s.method,
        "selected": ids,
        "objective": s.objective,
        "bound": s.bound,
        "gap": s.gap,
        "optimal": s.optimal,
        "stopped": s.stop,
        "seconds": s.seconds,
        "nodes": s.nodes,
        "total_weight": e.total_weight,
        "mean_cost": e.mean_cost,
        "worst_cost": e.worst_cost,
    });
    if let (Some(covered), Some(map)) = (e.covered_weight, v.as_object_mut()) {
        map.insert("covered_weight".into(), json!(covered));
        map.insert("radius".into(), json!(s.model.radius()));
    }
    v
}

fn print_text(s: &Solution, ids: &[&str]) {
    let e = &s.evaluation;
    let mut rows = vec![
        vec!["model".to_string(), s.model.to_string()],
        vec!["selected".into(), ids.join(", ")],
        vec!["objective".into(), format!("{}", s.objective)],
    ];
    if let Some(c) = e.covered_weight {
        rows.push(vec!["covered".into(), format!("{c} of {} ({:.2} %)", e.total_weight, 100.0 * c / e.total_weight)]);
    }
    let gap = match (s.optimal, s.gap) {
        (true, _) => "0 (proven optimal)".to_string(),
        (false, Some(g)) => format!("{:.4} % (bound {})", 100.0 * g, s.bound.unwrap_or(f64::NAN)),
        (false, None) => "unknown".into(),
    };
    rows.push(vec!["gap".into(), gap]);
    if let Some(stop) = s.stop {
        rows.push(vec!["stopped".into(), format!("{stop:?}")]);
    }
    rows.push(vec!["seconds".into(), format!("{:.3}", s.seconds)]);
    output::table(&["", ""], &rows);
}

/// A terminal spinner with the current phase and its count; hidden when stderr is not a terminal.
pub(super) struct Spinner(indicatif::ProgressBar);

impl Spinner {
    pub(super) fn new() -> Self {
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {pos} ({elapsed})") {
            bar.set_style(style);
        }
        Self(bar)
    }

    pub(super) fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl crate::progress::Progress for Spinner {
    fn begin(&self, what: &str, _total: Option<u64>) {
        self.0.set_message(what.to_string());
        self.0.set_position(0);
    }

    fn set(&self, done: u64) {
        self.0.set_position(done);
    }
}

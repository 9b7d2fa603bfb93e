//! `onemap site --demand D.csv --candidates C.csv [--existing E.csv] [--costs M.csv]
//! --model mclp|lscp|pmedian|pcenter [--p N] [--radius R] [--time-limit S]
//! [--method exact|heuristic] [--json]`: siting on a generic problem.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::{Value, json};

use crate::planning::read::{Files, read_problem};
use crate::planning::{Method, Model, Options, Solution, solve};

use super::onemap_errors::input;
use super::output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ModelName {
    Mclp,
    Lscp,
    Pmedian,
    Pcenter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum MethodName {
    Exact,
    Heuristic,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Demand points: id,weight and x,y (metres) or lon,lat; id,weight is enough with --costs.
    #[arg(long)]
    demand: PathBuf,
    /// Candidate sites: id and x,y or lon,lat (just id with --costs).
    #[arg(long)]
    candidates: PathBuf,
    /// Existing sites, always open and not counted in p: id and x,y or lon,lat.
    #[arg(long)]
    existing: Option<PathBuf>,
    /// Costs demand_id,candidate_id,cost (any unit; a missing pair is unreachable); replaces positions.
    #[arg(long)]
    costs: Option<PathBuf>,
    /// mclp: most demand within --radius of p new sites; lscp: fewest new sites covering all demand
    /// within --radius; pmedian: least weighted cost with p new sites; pcenter: least worst cost.
    #[arg(long, value_enum)]
    model: ModelName,
    /// Number of new sites (mclp, pmedian, pcenter).
    #[arg(long)]
    p: Option<usize>,
    /// Covering radius in cost units (mclp, lscp).
    #[arg(long)]
    radius: Option<f64>,
    /// Seconds before returning the best solution so far with its gap.
    #[arg(long, default_value_t = 60.0)]
    time_limit: f64,
    /// exact proves optimality (or reports the gap at the time limit); heuristic answers large
    /// problems in a second and reports a bound when it has one.
    #[arg(long, value_enum, default_value_t = MethodName::Exact)]
    method: MethodName,
    /// JSON: model, selected (candidate ids), objective, covered_weight and total_weight (covering
    /// models), gap (0 when proven optimal), seconds, and more.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let model = model(&args)?;
    if !(args.time_limit.is_finite() && args.time_limit > 0.0) {
        return Err(input(format!("--time-limit {} is not a number of seconds > 0", args.time_limit)));
    }
    let problem = read_problem(Files {
        demand: &args.demand,
        candidates: &args.candidates,
        existing: args.existing.as_deref(),
        costs: args.costs.as_deref(),
    })?;
    let options = Options {
        method: match args.method {
            MethodName::Exact => Method::Exact,
            MethodName::Heuristic => Method::Heuristic,
        },
        time_limit: Some(Duration::from_secs_f64(args.time_limit)),
    };
    let bar = Spinner::new();
    let solution = solve(&problem, &model, &options, &bar);
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

fn model(args: &Args) -> anyhow::Result<Model> {
    let p = || args.p.ok_or_else(|| input(format!("--model {} needs --p", name(args.model))));
    let radius = || args.radius.ok_or_else(|| input(format!("--model {} needs --radius", name(args.model))));
    Ok(match args.model {
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
struct Spinner(indicatif::ProgressBar);

impl Spinner {
    fn new() -> Self {
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {pos} ({elapsed})") {
            bar.set_style(style);
        }
        Self(bar)
    }

    fn finish(&self) {
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

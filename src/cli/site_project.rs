//! `onemap site --db P …`: siting on the project's own data (`planning::project`): saved
//! scenarios (the planned stations first) and/or an optimal set, side by side with the existing
//! stations alone; listing, saving and deleting scenarios.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use crate::actions::dispatch::{DispatchSettings, travel_model};
use crate::model::siting::{DemandKind, DemandLayer, ModelKind, ScenarioOptions, ScenarioSite, SitingScenario};
use crate::planning::Model;
use crate::planning::project::{self, CandidateSite, DRIVE_STANDARD_S, DemandWeights, ProjectOptions, SideBySide};
use crate::planning::scenarios;
use crate::snapshot::Snapshot;
use crate::store::Project;

use super::onemap_errors::input;
use super::output;
use super::site::{Args, MethodName, Spinner, model, solve_options};

pub(super) fn run(args: &Args, db: &Path) -> anyhow::Result<ExitCode> {
    let mut project = Project::open(db)?;
    let snapshot = Snapshot::load(&project)?;
    if let Some(name) = &args.delete {
        let saved = project.siting_scenarios()?;
        let Some(s) = saved.iter().find(|s| &s.name == name) else {
            return Err(input(format!("no saved scenario \"{name}\" (the planned stations' cannot be deleted)")));
        };
        project.write(|w| w.delete_siting_scenario(s.id))?;
        println!("deleted scenario \"{name}\"");
        return Ok(ExitCode::SUCCESS);
    }
    let all = scenarios::all(&snapshot, project.siting_scenarios()?);
    if args.list {
        return list(args, &all);
    }
    let extra = match &args.sites {
        Some(path) => scenarios::read_sites(path)?,
        None => Vec::new(),
    };
    if let (Some(name), None) = (&args.save, args.model) {
        return save_file(&mut project, args, name, &extra);
    }
    if args.scenario.is_empty() && args.model.is_none() {
        return Err(input("with --db, give --scenario NAME, --model …, both, or --list"));
    }
    let settings = DispatchSettings::load(&project)?;
    let travel = travel_model(&project, &settings, args.at)?;
    let weights = args.weights.as_deref().map(DemandWeights::parse).transpose()?.unwrap_or_default();
    let demand = demand_kind(args);
    let mut options = ProjectOptions {
        weights,
        demand: demand.clone(),
        grid_m: args.grid,
        scenarios: all,
        extra,
        ..Default::default()
    };
    options.read_layer(db)?;
    let pp = project::project_problem(&snapshot, travel.as_ref(), &options)?;
    let radius = args.radius.unwrap_or(DRIVE_STANDARD_S);

    let scenarios = args.scenario.iter().map(|name| project::scenario(&pp, name)).collect::<Result<Vec<_>, _>>()?;
    let model = match args.model {
        Some(m) => Some(model(args, m, Some((project::default_p(&pp, scenarios.first()), radius)))?),
        None => None,
    };
    let options = solve_options(args);
    let bar = Spinner::new();
    let result = project::side_by_side(&pp, &scenarios, model.as_ref().map(|m| (m, &options)), radius, &bar);
    bar.finish();
    let SideBySide { rows, solution: solved, .. } = result?;
    if let (Some(name), Some(s), Some(m)) = (&args.save, &solved, &model) {
        let saved =
            scenarios::from_selection(&pp, &s.selected, name, scenario_options(args, m, radius, weights, demand));
        project.write(|w| w.insert_siting_scenario(&saved))?;
        if !args.json {
            println!("saved the optimal set as scenario \"{name}\"");
        }
    }
    if args.json {
        let mut v = json!({
            "travel": pp.travel,
            "estimate": pp.estimate,
            "radius_s": radius,
            "weights": weights,
            "demand": pp.problem.demand.len(),
            "candidates": pp.problem.candidates.len(),
            "existing": pp.problem.existing.len(),
            "rows": rows,
        });
        if let (Some(s), Some(o)) = (&solved, v.as_object_mut()) {
            o.insert(
                "solution".into(),
                json!({
                    "model": s.model.name(),
                    "method": s.method,
                    "objective": s.objective,
                    "gap": s.gap,
                    "optimal": s.optimal,
                    "seconds": s.seconds,
                }),
            );
        }
        output::json(&v)?;
        return Ok(ExitCode::SUCCESS);
    }
    let minutes = |s: Option<f64>| s.map_or_else(|| "unreachable".into(), |s| format!("{:.1}", s / 60.0));
    let mut table = vec![
        vec!["covered (weight)".to_string()],
        vec!["covered %".to_string()],
        vec!["newly covered".to_string()],
        vec!["  of them red/orange".to_string()],
        vec!["newly covered townships".to_string()],
        vec!["mean min".to_string()],
        vec!["worst min".to_string()],
    ];
    for r in &rows {
        table[0].push(format!("{}", r.covered_weight));
        table[1].push(format!("{:.1}", 100.0 * r.covered_share));
        table[2].push(r.newly_covered.to_string());
        table[3].push(r.newly_covered_red_orange.to_string());
        table[4].push(r.newly_covered_townships.map_or_else(|| "—".into(), |n| n.to_string()));
        table[5].push(minutes(r.mean_s));
        table[6].push(minutes(r.worst_s));
    }
    let mut header = vec![""];
    header.extend(rows.iter().map(|r| r.name.as_str()));
    output::table(&header, &table);
    for r in rows.iter().skip(1) {
        println!("{}: {}", r.name, r.sites.join(", "));
    }
    if let Some(s) = &solved {
        let gap = if s.optimal { "proven optimal".to_string() } else { format!("gap {:?}", s.gap) };
        println!("{} in {:.2} s, {gap}", s.model, s.seconds);
    }
    println!(
        "within {:.0} s of driving; times: {}{}",
        radius,
        pp.travel,
        if pp.estimate { "; import roads for routed times" } else { "" }
    );
    Ok(ExitCode::SUCCESS)
}

/// The scenarios, as a table or JSON.
fn list(args: &Args, all: &[SitingScenario]) -> anyhow::Result<ExitCode> {
    if args.json {
        output::json(&all)?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|s| {
            let names: Vec<&str> = s.sites.iter().map(|x| x.name.as_str()).collect();
            vec![
                if s.is_builtin() { "built-in".into() } else { s.id.to_string() },
                s.name.clone(),
                s.sites.len().to_string(),
                names.join("、"),
            ]
        })
        .collect();
    output::table(&["id", "name", "sites", ""], &rows);
    Ok(ExitCode::SUCCESS)
}

/// `--save NAME --sites FILE`: the file's points as a new scenario.
fn save_file(project: &mut Project, args: &Args, name: &str, sites: &[CandidateSite]) -> anyhow::Result<ExitCode> {
    if sites.is_empty() {
        return Err(input("--save needs --model (to save the optimal set) or --sites FILE (to save its points)"));
    }
    let weights = args.weights.as_deref().map(DemandWeights::parse).transpose()?.unwrap_or_default();
    let scenario = SitingScenario {
        id: 0,
        name: name.to_string(),
        sites: sites.iter().map(|c| ScenarioSite { name: c.name.clone(), location: c.at, class: None }).collect(),
        options: ScenarioOptions {
            p: sites.len(),
            minutes: args.radius.unwrap_or(DRIVE_STANDARD_S) / 60.0,
            weights,
            demand: demand_kind(args),
            ..Default::default()
        },
        note: String::new(),
    };
    let id = project.write(|w| w.insert_siting_scenario(&scenario))?;
    println!("saved scenario {id} \"{name}\" with {} sites", sites.len());
    Ok(ExitCode::SUCCESS)
}

/// The enterprises, or `--demand-layer` weighted by `--weight`.
fn demand_kind(args: &Args) -> DemandKind {
    match &args.demand_layer {
        Some(layer) => DemandKind::Layer(DemandLayer { layer: layer.clone(), weight: args.weight.clone() }),
        None => DemandKind::Enterprises,
    }
}

/// The options a saved optimal set was found with.
fn scenario_options(
    args: &Args,
    m: &Model,
    radius: f64,
    weights: DemandWeights,
    demand: DemandKind,
) -> ScenarioOptions {
    ScenarioOptions {
        model: match m {
            Model::Mclp { .. } => ModelKind::Mclp,
            Model::Lscp { .. } => ModelKind::Lscp,
            Model::PMedian { .. } => ModelKind::Pmedian,
            Model::PCenter { .. } => ModelKind::Pcenter,
        },
        p: m.p().unwrap_or(0),
        minutes: radius / 60.0,
        demand,
        weights,
        exact: args.method == MethodName::Exact,
        time_limit_s: args.time_limit,
    }
}

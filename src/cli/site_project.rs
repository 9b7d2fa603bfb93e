//! `onemap site --db P …`: siting on the project's own data (`planning::project`): a scenario
//! (the planned stations) and/or an optimal set of the same size, side by side with the existing
//! stations alone.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use crate::actions::dispatch::{DispatchSettings, travel_model};
use crate::planning::project::{self, DRIVE_STANDARD_S, DemandWeights, ProjectOptions, SideBySide};
use crate::snapshot::Snapshot;
use crate::store::Project;

use super::onemap_errors::input;
use super::output;
use super::site::{Args, Spinner, model, solve_options};

pub(super) fn run(args: &Args, db: &Path) -> anyhow::Result<ExitCode> {
    if args.scenario.is_none() && args.model.is_none() {
        return Err(input("with --db, give --scenario planned, --model …, or both"));
    }
    let project = Project::open(db)?;
    let snapshot = Snapshot::load(&project)?;
    let settings = DispatchSettings::load(&project)?;
    let travel = travel_model(&project, &settings, args.at)?;
    let weights = args.weights.as_deref().map(DemandWeights::parse).transpose()?.unwrap_or_default();
    let pp = project::project_problem(&snapshot, travel.as_ref(), &ProjectOptions { weights, grid_m: args.grid })?;
    let radius = args.radius.unwrap_or(DRIVE_STANDARD_S);

    let scenario = args.scenario.as_deref().map(|name| project::scenario(&pp, name)).transpose()?;
    let model = match args.model {
        Some(m) => Some(model(args, m, Some((project::default_p(&pp, scenario.as_ref()), radius)))?),
        None => None,
    };
    let options = solve_options(args);
    let bar = Spinner::new();
    let result = project::side_by_side(&pp, scenario.as_ref(), model.as_ref().map(|m| (m, &options)), radius, &bar);
    bar.finish();
    let SideBySide { rows, solution: solved, .. } = result?;
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
        vec!["mean min".to_string()],
        vec!["worst min".to_string()],
    ];
    for r in &rows {
        table[0].push(format!("{}", r.covered_weight));
        table[1].push(format!("{:.1}", 100.0 * r.covered_share));
        table[2].push(r.newly_covered.to_string());
        table[3].push(r.newly_covered_red_orange.to_string());
        table[4].push(minutes(r.mean_s));
        table[5].push(minutes(r.worst_s));
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

//! `onemap service-areas --db P [--max-minutes M] [--at HH:MM] --out FILE.geojson [--json]`:
//! each road piece to the fire station that reaches it first (in-service stations only).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::routing::{TimeOfDay, load_router, service_area};
use crate::snapshot::Snapshot;
use crate::store::Project;

use super::onemap_errors::input;
use super::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    db: PathBuf,
    /// Leave roads farther than this many minutes from every station unassigned.
    #[arg(long)]
    max_minutes: Option<f64>,
    /// Time of day (HH:MM) for the rush-hour slow-down; default free flow.
    #[arg(long)]
    at: Option<TimeOfDay>,
    /// The GeoJSON file to write: one MultiLineString per station, with its id and name.
    #[arg(long)]
    out: PathBuf,
    /// JSON on stdout: per station its id, name, length_km and max_seconds; unreached_km.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(m) = args.max_minutes.filter(|m| !(m.is_finite() && *m > 0.0 && *m <= 600.0)) {
        return Err(input(format!("--max-minutes {m}: must be above 0 and at most 600")));
    }
    let project = Project::open(&args.db)?;
    let snapshot = Snapshot::load(&project)?;
    let stations: Vec<_> = snapshot.stations.iter().filter(|s| s.status.in_service()).collect();
    if stations.is_empty() {
        return Err(input("the project has no fire stations in service"));
    }
    let router = load_router(&project, args.at)?.ok_or(crate::routing::RoutingError::NoRoads)?;
    let sources: Vec<_> = stations.iter().map(|s| s.location).collect();
    let areas = router.service_areas(&sources, args.max_minutes);
    let mut fc = service_area::to_geojson(&areas);
    for (f, a) in fc.features.iter_mut().zip(&areas.areas) {
        if let (Some(props), Some(s)) = (f.properties.as_mut(), stations.get(a.source)) {
            props.insert("station_id".into(), serde_json::json!(s.id));
            props.insert("station".into(), serde_json::json!(s.name));
        }
    }
    std::fs::write(&args.out, serde_json::to_string(&fc)?)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let rows: Vec<serde_json::Value> = areas
        .areas
        .iter()
        .filter_map(|a| {
            let s = stations.get(a.source)?;
            Some(serde_json::json!({
                "id": s.id, "name": s.name, "length_km": a.length_km, "max_seconds": a.max_seconds,
            }))
        })
        .collect();
    let off_road: Vec<&str> = areas.off_road.iter().filter_map(|&i| stations.get(i).map(|s| s.name.as_str())).collect();
    if args.json {
        output::json(&serde_json::json!({ "areas": rows, "unreached_km": areas.unreached_km, "off_road": off_road }))?;
    } else {
        for (a, r) in areas.areas.iter().zip(&rows) {
            println!(
                "{:<24} {:>8.2} km  farthest {:.1} min",
                r["name"].as_str().unwrap_or(""),
                a.length_km,
                a.max_seconds / 60.0
            );
        }
        println!("{:.2} km of road no station reaches", areas.unreached_km);
        if !off_road.is_empty() {
            println!("no drivable road near: {}", off_road.join(", "));
        }
        println!("wrote {}", args.out.display());
    }
    Ok(ExitCode::SUCCESS)
}

//! `onemap route --db P --from LON,LAT --to LON,LAT [--by time|distance] [--at HH:MM] [--json]`

use std::path::PathBuf;
use std::process::ExitCode;

use crate::model::LonLat;
use crate::routing::{Metric, TimeOfDay, load_router};
use crate::store::Project;

use super::onemap_errors::input;
use super::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    db: PathBuf,
    /// Start, longitude,latitude (WGS84).
    #[arg(long, allow_hyphen_values = true)]
    from: String,
    /// End, longitude,latitude (WGS84).
    #[arg(long, allow_hyphen_values = true)]
    to: String,
    /// Fastest (time) or shortest (distance) route.
    #[arg(long, default_value = "time")]
    by: Metric,
    /// Time of day (HH:MM) for the rush-hour slow-down; default free flow.
    #[arg(long)]
    at: Option<TimeOfDay>,
    /// JSON: seconds, meters, geometry (GeoJSON LineString, lon/lat), from/to snaps, steps.
    #[arg(long)]
    json: bool,
}

/// Parses "LON,LAT".
pub fn parse_lonlat(s: &str, what: &str) -> anyhow::Result<LonLat> {
    let bad = || input(format!("{what} \"{s}\" is not LON,LAT (e.g. 114.35,36.10)"));
    let (lon, lat) = s.split_once(',').ok_or_else(bad)?;
    let p = LonLat::new(lon.trim().parse().map_err(|_| bad())?, lat.trim().parse().map_err(|_| bad())?);
    if let Some(problem) = p.problem() {
        return Err(input(format!("{what}: {problem}")));
    }
    Ok(p)
}

/// "12 min 05 s".
pub fn minutes_text(seconds: f64) -> String {
    let s = seconds.round() as i64;
    format!("{} min {:02} s", s / 60, s % 60)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let from = parse_lonlat(&args.from, "--from")?;
    let to = parse_lonlat(&args.to, "--to")?;
    let project = Project::open(&args.db)?;
    let router = load_router(&project, args.at)?.ok_or(crate::routing::RoutingError::NoRoads)?;
    let route = router.route(from, to, args.by)?;
    if args.json {
        let mut v = serde_json::to_value(&route)?;
        if let Some(o) = v.as_object_mut() {
            o.insert("geometry".into(), serde_json::to_value(route.geojson_geometry())?);
            o.insert("at".into(), serde_json::json!(args.at.map(|t| t.to_string())));
        }
        output::json(&v)?;
    } else {
        println!(
            "{}, {:.2} km (start {:.0} m from the road, end {:.0} m)",
            minutes_text(route.seconds),
            route.meters / 1000.0,
            route.from.distance_m,
            route.to.distance_m
        );
        for s in &route.steps {
            println!(
                "  {:<24} {:>7.0} m  {}",
                s.name.as_deref().unwrap_or(s.class.zh()),
                s.meters,
                minutes_text(s.seconds)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

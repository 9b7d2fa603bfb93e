//! `onemap isochrone --db P (--lon X --lat Y | --stations) --minutes 5[,10…] [--at HH:MM] --out FILE.geojson`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::model::{Layer, LonLat};
use crate::routing::{TimeOfDay, isochrone, load_router};
use crate::store::Project;

use super::onemap_errors::input;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    db: PathBuf,
    /// Source longitude (WGS84).
    #[arg(long, allow_hyphen_values = true, requires = "lat")]
    lon: Option<f64>,
    /// Source latitude (WGS84).
    #[arg(long, allow_hyphen_values = true, requires = "lon")]
    lat: Option<f64>,
    /// All the project's fire stations in service together, instead of one point.
    #[arg(long, conflicts_with = "lon")]
    stations: bool,
    /// Cut-offs in minutes, comma-separated.
    #[arg(long, value_delimiter = ',', required = true)]
    minutes: Vec<f64>,
    /// Time of day (HH:MM) for the rush-hour slow-down; default free flow.
    #[arg(long)]
    at: Option<TimeOfDay>,
    /// The GeoJSON file to write: one MultiPolygon feature per cut-off.
    #[arg(long)]
    out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(m) = args.minutes.iter().find(|m| !(m.is_finite() && **m > 0.0 && **m <= 600.0)) {
        return Err(input(format!("--minutes {m}: each cut-off must be above 0 and at most 600")));
    }
    let project = Project::open(&args.db)?;
    let sources: Vec<LonLat> = if args.stations {
        // Planned and out-of-service stations do not turn out today (`StationStatus::in_service`).
        let stations: Vec<LonLat> = project
            .features(Layer::Stations)?
            .iter()
            .filter_map(|f| match f {
                crate::model::Feature::Stations(s) if s.status.in_service() => Some(s.location),
                _ => None,
            })
            .collect();
        if stations.is_empty() {
            return Err(input("the project has no fire stations in service"));
        }
        stations
    } else {
        match (args.lon, args.lat) {
            (Some(lon), Some(lat)) => {
                let p = LonLat::new(lon, lat);
                if let Some(problem) = p.problem() {
                    return Err(input(format!("--lon/--lat: {problem}")));
                }
                vec![p]
            }
            _ => return Err(input("give --lon and --lat, or --stations")),
        }
    };
    let router = load_router(&project, args.at)?.ok_or(crate::routing::RoutingError::NoRoads)?;
    if sources.iter().all(|p| router.snap(*p).is_none()) {
        return Err(crate::routing::RoutingError::OffRoad {
            what: "the source",
            at: sources[0],
            max_m: router.profile().snap_radius_m(),
        }
        .into());
    }
    let isos = router.isochrones(&sources, &args.minutes);
    let fc = isochrone::to_geojson(&isos);
    std::fs::write(&args.out, serde_json::to_string(&fc)?)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    for iso in &isos {
        println!("{:>5} min: {:.3} km²", iso.minutes, iso.area_km2);
    }
    println!("wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

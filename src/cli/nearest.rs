//! `onemap nearest --db P --lon X --lat Y [--layer stations|teams|depots|all] [-k N]
//! [--capability C] [--vehicle V] [--item I] [--by distance|time] [--at HH:MM] [--json]`
//!
//! Times are routed on the project's roads when it has them, else estimated.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::actions::dispatch::{DispatchSettings, travel_model};
use crate::analysis::nearest::{NearestQuery, RESPONDER_LAYERS, RankBy, Ranked, UnitFilter};
use crate::analysis::travel::TravelModel;
use crate::model::{Labelled, Layer, LonLat};
use crate::routing::TimeOfDay;
use crate::snapshot::Snapshot;
use crate::store::Project;

use super::onemap_errors::input;
use super::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    db: PathBuf,
    /// Longitude of the point, WGS84 degrees.
    #[arg(long, allow_hyphen_values = true)]
    lon: f64,
    /// Latitude of the point, WGS84 degrees.
    #[arg(long, allow_hyphen_values = true)]
    lat: f64,
    /// stations, teams, depots or all.
    #[arg(long, default_value = "all")]
    layer: String,
    /// How many units to return.
    #[arg(short, long, default_value_t = 5)]
    k: usize,
    /// Only teams with this capability tag (危化, 水域 …).
    #[arg(long)]
    capability: Option<String>,
    /// Only stations with a vehicle of this kind (泡沫车 …).
    #[arg(long)]
    vehicle: Option<String>,
    /// Only depots holding this item (吸附棉 …).
    #[arg(long)]
    item: Option<String>,
    /// distance (geodesic) or time (turnout + travel).
    #[arg(long, default_value = "distance")]
    by: String,
    /// Time of day (HH:MM) for the road network's rush-hour slow-down; default free flow.
    /// Ignored without roads (`onemap roads import`).
    #[arg(long)]
    at: Option<TimeOfDay>,
    /// Include planned, out-of-service and off-duty units.
    #[arg(long)]
    all_status: bool,
    /// JSON: an array in rank order with id, name, layer, distance_m, eta_s, estimate, lon, lat …
    #[arg(long)]
    json: bool,
}

/// What a search over a project needs, loaded once.
pub(super) struct Loaded {
    pub project: Project,
    pub snapshot: Snapshot,
    pub settings: DispatchSettings,
    pub travel: Box<dyn TravelModel>,
}

/// Opens the project; `at` picks the time of day for the road network (routed times when the
/// project has roads, else the straight-line estimate).
pub(super) fn load(
    db: &Path,
    at: impl FnOnce(&Project) -> anyhow::Result<Option<TimeOfDay>>,
) -> anyhow::Result<Loaded> {
    let project = Project::open(db)?;
    let snapshot = Snapshot::load(&project)?;
    let settings = DispatchSettings::load(&project)?;
    let at = at(&project)?;
    let travel = travel_model(&project, &settings, at)?;
    Ok(Loaded { project, snapshot, settings, travel })
}

fn layers(choice: &str) -> anyhow::Result<Vec<Layer>> {
    if choice.trim().eq_ignore_ascii_case("all") || choice.trim() == "全部" {
        return Ok(RESPONDER_LAYERS.to_vec());
    }
    match Layer::parse(choice) {
        Ok(l) if RESPONDER_LAYERS.contains(&l) => Ok(vec![l]),
        _ => Err(input(format!("--layer \"{choice}\": expected stations, teams, depots or all"))),
    }
}

/// Minutes for people, with the estimate marked.
pub(super) fn minutes(eta_s: Option<f64>, estimate: bool) -> String {
    match eta_s {
        None => "unreachable".into(),
        Some(s) if estimate => format!("~{:.1}", s / 60.0),
        Some(s) => format!("{:.1}", s / 60.0),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let by: RankBy = args.by.parse().map_err(input)?;
    let layers = layers(&args.layer)?;
    let l = load(&args.db, |_| Ok(args.at))?;
    let responders = crate::analysis::nearest::Responders::new(&l.snapshot, &l.settings.protection, l.travel.as_ref());
    let query = NearestQuery {
        at: LonLat::new(args.lon, args.lat),
        layers,
        k: args.k,
        filter: UnitFilter {
            capability: args.capability,
            vehicle: args.vehicle,
            item: args.item,
            include_out_of_service: args.all_status,
        },
        by,
    };
    let ranked: Vec<Ranked> = responders.nearest(&query)?;
    if args.json {
        output::json(&ranked)?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = ranked
        .iter()
        .map(|r| {
            vec![
                r.rank.to_string(),
                r.layer.zh().to_string(),
                r.id.to_string(),
                r.name.clone(),
                format!("{:.2}", r.distance_m / 1000.0),
                minutes(r.eta_s, r.estimate),
            ]
        })
        .collect();
    output::table(&["rank", "layer", "id", "name", "km", "ETA min"], &rows);
    if ranked.iter().any(|r| r.estimate) {
        println!("~ estimate: {}", l.travel.describe());
    }
    Ok(ExitCode::SUCCESS)
}

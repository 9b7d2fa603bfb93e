//! Importing a road network into a project: read, build, and replace the `roads` layer and the
//! cached graph in one transaction with one audit row. Any error, a cancel or a crash leaves the
//! project as it was. Also: changing the speed profile, which rewrites the layer's speeds.

use std::path::PathBuf;

use serde::Serialize;

use super::build;
use super::error::{Result, RoutingError};
use super::network::BuildSummary;
use super::profile::{RoadClass, SpeedProfile};
use super::source::{self, RoadFormat};
use super::store;
use crate::progress::Progress;
use crate::snapshot::{BBox, Snapshot};
use crate::store::{Project, SettingKey};

/// What to import.
#[derive(Debug, Clone)]
pub struct RoadImport {
    pub file: PathBuf,
    /// Clip box; `None` means the project region (every feature and area, plus a 5 km margin),
    /// or the whole file when the project is empty.
    pub bbox: Option<BBox>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportSummary {
    pub file: String,
    pub format: RoadFormat,
    /// West, south, east, north of the clip box, when one was used.
    pub bbox: Option<[f64; 4]>,
    #[serde(flatten)]
    pub build: BuildSummary,
}

/// About 5 km at Chinese latitudes: roads just outside a city's boundary carry its appliances too.
const REGION_MARGIN_DEG: f64 = 0.05;

/// The project region: the box around its features and areas, with a margin.
pub fn project_region(project: &Project) -> Result<Option<BBox>> {
    Ok(Snapshot::load(project)?.extent().map(|b| b.padded(REGION_MARGIN_DEG)))
}

/// Parses "west,south,east,north".
pub fn parse_bbox(s: &str) -> Result<BBox> {
    let v: Vec<f64> =
        s.split(',').map(|x| x.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| {
            RoutingError::Invalid(format!("\"{s}\" is not a box: give west,south,east,north in degrees"))
        })?;
    let [west, south, east, north] = v[..] else {
        return Err(RoutingError::Invalid(format!("\"{s}\" is not a box: give four numbers west,south,east,north")));
    };
    let b = BBox { west, south, east, north };
    let lon_ok = (-180.0..=180.0).contains(&west) && (-180.0..=180.0).contains(&east);
    let lat_ok = (-90.0..=90.0).contains(&south) && (-90.0..=90.0).contains(&north);
    if !(west < east && south < north && lon_ok && lat_ok) {
        return Err(RoutingError::Invalid(format!(
            "\"{s}\" is not a box: west < east and south < north, within ±180/±90 degrees"
        )));
    }
    Ok(b)
}

fn bbox_text(b: &BBox) -> String {
    format!("{},{},{},{}", b.west, b.south, b.east, b.north)
}

/// Reads a road file and replaces the project's road network with it.
pub fn import_roads(project: &mut Project, req: &RoadImport, progress: &dyn Progress) -> Result<ImportSummary> {
    let profile: SpeedProfile = project.setting(SettingKey::RoadSpeeds)?;
    let format = RoadFormat::of(&req.file)?;
    let bbox = match req.bbox {
        Some(b) => Some(b),
        None => project_region(project)?,
    };
    let raw = source::read(&req.file, bbox, &profile, progress)?;
    if raw.road_ways == 0 {
        return Err(RoutingError::file(
            &req.file,
            "has no roads: no way carries a highway tag an appliance can drive on (or no line in a road Shapefile)",
        ));
    }
    let road_ways = raw.road_ways;
    let net = build::build(raw, progress)?;
    if net.is_empty() {
        return Err(match bbox {
            Some(b) => RoutingError::NoRoadsInBox { file: req.file.clone(), bbox: bbox_text(&b), road_ways },
            None => RoutingError::file(&req.file, "has roads, but none of a class the speed profile drives on"),
        });
    }
    let summary = ImportSummary {
        file: req.file.display().to_string(),
        format,
        bbox: bbox.map(|b| [b.west, b.south, b.east, b.north]),
        build: net.summary.clone(),
    };
    let detail = serde_json::to_value(&summary).unwrap_or_default();
    let graph = store::stored_graph(&net, &detail);
    let total = net.segment_count() as u64;
    // A count of rows, not bytes: the terminal bar shows it as a plain counter.
    progress.begin("写入道路图层", None);
    project.write(|w| {
        w.replace_roads(store::rows(&net, &profile), &graph, |n| {
            if n.is_multiple_of(8192) {
                progress.set(n);
                if progress.cancelled() {
                    return Err(RoutingError::Cancelled);
                }
            }
            Ok(())
        })?;
        w.audit("import", "roads", None, &detail)?;
        Ok::<_, RoutingError>(())
    })?;
    progress.set(total);
    Ok(summary)
}

/// Stores a new speed profile and rewrites the `speed_kmh` column of the road layer to match,
/// in one transaction.
pub fn set_speed_profile(project: &mut Project, profile: &SpeedProfile) -> Result<()> {
    project.write(|w| {
        w.set_setting(SettingKey::RoadSpeeds, profile)?;
        w.update_road_speeds(|class, max| {
            let class = RoadClass::from_osm(class).unwrap_or(RoadClass::Road);
            profile.way_speed(class, max.map(|m| m as f32))
        })?;
        Ok::<_, RoutingError>(())
    })
}

/// Loads the project's road network and prepares a router under its stored speed profile.
/// `None` when no roads were imported.
pub fn load_router(project: &Project, at: Option<super::TimeOfDay>) -> Result<Option<super::Router>> {
    let Some(net) = store::load(project)? else { return Ok(None) };
    let profile: SpeedProfile = project.setting(SettingKey::RoadSpeeds)?;
    Ok(Some(super::Router::new(std::sync::Arc::new(net), profile, at)))
}

//! Road files in: the formats OneMap reads road networks from, all turned into the same raw
//! ways and node positions for the graph builder.

use std::path::Path;

use super::error::{Result, RoutingError};
use super::profile::{SpeedProfile, WayAttrs};
use super::{osm_pbf, osm_xml, shp_roads};
use crate::model::LonLat;
use crate::progress::Progress;
use crate::snapshot::BBox;

/// One road way as read: its tags reduced to what the profile keeps, and its node ids in order.
#[derive(Debug, Clone)]
pub struct RawWay {
    /// OSM way id, or the record number in a shapefile.
    pub id: i64,
    pub attrs: WayAttrs,
    pub name: Option<String>,
    pub refs: Vec<i64>,
}

/// Node positions by id; a position is NaN when the node lies outside the clip box.
#[derive(Debug, Default)]
pub struct NodeTable {
    ids: Vec<i64>,
    pos: Vec<LonLat>,
}

impl NodeTable {
    /// From ids and positions; sorts by id (files are usually sorted already).
    pub fn new(mut pairs: Vec<(i64, LonLat)>) -> Self {
        if !pairs.is_sorted_by_key(|p| p.0) {
            pairs.sort_by_key(|p| p.0);
        }
        pairs.dedup_by_key(|p| p.0);
        let (ids, pos) = pairs.into_iter().unzip();
        Self { ids, pos }
    }

    /// From sorted, distinct ids with their positions.
    pub(crate) fn from_sorted(ids: Vec<i64>, pos: Vec<LonLat>) -> Self {
        Self { ids, pos }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The slot of a node id.
    pub fn slot(&self, id: i64) -> Option<usize> {
        self.ids.binary_search(&id).ok()
    }

    /// The position in a slot, or `None` when outside the box.
    pub fn pos(&self, slot: usize) -> Option<LonLat> {
        self.pos.get(slot).copied().filter(|p| !p.lon.is_nan())
    }
}

/// What a reader found: road ways, node positions and counts for the import summary.
#[derive(Debug, Default)]
pub struct RawRoads {
    pub ways: Vec<RawWay>,
    pub nodes: NodeTable,
    /// Ways with a drivable `highway` tag in the whole file (before the class filter and the box).
    pub road_ways: u64,
    /// Of those, ways whose class the profile does not drive on.
    pub skipped_class: u64,
}

/// The road file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoadFormat {
    OsmXml,
    OsmPbf,
    Shapefile,
}

impl RoadFormat {
    pub fn of(path: &Path) -> Result<RoadFormat> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
        if name.ends_with(".osm.pbf") || name.ends_with(".pbf") {
            Ok(RoadFormat::OsmPbf)
        } else if name.ends_with(".osm") || name.ends_with(".osm.bz2") || name.ends_with(".xml") {
            Ok(RoadFormat::OsmXml)
        } else if name.ends_with(".shp") {
            Ok(RoadFormat::Shapefile)
        } else {
            Err(RoutingError::file(
                path,
                "cannot tell the road format (use .osm, .osm.bz2, .osm.pbf or a .shp of lines)",
            ))
        }
    }
}

/// Reads a road file, keeping ways the profile drives on and nodes inside `bbox`.
pub fn read(path: &Path, bbox: Option<BBox>, profile: &SpeedProfile, progress: &dyn Progress) -> Result<RawRoads> {
    if !path.exists() {
        return Err(RoutingError::file(path, "does not exist"));
    }
    let format = RoadFormat::of(path)?;
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size == 0 {
        return Err(RoutingError::file(path, "is empty"));
    }
    match format {
        RoadFormat::OsmXml => osm_xml::read(path, bbox, profile, progress),
        RoadFormat::OsmPbf => osm_pbf::read(path, bbox, profile, progress),
        RoadFormat::Shapefile => shp_roads::read(path, bbox, profile, progress),
    }
}

/// True when a position lies inside the optional box.
pub(crate) fn inside(bbox: Option<BBox>, p: LonLat) -> bool {
    bbox.is_none_or(|b| b.contains(p))
}

/// Checks the profile's class filter; counts what it drops.
pub(crate) fn keep(attrs: &WayAttrs, profile: &SpeedProfile, raw: &mut RawRoads) -> bool {
    raw.road_ways += 1;
    if profile.drives_on(attrs.class) {
        true
    } else {
        raw.skipped_class += 1;
        false
    }
}

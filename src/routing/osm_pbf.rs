//! OSM PBF (`.osm.pbf`) in, with osmpbf, in two streaming passes over the file's blocks (decoded
//! in parallel): the first keeps road ways, the second the positions of just the nodes those ways
//! use. Memory grows with the road network, not with the file: buildings, land use and the
//! nodes that only they use are never held.

use std::path::Path;
use std::sync::Mutex;

use osmpbf::{BlobDecode, BlobReader};
use rayon::prelude::*;

use super::error::{Result, RoutingError};
use super::profile::{self, SpeedProfile};
use super::source::{self, NodeTable, RawRoads, RawWay};
use crate::model::LonLat;
use crate::progress::Progress;
use crate::snapshot::BBox;

fn pbf_error(path: &Path, e: impl std::fmt::Display) -> RoutingError {
    RoutingError::Pbf { file: path.to_path_buf(), message: e.to_string() }
}

fn blobs(path: &Path) -> Result<BlobReader<std::io::BufReader<std::fs::File>>> {
    BlobReader::from_path(path).map_err(|e| RoutingError::file(path, format!("cannot open: {e}")))
}

/// Ways of one block that the profile keeps, with the block's road-way counts.
#[derive(Default)]
struct BlockWays {
    ways: Vec<RawWay>,
    road_ways: u64,
    skipped_class: u64,
}

/// Reads an OSM PBF file.
pub fn read(path: &Path, bbox: Option<BBox>, profile: &SpeedProfile, progress: &dyn Progress) -> Result<RawRoads> {
    let size = std::fs::metadata(path).map(|m| m.len()).ok();
    progress.begin(&format!("读取道路 1/2 {}", path.display()), size);
    let blocks: Vec<BlockWays> = blobs(path)?
        .par_bridge()
        .map(|blob| {
            let blob = blob.map_err(|e| pbf_error(path, e))?;
            if progress.cancelled() {
                return Err(RoutingError::Cancelled);
            }
            if let Some(off) = blob.offset() {
                progress.set(off.0);
            }
            let mut out = BlockWays::default();
            if let BlobDecode::OsmData(block) = blob.decode().map_err(|e| pbf_error(path, e))? {
                let mut scratch = RawRoads::default();
                for group in block.groups() {
                    for way in group.ways() {
                        let Some(attrs) = profile::classify(way.tags()) else { continue };
                        if !source::keep(&attrs, profile, &mut scratch) {
                            continue;
                        }
                        let refs: Vec<i64> = way.refs().collect();
                        if refs.len() < 2 {
                            continue;
                        }
                        let name = way.tags().find(|(k, _)| *k == "name").map(|(_, v)| v.to_string());
                        out.ways.push(RawWay { id: way.id(), attrs, name, refs });
                    }
                }
                out.road_ways = scratch.road_ways;
                out.skipped_class = scratch.skipped_class;
            }
            Ok(out)
        })
        .collect::<Result<Vec<_>>>()?;
    let mut raw = RawRoads::default();
    for b in blocks {
        raw.road_ways += b.road_ways;
        raw.skipped_class += b.skipped_class;
        raw.ways.extend(b.ways);
    }
    // Blocks arrive in any order from the worker threads.
    raw.ways.sort_unstable_by_key(|w| w.id);

    let mut needed: Vec<i64> = raw.ways.iter().flat_map(|w| w.refs.iter().copied()).collect();
    needed.sort_unstable();
    needed.dedup();
    needed.shrink_to_fit();
    let positions = Mutex::new(vec![LonLat::new(f64::NAN, f64::NAN); needed.len()]);
    progress.begin(&format!("读取道路 2/2 {}", path.display()), size);
    blobs(path)?.par_bridge().try_for_each(|blob| {
        let blob = blob.map_err(|e| pbf_error(path, e))?;
        if progress.cancelled() {
            return Err(RoutingError::Cancelled);
        }
        if let Some(off) = blob.offset() {
            progress.set(off.0);
        }
        let BlobDecode::OsmData(block) = blob.decode().map_err(|e| pbf_error(path, e))? else { return Ok(()) };
        let mut found: Vec<(usize, LonLat)> = Vec::new();
        let mut take = |id: i64, lat: i32, lon: i32| {
            if let Ok(slot) = needed.binary_search(&id) {
                // Division by 1e7 rounds exactly as parsing the decimal text does, so PBF and XML agree.
                let p = LonLat::new(f64::from(lon) / 1e7, f64::from(lat) / 1e7);
                if p.is_valid() && source::inside(bbox, p) {
                    found.push((slot, p));
                }
            }
        };
        for group in block.groups() {
            for n in group.dense_nodes() {
                take(n.id(), n.decimicro_lat(), n.decimicro_lon());
            }
            for n in group.nodes() {
                take(n.id(), n.decimicro_lat(), n.decimicro_lon());
            }
        }
        if !found.is_empty() {
            let mut pos = positions.lock().map_err(|_| RoutingError::file(path, "a reader thread failed"))?;
            for (slot, p) in found {
                if let Some(x) = pos.get_mut(slot) {
                    *x = p;
                }
            }
        }
        Ok(())
    })?;
    let positions = positions.into_inner().map_err(|_| RoutingError::file(path, "a reader thread failed"))?;
    raw.nodes = NodeTable::from_sorted(needed, positions);
    progress.set(size.unwrap_or(0));
    Ok(raw)
}

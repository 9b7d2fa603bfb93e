//! The road network in and out of the project: rows for the `roads` layer, the cached graph blob
//! (format 1, little endian, checked on read), and a rebuild from the layer when the cache is
//! missing, stale (the layer was edited, e.g. in QGIS) or from another format.

use std::collections::HashMap;

use super::build;
use super::error::Result;
use super::network::{BuildSummary, RoadNetwork, Segment, polyline_length_m};
use super::profile::{Direction, RoadClass, SpeedProfile, WayAttrs};
use super::source::{NodeTable, RawRoads, RawWay};
use crate::model::LonLat;
use crate::progress::Silent;
use crate::store::{Project, RoadRow, StoredGraph};

/// Version of the graph blob layout.
pub const GRAPH_FORMAT: i64 = 1;
const MAGIC: &[u8; 4] = b"OMRG";

/// The `roads` layer rows of a network, with speeds under `profile`.
pub fn rows<'a>(net: &'a RoadNetwork, profile: &'a SpeedProfile) -> impl Iterator<Item = RoadRow> + 'a {
    net.segments.iter().enumerate().map(move |(i, s)| RoadRow {
        way_id: s.way_id,
        class: s.class.osm().to_string(),
        name: net.name(s).map(String::from),
        oneway: s.direction != Direction::Both,
        speed_kmh: profile.way_speed(s.class, s.maxspeed_kmh),
        maxspeed_kmh: s.maxspeed_kmh.map(f64::from),
        length_m: s.length_m,
        from_node: Some(i64::from(s.from)),
        to_node: Some(i64::from(s.to)),
        coords: net.geometry(i as u32).to_vec(),
    })
}

/// Loads the project's road network: from the cached graph when it matches the layer, else
/// rebuilt from the layer. `None` when the project has no roads.
pub fn load(project: &Project) -> Result<Option<RoadNetwork>> {
    if let Some(stored) = project.road_graph()?
        && stored.format == GRAPH_FORMAT
        && let Ok(net) = decode(&stored.graph)
    {
        return Ok(Some(net));
    }
    if project.road_count()? == 0 {
        return Ok(None);
    }
    let net = from_layer(project)?;
    Ok((!net.is_empty()).then_some(net))
}

/// Rebuilds the network from the `roads` layer: lines join where their endpoints coincide.
pub fn from_layer(project: &Project) -> Result<RoadNetwork> {
    let mut raw = RawRoads::default();
    let mut nodes: Vec<(i64, LonLat)> = Vec::new();
    let mut ends: HashMap<(i64, i64), i64> = HashMap::new();
    project.road_rows(|fid, row| {
        raw.road_ways += 1;
        let last = row.coords.len().saturating_sub(1);
        let mut refs = Vec::with_capacity(row.coords.len());
        for (i, p) in row.coords.iter().enumerate() {
            if !p.is_valid() {
                return;
            }
            let id = if i == 0 || i == last {
                let key = ((p.lon * 1e7).round() as i64, (p.lat * 1e7).round() as i64);
                *ends.entry(key).or_insert_with(|| {
                    nodes.push((nodes.len() as i64 + 1, *p));
                    nodes.len() as i64
                })
            } else {
                nodes.push((nodes.len() as i64 + 1, *p));
                nodes.len() as i64
            };
            refs.push(id);
        }
        let class = RoadClass::from_osm(&row.class).unwrap_or(RoadClass::Road);
        let direction = if row.oneway { Direction::Forward } else { Direction::Both };
        let attrs = WayAttrs { class, direction, maxspeed_kmh: row.maxspeed_kmh.map(|v| v as f32) };
        if refs.len() >= 2 {
            raw.ways.push(RawWay { id: if row.way_id != 0 { row.way_id } else { fid }, attrs, name: row.name, refs });
        }
    })?;
    raw.nodes = NodeTable::new(nodes);
    build::build(raw, &Silent)
}

/// Checks that a network's geometry lengths still add up (used after decoding).
fn check_lengths(net: &RoadNetwork) -> std::result::Result<(), String> {
    for (i, s) in net.segments.iter().enumerate() {
        let l = polyline_length_m(net.geometry(i as u32));
        if (l - s.length_m).abs() > 1e-6 * l.max(1.0) {
            return Err(format!("segment {i}: stored length {} differs from its geometry ({l})", s.length_m));
        }
    }
    Ok(())
}

/// The network as a graph blob.
pub fn encode(net: &RoadNetwork) -> Vec<u8> {
    let mut b = Vec::with_capacity(16 + net.nodes.len() * 16 + net.segments.len() * 40 + net.coords.len() * 16);
    b.extend_from_slice(MAGIC);
    let u32s = |b: &mut Vec<u8>, v: u32| b.extend_from_slice(&v.to_le_bytes());
    u32s(&mut b, GRAPH_FORMAT as u32);
    for n in [net.nodes.len(), net.segments.len(), net.coords.len(), net.names.len()] {
        u32s(&mut b, n as u32);
    }
    for p in net.nodes.iter().chain(net.coords.iter()) {
        b.extend_from_slice(&p.lon.to_le_bytes());
        b.extend_from_slice(&p.lat.to_le_bytes());
    }
    for s in &net.segments {
        u32s(&mut b, s.from);
        u32s(&mut b, s.to);
        b.push(s.class.code());
        b.push(u8::from(s.direction != Direction::Both));
        b.extend_from_slice(&s.maxspeed_kmh.unwrap_or(f32::NAN).to_le_bytes());
        b.extend_from_slice(&s.length_m.to_le_bytes());
        b.extend_from_slice(&s.way_id.to_le_bytes());
        u32s(&mut b, s.name);
    }
    for g in &net.geom_first {
        u32s(&mut b, *g);
    }
    for n in &net.names {
        u32s(&mut b, n.len() as u32);
        b.extend_from_slice(n.as_bytes());
    }
    let summary = serde_json::to_vec(&net.summary).unwrap_or_default();
    u32s(&mut b, summary.len() as u32);
    b.extend_from_slice(&summary);
    b
}

struct Cursor<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> std::result::Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.b.len()).ok_or("the graph blob is truncated")?;
        let s = self.b.get(self.at..end).ok_or("the graph blob is truncated")?;
        self.at = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> std::result::Result<[u8; N], String> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u32(&mut self) -> std::result::Result<u32, String> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn f64(&mut self) -> std::result::Result<f64, String> {
        Ok(f64::from_le_bytes(self.array()?))
    }

    fn len(&mut self, unit: usize) -> std::result::Result<usize, String> {
        let n = self.u32()? as usize;
        // A count the rest of the blob cannot hold means corruption; refuse before allocating.
        if n.saturating_mul(unit) > self.b.len().saturating_sub(self.at) {
            return Err("a count in the graph blob exceeds its size".into());
        }
        Ok(n)
    }
}

/// Reads a graph blob.
pub fn decode(bytes: &[u8]) -> std::result::Result<RoadNetwork, String> {
    let mut c = Cursor { b: bytes, at: 0 };
    if c.take(4)? != MAGIC {
        return Err("not a OneMap road graph".into());
    }
    let format = c.u32()?;
    if i64::from(format) != GRAPH_FORMAT {
        return Err(format!("graph format {format}, this OneMap reads {GRAPH_FORMAT}"));
    }
    let (n_nodes, n_segs, n_coords, n_names) = (c.len(16)?, c.len(34)?, c.len(16)?, c.len(4)?);
    let point = |c: &mut Cursor| -> std::result::Result<LonLat, String> { Ok(LonLat::new(c.f64()?, c.f64()?)) };
    let nodes = (0..n_nodes).map(|_| point(&mut c)).collect::<std::result::Result<Vec<_>, _>>()?;
    let coords = (0..n_coords).map(|_| point(&mut c)).collect::<std::result::Result<Vec<_>, _>>()?;
    let mut segments = Vec::with_capacity(n_segs);
    for _ in 0..n_segs {
        let (from, to) = (c.u32()?, c.u32()?);
        let [class, oneway] = c.array::<2>()?;
        let class = RoadClass::from_code(class).ok_or("unknown road class code")?;
        let max = f32::from_le_bytes(c.array()?);
        let length_m = c.f64()?;
        let way_id = i64::from_le_bytes(c.array()?);
        let name = c.u32()?;
        let direction = if oneway == 1 { Direction::Forward } else { Direction::Both };
        let maxspeed_kmh = (!max.is_nan()).then_some(max);
        segments.push(Segment { from, to, class, direction, maxspeed_kmh, length_m, way_id, name });
    }
    let geom_first = (0..=n_segs).map(|_| c.u32()).collect::<std::result::Result<Vec<_>, _>>()?;
    let mut names = Vec::with_capacity(n_names);
    for _ in 0..n_names {
        let n = c.len(1)?;
        names.push(String::from_utf8(c.take(n)?.to_vec()).map_err(|_| "a road name is not UTF-8")?);
    }
    let n = c.len(1)?;
    let summary: BuildSummary = serde_json::from_slice(c.take(n)?).map_err(|e| e.to_string())?;
    let net = RoadNetwork::from_parts(nodes, segments, geom_first, coords, names, summary)?;
    check_lengths(&net)?;
    Ok(net)
}

/// The graph blob and its descriptions, ready to store.
pub fn stored_graph(net: &RoadNetwork, source: &serde_json::Value) -> StoredGraph {
    StoredGraph::new(
        GRAPH_FORMAT,
        source.to_string(),
        serde_json::to_string(&net.summary).unwrap_or_default(),
        encode(net),
    )
}

//! Road lines from a Shapefile, as transport departments hand them over: each line is a road
//! piece, and pieces meet where their **endpoints** coincide (to 1e-7°, about 1 cm). Interior
//! vertices never join, so a bridge crossing a street does not become a junction.
//!
//! Fields are recognised by English or Chinese names: the class from `fclass`/`highway` (OSM
//! values, as in Geofabrik's shapefiles) or `道路等级`/`等级`/`class` (高速, 国道/快速路, 省道/主干路,
//! 县道/次干路, 乡道/支路, 村道); one-way from `oneway` (`F`/`T`/`B` as Geofabrik writes it, or
//! yes/no/-1, 单行/双向); `maxspeed`/`限速`; `name`/`名称`/`道路名称`.

use std::collections::HashMap;
use std::path::Path;

use geo_types::{Geometry, LineString};
use serde_json::{Map, Value};

use super::error::{Result, RoutingError};
use super::profile::{Direction, RoadClass, SpeedProfile, WayAttrs};
use super::source::{self, NodeTable, RawRoads, RawWay};
use crate::io::{ImportError, Location};
use crate::model::LonLat;
use crate::progress::Progress;
use crate::snapshot::BBox;

const CLASS_FIELDS: [&str; 9] =
    ["fclass", "highway", "道路等级", "等级", "class", "roadclass", "road_class", "dldj", "kind"];
const ONEWAY_FIELDS: [&str; 4] = ["oneway", "单行", "单向", "方向"];
const SPEED_FIELDS: [&str; 3] = ["maxspeed", "限速", "speed"];
const NAME_FIELDS: [&str; 4] = ["name", "名称", "道路名称", "roadname"];

fn field<'a>(attrs: &'a Map<String, Value>, names: &[&str]) -> Option<&'a Value> {
    names.iter().find_map(|n| attrs.iter().find(|(k, _)| k.trim().eq_ignore_ascii_case(n)).map(|(_, v)| v))
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A class from an OSM value or a Chinese road grade; `Road` when unknown.
fn class_of(value: Option<String>) -> RoadClass {
    let Some(v) = value else { return RoadClass::Road };
    if let Some(c) = RoadClass::from_osm(&v.to_ascii_lowercase()) {
        return c;
    }
    let rules: [(&[&str], RoadClass); 6] = [
        (&["高速"], RoadClass::Motorway),
        (&["快速", "国道"], RoadClass::Trunk),
        (&["主干", "省道"], RoadClass::Primary),
        (&["次干", "县道"], RoadClass::Secondary),
        (&["支路", "乡道"], RoadClass::Tertiary),
        (&["村道", "村"], RoadClass::Unclassified),
    ];
    rules.iter().find(|(keys, _)| keys.iter().any(|k| v.contains(k))).map_or(RoadClass::Road, |(_, c)| *c)
}

fn direction_of(value: Option<String>) -> Direction {
    match value.as_deref().map(str::trim) {
        Some("F" | "f" | "yes" | "1" | "true" | "单行" | "单向" | "正向") => Direction::Forward,
        Some("T" | "t" | "-1" | "reverse" | "反向") => Direction::Backward,
        _ => Direction::Both,
    }
}

/// Reads road lines from a Shapefile in longitude/latitude.
pub fn read(path: &Path, bbox: Option<BBox>, profile: &SpeedProfile, progress: &dyn Progress) -> Result<RawRoads> {
    progress.begin(&format!("读取道路 {}", path.display()), None);
    let mut raw = RawRoads::default();
    let mut nodes: Vec<(i64, LonLat)> = Vec::new();
    let mut endpoint_ids: HashMap<(i64, i64), i64> = HashMap::new();
    let mut next_id = 1i64;
    let mut new_node = |p: LonLat, nodes: &mut Vec<(i64, LonLat)>| {
        let id = next_id;
        next_id += 1;
        nodes.push((id, if source::inside(bbox, p) { p } else { LonLat::new(f64::NAN, f64::NAN) }));
        id
    };
    let mut n = 0u64;
    crate::io::shp_in::read(path, |rec| {
        n += 1;
        if n.is_multiple_of(4096) {
            progress.set(n);
            if progress.cancelled() {
                return Err(ImportError::file(path, "cancelled"));
            }
        }
        let lines: Vec<LineString<f64>> = match rec.geometry {
            Some(Geometry::LineString(l)) => vec![l],
            Some(Geometry::MultiLineString(m)) => m.0,
            None => return Ok(()),
            Some(_) => {
                return Err(ImportError::at(path, rec.location.clone(), "is not a line: a road file holds lines")
                    .with_field("geometry"));
            }
        };
        let class = class_of(field(&rec.attrs, &CLASS_FIELDS).and_then(text));
        let direction = direction_of(field(&rec.attrs, &ONEWAY_FIELDS).and_then(text));
        let maxspeed_kmh = field(&rec.attrs, &SPEED_FIELDS)
            .and_then(|v| v.as_f64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())))
            .filter(|s| *s > 0.0)
            .map(|s| s as f32);
        let attrs = WayAttrs { class, direction, maxspeed_kmh };
        if !source::keep(&attrs, profile, &mut raw) {
            return Ok(());
        }
        let name = field(&rec.attrs, &NAME_FIELDS).and_then(text);
        let id = match &rec.location {
            Location::Record(i, _) => *i as i64,
            _ => n as i64,
        };
        for line in lines {
            let last = line.0.len().saturating_sub(1);
            let mut refs = Vec::with_capacity(line.0.len());
            for (i, c) in line.0.iter().enumerate() {
                let p = LonLat::new(c.x, c.y);
                if !p.is_valid() {
                    return Err(ImportError::at(
                        path,
                        rec.location.clone(),
                        format!("coordinate ({}, {}) is not a longitude/latitude", c.x, c.y),
                    )
                    .with_field("geometry"));
                }
                let r = if i == 0 || i == last {
                    let key = ((c.x * 1e7).round() as i64, (c.y * 1e7).round() as i64);
                    match endpoint_ids.get(&key) {
                        Some(id) => *id,
                        None => {
                            let id = new_node(p, &mut nodes);
                            endpoint_ids.insert(key, id);
                            id
                        }
                    }
                } else {
                    new_node(p, &mut nodes)
                };
                refs.push(r);
            }
            if refs.len() >= 2 {
                raw.ways.push(RawWay { id, attrs, name: name.clone(), refs });
            }
        }
        Ok(())
    })
    .map_err(|e| if e.message == "cancelled" { RoutingError::Cancelled } else { RoutingError::Shapefile(e) })?;
    raw.nodes = NodeTable::new(nodes);
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_grades_map_to_classes() {
        assert_eq!(class_of(Some("高速公路".into())), RoadClass::Motorway);
        assert_eq!(class_of(Some("城市主干路".into())), RoadClass::Primary);
        assert_eq!(class_of(Some("县道".into())), RoadClass::Secondary);
        assert_eq!(class_of(Some("residential".into())), RoadClass::Residential);
        assert_eq!(class_of(Some("??".into())), RoadClass::Road);
        assert_eq!(class_of(None), RoadClass::Road);
        assert_eq!(direction_of(Some("F".into())), Direction::Forward);
        assert_eq!(direction_of(Some("T".into())), Direction::Backward);
        assert_eq!(direction_of(Some("B".into())), Direction::Both);
    }
}

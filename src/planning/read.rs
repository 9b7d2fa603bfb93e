//! Reads a siting problem from CSV files (any encoding `io::csv_in` reads: UTF-8 with or
//! without BOM, GBK/GB18030):
//! - demand: `id,weight` plus `x,y` (planar metres) or `lon,lat` (WGS84);
//! - candidate and existing sites: `id` plus `x,y` or `lon,lat`;
//! - costs (optional, replaces positions): `demand_id,candidate_id,cost`; the site id may be a
//!   candidate or an existing site; a pair not listed is unreachable.
//!
//! Every error names the file, the line and the field.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};

use crate::io::fields::normalise;
use crate::io::{ImportError, Location, Record, csv_in};
use crate::model::LonLat;

use super::costs::CostMatrix;
use super::problem::{Demand, Position, Problem, Site, weight_problem};

/// Accepted column names (compared after `io::fields::normalise`).
mod names {
    pub const ID: &[&str] = &["id", "code", "编号", "编码"];
    pub const WEIGHT: &[&str] = &["weight", "w", "权重", "需求量"];
    pub const X: &[&str] = &["x"];
    pub const Y: &[&str] = &["y"];
    pub const LON: &[&str] = &["lon", "lng", "longitude", "经度"];
    pub const LAT: &[&str] = &["lat", "latitude", "纬度"];
    pub const DEMAND_ID: &[&str] = &["demand_id", "demand", "需求点", "需求点编号"];
    pub const SITE_ID: &[&str] = &["candidate_id", "site_id", "candidate", "site", "候选点", "站点", "站点编号"];
    pub const COST: &[&str] =
        &["cost", "time", "seconds", "distance", "metres", "meters", "费用", "成本", "时间", "距离"];
}

/// The files of one problem.
#[derive(Debug, Clone, Copy)]
pub struct Files<'a> {
    pub demand: &'a Path,
    pub candidates: &'a Path,
    pub existing: Option<&'a Path>,
    pub costs: Option<&'a Path>,
}

/// Reads and checks every file, then builds the problem (costs from the cost file, or from
/// positions: Euclidean for x,y, geodesic for lon,lat).
pub fn read_problem(files: Files) -> Result<Problem, ImportError> {
    let positions = files.costs.is_none();
    let demand = read_points(files.demand, true, positions)?;
    let demand: Vec<Demand> =
        demand.into_iter().map(|p| Demand { id: p.id, weight: p.weight.unwrap_or(0.0), at: p.at }).collect();
    let candidates = read_sites(files.candidates, positions)?;
    let existing = match files.existing {
        Some(path) => read_sites(path, positions)?,
        None => Vec::new(),
    };
    check_site_ids(files, &candidates, &existing)?;
    let costs = match files.costs {
        Some(path) => read_costs(path, &demand, &candidates, &existing)?,
        None => CostMatrix::from_positions(&demand, &candidates, &existing)
            .map_err(|e| ImportError::file(files.demand, e.to_string()))?,
    };
    Problem::new(demand, candidates, existing, costs).map_err(|e| ImportError::file(files.demand, e.to_string()))
}

struct Point {
    id: String,
    weight: Option<f64>,
    at: Option<Position>,
}

/// The columns of a point file, found on its first row.
struct Columns {
    id: String,
    weight: Option<String>,
    xy: Option<(String, String)>,
    lonlat: Option<(String, String)>,
}

fn column(attrs: &Map<String, Value>, accepted: &[&str]) -> Option<String> {
    attrs.keys().find(|h| accepted.contains(&normalise(h).as_str())).cloned()
}

fn columns(path: &Path, rec: &Record, weighted: bool, positions: bool) -> Result<Columns, ImportError> {
    let header = |msg: String| ImportError::at(path, Location::Line(1), msg);
    let a = &rec.attrs;
    let id = column(a, names::ID).ok_or_else(|| header("has no id column".into()))?;
    let weight = column(a, names::WEIGHT);
    if weighted && weight.is_none() {
        return Err(header("has no weight column".into()));
    }
    let pair = |x: &[&str], y: &[&str]| column(a, x).zip(column(a, y));
    let xy = pair(names::X, names::Y);
    let lonlat = pair(names::LON, names::LAT);
    if positions {
        if xy.is_some() && lonlat.is_some() {
            return Err(header("has both x,y and lon,lat columns: keep one pair".into()));
        }
        if xy.is_none() && lonlat.is_none() {
            return Err(header("has no x,y or lon,lat columns (needed unless a cost file is given)".into()));
        }
    }
    Ok(Columns { id, weight, xy: xy.filter(|_| positions), lonlat: lonlat.filter(|_| positions) })
}

fn text<'r>(rec: &'r Record, field: &str) -> &'r str {
    match rec.attrs.get(field) {
        Some(Value::String(s)) => s.trim(),
        _ => "",
    }
}

fn number(path: &Path, rec: &Record, field: &str) -> Result<f64, ImportError> {
    let at = || ImportError::at(path, rec.location.clone(), "").with_field(field);
    let s = text(rec, field);
    if s.is_empty() {
        return Err(ImportError { message: "is empty".into(), ..at() });
    }
    s.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| ImportError { message: format!("\"{s}\" is not a number"), ..at() })
}

/// Reads id, optional weight and position of every row; ids must be unique within the file.
fn read_points(path: &Path, weighted: bool, positions: bool) -> Result<Vec<Point>, ImportError> {
    let mut cols: Option<Columns> = None;
    let mut out = Vec::new();
    let mut lines: HashMap<String, u64> = HashMap::new();
    if !path.exists() {
        return Err(ImportError::file(path, "does not exist"));
    }
    csv_in::read(path, None, |rec| {
        if cols.is_none() {
            cols = Some(columns(path, &rec, weighted, positions)?);
        }
        let Some(c) = cols.as_ref() else { return Ok(()) };
        let line = match rec.location {
            Location::Line(l) => l,
            _ => 0,
        };
        let err = |field: &str, msg: String| ImportError::at(path, rec.location.clone(), msg).with_field(field);
        let id = text(&rec, &c.id).to_string();
        if id.is_empty() {
            return Err(err(&c.id, "is empty".into()));
        }
        if let Some(first) = lines.insert(id.clone(), line) {
            return Err(err(&c.id, format!("\"{id}\" is used twice (also on line {first})")));
        }
        let weight = match &c.weight {
            Some(f) if weighted => {
                let w = number(path, &rec, f)?;
                if let Some(problem) = weight_problem(w) {
                    return Err(err(f, problem));
                }
                Some(w)
            }
            _ => None,
        };
        let at = if let Some((x, y)) = &c.xy {
            Some(Position::Planar { x: number(path, &rec, x)?, y: number(path, &rec, y)? })
        } else if let Some((lon, lat)) = &c.lonlat {
            let p = LonLat::new(number(path, &rec, lon)?, number(path, &rec, lat)?);
            if let Some(problem) = p.problem() {
                return Err(err(if problem.starts_with("lat") { lat } else { lon }, problem));
            }
            Some(Position::LonLat(p))
        } else {
            None
        };
        out.push(Point { id, weight, at });
        Ok(())
    })?;
    if out.is_empty() {
        return Err(ImportError::file(path, "has no data rows"));
    }
    Ok(out)
}

fn read_sites(path: &Path, positions: bool) -> Result<Vec<Site>, ImportError> {
    Ok(read_points(path, false, positions)?.into_iter().map(|p| Site { id: p.id, at: p.at }).collect())
}

/// Site ids must be unique across candidates and existing sites, since a cost row names either.
fn check_site_ids(files: Files, candidates: &[Site], existing: &[Site]) -> Result<(), ImportError> {
    let Some(path) = files.existing else { return Ok(()) };
    let ids: std::collections::HashSet<&str> = candidates.iter().map(|s| s.id.as_str()).collect();
    match existing.iter().find(|s| ids.contains(s.id.as_str())) {
        Some(s) => Err(ImportError::file(
            path,
            format!("site id \"{}\" is also a candidate in {} (ids must differ)", s.id, files.candidates.display()),
        )),
        None => Ok(()),
    }
}

fn read_costs(
    path: &Path,
    demand: &[Demand],
    candidates: &[Site],
    existing: &[Site],
) -> Result<CostMatrix, ImportError> {
    if !path.exists() {
        return Err(ImportError::file(path, "does not exist"));
    }
    let demand_index: HashMap<&str, usize> = demand.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let site_index: HashMap<&str, usize> =
        candidates.iter().chain(existing).enumerate().map(|(j, s)| (s.id.as_str(), j)).collect();
    let mut matrix = CostMatrix::unreachable(demand.len(), candidates.len() + existing.len())
        .map_err(|e| ImportError::file(path, e.to_string()))?;
    let mut cols: Option<(String, String, String)> = None;
    let mut rows = 0;
    csv_in::read(path, None, |rec| {
        if cols.is_none() {
            let header = |what: &str| ImportError::at(path, Location::Line(1), format!("has no {what} column"));
            cols = Some((
                column(&rec.attrs, names::DEMAND_ID).ok_or_else(|| header("demand_id"))?,
                column(&rec.attrs, names::SITE_ID).ok_or_else(|| header("candidate_id"))?,
                column(&rec.attrs, names::COST).ok_or_else(|| header("cost"))?,
            ));
        }
        let Some((d, s, c)) = cols.as_ref() else { return Ok(()) };
        let err = |field: &str, msg: String| ImportError::at(path, rec.location.clone(), msg).with_field(field);
        let did = text(&rec, d);
        let i = *demand_index.get(did).ok_or_else(|| err(d, format!("no demand point has id \"{did}\"")))?;
        let sid = text(&rec, s);
        let j =
            *site_index.get(sid).ok_or_else(|| err(s, format!("no candidate or existing site has id \"{sid}\"")))?;
        let cost = number(path, &rec, c)?;
        matrix.set(i, j, cost).map_err(|e| err(c, e.to_string()))?;
        rows += 1;
        Ok(())
    })?;
    if rows == 0 {
        return Err(ImportError::file(path, "has no data rows"));
    }
    Ok(matrix)
}

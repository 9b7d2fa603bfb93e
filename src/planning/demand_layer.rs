//! A layer of the project as siting demand: any point or polygon feature table of its GeoPackage,
//! each feature weighted by a numeric attribute (1 without one).
//!
//! Polygons stand for their centroid, as townships already do in `project`: demand data often
//! comes as areas (residential blocks, villages, schools' grounds) and a planner would rather see
//! them served at their middle than be told to convert them. The centroid of a crescent-shaped
//! area can fall outside it; at the scale of a 4-minute drive this is the same approximation the
//! township demand makes. Lines have no sensible single point and are refused.

use std::path::Path;

use geo::Centroid;
use geo_types::Geometry;
use serde_json::Value;

use super::error::PlanningError;
use super::project::DemandPoint;
use crate::io::{Location, Record};
use crate::model::LonLat;
use crate::model::siting::DemandLayer;

/// The layer's features as weighted demand points, read from the project file at `path`.
pub fn read(path: &Path, choice: &DemandLayer) -> Result<Vec<DemandPoint>, PlanningError> {
    let layer = choice.layer.trim();
    if layer.is_empty() {
        return Err(PlanningError::Input("choose the layer whose features are the demand".into()));
    }
    let field = choice.weight.as_deref().map(str::trim).filter(|f| !f.is_empty());
    let mut out: Vec<DemandPoint> = Vec::new();
    let mut problem: Option<String> = None;
    let read = crate::io::gpkg_in::read(path, Some(layer), layer, |rec| {
        let k = out.len() + 1;
        match point(layer, field, k, &rec) {
            Ok(p) => out.push(p),
            Err(e) => problem = Some(e),
        }
        // Stop at the first problem: the error says which feature to fix.
        match &problem {
            Some(e) => Err(crate::io::ImportError::file(path, e.clone())),
            None => Ok(()),
        }
    });
    if let Some(e) = problem {
        return Err(PlanningError::Input(e));
    }
    read.map_err(|e| PlanningError::Input(e.to_string()))?;
    if out.is_empty() {
        return Err(PlanningError::Input(format!("layer \"{layer}\" has no features to serve")));
    }
    Ok(out)
}

/// "feature 3 (阳光小区)".
fn feature_name(k: usize, rec: &Record) -> String {
    match &rec.location {
        Location::Record(_, Some(name)) => format!("feature {k} ({name})"),
        _ => format!("feature {k}"),
    }
}

fn point(layer: &str, field: Option<&str>, k: usize, rec: &Record) -> Result<DemandPoint, String> {
    let what = || format!("layer \"{layer}\", {}", feature_name(k, rec));
    let at = match &rec.geometry {
        Some(Geometry::Point(p)) => Some(*p),
        Some(g @ (Geometry::MultiPoint(_) | Geometry::Polygon(_) | Geometry::MultiPolygon(_))) => g.centroid(),
        Some(Geometry::LineString(_) | Geometry::MultiLineString(_) | Geometry::Line(_)) => {
            return Err(format!("{}: is a line; demand must be points or areas (polygons)", what()));
        }
        Some(_) => return Err(format!("{}: demand must be points or areas (polygons)", what())),
        None => return Err(format!("{}: has no geometry", what())),
    };
    let at = at.map(|p| LonLat::new(p.x(), p.y())).ok_or_else(|| format!("{}: has an empty geometry", what()))?;
    if let Some(p) = at.problem() {
        return Err(format!("{}: {p}", what()));
    }
    let weight = match field {
        None => 1.0,
        Some(f) => {
            let bad = |msg: String| format!("{}, field \"{f}\": {msg}", what());
            let w = match rec.attrs.get(f) {
                None => {
                    let mut known: Vec<&str> = rec.attrs.keys().map(String::as_str).collect();
                    known.sort_unstable();
                    return Err(format!("layer \"{layer}\" has no field \"{f}\" (fields: {})", known.join(", ")));
                }
                Some(Value::Null) => return Err(bad("is empty; give every feature a weight".into())),
                Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
                Some(Value::String(s)) => {
                    s.trim().parse::<f64>().map_err(|_| bad(format!("\"{s}\" is not a number")))?
                }
                Some(other) => return Err(bad(format!("{other} is not a number"))),
            };
            if let Some(p) = super::problem::weight_problem(w) {
                return Err(bad(p));
            }
            w
        }
    };
    Ok(DemandPoint { id: format!("{layer}#{k}"), at, weight })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    /// A project with a user-added layer `sites` of the given geometries (WKT-free: GeoPackage
    /// blobs written by OneMap's own encoder) and a `people` column holding `weights`.
    pub(crate) fn project_with_layer(
        dir: &Path,
        geoms: &[Geometry<f64>],
        weights: &[rusqlite::types::Value],
    ) -> std::path::PathBuf {
        let path = dir.join("p.gpkg");
        crate::demo::create(&path, None).unwrap();
        let conn = Connection::open(&path).unwrap();
        crate::store::gpkg::register_functions(&conn).unwrap();
        conn.execute_batch("CREATE TABLE sites (fid INTEGER PRIMARY KEY, name TEXT, people, geom BLOB)").unwrap();
        crate::store::gpkg::register_feature_table(&conn, "sites", "GEOMETRY", "sites", "").unwrap();
        for (k, (g, w)) in geoms.iter().zip(weights).enumerate() {
            let blob = crate::store::gpkg::encode(g, crate::store::gpkg::SRS_WGS84);
            conn.execute(
                "INSERT INTO sites (name, people, geom) VALUES (?1, ?2, ?3)",
                rusqlite::params![format!("s{}", k + 1), w, blob],
            )
            .unwrap();
        }
        path
    }

    fn choice(weight: Option<&str>) -> DemandLayer {
        DemandLayer { layer: "sites".into(), weight: weight.map(String::from) }
    }

    #[test]
    fn points_and_polygon_centroids_are_weighted_by_the_field() {
        use rusqlite::types::Value as V;
        let dir = tempfile::tempdir().unwrap();
        let square = geo_types::Polygon::new(
            vec![(114.30, 36.00), (114.32, 36.00), (114.32, 36.02), (114.30, 36.02)].into(),
            vec![],
        );
        let geoms = [Geometry::Point(geo_types::Point::new(114.35, 36.1)), Geometry::Polygon(square)];
        let path = project_with_layer(dir.path(), &geoms, &[V::Integer(120), V::Text("2.5".into())]);
        let pts = read(&path, &choice(Some("people"))).unwrap();
        assert_eq!(pts.len(), 2);
        assert_eq!((pts[0].weight, pts[1].weight), (120.0, 2.5));
        assert!((pts[1].at.lon - 114.31).abs() < 1e-9 && (pts[1].at.lat - 36.01).abs() < 1e-9, "{:?}", pts[1].at);
        let unweighted = read(&path, &choice(None)).unwrap();
        assert!(unweighted.iter().all(|p| p.weight == 1.0));
    }

    #[test]
    fn bad_weights_lines_and_unknown_names_are_named() {
        use rusqlite::types::Value as V;
        let dir = tempfile::tempdir().unwrap();
        let p = Geometry::Point(geo_types::Point::new(114.35, 36.1));
        let path = project_with_layer(dir.path(), &[p.clone(), p.clone()], &[V::Integer(1), V::Text("many".into())]);
        let e = read(&path, &choice(Some("people"))).unwrap_err().to_string();
        assert!(
            e.contains("\"sites\"") && e.contains("feature 2 (s2)") && e.contains("\"people\"") && e.contains("many"),
            "{e}"
        );
        let e = read(&path, &choice(Some("pop"))).unwrap_err().to_string();
        assert!(e.contains("no field \"pop\"") && e.contains("people"), "{e}");
        let e = read(&path, &DemandLayer { layer: "nope".into(), weight: None }).unwrap_err().to_string();
        assert!(e.contains("no layer \"nope\""), "{e}");

        let dir = tempfile::tempdir().unwrap();
        let path = project_with_layer(dir.path(), std::slice::from_ref(&p), &[V::Real(-3.0)]);
        let e = read(&path, &choice(Some("people"))).unwrap_err().to_string();
        assert!(e.contains("feature 1 (s1)") && e.contains("negative"), "{e}");

        let dir = tempfile::tempdir().unwrap();
        let line = Geometry::LineString(vec![(114.3, 36.0), (114.4, 36.1)].into());
        let path = project_with_layer(dir.path(), &[p, line], &[V::Integer(1), V::Integer(1)]);
        let e = read(&path, &choice(None)).unwrap_err().to_string();
        assert!(e.contains("feature 2 (s2)") && e.contains("line"), "{e}");
    }
}

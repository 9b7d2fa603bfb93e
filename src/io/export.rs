//! Exports: GeoJSON, CSV (UTF-8 with BOM, so Excel in China opens it without garbling) and a
//! GeoPackage copy of the whole project. Column names are the importer's first accepted names,
//! so an export imports back unchanged.
//!
//! Every exporter takes the project's [`ExportMark`]: in drill mode a GeoJSON is named 【演练】…
//! and each feature carries `演练: 【演练】`, a CSV starts with a 【演练】 column on every row (the
//! importer ignores it), and a GeoPackage copy carries the drill-mode setting itself.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde_json::{Map, Value, json};
use thiserror::Error;

use crate::model::drill_mode::{DRILL_PREFIX, ExportMark};
use crate::model::{Feature, Labelled, Layer};

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}: {message}")]
    Other { path: String, message: String },
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io { path: path.display().to_string(), source }
}

/// A feature's attributes under their export names (no geometry).
pub fn properties(f: &Feature) -> Map<String, Value> {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    let opt = |s: &Option<String>| s.clone().map_or(Value::Null, Value::String);
    match f {
        Feature::Stations(s) => {
            put("id", json!(s.id));
            put("code", opt(&s.code));
            put("name", json!(s.name));
            put("class", json!(s.class.zh()));
            put("status", json!(s.status.zh()));
            put("district", opt(&s.district));
            put("address", json!(s.address));
            put("phone", json!(s.phone));
            put("personnel", json!(s.personnel));
            put("turnout_s", json!(s.turnout_s));
            put(
                "vehicles",
                json!(s.vehicles.iter().map(|v| format!("{}:{}", v.kind, v.count)).collect::<Vec<_>>().join(";")),
            );
            put("illustrative", json!(s.illustrative));
            put("note", json!(s.note));
        }
        Feature::Teams(t) => {
            put("id", json!(t.id));
            put("code", opt(&t.code));
            put("name", json!(t.name));
            put("kind", json!(t.kind.zh()));
            put("capabilities", json!(t.capabilities.join(",")));
            put("headcount", json!(t.headcount));
            put("equipment", json!(t.equipment));
            put("supervisor", json!(t.supervisor));
            put("contact", json!(t.contact));
            put("phone", json!(t.phone));
            put("district", opt(&t.district));
            put("address", json!(t.address));
            put("status", json!(t.status.zh()));
            put("illustrative", json!(t.illustrative));
            put("note", json!(t.note));
        }
        Feature::Depots(d) => {
            put("id", json!(d.id));
            put("code", opt(&d.code));
            put("name", json!(d.name));
            put("level", json!(d.level.zh()));
            put("operator", json!(d.operator));
            put("district", opt(&d.district));
            put("address", json!(d.address));
            put("contact", json!(d.contact));
            put("phone", json!(d.phone));
            put("stock", serde_json::to_value(&d.stock).unwrap_or(Value::Null));
            put("illustrative", json!(d.illustrative));
            put("note", json!(d.note));
        }
        Feature::Enterprises(e) => {
            put("id", json!(e.id));
            put("code", opt(&e.code));
            put("name", json!(e.name));
            put("credit_code", json!(e.credit_code));
            put("industry", json!(e.industry));
            put("risk_level", json!(e.risk.zh()));
            put("district", opt(&e.district));
            put("township", opt(&e.township));
            put("address", json!(e.address));
            put("contact", json!(e.contact));
            put("phone", json!(e.phone));
            put("in_park", json!(e.in_park));
            put("illustrative", json!(e.illustrative));
            put("note", json!(e.note));
        }
        Feature::Areas(a) => {
            put("id", json!(a.id));
            put("code", json!(a.code));
            put("name", json!(a.name));
            put("level", json!(a.level.zh()));
            put("parent_code", opt(&a.parent));
            put("population", json!(a.population));
            put("illustrative", json!(a.illustrative));
        }
    }
    m
}

/// The export keeps the project's feature id as `fid` and the source code as `code`, so a
/// re-import does not mistake the numeric id for a code.
fn export_properties(f: &Feature) -> Map<String, Value> {
    properties(f).into_iter().map(|(k, v)| (if k == "id" { "fid".to_string() } else { k }, v)).collect()
}

fn geometry_json(f: &Feature) -> Value {
    let g: Option<geo_types::Geometry<f64>> = match f {
        Feature::Areas(a) => a.outline.clone().map(geo_types::Geometry::MultiPolygon),
        other => other.location().map(|p| geo_types::Geometry::Point(p.to_point())),
    };
    g.map_or(Value::Null, |g| serde_json::to_value(geojson::Geometry::from(&g)).unwrap_or(Value::Null))
}

/// The GeoJSON property that marks every exported feature in drill mode (CSV rows start with a
/// 【演练】 column instead, see [`csv_layer`]).
const DRILL_COLUMN: &str = "演练";

/// Writes features as a GeoJSON FeatureCollection (RFC 7946, WGS84), one feature at a time.
pub fn geojson(features: &[Feature], path: &Path, mark: ExportMark) -> Result<(), ExportError> {
    let file = File::create(path).map_err(io_err(path))?;
    let mut w = BufWriter::new(file);
    let fail = io_err(path);
    w.write_all(b"{\"type\":\"FeatureCollection\",").map_err(&fail)?;
    if mark.is_drill() {
        let name = Value::from(mark.title(features.first().map_or("", |f| f.layer().zh())));
        w.write_all(format!("\"name\":{name},").as_bytes()).map_err(&fail)?;
    }
    w.write_all(b"\"features\":[\n").map_err(&fail)?;
    for (i, f) in features.iter().enumerate() {
        if i > 0 {
            w.write_all(b",\n").map_err(&fail)?;
        }
        let mut properties = export_properties(f);
        if mark.is_drill() {
            properties.insert(DRILL_COLUMN.into(), Value::from(DRILL_PREFIX));
        }
        let feature = json!({
            "type": "Feature",
            "id": f.id(),
            "geometry": geometry_json(f),
            "properties": properties,
        });
        serde_json::to_writer(&mut w, &feature).map_err(|e| fail(e.into()))?;
    }
    w.write_all(b"\n]}\n").map_err(&fail)?;
    w.flush().map_err(&fail)
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        other => other.to_string(),
    }
}

/// The child table a layer's export writes inline, in one column before `illustrative`:
/// a station's vehicles (`水罐车:2;泡沫车:1`), a depot's stock lines (JSON).
fn inline_child_column(layer: Layer) -> Option<&'static str> {
    match layer {
        Layer::Stations => Some("vehicles"),
        Layer::Depots => Some("stock"),
        _ => None,
    }
}

/// The columns of a layer's CSV export, in order: the feature id as `fid`, the layer's stored
/// attributes ([`crate::store::attribute_columns`]) with its inline child column, then `lon`,
/// `lat` for point layers.
pub fn csv_columns(layer: Layer) -> Vec<&'static str> {
    let mut columns = vec!["fid"];
    for &c in crate::store::attribute_columns(layer) {
        if c == "illustrative" {
            columns.extend(inline_child_column(layer));
        }
        columns.push(c);
    }
    if layer != Layer::Areas {
        columns.extend(["lon", "lat"]);
    }
    columns
}

/// Writes a layer as CSV with a UTF-8 BOM; point layers get `lon` and `lat` columns. The header
/// is written even for an empty layer, so an export doubles as a template to fill in. Area
/// outlines are not written (use GeoJSON or GeoPackage for polygons).
///
/// In drill mode the first column is 【演练】 on every row, so no sheet of an exercise can pass
/// for a real one.
pub fn csv_layer(layer: Layer, features: &[Feature], path: &Path, mark: ExportMark) -> Result<(), ExportError> {
    let file = File::create(path).map_err(io_err(path))?;
    let mut w = BufWriter::new(file);
    w.write_all(b"\xEF\xBB\xBF").map_err(io_err(path))?;
    let mut out = csv::Writer::from_writer(w);
    let other = |message: String| ExportError::Other { path: path.display().to_string(), message };
    let columns = csv_columns(layer);
    let drill = mark.is_drill().then_some(DRILL_PREFIX);
    out.write_record(drill.iter().chain(columns.iter())).map_err(|e| other(e.to_string()))?;
    for f in features {
        let mut props = export_properties(f);
        if let Some(p) = f.location() {
            props.insert("lon".into(), Value::String(format!("{:.7}", p.lon)));
            props.insert("lat".into(), Value::String(format!("{:.7}", p.lat)));
        }
        if let Some(extra) = props.keys().find(|k| !columns.contains(&k.as_str())) {
            return Err(other(format!("{} has a field \"{extra}\" that the CSV columns lack", layer.key())));
        }
        let cells = columns.iter().map(|c| props.get(*c).map(cell).unwrap_or_default());
        out.write_record(drill.map(String::from).into_iter().chain(cells)).map_err(|e| other(e.to_string()))?;
    }
    out.flush().map_err(io_err(path))
}

/// [`csv_layer`] for the layer of the first feature (an empty slice writes only the BOM).
pub fn csv(features: &[Feature], path: &Path, mark: ExportMark) -> Result<(), ExportError> {
    match features.first() {
        Some(f) => csv_layer(f.layer(), features, path, mark),
        None => std::fs::write(path, b"\xEF\xBB\xBF").map_err(io_err(path)),
    }
}

/// Copies the whole project into a new GeoPackage (`VACUUM INTO`: consistent, compacted). The
/// copy holds the drill-mode setting, so a copy made during a drill opens in drill mode.
pub fn gpkg_copy(project: &crate::store::Project, path: &Path) -> Result<(), ExportError> {
    if path.exists() {
        return Err(ExportError::Other { path: path.display().to_string(), message: "already exists".into() });
    }
    project
        .vacuum_into(path)
        .map_err(|e| ExportError::Other { path: path.display().to_string(), message: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Users' spreadsheets and re-imports rely on this order.
    #[test]
    fn csv_columns_are_fid_the_stored_attributes_with_the_inline_child_then_lon_lat() {
        assert_eq!(
            csv_columns(Layer::Stations),
            [
                "fid",
                "code",
                "name",
                "class",
                "status",
                "district",
                "address",
                "phone",
                "personnel",
                "turnout_s",
                "vehicles",
                "illustrative",
                "note",
                "lon",
                "lat"
            ]
        );
        let depots = csv_columns(Layer::Depots);
        assert_eq!(depots[depots.len() - 5..], ["stock", "illustrative", "note", "lon", "lat"]);
        assert_eq!(
            csv_columns(Layer::Areas),
            ["fid", "code", "name", "level", "parent_code", "population", "illustrative"]
        );
        for layer in [Layer::Teams, Layer::Enterprises] {
            let c = csv_columns(layer);
            assert_eq!((c[0], &c[c.len() - 4..]), ("fid", &["illustrative", "note", "lon", "lat"][..]));
        }
    }
}

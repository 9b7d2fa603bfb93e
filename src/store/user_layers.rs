//! Layers a user brings in whole (demand points, villages, schools, anything OneMap has no layer
//! for): one GeoPackage feature table per file, its attribute columns typed from the values, so
//! `feature_layers` lists it, the siting window can weigh demand by its fields, and QGIS reads it.

use geo_types::Geometry;
use serde_json::Value;

use super::{Result, StoreError, Writer, gpkg};

/// The SQLite type of an attribute column, decided from every value it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Integer,
    Real,
    Text,
}

impl ColumnType {
    fn sql(self) -> &'static str {
        match self {
            ColumnType::Integer => "INTEGER",
            ColumnType::Real => "REAL",
            ColumnType::Text => "TEXT",
        }
    }

    /// The narrowest type holding both; blanks fit any.
    fn widen(self, v: &Value) -> ColumnType {
        let of = match v {
            Value::Null => return self,
            Value::String(s) if s.trim().is_empty() => return self,
            Value::Bool(_) => ColumnType::Integer,
            Value::Number(n) if n.is_i64() || n.is_u64() => ColumnType::Integer,
            Value::Number(_) => ColumnType::Real,
            // Spreadsheets and CSV give numbers as text.
            Value::String(s) if s.trim().parse::<i64>().is_ok() => ColumnType::Integer,
            Value::String(s) if s.trim().parse::<f64>().is_ok_and(f64::is_finite) => ColumnType::Real,
            _ => ColumnType::Text,
        };
        match (self, of) {
            (ColumnType::Text, _) | (_, ColumnType::Text) => ColumnType::Text,
            (ColumnType::Real, _) | (_, ColumnType::Real) => ColumnType::Real,
            _ => ColumnType::Integer,
        }
    }
}

/// One feature of a user layer: its geometry (WGS84 lon/lat) and attributes.
#[derive(Debug, Clone)]
pub struct UserFeature {
    pub geometry: Geometry<f64>,
    pub attrs: serde_json::Map<String, Value>,
}

/// Tables a user layer may not take: the GeoPackage's own, SQLite's, and OneMap's.
fn reserved(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["gpkg_", "rtree_", "sqlite_", "onemap_"].iter().any(|p| lower.starts_with(p))
}

/// Checks a layer name before anything is read: not empty, no quotes or control characters,
/// not a system table's prefix.
pub fn name_problem(name: &str) -> Option<String> {
    let n = name.trim();
    if n.is_empty() {
        return Some("is empty; give the layer a name".into());
    }
    if n.chars().count() > 60 {
        return Some("is longer than 60 characters".into());
    }
    if n.chars().any(|c| c.is_control() || c == '"' || c == '`' || c == '[' || c == ']') {
        return Some("may not contain quotes, brackets or control characters".into());
    }
    if reserved(n) {
        return Some("starts like a system table (gpkg_, rtree_, sqlite_, onemap_); choose another".into());
    }
    None
}

impl Writer<'_> {
    /// Creates the layer `name` with `features`, all at once, with an audit row. Refuses a name
    /// any table already has, so nothing stored is replaced.
    pub fn create_user_layer(&mut self, name: &str, source: &str, features: &[UserFeature]) -> Result<usize> {
        let name = name.trim();
        if let Some(message) = name_problem(name) {
            return Err(StoreError::LayerName { name: name.into(), message });
        }
        let taken: i64 =
            self.tx
                .query_row("SELECT count(*) FROM sqlite_master WHERE lower(name) = lower(?1)", [name], |r| r.get(0))?;
        if taken > 0 {
            return Err(StoreError::LayerName {
                name: name.into(),
                message: "a layer or table with this name already exists; choose another".into(),
            });
        }
        let mut columns: Vec<(String, ColumnType)> = Vec::new();
        for f in features {
            for (k, v) in &f.attrs {
                let key = k.trim();
                if key.is_empty() || key.eq_ignore_ascii_case("fid") || key.eq_ignore_ascii_case("geom") {
                    continue;
                }
                match columns.iter_mut().find(|(c, _)| c.eq_ignore_ascii_case(key)) {
                    Some((_, t)) => *t = t.widen(v),
                    None => columns.push((key.to_string(), ColumnType::Integer.widen(v))),
                }
            }
        }
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let defs: String = columns.iter().map(|(c, t)| format!(", {} {}", quote(c), t.sql())).collect();
        self.tx.execute_batch(&format!(
            "CREATE TABLE {} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom GEOMETRY{defs})",
            quote(name)
        ))?;
        let all_points = features.iter().all(|f| matches!(f.geometry, Geometry::Point(_)));
        gpkg::register_feature_table(&self.tx, name, if all_points { "POINT" } else { "GEOMETRY" }, name, source)?;
        let names: String = columns.iter().map(|(c, _)| format!(", {}", quote(c))).collect();
        let marks: String = (0..columns.len()).map(|k| format!(", ?{}", k + 2)).collect();
        let mut st = self.tx.prepare(&format!("INSERT INTO {} (geom{names}) VALUES (?1{marks})", quote(name)))?;
        for f in features {
            let mut values: Vec<rusqlite::types::Value> = vec![gpkg::encode(&f.geometry, gpkg::SRS_WGS84).into()];
            for (c, t) in &columns {
                let v = f.attrs.iter().find(|(k, _)| k.trim().eq_ignore_ascii_case(c)).map(|(_, v)| v);
                values.push(sql_value(v, *t));
            }
            st.execute(rusqlite::params_from_iter(values))?;
        }
        drop(st);
        gpkg::refresh_extent(&self.tx, name)?;
        let detail = serde_json::json!({
            "layer": name,
            "source": source,
            "features": features.len(),
            "fields": columns.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(),
        });
        self.audit("import_layer", name, None, &detail)?;
        Ok(features.len())
    }
}

fn sql_value(v: Option<&Value>, t: ColumnType) -> rusqlite::types::Value {
    use rusqlite::types::Value as S;
    match v {
        None | Some(Value::Null) => S::Null,
        Some(Value::String(s)) if s.trim().is_empty() => S::Null,
        Some(Value::Bool(b)) => S::Integer(i64::from(*b)),
        Some(Value::Number(n)) => match (t, n.as_i64()) {
            (ColumnType::Integer, Some(i)) => S::Integer(i),
            (ColumnType::Text, _) => S::Text(n.to_string()),
            _ => n.as_f64().map_or(S::Null, S::Real),
        },
        Some(Value::String(s)) => match t {
            ColumnType::Integer => s.trim().parse().map_or_else(|_| S::Text(s.clone()), S::Integer),
            ColumnType::Real => s.trim().parse().map_or_else(|_| S::Text(s.clone()), S::Real),
            ColumnType::Text => S::Text(s.clone()),
        },
        Some(other) => S::Text(other.to_string()),
    }
}

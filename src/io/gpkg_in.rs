//! GeoPackage layers in: any feature table of any GeoPackage (OneMap's, GDAL's, QGIS's), in
//! WGS84/CGCS2000 longitude/latitude.

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde_json::{Map, Value};

use super::ImportError;
use super::record::{Location, Record};
use crate::store::gpkg;

/// Geographic SRS ids OneMap accepts: WGS84 and CGCS2000 (equal at map scale).
const GEOGRAPHIC: &[i64] = &[4326, 4490, 0];

fn feature_tables(conn: &Connection) -> rusqlite::Result<Vec<(String, String, i64)>> {
    let mut st = conn.prepare(
        "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c
         JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
         WHERE c.data_type = 'features' ORDER BY c.table_name",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// Reads the features of one layer. With several layers in the file, `layer` picks one
/// (`wanted` is the OneMap layer name tried when `layer` is `None`).
pub fn read(
    path: &Path,
    layer: Option<&str>,
    wanted: &str,
    mut each: impl FnMut(Record) -> Result<(), ImportError>,
) -> Result<u64, ImportError> {
    let sql_err = |e: rusqlite::Error| ImportError::file(path, format!("not a readable GeoPackage: {e}"));
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(sql_err)?;
    let tables = feature_tables(&conn).map_err(|e| ImportError::file(path, format!("is not a GeoPackage ({e})")))?;
    let names = || tables.iter().map(|t| t.0.as_str()).collect::<Vec<_>>().join(", ");
    let chosen = match layer {
        Some(l) => tables
            .iter()
            .find(|t| t.0 == l)
            .ok_or_else(|| ImportError::file(path, format!("has no layer \"{l}\" (layers: {})", names())))?,
        None if tables.len() == 1 => &tables[0],
        None => tables.iter().find(|t| t.0 == wanted).ok_or_else(|| {
            ImportError::file(path, format!("has several layers ({}); name one with --source-layer", names()))
        })?,
    };
    let (table, geom_col, srs) = chosen;
    if !GEOGRAPHIC.contains(srs) {
        return Err(ImportError::file(
            path,
            format!(
                "layer \"{table}\" is in SRS {srs}; OneMap reads longitude/latitude (EPSG:4326/4490). Reproject it first"
            ),
        ));
    }
    let mut st = conn.prepare(&format!("SELECT * FROM \"{}\"", table.replace('"', "\"\""))).map_err(sql_err)?;
    let cols: Vec<String> = st.column_names().map(String::from).collect();
    let mut rows = st.query([]).map_err(sql_err)?;
    let mut count = 0;
    while let Some(row) = rows.next().map_err(sql_err)? {
        count += 1;
        let mut attrs = Map::new();
        let mut geometry = None;
        let mut geom_error = None;
        for (i, name) in cols.iter().enumerate() {
            let v = row.get_ref(i).map_err(sql_err)?;
            if name == geom_col {
                if let ValueRef::Blob(b) = v {
                    match gpkg::decode(b) {
                        Ok(g) => geometry = g,
                        Err(e) => geom_error = Some(e.to_string()),
                    }
                }
                continue;
            }
            let value = match v {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(i) => Value::from(i),
                ValueRef::Real(r) => Value::from(r),
                ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(_) => continue,
            };
            attrs.insert(name.clone(), value);
        }
        // The table's own primary key is not a source code; keep a declared code column.
        attrs.remove("fid");
        let mut rec = Record { location: Location::Record(count, None), attrs, geometry };
        rec.location = Location::Record(count, rec.label());
        if let Some(e) = geom_error {
            return Err(ImportError::at(path, rec.location, e).with_field(geom_col.clone()));
        }
        each(rec)?;
    }
    Ok(count)
}

//! `onemap check`: SQLite integrity, GeoPackage conformance and schema version.

use rusqlite::Connection;
use serde::Serialize;

use super::{Result, gpkg, schema};

/// One problem found, with where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub what: String,
    pub detail: String,
}

/// The outcome of a check; `ok()` when nothing was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    pub schema_version: usize,
    pub schema_steps: Vec<String>,
    pub sqlite_integrity: String,
    /// `wal` for a OneMap project.
    pub journal_mode: String,
    /// Whether this connection enforces foreign keys (OneMap turns them on for every connection).
    pub foreign_keys: bool,
    pub layers: Vec<(String, usize)>,
    pub findings: Vec<Finding>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }
}

pub(super) fn run(conn: &Connection) -> Result<CheckReport> {
    let mut findings = Vec::new();
    let mut find = |what: &str, detail: String| findings.push(Finding { what: what.to_string(), detail });

    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        find("sqlite integrity", integrity.clone());
    }
    {
        let mut st = conn.prepare("PRAGMA foreign_key_check")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let table: String = r.get(0)?;
            let rowid: Option<i64> = r.get(1)?;
            let parent: String = r.get(2)?;
            find("foreign key", format!("{table} row {rowid:?} points to a missing {parent} row"));
        }
    }

    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app_id != gpkg::APPLICATION_ID {
        find("geopackage", format!("application_id is {app_id:#x}, expected 0x47504b47 (\"GPKG\")"));
    }
    let user_version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if user_version < 10200 {
        find("geopackage", format!("user_version is {user_version}, expected 10300"));
    }
    for table in ["gpkg_spatial_ref_sys", "gpkg_contents", "gpkg_geometry_columns"] {
        let n: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [table], |r| {
                r.get(0)
            })?;
        if n == 0 {
            find("geopackage", format!("required table {table} is missing"));
        }
    }
    for srs in [-1, 0, 4326] {
        let n: i64 =
            conn.query_row("SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id = ?1", [srs], |r| r.get(0))?;
        if n == 0 {
            find("geopackage", format!("gpkg_spatial_ref_sys has no srs_id {srs}"));
        }
    }

    let mut layers = Vec::new();
    let feature_tables: Vec<(String, String, i32)> = {
        let mut st = conn.prepare(
            "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c
             LEFT JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
             WHERE c.data_type = 'features' ORDER BY c.table_name",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                r.get::<_, Option<i32>>(2)?.unwrap_or(-2),
            ))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (table, column, srs) in feature_tables {
        if column.is_empty() {
            find("geopackage", format!("feature table {table} has no row in gpkg_geometry_columns"));
            continue;
        }
        let mut count = 0usize;
        let mut non_empty = 0i64;
        let mut st = conn.prepare(&format!("SELECT fid, \"{column}\" FROM \"{table}\""))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            count += 1;
            let fid: i64 = r.get(0)?;
            let blob: Option<Vec<u8>> = r.get(1)?;
            let Some(blob) = blob else { continue };
            match (gpkg::decode(&blob), gpkg::srs_of(&blob)) {
                (Err(e), _) | (_, Err(e)) => find("geometry", format!("{table} feature {fid}: {e}")),
                (Ok(g), Ok(blob_srs)) => {
                    if blob_srs != srs {
                        find("geometry", format!("{table} feature {fid}: srs_id {blob_srs}, layer declares {srs}"));
                    }
                    if g.is_some() {
                        non_empty += 1;
                    }
                }
            }
        }
        let rtree = format!("rtree_{table}_{column}");
        let has_rtree: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = ?1", [&rtree], |r| r.get(0))?;
        if has_rtree == 0 {
            find("spatial index", format!("{table} has no R-tree index {rtree}"));
        } else {
            let indexed: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{rtree}\""), [], |r| r.get(0))?;
            if indexed != non_empty {
                find("spatial index", format!("{rtree} holds {indexed} entries for {non_empty} geometries"));
            }
        }
        layers.push((table, count));
    }

    let journal_mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
    if !journal_mode.eq_ignore_ascii_case("wal") {
        findings
            .push(Finding { what: "journal".into(), detail: format!("journal mode is {journal_mode}, expected wal") });
    }
    let foreign_keys: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    let steps = schema::applied(conn)?;
    Ok(CheckReport {
        schema_version: steps.len(),
        schema_steps: steps,
        sqlite_integrity: integrity,
        journal_mode,
        foreign_keys,
        layers,
        findings,
    })
}

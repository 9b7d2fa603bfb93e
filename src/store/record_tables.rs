//! SQL shared by the record layers (hazards, drills, pre-positionings, warnings): each is a
//! feature table `fid, geom, <columns…>` read and written the same way.

use rusqlite::Connection;
use rusqlite::types::Value;

use super::Result;
use super::rows::RowReader;
use crate::model::FeatureId;

/// A record layer's table name and attribute columns (after `fid` and `geom`).
pub(super) struct RecordTable {
    pub table: &'static str,
    pub columns: &'static [&'static str],
}

impl RecordTable {
    /// Every row, or only `only`, by fid.
    pub fn load<T>(
        &self,
        conn: &Connection,
        only_id: Option<FeatureId>,
        read: fn(&RowReader) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut st = conn.prepare_cached(&format!(
            "SELECT fid, geom, {} FROM \"{}\" {} ORDER BY fid",
            self.columns.join(", "),
            self.table,
            only("fid", only_id)
        ))?;
        let mut rows = st.query([only_id])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let fid: i64 = row.get(0)?;
            out.push(read(&RowReader { row, table: self.table, fid, columns: self.columns })?);
        }
        Ok(out)
    }

    /// Inserts `values` (geometry first, then the columns); `id > 0` keeps that fid.
    pub fn insert(&self, conn: &Connection, id: FeatureId, values: Vec<Value>) -> Result<FeatureId> {
        let mut p = values;
        p.insert(0, if id > 0 { Value::Integer(id) } else { Value::Null });
        let marks = (1..=p.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        conn.prepare_cached(&format!(
            "INSERT INTO \"{}\" (fid, geom, {}) VALUES ({marks})",
            self.table,
            self.columns.join(", ")
        ))?
        .execute(rusqlite::params_from_iter(p))?;
        Ok(conn.last_insert_rowid())
    }

    /// Rewrites row `id` with `values` (geometry first, then the columns).
    pub fn update(&self, conn: &Connection, id: FeatureId, values: Vec<Value>) -> Result<()> {
        let mut p = values;
        p.insert(0, Value::Integer(id));
        let sets = std::iter::once("geom")
            .chain(self.columns.iter().copied())
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        conn.prepare_cached(&format!("UPDATE \"{}\" SET {sets} WHERE fid = ?1", self.table))?
            .execute(rusqlite::params_from_iter(p))?;
        Ok(())
    }

    /// The other row already using `code`, if any (codes are unique per layer).
    pub fn code_owner(&self, conn: &Connection, code: Option<&str>, except: FeatureId) -> Result<Option<FeatureId>> {
        let Some(code) = code else { return Ok(None) };
        let sql = format!("SELECT fid FROM \"{}\" WHERE code = ?1 AND fid != ?2", self.table);
        Ok(rusqlite::OptionalExtension::optional(conn.query_row(&sql, rusqlite::params![code, except], |r| r.get(0)))?)
    }

    pub fn delete(&self, conn: &Connection, id: FeatureId) -> Result<()> {
        conn.execute(&format!("DELETE FROM \"{}\" WHERE fid = ?1", self.table), [id])?;
        Ok(())
    }
}

/// The filter for "every row" (`only` is `None`) or one id, bound as `?1`; a plain equality so
/// SQLite uses the index.
pub(super) fn only(column: &str, only: Option<FeatureId>) -> String {
    match only {
        Some(_) => format!("WHERE {column} = ?1"),
        None => "WHERE ?1 IS NULL".to_string(),
    }
}

/// A GeoPackage DATE value (`YYYY-MM-DD`) or NULL.
pub(super) fn date(d: Option<chrono::NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| Value::Text(d.format("%Y-%m-%d").to_string()))
}

/// A GeoPackage DATETIME value: `YYYY-MM-DDTHH:MM:SS.SSSZ`.
pub(super) fn datetime(t: chrono::DateTime<chrono::Utc>) -> Value {
    Value::Text(t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

/// A point geometry blob, or NULL.
pub(super) fn point(p: Option<crate::model::LonLat>) -> Value {
    p.map_or(Value::Null, |p| {
        Value::Blob(super::gpkg::encode(&geo_types::Geometry::Point(p.to_point()), super::gpkg::SRS_WGS84))
    })
}

/// Text or NULL.
pub(super) fn opt_text(s: Option<&str>) -> Value {
    s.map_or(Value::Null, |s| Value::Text(s.to_string()))
}

/// A value as JSON text (lists and pairs).
pub(super) fn json<T: serde::Serialize>(v: &T) -> Value {
    Value::Text(serde_json::to_string(v).unwrap_or_else(|_| "[]".into()))
}

/// Whether a row with this fid exists in a table.
pub(super) fn exists(conn: &Connection, table: &str, id: FeatureId) -> Result<bool> {
    let n: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{table}\" WHERE fid = ?1"), [id], |r| r.get(0))?;
    Ok(n > 0)
}

//! The audit log: who changed what, when, with the row before and after as JSON.

use rusqlite::Connection;
use serde::Serialize;

use super::Result;
use crate::model::{Feature, FeatureId};

/// One row of `onemap_audit`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    /// UTC, RFC 3339.
    pub ts: String,
    pub operator: String,
    pub action: String,
    pub table: String,
    pub feature_id: Option<FeatureId>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Which audit rows to read.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub table: Option<String>,
    pub feature_id: Option<FeatureId>,
    pub limit: Option<usize>,
}

/// The current time as stored in audit rows.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub(super) fn record(
    conn: &Connection,
    operator: &str,
    action: &str,
    table: &str,
    id: Option<FeatureId>,
    before: Option<&Feature>,
    after: Option<&Feature>,
) -> Result<()> {
    let to_json = |f: &Feature| serde_json::to_value(f).ok();
    record_json(conn, operator, action, table, id, before.and_then(to_json).as_ref(), after.and_then(to_json).as_ref())
}

/// Writes one audit row. In drill mode the action is marked 【演练】: the mode is read here, on
/// the connection doing the write, so no write path can leave a drill entry unmarked.
pub(super) fn record_json(
    conn: &Connection,
    operator: &str,
    action: &str,
    table: &str,
    id: Option<FeatureId>,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<()> {
    let mode: crate::model::drill_mode::DrillModeSetting = super::settings::get(conn, super::SettingKey::DrillMode)?;
    let action = crate::model::drill_mode::ExportMark::from_setting(&mode).title(action);
    conn.execute(
        "INSERT INTO onemap_audit (ts, operator, action, table_name, feature_id, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![
            now(),
            operator,
            action,
            table,
            id,
            before.map(|v| v.to_string()),
            after.map(|v| v.to_string()),
        ],
    )?;
    Ok(())
}

pub(super) fn query(conn: &Connection, q: &AuditQuery) -> Result<Vec<AuditEntry>> {
    let mut st = conn.prepare(
        "SELECT id, ts, operator, action, table_name, feature_id, before, after FROM onemap_audit
         WHERE (?1 IS NULL OR table_name = ?1) AND (?2 IS NULL OR feature_id = ?2)
         ORDER BY id DESC LIMIT ?3",
    )?;
    let limit = q.limit.map(|l| l as i64).unwrap_or(-1);
    let rows = st.query_map(rusqlite::params![q.table, q.feature_id, limit], |r| {
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        Ok(AuditEntry {
            id: r.get(0)?,
            ts: r.get(1)?,
            operator: r.get(2)?,
            action: r.get(3)?,
            table: r.get(4)?,
            feature_id: r.get(5)?,
            before: parse(r.get(6)?),
            after: parse(r.get(7)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

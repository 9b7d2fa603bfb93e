//! The `prepositions` table: a point layer of units placed at temporary positions, with the
//! time window (GeoPackage DATETIME, UTC) they are there.

use rusqlite::Connection;
use rusqlite::types::Value;

use super::record_tables::{RecordTable, datetime, exists, point};
use super::rows::RowReader;
use super::{Project, Result, StoreError, Writer, audit, gpkg};
use crate::model::preposition::Preposition;
use crate::model::{FeatureId, Labelled, Layer, UnitRef};

pub const TABLE: &str = "prepositions";
const WHAT: &str = "前置预置";

/// The schema step `prepositions_v1`.
pub(super) fn migrate_v1(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE prepositions (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom POINT,
           unit_layer TEXT NOT NULL CHECK (unit_layer IN ('stations', 'teams')),
           unit_fid INTEGER NOT NULL,
           starts_at DATETIME NOT NULL,
           ends_at DATETIME NOT NULL,
           reason TEXT NOT NULL,
           title TEXT NOT NULL DEFAULT '',
           illustrative BOOLEAN NOT NULL DEFAULT 0,
           note TEXT NOT NULL DEFAULT ''
         );
         CREATE INDEX prepositions_unit ON prepositions(unit_layer, unit_fid);",
    )?;
    gpkg::register_feature_table(
        conn,
        TABLE,
        "POINT",
        "前置预置 Pre-positioned units",
        "units at temporary positions for a time window",
    )
}

const PREPOSITIONS: RecordTable = RecordTable { table: TABLE, columns: COLUMNS };

const COLUMNS: &[&str] = &["unit_layer", "unit_fid", "starts_at", "ends_at", "reason", "title", "illustrative", "note"];

fn values(p: &Preposition) -> Vec<Value> {
    vec![
        point(Some(p.location)),
        Value::Text(p.unit.layer.table().into()),
        Value::Integer(p.unit.id),
        datetime(p.starts_at),
        datetime(p.ends_at),
        Value::Text(p.reason.zh().into()),
        Value::Text(p.title.clone()),
        Value::Integer(i64::from(p.illustrative)),
        Value::Text(p.note.clone()),
    ]
}

fn from_row(r: &RowReader) -> Result<Preposition> {
    let layer: Layer = r.label("unit_layer")?;
    let id = r.opt_i64("unit_fid")?.unwrap_or(0);
    let unit = UnitRef::new(layer, id).map_err(|e| StoreError::BadValue {
        table: TABLE.into(),
        fid: r.fid,
        field: "unit_layer".into(),
        message: e.to_string(),
    })?;
    Ok(Preposition {
        id: r.fid,
        unit,
        location: r.point()?,
        starts_at: r.instant("starts_at")?,
        ends_at: r.instant("ends_at")?,
        reason: r.label("reason")?,
        title: r.text("title")?,
        illustrative: r.bool("illustrative")?,
        note: r.text("note")?,
    })
}

fn load(conn: &Connection, only: Option<FeatureId>) -> Result<Vec<Preposition>> {
    PREPOSITIONS.load(conn, only, from_row)
}

fn validate(conn: &Connection, p: &Preposition) -> Result<()> {
    let invalid = |field: &'static str, message: String| StoreError::Invalid {
        layer: WHAT,
        name: if p.title.is_empty() { p.unit.to_string() } else { p.title.clone() },
        field,
        message,
    };
    if let Some((field, message)) = p.problem() {
        return Err(invalid(field, message));
    }
    if !exists(conn, p.unit.layer.table(), p.unit.id)? {
        return Err(invalid("unit", format!("{} has no unit with id {}", p.unit.layer.zh(), p.unit.id)));
    }
    if let Some(other) = load(conn, None)?.into_iter().find(|o| o.id != p.id && o.unit == p.unit && o.overlaps(p)) {
        return Err(invalid(
            "starts_at",
            format!(
                "overlaps pre-positioning {} \"{}\" of the same unit ({} – {}); a unit is in one place at a time",
                other.id, other.title, other.starts_at, other.ends_at
            ),
        ));
    }
    Ok(())
}

fn to_json(p: &Preposition) -> serde_json::Value {
    serde_json::to_value(p).unwrap_or_default()
}

impl Project {
    /// Every pre-positioning, by id.
    pub fn prepositions(&self) -> Result<Vec<Preposition>> {
        load(&self.conn, None)
    }
}

impl Writer<'_> {
    /// Adds a pre-positioning; refused when it overlaps another window of the same unit.
    pub fn insert_preposition(&mut self, p: &Preposition) -> Result<FeatureId> {
        validate(&self.tx, p)?;
        let id = PREPOSITIONS.insert(&self.tx, p.id, values(p))?;
        self.touched.insert(TABLE);
        let mut stored = p.clone();
        stored.id = id;
        audit::record_json(&self.tx, self.operator, "insert", TABLE, Some(id), None, Some(&to_json(&stored)))?;
        Ok(id)
    }

    /// Replaces a pre-positioning (e.g. ends it early); returns it as it was.
    pub fn update_preposition(&mut self, p: &Preposition) -> Result<Preposition> {
        let before = load(&self.tx, Some(p.id))?.pop().ok_or(StoreError::NoSuchFeature { layer: WHAT, id: p.id })?;
        validate(&self.tx, p)?;
        PREPOSITIONS.update(&self.tx, p.id, values(p))?;
        self.touched.insert(TABLE);
        audit::record_json(
            &self.tx,
            self.operator,
            "update",
            TABLE,
            Some(p.id),
            Some(&to_json(&before)),
            Some(&to_json(p)),
        )?;
        Ok(before)
    }

    pub fn delete_preposition(&mut self, id: FeatureId) -> Result<Preposition> {
        let before = load(&self.tx, Some(id))?.pop().ok_or(StoreError::NoSuchFeature { layer: WHAT, id })?;
        PREPOSITIONS.delete(&self.tx, id)?;
        self.touched.insert(TABLE);
        audit::record_json(&self.tx, self.operator, "delete", TABLE, Some(id), Some(&to_json(&before)), None)?;
        Ok(before)
    }
}

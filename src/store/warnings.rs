//! The `warnings` table: a polygon layer of graded warnings. A warning on an area or an
//! enterprise keeps its target by code or id; its outline is copied into `geom` when written,
//! so GIS users see it, while OneMap reads the target itself.

use geo_types::{Geometry, MultiPolygon};
use rusqlite::Connection;
use rusqlite::types::Value;

use super::record_tables::{RecordTable, datetime};
use super::rows::RowReader;
use super::{Project, Result, StoreError, Writer, audit, gpkg};
use crate::model::warning::{Warning, WarningTarget};
use crate::model::{Feature, FeatureId, Labelled, Layer};

pub const TABLE: &str = "warnings";
const WHAT: &str = "预警";

/// The schema step `warnings_v1`.
pub(super) fn migrate_v1(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE warnings (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom MULTIPOLYGON,
           level TEXT NOT NULL,
           kind TEXT NOT NULL DEFAULT '',
           title TEXT NOT NULL DEFAULT '',
           target_kind TEXT NOT NULL CHECK (target_kind IN ('area', 'polygon', 'enterprise')),
           area_code TEXT,
           enterprise_fid INTEGER, -- no foreign key: a warning outlives a deleted enterprise
           starts_at DATETIME NOT NULL,
           ends_at DATETIME NOT NULL,
           source TEXT NOT NULL DEFAULT '',
           illustrative BOOLEAN NOT NULL DEFAULT 0,
           note TEXT NOT NULL DEFAULT ''
         );
         CREATE INDEX warnings_period ON warnings(starts_at, ends_at);",
    )?;
    gpkg::register_feature_table(conn, TABLE, "MULTIPOLYGON", "预警 Warnings", "graded warnings with validity periods")
}

const WARNINGS: RecordTable = RecordTable { table: TABLE, columns: COLUMNS };

const COLUMNS: &[&str] = &[
    "level",
    "kind",
    "title",
    "target_kind",
    "area_code",
    "enterprise_fid",
    "starts_at",
    "ends_at",
    "source",
    "illustrative",
    "note",
];

/// The outline to store for GIS users: the drawn polygon, the area's outline, or the
/// enterprise's site.
fn outline(conn: &Connection, w: &Warning) -> Result<Option<MultiPolygon<f64>>> {
    let invalid = |field: &'static str, message: String| StoreError::Invalid {
        layer: WHAT,
        name: w.title.clone(),
        field,
        message,
    };
    Ok(match &w.target {
        WarningTarget::Polygon { outline } => Some(outline.clone()),
        WarningTarget::Area { code } => {
            let outline: Option<Vec<u8>> = rusqlite::OptionalExtension::optional(conn.query_row(
                "SELECT geom FROM areas WHERE code = ?1",
                [code],
                |r| r.get(0),
            ))?
            .ok_or_else(|| invalid("area", format!("no area has code \"{code}\"")))?;
            match outline.map(|b| gpkg::decode(&b)) {
                Some(Ok(Some(Geometry::MultiPolygon(mp)))) => Some(mp),
                Some(Ok(Some(Geometry::Polygon(p)))) => Some(MultiPolygon(vec![p])),
                _ => None,
            }
        }
        WarningTarget::Enterprise { id } => match super::tables::load_one(conn, Layer::Enterprises, *id)? {
            Some(Feature::Enterprises(e)) => e.site,
            _ => return Err(invalid("enterprise", format!("no enterprise has id {id}"))),
        },
    })
}

fn values(conn: &Connection, w: &Warning) -> Result<Vec<Value>> {
    let geom = outline(conn, w)?
        .map_or(Value::Null, |mp| Value::Blob(gpkg::encode(&Geometry::MultiPolygon(mp), gpkg::SRS_WGS84)));
    let (kind, area, enterprise) = match &w.target {
        WarningTarget::Area { code } => ("area", Value::Text(code.clone()), Value::Null),
        WarningTarget::Polygon { .. } => ("polygon", Value::Null, Value::Null),
        WarningTarget::Enterprise { id } => ("enterprise", Value::Null, Value::Integer(*id)),
    };
    Ok(vec![
        geom,
        Value::Text(w.level.zh().into()),
        Value::Text(w.kind.clone()),
        Value::Text(w.title.clone()),
        Value::Text(kind.into()),
        area,
        enterprise,
        datetime(w.starts_at),
        datetime(w.ends_at),
        Value::Text(w.source.clone()),
        Value::Integer(i64::from(w.illustrative)),
        Value::Text(w.note.clone()),
    ])
}

fn from_row(r: &RowReader) -> Result<Warning> {
    let bad = |field: &str, message: &str| StoreError::BadValue {
        table: TABLE.into(),
        fid: r.fid,
        field: field.into(),
        message: message.into(),
    };
    let target = match r.text("target_kind")?.as_str() {
        "area" => {
            WarningTarget::Area { code: r.opt_nonempty("area_code")?.ok_or_else(|| bad("area_code", "is empty"))? }
        }
        "polygon" => WarningTarget::Polygon { outline: r.opt_multipolygon()?.ok_or_else(|| bad("geom", "is empty"))? },
        "enterprise" => WarningTarget::Enterprise {
            id: r.opt_i64("enterprise_fid")?.ok_or_else(|| bad("enterprise_fid", "is empty (enterprise deleted?)"))?,
        },
        other => return Err(bad("target_kind", &format!("\"{other}\" is not area, polygon or enterprise"))),
    };
    Ok(Warning {
        id: r.fid,
        level: r.label("level")?,
        kind: r.text("kind")?,
        title: r.text("title")?,
        target,
        starts_at: r.instant("starts_at")?,
        ends_at: r.instant("ends_at")?,
        source: r.text("source")?,
        illustrative: r.bool("illustrative")?,
        note: r.text("note")?,
    })
}

fn load(conn: &Connection, only: Option<FeatureId>) -> Result<Vec<Warning>> {
    WARNINGS.load(conn, only, from_row)
}

fn to_json(w: &Warning) -> serde_json::Value {
    serde_json::to_value(w).unwrap_or_default()
}

impl Project {
    /// Every warning, by id (active or not).
    pub fn warnings(&self) -> Result<Vec<Warning>> {
        load(&self.conn, None)
    }
}

impl Writer<'_> {
    /// Adds a warning and audits it.
    pub fn insert_warning(&mut self, w: &Warning) -> Result<FeatureId> {
        if let Some((field, message)) = w.problem() {
            return Err(StoreError::Invalid { layer: WHAT, name: w.title.clone(), field, message });
        }
        let id = WARNINGS.insert(&self.tx, w.id, values(&self.tx, w)?)?;
        self.touched.insert(TABLE);
        let mut stored = w.clone();
        stored.id = id;
        audit::record_json(&self.tx, self.operator, "insert", TABLE, Some(id), None, Some(&to_json(&stored)))?;
        Ok(id)
    }

    /// Replaces a warning (e.g. lifted early: a new `ends_at`); returns it as it was.
    pub fn update_warning(&mut self, w: &Warning) -> Result<Warning> {
        let before = load(&self.tx, Some(w.id))?.pop().ok_or(StoreError::NoSuchFeature { layer: WHAT, id: w.id })?;
        if let Some((field, message)) = w.problem() {
            return Err(StoreError::Invalid { layer: WHAT, name: w.title.clone(), field, message });
        }
        WARNINGS.update(&self.tx, w.id, values(&self.tx, w)?)?;
        self.touched.insert(TABLE);
        audit::record_json(
            &self.tx,
            self.operator,
            "update",
            TABLE,
            Some(w.id),
            Some(&to_json(&before)),
            Some(&to_json(w)),
        )?;
        Ok(before)
    }

    pub fn delete_warning(&mut self, id: FeatureId) -> Result<Warning> {
        let before = load(&self.tx, Some(id))?.pop().ok_or(StoreError::NoSuchFeature { layer: WHAT, id })?;
        WARNINGS.delete(&self.tx, id)?;
        self.touched.insert(TABLE);
        audit::record_json(&self.tx, self.operator, "delete", TABLE, Some(id), Some(&to_json(&before)), None)?;
        Ok(before)
    }
}

//! The drill tables: `drills` (a point layer at the scenario point: plan entries and records)
//! and `drill_participants` (the stations and teams taking part).

use rusqlite::types::Value;
use rusqlite::{Connection, params};

use super::record_tables::{self, RecordTable, date, exists, json, point};
use super::rows::RowReader;
use super::{Project, Result, StoreError, Writer, audit, gpkg};
use crate::model::drill::Drill;
use crate::model::{FeatureId, Labelled, Layer, UnitRef};

pub const TABLE: &str = "drills";
const WHAT: &str = "应急演练";

/// The schema step `drills_v1`.
pub(super) fn migrate_v1(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE drills (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom POINT,
           code TEXT UNIQUE,
           name TEXT NOT NULL,
           scope TEXT NOT NULL,
           form TEXT NOT NULL,
           status TEXT NOT NULL,
           planned_on DATE,
           held_on DATE,
           organizer TEXT NOT NULL DEFAULT '',
           district TEXT,
           enterprise_fid INTEGER REFERENCES enterprises(fid) ON DELETE SET NULL,
           head_led BOOLEAN NOT NULL DEFAULT 0,
           scenario TEXT NOT NULL DEFAULT '',
           other_participants TEXT NOT NULL DEFAULT '',
           evaluation TEXT NOT NULL DEFAULT '',
           attachments TEXT NOT NULL DEFAULT '[]',
           illustrative BOOLEAN NOT NULL DEFAULT 0,
           note TEXT NOT NULL DEFAULT ''
         );
         CREATE INDEX drills_held ON drills(held_on);
         CREATE TABLE drill_participants (
           drill_fid INTEGER NOT NULL REFERENCES drills(fid) ON DELETE CASCADE,
           layer TEXT NOT NULL CHECK (layer IN ('stations', 'teams')),
           unit_fid INTEGER NOT NULL,
           PRIMARY KEY (drill_fid, layer, unit_fid)
         );",
    )?;
    gpkg::register_feature_table(
        conn,
        TABLE,
        "POINT",
        "应急演练 Drills",
        "drill plan and records at the scenario point",
    )
}

const DRILLS: RecordTable = RecordTable { table: TABLE, columns: COLUMNS };

const COLUMNS: &[&str] = &[
    "code",
    "name",
    "scope",
    "form",
    "status",
    "planned_on",
    "held_on",
    "organizer",
    "district",
    "enterprise_fid",
    "head_led",
    "scenario",
    "other_participants",
    "evaluation",
    "attachments",
    "illustrative",
    "note",
];

fn values(d: &Drill) -> Vec<Value> {
    vec![
        point(d.location),
        d.code.clone().map_or(Value::Null, Value::Text),
        Value::Text(d.name.clone()),
        Value::Text(d.scope.zh().into()),
        Value::Text(d.form.zh().into()),
        Value::Text(d.status.zh().into()),
        date(d.planned_on),
        date(d.held_on),
        Value::Text(d.organizer.clone()),
        d.district.clone().map_or(Value::Null, Value::Text),
        d.enterprise.map_or(Value::Null, Value::Integer),
        Value::Integer(i64::from(d.head_led)),
        Value::Text(d.scenario.clone()),
        Value::Text(d.other_participants.clone()),
        Value::Text(d.evaluation.clone()),
        json(&d.attachments),
        Value::Integer(i64::from(d.illustrative)),
        Value::Text(d.note.clone()),
    ]
}

fn from_row(r: &RowReader) -> Result<Drill> {
    Ok(Drill {
        id: r.fid,
        code: r.opt_nonempty("code")?,
        name: r.text("name")?,
        scope: r.label("scope")?,
        form: r.label("form")?,
        status: r.label("status")?,
        planned_on: r.opt_date("planned_on")?,
        held_on: r.opt_date("held_on")?,
        organizer: r.text("organizer")?,
        district: r.opt_nonempty("district")?,
        enterprise: r.opt_i64("enterprise_fid")?,
        head_led: r.bool("head_led")?,
        scenario: r.text("scenario")?,
        location: r.opt_point()?,
        participants: Vec::new(),
        other_participants: r.text("other_participants")?,
        evaluation: r.text("evaluation")?,
        attachments: r.json("attachments")?,
        illustrative: r.bool("illustrative")?,
        note: r.text("note")?,
    })
}

fn load(conn: &Connection, only: Option<FeatureId>) -> Result<Vec<Drill>> {
    let mut drills = DRILLS.load(conn, only, from_row)?;
    let index: std::collections::HashMap<FeatureId, usize> =
        drills.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let mut st = conn.prepare_cached(&format!(
        "SELECT drill_fid, layer, unit_fid FROM drill_participants {} ORDER BY drill_fid, layer, unit_fid",
        record_tables::only("drill_fid", only)
    ))?;
    let mut rows = st.query([only])?;
    while let Some(r) = rows.next()? {
        let fid: i64 = r.get(0)?;
        let layer: String = r.get(1)?;
        let layer = Layer::parse(&layer).map_err(|e| StoreError::BadValue {
            table: "drill_participants".into(),
            fid,
            field: "layer".into(),
            message: e.to_string(),
        })?;
        if let Some(d) = index.get(&fid).and_then(|&i| drills.get_mut(i)) {
            d.participants.push(UnitRef { layer, id: r.get(2)? });
        }
    }
    Ok(drills)
}

fn validate(conn: &Connection, d: &Drill) -> Result<()> {
    let invalid = |field: &'static str, message: String| StoreError::Invalid {
        layer: WHAT,
        name: d.name.clone(),
        field,
        message,
    };
    if let Some((field, message)) = d.problem() {
        return Err(invalid(field, message));
    }
    for u in &d.participants {
        if !matches!(u.layer, Layer::Stations | Layer::Teams) || !exists(conn, u.layer.table(), u.id)? {
            return Err(invalid("participants", format!("{} has no unit with id {}", u.layer.zh(), u.id)));
        }
    }
    if let Some(e) = d.enterprise
        && !exists(conn, "enterprises", e)?
    {
        return Err(invalid("enterprise", format!("no enterprise has id {e}")));
    }
    Ok(())
}

fn write_participants(conn: &Connection, d: &Drill, id: FeatureId) -> Result<()> {
    conn.execute("DELETE FROM drill_participants WHERE drill_fid = ?1", [id])?;
    let mut st = conn
        .prepare_cached("INSERT OR IGNORE INTO drill_participants (drill_fid, layer, unit_fid) VALUES (?1, ?2, ?3)")?;
    for u in &d.participants {
        st.execute(params![id, u.layer.table(), u.id])?;
    }
    Ok(())
}

fn to_json(d: &Drill) -> serde_json::Value {
    serde_json::to_value(d).unwrap_or_default()
}

impl Project {
    /// Every drill, planned and held, by id.
    pub fn drills(&self) -> Result<Vec<Drill>> {
        load(&self.conn, None)
    }

    pub fn drill(&self, id: FeatureId) -> Result<Option<Drill>> {
        Ok(load(&self.conn, Some(id))?.pop())
    }
}

impl Writer<'_> {
    /// Adds a drill (plan entry or record) and audits it.
    pub fn insert_drill(&mut self, d: &Drill) -> Result<FeatureId> {
        validate(&self.tx, d)?;
        self.check_drill_code(d)?;
        let id = DRILLS.insert(&self.tx, d.id, values(d))?;
        write_participants(&self.tx, d, id)?;
        self.touched.insert(TABLE);
        let stored = load(&self.tx, Some(id))?.pop();
        audit::record_json(
            &self.tx,
            self.operator,
            "insert",
            TABLE,
            Some(id),
            None,
            stored.as_ref().map(to_json).as_ref(),
        )?;
        Ok(id)
    }

    /// Replaces a drill (e.g. a plan entry becoming a record); returns it as it was.
    pub fn update_drill(&mut self, d: &Drill) -> Result<Drill> {
        let before = load(&self.tx, Some(d.id))?.pop().ok_or(StoreError::NoSuchFeature { layer: WHAT, id: d.id })?;
        validate(&self.tx, d)?;
        self.check_drill_code(d)?;
        DRILLS.update(&self.tx, d.id, values(d))?;
        write_participants(&self.tx, d, d.id)?;
        self.touched.insert(TABLE);
        audit::record_json(
            &self.tx,
            self.operator,
            "update",
            TABLE,
            Some(d.id),
            Some(&to_json(&before)),
            Some(&to_json(d)),
        )?;
        Ok(before)
    }

    fn check_drill_code(&self, d: &Drill) -> Result<()> {
        match DRILLS.code_owner(&self.tx, d.code.as_deref(), d.id)? {
            Some(existing) => {
                Err(StoreError::DuplicateCode { layer: WHAT, code: d.code.clone().unwrap_or_default(), existing })
            }
            None => Ok(()),
        }
    }

    pub fn delete_drill(&mut self, id: FeatureId) -> Result<Drill> {
        let before = load(&self.tx, Some(id))?.pop().ok_or(StoreError::NoSuchFeature { layer: WHAT, id })?;
        self.tx.execute("DELETE FROM drill_participants WHERE drill_fid = ?1", [id])?;
        DRILLS.delete(&self.tx, id)?;
        self.touched.insert(TABLE);
        audit::record_json(&self.tx, self.operator, "delete", TABLE, Some(id), Some(&to_json(&before)), None)?;
        Ok(before)
    }
}

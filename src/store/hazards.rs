//! The hazard ledger's tables: `hazards` (a point layer QGIS shows, one row per ledger item),
//! `hazard_entries` (progress and escalation notes) and `hazard_reinspections`.
//!
//! Lifecycle changes go only through [`Writer::hazard_step`], which applies the rules of
//! [`crate::model::hazard`] with the project operator as the actor and audits before/after;
//! [`Writer::update_hazard`] edits descriptive fields and refuses lifecycle changes.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::record_tables::{self, RecordTable, date, json, opt_text, point};
use super::rows::RowReader;
use super::{Project, Result, StoreError, Writer, audit, gpkg};
use crate::model::hazard::{EntryKind, HazardItem, LifecycleError, ProgressEntry, Reinspection, SupervisionGrade};
use crate::model::ledger_date::LedgerDate;
use crate::model::{FeatureId, Labelled, Layer, LonLat};

pub const TABLE: &str = "hazards";
const WHAT: &str = "重点隐患";

/// The ledger's own layout kept with the project, so an export looks like the sheet imported
/// (`SettingKey::HazardLedger`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LedgerSetting {
    /// The title row.
    pub title: String,
    /// Rows between the title and the header (填报单位, 日期 …), each as its cells' text.
    pub preamble: Vec<Vec<String>>,
    /// Rows between the items and the closing line (填表人, 审核人 …).
    pub footer: Vec<Vec<String>>,
    /// Columns of imported sheets OneMap keeps without understanding them, in order.
    pub extra_columns: Vec<String>,
    /// Days after which an open item without a progress entry is flagged (weekly reporting).
    pub progress_interval_days: u32,
}

impl Default for LedgerSetting {
    fn default() -> Self {
        Self {
            title: "重点隐患问题动态整改台账".into(),
            preamble: Vec::new(),
            footer: Vec::new(),
            extra_columns: Vec::new(),
            progress_interval_days: 7,
        }
    }
}

/// The schema step `hazards_v1`.
pub(super) fn migrate_v1(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE hazards (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom POINT,
           code TEXT UNIQUE,
           seq TEXT NOT NULL DEFAULT '',
           title TEXT NOT NULL,
           content TEXT NOT NULL DEFAULT '',
           found_on DATE,
           found_on_written TEXT,
           measures TEXT NOT NULL DEFAULT '',
           responsible TEXT NOT NULL DEFAULT '',
           supervisor_county TEXT NOT NULL DEFAULT '',
           supervisor_city TEXT NOT NULL DEFAULT '',
           deadline DATE,
           deadline_written TEXT,
           remark TEXT NOT NULL DEFAULT '',
           grade TEXT,
           status TEXT NOT NULL,
           district TEXT,
           enterprise_fid INTEGER REFERENCES enterprises(fid) ON DELETE SET NULL,
           position_from TEXT NOT NULL DEFAULT 'none',
           reported_by TEXT NOT NULL,
           rectified_on DATE,
           closed_on DATE,
           closed_by TEXT,
           attachments TEXT NOT NULL DEFAULT '[]',
           extra TEXT NOT NULL DEFAULT '[]',
           illustrative BOOLEAN NOT NULL DEFAULT 0
         );
         CREATE INDEX hazards_enterprise ON hazards(enterprise_fid);
         CREATE TABLE hazard_entries (
           id INTEGER PRIMARY KEY,
           hazard_fid INTEGER NOT NULL REFERENCES hazards(fid) ON DELETE CASCADE,
           kind TEXT NOT NULL,
           on_date DATE,
           text TEXT NOT NULL,
           recorded_by TEXT NOT NULL DEFAULT ''
         );
         CREATE INDEX hazard_entries_hazard ON hazard_entries(hazard_fid);
         CREATE TABLE hazard_reinspections (
           id INTEGER PRIMARY KEY,
           hazard_fid INTEGER NOT NULL REFERENCES hazards(fid) ON DELETE CASCADE,
           inspectors TEXT NOT NULL,
           on_date DATE NOT NULL,
           result TEXT NOT NULL,
           passed BOOLEAN NOT NULL
         );
         CREATE INDEX hazard_reinspections_hazard ON hazard_reinspections(hazard_fid);",
    )?;
    gpkg::register_feature_table(conn, TABLE, "POINT", "重点隐患 Key hazards", "key-hazard rectification ledger")
}

const HAZARDS: RecordTable = RecordTable { table: TABLE, columns: COLUMNS };

const COLUMNS: &[&str] = &[
    "code",
    "seq",
    "title",
    "content",
    "found_on",
    "found_on_written",
    "measures",
    "responsible",
    "supervisor_county",
    "supervisor_city",
    "deadline",
    "deadline_written",
    "remark",
    "grade",
    "status",
    "district",
    "enterprise_fid",
    "position_from",
    "reported_by",
    "rectified_on",
    "closed_on",
    "closed_by",
    "attachments",
    "extra",
    "illustrative",
];

/// The stored position: its own point, else the enterprise's position at the time of writing
/// (so GIS users see every item on the map), else none.
fn position(conn: &Connection, item: &HazardItem) -> Result<(Value, &'static str)> {
    if item.location.is_some() {
        return Ok((point(item.location), "point"));
    }
    if let Some(id) = item.enterprise {
        let Some(crate::model::Feature::Enterprises(e)) = super::tables::load_one(conn, Layer::Enterprises, id)? else {
            return Err(invalid(item, "enterprise", format!("no enterprise has id {id}")));
        };
        return Ok((point(Some(e.location)), "enterprise"));
    }
    Ok((Value::Null, "none"))
}

fn values(conn: &Connection, item: &HazardItem) -> Result<Vec<Value>> {
    let (geom, from) = position(conn, item)?;
    Ok(vec![
        geom,
        opt_text(item.code.as_deref()),
        Value::Text(item.seq.clone()),
        Value::Text(item.title.clone()),
        Value::Text(item.content.clone()),
        date(item.found_on.date),
        opt_text(item.found_on.written.as_deref()),
        Value::Text(item.measures.clone()),
        Value::Text(item.responsible.clone()),
        Value::Text(item.supervisor_county.clone()),
        Value::Text(item.supervisor_city.clone()),
        date(item.deadline.date),
        opt_text(item.deadline.written.as_deref()),
        Value::Text(item.remark.clone()),
        opt_text(item.grade.map(Labelled::zh)),
        Value::Text(item.status.zh().to_string()),
        opt_text(item.district.as_deref()),
        item.enterprise.map_or(Value::Null, Value::Integer),
        Value::Text(from.to_string()),
        Value::Text(item.reported_by.clone()),
        date(item.rectified_on),
        date(item.closed_on),
        opt_text(item.closed_by.as_deref()),
        json(&item.attachments),
        json(&item.extra),
        Value::Integer(i64::from(item.illustrative)),
    ])
}

fn from_row(r: &RowReader) -> Result<HazardItem> {
    let ledger_date = |d: &str, w: &str| -> Result<LedgerDate> {
        Ok(LedgerDate { date: r.opt_date(d)?, written: r.opt_nonempty(w)? })
    };
    let position_from = r.text("position_from")?;
    Ok(HazardItem {
        id: r.fid,
        code: r.opt_nonempty("code")?,
        seq: r.text("seq")?,
        title: r.text("title")?,
        content: r.text("content")?,
        found_on: ledger_date("found_on", "found_on_written")?,
        measures: r.text("measures")?,
        responsible: r.text("responsible")?,
        supervisor_county: r.text("supervisor_county")?,
        supervisor_city: r.text("supervisor_city")?,
        deadline: ledger_date("deadline", "deadline_written")?,
        remark: r.text("remark")?,
        grade: r.opt_nonempty("grade")?.map(|_| r.label::<SupervisionGrade>("grade")).transpose()?,
        status: r.label("status")?,
        district: r.opt_nonempty("district")?,
        enterprise: r.opt_i64("enterprise_fid")?,
        // A position copied from an enterprise is the enterprise's; if that enterprise was
        // deleted (its id set to NULL), the copy is the last known position.
        location: if position_from == "enterprise" && r.opt_i64("enterprise_fid")?.is_some() {
            None
        } else {
            r.opt_point()?
        },
        reported_by: r.text("reported_by")?,
        rectified_on: r.opt_date("rectified_on")?,
        closed_on: r.opt_date("closed_on")?,
        closed_by: r.opt_nonempty("closed_by")?,
        attachments: r.json("attachments")?,
        entries: Vec::new(),
        reinspections: Vec::new(),
        extra: r.json("extra")?,
        illustrative: r.bool("illustrative")?,
    })
}

fn load(conn: &Connection, only: Option<FeatureId>) -> Result<Vec<HazardItem>> {
    let mut items = HAZARDS.load(conn, only, from_row)?;
    let index: std::collections::HashMap<FeatureId, usize> = items.iter().enumerate().map(|(i, h)| (h.id, i)).collect();
    let mut st = conn.prepare_cached(&format!(
        "SELECT hazard_fid, kind, on_date, text, recorded_by FROM hazard_entries {} ORDER BY hazard_fid, id",
        record_tables::only("hazard_fid", only)
    ))?;
    let mut rows = st.query([only])?;
    while let Some(r) = rows.next()? {
        let fid: i64 = r.get(0)?;
        let bad = |field: &str, message: String| StoreError::BadValue {
            table: "hazard_entries".into(),
            fid,
            field: field.into(),
            message,
        };
        let kind: String = r.get(1)?;
        let on: Option<String> = r.get(2)?;
        let entry = ProgressEntry {
            kind: EntryKind::parse(&kind).map_err(|e| bad("kind", e.to_string()))?,
            on: on
                .map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| bad("on_date", format!("\"{s}\""))))
                .transpose()?,
            text: r.get(3)?,
            by: r.get(4)?,
        };
        if let Some(&i) = index.get(&fid)
            && let Some(item) = items.get_mut(i)
        {
            item.entries.push(entry);
        }
    }
    let mut st = conn.prepare_cached(&format!(
        "SELECT hazard_fid, inspectors, on_date, result, passed FROM hazard_reinspections {} ORDER BY hazard_fid, id",
        record_tables::only("hazard_fid", only)
    ))?;
    let mut rows = st.query([only])?;
    while let Some(r) = rows.next()? {
        let fid: i64 = r.get(0)?;
        let on: String = r.get(2)?;
        let on = NaiveDate::parse_from_str(&on, "%Y-%m-%d").map_err(|_| StoreError::BadValue {
            table: "hazard_reinspections".into(),
            fid,
            field: "on_date".into(),
            message: format!("\"{on}\" is not a date"),
        })?;
        let re = Reinspection { inspectors: r.get(1)?, on, result: r.get(3)?, passed: r.get(4)? };
        if let Some(&i) = index.get(&fid)
            && let Some(item) = items.get_mut(i)
        {
            item.reinspections.push(re);
        }
    }
    Ok(items)
}

fn write_children(conn: &Connection, item: &HazardItem, id: FeatureId) -> Result<()> {
    conn.execute("DELETE FROM hazard_entries WHERE hazard_fid = ?1", [id])?;
    conn.execute("DELETE FROM hazard_reinspections WHERE hazard_fid = ?1", [id])?;
    let mut st = conn.prepare_cached(
        "INSERT INTO hazard_entries (hazard_fid, kind, on_date, text, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for e in &item.entries {
        st.execute(params![id, e.kind.zh(), date(e.on), e.text, e.by])?;
    }
    let mut st = conn.prepare_cached(
        "INSERT INTO hazard_reinspections (hazard_fid, inspectors, on_date, result, passed) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for r in &item.reinspections {
        st.execute(params![id, r.inspectors, date(Some(r.on)), r.result, r.passed])?;
    }
    Ok(())
}

fn invalid(item: &HazardItem, field: &'static str, message: String) -> StoreError {
    StoreError::Invalid { layer: WHAT, name: item.title.clone(), field, message }
}

fn lifecycle(item: &HazardItem, e: LifecycleError) -> StoreError {
    invalid(item, e.field(), e.to_string())
}

fn validate(item: &HazardItem) -> Result<()> {
    item.check_consistent().map_err(|e| lifecycle(item, e))?;
    if let Some(p) = item.location.and_then(LonLat::problem) {
        return Err(invalid(item, "location", p));
    }
    if item.reported_by.trim().is_empty() {
        return Err(invalid(item, "reported_by", "is empty".into()));
    }
    Ok(())
}

fn to_json(item: &HazardItem) -> serde_json::Value {
    serde_json::to_value(item).unwrap_or_default()
}

impl Project {
    /// Every ledger item, in ledger order (by id).
    pub fn hazards(&self) -> Result<Vec<HazardItem>> {
        load(&self.conn, None)
    }

    /// One ledger item, or `None`.
    pub fn hazard(&self, id: FeatureId) -> Result<Option<HazardItem>> {
        Ok(load(&self.conn, Some(id))?.pop())
    }
}

/// A lifecycle step on one item; the actor is always the project operator.
#[derive(Debug, Clone, PartialEq)]
pub enum HazardStep {
    /// 待整改 → 整改中.
    Start,
    /// A dated progress entry (an item still 待整改 becomes 整改中).
    Progress { on: NaiveDate, text: String },
    /// 升级督办: a higher grade and/or the city committee taking over, with a note.
    Escalate { on: NaiveDate, grade: Option<SupervisionGrade>, to_city: Option<String>, note: String },
    /// Rectification reported complete → 已整改待复查.
    Rectified { on: NaiveDate },
    /// A re-inspection; a failed one returns the item to 整改中.
    Reinspect(Reinspection),
    /// 销号 by the operator, who must not be the reporter.
    Close { on: NaiveDate },
}

impl HazardStep {
    /// The audit action name.
    pub fn action(&self) -> &'static str {
        match self {
            HazardStep::Start => "hazard.start",
            HazardStep::Progress { .. } => "hazard.progress",
            HazardStep::Escalate { .. } => "hazard.escalate",
            HazardStep::Rectified { .. } => "hazard.rectified",
            HazardStep::Reinspect(_) => "hazard.reinspect",
            HazardStep::Close { .. } => "hazard.close",
        }
    }
}

impl Writer<'_> {
    /// Adds a ledger item and audits it. The reporter defaults to the operator.
    pub fn insert_hazard(&mut self, item: &HazardItem) -> Result<FeatureId> {
        let id = self.insert_hazard_unaudited(item)?;
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

    /// Adds an item without its own audit row (imports audit the batch).
    pub fn insert_hazard_unaudited(&mut self, item: &HazardItem) -> Result<FeatureId> {
        let mut item = item.clone();
        if item.reported_by.trim().is_empty() {
            item.reported_by = self.operator.to_string();
        }
        validate(&item)?;
        self.check_hazard_code(&item)?;
        let id = HAZARDS.insert(&self.tx, item.id, values(&self.tx, &item)?)?;
        write_children(&self.tx, &item, id)?;
        self.touched.insert(TABLE);
        Ok(id)
    }

    /// Edits an item's descriptive fields (content, measures, deadline, position …). Lifecycle
    /// fields (status, dates of rectification and close-out, reporter, re-inspections and
    /// entries) can only change through [`Writer::hazard_step`]. Returns the item before.
    pub fn update_hazard(&mut self, item: &HazardItem) -> Result<HazardItem> {
        let before = self.load_hazard(item.id)?;
        let lifecycle_changed = before.status != item.status
            || before.rectified_on != item.rectified_on
            || before.closed_on != item.closed_on
            || before.closed_by != item.closed_by
            || before.reported_by != item.reported_by
            || before.reinspections != item.reinspections
            || before.entries != item.entries;
        if lifecycle_changed {
            return Err(invalid(
                item,
                "status",
                "lifecycle fields change only through its steps (start, progress, rectified, reinspect, close)".into(),
            ));
        }
        self.rewrite(item, "update", &before)?;
        Ok(before)
    }

    /// Applies a lifecycle step with the operator as actor; returns the item after it.
    pub fn hazard_step(&mut self, id: FeatureId, step: &HazardStep) -> Result<HazardItem> {
        let before = self.load_hazard(id)?;
        let mut item = before.clone();
        let by = self.operator.to_string();
        let result = match step {
            HazardStep::Start => item.start(),
            HazardStep::Progress { on, text } => item.add_progress(*on, text, &by),
            HazardStep::Escalate { on, grade, to_city, note } => {
                item.escalate(*on, *grade, to_city.as_deref(), note, &by)
            }
            HazardStep::Rectified { on } => item.mark_rectified(*on),
            HazardStep::Reinspect(r) => item.reinspect(r.clone()),
            HazardStep::Close { on } => item.close(*on, &by),
        };
        if let Err(e) = result {
            return Err(lifecycle(&item, e));
        }
        self.rewrite(&item, step.action(), &before)?;
        Ok(item)
    }

    /// Deletes an item with its entries; returns it.
    pub fn delete_hazard(&mut self, id: FeatureId) -> Result<HazardItem> {
        let before = self.load_hazard(id)?;
        self.tx.execute("DELETE FROM hazard_entries WHERE hazard_fid = ?1", [id])?;
        self.tx.execute("DELETE FROM hazard_reinspections WHERE hazard_fid = ?1", [id])?;
        HAZARDS.delete(&self.tx, id)?;
        self.touched.insert(TABLE);
        audit::record_json(&self.tx, self.operator, "delete", TABLE, Some(id), Some(&to_json(&before)), None)?;
        Ok(before)
    }

    fn load_hazard(&self, id: FeatureId) -> Result<HazardItem> {
        load(&self.tx, Some(id))?.pop().ok_or(StoreError::NoSuchFeature { layer: WHAT, id })
    }

    fn rewrite(&mut self, item: &HazardItem, action: &str, before: &HazardItem) -> Result<()> {
        validate(item)?;
        self.check_hazard_code(item)?;
        HAZARDS.update(&self.tx, item.id, values(&self.tx, item)?)?;
        write_children(&self.tx, item, item.id)?;
        self.touched.insert(TABLE);
        let after = load(&self.tx, Some(item.id))?.pop();
        audit::record_json(
            &self.tx,
            self.operator,
            action,
            TABLE,
            Some(item.id),
            Some(&to_json(before)),
            after.as_ref().map(to_json).as_ref(),
        )
    }

    fn check_hazard_code(&self, item: &HazardItem) -> Result<()> {
        match HAZARDS.code_owner(&self.tx, item.code.as_deref(), item.id)? {
            Some(existing) => {
                Err(StoreError::DuplicateCode { layer: WHAT, code: item.code.clone().unwrap_or_default(), existing })
            }
            None => Ok(()),
        }
    }
}

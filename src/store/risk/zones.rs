//! Risk zones, registered points and the enterprise's overall level: reading, and writing with
//! audit rows. Every zone write re-derives the enterprise's level (its worst zone) unless a
//! person set it explicitly, so `enterprises.risk_level` — what the map, the summary and every
//! other feature read — always follows the rule.

use std::collections::HashMap;

use geo_types::Geometry;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

use super::super::rows::RowReader;
use super::super::{Project, Result, StoreError, Writer, audit, gpkg, tables};
use crate::model::lec::Lec;
use crate::model::risk_zones::{LevelOverride, OverallLevel, RiskPoint, RiskZone, overall_level, worst_level};
use crate::model::{Feature, FeatureId, Labelled, Layer, RiskLevel};

const ZONE_COLUMNS: &[&str] = &[
    "enterprise_fid",
    "name",
    "kind",
    "risk_level",
    "lec_l",
    "lec_e",
    "lec_c",
    "lec_d",
    "hazard",
    "measures",
    "responsible",
    "phone",
    "illustrative",
    "note",
];

const POINT_COLUMNS: &[&str] =
    &["enterprise_fid", "kind", "name", "grade", "detail", "responsible", "phone", "illustrative", "note"];

/// What the audit log and messages call the two tables.
const ZONES: &str = "风险区域";
const POINTS: &str = "风险点";

fn select(table: &str, columns: &[&str], filter: &str) -> String {
    format!("SELECT fid, geom, {} FROM {table} {filter} ORDER BY enterprise_fid, fid", columns.join(", "))
}

fn zone_from_row(r: &RowReader) -> Result<RiskZone> {
    let lec = match (r.opt_f64("lec_l")?, r.opt_f64("lec_e")?, r.opt_f64("lec_c")?) {
        (None, None, None) => None,
        (Some(l), Some(e), Some(c)) => Some(Lec::new(l, e, c).map_err(|e| r.err("lec", e.to_string()))?),
        _ => return Err(r.err("lec_l", "has only some of the LEC factors L, E, C")),
    };
    Ok(RiskZone {
        id: r.fid,
        enterprise_id: r.opt_i64("enterprise_fid")?.unwrap_or(0),
        name: r.text("name")?,
        kind: r.text("kind")?,
        level: r.label("risk_level")?,
        lec,
        hazard: r.text("hazard")?,
        measures: r.text("measures")?,
        responsible: r.text("responsible")?,
        phone: r.text("phone")?,
        outline: r.opt_multipolygon()?.ok_or_else(|| r.err("geom", "has no outline"))?,
        illustrative: r.bool("illustrative")?,
        note: r.text("note")?,
    })
}

fn point_from_row(r: &RowReader) -> Result<RiskPoint> {
    let grade = r
        .opt_i64("grade")?
        .map(|g| u8::try_from(g).map_err(|_| r.err("grade", format!("{g} is not a grade 1–4"))))
        .transpose()?;
    Ok(RiskPoint {
        id: r.fid,
        enterprise_id: r.opt_i64("enterprise_fid")?.unwrap_or(0),
        kind: r.label("kind")?,
        name: r.text("name")?,
        grade,
        detail: r.text("detail")?,
        responsible: r.text("responsible")?,
        phone: r.text("phone")?,
        location: r.point()?,
        illustrative: r.bool("illustrative")?,
        note: r.text("note")?,
    })
}

/// Rows of a risk layer matching `filter` (with `?1` bound to `arg` when given).
fn load_rows<T>(
    conn: &Connection,
    table: &'static str,
    columns: &'static [&'static str],
    filter: &str,
    arg: Option<i64>,
    make: fn(&RowReader) -> Result<T>,
) -> Result<Vec<T>> {
    let mut st = conn.prepare(&select(table, columns, filter))?;
    let mut rows = match arg {
        Some(a) => st.query([a])?,
        None => st.query([])?,
    };
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let fid: i64 = row.get(0)?;
        out.push(make(&RowReader { row, table, fid, columns })?);
    }
    Ok(out)
}

fn by_enterprise(enterprise: Option<FeatureId>) -> &'static str {
    if enterprise.is_some() { "WHERE enterprise_fid = ?1" } else { "" }
}

pub(in crate::store) fn load_zones(conn: &Connection, enterprise: Option<FeatureId>) -> Result<Vec<RiskZone>> {
    load_rows(conn, "risk_zones", ZONE_COLUMNS, by_enterprise(enterprise), enterprise, zone_from_row)
}

pub(in crate::store) fn load_points(conn: &Connection, enterprise: Option<FeatureId>) -> Result<Vec<RiskPoint>> {
    load_rows(conn, "risk_points", POINT_COLUMNS, by_enterprise(enterprise), enterprise, point_from_row)
}

fn load_override(conn: &Connection, enterprise: FeatureId) -> Result<Option<LevelOverride>> {
    Ok(conn
        .query_row(
            "SELECT reason, set_by, set_at FROM risk_level_overrides WHERE enterprise_fid = ?1",
            [enterprise],
            |r| Ok(LevelOverride { reason: r.get(0)?, set_by: r.get(1)?, set_at: r.get(2)? }),
        )
        .optional()?)
}

fn load_enterprise(conn: &Connection, id: FeatureId) -> Result<crate::model::Enterprise> {
    match tables::load_one(conn, Layer::Enterprises, id)? {
        Some(Feature::Enterprises(e)) => Ok(e),
        _ => Err(StoreError::NoSuchFeature { layer: Layer::Enterprises.zh(), id }),
    }
}

fn zone_values(z: &RiskZone) -> Vec<Value> {
    let text = |s: &str| Value::Text(s.to_string());
    let real = |v: Option<f64>| v.map_or(Value::Null, Value::Real);
    vec![
        Value::Integer(z.enterprise_id),
        text(z.name.trim()),
        text(&z.kind),
        text(z.level.zh()),
        real(z.lec.map(|l| l.l)),
        real(z.lec.map(|l| l.e)),
        real(z.lec.map(|l| l.c)),
        real(z.lec.map(|l| l.d())),
        text(&z.hazard),
        text(&z.measures),
        text(&z.responsible),
        text(&z.phone),
        Value::Integer(i64::from(z.illustrative)),
        text(&z.note),
    ]
}

fn point_values(p: &RiskPoint) -> Vec<Value> {
    let text = |s: &str| Value::Text(s.to_string());
    vec![
        Value::Integer(p.enterprise_id),
        text(p.kind.zh()),
        text(p.name.trim()),
        p.grade.map_or(Value::Null, |g| Value::Integer(i64::from(g))),
        text(&p.detail),
        text(&p.responsible),
        text(&p.phone),
        Value::Integer(i64::from(p.illustrative)),
        text(&p.note),
    ]
}

/// Inserts a row of a risk layer (`id` ≤ 0 for a new fid); returns its fid.
fn insert_row(
    conn: &Connection,
    table: &str,
    columns: &[&str],
    id: i64,
    geom: &Geometry<f64>,
    values: Vec<Value>,
) -> Result<i64> {
    let marks = (1..=columns.len() + 2).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    let sql = format!("INSERT INTO {table} (fid, geom, {}) VALUES ({marks})", columns.join(", "));
    let fid = if id > 0 { Value::Integer(id) } else { Value::Null };
    let mut p = vec![fid, Value::Blob(gpkg::encode(geom, gpkg::SRS_WGS84))];
    p.extend(values);
    conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(p))?;
    Ok(conn.last_insert_rowid())
}

fn update_sql(table: &str, columns: &[&str]) -> String {
    let sets = columns.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 3)).collect::<Vec<_>>().join(", ");
    format!("UPDATE {table} SET geom = ?2, {sets} WHERE fid = ?1")
}

fn to_json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// Refuses a generic edit that changes the level of an enterprise whose level follows its zones
/// or was set explicitly: that goes through `set_level_override`, with a reason.
pub(in crate::store) fn check_level_edit(conn: &Connection, e: &crate::model::Enterprise) -> Result<()> {
    let Some(Feature::Enterprises(stored)) = tables::load_one(conn, Layer::Enterprises, e.id)? else { return Ok(()) };
    if stored.risk == e.risk {
        return Ok(());
    }
    let invalid = |message: String| StoreError::Invalid {
        layer: Layer::Enterprises.zh(),
        name: e.name.clone(),
        field: "risk_level",
        message,
    };
    if load_override(conn, e.id)?.is_some() {
        return Err(invalid(format!(
            "was set explicitly to {}; change it with an explicit level and a reason (onemap risk set-level)",
            stored.risk
        )));
    }
    if let Some(worst) = worst_level(&load_zones(conn, Some(e.id))?) {
        return Err(invalid(format!(
            "follows the enterprise's risk zones (worst: {worst}); to differ, set it explicitly with a reason \
             (onemap risk set-level)"
        )));
    }
    Ok(())
}

impl Project {
    /// The zones of one enterprise, or of all, ordered by enterprise then id.
    pub fn risk_zones(&self, enterprise: Option<FeatureId>) -> Result<Vec<RiskZone>> {
        load_zones(&self.conn, enterprise)
    }

    /// The registered points (重大危险源, 有限空间) of one enterprise, or of all.
    pub fn risk_points(&self, enterprise: Option<FeatureId>) -> Result<Vec<RiskPoint>> {
        load_points(&self.conn, enterprise)
    }

    /// Every explicit level override, by enterprise.
    pub fn level_overrides(&self) -> Result<HashMap<FeatureId, LevelOverride>> {
        let mut st = self.conn.prepare("SELECT enterprise_fid, reason, set_by, set_at FROM risk_level_overrides")?;
        let rows = st.query_map([], |r| {
            Ok((r.get(0)?, LevelOverride { reason: r.get(1)?, set_by: r.get(2)?, set_at: r.get(3)? }))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An enterprise's overall level and why.
    pub fn overall_level(&self, enterprise: FeatureId) -> Result<OverallLevel> {
        let e = load_enterprise(&self.conn, enterprise)?;
        let zones = load_zones(&self.conn, Some(enterprise))?;
        Ok(overall_level(e.risk, load_override(&self.conn, enterprise)?.as_ref(), &zones))
    }
}

impl Writer<'_> {
    fn zone_invalid(z: &RiskZone, field: &'static str, message: impl Into<String>) -> StoreError {
        StoreError::Invalid { layer: ZONES, name: z.name.clone(), field, message: message.into() }
    }

    fn check_zone(&self, z: &RiskZone) -> Result<()> {
        z.check().map_err(|p| Self::zone_invalid(z, p.field, p.message))?;
        load_enterprise(&self.tx, z.enterprise_id)?;
        let clash: Option<i64> = self
            .tx
            .query_row(
                "SELECT fid FROM risk_zones WHERE enterprise_fid = ?1 AND name = ?2 AND fid != ?3",
                params![z.enterprise_id, z.name.trim(), z.id],
                |r| r.get(0),
            )
            .optional()?;
        match clash {
            Some(other) => Err(Self::zone_invalid(
                z,
                "name",
                format!("enterprise {} already has a zone with this name (zone {other})", z.enterprise_id),
            )),
            None => Ok(()),
        }
    }

    /// Adds a zone without an audit row of its own (imports audit once per file) and without
    /// re-deriving the level: call [`sync_enterprise_level`](Self::sync_enterprise_level) after.
    pub fn insert_zone_unaudited(&mut self, z: &RiskZone) -> Result<i64> {
        self.check_zone(z)?;
        self.touched.insert("risk_zones");
        let geom = Geometry::MultiPolygon(z.outline.clone());
        insert_row(&self.tx, "risk_zones", ZONE_COLUMNS, z.id, &geom, zone_values(z))
    }

    /// Adds a zone (id ≤ 0 for a new id), audits it and re-derives the enterprise's level.
    pub fn insert_zone(&mut self, z: &RiskZone) -> Result<i64> {
        let id = self.insert_zone_unaudited(z)?;
        let stored = RiskZone { id, ..z.clone() };
        audit::record_json(&self.tx, self.operator, "insert", "risk_zones", Some(id), None, Some(&to_json(&stored)))?;
        self.sync_enterprise_level(z.enterprise_id)?;
        Ok(id)
    }

    /// Replaces a zone; returns what it was.
    pub fn update_zone(&mut self, z: &RiskZone) -> Result<RiskZone> {
        let before = self.zone(z.id)?;
        self.check_zone(z)?;
        self.touched.insert("risk_zones");
        let mut p = vec![
            Value::Integer(z.id),
            Value::Blob(gpkg::encode(&Geometry::MultiPolygon(z.outline.clone()), gpkg::SRS_WGS84)),
        ];
        p.extend(zone_values(z));
        self.tx.prepare_cached(&update_sql("risk_zones", ZONE_COLUMNS))?.execute(rusqlite::params_from_iter(p))?;
        audit::record_json(
            &self.tx,
            self.operator,
            "update",
            "risk_zones",
            Some(z.id),
            Some(&to_json(&before)),
            Some(&to_json(z)),
        )?;
        self.sync_enterprise_level(z.enterprise_id)?;
        if before.enterprise_id != z.enterprise_id {
            self.sync_enterprise_level(before.enterprise_id)?;
        }
        Ok(before)
    }

    /// Deletes a zone; returns what it was.
    pub fn delete_zone(&mut self, id: i64) -> Result<RiskZone> {
        let before = self.zone(id)?;
        self.touched.insert("risk_zones");
        self.tx.execute("DELETE FROM risk_zones WHERE fid = ?1", [id])?;
        audit::record_json(&self.tx, self.operator, "delete", "risk_zones", Some(id), Some(&to_json(&before)), None)?;
        self.sync_enterprise_level(before.enterprise_id)?;
        Ok(before)
    }

    fn zone(&self, id: i64) -> Result<RiskZone> {
        load_rows(&self.tx, "risk_zones", ZONE_COLUMNS, "WHERE fid = ?1", Some(id), zone_from_row)?
            .pop()
            .ok_or(StoreError::NoSuchFeature { layer: ZONES, id })
    }

    /// Makes the enterprise's stored level its worst zone, unless it has an explicit override or
    /// no zones. Returns (before, after) when it changed; the change is audited as an update.
    pub fn sync_enterprise_level(&mut self, enterprise: FeatureId) -> Result<Option<(RiskLevel, RiskLevel)>> {
        if load_override(&self.tx, enterprise)?.is_some() {
            return Ok(None);
        }
        let Some(worst) = worst_level(&load_zones(&self.tx, Some(enterprise))?) else { return Ok(None) };
        let mut e = load_enterprise(&self.tx, enterprise)?;
        if e.risk == worst {
            return Ok(None);
        }
        let before = e.risk;
        e.risk = worst;
        self.update_unguarded(&Feature::Enterprises(e))?;
        Ok(Some((before, worst)))
    }

    /// Sets an enterprise's overall level by hand, overriding its zones until cleared. A reason
    /// is required: it is shown beside the level wherever the override is.
    pub fn set_level_override(&mut self, enterprise: FeatureId, level: RiskLevel, reason: &str) -> Result<()> {
        let mut e = load_enterprise(&self.tx, enterprise)?;
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid {
                layer: Layer::Enterprises.zh(),
                name: e.name,
                field: "reason",
                message: "an explicit level needs a reason (e.g. 专家会审意见)".into(),
            });
        }
        let before = load_override(&self.tx, enterprise)?;
        let o = LevelOverride {
            reason: reason.trim().to_string(),
            set_by: self.operator.to_string(),
            set_at: audit::now(),
        };
        self.tx.execute(
            "INSERT INTO risk_level_overrides (enterprise_fid, reason, set_by, set_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(enterprise_fid) DO UPDATE SET reason = excluded.reason, set_by = excluded.set_by,
               set_at = excluded.set_at",
            params![enterprise, o.reason, o.set_by, o.set_at],
        )?;
        let after = serde_json::json!({ "level": level.key(), "override": o });
        audit::record_json(
            &self.tx,
            self.operator,
            "set_level_override",
            "risk_level_overrides",
            Some(enterprise),
            before.map(|b| to_json(&b)).as_ref(),
            Some(&after),
        )?;
        if e.risk != level {
            e.risk = level;
            self.update_unguarded(&Feature::Enterprises(e))?;
        }
        Ok(())
    }

    /// Removes an explicit level: the enterprise's level follows its zones again (or stays as
    /// it is when it has none). Returns whether there was an override.
    pub fn clear_level_override(&mut self, enterprise: FeatureId) -> Result<bool> {
        load_enterprise(&self.tx, enterprise)?;
        let Some(before) = load_override(&self.tx, enterprise)? else { return Ok(false) };
        self.tx.execute("DELETE FROM risk_level_overrides WHERE enterprise_fid = ?1", [enterprise])?;
        audit::record_json(
            &self.tx,
            self.operator,
            "clear_level_override",
            "risk_level_overrides",
            Some(enterprise),
            Some(&to_json(&before)),
            None,
        )?;
        self.sync_enterprise_level(enterprise)?;
        Ok(true)
    }

    fn check_point(&self, p: &RiskPoint) -> Result<()> {
        let invalid = |field: &'static str, message: String| StoreError::Invalid {
            layer: POINTS,
            name: p.name.clone(),
            field,
            message,
        };
        p.check().map_err(|e| invalid(e.field, e.message))?;
        load_enterprise(&self.tx, p.enterprise_id)?;
        let clash: Option<i64> = self
            .tx
            .query_row(
                "SELECT fid FROM risk_points WHERE enterprise_fid = ?1 AND kind = ?2 AND name = ?3 AND fid != ?4",
                params![p.enterprise_id, p.kind.zh(), p.name.trim(), p.id],
                |r| r.get(0),
            )
            .optional()?;
        match clash {
            Some(other) => Err(invalid(
                "name",
                format!("enterprise {} already has a {} with this name (point {other})", p.enterprise_id, p.kind),
            )),
            None => Ok(()),
        }
    }

    /// Adds a 重大危险源 or 有限空间 point without an audit row of its own (for imports).
    pub fn insert_point_unaudited(&mut self, p: &RiskPoint) -> Result<i64> {
        self.check_point(p)?;
        self.touched.insert("risk_points");
        insert_row(
            &self.tx,
            "risk_points",
            POINT_COLUMNS,
            p.id,
            &Geometry::Point(p.location.to_point()),
            point_values(p),
        )
    }

    /// Adds a registered point and audits it.
    pub fn insert_point(&mut self, p: &RiskPoint) -> Result<i64> {
        let id = self.insert_point_unaudited(p)?;
        let stored = RiskPoint { id, ..p.clone() };
        audit::record_json(&self.tx, self.operator, "insert", "risk_points", Some(id), None, Some(&to_json(&stored)))?;
        Ok(id)
    }

    /// Deletes a registered point; returns what it was.
    pub fn delete_point(&mut self, id: i64) -> Result<RiskPoint> {
        let before = load_rows(&self.tx, "risk_points", POINT_COLUMNS, "WHERE fid = ?1", Some(id), point_from_row)?
            .pop()
            .ok_or(StoreError::NoSuchFeature { layer: POINTS, id })?;
        self.touched.insert("risk_points");
        self.tx.execute("DELETE FROM risk_points WHERE fid = ?1", [id])?;
        audit::record_json(&self.tx, self.operator, "delete", "risk_points", Some(id), Some(&to_json(&before)), None)?;
        Ok(before)
    }
}

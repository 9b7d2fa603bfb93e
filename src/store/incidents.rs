//! The incident log: each incident (a GeoPackage point layer `incidents`, so QGIS shows where
//! they happened) with the units dispatched and the materials asked for, written in one
//! audited transaction. The full answer is kept as JSON beside the rows so a later version can
//! show exactly what the operator saw.

use geo_types::Geometry;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::{Project, Result, StoreError, Writer, audit, gpkg};
use crate::model::{FeatureId, Labelled, Layer, LonLat};

/// The schema step `incidents_v1`.
pub(super) fn create_tables(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE incidents (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom POINT,
           kind TEXT NOT NULL,
           kind_key TEXT NOT NULL DEFAULT '',
           reported_at TEXT NOT NULL,
           logged_at TEXT NOT NULL,
           operator TEXT NOT NULL DEFAULT '',
           address TEXT NOT NULL DEFAULT '',
           note TEXT NOT NULL DEFAULT '',
           travel TEXT NOT NULL DEFAULT '',
           estimate BOOLEAN NOT NULL DEFAULT 1,
           shortfall BOOLEAN NOT NULL DEFAULT 0,
           plan TEXT NOT NULL DEFAULT '{}'
         );
         CREATE TABLE incident_units (
           incident_fid INTEGER NOT NULL REFERENCES incidents(fid) ON DELETE CASCADE,
           seq INTEGER NOT NULL,
           layer TEXT NOT NULL,
           unit_fid INTEGER NOT NULL,
           name TEXT NOT NULL,
           reason TEXT NOT NULL DEFAULT '',
           distance_m REAL,
           eta_s REAL,
           estimate BOOLEAN NOT NULL DEFAULT 1,
           PRIMARY KEY (incident_fid, seq)
         );
         CREATE TABLE incident_materials (
           incident_fid INTEGER NOT NULL REFERENCES incidents(fid) ON DELETE CASCADE,
           seq INTEGER NOT NULL,
           item TEXT NOT NULL,
           unit TEXT NOT NULL DEFAULT '',
           required REAL NOT NULL,
           supplied REAL NOT NULL,
           shortfall REAL NOT NULL,
           PRIMARY KEY (incident_fid, seq)
         );",
    )?;
    gpkg::register_feature_table(conn, "incidents", "POINT", "事故 Incidents", "incidents and the dispatch chosen")
}

/// A unit as dispatched (names are copied: the log outlives edits to the layers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DispatchedUnit {
    pub layer: Layer,
    pub unit_id: FeatureId,
    pub name: String,
    pub reason: String,
    pub distance_m: f64,
    pub eta_s: Option<f64>,
    pub estimate: bool,
}

/// A material line of a dispatch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaterialLine {
    pub item: String,
    pub unit: String,
    pub required: f64,
    pub supplied: f64,
    pub shortfall: f64,
}

/// One incident and what was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentLog {
    /// Incident type (火灾) and its key (fire).
    pub kind: String,
    pub kind_key: String,
    pub at: LonLat,
    /// RFC 3339.
    pub reported_at: String,
    pub address: String,
    pub note: String,
    /// How travel times were obtained.
    pub travel: String,
    pub estimate: bool,
    pub shortfall: bool,
    pub units: Vec<DispatchedUnit>,
    pub materials: Vec<MaterialLine>,
    /// The full answer as shown.
    pub plan: serde_json::Value,
}

/// A logged incident as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoggedIncident {
    pub id: FeatureId,
    pub logged_at: String,
    pub operator: String,
    #[serde(flatten)]
    pub log: IncidentLog,
}

impl Writer<'_> {
    /// Stores an incident with its dispatch and an audit row; returns its id.
    pub fn log_incident(&mut self, log: &IncidentLog) -> Result<FeatureId> {
        if let Some(problem) = log.at.problem() {
            return Err(StoreError::Invalid {
                layer: "事故",
                name: log.kind.clone(),
                field: "location",
                message: problem,
            });
        }
        if log.kind.trim().is_empty() {
            return Err(StoreError::Invalid {
                layer: "事故",
                name: String::new(),
                field: "kind",
                message: "an incident needs a type".into(),
            });
        }
        let blob = gpkg::encode(&Geometry::Point(log.at.to_point()), gpkg::SRS_WGS84);
        self.tx.execute(
            "INSERT INTO incidents (geom, kind, kind_key, reported_at, logged_at, operator, address, note, travel,
                                    estimate, shortfall, plan)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                blob,
                log.kind,
                log.kind_key,
                log.reported_at,
                audit::now(),
                self.operator,
                log.address,
                log.note,
                log.travel,
                log.estimate,
                log.shortfall,
                log.plan.to_string()
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        for (seq, u) in log.units.iter().enumerate() {
            self.tx.execute(
                "INSERT INTO incident_units (incident_fid, seq, layer, unit_fid, name, reason, distance_m, eta_s, estimate)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![id, seq as i64, u.layer.key(), u.unit_id, u.name, u.reason, u.distance_m, u.eta_s, u.estimate],
            )?;
        }
        for (seq, m) in log.materials.iter().enumerate() {
            self.tx.execute(
                "INSERT INTO incident_materials (incident_fid, seq, item, unit, required, supplied, shortfall)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, seq as i64, m.item, m.unit, m.required, m.supplied, m.shortfall],
            )?;
        }
        self.touched.insert("incidents");
        let summary = serde_json::json!({
            "kind": log.kind,
            "lon": log.at.lon,
            "lat": log.at.lat,
            "reported_at": log.reported_at,
            "units": log.units.iter().map(|u| format!("{}:{}", u.layer.key(), u.unit_id)).collect::<Vec<_>>(),
            "shortfall": log.shortfall,
        });
        audit::record_json(&self.tx, self.operator, "dispatch", "incidents", Some(id), None, Some(&summary))?;
        Ok(id)
    }
}

impl Project {
    /// Every logged incident, newest first.
    pub fn incidents(&self) -> Result<Vec<LoggedIncident>> {
        let mut st = self.conn.prepare(
            "SELECT fid, geom, kind, kind_key, reported_at, logged_at, operator, address, note, travel, estimate,
                    shortfall, plan
             FROM incidents ORDER BY fid DESC",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<Vec<u8>>>(1)?,
                LoggedIncident {
                    id: r.get(0)?,
                    logged_at: r.get(5)?,
                    operator: r.get(6)?,
                    log: IncidentLog {
                        kind: r.get(2)?,
                        kind_key: r.get(3)?,
                        at: LonLat::new(f64::NAN, f64::NAN),
                        reported_at: r.get(4)?,
                        address: r.get(7)?,
                        note: r.get(8)?,
                        travel: r.get(9)?,
                        estimate: r.get(10)?,
                        shortfall: r.get(11)?,
                        units: Vec::new(),
                        materials: Vec::new(),
                        plan: serde_json::from_str(&r.get::<_, String>(12)?).unwrap_or(serde_json::Value::Null),
                    },
                },
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (fid, blob, mut inc) = row?;
            let bad = |message: String| StoreError::BadValue {
                table: "incidents".into(),
                fid,
                field: "geom".into(),
                message,
            };
            inc.log.at = match blob.as_deref().map(gpkg::decode) {
                Some(Ok(Some(Geometry::Point(p)))) => LonLat::from_point(p),
                Some(Err(e)) => return Err(bad(e.to_string())),
                _ => return Err(bad("is not a point".into())),
            };
            inc.log.units = units_of(&self.conn, fid)?;
            inc.log.materials = materials_of(&self.conn, fid)?;
            out.push(inc);
        }
        Ok(out)
    }
}

fn units_of(conn: &Connection, fid: FeatureId) -> Result<Vec<DispatchedUnit>> {
    let mut st = conn.prepare(
        "SELECT layer, unit_fid, name, reason, distance_m, eta_s, estimate FROM incident_units
         WHERE incident_fid = ?1 ORDER BY seq",
    )?;
    let rows = st.query_map([fid], |r| {
        Ok((
            r.get::<_, String>(0)?,
            DispatchedUnit {
                layer: Layer::Stations,
                unit_id: r.get(1)?,
                name: r.get(2)?,
                reason: r.get(3)?,
                distance_m: r.get::<_, Option<f64>>(4)?.unwrap_or(f64::NAN),
                eta_s: r.get(5)?,
                estimate: r.get(6)?,
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (layer, mut u) = row?;
        u.layer = Layer::parse(&layer).map_err(|e| StoreError::BadValue {
            table: "incident_units".into(),
            fid,
            field: "layer".into(),
            message: e.to_string(),
        })?;
        out.push(u);
    }
    Ok(out)
}

fn materials_of(conn: &Connection, fid: FeatureId) -> Result<Vec<MaterialLine>> {
    let mut st = conn.prepare(
        "SELECT item, unit, required, supplied, shortfall FROM incident_materials WHERE incident_fid = ?1 ORDER BY seq",
    )?;
    let rows = st.query_map([fid], |r| {
        Ok(MaterialLine {
            item: r.get(0)?,
            unit: r.get(1)?,
            required: r.get(2)?,
            supplied: r.get(3)?,
            shortfall: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::AuditQuery;

    fn log() -> IncidentLog {
        IncidentLog {
            kind: "危化品泄漏".into(),
            kind_key: "hazmat".into(),
            at: LonLat::new(114.35, 36.1),
            reported_at: "2025-07-20T08:00:00.000Z".into(),
            address: "文峰区（示意）".into(),
            note: String::new(),
            travel: "straight line".into(),
            estimate: true,
            shortfall: true,
            units: vec![DispatchedUnit {
                layer: Layer::Teams,
                unit_id: 4,
                name: "危化救援队".into(),
                reason: "capability".into(),
                distance_m: 1200.0,
                eta_s: Some(300.0),
                estimate: true,
            }],
            materials: vec![MaterialLine {
                item: "吸附棉".into(),
                unit: "吨".into(),
                required: 5.0,
                supplied: 4.5,
                shortfall: 0.5,
            }],
            plan: serde_json::json!({"incident_type": "危化品泄漏"}),
        }
    }

    #[test]
    fn an_incident_round_trips_with_its_units_materials_and_audit_row() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Project::create(&dir.path().join("a.gpkg")).unwrap();
        p.set_operator("值班员");
        let id = p.write(|w| w.log_incident(&log())).unwrap();
        let back = p.incidents().unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].id, id);
        assert_eq!(back[0].operator, "值班员");
        assert_eq!(back[0].log, log());
        let audit = p.audit(&AuditQuery { table: Some("incidents".into()), ..AuditQuery::default() }).unwrap();
        assert_eq!(audit[0].action, "dispatch");
        assert_eq!(audit[0].feature_id, Some(id));
        let report = p.check().unwrap();
        assert!(report.ok(), "{:?}", report.findings);
        assert!(report.layers.iter().any(|(t, n)| t == "incidents" && *n == 1));
    }

    #[test]
    fn a_bad_position_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Project::create(&dir.path().join("a.gpkg")).unwrap();
        let mut bad = log();
        bad.at = LonLat::new(114.0, 95.0);
        let err = p.write(|w| w.log_incident(&bad)).unwrap_err();
        assert!(err.to_string().contains("latitude 95"), "{err}");
        assert!(p.incidents().unwrap().is_empty());
    }
}

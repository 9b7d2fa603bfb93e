//! Saved siting scenarios: `onemap_siting_scenarios` (name, options as JSON, note) and the
//! point layer `siting_sites` (each new site of a scenario, in order), registered as a
//! GeoPackage feature table so QGIS shows the planned variants too. The built-in scenario of
//! the planned stations is derived from the stations layer and never stored.

use rusqlite::Connection;
use rusqlite::types::Value;

use super::record_tables::{RecordTable, opt_text, point};
use super::rows::RowReader;
use super::{Project, Result, StoreError, Writer, audit, gpkg};
use crate::model::siting::{ScenarioOptions, ScenarioSite, SitingScenario};
use crate::model::{FeatureId, Labelled};

pub const TABLE: &str = "onemap_siting_scenarios";
pub const SITES: &str = "siting_sites";
const WHAT: &str = "选址方案";

/// The schema step `siting_v1`.
pub(super) fn migrate_v1(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE onemap_siting_scenarios (
           id INTEGER PRIMARY KEY AUTOINCREMENT,
           name TEXT NOT NULL UNIQUE,
           options TEXT NOT NULL,
           note TEXT NOT NULL DEFAULT ''
         );
         CREATE TABLE siting_sites (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom POINT,
           scenario_id INTEGER NOT NULL REFERENCES onemap_siting_scenarios(id) ON DELETE CASCADE,
           seq INTEGER NOT NULL,
           name TEXT NOT NULL,
           class TEXT
         );
         CREATE INDEX siting_sites_scenario ON siting_sites(scenario_id, seq);",
    )?;
    gpkg::register_feature_table(
        conn,
        SITES,
        "POINT",
        "选址方案站点 Siting scenario sites",
        "new fire station sites of the saved siting scenarios",
    )
}

const SITE_ROWS: RecordTable = RecordTable { table: SITES, columns: &["scenario_id", "seq", "name", "class"] };

fn site_from_row(r: &RowReader) -> Result<(FeatureId, ScenarioSite)> {
    let scenario = r.opt_i64("scenario_id")?.unwrap_or(0);
    let class = r.opt_text("class")?.filter(|c| !c.is_empty());
    let class = match class {
        Some(c) => Some(c.parse().map_err(|e: crate::model::UnknownLabel| StoreError::BadValue {
            table: SITES.into(),
            fid: r.fid,
            field: "class".into(),
            message: e.to_string(),
        })?),
        None => None,
    };
    Ok((scenario, ScenarioSite { name: r.text("name")?, location: r.point()?, class }))
}

fn load(conn: &Connection, only: Option<FeatureId>) -> Result<Vec<SitingScenario>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT id, name, options, note FROM {TABLE} {} ORDER BY id",
        super::record_tables::only("id", only)
    ))?;
    let heads = st
        .query_map([only], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // Sites in scenario order: the layer's fid order is insertion order, seq breaks ties after edits.
    let mut sites = SITE_ROWS.load(conn, None, site_from_row)?;
    sites.sort_by_key(|(scenario, _)| *scenario);
    let mut out = Vec::with_capacity(heads.len());
    for (id, name, options, note) in heads {
        let options: ScenarioOptions = serde_json::from_str(&options).map_err(|e| StoreError::BadValue {
            table: TABLE.into(),
            fid: id,
            field: "options".into(),
            message: e.to_string(),
        })?;
        let sites = sites.iter().filter(|(s, _)| *s == id).map(|(_, site)| site.clone()).collect();
        out.push(SitingScenario { id, name, sites, options, note });
    }
    Ok(out)
}

fn validate(conn: &Connection, s: &SitingScenario) -> Result<()> {
    let invalid = |field: &'static str, message: String| StoreError::Invalid {
        layer: WHAT,
        name: s.name.clone(),
        field,
        message,
    };
    if let Some((field, message)) = s.problem() {
        return Err(invalid(field, message));
    }
    let clash: Option<i64> = rusqlite::OptionalExtension::optional(conn.query_row(
        &format!("SELECT id FROM {TABLE} WHERE name = ?1 AND id != ?2"),
        rusqlite::params![s.name.trim(), s.id],
        |r| r.get(0),
    ))?;
    if let Some(other) = clash {
        return Err(invalid("name", format!("scenario {other} already has this name; choose another")));
    }
    Ok(())
}

/// Replaces a scenario's site rows.
fn write_sites(conn: &Connection, id: FeatureId, sites: &[ScenarioSite]) -> Result<()> {
    conn.execute(&format!("DELETE FROM {SITES} WHERE scenario_id = ?1"), [id])?;
    for (k, s) in sites.iter().enumerate() {
        SITE_ROWS.insert(
            conn,
            0,
            vec![
                point(Some(s.location)),
                Value::Integer(id),
                Value::Integer(k as i64),
                Value::Text(s.name.clone()),
                opt_text(s.class.map(|c| c.zh())),
            ],
        )?;
    }
    Ok(())
}

fn options_text(o: &ScenarioOptions) -> String {
    serde_json::to_string(o).unwrap_or_else(|_| "{}".into())
}

fn to_json(s: &SitingScenario) -> serde_json::Value {
    serde_json::to_value(s).unwrap_or_default()
}

impl Project {
    /// Every saved siting scenario, by id (the built-in plan is not among them).
    pub fn siting_scenarios(&self) -> Result<Vec<SitingScenario>> {
        load(&self.conn, None)
    }
}

impl Writer<'_> {
    /// Saves a new scenario (its `id` is ignored); names are unique. Returns the id.
    pub fn insert_siting_scenario(&mut self, s: &SitingScenario) -> Result<FeatureId> {
        let mut stored = SitingScenario { id: 0, name: s.name.trim().to_string(), ..s.clone() };
        validate(&self.tx, &stored)?;
        self.tx.execute(
            &format!("INSERT INTO {TABLE} (name, options, note) VALUES (?1, ?2, ?3)"),
            rusqlite::params![stored.name, options_text(&stored.options), stored.note],
        )?;
        stored.id = self.tx.last_insert_rowid();
        write_sites(&self.tx, stored.id, &stored.sites)?;
        self.touched.insert(SITES);
        audit::record_json(&self.tx, self.operator, "insert", TABLE, Some(stored.id), None, Some(&to_json(&stored)))?;
        Ok(stored.id)
    }

    /// Replaces a saved scenario's name, sites, options and note; returns it as it was.
    pub fn update_siting_scenario(&mut self, s: &SitingScenario) -> Result<SitingScenario> {
        let before = load(&self.tx, Some(s.id))?.pop().ok_or(StoreError::NoSuchFeature { layer: WHAT, id: s.id })?;
        let stored = SitingScenario { name: s.name.trim().to_string(), ..s.clone() };
        validate(&self.tx, &stored)?;
        self.tx.execute(
            &format!("UPDATE {TABLE} SET name = ?2, options = ?3, note = ?4 WHERE id = ?1"),
            rusqlite::params![stored.id, stored.name, options_text(&stored.options), stored.note],
        )?;
        write_sites(&self.tx, stored.id, &stored.sites)?;
        self.touched.insert(SITES);
        audit::record_json(
            &self.tx,
            self.operator,
            "update",
            TABLE,
            Some(s.id),
            Some(&to_json(&before)),
            Some(&to_json(&stored)),
        )?;
        Ok(before)
    }

    /// Renames a saved scenario.
    pub fn rename_siting_scenario(&mut self, id: FeatureId, name: &str) -> Result<SitingScenario> {
        let mut s = load(&self.tx, Some(id))?.pop().ok_or(StoreError::NoSuchFeature { layer: WHAT, id })?;
        s.name = name.to_string();
        self.update_siting_scenario(&s)
    }

    /// Deletes a saved scenario and its sites; returns what it was.
    pub fn delete_siting_scenario(&mut self, id: FeatureId) -> Result<SitingScenario> {
        let before = load(&self.tx, Some(id))?.pop().ok_or(StoreError::NoSuchFeature { layer: WHAT, id })?;
        self.tx.execute(&format!("DELETE FROM {SITES} WHERE scenario_id = ?1"), [id])?;
        self.tx.execute(&format!("DELETE FROM {TABLE} WHERE id = ?1"), [id])?;
        self.touched.insert(SITES);
        audit::record_json(&self.tx, self.operator, "delete", TABLE, Some(id), Some(&to_json(&before)), None)?;
        Ok(before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LonLat;
    use crate::model::StationClass;
    use crate::store::AuditQuery;

    fn scenario(name: &str) -> SitingScenario {
        SitingScenario {
            id: 0,
            name: name.into(),
            sites: vec![
                ScenarioSite {
                    name: "北".into(),
                    location: LonLat::new(114.35, 36.12),
                    class: Some(StationClass::Level1),
                },
                ScenarioSite { name: "南".into(), location: LonLat::new(114.36, 36.05), class: None },
            ],
            options: ScenarioOptions { p: 2, minutes: 5.0, ..Default::default() },
            note: "试".into(),
        }
    }

    #[test]
    fn scenarios_round_trip_with_an_audit_row_for_every_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.gpkg");
        let mut p = Project::create(&path).unwrap();
        let a = p.write(|w| w.insert_siting_scenario(&scenario("甲"))).unwrap();
        let b = p.write(|w| w.insert_siting_scenario(&scenario("乙"))).unwrap();
        let all = p.siting_scenarios().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0], SitingScenario { id: a, ..scenario("甲") });
        // Names are unique; a refused write leaves the file as it was.
        let err = p.write(|w| w.rename_siting_scenario(b, "甲")).unwrap_err();
        assert!(err.to_string().contains("already has this name"), "{err}");
        p.write(|w| w.rename_siting_scenario(b, "丙")).unwrap();
        let mut changed = p.siting_scenarios().unwrap()[1].clone();
        assert_eq!(changed.name, "丙");
        changed.sites.truncate(1);
        p.write(|w| w.update_siting_scenario(&changed)).unwrap();
        assert_eq!(p.siting_scenarios().unwrap()[1].sites.len(), 1);
        p.write(|w| w.delete_siting_scenario(a)).unwrap();
        let left = Project::open(&path).unwrap().siting_scenarios().unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].name, "丙");
        let audit = p.audit(&AuditQuery { table: Some(TABLE.into()), ..Default::default() }).unwrap();
        let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["delete", "update", "update", "insert", "insert"]);
        assert_eq!(audit[0].before.as_ref().unwrap()["name"], "甲");
        // The sites layer stays a valid GeoPackage feature table.
        let report = p.check().unwrap();
        assert!(report.findings.is_empty(), "{report:?}");
    }
}

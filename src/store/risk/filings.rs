//! Filings (报备): each one freezes the enterprise's zones, points and overall level as filed,
//! as JSON in `risk_filings.content`, so later edits never rewrite what was filed.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::super::{Project, Result, StoreError, Writer, audit, tables};
use super::zones::{load_points, load_zones};
use crate::model::filing::Filing;
use crate::model::risk_zones::{RiskPoint, RiskZone};
use crate::model::{Feature, FeatureId, Labelled, Layer};

const FILINGS: &str = "报备";
/// How filing dates are written in the table.
const DATE: &str = "%Y-%m-%d";

#[derive(Serialize, Deserialize)]
struct Content {
    zones: Vec<RiskZone>,
    points: Vec<RiskPoint>,
}

fn load(conn: &Connection, filter: &str, arg: Option<i64>) -> Result<Vec<Filing>> {
    let mut st = conn.prepare(&format!(
        "SELECT id, enterprise_fid, filed_on, filer, note, overall_level, content, recorded_at, recorded_by
         FROM risk_filings {filter} ORDER BY enterprise_fid, filed_on, id"
    ))?;
    let mut rows = match arg {
        Some(a) => st.query([a])?,
        None => st.query([])?,
    };
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let bad = |field: &str, message: String| StoreError::BadValue {
            table: "risk_filings".into(),
            fid: id,
            field: field.into(),
            message,
        };
        let filed_on: String = r.get(2)?;
        let level: String = r.get(5)?;
        let content: String = r.get(6)?;
        let content: Content = serde_json::from_str(&content).map_err(|e| bad("content", e.to_string()))?;
        out.push(Filing {
            id,
            enterprise_id: r.get(1)?,
            filed_on: NaiveDate::parse_from_str(&filed_on, DATE)
                .map_err(|e| bad("filed_on", format!("\"{filed_on}\": {e}")))?,
            filer: r.get(3)?,
            note: r.get(4)?,
            overall: crate::model::RiskLevel::parse(&level).map_err(|e| bad("overall_level", e.to_string()))?,
            zones: content.zones,
            points: content.points,
            recorded_at: r.get(7)?,
            recorded_by: r.get(8)?,
        });
    }
    Ok(out)
}

impl Project {
    /// The filings of one enterprise, or of all, oldest first per enterprise.
    pub fn filings(&self, enterprise: Option<FeatureId>) -> Result<Vec<Filing>> {
        match enterprise {
            Some(e) => load(&self.conn, "WHERE enterprise_fid = ?1", Some(e)),
            None => load(&self.conn, "", None),
        }
    }

    /// One filing.
    pub fn filing(&self, id: i64) -> Result<Filing> {
        load(&self.conn, "WHERE id = ?1", Some(id))?.pop().ok_or(StoreError::NoSuchFeature { layer: FILINGS, id })
    }

    /// The filing dates of every enterprise that has filed (cheap: no content is read).
    pub fn filing_dates(&self) -> Result<HashMap<FeatureId, Vec<NaiveDate>>> {
        let mut st = self.conn.prepare("SELECT id, enterprise_fid, filed_on FROM risk_filings")?;
        let mut rows = st.query([])?;
        let mut out: HashMap<FeatureId, Vec<NaiveDate>> = HashMap::new();
        while let Some(r) = rows.next()? {
            let (id, e, d): (i64, FeatureId, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let date = NaiveDate::parse_from_str(&d, DATE).map_err(|err| StoreError::BadValue {
                table: "risk_filings".into(),
                fid: id,
                field: "filed_on".into(),
                message: format!("\"{d}\": {err}"),
            })?;
            out.entry(e).or_default().push(date);
        }
        Ok(out)
    }
}

impl Writer<'_> {
    /// Records a filing of the enterprise's risk map as it is now: its zones, points and level.
    pub fn file_risk_map(
        &mut self,
        enterprise: FeatureId,
        filed_on: NaiveDate,
        filer: &str,
        note: &str,
    ) -> Result<Filing> {
        let Some(Feature::Enterprises(e)) = tables::load_one(&self.tx, Layer::Enterprises, enterprise)? else {
            return Err(StoreError::NoSuchFeature { layer: Layer::Enterprises.zh(), id: enterprise });
        };
        if filer.trim().is_empty() {
            return Err(StoreError::Invalid {
                layer: FILINGS,
                name: e.name,
                field: "filer",
                message: "is empty: name the person who filed".into(),
            });
        }
        let content = Content {
            zones: load_zones(&self.tx, Some(enterprise))?,
            points: load_points(&self.tx, Some(enterprise))?,
        };
        let json = serde_json::to_string(&content).map_err(|err| StoreError::Invalid {
            layer: FILINGS,
            name: e.name.clone(),
            field: "content",
            message: err.to_string(),
        })?;
        let recorded_at = audit::now();
        self.tx.execute(
            "INSERT INTO risk_filings (enterprise_fid, enterprise_name, filed_on, filer, note, overall_level, content,
               recorded_at, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                enterprise,
                e.name,
                filed_on.format(DATE).to_string(),
                filer.trim(),
                note,
                e.risk.zh(),
                json,
                recorded_at,
                self.operator
            ],
        )?;
        let filing = Filing {
            id: self.tx.last_insert_rowid(),
            enterprise_id: enterprise,
            filed_on,
            filer: filer.trim().to_string(),
            note: note.to_string(),
            overall: e.risk,
            zones: content.zones,
            points: content.points,
            recorded_at,
            recorded_by: self.operator.to_string(),
        };
        let summary = serde_json::json!({
            "enterprise": enterprise,
            "filed_on": filing.filed_on,
            "filer": filing.filer,
            "overall": filing.overall.key(),
            "zones": filing.zones.len(),
            "points": filing.points.len(),
        });
        audit::record_json(&self.tx, self.operator, "file", "risk_filings", Some(filing.id), None, Some(&summary))?;
        Ok(filing)
    }
}

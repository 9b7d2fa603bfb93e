//! The city risk table written from a project — `.csv` (district counts, UTF-8 with BOM) or
//! `.xlsx` (district counts and the enterprise list with level, basis and filing status) — as
//! `onemap risk export` and the window's 风险 tab both write it.

use std::path::Path;

use chrono::NaiveDate;

use super::ActionError;
use crate::analysis::risk::{self as city, RiskTableInput};
use crate::io::export::ExportError;
use crate::io::risk_export;
use crate::snapshot::Snapshot;
use crate::store::Project;

/// Writes the table to `out`; filing status is judged as of `as_of`.
pub fn export_city_table(project: &Project, out: &Path, as_of: NaiveDate) -> Result<(), ActionError> {
    let ext = out.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if ext != "csv" && ext != "xlsx" {
        return Err(ExportError::Other {
            path: out.display().to_string(),
            message: "write the risk table as .xlsx or .csv".into(),
        }
        .into());
    }
    let snap = Snapshot::load(project)?;
    if ext == "csv" {
        risk_export::summary_csv(&city::summarize(&snap.enterprises, &snap.areas), out)?;
        return Ok(());
    }
    let (zones, points) = (project.risk_zones(None)?, project.risk_points(None)?);
    let (overrides, dates) = (project.level_overrides()?, project.filing_dates()?);
    let input = RiskTableInput {
        enterprises: &snap.enterprises,
        areas: &snap.areas,
        zones: &zones,
        points: &points,
        overrides: &overrides,
        filing_dates: &dates,
    };
    risk_export::table_xlsx(&city::risk_table(&input, as_of), out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_csv_and_xlsx_and_refuses_other_extensions() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.gpkg");
        let mut p = Project::create(&db).unwrap();
        p.write(|w| {
            w.insert(&crate::model::Feature::Enterprises(crate::model::Enterprise::new(
                "甲化工",
                crate::model::RiskLevel::Red,
                crate::model::LonLat::new(114.35, 36.1),
            )))
        })
        .unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let csv = dir.path().join("t.csv");
        export_city_table(&p, &csv, day).unwrap();
        let text = std::fs::read_to_string(&csv).unwrap();
        assert!(text.contains("合计"), "{text}");
        let xlsx = dir.path().join("t.xlsx");
        export_city_table(&p, &xlsx, day).unwrap();
        assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
        let err = export_city_table(&p, &dir.path().join("t.txt"), day).unwrap_err();
        assert!(err.is_input() && err.to_string().contains("t.txt"), "{err}");
    }
}

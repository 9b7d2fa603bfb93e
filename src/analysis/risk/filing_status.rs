//! Which enterprises have not filed their risk map (报备), or filed more than a year before a
//! given day.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::filing::{FilingStatus, filing_status};
use crate::model::{Enterprise, FeatureId, RiskLevel};

/// An enterprise that needs to file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnfiledEnterprise {
    pub id: FeatureId,
    pub name: String,
    pub district: Option<String>,
    pub level: RiskLevel,
    /// `never` or `overdue`.
    pub status: FilingStatus,
    pub last_filed: Option<NaiveDate>,
    /// Days from the last filing to the day asked about.
    pub days_since: Option<i64>,
}

/// Enterprises that never filed or whose last filing on or before `as_of` is more than a year
/// old, most severe level first, then never-filed before overdue, then by name.
pub fn unfiled(
    enterprises: &[Enterprise],
    dates: &HashMap<FeatureId, Vec<NaiveDate>>,
    as_of: NaiveDate,
) -> Vec<UnfiledEnterprise> {
    let mut out: Vec<UnfiledEnterprise> = enterprises
        .iter()
        .filter_map(|e| {
            let (status, last) = filing_status(dates.get(&e.id).map_or(&[][..], Vec::as_slice), as_of);
            (status != FilingStatus::Current).then(|| UnfiledEnterprise {
                id: e.id,
                name: e.name.clone(),
                district: e.district.clone(),
                level: e.risk,
                status,
                last_filed: last,
                days_since: last.map(|d| (as_of - d).num_days()),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.level, a.status != FilingStatus::Never, &a.name).cmp(&(b.level, b.status != FilingStatus::Never, &b.name))
    });
    out
}

//! The city risk table: the district counts and one row per enterprise (level, why, zones,
//! registered points, filing), as exported to Excel/CSV and shown in the window's table.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::summary::{RiskSummary, summarize};
use crate::model::filing::{FilingStatus, filing_status};
use crate::model::risk_zones::{LevelOverride, RiskPoint, RiskPointKind, RiskZone};
use crate::model::{AdminArea, Enterprise, FeatureId, RiskLevel};

/// Why an enterprise has its level, in words for a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelSource {
    /// 最高风险区域: the worst of its zones.
    WorstZone,
    /// 人工设定: set explicitly.
    Explicit,
    /// 登记等级: as registered, no zones yet.
    Registered,
}

impl LevelSource {
    pub fn zh(self) -> &'static str {
        match self {
            LevelSource::WorstZone => "最高风险区域",
            LevelSource::Explicit => "人工设定",
            LevelSource::Registered => "登记等级",
        }
    }
}

/// One enterprise's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnterpriseRiskRow {
    pub id: FeatureId,
    pub name: String,
    pub credit_code: String,
    pub industry: String,
    pub district: String,
    pub level: RiskLevel,
    pub level_source: LevelSource,
    pub zones: usize,
    pub major_hazards: usize,
    pub confined_spaces: usize,
    pub last_filed: Option<NaiveDate>,
    pub filing: FilingStatus,
}

/// Everything the city table shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskTable {
    pub as_of: NaiveDate,
    pub summary: RiskSummary,
    pub enterprises: Vec<EnterpriseRiskRow>,
}

/// What the table is built from (all read from a project).
pub struct RiskTableInput<'a> {
    pub enterprises: &'a [Enterprise],
    pub areas: &'a [AdminArea],
    pub zones: &'a [RiskZone],
    pub points: &'a [RiskPoint],
    pub overrides: &'a HashMap<FeatureId, LevelOverride>,
    pub filing_dates: &'a HashMap<FeatureId, Vec<NaiveDate>>,
}

/// Builds the table as of a day; enterprises most severe first, then by district and name.
pub fn risk_table(input: &RiskTableInput, as_of: NaiveDate) -> RiskTable {
    let summary = summarize(input.enterprises, input.areas);
    let mut zones: HashMap<FeatureId, usize> = HashMap::new();
    for z in input.zones {
        *zones.entry(z.enterprise_id).or_default() += 1;
    }
    let mut points: HashMap<(FeatureId, RiskPointKind), usize> = HashMap::new();
    for p in input.points {
        *points.entry((p.enterprise_id, p.kind)).or_default() += 1;
    }
    let district_name = |code: &Option<String>| {
        code.as_deref()
            .and_then(|c| input.areas.iter().find(|a| a.code == c.trim()).map(|a| a.name.clone()))
            .or_else(|| code.clone())
            .unwrap_or_default()
    };
    let mut rows: Vec<EnterpriseRiskRow> = input
        .enterprises
        .iter()
        .map(|e| {
            let n_zones = zones.get(&e.id).copied().unwrap_or(0);
            let (filing, last_filed) =
                filing_status(input.filing_dates.get(&e.id).map_or(&[][..], Vec::as_slice), as_of);
            EnterpriseRiskRow {
                id: e.id,
                name: e.name.clone(),
                credit_code: e.credit_code.clone(),
                industry: e.industry.clone(),
                district: district_name(&e.district),
                level: e.risk,
                level_source: if input.overrides.contains_key(&e.id) {
                    LevelSource::Explicit
                } else if n_zones > 0 {
                    LevelSource::WorstZone
                } else {
                    LevelSource::Registered
                },
                zones: n_zones,
                major_hazards: points.get(&(e.id, RiskPointKind::MajorHazard)).copied().unwrap_or(0),
                confined_spaces: points.get(&(e.id, RiskPointKind::ConfinedSpace)).copied().unwrap_or(0),
                last_filed,
                filing,
            }
        })
        .collect();
    rows.sort_by(|a, b| (a.level, &a.district, &a.name).cmp(&(b.level, &b.district, &b.name)));
    RiskTable { as_of, summary, enterprises: rows }
}

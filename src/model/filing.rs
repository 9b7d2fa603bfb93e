//! Filings (报备): an enterprise files its four-color risk map with the emergency bureau. Each
//! filing is a version — date, filer, and the zones and points as filed — so the history can
//! be compared: zones added, removed, or changed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::feature::FeatureId;
use super::risk::RiskLevel;
use super::risk_zones::{RiskPoint, RiskZone};

/// One filing of one enterprise, with the content as it was filed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Filing {
    /// Row id in `risk_filings`.
    pub id: i64,
    pub enterprise_id: FeatureId,
    /// The date the enterprise filed (报备日期).
    pub filed_on: NaiveDate,
    /// Who filed (报备人).
    pub filer: String,
    pub note: String,
    /// The enterprise's overall level as filed.
    pub overall: RiskLevel,
    pub zones: Vec<RiskZone>,
    pub points: Vec<RiskPoint>,
    /// When and by whom the filing was entered into OneMap (not the filing date).
    pub recorded_at: String,
    pub recorded_by: String,
}

/// A zone in a comparison: its name and level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZoneRef {
    pub name: String,
    pub level: RiskLevel,
}

/// A zone present in both versions that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZoneChange {
    pub name: String,
    /// (before, after) when the level changed.
    pub level: Option<(RiskLevel, RiskLevel)>,
    /// The other fields that changed: kind, lec, hazard, measures, responsible, phone, outline, note.
    pub fields: Vec<&'static str>,
}

/// What changed from one version of a risk map to another. Zones are matched by name (names are
/// unique within an enterprise), points by kind and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct RiskMapDiff {
    pub added: Vec<ZoneRef>,
    pub removed: Vec<ZoneRef>,
    pub changed: Vec<ZoneChange>,
    /// Points added and removed, as "重大危险源 1号罐组".
    pub points_added: Vec<String>,
    pub points_removed: Vec<String>,
    /// (before, after) when the overall level changed.
    pub overall: Option<(RiskLevel, RiskLevel)>,
}

impl RiskMapDiff {
    pub fn is_empty(&self) -> bool {
        *self == RiskMapDiff::default()
    }
}

fn zone_key(z: &RiskZone) -> &str {
    z.name.trim()
}

fn point_key(p: &RiskPoint) -> String {
    format!("{} {}", p.kind, p.name.trim())
}

/// Compares two versions (e.g. the previous filing and this one, or the last filing and the map
/// as it is now). Lists keep the order of `after`, then of `before` for removals.
pub fn diff(
    before_overall: RiskLevel,
    before: (&[RiskZone], &[RiskPoint]),
    after_overall: RiskLevel,
    after: (&[RiskZone], &[RiskPoint]),
) -> RiskMapDiff {
    let mut d = RiskMapDiff::default();
    let (bz, bp) = before;
    let (az, ap) = after;
    for a in az {
        match bz.iter().find(|b| zone_key(b) == zone_key(a)) {
            None => d.added.push(ZoneRef { name: a.name.clone(), level: a.level }),
            Some(b) => {
                let mut fields = Vec::new();
                let mut note = |changed: bool, f: &'static str| {
                    if changed {
                        fields.push(f);
                    }
                };
                note(a.kind != b.kind, "kind");
                note(a.lec != b.lec, "lec");
                note(a.hazard != b.hazard, "hazard");
                note(a.measures != b.measures, "measures");
                note(a.responsible != b.responsible, "responsible");
                note(a.phone != b.phone, "phone");
                note(a.outline != b.outline, "outline");
                note(a.note != b.note, "note");
                let level = (a.level != b.level).then_some((b.level, a.level));
                if level.is_some() || !fields.is_empty() {
                    d.changed.push(ZoneChange { name: a.name.clone(), level, fields });
                }
            }
        }
    }
    for b in bz {
        if !az.iter().any(|a| zone_key(a) == zone_key(b)) {
            d.removed.push(ZoneRef { name: b.name.clone(), level: b.level });
        }
    }
    let (ak, bk): (Vec<String>, Vec<String>) = (ap.iter().map(point_key).collect(), bp.iter().map(point_key).collect());
    d.points_added = ak.iter().filter(|k| !bk.contains(k)).cloned().collect();
    d.points_removed = bk.iter().filter(|k| !ak.contains(k)).cloned().collect();
    d.overall = (before_overall != after_overall).then_some((before_overall, after_overall));
    d
}

/// What changed from one filing to a later one (or any two, in the order given).
pub fn compare(before: &Filing, after: &Filing) -> RiskMapDiff {
    diff(before.overall, (&before.zones, &before.points), after.overall, (&after.zones, &after.points))
}

/// The filing status of one enterprise on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilingStatus {
    /// Filed within the last year.
    Current,
    /// Never filed (or only after the day asked about).
    Never,
    /// The last filing is more than a year old.
    Overdue,
}

/// The filing status on `as_of`, given the dates of an enterprise's filings. Filings dated after
/// `as_of` do not count (they had not happened yet). "More than a year" is calendar based: a
/// filing on 2024-03-15 is current through 2025-03-15 and overdue from 2025-03-16; one on
/// 2024-02-29 is current through 2025-02-28.
pub fn filing_status(dates: &[NaiveDate], as_of: NaiveDate) -> (FilingStatus, Option<NaiveDate>) {
    let last = dates.iter().copied().filter(|d| *d <= as_of).max();
    let status = match last {
        None => FilingStatus::Never,
        Some(d) => match d.checked_add_months(chrono::Months::new(12)) {
            Some(due) if as_of > due => FilingStatus::Overdue,
            _ => FilingStatus::Current,
        },
    };
    (status, last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::risk_zones::tests::zone;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn status_across_year_boundaries() {
        let dates = [day("2023-06-01"), day("2024-03-15")];
        assert_eq!(filing_status(&dates, day("2025-03-15")), (FilingStatus::Current, Some(day("2024-03-15"))));
        assert_eq!(filing_status(&dates, day("2025-03-16")).0, FilingStatus::Overdue);
        // New Year's Eve to New Year's Day.
        let dates = [day("2023-12-31")];
        assert_eq!(filing_status(&dates, day("2024-12-31")).0, FilingStatus::Current);
        assert_eq!(filing_status(&dates, day("2025-01-01")).0, FilingStatus::Overdue);
        // Leap day: a year later is 28 February.
        let dates = [day("2024-02-29")];
        assert_eq!(filing_status(&dates, day("2025-02-28")).0, FilingStatus::Current);
        assert_eq!(filing_status(&dates, day("2025-03-01")).0, FilingStatus::Overdue);
        // A filing after the day asked about has not happened yet.
        assert_eq!(filing_status(&[day("2025-01-02")], day("2025-01-01")), (FilingStatus::Never, None));
        assert_eq!(filing_status(&[], day("2025-01-01")).0, FilingStatus::Never);
    }

    #[test]
    fn diff_finds_added_removed_and_changed_levels() {
        let before =
            vec![zone("1号车间", RiskLevel::Yellow, 114.0, 36.0), zone("罐区", RiskLevel::Orange, 114.01, 36.0)];
        let mut moved = zone("1号车间", RiskLevel::Orange, 114.0, 36.0);
        moved.measures = "增设可燃气体报警".into();
        let after = vec![moved, zone("仓库", RiskLevel::Blue, 114.02, 36.0)];
        let d = diff(RiskLevel::Orange, (&before, &[]), RiskLevel::Orange, (&after, &[]));
        assert_eq!(d.added, vec![ZoneRef { name: "仓库".into(), level: RiskLevel::Blue }]);
        assert_eq!(d.removed, vec![ZoneRef { name: "罐区".into(), level: RiskLevel::Orange }]);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].level, Some((RiskLevel::Yellow, RiskLevel::Orange)));
        assert_eq!(d.changed[0].fields, vec!["measures"]);
        assert_eq!(d.overall, None);
        assert!(diff(RiskLevel::Red, (&after, &[]), RiskLevel::Red, (&after, &[])).is_empty());
    }
}

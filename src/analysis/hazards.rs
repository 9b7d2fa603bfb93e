//! The hazard ledger as of a day: which items are overdue and by how much, whose weekly
//! progress is missing, and where escalation is due — the list the window and
//! `onemap hazards list` show, and the flags the map draws.
//!
//! "Today" is always passed in, computed from an instant and the project's time zone
//! ([`crate::model::Zone::date_at`]), so the answer never depends on the machine's clock or zone.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::hazard::{HazardItem, HazardStatus, LedgerSummary, SupervisionGrade};
use crate::model::{FeatureId, LonLat};
use crate::snapshot::Snapshot;

/// One item's standing on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HazardStanding {
    pub id: FeatureId,
    /// Days past 整改时限 (1 the day after it), when overdue.
    pub days_overdue: Option<i64>,
    /// Open and without a progress entry for longer than the reporting interval.
    pub progress_due: bool,
    /// Overdue and not escalated since the deadline passed: supervision should be raised.
    pub escalation_due: bool,
    /// The latest escalation's day and text, when there was one.
    pub escalated: Option<(Option<NaiveDate>, String)>,
    /// Where to draw it: its own point, else its enterprise's.
    pub position: Option<LonLat>,
}

/// The standing of every item on `today`. `interval_days` is the progress-reporting interval
/// (7 for weekly reports).
pub fn standings(
    items: &[HazardItem],
    today: NaiveDate,
    interval_days: u32,
    snapshot: Option<&Snapshot>,
) -> Vec<HazardStanding> {
    items.iter().map(|i| standing(i, today, interval_days, snapshot)).collect()
}

/// One item's standing on `today`.
pub fn standing(
    item: &HazardItem,
    today: NaiveDate,
    interval_days: u32,
    snapshot: Option<&Snapshot>,
) -> HazardStanding {
    let days_overdue = item.days_overdue(today);
    let open = matches!(item.status, HazardStatus::Pending | HazardStatus::InProgress);
    let since = item.last_progress_on().or(item.found_on.date);
    let progress_due = open && since.is_some_and(|d| (today - d).num_days() > i64::from(interval_days));
    let last = item.last_escalation();
    let escalated_after_deadline = match (last.and_then(|e| e.on), item.deadline.date) {
        (Some(on), Some(deadline)) => on > deadline,
        _ => false,
    };
    HazardStanding {
        id: item.id,
        days_overdue,
        progress_due,
        escalation_due: days_overdue.is_some() && !escalated_after_deadline,
        escalated: last.map(|e| (e.on, e.text.clone())),
        position: position(item, snapshot),
    }
}

/// An item's map position: its own point, else its enterprise's current position.
pub fn position(item: &HazardItem, snapshot: Option<&Snapshot>) -> Option<LonLat> {
    item.location.or_else(|| {
        let id = item.enterprise?;
        snapshot?.enterprises.iter().find(|e| e.id == id).map(|e| e.location)
    })
}

/// Items overdue on `today`, most overdue first, then by supervision grade (红 first).
pub fn overdue(items: &[HazardItem], today: NaiveDate) -> Vec<&HazardItem> {
    let mut v: Vec<&HazardItem> = items.iter().filter(|i| i.is_overdue(today)).collect();
    v.sort_by_key(|i| (std::cmp::Reverse(i.days_overdue(today)), i.grade.map_or(u8::MAX, grade_rank), i.id));
    v
}

fn grade_rank(g: SupervisionGrade) -> u8 {
    match g {
        SupervisionGrade::Red => 0,
        SupervisionGrade::Yellow => 1,
        SupervisionGrade::Blue => 2,
    }
}

/// The ledger's closing counts (see [`LedgerSummary`] for what each counts).
pub fn summary(items: &[HazardItem]) -> LedgerSummary {
    LedgerSummary::of(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Zone;
    use crate::model::ledger_date::LedgerDate;
    use chrono::{DateTime, Utc};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn item(id: FeatureId, deadline: NaiveDate) -> HazardItem {
        let mut i = HazardItem::new(format!("隐患{id}"), "张三");
        i.id = id;
        i.found_on = LedgerDate::on(day(2024, 3, 1));
        i.deadline = LedgerDate::on(deadline);
        i
    }

    /// The same instant is a different civil day in different zones, and overdue follows the
    /// project's zone: 2024-06-30 16:30 UTC is already 1 July in Beijing.
    #[test]
    fn overdue_follows_the_project_zone_across_midnight() {
        let items = [item(1, day(2024, 6, 30))];
        let at = utc("2024-06-30T16:30:00Z");
        let shanghai = Zone::parse("Asia/Shanghai").unwrap();
        let utc_zone = Zone::parse("UTC").unwrap();
        let new_york_winter = Zone::parse("-05:00").unwrap();
        assert_eq!(overdue(&items, shanghai.date_at(at)).len(), 1);
        assert_eq!(overdue(&items, utc_zone.date_at(at)).len(), 0);
        assert_eq!(overdue(&items, new_york_winter.date_at(at)).len(), 0);
        // One minute before Beijing midnight it is still 30 June there.
        assert_eq!(overdue(&items, shanghai.date_at(utc("2024-06-30T15:59:00Z"))).len(), 0);
        // Urumqi (UTC+6) reaches 1 July two hours after Beijing.
        let urumqi = Zone::parse("Asia/Urumqi").unwrap();
        assert_eq!(overdue(&items, urumqi.date_at(utc("2024-06-30T17:59:00Z"))).len(), 0);
        assert_eq!(overdue(&items, urumqi.date_at(utc("2024-06-30T18:00:00Z"))).len(), 1);
    }

    #[test]
    fn overdue_across_month_year_and_leap_day() {
        let items = [item(1, day(2024, 2, 29)), item(2, day(2024, 12, 31)), item(3, day(2025, 1, 31))];
        let ids = |today| overdue(&items, today).iter().map(|i| i.id).collect::<Vec<_>>();
        assert_eq!(ids(day(2024, 2, 29)), Vec::<i64>::new());
        assert_eq!(ids(day(2024, 3, 1)), vec![1]);
        assert_eq!(ids(day(2025, 1, 1)), vec![1, 2], "most overdue first");
        assert_eq!(ids(day(2025, 2, 1)), vec![1, 2, 3]);
        assert_eq!(items[0].days_overdue(day(2025, 3, 1)), Some(366));
    }

    #[test]
    fn red_before_blue_when_equally_overdue() {
        let mut a = item(1, day(2024, 6, 30));
        a.grade = Some(SupervisionGrade::Blue);
        let mut b = item(2, day(2024, 6, 30));
        b.grade = Some(SupervisionGrade::Red);
        let items = [a, b];
        assert_eq!(overdue(&items, day(2024, 7, 2)).iter().map(|i| i.id).collect::<Vec<_>>(), vec![2, 1]);
    }

    #[test]
    fn progress_and_escalation_flags() {
        let mut i = item(1, day(2024, 6, 30));
        i.add_progress(day(2024, 6, 20), "方案已批复", "张三").unwrap();
        let s = standing(&i, day(2024, 6, 27), 7, None);
        assert!(!s.progress_due && !s.escalation_due);
        let s = standing(&i, day(2024, 6, 28), 7, None);
        assert!(s.progress_due, "8 days without a weekly entry");
        let s = standing(&i, day(2024, 7, 1), 7, None);
        assert!(s.escalation_due && s.days_overdue == Some(1));
        i.escalate(day(2024, 7, 2), Some(SupervisionGrade::Yellow), None, "逾期", "刘七").unwrap();
        let s = standing(&i, day(2024, 7, 3), 7, None);
        assert!(!s.escalation_due && s.escalated.is_some());
    }
}

//! Which warnings are in force at an instant, and which cover a point — the list the map
//! shows and the "预警" lines of a dispatch answer.

use chrono::{DateTime, Utc};
use geo::Intersects;
use serde::Serialize;

use crate::model::LonLat;
use crate::model::warning::{Warning, WarningTarget};
use crate::snapshot::Snapshot;

/// How near an enterprise without a site outline a point must be for a warning on that
/// enterprise to cover it. A OneMap default (no standard gives one): about a large plant's
/// fence line from its registered point.
pub const ENTERPRISE_RADIUS_M: f64 = 500.0;

/// Warnings in force at `at`, the most serious first, then the newest.
pub fn active(warnings: &[Warning], at: DateTime<Utc>) -> Vec<&Warning> {
    let mut v: Vec<&Warning> = warnings.iter().filter(|w| w.is_active(at)).collect();
    v.sort_by(|a, b| a.level.cmp(&b.level).then(b.starts_at.cmp(&a.starts_at)).then(a.id.cmp(&b.id)));
    v
}

/// Why a warning covers a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cover {
    /// Inside the area's or the drawn outline.
    Inside,
    /// At the enterprise (inside its site, or within the radius of its position).
    AtEnterprise,
}

/// The warnings in force at `at` that cover `point`, the most serious first.
pub fn covering<'a>(
    warnings: &'a [Warning],
    snapshot: &Snapshot,
    point: LonLat,
    at: DateTime<Utc>,
    enterprise_radius_m: f64,
) -> Vec<(&'a Warning, Cover)> {
    let p = point.to_point();
    active(warnings, at)
        .into_iter()
        .filter_map(|w| {
            let cover = match &w.target {
                WarningTarget::Polygon { outline } => outline.intersects(&p).then_some(Cover::Inside),
                WarningTarget::Area { code } => snapshot
                    .areas
                    .iter()
                    .find(|a| &a.code == code)
                    .and_then(|a| a.outline.as_ref())
                    .is_some_and(|o| o.intersects(&p))
                    .then_some(Cover::Inside),
                WarningTarget::Enterprise { id } => snapshot.enterprises.iter().find(|e| e.id == *id).and_then(|e| {
                    let on_site = e.site.as_ref().is_some_and(|s| s.intersects(&p));
                    (on_site || e.location.distance_m(point) <= enterprise_radius_m).then_some(Cover::AtEnterprise)
                }),
            };
            cover.map(|c| (w, c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::warning::WarningLevel;
    use crate::model::{AdminArea, AreaLevel};
    use geo_types::{MultiPolygon, polygon};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn square(x0: f64, y0: f64, d: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: x0, y: y0), (x: x0 + d, y: y0), (x: x0 + d, y: y0 + d), (x: x0, y: y0 + d), (x: x0, y: y0)],
        ])
    }

    fn warning(id: i64, level: WarningLevel, target: WarningTarget) -> Warning {
        Warning {
            id,
            level,
            kind: "暴雨".into(),
            title: format!("暴雨预警{id}"),
            target,
            starts_at: utc("2024-07-20T00:00:00Z"),
            ends_at: utc("2024-07-21T00:00:00Z"),
            source: "市气象台".into(),
            illustrative: true,
            note: String::new(),
        }
    }

    #[test]
    fn active_window_is_half_open_and_sorted_by_level() {
        let ws = [
            warning(1, WarningLevel::Yellow, WarningTarget::Polygon { outline: square(114.0, 36.0, 1.0) }),
            warning(2, WarningLevel::Red, WarningTarget::Polygon { outline: square(114.0, 36.0, 1.0) }),
        ];
        assert!(active(&ws, utc("2024-07-19T23:59:59Z")).is_empty());
        assert_eq!(active(&ws, utc("2024-07-20T00:00:00Z")).iter().map(|w| w.id).collect::<Vec<_>>(), vec![2, 1]);
        assert!(active(&ws, utc("2024-07-21T00:00:00Z")).is_empty());
    }

    #[test]
    fn covering_by_polygon_area_and_enterprise() {
        let area = AdminArea {
            id: 1,
            code: "410502".into(),
            name: "文峰区".into(),
            level: AreaLevel::District,
            parent: None,
            population: None,
            outline: Some(square(114.3, 36.0, 0.1)),
            illustrative: false,
        };
        let ent = crate::model::Enterprise {
            id: 9,
            code: None,
            name: "化工厂（示意）".into(),
            credit_code: String::new(),
            industry: String::new(),
            risk: crate::model::RiskLevel::Red,
            district: None,
            township: None,
            address: String::new(),
            contact: String::new(),
            phone: String::new(),
            in_park: true,
            location: LonLat::new(114.5, 36.5),
            site: None,
            illustrative: true,
            note: String::new(),
        };
        let snapshot = Snapshot::from_parts(vec![], vec![], vec![], vec![ent], vec![area]);
        let ws = [
            warning(1, WarningLevel::Orange, WarningTarget::Area { code: "410502".into() }),
            warning(2, WarningLevel::Red, WarningTarget::Enterprise { id: 9 }),
            warning(3, WarningLevel::Yellow, WarningTarget::Polygon { outline: square(114.0, 36.0, 0.05) }),
        ];
        let at = utc("2024-07-20T12:00:00Z");
        let ids = |p: LonLat| {
            covering(&ws, &snapshot, p, at, ENTERPRISE_RADIUS_M).iter().map(|(w, _)| w.id).collect::<Vec<_>>()
        };
        assert_eq!(ids(LonLat::new(114.35, 36.05)), vec![1]);
        assert_eq!(ids(LonLat::new(114.5, 36.5 + 400.0 / 110_950.0)), vec![2]);
        assert_eq!(ids(LonLat::new(114.5, 36.5 + 600.0 / 110_950.0)), Vec::<i64>::new());
        assert_eq!(ids(LonLat::new(114.01, 36.01)), vec![3]);
        assert!(covering(&ws, &snapshot, LonLat::new(114.35, 36.05), utc("2024-07-22T00:00:00Z"), 500.0).is_empty());
    }
}

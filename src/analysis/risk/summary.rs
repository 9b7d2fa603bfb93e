//! Enterprises counted by four-color level per district. Every enterprise is counted exactly
//! once: in the district its `district` code names, else in the district whose outline holds
//! it, else under [`UNASSIGNED`].

use geo::{Area, Contains};
use serde::Serialize;

use crate::model::{AdminArea, AreaLevel, Enterprise, RiskLevel};

/// The code (and key) of the entry for enterprises in no known district.
pub const UNASSIGNED: &str = "unassigned";
/// Its display name.
pub const UNASSIGNED_ZH: &str = "未归属";

/// Enterprises per level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LevelCounts {
    pub red: u32,
    pub orange: u32,
    pub yellow: u32,
    pub blue: u32,
}

impl LevelCounts {
    pub fn add(&mut self, level: RiskLevel) {
        *self.get_mut(level) += 1;
    }

    fn get_mut(&mut self, level: RiskLevel) -> &mut u32 {
        match level {
            RiskLevel::Red => &mut self.red,
            RiskLevel::Orange => &mut self.orange,
            RiskLevel::Yellow => &mut self.yellow,
            RiskLevel::Blue => &mut self.blue,
        }
    }

    pub fn get(&self, level: RiskLevel) -> u32 {
        match level {
            RiskLevel::Red => self.red,
            RiskLevel::Orange => self.orange,
            RiskLevel::Yellow => self.yellow,
            RiskLevel::Blue => self.blue,
        }
    }

    pub fn total(&self) -> u32 {
        self.red + self.orange + self.yellow + self.blue
    }
}

/// One district's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DistrictRisk {
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub counts: LevelCounts,
}

/// The city table: one row per district (by code), then the unassigned row, and the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskSummary {
    pub districts: Vec<DistrictRisk>,
    pub total: LevelCounts,
}

/// Counts enterprises by level per district-level area.
pub fn summarize(enterprises: &[Enterprise], areas: &[AdminArea]) -> RiskSummary {
    let mut districts: Vec<&AdminArea> = areas.iter().filter(|a| a.level == AreaLevel::District).collect();
    districts.sort_by(|a, b| a.code.cmp(&b.code));
    // Smallest first, so an enterprise inside a development zone cut out of a county (高新区)
    // goes to the more specific area.
    let mut by_size: Vec<(usize, f64)> =
        districts.iter().enumerate().filter_map(|(i, a)| a.outline.as_ref().map(|o| (i, o.unsigned_area()))).collect();
    by_size.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut rows: Vec<DistrictRisk> = districts
        .iter()
        .map(|a| DistrictRisk { code: a.code.clone(), name: a.name.clone(), counts: LevelCounts::default() })
        .collect();
    let mut unassigned = LevelCounts::default();
    let mut total = LevelCounts::default();
    for e in enterprises {
        total.add(e.risk);
        let by_code = e.district.as_deref().and_then(|c| districts.iter().position(|a| a.code == c.trim()));
        let by_outline = || {
            by_size
                .iter()
                .map(|(i, _)| *i)
                .find(|&i| districts[i].outline.as_ref().is_some_and(|o| o.contains(&e.location.to_point())))
        };
        match by_code.or_else(by_outline) {
            Some(i) => rows[i].counts.add(e.risk),
            None => unassigned.add(e.risk),
        }
    }
    rows.push(DistrictRisk { code: UNASSIGNED.into(), name: UNASSIGNED_ZH.into(), counts: unassigned });
    RiskSummary { districts: rows, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LonLat;
    use geo_types::{MultiPolygon, polygon};

    fn area(code: &str, name: &str, x0: f64, x1: f64) -> AdminArea {
        AdminArea {
            id: 0,
            code: code.into(),
            name: name.into(),
            level: AreaLevel::District,
            parent: None,
            population: None,
            outline: Some(MultiPolygon(vec![polygon![
                (x: x0, y: 0.0), (x: x1, y: 0.0), (x: x1, y: 1.0), (x: x0, y: 1.0), (x: x0, y: 0.0)
            ]])),
            illustrative: false,
        }
    }

    fn ent(district: Option<&str>, risk: RiskLevel, lon: f64) -> Enterprise {
        Enterprise {
            id: 0,
            code: None,
            name: "e".into(),
            credit_code: String::new(),
            industry: String::new(),
            risk,
            district: district.map(Into::into),
            township: None,
            address: String::new(),
            contact: String::new(),
            phone: String::new(),
            in_park: false,
            location: LonLat::new(lon, 0.5),
            site: None,
            illustrative: false,
            note: String::new(),
        }
    }

    #[test]
    fn every_enterprise_is_counted_once() {
        let areas = vec![area("2", "乙区", 1.0, 2.0), area("1", "甲区", 0.0, 1.0), area("3", "开发区", 1.2, 1.4)];
        let es = vec![
            ent(Some("1"), RiskLevel::Red, 5.0),     // code wins over position
            ent(None, RiskLevel::Orange, 1.3),       // inside 乙区 and 开发区: the smaller
            ent(Some("9"), RiskLevel::Yellow, 1.8),  // unknown code, inside 乙区
            ent(None, RiskLevel::Blue, 7.0),         // nowhere
            ent(Some(" 2 "), RiskLevel::Blue, 50.0), // code with spaces
        ];
        let s = summarize(&es, &areas);
        let codes: Vec<&str> = s.districts.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, vec!["1", "2", "3", UNASSIGNED]);
        assert_eq!(s.districts[0].counts, LevelCounts { red: 1, ..Default::default() });
        assert_eq!(s.districts[1].counts, LevelCounts { yellow: 1, blue: 1, ..Default::default() });
        assert_eq!(s.districts[2].counts, LevelCounts { orange: 1, ..Default::default() });
        assert_eq!(s.districts[3].counts, LevelCounts { blue: 1, ..Default::default() });
        let sum: u32 = s.districts.iter().map(|d| d.counts.total()).sum();
        assert_eq!(sum, es.len() as u32);
        assert_eq!(s.total, LevelCounts { red: 1, orange: 1, yellow: 1, blue: 2 });
    }
}

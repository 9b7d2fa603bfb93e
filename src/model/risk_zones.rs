//! What an enterprise's four-color risk map (风险四色图) is made of: risk zones (polygons with
//! a level, hazards, control measures and who answers for them), registered points (重大危险源,
//! 有限空间), and the rule that makes the enterprise's overall level its worst zone unless a
//! person set it explicitly.

use geo_types::MultiPolygon;
use serde::{Deserialize, Serialize};

use super::coords::LonLat;
use super::feature::FeatureId;
use super::lec::Lec;
use super::risk::RiskLevel;
use crate::labelled_enum;

/// A risk zone (风险区域/风险点位) of an enterprise site: a workshop, a tank farm, a warehouse …
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskZone {
    /// Row id in `risk_zones` (0 for a new zone).
    pub id: i64,
    pub enterprise_id: FeatureId,
    /// Unique within the enterprise; filings are compared by it.
    pub name: String,
    /// What the place is: 车间, 罐区, 仓库, 配电室 … (free text, as the enterprise names it).
    pub kind: String,
    pub level: RiskLevel,
    /// The LEC score, when the level was assessed that way; the level must then follow it.
    pub lec: Option<Lec>,
    /// Main hazards (主要危险有害因素): 火灾, 爆炸, 中毒窒息 …
    pub hazard: String,
    /// Control measures (管控措施).
    pub measures: String,
    /// The person who answers for the zone (责任人).
    pub responsible: String,
    pub phone: String,
    /// Outline, WGS84.
    pub outline: MultiPolygon<f64>,
    pub illustrative: bool,
    pub note: String,
}

/// A problem with one field of a zone or point, before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}

impl FieldProblem {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, message: message.into() }
    }
}

impl RiskZone {
    /// Checks what the schema cannot: a name, a usable outline, a level that follows its LEC.
    pub fn check(&self) -> Result<(), FieldProblem> {
        use geo::CoordsIter;
        if self.name.trim().is_empty() {
            return Err(FieldProblem::new("name", "is empty"));
        }
        if self.outline.0.is_empty() || self.outline.0.iter().all(|p| p.exterior().0.len() < 4) {
            return Err(FieldProblem::new("outline", "has no polygon (a zone needs an outline of 3 or more corners)"));
        }
        if let Some(c) = self.outline.coords_iter().find(|c| !LonLat::new(c.x, c.y).is_valid()) {
            return Err(FieldProblem::new(
                "outline",
                format!("coordinate ({}, {}) is not a valid longitude/latitude", c.x, c.y),
            ));
        }
        if let Some(lec) = self.lec
            && lec.level() != self.level
        {
            return Err(FieldProblem::new(
                "level",
                format!(
                    "is {} but the LEC score D = {} × {} × {} = {} gives {} ({})",
                    self.level,
                    lec.l,
                    lec.e,
                    lec.c,
                    lec.d(),
                    lec.level(),
                    lec.level().risk_name_zh()
                ),
            ));
        }
        Ok(())
    }

    /// The outline's centre of mass (for labels and the heat map), if it has area.
    pub fn centroid(&self) -> Option<LonLat> {
        use geo::Centroid;
        self.outline.centroid().map(LonLat::from_point)
    }
}

labelled_enum! {
    /// A registered point inside an enterprise site.
    pub enum RiskPointKind: "risk point kind" {
        /// 重大危险源, identified after GB 18218-2018 危险化学品重大危险源辨识.
        MajorHazard = ("重大危险源", "major_hazard", "Major hazard installation", ["危险源", "major hazard"]),
        /// 有限空间 (confined space), after 工贸企业有限空间作业安全规定 (应急管理部令第13号, 2023).
        ConfinedSpace = ("有限空间", "confined_space", "Confined space", ["受限空间", "confined space"]),
    }
}

/// A 重大危险源 or 有限空间 registered at a point of the site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskPoint {
    /// Row id in `risk_points` (0 for a new point).
    pub id: i64,
    pub enterprise_id: FeatureId,
    pub kind: RiskPointKind,
    pub name: String,
    /// 重大危险源 grade 1 (一级, most severe) to 4 (四级), GB 18218-2018 §4.2.3 (R ≥ 100: 一级;
    /// 50–100: 二级; 10–50: 三级; < 10: 四级). Only major hazards have one.
    pub grade: Option<u8>,
    /// What it is: the substance and quantity, or the kind of confined space (储罐, 污水池 …).
    pub detail: String,
    pub responsible: String,
    pub phone: String,
    pub location: LonLat,
    pub illustrative: bool,
    pub note: String,
}

impl RiskPoint {
    pub fn check(&self) -> Result<(), FieldProblem> {
        if self.name.trim().is_empty() {
            return Err(FieldProblem::new("name", "is empty"));
        }
        if let Some(problem) = self.location.problem() {
            return Err(FieldProblem::new("location", problem));
        }
        match (self.kind, self.grade) {
            (RiskPointKind::MajorHazard, Some(g)) if !(1..=4).contains(&g) => {
                Err(FieldProblem::new("grade", format!("{g} is not a 重大危险源 grade (1 一级 to 4 四级)")))
            }
            (RiskPointKind::ConfinedSpace, Some(_)) => {
                Err(FieldProblem::new("grade", "only a 重大危险源 has a grade; leave it empty for a 有限空间"))
            }
            _ => Ok(()),
        }
    }
}

/// Why an enterprise has the overall level it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum LevelBasis {
    /// The worst of its zones (the default rule).
    WorstZone,
    /// Set by a person, overriding the zones (kept until cleared).
    Explicit { reason: String, set_by: String, set_at: String },
    /// No zones yet and no override: the level as registered (imported or entered).
    Registered,
}

/// An explicit override of an enterprise's overall level, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelOverride {
    pub reason: String,
    pub set_by: String,
    pub set_at: String,
}

/// An enterprise's overall level, the rule that gave it, and what its zones alone would say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverallLevel {
    pub level: RiskLevel,
    #[serde(flatten)]
    pub basis: LevelBasis,
    /// The worst zone level, when the enterprise has zones (shown beside an override).
    pub worst_zone: Option<RiskLevel>,
}

/// The worst level among zones (红 is worst), or `None` without zones.
pub fn worst_level<'a>(zones: impl IntoIterator<Item = &'a RiskZone>) -> Option<RiskLevel> {
    zones.into_iter().map(|z| z.level).min()
}

/// The overall level: the override's level when one is set (the registered level is what the
/// person set), else the worst zone, else the registered level.
pub fn overall_level(registered: RiskLevel, explicit: Option<&LevelOverride>, zones: &[RiskZone]) -> OverallLevel {
    let worst_zone = worst_level(zones);
    match (explicit, worst_zone) {
        (Some(o), _) => OverallLevel {
            level: registered,
            basis: LevelBasis::Explicit {
                reason: o.reason.clone(),
                set_by: o.set_by.clone(),
                set_at: o.set_at.clone(),
            },
            worst_zone,
        },
        (None, Some(w)) => OverallLevel { level: w, basis: LevelBasis::WorstZone, worst_zone },
        (None, None) => OverallLevel { level: registered, basis: LevelBasis::Registered, worst_zone: None },
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use geo_types::polygon;

    /// A square zone of `side` degrees at (lon, lat).
    pub(crate) fn zone(name: &str, level: RiskLevel, lon: f64, lat: f64) -> RiskZone {
        let s = 0.001;
        RiskZone {
            id: 0,
            enterprise_id: 1,
            name: name.into(),
            kind: "车间".into(),
            level,
            lec: None,
            hazard: "火灾".into(),
            measures: "定期巡检".into(),
            responsible: "张三".into(),
            phone: String::new(),
            outline: MultiPolygon(vec![polygon![
                (x: lon, y: lat), (x: lon + s, y: lat), (x: lon + s, y: lat + s), (x: lon, y: lat + s), (x: lon, y: lat)
            ]]),
            illustrative: false,
            note: String::new(),
        }
    }

    #[test]
    fn worst_zone_rules_unless_overridden() {
        let zones = vec![zone("甲", RiskLevel::Yellow, 114.0, 36.0), zone("乙", RiskLevel::Orange, 114.01, 36.0)];
        let o = overall_level(RiskLevel::Blue, None, &zones);
        assert_eq!((o.level, o.basis), (RiskLevel::Orange, LevelBasis::WorstZone));
        let over =
            LevelOverride { reason: "专家会审".into(), set_by: "李四".into(), set_at: "2025-01-01".into() };
        let o = overall_level(RiskLevel::Red, Some(&over), &zones);
        assert_eq!(o.level, RiskLevel::Red);
        assert_eq!(o.worst_zone, Some(RiskLevel::Orange));
        assert!(matches!(o.basis, LevelBasis::Explicit { .. }));
        let o = overall_level(RiskLevel::Yellow, None, &[]);
        assert_eq!((o.level, o.basis), (RiskLevel::Yellow, LevelBasis::Registered));
    }

    #[test]
    fn level_must_follow_lec() {
        let mut z = zone("罐区", RiskLevel::Yellow, 114.0, 36.0);
        z.lec = Some(Lec::new(3.0, 6.0, 15.0).unwrap()); // D = 270 → 橙
        let p = z.check().unwrap_err();
        assert_eq!(p.field, "level");
        assert!(p.message.contains("270") && p.message.contains("橙"), "{}", p.message);
        z.level = RiskLevel::Orange;
        assert!(z.check().is_ok());
    }

    #[test]
    fn zone_and_point_problems_name_the_field() {
        let mut z = zone(" ", RiskLevel::Blue, 114.0, 36.0);
        assert_eq!(z.check().unwrap_err().field, "name");
        z.name = "仓库".into();
        z.outline = MultiPolygon(vec![]);
        assert_eq!(z.check().unwrap_err().field, "outline");
        let p = RiskPoint {
            id: 0,
            enterprise_id: 1,
            kind: RiskPointKind::ConfinedSpace,
            name: "污水池".into(),
            grade: Some(2),
            detail: String::new(),
            responsible: String::new(),
            phone: String::new(),
            location: LonLat::new(114.0, 36.0),
            illustrative: false,
            note: String::new(),
        };
        assert_eq!(p.check().unwrap_err().field, "grade");
        let p = RiskPoint { kind: RiskPointKind::MajorHazard, grade: Some(5), ..p };
        assert!(p.check().unwrap_err().message.contains("一级"));
    }
}

//! Response resources: fire stations, rescue teams, supply depots and their stock.

use serde::{Deserialize, Serialize};

use super::coords::LonLat;
use super::feature::FeatureId;
use crate::labelled_enum;

labelled_enum! {
    /// Fire station class (消防站类别), after 建标152-2017 城市消防站建设标准 and the
    /// township/enterprise teams that Chinese plans count beside urban stations.
    pub enum StationClass: "station class" {
        Special = ("特勤站", "special", "Special service station", ["特勤消防站"]),
        Level1 = ("一级站", "level1", "Level-1 station", ["一级普通消防站", "一级消防站"]),
        Level2 = ("二级站", "level2", "Level-2 station", ["二级普通消防站", "二级消防站"]),
        Small = ("小型站", "small", "Small station", ["小型普通消防站", "小型消防站"]),
        Logistics = ("战勤保障站", "logistics", "Logistics support station", ["战勤保障消防站"]),
        TownshipFullTime = ("乡镇专职消防队", "township", "Township full-time team", ["乡镇专职队"]),
        EnterpriseFullTime = ("企业专职消防队", "enterprise", "Enterprise full-time team", ["企业专职队"]),
    }
}

labelled_enum! {
    /// Whether a station exists, is planned, is being built or is out of service.
    pub enum StationStatus: "station status" {
        Existing = ("现有", "existing", "Existing", ["在用", "已建"]),
        Planned = ("规划", "planned", "Planned", ["拟建"]),
        UnderConstruction = ("在建", "under_construction", "Under construction"),
        OutOfService = ("停用", "out_of_service", "Out of service"),
    }
}

impl StationStatus {
    /// Only existing stations turn out today; planned ones count in planning scenarios.
    pub fn in_service(self) -> bool {
        self == StationStatus::Existing
    }
}

labelled_enum! {
    /// Rescue team kind (救援队伍类别).
    pub enum TeamKind: "team kind" {
        Comprehensive = ("综合性消防救援", "comprehensive", "Comprehensive fire & rescue", ["综合性消防救援队伍"]),
        Professional = ("专业救援", "professional", "Professional rescue", ["专业救援队伍"]),
        Social = ("社会救援队伍", "social", "Social rescue team", ["社会救援"]),
        Enterprise = ("企业专兼职", "enterprise", "Enterprise team", ["企业专兼职救援队伍"]),
        Township = ("乡镇专职", "township", "Township full-time team", ["乡镇专职救援队伍"]),
    }
}

labelled_enum! {
    /// Whether a team can be dispatched.
    pub enum UnitStatus: "unit status" {
        OnDuty = ("在岗", "on_duty", "On duty", ["正常", "active"]),
        OutOfService = ("停用", "out_of_service", "Out of service"),
    }
}

labelled_enum! {
    /// Administrative level of a supply depot (物资储备库级别).
    pub enum DepotLevel: "depot level" {
        National = ("国家", "national", "National", ["国家级"]),
        Provincial = ("省", "provincial", "Provincial", ["省级"]),
        City = ("市", "city", "City", ["市级"]),
        County = ("县", "county", "County", ["县级", "区县级"]),
        Township = ("乡镇", "township", "Township", ["乡镇级"]),
    }
}

/// A number of vehicles of one type at a station (水罐车 ×2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vehicle {
    pub kind: String,
    pub count: u32,
}

/// A fire station or full-time fire team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Station {
    pub id: FeatureId,
    /// The source's own identifier, unique within the layer when present.
    pub code: Option<String>,
    pub name: String,
    pub class: StationClass,
    pub status: StationStatus,
    /// District/county administrative code (e.g. 410502), when known.
    pub district: Option<String>,
    pub address: String,
    pub phone: String,
    /// Personnel on duty.
    pub personnel: u32,
    /// Turnout time (出动时间) in seconds; `None` uses the class default from the settings.
    pub turnout_s: Option<u32>,
    pub vehicles: Vec<Vehicle>,
    pub location: LonLat,
    /// The position is illustrative (示意), not surveyed.
    pub illustrative: bool,
    pub note: String,
}

impl Station {
    /// A station with only what identifies it; every other attribute empty. Not yet stored (id 0)
    /// and not illustrative.
    pub fn new(name: impl Into<String>, class: StationClass, status: StationStatus, location: LonLat) -> Station {
        Station {
            id: 0,
            code: None,
            name: name.into(),
            class,
            status,
            district: None,
            address: String::new(),
            phone: String::new(),
            personnel: 0,
            turnout_s: None,
            vehicles: Vec::new(),
            location,
            illustrative: false,
            note: String::new(),
        }
    }
}

/// A rescue team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub id: FeatureId,
    pub code: Option<String>,
    pub name: String,
    pub kind: TeamKind,
    /// What the team can do: 危化, 水域, 山岳, 矿山, 电力, 医疗, 建筑坍塌 …
    pub capabilities: Vec<String>,
    pub headcount: u32,
    pub equipment: String,
    /// Supervising department (上级主管部门).
    pub supervisor: String,
    pub contact: String,
    pub phone: String,
    pub district: Option<String>,
    pub address: String,
    pub status: UnitStatus,
    pub location: LonLat,
    pub illustrative: bool,
    pub note: String,
}

impl Team {
    /// An on-duty team with only what identifies it; every other attribute empty. Not yet stored
    /// (id 0) and not illustrative.
    pub fn new(name: impl Into<String>, kind: TeamKind, location: LonLat) -> Team {
        Team {
            id: 0,
            code: None,
            name: name.into(),
            kind,
            capabilities: Vec::new(),
            headcount: 0,
            equipment: String::new(),
            supervisor: String::new(),
            contact: String::new(),
            phone: String::new(),
            district: None,
            address: String::new(),
            status: UnitStatus::OnDuty,
            location,
            illustrative: false,
            note: String::new(),
        }
    }

    /// True when the team lists the capability (exact tag match, surrounding space ignored).
    pub fn has_capability(&self, tag: &str) -> bool {
        let tag = tag.trim();
        self.capabilities.iter().any(|c| c == tag)
    }
}

/// One line of a depot's stock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StockLine {
    /// Category (类别): 防护用品, 抢险器材, 生活物资 …
    pub category: String,
    pub item: String,
    pub unit: String,
    pub quantity: f64,
    /// Minimum level (最低储备量); stock below it is flagged.
    pub min_level: f64,
}

impl StockLine {
    pub fn below_minimum(&self) -> bool {
        self.quantity < self.min_level
    }
}

/// A supply depot (应急物资储备库).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Depot {
    pub id: FeatureId,
    pub code: Option<String>,
    pub name: String,
    pub level: DepotLevel,
    pub operator: String,
    pub district: Option<String>,
    pub address: String,
    pub contact: String,
    pub phone: String,
    pub stock: Vec<StockLine>,
    pub location: LonLat,
    pub illustrative: bool,
    pub note: String,
}

impl Depot {
    /// A depot with only what identifies it and no stock. Not yet stored (id 0) and not
    /// illustrative.
    pub fn new(name: impl Into<String>, level: DepotLevel, location: LonLat) -> Depot {
        Depot {
            id: 0,
            code: None,
            name: name.into(),
            level,
            operator: String::new(),
            district: None,
            address: String::new(),
            contact: String::new(),
            phone: String::new(),
            stock: Vec::new(),
            location,
            illustrative: false,
            note: String::new(),
        }
    }

    /// Total quantity of an item held (all lines with that item name).
    pub fn quantity_of(&self, item: &str) -> f64 {
        self.stock.iter().filter(|l| l.item == item).map(|l| l.quantity).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Labelled;

    #[test]
    fn classes_parse_in_both_languages() {
        assert_eq!(StationClass::parse("一级站"), Ok(StationClass::Level1));
        assert_eq!(StationClass::parse(" level1 "), Ok(StationClass::Level1));
        assert_eq!(StationClass::parse("Level-1 station"), Ok(StationClass::Level1));
        assert_eq!(StationClass::parse("一级普通消防站"), Ok(StationClass::Level1));
        let err = StationClass::parse("三级站").unwrap_err();
        assert!(err.to_string().contains("三级站"), "{err}");
        assert!(err.to_string().contains("特勤站"), "{err}");
    }

    #[test]
    fn serde_uses_english_keys_and_accepts_chinese() {
        let json = serde_json::to_string(&StationStatus::Planned).unwrap();
        assert_eq!(json, "\"planned\"");
        let back: StationStatus = serde_json::from_str("\"规划\"").unwrap();
        assert_eq!(back, StationStatus::Planned);
    }

    #[test]
    fn depot_totals_by_item() {
        let line = |item: &str, q: f64| StockLine {
            category: "抢险器材".into(),
            item: item.into(),
            unit: "吨".into(),
            quantity: q,
            min_level: 1.0,
        };
        let depot = Depot {
            id: 1,
            code: None,
            name: "市级库".into(),
            level: DepotLevel::City,
            operator: String::new(),
            district: None,
            address: String::new(),
            contact: String::new(),
            phone: String::new(),
            stock: vec![line("吸附棉", 2.0), line("吸附棉", 0.5), line("沙袋", 3.0)],
            location: LonLat::new(114.3, 36.1),
            illustrative: true,
            note: String::new(),
        };
        assert_eq!(depot.quantity_of("吸附棉"), 2.5);
        assert!(depot.stock[1].below_minimum());
    }
}

//! Enterprises and the four-color risk scale (风险四色).

use serde::{Deserialize, Serialize};

use super::coords::LonLat;
use super::feature::FeatureId;
use crate::labelled_enum;

labelled_enum! {
    /// The four risk colors, fixed by convention (安全风险分级管控): the order is from the
    /// most to the least severe, so `Ord` puts 红 first.
    pub enum RiskLevel: "risk level" {
        Red = ("红", "red", "Major risk", ["重大风险", "重大", "红色", "major"]),
        Orange = ("橙", "orange", "Significant risk", ["较大风险", "较大", "橙色", "significant"]),
        Yellow = ("黄", "yellow", "General risk", ["一般风险", "一般", "黄色", "general"]),
        Blue = ("蓝", "blue", "Low risk", ["低风险", "低", "蓝色", "low"]),
    }
}

impl RiskLevel {
    /// The risk name that goes with the color (重大风险 …), for legends.
    pub fn risk_name_zh(self) -> &'static str {
        match self {
            RiskLevel::Red => "重大风险",
            RiskLevel::Orange => "较大风险",
            RiskLevel::Yellow => "一般风险",
            RiskLevel::Blue => "低风险",
        }
    }

    /// The one palette used everywhere (map, legend, exports), as sRGB.
    pub fn rgb(self) -> [u8; 3] {
        match self {
            RiskLevel::Red => [0xE0, 0x20, 0x20],
            RiskLevel::Orange => [0xF5, 0x8A, 0x1F],
            RiskLevel::Yellow => [0xF2, 0xC9, 0x1A],
            RiskLevel::Blue => [0x1F, 0x6F, 0xD1],
        }
    }

    /// Red and orange: the levels planners must see covered.
    pub fn is_high(self) -> bool {
        matches!(self, RiskLevel::Red | RiskLevel::Orange)
    }
}

/// An enterprise under safety supervision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enterprise {
    pub id: FeatureId,
    pub code: Option<String>,
    pub name: String,
    /// 统一社会信用代码 (18 characters when present).
    pub credit_code: String,
    /// Industry (危化, 冶金, 粉尘涉爆, 涉氨制冷, 有限空间 …).
    pub industry: String,
    pub risk: RiskLevel,
    pub district: Option<String>,
    /// Township (乡镇/街道) code, when known.
    pub township: Option<String>,
    pub address: String,
    pub contact: String,
    pub phone: String,
    /// Located in a chemical/industrial park (drill rules differ).
    pub in_park: bool,
    pub location: LonLat,
    /// Site outline, WGS84.
    pub site: Option<geo_types::MultiPolygon<f64>>,
    pub illustrative: bool,
    pub note: String,
}

impl Enterprise {
    /// An enterprise with only its name, level and position; every other attribute empty. Not
    /// yet stored (id 0) and not illustrative.
    pub fn new(name: impl Into<String>, risk: RiskLevel, location: LonLat) -> Enterprise {
        Enterprise {
            id: 0,
            code: None,
            name: name.into(),
            credit_code: String::new(),
            industry: String::new(),
            risk,
            district: None,
            township: None,
            address: String::new(),
            contact: String::new(),
            phone: String::new(),
            in_park: false,
            location,
            site: None,
            illustrative: false,
            note: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Labelled;

    #[test]
    fn red_sorts_first_and_parses_from_risk_names() {
        let mut v = vec![RiskLevel::Blue, RiskLevel::Red, RiskLevel::Yellow];
        v.sort();
        assert_eq!(v, vec![RiskLevel::Red, RiskLevel::Yellow, RiskLevel::Blue]);
        assert_eq!(RiskLevel::parse("较大风险"), Ok(RiskLevel::Orange));
        assert_eq!(RiskLevel::parse("RED"), Ok(RiskLevel::Red));
    }
}

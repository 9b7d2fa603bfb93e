//! Incident types (事故类型) as templates of what a first dispatch needs: how many stations,
//! which team capabilities, which vehicles and how much of which materials. Stored under
//! `SettingKey::IncidentTemplates` and editable; the defaults below apply until a project
//! saves its own.
//!
//! The default quantities are OneMap's starting points for a first dispatch (首批出动), not
//! figures from a standard: each 119 command centre sets its own (调派力量编成). Capability
//! tags, vehicle kinds and item names are the ones the demo data and common Chinese ledgers
//! use, because matching is by exact name.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A number of vehicles of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleNeed {
    pub kind: String,
    pub count: u32,
}

/// A quantity of one material, in the unit depots record it in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaterialNeed {
    pub item: String,
    /// Matched against the depot's stock unit; empty accepts any unit.
    pub unit: String,
    pub quantity: f64,
}

/// What one incident type needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentTemplate {
    /// The Chinese name shown and typed (火灾).
    pub name: String,
    /// A stable English key for the command line (fire).
    pub key: String,
    /// Stations sent, nearest by arrival first; more are added when vehicles are short.
    pub stations: u32,
    /// Team capability tags needed (危化, 水域 …).
    #[serde(default)]
    pub capabilities: Vec<String>,
    /// Teams sent per capability.
    #[serde(default = "one")]
    pub teams_per_capability: u32,
    #[serde(default)]
    pub vehicles: Vec<VehicleNeed>,
    #[serde(default)]
    pub materials: Vec<MaterialNeed>,
    #[serde(default)]
    pub note: String,
}

fn one() -> u32 {
    1
}

/// Every incident type of a project, in display order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IncidentTemplates {
    pub types: Vec<IncidentTemplate>,
}

/// A type name that is not one of the project's templates.
#[derive(Debug, Clone, Error, PartialEq)]
#[error("unknown incident type \"{value}\" (known: {known})")]
pub struct UnknownType {
    pub value: String,
    pub known: String,
}

impl IncidentTemplates {
    /// The template named `name` (Chinese name or English key, case-insensitive for ASCII).
    pub fn find(&self, name: &str) -> Result<&IncidentTemplate, UnknownType> {
        let n = name.trim();
        self.types.iter().find(|t| t.name == n || t.key.eq_ignore_ascii_case(n)).ok_or_else(|| UnknownType {
            value: n.to_string(),
            known: self.types.iter().map(|t| format!("{} ({})", t.name, t.key)).collect::<Vec<_>>().join(", "),
        })
    }

    /// Why these templates cannot be used, if they cannot: names missing or repeated,
    /// quantities negative or not numbers.
    pub fn problem(&self) -> Option<String> {
        let mut seen: Vec<&str> = Vec::new();
        for t in &self.types {
            if t.name.trim().is_empty() || t.key.trim().is_empty() {
                return Some(format!("incident type \"{}\" ({}) needs both a name and a key", t.name, t.key));
            }
            for n in [t.name.as_str(), t.key.as_str()] {
                if seen.iter().any(|s| s.eq_ignore_ascii_case(n)) {
                    return Some(format!("incident type name or key \"{n}\" is used twice"));
                }
                seen.push(n);
            }
            if let Some(m) = t.materials.iter().find(|m| !(m.quantity.is_finite() && m.quantity >= 0.0)) {
                return Some(format!("incident type {}: material {} has quantity {}", t.name, m.item, m.quantity));
            }
        }
        None
    }
}

fn template(
    name: &str,
    key: &str,
    stations: u32,
    capabilities: &[&str],
    teams_per_capability: u32,
    vehicles: &[(&str, u32)],
    materials: &[(&str, &str, f64)],
) -> IncidentTemplate {
    IncidentTemplate {
        name: name.into(),
        key: key.into(),
        stations,
        capabilities: capabilities.iter().map(|c| (*c).to_string()).collect(),
        teams_per_capability,
        vehicles: vehicles.iter().map(|(k, n)| VehicleNeed { kind: (*k).to_string(), count: *n }).collect(),
        materials: materials
            .iter()
            .map(|(i, u, q)| MaterialNeed { item: (*i).to_string(), unit: (*u).to_string(), quantity: *q })
            .collect(),
        note: String::new(),
    }
}

impl Default for IncidentTemplates {
    /// Starting points, see the module doc.
    fn default() -> Self {
        let types = vec![
            template(
                "火灾",
                "fire",
                3,
                &[],
                1,
                &[("水罐车", 4), ("泡沫车", 1), ("举高喷射车", 1), ("抢险救援车", 1)],
                &[],
            ),
            template(
                "危化品泄漏",
                "hazmat",
                3,
                &["危化"],
                1,
                &[("泡沫车", 2), ("水罐车", 2), ("化学洗消车", 1), ("抢险救援车", 1)],
                &[
                    ("吸附棉", "吨", 5.0),
                    ("泡沫灭火剂", "吨", 10.0),
                    ("防化服", "套", 20.0),
                    ("空气呼吸器", "具", 20.0),
                ],
            ),
            template(
                "水域救援",
                "water_rescue",
                1,
                &["水域"],
                1,
                &[("抢险救援车", 1)],
                &[("冲锋舟", "艘", 4.0), ("救生衣", "件", 50.0)],
            ),
            template(
                "山岳救援",
                "mountain_rescue",
                1,
                &["山岳", "医疗"],
                1,
                &[("抢险救援车", 1)],
                &[("照明灯组", "套", 4.0)],
            ),
            template(
                "建筑坍塌",
                "building_collapse",
                2,
                &["建筑坍塌", "医疗"],
                1,
                &[("抢险救援车", 2)],
                &[("发电机", "台", 4.0), ("照明灯组", "套", 6.0)],
            ),
            template(
                "防汛抢险",
                "flood",
                1,
                &["防汛", "水域"],
                2,
                &[("抢险救援车", 1)],
                &[
                    ("编织袋", "条", 20_000.0),
                    ("冲锋舟", "艘", 6.0),
                    ("救生衣", "件", 200.0),
                    ("抽水泵", "台", 10.0),
                    ("发电机", "台", 4.0),
                ],
            ),
            template(
                "地震",
                "earthquake",
                4,
                &["地震", "建筑坍塌", "医疗"],
                2,
                &[("抢险救援车", 4)],
                &[
                    ("帐篷", "顶", 500.0),
                    ("棉被", "床", 2000.0),
                    ("折叠床", "张", 500.0),
                    ("饮用水", "箱", 3000.0),
                    ("发电机", "台", 10.0),
                    ("照明灯组", "套", 20.0),
                ],
            ),
            template(
                "有限空间",
                "confined_space",
                1,
                &["有限空间"],
                1,
                &[("抢险救援车", 1)],
                &[("空气呼吸器", "具", 10.0)],
            ),
        ];
        Self { types }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_found_by_chinese_name_or_english_key() {
        let t = IncidentTemplates::default();
        assert_eq!(t.find("危化品泄漏").unwrap().key, "hazmat");
        assert_eq!(t.find(" HazMat ").unwrap().name, "危化品泄漏");
        let err = t.find("龙卷风").unwrap_err();
        assert!(err.to_string().contains("火灾 (fire)"), "{err}");
        assert!(err.to_string().contains("地震 (earthquake)"), "{err}");
    }

    #[test]
    fn defaults_are_valid_and_survive_json() {
        let t = IncidentTemplates::default();
        assert_eq!(t.problem(), None);
        let back: IncidentTemplates = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn broken_templates_are_refused() {
        let mut t = IncidentTemplates::default();
        t.types[1].key = "FIRE".into();
        assert!(t.problem().unwrap().contains("used twice"));
        let mut t = IncidentTemplates::default();
        t.types[1].materials[0].quantity = -1.0;
        assert!(t.problem().unwrap().contains("吸附棉"));
    }
}

//! Graded warnings (预警) on an area, a drawn polygon or an enterprise, with a validity period
//! and a source.
//!
//! Four grades, 红/橙/黄/蓝 from the most to the least serious, as 《中华人民共和国突发事件应对法》
//! (2007) Article 42 sets them (一级 to 四级).

use chrono::{DateTime, Utc};
use geo_types::MultiPolygon;
use serde::{Deserialize, Serialize};

use super::coords::LonLat;
use super::feature::FeatureId;
use crate::labelled_enum;

labelled_enum! {
    /// Warning grade; `Ord` puts 红 first.
    pub enum WarningLevel: "warning level" {
        Red = ("红", "red", "Red", ["红色", "一级", "Ⅰ级", "I级"]),
        Orange = ("橙", "orange", "Orange", ["橙色", "二级", "Ⅱ级", "II级"]),
        Yellow = ("黄", "yellow", "Yellow", ["黄色", "三级", "Ⅲ级", "III级"]),
        Blue = ("蓝", "blue", "Blue", ["蓝色", "四级", "Ⅳ级", "IV级"]),
    }
}

impl WarningLevel {
    /// The same palette as the risk colors.
    pub fn rgb(self) -> [u8; 3] {
        match self {
            WarningLevel::Red => [0xE0, 0x20, 0x20],
            WarningLevel::Orange => [0xF5, 0x8A, 0x1F],
            WarningLevel::Yellow => [0xF2, 0xC9, 0x1A],
            WarningLevel::Blue => [0x1F, 0x6F, 0xD1],
        }
    }
}

/// What a warning covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WarningTarget {
    /// An administrative area by code (its outline comes from the areas layer).
    Area { code: String },
    /// A drawn outline, WGS84.
    Polygon { outline: MultiPolygon<f64> },
    /// One enterprise (its site outline, else a radius around it).
    Enterprise { id: FeatureId },
}

impl WarningTarget {
    pub fn kind_zh(&self) -> &'static str {
        match self {
            WarningTarget::Area { .. } => "行政区",
            WarningTarget::Polygon { .. } => "区域",
            WarningTarget::Enterprise { .. } => "企业",
        }
    }
}

/// A warning in force from `starts_at` (included) to `ends_at` (excluded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub id: FeatureId,
    pub level: WarningLevel,
    /// 预警类别: 暴雨, 大风, 高温, 森林火险, 危化品 …
    pub kind: String,
    /// The headline as issued.
    pub title: String,
    pub target: WarningTarget,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// 发布单位: who issued it (市气象台, 市应急管理局 …).
    pub source: String,
    pub illustrative: bool,
    pub note: String,
}

impl Warning {
    pub fn is_active(&self, at: DateTime<Utc>) -> bool {
        self.starts_at <= at && at < self.ends_at
    }

    /// What is wrong with it, if anything.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        if self.kind.trim().is_empty() && self.title.trim().is_empty() {
            return Some(("kind", "give the warning's kind or title".into()));
        }
        if self.ends_at <= self.starts_at {
            return Some(("ends_at", format!("{} is not after the start {}", self.ends_at, self.starts_at)));
        }
        match &self.target {
            WarningTarget::Area { code } if code.trim().is_empty() => Some(("area", "is empty".into())),
            WarningTarget::Polygon { outline } => {
                use geo::CoordsIter;
                if outline.0.is_empty() {
                    return Some(("outline", "is empty".into()));
                }
                outline.coords_iter().find_map(|c| LonLat::new(c.x, c.y).problem()).map(|p| ("outline", p))
            }
            _ => None,
        }
    }
}

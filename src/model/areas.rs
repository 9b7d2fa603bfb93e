//! Administrative areas: province, city, districts/counties, townships (乡镇/街道).

use serde::{Deserialize, Serialize};

use super::feature::FeatureId;
use crate::labelled_enum;

labelled_enum! {
    /// Administrative level.
    pub enum AreaLevel: "area level" {
        Province = ("省", "province", "Province", ["省级"]),
        City = ("市", "city", "City", ["地级市", "市级"]),
        District = ("区县", "district", "District/county", ["县", "区", "县级市", "county"]),
        Township = ("乡镇", "township", "Township/subdistrict", ["乡镇街道", "街道", "乡", "镇"]),
    }
}

/// An administrative area, identified by its statistical code (统计用区划代码).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminArea {
    pub id: FeatureId,
    /// The area code: 6 digits for districts (410502), 9 or 12 for townships.
    pub code: String,
    pub name: String,
    pub level: AreaLevel,
    pub parent: Option<String>,
    pub population: Option<u64>,
    /// Outline, WGS84; townships often have none.
    pub outline: Option<geo_types::MultiPolygon<f64>>,
    /// The outline or position is illustrative (示意).
    pub illustrative: bool,
}

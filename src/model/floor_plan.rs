//! Building floor plans (建筑平面图) attached to an enterprise, optionally georeferenced so they
//! overlay the map at street zoom. The image bytes are stored apart and loaded on demand.

use serde::{Deserialize, Serialize};

use super::feature::FeatureId;
use crate::spatial::georef::{ControlPoint, GeoRef};

/// The image formats a plan may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanImageFormat {
    Png,
    Jpeg,
}

impl PlanImageFormat {
    pub fn media_type(self) -> &'static str {
        match self {
            PlanImageFormat::Png => "image/png",
            PlanImageFormat::Jpeg => "image/jpeg",
        }
    }

    pub fn from_media_type(s: &str) -> Option<Self> {
        match s {
            "image/png" => Some(PlanImageFormat::Png),
            "image/jpeg" => Some(PlanImageFormat::Jpeg),
            _ => None,
        }
    }
}

/// A floor plan without its image bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FloorPlan {
    /// Row id in `risk_floor_plans`.
    pub id: i64,
    pub enterprise_id: FeatureId,
    pub name: String,
    pub format: PlanImageFormat,
    pub width: u32,
    pub height: u32,
    pub control_points: Vec<ControlPoint>,
    /// The fitted transform, when the plan has been georeferenced.
    pub georef: Option<GeoRef>,
    pub note: String,
}

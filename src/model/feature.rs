//! The layers of a project and a feature of any of them.

use serde::{Deserialize, Serialize};

use super::areas::AdminArea;
use super::coords::LonLat;
use super::resources::{Depot, Station, Team};
use super::risk::Enterprise;
use crate::labelled_enum;

/// Row id of a feature within its layer (the GeoPackage `fid`).
pub type FeatureId = i64;

labelled_enum! {
    /// A layer of the project file.
    pub enum Layer: "layer" {
        Stations = ("消防站", "stations", "Fire stations", ["station"]),
        Teams = ("救援队伍", "teams", "Rescue teams", ["team"]),
        Depots = ("物资储备库", "depots", "Supply depots", ["depot"]),
        Enterprises = ("企业", "enterprises", "Enterprises", ["enterprise"]),
        Areas = ("行政区划", "areas", "Administrative areas", ["area"]),
    }
}

impl Layer {
    /// The GeoPackage table name.
    pub fn table(self) -> &'static str {
        use crate::model::Labelled;
        self.key()
    }
}

/// A feature of any layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "layer", rename_all = "snake_case")]
pub enum Feature {
    Stations(Station),
    Teams(Team),
    Depots(Depot),
    Enterprises(Enterprise),
    Areas(AdminArea),
}

impl Feature {
    pub fn layer(&self) -> Layer {
        match self {
            Feature::Stations(_) => Layer::Stations,
            Feature::Teams(_) => Layer::Teams,
            Feature::Depots(_) => Layer::Depots,
            Feature::Enterprises(_) => Layer::Enterprises,
            Feature::Areas(_) => Layer::Areas,
        }
    }

    pub fn id(&self) -> FeatureId {
        match self {
            Feature::Stations(f) => f.id,
            Feature::Teams(f) => f.id,
            Feature::Depots(f) => f.id,
            Feature::Enterprises(f) => f.id,
            Feature::Areas(f) => f.id,
        }
    }

    pub fn set_id(&mut self, id: FeatureId) {
        match self {
            Feature::Stations(f) => f.id = id,
            Feature::Teams(f) => f.id = id,
            Feature::Depots(f) => f.id = id,
            Feature::Enterprises(f) => f.id = id,
            Feature::Areas(f) => f.id = id,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Feature::Stations(f) => &f.name,
            Feature::Teams(f) => &f.name,
            Feature::Depots(f) => &f.name,
            Feature::Enterprises(f) => &f.name,
            Feature::Areas(f) => &f.name,
        }
    }

    /// The source's identifier (areas use their administrative code).
    pub fn code(&self) -> Option<&str> {
        match self {
            Feature::Stations(f) => f.code.as_deref(),
            Feature::Teams(f) => f.code.as_deref(),
            Feature::Depots(f) => f.code.as_deref(),
            Feature::Enterprises(f) => f.code.as_deref(),
            Feature::Areas(f) => Some(&f.code),
        }
    }

    /// The point position of point layers; areas have none.
    pub fn location(&self) -> Option<LonLat> {
        match self {
            Feature::Stations(f) => Some(f.location),
            Feature::Teams(f) => Some(f.location),
            Feature::Depots(f) => Some(f.location),
            Feature::Enterprises(f) => Some(f.location),
            Feature::Areas(_) => None,
        }
    }

    /// Moves a point feature; areas are unchanged.
    pub fn set_location(&mut self, at: LonLat) {
        match self {
            Feature::Stations(f) => f.location = at,
            Feature::Teams(f) => f.location = at,
            Feature::Depots(f) => f.location = at,
            Feature::Enterprises(f) => f.location = at,
            Feature::Areas(_) => {}
        }
    }
}

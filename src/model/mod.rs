//! The domain model: what OneMap knows about a city's emergency resources.
//!
//! Plain data, no UI and no storage. Enum values carry their Chinese names because the
//! regulations, the source spreadsheets and the users speak Chinese; `parse` accepts either
//! the Chinese label or the English key so imports from both kinds of files work.

pub mod areas;
pub mod coords;
pub mod drill;
pub mod drill_mode;
pub mod feature;
pub mod filing;
pub mod floor_plan;
pub mod hazard;
pub mod labels;
pub mod lec;
pub mod ledger_date;
pub mod preposition;
pub mod resources;
pub mod risk;
pub mod risk_zones;
pub mod siting;
pub mod unit;
pub mod warning;
pub mod zone;

pub use areas::{AdminArea, AreaLevel};
pub use coords::LonLat;
pub use feature::{Feature, FeatureId, Layer};
pub use labels::{Labelled, UnknownLabel};
pub use resources::{
    Depot, DepotLevel, Station, StationClass, StationStatus, StockLine, Team, TeamKind, UnitStatus, Vehicle,
};
pub use risk::{Enterprise, RiskLevel};
pub use unit::UnitRef;
pub use zone::Zone;

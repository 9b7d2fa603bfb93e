//! Analyses: pure functions over a [`Snapshot`](crate::snapshot::Snapshot) that return plain
//! data (nearest resources, dispatch, coverage …), shared by the window and the command line.

pub mod coverage;
pub mod coverage_geometry;
pub mod dispatch;
pub mod dispatch_sheet;
pub mod drill_compliance;
pub mod drill_planning;
#[doc(hidden)]
pub mod fixtures;
pub mod hazards;
pub mod incident_types;
pub mod nearest;
pub mod prepositions;
pub mod protection;
pub mod risk;
pub mod travel;
pub mod warnings;

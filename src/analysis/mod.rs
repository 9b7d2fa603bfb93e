//! Analyses: pure functions over a [`Snapshot`](crate::snapshot::Snapshot) that return plain
//! data (nearest resources, dispatch, coverage …), shared by the window and the command line.

pub mod drill_compliance;
pub mod drill_planning;
pub mod hazards;
pub mod prepositions;
pub mod travel;
pub mod warnings;

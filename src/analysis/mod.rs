//! Analyses: pure functions over a [`Snapshot`](crate::snapshot::Snapshot) that return plain
//! data (nearest resources, dispatch, coverage …), shared by the window and the command line.

#[doc(hidden)]
pub mod fixtures;
pub mod nearest;
pub mod protection;
pub mod travel;

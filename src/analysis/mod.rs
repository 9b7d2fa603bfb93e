//! Analyses: pure functions over a [`Snapshot`](crate::snapshot::Snapshot) that return plain
//! data (nearest resources, dispatch, coverage …), shared by the window and the command line.

pub mod risk;
pub mod travel;

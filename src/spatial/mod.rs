//! Coordinates and space: GCJ-02 conversion, the local metric projection, spatial indices and
//! nearest-neighbour search.

pub mod gcj02;
pub mod index;
pub mod measure;
pub mod projection;

pub use index::PointIndex;
pub use projection::{LocalM, LocalProjection};

//! Coordinates and space: GCJ-02 conversion, the local metric projection, spatial indices,
//! nearest-neighbour search, and georeferencing images from control points.

pub mod gcj02;
pub mod georef;
pub mod index;
pub mod measure;
pub mod projection;

pub use index::PointIndex;
pub use projection::{LocalM, LocalProjection};

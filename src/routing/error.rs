//! What can go wrong reading a road file, building the graph or routing, in words a user can act on.

use std::path::PathBuf;

use thiserror::Error;

use crate::model::LonLat;

#[derive(Debug, Error)]
pub enum RoutingError {
    #[error("{}: {message}", file.display())]
    File { file: PathBuf, message: String },
    #[error("{}, line {line}: {message}", file.display())]
    Xml { file: PathBuf, line: u64, message: String },
    #[error("{}: not a valid OSM PBF file ({message})", file.display())]
    Pbf { file: PathBuf, message: String },
    #[error(
        "{}: no drivable road inside {bbox}: the file has {road_ways} road way(s) in all; check the box (west,south,east,north) or the file",
        file.display()
    )]
    NoRoadsInBox { file: PathBuf, bbox: String, road_ways: u64 },
    #[error(transparent)]
    Shapefile(#[from] crate::io::ImportError),
    #[error("cancelled; nothing was changed")]
    Cancelled,
    #[error("this project has no road network yet; import one with `onemap roads import --db PROJECT FILE.osm.pbf`")]
    NoRoads,
    #[error("{what} ({at}) is more than {max_m:.0} m from any drivable road")]
    OffRoad { what: &'static str, at: LonLat, max_m: f64 },
    #[error("no road route from {from} to {to} (one-way streets or closed roads separate them)")]
    NoRoute { from: LonLat, to: LonLat },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

impl RoutingError {
    /// True when the user's input (file, argument, project content) is at fault.
    pub fn is_input(&self) -> bool {
        match self {
            RoutingError::Store(e) => e.is_input(),
            _ => true,
        }
    }

    pub(crate) fn file(file: &std::path::Path, message: impl Into<String>) -> Self {
        RoutingError::File { file: file.to_path_buf(), message: message.into() }
    }
}

pub type Result<T, E = RoutingError> = std::result::Result<T, E>;

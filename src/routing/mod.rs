//! Roads: travel times, routes and drive-time areas on a road network from OpenStreetMap or a
//! Shapefile. No egui here; the window and the command line call these functions.
//!
//! - [`source`] reads road files ([`osm_xml`], [`osm_pbf`], [`shp_roads`]) into raw ways under a
//!   [`profile`] (which roads, how fast, which way); [`build`] turns them into a [`RoadNetwork`].
//! - [`store`] keeps the network in the project (a GeoPackage `roads` layer plus a cached graph)
//!   and [`import`] is the all-or-nothing import action.
//! - A [`Router`] is a network under one profile and time of day: [`Router::route`],
//!   [`Router::reach`] (one-to-all and multi-source), [`isochrone`], [`service_area`]; it is also
//!   the road [`TravelModel`](crate::analysis::travel::TravelModel).
//! - [`snap`] defines a place's routed time, the same for every query.

pub mod build;
mod error;
mod fast;
pub mod first_two;
pub mod import;
pub mod isochrone;
pub mod network;
pub mod osm_pbf;
pub mod osm_xml;
pub mod profile;
pub mod reach;
pub mod route;
mod router;
pub mod service_area;
pub mod shp_roads;
pub mod snap;
pub mod source;
pub mod store;
pub mod synthetic;
mod travel_model;

pub use error::{Result, RoutingError};
pub use first_two::{FirstTwo, LateSource, SplitAreas};
pub use import::{ImportSummary, RoadImport, import_roads, load_router, set_speed_profile};
pub use isochrone::Isochrone;
pub use network::{BuildSummary, RoadNetwork, Segment};
pub use profile::{Direction, RoadClass, SpeedProfile, TimeOfDay};
pub use reach::{PlaceCost, Reach};
pub use route::{Route, RouteStep};
pub use router::{Metric, Router};
pub use service_area::{ServiceArea, ServiceAreas};
pub use snap::Snap;

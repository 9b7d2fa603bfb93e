//! OneMap (应急资源一张图): one map of a city's emergency resources.
//!
//! The library holds everything but the window: the domain [`model`], the [`store`] (a
//! GeoPackage project file), importers and exporters in [`io`], [`spatial`] indices and
//! projections, the read-only [`snapshot`], and the write [`actions`] shared by the command
//! line ([`cli`]) and the window.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod actions;
pub mod analysis;
pub mod cli;
pub mod demo;
pub mod i18n;
pub mod io;
pub mod model;
pub mod planning;
pub mod progress;
pub mod render;
pub mod routing;
pub mod snapshot;
pub mod spatial;
pub mod store;
pub mod ui;

/// Identifies the app for settings and data directories.
pub const APP_ID: &str = "onemap";

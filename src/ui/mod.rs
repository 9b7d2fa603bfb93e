//! The window: a thin egui layer over the library. `app` is the eframe shell; each panel in
//! `panels/` is a [`view::View`] returning [`command::Command`]s applied after the frame; `map/`
//! holds the map panel, its walkers plugins and the egui painter for display lists.

pub mod app;
pub mod command;
pub mod dialogs;
pub mod document;
pub mod fonts;
pub mod jobs;
pub mod map;
pub mod panels;
pub mod settings;
pub mod view;

use std::path::PathBuf;
use std::time::Instant;

pub use app::{OneMapApp, StartOptions};

/// Opens the window and runs until it is closed.
pub fn run(project: Option<PathBuf>, operator: Option<String>, started: Instant) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(crate::i18n::T::AppTitle.zh())
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([900.0, 600.0]),
        persist_window: true,
        ..Default::default()
    };
    // Decode the offline basemap while the window and the GPU start up.
    std::thread::spawn(|| {
        crate::render::layers::basemap::natural_earth(crate::render::Datum::Wgs84);
    });
    let opts = StartOptions { project, operator, started: Some(started) };
    eframe::run_native(crate::APP_ID, options, Box::new(move |cc| Ok(Box::new(OneMapApp::new(cc, opts)))))
        .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

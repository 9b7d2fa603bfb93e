//! The window under egui_kittest, shared by the window tests (`#[path]`-included: only they
//! need egui_kittest).

use std::path::Path;

use egui_kittest::Harness;
use onemap::ui::settings::UiSettings;
use onemap::ui::{OneMapApp, StartOptions};

/// The window on `path` at 1400 × 880 with the bundled font, run until the map has drawn.
pub fn harness(path: &Path, settings: UiSettings) -> Harness<'static, OneMapApp> {
    let path = path.to_path_buf();
    let mut h = Harness::builder()
        .with_size([1400.0, 880.0])
        .with_context_setup(onemap::ui::fonts::install)
        .build_eframe(move |cc| {
            OneMapApp::with_settings(
                &cc.egui_ctx,
                settings,
                StartOptions { project: Some(path), operator: Some("测试员".into()), started: None },
            )
        });
    h.run_steps(4);
    h
}

//! The small trait every panel implements, and what panels get to see.

use super::command::Command;
use super::document::{Document, FeatureRef};
use super::settings::UiSettings;
use crate::i18n::{Lang, T};

/// What a panel sees while it draws: the document read-only, preferences to adjust.
pub struct Cx<'a> {
    pub doc: Option<&'a Document>,
    pub settings: &'a mut UiSettings,
    pub selection: Option<FeatureRef>,
    /// What the map drew in its last frame, for the legend.
    pub legend: crate::render::LegendTally,
    /// The map's state for the status bar.
    pub status: StatusInfo,
}

/// What the status bar shows about the map.
#[derive(Debug, Clone, Default)]
pub struct StatusInfo {
    pub cursor: Option<crate::model::LonLat>,
    pub zoom: f64,
    pub metres_per_px: f64,
    pub tiles: Option<crate::ui::map::tiles::TileStatus>,
    pub frame_ms: f64,
    /// The latest message (saved, imported, an error) and whether it is an error.
    pub message: Option<(String, bool)>,
    pub tool: crate::ui::map::tools::Tool,
    pub edit_mode: bool,
    pub can_undo: bool,
    pub can_redo: bool,
}

impl Cx<'_> {
    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    pub fn t(&self, key: T) -> &'static str {
        self.settings.lang.t(key)
    }
}

/// A window that opens in the middle of the screen (and can be moved from there).
pub fn centred_window(ctx: &egui::Context, title: &str) -> egui::Window<'static> {
    let centre = ctx.content_rect().center();
    egui::Window::new(title.to_owned()).pivot(egui::Align2::CENTER_CENTER).default_pos(centre).collapsible(false)
}

/// A panel: owns its own state, draws itself, and returns what it wants done.
pub trait View {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut Cx) -> Option<Command>;
}

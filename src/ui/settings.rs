//! Preferences kept between runs (eframe storage, per user): language, theme, layer order,
//! visibility and opacity, basemap source, filters, panels, the last project and its view.
//! Runtime state (the open document, selection, tool) lives in the app, not here.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::map::tiles::TileChoice;
use crate::i18n::Lang;
use crate::render::{Filter, LayerId, Theme};

/// Key under which eframe stores these settings.
pub const STORAGE_KEY: &str = "onemap.ui";

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LayerSetting {
    pub id: LayerId,
    pub visible: bool,
    /// 0..1.
    pub opacity: f32,
}

/// Where the map was looking.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SavedView {
    pub lon: f64,
    pub lat: f64,
    pub zoom: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiSettings {
    pub lang: Lang,
    pub theme: Theme,
    /// Bottom to top.
    pub layers: Vec<LayerSetting>,
    pub tiles: TileChoice,
    pub tile_opacity: f32,
    /// 天地图 key (https://console.tianditu.gov.cn), needed for its tiles.
    pub tianditu_key: String,
    pub pmtiles_path: Option<PathBuf>,
    pub mbtiles_path: Option<PathBuf>,
    /// Draw Natural Earth country boundaries (not the official 标准地图).
    pub countries: bool,
    /// Show GCJ-02 coordinates beside WGS84 in the status bar.
    pub show_gcj: bool,
    pub show_sidebar: bool,
    pub show_details: bool,
    pub filter: Filter,
    pub last_project: Option<PathBuf>,
    pub last_view: Option<SavedView>,
    /// Who signs the records and audit rows written in the window (上报人, 复查, 销号); empty:
    /// `$ONEMAP_OPERATOR`, else the OS user. `--operator` on the command line wins.
    pub operator: String,
}

impl Default for UiSettings {
    fn default() -> Self {
        Self {
            lang: Lang::Zh,
            theme: Theme::Light,
            layers: default_layers(),
            tiles: TileChoice::None,
            tile_opacity: 1.0,
            tianditu_key: String::new(),
            pmtiles_path: None,
            mbtiles_path: None,
            countries: false,
            show_gcj: false,
            show_sidebar: true,
            show_details: true,
            filter: Filter::default(),
            last_project: None,
            last_view: None,
            operator: String::new(),
        }
    }
}

fn default_layers() -> Vec<LayerSetting> {
    LayerId::ALL.iter().map(|&id| LayerSetting { id, visible: id.default_visible(), opacity: 1.0 }).collect()
}

impl UiSettings {
    /// Repairs settings from an older or edited store: every layer exactly once.
    pub fn normalise(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.layers.retain(|l| seen.insert(l.id));
        for (i, &id) in LayerId::ALL.iter().enumerate() {
            if !self.layers.iter().any(|l| l.id == id) {
                let visible = id.default_visible();
                self.layers.insert(i.min(self.layers.len()), LayerSetting { id, visible, opacity: 1.0 });
            }
        }
        for l in &mut self.layers {
            l.opacity = l.opacity.clamp(0.0, 1.0);
        }
        // The offline basemap is always the bottom layer.
        if let Some(i) = self.layers.iter().position(|l| l.id == LayerId::Basemap) {
            let b = self.layers.remove(i);
            self.layers.insert(0, b);
        }
        self.tile_opacity = self.tile_opacity.clamp(0.0, 1.0);
    }

    pub fn layer(&self, id: LayerId) -> Option<&LayerSetting> {
        self.layers.iter().find(|l| l.id == id)
    }

    pub fn layer_mut(&mut self, id: LayerId) -> Option<&mut LayerSetting> {
        self.layers.iter_mut().find(|l| l.id == id)
    }

    /// Visible layers, bottom to top.
    pub fn visible_layers(&self) -> Vec<LayerId> {
        self.layers.iter().filter(|l| l.visible).map(|l| l.id).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_restores_missing_and_duplicate_layers() {
        let mut s = UiSettings::default();
        s.layers.remove(2);
        s.layers.push(s.layers[0]);
        s.normalise();
        assert_eq!(s.layers.len(), LayerId::ALL.len());
        let json = serde_json::to_string(&s).unwrap();
        let back: UiSettings = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        // Unknown or missing fields fall back to defaults.
        let partial: UiSettings = serde_json::from_str(r#"{"lang":"En"}"#).unwrap();
        assert_eq!(partial.lang, Lang::En);
        assert_eq!(partial.layers.len(), LayerId::ALL.len());
    }
}

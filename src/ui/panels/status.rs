//! The status bar: cursor coordinates (WGS84, and GCJ-02 on request), zoom and scale, feature
//! counts, the tile source's state, frame time and the latest message.

use egui::{Color32, RichText, Ui};

use crate::i18n::T;
use crate::spatial::gcj02;
use crate::ui::command::Command;
use crate::ui::map::tiles::TileStatus;
use crate::ui::view::{Cx, View};

#[derive(Default)]
pub struct StatusBar;

/// The map scale 1:N on a screen of ~96 dpi (0.264 mm per pixel), rounded to two figures.
fn scale_denominator(metres_per_px: f64) -> u64 {
    let n = metres_per_px / 0.000_264_6;
    let mag = 10f64.powf(n.log10().floor() - 1.0).max(1.0);
    ((n / mag).round() * mag) as u64
}

impl View for StatusBar {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        let lang = cx.lang();
        let st = cx.status.clone();
        ui.horizontal(|ui| {
            match st.cursor {
                Some(p) => {
                    ui.monospace(format!("WGS84 {:.5}°E {:.5}°N", p.lon, p.lat));
                    if cx.settings.show_gcj {
                        let g = gcj02::wgs84_to_gcj02(p);
                        ui.monospace(RichText::new(format!("GCJ-02 {:.5}, {:.5}", g.lon, g.lat)).weak());
                    }
                }
                None => {
                    ui.monospace(RichText::new("WGS84  —").weak());
                }
            }
            ui.separator();
            // The map's drawing time is there for whoever asks (hover), not in everyone's face.
            ui.label(format!("{} {:.1}", lang.t(T::Zoom), st.zoom)).on_hover_text(format!(
                "{} {:.1} ms",
                lang.t(T::FrameTime),
                st.frame_ms
            ));
            if st.metres_per_px > 0.0 {
                ui.label(format!("1:{}", scale_denominator(st.metres_per_px)));
            }
            ui.separator();
            if let Some(doc) = cx.doc {
                let s = &doc.snapshot;
                ui.label(format!(
                    "{} {} · {} {} · {} {} · {} {}",
                    lang.t(T::CountStations),
                    s.stations.len(),
                    lang.t(T::CountTeams),
                    s.teams.len(),
                    lang.t(T::CountDepots),
                    s.depots.len(),
                    lang.t(T::CountEnterprises),
                    s.enterprises.len()
                ));
            }
            if cx.settings.filter.is_active() {
                ui.label(RichText::new(lang.t(T::FilterOn)).color(Color32::from_rgb(0xC0, 0x5A, 0x00)));
            }
            match &st.tiles {
                Some(TileStatus::Loading) => {
                    ui.separator();
                    ui.label(RichText::new(lang.t(T::TilesLoading)).weak());
                }
                Some(TileStatus::Unavailable) => {
                    ui.separator();
                    ui.label(RichText::new(lang.t(T::TilesUnavailable)).weak())
                        .on_hover_text(lang.t(T::TilesUnavailableHint));
                }
                Some(TileStatus::Failed(why)) => {
                    ui.separator();
                    ui.label(RichText::new(lang.t(T::TilesFailed)).weak()).on_hover_text(why.describe(lang));
                }
                _ => {}
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some((m, error)) = &st.message {
                    let text = RichText::new(m);
                    ui.label(if *error { text.color(Color32::from_rgb(0xD3, 0x2F, 0x2F)) } else { text });
                }
            });
        });
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_is_rounded_to_two_figures() {
        assert_eq!(scale_denominator(10.0), 38_000);
        assert_eq!(scale_denominator(100.0), 380_000);
    }
}

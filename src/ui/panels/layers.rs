//! The layers panel: each layer's visibility, opacity and draw order, the raster basemap, and
//! the legend of what the map is drawing right now.

use egui::{ComboBox, RichText, Slider, Ui};

use crate::i18n::T;
use crate::render::display::DisplayList;
use crate::render::sheet;
use crate::render::{LayerId, legend};
use crate::ui::command::Command;
use crate::ui::map::paint;
use crate::ui::map::tiles::TileChoice;
use crate::ui::view::{Cx, View};

#[derive(Default)]
pub struct LayersPanel;

impl View for LayersPanel {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        let lang = cx.lang();
        let n = cx.settings.layers.len();
        let mut swap: Option<(usize, usize)> = None;
        // The offline basemap stays at the bottom, under everything (and under raster tiles).
        let movable: Vec<bool> = cx.settings.layers.iter().map(|l| l.id != LayerId::Basemap).collect();
        let can = |i: usize| movable.get(i).copied().unwrap_or(false);
        // Top of the list = top of the map.
        for i in (0..n).rev() {
            let Some(l) = cx.settings.layers.get_mut(i) else { continue };
            ui.horizontal(|ui| {
                ui.checkbox(&mut l.visible, l.id.name(lang));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .add_enabled(i > 0 && can(i) && can(i - 1), egui::Button::new("↓").small())
                        .on_hover_text(lang.t(T::MoveDown))
                        .clicked()
                    {
                        swap = Some((i, i - 1));
                    }
                    if ui
                        .add_enabled(i + 1 < n && can(i) && can(i + 1), egui::Button::new("↑").small())
                        .on_hover_text(lang.t(T::MoveUp))
                        .clicked()
                    {
                        swap = Some((i, i + 1));
                    }
                    ui.spacing_mut().slider_width = 56.0;
                    ui.add(Slider::new(&mut l.opacity, 0.0..=1.0).show_value(false)).on_hover_text(format!(
                        "{} {:.0}%",
                        lang.t(T::Opacity),
                        l.opacity * 100.0
                    ));
                });
            });
        }
        if let Some((a, b)) = swap {
            cx.settings.layers.swap(a, b);
        }
        ui.separator();
        ui.horizontal(|ui| {
            let l = ui.label(lang.t(T::LayerTiles));
            tile_choice(ui, "tiles", &mut cx.settings.tiles, lang).labelled_by(l.id);
        });
        if cx.settings.tiles != TileChoice::None {
            ui.add(Slider::new(&mut cx.settings.tile_opacity, 0.0..=1.0).text(lang.t(T::Opacity)));
        }
        ui.separator();
        legend_ui(ui, cx);
        None
    }
}

/// The legend, drawn with the same swatches as exported maps.
pub fn legend_ui(ui: &mut Ui, cx: &Cx) {
    let lang = cx.lang();
    ui.strong(lang.t(T::Legend));
    let groups = legend::groups(&cx.legend, cx.settings.theme, lang);
    if groups.is_empty() {
        ui.label(RichText::new(lang.t(T::LegendEmpty)).weak());
    }
    for g in &groups {
        ui.label(RichText::new(&g.title).weak());
        for e in &g.entries {
            ui.horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(egui::vec2(24.0, 18.0), egui::Sense::hover());
                let mut list = DisplayList::default();
                sheet::swatch(&mut list, [rect.center().x, rect.center().y], &e.swatch);
                let mut shapes = Vec::new();
                paint::paint(ui.painter(), &list, 1.0, &mut shapes, None);
                ui.label(&e.label);
            });
        }
    }
    if cx.legend.illustrative {
        ui.add_space(4.0);
        ui.label(RichText::new(lang.t(T::IllustrativeNote)).color(egui::Color32::from_rgb(0xC0, 0x5A, 0x00)).small());
    }
}

/// The tile-source picker (layers panel and settings window).
pub fn tile_choice(ui: &mut Ui, id: &str, choice: &mut TileChoice, lang: crate::i18n::Lang) -> egui::Response {
    ComboBox::from_id_salt(id)
        .selected_text(choice.name(lang))
        .show_ui(ui, |ui| {
            for c in TileChoice::ALL {
                ui.selectable_value(choice, c, c.name(lang));
            }
        })
        .response
}

//! The settings window: language, theme, basemap source (天地图 key, local tile files), and the
//! protection radii stored in the project.

use egui::{DragValue, Grid, RichText, TextEdit, Ui};

use crate::i18n::{Lang, T};
use crate::model::{Labelled, StationClass};
use crate::render::{ProjectMapSettings, Theme};
use crate::ui::command::Command;
use crate::ui::view::{Cx, View};

#[derive(Default)]
pub struct SettingsWindow {
    pub open: bool,
    /// The project settings being edited (taken from the document when the window opens).
    draft: Option<ProjectMapSettings>,
}

impl SettingsWindow {
    pub fn show(&mut self) {
        self.open = true;
        self.draft = None;
    }
}

fn path_row(ui: &mut Ui, label: &str, path: &mut Option<std::path::PathBuf>, ext: &str, lang: Lang) {
    let l = ui.label(label);
    ui.horizontal(|ui| {
        // Typed or chosen: the text field works where no system file dialog does.
        let mut text = path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        let edit = TextEdit::singleline(&mut text).desired_width(200.0).hint_text(lang.t(T::None));
        if ui.add(edit).labelled_by(l.id).changed() {
            *path = (!text.trim().is_empty()).then(|| std::path::PathBuf::from(text.trim()));
        }
        if ui.button(lang.t(T::Choose)).clicked()
            && let Some(p) = rfd::FileDialog::new().add_filter(ext, &[ext]).pick_file()
        {
            *path = Some(p);
        }
    });
    ui.end_row();
}

impl View for SettingsWindow {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        if !self.open {
            return None;
        }
        let lang = cx.lang();
        let t = |k: T| lang.t(k);
        let mut open = self.open;
        let mut out = None;
        if self.draft.is_none() {
            self.draft = cx.doc.map(|d| d.map_settings.clone());
        }
        crate::ui::view::centred_window(ui.ctx(), t(T::SettingsTitle)).open(&mut open).resizable(false).show(
            ui.ctx(),
            |ui| {
                Grid::new("settings").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                    ui.label(format!("{} / {}", T::Language.zh(), T::Language.en()));
                    ui.horizontal(|ui| {
                        for l in [Lang::Zh, Lang::En] {
                            ui.radio_value(&mut cx.settings.lang, l, l.native_name());
                        }
                    });
                    ui.end_row();
                    ui.label(t(T::Theme));
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut cx.settings.theme, Theme::Light, t(T::ThemeLight));
                        ui.radio_value(&mut cx.settings.theme, Theme::Dark, t(T::ThemeDark));
                    });
                    ui.end_row();
                    let l = ui.label(t(T::LayerTiles));
                    super::layers::tile_choice(ui, "tiles-setting", &mut cx.settings.tiles, lang).labelled_by(l.id);
                    ui.end_row();
                    ui.label(t(T::TiandituKey));
                    ui.add(TextEdit::singleline(&mut cx.settings.tianditu_key).password(true).desired_width(260.0));
                    ui.end_row();
                    path_row(ui, "PMTiles", &mut cx.settings.pmtiles_path, "pmtiles", lang);
                    path_row(ui, "MBTiles", &mut cx.settings.mbtiles_path, "mbtiles", lang);
                    let l = ui.label(t(T::OperatorName));
                    ui.add(TextEdit::singleline(&mut cx.settings.operator).desired_width(260.0)).labelled_by(l.id);
                    ui.end_row();
                    ui.label(t(T::Display));
                    ui.vertical(|ui| {
                        ui.checkbox(&mut cx.settings.show_gcj, t(T::ShowGcj));
                        ui.checkbox(&mut cx.settings.countries, t(T::CountryBoundary));
                    });
                    ui.end_row();
                });
                ui.label(RichText::new(t(T::OnlineNote)).weak().small());
                if let Some(draft) = &mut self.draft {
                    ui.separator();
                    ui.strong(t(T::ProtectionRadii));
                    ui.label(RichText::new(t(T::ProtectionRadiiNote)).weak().small());
                    Grid::new("radii").num_columns(2).show(ui, |ui| {
                        for &c in StationClass::ALL {
                            ui.label(lang.label(c));
                            let r = draft.protection.get_mut(c);
                            let mut km = *r / 1000.0;
                            if ui
                                .add(
                                    DragValue::new(&mut km)
                                        .speed(0.01)
                                        .range(0.0..=50.0)
                                        .fixed_decimals(2)
                                        .suffix(" km"),
                                )
                                .changed()
                            {
                                *r = (km * 1000.0).round();
                            }
                            ui.end_row();
                        }
                    });
                    ui.horizontal(|ui| {
                        if ui.button(t(T::SaveToProject)).clicked() {
                            out = Some(Command::SaveMapSettings(draft.clone()));
                        }
                        if ui.button(t(T::RestoreStandard)).clicked() {
                            draft.protection = Default::default();
                        }
                    });
                }
            },
        );
        self.open = open;
        out
    }
}

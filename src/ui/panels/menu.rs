//! The menu bar and the toolbar under it.

use egui::{RichText, Ui};

use crate::i18n::{Lang, T};
use crate::model::Layer;
use crate::render::Theme;
use crate::ui::command::{Command, LayerFormat};
use crate::ui::dialogs::PathPurpose;
use crate::ui::map::tools::Tool;
use crate::ui::view::{Cx, View};

const POINT_LAYERS: [Layer; 4] = [Layer::Stations, Layer::Teams, Layer::Depots, Layer::Enterprises];

#[derive(Default)]
pub struct MenuBar;

fn item(ui: &mut Ui, text: &str, shortcut: &str) -> bool {
    let b = egui::Button::new(text).shortcut_text(shortcut);
    ui.add(b).clicked()
}

impl View for MenuBar {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        let lang = cx.lang();
        let t = |k: T| lang.t(k);
        let has_doc = cx.doc.is_some();
        let mut out = None;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(t(T::MenuFile), |ui| {
                if item(ui, t(T::NewProject), "") {
                    out = Some(Command::ChoosePath(PathPurpose::New));
                }
                if item(ui, t(T::OpenProject), "Ctrl+O") {
                    out = Some(Command::ChoosePath(PathPurpose::Open));
                }
                ui.separator();
                ui.add_enabled_ui(has_doc, |ui| {
                    ui.menu_button(t(T::Import), |ui| {
                        for l in POINT_LAYERS.iter().chain([&Layer::Areas]) {
                            if ui.button(lang.label(*l)).clicked() {
                                out = Some(Command::ChoosePath(PathPurpose::Import(*l)));
                            }
                        }
                    });
                    ui.menu_button(t(T::ExportLayer), |ui| {
                        for l in POINT_LAYERS.iter().chain([&Layer::Areas]) {
                            ui.menu_button(lang.label(*l), |ui| {
                                if ui.button("GeoJSON").clicked() {
                                    out = Some(Command::ChoosePath(PathPurpose::ExportLayer(*l, LayerFormat::GeoJson)));
                                }
                                if ui.button("CSV").clicked() {
                                    out = Some(Command::ChoosePath(PathPurpose::ExportLayer(*l, LayerFormat::Csv)));
                                }
                            });
                        }
                    });
                    if item(ui, t(T::ExportPng), "Ctrl+E") {
                        out = Some(Command::ChoosePath(PathPurpose::ExportMap { pdf: false }));
                    }
                    if item(ui, t(T::ExportPdf), "") {
                        out = Some(Command::ChoosePath(PathPurpose::ExportMap { pdf: true }));
                    }
                });
                ui.separator();
                if item(ui, t(T::Quit), "") {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button(t(T::MenuEdit), |ui| {
                ui.add_enabled_ui(cx.status.can_undo, |ui| {
                    if item(ui, t(T::Undo), "Ctrl+Z") {
                        out = Some(Command::Undo);
                    }
                });
                ui.add_enabled_ui(cx.status.can_redo, |ui| {
                    if item(ui, t(T::Redo), "Ctrl+Y") {
                        out = Some(Command::Redo);
                    }
                });
                ui.separator();
                ui.add_enabled_ui(has_doc, |ui| {
                    ui.menu_button(t(T::AddFeature), |ui| {
                        for l in POINT_LAYERS {
                            if ui.button(lang.label(l)).clicked() {
                                out = Some(Command::StartAdd(l));
                            }
                        }
                    });
                    let mut edit = cx.status.edit_mode;
                    if ui.checkbox(&mut edit, t(T::EditMode)).changed() {
                        out = Some(Command::SetEditMode(edit));
                    }
                });
            });
            ui.menu_button(t(T::MenuView), |ui| {
                ui.checkbox(&mut cx.settings.show_sidebar, t(T::Sidebar));
                ui.checkbox(&mut cx.settings.show_details, t(T::DetailsPanel));
                if item(ui, t(T::ZoomToExtent), "Home") {
                    out = Some(Command::ZoomToExtent);
                }
                ui.separator();
                ui.label(RichText::new(t(T::Theme)).weak());
                ui.radio_value(&mut cx.settings.theme, Theme::Light, t(T::ThemeLight));
                ui.radio_value(&mut cx.settings.theme, Theme::Dark, t(T::ThemeDark));
                ui.separator();
                ui.label(RichText::new(T::Language.zh().to_string() + " / " + T::Language.en()).weak());
                for l in [Lang::Zh, Lang::En] {
                    ui.radio_value(&mut cx.settings.lang, l, l.native_name());
                }
                ui.separator();
                ui.checkbox(&mut cx.settings.show_gcj, t(T::ShowGcj));
                ui.checkbox(&mut cx.settings.countries, t(T::CountryBoundary));
            });
            ui.menu_button(t(T::MenuTools), |ui| {
                if item(ui, t(T::ToolBrowse), "Esc") {
                    out = Some(Command::SetTool(Tool::Browse));
                }
                if item(ui, t(T::ToolDistance), "") {
                    out = Some(Command::SetTool(Tool::MeasureDistance));
                }
                if item(ui, t(T::ToolArea), "") {
                    out = Some(Command::SetTool(Tool::MeasureArea));
                }
                if item(ui, t(T::RoadsTitle), "") {
                    out = Some(Command::ShowRoads);
                }
                if item(ui, t(T::SitingTitle), "") {
                    out = Some(Command::ShowSiting);
                }
                ui.separator();
                use super::record_ops::RecordWindow;
                for (w, key) in [
                    (RecordWindow::Drills, T::DrillsTitle),
                    (RecordWindow::Prepositions, T::PrepositionsTitle),
                    (RecordWindow::Warnings, T::WarningsTitle),
                ] {
                    if item(ui, t(key), "") {
                        out = Some(Command::ShowRecords(w));
                    }
                }
                // Drill mode: the map carries the 演练 watermark, exports and the log 【演练】.
                let drill = cx.doc.is_some_and(|d| d.index.records.drill.is_some());
                let mut on = drill;
                if ui.checkbox(&mut on, t(T::DrillModeMenu)).on_hover_text(t(T::DrillModeHint)).changed() {
                    out = Some(Command::SetDrillMode(on));
                }
                ui.separator();
                if item(ui, t(T::Settings), "") {
                    out = Some(Command::ShowSettings);
                }
                if item(ui, t(T::EditIncidentTypes), "") {
                    out = Some(Command::ShowIncidentTypes);
                }
            });
            ui.menu_button(t(T::MenuHelp), |ui| {
                if item(ui, t(T::About), "") {
                    out = Some(Command::ShowAbout);
                }
            });
        });
        out
    }
}

/// The toolbar: tools, edit mode, undo/redo, whole view, export.
#[derive(Default)]
pub struct Toolbar;

impl View for Toolbar {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        let lang = cx.lang();
        let t = |k: T| lang.t(k);
        let tool = cx.status.tool;
        let mut out = None;
        ui.add_enabled_ui(cx.doc.is_some(), |ui| {
            ui.horizontal(|ui| {
                for (label, hint, target) in [
                    (T::ToolBrowse, T::ToolBrowseHint, Tool::Browse),
                    (T::ToolDistance, T::HintMeasure, Tool::MeasureDistance),
                    (T::ToolArea, T::HintMeasure, Tool::MeasureArea),
                ] {
                    if ui.selectable_label(tool == target, t(label)).on_hover_text(t(hint)).clicked() {
                        out = Some(Command::SetTool(target));
                    }
                }
                ui.separator();
                let adding = matches!(tool, Tool::Add(_));
                ui.menu_button(
                    RichText::new(format!("{} ▼", t(T::AddFeature))).strong().color(if adding {
                        ui.visuals().selection.stroke.color
                    } else {
                        ui.visuals().text_color()
                    }),
                    |ui| {
                        for l in POINT_LAYERS {
                            if ui.button(lang.label(l)).clicked() {
                                out = Some(Command::StartAdd(l));
                            }
                        }
                    },
                );
                if ui.selectable_label(cx.status.edit_mode, t(T::EditMode)).on_hover_text(t(T::HintEdit)).clicked() {
                    out = Some(Command::SetEditMode(!cx.status.edit_mode));
                }
                ui.separator();
                if ui.add_enabled(cx.status.can_undo, egui::Button::new(t(T::Undo))).clicked() {
                    out = Some(Command::Undo);
                }
                if ui.add_enabled(cx.status.can_redo, egui::Button::new(t(T::Redo))).clicked() {
                    out = Some(Command::Redo);
                }
                ui.separator();
                if ui.button(t(T::ZoomToExtent)).clicked() {
                    out = Some(Command::ZoomToExtent);
                }
                if ui.button(t(T::ExportPng)).clicked() {
                    out = Some(Command::ChoosePath(PathPurpose::ExportMap { pdf: false }));
                }
            });
        });
        out
    }
}

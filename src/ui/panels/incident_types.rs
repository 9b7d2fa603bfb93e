//! The incident-type editor: each type is a template of stations, team capabilities, vehicles
//! and materials that dispatch fills. Edits a draft of the project's templates; saving sends it
//! through `actions::dispatch::save_templates` (validated, one audited write).

use egui::{DragValue, Grid, RichText, TextEdit, Ui};

use crate::analysis::incident_types::{IncidentTemplate, IncidentTemplates, MaterialNeed, VehicleNeed};
use crate::i18n::{Lang, T};
use crate::ui::command::Command;
use crate::ui::view::{Cx, View};

#[derive(Default)]
pub struct IncidentTypesWindow {
    pub open: bool,
    draft: Option<IncidentTemplates>,
    selected: usize,
}

impl IncidentTypesWindow {
    pub fn show(&mut self) {
        self.open = true;
        self.draft = None;
        self.selected = 0;
    }
}

fn template_ui(ui: &mut Ui, t: &mut IncidentTemplate, lang: Lang) {
    let s = |k: T| lang.t(k);
    Grid::new("incident-type").num_columns(2).spacing([10.0, 6.0]).show(ui, |ui| {
        ui.label(s(T::Name));
        ui.add(TextEdit::singleline(&mut t.name).desired_width(200.0));
        ui.end_row();
        ui.label(s(T::TemplateKey));
        ui.add(TextEdit::singleline(&mut t.key).desired_width(200.0));
        ui.end_row();
        ui.label(s(T::TemplateStations));
        ui.add(DragValue::new(&mut t.stations).range(0..=50));
        ui.end_row();
        ui.label(s(T::Capabilities));
        let mut caps = t.capabilities.join("，");
        if ui.add(TextEdit::singleline(&mut caps).desired_width(200.0)).changed() {
            t.capabilities = crate::store::split_tags(&caps);
        }
        ui.end_row();
        ui.label(s(T::TemplateTeamsPer));
        ui.add(DragValue::new(&mut t.teams_per_capability).range(1..=20));
        ui.end_row();
        ui.label(s(T::Note));
        ui.add(TextEdit::singleline(&mut t.note).desired_width(200.0));
        ui.end_row();
    });
    ui.separator();
    ui.strong(s(T::Vehicles));
    let mut remove = None;
    Grid::new("template-vehicles").num_columns(3).show(ui, |ui| {
        for (i, v) in t.vehicles.iter_mut().enumerate() {
            ui.add_sized([140.0, 20.0], TextEdit::singleline(&mut v.kind));
            ui.add(DragValue::new(&mut v.count).range(0..=99));
            if ui.small_button("×").on_hover_text(s(T::Remove)).clicked() {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        t.vehicles.remove(i);
    }
    if ui.button(s(T::AddRow)).clicked() {
        t.vehicles.push(VehicleNeed { kind: String::new(), count: 1 });
    }
    ui.separator();
    ui.strong(s(T::TemplateMaterials));
    let mut remove = None;
    Grid::new("template-materials").num_columns(4).show(ui, |ui| {
        for h in [T::Item, T::Unit, T::Quantity] {
            ui.label(RichText::new(s(h)).weak());
        }
        ui.end_row();
        for (i, m) in t.materials.iter_mut().enumerate() {
            ui.add_sized([120.0, 20.0], TextEdit::singleline(&mut m.item));
            ui.add_sized([48.0, 20.0], TextEdit::singleline(&mut m.unit));
            ui.add(DragValue::new(&mut m.quantity).range(0.0..=1e9));
            if ui.small_button("×").on_hover_text(s(T::Remove)).clicked() {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        t.materials.remove(i);
    }
    if ui.button(s(T::AddRow)).clicked() {
        t.materials.push(MaterialNeed { item: String::new(), unit: String::new(), quantity: 1.0 });
    }
}

impl View for IncidentTypesWindow {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        if !self.open {
            return None;
        }
        let doc = cx.doc?;
        let lang = cx.lang();
        let s = |k: T| lang.t(k);
        if self.draft.is_none() {
            let stored = crate::actions::dispatch::DispatchSettings::load(&doc.project);
            self.draft = Some(stored.map(|d| d.templates).unwrap_or_default());
        }
        let mut open = self.open;
        let mut out = None;
        let Some(draft) = &mut self.draft else { return None };
        crate::ui::view::centred_window(ui.ctx(), s(T::IncidentTypes))
            .open(&mut open)
            .resizable(false)
            .min_width(600.0)
            .show(ui.ctx(), |ui| {
                ui.label(RichText::new(s(T::IncidentTypesNote)).weak().small());
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        ui.set_width(130.0);
                        for (i, t) in draft.types.iter().enumerate() {
                            if ui.selectable_value(&mut self.selected, i, &t.name).changed() {
                                // The form's grids size their columns from the previous frame.
                                ui.ctx().request_repaint();
                            }
                        }
                        ui.separator();
                        if ui.button(s(T::AddRow)).clicked() {
                            let n = draft.types.len() + 1;
                            draft.types.push(IncidentTemplate {
                                name: format!("{}{n}", s(T::NewIncidentType)),
                                key: format!("type{n}"),
                                stations: 1,
                                capabilities: Vec::new(),
                                teams_per_capability: 1,
                                vehicles: Vec::new(),
                                materials: Vec::new(),
                                note: String::new(),
                            });
                            self.selected = draft.types.len() - 1;
                        }
                        if draft.types.len() > 1 && ui.button(s(T::Remove)).clicked() {
                            draft.types.remove(self.selected.min(draft.types.len() - 1));
                            self.selected = self.selected.saturating_sub(1);
                        }
                    });
                    // No vertical separator here: it would take the window's full height, which
                    // an auto-sized window then grows frame after frame.
                    ui.add_space(12.0);
                    ui.vertical(|ui| {
                        if let Some(t) = draft.types.get_mut(self.selected) {
                            template_ui(ui, t, lang);
                        }
                    });
                });
                ui.separator();
                if let Some(problem) = draft.problem() {
                    ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
                }
                ui.horizontal(|ui| {
                    if ui.add_enabled(draft.problem().is_none(), egui::Button::new(s(T::SaveToProject))).clicked() {
                        out = Some(Command::SaveIncidentTypes(draft.clone()));
                    }
                    if ui.button(s(T::RestoreStandard)).clicked() {
                        *draft = IncidentTemplates::default();
                        self.selected = 0;
                    }
                });
            });
        self.open = open;
        out
    }
}

//! Filters: which districts, station classes and statuses, team kinds and capabilities, and
//! enterprise risk levels the map shows. They change what is drawn and clustered, not the data.

use std::collections::BTreeSet;

use egui::{ComboBox, RichText, Ui};

use crate::i18n::T;
use crate::model::{AreaLevel, Labelled, RiskLevel, StationClass, StationStatus, TeamKind};
use crate::render::style::risk_colour;
use crate::ui::command::Command;
use crate::ui::map::paint;
use crate::ui::view::{Cx, View};

#[derive(Default)]
pub struct FiltersPanel;

/// Checkboxes that add to or remove from a "hidden" set.
fn shown_boxes<L: Labelled + Ord>(ui: &mut Ui, hidden: &mut BTreeSet<L>, lang: crate::i18n::Lang) {
    ui.horizontal_wrapped(|ui| {
        for &v in L::ALL {
            let mut shown = !hidden.contains(&v);
            if ui.checkbox(&mut shown, lang.label(v)).changed() {
                if shown {
                    hidden.remove(&v);
                } else {
                    hidden.insert(v);
                }
            }
        }
    });
}

impl View for FiltersPanel {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        let lang = cx.lang();
        let doc = cx.doc?;
        let f = &mut cx.settings.filter;
        ui.label(RichText::new(lang.t(T::FilterDistricts)).weak());
        ui.horizontal_wrapped(|ui| {
            for a in doc.snapshot.areas_at(AreaLevel::District) {
                let mut on = f.districts.contains(&a.code);
                if ui.toggle_value(&mut on, &a.name).changed() {
                    if on {
                        f.districts.insert(a.code.clone());
                    } else {
                        f.districts.remove(&a.code);
                    }
                }
            }
        });
        if !f.districts.is_empty() && ui.small_button(lang.t(T::AllDistricts)).clicked() {
            f.districts.clear();
        }
        ui.separator();
        ui.label(RichText::new(lang.t(T::StationClassField)).weak());
        shown_boxes::<StationClass>(ui, &mut f.hidden_station_classes, lang);
        ui.label(RichText::new(lang.t(T::Status)).weak());
        shown_boxes::<StationStatus>(ui, &mut f.hidden_station_statuses, lang);
        ui.separator();
        ui.label(RichText::new(lang.t(T::TeamKindField)).weak());
        shown_boxes::<TeamKind>(ui, &mut f.hidden_team_kinds, lang);
        let caps: BTreeSet<&str> =
            doc.snapshot.teams.iter().flat_map(|t| t.capabilities.iter().map(String::as_str)).collect();
        ui.horizontal(|ui| {
            let l = ui.label(lang.t(T::Capabilities));
            let any = lang.t(T::Any);
            ComboBox::from_id_salt("capability")
                .selected_text(f.team_capability.clone().unwrap_or_else(|| any.to_string()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut f.team_capability, None, any);
                    for c in caps {
                        ui.selectable_value(&mut f.team_capability, Some(c.to_string()), c);
                    }
                })
                .response
                .labelled_by(l.id);
        });
        ui.separator();
        ui.label(RichText::new(lang.t(T::RiskField)).weak());
        ui.horizontal_wrapped(|ui| {
            for &v in RiskLevel::ALL {
                let mut shown = !f.hidden_risk_levels.contains(&v);
                let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                ui.painter().circle_filled(rect.center(), 5.5, paint::colour(risk_colour(v), 1.0));
                if ui.checkbox(&mut shown, lang.label(v)).changed() {
                    if shown {
                        f.hidden_risk_levels.remove(&v);
                    } else {
                        f.hidden_risk_levels.insert(v);
                    }
                }
            }
        });
        ui.separator();
        if f.is_active() {
            if ui.button(lang.t(T::ClearFilters)).clicked() {
                *f = crate::render::Filter::default();
            }
        } else {
            ui.label(RichText::new(lang.t(T::NoFilter)).weak());
        }
        None
    }
}

//! The city's risk picture: enterprises by four-color level per district with the total (the
//! table `onemap risk summary` prints) and the city risk table's export, the enterprises that
//! never filed or filed more than a year ago (`onemap risk unfiled`), then the warnings in force
//! and the units pre-positioned now. Clicking a district or an enterprise brings it into view.

use egui::{Color32, RichText, Ui};

use super::risk_windows::{RiskAction, RiskPath};
use crate::analysis::risk::summary::{RiskSummary, summarize};
use crate::analysis::risk::{UnfiledEnterprise, unfiled};
use crate::i18n::T;
use crate::model::filing::FilingStatus;
use crate::model::{Labelled, Layer, RiskLevel};
use crate::render::style;
use crate::ui::command::Command;
use crate::ui::dialogs::PathPurpose;
use crate::ui::document::FeatureRef;
use crate::ui::map::paint;
use crate::ui::view::{Cx, View};

#[derive(Default)]
pub struct RiskPicturePanel {
    /// The table and the document version it was counted for (counting is a point-in-polygon
    /// test per enterprise: not every frame).
    cache: Option<(u64, RiskSummary)>,
    /// Who has not filed, for the document version and the day it was judged on.
    unfiled: Option<(u64, chrono::NaiveDate, Vec<UnfiledEnterprise>)>,
}

impl RiskPicturePanel {
    fn summary(&mut self, doc: &crate::ui::document::Document) -> &RiskSummary {
        if self.cache.as_ref().is_some_and(|(v, _)| *v != doc.version) {
            self.cache = None;
        }
        &self.cache.get_or_insert_with(|| (doc.version, summarize(&doc.snapshot.enterprises, &doc.snapshot.areas))).1
    }

    /// Enterprises that never filed or filed more than a year before today.
    pub fn unfiled(&mut self, doc: &crate::ui::document::Document) -> &[UnfiledEnterprise] {
        let today = chrono::Local::now().date_naive();
        if self.unfiled.as_ref().is_some_and(|(v, d, _)| *v != doc.version || *d != today) {
            self.unfiled = None;
        }
        let dates = doc.project.filing_dates().unwrap_or_default();
        &self.unfiled.get_or_insert_with(|| (doc.version, today, unfiled(&doc.snapshot.enterprises, &dates, today))).2
    }
}

impl View for RiskPicturePanel {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        let lang = cx.lang();
        let doc = cx.doc?;
        let summary = self.summary(doc);
        let mut out = None;
        ui.label(RichText::new(lang.t(T::RiskByDistrict)).strong());
        egui::Grid::new("risk-picture").striped(true).num_columns(5).spacing([10.0, 4.0]).show(ui, |ui| {
            ui.label(RichText::new(lang.t(T::DistrictShort)).weak());
            for level in RiskLevel::ALL {
                let c = paint::colour(style::risk_colour(*level), 1.0);
                ui.label(RichText::new(lang.label(*level)).color(c).strong());
            }
            ui.end_row();
            for d in &summary.districts {
                let name = if d.code == "unassigned" { lang.t(T::Unassigned) } else { d.name.as_str() };
                let area = doc.snapshot.areas.iter().find(|a| a.code == d.code);
                let resp = ui.add(egui::Label::new(name).sense(egui::Sense::click()));
                if let Some(a) = area
                    && resp.on_hover_text(lang.t(T::ClickToShow)).clicked()
                {
                    out = Some(Command::Focus(FeatureRef { layer: Layer::Areas, id: a.id }));
                }
                for level in RiskLevel::ALL {
                    count_cell(ui, d.counts.get(*level), *level);
                }
                ui.end_row();
            }
            ui.label(RichText::new(lang.t(T::Total)).strong());
            for level in RiskLevel::ALL {
                count_cell(ui, summary.total.get(*level), *level);
            }
            ui.end_row();
        });
        ui.horizontal_wrapped(|ui| {
            for (key, xlsx) in [(T::RiskExportXlsx, true), (T::RiskExportCsv, false)] {
                if ui.button(lang.t(key)).clicked() {
                    out = Some(Command::ChoosePath(PathPurpose::Risk(RiskPath::Table { xlsx })));
                }
            }
        });
        if let Some(FeatureRef { layer: Layer::Enterprises, id }) = cx.selection
            && ui.button(lang.t(T::RiskOpenSelected)).clicked()
        {
            out = Some(Command::Risk(RiskAction::OpenEnterprise(id)));
        }
        ui.separator();
        out = unfiled_ui(ui, self.unfiled(doc), lang).or(out);
        let records = &doc.index.records;
        ui.separator();
        ui.label(RichText::new(lang.t(T::LayerWarnings)).strong());
        if records.warnings.is_empty() {
            ui.label(RichText::new(lang.t(T::NoneNow)).weak());
        }
        for w in &records.warnings {
            let c = paint::colour(style::warning_colour(w.level), 1.0);
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("{}{}", lang.label(w.level), lang.t(T::WarningSuffix))).color(c).strong(),
                );
                ui.label(if w.title.is_empty() { &w.kind } else { &w.title });
                ui.label(RichText::new(&w.source).weak());
            });
        }
        ui.separator();
        ui.label(RichText::new(lang.t(T::LayerPrepositions)).strong());
        if records.moved.is_empty() {
            ui.label(RichText::new(lang.t(T::NoneNow)).weak());
        }
        for m in &records.moved {
            let resp = ui.add(
                egui::Label::new(format!("{} → {}", m.name, if m.title.is_empty() { "—" } else { &m.title }))
                    .sense(egui::Sense::click()),
            );
            if resp.on_hover_text(lang.t(T::ClickToShow)).clicked() {
                out = Some(Command::ZoomTo { centre: m.at, zoom: 14.0 });
            }
        }
        out
    }
}

fn unfiled_ui(ui: &mut Ui, list: &[UnfiledEnterprise], lang: crate::i18n::Lang) -> Option<Command> {
    let mut out = None;
    ui.label(RichText::new(format!("{}（{}）", lang.t(T::RiskUnfiled), list.len())).strong());
    if list.is_empty() {
        ui.label(RichText::new(lang.t(T::RiskAllFiled)).weak());
    }
    for u in list {
        ui.horizontal_wrapped(|ui| {
            let c = paint::colour(style::risk_colour(u.level), 1.0);
            ui.label(RichText::new(lang.label(u.level)).color(c).strong());
            if ui.small_button(lang.t(T::RiskOpen)).clicked() {
                out = Some(Command::Risk(RiskAction::OpenEnterprise(u.id)));
            }
            let resp = ui.add(egui::Label::new(&u.name).sense(egui::Sense::click()));
            if resp.on_hover_text(lang.t(T::ClickToShow)).clicked() {
                out = Some(Command::Focus(FeatureRef { layer: Layer::Enterprises, id: u.id }));
            }
            let when = match (u.status, u.last_filed) {
                (FilingStatus::Never, _) | (_, None) => lang.t(T::RiskNeverFiled).to_string(),
                (_, Some(d)) => lang
                    .t(T::RiskDaysAgo)
                    .replace("{d}", &d.to_string())
                    .replace("{n}", &u.days_since.unwrap_or(0).to_string()),
            };
            ui.label(RichText::new(when).weak());
        });
    }
    out
}

fn count_cell(ui: &mut Ui, n: u32, level: RiskLevel) {
    let text = RichText::new(n.to_string());
    // Non-zero 红 counts stand out: they are what a bureau acts on first.
    if n > 0 && level == RiskLevel::Red {
        ui.label(text.color(Color32::from_rgb(0xC6, 0x00, 0x12)).strong());
    } else if n == 0 {
        ui.label(text.weak());
    } else {
        ui.label(text);
    }
}

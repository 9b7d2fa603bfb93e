//! The city's risk picture: enterprises by four-color level per district with the total (the
//! table `onemap risk summary` prints), then the warnings in force and the units pre-positioned
//! now. Clicking a district brings it into view.

use egui::{Color32, RichText, Ui};

use crate::analysis::risk::summary::{RiskSummary, summarize};
use crate::i18n::T;
use crate::model::{Labelled, Layer, RiskLevel};
use crate::render::style;
use crate::ui::command::Command;
use crate::ui::document::FeatureRef;
use crate::ui::map::paint;
use crate::ui::view::{Cx, View};

#[derive(Default)]
pub struct RiskPicturePanel {
    /// The table and the document version it was counted for (counting is a point-in-polygon
    /// test per enterprise: not every frame).
    cache: Option<(u64, RiskSummary)>,
}

impl RiskPicturePanel {
    fn summary(&mut self, doc: &crate::ui::document::Document) -> &RiskSummary {
        if self.cache.as_ref().is_some_and(|(v, _)| *v != doc.version) {
            self.cache = None;
        }
        &self.cache.get_or_insert_with(|| (doc.version, summarize(&doc.snapshot.enterprises, &doc.snapshot.areas))).1
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

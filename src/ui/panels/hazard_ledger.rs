//! The hazard ledger (重点隐患问题动态整改台账) beside the map: its closing summary line,
//! the items most overdue first with their status, deadline and 挂牌 grade, overdue ones in red
//! with the escalation they call for. Clicking an item opens its card and brings its place into
//! view; the tab adds items and imports and exports the ledger sheet.

use egui::{Color32, RichText, Ui};

use crate::analysis::hazards::HazardStanding;
use crate::i18n::T;
use crate::model::hazard::{HazardStatus, LedgerSummary};
use crate::render::style;
use crate::ui::command::Command;
use crate::ui::dialogs::PathPurpose;
use crate::ui::map::paint;
use crate::ui::view::{Cx, View};

#[derive(Default)]
pub struct HazardLedgerPanel {
    /// Show only items past their deadline.
    pub overdue_only: bool,
}

/// Zoom at which an item's surroundings are readable.
const FOCUS_ZOOM: f64 = 15.0;

impl View for HazardLedgerPanel {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        let lang = cx.lang();
        let doc = cx.doc?;
        let records = &doc.index.records;
        let summary = LedgerSummary::of(&records.hazard_items);
        let mut out = None;
        ui.horizontal_wrapped(|ui| {
            if ui.button(lang.t(T::AddHazard)).clicked() {
                out = Some(Command::NewHazard);
            }
            if ui.button(lang.t(T::ImportLedger)).clicked() {
                out = Some(Command::ChoosePath(PathPurpose::ImportLedger));
            }
            if ui.button(lang.t(T::ExportLedger)).clicked() {
                out = Some(Command::ChoosePath(PathPurpose::ExportLedger));
            }
        });
        ui.label(RichText::new(summary.line()).strong());
        let overdue = records.overdue_count();
        let red = paint::colour(style::OVERDUE_RED, 1.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{} {overdue}", lang.t(T::OverdueCount))).color(red));
            ui.label(RichText::new(format!("{} {}", lang.t(T::AsOf), records.today)).weak());
        });
        ui.checkbox(&mut self.overdue_only, lang.t(T::OverdueOnly));
        ui.separator();
        let mut rows: Vec<&HazardStanding> =
            records.hazards.iter().filter(|h| !self.overdue_only || h.days_overdue.is_some()).collect();
        // Most overdue first, then open before closed, then ledger order.
        rows.sort_by_key(|h| {
            let closed = records.hazard_item(h).is_some_and(|i| i.status == HazardStatus::Closed);
            (std::cmp::Reverse(h.days_overdue.unwrap_or(0)), closed, h.id)
        });
        if rows.is_empty() {
            ui.label(RichText::new(lang.t(T::NoHazards)).weak());
        }
        for h in rows {
            let Some(item) = records.hazard_item(h) else { continue };
            let frame = egui::Frame::group(ui.style()).inner_margin(6.0);
            let resp = frame
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        if let Some(g) = item.grade {
                            let c = Color32::from_rgb(g.rgb()[0], g.rgb()[1], g.rgb()[2]);
                            ui.label(
                                RichText::new(format!(" {} ", lang.label(g))).color(Color32::WHITE).background_color(c),
                            );
                        }
                        ui.label(RichText::new(&item.title).strong());
                    });
                    ui.horizontal_wrapped(|ui| {
                        ui.label(lang.label(item.status));
                        ui.label(RichText::new(format!("{} {}", lang.t(T::Deadline), item.deadline.display())).weak());
                    });
                    if let Some(days) = h.days_overdue {
                        let mut text = lang.t(T::OverdueDays).replace("{}", &days.to_string());
                        if h.escalation_due {
                            text = format!("{text}，{}", lang.t(T::EscalationDue));
                        }
                        ui.label(RichText::new(text).color(red).strong());
                    }
                    if !item.responsible.is_empty() {
                        ui.label(RichText::new(&item.responsible).small().weak());
                    }
                })
                .response
                .interact(egui::Sense::click());
            let resp = resp.on_hover_text(lang.t(T::ClickToShow));
            if resp.clicked() {
                out = Some(Command::OpenHazard { id: item.id, zoom: h.position.map(|at| (at, FOCUS_ZOOM)) });
            }
        }
        out
    }
}

//! The card of one hazard ledger item (opened from the 隐患 tab or by clicking its flag on the
//! map), or of a new one: every ledger column editable, the place by a map click or by
//! enterprise, the history (weekly progress, escalations, re-inspections), and the lifecycle
//! steps 开始整改 / 周进展 / 整改完成 / 复查 / 销号 / 升级督办. The rules are the library's
//! (`model::hazard`): a refused step comes back as the red line under the buttons.

use chrono::NaiveDate;
use egui::{Grid, RichText, Ui};

use super::form;
use super::record_ops::{PointPurpose, RecordOp};
use crate::i18n::{Lang, T};
use crate::model::hazard::{HazardItem, HazardStatus, Reinspection, SupervisionGrade};
use crate::model::ledger_date::{self, PeriodEnd};
use crate::model::{FeatureId, LonLat};
use crate::store::hazards::HazardStep;
use crate::ui::command::Command;
use crate::ui::document::Document;
use crate::ui::map::tools::Tool;
use crate::ui::view::{Cx, View};

/// The descriptive fields as typed.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub title: String,
    pub content: String,
    pub found_on: String,
    pub measures: String,
    pub responsible: String,
    pub supervisor_county: String,
    pub supervisor_city: String,
    pub deadline: String,
    pub remark: String,
    pub grade: Option<SupervisionGrade>,
    pub enterprise: Option<FeatureId>,
    pub location: Option<LonLat>,
    /// Photos and documents, one per line.
    pub attachments: String,
}

impl Draft {
    fn of(item: &HazardItem) -> Self {
        Self {
            title: item.title.clone(),
            content: item.content.clone(),
            found_on: item.found_on.display(),
            measures: item.measures.clone(),
            responsible: item.responsible.clone(),
            supervisor_county: item.supervisor_county.clone(),
            supervisor_city: item.supervisor_city.clone(),
            deadline: item.deadline.display(),
            remark: item.remark.clone(),
            grade: item.grade,
            enterprise: item.enterprise,
            location: item.location,
            attachments: item.attachments.join("\n"),
        }
    }

    /// The item with these fields over `base` (its lifecycle untouched).
    fn apply(&self, base: &HazardItem) -> Result<HazardItem, String> {
        let mut item = base.clone();
        if self.title.trim().is_empty() {
            return Err("重点隐患 is empty".into());
        }
        item.title = self.title.trim().to_string();
        item.content = self.content.clone();
        item.found_on =
            ledger_date::typed(&self.found_on, PeriodEnd::Start, None, None).map_err(|e| format!("检查日期 {e}"))?;
        let year = item.found_on.date.map(|d| chrono::Datelike::year(&d));
        item.deadline = ledger_date::typed(&self.deadline, PeriodEnd::End, year, item.found_on.date)
            .map_err(|e| format!("整改时限 {e}"))?;
        item.measures = self.measures.clone();
        item.responsible = self.responsible.clone();
        item.supervisor_county = self.supervisor_county.clone();
        item.supervisor_city = self.supervisor_city.clone();
        item.remark = self.remark.clone();
        item.grade = self.grade;
        item.enterprise = self.enterprise;
        item.location = self.location;
        item.attachments = form::lines(&self.attachments);
        Ok(item)
    }
}

/// What the step forms hold.
#[derive(Debug, Clone, Default)]
pub struct Steps {
    /// The day of the next step (default today).
    pub on: String,
    pub progress: String,
    pub inspectors: String,
    pub result: String,
    pub passed: bool,
    pub escalate_grade: Option<SupervisionGrade>,
    pub escalate_city: String,
    pub escalate_note: String,
}

#[derive(Default)]
pub struct HazardCard {
    pub open: bool,
    /// The item shown; `None` while a new one is entered.
    pub id: Option<FeatureId>,
    pub draft: Draft,
    pub steps: Steps,
    /// The last refusal or wrong entry.
    pub error: Option<String>,
}

impl HazardCard {
    /// Shows an existing item.
    pub fn show(&mut self, doc: &Document, id: FeatureId) {
        let Some(item) = doc.index.records.hazard_items.iter().find(|i| i.id == id) else { return };
        self.open = true;
        self.id = Some(id);
        self.draft = Draft::of(item);
        self.steps = Steps { on: doc.index.records.today.to_string(), passed: true, ..Steps::default() };
        self.error = None;
    }

    /// Starts a new item, found today.
    pub fn new_item(&mut self, doc: &Document) {
        self.open = true;
        self.id = None;
        self.draft = Draft { found_on: doc.index.records.today.to_string(), ..Draft::default() };
        self.steps = Steps { on: doc.index.records.today.to_string(), passed: true, ..Steps::default() };
        self.error = None;
    }

    /// The map click for the item's place.
    pub fn picked(&mut self, at: LonLat) {
        self.draft.location = Some(at);
        self.draft.enterprise = None;
    }

    /// A write on the ledger went through: show the item (a new one from now on), clear the
    /// step texts.
    pub fn saved(&mut self, doc: &Document, id: Option<FeatureId>) {
        if let Some(id) = id.or(self.id) {
            let on = std::mem::take(&mut self.steps.on);
            self.show(doc, id);
            self.steps.on = on;
        }
    }

    fn step_ui(&mut self, ui: &mut Ui, item: &HazardItem, lang: Lang) -> Option<RecordOp> {
        let t = |k| lang.t(k);
        let mut out = None;
        let id = item.id;
        let day = |s: &Steps| form::day(&s.on);
        let mut wrong = None;
        Grid::new("hazard-steps").num_columns(2).show(ui, |ui| {
            form::text(ui, t(T::StepDate), &mut self.steps.on);
        });
        let open = item.status != HazardStatus::Closed;
        ui.horizontal_wrapped(|ui| {
            if item.status == HazardStatus::Pending && ui.button(t(T::StepStart)).clicked() {
                out = Some(RecordOp::HazardStep(id, HazardStep::Start));
            }
            if matches!(item.status, HazardStatus::Pending | HazardStatus::InProgress)
                && ui.button(t(T::StepRectified)).clicked()
            {
                match day(&self.steps) {
                    Ok(on) => out = Some(RecordOp::HazardStep(id, HazardStep::Rectified { on })),
                    Err(e) => wrong = Some(e),
                }
            }
            if item.status == HazardStatus::AwaitingReview && ui.button(t(T::StepClose)).clicked() {
                match day(&self.steps) {
                    Ok(on) => out = Some(RecordOp::HazardStep(id, HazardStep::Close { on })),
                    Err(e) => wrong = Some(e),
                }
            }
        });
        if open {
            ui.separator();
            Grid::new("hazard-progress").num_columns(2).show(ui, |ui| {
                form::multiline(ui, t(T::WeeklyProgress), &mut self.steps.progress);
            });
            if ui.button(t(T::StepProgress)).clicked() {
                match day(&self.steps) {
                    Ok(on) => {
                        out = Some(RecordOp::HazardStep(
                            id,
                            HazardStep::Progress { on, text: self.steps.progress.clone() },
                        ))
                    }
                    Err(e) => wrong = Some(e),
                }
            }
        }
        if item.status == HazardStatus::AwaitingReview {
            ui.separator();
            Grid::new("hazard-reinspect").num_columns(2).show(ui, |ui| {
                form::text(ui, t(T::Inspectors), &mut self.steps.inspectors);
                form::text(ui, t(T::InspectionResult), &mut self.steps.result);
                ui.label("");
                ui.checkbox(&mut self.steps.passed, t(T::InspectionPassed));
                ui.end_row();
            });
            if ui.button(t(T::RecordReinspection)).clicked() {
                match day(&self.steps) {
                    Ok(on) => {
                        out = Some(RecordOp::HazardStep(
                            id,
                            HazardStep::Reinspect(Reinspection {
                                inspectors: self.steps.inspectors.clone(),
                                on,
                                result: self.steps.result.clone(),
                                passed: self.steps.passed,
                            }),
                        ))
                    }
                    Err(e) => wrong = Some(e),
                }
            }
        }
        if open {
            ui.separator();
            Grid::new("hazard-escalate").num_columns(2).show(ui, |ui| {
                form::choice(ui, t(T::NewGrade), "escalate-grade", &mut self.steps.escalate_grade, Some("—"), lang);
                form::text(ui, t(T::CitySupervisor), &mut self.steps.escalate_city);
                form::text(ui, t(T::EscalationNote), &mut self.steps.escalate_note);
            });
            if ui.button(t(T::StepEscalate)).clicked() {
                match day(&self.steps) {
                    Ok(on) => {
                        let city = self.steps.escalate_city.trim();
                        out = Some(RecordOp::HazardStep(
                            id,
                            HazardStep::Escalate {
                                on,
                                grade: self.steps.escalate_grade,
                                to_city: (!city.is_empty()).then(|| city.to_string()),
                                note: self.steps.escalate_note.clone(),
                            },
                        ))
                    }
                    Err(e) => wrong = Some(e),
                }
            }
        }
        if wrong.is_some() {
            self.error = wrong;
        }
        out
    }
}

fn history_ui(ui: &mut Ui, item: &HazardItem, lang: Lang) {
    let t = |k| lang.t(k);
    Grid::new("hazard-history").num_columns(2).striped(true).show(ui, |ui| {
        let mut row = |k: &str, v: String| {
            if !v.trim().is_empty() {
                ui.label(RichText::new(k).weak());
                ui.add(egui::Label::new(v).wrap());
                ui.end_row();
            }
        };
        row(t(T::Status), lang.label(item.status).to_string());
        row(t(T::ReportedBy), item.reported_by.clone());
        row(t(T::RectifiedOn), item.rectified_on.map(|d| d.to_string()).unwrap_or_default());
        for e in &item.entries {
            let by = if e.by.is_empty() { String::new() } else { format!("（{}）", e.by) };
            row(&day_text(e.on), format!("{}：{}{by}", lang.label(e.kind), e.text));
        }
        for r in &item.reinspections {
            let verdict = if r.passed { t(T::InspectionPassed) } else { t(T::InspectionFailed) };
            row(&r.on.to_string(), format!("{}（{}）：{} · {verdict}", t(T::StepReinspect), r.inspectors, r.result));
        }
        if let (Some(on), Some(by)) = (item.closed_on, &item.closed_by) {
            row(&on.to_string(), format!("{}：{by}", t(T::StepClose)));
        }
    });
}

fn day_text(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".to_string(), |d| d.to_string())
}

/// The map's hover card for a hazard flag.
pub fn tooltip_ui(ui: &mut Ui, doc: &Document, id: FeatureId, lang: Lang) {
    let records = &doc.index.records;
    let Some(item) = records.hazard_items.iter().find(|i| i.id == id) else { return };
    ui.strong(&item.title);
    ui.label(format!("{} · {} {}", lang.label(item.status), lang.t(T::Deadline), item.deadline.display()));
    if let Some(days) = records.hazards.iter().find(|h| h.id == id).and_then(|h| h.days_overdue) {
        ui.label(RichText::new(lang.t(T::OverdueDays).replace("{}", &days.to_string())).color(form::ERROR));
    }
    ui.label(RichText::new(lang.t(T::ClickForDetails)).weak().small());
}

impl View for HazardCard {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        if !self.open {
            return None;
        }
        let doc = cx.doc?;
        let lang = cx.lang();
        let t = |k| lang.t(k);
        let existing = self.id.and_then(|id| doc.index.records.hazard_items.iter().find(|i| i.id == id)).cloned();
        if self.id.is_some() && existing.is_none() {
            self.open = false;
            return None;
        }
        let title = existing
            .as_ref()
            .map_or_else(|| t(T::NewHazard).to_string(), |i| format!("{} · {}", t(T::HazardCard), i.title));
        let mut out = None;
        let mut open = true;
        // At the right, clear of the ledger tab and of the middle of the map.
        let screen = ui.ctx().content_rect();
        egui::Window::new(title)
            .id(egui::Id::unique("hazard-card"))
            .open(&mut open)
            .default_width(420.0)
            .default_pos([screen.right() - 490.0, screen.top() + 60.0])
            .show(ui.ctx(), |ui| {
                egui::ScrollArea::vertical().min_scrolled_height(screen.height() - 200.0).show(ui, |ui| {
                    out = self.card_ui(ui, doc, existing.as_ref(), lang);
                });
            });
        if !open {
            self.open = false;
        }
        out
    }
}

impl HazardCard {
    fn card_ui(&mut self, ui: &mut Ui, doc: &Document, existing: Option<&HazardItem>, lang: Lang) -> Option<Command> {
        let t = |k| lang.t(k);
        let mut out = None;
        // An existing item's card is mostly used for its next step: steps and history first,
        // the ledger columns folded below.
        if let Some(item) = existing {
            ui.label(
                RichText::new(format!("{} · {} {}", lang.label(item.status), t(T::Deadline), item.deadline.display()))
                    .strong(),
            );
            if let Some(h) = doc.index.records.hazards.iter().find(|h| h.id == item.id)
                && let Some(days) = h.days_overdue
            {
                let mut text = t(T::OverdueDays).replace("{}", &days.to_string());
                if h.escalation_due {
                    text = format!("{text}，{}", t(T::EscalationDue));
                }
                ui.label(RichText::new(text).color(form::ERROR).strong());
            }
            if let Some(op) = self.step_ui(ui, item, lang) {
                self.error = None;
                out = Some(Command::Record(op));
            }
            form::error_line(ui, &self.error);
            ui.separator();
            history_ui(ui, item, lang);
            ui.separator();
            egui::CollapsingHeader::new(t(T::LedgerColumns)).default_open(false).show(ui, |ui| {
                if let Some(c) = self.fields_ui(ui, doc, Some(item), lang) {
                    out = Some(c);
                }
            });
        } else {
            out = self.fields_ui(ui, doc, None, lang);
            form::error_line(ui, &self.error);
        }
        out
    }

    /// The ledger columns, editable, and the button that stores them.
    fn fields_ui(&mut self, ui: &mut Ui, doc: &Document, existing: Option<&HazardItem>, lang: Lang) -> Option<Command> {
        let t = |k| lang.t(k);
        let mut out = None;
        let d = &mut self.draft;
        Grid::new("hazard-fields").num_columns(2).show(ui, |ui| {
            form::text(ui, t(T::HazardTitle), &mut d.title);
            form::multiline(ui, t(T::HazardContent), &mut d.content);
            form::text(ui, t(T::FoundOn), &mut d.found_on);
            form::multiline(ui, t(T::Measures), &mut d.measures);
            form::text(ui, t(T::Responsible), &mut d.responsible);
            form::text(ui, t(T::CountySupervisor), &mut d.supervisor_county);
            form::text(ui, t(T::CitySupervisor), &mut d.supervisor_city);
            form::text(ui, t(T::Deadline), &mut d.deadline);
            form::multiline(ui, t(T::Remark), &mut d.remark);
            form::choice(ui, t(T::SupervisionGrade), "hazard-grade", &mut d.grade, Some("—"), lang);
            // An enterprise gives the place; a point picked earlier no longer applies.
            if form::enterprise(
                ui,
                t(T::AtEnterprise),
                "hazard-enterprise",
                &mut d.enterprise,
                &doc.snapshot.enterprises,
            ) {
                d.location = None;
            }
            ui.label(t(T::Location));
            ui.horizontal(|ui| {
                ui.label(super::record_ops::point_text(d.location));
                if ui.button(t(T::PickOnMap)).clicked() {
                    out = Some(Command::SetTool(Tool::PickPoint(PointPurpose::HazardLocation)));
                }
            });
            ui.end_row();
            form::multiline(ui, t(T::Attachments), &mut d.attachments);
        });
        let base = existing.cloned().unwrap_or_else(|| HazardItem::new("", doc.project.operator()));
        let save = ui.button(if existing.is_some() { t(T::SaveChanges) } else { t(T::AddToLedger) });
        if save.clicked() {
            match self.draft.apply(&base) {
                Ok(item) => {
                    self.error = None;
                    let op = if existing.is_some() {
                        RecordOp::EditHazard(Box::new(item))
                    } else {
                        RecordOp::AddHazard(Box::new(item))
                    };
                    out = Some(Command::Record(op));
                }
                Err(e) => self.error = Some(e),
            }
        }
        out
    }
}

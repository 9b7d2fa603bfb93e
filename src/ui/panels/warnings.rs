//! The 预警 window: entering a warning (grade 红/橙/黄/蓝, kind and headline, an area or an
//! enterprise, validity in the project's zone, the issuing body) and the list of them with
//! 解除 (lift now) and 删除. Warnings in force wash over their area on the map and are named
//! in the dispatch answer for incidents inside them.

use chrono::{DateTime, Duration, Utc};
use egui::{Grid, RichText, Ui};

use super::form;
use super::record_ops::{RecordOp, instant_text, typed_instant};
use crate::i18n::{Lang, T};
use crate::model::FeatureId;
use crate::model::warning::{Warning, WarningLevel, WarningTarget};
use crate::ui::command::Command;
use crate::ui::document::Document;
use crate::ui::view::{Cx, View};

/// What a warning is on, as chosen.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Target {
    #[default]
    None,
    Area(String),
    Enterprise(FeatureId),
}

/// A warning as typed.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub level: Option<WarningLevel>,
    pub kind: String,
    pub title: String,
    pub target: Target,
    pub from: String,
    pub until: String,
    pub source: String,
}

#[derive(Default)]
pub struct WarningsWindow {
    pub open: bool,
    pub draft: Draft,
    list: Option<(u64, Vec<Warning>)>,
    pub error: Option<String>,
}

impl WarningsWindow {
    /// Opens with a fresh form: in force from now for one day.
    pub fn show(&mut self, doc: &Document, now: DateTime<Utc>) {
        self.open = true;
        self.fresh(doc, now);
    }

    fn fresh(&mut self, doc: &Document, now: DateTime<Utc>) {
        self.draft = Draft {
            level: Some(WarningLevel::Yellow),
            from: instant_text(doc, now),
            until: instant_text(doc, now + Duration::days(1)),
            ..Draft::default()
        };
        self.error = None;
    }

    pub fn saved(&mut self, doc: &Document, now: DateTime<Utc>) {
        self.fresh(doc, now);
    }

    fn to_warning(&self, doc: &Document, lang: Lang) -> Result<Warning, String> {
        let d = &self.draft;
        let target = match &d.target {
            Target::None => return Err(lang.t(T::ChooseTarget).to_string()),
            Target::Area(code) => WarningTarget::Area { code: code.clone() },
            Target::Enterprise(id) => WarningTarget::Enterprise { id: *id },
        };
        Ok(Warning {
            id: 0,
            level: d.level.unwrap_or(WarningLevel::Yellow),
            kind: d.kind.trim().to_string(),
            title: d.title.trim().to_string(),
            target,
            starts_at: typed_instant(doc, &d.from)?,
            ends_at: typed_instant(doc, &d.until)?,
            source: d.source.trim().to_string(),
            illustrative: false,
            note: String::new(),
        })
    }

    fn target_text(doc: &Document, target: &WarningTarget) -> String {
        match target {
            WarningTarget::Area { code } => {
                doc.snapshot.areas.iter().find(|a| &a.code == code).map_or(code.clone(), |a| a.name.clone())
            }
            WarningTarget::Enterprise { id } => {
                doc.snapshot.enterprises.iter().find(|e| e.id == *id).map_or(id.to_string(), |e| e.name.clone())
            }
            WarningTarget::Polygon { .. } => target.kind_zh().to_string(),
        }
    }
}

impl View for WarningsWindow {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        if !self.open {
            return None;
        }
        let doc = cx.doc?;
        let lang = cx.lang();
        let mut open = true;
        let out = form::window(ui.ctx(), &mut open, lang.t(T::WarningsTitle), "warnings-window", |ui| {
            self.body(ui, doc, lang)
        });
        self.open &= open;
        out
    }
}

impl WarningsWindow {
    fn body(&mut self, ui: &mut Ui, doc: &Document, lang: Lang) -> Option<Command> {
        let t = |k| lang.t(k);
        let mut out = None;
        let d = &mut self.draft;
        Grid::new("warning-fields").num_columns(2).show(ui, |ui| {
            form::choice(ui, t(T::WarningGrade), "warning-level", &mut d.level, None, lang);
            form::text(ui, t(T::WarningKind), &mut d.kind);
            form::text(ui, t(T::RecordTitle), &mut d.title);
            ui.label(t(T::WarningArea));
            let shown = match &d.target {
                Target::None => "—".to_string(),
                Target::Area(c) => {
                    doc.snapshot.areas.iter().find(|a| &a.code == c).map_or(c.clone(), |a| a.name.clone())
                }
                Target::Enterprise(id) => {
                    doc.snapshot.enterprises.iter().find(|e| e.id == *id).map_or(id.to_string(), |e| e.name.clone())
                }
            };
            egui::ComboBox::from_id_salt("warning-target").selected_text(shown).width(240.0).show_ui(ui, |ui| {
                for a in &doc.snapshot.areas {
                    ui.selectable_value(&mut d.target, Target::Area(a.code.clone()), &a.name);
                }
                ui.separator();
                for e in &doc.snapshot.enterprises {
                    ui.selectable_value(&mut d.target, Target::Enterprise(e.id), &e.name);
                }
            });
            ui.end_row();
            form::text(ui, t(T::ValidFrom), &mut d.from);
            form::text(ui, t(T::ValidUntil), &mut d.until);
            form::text(ui, t(T::WarningSource), &mut d.source);
        });
        if ui.button(t(T::AddWarning)).clicked() {
            match self.to_warning(doc, lang) {
                Ok(w) => out = Some(Command::Record(RecordOp::AddWarning(Box::new(w)))),
                Err(e) => self.error = Some(e),
            }
        }
        form::error_line(ui, &self.error);
        ui.separator();
        if self.list.as_ref().is_none_or(|(v, _)| *v != doc.version) {
            self.list = Some((doc.version, doc.project.warnings().unwrap_or_default()));
        }
        let at = doc.index.records.at;
        Grid::new("warning-list").num_columns(4).striped(true).show(ui, |ui| {
            for w in self.list.as_ref().map_or(&[][..], |(_, l)| l.as_slice()) {
                let active = w.is_active(at);
                let c = w.level.rgb();
                ui.label(
                    RichText::new(format!(" {} ", lang.label(w.level)))
                        .color(egui::Color32::WHITE)
                        .background_color(egui::Color32::from_rgb(c[0], c[1], c[2])),
                );
                let text = format!("{} {} · {}", w.kind, w.title, Self::target_text(doc, &w.target));
                ui.label(if active { RichText::new(text).strong() } else { RichText::new(text).weak() });
                ui.label(format!("{} – {}", instant_text(doc, w.starts_at), instant_text(doc, w.ends_at)));
                ui.horizontal(|ui| {
                    if active && ui.small_button(t(T::Lift)).clicked() {
                        out = Some(Command::Record(RecordOp::LiftWarning(w.id)));
                    }
                    if ui.small_button(t(T::Delete)).clicked() {
                        out = Some(Command::Record(RecordOp::DeleteWarning(w.id)));
                    }
                });
                ui.end_row();
            }
        });
        out
    }
}

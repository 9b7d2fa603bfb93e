//! The 预置 window: entering a pre-positioning (a station or team, its temporary place by a map
//! click, the window from/to in the project's zone, the reason) and the list of them with
//! 结束 (back home now) and 删除. The map and dispatch use the temporary position while the
//! window is active.

use chrono::{DateTime, Duration, Utc};
use egui::{Grid, RichText, Ui};

use super::form;
use super::record_ops::{PointPurpose, RecordOp, instant_text, point_text, typed_instant};
use crate::i18n::{Lang, T};
use crate::model::preposition::{Preposition, PrepositionReason};
use crate::model::{LonLat, UnitRef};
use crate::ui::command::Command;
use crate::ui::document::Document;
use crate::ui::map::tools::Tool;
use crate::ui::view::{Cx, View};

/// A pre-positioning as typed.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub unit: Option<UnitRef>,
    pub location: Option<LonLat>,
    pub from: String,
    pub until: String,
    pub reason: Option<PrepositionReason>,
    pub title: String,
}

#[derive(Default)]
pub struct PrepositionsWindow {
    pub open: bool,
    pub draft: Draft,
    list: Option<(u64, Vec<Preposition>)>,
    pub error: Option<String>,
}

/// Every station and team with its name, for the unit choice.
fn units(doc: &Document) -> Vec<(UnitRef, String)> {
    let s = &doc.snapshot;
    s.stations
        .iter()
        .map(|x| (UnitRef::station(x.id), x.name.clone()))
        .chain(s.teams.iter().map(|x| (UnitRef::team(x.id), x.name.clone())))
        .collect()
}

impl PrepositionsWindow {
    /// Opens with a fresh form: from now for one day.
    pub fn show(&mut self, doc: &Document, now: DateTime<Utc>) {
        self.open = true;
        self.fresh(doc, now);
    }

    fn fresh(&mut self, doc: &Document, now: DateTime<Utc>) {
        self.draft = Draft {
            from: instant_text(doc, now),
            until: instant_text(doc, now + Duration::days(1)),
            reason: Some(PrepositionReason::KeyPeriod),
            ..Draft::default()
        };
        self.error = None;
    }

    pub fn picked(&mut self, at: LonLat) {
        self.open = true;
        self.draft.location = Some(at);
    }

    pub fn saved(&mut self, doc: &Document, now: DateTime<Utc>) {
        self.fresh(doc, now);
    }

    fn to_preposition(&self, doc: &Document, lang: Lang) -> Result<Preposition, String> {
        let d = &self.draft;
        let unit = d.unit.ok_or_else(|| lang.t(T::ChooseUnit).to_string())?;
        let location = d.location.ok_or_else(|| lang.t(T::PickOnMap).to_string())?;
        Ok(Preposition {
            id: 0,
            unit,
            location,
            starts_at: typed_instant(doc, &d.from)?,
            ends_at: typed_instant(doc, &d.until)?,
            reason: d.reason.unwrap_or(PrepositionReason::Other),
            title: d.title.trim().to_string(),
            illustrative: false,
            note: String::new(),
        })
    }
}

impl View for PrepositionsWindow {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        if !self.open {
            return None;
        }
        let doc = cx.doc?;
        let lang = cx.lang();
        let mut open = true;
        let out = form::window(ui.ctx(), &mut open, lang.t(T::PrepositionsTitle), "prepositions-window", |ui| {
            self.body(ui, doc, lang)
        });
        self.open &= open;
        out
    }
}

impl PrepositionsWindow {
    fn body(&mut self, ui: &mut Ui, doc: &Document, lang: Lang) -> Option<Command> {
        let t = |k| lang.t(k);
        let mut out = None;
        let all = units(doc);
        let d = &mut self.draft;
        Grid::new("preposition-fields").num_columns(2).show(ui, |ui| {
            ui.label(t(T::Unit));
            let shown =
                d.unit.and_then(|u| all.iter().find(|(r, _)| *r == u)).map_or("—".to_string(), |x| x.1.clone());
            egui::ComboBox::from_id_salt("preposition-unit").selected_text(shown).width(240.0).show_ui(ui, |ui| {
                for (u, name) in &all {
                    ui.selectable_value(&mut d.unit, Some(*u), name);
                }
            });
            ui.end_row();
            ui.label(t(T::Location));
            ui.horizontal(|ui| {
                ui.label(point_text(d.location));
                if ui.button(t(T::PickOnMap)).clicked() {
                    out = Some(Command::SetTool(Tool::PickPoint(PointPurpose::Preposition)));
                }
            });
            ui.end_row();
            form::text(ui, t(T::ValidFrom), &mut d.from);
            form::text(ui, t(T::ValidUntil), &mut d.until);
            form::choice(ui, t(T::Reason), "preposition-reason", &mut d.reason, None, lang);
            form::text(ui, t(T::RecordTitle), &mut d.title);
        });
        if ui.button(t(T::AddPreposition)).clicked() {
            match self.to_preposition(doc, lang) {
                Ok(p) => out = Some(Command::Record(RecordOp::AddPreposition(Box::new(p)))),
                Err(e) => self.error = Some(e),
            }
        }
        form::error_line(ui, &self.error);
        ui.separator();
        if self.list.as_ref().is_none_or(|(v, _)| *v != doc.version) {
            self.list = Some((doc.version, doc.project.prepositions().unwrap_or_default()));
        }
        let at = doc.index.records.at;
        let names = all;
        Grid::new("preposition-list").num_columns(4).striped(true).show(ui, |ui| {
            for p in self.list.as_ref().map_or(&[][..], |(_, l)| l.as_slice()) {
                let name = names.iter().find(|(u, _)| *u == p.unit).map_or(p.unit.to_string(), |x| x.1.clone());
                let active = p.is_active(at);
                let text = format!("{name} · {}", if p.title.is_empty() { lang.label(p.reason) } else { &p.title });
                ui.label(if active { RichText::new(text).strong() } else { RichText::new(text).weak() });
                ui.label(format!("{} – {}", instant_text(doc, p.starts_at), instant_text(doc, p.ends_at)));
                ui.label(if active { t(T::InForce) } else { "" });
                ui.horizontal(|ui| {
                    if active && ui.small_button(t(T::EndNow)).clicked() {
                        out = Some(Command::Record(RecordOp::EndPreposition(p.id)));
                    }
                    if ui.small_button(t(T::Delete)).clicked() {
                        out = Some(Command::Record(RecordOp::DeletePreposition(p.id)));
                    }
                });
                ui.end_row();
            }
        });
        out
    }
}

//! The 演练 window: the year's drill plan and records; planning a drill on the map (the scenario
//! point by a click; the stations and teams ranked by the dispatch panel's travel model, roads
//! when imported, with their arrival times; ticked to take part; their lines drawn on the map
//! through the dispatch layer); and the compliance dashboard of a year — who is overdue under
//! each rule, the rules editable. Every list comes from the same library calls as
//! `onemap drills …`.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use egui::{Grid, RichText, Ui};

use super::form;
use super::record_ops::{PointPurpose, RecordOp};
use crate::actions::dispatch::{DispatchSettings, time_of_day, travel_model};
use crate::analysis::drill_compliance::{ComplianceReport, PeriodState, drill_kind_zh, state_zh};
use crate::analysis::drill_planning::{Candidate, SuggestRequest};
use crate::i18n::{Lang, T};
use crate::model::drill::{Drill, DrillForm, DrillRule, DrillRulesSetting, DrillScope, DrillStatus, RulePeriod};
use crate::model::{FeatureId, Layer, LonLat, UnitRef};
use crate::render::LayerId;
use crate::render::layers::dispatch::{DispatchDrawing, DispatchLayer, DrawnUnit, eta_text};
use crate::ui::command::Command;
use crate::ui::dialogs::PathPurpose;
use crate::ui::document::Document;
use crate::ui::map::MapPanel;
use crate::ui::map::tools::Tool;
use crate::ui::view::{Cx, View};

/// How many stations and teams a scenario suggests.
const SUGGESTED_STATIONS: usize = 3;
const SUGGESTED_TEAMS: usize = 3;
/// The drill's mark on the map, so nobody takes the plan for an incident.
const DRILL_MARK: &str = "【演练】";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DrillTab {
    #[default]
    Records,
    Plan,
    Compliance,
}

/// A drill as typed in the planner.
#[derive(Debug, Clone)]
pub struct Draft {
    /// 0 for a new drill.
    pub id: FeatureId,
    pub name: String,
    pub scope: Option<DrillScope>,
    pub form: Option<DrillForm>,
    pub status: Option<DrillStatus>,
    /// The planned day, or the day held.
    pub day: String,
    pub organizer: String,
    pub district: Option<String>,
    /// The enterprise that organised it (enterprise drills).
    pub enterprise: Option<FeatureId>,
    pub head_led: bool,
    pub scenario: String,
    pub location: Option<LonLat>,
    pub other_participants: String,
    pub evaluation: String,
    /// Plans, photos, reports: one path or file name per line.
    pub attachments: String,
}

impl Default for Draft {
    fn default() -> Self {
        Self {
            id: 0,
            name: String::new(),
            scope: Some(DrillScope::Comprehensive),
            form: Some(DrillForm::Field),
            status: Some(DrillStatus::Planned),
            day: String::new(),
            organizer: String::new(),
            district: None,
            enterprise: None,
            head_led: false,
            scenario: String::new(),
            location: None,
            other_participants: String::new(),
            evaluation: String::new(),
            attachments: String::new(),
        }
    }
}

#[derive(Default)]
pub struct DrillsWindow {
    pub open: bool,
    pub tab: DrillTab,
    pub year: i32,
    pub draft: Draft,
    /// Suggested participants with their arrival times at the scenario point.
    pub candidates: Vec<Candidate>,
    /// Units taking part (suggested and ticked, or stored on the drill).
    pub ticked: BTreeSet<UnitRef>,
    /// What to suggest: how many stations and teams, teams with a capability (危化, 水域 …).
    pub want: (usize, usize),
    pub capability: String,
    /// The project's drills, read at a document version.
    drills: Option<(u64, Vec<Drill>)>,
    /// The year's report, or why it could not be made, for the project version it was made from
    /// (a failing query is not retried every frame).
    report: Option<((u64, i32), Result<ComplianceReport, String>)>,
    /// The compliance rules as being edited.
    pub rules: Option<DrillRulesSetting>,
    pub error: Option<String>,
    map_stale: bool,
}

impl DrillsWindow {
    pub fn show(&mut self, doc: &Document) {
        self.open = true;
        if self.year == 0 {
            self.year = doc.index.records.today.year();
        }
    }

    /// The scenario point: suggests participants by travel time from where each unit is at
    /// `now` (pre-positioned units from their temporary position) and ticks them all.
    pub fn picked(&mut self, doc: &Document, at: LonLat, now: DateTime<Utc>) {
        self.open = true;
        self.tab = DrillTab::Plan;
        self.draft.location = Some(at);
        if self.want == (0, 0) {
            self.want = (SUGGESTED_STATIONS, SUGGESTED_TEAMS);
        }
        let capability = self.capability.trim();
        let request = SuggestRequest {
            scenario: at,
            stations: self.want.0,
            teams: self.want.1,
            capability: (!capability.is_empty()).then(|| capability.to_string()),
        };
        // The dispatch panel's travel model: the road network when imported (at this hour's
        // speeds), else the project's straight-line estimate.
        let ranked = (|| -> anyhow::Result<Vec<Candidate>> {
            let settings = DispatchSettings::load(&doc.project)?;
            let travel = travel_model(&doc.project, &settings, Some(time_of_day(&doc.project.zone()?, now)))?;
            Ok(crate::actions::drills::suggest_participants(&doc.project, &request, now, travel.as_ref())?)
        })();
        match ranked {
            Ok(c) => {
                self.ticked = c.iter().map(|c| c.unit).collect();
                self.candidates = c;
                self.error = None;
            }
            Err(e) => self.error = Some(format!("{e:#}")),
        }
        self.map_stale = true;
    }

    /// A write went through: a saved drill starts a fresh draft.
    pub fn saved(&mut self) {
        self.draft = Draft::default();
        self.candidates.clear();
        self.ticked.clear();
        self.error = None;
        self.rules = None;
        self.map_stale = true;
    }

    /// Draws the scenario and the ticked participants' lines on the map, when they changed.
    pub fn show_on_map(&mut self, map: &MapPanel, doc: Option<&Document>, lang: Lang) {
        if !self.map_stale {
            return;
        }
        self.map_stale = false;
        let drawing = match (self.open && self.tab == DrillTab::Plan, self.draft.location, doc) {
            (true, Some(at), Some(doc)) => Some(self.drawing(doc, at, lang)),
            _ => None,
        };
        if let Some(layer) = map.renderer.borrow_mut().layer_mut::<DispatchLayer>(LayerId::Dispatch) {
            // Clear only a drill drawing: an incident's dispatch lines stay.
            let ours = layer.drawing().is_none_or(|d| d.label.starts_with(DRILL_MARK));
            if drawing.is_some() || ours {
                layer.set(drawing);
            }
        }
    }

    fn drawing(&self, doc: &Document, at: LonLat, lang: Lang) -> DispatchDrawing {
        let units = self
            .candidates
            .iter()
            .filter(|c| self.ticked.contains(&c.unit))
            .filter_map(|c| {
                Some(DrawnUnit {
                    name: c.name.clone(),
                    from: position(doc, c.unit)?,
                    layer: c.unit.layer,
                    eta: eta_text(Some(c.seconds), c.estimate, lang),
                })
            })
            .collect();
        let name = if self.draft.name.trim().is_empty() { lang.t(T::DrillScenario) } else { self.draft.name.trim() };
        DispatchDrawing {
            incident: at,
            label: format!("{DRILL_MARK}{name}"),
            estimate: self.candidates.iter().any(|c| c.estimate),
            shortfall: false,
            units,
        }
    }

    fn drills<'a>(&'a mut self, doc: &Document) -> &'a [Drill] {
        if self.drills.as_ref().is_none_or(|(v, _)| *v != doc.version) {
            match doc.project.drills() {
                Ok(d) => self.drills = Some((doc.version, d)),
                Err(e) => {
                    self.error = Some(e.to_string());
                    self.drills = Some((doc.version, Vec::new()));
                }
            }
        }
        self.drills.as_ref().map_or(&[], |(_, d)| d.as_slice())
    }

    fn edit(&mut self, d: &Drill) {
        self.draft = Draft {
            id: d.id,
            name: d.name.clone(),
            scope: Some(d.scope),
            form: Some(d.form),
            status: Some(d.status),
            day: d.held_on.or(d.planned_on).map(|x| x.to_string()).unwrap_or_default(),
            organizer: d.organizer.clone(),
            district: d.district.clone(),
            enterprise: d.enterprise,
            head_led: d.head_led,
            scenario: d.scenario.clone(),
            location: d.location,
            other_participants: d.other_participants.clone(),
            evaluation: d.evaluation.clone(),
            attachments: d.attachments.join("\n"),
        };
        self.candidates.clear();
        self.ticked = d.participants.iter().copied().collect();
        self.tab = DrillTab::Plan;
        self.map_stale = true;
    }

    fn records_ui(&mut self, ui: &mut Ui, doc: &Document, lang: Lang) -> Option<Command> {
        let t = |k| lang.t(k);
        let year = self.year;
        let mut out = None;
        let mut edit = None;
        let drills: Vec<Drill> = self
            .drills(doc)
            .iter()
            .filter(|d| d.held_on.or(d.planned_on).is_none_or(|day| day.year() == year))
            .cloned()
            .collect();
        if ui.button(t(T::ExportDrills)).clicked() {
            out = Some(Command::ChoosePath(PathPurpose::ExportDrills(year)));
        }
        if drills.is_empty() {
            ui.label(RichText::new(t(T::NoDrills)).weak());
        }
        Grid::new("drill-list").num_columns(6).striped(true).show(ui, |ui| {
            for d in &drills {
                ui.label(d.held_on.or(d.planned_on).map(|x| x.to_string()).unwrap_or_default());
                ui.label(&d.name);
                ui.label(drill_kind_zh(d));
                ui.label(lang.label(d.status));
                ui.label(format!("{} · {}", d.organizer, d.participants.len()));
                ui.horizontal(|ui| {
                    if ui.small_button(t(T::EditDrill)).clicked() {
                        edit = Some(d.clone());
                    }
                    if ui.small_button(t(T::Delete)).clicked() {
                        out = Some(Command::Record(RecordOp::DeleteDrill(d.id)));
                    }
                    if doc.index.records.drill.is_none()
                        && ui.small_button(t(T::StartDrillMode)).on_hover_text(t(T::DrillModeHint)).clicked()
                    {
                        out = Some(Command::Record(RecordOp::StartDrillMode(d.id)));
                    }
                });
                ui.end_row();
            }
        });
        if let Some(d) = edit {
            self.edit(&d);
        }
        out
    }

    fn plan_ui(&mut self, ui: &mut Ui, doc: &Document, lang: Lang) -> Option<Command> {
        let t = |k| lang.t(k);
        let mut out = None;
        ui.horizontal(|ui| {
            ui.label(format!("{}：{}", t(T::DrillScenario), super::record_ops::point_text(self.draft.location)));
            if ui.button(t(T::PlaceScenario)).clicked() {
                out = Some(Command::SetTool(Tool::PickPoint(PointPurpose::DrillScenario)));
            }
        });
        ui.horizontal(|ui| {
            if self.want == (0, 0) {
                self.want = (SUGGESTED_STATIONS, SUGGESTED_TEAMS);
            }
            ui.label(lang.label(Layer::Stations));
            ui.add(egui::DragValue::new(&mut self.want.0).range(0..=20));
            ui.label(lang.label(Layer::Teams));
            ui.add(egui::DragValue::new(&mut self.want.1).range(0..=20));
            let l = ui.label(t(T::Capability));
            ui.add(egui::TextEdit::singleline(&mut self.capability).desired_width(80.0)).labelled_by(l.id);
            if let Some(at) = self.draft.location
                && ui.button(t(T::Suggest)).clicked()
            {
                out = Some(Command::PointPicked(PointPurpose::DrillScenario, at));
            }
        });
        if !self.candidates.is_empty() {
            ui.label(RichText::new(t(T::SuggestedParticipants)).strong());
            let mut changed = false;
            Grid::new("drill-candidates").num_columns(3).striped(true).show(ui, |ui| {
                for c in &self.candidates {
                    let mut on = self.ticked.contains(&c.unit);
                    if ui.checkbox(&mut on, &c.name).changed() {
                        changed = true;
                        if on {
                            self.ticked.insert(c.unit);
                        } else {
                            self.ticked.remove(&c.unit);
                        }
                    }
                    ui.label(&c.kind);
                    ui.label(eta_text(Some(c.seconds), c.estimate, lang));
                    ui.end_row();
                }
            });
            self.map_stale |= changed;
        } else if !self.ticked.is_empty() {
            ui.label(format!("{}：{}", t(T::Participants), self.ticked.len()));
        }
        ui.separator();
        let d = &mut self.draft;
        Grid::new("drill-fields").num_columns(2).show(ui, |ui| {
            let before = d.name.clone();
            form::text(ui, t(T::DrillName), &mut d.name);
            self.map_stale |= before != d.name;
            form::choice(ui, t(T::DrillScopeLabel), "drill-scope", &mut d.scope, None, lang);
            form::choice(ui, t(T::DrillFormLabel), "drill-form", &mut d.form, None, lang);
            form::choice(ui, t(T::Status), "drill-status", &mut d.status, None, lang);
            form::text(ui, t(T::DrillDate), &mut d.day);
            form::text(ui, t(T::Organizer), &mut d.organizer);
            ui.label(t(T::County));
            let shown = d
                .district
                .as_ref()
                .and_then(|c| doc.snapshot.areas.iter().find(|a| &a.code == c))
                .map_or("—".to_string(), |a| a.name.clone());
            egui::ComboBox::from_id_salt("drill-county").selected_text(shown).width(240.0).show_ui(ui, |ui| {
                ui.selectable_value(&mut d.district, None, "—");
                for a in doc.snapshot.areas.iter().filter(|a| a.level == crate::model::AreaLevel::District) {
                    ui.selectable_value(&mut d.district, Some(a.code.clone()), &a.name);
                }
            });
            ui.end_row();
            form::enterprise(
                ui,
                t(T::OrganizingEnterprise),
                "drill-enterprise",
                &mut d.enterprise,
                &doc.snapshot.enterprises,
            );
            if d.enterprise.is_some() {
                ui.label("");
                ui.checkbox(&mut d.head_led, t(T::HeadLedDrill));
                ui.end_row();
            } else {
                d.head_led = false;
            }
            form::multiline(ui, t(T::ScenarioText), &mut d.scenario);
            form::text(ui, t(T::OtherParticipants), &mut d.other_participants);
            form::multiline(ui, t(T::Evaluation), &mut d.evaluation);
            form::multiline(ui, t(T::Attachments), &mut d.attachments);
        });
        ui.horizontal(|ui| {
            if ui.button(t(T::SaveDrill)).clicked() {
                match self.to_drill() {
                    Ok(d) => out = Some(Command::Record(RecordOp::SaveDrill(Box::new(d)))),
                    Err(e) => self.error = Some(e),
                }
            }
            if ui.button(t(T::NewDrill)).clicked() {
                self.saved();
            }
        });
        out
    }

    /// The drill the planner describes; participants in ranking order, then the others kept.
    pub fn to_drill(&self) -> Result<Drill, String> {
        let d = &self.draft;
        let mut drill =
            Drill::new(d.name.trim(), d.scope.unwrap_or(DrillScope::Comprehensive), d.form.unwrap_or(DrillForm::Field));
        drill.id = d.id;
        drill.status = d.status.unwrap_or(DrillStatus::Planned);
        let day: Option<NaiveDate> = if d.day.trim().is_empty() { None } else { Some(form::day(&d.day)?) };
        if drill.status == DrillStatus::Held {
            drill.held_on = day;
        } else {
            drill.planned_on = day;
        }
        drill.organizer = d.organizer.trim().to_string();
        drill.district = d.district.clone();
        drill.enterprise = d.enterprise;
        drill.head_led = d.head_led;
        drill.scenario = d.scenario.clone();
        drill.location = d.location;
        let ranked: Vec<UnitRef> = self.candidates.iter().map(|c| c.unit).filter(|u| self.ticked.contains(u)).collect();
        drill.participants = ranked.clone();
        drill.participants.extend(self.ticked.iter().filter(|u| !ranked.contains(u)));
        drill.other_participants = d.other_participants.clone();
        drill.evaluation = d.evaluation.clone();
        drill.attachments = form::lines(&d.attachments);
        if let Some((field, problem)) = drill.problem() {
            return Err(format!("{field} {problem}"));
        }
        Ok(drill)
    }

    fn compliance_ui(&mut self, ui: &mut Ui, doc: &Document, lang: Lang) -> Option<Command> {
        let t = |k| lang.t(k);
        let key = (doc.version, self.year);
        if self.report.as_ref().is_none_or(|(k, _)| *k != key) {
            let r = crate::actions::drills::compliance(&doc.project, self.year, doc.index.records.today);
            self.report = Some((key, r.map_err(|e| e.to_string())));
        }
        let report = match &self.report {
            Some((_, Ok(report))) => report,
            Some((_, Err(e))) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
                return None;
            }
            None => return None,
        };
        let mut out = None;
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{} {}", t(T::AsOf), report.as_of)).weak());
            if ui.button(t(T::ExportCompliance)).clicked() {
                out = Some(Command::ChoosePath(PathPurpose::ExportCompliance(report.year)));
            }
        });
        for r in &report.rules {
            ui.label(RichText::new(format!("{}（{}/{}）", r.rule.name, r.compliant, r.subjects)).strong());
            let late: Vec<_> = r.lines.iter().filter(|l| l.overdue || l.due_now).collect();
            if late.is_empty() {
                ui.label(RichText::new(t(T::AllCompliant)).weak());
            }
            for l in late {
                let missed: Vec<String> = l
                    .periods
                    .iter()
                    .filter(|p| matches!(p.state, PeriodState::Missed | PeriodState::Open))
                    .map(|p| format!("{} {}", p.label, state_zh(p.state)))
                    .collect();
                let text = format!("{}：{}", l.subject.name(), missed.join("，"));
                if l.overdue {
                    ui.label(RichText::new(text).color(form::ERROR));
                } else {
                    ui.label(text);
                }
            }
            ui.add_space(4.0);
        }
        ui.separator();
        self.rules_ui(ui, doc, lang).or(out)
    }

    fn rules_ui(&mut self, ui: &mut Ui, doc: &Document, lang: Lang) -> Option<Command> {
        let t = |k| lang.t(k);
        let rules = self
            .rules
            .get_or_insert_with(|| doc.project.setting(crate::store::SettingKey::DrillRules).unwrap_or_default());
        ui.label(RichText::new(t(T::DrillRules)).strong());
        let mut remove = None;
        for (i, r) in rules.rules.iter_mut().enumerate() {
            ui.push_id(i, |ui| rule_ui(ui, r, lang, &mut remove, i));
        }
        if let Some(i) = remove {
            rules.rules.remove(i);
        }
        let mut out = None;
        ui.horizontal(|ui| {
            if ui.button(t(T::SaveRules)).clicked() {
                out = Some(Command::Record(RecordOp::SaveDrillRules(rules.clone())));
            }
            if ui.button(t(T::DefaultRules)).clicked() {
                *rules = DrillRulesSetting::default();
            }
        });
        out
    }
}

fn rule_ui(ui: &mut Ui, r: &mut DrillRule, lang: Lang, remove: &mut Option<usize>, i: usize) {
    let t = |k| lang.t(k);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        Grid::new("rule").num_columns(2).show(ui, |ui| {
            form::text(ui, t(T::RuleName), &mut r.name);
            ui.label(t(T::RuleSubject));
            ui.label(match &r.subject {
                crate::model::drill::RuleSubject::Districts => t(T::RuleDistricts).to_string(),
                crate::model::drill::RuleSubject::Enterprises { in_park: Some(true), .. } => {
                    t(T::RuleParkEnterprises).to_string()
                }
                crate::model::drill::RuleSubject::Enterprises { .. } => t(T::RuleEnterprises).to_string(),
            });
            ui.end_row();
            let mut period = Some(r.period);
            form::choice::<RulePeriod>(ui, t(T::RulePeriod), "period", &mut period, None, lang);
            r.period = period.unwrap_or(r.period);
            ui.label(t(T::RuleMin));
            ui.add(egui::DragValue::new(&mut r.min_drills).range(1..=52));
            ui.end_row();
            form::choice(ui, t(T::DrillScopeLabel), "scope", &mut r.scope, Some("—"), lang);
            form::choice(ui, t(T::DrillFormLabel), "form", &mut r.form, Some("—"), lang);
            ui.label("");
            ui.checkbox(&mut r.head_led, t(T::HeadLed));
            ui.end_row();
        });
        if ui.small_button(t(T::Delete)).clicked() {
            *remove = Some(i);
        }
    });
}

/// Where a unit is on the map now: its temporary position while pre-positioned, else home.
fn position(doc: &Document, unit: UnitRef) -> Option<LonLat> {
    if let Some(m) = doc.index.records.moved.iter().find(|m| m.unit == unit) {
        return Some(m.at);
    }
    match unit.layer {
        Layer::Stations => doc.snapshot.stations.iter().find(|s| s.id == unit.id).map(|s| s.location),
        Layer::Teams => doc.snapshot.teams.iter().find(|x| x.id == unit.id).map(|x| x.location),
        _ => None,
    }
}

impl View for DrillsWindow {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        if !self.open {
            return None;
        }
        let doc = cx.doc?;
        let lang = cx.lang();
        let t = |k| lang.t(k);
        let mut out = None;
        let mut open = true;
        let tab = self.tab;
        let screen = ui.ctx().content_rect();
        egui::Window::new(t(T::DrillsTitle))
            .id(egui::Id::unique("drills-window"))
            .open(&mut open)
            .default_width(520.0)
            .default_pos([screen.left() + 300.0, screen.top() + 60.0])
            .show(ui.ctx(), |ui| {
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.tab, DrillTab::Records, t(T::DrillRecords));
                    ui.selectable_value(&mut self.tab, DrillTab::Plan, t(T::DrillPlanTab));
                    ui.selectable_value(&mut self.tab, DrillTab::Compliance, t(T::DrillCompliance));
                    ui.separator();
                    ui.label(t(T::Year));
                    ui.add(egui::DragValue::new(&mut self.year).range(2000..=2100));
                });
                ui.separator();
                form::error_line(ui, &self.error);
                egui::ScrollArea::vertical().min_scrolled_height(screen.height() - 240.0).show(ui, |ui| {
                    out = match self.tab {
                        DrillTab::Records => self.records_ui(ui, doc, lang),
                        DrillTab::Plan => self.plan_ui(ui, doc, lang),
                        DrillTab::Compliance => self.compliance_ui(ui, doc, lang),
                    };
                });
            });
        if !open {
            self.open = false;
            self.map_stale = true;
        }
        self.map_stale |= tab != self.tab;
        out
    }
}

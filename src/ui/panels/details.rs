//! The details panel: everything about the selected feature (attributes, vehicles, personnel,
//! stock lines with shortfalls flagged, contacts, change history from the audit log), with
//! edit, move and delete; and the short version shown as the map's hover tooltip.

use egui::{Color32, Grid, RichText, ScrollArea, Ui};

use super::editor;
use crate::actions::Edit;
use crate::i18n::{Lang, T};
use crate::model::{Feature, Labelled, Layer};
use crate::render::Target;
use crate::store::AuditEntry;
use crate::ui::command::Command;
use crate::ui::document::{Document, FeatureRef};
use crate::ui::view::{Cx, View};

/// Colour of the 示意 badge and of shortfalls.
const ILLUSTRATIVE: Color32 = Color32::from_rgb(0xC0, 0x5A, 0x00);
const SHORTFALL: Color32 = Color32::from_rgb(0xD3, 0x2F, 0x2F);

#[derive(Default)]
pub struct DetailsPanel {
    /// The draft being edited, for the selected feature.
    pub editing: Option<Feature>,
    confirm_delete: bool,
    history: Option<(FeatureRef, u64, Vec<AuditEntry>)>,
}

/// The orange 示意 badge with its explanation on hover.
pub fn illustrative_badge(ui: &mut Ui, lang: Lang) {
    ui.label(RichText::new(lang.t(T::Illustrative)).color(Color32::WHITE).background_color(ILLUSTRATIVE).strong())
        .on_hover_text(lang.t(T::IllustrativeNote));
}

fn illustrative(f: &Feature) -> bool {
    match f {
        Feature::Stations(x) => x.illustrative,
        Feature::Teams(x) => x.illustrative,
        Feature::Depots(x) => x.illustrative,
        Feature::Enterprises(x) => x.illustrative,
        Feature::Areas(x) => x.illustrative,
    }
}

/// One line saying what a feature is: "一级站 · 现有", "专业救援 · 在岗", "红（重大风险） · 危化".
pub fn kind_line(f: &Feature, lang: Lang) -> String {
    match f {
        Feature::Stations(s) => format!("{} · {}", lang.label(s.class), lang.label(s.status)),
        Feature::Teams(t) => format!("{} · {}", lang.label(t.kind), lang.label(t.status)),
        Feature::Depots(d) => lang.t(T::DepotLevelLine).replace("{}", lang.label(d.level)),
        Feature::Enterprises(e) => match lang {
            Lang::Zh => format!("{}（{}） · {}", e.risk.zh(), e.risk.risk_name_zh(), e.industry),
            Lang::En => format!("{} · {}", e.risk.en(), e.industry),
        },
        Feature::Areas(a) => lang.label(a.level).to_string(),
    }
}

fn address(f: &Feature) -> &str {
    match f {
        Feature::Stations(x) => &x.address,
        Feature::Teams(x) => &x.address,
        Feature::Depots(x) => &x.address,
        Feature::Enterprises(x) => &x.address,
        Feature::Areas(_) => "",
    }
}

/// The hover tooltip for a map target.
pub fn tooltip_ui(ui: &mut Ui, doc: &Document, target: Target, lang: Lang) {
    match target {
        Target::Feature { layer, id } => {
            let Some(f) = doc.feature(FeatureRef { layer, id }) else { return };
            ui.horizontal(|ui| {
                ui.strong(f.name());
                if illustrative(&f) {
                    illustrative_badge(ui, lang);
                }
            });
            ui.label(format!("{} · {}", lang.label(layer), kind_line(&f, lang)));
            if !address(&f).is_empty() {
                ui.label(RichText::new(address(&f)).weak());
            }
            ui.label(RichText::new(lang.t(T::ClickForDetails)).weak().small());
        }
        Target::Cluster { layer, count, .. } => {
            ui.strong(format!("{count} × {}", lang.label(layer)));
            ui.label(RichText::new(lang.t(T::ClickToZoom)).weak().small());
        }
        Target::Hazard { id } => super::hazard_card::tooltip_ui(ui, doc, id, lang),
    }
}

fn row(ui: &mut Ui, label: &str, value: impl Into<String>) {
    let v = value.into();
    if v.trim().is_empty() {
        return;
    }
    ui.label(RichText::new(label).weak());
    ui.add(egui::Label::new(v).wrap());
    ui.end_row();
}

fn district_name(doc: &Document, code: &Option<String>) -> String {
    code.as_deref()
        .map(|c| doc.snapshot.area_name(c).map_or_else(|| c.to_string(), |n| format!("{n}（{c}）")))
        .unwrap_or_default()
}

fn attributes_ui(ui: &mut Ui, doc: &Document, f: &Feature, lang: Lang) {
    let t = |k: T| lang.t(k);
    Grid::new("details").num_columns(2).spacing([12.0, 4.0]).striped(true).show(ui, |ui| {
        match f {
            Feature::Stations(s) => {
                row(ui, t(T::StationClassField), lang.label(s.class));
                row(ui, t(T::Status), lang.label(s.status));
                row(ui, t(T::Personnel), format!("{} {}", s.personnel, t(T::People)));
                if let Some(tn) = s.turnout_s {
                    row(ui, t(T::TurnoutSeconds), format!("{tn} s"));
                }
            }
            Feature::Teams(x) => {
                row(ui, t(T::TeamKindField), lang.label(x.kind));
                row(ui, t(T::Status), lang.label(x.status));
                row(ui, t(T::Capabilities), x.capabilities.join("、"));
                row(ui, t(T::Headcount), format!("{} {}", x.headcount, t(T::People)));
                row(ui, t(T::Equipment), x.equipment.clone());
                row(ui, t(T::Supervisor), x.supervisor.clone());
            }
            Feature::Depots(d) => {
                row(ui, t(T::DepotLevelField), lang.label(d.level));
                row(ui, t(T::Operator), d.operator.clone());
            }
            Feature::Enterprises(e) => {
                row(ui, t(T::RiskField), kind_line(f, lang));
                row(ui, t(T::CreditCode), e.credit_code.clone());
                row(ui, t(T::Industry), e.industry.clone());
                row(ui, t(T::InPark), if e.in_park { t(T::Yes) } else { t(T::No) });
                if let Some(tw) = &e.township {
                    row(ui, t(T::Township), doc.snapshot.area_name(tw).unwrap_or(tw).to_string());
                }
            }
            Feature::Areas(a) => {
                row(ui, t(T::Code), a.code.clone());
                row(ui, t(T::Level), lang.label(a.level));
            }
        }
        let (district, phone, contact) = match f {
            Feature::Stations(s) => (&s.district, s.phone.clone(), String::new()),
            Feature::Teams(x) => (&x.district, x.phone.clone(), x.contact.clone()),
            Feature::Depots(d) => (&d.district, d.phone.clone(), d.contact.clone()),
            Feature::Enterprises(e) => (&e.district, e.phone.clone(), e.contact.clone()),
            Feature::Areas(_) => (&None, String::new(), String::new()),
        };
        row(ui, t(T::District), district_name(doc, district));
        row(ui, t(T::Address), address(f).to_string());
        row(ui, t(T::Contact), contact);
        row(ui, t(T::Phone), phone);
        if let Some(c) = f.code() {
            row(ui, t(T::Code), c.to_string());
        }
        if let Some(p) = f.location() {
            row(ui, t(T::Location), format!("{:.6}, {:.6}", p.lon, p.lat));
        }
        let note = match f {
            Feature::Stations(x) => x.note.clone(),
            Feature::Teams(x) => x.note.clone(),
            Feature::Depots(x) => x.note.clone(),
            Feature::Enterprises(x) => x.note.clone(),
            Feature::Areas(_) => String::new(),
        };
        row(ui, t(T::Note), note);
    });
    match f {
        Feature::Stations(s) if !s.vehicles.is_empty() => {
            ui.add_space(6.0);
            ui.strong(format!("{}（{}）", t(T::Vehicles), s.vehicles.iter().map(|v| v.count).sum::<u32>()));
            Grid::new("vehicles").num_columns(2).striped(true).show(ui, |ui| {
                for v in &s.vehicles {
                    ui.label(&v.kind);
                    ui.label(format!("× {}", v.count));
                    ui.end_row();
                }
            });
        }
        Feature::Depots(d) if !d.stock.is_empty() => {
            ui.add_space(6.0);
            let short = d.stock.iter().filter(|l| l.below_minimum()).count();
            ui.horizontal(|ui| {
                ui.strong(t(T::Stock));
                if short > 0 {
                    ui.label(RichText::new(format!("{short} {}", t(T::BelowMinimum))).color(SHORTFALL).strong());
                }
            });
            Grid::new("stock").num_columns(4).striped(true).show(ui, |ui| {
                for h in [T::Item, T::Quantity, T::MinLevel, T::Category] {
                    ui.label(RichText::new(t(h)).weak());
                }
                ui.end_row();
                for l in &d.stock {
                    let q = format!("{} {}", trim(l.quantity), l.unit);
                    if l.below_minimum() {
                        ui.label(RichText::new(format!("▲ {}", l.item)).color(SHORTFALL))
                            .on_hover_text(t(T::BelowMinimum));
                        ui.label(RichText::new(q).color(SHORTFALL).strong());
                    } else {
                        ui.label(&l.item);
                        ui.label(q);
                    }
                    ui.label(trim(l.min_level));
                    ui.label(RichText::new(&l.category).weak());
                    ui.end_row();
                }
            });
        }
        _ => {}
    }
}

fn trim(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.2}") }
}

fn history_ui(ui: &mut Ui, entries: &[AuditEntry], lang: Lang) {
    if entries.is_empty() {
        ui.label(RichText::new(lang.t(T::NoHistory)).weak());
        return;
    }
    for e in entries {
        let when = e.ts.get(..16).unwrap_or(&e.ts).replace('T', " ");
        let what = match e.action.as_str() {
            "insert" => lang.t(T::ActionInsert),
            "update" => lang.t(T::ActionUpdate),
            "delete" => lang.t(T::ActionDelete),
            "import" => lang.t(T::ActionImport),
            other => other,
        };
        let changed = changed_fields(e);
        ui.label(format!("{when} UTC · {} · {what}", e.operator));
        if !changed.is_empty() {
            ui.label(RichText::new(changed.join("、")).weak().small());
        }
    }
}

/// Names of the attributes an update changed.
fn changed_fields(e: &AuditEntry) -> Vec<String> {
    let (Some(serde_json::Value::Object(b)), Some(serde_json::Value::Object(a))) = (&e.before, &e.after) else {
        return Vec::new();
    };
    // Feature JSON is {"layer": .., "<field>": ..}; compare field by field.
    a.iter().filter(|(k, v)| b.get(*k) != Some(v)).map(|(k, _)| k.clone()).collect()
}

impl View for DetailsPanel {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        let lang = cx.lang();
        let (Some(doc), Some(sel)) = (cx.doc, cx.selection) else {
            self.editing = None;
            ui.label(RichText::new(lang.t(T::NothingSelected)).weak());
            return None;
        };
        let Some(f) = doc.feature(sel) else {
            ui.label(RichText::new(lang.t(T::NothingSelected)).weak());
            return None;
        };
        if self.editing.as_ref().is_some_and(|d| d.layer() != sel.layer || d.id() != sel.id) {
            self.editing = None;
        }
        let mut out = None;
        ui.horizontal_wrapped(|ui| {
            ui.heading(f.name());
            if illustrative(&f) {
                illustrative_badge(ui, lang);
            }
        });
        ui.label(format!("{} · {}", lang.label(sel.layer), kind_line(&f, lang)));
        ui.add_space(4.0);
        if let Some(draft) = &mut self.editing {
            ScrollArea::vertical().id_salt("edit").show(ui, |ui| editor::form_ui(ui, draft, &doc.snapshot, lang));
            let (mut save, mut cancel) = (false, false);
            ui.horizontal(|ui| {
                save = ui.button(lang.t(T::Save)).clicked();
                cancel = ui.button(lang.t(T::Cancel)).clicked();
            });
            if save {
                out = Some(Command::Edit(Edit::Update(draft.clone())));
            }
            if save || cancel {
                self.editing = None;
            }
            return out;
        }
        ui.horizontal(|ui| {
            if sel.layer != Layer::Areas {
                if ui.button(lang.t(T::Edit)).clicked() {
                    self.editing = Some(f.clone());
                }
                if ui.button(lang.t(T::Move)).on_hover_text(lang.t(T::HintMove)).clicked() {
                    out = Some(Command::StartMove);
                }
                if ui.button(lang.t(T::Delete)).clicked() {
                    self.confirm_delete = true;
                }
            }
            if let Some(at) = f.location()
                && ui.button(lang.t(T::Locate)).clicked()
            {
                out = Some(Command::ZoomTo { centre: at, zoom: 15.0 });
            }
            // An incident at this enterprise (or unit): dispatch answers at once.
            if let Some(at) = f.location()
                && ui.button(lang.t(T::IncidentHere)).clicked()
            {
                out = Some(Command::PlaceIncident(at));
            }
            if sel.layer == Layer::Enterprises && ui.button(lang.t(T::RiskOpenWindow)).clicked() {
                out = Some(Command::Risk(super::risk_windows::RiskAction::OpenEnterprise(sel.id)));
            }
        });
        if self.confirm_delete {
            ui.horizontal(|ui| {
                ui.label(RichText::new(lang.t(T::ConfirmDelete)).color(SHORTFALL));
                if ui.button(lang.t(T::Delete)).clicked() {
                    out = Some(Command::Edit(Edit::Delete(sel.layer, sel.id)));
                    self.confirm_delete = false;
                }
                if ui.button(lang.t(T::Cancel)).clicked() {
                    self.confirm_delete = false;
                }
            });
        }
        ui.separator();
        ScrollArea::vertical().id_salt("details").show(ui, |ui| {
            attributes_ui(ui, doc, &f, lang);
            ui.add_space(8.0);
            ui.collapsing(lang.t(T::History), |ui| {
                let fresh = self.history.as_ref().is_some_and(|(r, v, _)| *r == sel && *v == doc.version);
                if !fresh {
                    self.history = Some((sel, doc.version, doc.history(sel, 20)));
                }
                if let Some((_, _, h)) = &self.history {
                    history_ui(ui, h, lang);
                }
            });
        });
        out
    }
}

//! Editing a feature's attributes: a form per layer over a draft copy; saving sends the draft
//! as one `Edit::Update` (or `Insert` for a new feature) through the undo stack.

use egui::{ComboBox, DragValue, Grid, TextEdit, Ui};

use crate::i18n::{Lang, T};
use crate::model::{
    Depot, DepotLevel, Enterprise, Feature, Labelled, Layer, LonLat, RiskLevel, Station, StationClass, StationStatus,
    StockLine, Team, TeamKind, UnitStatus, Vehicle,
};
use crate::render::style::{self, Symbol, Theme};
use crate::snapshot::Snapshot;

/// A new feature of `layer` at `at`, with defaults the user edits next.
pub fn new_feature(layer: Layer, at: LonLat, lang: Lang) -> Option<Feature> {
    let name = |key: T| lang.t(key).to_string();
    Some(match layer {
        Layer::Stations => {
            Feature::Stations(Station::new(name(T::NewStation), StationClass::Level2, StationStatus::Planned, at))
        }
        Layer::Teams => Feature::Teams(Team::new(name(T::NewTeam), TeamKind::Social, at)),
        Layer::Depots => Feature::Depots(Depot::new(name(T::NewDepot), DepotLevel::County, at)),
        Layer::Enterprises => Feature::Enterprises(Enterprise::new(name(T::NewEnterprise), RiskLevel::Blue, at)),
        Layer::Areas => return None,
    })
}

/// The map symbol of a feature (for the drag ghost and lists).
pub fn symbol_of(f: &Feature, theme: Theme) -> Symbol {
    match f {
        Feature::Stations(s) => style::station_symbol(s.class, s.status, theme),
        Feature::Teams(t) => style::team_symbol(t.kind, t.status == UnitStatus::OnDuty, theme),
        Feature::Depots(d) => style::depot_symbol(d.level, theme),
        Feature::Enterprises(e) => style::enterprise_symbol(e.risk, theme),
        Feature::Areas(_) => style::enterprise_symbol(RiskLevel::Blue, theme),
    }
}

fn text_row(ui: &mut Ui, label: &str, value: &mut String) {
    ui.label(label);
    ui.add(TextEdit::singleline(value).desired_width(220.0));
    ui.end_row();
}

fn enum_row<L: Labelled + PartialEq>(ui: &mut Ui, label: &str, id: &str, value: &mut L, lang: Lang) {
    let l = ui.label(label);
    ComboBox::from_id_salt(id)
        .selected_text(lang.label(*value))
        .width(220.0)
        .show_ui(ui, |ui| {
            for &v in L::ALL {
                ui.selectable_value(value, v, lang.label(v));
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
}

fn district_row(ui: &mut Ui, label: &str, value: &mut Option<String>, snapshot: &Snapshot, lang: Lang) {
    let l = ui.label(label);
    let current = value.as_deref().and_then(|c| snapshot.area_name(c)).map(str::to_string);
    let none = lang.t(T::None);
    ComboBox::from_id_salt("district")
        .selected_text(current.unwrap_or_else(|| none.to_string()))
        .width(220.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, none);
            for a in snapshot.areas_at(crate::model::AreaLevel::District) {
                ui.selectable_value(value, Some(a.code.clone()), &a.name);
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
}

fn optional_text_row(ui: &mut Ui, label: &str, value: &mut Option<String>) {
    let mut s = value.clone().unwrap_or_default();
    text_row(ui, label, &mut s);
    *value = if s.trim().is_empty() { None } else { Some(s) };
}

fn location_row(ui: &mut Ui, label: &str, at: &mut LonLat) {
    ui.label(label);
    ui.horizontal(|ui| {
        ui.add(DragValue::new(&mut at.lon).speed(0.0001).range(-180.0..=180.0).fixed_decimals(6).prefix("E "));
        ui.add(DragValue::new(&mut at.lat).speed(0.0001).range(-90.0..=90.0).fixed_decimals(6).prefix("N "));
    });
    ui.end_row();
}

/// The attribute form. Returns true while the draft differs from nothing in particular; the
/// caller decides when to save.
pub fn form_ui(ui: &mut Ui, draft: &mut Feature, snapshot: &Snapshot, lang: Lang) {
    let t = |k: T| lang.t(k);
    Grid::new("editor").num_columns(2).spacing([10.0, 6.0]).striped(true).show(ui, |ui| match draft {
        Feature::Stations(s) => {
            text_row(ui, t(T::Name), &mut s.name);
            optional_text_row(ui, t(T::Code), &mut s.code);
            enum_row(ui, t(T::StationClassField), "class", &mut s.class, lang);
            enum_row(ui, t(T::Status), "status", &mut s.status, lang);
            district_row(ui, t(T::District), &mut s.district, snapshot, lang);
            text_row(ui, t(T::Address), &mut s.address);
            text_row(ui, t(T::Phone), &mut s.phone);
            ui.label(t(T::Personnel));
            ui.add(DragValue::new(&mut s.personnel).range(0..=10_000));
            ui.end_row();
            ui.label(t(T::TurnoutSeconds));
            let mut turnout = s.turnout_s.unwrap_or(0);
            ui.add(DragValue::new(&mut turnout).range(0..=3600).suffix(" s"));
            s.turnout_s = (turnout > 0).then_some(turnout);
            ui.end_row();
            location_row(ui, t(T::Location), &mut s.location);
            text_row(ui, t(T::Note), &mut s.note);
            ui.label(t(T::Illustrative));
            ui.checkbox(&mut s.illustrative, "");
            ui.end_row();
        }
        Feature::Teams(x) => {
            text_row(ui, t(T::Name), &mut x.name);
            optional_text_row(ui, t(T::Code), &mut x.code);
            enum_row(ui, t(T::TeamKindField), "kind", &mut x.kind, lang);
            enum_row(ui, t(T::Status), "status", &mut x.status, lang);
            ui.label(t(T::Capabilities));
            let mut caps = x.capabilities.join("，");
            ui.add(TextEdit::singleline(&mut caps).desired_width(220.0));
            x.capabilities = crate::store::split_tags(&caps);
            ui.end_row();
            ui.label(t(T::Headcount));
            ui.add(DragValue::new(&mut x.headcount).range(0..=100_000));
            ui.end_row();
            text_row(ui, t(T::Equipment), &mut x.equipment);
            text_row(ui, t(T::Supervisor), &mut x.supervisor);
            text_row(ui, t(T::Contact), &mut x.contact);
            text_row(ui, t(T::Phone), &mut x.phone);
            district_row(ui, t(T::District), &mut x.district, snapshot, lang);
            text_row(ui, t(T::Address), &mut x.address);
            location_row(ui, t(T::Location), &mut x.location);
            text_row(ui, t(T::Note), &mut x.note);
            ui.label(t(T::Illustrative));
            ui.checkbox(&mut x.illustrative, "");
            ui.end_row();
        }
        Feature::Depots(d) => {
            text_row(ui, t(T::Name), &mut d.name);
            optional_text_row(ui, t(T::Code), &mut d.code);
            enum_row(ui, t(T::DepotLevelField), "level", &mut d.level, lang);
            text_row(ui, t(T::Operator), &mut d.operator);
            district_row(ui, t(T::District), &mut d.district, snapshot, lang);
            text_row(ui, t(T::Address), &mut d.address);
            text_row(ui, t(T::Contact), &mut d.contact);
            text_row(ui, t(T::Phone), &mut d.phone);
            location_row(ui, t(T::Location), &mut d.location);
            text_row(ui, t(T::Note), &mut d.note);
            ui.label(t(T::Illustrative));
            ui.checkbox(&mut d.illustrative, "");
            ui.end_row();
        }
        Feature::Enterprises(e) => {
            text_row(ui, t(T::Name), &mut e.name);
            optional_text_row(ui, t(T::Code), &mut e.code);
            text_row(ui, t(T::CreditCode), &mut e.credit_code);
            text_row(ui, t(T::Industry), &mut e.industry);
            enum_row(ui, t(T::RiskField), "risk", &mut e.risk, lang);
            district_row(ui, t(T::District), &mut e.district, snapshot, lang);
            text_row(ui, t(T::Address), &mut e.address);
            text_row(ui, t(T::Contact), &mut e.contact);
            text_row(ui, t(T::Phone), &mut e.phone);
            ui.label(t(T::InPark));
            ui.checkbox(&mut e.in_park, "");
            ui.end_row();
            location_row(ui, t(T::Location), &mut e.location);
            text_row(ui, t(T::Note), &mut e.note);
            ui.label(t(T::Illustrative));
            ui.checkbox(&mut e.illustrative, "");
            ui.end_row();
        }
        Feature::Areas(a) => {
            text_row(ui, t(T::Name), &mut a.name);
        }
    });
    match draft {
        Feature::Stations(s) => vehicles_ui(ui, &mut s.vehicles, lang),
        Feature::Depots(d) => stock_ui(ui, &mut d.stock, lang),
        _ => {}
    }
}

fn vehicles_ui(ui: &mut Ui, vehicles: &mut Vec<Vehicle>, lang: Lang) {
    ui.separator();
    ui.strong(lang.t(T::Vehicles));
    let mut remove = None;
    Grid::new("vehicles").num_columns(3).show(ui, |ui| {
        for (i, v) in vehicles.iter_mut().enumerate() {
            ui.add(TextEdit::singleline(&mut v.kind).desired_width(140.0));
            ui.add(DragValue::new(&mut v.count).range(0..=999));
            if ui.small_button("×").on_hover_text(lang.t(T::Remove)).clicked() {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        vehicles.remove(i);
    }
    if ui.button(lang.t(T::AddRow)).clicked() {
        vehicles.push(Vehicle { kind: String::new(), count: 1 });
    }
}

fn stock_ui(ui: &mut Ui, stock: &mut Vec<StockLine>, lang: Lang) {
    ui.separator();
    ui.strong(lang.t(T::Stock));
    let mut remove = None;
    Grid::new("stock").num_columns(6).show(ui, |ui| {
        for h in [T::Category, T::Item, T::Unit, T::Quantity, T::MinLevel] {
            ui.label(lang.t(h));
        }
        ui.end_row();
        for (i, l) in stock.iter_mut().enumerate() {
            ui.add(TextEdit::singleline(&mut l.category).desired_width(70.0));
            ui.add(TextEdit::singleline(&mut l.item).desired_width(90.0));
            ui.add(TextEdit::singleline(&mut l.unit).desired_width(36.0));
            ui.add(DragValue::new(&mut l.quantity).range(0.0..=1e9));
            ui.add(DragValue::new(&mut l.min_level).range(0.0..=1e9));
            if ui.small_button("×").on_hover_text(lang.t(T::Remove)).clicked() {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        stock.remove(i);
    }
    if ui.button(lang.t(T::AddRow)).clicked() {
        stock.push(StockLine {
            category: String::new(),
            item: String::new(),
            unit: String::new(),
            quantity: 0.0,
            min_level: 0.0,
        });
    }
}

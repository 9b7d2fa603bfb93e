//! The dispatch panel: an incident (placed by right-clicking the map or typed as coordinates)
//! with a type, and the answer the CLI's `onemap dispatch` gives — stations, teams and depots
//! ranked by arrival, what each brings, and every shortfall in red. It recomputes whenever the
//! incident, its type, the project or the language changes (milliseconds: see `benches/dispatch`).

use chrono::{DateTime, Utc};
use egui::{Color32, ComboBox, Grid, RichText, TextEdit, Ui};

use crate::actions::dispatch::{DispatchSettings, time_of_day, travel_model};
use crate::analysis::dispatch::{Assigned, DispatchPlan, Incident, plan};
use crate::analysis::travel::TravelModel;
use crate::i18n::{Lang, T};
use crate::model::LonLat;
use crate::render::LayerId;
use crate::render::layers::dispatch::{DispatchDrawing, DispatchLayer, eta_text};
use crate::routing::TimeOfDay;
use crate::ui::command::Command;
use crate::ui::dialogs::PathPurpose;
use crate::ui::document::{Document, FeatureRef};
use crate::ui::map::MapPanel;
use crate::ui::view::{Cx, View};

/// Shortfalls are drawn in this red (the sheet's alert colour).
const ALERT: Color32 = Color32::from_rgb(0xD3, 0x2F, 0x2F);

/// What the answer was computed for.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    doc_version: u64,
    path: std::path::PathBuf,
    at: LonLat,
    kind: String,
    lang: Lang,
}

/// The project's dispatch settings and travel model, loaded once per document version.
struct Loaded {
    doc_version: u64,
    path: std::path::PathBuf,
    zone: crate::model::Zone,
    /// The hour the travel model's rush-hour factor is for (the incident's, in the project's zone).
    hour: TimeOfDay,
    settings: DispatchSettings,
    travel: Box<dyn TravelModel>,
}

impl Loaded {
    /// The project's dispatch settings and travel model for an incident reported at `when`: roads
    /// slow down at that hour in the project's zone, as in `onemap dispatch`.
    fn load(doc: &Document, when: DateTime<Utc>) -> anyhow::Result<Loaded> {
        let zone = doc.project.zone()?;
        let hour = time_of_day(&zone, when);
        let settings = DispatchSettings::load(&doc.project)?;
        let travel = travel_model(&doc.project, &settings, Some(hour))?;
        Ok(Loaded { doc_version: doc.version, path: doc.path(), zone, hour, settings, travel })
    }
}

#[derive(Default)]
pub struct DispatchPanel {
    /// The incident, once placed.
    pub at: Option<LonLat>,
    /// The incident type's name (a template of the project).
    pub kind: String,
    /// When it was reported: set when placed, so pre-positioned units are placed as of then.
    pub when: Option<DateTime<Utc>>,
    pub address: String,
    pub note: String,
    lon_text: String,
    lat_text: String,
    pub plan: Option<DispatchPlan>,
    pub error: Option<String>,
    key: Option<Key>,
    loaded: Option<Loaded>,
    /// The map still shows an older answer.
    map_stale: bool,
}

impl DispatchPanel {
    /// Places (or moves) the incident; the answer follows at the next frame.
    pub fn place(&mut self, at: LonLat) {
        if self.at.is_none() {
            self.when = Some(Utc::now());
        }
        self.at = Some(at);
        self.lon_text = format!("{:.6}", at.lon);
        self.lat_text = format!("{:.6}", at.lat);
    }

    pub fn clear(&mut self) {
        *self = Self { kind: std::mem::take(&mut self.kind), loaded: self.loaded.take(), ..Self::default() };
        self.map_stale = true;
    }

    pub fn is_open(&self) -> bool {
        self.at.is_some()
    }

    /// Recomputes the answer when anything it depends on changed.
    pub fn refresh(&mut self, doc: &Document, lang: Lang) {
        let Some(at) = self.at else { return };
        let path = doc.path();
        let when = *self.when.get_or_insert_with(Utc::now);
        let fresh = self
            .loaded
            .as_ref()
            .is_some_and(|l| l.doc_version == doc.version && l.path == path && l.hour == time_of_day(&l.zone, when));
        if !fresh {
            match Loaded::load(doc, when) {
                Ok(l) => self.loaded = Some(l),
                Err(e) => {
                    self.loaded = None;
                    self.fail(format!("{e:#}"));
                    return;
                }
            }
        }
        let Some(loaded) = &self.loaded else { return };
        // A type renamed or removed in the editor falls back to the first one.
        if !loaded.settings.templates.types.iter().any(|t| t.name == self.kind)
            && let Some(first) = loaded.settings.templates.types.first()
        {
            self.kind.clone_from(&first.name);
        }
        let key = Key { doc_version: doc.version, path, at, kind: self.kind.clone(), lang };
        if self.key.as_ref() == Some(&key) {
            return;
        }
        self.key = Some(key);
        self.map_stale = true;
        let answer = (|| -> anyhow::Result<DispatchPlan> {
            let template = loaded.settings.templates.find(&self.kind)?.clone();
            let prepositions = doc.project.prepositions()?;
            let moved = crate::analysis::prepositions::Prepositioned(&prepositions);
            let responders =
                crate::analysis::nearest::Responders::new(&doc.snapshot, &loaded.settings.protection, &*loaded.travel)
                    .with_whereabouts(&moved, when);
            Ok(plan(&responders, &Incident { at, template, when })?)
        })();
        match answer {
            Ok(p) => {
                self.plan = Some(p);
                self.error = None;
            }
            Err(e) => self.fail(format!("{e:#}")),
        }
    }

    fn fail(&mut self, message: String) {
        self.plan = None;
        self.error = Some(message);
        self.map_stale = true;
    }

    /// Hands the current answer to the map's dispatch layer when it changed.
    pub fn show_on_map(&mut self, map: &MapPanel, lang: Lang) {
        if !self.map_stale {
            return;
        }
        self.map_stale = false;
        let drawing = self.plan.as_ref().map(|p| DispatchDrawing::from_plan(p, lang));
        if let Some(layer) = map.renderer.borrow_mut().layer_mut::<DispatchLayer>(LayerId::Dispatch) {
            layer.set(drawing);
        }
    }

    fn typed_point(&self) -> Option<LonLat> {
        let lon: f64 = self.lon_text.trim().parse().ok()?;
        let lat: f64 = self.lat_text.trim().parse().ok()?;
        Some(LonLat::new(lon, lat))
    }
}

/// Where a typed place is: the feature or area named exactly so, else the first whose name,
/// address or code matches (the search box's ranking); areas at their centroid.
pub fn place_named(doc: &Document, text: &str) -> Option<(LonLat, String)> {
    use geo::Centroid;
    let mut hits = crate::ui::panels::search::search(&doc.snapshot, text);
    hits.sort_by_key(|h| h.name != text.trim());
    hits.into_iter().find_map(|hit| {
        let f = doc.feature(hit.feature)?;
        let at = match &f {
            crate::model::Feature::Areas(a) => {
                let c = a.outline.as_ref()?.centroid()?;
                LonLat::new(c.x(), c.y())
            }
            other => other.location()?,
        };
        Some((at, hit.name))
    })
}

fn units_ui(ui: &mut Ui, id: &str, title: &str, units: &[Assigned], lang: Lang, out: &mut Option<Command>) {
    if units.is_empty() {
        return;
    }
    ui.strong(title);
    Grid::new(id).num_columns(5).striped(true).spacing([8.0, 3.0]).show(ui, |ui| {
        for h in [T::ColRank, T::ColUnit, T::ColEta, T::ColKm, T::ColBrings] {
            ui.label(RichText::new(lang.t(h)).weak());
        }
        ui.end_row();
        for a in units {
            let r = &a.unit;
            ui.label(r.rank.to_string());
            let name = if r.relocated { format!("{} ({})", r.name, lang.t(T::Relocated)) } else { r.name.clone() };
            if ui.link(name).on_hover_text(&a.class).clicked() {
                *out = Some(Command::Focus(FeatureRef { layer: r.layer, id: r.id }));
            }
            ui.label(eta_text(r.eta_s, r.estimate, lang));
            ui.label(format!("{:.1}", r.distance_m / 1000.0));
            let vehicles = a.vehicles.iter().filter(|v| v.count > 0).map(|v| format!("{}×{}", v.kind, v.count));
            let supplies = a.supplies.iter().map(|s| format!("{} {} {}", s.item, s.quantity, s.unit));
            let caps = a.capabilities.iter().cloned();
            let brings: Vec<String> = vehicles.chain(supplies).chain(caps).collect();
            ui.add(egui::Label::new(RichText::new(brings.join("；")).small()).wrap());
            ui.end_row();
        }
    });
    ui.add_space(4.0);
}

/// Need / sent / short rows, the short ones in red.
fn cover_ui(ui: &mut Ui, plan: &DispatchPlan, lang: Lang) {
    ui.strong(lang.t(T::Cover));
    Grid::new("dispatch-cover").num_columns(4).striped(true).spacing([10.0, 3.0]).show(ui, |ui| {
        for h in [T::ColItem, T::ColNeed, T::ColSent, T::ColShort] {
            ui.label(RichText::new(lang.t(h)).weak());
        }
        ui.end_row();
        let row = |ui: &mut Ui, what: String, need: String, sent: String, short: Option<String>| {
            let red = short.is_some();
            let paint = |t: String| if red { RichText::new(t).color(ALERT) } else { RichText::new(t) };
            ui.label(paint(what));
            ui.label(paint(need));
            ui.label(paint(sent));
            ui.label(paint(short.unwrap_or_else(|| "0".into())).strong());
            ui.end_row();
        };
        for v in &plan.vehicles {
            let short = (v.shortfall > 0).then(|| v.shortfall.to_string());
            row(ui, v.kind.clone(), v.required.to_string(), v.assigned.to_string(), short);
        }
        for c in &plan.capabilities {
            let short = (c.shortfall > 0).then(|| c.shortfall.to_string());
            row(ui, c.capability.clone(), c.required.to_string(), c.teams.len().to_string(), short);
        }
        for m in &plan.materials {
            let short = (m.shortfall > 1e-9).then(|| format!("{} {}", m.shortfall, m.unit));
            row(ui, m.item.clone(), format!("{} {}", m.required, m.unit), format!("{} {}", m.supplied, m.unit), short);
        }
    });
}

impl View for DispatchPanel {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        let lang = cx.lang();
        let t = |k: T| lang.t(k);
        let mut out = None;
        let doc = cx.doc?;
        self.refresh(doc, lang);
        ui.horizontal(|ui| {
            ui.heading(t(T::DispatchTitle));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(t(T::ClearIncident)).clicked() {
                    self.clear();
                }
            });
        });
        let kinds: Vec<String> = self
            .loaded
            .as_ref()
            .map(|l| l.settings.templates.types.iter().map(|x| x.name.clone()).collect())
            .unwrap_or_default();
        let l = ui.label(t(T::IncidentType));
        ComboBox::from_id_salt("incident-type")
            .selected_text(self.kind.clone())
            .width(200.0)
            .show_ui(ui, |ui| {
                for k in &kinds {
                    ui.selectable_value(&mut self.kind, k.clone(), k);
                }
            })
            .response
            .labelled_by(l.id);
        if ui.small_button(t(T::EditIncidentTypes)).clicked() {
            out = Some(Command::ShowIncidentTypes);
        }
        ui.label(RichText::new(t(T::IncidentHint)).weak().small());
        ui.horizontal(|ui| {
            ui.label(t(T::Longitude));
            ui.add(TextEdit::singleline(&mut self.lon_text).desired_width(90.0));
            ui.label(t(T::Latitude));
            ui.add(TextEdit::singleline(&mut self.lat_text).desired_width(90.0));
            if ui.button(t(T::PlaceIncident)).clicked()
                && let Some(p) = self.typed_point()
            {
                self.place(p);
                out = Some(Command::ZoomTo { centre: p, zoom: 13.0 });
            }
        });
        ui.horizontal(|ui| {
            ui.label(t(T::AddressField));
            ui.add(TextEdit::singleline(&mut self.address).desired_width(200.0).hint_text(t(T::AddressHint)));
            if ui.button(t(T::FindPlace)).on_hover_text(t(T::PlaceByName)).clicked() {
                match place_named(doc, &self.address) {
                    Some((p, _)) => {
                        self.place(p);
                        out = Some(Command::ZoomTo { centre: p, zoom: 14.0 });
                    }
                    None => self.error = Some(format!("{}：{}", t(T::AddressNotFound), self.address.trim())),
                }
            }
        });
        ui.separator();
        if let Some(e) = &self.error {
            ui.label(RichText::new(e).color(ALERT));
        }
        let Some(plan) = &self.plan else { return out };
        ui.horizontal_wrapped(|ui| {
            for (key, ext) in [
                (T::ExportSheetXlsx, "xlsx"),
                (T::ExportSheetCsv, "csv"),
                (T::ExportDispatchPng, "png"),
                (T::ExportDispatchPdf, "pdf"),
            ] {
                if ui.button(t(key)).clicked() {
                    out = Some(Command::ChoosePath(PathPurpose::ExportDispatch(ext)));
                }
            }
            if ui.button(t(T::LogIncident)).clicked() {
                out = Some(Command::LogDispatch);
            }
            if ui.button(t(T::ZoomToDispatch)).clicked() {
                let extent = DispatchDrawing::from_plan(plan, lang).extent();
                let v = crate::render::MapView::fit(extent, [900.0, 700.0], 60.0, crate::render::Datum::Wgs84);
                out = Some(Command::ZoomTo { centre: extent.centre(), zoom: v.zoom.min(16.0) });
            }
        });
        ui.separator();
        egui::ScrollArea::vertical().id_salt("dispatch").show(ui, |ui| {
            // The library describes its travel model in English; the estimate is explained in
            // the interface language, a routed model by its description (network size, time).
            if plan.estimate {
                ui.label(RichText::new(t(T::EstimateNote)).weak().small());
            } else {
                ui.label(RichText::new(format!("{}：{}", t(T::TravelBasis), plan.travel)).small());
            }
            units_ui(
                ui,
                "dispatch-stations",
                lang.label(crate::model::Layer::Stations),
                &plan.stations,
                lang,
                &mut out,
            );
            units_ui(ui, "dispatch-teams", lang.label(crate::model::Layer::Teams), &plan.teams, lang, &mut out);
            units_ui(ui, "dispatch-depots", lang.label(crate::model::Layer::Depots), &plan.depots, lang, &mut out);
            cover_ui(ui, plan, lang);
            ui.add_space(4.0);
            if plan.shortfall {
                ui.label(RichText::new(t(T::ShortfallWarn)).color(ALERT).strong());
            } else {
                ui.label(t(T::AllCovered));
            }
        });
        out
    }
}

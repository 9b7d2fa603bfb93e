//! One enterprise's risk window: its zones (level, LEC L/E/C/D, hazards, measures, who answers
//! for them), its overall level and any override with the reason, filing (报备) now, the filing
//! history with a comparison of any two filings, and the poster, zone import and floor-plan
//! buttons. Reads through the store; every change is a [`RiskAction`] the app carries out.

use chrono::NaiveDate;
use egui::{Grid, RichText, ScrollArea, TextEdit, Ui};

use super::risk_windows::{RiskAction, RiskPath};
use crate::i18n::{Lang, T};
use crate::io::Crs;
use crate::model::filing::{Filing, RiskMapDiff, compare, diff};
use crate::model::risk_zones::{LevelBasis, OverallLevel, RiskZone};
use crate::model::{Feature, FeatureId, Labelled, Layer, RiskLevel};
use crate::render::style;
use crate::ui::command::Command;
use crate::ui::dialogs::PathPurpose;
use crate::ui::document::Document;
use crate::ui::map::paint;
use crate::ui::view::Cx;

/// What the window shows, read for one enterprise at one document version.
pub struct EnterpriseRisk {
    pub enterprise: FeatureId,
    pub name: String,
    pub zones: Vec<RiskZone>,
    pub overall: OverallLevel,
    /// Oldest first.
    pub filings: Vec<Filing>,
    /// The map now against the last filing (`None` when never filed).
    pub since_last: Option<RiskMapDiff>,
    version: u64,
}

impl EnterpriseRisk {
    pub fn load(doc: &Document, enterprise: FeatureId) -> anyhow::Result<EnterpriseRisk> {
        let p = &doc.project;
        let name = match doc.snapshot.feature(Layer::Enterprises, enterprise) {
            Some(Feature::Enterprises(e)) => e.name,
            _ => anyhow::bail!("no enterprise {enterprise}"),
        };
        let zones = p.risk_zones(Some(enterprise))?;
        let overall = p.overall_level(enterprise)?;
        let filings = p.filings(Some(enterprise))?;
        let since_last = match filings.last() {
            Some(last) => Some(diff(
                last.overall,
                (&last.zones, &last.points),
                overall.level,
                (&zones, &p.risk_points(Some(enterprise))?),
            )),
            None => None,
        };
        Ok(EnterpriseRisk { enterprise, name, zones, overall, filings, since_last, version: doc.version })
    }
}

#[derive(Default)]
pub struct EnterpriseRiskWindow {
    pub open: bool,
    pub enterprise: Option<FeatureId>,
    pub data: Option<EnterpriseRisk>,
    /// The last request's error, shown in the window (file, feature and field named).
    pub error: Option<String>,
    override_level: Option<RiskLevel>,
    pub reason: String,
    /// Filing date as typed (YYYY-MM-DD); empty is today.
    pub filing_date: String,
    pub filing_note: String,
    /// Indexes into the filings of the two compared.
    pub compare: Option<(usize, usize)>,
    import_crs: Crs,
}

impl EnterpriseRiskWindow {
    pub fn open(&mut self, enterprise: FeatureId) {
        if self.enterprise != Some(enterprise) {
            *self = EnterpriseRiskWindow { import_crs: self.import_crs, ..Default::default() };
            self.enterprise = Some(enterprise);
        }
        self.open = true;
    }

    fn refresh(&mut self, doc: &Document) {
        let Some(id) = self.enterprise else { return };
        if self.data.as_ref().is_some_and(|d| d.enterprise == id && d.version == doc.version) {
            return;
        }
        match EnterpriseRisk::load(doc, id) {
            Ok(d) => {
                // A new filing: compare it with the one before by default.
                let n = d.filings.len();
                if self.compare.is_none_or(|(a, b)| a >= n || b >= n) {
                    self.compare = (n >= 2).then(|| (n - 2, n - 1));
                }
                self.data = Some(d);
            }
            Err(e) => {
                self.error = Some(format!("{e:#}"));
                self.data = None;
            }
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        if !self.open {
            return None;
        }
        let lang = cx.lang();
        let doc = cx.doc?;
        self.refresh(doc);
        let title = match &self.data {
            Some(d) => format!("{} · {}", lang.t(T::RiskWindowTitle), d.name),
            None => lang.t(T::RiskWindowTitle).to_string(),
        };
        let mut out = None;
        let mut open = self.open;
        crate::ui::view::centred_window(ui.ctx(), &title)
            .id(egui::Id::unique("enterprise-risk-window"))
            .open(&mut open)
            .default_size([680.0, 620.0])
            .vscroll(true)
            .show(ui.ctx(), |ui| {
                out = self.body(ui, lang, doc.project.operator());
            });
        self.open = open;
        out
    }

    fn body(&mut self, ui: &mut Ui, lang: Lang, operator: &str) -> Option<Command> {
        let mut out = None;
        if let Some(e) = &self.error {
            ui.label(RichText::new(e).color(egui::Color32::from_rgb(0xD3, 0x2F, 0x2F)));
        }
        let id = self.data.as_ref()?.enterprise;
        ui.horizontal_wrapped(|ui| {
            let button = |ui: &mut Ui, key: T, purpose: RiskPath| {
                ui.button(lang.t(key)).clicked().then_some(Command::ChoosePath(PathPurpose::Risk(purpose)))
            };
            out = out.take().or(button(ui, T::RiskPosterPng, RiskPath::Poster { enterprise: id, pdf: false }));
            out = out.take().or(button(ui, T::RiskPosterPdf, RiskPath::Poster { enterprise: id, pdf: true }));
            ui.separator();
            egui::ComboBox::from_id_salt("zone-import-crs")
                .selected_text(match self.import_crs {
                    Crs::Wgs84 => "WGS84",
                    Crs::Gcj02 => "GCJ-02",
                })
                .width(80.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.import_crs, Crs::Wgs84, lang.t(T::CrsWgs84));
                    ui.selectable_value(&mut self.import_crs, Crs::Gcj02, lang.t(T::CrsGcj02));
                });
            let crs = self.import_crs;
            out = out.take().or(button(ui, T::RiskImportZones, RiskPath::Zones { enterprise: id, crs }));
            ui.separator();
            if ui.button(lang.t(T::RiskGeoref)).clicked() {
                out = Some(Command::Risk(RiskAction::OpenGeoref(id)));
            }
        });
        ui.separator();
        out = out.or(self.overall_ui(ui, lang));
        ui.separator();
        let d = self.data.as_ref()?;
        ui.label(RichText::new(format!("{}（{}）", lang.t(T::RiskZones), d.zones.len())).strong());
        zones_table(ui, &d.zones, lang);
        ui.separator();
        out = out.or(self.filing_ui(ui, lang, operator));
        out
    }

    fn overall_ui(&mut self, ui: &mut Ui, lang: Lang) -> Option<Command> {
        let d = self.data.as_ref()?;
        let o = &d.overall;
        let mut out = None;
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(lang.t(T::RiskOverall)).strong());
            level_tag(ui, o.level, lang);
            let basis = match &o.basis {
                LevelBasis::WorstZone => lang.t(T::RiskBasisWorst).to_string(),
                LevelBasis::Registered => lang.t(T::RiskBasisRegistered).to_string(),
                LevelBasis::Explicit { reason, set_by, set_at } => {
                    format!("{}：{reason}（{set_by}，{set_at}）", lang.t(T::RiskBasisExplicit))
                }
            };
            ui.label(basis);
            if let Some(w) = o.worst_zone
                && matches!(o.basis, LevelBasis::Explicit { .. })
            {
                ui.label(RichText::new(format!("{}：{}", lang.t(T::RiskWorstZone), lang.label(w))).weak());
            }
        });
        let id = d.enterprise;
        let explicit = matches!(o.basis, LevelBasis::Explicit { .. });
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.t(T::RiskOverride));
            let level = self.override_level.get_or_insert(o.level);
            egui::ComboBox::from_id_salt("override-level").selected_text(lang.label(*level)).width(60.0).show_ui(
                ui,
                |ui| {
                    for &l in RiskLevel::ALL {
                        ui.selectable_value(level, l, lang.label(l));
                    }
                },
            );
            ui.label(lang.t(T::RiskReason));
            ui.add(TextEdit::singleline(&mut self.reason).desired_width(200.0));
            let ready = !self.reason.trim().is_empty();
            if ui.add_enabled(ready, egui::Button::new(lang.t(T::RiskOverrideSet))).clicked() {
                out = Some(Command::Risk(RiskAction::SetLevel {
                    enterprise: id,
                    level: *level,
                    reason: self.reason.trim().to_string(),
                }));
            }
            if explicit && ui.button(lang.t(T::RiskOverrideClear)).clicked() {
                out = Some(Command::Risk(RiskAction::ClearLevel(id)));
            }
        });
        out
    }

    fn filing_ui(&mut self, ui: &mut Ui, lang: Lang, operator: &str) -> Option<Command> {
        let d = self.data.as_ref()?;
        let id = d.enterprise;
        let mut out = None;
        ui.label(RichText::new(lang.t(T::RiskFiling)).strong());
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.t(T::RiskFilingDate));
            let today = chrono::Local::now().date_naive().to_string();
            ui.add(TextEdit::singleline(&mut self.filing_date).hint_text(today).desired_width(90.0));
            ui.label(lang.t(T::RiskNote));
            ui.add(TextEdit::singleline(&mut self.filing_note).desired_width(160.0));
            ui.label(format!("{}：{operator}", lang.t(T::RiskFiler)));
            if ui.button(lang.t(T::RiskFileNow)).clicked() {
                match filing_date(&self.filing_date) {
                    Some(date) => {
                        out = Some(Command::Risk(RiskAction::File {
                            enterprise: id,
                            date,
                            note: self.filing_note.trim().to_string(),
                        }))
                    }
                    None => self.error = Some(lang.t(T::RiskBadDate).to_string()),
                }
            }
        });
        match &d.since_last {
            None => {
                ui.label(
                    RichText::new(lang.t(T::RiskNeverFiled))
                        .color(paint::colour(style::risk_colour(RiskLevel::Red), 1.0)),
                );
            }
            Some(diff) => {
                ui.label(RichText::new(lang.t(T::RiskSinceLast)).weak());
                diff_ui(ui, diff, lang);
            }
        }
        if d.filings.is_empty() {
            return out;
        }
        ui.add_space(4.0);
        ui.label(RichText::new(format!("{}（{}）", lang.t(T::RiskHistory), d.filings.len())).strong());
        Grid::new("filing-history").striped(true).num_columns(5).show(ui, |ui| {
            for h in [T::RiskFilingDate, T::RiskFiler, T::RiskOverall, T::RiskZones, T::RiskNote] {
                ui.label(RichText::new(lang.t(h)).weak());
            }
            ui.end_row();
            for f in d.filings.iter().rev() {
                ui.label(f.filed_on.to_string());
                ui.label(&f.filer);
                level_tag(ui, f.overall, lang);
                ui.label(f.zones.len().to_string());
                ui.label(&f.note);
                ui.end_row();
            }
        });
        if d.filings.len() >= 2 {
            let n = d.filings.len();
            let (mut a, mut b) = self.compare.unwrap_or((n - 2, n - 1));
            ui.horizontal(|ui| {
                ui.label(lang.t(T::RiskCompare));
                filing_combo(ui, "compare-a", &mut a, &d.filings);
                ui.label("→");
                filing_combo(ui, "compare-b", &mut b, &d.filings);
            });
            self.compare = Some((a, b));
            diff_ui(ui, &compare(&d.filings[a], &d.filings[b]), lang);
        }
        out
    }
}

/// A typed filing date, or today when empty.
fn filing_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if t.is_empty() {
        return Some(chrono::Local::now().date_naive());
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
}

fn filing_combo(ui: &mut Ui, id: &str, k: &mut usize, filings: &[Filing]) {
    let label = |f: &Filing| format!("{} · {}", f.filed_on, f.filer);
    egui::ComboBox::from_id_salt(id).selected_text(label(&filings[*k])).show_ui(ui, |ui| {
        for (i, f) in filings.iter().enumerate() {
            ui.selectable_value(k, i, label(f));
        }
    });
}

/// A level in its colour: "红（重大风险）".
fn level_tag(ui: &mut Ui, level: RiskLevel, lang: Lang) {
    let c = paint::colour(style::risk_colour(level), 1.0);
    let text = match lang {
        Lang::Zh => format!("{}（{}）", level.zh(), level.risk_name_zh()),
        Lang::En => level.en().to_string(),
    };
    ui.label(RichText::new(text).color(c).strong());
}

fn zones_table(ui: &mut Ui, zones: &[RiskZone], lang: Lang) {
    if zones.is_empty() {
        ui.label(RichText::new(lang.t(T::RiskNoZones)).weak());
        return;
    }
    ScrollArea::horizontal().id_salt("zones-table").show(ui, |ui| {
        Grid::new("risk-zones-table").striped(true).num_columns(9).spacing([10.0, 4.0]).show(ui, |ui| {
            let heads = [lang.t(T::RiskZoneName), lang.t(T::RiskLevelCol), "L", "E", "C", "D"];
            for h in
                heads.iter().copied().chain([T::RiskHazard, T::RiskMeasures, T::RiskResponsible].map(|k| lang.t(k)))
            {
                ui.label(RichText::new(h).weak());
            }
            ui.end_row();
            for z in zones {
                ui.label(&z.name);
                level_tag(ui, z.level, lang);
                match z.lec {
                    Some(l) => {
                        for v in [l.l, l.e, l.c, l.d()] {
                            ui.label(trim(v));
                        }
                    }
                    None => {
                        for _ in 0..4 {
                            ui.label(RichText::new("—").weak());
                        }
                    }
                }
                ui.label(&z.hazard);
                ui.label(&z.measures);
                let who =
                    if z.phone.is_empty() { z.responsible.clone() } else { format!("{} {}", z.responsible, z.phone) };
                ui.label(who);
                ui.end_row();
            }
        });
    });
}

fn trim(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// Zones added, removed and changed level; the overall level's change; points added/removed.
pub fn diff_ui(ui: &mut Ui, d: &RiskMapDiff, lang: Lang) {
    if d.is_empty() {
        ui.label(RichText::new(lang.t(T::RiskNoChange)).weak());
        return;
    }
    if let Some((a, b)) = d.overall {
        ui.label(format!("{}：{} → {}", lang.t(T::RiskOverall), lang.label(a), lang.label(b)));
    }
    for z in &d.added {
        ui.label(format!("{} {}（{}）", lang.t(T::RiskAdded), z.name, lang.label(z.level)));
    }
    for z in &d.removed {
        ui.label(format!("{} {}（{}）", lang.t(T::RiskRemoved), z.name, lang.label(z.level)));
    }
    for c in &d.changed {
        let mut parts = Vec::new();
        if let Some((a, b)) = c.level {
            parts.push(format!("{} → {}", lang.label(a), lang.label(b)));
        }
        if !c.fields.is_empty() {
            parts.push(c.fields.join(", "));
        }
        ui.label(format!("{} {}：{}", lang.t(T::RiskChanged), c.name, parts.join("；")));
    }
    for p in &d.points_added {
        ui.label(format!("{} {p}", lang.t(T::RiskAdded)));
    }
    for p in &d.points_removed {
        ui.label(format!("{} {p}", lang.t(T::RiskRemoved)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_filing_date_is_today_and_a_bad_one_is_refused() {
        assert_eq!(filing_date(" "), Some(chrono::Local::now().date_naive()));
        assert_eq!(filing_date("2025-03-31"), NaiveDate::from_ymd_opt(2025, 3, 31));
        assert_eq!(filing_date("31/03/2025"), None);
        assert_eq!(trim(320.0), "320");
        assert_eq!(trim(0.5), "0.5");
    }
}

//! The siting window: the planned stations against the existing ones alone and against an
//! optimal set of the same size (MCLP over the planned sites plus a grid), side by side, with
//! both sets drawn on the map by the travel layer. The work is `planning::project`'s.

use std::sync::Arc;

use egui::{RichText, Ui};

use crate::actions::dispatch::{DispatchSettings, travel_model};
use crate::i18n::{Lang, T};
use crate::model::LonLat;
use crate::planning::project::{self, DemandWeights, ProjectOptions, ProjectProblem, SideBySide};
use crate::planning::{Method, Model, Options, Position};
use crate::render::layers::travel::TravelOverlay;
use crate::ui::command::Command;
use crate::ui::document::Document;
use crate::ui::view::{Cx, View};

/// How long the exact solver may run before the window shows its best set and gap.
const TIME_LIMIT_S: u64 = 10;

pub struct SitingPanel {
    pub open: bool,
    /// Drive-time standard in minutes (4 = the 5-minute rule minus 1 min turnout, 建标152-2017).
    minutes: f64,
    /// Grid spacing for extra candidate sites, km (0 = planned sites only).
    grid_km: f64,
    weights: DemandWeights,
    result: Option<(SideBySide, String, bool)>,
    note: Option<String>,
}

impl Default for SitingPanel {
    fn default() -> Self {
        Self {
            open: false,
            minutes: project::DRIVE_STANDARD_S / 60.0,
            grid_km: 2.0,
            weights: DemandWeights::default(),
            result: None,
            note: None,
        }
    }
}

impl SitingPanel {
    /// Evaluates the plan and solves for the optimal set; the sites go to the map.
    fn compare(&mut self, doc: &Document) -> Result<Arc<TravelOverlay>, String> {
        let settings = DispatchSettings::load(&doc.project).map_err(|e| e.to_string())?;
        let travel = travel_model(&doc.project, &settings, None).map_err(|e| e.to_string())?;
        let grid_m = (self.grid_km > 0.0).then_some(self.grid_km * 1000.0);
        let plan = crate::planning::scenarios::builtin(&doc.snapshot).into_iter().collect();
        let options = ProjectOptions { weights: self.weights, grid_m, scenarios: plan, ..Default::default() };
        let pp = project::project_problem(&doc.snapshot, travel.as_ref(), &options).map_err(|e| e.to_string())?;
        let radius = self.minutes * 60.0;
        let planned = project::scenario(&pp, project::PLANNED).map_err(|e| e.to_string())?;
        let model = Model::Mclp { p: project::default_p(&pp, Some(&planned)), radius };
        let solve = Options { method: Method::Exact, time_limit: Some(std::time::Duration::from_secs(TIME_LIMIT_S)) };
        let result = project::side_by_side(
            &pp,
            std::slice::from_ref(&planned),
            Some((&model, &solve)),
            radius,
            &crate::progress::Silent,
        )
        .map_err(|e| e.to_string())?;
        let overlay = overlay(&pp, &result);
        self.result = Some((result, pp.travel.clone(), pp.estimate));
        Ok(Arc::new(overlay))
    }

    fn table_ui(ui: &mut Ui, lang: Lang, result: &SideBySide) {
        let t = |k: T| lang.t(k);
        let names = [t(T::SitingExisting), t(T::SitingPlanned), t(T::SitingOptimal)];
        let minutes = |s: Option<f64>| s.map_or_else(|| "—".to_string(), |s| format!("{:.1}", s / 60.0));
        egui::Grid::new("siting_table").striped(true).num_columns(result.rows.len() + 1).show(ui, |ui| {
            ui.label("");
            for (i, _) in result.rows.iter().enumerate() {
                ui.label(RichText::new(*names.get(i).unwrap_or(&"")).strong());
            }
            ui.end_row();
            let line = |ui: &mut Ui, label: &str, cell: &dyn Fn(&project::ScenarioRow) -> String| {
                ui.label(label);
                for r in &result.rows {
                    ui.label(cell(r));
                }
                ui.end_row();
            };
            line(ui, t(T::SitingCovered), &|r| format!("{:.1} %", 100.0 * r.covered_share));
            line(ui, t(T::SitingNewly), &|r| r.newly_covered.to_string());
            line(ui, t(T::SitingRedOrange), &|r| r.newly_covered_red_orange.to_string());
            line(ui, t(T::SitingMean), &|r| minutes(r.mean_s));
            line(ui, t(T::SitingWorst), &|r| minutes(r.worst_s));
        });
        for (i, r) in result.rows.iter().enumerate().skip(1) {
            let colour = crate::render::style::service_area_colour(i - 1).0;
            let c = egui::Color32::from_rgb(colour[0], colour[1], colour[2]);
            ui.label(RichText::new(format!("● {}：{}", names.get(i).unwrap_or(&""), r.sites.join("、"))).color(c));
        }
        if let Some(s) = &result.solution {
            let gap = if s.optimal {
                t(T::SitingProven).to_string()
            } else {
                format!("{} {:.2} %", t(T::SitingGap), 100.0 * s.gap.unwrap_or(f64::NAN))
            };
            ui.label(RichText::new(format!("{} · {:.2} s", gap, s.seconds)).small());
        }
    }
}

/// Each scenario's sites as map marks, group = scenario order (planned 0, optimal 1).
fn overlay(pp: &ProjectProblem, result: &SideBySide) -> TravelOverlay {
    let mut sites = Vec::new();
    for (group, idx) in result.sites.iter().enumerate() {
        for &j in idx {
            if let Some(Some(Position::LonLat(p))) = pp.problem.candidates.get(j).map(|c| c.at) {
                sites.push((LonLat::new(p.lon, p.lat), group));
            }
        }
    }
    TravelOverlay { sites, ..Default::default() }
}

impl View for SitingPanel {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        if !self.open {
            return None;
        }
        let lang = cx.lang();
        let t = |k: T| lang.t(k);
        let mut out = None;
        let mut open = true;
        let pos = ui.ctx().content_rect().right_top() + egui::vec2(-460.0, 360.0);
        let window = egui::Window::new(t(T::SitingTitle)).default_pos(pos).default_width(420.0);
        window.open(&mut open).resizable(false).show(ui.ctx(), |ui| {
            let Some(doc) = cx.doc else {
                ui.label(t(T::NoProject));
                return;
            };
            egui::Grid::new("siting_form").num_columns(2).show(ui, |ui| {
                ui.label(t(T::SitingMinutes));
                ui.add(egui::DragValue::new(&mut self.minutes).range(1.0..=60.0).speed(0.1));
                ui.end_row();
                ui.label(t(T::SitingGrid));
                ui.add(egui::DragValue::new(&mut self.grid_km).range(0.0..=20.0).speed(0.1));
                ui.end_row();
                ui.label(t(T::SitingWeights));
                ui.horizontal(|ui| {
                    for w in [
                        &mut self.weights.red,
                        &mut self.weights.orange,
                        &mut self.weights.yellow,
                        &mut self.weights.blue,
                    ] {
                        ui.add(egui::DragValue::new(w).range(0.0..=100.0).speed(0.1));
                    }
                });
                ui.end_row();
            });
            if ui.button(t(T::SitingCompare)).clicked() {
                match self.compare(doc) {
                    Ok(overlay) => {
                        self.note = None;
                        out = Some(Command::ShowTravel(overlay));
                    }
                    Err(e) => {
                        self.result = None;
                        self.note = Some(e);
                    }
                }
            }
            if let Some(e) = &self.note {
                ui.label(RichText::new(e.as_str()).color(ui.visuals().error_fg_color));
            }
            if let Some((result, travel, estimate)) = &self.result {
                ui.separator();
                Self::table_ui(ui, lang, result);
                let how = if *estimate { format!("{travel} — {}", t(T::SitingEstimate)) } else { travel.clone() };
                ui.label(RichText::new(how).small().weak());
            }
        });
        self.open = open;
        out
    }
}

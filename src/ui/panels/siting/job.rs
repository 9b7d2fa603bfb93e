//! The siting window's work on a worker thread: build the project's problem (travel times from
//! roads or the estimate), then optimise, or compare scenarios and draw each one's small map.
//! Everything here is `planning` and `render`; only the pictures become egui images.

use std::sync::Arc;

use crate::actions::dispatch::{DispatchSettings, travel_model};
use crate::i18n::Lang;
use crate::model::siting::{ScenarioOptions, SitingScenario};
use crate::planning::project::{self, CandidateSite, ProjectOptions, ProjectProblem, ScenarioRow};
use crate::planning::{Position, Solution, scenarios};
use crate::progress::Progress;
use crate::snapshot::Snapshot;
use crate::store::Project;

/// Size of each small map of the comparison, logical pixels.
pub const PICTURE: [f32; 2] = [320.0, 240.0];

/// What to compute.
pub enum Ask {
    /// Choose sites with the options' model among the candidates.
    Optimise,
    /// Evaluate these scenarios (indices into `Request::scenarios`) side by side.
    Compare(Vec<usize>),
}

pub struct Request {
    pub project: Project,
    pub snapshot: Arc<Snapshot>,
    pub options: ScenarioOptions,
    /// Every scenario (the plan first); their sites are candidates when `pool_scenarios`.
    pub scenarios: Vec<SitingScenario>,
    pub pool_scenarios: bool,
    pub candidates: Vec<CandidateSite>,
    pub ask: Ask,
    pub lang: Lang,
}

/// A result of the solver, ready to be saved as a scenario.
pub struct Optimised {
    pub solution: Solution,
    pub proposal: SitingScenario,
}

pub struct Answer {
    pub rows: Vec<ScenarioRow>,
    pub optimised: Option<Optimised>,
    /// Each scenario's sites after the baseline, for the map.
    pub sites: Vec<Vec<crate::model::LonLat>>,
    /// The small maps of the compared scenarios (at most [`MAX_PICTURES`]).
    pub pictures: Vec<(String, egui::ColorImage)>,
    pub travel: String,
    pub estimate: bool,
}

/// Small maps drawn side by side.
pub const MAX_PICTURES: usize = 4;

pub fn run(req: Request, progress: &dyn Progress) -> anyhow::Result<Answer> {
    progress.begin(req.lang.t(crate::i18n::T::SitingPreparing), None);
    let settings = DispatchSettings::load(&req.project)?;
    let travel = travel_model(&req.project, &settings, None)?;
    let o = &req.options;
    // The scenarios to compare must be in the problem even when their sites are not offered.
    let in_problem: Vec<SitingScenario> = match &req.ask {
        Ask::Compare(which) => which.iter().filter_map(|&k| req.scenarios.get(k).cloned()).collect(),
        Ask::Optimise if req.pool_scenarios => req.scenarios.clone(),
        Ask::Optimise => Vec::new(),
    };
    let mut options = ProjectOptions {
        weights: o.weights,
        demand: o.demand.clone(),
        scenarios: in_problem.clone(),
        extra: req.candidates.clone(),
        grid_m: None,
        layer_points: Vec::new(),
    };
    options.read_layer(req.project.path())?;
    let pp = project::project_problem(&req.snapshot, travel.as_ref(), &options)?;
    let radius = o.minutes * 60.0;
    let (rows, solution, idx) = match &req.ask {
        Ask::Optimise => {
            let (model, solve) = scenarios::model_of(o);
            let r = project::side_by_side(&pp, &[], Some((&model, &solve)), radius, progress)?;
            (r.rows, r.solution, r.sites)
        }
        Ask::Compare(_) => {
            let r = project::side_by_side(&pp, &pp.scenarios, None, radius, progress)?;
            (r.rows, None, r.sites)
        }
    };
    let sites: Vec<Vec<_>> = idx.iter().map(|set| positions(&pp, set)).collect();
    let optimised = solution.map(|solution| {
        let name = format!("{} {}", o.model.label(), solution.selected.len());
        let proposal = scenarios::from_selection(&pp, &solution.selected, &name, o.clone());
        Optimised { solution, proposal }
    });
    let mut pictures = Vec::new();
    if let Ask::Compare(_) = req.ask {
        use crate::render::layers::siting::{picture, sites_bbox};
        let bbox = sites_bbox(sites.iter().flatten());
        for (k, (s, at)) in in_problem.iter().zip(&sites).take(MAX_PICTURES).enumerate() {
            let Some(pm) = picture(&req.snapshot, bbox, at.clone(), k, PICTURE, &s.name) else { continue };
            let image =
                egui::ColorImage::from_rgba_premultiplied([pm.width() as usize, pm.height() as usize], pm.data());
            pictures.push((s.name.clone(), image));
        }
    }
    Ok(Answer { rows, optimised, sites, pictures, travel: pp.travel.clone(), estimate: pp.estimate })
}

fn positions(pp: &ProjectProblem, set: &[usize]) -> Vec<crate::model::LonLat> {
    set.iter()
        .filter_map(|&j| match pp.problem.candidates.get(j)?.at? {
            Position::LonLat(p) => Some(p),
            Position::Planar { .. } => None,
        })
        .collect()
}

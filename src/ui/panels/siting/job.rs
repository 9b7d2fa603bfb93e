//! The siting window's work on a worker thread: build the project's problem (travel times from
//! roads or the estimate), then optimise, or compare scenarios and draw each one's small map.
//! Everything here is `planning` and `render`; only the pictures become egui images.

use std::sync::Arc;

use crate::actions::dispatch::{DispatchSettings, travel_model};
use crate::analysis::travel::TravelModel;
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
    /// How each column after the baseline was evaluated (demand and standard).
    pub settings: Vec<String>,
}

/// Small maps drawn side by side.
pub const MAX_PICTURES: usize = 4;

pub fn run(req: Request, progress: &dyn Progress) -> anyhow::Result<Answer> {
    progress.begin(req.lang.t(crate::i18n::T::SitingPreparing), None);
    let settings = DispatchSettings::load(&req.project)?;
    let travel = travel_model(&req.project, &settings, None)?;
    match &req.ask {
        Ask::Optimise => optimise(&req, travel.as_ref(), progress),
        Ask::Compare(which) => compare(&req, which, travel.as_ref(), progress),
    }
}

/// The project's problem for these options, with `scenarios` in it.
fn problem(
    req: &Request,
    o: &ScenarioOptions,
    scenarios: Vec<SitingScenario>,
    travel: &dyn TravelModel,
) -> anyhow::Result<ProjectProblem> {
    let mut options = ProjectOptions {
        weights: o.weights,
        demand: o.demand.clone(),
        scenarios,
        extra: req.candidates.clone(),
        grid_m: None,
        layer_points: Vec::new(),
    };
    options.read_layer(req.project.path())?;
    Ok(project::project_problem(&req.snapshot, travel, &options)?)
}

fn optimise(req: &Request, travel: &dyn TravelModel, progress: &dyn Progress) -> anyhow::Result<Answer> {
    let o = &req.options;
    let pool = if req.pool_scenarios { req.scenarios.clone() } else { Vec::new() };
    let pp = problem(req, o, pool, travel)?;
    let (model, solve) = scenarios::model_of(o);
    let r = project::side_by_side(&pp, &[], Some((&model, &solve)), o.minutes * 60.0, progress)?;
    let sites: Vec<Vec<_>> = r.sites.iter().map(|set| positions(&pp, set)).collect();
    let optimised = r.solution.map(|solution| {
        let name = format!("{} {}", o.model.label(), solution.selected.len());
        let proposal = scenarios::from_selection(&pp, &solution.selected, &name, o.clone());
        Optimised { solution, proposal }
    });
    let settings = vec![settings_label(o, req.lang)];
    Ok(Answer {
        rows: r.rows,
        optimised,
        sites,
        pictures: Vec::new(),
        travel: described(travel, req.lang),
        estimate: pp.estimate,
        settings,
    })
}

/// The evaluation settings of a scenario: its own saved ones, the form's for the built-in plan
/// (it has none of its own).
fn evaluated_with<'a>(req: &'a Request, s: &'a SitingScenario) -> &'a ScenarioOptions {
    if s.is_builtin() { &req.options } else { &s.options }
}

/// Each scenario evaluated with its own settings; scenarios sharing demand, weights and standard
/// share one problem. The existing stations' column is the first scenario's.
fn compare(
    req: &Request,
    which: &[usize],
    travel: &dyn TravelModel,
    progress: &dyn Progress,
) -> anyhow::Result<Answer> {
    let chosen: Vec<&SitingScenario> = which.iter().filter_map(|&k| req.scenarios.get(k)).collect();
    // (settings, scenario positions in `chosen`)
    let mut groups: Vec<(&ScenarioOptions, Vec<usize>)> = Vec::new();
    for (k, s) in chosen.iter().enumerate() {
        let o = evaluated_with(req, s);
        match groups.iter_mut().find(|(g, _)| same_evaluation(g, o)) {
            Some((_, members)) => members.push(k),
            None => groups.push((o, vec![k])),
        }
    }
    let mut rows: Vec<Option<ScenarioRow>> = vec![None; chosen.len()];
    let mut sites: Vec<Vec<crate::model::LonLat>> = vec![Vec::new(); chosen.len()];
    let mut baseline = None;
    let mut estimate = false;
    for (o, members) in &groups {
        let in_problem: Vec<SitingScenario> = members.iter().map(|&k| chosen[k].clone()).collect();
        let pp = problem(req, o, in_problem, travel)?;
        let r = project::side_by_side(&pp, &pp.scenarios, None, o.minutes * 60.0, progress)?;
        let mut it = r.rows.into_iter();
        let base = it.next();
        if baseline.is_none() {
            baseline = base;
            estimate = pp.estimate;
        }
        for ((&k, row), set) in members.iter().zip(it).zip(&r.sites) {
            rows[k] = Some(row);
            sites[k] = positions(&pp, set);
        }
    }
    let rows: Vec<ScenarioRow> = baseline.into_iter().chain(rows.into_iter().flatten()).collect();
    let settings = chosen.iter().map(|s| settings_label(evaluated_with(req, s), req.lang)).collect();
    let mut pictures = Vec::new();
    use crate::render::layers::siting::{picture, sites_bbox};
    let bbox = sites_bbox(sites.iter().flatten());
    for (k, (s, at)) in chosen.iter().zip(&sites).take(MAX_PICTURES).enumerate() {
        let Some(pm) = picture(&req.snapshot, bbox, at.clone(), k, PICTURE, &s.name) else { continue };
        let image = egui::ColorImage::from_rgba_premultiplied([pm.width() as usize, pm.height() as usize], pm.data());
        pictures.push((s.name.clone(), image));
    }
    Ok(Answer { rows, optimised: None, sites, pictures, travel: described(travel, req.lang), estimate, settings })
}

/// How travel times were obtained, in the interface's language.
fn described(travel: &dyn TravelModel, lang: Lang) -> String {
    match lang {
        Lang::Zh => travel.describe_zh(),
        Lang::En => travel.describe(),
    }
}

/// Whether two option sets evaluate a scenario alike (same demand, weights and standard).
fn same_evaluation(a: &ScenarioOptions, b: &ScenarioOptions) -> bool {
    a.demand == b.demand && a.weights == b.weights && a.minutes == b.minutes
}

/// "企业 · 4.0 分钟", "图层 居民点（人口）· 5.0 分钟".
pub fn settings_label(o: &ScenarioOptions, lang: Lang) -> String {
    use crate::i18n::T;
    use crate::model::siting::DemandKind;
    let demand = match &o.demand {
        DemandKind::Enterprises => lang.t(T::SitingDemandEnterprises).to_string(),
        DemandKind::Townships => lang.t(T::SitingDemandTownships).to_string(),
        DemandKind::Layer(l) => match &l.weight {
            Some(w) => format!("{} {}（{w}）", lang.t(T::SitingDemandLayerPick), l.layer),
            None => format!("{} {}", lang.t(T::SitingDemandLayerPick), l.layer),
        },
    };
    format!("{demand} · {:.1} {}", o.minutes, lang.t(T::CoverageMinutesUnit))
}

fn positions(pp: &ProjectProblem, set: &[usize]) -> Vec<crate::model::LonLat> {
    set.iter()
        .filter_map(|&j| match pp.problem.candidates.get(j)?.at? {
            Position::LonLat(p) => Some(p),
            Position::Planar { .. } => None,
        })
        .collect()
}

//! Fire-station coverage: what the stations protect within the response standard and what they
//! leave outside, per station, district and township, before and after the planned stations.
//!
//! The standard is 建标152-2017《城市消防站建设标准》第二章 (布局): a station's jurisdiction is laid
//! out so that its crew reaches the edge within **5 minutes of the dispatch order**; the
//! explanatory notes split that into 1 min turnout and 4 min driving. Each station gets the
//! response time minus its own turnout time ([`TurnoutDefaults::station`]) to drive:
//!
//! - **radius** mode: the straight-line estimate ([`StraightLine`]): a disc of radius
//!   `drive_s × speed / circuity` (defaults 4 min × 30 km/h / 1.3 = 1 538 m);
//! - **time** mode: the drive-time area on the project's roads, from one search over all
//!   stations at once that keeps the two quickest per junction ([`Router::first_two`]), turnout
//!   as a late start.
//!
//! Every station with a jurisdiction limit counts (战勤保障站 have none and cover nothing).
//! A station's **jurisdiction** is the part of its reach it arrives at first, clipped to the
//! city: in radius mode nearest-station cells when turnout times are equal, hyperbolic
//! boundaries when not; in time mode the road stretches it reaches first with the places
//! beside them (so boundaries follow the roads; where the strips of two roads owned by
//! different stations overlap, the place counts in both jurisdictions);
//! it is flagged when its area exceeds the class limit of 建标152-2017 第十四条. Pieces of it
//! cut off from the station are **enclaves**. **Overlap** is what two or more stations reach.
//!
//! Areas are measured geodesically (see [`coverage_geometry::area_km2`]). Enterprise coverage is
//! decided per point with the same rule (arrival = turnout + travel ≤ the response time), never
//! from the polygons, so counts are exact; population covered assumes people spread evenly over
//! an area (OneMap's assumption, stated in every report).

use std::collections::BTreeMap;

use geo::{BoundingRect, Contains, Intersects};
use geo_types::{MultiPolygon, Point};
use rayon::prelude::*;
use rstar::RTree;
use rstar::primitives::GeomWithData;
use serde::{Deserialize, Serialize};

use super::coverage_geometry::{self as cg, area_km2};
use super::protection::ProtectionSettings;
use super::travel::StraightLine;
use crate::model::{AdminArea, AreaLevel, FeatureId, LonLat, RiskLevel, StationClass, StationStatus, TeamKind};
use crate::model::{Labelled, UnitStatus};
use crate::routing::{LateSource, Router};
use crate::snapshot::Snapshot;
use crate::spatial::LocalM;

/// The response standard: 建标152-2017 城市消防站建设标准 第二章 — arrive at the edge of the
/// jurisdiction within 5 minutes of the dispatch order.
pub const RESPONSE_S: u32 = 300;

/// Jurisdiction limits (辖区面积) per class, km², 建标152-2017 第十四条: 一级站 ≤ 7, 二级站 ≤ 4,
/// 小型站 ≤ 2; stations on the urban fringe (here: township and enterprise full-time teams)
/// ≤ 15; 特勤站 as 一级站 for their own district; 战勤保障站 have no district (0).
pub fn standard_limit_km2(class: StationClass) -> f64 {
    match class {
        StationClass::Special | StationClass::Level1 => 7.0,
        StationClass::Level2 => 4.0,
        StationClass::Small => 2.0,
        StationClass::TownshipFullTime | StationClass::EnterpriseFullTime => 15.0,
        StationClass::Logistics => 0.0,
    }
}

/// Urban stations (城市消防站) as opposed to township/enterprise full-time teams: the Anyang plan
/// puts a township full-time team (乡镇专职消防队) wherever urban stations do not reach.
pub fn is_urban(class: StationClass) -> bool {
    matches!(class, StationClass::Special | StationClass::Level1 | StationClass::Level2 | StationClass::Small)
}

/// The coverage part of the protection settings, all editable per project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CoverageStandard {
    /// Seconds from the dispatch order to arrival at the jurisdiction's edge.
    pub response_s: u32,
    /// Jurisdiction limit per class, km² (0: the class has no jurisdiction and covers nothing).
    pub jurisdiction_km2: BTreeMap<StationClass, f64>,
    /// A township counts as outside urban-station protection when less than this share of its
    /// area is within an urban station's reach (OneMap's assumption: half).
    pub township_outside_below_fraction: f64,
}

impl Default for CoverageStandard {
    fn default() -> Self {
        Self {
            response_s: RESPONSE_S,
            jurisdiction_km2: StationClass::ALL.iter().map(|&c| (c, standard_limit_km2(c))).collect(),
            township_outside_below_fraction: 0.5,
        }
    }
}

impl CoverageStandard {
    pub fn limit_km2(&self, class: StationClass) -> f64 {
        self.jurisdiction_km2.get(&class).copied().unwrap_or_else(|| standard_limit_km2(class))
    }
}

/// How reach is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Straight-line distance the class drives in its time at the stated speed.
    Radius,
    /// Drive time on the project's roads.
    Time,
}

/// What to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageOptions {
    pub mode: Mode,
    /// Overrides the standard's response time (seconds) when set.
    pub response_s: Option<u32>,
    /// Count planned and under-construction stations too (and report the existing-only
    /// figures beside them).
    pub with_planned: bool,
}

impl Default for CoverageOptions {
    fn default() -> Self {
        Self { mode: Mode::Radius, response_s: None, with_planned: false }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CoverageError {
    #[error("drive-time coverage needs a road network; import one with `onemap roads import`, or use --mode radius")]
    NoRoads,
    #[error("protection settings: {0}")]
    Settings(String),
    #[error("the response time must be between 1 and 3600 seconds, not {0}")]
    ResponseTime(u32),
}

impl CoverageError {
    /// Every coverage error is the user's to fix (exit code 1).
    pub fn is_input(&self) -> bool {
        true
    }
}

/// Enterprises of one four-color level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelCount {
    pub level: RiskLevel,
    pub total: usize,
    pub covered: usize,
    pub covered_fraction: Option<f64>,
}

/// One station's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StationCoverage {
    pub id: FeatureId,
    pub name: String,
    pub class: StationClass,
    pub status: StationStatus,
    pub turnout_s: u32,
    /// Seconds left to drive: the response time minus turnout.
    pub drive_s: u32,
    /// The radius it was given (radius mode).
    pub radius_m: Option<f64>,
    /// Area it reaches within the response time, inside the city (time mode: where it is the
    /// first or second station to arrive; the shared search keeps two per junction).
    pub reach_km2: f64,
    /// Its jurisdiction: the part of its reach where it arrives first.
    pub jurisdiction_km2: f64,
    pub limit_km2: f64,
    pub over_limit: bool,
    /// Pieces of the jurisdiction cut off from the station.
    pub enclaves: usize,
    pub enclave_km2: f64,
    /// Enterprises it is the first to reach within the response time.
    pub enterprises_first: usize,
}

/// One district's or township's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaCoverage {
    pub code: String,
    pub name: String,
    pub level: AreaLevel,
    pub area_km2: f64,
    pub covered_km2: f64,
    pub covered_fraction: f64,
    /// Share reached by urban stations alone.
    pub urban_covered_fraction: f64,
    pub population: Option<u64>,
    /// Population × covered share (people assumed spread evenly).
    pub population_covered: Option<f64>,
    pub enterprises: Vec<LevelCount>,
}

/// A township outside urban-station protection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TownshipGap {
    pub code: String,
    pub name: String,
    pub district: Option<String>,
    pub area_km2: f64,
    pub urban_covered_fraction: f64,
    /// Share reached by any station in scope (township teams included).
    pub covered_fraction: f64,
    /// Area no station in scope reaches.
    pub uncovered_km2: f64,
    /// Township full-time teams (乡镇专职消防队: stations of that class, or on-duty teams of
    /// kind 乡镇专职) located in the township.
    pub township_teams: Vec<String>,
    /// No township full-time team yet: the gap the plan's township teams are for.
    pub needs_team: bool,
}

/// A red or orange enterprise no station reaches in time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnterpriseGap {
    pub id: FeatureId,
    pub name: String,
    pub risk: RiskLevel,
    pub district: Option<String>,
    pub township: Option<String>,
    pub location: LonLat,
    /// The quickest station in scope and its arrival time (turnout included), if any reaches.
    pub quickest_station: Option<String>,
    pub arrival_s: Option<f64>,
}

/// City-wide figures for one set of stations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub stations: usize,
    pub study_area_km2: f64,
    pub covered_km2: f64,
    pub covered_fraction: f64,
    pub overlap_km2: f64,
    pub overlap_fraction: f64,
    pub enterprises: Vec<LevelCount>,
    pub red_orange_outside: usize,
    pub townships_outside: usize,
}

/// Polygons for the map and the GeoJSON export, WGS84.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageShapes {
    pub covered: MultiPolygon<f64>,
    pub uncovered: MultiPolygon<f64>,
    pub overlap: MultiPolygon<f64>,
    /// Per station, in the order of [`CoverageReport::stations`].
    pub jurisdictions: Vec<MultiPolygon<f64>>,
    pub reaches: Vec<MultiPolygon<f64>>,
}

/// The whole answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageReport {
    pub mode: Mode,
    pub response_s: u32,
    pub with_planned: bool,
    /// How travel was measured ("straight line × 1.3 at 30 km/h (estimate)", "roads …").
    pub travel: String,
    pub estimate: bool,
    pub summary: Summary,
    /// Existing stations only, when planned ones are counted.
    pub before: Option<Summary>,
    pub stations: Vec<StationCoverage>,
    pub districts: Vec<AreaCoverage>,
    pub townships: Vec<AreaCoverage>,
    pub townships_outside: Vec<TownshipGap>,
    pub enterprises_outside: Vec<EnterpriseGap>,
    #[serde(skip)]
    pub shapes: CoverageShapes,
    /// The siting scenario whose sites stood in for the planned stations, if any
    /// (`planning::scenario_coverage`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
}

/// Coverage of the snapshot's stations. `router` is needed in time mode.
pub fn analyse(
    snap: &Snapshot,
    settings: &ProtectionSettings,
    opts: &CoverageOptions,
    router: Option<&Router>,
) -> Result<CoverageReport, CoverageError> {
    if let Some(p) = settings.problem() {
        return Err(CoverageError::Settings(p));
    }
    let response_s = opts.response_s.unwrap_or(settings.coverage.response_s);
    if !(1..=3600).contains(&response_s) {
        return Err(CoverageError::ResponseTime(response_s));
    }
    let router = match opts.mode {
        Mode::Time => Some(router.ok_or(CoverageError::NoRoads)?),
        Mode::Radius => None,
    };
    // Outline areas do not depend on the stations: measured once for both scopes.
    let outline_km2: Vec<f64> =
        snap.areas.par_iter().map(|a| a.outline.as_ref().map_or(0.0, cg::geodesic_km2)).collect();
    let after = scope(snap, settings, response_s, opts.with_planned, router, &outline_km2, true);
    // The existing-only figures need only the summary.
    let before =
        opts.with_planned.then(|| scope(snap, settings, response_s, false, router, &outline_km2, false).summary);
    let (travel, estimate) = match router {
        Some(r) => (crate::analysis::travel::TravelModel::describe(r), false),
        None => (crate::analysis::travel::TravelModel::describe(&settings.straight_line), true),
    };
    Ok(CoverageReport {
        mode: opts.mode,
        response_s,
        with_planned: opts.with_planned,
        travel,
        estimate,
        summary: after.summary,
        before,
        stations: after.stations,
        districts: after.districts,
        townships: after.townships,
        townships_outside: after.townships_outside,
        enterprises_outside: after.enterprises_outside,
        shapes: after.shapes,
        scenario: None,
    })
}

/// Whether a station counts in this scope.
pub fn in_scope(status: StationStatus, with_planned: bool) -> bool {
    match status {
        StationStatus::Existing => true,
        StationStatus::Planned | StationStatus::UnderConstruction => with_planned,
        StationStatus::OutOfService => false,
    }
}

/// The straight-line radius a station drives in `drive_s`.
pub fn radius_m(line: &StraightLine, drive_s: u32) -> f64 {
    drive_s as f64 * line.speed_kmh / 3.6 / line.circuity
}

/// A station that covers something, with its reach in local metres.
struct Covering {
    snap_index: usize,
    at: LocalM,
    turnout_s: u32,
    drive_s: u32,
    radius_m: Option<f64>,
    /// Reach inside the study area.
    reach: MultiPolygon<f64>,
    /// Distance from the station beyond which its reach never goes.
    extent_m: f64,
}

struct Scoped {
    summary: Summary,
    stations: Vec<StationCoverage>,
    districts: Vec<AreaCoverage>,
    townships: Vec<AreaCoverage>,
    townships_outside: Vec<TownshipGap>,
    enterprises_outside: Vec<EnterpriseGap>,
    shapes: CoverageShapes,
}

fn scope(
    snap: &Snapshot,
    settings: &ProtectionSettings,
    response_s: u32,
    with_planned: bool,
    router: Option<&Router>,
    outline_km2: &[f64],
    full: bool,
) -> Scoped {
    let proj = &snap.projection;
    let std_ = &settings.coverage;
    let region = study_area(snap).map(cg::Region::new);
    let study = region.as_ref().map(|r| &r.area);
    let clip = |mp: MultiPolygon<f64>| match &region {
        Some(r) => r.clip(&mp),
        None => mp,
    };

    // Stations that cover, in snapshot order (reaches built in parallel; the order is kept).
    let mut cov: Vec<Covering> = snap
        .stations
        .par_iter()
        .enumerate()
        .filter_map(|(i, s)| {
            if !in_scope(s.status, with_planned) || std_.limit_km2(s.class) <= 0.0 {
                return None;
            }
            let turnout_s = settings.turnout.station(s);
            let drive_s = response_s.saturating_sub(turnout_s);
            let at = proj.to_local(s.location);
            let (reach, radius, extent_m) = match router {
                None => {
                    let r = radius_m(&settings.straight_line, drive_s);
                    let disc = MultiPolygon(vec![cg::disc(at, r)]);
                    // Most discs lie well inside the city: no overlay needed.
                    let inside = region.as_ref().is_none_or(|g| g.holds_disc(at, r));
                    (if inside { disc } else { clip(disc) }, Some(r), r)
                }
                // Time mode: every reach comes from one shared search below.
                Some(_) => (MultiPolygon(Vec::new()), None, 0.0),
            };
            Some(Covering { snap_index: i, at, turnout_s, drive_s, radius_m: radius, reach, extent_m })
        })
        .collect();

    // Time mode: one search from all stations at once, turnout as a late start.
    let search = router.map(|r| {
        let sources: Vec<LateSource> = cov
            .iter()
            .filter_map(|c| snap.stations.get(c.snap_index))
            .map(|s| LateSource { at: s.location, delay_s: settings.turnout.station(s) as f64 })
            .collect();
        r.first_two(&sources)
    });
    let split = search.as_ref().map(|s| {
        let areas = s.split_areas(response_s as f64);
        let local = |mp: &MultiPolygon<f64>| {
            clip(snap.projection.multipolygon_to_local(&s.router().projection().multipolygon_to_lonlat(mp)))
        };
        let (first, reach): (Vec<_>, Vec<_>) =
            areas.first.par_iter().zip(areas.reach.par_iter()).map(|(f, r)| (local(f), local(r))).collect();
        (first, reach, local(&areas.covered), local(&areas.overlap))
    });
    let (time_juris, covered, overlap) = match split {
        Some((first, reach, covered, overlap)) => {
            for (c, r) in cov.iter_mut().zip(reach) {
                c.extent_m =
                    r.0.iter()
                        .flat_map(|p| p.exterior().0.iter())
                        .map(|p| c.at.distance(LocalM::new(p.x, p.y)))
                        .fold(0.0, f64::max);
                c.reach = r;
            }
            (Some(first), covered, overlap)
        }
        None => (None, cg::union_all(cov.iter().map(|c| &c.reach)), overlap_of(&cov)),
    };
    let urban = cg::union_all(
        cov.iter().filter(|c| snap.stations.get(c.snap_index).is_some_and(|s| is_urban(s.class))).map(|c| &c.reach),
    );
    let study_km2 = study.as_ref().map_or_else(|| area_km2(proj, &covered), |s| area_km2(proj, s));
    let covered_km2 = area_km2(proj, &covered);
    let overlap_km2 = area_km2(proj, &overlap);

    // Per point: the quickest station in scope (index into `cov`) and its arrival.
    let arrivals = match &search {
        Some(search) => {
            let quickest = search.quickest();
            snap.enterprises.par_iter().map(|e| quickest.cost_at(e.location).map(|pc| (pc.source, pc.cost))).collect()
        }
        None => enterprise_arrivals(snap, settings, &cov),
    };
    let reached = |k: usize| arrivals.get(k).copied().flatten().filter(|(_, t)| *t <= response_s as f64 + 1e-9);

    // Stations.
    let mut first = vec![0usize; cov.len()];
    for k in 0..snap.enterprises.len() {
        if let Some((c, _)) = reached(k)
            && let Some(f) = first.get_mut(c)
        {
            *f += 1;
        }
    }
    let juris: Vec<MultiPolygon<f64>> = match time_juris {
        _ if !full => Vec::new(),
        Some(first) => first,
        None => (0..cov.len()).into_par_iter().map(|ci| jurisdiction(&cov, ci, &settings.straight_line)).collect(),
    };
    let (stations, jurisdictions): (Vec<StationCoverage>, Vec<MultiPolygon<f64>>) = cov
        .par_iter()
        .enumerate()
        .zip(juris)
        .filter_map(|((ci, c), jur)| {
            let s = snap.stations.get(c.snap_index)?;
            let encl = cg::enclaves(&jur, c.at);
            let jur_km2 = area_km2(proj, &jur);
            let limit = std_.limit_km2(s.class);
            let row = StationCoverage {
                id: s.id,
                name: s.name.clone(),
                class: s.class,
                status: s.status,
                turnout_s: c.turnout_s,
                drive_s: c.drive_s,
                radius_m: c.radius_m,
                reach_km2: area_km2(proj, &c.reach),
                jurisdiction_km2: jur_km2,
                limit_km2: limit,
                over_limit: jur_km2 > limit,
                enclaves: encl.len(),
                enclave_km2: area_km2(proj, &MultiPolygon(encl)),
                enterprises_first: first.get(ci).copied().unwrap_or(0),
            };
            Some((row, jur))
        })
        .unzip();

    // Areas.
    // Each area measures the covered pieces near it; pieces wholly inside need no overlay.
    let covered_parts = cg::parts(proj, &covered);
    let urban_parts = (urban != covered).then(|| cg::parts(proj, &urban));
    let mut members: [BTreeMap<&str, Vec<usize>>; 2] = Default::default();
    for (k, e) in snap.enterprises.iter().enumerate() {
        for (map, code) in members.iter_mut().zip([&e.district, &e.township]) {
            if let Some(code) = code {
                map.entry(code.as_str()).or_default().push(k);
            }
        }
    }
    let area_of = |(i, a): (usize, &AdminArea)| -> Option<AreaCoverage> {
        let outline_lonlat = a.outline.as_ref()?;
        let area = outline_km2.get(i).copied().unwrap_or(0.0);
        // Projected only when some covered piece comes near it.
        let window = outline_lonlat.bounding_rect()?;
        let near = |parts: &[cg::Part]| parts.iter().any(|p| p.bbox_lonlat.intersects(&window));
        let (c_km2, u_km2) = if near(&covered_parts) || urban_parts.as_deref().is_some_and(near) {
            let region = cg::Region::new(proj.multipolygon_to_local(outline_lonlat));
            let c_km2 = region.area_within(proj, &covered_parts);
            (c_km2, urban_parts.as_ref().map_or(c_km2, |u| region.area_within(proj, u)))
        } else {
            (0.0, 0.0)
        };
        let frac = |x: f64| if area > 0.0 { (x / area).clamp(0.0, 1.0) } else { 0.0 };
        let map = &members[usize::from(a.level == AreaLevel::Township)];
        let mine = map.get(a.code.as_str()).map_or(&[][..], Vec::as_slice);
        let enterprises = level_counts(snap, mine.iter().copied(), &reached);
        Some(AreaCoverage {
            code: a.code.clone(),
            name: a.name.clone(),
            level: a.level,
            area_km2: area,
            covered_km2: c_km2,
            covered_fraction: frac(c_km2),
            urban_covered_fraction: frac(u_km2),
            population: a.population,
            population_covered: a.population.map(|p| p as f64 * frac(c_km2)),
            enterprises,
        })
    };
    let at_level = |level| {
        let of_level: Vec<(usize, &AdminArea)> =
            snap.areas.iter().enumerate().filter(|(_, a)| a.level == level).collect();
        of_level.into_par_iter().filter_map(area_of).collect()
    };
    let districts: Vec<AreaCoverage> = if full { at_level(AreaLevel::District) } else { Vec::new() };
    let townships: Vec<AreaCoverage> = at_level(AreaLevel::Township);

    // Townships outside urban protection.
    let township_outside: Vec<TownshipGap> = townships
        .iter()
        .filter(|t| t.urban_covered_fraction < std_.township_outside_below_fraction)
        .map(|t| {
            let area = snap.areas.iter().find(|a| a.level == AreaLevel::Township && a.code == t.code);
            let teams = area.map(|a| township_teams(snap, a, with_planned)).unwrap_or_default();
            TownshipGap {
                code: t.code.clone(),
                name: t.name.clone(),
                district: area.and_then(|a| a.parent.clone()),
                area_km2: t.area_km2,
                urban_covered_fraction: t.urban_covered_fraction,
                covered_fraction: t.covered_fraction,
                uncovered_km2: (t.area_km2 - t.covered_km2).max(0.0),
                needs_team: teams.is_empty(),
                township_teams: teams,
            }
        })
        .collect();

    // Red and orange enterprises outside.
    let enterprises_outside: Vec<EnterpriseGap> = snap
        .enterprises
        .iter()
        .enumerate()
        .filter(|(k, e)| matches!(e.risk, RiskLevel::Red | RiskLevel::Orange) && reached(*k).is_none())
        .map(|(k, e)| {
            let best = arrivals.get(k).copied().flatten();
            EnterpriseGap {
                id: e.id,
                name: e.name.clone(),
                risk: e.risk,
                district: e.district.clone(),
                township: e.township.clone(),
                location: e.location,
                quickest_station: best
                    .and_then(|(c, _)| cov.get(c))
                    .and_then(|c| snap.stations.get(c.snap_index))
                    .map(|s| s.name.clone()),
                arrival_s: best.map(|(_, t)| t),
            }
        })
        .collect();

    let uncovered = match &region {
        Some(r) if full => r.minus(&covered_parts),
        _ => MultiPolygon(Vec::new()),
    };
    let frac = |x: f64| if study_km2 > 0.0 { (x / study_km2).clamp(0.0, 1.0) } else { 0.0 };
    let summary = Summary {
        stations: cov.len(),
        study_area_km2: study_km2,
        covered_km2,
        covered_fraction: frac(covered_km2),
        overlap_km2,
        overlap_fraction: frac(overlap_km2),
        enterprises: level_counts(snap, 0..snap.enterprises.len(), &reached),
        red_orange_outside: enterprises_outside.len(),
        townships_outside: township_outside.len(),
    };
    let to_ll = |mp: &MultiPolygon<f64>| proj.multipolygon_to_lonlat(mp);
    let shapes = CoverageShapes {
        covered: to_ll(&covered),
        uncovered: to_ll(&uncovered),
        overlap: to_ll(&overlap),
        jurisdictions: jurisdictions.par_iter().map(to_ll).collect(),
        reaches: if full { cov.par_iter().map(|c| to_ll(&c.reach)).collect() } else { Vec::new() },
    };
    Scoped { summary, stations, districts, townships, townships_outside: township_outside, enterprises_outside, shapes }
}

/// The city's outline (level 市), else the union of its districts, in local metres.
fn study_area(snap: &Snapshot) -> Option<MultiPolygon<f64>> {
    let proj = &snap.projection;
    for level in [AreaLevel::City, AreaLevel::District] {
        let parts: Vec<MultiPolygon<f64>> =
            snap.areas_at(level).filter_map(|a| a.outline.as_ref()).map(|o| proj.multipolygon_to_local(o)).collect();
        if !parts.is_empty() {
            return Some(cg::union_all(parts.iter()));
        }
    }
    None
}

/// The part of station `ci`'s reach it arrives at no later than any other station in scope
/// (ties between stations on one spot go to the first). The boundary with a station of another
/// turnout time is a hyperbola under the straight-line estimate (radius mode only; time mode
/// takes the first-arrival areas of the road search).
fn jurisdiction(cov: &[Covering], ci: usize, line: &StraightLine) -> MultiPolygon<f64> {
    let Some(c) = cov.get(ci) else { return MultiPolygon(Vec::new()) };
    let s_per_m = line.circuity / (line.speed_kmh / 3.6);
    let window = cg::box_around(c.at, c.extent_m + 1.0);
    let (lo, hi) = (window.min(), window.max());
    let mut convex = vec![lo, geo_types::Coord { x: hi.x, y: lo.y }, hi, geo_types::Coord { x: lo.x, y: hi.y }];
    let mut curved: Vec<geo_types::Polygon<f64>> = Vec::new();
    for (oi, o) in cov.iter().enumerate() {
        if oi == ci {
            continue;
        }
        let delta_m = (o.turnout_s as f64 - c.turnout_s as f64) / s_per_m;
        let d = o.at.distance(c.at);
        if d >= 2.0 * c.extent_m - delta_m + 1.0 {
            continue;
        }
        if d == 0.0 && delta_m == 0.0 {
            if oi < ci {
                return MultiPolygon(Vec::new());
            }
            continue;
        }
        if delta_m == 0.0 {
            convex = cg::clip_nearer(&convex, c.at, o.at);
            if convex.len() < 3 {
                return MultiPolygon(Vec::new());
            }
        } else if let Some(region) = cg::no_later_region(c.at, o.at, delta_m, window) {
            if region.exterior().0.is_empty() {
                return MultiPolygon(Vec::new());
            }
            curved.push(region);
        }
    }
    if let Some(first) = convex.first().copied() {
        convex.push(first);
    }
    let cell = geo_types::Polygon::new(geo_types::LineString::new(convex), Vec::new());
    let mut jur = cg::intersection(&c.reach, &MultiPolygon(vec![cell]));
    for region in curved {
        if jur.0.is_empty() {
            break;
        }
        jur = cg::intersection(&jur, &MultiPolygon(vec![region]));
    }
    jur
}

/// Places two or more stations reach: the union of every pairwise intersection.
fn overlap_of(cov: &[Covering]) -> MultiPolygon<f64> {
    let mut pieces: Vec<MultiPolygon<f64>> = Vec::new();
    for (i, a) in cov.iter().enumerate() {
        for b in cov.iter().skip(i + 1) {
            if a.at.distance(b.at) <= a.extent_m + b.extent_m {
                let x = cg::intersection(&a.reach, &b.reach);
                if !x.0.is_empty() {
                    pieces.push(x);
                }
            }
        }
    }
    cg::union_all(pieces.iter())
}

/// For every enterprise, the quickest covering station (index into `cov`) and its arrival
/// time in seconds, turnout included, under the straight-line estimate; `None` where no
/// station covers anything.
fn enterprise_arrivals(snap: &Snapshot, settings: &ProtectionSettings, cov: &[Covering]) -> Vec<Option<(usize, f64)>> {
    let line = settings.straight_line;
    let min_turnout = cov.iter().map(|c| c.turnout_s).min().unwrap_or(0) as f64;
    let tree: RTree<GeomWithData<[f64; 2], usize>> =
        RTree::bulk_load(cov.iter().enumerate().map(|(k, c)| GeomWithData::new([c.at.x, c.at.y], k)).collect());
    snap.enterprises
        .iter()
        .map(|e| {
            let p = snap.projection.to_local(e.location);
            let mut best: Option<(usize, f64)> = None;
            for hit in tree.nearest_neighbor_iter(&[p.x, p.y]) {
                let Some(c) = cov.get(hit.data) else { continue };
                // The geodesic distance (what the estimate uses everywhere else).
                let s = snap.stations.get(c.snap_index).map(|s| s.location).unwrap_or(e.location);
                let d_local = c.at.distance(p);
                // No station further than this beats the best so far (local and geodesic
                // distances agree within 0.1 % here; 1 % margin keeps the stop exact).
                if let Some((_, t)) = best
                    && min_turnout + line.leg_for(d_local * 0.99).seconds > t
                {
                    break;
                }
                let t = c.turnout_s as f64 + line.leg(s, e.location).seconds;
                if best.is_none_or(|(bk, bt)| t < bt || (t == bt && hit.data < bk)) {
                    best = Some((hit.data, t));
                }
            }
            best
        })
        .collect()
}

/// Four-color counts over the enterprises `member` selects.
fn level_counts(
    snap: &Snapshot,
    members: impl Iterator<Item = usize>,
    reached: &impl Fn(usize) -> Option<(usize, f64)>,
) -> Vec<LevelCount> {
    let (mut total, mut covered) = ([0usize; 4], [0usize; 4]);
    for k in members {
        let Some(e) = snap.enterprises.get(k) else { continue };
        if let Some(i) = RiskLevel::ALL.iter().position(|l| *l == e.risk) {
            total[i] += 1;
            covered[i] += usize::from(reached(k).is_some());
        }
    }
    RiskLevel::ALL
        .iter()
        .zip(total.into_iter().zip(covered))
        .map(|(&level, (total, covered))| {
            let covered_fraction = (total > 0).then(|| covered as f64 / total as f64);
            LevelCount { level, total, covered, covered_fraction }
        })
        .collect()
}

/// Names of the township full-time teams located in a township.
fn township_teams(snap: &Snapshot, area: &AdminArea, with_planned: bool) -> Vec<String> {
    let Some(outline) = &area.outline else { return Vec::new() };
    let inside = |p: LonLat| outline.contains(&Point::new(p.lon, p.lat));
    let stations = snap
        .stations
        .iter()
        .filter(|s| s.class == StationClass::TownshipFullTime && in_scope(s.status, with_planned))
        .filter(|s| inside(s.location))
        .map(|s| s.name.clone());
    let teams = snap
        .teams
        .iter()
        .filter(|t| t.kind == TeamKind::Township && t.status == UnitStatus::OnDuty && inside(t.location))
        .map(|t| t.name.clone());
    stations.chain(teams).collect()
}

/// A label for a share in reports: "37.5%".
pub fn percent(fraction: f64) -> String {
    format!("{:.1}%", fraction * 100.0)
}

/// The class label in the report language.
pub fn class_label(class: StationClass, zh: bool) -> &'static str {
    if zh { class.zh() } else { class.en() }
}

#[cfg(test)]
#[path = "coverage_tests.rs"]
mod tests;

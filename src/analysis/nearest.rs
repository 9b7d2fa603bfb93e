//! The nearest responders to a point: stations, teams and depots ranked by geodesic distance or
//! by estimated arrival (turnout + travel), exactly, in milliseconds.
//!
//! The R-trees order points by planar distance in the local projection, which is neither the
//! geodesic distance reported nor the arrival time ranked by. [`Stream`] bridges the two: it
//! pulls candidates nearest-first from the tree, evaluates the real key (geodesic metres, or
//! turnout + travel seconds from the [`TravelModel`]) and yields a candidate only once no
//! unpulled point can beat it. The bound for an unpulled point at planar distance `P` is
//! `P / k_max` metres (the projection's largest scale factor over the region) and
//! `min turnout + P / k_max × fastest pace` seconds. A travel model that cannot bound its
//! times (`min_seconds_per_metre() == None`) makes the stream evaluate every candidate, in
//! growing batches, so the answer stays exact. Ties are ordered by layer, then id.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::protection::ProtectionSettings;
use super::travel::{Leg, TravelModel};
use crate::model::{FeatureId, Labelled, Layer, LonLat};
use crate::snapshot::{BBox, Snapshot};
use crate::spatial::index::Hit;
use crate::spatial::{LocalM, PointIndex};

/// How far outside the extent of a project's features an incident may lie, in degrees
/// (≈ 55 km north–south, 45 km east–west at 36° N): neighbouring counties asking for mutual aid
/// are accepted, a longitude/latitude swap or a point in another province is not.
pub const REGION_MARGIN_DEG: f64 = 0.5;

/// Beyond this distance from the projection's central meridian the scale bound is not trusted
/// and searches evaluate every candidate (still exact, just slower).
const MAX_BOUNDED_EASTING_M: f64 = 1_000_000.0;

/// Lower bound of ρ·ν on the WGS84 ellipsoid (ρ ≥ a(1−e²) at the equator, ν ≥ a), in m².
const MIN_RHO_NU_M2: f64 = 6_335_439.0 * 6_378_137.0;

/// What to rank by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RankBy {
    /// Geodesic distance from the unit to the point.
    #[default]
    Distance,
    /// Estimated arrival: turnout + travel time.
    Time,
}

impl std::str::FromStr for RankBy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "distance" | "距离" => Ok(RankBy::Distance),
            "time" | "eta" | "时间" => Ok(RankBy::Time),
            other => Err(format!("unknown ranking \"{other}\" (expected distance or time)")),
        }
    }
}

/// Which units may be returned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitFilter {
    /// Teams listing this capability tag (危化, 水域 …). Stations and depots have none.
    pub capability: Option<String>,
    /// Stations with at least one vehicle of this kind (泡沫车 …).
    pub vehicle: Option<String>,
    /// Depots holding some of this item (吸附棉 …).
    pub item: Option<String>,
    /// Also return planned, out-of-service and off-duty units (normally skipped).
    pub include_out_of_service: bool,
}

/// A nearest query.
#[derive(Debug, Clone, PartialEq)]
pub struct NearestQuery {
    pub at: LonLat,
    /// Some of stations, teams, depots.
    pub layers: Vec<Layer>,
    pub k: usize,
    pub filter: UnitFilter,
    pub by: RankBy,
}

/// One unit in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    /// 1 for the best.
    pub rank: usize,
    pub layer: Layer,
    pub id: FeatureId,
    pub name: String,
    /// Where the unit starts from: its base, or where it is pre-positioned.
    #[serde(flatten)]
    pub location: LonLat,
    /// True when the unit starts from a temporary position (pre-positioning).
    pub relocated: bool,
    /// Geodesic distance to the point.
    pub distance_m: f64,
    pub turnout_s: f64,
    /// Travel time, `None` when the travel model cannot reach the point.
    pub travel_s: Option<f64>,
    /// Turnout + travel.
    pub eta_s: Option<f64>,
    /// True when the travel time is an estimate, not routed on roads.
    pub estimate: bool,
}

/// Where units are at a moment when that is not their base (pre-positioning, 预置).
///
/// The hazard-ledger issue implements this over its pre-positioning table; dispatch only asks.
pub trait Whereabouts {
    /// Units away from their base at `when`, and where they are.
    fn relocated(&self, when: DateTime<Utc>) -> Vec<Relocation>;
}

/// One unit away from its base.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Relocation {
    pub layer: Layer,
    pub id: FeatureId,
    pub at: LonLat,
}

/// Every unit at its base.
#[derive(Debug, Clone, Copy, Default)]
pub struct AtBase;

impl Whereabouts for AtBase {
    fn relocated(&self, _when: DateTime<Utc>) -> Vec<Relocation> {
        Vec::new()
    }
}

/// Why a search could not be answered; every case is the user's input (exit code 1).
#[derive(Debug, Clone, Error, PartialEq)]
pub enum NearestError {
    #[error("the point {at} is not a valid position: {problem}")]
    BadPoint { at: LonLat, problem: String },
    #[error(
        "the point {at} is outside the project's region (longitude {west:.3}..{east:.3}, latitude \
         {south:.3}..{north:.3}: the extent of its features plus {margin}°); check that longitude \
         and latitude are not swapped"
    )]
    OutsideRegion { at: LonLat, west: f64, east: f64, south: f64, north: f64, margin: f64 },
    #[error("the project has no features, so it has no region to search; import stations, teams or depots first")]
    EmptyProject,
    #[error("the project has no {layer} ({key}); import some with `onemap import --layer {key}`")]
    EmptyLayer { layer: &'static str, key: &'static str },
    #[error("the project has no stations, teams or depots; import some with `onemap import --layer stations` …")]
    NoResponders,
    #[error("{what} \"{value}\" is not listed by any unit in the project (known: {known})")]
    Unknown { what: &'static str, value: String, known: String },
    #[error("{0}")]
    BadQuery(String),
}

/// The layers a responder search covers.
pub const RESPONDER_LAYERS: [Layer; 3] = [Layer::Stations, Layer::Teams, Layer::Depots];

/// A snapshot prepared for responder searches: turnout per unit, the region, the travel model
/// and where pre-positioned units are. Cheap to build (one pass over the units); build one per
/// snapshot and settings and query it as the incident moves.
pub struct Responders<'a> {
    snapshot: &'a Snapshot,
    travel: &'a dyn TravelModel,
    station_turnout_s: Vec<f64>,
    team_turnout_s: Vec<f64>,
    depot_turnout_s: f64,
    /// The shortest turnout of stations and of teams, for the search bound.
    min_station_turnout_s: f64,
    min_team_turnout_s: f64,
    region: Option<BBox>,
    /// Units away from their base: layer, id, slot, where they are.
    relocated: Vec<(Layer, FeatureId, usize, LonLat)>,
    vocabulary: Vocabulary,
}

/// Every capability tag, vehicle kind and stock item (with its units) the project's units list,
/// and the vehicles of in-service stations per kind.
#[derive(Debug, Clone, Default)]
pub(crate) struct Vocabulary {
    pub capabilities: BTreeSet<String>,
    pub vehicle_kinds: BTreeSet<String>,
    pub item_units: BTreeMap<String, BTreeSet<String>>,
    pub in_service_vehicles: BTreeMap<String, u32>,
}

impl Vocabulary {
    fn of(s: &Snapshot) -> Self {
        // Tags repeat across thousands of units: look up before cloning.
        fn add(set: &mut BTreeSet<String>, x: &str) {
            if !set.contains(x) {
                set.insert(x.to_string());
            }
        }
        let mut v = Vocabulary::default();
        for t in &s.teams {
            for c in &t.capabilities {
                add(&mut v.capabilities, c);
            }
        }
        for x in &s.stations {
            for h in &x.vehicles {
                add(&mut v.vehicle_kinds, &h.kind);
                if x.status.in_service() {
                    match v.in_service_vehicles.get_mut(&h.kind) {
                        Some(n) => *n += h.count,
                        None => {
                            v.in_service_vehicles.insert(h.kind.clone(), h.count);
                        }
                    }
                }
            }
        }
        for d in &s.depots {
            for l in &d.stock {
                match v.item_units.get_mut(&l.item) {
                    Some(units) => add(units, &l.unit),
                    None => {
                        v.item_units.insert(l.item.clone(), BTreeSet::from([l.unit.clone()]));
                    }
                }
            }
        }
        v
    }
}

impl<'a> Responders<'a> {
    pub fn new(snapshot: &'a Snapshot, settings: &ProtectionSettings, travel: &'a dyn TravelModel) -> Self {
        let t = &settings.turnout;
        let station_turnout_s: Vec<f64> = snapshot.stations.iter().map(|s| f64::from(t.station(s))).collect();
        let team_turnout_s: Vec<f64> = snapshot.teams.iter().map(|x| f64::from(t.team(x))).collect();
        let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
        Self {
            min_station_turnout_s: min(&station_turnout_s),
            min_team_turnout_s: min(&team_turnout_s),
            station_turnout_s,
            team_turnout_s,
            depot_turnout_s: f64::from(t.depot_s),
            region: snapshot.extent().map(|b| b.padded(REGION_MARGIN_DEG)),
            relocated: Vec::new(),
            vocabulary: Vocabulary::of(snapshot),
            snapshot,
            travel,
        }
    }

    /// Counts pre-positioned units at their temporary position at `when`.
    pub fn with_whereabouts(mut self, whereabouts: &dyn Whereabouts, when: DateTime<Utc>) -> Self {
        let mut moved: Vec<(Layer, FeatureId, usize, LonLat)> = whereabouts
            .relocated(when)
            .into_iter()
            .filter_map(|r| Some((r.layer, r.id, self.slot_of(r.layer, r.id)?, r.at)))
            .collect();
        moved.sort_by_key(|a| (a.0, a.1));
        moved.dedup_by(|a, b| (a.0, a.1) == (b.0, b.1));
        self.relocated = moved;
        self
    }

    pub fn snapshot(&self) -> &'a Snapshot {
        self.snapshot
    }

    pub fn travel(&self) -> &'a dyn TravelModel {
        self.travel
    }

    /// The region incidents may lie in: the features' extent plus [`REGION_MARGIN_DEG`].
    pub fn region(&self) -> Option<BBox> {
        self.region
    }

    /// Accepts a point inside the region, else says why not.
    pub fn check_point(&self, at: LonLat) -> Result<(), NearestError> {
        if let Some(problem) = at.problem() {
            return Err(NearestError::BadPoint { at, problem });
        }
        let Some(r) = self.region else { return Err(NearestError::EmptyProject) };
        if r.contains(at) {
            Ok(())
        } else {
            Err(NearestError::OutsideRegion {
                at,
                west: r.west,
                east: r.east,
                south: r.south,
                north: r.north,
                margin: REGION_MARGIN_DEG,
            })
        }
    }

    /// The `k` best units of the chosen layers, best first.
    pub fn nearest(&self, q: &NearestQuery) -> Result<Vec<Ranked>, NearestError> {
        if q.k == 0 {
            return Err(NearestError::BadQuery("k must be at least 1".into()));
        }
        if let Some(l) = q.layers.iter().find(|l| !RESPONDER_LAYERS.contains(l)) {
            return Err(NearestError::BadQuery(format!(
                "{} ({}) are not responders; choose stations, teams, depots or all",
                l.zh(),
                l.key()
            )));
        }
        self.check_point(q.at)?;
        self.check_layers(&q.layers)?;
        self.check_filter(&q.filter)?;
        let mut streams: Vec<Stream<'_>> = q
            .layers
            .iter()
            .filter_map(|&layer| Some(self.stream(layer, q.at, q.by, self.keep(layer, &q.filter)?)))
            .collect();
        let picked = merge(&mut streams, q.k);
        Ok(self.finish(picked, q.at).into_iter().map(|(r, _)| r).collect())
    }

    /// An error when every chosen layer is empty (a search over nothing is a mistake).
    fn check_layers(&self, layers: &[Layer]) -> Result<(), NearestError> {
        if layers.is_empty() {
            return Err(NearestError::BadQuery("choose at least one of stations, teams, depots".into()));
        }
        if layers.iter().any(|&l| self.count(l) > 0) {
            return Ok(());
        }
        match layers {
            [l] => Err(NearestError::EmptyLayer { layer: l.zh(), key: l.key() }),
            _ => Err(NearestError::NoResponders),
        }
    }

    fn count(&self, layer: Layer) -> usize {
        match layer {
            Layer::Stations => self.snapshot.stations.len(),
            Layer::Teams => self.snapshot.teams.len(),
            Layer::Depots => self.snapshot.depots.len(),
            _ => 0,
        }
    }

    /// A filter value nobody in the project lists is most likely a typo: say so, with the
    /// values that exist.
    pub fn check_filter(&self, f: &UnitFilter) -> Result<(), NearestError> {
        let v = &self.vocabulary;
        let check = |what: &'static str, value: &Option<String>, known: Vec<&String>| match value {
            Some(x) if !known.iter().any(|k| k.as_str() == x.trim()) => Err(NearestError::Unknown {
                what,
                value: x.clone(),
                known: join_or_none(&known.iter().map(|k| k.as_str()).collect::<Vec<_>>()),
            }),
            _ => Ok(()),
        };
        check("capability", &f.capability, v.capabilities.iter().collect())?;
        check("vehicle kind", &f.vehicle, v.vehicle_kinds.iter().collect())?;
        check("item", &f.item, v.item_units.keys().collect())
    }

    /// Names the project's units use, and totals dispatch needs, gathered once.
    pub(crate) fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The filter as a predicate on a layer's slots; `None` when the filter excludes the whole
    /// layer (a capability asked of stations).
    pub(crate) fn keep(&self, layer: Layer, f: &UnitFilter) -> Option<Keep<'a>> {
        let s = self.snapshot;
        let all = f.include_out_of_service;
        match layer {
            Layer::Stations if f.capability.is_none() && f.item.is_none() => {
                let vehicle = f.vehicle.as_ref().map(|v| v.trim().to_string());
                Some(Box::new(move |slot| {
                    s.stations.get(slot).is_some_and(|x| {
                        (all || x.status.in_service())
                            && vehicle.as_ref().is_none_or(|v| x.vehicles.iter().any(|h| &h.kind == v && h.count > 0))
                    })
                }))
            }
            Layer::Teams if f.vehicle.is_none() && f.item.is_none() => {
                let cap = f.capability.clone();
                Some(Box::new(move |slot| {
                    s.teams.get(slot).is_some_and(|x| {
                        (all || x.status == crate::model::UnitStatus::OnDuty)
                            && cap.as_ref().is_none_or(|c| x.has_capability(c))
                    })
                }))
            }
            Layer::Depots if f.capability.is_none() && f.vehicle.is_none() => {
                let item = f.item.as_ref().map(|v| v.trim().to_string());
                Some(Box::new(move |slot| {
                    s.depots.get(slot).is_some_and(|d| item.as_ref().is_none_or(|i| d.quantity_of(i) > 0.0))
                }))
            }
            _ => None,
        }
    }

    /// A lazy ranking of one layer's units accepted by `keep`.
    pub(crate) fn stream(&self, layer: Layer, at: LonLat, by: RankBy, keep: Keep<'a>) -> Stream<'_> {
        let at_local = self.snapshot.projection.to_local(at);
        let index = self.index(layer);
        let min_turnout_s = match layer {
            Layer::Stations => self.min_station_turnout_s,
            Layer::Teams => self.min_team_turnout_s,
            _ => self.depot_turnout_s,
        };
        let moved: Vec<FeatureId> = self.relocated.iter().filter(|r| r.0 == layer).map(|r| r.1).collect();
        let relocated: Vec<(FeatureId, usize, LonLat)> =
            self.relocated.iter().filter(|r| r.0 == layer && keep(r.2)).map(|r| (r.1, r.2, r.3)).collect();
        let hits: Box<dyn Iterator<Item = Hit> + '_> =
            Box::new(index.iter_nearest(at_local).filter(move |h| !moved.contains(&h.id) && keep(h.slot)));
        let mut stream = Stream {
            responders: self,
            layer,
            at,
            by,
            hits: hits.peekable(),
            ready: BinaryHeap::new(),
            planar_to_geodesic: planar_lower_bound_factor(index, at_local),
            pace: self.travel.min_seconds_per_metre(),
            min_turnout_s: if min_turnout_s.is_finite() { min_turnout_s } else { 0.0 },
            // One at a time by distance (a geodesic each); by time, batches that double, so a
            // routed model answers a few many-to-one calls rather than one per unit.
            batch: match by {
                RankBy::Distance => 1,
                RankBy::Time => 4,
            },
        };
        let extra: Vec<Pending> =
            relocated.into_iter().map(|(id, slot, position)| Pending { id, slot, position, relocated: true }).collect();
        stream.evaluate(extra);
        stream
    }

    fn index(&self, layer: Layer) -> &'a PointIndex {
        let s = self.snapshot;
        match layer {
            Layer::Stations => &s.station_index,
            Layer::Teams => &s.team_index,
            Layer::Depots => &s.depot_index,
            _ => &s.enterprise_index,
        }
    }

    fn turnouts(&self, layer: Layer) -> Turnouts<'_> {
        match layer {
            Layer::Stations => Turnouts::PerSlot(&self.station_turnout_s),
            Layer::Teams => Turnouts::PerSlot(&self.team_turnout_s),
            _ => Turnouts::Same(self.depot_turnout_s),
        }
    }

    fn turnout_s(&self, layer: Layer, slot: usize) -> f64 {
        match self.turnouts(layer) {
            Turnouts::PerSlot(v) => v.get(slot).copied().unwrap_or(0.0),
            Turnouts::Same(t) => t,
        }
    }

    fn slot_of(&self, layer: Layer, id: FeatureId) -> Option<usize> {
        let s = self.snapshot;
        match layer {
            Layer::Stations => s.stations.iter().position(|x| x.id == id),
            Layer::Teams => s.teams.iter().position(|x| x.id == id),
            Layer::Depots => s.depots.iter().position(|x| x.id == id),
            _ => None,
        }
    }

    pub(crate) fn name(&self, layer: Layer, slot: usize) -> String {
        let s = self.snapshot;
        let name = match layer {
            Layer::Stations => s.stations.get(slot).map(|x| &x.name),
            Layer::Teams => s.teams.get(slot).map(|x| &x.name),
            Layer::Depots => s.depots.get(slot).map(|x| &x.name),
            _ => None,
        };
        name.cloned().unwrap_or_default()
    }

    fn home(&self, layer: Layer, slot: usize) -> LonLat {
        let s = self.snapshot;
        let at = match layer {
            Layer::Stations => s.stations.get(slot).map(|x| x.location),
            Layer::Teams => s.teams.get(slot).map(|x| x.location),
            Layer::Depots => s.depots.get(slot).map(|x| x.location),
            _ => None,
        };
        at.unwrap_or(LonLat::new(f64::NAN, f64::NAN))
    }

    /// Turns evaluated candidates into ranked rows (with each unit's slot in its layer), asking
    /// the travel model for the legs a distance ranking did not need.
    pub(crate) fn finish(&self, picked: Vec<Candidate>, at: LonLat) -> Vec<(Ranked, usize)> {
        let missing: Vec<usize> = picked.iter().enumerate().filter(|(_, c)| c.leg.is_none()).map(|(i, _)| i).collect();
        let sources: Vec<LonLat> = missing.iter().filter_map(|&i| picked.get(i).map(|c| c.position)).collect();
        let dists: Vec<f64> = missing.iter().filter_map(|&i| picked.get(i).map(|c| c.geodesic_m)).collect();
        let mut legs: Vec<Option<Option<Leg>>> = vec![None; picked.len()];
        if !sources.is_empty() {
            for (i, leg) in missing.iter().zip(self.travel.many_to_one_known(&sources, at, &dists)) {
                if let Some(l) = legs.get_mut(*i) {
                    *l = Some(leg);
                }
            }
        }
        let estimate = self.travel.is_estimate();
        picked
            .into_iter()
            .zip(legs)
            .enumerate()
            .map(|(i, (c, late))| {
                let leg = c.leg.or(late.flatten());
                let turnout_s = self.turnout_s(c.layer, c.slot);
                let ranked = Ranked {
                    rank: i + 1,
                    layer: c.layer,
                    id: c.id,
                    name: self.name(c.layer, c.slot),
                    location: c.position,
                    relocated: c.relocated,
                    distance_m: c.geodesic_m,
                    turnout_s,
                    travel_s: leg.map(|l| l.seconds),
                    eta_s: leg.map(|l| turnout_s + l.seconds),
                    estimate,
                };
                (ranked, c.slot)
            })
            .collect()
    }
}

fn join_or_none(known: &[&str]) -> String {
    if known.is_empty() { "none".to_string() } else { known.join(", ") }
}

/// A predicate on the slots of one layer.
pub(crate) type Keep<'a> = Box<dyn Fn(usize) -> bool + 'a>;

enum Turnouts<'a> {
    PerSlot(&'a [f64]),
    Same(f64),
}

/// `1 / k_max`: planar distance × this ≤ geodesic distance for any two points of the index and
/// the query. A transverse Mercator's scale factor is k = 1 + x²/2ρν + x⁴/24ρ²ν² + … (Snyder,
/// *Map Projections — A Working Manual*, eq. 8-11), growing with the easting x; a straight chord
/// is no longer than the projected geodesic, whose length is at most k_max × the geodesic.
/// `None` when the region is too wide for the series to be trusted.
fn planar_lower_bound_factor(index: &PointIndex, at: LocalM) -> Option<f64> {
    let (lo, hi) = index.envelope()?;
    let x = lo.x.abs().max(hi.x.abs()).max(at.x.abs());
    if x.is_nan() || x > MAX_BOUNDED_EASTING_M {
        return None;
    }
    let u = x * x / (2.0 * MIN_RHO_NU_M2);
    // u² over-covers the x⁴ term (u²/6); the 1e-6 covers rounding and series truncation.
    Some(1.0 / ((1.0 + u + u * u) * (1.0 + 1e-6)))
}

/// A unit pulled from an index, not yet evaluated.
struct Pending {
    id: FeatureId,
    slot: usize,
    position: LonLat,
    relocated: bool,
}

/// An evaluated unit: its key (metres or seconds) and what was learnt computing it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    pub key: f64,
    pub layer: Layer,
    pub id: FeatureId,
    pub slot: usize,
    pub position: LonLat,
    pub relocated: bool,
    pub geodesic_m: f64,
    /// Known when ranking by time.
    pub leg: Option<Leg>,
}

impl Candidate {
    fn order(&self, other: &Self) -> Ordering {
        self.key.total_cmp(&other.key).then(self.layer.cmp(&other.layer)).then(self.id.cmp(&other.id))
    }
}

/// Min-heap entry.
struct ByKey(Candidate);

impl PartialEq for ByKey {
    fn eq(&self, other: &Self) -> bool {
        self.0.order(&other.0) == Ordering::Equal
    }
}
impl Eq for ByKey {}
impl PartialOrd for ByKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for ByKey {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.order(&self.0)
    }
}

/// One layer's units in exact rank order, evaluated lazily (see the module doc).
pub(crate) struct Stream<'r> {
    responders: &'r Responders<'r>,
    layer: Layer,
    at: LonLat,
    by: RankBy,
    hits: std::iter::Peekable<Box<dyn Iterator<Item = Hit> + 'r>>,
    ready: BinaryHeap<ByKey>,
    planar_to_geodesic: Option<f64>,
    pace: Option<f64>,
    min_turnout_s: f64,
    batch: usize,
}

impl Stream<'_> {
    /// The key no unpulled unit can beat.
    fn bound(&mut self) -> f64 {
        let Some(next) = self.hits.peek() else { return f64::INFINITY };
        let metres = self.planar_to_geodesic.map_or(0.0, |f| (next.planar_m * f - 1e-6).max(0.0));
        match self.by {
            RankBy::Distance => metres,
            RankBy::Time => self.min_turnout_s + self.pace.map_or(0.0, |p| metres * p),
        }
    }

    /// The next unit in rank order without taking it.
    pub fn peek(&mut self) -> Option<&Candidate> {
        loop {
            let bound = self.bound();
            let top_wins = self.ready.peek().is_some_and(|top| top.0.key < bound);
            if top_wins || bound == f64::INFINITY {
                return self.ready.peek().map(|c| &c.0);
            }
            self.pull();
        }
    }

    fn pull(&mut self) {
        let r = self.responders;
        let layer = self.layer;
        let pending: Vec<Pending> = self
            .hits
            .by_ref()
            .take(self.batch)
            .map(|h| Pending { id: h.id, slot: h.slot, position: r.home(layer, h.slot), relocated: false })
            .collect();
        self.batch = (self.batch * 2).min(4096);
        self.evaluate(pending);
    }

    fn evaluate(&mut self, pending: Vec<Pending>) {
        if pending.is_empty() {
            return;
        }
        let r = self.responders;
        let dists: Vec<f64> = pending.iter().map(|p| p.position.distance_m(self.at)).collect();
        let legs: Vec<Option<Leg>> = match self.by {
            RankBy::Distance => vec![None; pending.len()],
            RankBy::Time => {
                let sources: Vec<LonLat> = pending.iter().map(|p| p.position).collect();
                r.travel.many_to_one_known(&sources, self.at, &dists)
            }
        };
        for ((p, d), leg) in pending.into_iter().zip(dists).zip(legs) {
            let key = match self.by {
                RankBy::Distance => d,
                // Unreachable units drop out of a ranking by time.
                RankBy::Time => match leg {
                    Some(l) => r.turnout_s(self.layer, p.slot) + l.seconds,
                    None => continue,
                },
            };
            self.ready.push(ByKey(Candidate {
                key,
                layer: self.layer,
                id: p.id,
                slot: p.slot,
                position: p.position,
                relocated: p.relocated,
                geodesic_m: d,
                leg,
            }));
        }
    }
}

impl Iterator for Stream<'_> {
    type Item = Candidate;
    fn next(&mut self) -> Option<Candidate> {
        self.peek()?;
        self.ready.pop().map(|c| c.0)
    }
}

/// The first `k` of several streams, merged in rank order.
pub(crate) fn merge(streams: &mut [Stream<'_>], k: usize) -> Vec<Candidate> {
    let mut out = Vec::with_capacity(k);
    while out.len() < k {
        let mut best: Option<(usize, Candidate)> = None;
        for (i, s) in streams.iter_mut().enumerate() {
            if let Some(c) = s.peek()
                && best.as_ref().is_none_or(|(_, b)| c.order(b) == Ordering::Less)
            {
                best = Some((i, c.clone()));
            }
        }
        let Some((i, _)) = best else { break };
        if let Some(c) = streams.get_mut(i).and_then(Iterator::next) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests;

//! The dispatch answer for an incident: who goes, how fast, with what.
//!
//! From an incident's position and type template: the nearest in-service stations by arrival
//! (more when the template's vehicles are short), the nearest on-duty teams for each needed
//! capability, and depots nearest-first until each material's quantity is met, with every
//! shortfall stated. All rankings are exact (see [`nearest`](super::nearest)) and travel times
//! come from the [`Responders`]' travel model, so a road network changes nothing here.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use thiserror::Error;

use super::incident_types::{IncidentTemplate, UnknownType};
use super::nearest::{NearestError, RankBy, Ranked, Responders, UnitFilter};
use crate::model::{FeatureId, Labelled, Layer, LonLat, Vehicle};
use crate::store::{DispatchedUnit, IncidentLog, MaterialLine};

/// Quantities closer than this count as met (stock is entered with a few decimals).
const QUANTITY_EPS: f64 = 1e-9;

#[derive(Debug, Clone, Error, PartialEq)]
pub enum DispatchError {
    #[error(transparent)]
    Nearest(#[from] NearestError),
    #[error(transparent)]
    UnknownType(#[from] UnknownType),
    #[error("incident templates: {0}; fix them in the settings")]
    BadTemplates(String),
}

/// What to dispatch to.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub at: LonLat,
    pub template: IncidentTemplate,
    /// When it was reported: pre-positioned units are placed as of this time.
    pub when: DateTime<Utc>,
}

/// Material taken from a depot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Supply {
    pub item: String,
    pub unit: String,
    pub quantity: f64,
}

/// A unit in the answer, with why it goes and how to reach it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assigned {
    #[serde(flatten)]
    pub unit: Ranked,
    /// Why it goes: `nearest` (among the first stations), `vehicles` (added for a vehicle kind
    /// still short), `capability`, `materials`.
    pub reason: Reason,
    /// Station class, team kind or depot level (Chinese label).
    pub class: String,
    pub contact: String,
    pub phone: String,
    /// Stations: their vehicles.
    pub vehicles: Vec<Vehicle>,
    /// Teams: the needed capabilities they bring.
    pub capabilities: Vec<String>,
    /// Depots: what they send.
    pub supplies: Vec<Supply>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Nearest,
    Vehicles,
    Capability,
    Materials,
}

/// How one vehicle kind is covered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VehicleCover {
    pub kind: String,
    pub required: u32,
    pub assigned: u32,
    pub shortfall: u32,
}

/// How one capability is covered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapabilityCover {
    pub capability: String,
    pub required: u32,
    pub teams: Vec<FeatureId>,
    pub shortfall: u32,
}

/// How one material is covered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaterialCover {
    pub item: String,
    pub unit: String,
    pub required: f64,
    pub supplied: f64,
    pub shortfall: f64,
    /// Depots it comes from, nearest first.
    pub depots: Vec<FeatureId>,
    /// Units the item is also stocked in that do not match the template's and were not counted.
    pub other_units: Vec<String>,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DispatchPlan {
    pub incident_type: String,
    pub incident_key: String,
    #[serde(flatten)]
    pub at: LonLat,
    pub when: DateTime<Utc>,
    /// How travel times were obtained ("straight line × 1.3 at 30 km/h (estimate)").
    pub travel: String,
    /// True when travel times are estimates, not routed on roads.
    pub estimate: bool,
    pub stations: Vec<Assigned>,
    pub teams: Vec<Assigned>,
    pub depots: Vec<Assigned>,
    pub vehicles: Vec<VehicleCover>,
    pub capabilities: Vec<CapabilityCover>,
    pub materials: Vec<MaterialCover>,
    /// True when any vehicle kind, capability or material is short.
    pub shortfall: bool,
}

impl DispatchPlan {
    /// Every unit sent: stations, then teams, then depots.
    pub fn units(&self) -> impl Iterator<Item = &Assigned> {
        self.stations.iter().chain(&self.teams).chain(&self.depots)
    }

    /// The record kept in the project's incident log.
    pub fn to_log(&self, address: &str, note: &str) -> IncidentLog {
        IncidentLog {
            kind: self.incident_type.clone(),
            kind_key: self.incident_key.clone(),
            at: self.at,
            reported_at: self.when.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            address: address.trim().to_string(),
            note: note.trim().to_string(),
            travel: self.travel.clone(),
            estimate: self.estimate,
            shortfall: self.shortfall,
            units: self
                .units()
                .map(|a| DispatchedUnit {
                    layer: a.unit.layer,
                    unit_id: a.unit.id,
                    name: a.unit.name.clone(),
                    reason: serde_json::to_value(a.reason)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default(),
                    distance_m: a.unit.distance_m,
                    eta_s: a.unit.eta_s,
                    estimate: a.unit.estimate,
                })
                .collect(),
            materials: self
                .materials
                .iter()
                .map(|m| MaterialLine {
                    item: m.item.clone(),
                    unit: m.unit.clone(),
                    required: m.required,
                    supplied: m.supplied,
                    shortfall: m.shortfall,
                })
                .collect(),
            plan: serde_json::to_value(self).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// Works out the dispatch for an incident.
pub fn plan(r: &Responders<'_>, incident: &Incident) -> Result<DispatchPlan, DispatchError> {
    let t = &incident.template;
    if let Some(p) = (super::incident_types::IncidentTemplates { types: vec![t.clone()] }).problem() {
        return Err(DispatchError::BadTemplates(p));
    }
    r.check_point(incident.at)?;
    let s = r.snapshot();
    if s.stations.is_empty() && s.teams.is_empty() && s.depots.is_empty() {
        return Err(NearestError::NoResponders.into());
    }
    let (stations, vehicles) = stations(r, incident);
    let (teams, capabilities) = teams(r, incident);
    let (depots, materials) = depots(r, incident);
    let shortfall = vehicles.iter().any(|v| v.shortfall > 0)
        || capabilities.iter().any(|c| c.shortfall > 0)
        || materials.iter().any(|m| m.shortfall > QUANTITY_EPS);
    Ok(DispatchPlan {
        incident_type: t.name.clone(),
        incident_key: t.key.clone(),
        at: incident.at,
        when: incident.when,
        travel: r.travel().describe(),
        estimate: r.travel().is_estimate(),
        stations,
        teams,
        depots,
        vehicles,
        capabilities,
        materials,
        shortfall,
    })
}

fn assigned(unit: Ranked, reason: Reason, class: &str, contact: &str, phone: &str) -> Assigned {
    Assigned {
        unit,
        reason,
        class: class.to_string(),
        contact: contact.to_string(),
        phone: phone.to_string(),
        vehicles: Vec::new(),
        capabilities: Vec::new(),
        supplies: Vec::new(),
    }
}

/// The template's stations nearest by arrival, then further stations while a needed vehicle
/// kind is short and some unvisited station still has one.
fn stations(r: &Responders<'_>, incident: &Incident) -> (Vec<Assigned>, Vec<VehicleCover>) {
    let s = r.snapshot();
    let t = &incident.template;
    let mut short: BTreeMap<&str, u32> = t.vehicles.iter().map(|v| (v.kind.as_str(), v.count)).collect();
    // Vehicles of each needed kind at in-service stations not yet looked at.
    let mut unseen: BTreeMap<&str, u32> =
        short.keys().map(|k| (*k, r.vocabulary().in_service_vehicles.get(*k).copied().unwrap_or(0))).collect();
    let wanted = t.stations as usize;
    let mut picked = Vec::new();
    let mut reasons = Vec::new();
    if let Some(keep) = r.keep(Layer::Stations, &UnitFilter::default()) {
        for c in r.stream(Layer::Stations, incident.at, RankBy::Time, keep) {
            let Some(x) = s.stations.get(c.slot) else { continue };
            let helps = x.vehicles.iter().any(|v| v.count > 0 && short.get(v.kind.as_str()).is_some_and(|n| *n > 0));
            for v in &x.vehicles {
                if let Some(n) = unseen.get_mut(v.kind.as_str()) {
                    *n = n.saturating_sub(v.count);
                }
            }
            if picked.len() < wanted || helps {
                for v in &x.vehicles {
                    if let Some(n) = short.get_mut(v.kind.as_str()) {
                        *n = n.saturating_sub(v.count);
                    }
                }
                reasons.push(if picked.len() < wanted { Reason::Nearest } else { Reason::Vehicles });
                picked.push(c);
            }
            let hopeless = short.iter().all(|(k, n)| *n == 0 || unseen.get(k).is_none_or(|u| *u == 0));
            if picked.len() >= wanted && hopeless {
                break;
            }
        }
    }
    let units: Vec<Assigned> = r
        .finish(picked, incident.at)
        .into_iter()
        .zip(reasons)
        .map(|((u, slot), reason)| {
            let x = s.stations.get(slot);
            let mut a = assigned(u, reason, x.map_or("", |x| x.class.zh()), "", x.map_or("", |x| &x.phone));
            a.vehicles = x.map(|x| x.vehicles.clone()).unwrap_or_default();
            a
        })
        .collect();
    let cover = t
        .vehicles
        .iter()
        .map(|need| {
            let assigned: u32 =
                units.iter().flat_map(|u| u.vehicles.iter().filter(|v| v.kind == need.kind).map(|v| v.count)).sum();
            VehicleCover {
                kind: need.kind.clone(),
                required: need.count,
                assigned,
                shortfall: need.count.saturating_sub(assigned),
            }
        })
        .collect();
    (units, cover)
}

/// For each needed capability, the nearest on-duty teams having it; a team that brings several
/// is listed once.
fn teams(r: &Responders<'_>, incident: &Incident) -> (Vec<Assigned>, Vec<CapabilityCover>) {
    let s = r.snapshot();
    let t = &incident.template;
    let n = t.teams_per_capability.max(1) as usize;
    let mut units: Vec<Assigned> = Vec::new();
    let mut cover = Vec::new();
    for cap in &t.capabilities {
        let filter = UnitFilter { capability: Some(cap.clone()), ..UnitFilter::default() };
        let picked: Vec<_> = match r.keep(Layer::Teams, &filter) {
            Some(keep) => r.stream(Layer::Teams, incident.at, RankBy::Time, keep).take(n).collect(),
            None => Vec::new(),
        };
        let mut ids = Vec::new();
        for (u, slot) in r.finish(picked, incident.at) {
            ids.push(u.id);
            if let Some(a) = units.iter_mut().find(|a| a.unit.id == u.id) {
                a.capabilities.push(cap.clone());
                continue;
            }
            let x = s.teams.get(slot);
            let mut a = assigned(
                u,
                Reason::Capability,
                x.map_or("", |x| x.kind.zh()),
                x.map_or("", |x| &x.contact),
                x.map_or("", |x| &x.phone),
            );
            a.capabilities.push(cap.clone());
            units.push(a);
        }
        let found = ids.len() as u32;
        cover.push(CapabilityCover {
            capability: cap.clone(),
            required: n as u32,
            teams: ids,
            shortfall: (n as u32).saturating_sub(found),
        });
    }
    units.sort_by(|a, b| {
        a.unit
            .eta_s
            .unwrap_or(f64::INFINITY)
            .total_cmp(&b.unit.eta_s.unwrap_or(f64::INFINITY))
            .then(a.unit.id.cmp(&b.unit.id))
    });
    for (i, a) in units.iter_mut().enumerate() {
        a.unit.rank = i + 1;
    }
    (units, cover)
}

fn stock_of(d: &crate::model::Depot, item: &str, unit: &str) -> f64 {
    d.stock.iter().filter(|l| l.item == item && (unit.is_empty() || l.unit == unit)).map(|l| l.quantity.max(0.0)).sum()
}

/// Depots nearest by arrival, each giving what is still missing, until every quantity is met.
fn depots(r: &Responders<'_>, incident: &Incident) -> (Vec<Assigned>, Vec<MaterialCover>) {
    let s = r.snapshot();
    let needs = &incident.template.materials;
    let mut cover: Vec<MaterialCover> = needs
        .iter()
        .map(|m| {
            let other_units: Vec<String> = match r.vocabulary().item_units.get(&m.item) {
                Some(units) if !m.unit.is_empty() => units.iter().filter(|u| **u != m.unit).cloned().collect(),
                _ => Vec::new(),
            };
            MaterialCover {
                item: m.item.clone(),
                unit: m.unit.clone(),
                required: m.quantity,
                supplied: 0.0,
                shortfall: m.quantity,
                depots: Vec::new(),
                other_units,
            }
        })
        .collect();
    let mut picked = Vec::new();
    let mut supplies: Vec<Vec<Supply>> = Vec::new();
    let holds_any = |slot: usize| {
        s.depots
            .get(slot)
            .is_some_and(|d| needs.iter().any(|m| m.quantity > 0.0 && stock_of(d, &m.item, &m.unit) > 0.0))
    };
    if !needs.is_empty() {
        for c in r.stream(Layer::Depots, incident.at, RankBy::Time, Box::new(holds_any)) {
            if cover.iter().all(|m| m.shortfall <= QUANTITY_EPS) {
                break;
            }
            let Some(d) = s.depots.get(c.slot) else { continue };
            let mut sent = Vec::new();
            for m in cover.iter_mut().filter(|m| m.shortfall > QUANTITY_EPS) {
                let take = stock_of(d, &m.item, &m.unit).min(m.shortfall);
                if take > 0.0 {
                    m.supplied += take;
                    m.shortfall = (m.required - m.supplied).max(0.0);
                    if m.shortfall <= QUANTITY_EPS {
                        m.shortfall = 0.0;
                    }
                    m.depots.push(d.id);
                    sent.push(Supply { item: m.item.clone(), unit: m.unit.clone(), quantity: take });
                }
            }
            if !sent.is_empty() {
                picked.push(c);
                supplies.push(sent);
            }
        }
    }
    let units = r
        .finish(picked, incident.at)
        .into_iter()
        .zip(supplies)
        .map(|((u, slot), sent)| {
            let x = s.depots.get(slot);
            let mut a = assigned(
                u,
                Reason::Materials,
                x.map_or("", |x| x.level.zh()),
                x.map_or("", |x| &x.contact),
                x.map_or("", |x| &x.phone),
            );
            a.supplies = sent;
            a
        })
        .collect();
    (units, cover)
}

#[cfg(test)]
mod tests;

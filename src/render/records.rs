//! What the record layers draw, read from a project at one instant: risk zones and registered
//! points, the hazard ledger's standings (overdue flags), pre-positioned units where they are,
//! the warnings in force, and whether drill mode is on.
//!
//! The map index holds it beside the snapshot's features (`MapIndex::records`); the window
//! rebuilds it after every write and when the clock moves on, so "overdue" and "active" are
//! always judged at a stated instant, never inside a layer.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::analysis::hazards::{HazardStanding, standings};
use crate::analysis::prepositions::moved_at;
use crate::analysis::risk::layer::RiskLayer;
use crate::analysis::warnings::active;
use crate::model::hazard::HazardItem;
use crate::model::warning::Warning;
use crate::model::{LonLat, UnitRef};
use crate::snapshot::Snapshot;
use crate::store::hazards::LedgerSetting;
use crate::store::{Project, SettingKey, StoreError};

/// A unit away from its base while its pre-positioning window is active.
#[derive(Debug, Clone, PartialEq)]
pub struct MovedUnit {
    pub unit: UnitRef,
    pub name: Arc<str>,
    pub home: LonLat,
    pub at: LonLat,
    /// What and where, as recorded ("国庆节 京港澳高速安阳北收费站").
    pub title: String,
}

/// The records of a project at an instant, ready for the map and the record panels.
#[derive(Debug, Default)]
pub struct MapRecords {
    /// The instant everything here is judged at.
    pub at: DateTime<Utc>,
    /// The project's civil date at `at` (its time zone).
    pub today: NaiveDate,
    pub risk: RiskLayer,
    /// The ledger's items, in store order, and their standing on `today` (same order).
    pub hazard_items: Vec<HazardItem>,
    pub hazards: Vec<HazardStanding>,
    pub moved: Vec<MovedUnit>,
    /// Warnings in force at `at`, the most serious first.
    pub warnings: Vec<Warning>,
    /// Drill mode is on (with the exercise's name, possibly empty): the map carries the 演练
    /// watermark.
    pub drill: Option<String>,
}

impl MapRecords {
    /// Reads the record tables of `project` and judges them at `at`.
    pub fn load(project: &Project, snapshot: &Snapshot, at: DateTime<Utc>) -> Result<MapRecords, StoreError> {
        let today = project.zone()?.date_at(at);
        let ledger: LedgerSetting = project.setting(SettingKey::HazardLedger)?;
        let hazard_items = project.hazards()?;
        let hazards = standings(&hazard_items, today, ledger.progress_interval_days, Some(snapshot));
        let prepositions = project.prepositions()?;
        let moved = moved_at(snapshot, &prepositions, at)
            .into_iter()
            .filter_map(|m| {
                let home = snapshot.feature(m.unit.layer, m.unit.id)?.location()?;
                let title = m
                    .effective
                    .preposition
                    .and_then(|id| prepositions.iter().find(|p| p.id == id))
                    .map(|p| p.title.clone())
                    .unwrap_or_default();
                Some(MovedUnit { unit: m.unit, name: Arc::from(m.name), home, at: m.effective.location, title })
            })
            .collect();
        let all_warnings = project.warnings()?;
        let warnings = active(&all_warnings, at).into_iter().cloned().collect();
        Ok(MapRecords {
            at,
            today,
            risk: RiskLayer::load(project)?,
            hazard_items,
            hazards,
            moved,
            warnings,
            drill: Some(project.drill_mode()?).filter(|d| d.on).map(|d| d.exercise),
        })
    }

    /// The ledger item a standing is about.
    pub fn hazard_item(&self, standing: &HazardStanding) -> Option<&HazardItem> {
        self.hazard_items.iter().find(|i| i.id == standing.id)
    }

    /// Open items past their deadline.
    pub fn overdue_count(&self) -> usize {
        self.hazards.iter().filter(|h| h.days_overdue.is_some()).count()
    }
}

/// Where a name goes inside an outline.
pub fn label_point(outline: &geo_types::MultiPolygon<f64>) -> Option<LonLat> {
    use geo::InteriorPoint;
    outline.interior_point().map(|p| LonLat::new(p.x(), p.y()))
}

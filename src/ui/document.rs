//! The open project as the window holds it: the file, its current snapshot and map index, the
//! undo stack, and the project's map settings. Every write goes through `actions` (one
//! transaction with an audit row) and is followed by a fresh snapshot.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;

use crate::actions::{Edit, UndoStack};
use crate::model::{Feature, FeatureId, Layer};
use crate::render::records::MapRecords;
use crate::render::{Datum, MapIndex, ProjectMapSettings};
use crate::snapshot::Snapshot;
use crate::store::{AuditEntry, AuditQuery, Project, SettingKey};

/// A feature of a layer, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FeatureRef {
    pub layer: Layer,
    pub id: FeatureId,
}

pub struct Document {
    pub project: Project,
    pub snapshot: Arc<Snapshot>,
    pub index: Arc<MapIndex>,
    pub undo: UndoStack,
    pub map_settings: ProjectMapSettings,
    /// Bumped whenever the snapshot changes, so caches keyed on it refresh.
    pub version: u64,
    /// The last coverage analysis (drawn while it matches the snapshot).
    pub coverage: Option<super::panels::coverage::CoverageRun>,
}

impl Document {
    pub fn open(path: &Path, operator: Option<&str>, datum: Datum) -> anyhow::Result<Self> {
        let mut project = Project::open(path)?;
        if let Some(op) = operator {
            project.set_operator(op);
        }
        Self::from_project(project, datum)
    }

    pub fn create(path: &Path, operator: Option<&str>, datum: Datum) -> anyhow::Result<Self> {
        let mut project = Project::create(path)?;
        if let Some(op) = operator {
            project.set_operator(op);
        }
        Self::from_project(project, datum)
    }

    fn from_project(project: Project, datum: Datum) -> anyhow::Result<Self> {
        let snapshot = Snapshot::load(&project).with_context(|| format!("cannot read {}", project.path().display()))?;
        let map_settings = project.setting(SettingKey::Map).unwrap_or_default();
        let records = Arc::new(
            MapRecords::load(&project, &snapshot, chrono::Utc::now())
                .with_context(|| format!("cannot read the records of {}", project.path().display()))?,
        );
        let index = MapIndex::build(&snapshot, datum).with_records(records);
        Ok(Self {
            project,
            snapshot: Arc::new(snapshot),
            index: Arc::new(index),
            undo: UndoStack::default(),
            map_settings,
            version: 1,
            coverage: None,
        })
    }

    pub fn path(&self) -> PathBuf {
        self.project.path().to_path_buf()
    }

    /// A second connection to the project, with the same operator, for work on a worker thread.
    pub fn worker_project(&self) -> anyhow::Result<Project> {
        let mut p = Project::open(self.project.path())
            .with_context(|| format!("cannot open {}", self.project.path().display()))?;
        p.set_operator(self.project.operator());
        Ok(p)
    }

    /// Reads the project again after a write.
    pub fn reload(&mut self) -> anyhow::Result<()> {
        let snapshot = Snapshot::load(&self.project)?;
        let records = Arc::new(MapRecords::load(&self.project, &snapshot, chrono::Utc::now())?);
        self.index = Arc::new(MapIndex::build(&snapshot, self.index.datum).with_records(records));
        self.snapshot = Arc::new(snapshot);
        self.version += 1;
        Ok(())
    }

    /// Rebuilds the map index for another tile datum (GCJ-02 basemaps shift the overlays).
    pub fn ensure_datum(&mut self, datum: Datum) {
        if self.index.datum != datum {
            let records = self.index.records.clone();
            self.index = Arc::new(MapIndex::build(&self.snapshot, datum).with_records(records));
            self.version += 1;
        }
    }

    /// Applies an edit through the undo stack (one audited transaction) and reloads.
    pub fn apply(&mut self, edit: Edit) -> anyhow::Result<FeatureRef> {
        let applied = self.undo.apply(&mut self.project, edit)?;
        let touched = FeatureRef { layer: applied.layer, id: applied.id };
        self.reload()?;
        Ok(touched)
    }

    pub fn undo(&mut self) -> anyhow::Result<Option<FeatureRef>> {
        let t = self.undo.undo(&mut self.project)?;
        self.reload()?;
        Ok(t.map(|(layer, id)| FeatureRef { layer, id }))
    }

    pub fn redo(&mut self) -> anyhow::Result<Option<FeatureRef>> {
        let t = self.undo.redo(&mut self.project)?;
        self.reload()?;
        Ok(t.map(|(layer, id)| FeatureRef { layer, id }))
    }

    pub fn feature(&self, f: FeatureRef) -> Option<Feature> {
        self.snapshot.feature(f.layer, f.id)
    }

    /// The audit rows about one feature, newest first.
    pub fn history(&self, f: FeatureRef, limit: usize) -> Vec<AuditEntry> {
        self.project
            .audit(&AuditQuery { table: Some(f.layer.table().to_string()), feature_id: Some(f.id), limit: Some(limit) })
            .unwrap_or_default()
    }

    /// Judges the records (overdue, active windows and warnings) again at `at`, when the clock
    /// has moved on since they were read.
    pub fn refresh_records(&mut self, at: chrono::DateTime<chrono::Utc>) -> anyhow::Result<()> {
        let records = Arc::new(MapRecords::load(&self.project, &self.snapshot, at)?);
        self.index = Arc::new(MapIndex::build(&self.snapshot, self.index.datum).with_records(records));
        self.version += 1;
        Ok(())
    }

    /// Stores the project's map settings (audited) and keeps them.
    pub fn save_map_settings(&mut self, s: ProjectMapSettings) -> anyhow::Result<()> {
        self.project.write(|w| w.set_setting(SettingKey::Map, &s))?;
        self.map_settings = s;
        self.version += 1;
        Ok(())
    }
}

//! Single-feature edits and their inverses, for undo/redo in the window.

use crate::model::{Feature, FeatureId, Layer};
use crate::store::{Project, StoreError};

/// One change to one feature.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Add a feature (id ≤ 0 for a new id, or a specific id to restore one).
    Insert(Feature),
    /// Replace a feature's attributes and position.
    Update(Feature),
    Delete(Layer, FeatureId),
}

/// An edit as carried out, with the edit that reverses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub done: Edit,
    pub inverse: Edit,
    /// The feature the edit touched.
    pub layer: Layer,
    pub id: FeatureId,
}

/// Carries out an edit in one audited transaction.
pub fn apply(project: &mut Project, edit: Edit) -> Result<Applied, StoreError> {
    project.write(|w| {
        Ok(match &edit {
            Edit::Insert(f) => {
                let id = w.insert(f)?;
                Applied { inverse: Edit::Delete(f.layer(), id), layer: f.layer(), id, done: edit.clone() }
            }
            Edit::Update(f) => {
                let before = w.update(f)?;
                Applied { inverse: Edit::Update(before), layer: f.layer(), id: f.id(), done: edit.clone() }
            }
            Edit::Delete(layer, id) => {
                let before = w.delete(*layer, *id)?;
                Applied { inverse: Edit::Insert(before), layer: *layer, id: *id, done: edit.clone() }
            }
        })
    })
}

/// Undo and redo lists of applied edits. Undoing applies the inverse (itself audited), so the
/// audit log keeps the full story.
#[derive(Debug, Default)]
pub struct UndoStack {
    done: Vec<Applied>,
    undone: Vec<Applied>,
}

impl UndoStack {
    /// Applies an edit and remembers it; a new edit clears the redo list.
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<&Applied, StoreError> {
        let a = apply(project, edit)?;
        self.undone.clear();
        self.done.push(a);
        self.done.last().ok_or(StoreError::Invalid {
            layer: "",
            name: String::new(),
            field: "undo",
            message: "empty".into(),
        })
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// Reverses the last edit; returns the feature it touched.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<(Layer, FeatureId)>, StoreError> {
        let Some(last) = self.done.pop() else { return Ok(None) };
        match apply(project, last.inverse.clone()) {
            Ok(back) => {
                let touched = (back.layer, back.id);
                self.undone.push(back);
                Ok(Some(touched))
            }
            Err(e) => {
                self.done.push(last);
                Err(e)
            }
        }
    }

    /// Re-applies the last undone edit.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<(Layer, FeatureId)>, StoreError> {
        let Some(last) = self.undone.pop() else { return Ok(None) };
        match apply(project, last.inverse.clone()) {
            Ok(again) => {
                let touched = (again.layer, again.id);
                self.done.push(again);
                Ok(Some(touched))
            }
            Err(e) => {
                self.undone.push(last);
                Err(e)
            }
        }
    }

    /// Forgets everything (after opening another project or an import).
    pub fn clear(&mut self) {
        self.done.clear();
        self.undone.clear();
    }
}

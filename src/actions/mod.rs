//! Writes with meaning: imports, edits with undo/redo. The window and the command line both
//! call these, so every change is validated, transactional and audited the same way.

pub mod dispatch;
pub mod drills;
pub mod edit;
pub mod hazards;
pub mod import;
pub mod risk_export;
pub mod risk_import;
pub mod user_layer;

use thiserror::Error;

use crate::io::ImportError;
use crate::io::export::ExportError;
use crate::store::StoreError;

pub use edit::{Applied, Edit, UndoStack, apply};
pub use import::{ImportRequest, ImportSummary, import_file};

#[derive(Debug, Error)]
pub enum ActionError {
    #[error(transparent)]
    Input(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cancelled; nothing was changed")]
    Cancelled,
    #[error(transparent)]
    Export(#[from] ExportError),
}

impl ActionError {
    pub fn is_input(&self) -> bool {
        match self {
            ActionError::Input(_) | ActionError::Cancelled | ActionError::Export(_) => true,
            ActionError::Store(e) => e.is_input(),
        }
    }
}

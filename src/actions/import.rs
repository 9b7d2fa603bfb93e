//! Importing a file into a layer: all or nothing, one audit row for the batch.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use super::ActionError;
use crate::io::{self, Crs, ImportError, ReadOptions, fields};
use crate::model::{Labelled, Layer};
use crate::progress::Progress;
use crate::store::{Project, StoreError};

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub file: PathBuf,
    pub layer: Layer,
    pub crs: Crs,
    pub read: ReadOptions,
}

impl ImportRequest {
    pub fn new(file: impl Into<PathBuf>, layer: Layer) -> Self {
        Self { file: file.into(), layer, crs: Crs::Wgs84, read: ReadOptions::default() }
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportSummary {
    pub layer: String,
    pub file: String,
    pub imported: u64,
}

/// Reads the whole file into the layer in one transaction. Any bad record, a cancel, or a
/// crash leaves the project exactly as it was.
pub fn import_file(
    project: &mut Project,
    req: &ImportRequest,
    progress: &dyn Progress,
) -> Result<ImportSummary, ActionError> {
    let size = std::fs::metadata(&req.file).map(|m| m.len()).ok();
    progress.begin(&format!("{} → {}", req.file.display(), req.layer.zh()), size);
    let bytes = Arc::new(AtomicU64::new(0));
    let mut read = req.read.clone();
    read.bytes_read = Some(bytes.clone());
    let path: &Path = &req.file;
    let summary = project.write(|w| {
        let mut imported = 0u64;
        let mut cancelled = false;
        let result = io::read_records(path, req.layer, &read, |rec| {
            let feature = fields::to_feature(req.layer, &rec, req.crs)
                .map_err(|e| ImportError::at(path, rec.location.clone(), e.message).with_field(e.field))?;
            w.insert_unaudited(&feature).map_err(|e| store_to_import(path, &rec.location, e))?;
            imported += 1;
            if imported.is_multiple_of(4096) {
                progress.set(bytes.load(Ordering::Relaxed));
                if progress.cancelled() {
                    cancelled = true;
                    return Err(ImportError::file(path, "cancelled"));
                }
            }
            Ok(())
        });
        if cancelled {
            return Err(ActionError::Cancelled);
        }
        result?;
        if imported == 0 {
            return Err(ImportError::file(path, "has no features to import").into());
        }
        let summary = ImportSummary { layer: req.layer.key().to_string(), file: path.display().to_string(), imported };
        w.audit("import", req.layer.table(), None, &serde_json::to_value(&summary).unwrap_or_default())?;
        Ok(summary)
    })?;
    progress.set(size.unwrap_or(0));
    Ok(summary)
}

/// A store refusal during import, told in terms of the file's row.
pub(super) fn store_to_import(path: &Path, at: &io::Location, e: StoreError) -> ImportError {
    match e {
        StoreError::DuplicateCode { code, .. } => ImportError::at(
            path,
            at.clone(),
            format!("id \"{code}\" is used twice (here and in an earlier row, or already in the project)"),
        )
        .with_field("id"),
        StoreError::Invalid { field, message, .. } => ImportError::at(path, at.clone(), message).with_field(field),
        other => ImportError::at(path, at.clone(), other.to_string()),
    }
}

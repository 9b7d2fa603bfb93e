//! Importing a file into a layer: all or nothing, one audit row for the batch.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use super::ActionError;
use crate::io::{self, Crs, ImportError, ReadOptions, fields};
use crate::model::{FeatureId, Labelled, Layer};
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

/// What an import did; also the audit row's `after`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportSummary {
    pub layer: String,
    pub file: String,
    pub imported: u64,
    /// The ids the new features got, first and last (they are consecutive).
    pub first_id: FeatureId,
    pub last_id: FeatureId,
}

/// Where each imported feature came from, by id, so a duplicate code can name the row that
/// first used it. Eight bytes per feature plus the id, instead of the whole location.
#[derive(Default)]
struct Origins {
    ids: Vec<FeatureId>,
    places: Vec<u64>,
}

impl Origins {
    fn push(&mut self, id: FeatureId, at: &io::Location) {
        self.ids.push(id);
        self.places.push(number(at));
    }

    /// The location of the imported feature `id`, told in the same terms as `like`.
    fn of(&self, id: FeatureId, like: &io::Location) -> Option<io::Location> {
        let i = self.ids.binary_search(&id).ok()?;
        let n = *self.places.get(i)?;
        Some(match like {
            io::Location::Line(_) | io::Location::LineColumn(..) => io::Location::Line(n),
            io::Location::Feature(..) | io::Location::FeatureAt { .. } => io::Location::Feature(n, None),
            io::Location::Record(..) => io::Location::Record(n, None),
            io::Location::SheetRow { sheet, .. } => io::Location::SheetRow { sheet: sheet.clone(), row: n },
            io::Location::Cell { sheet, col, .. } => {
                io::Location::Cell { sheet: sheet.clone(), row: u32::try_from(n).unwrap_or(u32::MAX), col: *col }
            }
        })
    }
}

fn number(at: &io::Location) -> u64 {
    match at {
        io::Location::Line(n) | io::Location::LineColumn(n, _) => *n,
        io::Location::Feature(n, _) | io::Location::Record(n, _) => *n,
        io::Location::FeatureAt { index, .. } => *index,
        io::Location::SheetRow { row, .. } => *row,
        io::Location::Cell { row, .. } => u64::from(*row),
    }
}

/// Reads the whole file into the layer in one transaction. Any bad record, a cancel, or a
/// crash leaves the project exactly as it was.
pub fn import_file(
    project: &mut Project,
    req: &ImportRequest,
    progress: &dyn Progress,
) -> Result<ImportSummary, ActionError> {
    // Text files report progress as bytes read of the file size; Shapefiles and GeoPackages
    // are read through libraries that do not expose it, so they count features instead.
    let by_bytes = matches!(io::Format::of(&req.file), Ok(io::Format::GeoJson | io::Format::Csv));
    let size = std::fs::metadata(&req.file).map(|m| m.len()).ok().filter(|_| by_bytes);
    progress.begin(&format!("{} → {}", req.file.display(), req.layer.zh()), size);
    let bytes = Arc::new(AtomicU64::new(0));
    let mut read = req.read.clone();
    read.bytes_read = Some(bytes.clone());
    let path: &Path = &req.file;
    let summary = project.write(|w| {
        let mut imported = 0u64;
        let mut origins = Origins::default();
        let mut cancelled = false;
        // A failure of the project file itself (locked, disk full) is not the input's fault;
        // it is kept here while the reader unwinds and returned as a store error.
        let mut store_failure: Option<StoreError> = None;
        let result = io::read_records(path, req.layer, &read, |rec| {
            let feature = fields::to_feature(req.layer, &rec, req.crs)
                .map_err(|e| ImportError::at(path, rec.location.clone(), e.message).with_field(e.field))?;
            let id = w.insert_unaudited(&feature).map_err(|e| match e {
                e @ (StoreError::DuplicateCode { .. } | StoreError::Invalid { .. }) => {
                    feature_store_to_import(path, &rec, req.layer, &origins, e)
                }
                other => {
                    let message = other.to_string();
                    store_failure = Some(other);
                    ImportError::at(path, rec.location.clone(), message)
                }
            })?;
            origins.push(id, &rec.location);
            imported += 1;
            if imported.is_multiple_of(4096) {
                progress.set(if by_bytes { bytes.load(Ordering::Relaxed) } else { imported });
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
        if let Some(e) = store_failure {
            return Err(ActionError::Store(e));
        }
        result?;
        if imported == 0 {
            return Err(ImportError::file(path, "has no features to import").into());
        }
        let summary = ImportSummary {
            layer: req.layer.key().to_string(),
            file: path.display().to_string(),
            imported,
            first_id: origins.ids.first().copied().unwrap_or_default(),
            last_id: origins.ids.last().copied().unwrap_or_default(),
        };
        w.audit("import", req.layer.table(), None, &serde_json::to_value(&summary).unwrap_or_default())?;
        Ok(summary)
    })?;
    progress.set(size.unwrap_or(summary.imported));
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

/// [`store_to_import`] for a layer's feature: a duplicate id names the row that first used it
/// and the file's own code column.
fn feature_store_to_import(
    path: &Path,
    rec: &io::Record,
    layer: Layer,
    origins: &Origins,
    e: StoreError,
) -> ImportError {
    let at = &rec.location;
    match e {
        StoreError::DuplicateCode { code, existing, layer: zh } => {
            let message = match origins.of(existing, at) {
                Some(first) => format!("id \"{code}\" is used twice: here and at {first}"),
                None => format!("id \"{code}\" is already used by {zh} feature {existing} in the project"),
            };
            ImportError::at(path, at.clone(), message).with_field(fields::code_column(layer, rec))
        }
        other => store_to_import(path, at, other),
    }
}

//! Reading and writing files: one module per format, all producing or consuming the same
//! [`Record`]s so that the mapping from columns to the model lives in one place ([`fields`]).
//!
//! Every error names the file, the line or feature, and the field, because the person reading
//! it has to find and fix the row in their spreadsheet.

pub mod coverage_export;
pub mod csv_in;
pub mod dispatch_sheet;
pub mod drill_sheets;
pub mod encoding;
pub mod export;
pub mod fields;
pub mod fuzzing;
pub mod geojson_geometry;
pub mod geojson_in;
pub mod gpkg_in;
pub mod hazard_ledger;
pub mod record;
pub mod risk_export;
pub mod risk_fields;
pub mod sheet;
pub mod shp_in;
pub mod siting_export;
pub mod xlsx_in;
pub mod xlsx_out;

use std::path::{Path, PathBuf};

use thiserror::Error;

pub use record::{Location, Record};

/// The coordinate system of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Crs {
    /// WGS84 or CGCS2000 longitude/latitude.
    #[default]
    Wgs84,
    /// GCJ-02 (AMap/Gaode, Tencent): converted to WGS84 on import.
    Gcj02,
}

impl std::str::FromStr for Crs {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "wgs84" | "epsg:4326" | "4326" | "cgcs2000" | "epsg:4490" => Ok(Crs::Wgs84),
            "gcj02" | "gcj-02" | "amap" | "gaode" => Ok(Crs::Gcj02),
            other => Err(format!("unknown coordinate system \"{other}\" (expected wgs84 or gcj02)")),
        }
    }
}

/// The formats OneMap reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    Csv,
    Shapefile,
    GeoPackage,
    /// Excel workbook (.xlsx, .xlsm, .xls).
    Excel,
}

impl Format {
    /// Guesses the format from the file extension.
    pub fn of(path: &Path) -> Result<Format, ImportError> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "geojson" | "json" => Ok(Format::GeoJson),
            "csv" | "txt" => Ok(Format::Csv),
            "shp" => Ok(Format::Shapefile),
            "gpkg" => Ok(Format::GeoPackage),
            "xlsx" | "xlsm" | "xls" => Ok(Format::Excel),
            _ => Err(ImportError::file(
                path,
                format!(
                    "cannot tell the format from the extension \".{ext}\" (use .geojson, .csv, .xlsx, .shp or .gpkg)"
                ),
            )),
        }
    }
}

/// A problem with an input file, located as precisely as the format allows.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("{}{}{}: {message}", file.display(), location.as_ref().map(|l| format!(", {l}")).unwrap_or_default(), field.as_ref().map(|f| format!(", field \"{f}\"")).unwrap_or_default())]
pub struct ImportError {
    pub file: PathBuf,
    pub location: Option<Location>,
    pub field: Option<String>,
    pub message: String,
}

impl ImportError {
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Self { file: file.to_path_buf(), location: None, field: None, message: message.into() }
    }

    pub fn at(file: &Path, location: Location, message: impl Into<String>) -> Self {
        Self { file: file.to_path_buf(), location: Some(location), field: None, message: message.into() }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

/// What to read from a file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The layer of a multi-layer source (GeoPackage), or the sheet of a workbook.
    pub source_layer: Option<String>,
    /// Counts bytes read from text files, for progress bars.
    pub bytes_read: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
}

/// Reads the records of any supported file for a target layer, calling `each` in order.
pub fn read_records(
    path: &Path,
    target: crate::model::Layer,
    opts: &ReadOptions,
    each: impl FnMut(Record) -> Result<(), ImportError>,
) -> Result<u64, ImportError> {
    if !path.exists() {
        return Err(ImportError::file(path, "does not exist"));
    }
    match Format::of(path)? {
        Format::GeoJson => geojson_in::read(path, opts.bytes_read.clone(), each),
        Format::Csv => csv_in::read(path, opts.bytes_read.clone(), each),
        Format::Shapefile => shp_in::read(path, each),
        Format::GeoPackage => gpkg_in::read(path, opts.source_layer.as_deref(), target.table(), each),
        Format::Excel => xlsx_in::read(path, opts.source_layer.as_deref(), each),
    }
}

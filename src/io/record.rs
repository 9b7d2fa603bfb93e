//! A source record: attributes and geometry as read from any format, with where it came from.

use geo_types::Geometry;
use serde_json::{Map, Value};

/// Where in a file a record (or a problem) is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// 1-based line of a text file (CSV rows count the header as line 1).
    Line(u64),
    /// 1-based line and column of a text file.
    LineColumn(u64, u64),
    /// 1-based feature number, with the feature's id or name when it has one.
    Feature(u64, Option<String>),
    /// 1-based record number of a binary file (Shapefile, GeoPackage), with its id.
    Record(u64, Option<String>),
    /// A spreadsheet row: sheet name and 1-based row number as the spreadsheet shows it.
    Cell(String, u64),
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let named = |f: &mut std::fmt::Formatter<'_>, n: &Option<String>| match n {
            Some(n) => write!(f, " ({n})"),
            None => Ok(()),
        };
        match self {
            Location::Line(l) => write!(f, "line {l}"),
            Location::LineColumn(l, c) => write!(f, "line {l}, column {c}"),
            Location::Feature(i, n) => {
                write!(f, "feature {i}")?;
                named(f, n)
            }
            Location::Record(i, n) => {
                write!(f, "record {i}")?;
                named(f, n)
            }
            Location::Cell(sheet, row) => write!(f, "sheet \"{sheet}\", row {row}"),
        }
    }
}

/// One row or feature of an input file.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub location: Location,
    /// Attributes by their name in the file (CSV values are strings).
    pub attrs: Map<String, Value>,
    pub geometry: Option<Geometry<f64>>,
}

impl Record {
    /// A short name for messages: the record's id or name attribute, when present.
    pub fn label(&self) -> Option<String> {
        ["id", "code", "编号", "name", "名称"].iter().find_map(|k| match self.attrs.get(*k) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
    }
}

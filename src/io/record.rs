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
    /// A feature that could not be parsed: its 1-based number and where the parser stopped.
    FeatureAt { index: u64, line: u64, column: u64 },
    /// 1-based record number of a binary file (Shapefile, GeoPackage), with its id.
    Record(u64, Option<String>),
    /// A spreadsheet cell: sheet name, 1-based row, 0-based column (shown as a letter).
    Cell { sheet: String, row: u32, col: u32 },
    /// A spreadsheet row read as a record: sheet name and 1-based row as the spreadsheet shows it.
    SheetRow { sheet: String, row: u64 },
}

/// A spreadsheet column letter: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(col: u32) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(char::from(b'A' + r as u8));
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
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
            Location::FeatureAt { index, line, column } => write!(f, "feature {index} (line {line}, column {column})"),
            Location::Record(i, n) => {
                write!(f, "record {i}")?;
                named(f, n)
            }
            Location::Cell { sheet, row, col } => {
                write!(f, "sheet \"{sheet}\", row {row}, column {}", column_letter(*col))
            }
            Location::SheetRow { sheet, row } => write!(f, "sheet \"{sheet}\", row {row}"),
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

#[cfg(test)]
mod tests {
    #[test]
    fn column_letters() {
        assert_eq!(super::column_letter(0), "A");
        assert_eq!(super::column_letter(25), "Z");
        assert_eq!(super::column_letter(26), "AA");
        assert_eq!(super::column_letter(27 * 26), "AAA");
    }
}

//! Spreadsheets in: Excel (.xlsx, .xls), OpenDocument (.ods) and CSV read into one [`Grid`] of
//! typed cells with its merged regions, so a layout (title rows, two-row headers, a closing
//! summary line) is parsed once whatever the file type.
//!
//! CSV text encodings are detected as for every other CSV (`io::encoding`: UTF-8 with or
//! without BOM, GBK/GB18030 as Excel in China saves it).

use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use chrono::{NaiveDate, NaiveDateTime};

use super::ImportError;
use super::record::Location;

/// A cell's value as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Bool(bool),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as text: numbers without a trailing `.0`, dates as `2024-03-05`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::DateTime(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        }
    }
}

/// A number as a person writes it: `3`, `3.5`, never `3.0`.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { n.to_string() }
}

/// A rectangular block of merged cells (0-based, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Merge {
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first_row..=self.last_row).contains(&row) && (self.first_col..=self.last_col).contains(&col)
    }
}

/// The cells of one sheet (or a CSV file), 0-based, with where each row is in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub file: PathBuf,
    /// The sheet's name; `None` for CSV.
    pub sheet: Option<String>,
    pub rows: Vec<Vec<Cell>>,
    pub merges: Vec<Merge>,
    /// For CSV, the 1-based line each row starts on.
    lines: Vec<u64>,
    /// The merge covering each merged cell, by (row, col), so lookups stay O(1).
    covered: std::collections::HashMap<(u32, u32), usize>,
}

static EMPTY: Cell = Cell::Empty;

impl Grid {
    pub fn get(&self, row: u32, col: u32) -> &Cell {
        self.rows.get(row as usize).and_then(|r| r.get(col as usize)).unwrap_or(&EMPTY)
    }

    /// The value shown at a cell: a merged region shows its top-left cell everywhere.
    pub fn shown(&self, row: u32, col: u32) -> &Cell {
        match self.merge_at(row, col) {
            Some(m) => self.get(m.first_row, m.first_col),
            None => self.get(row, col),
        }
    }

    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        self.covered.get(&(row, col)).and_then(|&i| self.merges.get(i))
    }

    fn new(file: &Path, sheet: Option<String>, rows: Vec<Vec<Cell>>, merges: Vec<Merge>, lines: Vec<u64>) -> Grid {
        let mut covered = std::collections::HashMap::new();
        for (i, m) in merges.iter().enumerate() {
            for r in m.first_row..=m.last_row {
                for c in m.first_col..=m.last_col {
                    covered.entry((r, c)).or_insert(i);
                }
            }
        }
        Grid { file: file.to_path_buf(), sheet, rows, merges, lines, covered }
    }

    pub fn height(&self) -> u32 {
        u32::try_from(self.rows.len()).unwrap_or(u32::MAX)
    }

    pub fn width(&self) -> u32 {
        u32::try_from(self.rows.iter().map(Vec::len).max().unwrap_or(0)).unwrap_or(u32::MAX)
    }

    /// Where a cell is, for messages: "sheet 台账, row 5, column D" or "line 5, column 4".
    pub fn locate(&self, row: u32, col: u32) -> Location {
        match &self.sheet {
            Some(sheet) => Location::Cell { sheet: sheet.clone(), row: row + 1, col },
            None => Location::LineColumn(
                self.lines.get(row as usize).copied().unwrap_or(u64::from(row) + 1),
                u64::from(col) + 1,
            ),
        }
    }

    /// An error at a cell, naming the column's header.
    pub fn error(&self, row: u32, col: u32, header: &str, message: impl Into<String>) -> ImportError {
        ImportError::at(&self.file, self.locate(row, col), message).with_field(header.to_string())
    }
}

/// Reads every sheet of a workbook, or the one grid of a CSV file, by extension.
pub fn read_all(path: &Path) -> Result<Vec<Grid>, ImportError> {
    if !path.exists() {
        return Err(ImportError::file(path, "does not exist"));
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, None),
        "csv" | "txt" => Ok(vec![read_csv(path)?]),
        _ => Err(ImportError::file(
            path,
            format!("cannot tell the format from the extension \".{ext}\" (use .xlsx, .xls, .ods or .csv)"),
        )),
    }
}

/// One sheet of a workbook: the one named, or the first. Only that sheet is decoded.
pub fn read_sheet(path: &Path, name: Option<&str>) -> Result<Grid, ImportError> {
    read_workbook(path, Some(name))
        .and_then(|g| g.into_iter().next().ok_or_else(|| ImportError::file(path, "has no sheets")))
}

/// Every sheet, or (`only: Some(name)`) the one named (`Some(None)`: the first).
fn read_workbook(path: &Path, only: Option<Option<&str>>) -> Result<Vec<Grid>, ImportError> {
    let fail = |e: &dyn std::fmt::Display| ImportError::file(path, format!("cannot read the workbook: {e}"));
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| fail(&e))?;
    let mut names = wb.sheet_names();
    match only {
        None => {}
        Some(None) => names.truncate(1),
        Some(Some(wanted)) => {
            if !names.iter().any(|n| n == wanted) {
                return Err(ImportError::file(
                    path,
                    format!("has no sheet \"{wanted}\" (sheets: {})", names.join(", ")),
                ));
            }
            names.retain(|n| n == wanted);
        }
    }
    let mut grids = Vec::new();
    for name in names {
        let range = wb.worksheet_range(&name).map_err(|e| fail(&e))?;
        let merges: Vec<Merge> = match &mut wb {
            calamine::Sheets::Xlsx(x) => {
                x.worksheet_merge_cells(&name).transpose().map_err(|e| fail(&e))?.unwrap_or_default()
            }
            calamine::Sheets::Xls(x) => x.worksheet_merge_cells(&name).unwrap_or_default(),
            _ => Vec::new(),
        }
        .into_iter()
        .map(|d| Merge { first_row: d.start.0, first_col: d.start.1, last_row: d.end.0, last_col: d.end.1 })
        .collect();
        let (end_row, end_col) = range.end().unwrap_or((0, 0));
        let mut rows = Vec::new();
        if !range.is_empty() {
            for r in 0..=end_row {
                let mut row = Vec::with_capacity(end_col as usize + 1);
                for c in 0..=end_col {
                    let cell = match range.get_value((r, c)) {
                        None => Cell::Empty,
                        Some(v) => cell(v).map_err(|m| {
                            ImportError::at(path, Location::Cell { sheet: name.clone(), row: r + 1, col: c }, m)
                        })?,
                    };
                    row.push(cell);
                }
                rows.push(row);
            }
        }
        grids.push(Grid::new(path, Some(name), rows, merges, Vec::new()));
    }
    Ok(grids)
}

fn cell(v: &Data) -> Result<Cell, String> {
    Ok(match v {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            let date = NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                .ok_or_else(|| format!("holds the date serial {} that is not a calendar date", dt.as_f64()))?;
            if (h, mi, s) == (0, 0, 0) {
                Cell::Date(date)
            } else {
                Cell::DateTime(date.and_hms_opt(u32::from(h), u32::from(mi), u32::from(s)).unwrap_or_default())
            }
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Cell::Date(d),
            Err(_) => {
                NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").map_or(Cell::Text(s.clone()), Cell::DateTime)
            }
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => return Err(format!("holds the Excel error {e}; fix the formula or type the value")),
    })
}

fn read_csv(path: &Path) -> Result<Grid, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| ImportError::file(path, format!("cannot read: {e}")))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::file(path, "is empty"));
    }
    let enc = super::encoding::detect(&bytes);
    let (text, _, malformed) = enc.decode(&bytes);
    if malformed {
        return Err(ImportError::file(path, format!("is not valid text in {}", super::encoding::describe(enc))));
    }
    let text = text.trim_start_matches('\u{feff}');
    let delimiter = super::csv_in::sniff_delimiter(text.as_bytes());
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    // A record's position can point at the line break before it (CR-LF, blank lines): its line
    // is the one of its first character after any line breaks. Positions only grow, so newlines
    // are counted once.
    let bytes = text.as_bytes();
    let mut counted = (0usize, 1u64);
    let mut line_of = |byte: u64| {
        let mut at = (byte as usize).min(bytes.len());
        while bytes.get(at).is_some_and(|b| *b == b'\r' || *b == b'\n') {
            at += 1;
        }
        let (from, line) = if at >= counted.0 { counted } else { (0, 1) };
        let line = line + bytes[from..at].iter().filter(|b| **b == b'\n').count() as u64;
        counted = (at, line);
        line
    };
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| line_of(p.byte()));
            ImportError::at(path, Location::Line(line), e.to_string())
        })?;
        lines.push(rec.position().map_or(0, |p| line_of(p.byte())));
        rows.push(
            rec.iter()
                .map(|s| if s.trim().is_empty() { Cell::Empty } else { Cell::Text(s.trim().to_string()) })
                .collect(),
        );
    }
    Ok(Grid::new(path, None, rows, Vec::new(), lines))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn gbk_csv_reads_with_line_numbers() {
        let (bytes, _, _) =
            encoding_rs::GB18030.encode("台账标题,,\r\n\r\n序号,重点隐患,检查日期\r\n1,液氨储罐,2024-03-05\r\n");
        let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        f.write_all(&bytes).unwrap();
        let g = read_all(f.path()).unwrap().pop().unwrap();
        assert_eq!(g.get(0, 0), &Cell::Text("台账标题".into()));
        assert_eq!(g.get(2, 1), &Cell::Text("液氨储罐".into()), "the blank line is skipped");
        assert_eq!(g.locate(2, 1), Location::LineColumn(4, 2));
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(3.25), "3.25");
    }
}

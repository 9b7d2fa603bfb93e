//! Writes a [`DispatchSheet`] as CSV (UTF-8 with BOM, so Excel in China opens it without
//! garbling) or as an Excel workbook (.xlsx, numbers kept numeric, shortfalls in red).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use rust_xlsxwriter::{Color, Format, Workbook, XlsxError};

use super::export::ExportError;
use crate::analysis::dispatch_sheet::{Cell, DispatchSheet};

/// The formats a sheet can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

impl SheetFormat {
    /// From the file's extension (.csv, .xlsx).
    pub fn of(path: &Path) -> Result<SheetFormat, ExportError> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Ok(SheetFormat::Csv),
            "xlsx" => Ok(SheetFormat::Xlsx),
            _ => Err(ExportError::Other {
                path: path.display().to_string(),
                message: "a dispatch sheet is written as .csv or .xlsx (PDF/PNG come from the window)".into(),
            }),
        }
    }
}

/// Writes the sheet in the format its extension names.
pub fn write(sheet: &DispatchSheet, path: &Path) -> Result<(), ExportError> {
    match SheetFormat::of(path)? {
        SheetFormat::Csv => csv(sheet, path),
        SheetFormat::Xlsx => xlsx(sheet, path),
    }
}

/// The sheet as lines of cells, top to bottom, with a flag for red lines: what both formats write.
fn lines(sheet: &DispatchSheet) -> Vec<(Vec<Line>, Style)> {
    let mut out = vec![(vec![Line::Text(sheet.title.clone())], Style::Title)];
    for (k, v) in &sheet.facts {
        out.push((vec![Line::Text(k.clone()), Line::Text(v.clone())], Style::Plain));
    }
    for t in &sheet.tables {
        out.push((Vec::new(), Style::Plain));
        out.push((vec![Line::Text(t.title.clone())], Style::Heading));
        out.push((t.columns.iter().cloned().map(Line::Text).collect(), Style::Header));
        for r in &t.rows {
            let style = if r.alert { Style::Alert } else { Style::Plain };
            out.push((r.cells.iter().cloned().map(Line::Cell).collect(), style));
        }
    }
    if !sheet.shortfalls.is_empty() {
        out.push((Vec::new(), Style::Plain));
        for s in &sheet.shortfalls {
            out.push((vec![Line::Text(s.clone())], Style::Alert));
        }
    }
    if let Some(f) = &sheet.footnote {
        out.push((Vec::new(), Style::Plain));
        out.push((vec![Line::Text(f.clone())], Style::Plain));
    }
    out
}

enum Line {
    Text(String),
    Cell(Cell),
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Title,
    Heading,
    Header,
    Plain,
    Alert,
}

/// CSV with a BOM; numbers as displayed; a blank line between sections.
pub fn csv(sheet: &DispatchSheet, path: &Path) -> Result<(), ExportError> {
    let io = |source| ExportError::Io { path: path.display().to_string(), source };
    let other = |message: String| ExportError::Other { path: path.display().to_string(), message };
    let mut w = BufWriter::new(File::create(path).map_err(io)?);
    w.write_all(b"\xEF\xBB\xBF").map_err(io)?;
    for (cells, _) in lines(sheet) {
        let row: Vec<String> = cells
            .iter()
            .map(|c| match c {
                Line::Text(s) => s.clone(),
                Line::Cell(c) => c.display(),
            })
            .collect();
        if row.is_empty() {
            // The csv crate would write `""` for an empty record.
            w.write_all(b"\n").map_err(io)?;
            continue;
        }
        let mut line = csv::Writer::from_writer(Vec::new());
        line.write_record(&row).map_err(|e| other(e.to_string()))?;
        let bytes = line.into_inner().map_err(|e| other(e.to_string()))?;
        w.write_all(&bytes).map_err(io)?;
    }
    w.flush().map_err(io)
}

/// An Excel workbook with one worksheet, 出动单.
pub fn xlsx(sheet: &DispatchSheet, path: &Path) -> Result<(), ExportError> {
    let fail = |e: XlsxError| ExportError::Other { path: path.display().to_string(), message: e.to_string() };
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("出动单").map_err(fail)?;
    let format = |style: Style, decimals: Option<usize>| {
        let f = match style {
            Style::Title => Format::new().set_bold().set_font_size(16),
            Style::Heading => Format::new().set_bold().set_font_size(12),
            Style::Header => Format::new().set_bold(),
            Style::Plain => Format::new(),
            Style::Alert => Format::new().set_font_color(Color::Red),
        };
        match decimals {
            Some(0) => f.set_num_format("0"),
            Some(d) => f.set_num_format(format!("0.{}", "0".repeat(d))),
            None => f,
        }
    };
    let mut widths: Vec<usize> = Vec::new();
    for (row, (cells, style)) in lines(sheet).into_iter().enumerate() {
        let row = u32::try_from(row).map_err(|_| fail(XlsxError::RowColumnLimitError))?;
        for (col, c) in cells.iter().enumerate() {
            let col16 = u16::try_from(col).map_err(|_| fail(XlsxError::RowColumnLimitError))?;
            let shown = match c {
                Line::Text(s) => {
                    ws.write_string_with_format(row, col16, s, &format(style, None)).map_err(fail)?;
                    s.clone()
                }
                Line::Cell(Cell::Text(s)) => {
                    ws.write_string_with_format(row, col16, s, &format(style, None)).map_err(fail)?;
                    s.clone()
                }
                Line::Cell(n @ Cell::Number { value, decimals }) => {
                    ws.write_number_with_format(row, col16, *value, &format(style, Some(*decimals))).map_err(fail)?;
                    n.display()
                }
            };
            // Titles, facts and notes run across columns; size columns by table cells only.
            if style == Style::Header || (cells.len() > 2 && style != Style::Title) {
                let w = shown.chars().map(|ch| if (ch as u32) >= 0x2E80 { 2 } else { 1 }).sum::<usize>();
                if widths.len() <= col {
                    widths.resize(col + 1, 8);
                }
                if let Some(x) = widths.get_mut(col) {
                    *x = (*x).max(w);
                }
            }
        }
    }
    for (col, w) in widths.iter().enumerate() {
        let col = u16::try_from(col).map_err(|_| fail(XlsxError::RowColumnLimitError))?;
        ws.set_column_width(col, (*w).min(60) as f64 + 2.0).map_err(fail)?;
    }
    book.save(path).map_err(fail)
}

#[cfg(test)]
mod tests {
    use calamine::{Data, Reader, Xlsx, open_workbook};

    use super::*;
    use crate::analysis::dispatch_sheet::{SheetRow, SheetTable};

    fn sheet() -> DispatchSheet {
        DispatchSheet {
            title: "出动单 · 危化品泄漏".into(),
            facts: vec![("事故类型".into(), "危化品泄漏".into())],
            tables: vec![SheetTable {
                title: "物资".into(),
                columns: vec!["物资".into(), "需要".into(), "缺口".into()],
                rows: vec![SheetRow {
                    cells: vec![
                        Cell::Text("吸附棉, 散装".into()),
                        Cell::Number { value: 5.0, decimals: 2 },
                        Cell::Number { value: 0.5, decimals: 2 },
                    ],
                    alert: true,
                }],
            }],
            shortfalls: vec!["物资缺口：吸附棉 0.5 吨".into()],
            footnote: None,
        }
    }

    #[test]
    fn csv_has_a_bom_and_quotes_commas() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        write(&sheet(), &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(text.starts_with("出动单 · 危化品泄漏\n事故类型,危化品泄漏\n"), "{text}");
        assert!(text.contains("\"吸附棉, 散装\",5.00,0.50\n"), "{text}");
        assert!(text.contains("物资缺口：吸附棉 0.5 吨"), "{text}");
    }

    #[test]
    fn xlsx_reads_back_with_numbers_as_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.xlsx");
        write(&sheet(), &path).unwrap();
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let range = book.worksheet_range("出动单").unwrap();
        assert_eq!(range.get_value((0, 0)), Some(&Data::String("出动单 · 危化品泄漏".into())));
        // Row 5: the material line (title, fact, blank, table title, header, row).
        assert_eq!(range.get_value((5, 0)), Some(&Data::String("吸附棉, 散装".into())));
        assert_eq!(range.get_value((5, 2)), Some(&Data::Float(0.5)));
    }

    #[test]
    fn other_extensions_are_refused() {
        let err = write(&sheet(), Path::new("/tmp/x.pdf")).unwrap_err();
        assert!(err.to_string().contains(".csv or .xlsx"), "{err}");
    }
}

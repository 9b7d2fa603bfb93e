//! Excel out: the pieces every OneMap sheet shares — the merged title row and closing line
//! (both through the drill mark), header and cell styles, typed cells, and an all-or-nothing
//! save (a failed export leaves no half-written file).

use std::path::Path;

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::export::ExportError;
use super::sheet::Cell;
use crate::model::drill_mode::ExportMark;

/// The formats of a OneMap sheet.
pub struct Styles {
    pub title: Format,
    pub header: Format,
    pub text: Format,
    pub date: Format,
    pub number: Format,
    pub closing: Format,
}

impl Default for Styles {
    fn default() -> Self {
        let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
        Self {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: cell.clone().set_bold().set_align(FormatAlign::Center).set_background_color(Color::RGB(0xDDEBF7)),
            text: cell.clone(),
            date: cell.clone().set_num_format("yyyy-mm-dd"),
            number: cell.set_align(FormatAlign::Center),
            closing: Format::new().set_bold().set_align(FormatAlign::Left),
        }
    }
}

/// Wraps an xlsxwriter error with the file it was writing.
pub fn err(path: &Path) -> impl Fn(XlsxError) -> ExportError + '_ {
    move |e| ExportError::Other { path: path.display().to_string(), message: e.to_string() }
}

/// Adds a worksheet named through the mark (【演练】 in drill mode).
pub fn add_sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    mark: ExportMark,
    path: &Path,
) -> Result<&'a mut Worksheet, ExportError> {
    let ws = wb.add_worksheet();
    ws.set_name(mark.sheet_name(name)).map_err(err(path))?;
    Ok(ws)
}

/// A text row merged across `0..=last_col` (titles and closing lines), marked in drill mode.
pub fn merged_line(
    ws: &mut Worksheet,
    row: u32,
    last_col: u16,
    text: &str,
    format: &Format,
    mark: ExportMark,
    path: &Path,
) -> Result<(), ExportError> {
    let text = mark.title(text);
    if last_col == 0 {
        ws.write_string_with_format(row, 0, &text, format).map_err(err(path))?;
    } else {
        ws.merge_range(row, 0, row, last_col, &text, format).map_err(err(path))?;
    }
    Ok(())
}

/// Writes a typed cell; dates get the date format.
pub fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Cell,
    s: &Styles,
    path: &Path,
) -> Result<(), ExportError> {
    let e = err(path);
    match value {
        Cell::Empty => ws.write_blank(row, col, &s.text).map(|_| ()),
        Cell::Text(t) => ws.write_string_with_format(row, col, t, &s.text).map(|_| ()),
        Cell::Number(n) => ws.write_number_with_format(row, col, *n, &s.number).map(|_| ()),
        Cell::Bool(b) => ws.write_string_with_format(row, col, if *b { "是" } else { "否" }, &s.text).map(|_| ()),
        Cell::Date(d) => {
            let dt = excel_date(*d).map_err(&e)?;
            ws.write_datetime_with_format(row, col, &dt, &s.date).map(|_| ())
        }
        Cell::DateTime(d) => {
            use chrono::Timelike;
            let dt = excel_date(d.date())
                .and_then(|x| x.and_hms(d.hour() as u16, d.minute() as u8, d.second()))
                .map_err(&e)?;
            let f = s.date.clone().set_num_format("yyyy-mm-dd hh:mm");
            ws.write_datetime_with_format(row, col, &dt, &f).map(|_| ())
        }
    }
    .map_err(e)
}

fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    let y = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(format!("year {}", d.year())))?;
    ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8)
}

/// Saves next to the target and renames into place, so a failure never leaves a partial file.
pub fn save(wb: &mut Workbook, path: &Path) -> Result<(), ExportError> {
    let tmp = path.with_extension("onemap-partial.xlsx");
    let result = wb.save(&tmp).map_err(err(path)).and_then(|()| {
        std::fs::rename(&tmp, path).map_err(|source| ExportError::Io { path: path.display().to_string(), source })
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

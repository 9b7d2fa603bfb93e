//! Excel workbooks in (.xlsx, .xlsm, .xls, .ods) as records: one sheet (the first, or the one
//! named) read through [`super::sheet`], the first row with two or more cells filled as the
//! header (a title row above the table is skipped), each later non-empty row a [`Record`]
//! located by sheet and row number as Excel shows them.

use std::path::Path;

use serde_json::{Map, Value};

use super::ImportError;
use super::record::{Location, Record};
use super::sheet::{self, Cell};

/// A cell as a record attribute: dates as `2024-03-05` (filing and inspection dates are days).
fn value(c: &Cell) -> Value {
    match c {
        Cell::Empty => Value::Null,
        Cell::Text(t) => Value::String(t.trim().to_string()),
        Cell::Number(n) => Value::from(*n),
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Date(d) => Value::String(d.format("%Y-%m-%d").to_string()),
        Cell::DateTime(d) => Value::String(d.date().format("%Y-%m-%d").to_string()),
    }
}

/// Reads every data row of one sheet, calling `each` in order. Returns the number of rows.
pub fn read(
    path: &Path,
    sheet: Option<&str>,
    mut each: impl FnMut(Record) -> Result<(), ImportError>,
) -> Result<u64, ImportError> {
    let grid = sheet::read_sheet(path, sheet)?;
    let name = grid.sheet.clone().unwrap_or_default();
    let filled = |r: &[Cell]| r.iter().filter(|c| !c.is_empty()).count();
    let non_empty: Vec<(usize, &Vec<Cell>)> = grid.rows.iter().enumerate().filter(|(_, r)| filled(r) > 0).collect();
    // A title row above the table (one merged cell: 安阳市企业名录) is not the header: take the
    // first of the leading rows with two or more cells filled.
    let header_pos = non_empty.iter().take(10).position(|(_, r)| filled(r) >= 2).unwrap_or(0);
    let Some(&(header_at, header_row)) = non_empty.get(header_pos) else {
        return Err(ImportError::file(path, format!("sheet \"{name}\" is empty")));
    };
    // Grid rows are the sheet's own rows from its first, so Excel's row number is index + 1.
    let row_of = |i: usize| i as u64 + 1;
    let headers: Vec<String> = header_row.iter().map(|c| c.text().trim().to_string()).collect();
    let mut seen = std::collections::HashSet::new();
    for h in headers.iter().filter(|h| !h.is_empty()) {
        if !seen.insert(h.as_str()) {
            let at = Location::SheetRow { sheet: name.clone(), row: row_of(header_at) };
            return Err(ImportError::at(path, at, "the column appears twice").with_field(h.clone()));
        }
    }
    let mut count = 0;
    for &(i, cells) in &non_empty[header_pos + 1..] {
        let attrs: Map<String, Value> =
            headers.iter().zip(cells).filter(|(h, _)| !h.is_empty()).map(|(h, c)| (h.clone(), value(c))).collect();
        count += 1;
        each(Record { location: Location::SheetRow { sheet: name.clone(), row: row_of(i) }, attrs, geometry: None })?;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_chinese_headers_with_excel_row_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("企业.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet().set_name("企业名录").unwrap();
        ws.write(0, 0, "安阳市企业名录（示意）").unwrap();
        for (c, h) in ["名称", "风险等级", "经度", "纬度"].iter().enumerate() {
            ws.write(2, c as u16, *h).unwrap();
        }
        ws.write(3, 0, "甲化工").unwrap();
        ws.write(3, 1, "红").unwrap();
        ws.write(3, 2, 114.35).unwrap();
        ws.write(3, 3, 36.1).unwrap();
        book.save(&path).unwrap();
        let mut out = Vec::new();
        let n = read(&path, None, |r| {
            out.push(r);
            Ok(())
        });
        // The title in row 1 is skipped: the header is row 3, the data row 4.
        assert_eq!(n.unwrap(), 1);
        assert_eq!(out[0].location, Location::SheetRow { sheet: "企业名录".into(), row: 4 });
        assert_eq!(out[0].attrs["风险等级"], Value::from("红"));
        assert_eq!(out[0].attrs["经度"], Value::from(114.35));
        let e = read(&path, Some("Sheet9"), |_| Ok(())).unwrap_err();
        assert!(e.message.contains("企业名录"), "{e}");
    }
}

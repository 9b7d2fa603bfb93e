//! Excel workbooks in (.xlsx, .xlsm, .xls), via calamine: one sheet (the first, or the one named),
//! the first non-empty row as the header, each later row a [`Record`] located by sheet and row
//! number as Excel shows them.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use serde_json::{Map, Value};

use super::ImportError;
use super::record::{Location, Record};

/// Days from Excel's day 0 (1899-12-30 in the 1900 date system) to 1970-01-01.
const EXCEL_EPOCH_OFFSET_DAYS: i64 = 25_569;

fn cell_value(sheet: &str, row: u64, header: &str, d: &Data, path: &Path) -> Result<Value, ImportError> {
    Ok(match d {
        Data::Empty => Value::Null,
        Data::String(s) => Value::String(s.trim().to_string()),
        Data::Int(i) => Value::from(*i),
        Data::Float(f) => Value::from(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => {
            // Dates only (filing dates, inspection dates): whole days since the Excel epoch.
            let days = dt.as_f64().floor() as i64 - EXCEL_EPOCH_OFFSET_DAYS;
            match chrono::DateTime::from_timestamp(days * 86_400, 0) {
                Some(t) => Value::String(t.date_naive().format("%Y-%m-%d").to_string()),
                None => Value::String(dt.as_f64().to_string()),
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::String(s.clone()),
        Data::Error(e) => {
            return Err(ImportError::at(
                path,
                Location::SheetRow { sheet: sheet.to_string(), row },
                format!("the cell holds the Excel error {e:?}; fix the formula or type the value"),
            )
            .with_field(header));
        }
    })
}

/// Reads every data row of one sheet, calling `each` in order. Returns the number of rows.
pub fn read(
    path: &Path,
    sheet: Option<&str>,
    mut each: impl FnMut(Record) -> Result<(), ImportError>,
) -> Result<u64, ImportError> {
    let mut book = open_workbook_auto(path)
        .map_err(|e| ImportError::file(path, format!("is not an Excel workbook OneMap can read: {e}")))?;
    let names = book.sheet_names();
    let name =
        match sheet {
            Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| {
                ImportError::file(path, format!("has no sheet \"{s}\" (sheets: {})", names.join(", ")))
            })?,
            None => names.first().cloned().ok_or_else(|| ImportError::file(path, "has no sheets"))?,
        };
    let range = book.worksheet_range(&name).map_err(|e| ImportError::file(path, format!("sheet \"{name}\": {e}")))?;
    // Absolute row of the range's first row (0-based), so messages give Excel's row numbers.
    let first_row = u64::from(range.start().map_or(0, |(r, _)| r));
    let filled = |r: &[Data]| r.iter().filter(|c| !matches!(c, Data::Empty)).count();
    let non_empty: Vec<(usize, &[Data])> = range.rows().enumerate().filter(|(_, r)| filled(r) > 0).collect();
    // A title row above the table (one merged cell: 安阳市企业名录) is not the header: take the
    // first of the leading rows with two or more cells filled.
    let header_pos = non_empty.iter().take(10).position(|(_, r)| filled(r) >= 2).unwrap_or(0);
    let Some(&(header_at, header_row)) = non_empty.get(header_pos) else {
        return Err(ImportError::file(path, format!("sheet \"{name}\" is empty")));
    };
    let rows = non_empty.into_iter().skip(header_pos + 1);
    let header_line = first_row + header_at as u64 + 1;
    let headers: Vec<String> = header_row
        .iter()
        .map(|c| match c {
            Data::String(s) => s.trim().to_string(),
            Data::Empty => String::new(),
            other => other.to_string(),
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    for h in headers.iter().filter(|h| !h.is_empty()) {
        if !seen.insert(h.as_str()) {
            return Err(ImportError::at(
                path,
                Location::SheetRow { sheet: name.clone(), row: header_line },
                "the column appears twice",
            )
            .with_field(h.clone()));
        }
    }
    let mut count = 0;
    for (i, cells) in rows {
        let line = first_row + i as u64 + 1;
        let mut attrs = Map::new();
        for (h, c) in headers.iter().zip(cells) {
            if !h.is_empty() {
                attrs.insert(h.clone(), cell_value(&name, line, h, c, path)?);
            }
        }
        count += 1;
        each(Record { location: Location::SheetRow { sheet: name.clone(), row: line }, attrs, geometry: None })?;
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

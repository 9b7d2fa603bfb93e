//! The city risk table out: CSV (UTF-8 with BOM, so Excel in China opens it as Chinese) with the
//! district counts, and an Excel workbook with two sheets — the district counts and the
//! enterprise list — the four-color palette as cell fills and Chinese headers.

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::export::ExportError;
use crate::analysis::risk::{RiskSummary, RiskTable};
use crate::model::filing::FilingStatus;
use crate::model::{Labelled, RiskLevel};

const LEVELS: [RiskLevel; 4] = [RiskLevel::Red, RiskLevel::Orange, RiskLevel::Yellow, RiskLevel::Blue];

/// Column headers of the district table.
fn district_headers() -> Vec<String> {
    let mut h = vec!["区县代码".to_string(), "区县名称".to_string()];
    h.extend(LEVELS.iter().map(|l| format!("{}（{}）", l.zh(), l.risk_name_zh())));
    h.push("合计".into());
    h
}

fn district_rows(s: &RiskSummary) -> Vec<(String, String, [u32; 4])> {
    let mut rows: Vec<(String, String, [u32; 4])> =
        s.districts.iter().map(|d| (d.code.clone(), d.name.clone(), LEVELS.map(|l| d.counts.get(l)))).collect();
    rows.push((String::new(), "合计".into(), LEVELS.map(|l| s.total.get(l))));
    rows
}

/// Writes the district counts as CSV with a UTF-8 BOM.
pub fn summary_csv(s: &RiskSummary, path: &Path) -> Result<(), ExportError> {
    let io = |e: std::io::Error| ExportError::Io { path: path.display().to_string(), source: e };
    let other = |e: csv::Error| ExportError::Other { path: path.display().to_string(), message: e.to_string() };
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    file.write_all(b"\xEF\xBB\xBF").map_err(io)?;
    let mut w = csv::Writer::from_writer(file);
    w.write_record(district_headers()).map_err(other)?;
    for (code, name, counts) in district_rows(s) {
        let mut rec = vec![code, name];
        rec.extend(counts.iter().map(u32::to_string));
        rec.push(counts.iter().sum::<u32>().to_string());
        w.write_record(rec).map_err(other)?;
    }
    w.flush().map_err(io)
}

/// A fill in the palette colour, with text that reads on it.
fn level_format(level: RiskLevel) -> Format {
    let [r, g, b] = level.rgb();
    let text = if level == RiskLevel::Yellow { Color::Black } else { Color::White };
    Format::new()
        .set_background_color(Color::RGB((u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b)))
        .set_font_color(text)
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
}

fn header_format() -> Format {
    Format::new().set_bold().set_background_color(Color::RGB(0xD9D9D9)).set_border(FormatBorder::Thin)
}

fn write_districts(ws: &mut Worksheet, t: &RiskTable) -> Result<(), XlsxError> {
    ws.set_name("各区县风险统计")?;
    let head = header_format();
    let cell = Format::new().set_border(FormatBorder::Thin);
    for (c, h) in district_headers().iter().enumerate() {
        let f = match c.checked_sub(2).and_then(|i| LEVELS.get(i)) {
            Some(l) => level_format(*l),
            None => head.clone(),
        };
        ws.write_with_format(0, c as u16, h, &f)?;
    }
    for (r, (code, name, counts)) in district_rows(&t.summary).iter().enumerate() {
        let row = r as u32 + 1;
        let f = if name == "合计" { head.clone() } else { cell.clone() };
        ws.write_with_format(row, 0, code, &f)?;
        ws.write_with_format(row, 1, name, &f)?;
        for (i, n) in counts.iter().enumerate() {
            ws.write_with_format(row, i as u16 + 2, *n, &f)?;
        }
        ws.write_with_format(row, 6, counts.iter().sum::<u32>(), &head)?;
    }
    let last = district_rows(&t.summary).len() as u32 + 2;
    ws.write(last, 0, format!("统计日期：{}", t.as_of.format("%Y-%m-%d")))?;
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 14)?;
    for c in 2..7 {
        ws.set_column_width(c, 14)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_enterprises(ws: &mut Worksheet, t: &RiskTable) -> Result<(), XlsxError> {
    ws.set_name("企业风险清单")?;
    let head = header_format();
    let cell = Format::new().set_border(FormatBorder::Thin);
    let headers = [
        "企业名称",
        "统一社会信用代码",
        "行业",
        "区县",
        "风险等级",
        "等级依据",
        "风险区域数",
        "重大危险源数",
        "有限空间数",
        "最近报备日期",
        "报备状态",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_with_format(0, c as u16, *h, &head)?;
    }
    let fills: Vec<Format> = LEVELS.iter().map(|l| level_format(*l)).collect();
    for (r, e) in t.enterprises.iter().enumerate() {
        let row = r as u32 + 1;
        ws.write_with_format(row, 0, &e.name, &cell)?;
        ws.write_with_format(row, 1, &e.credit_code, &cell)?;
        ws.write_with_format(row, 2, &e.industry, &cell)?;
        ws.write_with_format(row, 3, &e.district, &cell)?;
        let fill = LEVELS.iter().position(|l| *l == e.level).map_or(&cell, |i| &fills[i]);
        ws.write_with_format(row, 4, format!("{}（{}）", e.level.zh(), e.level.risk_name_zh()), fill)?;
        ws.write_with_format(row, 5, e.level_source.zh(), &cell)?;
        ws.write_with_format(row, 6, e.zones as u32, &cell)?;
        ws.write_with_format(row, 7, e.major_hazards as u32, &cell)?;
        ws.write_with_format(row, 8, e.confined_spaces as u32, &cell)?;
        ws.write_with_format(
            row,
            9,
            e.last_filed.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            &cell,
        )?;
        let status = match e.filing {
            FilingStatus::Current => "已报备",
            FilingStatus::Never => "未报备",
            FilingStatus::Overdue => "逾期（超过一年）",
        };
        ws.write_with_format(row, 10, status, &cell)?;
    }
    for (c, w) in [34, 22, 12, 10, 14, 14, 11, 12, 11, 14, 16].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 1)?;
    Ok(())
}

/// Writes the table as an Excel workbook.
pub fn table_xlsx(t: &RiskTable, path: &Path) -> Result<(), ExportError> {
    let err = |e: XlsxError| ExportError::Other { path: path.display().to_string(), message: e.to_string() };
    let mut book = Workbook::new();
    write_districts(book.add_worksheet(), t).map_err(err)?;
    write_enterprises(book.add_worksheet(), t).map_err(err)?;
    book.save(path).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::risk::{DistrictRisk, LevelCounts};

    fn summary() -> RiskSummary {
        let c = LevelCounts { red: 1, orange: 2, yellow: 0, blue: 5 };
        RiskSummary {
            districts: vec![
                DistrictRisk { code: "410502".into(), name: "文峰区".into(), counts: c },
                DistrictRisk { code: "unassigned".into(), name: "未归属".into(), counts: LevelCounts::default() },
            ],
            total: c,
        }
    }

    #[test]
    fn csv_has_bom_chinese_headers_and_totals() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        summary_csv(&summary(), &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "区县代码,区县名称,红（重大风险）,橙（较大风险）,黄（一般风险）,蓝（低风险）,合计");
        assert_eq!(lines[1], "410502,文峰区,1,2,0,5,8");
        assert_eq!(lines[3], ",合计,1,2,0,5,8");
    }
}

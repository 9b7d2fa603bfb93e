//! Drill sheets out: the annual plan and records (应急演练计划及记录) and the compliance report
//! (应急演练达标情况), both through the drill mark like every OneMap sheet.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{Color, Workbook};

use super::export::ExportError;
use super::sheet::Cell;
use super::xlsx_out::{self, Styles};
use crate::analysis::drill_compliance::{ComplianceReport, PeriodState, Subject, state_zh};
use crate::model::drill::{Drill, DrillStatus};
use crate::model::drill_mode::ExportMark;
use crate::model::{FeatureId, Labelled, UnitRef};

/// Names for ids in a drill sheet: units, districts (by code) and enterprises.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub units: HashMap<UnitRef, String>,
    pub districts: HashMap<String, String>,
    pub enterprises: HashMap<FeatureId, String>,
}

fn header(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    cols: &[(&str, f64)],
    s: &Styles,
    path: &Path,
) -> Result<(), ExportError> {
    let e = xlsx_out::err(path);
    for (i, (h, w)) in cols.iter().enumerate() {
        let c = u16::try_from(i).unwrap_or(u16::MAX);
        ws.set_column_width(c, *w).map_err(&e)?;
        ws.write_string_with_format(row, c, *h, &s.header).map_err(&e)?;
    }
    Ok(())
}

fn text(s: &str) -> Cell {
    if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }
}

fn date(d: Option<NaiveDate>) -> Cell {
    d.map_or(Cell::Empty, Cell::Date)
}

/// Writes the drill plan and records, one row per drill, ending with the counts.
pub fn write_drills(
    path: &Path,
    title: &str,
    drills: &[Drill],
    names: &Names,
    mark: ExportMark,
) -> Result<(), ExportError> {
    let s = Styles::default();
    let cols: [(&str, f64); 19] = [
        ("序号", 6.0),
        ("演练名称", 28.0),
        ("演练类型", 8.0),
        ("演练形式", 8.0),
        ("状态", 8.0),
        ("计划日期", 12.0),
        ("开展日期", 12.0),
        ("组织单位", 18.0),
        ("所属区县", 10.0),
        ("组织企业", 18.0),
        ("主要负责人组织", 8.0),
        ("演练情景", 30.0),
        ("经度", 11.0),
        ("纬度", 11.0),
        ("参演单位", 30.0),
        ("其他参演单位", 20.0),
        ("评估总结", 30.0),
        ("附件", 16.0),
        ("备注", 16.0),
    ];
    let last_col = u16::try_from(cols.len() - 1).unwrap_or(0);
    let mut wb = Workbook::new();
    let ws = xlsx_out::add_sheet(&mut wb, "应急演练", mark, path)?;
    xlsx_out::merged_line(ws, 0, last_col, title, &s.title, mark, path)?;
    header(ws, 1, &cols, &s, path)?;
    let mut row = 2u32;
    for (i, d) in drills.iter().enumerate() {
        let participants: Vec<String> =
            d.participants.iter().map(|u| names.units.get(u).cloned().unwrap_or_else(|| u.to_string())).collect();
        let values = [
            Cell::Number((i + 1) as f64),
            text(&d.name),
            text(d.scope.zh()),
            text(d.form.zh()),
            text(d.status.zh()),
            date(d.planned_on),
            date(d.held_on),
            text(&d.organizer),
            d.district.as_ref().map_or(Cell::Empty, |c| text(names.districts.get(c).unwrap_or(c))),
            d.enterprise.map_or(Cell::Empty, |id| text(names.enterprises.get(&id).map_or(&id.to_string(), |n| n))),
            text(if d.head_led { "是" } else { "" }),
            text(&d.scenario),
            d.location.map_or(Cell::Empty, |p| Cell::Number(p.lon)),
            d.location.map_or(Cell::Empty, |p| Cell::Number(p.lat)),
            text(&participants.join("、")),
            text(&d.other_participants),
            text(&d.evaluation),
            text(&d.attachments.join("\n")),
            text(&d.note),
        ];
        for (c, v) in values.iter().enumerate() {
            xlsx_out::write_cell(ws, row, u16::try_from(c).unwrap_or(u16::MAX), v, &s, path)?;
        }
        row += 1;
    }
    let held = drills.iter().filter(|d| d.status == DrillStatus::Held).count();
    let planned = drills.iter().filter(|d| d.status == DrillStatus::Planned).count();
    let closing = format!("共{}次演练，已开展{held}次，计划{planned}次", drills.len());
    xlsx_out::merged_line(ws, row, last_col, &closing, &s.closing, mark, path)?;
    xlsx_out::save(&mut wb, path)
}

/// Writes the compliance report: one row per rule, subject and period.
pub fn write_compliance(path: &Path, report: &ComplianceReport, mark: ExportMark) -> Result<(), ExportError> {
    let s = Styles::default();
    let cols: [(&str, f64); 9] = [
        ("规则", 30.0),
        ("对象类型", 8.0),
        ("对象", 24.0),
        ("期间", 16.0),
        ("起", 12.0),
        ("止", 12.0),
        ("已开展", 8.0),
        ("应开展", 8.0),
        ("情况", 12.0),
    ];
    let last_col = u16::try_from(cols.len() - 1).unwrap_or(0);
    let mut wb = Workbook::new();
    let ws = xlsx_out::add_sheet(&mut wb, "演练达标情况", mark, path)?;
    let title = format!("{}年应急演练达标情况（截至{}）", report.year, report.as_of.format("%Y-%m-%d"));
    xlsx_out::merged_line(ws, 0, last_col, &title, &s.title, mark, path)?;
    header(ws, 1, &cols, &s, path)?;
    let missed = s.text.clone().set_font_color(Color::RGB(0xC00000)).set_bold();
    let e = xlsx_out::err(path);
    let mut row = 2u32;
    for rule in &report.rules {
        for line in &rule.lines {
            let kind = match line.subject {
                Subject::District { .. } => "区县",
                Subject::Enterprise { .. } => "企业",
            };
            for p in &line.periods {
                let values = [
                    text(&rule.rule.name),
                    text(kind),
                    text(line.subject.name()),
                    text(&p.label),
                    Cell::Date(p.first_day),
                    Cell::Date(p.last_day),
                    Cell::Number(f64::from(p.held)),
                    Cell::Number(f64::from(p.required)),
                ];
                for (c, v) in values.iter().enumerate() {
                    xlsx_out::write_cell(ws, row, u16::try_from(c).unwrap_or(u16::MAX), v, &s, path)?;
                }
                let fmt = if p.state == PeriodState::Missed { &missed } else { &s.text };
                ws.write_string_with_format(row, 8, state_zh(p.state), fmt).map_err(&e)?;
                row += 1;
            }
        }
    }
    let overdue: std::collections::BTreeSet<&str> = report.overdue().map(|(_, l)| l.subject.name()).collect();
    let closing = format!("截至{}，{}个对象逾期未开展演练", report.as_of.format("%Y-%m-%d"), overdue.len());
    xlsx_out::merged_line(ws, row, last_col, &closing, &s.closing, mark, path)?;
    xlsx_out::save(&mut wb, path)
}

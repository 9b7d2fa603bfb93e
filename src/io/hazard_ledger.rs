//! The 重点隐患问题动态整改台账 sheet, in and out, in the layout the city's ledgers use:
//!
//! ```text
//! row 1        title, merged across the sheet            重点隐患问题动态整改台账
//! (rows)       optional lines between title and header   填报单位：…  填报日期：…
//! header       序号 | 重点隐患 | 隐患内容 | 检查日期 | 整改措施 | 责任单位 | 督办        | 整改时限 | 备注 | OneMap columns…
//! sub-header                                                         | 县市区 | 市级专委会 |
//! data         one row per item; a row with one merged text is a section (一、危化品领域)
//! (rows)       optional footer lines
//! last row     检查发现重点隐患问题X个，已整改完成X个，已销号X个
//! ```
//!
//! The ledger's ten columns come first; OneMap's own (grade, status, position, re-inspection,
//! close-out, weekly progress, attachments) follow, and any column OneMap does not know is
//! kept and written back. Columns are found by their header text, so a sheet with another
//! order or a one-row header (`督办（县市区）`) reads too. A cell merged down several rows
//! (a 责任单位 shared by three items) applies to each of them.
//!
//! Reading is all-or-nothing: the first bad cell stops it with the file, sheet, row, column
//! and header named.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, Workbook};

use super::ImportError;
use super::export::ExportError;
use super::record::Location;
use super::sheet::{self, Cell, Grid};
use super::xlsx_out::{self, Styles};
use crate::model::drill_mode::{self, ExportMark};
use crate::model::hazard::{
    EntryKind, HazardItem, HazardStatus, LedgerSummary, ProgressEntry, Reinspection, SupervisionGrade,
};
use crate::model::ledger_date::{self, DateMeaning, LedgerDate, PeriodEnd};
use crate::model::{FeatureId, Labelled, LonLat};

/// A ledger column OneMap understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Col {
    Seq,
    Title,
    Content,
    FoundOn,
    Measures,
    Responsible,
    SuperviseCounty,
    SuperviseCity,
    Deadline,
    Remark,
    Grade,
    Status,
    Overdue,
    District,
    Enterprise,
    Lon,
    Lat,
    Reporter,
    RectifiedOn,
    Inspectors,
    ReinspectedOn,
    ReinspectionResult,
    ClosedOn,
    ClosedBy,
    Progress,
    Attachments,
    Code,
    Illustrative,
}

/// A column: its header as written out, the group it sits under in a two-row header, and the
/// other headers accepted on input.
struct ColDef {
    col: Col,
    header: &'static str,
    group: Option<&'static str>,
    aliases: &'static [&'static str],
    width: f64,
}

const SUPERVISION: &str = "督办";

/// Every column, in the order written: the ledger's own, then OneMap's.
const COLUMNS: &[ColDef] = &[
    ColDef { col: Col::Seq, header: "序号", group: None, aliases: &["编号序号"], width: 6.0 },
    ColDef {
        col: Col::Title,
        header: "重点隐患",
        group: None,
        aliases: &["隐患名称", "重点隐患名称", "隐患部位", "隐患点", "重点隐患问题"],
        width: 18.0,
    },
    ColDef {
        col: Col::Content,
        header: "隐患内容",
        group: None,
        aliases: &["隐患问题", "存在问题", "隐患描述", "主要问题", "问题描述", "隐患情况"],
        width: 36.0,
    },
    ColDef {
        col: Col::FoundOn,
        header: "检查日期",
        group: None,
        aliases: &["检查时间", "排查日期", "排查时间", "发现日期", "发现时间"],
        width: 12.0,
    },
    ColDef {
        col: Col::Measures, header: "整改措施", group: None, aliases: &["整改方案", "整改要求"], width: 30.0
    },
    ColDef {
        col: Col::Responsible,
        header: "责任单位",
        group: None,
        aliases: &["整改责任单位", "责任主体", "整改单位"],
        width: 16.0,
    },
    ColDef {
        col: Col::SuperviseCounty,
        header: "县市区",
        group: Some(SUPERVISION),
        aliases: &["县市区督办", "县（市、区）督办", "督办（县（市、区））", "县级督办"],
        width: 12.0,
    },
    ColDef {
        col: Col::SuperviseCity,
        header: "市级专委会",
        group: Some(SUPERVISION),
        aliases: &["市级专委会督办", "市级督办", "市专委会督办"],
        width: 14.0,
    },
    ColDef {
        col: Col::Deadline,
        header: "整改时限",
        group: None,
        aliases: &["整改期限", "完成时限", "整改完成时限", "整改时间"],
        width: 12.0,
    },
    ColDef { col: Col::Remark, header: "备注", group: None, aliases: &[], width: 16.0 },
    ColDef {
        col: Col::Grade,
        header: "挂牌督办等级",
        group: None,
        aliases: &["挂牌等级", "督办等级", "挂牌督办"],
        width: 8.0,
    },
    ColDef { col: Col::Status, header: "整改状态", group: None, aliases: &["状态", "当前状态"], width: 12.0 },
    ColDef { col: Col::Overdue, header: "逾期情况", group: None, aliases: &["是否逾期"], width: 10.0 },
    ColDef {
        col: Col::District, header: "所属区县", group: None, aliases: &["区县代码", "所在区县"], width: 10.0
    },
    ColDef {
        col: Col::Enterprise,
        header: "所在企业",
        group: None,
        aliases: &["企业", "企业名称", "企业编号"],
        width: 18.0,
    },
    ColDef { col: Col::Lon, header: "经度", group: None, aliases: &["lon", "lng", "longitude"], width: 11.0 },
    ColDef { col: Col::Lat, header: "纬度", group: None, aliases: &["lat", "latitude"], width: 11.0 },
    ColDef { col: Col::Reporter, header: "上报人", group: None, aliases: &["填报人", "报告人"], width: 8.0 },
    ColDef {
        col: Col::RectifiedOn,
        header: "整改完成日期",
        group: None,
        aliases: &["完成日期", "整改完成时间"],
        width: 12.0,
    },
    ColDef { col: Col::Inspectors, header: "复查人员", group: None, aliases: &["复查人"], width: 10.0 },
    ColDef { col: Col::ReinspectedOn, header: "复查日期", group: None, aliases: &["复查时间"], width: 12.0 },
    ColDef {
        col: Col::ReinspectionResult, header: "复查结果", group: None, aliases: &["复查意见"], width: 14.0
    },
    ColDef { col: Col::ClosedOn, header: "销号日期", group: None, aliases: &["销号时间"], width: 12.0 },
    ColDef { col: Col::ClosedBy, header: "销号人", group: None, aliases: &["销号人员"], width: 8.0 },
    ColDef {
        col: Col::Progress,
        header: "整改进展",
        group: None,
        aliases: &["周进展", "进展情况", "整改进度"],
        width: 36.0,
    },
    ColDef {
        col: Col::Attachments, header: "附件", group: None, aliases: &["照片", "图片", "附件照片"], width: 20.0
    },
    ColDef { col: Col::Code, header: "编号", group: None, aliases: &["隐患编号", "code"], width: 12.0 },
    ColDef {
        col: Col::Illustrative, header: "示意", group: None, aliases: &["illustrative", "示意数据"], width: 6.0
    },
];

/// The key under which an item keeps the section heading it was listed under.
pub const SECTION_KEY: &str = "分组";
/// The tag that marks an escalation line in the progress column.
const ESCALATION_TAG: &str = "【升级督办】";
/// Words in a re-inspection result that mean it did not pass.
const FAILED_WORDS: &[&str] = &["不合格", "未通过", "不通过", "不到位", "未整改", "不予销号"];

fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

fn def(col: Col) -> &'static ColDef {
    // Every Col has a row in COLUMNS.
    #[allow(clippy::unwrap_used)]
    COLUMNS.iter().find(|d| d.col == col).unwrap()
}

/// The column a header names: the written header (`督办（县市区）` for grouped ones) or an alias.
fn column_for(header: &str) -> Option<Col> {
    let h = normalise(header);
    COLUMNS.iter().find_map(|d| {
        let full = match d.group {
            Some(g) => format!("{g}（{}）", d.header),
            None => d.header.to_string(),
        };
        let matches = normalise(&full) == h || d.aliases.iter().any(|a| normalise(a) == h);
        matches.then_some(d.col)
    })
}

/// One item read from a sheet, with where it came from and its enterprise as written.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRow {
    pub location: Location,
    pub item: HazardItem,
    /// The enterprise cell's text (a code or name, resolved against the project) and where it is.
    pub enterprise: Option<(String, Location)>,
}

/// What a ledger sheet holds.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRead {
    pub sheet: Option<String>,
    pub title: Option<String>,
    pub preamble: Vec<Vec<String>>,
    pub footer: Vec<Vec<String>>,
    /// Headers of columns OneMap keeps without understanding them, in sheet order.
    pub extra_columns: Vec<String>,
    pub rows: Vec<LedgerRow>,
    /// The counts of the sheet's own summary line, when it has one.
    pub stated_summary: Option<LedgerSummary>,
    /// The sheet was exported in drill mode (its title or summary carries 【演练】).
    pub drill_marked: bool,
}

/// Reads the first sheet of `path` that has a ledger header. Items without a 上报人 get
/// `reporter` (the importing operator).
pub fn read(path: &Path, reporter: &str) -> Result<LedgerRead, ImportError> {
    let grids = sheet::read_all(path)?;
    for grid in &grids {
        if let Some(header_row) = find_header(grid) {
            return parse(grid, header_row, reporter);
        }
    }
    Err(ImportError::file(
        path,
        "no sheet has a ledger header row (序号, 重点隐患, 隐患内容, 检查日期, 整改措施, 责任单位, 督办, 整改时限, 备注)",
    ))
}

/// The first row (of the first 30) naming 重点隐患 and at least two other ledger columns.
fn find_header(g: &Grid) -> Option<u32> {
    (0..g.height().min(30)).find(|&r| {
        let cols: Vec<Col> = (0..g.width()).filter_map(|c| column_for(&g.get(r, c).text())).collect();
        let title = cols.contains(&Col::Title);
        let known = [Col::Seq, Col::Content, Col::FoundOn, Col::Measures, Col::Responsible, Col::Deadline, Col::Remark];
        let enough = cols.iter().filter(|c| known.contains(c)).count() >= 2;
        let supervision = (0..g.width()).any(|c| normalise(&g.get(r, c).text()) == SUPERVISION);
        title && (enough || supervision)
    })
}

/// Header texts per column: a second header row below a group (督办 over 县市区 | 市级专委会)
/// gives `督办（县市区）`.
fn headers(g: &Grid, hr: u32) -> (Vec<String>, u32) {
    let width = g.width();
    let top: Vec<String> = (0..width).map(|c| g.shown(hr, c).text().trim().to_string()).collect();
    let next = hr + 1;
    let is_group = |c: u32| {
        g.merge_at(hr, c).is_some_and(|m| m.first_col != m.last_col)
            || top.get(c as usize).is_some_and(|t| t.is_empty() || normalise(t) == SUPERVISION)
    };
    let title_col = (0..width).find(|&c| column_for(&top[c as usize]) == Some(Col::Title));
    let next_cells: Vec<(u32, String)> = (0..width)
        .filter(|&c| g.merge_at(next, c).is_none_or(|m| m.first_row == next))
        .map(|c| (c, g.get(next, c).text().trim().to_string()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let sub_header = !next_cells.is_empty()
        && title_col.is_none_or(|t| g.get(next, t).is_empty())
        && next_cells.iter().all(|(c, _)| is_group(*c));
    if !sub_header {
        return (top, next);
    }
    let mut out = top.clone();
    let mut group = String::new();
    for c in 0..width {
        let t = top[c as usize].clone();
        if !t.is_empty() {
            group = t.clone();
        }
        if let Some((_, sub)) = next_cells.iter().find(|(nc, _)| *nc == c) {
            let above = if t.is_empty() { group.clone() } else { t };
            out[c as usize] =
                if above.is_empty() || above == *sub { sub.clone() } else { format!("{above}（{sub}）") };
        }
    }
    (out, next + 1)
}

/// Text rows as kept in the ledger setting: each row's cell texts, trailing blanks dropped.
fn row_texts(g: &Grid, r: u32) -> Vec<String> {
    let mut v: Vec<String> = (0..g.width())
        .map(|c| {
            if g.merge_at(r, c).is_some_and(|m| (m.first_row, m.first_col) != (r, c)) {
                String::new()
            } else {
                g.get(r, c).text()
            }
        })
        .collect();
    while v.last().is_some_and(String::is_empty) {
        v.pop();
    }
    v
}

fn parse(g: &Grid, hr: u32, reporter: &str) -> Result<LedgerRead, ImportError> {
    let (header_texts, first_data) = headers(g, hr);
    let mut cols: HashMap<Col, u32> = HashMap::new();
    let mut extra: Vec<(u32, String)> = Vec::new();
    for (c, h) in header_texts.iter().enumerate() {
        let c = u32::try_from(c).unwrap_or(u32::MAX);
        match column_for(h) {
            Some(Col::Overdue) => {}
            Some(col) => {
                if cols.insert(col, c).is_some() {
                    return Err(g.error(hr, c, h, "the column appears twice"));
                }
            }
            None => {
                let any_data = (first_data..g.height()).any(|r| !g.get(r, c).is_empty());
                if !h.is_empty() || any_data {
                    let name = if h.is_empty() { format!("{}列", super::record::column_letter(c)) } else { h.clone() };
                    extra.push((c, name));
                }
            }
        }
    }

    // Title and lines above the header.
    let mut title = None;
    let mut preamble = Vec::new();
    for r in 0..hr {
        let texts = row_texts(g, r);
        if texts.iter().all(String::is_empty) {
            continue;
        }
        if title.is_none() && preamble.is_empty() {
            title = texts.iter().find(|t| !t.is_empty()).cloned();
        } else {
            preamble.push(texts);
        }
    }
    let mut drill_marked = title.as_deref().is_some_and(drill_mode::is_marked);
    let title = title.map(|t| drill_mode::unmark(&t).to_string());

    let mut rows = Vec::new();
    let mut footer = Vec::new();
    let mut stated_summary = None;
    let mut section: Option<String> = None;
    let at = |c: Col| cols.get(&c).copied();
    for r in first_data..g.height() {
        let texts = row_texts(g, r);
        let first = texts.iter().find(|t| !t.trim().is_empty());
        let Some(first) = first else { continue };
        if let Some(s) = LedgerSummary::parse_line(first) {
            drill_marked |= drill_mode::is_marked(first);
            stated_summary = Some(s);
            continue;
        }
        if stated_summary.is_some() {
            footer.push(texts);
            continue;
        }
        // A section heading: one text in the row, merged across it or with no title or content.
        let blank = |c: Option<u32>| c.is_none_or(|c| g.get(r, c).is_empty());
        let non_empty = (0..g.width()).filter(|&c| !g.get(r, c).is_empty()).count();
        let merged_across = (0..g.width()).any(|c| {
            g.merge_at(r, c).is_some_and(|m| m.first_row == r && m.last_row == r && m.last_col >= m.first_col + 2)
        });
        if non_empty == 1 && (merged_across || (blank(at(Col::Title)) && blank(at(Col::Content)))) {
            section = Some(first.trim().to_string());
            continue;
        }
        let mut row = read_row(g, r, &cols, reporter)?;
        for (c, name) in &extra {
            let v = g.shown(r, *c).text();
            if !v.is_empty() {
                row.item.extra.push((name.clone(), v));
            }
        }
        if let Some(s) = &section {
            row.item.extra.push((SECTION_KEY.to_string(), s.clone()));
        }
        rows.push(row);
    }
    Ok(LedgerRead {
        sheet: g.sheet.clone(),
        title,
        preamble,
        footer,
        extra_columns: extra.into_iter().map(|(_, n)| n).collect(),
        rows,
        stated_summary,
        drill_marked,
    })
}

/// Reads one data row into an item.
fn read_row(g: &Grid, r: u32, cols: &HashMap<Col, u32>, reporter: &str) -> Result<LedgerRow, ImportError> {
    let cell = |c: Col| cols.get(&c).map(|&ci| (ci, g.shown(r, ci)));
    let text = |c: Col| cell(c).map(|(_, v)| v.text().trim().to_string()).unwrap_or_default();
    // A rule about a column the sheet lacks is reported at the status (or title) cell.
    let err = |c: Col, message: String| {
        let (ci, header) = [c, Col::Status, Col::Title]
            .iter()
            .find_map(|k| cols.get(k).map(|ci| (*ci, def(*k).header)))
            .unwrap_or((0, def(c).header));
        g.error(r, ci, header, message)
    };
    let opt = |c: Col| Some(text(c)).filter(|t| !t.is_empty());

    let title = text(Col::Title);
    if title.is_empty() {
        return Err(err(Col::Title, "is empty: every item needs its 重点隐患".into()));
    }
    let mut item = HazardItem::new(title, opt(Col::Reporter).unwrap_or_else(|| reporter.to_string()));
    item.seq = text(Col::Seq);
    item.content = text(Col::Content);
    item.measures = text(Col::Measures);
    item.responsible = text(Col::Responsible);
    item.supervisor_county = text(Col::SuperviseCounty);
    item.supervisor_city = text(Col::SuperviseCity);
    item.remark = text(Col::Remark);
    item.code = opt(Col::Code);
    item.illustrative = match opt(Col::Illustrative).as_deref() {
        None | Some("否" | "0" | "false" | "FALSE" | "False") => false,
        Some("是" | "1" | "true" | "TRUE" | "True" | "示意") => true,
        Some(other) => return Err(err(Col::Illustrative, format!("\"{other}\" is not 是 or 否"))),
    };
    item.district = opt(Col::District);

    item.found_on = match cell(Col::FoundOn) {
        None => LedgerDate::none(),
        Some((_, v)) => match ledger_date_of(v, PeriodEnd::Start, None) {
            Ok(LedgerDate { date: None, written: Some(w) }) => {
                return Err(err(
                    Col::FoundOn,
                    format!("\"{w}\" is not a date; write it like {}", ledger_date::ACCEPTED_FORMS),
                ));
            }
            Ok(d) => d,
            Err(m) => return Err(err(Col::FoundOn, m)),
        },
    };
    let found_year = item.found_on.date.map(|d| d.year());
    item.deadline = match cell(Col::Deadline) {
        None => LedgerDate::none(),
        Some((_, v)) => ledger_date_of(v, PeriodEnd::End, found_year).map_err(|m| err(Col::Deadline, m))?,
    };
    if item.deadline.date.is_none()
        && let Some(w) = &item.deadline.written
        && ledger_date::parse(w, PeriodEnd::End, found_year) == Some(DateMeaning::Immediately)
    {
        item.deadline.date = item.found_on.date;
        if item.deadline.date.is_none() {
            return Err(err(Col::Deadline, format!("\"{w}\" is due on the check date, but 检查日期 is empty")));
        }
    }

    if let Some(g) = opt(Col::Grade) {
        item.grade = Some(SupervisionGrade::parse(&g).map_err(|e| err(Col::Grade, e.to_string()))?);
    }
    if let Some(s) = opt(Col::Status) {
        item.status = HazardStatus::parse(&s).map_err(|e| err(Col::Status, e.to_string()))?;
    }
    let plain_date = |c: Col| -> Result<Option<NaiveDate>, ImportError> {
        match cell(c) {
            None => Ok(None),
            Some((_, v)) => {
                let d = ledger_date_of(v, PeriodEnd::Start, found_year).map_err(|m| err(c, m))?;
                match (d.date, d.written) {
                    (None, Some(w)) => Err(err(c, format!("\"{w}\" is not a date; write it like 2024-03-05"))),
                    (date, _) => Ok(date),
                }
            }
        }
    };
    item.rectified_on = plain_date(Col::RectifiedOn)?;
    item.closed_on = plain_date(Col::ClosedOn)?;
    item.closed_by = opt(Col::ClosedBy);

    let inspectors = opt(Col::Inspectors);
    let reinspected_on = plain_date(Col::ReinspectedOn)?;
    let result = opt(Col::ReinspectionResult);
    if inspectors.is_some() || reinspected_on.is_some() || result.is_some() {
        let (Some(inspectors), Some(on), Some(result)) = (inspectors, reinspected_on, result) else {
            let missing = [
                (Col::Inspectors, opt(Col::Inspectors).is_none()),
                (Col::ReinspectedOn, reinspected_on.is_none()),
                (Col::ReinspectionResult, opt(Col::ReinspectionResult).is_none()),
            ];
            let (c, _) = missing.iter().find(|(_, m)| *m).copied().unwrap_or((Col::Inspectors, true));
            return Err(err(c, "is empty: a re-inspection needs 复查人员, 复查日期 and 复查结果".into()));
        };
        let passed = !FAILED_WORDS.iter().any(|w| result.contains(w));
        item.reinspections.push(Reinspection { inspectors, on, result, passed });
    }
    if item.status != HazardStatus::Closed && (item.closed_on.is_some() || item.closed_by.is_some()) {
        return Err(err(Col::Status, format!("is {} but 销号日期/销号人 are filled in", item.status)));
    }
    if let Err(e) = item.check_consistent() {
        let c = match e.field() {
            "reinspection" => Col::Inspectors,
            "closed_by" | "closed_by (销号人)" => Col::ClosedBy,
            _ => Col::Status,
        };
        return Err(err(c, format!("{} item: {e}", item.status)));
    }

    let lon = cell(Col::Lon).map(|(_, v)| v.clone()).unwrap_or(Cell::Empty);
    let lat = cell(Col::Lat).map(|(_, v)| v.clone()).unwrap_or(Cell::Empty);
    match (number(&lon), number(&lat)) {
        (None, None) if lon.is_empty() && lat.is_empty() => {}
        (Some(x), Some(y)) => {
            let p = LonLat::new(x, y);
            if let Some(problem) = p.problem() {
                return Err(err(Col::Lon, problem));
            }
            item.location = Some(p);
        }
        (None, _) if !lon.is_empty() => return Err(err(Col::Lon, format!("\"{}\" is not a number", lon.text()))),
        (_, None) if !lat.is_empty() => return Err(err(Col::Lat, format!("\"{}\" is not a number", lat.text()))),
        (None, _) => return Err(err(Col::Lon, "is empty but 纬度 is given".into())),
        (_, None) => return Err(err(Col::Lat, "is empty but 经度 is given".into())),
    }

    for line in text(Col::Progress).lines().map(str::trim).filter(|l| !l.is_empty()) {
        item.entries.push(progress_entry(line));
    }
    item.attachments =
        text(Col::Attachments).lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();

    let enterprise = opt(Col::Enterprise).map(|t| {
        let c = cols.get(&Col::Enterprise).copied().unwrap_or(0);
        (t, g.locate(r, c))
    });
    Ok(LedgerRow { location: g.locate(r, cols.get(&Col::Title).copied().unwrap_or(0)), item, enterprise })
}

fn number(c: &Cell) -> Option<f64> {
    match c {
        Cell::Number(n) => Some(*n),
        Cell::Text(t) => t.trim().parse().ok(),
        _ => None,
    }
}

/// A date cell as a [`LedgerDate`]: date values as dates; text parsed but kept as written
/// (unless it is the plain `YYYY-MM-DD` OneMap writes); unparseable text kept with no date.
fn ledger_date_of(v: &Cell, end: PeriodEnd, year: Option<i32>) -> Result<LedgerDate, String> {
    Ok(match v {
        Cell::Empty => LedgerDate::none(),
        Cell::Date(d) => LedgerDate::on(*d),
        Cell::DateTime(d) => LedgerDate::on(d.date()),
        Cell::Number(n) => {
            let t = sheet::number_text(*n);
            match ledger_date::parse(&t, end, year) {
                Some(DateMeaning::Date(d)) => LedgerDate { date: Some(d), written: Some(t) },
                _ => return Err(format!("the number {t} is not a date; type the date or format the cell as a date")),
            }
        }
        Cell::Text(t) if t.trim().is_empty() => LedgerDate::none(),
        other => {
            let t = other.text().trim().to_string();
            match ledger_date::parse(&t, end, year) {
                Some(DateMeaning::Date(d)) if d.format("%Y-%m-%d").to_string() == t => LedgerDate::on(d),
                Some(DateMeaning::Date(d)) => LedgerDate { date: Some(d), written: Some(t) },
                Some(DateMeaning::Open | DateMeaning::Immediately) => LedgerDate { date: None, written: Some(t) },
                None if end == PeriodEnd::End => {
                    return Err(format!(
                        "\"{t}\" is not a deadline OneMap can read; write it like {}",
                        ledger_date::ACCEPTED_FORMS
                    ));
                }
                None => LedgerDate { date: None, written: Some(t) },
            }
        }
    })
}

/// A line of the progress column: `2024-03-08 已制定方案`, or `2024-07-02 【升级督办】…`.
fn progress_entry(line: &str) -> ProgressEntry {
    let (date, rest) = match line.split_once(char::is_whitespace) {
        Some((head, rest)) => match ledger_date::parse(head, PeriodEnd::Start, None) {
            Some(DateMeaning::Date(d)) => (Some(d), rest.trim()),
            _ => (None, line),
        },
        None => (None, line),
    };
    let (kind, text) = match rest.strip_prefix(ESCALATION_TAG) {
        Some(t) => (EntryKind::Escalation, t.trim()),
        None => (EntryKind::Progress, rest),
    };
    ProgressEntry { kind, on: date, text: text.to_string(), by: String::new() }
}

fn progress_line(e: &ProgressEntry) -> String {
    let tag = if e.kind == EntryKind::Escalation { ESCALATION_TAG } else { "" };
    match e.on {
        Some(d) => format!("{} {tag}{}", d.format("%Y-%m-%d"), e.text),
        None => format!("{tag}{}", e.text),
    }
}

/// What to write: the items, the day overdue is judged on, and the sheet's own layout.
pub struct LedgerExport<'a> {
    pub items: &'a [HazardItem],
    /// "Today" in the project's zone, for the 逾期情况 column.
    pub today: NaiveDate,
    pub title: &'a str,
    pub preamble: &'a [Vec<String>],
    pub footer: &'a [Vec<String>],
    /// Columns kept from imported sheets, written after OneMap's even when empty.
    pub extra_columns: &'a [String],
    /// Enterprise names by id, for the 所在企业 column.
    pub enterprise_names: &'a HashMap<FeatureId, String>,
    pub mark: ExportMark,
}

fn date_cell(d: &LedgerDate) -> Cell {
    match (&d.written, d.date) {
        (Some(w), _) => Cell::Text(w.clone()),
        (None, Some(d)) => Cell::Date(d),
        (None, None) => Cell::Empty,
    }
}

fn text_cell(s: &str) -> Cell {
    if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }
}

/// The value of one column for one item.
fn value(col: Col, item: &HazardItem, index: usize, x: &LedgerExport) -> Cell {
    let last = item.reinspections.last();
    let opt_date = |d: Option<NaiveDate>| d.map_or(Cell::Empty, Cell::Date);
    match col {
        Col::Seq if item.seq.is_empty() => Cell::Number((index + 1) as f64),
        Col::Seq => {
            item.seq.parse::<u32>().map_or_else(|_| Cell::Text(item.seq.clone()), |n| Cell::Number(f64::from(n)))
        }
        Col::Title => text_cell(&item.title),
        Col::Content => text_cell(&item.content),
        Col::FoundOn => date_cell(&item.found_on),
        Col::Measures => text_cell(&item.measures),
        Col::Responsible => text_cell(&item.responsible),
        Col::SuperviseCounty => text_cell(&item.supervisor_county),
        Col::SuperviseCity => text_cell(&item.supervisor_city),
        Col::Deadline => date_cell(&item.deadline),
        Col::Remark => text_cell(&item.remark),
        Col::Grade => item.grade.map_or(Cell::Empty, |g| Cell::Text(g.zh().into())),
        Col::Status => Cell::Text(item.status.zh().into()),
        Col::Overdue => item.days_overdue(x.today).map_or(Cell::Empty, |d| Cell::Text(format!("逾期{d}天"))),
        Col::District => item.district.as_deref().map_or(Cell::Empty, text_cell),
        Col::Enterprise => item.enterprise.map_or(Cell::Empty, |id| {
            Cell::Text(x.enterprise_names.get(&id).cloned().unwrap_or_else(|| id.to_string()))
        }),
        Col::Lon => item.location.map_or(Cell::Empty, |p| Cell::Number(p.lon)),
        Col::Lat => item.location.map_or(Cell::Empty, |p| Cell::Number(p.lat)),
        Col::Reporter => text_cell(&item.reported_by),
        Col::RectifiedOn => opt_date(item.rectified_on),
        Col::Inspectors => last.map_or(Cell::Empty, |r| text_cell(&r.inspectors)),
        Col::ReinspectedOn => opt_date(last.map(|r| r.on)),
        Col::ReinspectionResult => last.map_or(Cell::Empty, |r| text_cell(&r.result)),
        Col::ClosedOn => opt_date(item.closed_on),
        Col::ClosedBy => item.closed_by.as_deref().map_or(Cell::Empty, text_cell),
        Col::Progress => text_cell(&item.entries.iter().map(progress_line).collect::<Vec<_>>().join("\n")),
        Col::Attachments => text_cell(&item.attachments.join("\n")),
        Col::Code => item.code.as_deref().map_or(Cell::Empty, text_cell),
        Col::Illustrative => text_cell(if item.illustrative { "是" } else { "" }),
    }
}

/// Writes the ledger to `path` (.xlsx), ending with the summary line.
pub fn write(path: &Path, x: &LedgerExport) -> Result<(), ExportError> {
    let s = Styles::default();
    let e = xlsx_out::err(path);
    let mut extra: Vec<String> = x.extra_columns.iter().filter(|c| c.as_str() != SECTION_KEY).cloned().collect();
    for item in x.items {
        for (k, _) in &item.extra {
            if k != SECTION_KEY && !extra.contains(k) {
                extra.push(k.clone());
            }
        }
    }
    let n_cols = COLUMNS.len() + extra.len();
    let last_col = u16::try_from(n_cols.saturating_sub(1)).unwrap_or(u16::MAX);
    let mut wb = Workbook::new();
    let ws = xlsx_out::add_sheet(&mut wb, "重点隐患整改台账", x.mark, path)?;

    let mut row = 0u32;
    xlsx_out::merged_line(ws, row, last_col, x.title, &s.title, x.mark, path)?;
    ws.set_row_height(row, 30).map_err(&e)?;
    row += 1;
    for line in x.preamble {
        for (c, t) in line.iter().enumerate() {
            if !t.is_empty() {
                ws.write_string(row, u16::try_from(c).unwrap_or(u16::MAX), t).map_err(&e)?;
            }
        }
        row += 1;
    }

    // Two header rows: grouped columns under a merged group cell, the others merged down.
    let (h1, h2) = (row, row + 1);
    let mut c = 0usize;
    while c < COLUMNS.len() {
        let d = &COLUMNS[c];
        let col = u16::try_from(c).unwrap_or(u16::MAX);
        ws.set_column_width(col, d.width).map_err(&e)?;
        match d.group {
            Some(group) => {
                let span = COLUMNS[c..].iter().take_while(|x| x.group == Some(group)).count();
                let last = col + u16::try_from(span - 1).unwrap_or(0);
                ws.merge_range(h1, col, h1, last, group, &s.header).map_err(&e)?;
                for (i, sub) in COLUMNS[c..c + span].iter().enumerate() {
                    let sc = col + u16::try_from(i).unwrap_or(0);
                    ws.set_column_width(sc, sub.width).map_err(&e)?;
                    ws.write_string_with_format(h2, sc, sub.header, &s.header).map_err(&e)?;
                }
                c += span;
            }
            None => {
                ws.merge_range(h1, col, h2, col, d.header, &s.header).map_err(&e)?;
                c += 1;
            }
        }
    }
    for (i, name) in extra.iter().enumerate() {
        let col = u16::try_from(COLUMNS.len() + i).unwrap_or(u16::MAX);
        ws.set_column_width(col, 14.0).map_err(&e)?;
        ws.merge_range(h1, col, h2, col, name, &s.header).map_err(&e)?;
    }
    ws.set_freeze_panes(h2 + 1, 3).map_err(&e)?;
    row = h2 + 1;

    let overdue_fmt = s.text.clone().set_font_color(Color::RGB(0xC00000)).set_bold();
    let mut section: Option<&str> = None;
    for (index, item) in x.items.iter().enumerate() {
        let item_section = item.extra.iter().find(|(k, _)| k == SECTION_KEY).map(|(_, v)| v.as_str());
        if item_section.is_some() && item_section != section {
            let fmt = s.text.clone().set_bold();
            ws.merge_range(row, 0, row, last_col, item_section.unwrap_or(""), &fmt).map_err(&e)?;
            row += 1;
        }
        section = item_section;
        for (c, d) in COLUMNS.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            let v = value(d.col, item, index, x);
            match (d.col, &v) {
                (Col::Overdue, Cell::Text(t)) => {
                    ws.write_string_with_format(row, col, t, &overdue_fmt).map_err(&e)?;
                }
                (Col::Grade, Cell::Text(t)) => {
                    let [r, g, b] = item.grade.map_or([0xFF; 3], SupervisionGrade::rgb);
                    let fmt = s.text.clone().set_background_color(Color::RGB(u32::from_be_bytes([0, r, g, b])));
                    ws.write_string_with_format(row, col, t, &fmt).map_err(&e)?;
                }
                _ => xlsx_out::write_cell(ws, row, col, &v, &s, path)?,
            }
        }
        for (i, name) in extra.iter().enumerate() {
            let col = u16::try_from(COLUMNS.len() + i).unwrap_or(u16::MAX);
            let v = item.extra.iter().find(|(k, _)| k == name).map_or(Cell::Empty, |(_, v)| Cell::Text(v.clone()));
            xlsx_out::write_cell(ws, row, col, &v, &s, path)?;
        }
        row += 1;
    }
    for line in x.footer {
        for (c, t) in line.iter().enumerate() {
            if !t.is_empty() {
                ws.write_string(row, u16::try_from(c).unwrap_or(u16::MAX), t).map_err(&e)?;
            }
        }
        row += 1;
    }
    let summary = LedgerSummary::of(x.items).line();
    xlsx_out::merged_line(ws, row, last_col, &summary, &s.closing, x.mark, path)?;
    xlsx_out::save(&mut wb, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_written_grouped_and_alias_forms() {
        assert_eq!(column_for("序 号"), Some(Col::Seq));
        assert_eq!(column_for("督办（县市区）"), Some(Col::SuperviseCounty));
        assert_eq!(column_for("督办(市级专委会)"), Some(Col::SuperviseCity));
        assert_eq!(column_for("整改\n时限"), Some(Col::Deadline));
        assert_eq!(column_for("县市区"), None, "bare sub-header only counts under 督办");
        assert_eq!(column_for("联系电话"), None);
    }

    #[test]
    fn progress_lines_round_trip() {
        let e = progress_entry("2024-07-02 【升级督办】挂牌等级 蓝 → 黄");
        assert_eq!(e.kind, EntryKind::Escalation);
        assert_eq!(e.on, NaiveDate::from_ymd_opt(2024, 7, 2));
        assert_eq!(progress_line(&e), "2024-07-02 【升级督办】挂牌等级 蓝 → 黄");
        let free = progress_entry("正在整改");
        assert_eq!((free.on, free.kind), (None, EntryKind::Progress));
        assert_eq!(progress_line(&free), "正在整改");
    }
}

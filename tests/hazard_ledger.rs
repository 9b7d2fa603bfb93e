//! The hazard ledger sheet: a Shiyan-layout workbook (merged title, two-row header with 督办 over
//! 县市区 | 市级专委会, Chinese text, date cells and date texts, a merged 责任单位, a section row,
//! a column OneMap does not know, the closing summary line) imported and exported back without
//! losing a cell; GBK CSV in; bad cells named and nothing written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use onemap::actions::hazards::{export_ledger, import_ledger};
use onemap::io::sheet::{Cell, Grid, read_all};
use onemap::model::hazard::{HazardStatus, SupervisionGrade};
use onemap::store::{AuditQuery, Project};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn project(dir: &Path, name: &str) -> Project {
    let mut p = Project::create(&dir.join(name)).unwrap();
    p.set_operator("导入员");
    p
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-07-15T02:00:00Z").unwrap().with_timezone(&Utc)
}

const TITLE: &str = "十堰市重点隐患问题动态整改台账（示意）";
const PREAMBLE: &str = "填报单位：市安委办（示意）";
const HEADER: [&str; 10] =
    ["序号", "重点隐患", "隐患内容", "检查日期", "整改措施", "责任单位", "督办", "", "整改时限", "备注"];

/// Writes the reference workbook the way the city's ledger is laid out.
fn shiyan_workbook(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("台账").unwrap();
    let date = Format::new().set_num_format("yyyy年m月d日");
    ws.merge_range(0, 0, 0, 10, TITLE, &Format::new()).unwrap();
    ws.write_string(1, 0, PREAMBLE).unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        let c = c as u16;
        match c {
            6 => {
                ws.merge_range(2, 6, 2, 7, "督办", &Format::new()).unwrap();
            }
            7 => {}
            _ => {
                ws.merge_range(2, c, 3, c, h, &Format::new()).unwrap();
            }
        }
    }
    ws.write_string(3, 6, "县市区").unwrap();
    ws.write_string(3, 7, "市级专委会").unwrap();
    ws.merge_range(2, 10, 3, 10, "联系电话", &Format::new()).unwrap();
    ws.merge_range(4, 0, 4, 10, "一、危化品领域", &Format::new()).unwrap();
    let d = |y, m, day| ExcelDateTime::from_ymd(y, m, day).unwrap();
    // Item 1: date cells, merged 责任单位 shared with item 2.
    ws.write_number(5, 0, 1).unwrap();
    ws.write_string(5, 1, "液氨储罐区").unwrap();
    ws.write_string(5, 2, "储罐区可燃气体报警器未与紧急切断阀联锁；\n围堰破损").unwrap();
    ws.write_datetime_with_format(5, 3, d(2024, 3, 5), &date).unwrap();
    ws.write_string(5, 4, "增设联锁，修复围堰").unwrap();
    ws.merge_range(5, 5, 6, 5, "郧阳区应急管理局", &Format::new()).unwrap();
    ws.write_string(5, 6, "郧阳区安委办").unwrap();
    ws.write_string(5, 7, "市危化品安全专委会").unwrap();
    ws.write_datetime_with_format(5, 8, d(2024, 6, 30), &date).unwrap();
    ws.write_string(5, 10, "0719-8888888").unwrap();
    // Item 2: text dates.
    ws.write_number(6, 0, 2).unwrap();
    ws.write_string(6, 1, "加油站卸油区").unwrap();
    ws.write_string(6, 2, "静电接地装置失效").unwrap();
    ws.write_string(6, 3, "2024.4.2").unwrap();
    ws.write_string(6, 4, "更换接地装置").unwrap();
    ws.write_string(6, 6, "郧阳区安委办").unwrap();
    ws.write_string(6, 8, "2024年8月底").unwrap();
    ws.write_string(6, 9, "已约谈企业负责人").unwrap();
    ws.merge_range(7, 0, 7, 10, "二、城镇燃气领域", &Format::new()).unwrap();
    // Item 3: 立即整改 and a remark; item 4: 长期坚持.
    ws.write_number(8, 0, 3).unwrap();
    ws.write_string(8, 1, "老旧小区燃气管道").unwrap();
    ws.write_string(8, 2, "立管锈蚀严重").unwrap();
    ws.write_datetime_with_format(8, 3, d(2024, 5, 10), &date).unwrap();
    ws.write_string(8, 4, "更换立管").unwrap();
    ws.write_string(8, 5, "茅箭区住建局").unwrap();
    ws.write_string(8, 8, "立即整改").unwrap();
    ws.write_number(9, 0, 4).unwrap();
    ws.write_string(9, 1, "燃气企业调压站").unwrap();
    ws.write_string(9, 2, "巡检记录不全").unwrap();
    ws.write_datetime_with_format(9, 3, d(2024, 5, 11), &date).unwrap();
    ws.write_string(9, 5, "十堰市燃气公司（示意）").unwrap();
    ws.write_string(9, 7, "市城镇燃气安全专委会").unwrap();
    ws.write_string(9, 8, "长期坚持").unwrap();
    ws.merge_range(10, 0, 10, 10, "检查发现重点隐患问题4个，已整改完成0个，已销号0个", &Format::new()).unwrap();
    wb.save(path).unwrap();
}

/// The sheet's items as (序号 → header → cell), headers composed like 督办（县市区）.
fn cells_by_header(g: &Grid, header_row: u32, sub_row: u32) -> HashMap<String, HashMap<String, Cell>> {
    let mut headers = Vec::new();
    for c in 0..g.width() {
        let top = g.shown(header_row, c).text();
        let sub = g.get(sub_row, c).text();
        if g.merge_at(header_row, c).is_some_and(|m| m.first_col != m.last_col) && !sub.is_empty() {
            headers.push(format!("{top}（{sub}）"));
        } else {
            headers.push(top);
        }
    }
    let mut out = HashMap::new();
    for r in sub_row + 1..g.height() {
        let seq = g.get(r, 0).text();
        if seq.is_empty() || g.merge_at(r, 0).is_some_and(|m| m.last_col > m.first_col) {
            continue;
        }
        let row: HashMap<String, Cell> =
            headers.iter().enumerate().map(|(c, h)| (h.clone(), g.shown(r, c as u32).clone())).collect();
        out.insert(seq, row);
    }
    out
}

fn last_text_row(g: &Grid) -> String {
    (0..g.height()).rev().map(|r| g.get(r, 0).text()).find(|t| !t.is_empty()).unwrap_or_default()
}

#[test]
fn a_shiyan_ledger_round_trips_without_losing_a_cell() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("十堰台账.xlsx");
    shiyan_workbook(&original);

    let mut p = project(dir.path(), "a.gpkg");
    let summary = import_ledger(&mut p, &original).unwrap();
    assert_eq!(summary.imported, 4);
    assert!(!summary.summary_mismatch(), "{summary:?}");
    let items = p.hazards().unwrap();
    assert_eq!(items[0].responsible, "郧阳区应急管理局");
    assert_eq!(items[1].responsible, "郧阳区应急管理局", "a merged cell applies to every row it spans");
    assert_eq!(items[1].deadline.date, NaiveDate::from_ymd_opt(2024, 8, 31));
    assert_eq!(items[1].deadline.written.as_deref(), Some("2024年8月底"));
    assert_eq!(items[2].deadline.date, NaiveDate::from_ymd_opt(2024, 5, 10), "立即整改: due on the check date");
    assert_eq!(items[3].deadline.date, None, "长期坚持 has no deadline");
    assert_eq!(items[0].supervisor_city, "市危化品安全专委会");
    assert_eq!(items[0].reported_by, "导入员");

    let exported = dir.path().join("导出.xlsx");
    let out = export_ledger(&p, &exported, now()).unwrap();
    assert_eq!(out.overdue, 2, "items 1 and 3 are past their deadline on 2024-07-15 in Beijing");

    let a = read_all(&original).unwrap().remove(0);
    let b = read_all(&exported).unwrap().remove(0);
    assert_eq!(b.get(0, 0).text(), TITLE, "title row");
    assert_eq!(b.get(1, 0).text(), PREAMBLE, "the line under the title");
    let before = cells_by_header(&a, 2, 3);
    let after = cells_by_header(&b, 2, 3);
    assert_eq!(before.len(), 4);
    for (seq, row) in &before {
        let out = after.get(seq).unwrap_or_else(|| panic!("item {seq} missing"));
        for (header, cell) in row {
            assert_eq!(out.get(header), Some(cell), "item {seq}, column {header}");
        }
    }
    let sections: Vec<String> = (0..b.height()).map(|r| b.get(r, 0).text()).filter(|t| t.contains("领域")).collect();
    assert_eq!(sections, vec!["一、危化品领域", "二、城镇燃气领域"]);
    assert_eq!(last_text_row(&b), "检查发现重点隐患问题4个，已整改完成0个，已销号0个");

    // And back in: the same items.
    let mut q = project(dir.path(), "b.gpkg");
    import_ledger(&mut q, &exported).unwrap();
    assert_eq!(q.hazards().unwrap(), items);
}

#[test]
fn lifecycle_fields_survive_export_and_import() {
    use onemap::model::hazard::Reinspection;
    use onemap::store::hazards::HazardStep;
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("ledger.xlsx");
    shiyan_workbook(&original);
    let mut p = project(dir.path(), "a.gpkg");
    import_ledger(&mut p, &original).unwrap();
    let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap();
    p.write(|w| {
        w.hazard_step(1, &HazardStep::Progress { on: day(3, 12), text: "已制定整改方案".into() })?;
        w.hazard_step(1, &HazardStep::Rectified { on: day(6, 20) })?;
        w.hazard_step(
            1,
            &HazardStep::Reinspect(Reinspection {
                inspectors: "李四、王五".into(),
                on: day(6, 25),
                result: "整改到位".into(),
                passed: true,
            }),
        )?;
        w.hazard_step(
            2,
            &HazardStep::Escalate {
                on: day(7, 2),
                grade: Some(SupervisionGrade::Yellow),
                to_city: None,
                note: "逾期".into(),
            },
        )
    })
    .unwrap();
    p.set_operator("销号员");
    p.write(|w| w.hazard_step(1, &HazardStep::Close { on: day(6, 26) })).unwrap();
    let items = p.hazards().unwrap();
    assert_eq!(items[0].status, HazardStatus::Closed);
    let exported = dir.path().join("out.xlsx");
    export_ledger(&p, &exported, now()).unwrap();
    let b = read_all(&exported).unwrap().remove(0);
    assert_eq!(last_text_row(&b), "检查发现重点隐患问题4个，已整改完成1个，已销号1个");
    let mut q = project(dir.path(), "b.gpkg");
    import_ledger(&mut q, &exported).unwrap();
    let back = q.hazards().unwrap();
    assert_eq!(back[0].status, HazardStatus::Closed);
    assert_eq!(back[0].closed_by.as_deref(), Some("销号员"));
    assert_eq!(back[0].reinspections, items[0].reinspections);
    assert_eq!(back[0].entries.len(), 1);
    assert_eq!(back[0].entries[0].text, "已制定整改方案");
    assert_eq!(back[1].grade, Some(SupervisionGrade::Yellow));
    assert!(back[1].last_escalation().is_some());
}

fn write_gbk(path: &Path, text: &str) {
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn gbk_csv_in() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("台账.csv");
    write_gbk(
        &csv,
        "重点隐患问题动态整改台账,,,,,,,,,\r\n\
         序号,重点隐患,隐患内容,检查日期,整改措施,责任单位,督办（县市区）,督办（市级专委会）,整改时限,备注\r\n\
         1,粉尘涉爆车间,除尘系统未设置泄爆装置,2024/3/5,加装泄爆片,张湾区应急局,张湾区安委办,,2024年5月31日前,\r\n\
         2,有限空间作业,未设置警示标识,2024年3月6日,设置警示标识,茅箭区应急局,,,立即整改,\r\n\
         检查发现重点隐患问题2个，已整改完成0个，已销号0个,,,,,,,,,\r\n",
    );
    let mut p = project(dir.path(), "p.gpkg");
    let s = import_ledger(&mut p, &csv).unwrap();
    assert_eq!((s.imported, s.title.as_deref()), (2, Some("重点隐患问题动态整改台账")));
    let items = p.hazards().unwrap();
    assert_eq!(items[0].title, "粉尘涉爆车间");
    assert_eq!(items[0].supervisor_county, "张湾区安委办");
    assert_eq!(items[0].deadline.date, NaiveDate::from_ymd_opt(2024, 5, 31));
    assert_eq!(items[1].deadline.date, NaiveDate::from_ymd_opt(2024, 3, 6));
}

fn audit_count(p: &Project) -> usize {
    p.audit(&AuditQuery::default()).unwrap().len()
}

/// Each bad file names the file, the cell and the column, and leaves the project untouched.
#[test]
fn bad_cells_are_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(PathBuf, &str, &str)> = vec![
        (
            dir.path().join("bad-date.csv"),
            "序号,重点隐患,检查日期,整改时限\n1,储罐区,2024-03-05,2024-06-30\n2,仓库,三月五日,2024-06-30\n",
            "line 3, column 3",
        ),
        (
            dir.path().join("bad-deadline.csv"),
            "序号,重点隐患,检查日期,整改时限\n1,储罐区,2024-03-05,尽快\n",
            "line 2, column 4",
        ),
        (
            dir.path().join("closed-without-reinspection.csv"),
            "序号,重点隐患,隐患内容,整改状态,销号人\n1,储罐区,围堰破损,已销号,李四\n",
            "line 2, column 4",
        ),
        (
            dir.path().join("closed-by-reporter.csv"),
            "序号,重点隐患,隐患内容,整改状态,复查人员,复查日期,复查结果,上报人,销号人\n1,储罐区,围堰,已销号,王五,2024-05-01,合格,李四,李四\n",
            "column 9",
        ),
        (dir.path().join("bad-lon.csv"), "序号,重点隐患,隐患内容,经度,纬度\n1,储罐区,围堰,东经114,32.6\n", "column 4"),
        (dir.path().join("no-title.csv"), "序号,重点隐患,隐患内容\n1,,围堰破损\n", "line 2, column 2"),
    ];
    for (path, text, place) in &cases {
        write_gbk(path, text);
        let mut p = project(dir.path(), &format!("{}.gpkg", path.file_stem().unwrap().to_string_lossy()));
        let audits = audit_count(&p);
        let err = import_ledger(&mut p, path).unwrap_err().to_string();
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains(place), "{path:?}: {err}");
        assert!(err.contains("field \""), "names the column's header: {err}");
        assert!(p.hazards().unwrap().is_empty(), "{path:?}");
        assert_eq!(audit_count(&p), audits, "{path:?}: no audit row");
    }
    // A sheet cell names the sheet, row and column letter.
    let xlsx = dir.path().join("bad.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("台账").unwrap();
    for (c, h) in ["序号", "重点隐患", "隐患内容", "检查日期", "整改时限"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 1).unwrap();
    ws.write_string(1, 1, "储罐区").unwrap();
    ws.write_string(1, 3, "2024-03-05").unwrap();
    ws.write_string(1, 4, "下个月").unwrap();
    wb.save(&xlsx).unwrap();
    let mut p = project(dir.path(), "x.gpkg");
    let err = import_ledger(&mut p, &xlsx).unwrap_err().to_string();
    assert!(err.contains("sheet \"台账\", row 2, column E") && err.contains("整改时限"), "{err}");
}

/// The illustrative ledger shipped for the demo imports into the demo project as it states.
#[test]
fn the_demo_ledger_imports_into_the_demo_project() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.gpkg");
    onemap::demo::create(&db, Some("演示")).unwrap();
    let mut p = Project::open(&db).unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/anyang/hazards-ledger.csv");
    let s = import_ledger(&mut p, &file).unwrap();
    assert_eq!(s.imported, 5);
    assert!(!s.summary_mismatch(), "{s:?}");
    let items = p.hazards().unwrap();
    assert!(items.iter().all(|i| i.illustrative && i.title.contains("示意") && i.enterprise.is_some()));
    assert_eq!(items[1].status, HazardStatus::Closed);
}

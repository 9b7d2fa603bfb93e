//! The `hazards`, `drills`, `prepositions` and `warnings` commands through the built binary:
//! outputs, exit codes (0 ok, 1 the user's input), the project's time zone, drill mode.

use std::path::Path;

mod common;
use common::{fails, ok};

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(args)).unwrap()
}

fn empty_project(dir: &Path) -> String {
    let db = dir.join("p.gpkg").display().to_string();
    ok(&["init", &db]);
    db
}

const LEDGER: &str = "重点隐患问题动态整改台账,,,,,,,,,\n\
                      序号,重点隐患,隐患内容,检查日期,整改措施,责任单位,督办（县市区）,督办（市级专委会）,整改时限,备注\n\
                      1,液氨储罐区（示意）,报警器未联锁,2024-03-01,增设联锁,文峰区应急局,文峰区安委办,,2024-06-30,\n\
                      2,仓库（示意）,消防通道堵塞,2024-03-02,清理通道,北关区应急局,,,2024-07-31,\n";

#[test]
fn import_list_overdue_in_the_project_zone_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_project(dir.path());
    let csv = dir.path().join("ledger.csv");
    std::fs::write(&csv, LEDGER).unwrap();
    let s = json(&["hazards", "import", "--db", &db, csv.to_str().unwrap(), "--json"]);
    assert_eq!(s["imported"], 2);

    // 2024-06-30 16:30 UTC is 1 July in Beijing (item 1 overdue) but still 30 June in UTC.
    let at = "2024-06-30T16:30:00Z";
    let v = json(&["hazards", "list", "--db", &db, "--overdue", "--json", "--at", at]);
    assert_eq!(v["zone"], "Asia/Shanghai");
    assert_eq!(v["today"], "2024-07-01");
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    assert_eq!(v["items"][0]["standing"]["days_overdue"], 1);
    assert_eq!(v["summary_line"], "检查发现重点隐患问题2个，已整改完成0个，已销号0个");
    ok(&["hazards", "settings", "--db", &db, "--zone", "UTC"]);
    let v = json(&["hazards", "list", "--db", &db, "--overdue", "--json", "--at", at]);
    assert_eq!((v["today"].as_str(), v["items"].as_array().unwrap().len()), (Some("2024-06-30"), 0));
    fails(&["hazards", "settings", "--db", &db, "--zone", "Mars/Olympus"]);

    let out = dir.path().join("out.xlsx");
    let text = ok(&["hazards", "export", "--db", &db, out.to_str().unwrap(), "--at", "2024-08-01 09:00"]);
    assert!(text.contains("2 overdue") && text.contains("检查发现重点隐患问题2个"), "{text}");
}

#[test]
fn lifecycle_on_the_command_line_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_project(dir.path());
    let added = ok(&[
        "hazards",
        "add",
        "--db",
        &db,
        "--title",
        "加油站（示意）",
        "--deadline",
        "2024年6月底",
        "--found-on",
        "2024-03-01",
        "--operator",
        "张三",
    ]);
    assert!(added.contains("reported by 张三"), "{added}");
    ok(&["hazards", "progress", "--db", &db, "1", "--text", "已制定方案", "--on", "2024-03-08"]);
    ok(&["hazards", "rectified", "--db", &db, "1", "--on", "2024-05-01"]);
    let e = fails(&["hazards", "close", "--db", &db, "1", "--on", "2024-05-03", "--operator", "李四"]);
    assert!(e.contains("re-inspection"), "{e}");
    ok(&["hazards", "reinspect", "--db", &db, "1", "--inspectors", "王五", "--result", "合格", "--on", "2024-05-02"]);
    let e = fails(&["hazards", "close", "--db", &db, "1", "--on", "2024-05-03", "--operator", "张三"]);
    assert!(e.contains("who reported it"), "{e}");
    ok(&["hazards", "close", "--db", &db, "1", "--on", "2024-05-03", "--operator", "李四"]);
    let item = json(&["hazards", "show", "--db", &db, "1", "--json"]);
    assert_eq!((item["status"].as_str(), item["closed_by"].as_str()), (Some("closed"), Some("李四")));
    fails(&["hazards", "show", "--db", &db, "99"]);
    fails(&["hazards", "add", "--db", &db, "--title", "x", "--deadline", "尽快"]);
}

#[test]
fn a_bad_ledger_names_the_cell_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_project(dir.path());
    let csv = dir.path().join("bad.csv");
    std::fs::write(&csv, LEDGER.replace("2024-07-31", "七月底")).unwrap();
    let e = fails(&["hazards", "import", "--db", &db, csv.to_str().unwrap()]);
    assert!(e.contains("bad.csv") && e.contains("line 4, column 9") && e.contains("整改时限"), "{e}");
    let v = json(&["hazards", "list", "--db", &db, "--json"]);
    assert_eq!(v["items"].as_array().unwrap().len(), 0, "nothing imported");
}

#[test]
fn drills_compliance_mode_and_suggestions_on_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.gpkg").display().to_string();
    ok(&["init", "--demo", &db]);
    ok(&[
        "drills",
        "add",
        "--db",
        &db,
        "--name",
        "文峰区危化品泄漏综合演练（示意）",
        "--scope",
        "综合",
        "--form",
        "实战",
        "--held",
        "2024-12-31",
        "--district",
        "410502",
        "--participant",
        "teams:1",
        "--participant",
        "stations:1",
        "--lon",
        "114.35",
        "--lat",
        "36.08",
    ]);
    fails(&[
        "drills",
        "add",
        "--db",
        &db,
        "--name",
        "x",
        "--scope",
        "综合",
        "--form",
        "实战",
        "--held",
        "2024-01-01",
        "--participant",
        "teams:9999",
    ]);
    let report = json(&["drills", "compliance", "--db", &db, "--year", "2024", "--as-of", "2025-01-10", "--json"]);
    let districts = &report["rules"][0];
    let lines = districts["lines"].as_array().unwrap();
    let wenfeng = lines.iter().find(|l| l["subject"]["code"] == "410502").unwrap();
    assert_eq!(wenfeng["overdue"], false);
    assert_eq!(districts["overdue"].as_u64().unwrap() as usize, lines.len() - 1, "every other district missed 2024");

    let suggested = json(&[
        "drills",
        "suggest",
        "--db",
        &db,
        "--lon",
        "114.35",
        "--lat",
        "36.08",
        "--stations",
        "2",
        "--teams",
        "2",
        "--json",
    ]);
    let list = suggested.as_array().unwrap();
    assert_eq!(list.len(), 4);
    assert!(list[0]["seconds"].as_f64().unwrap() <= list[1]["seconds"].as_f64().unwrap());

    let on = ok(&["drills", "mode", "--db", &db, "on", "--exercise", "综合演练", "--drill", "1"]);
    assert!(on.contains("ON"), "{on}");
    let out = dir.path().join("drills.xlsx");
    ok(&["drills", "export", "--db", &db, out.to_str().unwrap(), "--year", "2024"]);
    let grid = onemap::io::sheet::read_all(&out).unwrap().remove(0);
    assert!(grid.get(0, 0).text().starts_with("【演练】"), "{:?}", grid.get(0, 0));
    let csv = dir.path().join("teams.csv");
    ok(&["export", "--db", &db, "--layer", "teams", "--format", "csv", csv.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&csv).unwrap().trim_start_matches('\u{feff}').starts_with("【演练】"));
    ok(&["drills", "mode", "--db", &db, "off"]);
    ok(&["export", "--db", &db, "--layer", "teams", "--format", "csv", csv.to_str().unwrap()]);
    assert!(!std::fs::read_to_string(&csv).unwrap().contains("【演练】"));
}

#[test]
fn prepositions_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.gpkg").display().to_string();
    ok(&["init", "--demo", &db]);
    ok(&[
        "prepositions",
        "add",
        "--db",
        &db,
        "--unit",
        "teams:1",
        "--lon",
        "114.40",
        "--lat",
        "36.20",
        "--from",
        "2024-10-01 00:00",
        "--until",
        "2024-10-08 00:00",
        "--reason",
        "节假日",
        "--title",
        "国庆节前置（示意）",
    ]);
    let at = |t: &str| json(&["prepositions", "where", "--db", &db, "--unit", "teams:1", "--at", t, "--json"]);
    assert!(at("2024-09-30 23:59").get("preposition").unwrap().is_null());
    assert_eq!(at("2024-10-01 00:00")["preposition"], 1);
    assert_eq!(at("2024-10-01 00:00")["location"]["lon"], 114.40);
    assert!(at("2024-10-08 00:00")["preposition"].is_null(), "the end is outside the window");
    let e = fails(&[
        "prepositions",
        "add",
        "--db",
        &db,
        "--unit",
        "teams:1",
        "--lon",
        "114.4",
        "--lat",
        "36.2",
        "--from",
        "2024-10-07 00:00",
        "--until",
        "2024-10-09 00:00",
    ]);
    assert!(e.contains("overlaps"), "{e}");

    ok(&[
        "warnings",
        "add",
        "--db",
        &db,
        "--level",
        "橙",
        "--kind",
        "暴雨",
        "--area",
        "410502",
        "--from",
        "2024-07-20 08:00",
        "--until",
        "2024-07-21 08:00",
        "--source",
        "安阳市气象台（示意）",
    ]);
    let area = json(&["list", "areas", "--db", &db, "--json"]);
    let wenfeng = area.as_array().unwrap().iter().find(|a| a["code"] == "410502").unwrap();
    assert_eq!(wenfeng["name"], "文峰区");
    let covering =
        |t: &str| json(&["warnings", "at", "--db", &db, "--lon", "114.35", "--lat", "36.08", "--at", t, "--json"]);
    let inside = covering("2024-07-20 12:00");
    assert_eq!(inside.as_array().unwrap().len(), 1, "{inside}");
    assert_eq!(inside[0]["warning"]["level"], "orange");
    assert!(covering("2024-07-21 08:00").as_array().unwrap().is_empty());
    let far = json(&[
        "warnings",
        "at",
        "--db",
        &db,
        "--lon",
        "113.9",
        "--lat",
        "36.05",
        "--at",
        "2024-07-20 12:00",
        "--json",
    ]);
    assert!(far.as_array().unwrap().is_empty(), "{far}");
    fails(&[
        "warnings",
        "add",
        "--db",
        &db,
        "--level",
        "紫",
        "--kind",
        "x",
        "--area",
        "410502",
        "--from",
        "2024-01-01",
        "--until",
        "2024-01-02",
    ]);
}

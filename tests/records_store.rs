//! The record layers in the project file: lifecycle rules enforced and audited by the store,
//! pre-positioning windows, warnings, drills, drill mode marking every audit row and every
//! export, and the file staying a GeoPackage other tools read.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use geo_types::polygon;
use onemap::actions::drills::{compliance, export_compliance, export_drills, set_drill_mode};
use onemap::actions::hazards::{export_ledger, import_ledger};
use onemap::io::export;
use onemap::io::sheet::read_all;
use onemap::model::drill::{Drill, DrillForm, DrillScope, DrillStatus};
use onemap::model::hazard::{HazardItem, HazardStatus, Reinspection};
use onemap::model::ledger_date::LedgerDate;
use onemap::model::preposition::{Preposition, PrepositionReason};
use onemap::model::warning::{Warning, WarningLevel, WarningTarget};
use onemap::model::{Feature, Layer, LonLat, Team, TeamKind, UnitRef};
use onemap::store::hazards::HazardStep;
use onemap::store::{AuditQuery, Project, StoreError};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, m, d).unwrap()
}

fn team(name: &str, at: LonLat) -> Feature {
    Feature::Teams(Team {
        capabilities: vec!["危化".into()],
        headcount: 30,
        illustrative: true,
        ..Team::new(name, TeamKind::Professional, at)
    })
}

fn new_project(dir: &Path) -> Project {
    let mut p = Project::create(&dir.join("p.gpkg")).unwrap();
    p.set_operator("张三");
    p
}

fn item() -> HazardItem {
    let mut i = HazardItem::new("液氨储罐区（示意）", "");
    i.found_on = LedgerDate::on(day(3, 1));
    i.deadline = LedgerDate::on(day(6, 30));
    i.location = Some(LonLat::new(114.35, 36.1));
    i
}

fn passed(on: NaiveDate) -> Reinspection {
    Reinspection { inspectors: "李四".into(), on, result: "整改到位".into(), passed: true }
}

#[test]
fn close_out_needs_a_reinspection_and_another_person_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = new_project(dir.path());
    let id = p.write(|w| w.insert_hazard(&item())).unwrap();
    assert_eq!(p.hazard(id).unwrap().unwrap().reported_by, "张三", "the operator reports");

    p.write(|w| w.hazard_step(id, &HazardStep::Rectified { on: day(5, 1) })).unwrap();
    let refused = p.write(|w| w.hazard_step(id, &HazardStep::Close { on: day(5, 2) })).unwrap_err();
    assert!(refused.is_input() && refused.to_string().contains("re-inspection"), "{refused}");

    p.write(|w| w.hazard_step(id, &HazardStep::Reinspect(passed(day(5, 2))))).unwrap();
    let by_reporter = p.write(|w| w.hazard_step(id, &HazardStep::Close { on: day(5, 3) })).unwrap_err();
    assert!(matches!(by_reporter, StoreError::Invalid { field: "closed_by", .. }), "{by_reporter}");
    assert_eq!(p.hazard(id).unwrap().unwrap().status, HazardStatus::AwaitingReview, "nothing changed");

    // Lifecycle fields cannot be edited around the rules.
    let mut forged = p.hazard(id).unwrap().unwrap();
    forged.status = HazardStatus::Closed;
    forged.closed_by = Some("李四".into());
    assert!(p.write(|w| w.update_hazard(&forged)).is_err());

    p.set_operator("李四");
    let closed = p.write(|w| w.hazard_step(id, &HazardStep::Close { on: day(5, 3) })).unwrap();
    assert_eq!((closed.status, closed.closed_by.as_deref()), (HazardStatus::Closed, Some("李四")));

    let log = p.audit(&AuditQuery { table: Some("hazards".into()), feature_id: Some(id), limit: None }).unwrap();
    let actions: Vec<(&str, &str)> = log.iter().map(|e| (e.operator.as_str(), e.action.as_str())).collect();
    assert_eq!(
        actions,
        vec![("李四", "hazard.close"), ("张三", "hazard.reinspect"), ("张三", "hazard.rectified"), ("张三", "insert")]
    );
    assert_eq!(log[0].before.as_ref().unwrap()["status"], "rectified");
    assert_eq!(log[0].after.as_ref().unwrap()["status"], "closed");
}

#[test]
fn a_unit_has_one_preposition_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = new_project(dir.path());
    let t = p.write(|w| w.insert(&team("危化救援队（示意）", LonLat::new(114.3, 36.1)))).unwrap();
    let pre = |start: &str, end: &str| Preposition {
        id: 0,
        unit: UnitRef::team(t),
        location: LonLat::new(114.4, 36.2),
        starts_at: utc(start),
        ends_at: utc(end),
        reason: PrepositionReason::Holiday,
        title: "国庆节 京港澳高速（示意）".into(),
        illustrative: true,
        note: String::new(),
    };
    p.write(|w| w.insert_preposition(&pre("2024-09-30T16:00:00Z", "2024-10-07T16:00:00Z"))).unwrap();
    let overlap = p.write(|w| w.insert_preposition(&pre("2024-10-07T15:00:00Z", "2024-10-08T00:00:00Z"))).unwrap_err();
    assert!(overlap.to_string().contains("overlaps"), "{overlap}");
    p.write(|w| w.insert_preposition(&pre("2024-10-07T16:00:00Z", "2024-10-08T00:00:00Z"))).unwrap();
    let mut ghost = pre("2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z");
    ghost.unit = UnitRef::team(999);
    assert!(p.write(|w| w.insert_preposition(&ghost)).is_err());
    let stored = p.prepositions().unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].starts_at, utc("2024-09-30T16:00:00Z"));
}

#[test]
fn warnings_keep_their_target_and_show_their_outline() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = new_project(dir.path());
    let w = Warning {
        id: 0,
        level: WarningLevel::Orange,
        kind: "暴雨".into(),
        title: "暴雨橙色预警（示意）".into(),
        target: WarningTarget::Area { code: "410502".into() },
        starts_at: utc("2024-07-20T00:00:00Z"),
        ends_at: utc("2024-07-21T00:00:00Z"),
        source: "市气象台".into(),
        illustrative: true,
        note: String::new(),
    };
    let unknown = p.write(|x| x.insert_warning(&w)).unwrap_err();
    assert!(unknown.to_string().contains("410502"), "{unknown}");
    let mut drawn = w.clone();
    drawn.target = WarningTarget::Polygon {
        outline: geo_types::MultiPolygon(vec![polygon![
            (x: 114.3, y: 36.0), (x: 114.4, y: 36.0), (x: 114.4, y: 36.1), (x: 114.3, y: 36.0)
        ]]),
    };
    let id = p.write(|x| x.insert_warning(&drawn)).unwrap();
    let back = p.warnings().unwrap();
    assert_eq!(back[0].id, id);
    assert_eq!(back[0].target, drawn.target);
    let mut inverted = drawn.clone();
    inverted.ends_at = inverted.starts_at;
    assert!(p.write(|x| x.insert_warning(&inverted)).is_err());
}

/// Drill mode on: every audit row and every export carries 【演练】; off: none does.
#[test]
fn drill_mode_marks_every_export_and_log_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = new_project(dir.path());
    let t = p.write(|w| w.insert(&team("危化救援队（示意）", LonLat::new(114.3, 36.1)))).unwrap();
    let mut d = Drill::new("危化品泄漏综合演练（示意）", DrillScope::Comprehensive, DrillForm::Field);
    d.status = DrillStatus::Held;
    d.held_on = Some(day(6, 1));
    d.participants = vec![UnitRef::team(t)];
    let drill_id = p.write(|w| w.insert_drill(&d)).unwrap();
    p.write(|w| w.insert_hazard(&item())).unwrap();

    set_drill_mode(&mut p, true, "2024年危化品泄漏综合演练", Some(drill_id), utc("2024-06-01T01:00:00Z")).unwrap();
    p.write(|w| w.hazard_step(1, &HazardStep::Progress { on: day(6, 1), text: "演练中发现".into() })).unwrap();
    let mut during = p.audit(&AuditQuery { limit: Some(2), ..Default::default() }).unwrap();
    assert!(during.iter().all(|e| e.action.starts_with("【演练】")), "{during:?}");

    let marked = |drill: bool, p: &Project, tag: &str| {
        let ledger = dir.path().join(format!("ledger-{tag}.xlsx"));
        export_ledger(p, &ledger, utc("2024-06-02T00:00:00Z")).unwrap();
        let drills = dir.path().join(format!("drills-{tag}.xlsx"));
        export_drills(p, &drills, Some(2024)).unwrap();
        let report = compliance(p, 2024, day(12, 31)).unwrap();
        let comp = dir.path().join(format!("compliance-{tag}.xlsx"));
        export_compliance(p, &comp, &report).unwrap();
        for sheet in [&ledger, &drills, &comp] {
            let g = read_all(sheet).unwrap().remove(0);
            let first = g.get(0, 0).text();
            let last = (0..g.height()).rev().map(|r| g.get(r, 0).text()).find(|t| !t.is_empty()).unwrap();
            let sheet_name = g.sheet.clone().unwrap();
            for (what, text) in [("title", &first), ("closing line", &last), ("sheet name", &sheet_name)] {
                assert_eq!(text.starts_with("【演练】"), drill, "{sheet:?} {what}: {text}");
            }
        }
        let features = p.features(Layer::Teams).unwrap();
        let csv = dir.path().join(format!("teams-{tag}.csv"));
        export::csv(&features, &csv, p.export_mark().unwrap()).unwrap();
        let text = std::fs::read_to_string(&csv).unwrap();
        for line in text.trim_start_matches('\u{feff}').lines() {
            assert_eq!(line.starts_with("【演练】"), drill, "{line}");
        }
        let geojson = dir.path().join(format!("teams-{tag}.geojson"));
        export::geojson(&features, &geojson, p.export_mark().unwrap()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&geojson).unwrap()).unwrap();
        assert_eq!(v["name"].as_str().is_some_and(|n| n.starts_with("【演练】")), drill);
        assert_eq!(v["features"][0]["properties"]["演练"].is_string(), drill);
        let copy = dir.path().join(format!("copy-{tag}.gpkg"));
        export::gpkg_copy(p, &copy).unwrap();
        assert_eq!(Project::open(&copy).unwrap().export_mark().unwrap().is_drill(), drill);
    };
    marked(true, &p, "drill");

    set_drill_mode(&mut p, false, "", None, utc("2024-06-01T05:00:00Z")).unwrap();
    during = p.audit(&AuditQuery { limit: Some(1), ..Default::default() }).unwrap();
    assert_eq!(during[0].action, "setting", "switching off is a normal entry");
    marked(false, &p, "real");
    // The drill's ledger sheet is refused by the real project.
    let err = import_ledger(&mut p, &dir.path().join("ledger-drill.xlsx")).unwrap_err();
    assert!(err.to_string().contains("drill mode"), "{err}");
}

#[test]
fn the_project_stays_a_geopackage_with_the_new_layers() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = new_project(dir.path());
    p.write(|w| w.insert_hazard(&item())).unwrap();
    let mut d = Drill::new("桌面推演（示意）", DrillScope::Special, DrillForm::Tabletop);
    d.location = Some(LonLat::new(114.3, 36.05));
    p.write(|w| w.insert_drill(&d)).unwrap();
    let report = p.check().unwrap();
    assert!(report.ok(), "{:?}", report.findings);
    for step in ["hazards_v1", "drills_v1", "prepositions_v1", "warnings_v1"] {
        assert!(report.schema_steps.iter().any(|s| s == step), "{step}");
    }
    let path = p.path().to_path_buf();
    drop(p);
    let Ok(out) = std::process::Command::new("ogrinfo").args(["-ro", "-so", "-al"]).arg(&path).output() else {
        eprintln!("ogrinfo not installed; GDAL check skipped");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for layer in ["Layer name: hazards", "Layer name: drills", "Layer name: prepositions", "Layer name: warnings"] {
        assert!(text.contains(layer), "{layer} missing from ogrinfo:\n{text}");
    }
    assert!(text.contains("Feature Count: 1"), "{text}");
}

/// Deleting an enterprise keeps the records that mention it readable.
#[test]
fn records_survive_a_deleted_enterprise() {
    use onemap::model::{Enterprise, RiskLevel};
    let dir = tempfile::tempdir().unwrap();
    let mut p = new_project(dir.path());
    let at = LonLat::new(114.36, 36.11);
    let e = p
        .write(|w| {
            w.insert(&Feature::Enterprises(Enterprise {
                id: 0,
                code: Some("E1".into()),
                name: "化工厂（示意）".into(),
                credit_code: String::new(),
                industry: "危化".into(),
                risk: RiskLevel::Red,
                district: None,
                township: None,
                address: String::new(),
                contact: String::new(),
                phone: String::new(),
                in_park: true,
                location: at,
                site: None,
                illustrative: true,
                note: String::new(),
            }))
        })
        .unwrap();
    let mut i = item();
    i.location = None;
    i.enterprise = Some(e);
    p.write(|w| w.insert_hazard(&i)).unwrap();
    let w = Warning {
        id: 0,
        level: WarningLevel::Red,
        kind: "危化品".into(),
        title: "泄漏预警（示意）".into(),
        target: WarningTarget::Enterprise { id: e },
        starts_at: utc("2024-07-20T00:00:00Z"),
        ends_at: utc("2024-07-21T00:00:00Z"),
        source: "市应急管理局（示意）".into(),
        illustrative: true,
        note: String::new(),
    };
    p.write(|x| x.insert_warning(&w)).unwrap();
    assert_eq!(p.hazards().unwrap()[0].location, None, "positioned by its enterprise");
    p.write(|x| x.delete(Layer::Enterprises, e)).unwrap();
    let h = p.hazards().unwrap();
    assert_eq!((h[0].enterprise, h[0].location), (None, Some(at)), "keeps the last known position");
    assert_eq!(p.warnings().unwrap()[0].target, WarningTarget::Enterprise { id: e });
}

//! `onemap coverage` on the demo project, through the built binary.

use onemap::analysis::coverage::in_scope;
use onemap::analysis::protection::ProtectionSettings;
use onemap::model::RiskLevel;
use onemap::snapshot::Snapshot;
use onemap::store::{Project, SettingKey};
use serde_json::Value;

mod common;
use common::{demo_in_temp as demo, output as onemap, stdout_json as json};

/// Every key ending in `_fraction` anywhere in the value holds a number in [0, 1] (or null).
fn check_fractions(v: &Value, path: &str, seen: &mut usize) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k.ends_with("_fraction") && !x.is_null() {
                    let f = x.as_f64().unwrap_or(-1.0);
                    assert!((0.0..=1.0).contains(&f), "{path}.{k} = {x}");
                    *seen += 1;
                }
                check_fractions(x, &format!("{path}.{k}"), seen);
            }
        }
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| check_fractions(x, &format!("{path}[{i}]"), seen)),
        _ => {}
    }
}

#[test]
fn radius_report_has_every_list_and_fractions_in_range() {
    let (_dir, db) = demo();
    let v = json(&onemap(&["coverage", "--db", db.to_str().unwrap(), "--json"]));
    assert_eq!(v["mode"], "radius");
    assert_eq!(v["response_s"], 300);
    assert_eq!(v["estimate"], true);
    assert!(v["before"].is_null());
    let mut seen = 0;
    check_fractions(&v, "", &mut seen);
    assert!(seen > 100, "{seen} fractions");
    let stations = v["stations"].as_array().unwrap();
    assert!(!stations.is_empty());
    for s in stations {
        assert_eq!(s["status"], "existing", "{s}");
        // 5 min − the station's turnout, at 30 km/h over circuity 1.3.
        let drive = s["drive_s"].as_f64().unwrap();
        assert!((s["radius_m"].as_f64().unwrap() - drive * 30.0 / 3.6 / 1.3).abs() < 1e-6);
        // Within floating-point error: a disc wholly inside the city is measured unclipped.
        let reach = s["reach_km2"].as_f64().unwrap();
        assert!(s["jurisdiction_km2"].as_f64().unwrap() <= reach * (1.0 + 1e-9), "{s}");
        assert_eq!(
            s["over_limit"].as_bool().unwrap(),
            s["jurisdiction_km2"].as_f64().unwrap() > s["limit_km2"].as_f64().unwrap()
        );
    }
    assert_eq!(v["districts"].as_array().unwrap().len(), 10);
    assert!(v["townships"].as_array().unwrap().len() > 100);
    let s = &v["summary"];
    assert!(s["covered_km2"].as_f64().unwrap() > 0.0);
    assert!(s["overlap_km2"].as_f64().unwrap() < s["covered_km2"].as_f64().unwrap());
    assert_eq!(s["red_orange_outside"].as_u64().unwrap() as usize, v["enterprises_outside"].as_array().unwrap().len());
    assert_eq!(s["townships_outside"].as_u64().unwrap() as usize, v["townships_outside"].as_array().unwrap().len());
    for e in v["enterprises_outside"].as_array().unwrap() {
        assert!(e["risk"] == "red" || e["risk"] == "orange", "{e}");
        assert!(e["arrival_s"].as_f64().unwrap() > 300.0, "{e}");
    }
}

#[test]
fn enterprise_counts_agree_with_brute_force_over_all_pairs() {
    let (_dir, db) = demo();
    let project = Project::open(&db).unwrap();
    let settings: ProtectionSettings = project.setting(SettingKey::Protection).unwrap();
    let snap = Snapshot::load(&project).unwrap();
    for with_planned in [false, true] {
        let mut args = vec!["coverage", "--db", db.to_str().unwrap(), "--json"];
        if with_planned {
            args.push("--with-planned");
        }
        let v = json(&onemap(&args));
        for level in [RiskLevel::Red, RiskLevel::Orange, RiskLevel::Yellow, RiskLevel::Blue] {
            let brute = snap
                .enterprises
                .iter()
                .filter(|e| e.risk == level)
                .filter(|e| {
                    snap.stations.iter().any(|s| {
                        in_scope(s.status, with_planned)
                            && settings.coverage.limit_km2(s.class) > 0.0
                            && settings.turnout.station(s) as f64
                                + settings.straight_line.leg(s.location, e.location).seconds
                                <= 300.0
                    })
                })
                .count();
            let key = serde_json::to_value(level).unwrap();
            let row = v["summary"]["enterprises"].as_array().unwrap().iter().find(|r| r["level"] == key).unwrap();
            assert_eq!(row["covered"].as_u64().unwrap() as usize, brute, "{level:?} with_planned={with_planned}");
        }
    }
}

#[test]
fn planned_stations_add_coverage_and_before_is_reported() {
    let (_dir, db) = demo();
    let today = json(&onemap(&["coverage", "--db", db.to_str().unwrap(), "--json"]));
    let after = json(&onemap(&["coverage", "--db", db.to_str().unwrap(), "--json", "--with-planned"]));
    assert_eq!(after["before"], today["summary"]);
    let km2 = |v: &Value| v["covered_km2"].as_f64().unwrap();
    assert!(km2(&after["summary"]) > km2(&today["summary"]));
    assert!(after["stations"].as_array().unwrap().iter().any(|s| s["status"] == "planned"));
    // A longer response time reaches further.
    let ten = json(&onemap(&["coverage", "--db", db.to_str().unwrap(), "--json", "--minutes", "10"]));
    assert_eq!(ten["response_s"], 600);
    assert!(km2(&ten["summary"]) > 3.0 * km2(&today["summary"]));
}

#[test]
fn csv_and_geojson_exports() {
    let (dir, db) = demo();
    let csv_dir = dir.path().join("tables");
    let gj = dir.path().join("coverage.geojson");
    let out = onemap(&[
        "coverage",
        "--db",
        db.to_str().unwrap(),
        "--csv-dir",
        csv_dir.to_str().unwrap(),
        "--geojson",
        gj.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("消防站保护覆盖（5分钟，现有站）"), "{text}");
    let stations = std::fs::read(csv_dir.join("coverage_stations.csv")).unwrap();
    assert!(stations.starts_with(b"\xEF\xBB\xBF"));
    let stations = String::from_utf8(stations[3..].to_vec()).unwrap();
    assert!(stations.lines().next().unwrap().starts_with("编号,名称,类别"));
    let report = json(&onemap(&["coverage", "--db", db.to_str().unwrap(), "--json"]));
    assert_eq!(stations.lines().count(), 1 + report["stations"].as_array().unwrap().len());
    let outside = std::fs::read_to_string(csv_dir.join("coverage_enterprises_outside.csv")).unwrap();
    assert_eq!(outside.lines().count(), 1 + report["enterprises_outside"].as_array().unwrap().len());
    let fc: Value = serde_json::from_str(&std::fs::read_to_string(&gj).unwrap()).unwrap();
    assert_eq!(fc["type"], "FeatureCollection");
    assert!(fc["name"].as_str().unwrap().contains("消防站保护覆盖"));
    let kinds: Vec<&str> =
        fc["features"].as_array().unwrap().iter().map(|f| f["properties"]["kind"].as_str().unwrap()).collect();
    assert_eq!(&kinds[..3], ["covered", "uncovered", "overlap"]);
    assert_eq!(kinds.iter().filter(|k| **k == "jurisdiction").count(), report["stations"].as_array().unwrap().len());
    assert_eq!(
        kinds.iter().filter(|k| **k == "enterprise_outside").count(),
        report["enterprises_outside"].as_array().unwrap().len()
    );
}

#[test]
fn user_errors_exit_1_with_a_message() {
    let (_dir, db) = demo();
    let out = onemap(&["coverage", "--db", db.to_str().unwrap(), "--mode", "time"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("roads import"));
    let out = onemap(&["coverage", "--db", db.to_str().unwrap(), "--minutes", "0"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--minutes"));
    let out = onemap(&["coverage", "--db", "/nonexistent/x.gpkg"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn one_page_report_as_png_and_pdf() {
    let (dir, db) = demo();
    for name in ["coverage.png", "coverage.pdf"] {
        let out_path = dir.path().join(name);
        let out = onemap(&[
            "coverage",
            "--db",
            db.to_str().unwrap(),
            "--with-planned",
            "--report",
            out_path.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let bytes = std::fs::read(&out_path).unwrap();
        let magic: &[u8] = if name.ends_with("png") { b"\x89PNG" } else { b"%PDF" };
        assert!(bytes.starts_with(magic), "{name}");
    }
    let out = onemap(&["coverage", "--db", db.to_str().unwrap(), "--report", "x.txt"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn settings_override_for_one_run_or_saved_with_an_audit_row() {
    let (_dir, db) = demo();
    let d = db.to_str().unwrap();
    let over = |v: &Value| v["stations"].as_array().unwrap().iter().filter(|s| s["over_limit"] == true).count();
    let base = json(&onemap(&["coverage", "--db", d, "--json"]));
    assert!(over(&base) > 0);
    // Limits of 100 km² for every class with a jurisdiction: nothing is over.
    let mut args = vec!["coverage", "--db", d, "--json"];
    for l in ["特勤站=100", "一级站=100", "level2=100", "小型站=100", "乡镇专职消防队=100", "企业专职消防队=100"]
    {
        args.extend(["--limit", l]);
    }
    assert_eq!(over(&json(&onemap(&args))), 0);
    // Not saved: the next run is as before.
    assert_eq!(over(&json(&onemap(&["coverage", "--db", d, "--json"]))), over(&base));
    // Saved: a faster estimate and 6 minutes stay in the project.
    let out = onemap(&["coverage", "--db", d, "--speed", "40", "--minutes", "6", "--save"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let project = Project::open(&db).unwrap();
    let s: ProtectionSettings = project.setting(SettingKey::Protection).unwrap();
    assert_eq!(s.coverage.response_s, 360);
    assert_eq!(s.straight_line.speed_kmh, 40.0);
    let audit = project.audit(&onemap::store::AuditQuery::default()).unwrap();
    let saved = audit
        .iter()
        .find(|a| a.table == "onemap_settings" && a.after.as_ref().is_some_and(|v| v["key"] == "protection"));
    assert_eq!(saved.expect("an audit row for the setting").operator, "测试员");
    let v = json(&onemap(&["coverage", "--db", d, "--json"]));
    assert_eq!(v["response_s"], 360);
    assert!((v["stations"][0]["radius_m"].as_f64().unwrap() - 300.0 * 40.0 / 3.6 / 1.3).abs() < 1e-6);
    for bad in [["--limit", "三级站=4"], ["--limit", "一级站=-1"], ["--township-threshold", "2"], ["--circuity", "0.5"]]
    {
        let mut a = vec!["coverage", "--db", d];
        a.extend(bad);
        let out = onemap(&a);
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
    }
}

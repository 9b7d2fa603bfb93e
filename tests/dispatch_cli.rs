//! `onemap nearest` and `onemap dispatch` on the demo project, through the built binary.

use std::path::Path;

use onemap::analysis::incident_types::{IncidentTemplates, MaterialNeed};
use onemap::analysis::protection::ProtectionSettings;
use onemap::analysis::travel::StraightLine;
use onemap::model::{LonLat, StationStatus};
use onemap::snapshot::Snapshot;
use onemap::store::{AuditQuery, Project, SettingKey};
use serde_json::Value;

mod common;
use common::{demo_in_temp as demo, output as onemap, stderr_of as stderr, stdout_json as json};

fn db_arg(db: &Path) -> &str {
    db.to_str().unwrap()
}

/// 文峰区, central Anyang.
const AT: [&str; 4] = ["--lon", "114.35", "--lat", "36.10"];

#[test]
fn nearest_returns_an_array_in_rank_order_with_the_documented_fields() {
    let (_dir, db) = demo();
    let mut args = vec!["nearest", "--db", db_arg(&db)];
    args.extend(AT);
    args.extend(["-k", "8", "--json"]);
    let v = json(&onemap(&args));
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 8);
    let mut last = 0.0;
    let mut layers = std::collections::BTreeSet::new();
    for (i, r) in rows.iter().enumerate() {
        for key in ["id", "name", "layer", "distance_m", "eta_s", "estimate"] {
            assert!(r.get(key).is_some(), "row {i} lacks {key}: {r}");
        }
        assert_eq!(r["rank"], i + 1);
        assert_eq!(r["estimate"], true);
        let d = r["distance_m"].as_f64().unwrap();
        assert!(d >= last, "not sorted by distance: {rows:?}");
        last = d;
        layers.insert(r["layer"].as_str().unwrap().to_string());
    }
    assert!(layers.iter().all(|l| ["stations", "teams", "depots"].contains(&l.as_str())), "{layers:?}");
}

/// The CLI ranking by time matches a brute-force ranking of every in-service station computed
/// here from the project itself.
#[test]
fn nearest_by_time_matches_a_brute_force_ranking_of_the_demo_stations() {
    let (_dir, db) = demo();
    let mut args = vec!["nearest", "--db", db_arg(&db), "--layer", "stations", "--by", "time", "-k", "6", "--json"];
    args.extend(AT);
    let got: Vec<i64> = json(&onemap(&args)).as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect();

    let project = Project::open(&db).unwrap();
    let snap = Snapshot::load(&project).unwrap();
    let settings = ProtectionSettings::default();
    let model = StraightLine::default();
    let at = LonLat::new(114.35, 36.10);
    let mut all: Vec<(f64, i64)> = snap
        .stations
        .iter()
        .filter(|s| s.status == StationStatus::Existing)
        .map(|s| (f64::from(settings.turnout.station(s)) + model.leg(s.location, at).seconds, s.id))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let want: Vec<i64> = all.iter().take(6).map(|x| x.1).collect();
    assert_eq!(got, want);
}

#[test]
fn nearest_filters_by_capability_and_layer() {
    let (_dir, db) = demo();
    let mut args =
        vec!["nearest", "--db", db_arg(&db), "--layer", "teams", "--capability", "水域", "-k", "3", "--json"];
    args.extend(AT);
    let v = json(&onemap(&args));
    let rows = v.as_array().unwrap();
    assert!(!rows.is_empty());
    let project = Project::open(&db).unwrap();
    let snap = Snapshot::load(&project).unwrap();
    for r in rows {
        assert_eq!(r["layer"], "teams");
        let team = snap.teams.iter().find(|t| t.id == r["id"].as_i64().unwrap()).unwrap();
        assert!(team.has_capability("水域"), "{}", team.name);
    }
}

#[test]
fn dispatch_answers_with_units_materials_and_a_sheet_and_logs_when_asked() {
    let (dir, db) = demo();
    let sheet = dir.path().join("出动单.csv");
    let mut args = vec!["dispatch", "--db", db_arg(&db), "--type", "危化品泄漏", "--json", "--log"];
    args.extend(AT);
    args.extend(["--sheet", sheet.to_str().unwrap(), "--address", "文峰区（示意）"]);
    let v = json(&onemap(&args));
    assert_eq!(v["incident_type"], "危化品泄漏");
    assert_eq!(v["estimate"], true);
    assert!(!v["stations"].as_array().unwrap().is_empty());
    let teams = v["teams"].as_array().unwrap();
    assert!(!teams.is_empty());
    for t in teams {
        assert!(t["capabilities"].as_array().unwrap().contains(&Value::from("危化")));
    }
    let absorbent = v["materials"].as_array().unwrap().iter().find(|m| m["item"] == "吸附棉").unwrap();
    assert_eq!(absorbent["required"], 5.0);
    assert!(absorbent.get("shortfall").is_some());
    // Depots come nearest first.
    let etas: Vec<f64> = v["depots"].as_array().unwrap().iter().map(|d| d["eta_s"].as_f64().unwrap()).collect();
    assert!(etas.windows(2).all(|w| w[0] <= w[1]), "{etas:?}");

    let bytes = std::fs::read(&sheet).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.contains("出动单 · 危化品泄漏"), "{text}");
    assert!(text.contains("吸附棉"), "{text}");

    let id = v["incident_id"].as_i64().unwrap();
    let project = Project::open(&db).unwrap();
    let logged = project.incidents().unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].id, id);
    assert_eq!(logged[0].operator, "测试员");
    assert_eq!(logged[0].log.address, "文峰区（示意）");
    assert_eq!(logged[0].log.units.len(), v["stations"].as_array().unwrap().len() + teams.len() + etas.len());
    let audit = project.audit(&AuditQuery { table: Some("incidents".into()), ..AuditQuery::default() }).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "dispatch");
}

#[test]
fn dispatch_without_log_writes_nothing_to_the_project() {
    let (_dir, db) = demo();
    let mut args = vec!["dispatch", "--db", db_arg(&db), "--type", "fire", "--json"];
    args.extend(AT);
    json(&onemap(&args));
    assert!(Project::open(&db).unwrap().incidents().unwrap().is_empty());
}

#[test]
fn a_shortfall_is_reported_from_the_projects_own_templates_and_xlsx_is_written() {
    let (dir, db) = demo();
    {
        let mut project = Project::open(&db).unwrap();
        let mut templates = IncidentTemplates::default();
        let hazmat = templates.types.iter_mut().find(|t| t.key == "hazmat").unwrap();
        hazmat.materials = vec![MaterialNeed { item: "吸附棉".into(), unit: "吨".into(), quantity: 1000.0 }];
        project.write(|w| w.set_setting(SettingKey::IncidentTemplates, &templates)).unwrap();
    }
    let xlsx = dir.path().join("sheet.xlsx");
    let mut args =
        vec!["dispatch", "--db", db_arg(&db), "--type", "hazmat", "--json", "--sheet", xlsx.to_str().unwrap()];
    args.extend(AT);
    let v = json(&onemap(&args));
    assert_eq!(v["shortfall"], true);
    let m = &v["materials"][0];
    let (supplied, shortfall) = (m["supplied"].as_f64().unwrap(), m["shortfall"].as_f64().unwrap());
    assert!(shortfall > 0.0 && (supplied + shortfall - 1000.0).abs() < 1e-6, "{m}");
    // Every depot holding absorbent was drawn on.
    let project = Project::open(&db).unwrap();
    let holders = Snapshot::load(&project).unwrap().depots.iter().filter(|d| d.quantity_of("吸附棉") > 0.0).count();
    assert_eq!(v["depots"].as_array().unwrap().len(), holders);
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
}

#[test]
fn bad_input_exits_1_with_a_clear_message() {
    let (dir, db) = demo();
    let db = db_arg(&db);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["nearest", "--db", db, "--lon", "121.47", "--lat", "31.23"], "outside the project's region"),
        (vec!["nearest", "--db", db, "--lon", "36.1", "--lat", "114.35"], "latitude 114.35 is outside"),
        (
            vec!["nearest", "--db", db, "--layer", "enterprises", "--lon", "114.35", "--lat", "36.1"],
            "expected stations",
        ),
        (vec!["nearest", "--db", db, "--capability", "潜水", "--lon", "114.35", "--lat", "36.1"], "known: "),
        (vec!["nearest", "--db", db, "--by", "speed", "--lon", "114.35", "--lat", "36.1"], "distance or time"),
        (vec!["nearest", "--db", db, "-k", "0", "--lon", "114.35", "--lat", "36.1"], "at least 1"),
        (vec!["dispatch", "--db", db, "--type", "龙卷风", "--lon", "114.35", "--lat", "36.1"], "火灾 (fire)"),
        (
            vec!["dispatch", "--db", db, "--type", "fire", "--lon", "114.35", "--lat", "36.1", "--sheet", "a.pdf"],
            ".csv or .xlsx",
        ),
        (
            vec!["dispatch", "--db", db, "--type", "fire", "--lon", "114.35", "--lat", "36.1", "--when", "noon"],
            "--when",
        ),
    ];
    for (args, expect) in cases {
        let out = onemap(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }

    let empty = dir.path().join("empty.gpkg");
    assert!(onemap(&["init", empty.to_str().unwrap()]).status.success());
    for cmd in [
        vec!["nearest", "--db", empty.to_str().unwrap(), "--lon", "114.35", "--lat", "36.1"],
        vec!["dispatch", "--db", empty.to_str().unwrap(), "--type", "fire", "--lon", "114.35", "--lat", "36.1"],
    ] {
        let out = onemap(&cmd);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("no features"), "{}", stderr(&out));
    }
}

#[test]
fn an_empty_layer_is_named() {
    let (dir, _db) = demo();
    // A project with stations only: asking for depots names the empty layer.
    let db = dir.path().join("s.gpkg");
    assert!(onemap(&["init", db.to_str().unwrap()]).status.success());
    let csv = dir.path().join("s.csv");
    std::fs::write(&csv, "name,lon,lat,class,status\n一号站,114.35,36.1,一级站,现有\n").unwrap();
    let out = onemap(&["import", "--db", db.to_str().unwrap(), "--layer", "stations", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out =
        onemap(&["nearest", "--db", db.to_str().unwrap(), "--layer", "depots", "--lon", "114.35", "--lat", "36.1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("has no 物资储备库 (depots)"), "{}", stderr(&out));
}

#[test]
fn dispatch_sends_a_pre_positioned_team_from_where_it_is_and_names_the_warnings_in_force() {
    let (_dir, db) = demo();
    // The 危化 team farthest from the incident, pre-positioned 100 m from it over National Day.
    let snapshot = Snapshot::load(&Project::open(&db).unwrap()).unwrap();
    let at = LonLat::new(114.35, 36.10);
    let far = snapshot
        .teams
        .iter()
        .filter(|t| t.capabilities.iter().any(|c| c == "危化"))
        .max_by(|a, b| a.location.distance_m(at).total_cmp(&b.location.distance_m(at)))
        .unwrap();
    let unit = format!("teams:{}", far.id);
    let add = onemap(&[
        "prepositions",
        "add",
        "--db",
        db_arg(&db),
        "--unit",
        &unit,
        "--lon",
        "114.351",
        "--lat",
        "36.10",
        "--from",
        "2026-10-01 00:00",
        "--until",
        "2026-10-08 00:00",
        "--reason",
        "节假日",
    ]);
    assert!(add.status.success(), "{}", stderr(&add));
    // 文峰区 (410502) holds the incident point.
    let warn = onemap(&[
        "warnings",
        "add",
        "--db",
        db_arg(&db),
        "--level",
        "橙",
        "--kind",
        "暴雨",
        "--title",
        "暴雨橙色预警",
        "--area",
        "410502",
        "--from",
        "2026-10-01 00:00",
        "--until",
        "2026-10-03 00:00",
    ]);
    assert!(warn.status.success(), "{}", stderr(&warn));
    let dispatch = |when: &str| {
        let mut args = vec!["dispatch", "--db", db_arg(&db), "--type", "危化品泄漏", "--json", "--when", when];
        args.extend(AT);
        json(&onemap(&args))
    };
    let inside = dispatch("2026-10-02T10:00:00+08:00");
    let first = &inside["teams"][0];
    assert_eq!(first["id"], far.id, "{first}");
    assert_eq!(first["relocated"], true);
    assert!(first["distance_m"].as_f64().unwrap() < 200.0, "{first}");
    let w = inside["warnings"].as_array().unwrap();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0]["warning"]["title"], "暴雨橙色预警");
    // After the window (its end excluded) the team is at its base again and the warning is over.
    let after = dispatch("2026-10-08T00:00:00+08:00");
    let sent_far = after["teams"].as_array().unwrap().iter().find(|t| t["id"] == far.id);
    assert!(sent_far.is_none_or(|t| t["relocated"] == false), "{sent_far:?}");
    assert_ne!(after["teams"][0]["id"], far.id);
    assert!(after["warnings"].as_array().unwrap().is_empty());
}

/// With roads imported, nearest and dispatch rank by routed times (not the estimate), the same
/// times the road router gives, slower at the morning rush hour.
#[test]
fn nearest_and_dispatch_use_the_road_network_once_it_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("oakland.gpkg");
    let db_s = db.to_str().unwrap();
    assert!(onemap(&["init", db_s]).status.success());
    let csv = dir.path().join("s.csv");
    std::fs::write(
        &csv,
        "name,lon,lat,class,status\n西站,-122.3010,37.8070,一级站,现有\n东站,-122.2990,37.8085,一级站,现有\n",
    )
    .unwrap();
    let out = onemap(&["import", "--db", db_s, "--layer", "stations", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let at = ["--lon", "-122.3000", "--lat", "37.8078"];
    let nearest = |extra: &[&str]| {
        let mut args = vec!["nearest", "--db", db_s, "--layer", "stations", "--by", "time", "--json"];
        args.extend_from_slice(&at);
        args.extend_from_slice(extra);
        json(&onemap(&args))
    };
    let before = nearest(&[]);
    assert_eq!(before[0]["estimate"], true, "{before}");

    let osm = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/osm/west-oakland.osm.bz2");
    let out = onemap(&["roads", "import", "--db", db_s, osm.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let project = Project::open(&db).unwrap();
    let free = onemap::routing::load_router(&project, None).unwrap().unwrap();
    let rush = onemap::routing::load_router(&project, Some("08:00".parse().unwrap())).unwrap().unwrap();
    let target = LonLat::new(-122.3000, 37.8078);
    let routed = |router: &onemap::routing::Router, v: &Value| -> Vec<f64> {
        let ranked = v.as_array().unwrap();
        assert_eq!(ranked.len(), 2, "{v}");
        ranked
            .iter()
            .map(|r| {
                assert_eq!(r["estimate"], false, "{r}");
                let from = LonLat::new(r["lon"].as_f64().unwrap(), r["lat"].as_f64().unwrap());
                let leg = onemap::analysis::travel::TravelModel::many_to_one(router, &[from], target)[0].unwrap();
                assert!((r["travel_s"].as_f64().unwrap() - leg.seconds).abs() < 1e-6, "{r} vs {leg:?}");
                leg.seconds
            })
            .collect()
    };
    let free_s = routed(&free, &nearest(&[]));
    assert!(free_s[0] <= free_s[1], "ranked by routed time: {free_s:?}");
    let rush_s = routed(&rush, &nearest(&["--at", "08:00"]));
    assert!(rush_s.iter().sum::<f64>() > free_s.iter().sum::<f64>(), "rush {rush_s:?} free {free_s:?}");

    // Dispatch at 08:00 Beijing time (the project's default zone) routes with the rush-hour factor.
    let mut args = vec!["dispatch", "--db", db_s, "--type", "fire", "--when", "2025-07-21T08:00:00+08:00", "--json"];
    args.extend_from_slice(&at);
    let plan = json(&onemap(&args));
    assert_eq!(plan["estimate"], false, "{plan}");
    let first = &plan["stations"][0];
    assert_eq!(first["estimate"], false, "{plan}");
    assert!((first["travel_s"].as_f64().unwrap() - rush_s[0]).abs() < 1e-6, "{first} vs {rush_s:?}");
}

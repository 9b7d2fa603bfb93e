//! `onemap site`: the Swain instance's published values through the command line, the input
//! variants (planar, lon/lat, cost file, existing sites, GBK), and clear errors for bad input.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn site(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_onemap")).arg("site").args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The Swain 55-node instance as demand (with weights) and candidate files.
fn swain(dir: &Path) -> (PathBuf, PathBuf) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/siting/swain.txt")).unwrap();
    let mut demand = String::from("id,x,y,weight\n");
    let mut candidates = String::from("id,x,y\n");
    for line in text.lines().skip(1) {
        let v: Vec<&str> = line.split_whitespace().collect();
        demand.push_str(&format!("n{},{},{},{}\n", v[0], v[1], v[2], v[3]));
        candidates.push_str(&format!("n{},{},{}\n", v[0], v[1], v[2]));
    }
    (write(dir, "demand.csv", &demand), write(dir, "candidates.csv", &candidates))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn swain_values_are_reproduced() {
    let dir = tempfile::tempdir().unwrap();
    let (d, c) = swain(dir.path());
    for method in ["exact", "heuristic"] {
        let base = ["--demand", s(&d), "--candidates", s(&c), "--json", "--method", method];
        // Radius 10, five sites: at most 609 of 640 covered (exact: proven).
        let v = json(&site(&[&base[..], &["--model", "mclp", "--p", "5", "--radius", "10"]].concat()));
        assert_eq!(v["model"], "mclp");
        assert_eq!(v["total_weight"], 640.0);
        assert_eq!(v["selected"].as_array().unwrap().len(), 5);
        assert_eq!(v["covered_weight"], v["objective"]);
        if method == "exact" {
            assert_eq!((v["objective"].as_f64(), v["gap"].as_f64()), (Some(609.0), Some(0.0)));
        } else {
            assert!(v["objective"].as_f64().unwrap() <= 609.0 && v["bound"].as_f64().unwrap() >= 609.0);
        }
        // Radius 15: five sites are the fewest that cover everything.
        let v = json(&site(&[&base[..], &["--model", "lscp", "--radius", "15"]].concat()));
        assert_eq!(v["covered_weight"], 640.0);
        if method == "exact" {
            assert_eq!((v["objective"].as_f64(), v["gap"].as_f64()), (Some(5.0), Some(0.0)));
            assert_eq!(v["selected"].as_array().unwrap().len(), 5);
        }
        // And four sites cannot cover everything within 15.
        let v = json(&site(&[&base[..], &["--model", "mclp", "--p", "4", "--radius", "15"]].concat()));
        if method == "exact" {
            assert!(v["objective"].as_f64().unwrap() < 640.0);
        }
    }
}

#[test]
fn text_output_and_the_other_models() {
    let dir = tempfile::tempdir().unwrap();
    let (d, c) = swain(dir.path());
    let r = site(&["--demand", s(&d), "--candidates", s(&c), "--model", "mclp", "--p", "5", "--radius", "10"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("609 of 640"), "{}", r.stdout);
    assert!(r.stdout.contains("proven optimal"), "{}", r.stdout);
    for model in ["pmedian", "pcenter"] {
        let v = json(&site(&["--demand", s(&d), "--candidates", s(&c), "--model", model, "--p", "3", "--json"]));
        assert_eq!(v["gap"], 0.0);
        let worst = v["worst_cost"].as_f64().unwrap();
        let key = if model == "pcenter" { worst } else { v["mean_cost"].as_f64().unwrap() * 640.0 };
        assert!((v["objective"].as_f64().unwrap() - key).abs() < 1e-6, "{v}");
    }
}

#[test]
fn lonlat_existing_sites_and_gbk_headers() {
    let dir = tempfile::tempdir().unwrap();
    // Three places ~1.1 km apart along a meridian in Anyang; an existing station at the first.
    let (gbk, _, _) =
        encoding_rs::GB18030.encode("编号,经度,纬度,权重\nA,114.35,36.08,5\nB,114.35,36.09,3\nC,114.35,36.10,4\n");
    let d = dir.path().join("demand.csv");
    std::fs::write(&d, &gbk).unwrap();
    let c = write(dir.path(), "c.csv", "id,lon,lat\nnorth,114.35,36.10\nmiddle,114.35,36.09\n");
    let e = write(dir.path(), "e.csv", "id,lon,lat\nold,114.35,36.08\n");
    let v = json(&site(&[
        "--demand",
        s(&d),
        "--candidates",
        s(&c),
        "--existing",
        s(&e),
        "--model",
        "mclp",
        "--p",
        "1",
        "--radius",
        "1200",
        "--json",
    ]));
    // The old station covers A and B (1.11 km); the best new site adds C.
    assert_eq!(v["covered_weight"], 12.0);
    assert_eq!(v["selected"][0], "north");
}

#[test]
fn cost_file_with_ids_only_and_unreachable_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let d = write(dir.path(), "d.csv", "id,weight\na,1\nb,2\nc,0\n");
    let c = write(dir.path(), "c.csv", "id\nx\ny\n");
    let m = write(dir.path(), "m.csv", "demand_id,candidate_id,cost\na,x,5\nb,y,7\na,y,1\n");
    let files = ["--demand", s(&d), "--candidates", s(&c), "--costs", s(&m), "--json"];
    let v = json(&site(&[&files[..], &["--model", "pmedian", "--p", "1"]].concat()));
    // Only y reaches both a and b (c has weight 0): 1 × 1 + 2 × 7.
    assert_eq!((v["objective"].as_f64(), v["selected"][0].as_str()), (Some(15.0), Some("y")));
    let v = json(&site(&[&files[..], &["--model", "lscp", "--radius", "7"]].concat()));
    assert_eq!((v["objective"].as_f64(), v["selected"][0].as_str()), (Some(1.0), Some("y")));
}

/// Runs a failing command and checks exit code 1 and that stderr names every `part`.
fn fails(args: &[&str], parts: &[&str]) {
    let r = site(args);
    assert_eq!(r.code, 1, "stdout: {} stderr: {}", r.stdout, r.stderr);
    for p in parts {
        assert!(r.stderr.contains(p), "{p:?} missing from: {}", r.stderr);
    }
}

#[test]
fn bad_input_is_named_by_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let d = write(p, "d.csv", "id,x,y,weight\na,0,0,1\nb,10,0,2\n");
    let c = write(p, "c.csv", "id,x,y\nx,0,0\ny,10,0\n");
    let base = |extra: &[&str]| -> Vec<String> {
        [&["--demand", s(&d), "--candidates", s(&c)][..], extra].concat().into_iter().map(String::from).collect()
    };
    let run = |args: Vec<String>, parts: &[&str]| fails(&args.iter().map(String::as_str).collect::<Vec<_>>(), parts);

    let neg = write(p, "neg.csv", "id,x,y,weight\na,0,0,1\nb,10,0,-2\n");
    fails(
        &["--demand", s(&neg), "--candidates", s(&c), "--model", "pmedian", "--p", "1"],
        &["neg.csv", "line 3", "\"weight\"", "negative"],
    );

    let dup = write(p, "dup.csv", "id,x,y\nx,0,0\nx,5,0\n");
    fails(
        &["--demand", s(&d), "--candidates", s(&dup), "--model", "pmedian", "--p", "1"],
        &["dup.csv", "line 3", "\"x\" is used twice", "line 2"],
    );

    let nocol = write(p, "nocol.csv", "id,x,y\na,0,0\n");
    fails(
        &["--demand", s(&nocol), "--candidates", s(&c), "--model", "pmedian", "--p", "1"],
        &["nocol.csv", "line 1", "no weight column"],
    );
    let nopos = write(p, "nopos.csv", "id,weight\na,1\n");
    fails(
        &["--demand", s(&nopos), "--candidates", s(&c), "--model", "pmedian", "--p", "1"],
        &["nopos.csv", "x,y or lon,lat"],
    );
    let text = write(p, "text.csv", "id,x,y,weight\na,0,zero,1\n");
    fails(
        &["--demand", s(&text), "--candidates", s(&c), "--model", "pmedian", "--p", "1"],
        &["text.csv", "line 2", "\"y\"", "\"zero\" is not a number"],
    );

    let lat = write(p, "lat.csv", "id,lon,lat,weight\na,114.3,36.1,1\nb,114.3,95,1\n");
    let lonlat_sites = write(p, "ll.csv", "id,lon,lat\nx,114.3,36.1\n");
    fails(
        &["--demand", s(&lat), "--candidates", s(&lonlat_sites), "--model", "pmedian", "--p", "1"],
        &["lat.csv", "line 3", "\"lat\"", "outside -90..90"],
    );
    let m = write(p, "m.csv", "demand_id,candidate_id,cost\na,x,1\nzz,x,2\n");
    run(base(&["--costs", s(&m), "--model", "pmedian", "--p", "1"]), &["m.csv", "line 3", "\"demand_id\"", "\"zz\""]);
    let m = write(p, "m2.csv", "demand_id,candidate_id,cost\na,x,1\nb,nowhere,2\n");
    run(
        base(&["--costs", s(&m), "--model", "pmedian", "--p", "1"]),
        &["m2.csv", "line 3", "\"candidate_id\"", "\"nowhere\""],
    );
    let m = write(p, "m3.csv", "demand_id,candidate_id,cost\na,x,1\na,x,2\n");
    run(base(&["--costs", s(&m), "--model", "pmedian", "--p", "1"]), &["m3.csv", "line 3", "already given"]);

    run(base(&["--model", "pmedian", "--p", "3"]), &["p = 3", "only 2 candidate sites"]);
    run(base(&["--model", "mclp", "--p", "1"]), &["needs --radius"]);
    let far = write(p, "far_d.csv", "id,x,y,weight\na,0,0,1\nfar1,50,0,2\nfar2,0,60,1\n");
    fails(
        &["--demand", s(&far), "--candidates", s(&c), "--model", "lscp", "--radius", "4"],
        &["no site", "within 4", "far1, far2"],
    );
    run(base(&["--model", "lscp", "--radius=-1"]), &["radius -1"]);
    let far = write(p, "far.csv", "demand_id,candidate_id,cost\na,x,1\n");
    run(base(&["--costs", s(&far), "--model", "pmedian", "--p", "1"]), &["reaches", "b"]);
    run(base(&["--model", "pmedian", "--p", "1", "--time-limit", "0"]), &["--time-limit"]);
    let missing = p.join("missing.csv");
    fails(
        &["--demand", s(&missing), "--candidates", s(&c), "--model", "pmedian", "--p", "1"],
        &["missing.csv", "does not exist"],
    );
}

/// `--db`: the demo's eight planned stations against the existing ones alone and against the
/// optimal eight among them plus a grid; the optimum covers at least as much as the plan (the
/// plan is one of its feasible choices).
#[test]
fn the_projects_planned_stations_side_by_side_with_an_optimal_set() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("anyang.gpkg");
    let out = Command::new(env!("CARGO_BIN_EXE_onemap")).args(["init", "--demo"]).arg(&db).output().unwrap();
    assert!(out.status.success());
    let db = db.to_str().unwrap();
    let v = json(&site(&[
        "--db",
        db,
        "--scenario",
        "planned",
        "--model",
        "mclp",
        "--grid",
        "3000",
        "--time-limit",
        "30",
        "--json",
    ]));
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{v}");
    assert_eq!(rows[0]["name"], "existing");
    assert_eq!(rows[0]["newly_covered"], 0);
    let planned: Vec<&str> = rows[1]["sites"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert_eq!(planned.len(), 8);
    assert!(planned.contains(&"汪家店消防站"), "{planned:?}");
    assert_eq!(rows[2]["sites"].as_array().unwrap().len(), 8);
    assert_eq!(v["solution"]["optimal"], true, "{v}");
    let covered = |r: &Value| r["covered_weight"].as_f64().unwrap();
    assert!(covered(&rows[1]) >= covered(&rows[0]));
    assert!(covered(&rows[2]) >= covered(&rows[1]), "{v}");
    assert_eq!(v["solution"]["objective"].as_f64().unwrap(), covered(&rows[2]));
    assert_eq!(v["estimate"], true);
    assert_eq!(v["radius_s"], 240.0);

    // Red enterprises only, each 1: the covered weight counts covered red enterprises, which the
    // default weights count 8 each among the rest.
    let v = json(&site(&["--db", db, "--scenario", "规划", "--weights", "orange=0,yellow=0,blue=0,red=1", "--json"]));
    let reds = v["rows"][1]["covered_weight"].as_f64().unwrap();
    assert_eq!(reds.fract(), 0.0);
    assert!(8.0 * reds <= covered(&rows[1]), "{reds} red vs {}", covered(&rows[1]));

    for (args, says) in [
        (vec!["--db", db, "--scenario", "nope"], "unknown scenario"),
        (vec!["--db", db], "--scenario NAME"),
        (vec!["--db", db, "--scenario", "planned", "--weights", "purple=2"], "purple=2"),
        (vec!["--db", db, "--scenario", "planned", "--grid", "10"], "at least 100 m"),
    ] {
        let r = site(&args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }
}

/// Saved scenarios: the optimal set saved by name, a file of points saved as another, both
/// listed after the built-in plan, evaluated by name side by side, then one deleted; every
/// write is in the audit log.
#[test]
fn saved_scenarios_are_listed_evaluated_and_deleted_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("anyang.gpkg");
    let out = Command::new(env!("CARGO_BIN_EXE_onemap")).args(["init", "--demo"]).arg(&db).output().unwrap();
    assert!(out.status.success());
    let db = db.to_str().unwrap();
    let base = ["--db", db];
    let saved = site(&[&base[..], &["--model", "mclp", "--p", "3", "--grid", "4000", "--save", "最优三站"]].concat());
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    let points = write(dir.path(), "sites.csv", "名称,经度,纬度\n东站,114.42,36.10\n西站,114.30,36.09\n");
    let r = site(&[&base[..], &["--sites", s(&points), "--save", "东西两站"]].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(site(&[&base[..], &["--sites", s(&points), "--save", "东西两站"]].concat()).code, 1);

    let list = json(&site(&[&base[..], &["--list", "--json"]].concat()));
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["规划八站", "最优三站", "东西两站"]);
    assert_eq!(list[1]["sites"].as_array().unwrap().len(), 3);
    assert_eq!(list[1]["options"]["p"], 3);
    assert_eq!(list[2]["sites"][0]["name"], "东站");

    // Evaluated by name, side by side with the plan; the saved optimum covers what it covered
    // when it was found (same data, same standard).
    let v = json(&site(
        &[&base[..], &["--scenario", "最优三站", "--scenario", "planned", "--scenario", "东西两站", "--json"]].concat(),
    ));
    let rows = v["rows"].as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["existing", "最优三站", "规划八站", "东西两站"]);
    assert_eq!(rows[3]["sites"], serde_json::json!(["东站", "西站"]));
    assert!(rows[1]["newly_covered_townships"].is_number(), "{v}");
    let again = json(&site(&[&base[..], &["--model", "mclp", "--p", "3", "--grid", "4000", "--json"]].concat()));
    assert_eq!(again["rows"][1]["covered_weight"], rows[1]["covered_weight"]);

    let r = site(&[&base[..], &["--delete", "东西两站"]].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(site(&[&base[..], &["--delete", "规划八站"]].concat()).code, 1);
    let r = site(&[&base[..], &["--scenario", "东西两站"]].concat());
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("unknown scenario"), "{}", r.stderr);
    let project = onemap::store::Project::open(Path::new(db)).unwrap();
    let query = onemap::store::AuditQuery { table: Some("onemap_siting_scenarios".into()), ..Default::default() };
    let actions: Vec<String> = project.audit(&query).unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(actions, ["delete", "insert", "insert"]);
}

/// `--demand-layer`: any layer of the project as demand. The enterprises layer unweighted counts
/// each enterprise once, exactly as enterprise demand with every risk weight 1; a text field as
/// the weight is refused naming the layer, the feature and the field; a saved optimal set
/// remembers the layer and the field.
#[test]
fn a_layer_of_the_project_is_demand_weighted_by_a_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("anyang.gpkg");
    let out = Command::new(env!("CARGO_BIN_EXE_onemap")).args(["init", "--demo"]).arg(&db).output().unwrap();
    assert!(out.status.success());
    let db = db.to_str().unwrap();
    let ones =
        json(&site(&["--db", db, "--scenario", "planned", "--weights", "red=1,orange=1,yellow=1,blue=1", "--json"]));
    let layer = json(&site(&["--db", db, "--scenario", "planned", "--demand-layer", "enterprises", "--json"]));
    assert_eq!(layer["demand"], ones["demand"], "{layer}");
    for k in 0..2 {
        assert_eq!(layer["rows"][k]["covered_weight"], ones["rows"][k]["covered_weight"], "{layer}");
    }
    assert!(layer["rows"][1]["covered_weight"].as_f64().unwrap() > 0.0);
    // Layer demand has no risk levels: no red/orange counts.
    assert_eq!(layer["rows"][1]["newly_covered_red_orange"], 0);

    fails(
        &["--db", db, "--scenario", "planned", "--demand-layer", "enterprises", "--weight", "name"],
        &["layer \"enterprises\"", "feature 1", "field \"name\"", "is not a number"],
    );
    fails(&["--db", db, "--scenario", "planned", "--demand-layer", "roads"], &["layer \"roads\""]);
    fails(&["--db", db, "--scenario", "planned", "--demand-layer", "nope"], &["no layer \"nope\""]);

    let r = site(&[
        "--db",
        db,
        "--model",
        "pmedian",
        "--p",
        "2",
        "--demand-layer",
        "enterprises",
        "--save",
        "层",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list = json(&site(&["--db", db, "--list", "--json"]));
    let saved = list.as_array().unwrap().iter().find(|s| s["name"] == "层").unwrap();
    assert_eq!(saved["options"]["demand"]["layer"]["layer"], "enterprises", "{saved}");
}

fn coverage(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_onemap")).arg("coverage").args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `onemap coverage --scenario`: the built-in plan gives the figures of `--with-planned`; a saved
/// scenario of one site replaces the planned stations by that site (one station more than the
/// existing ones) and is named in the report and its title.
#[test]
fn coverage_of_a_saved_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("anyang.gpkg");
    let out = Command::new(env!("CARGO_BIN_EXE_onemap")).args(["init", "--demo"]).arg(&db).output().unwrap();
    assert!(out.status.success());
    let db = db.to_str().unwrap();
    let planned = json(&coverage(&["--db", db, "--with-planned", "--json"]));
    let plan = json(&coverage(&["--db", db, "--scenario", "planned", "--json"]));
    assert_eq!(plan["summary"], planned["summary"]);
    assert_eq!(plan["before"], planned["before"]);
    assert_eq!(plan["scenario"], "规划八站");

    let sites = write(dir.path(), "one.csv", "名称,经度,纬度\n北关新站,114.35,36.12\n");
    assert_eq!(site(&["--db", db, "--save", "一站", "--sites", s(&sites)]).code, 0);
    let one = json(&coverage(&["--db", db, "--scenario", "一站", "--class", "一级站", "--json"]));
    let existing = planned["before"]["stations"].as_u64().unwrap();
    assert_eq!(one["summary"]["stations"].as_u64().unwrap(), existing + 1, "{}", one["summary"]);
    assert_eq!(one["before"], planned["before"]);
    let new: Vec<&Value> = one["stations"].as_array().unwrap().iter().filter(|x| x["name"] == "北关新站").collect();
    assert_eq!(new.len(), 1);
    assert_eq!(new[0]["class"], "level1", "{}", new[0]);
    assert!(!one["stations"].as_array().unwrap().iter().any(|x| x["name"] == "汪家店消防站"));
    let text = coverage(&["--db", db, "--scenario", "一站"]);
    assert!(text.stdout.contains("含方案“一站”") && text.stdout.contains("with scenario 一站"), "{}", text.stdout);

    for (args, says) in [
        (vec!["--db", db, "--scenario", "nope"], "unknown scenario"),
        (vec!["--db", db, "--scenario", "一站", "--class", "五级站"], "--class"),
    ] {
        let r = coverage(&args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }
}

/// A planner's own demand file (GBK CSV from Excel) brought in with `onemap import --as-layer`,
/// then weighted by its population field: the covered weight is the population of the villages
/// the plan reaches, never more than the total; a second import under the same name is refused.
#[test]
fn a_file_imported_as_a_layer_is_demand_weighted_by_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("anyang.gpkg");
    let out = Command::new(env!("CARGO_BIN_EXE_onemap")).args(["init", "--demo"]).arg(&db).output().unwrap();
    assert!(out.status.success());
    let csv = dir.path().join("villages.csv");
    let (bytes, _, _) = encoding_rs::GB18030
        .encode("村名,经度,纬度,人口\n东庄,114.35,36.08,500\n西庄,114.36,36.09,300\n远村,113.70,35.90,200\n");
    std::fs::write(&csv, &bytes).unwrap();
    let import = |name: &str| {
        Command::new(env!("CARGO_BIN_EXE_onemap"))
            .args(["import", "--db"])
            .arg(&db)
            .args(["--as-layer", name, "--json"])
            .arg(&csv)
            .output()
            .unwrap()
    };
    let out = import("村庄");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["imported"], 3);
    let again = import("村庄");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let db = db.to_str().unwrap();
    let r = json(&site(&["--db", db, "--scenario", "planned", "--demand-layer", "村庄", "--weight", "人口", "--json"]));
    assert_eq!(r["demand"], 3, "{r}");
    let covered = r["rows"][1]["covered_weight"].as_f64().unwrap();
    let share = r["rows"][1]["covered_share"].as_f64().unwrap();
    // Weights are the villages' populations (total 1000), so what is covered is a sum of some of them…
    assert!([0.0, 200.0, 300.0, 500.0, 700.0, 800.0].contains(&covered), "{r}");
    assert!((share * 1000.0 - covered).abs() < 1e-6, "{r}");
    // …and the far village (113.70, 35.90) lies well outside every station's reach.
    assert!(covered <= 800.0, "{r}");
}

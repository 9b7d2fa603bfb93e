//! The command line through the built binary: every subcommand, output shapes, exit codes,
//! round trips, the encodings and formats users bring, the bad-input corpus in
//! `tests/data/bad`, and an import killed halfway.

mod common;

use std::ffi::OsStr;
use std::io::Write;
use std::path::Path;

use common::{data, demo, empty, fingerprint, list, run};
use serde_json::Value;

const POINT_LAYERS: [&str; 4] = ["stations", "teams", "depots", "enterprises"];

fn import(db: &Path, layer: &str, file: &Path, extra: &[&str]) -> common::Run {
    let mut args: Vec<&OsStr> =
        vec![OsStr::new("import"), OsStr::new("--db"), db.as_os_str(), OsStr::new("--layer"), OsStr::new(layer)];
    args.extend(extra.iter().map(OsStr::new));
    args.push(file.as_os_str());
    run(args)
}

fn export(db: &Path, layer: &str, format: &str, out: &Path) -> common::Run {
    run([
        OsStr::new("export"),
        OsStr::new("--db"),
        db.as_os_str(),
        OsStr::new("--layer"),
        OsStr::new(layer),
        OsStr::new("--format"),
        OsStr::new(format),
        out.as_os_str(),
    ])
}

fn rows(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("expected an array: {v}"))
}

#[test]
fn demo_project_is_created_checked_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("demo.gpkg");
    let out = run([OsStr::new("init"), OsStr::new("--demo"), p.as_os_str()]).expect(0);
    assert!(out.stdout.contains("stations: 29"), "{}", out.stdout);

    let check = run([OsStr::new("check"), p.as_os_str()]).expect(0);
    assert!(check.stdout.contains("GeoPackage conformance: ok"), "{}", check.stdout);
    assert!(check.stdout.contains("journal mode: wal, foreign keys: on"), "{}", check.stdout);
    let report = run([OsStr::new("check"), p.as_os_str(), OsStr::new("--json")]).expect(0).json();
    assert_eq!(report["findings"], Value::Array(vec![]));
    assert_eq!(report["sqlite_integrity"], "ok");

    for layer in POINT_LAYERS {
        let all = list(&p, layer);
        assert!(!rows(&all).is_empty(), "{layer}");
        for row in rows(&all) {
            assert!(row["id"].as_i64().is_some_and(|id| id > 0), "{layer}: {row}");
            assert!(row["name"].as_str().is_some_and(|n| !n.is_empty()), "{layer}: {row}");
            let (lon, lat) = (row["lon"].as_f64().unwrap(), row["lat"].as_f64().unwrap());
            // Anyang lies around 113.6–115.0 E, 35.2–36.4 N.
            assert!((113.5..115.1).contains(&lon) && (35.1..36.5).contains(&lat), "{layer}: {row}");
            assert!(row.as_object().unwrap().len() > 4, "attributes missing: {row}");
        }
    }
    let stations = list(&p, "stations");
    let planned = rows(&stations).iter().filter(|s| s["status"] == "规划").count();
    assert_eq!(planned, 8);
    assert!(rows(&stations).iter().all(|s| s["illustrative"] == true));
    assert!(
        rows(&list(&p, "enterprises"))
            .iter()
            .all(|e| ["红", "橙", "黄", "蓝"].contains(&e["risk_level"].as_str().unwrap()))
    );

    let table = run([OsStr::new("list"), OsStr::new("消防站"), OsStr::new("--db"), p.as_os_str()]).expect(0);
    let mut lines = table.stdout.lines();
    assert!(lines.next().unwrap().starts_with("id"), "{}", table.stdout);
    assert_eq!(lines.count(), 29);
}

#[test]
fn init_refuses_an_existing_file_and_makes_empty_projects() {
    let dir = tempfile::tempdir().unwrap();
    let p = empty(dir.path(), "e.gpkg");
    assert_eq!(list(&p, "stations"), Value::Array(vec![]));
    let again = run([OsStr::new("init"), p.as_os_str()]).expect(1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    run([OsStr::new("check"), p.as_os_str()]).expect(0);
}

#[test]
fn wrong_arguments_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let p = empty(dir.path(), "e.gpkg");
    let csv = data("import/stations_gbk.csv");
    run(["import"]).expect(1);
    run(["no-such-command"]).expect(1);
    let e = import(&p, "hospitals", &csv, &[]).expect(1);
    assert!(e.stderr.contains("hospitals"), "{}", e.stderr);
    let e = import(&p, "stations", &csv, &["--crs", "bd09"]).expect(1);
    assert!(e.stderr.contains("bd09"), "{}", e.stderr);
    let e = import(&p, "stations", Path::new("/no/such/file.csv"), &[]).expect(1);
    assert!(e.stderr.contains("/no/such/file.csv") && e.stderr.contains("does not exist"), "{}", e.stderr);
    let e = import(&p, "stations", &data("bad/README.md"), &[]).expect(1);
    assert!(e.stderr.contains(".md"), "{}", e.stderr);
    let e =
        run([OsStr::new("list"), OsStr::new("stations"), OsStr::new("--db"), dir.path().join("none.gpkg").as_os_str()])
            .expect(1);
    assert!(e.stderr.contains("none.gpkg does not exist"), "{}", e.stderr);
    let e = run([
        OsStr::new("export"),
        OsStr::new("--db"),
        p.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("csv"),
        dir.path().join("x.csv").as_os_str(),
    ])
    .expect(1);
    assert!(e.stderr.contains("--layer"), "{}", e.stderr);
    run(["--help"]).expect(0);
    run(["--version"]).expect(0);
}

/// Another program holding the write lock past the 5 s busy timeout is not the user's input:
/// exit 2, and the message says what happened.
#[test]
fn a_locked_project_is_an_internal_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = empty(dir.path(), "e.gpkg");
    let conn = rusqlite::Connection::open(&p).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; CREATE TABLE hold (x);").unwrap();
    let e = import(&p, "stations", &data("import/stations_gbk.csv"), &[]).expect(2);
    assert!(e.stderr.contains("locked"), "{}", e.stderr);
    conn.execute_batch("ROLLBACK").unwrap();
    import(&p, "stations", &data("import/stations_gbk.csv"), &[]).expect(0);
}

#[test]
fn geojson_export_imports_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path(), "a.gpkg");
    let b = empty(dir.path(), "b.gpkg");
    for layer in POINT_LAYERS.iter().chain(&["areas"]) {
        let file = dir.path().join(format!("{layer}.geojson"));
        let out = export(&a, layer, "geojson", &file).expect(0);
        assert!(out.stdout.contains("wrote"), "{}", out.stdout);
        import(&b, layer, &file, &[]).expect(0);
        assert_eq!(list(&a, layer), list(&b, layer), "{layer}");
    }
    // Outlines survive too: the areas layer of both exports is the same GeoJSON.
    let (ea, eb) = (dir.path().join("ea.geojson"), dir.path().join("eb.geojson"));
    export(&a, "areas", "geojson", &ea).expect(0);
    export(&b, "areas", "geojson", &eb).expect(0);
    assert_eq!(std::fs::read(&ea).unwrap(), std::fs::read(&eb).unwrap());
}

#[test]
fn csv_export_has_a_bom_for_excel_and_imports_back() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path(), "a.gpkg");
    let b = empty(dir.path(), "b.gpkg");
    for layer in POINT_LAYERS {
        let file = dir.path().join(format!("{layer}.csv"));
        export(&a, layer, "csv", &file).expect(0);
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBFfid,code,name,"), "{layer}: {:?}", &bytes[..20]);
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.lines().next().unwrap().ends_with(",lon,lat"), "{layer}");
        import(&b, layer, &file, &[]).expect(0);
        let (before, after) = (list(&a, layer), list(&b, layer));
        assert_eq!(rows(&before).len(), rows(&after).len());
        for (x, y) in rows(&before).iter().zip(rows(&after)) {
            let (mut x, mut y) = (x.clone(), y.clone());
            for k in ["lon", "lat"] {
                let d = (x[k].as_f64().unwrap() - y[k].as_f64().unwrap()).abs();
                assert!(d < 1e-7, "{layer} {k} moved by {d}");
                x[k] = Value::Null;
                y[k] = Value::Null;
            }
            assert_eq!(x, y, "{layer}");
        }
    }
}

/// An empty layer exports as a header-only CSV, a template to fill in, whose columns are the
/// attributes `list --json` shows (with `fid` for `id`); filled in, it imports.
#[test]
fn empty_layers_export_as_csv_templates() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path(), "a.gpkg");
    let e = empty(dir.path(), "e.gpkg");
    for layer in POINT_LAYERS.iter().chain(&["areas"]) {
        let file = dir.path().join(format!("{layer}-template.csv"));
        export(&e, layer, "csv", &file).expect(0);
        let text = String::from_utf8(std::fs::read(&file).unwrap()).unwrap();
        let header: Vec<&str> = text.trim_start_matches('\u{feff}').trim_end().split(',').collect();
        let listed = list(&a, layer);
        let keys: Vec<&str> =
            rows(&listed)[0].as_object().unwrap().keys().map(|k| if k == "id" { "fid" } else { k.as_str() }).collect();
        assert_eq!(header, keys, "{layer}");
    }
    let template = dir.path().join("stations-template.csv");
    let mut text = std::fs::read_to_string(&template).unwrap();
    text.push_str(",S9,新站,一级站,规划,,,,,,,否,,114.3,36.1\n");
    std::fs::write(&template, text).unwrap();
    import(&e, "stations", &template, &[]).expect(0);
}

#[test]
fn gbk_csv_from_excel_with_chinese_headers() {
    let dir = tempfile::tempdir().unwrap();
    let p = empty(dir.path(), "p.gpkg");
    let out = import(&p, "stations", &data("import/stations_gbk.csv"), &["--json"]).expect(0).json();
    assert_eq!(out["imported"], 2);
    let s = list(&p, "stations");
    let s = rows(&s);
    assert_eq!(s[0]["name"], "汤阴县消防救援站");
    assert_eq!(s[0]["code"], "G1");
    assert_eq!(s[0]["class"], "一级站");
    assert_eq!(s[0]["personnel"], 28);
    assert_eq!(s[0]["vehicles"], "水罐车:2;泡沫车:1");
    assert_eq!(s[0]["note"], "有\"引号\",和逗号");
    assert_eq!(s[1]["status"], "在建");
    assert_eq!((s[1]["lon"].as_f64().unwrap(), s[1]["lat"].as_f64().unwrap()), (114.9012, 35.9711));
}

#[test]
fn shapefiles_with_a_cpg_and_with_undeclared_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let utf8 = empty(dir.path(), "utf8.gpkg");
    let gbk = empty(dir.path(), "gbk.gpkg");
    import(&utf8, "stations", &data("import/stations_utf8.shp"), &[]).expect(0);
    import(&gbk, "stations", &data("import/stations_gbk.shp"), &[]).expect(0);
    let a = list(&utf8, "stations");
    assert_eq!(rows(&a).len(), 3);
    assert_eq!(rows(&a)[0]["name"], "文峰区消防救援站");
    assert_eq!(rows(&a)[2]["class"], "乡镇专职消防队");
    assert_eq!(rows(&a)[1]["status"], "规划");
    assert_eq!(a, list(&gbk, "stations"));
}

#[test]
fn geopackage_layers_written_by_gdal() {
    let dir = tempfile::tempdir().unwrap();
    let p = empty(dir.path(), "p.gpkg");
    let gpkg = data("import/teams_gdal.gpkg");
    let before = fingerprint(&gpkg);
    let e = import(&p, "teams", &gpkg, &[]).expect(1);
    assert!(e.stderr.contains("several layers") && e.stderr.contains("teams_src"), "{}", e.stderr);
    let e = import(&p, "teams", &gpkg, &["--source-layer", "nope"]).expect(1);
    assert!(e.stderr.contains("no layer \"nope\""), "{}", e.stderr);
    import(&p, "teams", &gpkg, &["--source-layer", "teams_src"]).expect(0);
    let t = list(&p, "teams");
    let t = rows(&t);
    assert_eq!(t.len(), 2);
    assert_eq!(t[0]["name"], "安阳市矿山救护队");
    assert_eq!(t[0]["kind"], "专业救援");
    assert_eq!(t[0]["capabilities"], "矿山,危化");
    assert_eq!(t[1]["headcount"], 60);
    assert_eq!(fingerprint(&gpkg), before, "reading a GeoPackage must not change it");

    // A OneMap project is a GeoPackage too: its layers import into another project.
    let a = demo(dir.path(), "a.gpkg");
    let c = empty(dir.path(), "c.gpkg");
    import(&c, "enterprises", &a, &[]).expect(0);
    assert_eq!(list(&a, "enterprises"), list(&c, "enterprises"));
}

/// GCJ-02 input is moved onto WGS84. The pair is published (googollee/eviltransform's tests):
/// WGS84 (116.377817, 39.911954) is GCJ-02 (116.38404722455657, 39.91334545536069).
#[test]
fn gcj02_input_is_converted_to_wgs84() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("amap.csv");
    std::fs::write(&csv, "name,risk_level,lng,lat\n北京某企业,蓝,116.38404722455657,39.91334545536069\n").unwrap();
    let gcj = empty(dir.path(), "gcj.gpkg");
    let raw = empty(dir.path(), "raw.gpkg");
    import(&gcj, "enterprises", &csv, &["--crs", "gcj02"]).expect(0);
    import(&raw, "enterprises", &csv, &[]).expect(0);
    let e = list(&gcj, "enterprises")[0].clone();
    assert!((e["lon"].as_f64().unwrap() - 116.377817).abs() < 1e-6, "{e}");
    assert!((e["lat"].as_f64().unwrap() - 39.911954).abs() < 1e-6, "{e}");
    let r = list(&raw, "enterprises")[0].clone();
    // Unconverted (serde_json's default float parsing may differ from the input in the last bit).
    assert!((r["lon"].as_f64().unwrap() - 116.38404722455657).abs() < 1e-12, "{r}");
}

#[test]
fn gpkg_export_is_a_checked_copy() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path(), "a.gpkg");
    let copy = dir.path().join("copy.gpkg");
    let args = |out: &Path| {
        vec![
            OsStr::new("export").to_owned(),
            "--db".into(),
            a.as_os_str().to_owned(),
            "--format".into(),
            "gpkg".into(),
            out.as_os_str().to_owned(),
        ]
    };
    run(args(&copy)).expect(0);
    run([OsStr::new("check"), copy.as_os_str()]).expect(0);
    for layer in POINT_LAYERS.iter().chain(&["areas"]) {
        assert_eq!(list(&a, layer), list(&copy, layer), "{layer}");
    }
    let e = run(args(&copy)).expect(1);
    assert!(e.stderr.contains("already exists"), "{}", e.stderr);
}

#[test]
fn import_reports_what_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path(), "p.gpkg");
    let out = import(&p, "stations", &data("import/stations_gbk.csv"), &["--json"]).expect(0).json();
    assert_eq!(out["layer"], "stations");
    assert_eq!(out["imported"], 2);
    assert_eq!(out["last_id"].as_i64().unwrap() - out["first_id"].as_i64().unwrap(), 1);
    let text = import(&p, "stations", &data("import/stations_utf8.shp"), &["--operator", "张三"]).expect(0);
    assert!(text.stdout.contains("imported 3 feature(s)"), "{}", text.stdout);
    let project = onemap::store::Project::open(&p).unwrap();
    let audit = project.audit(&onemap::store::AuditQuery { limit: Some(2), ..Default::default() }).unwrap();
    assert_eq!((audit[0].operator.as_str(), audit[0].action.as_str()), ("张三", "import"));
    assert_eq!(audit[1].operator, "tester", "ONEMAP_OPERATOR names the operator by default");
    drop(project);
    // Importing the same codes again is refused, naming the feature already in the project.
    let e = import(&p, "stations", &data("import/stations_gbk.csv"), &[]).expect(1);
    assert!(e.stderr.contains("line 2, field \"编号\"") && e.stderr.contains("already used"), "{}", e.stderr);
}

/// Every file in `tests/data/bad` is refused with exit 1, a message naming the file and where
/// in it the problem is, and the project's bytes unchanged.
#[test]
fn bad_inputs_are_refused_and_change_nothing() {
    // (file, target layer, fragments the message must contain)
    let cases: &[(&str, &str, &[&str])] = &[
        ("truncated.geojson", "stations", &["feature 2 (line 3, column", "field \"geometry\"", "truncated"]),
        ("wrong_geometry.geojson", "stations", &["feature 2 (W2)", "field \"geometry\"", "LineString"]),
        ("nan.geojson", "stations", &["feature 2 (line 3", "field \"geometry\"", "NaN"]),
        ("nan.csv", "stations", &["line 3", "field \"经度\"", "\"NaN\" is not a number"]),
        ("out_of_range.geojson", "stations", &["feature 2 (乙站)", "field \"geometry\"", "latitude 95 is outside"]),
        ("out_of_range.csv", "stations", &["line 3", "field \"经度\"", "longitude 214.35 is outside"]),
        ("empty.geojson", "stations", &["is empty"]),
        ("empty.csv", "stations", &["is empty"]),
        ("no_features.geojson", "stations", &["has no features"]),
        (
            "duplicate_ids.geojson",
            "stations",
            &["feature 3 (D1)", "field \"code\"", "\"D1\" is used twice", "feature 1"],
        ),
        ("duplicate_ids.csv", "stations", &["line 5", "field \"编号\"", "\"C1\" is used twice", "line 2"]),
        ("gbk.geojson", "stations", &["GB18030 (GBK)", "must be UTF-8"]),
        ("missing_column.csv", "stations", &["line 2", "field \"lat\"", "column is missing", "纬度"]),
        ("ragged.csv", "stations", &["line 3", "3 fields, the header has 4"]),
        ("unknown_class.csv", "stations", &["line 2", "field \"类别\"", "三级站"]),
        ("not_a_geopackage.gpkg", "stations", &["is not a GeoPackage"]),
        ("sqlite_not_gpkg.gpkg", "stations", &["is not a GeoPackage", "gpkg_contents"]),
    ];
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path(), "p.gpkg");
    let before = fingerprint(&p);
    let listed: Vec<Value> = POINT_LAYERS.iter().map(|l| list(&p, l)).collect();
    let mut seen = std::collections::BTreeSet::new();
    for (file, layer, fragments) in cases {
        seen.insert(*file);
        let e = import(&p, layer, &data(&format!("bad/{file}")), &[]).expect(1);
        assert!(e.stderr.contains(file), "{file}: message does not name the file: {}", e.stderr);
        for f in *fragments {
            assert!(e.stderr.contains(f), "{file}: message lacks {f:?}: {}", e.stderr);
        }
        assert_eq!(fingerprint(&p), before, "{file} changed the project");
    }
    let after: Vec<Value> = POINT_LAYERS.iter().map(|l| list(&p, l)).collect();
    assert_eq!(listed, after);

    // Project files that cannot be opened are refused and left as they were.
    let projects: &[(&str, &[&str])] = &[
        ("newer_schema.gpkg", &["newer OneMap", "9999_from_the_future"]),
        ("not_sqlite_project.gpkg", &["not a OneMap project", "not a SQLite database"]),
        ("sqlite_not_gpkg.gpkg", &["not a OneMap project", "application_id"]),
    ];
    for (file, fragments) in projects {
        seen.insert(*file);
        let copy = dir.path().join(file);
        std::fs::copy(data(&format!("bad/{file}")), &copy).unwrap();
        let before = fingerprint(&copy);
        for args in [
            vec![OsStr::new("check"), copy.as_os_str()],
            vec![OsStr::new("list"), OsStr::new("stations"), OsStr::new("--db"), copy.as_os_str()],
        ] {
            let e = run(args).expect(1);
            assert!(e.stderr.contains(file), "{file}: {}", e.stderr);
            for f in *fragments {
                assert!(e.stderr.contains(f), "{file}: message lacks {f:?}: {}", e.stderr);
            }
        }
        let e = import(&copy, "stations", &data("import/stations_gbk.csv"), &[]).expect(1);
        assert!(e.stderr.contains(file), "{file}: {}", e.stderr);
        assert_eq!(fingerprint(&copy), before, "{file} was changed");
    }

    // Every file of the corpus is covered above.
    for entry in std::fs::read_dir(data("bad")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(name == "README.md" || seen.contains(name.as_str()), "{name} is not tested");
    }
}

/// Killing `onemap import` halfway through a large file leaves the project as it was: it
/// opens, passes `check`, and holds none of the import.
#[cfg(target_os = "linux")]
#[test]
fn an_import_killed_halfway_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = demo(dir.path(), "p.gpkg");
    let stations_before = list(&p, "stations");
    let big = dir.path().join("big.geojson");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n").unwrap();
        let n = 300_000;
        for i in 0..n {
            let (lon, lat) = (113.7 + (i % 1000) as f64 * 0.001, 35.3 + (i / 1000) as f64 * 0.003);
            writeln!(
                w,
                "{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon:.6},{lat:.6}]}},\
                 \"properties\":{{\"code\":\"K{i}\",\"name\":\"测试站{i}\",\"class\":\"小型站\"}}}}{}",
                if i + 1 < n { "," } else { "" }
            )
            .unwrap();
        }
        w.write_all(b"]}\n").unwrap();
    }
    let size = std::fs::metadata(&big).unwrap().len();
    let big_real = std::fs::canonicalize(&big).unwrap();

    let mut child = common::onemap_command()
        .args([OsStr::new("import"), OsStr::new("--db"), p.as_os_str(), OsStr::new("--layer"), OsStr::new("stations")])
        .arg(&big)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Wait until the importer has read half the file (its read position, from /proc).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        assert!(child.try_wait().unwrap().is_none(), "the import finished before it could be killed");
        assert!(std::time::Instant::now() < deadline, "the import never got halfway");
        if read_position(pid, &big_real).is_some_and(|pos| pos >= size / 2) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success());

    run([OsStr::new("check"), p.as_os_str()]).expect(0);
    assert_eq!(list(&p, "stations"), stations_before);
    let project = onemap::store::Project::open(&p).unwrap();
    let audit = project.audit(&onemap::store::AuditQuery::default()).unwrap();
    assert!(audit.iter().all(|a| !a.after.as_ref().is_some_and(|v| v.to_string().contains("big.geojson"))));
    drop(project);
    // And the project still takes a whole import afterwards.
    import(&p, "stations", &data("import/stations_gbk.csv"), &[]).expect(0);
}

/// The read offset of `pid`'s open descriptor on `file`, from `/proc/PID/fdinfo`.
#[cfg(target_os = "linux")]
fn read_position(pid: u32, file: &Path) -> Option<u64> {
    for fd in std::fs::read_dir(format!("/proc/{pid}/fd")).ok()? {
        let fd = fd.ok()?;
        if std::fs::read_link(fd.path()).ok().as_deref() == Some(file) {
            let info = std::fs::read_to_string(format!("/proc/{pid}/fdinfo/{}", fd.file_name().to_str()?)).ok()?;
            return info.lines().find_map(|l| l.strip_prefix("pos:")).and_then(|v| v.trim().parse().ok());
        }
    }
    None
}

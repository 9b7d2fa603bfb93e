//! The project file: readable by GDAL as a GeoPackage with the right layers, counts and
//! extents; WAL and foreign keys; an audit row for every write; exact undo/redo; schema
//! migrations forwards, and refusal of files from a newer OneMap.

mod common;

use std::path::Path;
use std::process::Command;

use onemap::actions::{Edit, ImportRequest, UndoStack, import_file};
use onemap::model::{Feature, Labelled, Layer, LonLat, StockLine, Vehicle};
use onemap::progress::Silent;
use onemap::store::{AuditQuery, Project, SettingKey, StoreError, schema};

fn demo_project(dir: &Path) -> Project {
    let p = dir.join("demo.gpkg");
    onemap::demo::create(&p, Some("tester")).unwrap();
    let mut project = Project::open(&p).unwrap();
    project.set_operator("tester");
    project
}

/// `ogrinfo` is Debian's gdal-bin, which `.ci/run` installs. Without it the test is skipped
/// with a note, except under CI, where a missing GDAL must fail.
fn ogrinfo() -> Option<Command> {
    if Command::new("ogrinfo").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return Some(Command::new("ogrinfo"));
    }
    assert!(std::env::var_os("CI").is_none(), "ogrinfo (gdal-bin) is missing on CI");
    eprintln!("note: ogrinfo not installed; skipping the GDAL check of the project file");
    None
}

#[test]
fn gdal_reads_the_demo_project_with_counts_and_extents() {
    let Some(mut cmd) = ogrinfo() else { return };
    let dir = tempfile::tempdir().unwrap();
    let project = demo_project(dir.path());
    let out = cmd.args(["-ro", "-so", "-al"]).arg(project.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("ERROR") && !stderr.contains("Warning"), "GDAL complained: {stderr}");

    for layer in Layer::ALL {
        let features = project.features(*layer).unwrap();
        assert!(!features.is_empty());
        let block = text
            .split("Layer name: ")
            .find(|b| b.starts_with(&format!("{}\n", layer.table())))
            .unwrap_or_else(|| panic!("ogrinfo does not list {}:\n{text}", layer.table()));
        assert!(block.contains(&format!("Feature Count: {}\n", features.len())), "{}: {block}", layer.table());
        let expected_type = if *layer == Layer::Areas { "Geometry: Multi Polygon" } else { "Geometry: Point" };
        assert!(block.contains(expected_type), "{block}");
        assert!(block.contains("EPSG\",4326") || block.contains("WGS 84"), "{block}");

        // The extent GDAL reports (from gpkg_contents) is the box around the features.
        let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        let mut grow = |x: f64, y: f64| {
            b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
        };
        for f in &features {
            match f {
                Feature::Areas(a) => {
                    use geo::CoordsIter;
                    a.outline.iter().flat_map(|o| o.coords_iter()).for_each(|c| grow(c.x, c.y));
                }
                other => {
                    let p = other.location().unwrap();
                    grow(p.lon, p.lat);
                }
            }
        }
        let expected = format!("Extent: ({:.6}, {:.6}) - ({:.6}, {:.6})", b[0], b[1], b[2], b[3]);
        // The R-tree stores 32-bit floats rounded outwards, so allow the last digit to move.
        let line = block.lines().find(|l| l.starts_with("Extent: ")).unwrap();
        let nums: Vec<f64> = line
            .trim_start_matches("Extent: ")
            .split(['(', ')', ',', '-', ' '])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        for (got, want) in nums.iter().zip(b) {
            assert!((got - want).abs() < 2e-5, "{}: {line} vs {expected}", layer.table());
        }
    }
}

#[test]
fn wal_and_foreign_keys_are_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = demo_project(dir.path());
    let report = project.check().unwrap();
    assert_eq!(report.journal_mode, "wal");
    assert!(report.foreign_keys);
    assert!(report.ok(), "{:?}", report.findings);

    // Deleting a depot leaves no orphan stock lines behind.
    let depot = project.features(Layer::Depots).unwrap().into_iter().find(|d| match d {
        Feature::Depots(d) => !d.stock.is_empty(),
        _ => false,
    });
    let depot = depot.unwrap();
    onemap::actions::apply(&mut project, Edit::Delete(Layer::Depots, depot.id())).unwrap();
    let path = project.path().to_path_buf();
    drop(project);
    let raw = rusqlite::Connection::open(&path).unwrap();
    let mode: String = raw.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal", "WAL is a property of the file");
    let orphans: i64 =
        raw.query_row("SELECT count(*) FROM depot_stock WHERE depot_fid = ?1", [depot.id()], |r| r.get(0)).unwrap();
    assert_eq!(orphans, 0);
}

fn a_station() -> Feature {
    serde_json::from_value(serde_json::json!({
        "layer": "stations", "id": 0, "code": "NEW1", "name": "测试新站", "class": "level2", "status": "planned",
        "district": "410502", "address": "安阳市", "phone": "0372-1", "personnel": 20, "turnout_s": 60,
        "vehicles": [{"kind": "水罐车", "count": 2}], "location": {"lon": 114.35, "lat": 36.1},
        "illustrative": true, "note": ""
    }))
    .unwrap()
}

#[test]
fn every_write_leaves_an_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = demo_project(dir.path());
    let last_id = |p: &Project| p.audit(&AuditQuery { limit: Some(1), ..Default::default() }).unwrap()[0].id;
    let start = last_id(&project);

    // insert
    let applied = onemap::actions::apply(&mut project, Edit::Insert(a_station())).unwrap();
    let id = applied.id;
    let row = &project.audit(&AuditQuery { limit: Some(1), ..Default::default() }).unwrap()[0];
    assert_eq!((row.action.as_str(), row.table.as_str(), row.feature_id), ("insert", "stations", Some(id)));
    assert_eq!(row.operator, "tester");
    assert!(chrono::DateTime::parse_from_rfc3339(&row.ts).is_ok(), "{}", row.ts);
    assert!(row.before.is_none());
    assert_eq!(row.after.as_ref().unwrap()["name"], "测试新站");
    assert_eq!(row.after.as_ref().unwrap()["id"], id);

    // update
    let mut changed = project.feature(Layer::Stations, id).unwrap().unwrap();
    changed.set_location(LonLat::new(114.36, 36.11));
    onemap::actions::apply(&mut project, Edit::Update(changed)).unwrap();
    let row = &project.audit(&AuditQuery { limit: Some(1), ..Default::default() }).unwrap()[0];
    assert_eq!((row.action.as_str(), row.feature_id), ("update", Some(id)));
    assert_eq!(row.before.as_ref().unwrap()["location"]["lon"], 114.35);
    assert_eq!(row.after.as_ref().unwrap()["location"]["lon"], 114.36);

    // delete
    onemap::actions::apply(&mut project, Edit::Delete(Layer::Stations, id)).unwrap();
    let row = &project.audit(&AuditQuery { limit: Some(1), ..Default::default() }).unwrap()[0];
    assert_eq!((row.action.as_str(), row.feature_id), ("delete", Some(id)));
    assert_eq!(row.before.as_ref().unwrap()["location"]["lon"], 114.36);
    assert!(row.after.is_none());

    // import
    let csv = common::data("import/stations_gbk.csv");
    let summary = import_file(&mut project, &ImportRequest::new(&csv, Layer::Stations), &Silent).unwrap();
    let row = &project.audit(&AuditQuery { limit: Some(1), ..Default::default() }).unwrap()[0];
    assert_eq!((row.action.as_str(), row.table.as_str()), ("import", "stations"));
    let after = row.after.as_ref().unwrap();
    assert_eq!(after["imported"], 2);
    assert_eq!(after["first_id"], summary.first_id);
    assert!(after["file"].as_str().unwrap().ends_with("stations_gbk.csv"));

    // setting
    #[derive(serde::Serialize, serde::Deserialize, Default, PartialEq, Debug)]
    struct MapView {
        zoom: u32,
    }
    project.write(|w| w.set_setting(SettingKey::Map, &MapView { zoom: 11 })).unwrap();
    project.write(|w| w.set_setting(SettingKey::Map, &MapView { zoom: 12 })).unwrap();
    assert_eq!(project.setting::<MapView>(SettingKey::Map).unwrap(), MapView { zoom: 12 });
    let row = &project.audit(&AuditQuery { limit: Some(1), ..Default::default() }).unwrap()[0];
    assert_eq!((row.action.as_str(), row.table.as_str()), ("setting", "onemap_settings"));
    assert_eq!(row.before.as_ref().unwrap()["zoom"], 11);
    assert_eq!(row.after.as_ref().unwrap()["value"]["zoom"], 12);

    assert_eq!(last_id(&project) - start, 6, "one row per write");
    // A write that fails leaves neither data nor an audit row.
    let count = project.count(Layer::Stations).unwrap();
    let failed: Result<(), StoreError> = project.write(|w| {
        w.insert(&a_station())?;
        Err(StoreError::Invalid { layer: "", name: String::new(), field: "test", message: "stop".into() })
    });
    assert!(failed.is_err());
    assert_eq!(project.count(Layer::Stations).unwrap(), count);
    assert_eq!(last_id(&project) - start, 6);
}

#[test]
fn undo_and_redo_restore_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = demo_project(dir.path());
    let snapshot = |p: &Project| Layer::ALL.iter().map(|l| p.features(*l).unwrap()).collect::<Vec<_>>();
    let original = snapshot(&project);
    let mut undo = UndoStack::default();

    // A depot with stock: change its stock and position.
    let Some(Feature::Depots(mut depot)) = project
        .features(Layer::Depots)
        .unwrap()
        .into_iter()
        .find(|f| matches!(f, Feature::Depots(d) if d.stock.len() > 1))
    else {
        panic!("the demo has a depot with stock")
    };
    depot.stock[0].quantity += 5.0;
    depot.stock.push(StockLine {
        category: "防汛".into(),
        item: "沙袋".into(),
        unit: "袋".into(),
        quantity: 100.0,
        min_level: 50.0,
    });
    depot.location = LonLat::new(depot.location.lon + 0.01, depot.location.lat);
    undo.apply(&mut project, Edit::Update(Feature::Depots(depot))).unwrap();
    // A station with vehicles: delete it.
    let station = project
        .features(Layer::Stations)
        .unwrap()
        .into_iter()
        .find(|f| matches!(f, Feature::Stations(s) if s.vehicles.len() > 1))
        .unwrap();
    undo.apply(&mut project, Edit::Delete(Layer::Stations, station.id())).unwrap();
    // A new station.
    let mut new = a_station();
    if let Feature::Stations(s) = &mut new {
        s.vehicles.push(Vehicle { kind: "泡沫车".into(), count: 1 });
    }
    undo.apply(&mut project, Edit::Insert(new)).unwrap();
    let edited = snapshot(&project);
    assert_ne!(edited, original);

    while undo.can_undo() {
        undo.undo(&mut project).unwrap();
    }
    assert_eq!(snapshot(&project), original, "undo restores every field, child row and id");
    while undo.can_redo() {
        undo.redo(&mut project).unwrap();
    }
    assert_eq!(snapshot(&project), edited, "redo restores the edited state, ids included");
    assert!(project.check().unwrap().ok());
}

#[test]
fn a_file_from_a_newer_onemap_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.gpkg");
    drop(Project::create(&p).unwrap());
    let raw = rusqlite::Connection::open(&p).unwrap();
    raw.execute("INSERT INTO onemap_migrations (name, applied_at) VALUES ('9999_future', 'x')", []).unwrap();
    drop(raw);
    let before = common::fingerprint(&p);
    let e = Project::open(&p).unwrap_err();
    assert!(matches!(e, StoreError::NewerSchema { .. }), "{e}");
    assert!(e.to_string().contains("newer OneMap") && e.to_string().contains("9999_future"), "{e}");
    assert!(e.is_input());
    assert_eq!(common::fingerprint(&p), before);
}

#[test]
fn an_older_file_is_migrated_forward() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("old.gpkg");
    // A file as an older OneMap left it: every schema step but the last.
    {
        let mut raw = rusqlite::Connection::open(&p).unwrap();
        onemap::store::gpkg::register_functions(&raw).unwrap();
        let tx = raw.transaction().unwrap();
        tx.execute_batch(&format!("PRAGMA application_id = {};", onemap::store::gpkg::APPLICATION_ID)).unwrap();
        schema::create_migrations_table(&tx).unwrap();
        for m in &schema::MIGRATIONS[..schema::MIGRATIONS.len() - 1] {
            (m.apply)(&tx).unwrap();
            tx.execute("INSERT INTO onemap_migrations (name, applied_at) VALUES (?1, 'old')", [m.name]).unwrap();
        }
        tx.commit().unwrap();
    }
    let project = Project::open(&p).unwrap();
    let report = project.check().unwrap();
    assert_eq!(report.schema_version, schema::current_version());
    let names: Vec<&str> = schema::MIGRATIONS.iter().map(|m| m.name).collect();
    assert_eq!(report.schema_steps, names);
    assert!(report.ok(), "{:?}", report.findings);
    assert_eq!(report.journal_mode, "wal");
}

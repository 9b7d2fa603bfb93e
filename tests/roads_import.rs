//! Importing roads into a project: all or nothing with an audit row, the cached graph and its
//! fallback to the layer, clear errors for bad files, and the command line.

use std::path::{Path, PathBuf};
use std::process::Command;

use onemap::progress::{Progress, Silent};
use onemap::routing::{self, Metric, RoadImport, RoutingError, import_roads, load_router};
use onemap::store::{AuditQuery, Project};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/osm").join(name)
}

fn project(dir: &tempfile::TempDir) -> (PathBuf, Project) {
    let path = dir.path().join("p.gpkg");
    let p = Project::create(&path).unwrap();
    (path, p)
}

fn import(p: &mut Project, file: PathBuf, bbox: Option<&str>) -> Result<routing::ImportSummary, RoutingError> {
    let bbox = bbox.map(|b| routing::import::parse_bbox(b).unwrap());
    import_roads(p, &RoadImport { file, bbox }, &Silent)
}

#[test]
fn import_stores_the_layer_the_graph_and_an_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut p) = project(&dir);
    let s = import(&mut p, data("west-oakland.osm.bz2"), None).unwrap();
    assert_eq!(p.road_count().unwrap(), s.build.segments);
    let audit = p.audit(&AuditQuery { table: Some("roads".into()), ..Default::default() }).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "import");
    // Loaded from the cached graph, the network is the one just built.
    let net = routing::store::load(&p).unwrap().unwrap();
    assert_eq!((net.node_count(), net.segment_count()), (s.build.nodes, s.build.segments));
    assert!(p.road_graph().unwrap().is_some());
}

#[test]
fn an_edited_layer_is_rebuilt_instead_of_using_the_stale_cache() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut p) = project(&dir);
    let s = import(&mut p, data("munich-small.osm"), None).unwrap();
    let cached = routing::store::load(&p).unwrap().unwrap();
    drop(p);
    // Someone edits an attribute in QGIS: the fingerprint changes.
    let conn = rusqlite::Connection::open(&path).unwrap();
    onemap::store::gpkg::register_functions(&conn).unwrap();
    conn.execute("UPDATE roads SET length_m = length_m + 1 WHERE fid = (SELECT min(fid) FROM roads)", []).unwrap();
    drop(conn);
    let p = Project::open(&path).unwrap();
    assert!(p.road_graph().unwrap().is_none(), "the cache no longer matches the layer");
    let rebuilt = routing::store::load(&p).unwrap().unwrap();
    assert_eq!((rebuilt.node_count(), rebuilt.segment_count()), (s.build.nodes, s.build.segments));
    assert_eq!(rebuilt.summary.oneway_segments, cached.summary.oneway_segments);
    assert!((rebuilt.summary.length_km - cached.summary.length_km).abs() < 1e-9);
}

#[test]
fn a_failed_or_cancelled_import_leaves_the_previous_roads() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut p) = project(&dir);
    let first = import(&mut p, data("munich-small.osm"), None).unwrap();
    // A box in the sea: nothing to import, nothing changed.
    let e = import(&mut p, data("west-oakland.osm.bz2"), Some("120.0,30.0,120.1,30.1")).unwrap_err();
    assert!(matches!(e, RoutingError::NoRoadsInBox { .. }), "{e}");
    assert!(e.to_string().contains("120,30,120.1,30.1"), "{e}");
    struct CancelWhileWriting;
    impl Progress for CancelWhileWriting {
        fn begin(&self, _: &str, _: Option<u64>) {}
        fn set(&self, _: u64) {}
        fn cancelled(&self) -> bool {
            true
        }
    }
    let e = import_roads(&mut p, &RoadImport { file: data("west-oakland.osm.bz2"), bbox: None }, &CancelWhileWriting)
        .unwrap_err();
    assert!(matches!(e, RoutingError::Cancelled), "{e}");
    assert_eq!(p.road_count().unwrap(), first.build.segments);
    assert_eq!(p.audit(&AuditQuery { table: Some("roads".into()), ..Default::default() }).unwrap().len(), 1);
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn bad_files_get_errors_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut p) = project(&dir);
    let xml = std::fs::read(data("munich-small.osm")).unwrap();
    let truncated = write(&dir, "cut.osm", &xml[..xml.len() * 3 / 5]);
    let e = import(&mut p, truncated, None).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, RoutingError::Xml { line, .. } if line > 100), "{msg}");
    assert!(msg.contains("cut.osm") && msg.contains("truncated"), "{msg}");

    let e = import(&mut p, write(&dir, "empty.osm", b""), None).unwrap_err();
    assert!(e.to_string().contains("empty.osm: is empty"), "{e}");

    let e = import(&mut p, write(&dir, "page.osm", b"<html><body>404</body></html>"), None).unwrap_err();
    assert!(e.to_string().contains("not an OSM XML file"), "{e}");

    let e = import(&mut p, write(&dir, "junk.osm.pbf", b"this is not a protocol buffer at all"), None).unwrap_err();
    assert!(matches!(e, RoutingError::Pbf { .. }), "{e}");

    let no_roads = b"<?xml version='1.0'?><osm version='0.6'><node id='1' lat='36.1' lon='114.3'/></osm>";
    let e = import(&mut p, write(&dir, "noroads.osm", no_roads), None).unwrap_err();
    assert!(e.to_string().contains("has no roads"), "{e}");

    let bz = std::fs::read(data("west-oakland.osm.bz2")).unwrap();
    let e = import(&mut p, write(&dir, "cut.osm.bz2", &bz[..bz.len() / 2]), None).unwrap_err();
    assert!(e.to_string().contains("cut.osm.bz2"), "{e}");
    assert!(e.is_input());

    assert_eq!(p.road_count().unwrap(), 0);
}

#[test]
fn the_pbf_and_the_xml_import_the_same_roads() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut p) = project(&dir);
    let a = import(&mut p, data("west-oakland.osm.bz2"), None).unwrap();
    let b = import(&mut p, data("west-oakland.osm.pbf"), None).unwrap();
    assert_eq!(a.build, b.build);
    let router = load_router(&p, None).unwrap().unwrap();
    let net = router.network();
    let route = router.route(net.node(0).unwrap(), net.node(5).unwrap(), Metric::Time).unwrap();
    assert!(route.seconds > 0.0);
}

#[test]
fn a_speed_change_rewrites_the_layer_speeds() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut p) = project(&dir);
    import(&mut p, data("munich-small.osm"), None).unwrap();
    let mut profile = routing::SpeedProfile::default();
    profile.speeds_kmh.insert(routing::RoadClass::Residential, 5.0);
    routing::set_speed_profile(&mut p, &profile).unwrap();
    let mut speeds = Vec::new();
    p.road_rows(|_, row| speeds.push((row.class, row.speed_kmh))).unwrap();
    // Residential streets there have maxspeed=30 or none; the class speed now rules both.
    assert!(!speeds.is_empty() && speeds.iter().all(|(c, s)| c == "residential" && *s == 5.0), "{speeds:?}");
    let stored: routing::SpeedProfile = p.setting(onemap::store::SettingKey::RoadSpeeds).unwrap();
    assert_eq!(stored, profile);
    // The cache still matches: speeds are not part of the graph.
    assert!(p.road_graph().unwrap().is_some());
}

// ---- The command line ----

fn onemap(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_onemap")).args(args).env("ONEMAP_OPERATOR", "test").output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_imports_routes_and_draws_isochrones() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.gpkg");
    let db = db.to_str().unwrap();
    assert_eq!(onemap(&["init", db]).0, 0);
    let (code, _, err) = onemap(&["route", "--db", db, "--from", "-122.30,37.807", "--to", "-122.299,37.808"]);
    assert_eq!(code, 1, "no roads yet: {err}");
    assert!(err.contains("roads import"), "{err}");

    let osm = data("west-oakland.osm.bz2");
    let (code, out, err) = onemap(&["roads", "import", "--db", db, osm.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let summary: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(summary["segments"].as_u64().unwrap() > 10, "{out}");

    let (code, out, err) =
        onemap(&["route", "--db", db, "--from", "-122.3010,37.8070", "--to", "-122.2990,37.8085", "--json"]);
    assert_eq!(code, 0, "{err}");
    let route: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(route["seconds"].as_f64().unwrap() > 0.0);
    assert!(route["meters"].as_f64().unwrap() > 0.0);
    assert_eq!(route["geometry"]["type"], "LineString");
    let coords = route["geometry"]["coordinates"].as_array().unwrap();
    assert_eq!(coords[0][0].as_f64(), Some(-122.301));

    let (code, by_distance, _) = onemap(&[
        "route",
        "--db",
        db,
        "--from",
        "-122.3010,37.8070",
        "--to",
        "-122.2990,37.8085",
        "--by",
        "distance",
        "--json",
    ]);
    assert_eq!(code, 0);
    let d: serde_json::Value = serde_json::from_str(&by_distance).unwrap();
    assert!(d["meters"].as_f64().unwrap() <= route["meters"].as_f64().unwrap() + 1e-6);

    let out_file = dir.path().join("iso.geojson");
    let (code, _, err) = onemap(&[
        "isochrone",
        "--db",
        db,
        "--lon",
        "-122.3010",
        "--lat",
        "37.8070",
        "--minutes",
        "0.5,1",
        "--out",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let fc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert_eq!(fc["type"], "FeatureCollection");
    assert_eq!(fc["features"].as_array().unwrap().len(), 2);
    assert_eq!(fc["features"][0]["geometry"]["type"], "MultiPolygon");

    let (code, _, err) = onemap(&["route", "--db", db, "--from", "north", "--to", "-122.2990,37.8085"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = onemap(&["route", "--db", db, "--from", "116.4,39.9", "--to", "-122.2990,37.8085"]);
    assert_eq!(code, 1);
    assert!(err.contains("from any drivable road"), "{err}");
    let (code, _, err) = onemap(&["roads", "import", "--db", db, "--bbox", "1,2,3", osm.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("west,south,east,north"), "{err}");
    let (code, out, _) = onemap(&["check", db]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn gdal_reads_the_roads_layer() {
    let Ok(out) = Command::new("ogrinfo").arg("--version").output() else {
        eprintln!("ogrinfo not installed; skipped (CI installs gdal-bin)");
        return;
    };
    assert!(out.status.success());
    let dir = tempfile::tempdir().unwrap();
    let (path, mut p) = project(&dir);
    let s = import(&mut p, data("west-oakland.osm.bz2"), None).unwrap();
    drop(p);
    let out = Command::new("ogrinfo").args(["-so", path.to_str().unwrap(), "roads"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Geometry: Line String"), "{text}");
    assert!(text.contains(&format!("Feature Count: {}", s.build.segments)), "{text}");
}

/// `service-areas`: the stations share the network: their lengths and the unreached rest add up
/// to the whole network, and the GeoJSON names each station.
#[test]
fn cli_service_areas_partition_the_network_among_the_stations() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.gpkg");
    let db = db.to_str().unwrap();
    assert_eq!(onemap(&["init", db]).0, 0);
    let csv = dir.path().join("s.csv");
    std::fs::write(&csv, "name,lon,lat,class,status\n西站,-122.3010,37.8070,一级站,现有\n东站,-122.2990,37.8085,一级站,现有\n规划站,-122.2995,37.8080,一级站,规划\n").unwrap();
    assert_eq!(onemap(&["import", "--db", db, "--layer", "stations", csv.to_str().unwrap()]).0, 0);
    let out_file = dir.path().join("sa.geojson");
    let args = ["service-areas", "--db", db, "--out", out_file.to_str().unwrap(), "--json"];
    let (code, _, err) = onemap(&args);
    assert_eq!(code, 1, "no roads yet: {err}");
    let osm = data("west-oakland.osm.bz2");
    assert_eq!(onemap(&["roads", "import", "--db", db, osm.to_str().unwrap()]).0, 0);
    let (code, info, _) = onemap(&["roads", "info", "--db", db, "--json"]);
    assert_eq!(code, 0);
    let network_km = serde_json::from_str::<serde_json::Value>(&info).unwrap()["length_km"].as_f64().unwrap();

    let (code, out, err) = onemap(&args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let areas = v["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 2, "the planned station does not turn out: {v}");
    let total: f64 =
        areas.iter().map(|a| a["length_km"].as_f64().unwrap()).sum::<f64>() + v["unreached_km"].as_f64().unwrap();
    assert!((total - network_km).abs() < 1e-3 * network_km, "{total} km vs the network's {network_km} km");
    let fc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    let names: Vec<&str> =
        fc["features"].as_array().unwrap().iter().map(|f| f["properties"]["station"].as_str().unwrap()).collect();
    assert_eq!(names, ["西站", "东站"]);

    let (code, _, err) = onemap(&["service-areas", "--db", db, "--out", "x.geojson", "--max-minutes", "0"]);
    assert_eq!(code, 1);
    assert!(err.contains("--max-minutes"), "{err}");

    // A planned station alone covers nothing today, in isochrones as in service areas.
    let only_planned = dir.path().join("planned.gpkg");
    let only_planned = only_planned.to_str().unwrap();
    assert_eq!(onemap(&["init", only_planned]).0, 0);
    std::fs::write(&csv, "name,lon,lat,class,status\n规划站,-122.2995,37.8080,一级站,规划\n").unwrap();
    assert_eq!(onemap(&["import", "--db", only_planned, "--layer", "stations", csv.to_str().unwrap()]).0, 0);
    assert_eq!(onemap(&["roads", "import", "--db", only_planned, osm.to_str().unwrap()]).0, 0);
    let iso = dir.path().join("iso.geojson");
    for args in [
        vec!["isochrone", "--db", only_planned, "--stations", "--minutes", "5", "--out", iso.to_str().unwrap()],
        vec!["service-areas", "--db", only_planned, "--out", iso.to_str().unwrap()],
    ] {
        let (code, _, err) = onemap(&args);
        assert_eq!(code, 1, "{args:?}");
        assert!(err.contains("in service"), "{err}");
    }
}

//! The siting window with a layer of the project as demand, and a saved scenario's full coverage
//! analysis one click away (egui_kittest).

use std::path::{Path, PathBuf};

use egui_kittest::kittest::Queryable;
use onemap::model::siting::{DemandKind, DemandLayer};
use onemap::store::Project;
use onemap::ui::command::Command;
use onemap::ui::settings::UiSettings;

/// The window on `path`, tall enough for the demand layer list (every point or polygon table
/// of the project with features) to open below its combo box on screen.
fn harness(path: &Path) -> egui_kittest::Harness<'static, onemap::ui::OneMapApp> {
    let path = path.to_path_buf();
    let mut h = egui_kittest::Harness::builder()
        .with_size([1400.0, 1300.0])
        .with_context_setup(onemap::ui::fonts::install)
        .build_eframe(move |cc| {
            onemap::ui::OneMapApp::with_settings(
                &cc.egui_ctx,
                UiSettings::default(),
                onemap::ui::StartOptions { project: Some(path), operator: Some("测试员".into()), started: None },
            )
        });
    h.run_steps(4);
    h
}

/// The demo with a layer `居民点` a planner added (as QGIS would): one point on a planned
/// station weighing 1000, one 2° away weighing 7.
fn demo_with_layer(dir: &Path) -> (PathBuf, onemap::model::LonLat) {
    let path = dir.join("anyang.gpkg");
    onemap::demo::create(&path, Some("测试员")).unwrap();
    let snapshot = onemap::snapshot::Snapshot::load(&Project::open(&path).unwrap()).unwrap();
    let plan = onemap::planning::scenarios::builtin(&snapshot).unwrap();
    let on = plan.sites[0].location;
    let conn = rusqlite::Connection::open(&path).unwrap();
    onemap::store::gpkg::register_functions(&conn).unwrap();
    conn.execute_batch("CREATE TABLE 居民点 (fid INTEGER PRIMARY KEY, name TEXT, 人口 INTEGER, geom BLOB)").unwrap();
    onemap::store::gpkg::register_feature_table(&conn, "居民点", "POINT", "居民点", "").unwrap();
    for (name, lon, lat, people) in [("近", on.lon, on.lat, 1000), ("远", on.lon + 2.0, on.lat, 7)] {
        let g = geo_types::Geometry::Point(geo_types::Point::new(lon, lat));
        let blob = onemap::store::gpkg::encode(&g, onemap::store::gpkg::SRS_WGS84);
        conn.execute(
            "INSERT INTO 居民点 (name, 人口, geom) VALUES (?1, ?2, ?3)",
            rusqlite::params![name, people, blob],
        )
        .unwrap();
    }
    (path, on)
}

#[test]
fn a_layer_weighted_by_a_field_is_the_demand_and_a_saved_scenario_gets_its_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = demo_with_layer(dir.path());
    let mut h = harness(&path);
    h.state_mut().apply(Command::ShowSiting);
    h.run_steps(2);
    // A bad candidate file is read on a worker thread; its error names the file and the field.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "name,lon,lat\nx,114.35,96\n").unwrap();
    h.state_mut().apply(Command::Siting(onemap::ui::panels::siting::SitingAction::Import(bad)));
    h.state_mut().wait_for_jobs();
    h.run_steps(2);
    let note = h.state().siting.note().unwrap_or_default().to_string();
    assert!(note.contains("bad.csv") && note.contains("lat"), "{note}");
    assert!(h.state().siting.candidates().is_empty());
    h.get_by_label("图层要素").click();
    h.run_steps(2);
    // The options sit low in the window's scroll area (which scrolls smoothly: let it settle).
    h.get_by_value("选择图层…").scroll_to_me();
    h.run_steps(20);
    h.get_by_value("选择图层…").click();
    h.run_steps(2);
    h.get_by_label("居民点 · 2").scroll_to_me();
    h.run_steps(20);

    h.get_by_label("居民点 · 2").click();
    h.run_steps(2);
    h.get_by_value("无（每个要素权重为1）").scroll_to_me();
    h.run_steps(20);
    h.get_by_value("无（每个要素权重为1）").click();
    h.run_steps(2);
    h.get_by_label("人口").click();
    h.run_steps(2);

    h.get_by_label("求解最优站址").click();
    h.run_steps(1);
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    let rows = h.state().siting.rows().unwrap_or_else(|| panic!("{:?}", h.state().siting.note())).to_vec();
    // The point on a planned site is covered with its weight; the far one is not.
    assert_eq!(rows[1].covered_weight, 1000.0, "{rows:?}");
    assert!((rows[1].covered_share - 1000.0 / 1007.0).abs() < 1e-12);
    // How times were obtained, in Chinese in the Chinese interface.
    h.get_by_label_contains("直线距离×1.3，按 30 km/h 估算");
    h.get_by_label("保存为方案").click();
    h.run_steps(2);
    let saved = Project::open(&path).unwrap().siting_scenarios().unwrap();
    assert_eq!(saved.len(), 1);
    let want = DemandKind::Layer(DemandLayer { layer: "居民点".into(), weight: Some("人口".into()) });
    assert_eq!(saved[0].options.demand, want);

    // Back to enterprise demand in the form, then compare the plan with the saved scenario: each
    // is evaluated with its own settings (the plan, having none, with the form's).
    h.get_by_label("企业（按风险等级加权）").scroll_to_me();
    h.run_steps(20);
    h.get_by_label("企业（按风险等级加权）").click();
    h.run_steps(1);
    h.get_by_label(&format!("勾选后参与比较：{}", saved[0].name)).scroll_to_me();
    h.run_steps(20);
    h.get_by_label(&format!("勾选后参与比较：{}", saved[0].name)).click();
    h.run_steps(1);
    h.get_by_label("比较所选方案").click();
    h.run_steps(1);
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    let rows = h.state().siting.rows().unwrap_or_else(|| panic!("{:?}", h.state().siting.note())).to_vec();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[2].covered_weight, 1000.0, "the saved scenario with its layer demand: {rows:?}");
    assert!((rows[2].covered_share - 1000.0 / 1007.0).abs() < 1e-12, "{rows:?}");
    // The plan with the form's enterprise demand: risk weights, nowhere near the layer's 1007.
    let total = rows[1].covered_weight / rows[1].covered_share;
    let enterprises = onemap::snapshot::Snapshot::load(&Project::open(&path).unwrap()).unwrap().enterprises;
    let weights = onemap::model::siting::DemandWeights::default();
    let want: f64 = enterprises.iter().map(|e| weights.of(e.risk)).sum();
    assert!((total - want).abs() < 1e-6, "{total} vs {want}: {rows:?}");
    h.get_by_label("计算设置");

    // The saved scenario (selected after saving) in the full coverage analysis, on a worker.
    h.get_by_label("方案覆盖分析").scroll_to_me();
    h.run_steps(20);
    h.get_by_label("方案覆盖分析").click();
    h.run_steps(1);
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    let app = h.state();
    let run = app.doc.as_ref().and_then(|d| d.coverage.as_ref()).expect("analysis kept");
    assert_eq!(run.report.scenario.as_deref(), Some(saved[0].name.as_str()));
    let before = run.report.before.as_ref().expect("existing stations alone beside");
    assert_eq!(run.report.summary.stations, before.stations + saved[0].sites.len());
    assert!(run.is_current(app.doc.as_ref().unwrap()), "the project did not change");
    h.get_by_label(&format!("含方案“{}”", saved[0].name));
}

/// A planner's own file (GBK CSV from Excel) imported from the siting window becomes a layer of
/// the project, chosen as demand at once; weighted by its population field it is what the
/// optimisation covers. A broken file names its line and field and adds no layer.
#[test]
fn a_demand_file_is_imported_as_a_layer_from_the_window_and_chosen_as_demand() {
    use onemap::ui::panels::siting::SitingAction;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("anyang.gpkg");
    onemap::demo::create(&path, Some("测试员")).unwrap();
    let snapshot = onemap::snapshot::Snapshot::load(&Project::open(&path).unwrap()).unwrap();
    let on = onemap::planning::scenarios::builtin(&snapshot).unwrap().sites[0].location;
    let mut h = harness(&path);
    h.state_mut().apply(Command::ShowSiting);
    h.run_steps(2);
    let layers = || Project::open(&path).unwrap().feature_layers().unwrap().len();
    let before = layers();

    let bad = dir.path().join("坏.csv");
    std::fs::write(&bad, "村名,经度,纬度,人口\n东庄,114.35,36.1,10\n西庄,514.35,36.1,10\n").unwrap();
    h.state_mut().apply(Command::Siting(SitingAction::ImportLayer(bad)));
    h.state_mut().wait_for_jobs();
    h.run_steps(2);
    h.get_by_label_contains("坏.csv, line 3, field \"经度\"");
    assert_eq!(layers(), before);

    let csv = dir.path().join("村庄.csv");
    let text = format!("村名,经度,纬度,人口\n近村,{},{},1000\n远村,{},{},7\n", on.lon, on.lat, on.lon + 2.0, on.lat);
    std::fs::write(&csv, encoding_rs::GB18030.encode(&text).0).unwrap();
    h.state_mut().apply(Command::Siting(SitingAction::ImportLayer(csv)));
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    assert_eq!(layers(), before + 1);
    // Chosen as demand straight away: the layer list shows it.
    h.get_by_value("村庄 · 2").scroll_to_me();
    h.run_steps(20);
    h.get_by_value("无（每个要素权重为1）").click();
    h.run_steps(2);
    h.get_by_label("人口").click();
    h.run_steps(2);
    h.get_by_label("求解最优站址").click();
    h.run_steps(1);
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    let rows = h.state().siting.rows().unwrap_or_else(|| panic!("{:?}", h.state().siting.note())).to_vec();
    assert_eq!(rows[1].covered_weight, 1000.0, "{rows:?}");
    assert!((rows[1].covered_share - 1000.0 / 1007.0).abs() < 1e-12, "{rows:?}");
}

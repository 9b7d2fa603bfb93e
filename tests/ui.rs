//! The window, driven through egui_kittest: it opens the demo project, layers toggle, search
//! finds a planned station, an edit lands in the project with an audit row, and the main view
//! matches the checked-in snapshot images (light and dark).

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use onemap::model::{Feature, Layer};
use onemap::render::{LayerId, Theme};
use onemap::store::{AuditQuery, Project};
use onemap::ui::settings::UiSettings;
use onemap::ui::{OneMapApp, StartOptions};

#[path = "common/ui_harness.rs"]
mod ui_harness;
use ui_harness::harness;

fn demo(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("anyang.gpkg");
    onemap::demo::create(&path, Some("测试员")).unwrap();
    path
}

fn symbols(app: &OneMapApp, id: LayerId) -> usize {
    let c = app.map.drawn(id);
    c.symbols + c.clusters
}

#[test]
fn opens_the_demo_project_on_the_whole_city() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let h = harness(&path, UiSettings::default());
    let app = h.state();
    let doc = app.doc.as_ref().expect("project open");
    assert_eq!(doc.snapshot.stations.len(), 29);
    for id in [LayerId::Stations, LayerId::Teams, LayerId::Depots, LayerId::Enterprises] {
        assert!(symbols(app, id) > 0, "{id:?} drew nothing");
    }
    assert!(app.map.labels_placed() > 10, "only {} labels", app.map.labels_placed());
    // The whole city is in view: its centre is near Anyang and the zoom is city scale.
    let c = app.map.centre();
    assert!((c.lon - 114.3).abs() < 0.5 && (c.lat - 35.9).abs() < 0.5, "{c:?}");
    assert!((7.5..11.0).contains(&app.map.zoom()), "{}", app.map.zoom());
    // Chinese interface.
    h.get_by_label("文件");
    h.get_by_label_contains("消防站 29");
}

#[test]
fn toggling_a_layer_hides_its_features() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut h = harness(&path, UiSettings::default());
    assert!(symbols(h.state(), LayerId::Stations) > 0);
    let teams_before = symbols(h.state(), LayerId::Teams);
    h.get_by_role_and_label(Role::CheckBox, "消防站").click();
    h.run_steps(3);
    assert_eq!(symbols(h.state(), LayerId::Stations), 0, "stations still drawn");
    assert!(!h.state().settings.layer(LayerId::Stations).unwrap().visible);
    // Other layers are untouched, and the legend no longer lists stations.
    assert_eq!(symbols(h.state(), LayerId::Teams), teams_before);
    assert!(h.query_by_label("特勤站").is_none(), "legend still shows station classes");
    h.get_by_role_and_label(Role::CheckBox, "消防站").click();
    h.run_steps(3);
    assert!(symbols(h.state(), LayerId::Stations) > 0);
}

fn search(h: &mut Harness<'static, OneMapApp>, text: &str) {
    let input = h.get_by_role(Role::TextInput);
    input.click();
    input.type_text(text);
    h.run_steps(2);
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
}

#[test]
fn searching_shows_the_planned_station_details() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut h = harness(&path, UiSettings::default());
    search(&mut h, "汪家店");
    let app = h.state();
    let sel = app.selection.expect("a search result is selected");
    assert_eq!(sel.layer, Layer::Stations);
    let Some(Feature::Stations(s)) = app.doc.as_ref().unwrap().feature(sel) else { panic!("not a station") };
    assert_eq!(s.name, "汪家店消防站");
    // The details panel shows it as planned and illustrative, and the map zoomed in on it.
    h.get_by_label("汪家店消防站");
    h.get_by_label("消防站 · 二级站 · 规划");
    h.get_by_label("示意");
    assert!(app.map.zoom() >= 14.0);
    let c = app.map.centre();
    assert!(c.distance_m(s.location) < 50.0, "{c:?} vs {:?}", s.location);
}

#[test]
fn an_edit_through_the_ui_is_stored_with_an_audit_row_and_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut h = harness(&path, UiSettings::default());
    search(&mut h, "汪家店");
    h.get_by_label("编辑属性").click();
    h.run_steps(3);
    fn name_box<'a>(h: &'a Harness<'static, OneMapApp>) -> egui_kittest::Node<'a> {
        h.get_all_by_role(Role::TextInput)
            .find(|n| n.value().as_deref() == Some("汪家店消防站"))
            .expect("the name field holds the name")
    }
    name_box(&h).click();
    h.run_steps(1);
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    h.run_steps(1);
    name_box(&h).type_text("汪家店消防站（调整）");
    h.run_steps(2);
    h.get_by_label("保存").click();
    h.run_steps(4);

    let sel = h.state().selection.unwrap();
    let project = Project::open(&path).unwrap();
    let Some(Feature::Stations(s)) = project.feature(Layer::Stations, sel.id).unwrap() else { panic!() };
    assert_eq!(s.name, "汪家店消防站（调整）");
    let audit = project
        .audit(&AuditQuery { table: Some("stations".into()), feature_id: Some(sel.id), limit: Some(1) })
        .unwrap();
    assert_eq!(audit[0].action, "update");
    assert_eq!(audit[0].operator, "测试员");
    assert_eq!(audit[0].before.as_ref().unwrap()["name"], "汪家店消防站");
    drop(project);

    // Undo through the toolbar puts the old name back (itself an audited write).
    h.get_by_label("撤销").click();
    h.run_steps(3);
    let project = Project::open(&path).unwrap();
    assert_eq!(project.feature(Layer::Stations, sel.id).unwrap().unwrap().name(), "汪家店消防站");
}

fn snapshot_harness(path: &Path, theme: Theme) -> Harness<'static, OneMapApp> {
    let path = path.to_path_buf();
    let settings = UiSettings { theme, ..UiSettings::default() };
    let mut h = Harness::builder()
        .with_size([1400.0, 880.0])
        .with_context_setup(onemap::ui::fonts::install)
        .wgpu()
        .build_eframe(move |cc| {
            OneMapApp::with_settings(
                &cc.egui_ctx,
                settings,
                StartOptions { project: Some(path), operator: Some("测试员".into()), started: None },
            )
        });
    h.run_steps(6);
    h
}

#[test]
fn main_view_snapshots_light_and_dark() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut results = egui_kittest::SnapshotResults::new();
    for (theme, name) in [(Theme::Light, "main_view_light"), (Theme::Dark, "main_view_dark")] {
        let mut h = snapshot_harness(&path, theme);
        // The status bar's message names the temporary file: keep it out of the image.
        h.state_mut().message = None;
        // Overdue tags count days to today: judge the ledger on a fixed day.
        h.state_mut().set_clock(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 4, 0, 0).unwrap());
        h.run_steps(2);
        h.snapshot(name);
        results.extend_harness(&mut h);
    }
}

#[test]
fn hovering_a_station_shows_its_tooltip_with_the_illustrative_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut h = harness(&path, UiSettings::default());
    search(&mut h, "汪家店");
    // The selected station sits in the middle of the map.
    let view = h.state().map.view.unwrap();
    let station = h.state().doc.as_ref().unwrap().feature(h.state().selection.unwrap()).unwrap();
    let at = view.lonlat_to_screen(station.location().unwrap());
    h.hover_at(egui::pos2(at[0], at[1]));
    h.run_steps(2);
    std::thread::sleep(std::time::Duration::from_millis(700));
    h.run_steps(3);
    assert!(h.state().map.hover.is_some(), "nothing under the pointer at {at:?}");
    h.get_by_label("单击查看详情");
    // The hover card repeats what the details panel says about the station.
    assert_eq!(h.get_all_by_label("消防站 · 二级站 · 规划").count(), 2);
}

/// A right-click at `at` on the map.
fn right_click(h: &mut Harness<'static, OneMapApp>, at: egui::Pos2) {
    h.hover_at(at);
    h.run_steps(1);
    for pressed in [true, false] {
        h.input_mut().events.push(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.run_steps(1);
    }
    h.run_steps(3);
}

#[test]
fn right_click_places_an_incident_and_the_dispatch_panel_answers_as_the_library_does() {
    use onemap::actions::dispatch::{DispatchSettings, travel_model};
    use onemap::analysis::dispatch::{Incident, plan};
    use onemap::analysis::nearest::Responders;
    use onemap::model::LonLat;
    use onemap::ui::command::Command;

    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut h = harness(&path, UiSettings::default());
    assert_eq!(h.state().map.drawn(LayerId::Dispatch).circles, 0, "no incident yet");
    // Right-click near the centre of Anyang (安阳市特勤消防救援站 is 1.4 km away).
    let view = h.state().map.view.unwrap();
    let at = view.lonlat_to_screen(LonLat::new(114.39, 36.10));
    right_click(&mut h, egui::pos2(at[0], at[1]));
    let placed = h.state().dispatch.at.expect("right-click placed an incident");
    assert!(placed.distance_m(LonLat::new(114.39, 36.10)) < 500.0, "{placed:?}");

    // Choose 危化品泄漏 in the panel.
    h.get_by_label("事故类型").click();
    h.run_steps(2);
    h.get_by_label("危化品泄漏").click();
    h.run_steps(4);
    let app = h.state();
    let shown = app.dispatch.plan.clone().expect("the panel shows an answer");
    assert_eq!(shown.incident_type, "危化品泄漏");

    // The same library call the CLI makes gives the same units in the same order.
    let project = Project::open(&path).unwrap();
    let snapshot = onemap::snapshot::Snapshot::load(&project).unwrap();
    let settings = DispatchSettings::load(&project).unwrap();
    let hour = onemap::actions::dispatch::time_of_day(&project.zone().unwrap(), shown.when);
    let travel = travel_model(&project, &settings, Some(hour)).unwrap();
    let template = settings.templates.find("危化品泄漏").unwrap().clone();
    let responders = Responders::new(&snapshot, &settings.protection, travel.as_ref());
    let expected = plan(&responders, &Incident { at: placed, template, when: shown.when }).unwrap();
    let ids =
        |p: &onemap::analysis::dispatch::DispatchPlan| p.units().map(|a| (a.unit.layer, a.unit.id)).collect::<Vec<_>>();
    assert_eq!(ids(&shown), ids(&expected));
    assert!(!shown.teams.is_empty() && !shown.depots.is_empty(), "a hazmat answer sends a 危化 team and materials");
    drop(project);

    // The panel names the nearest station with its estimated arrival; the map draws a line per
    // unit and the incident mark, on a layer of its own.
    let first = &shown.stations[0].unit;
    h.get_by_label(&first.name);
    let eta = onemap::render::layers::dispatch::eta_text(first.eta_s, first.estimate, onemap::i18n::Lang::Zh);
    assert!(eta.starts_with('~'), "straight-line times are marked as estimates: {eta}");
    assert!(h.query_all_by_label(&eta).count() >= 1, "{eta} not shown");
    let drawn = h.state().map.drawn(LayerId::Dispatch);
    assert_eq!(drawn.lines, 2 * shown.units().count(), "a cased line per unit");
    assert_eq!(drawn.circles, 2, "the incident mark");

    // Sheet and map exports, then the incident is logged with an audit row.
    for name in ["dispatch.xlsx", "dispatch.csv", "dispatch.png", "dispatch.pdf"] {
        let out = dir.path().join(name);
        h.state_mut().apply(Command::ExportDispatch(out.clone()));
        let bytes = std::fs::read(&out).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(bytes.len() > 200, "{name} is {} bytes", bytes.len());
    }
    let csv = std::fs::read_to_string(dir.path().join("dispatch.csv")).unwrap();
    assert!(csv.contains(&first.name) && csv.contains("危化品泄漏"), "{csv}");
    assert!(std::fs::read(dir.path().join("dispatch.png")).unwrap().starts_with(b"\x89PNG"));
    assert!(std::fs::read(dir.path().join("dispatch.pdf")).unwrap().starts_with(b"%PDF"));
    h.get_by_label("记录到项目").click();
    h.run_steps(2);
    let project = Project::open(&path).unwrap();
    let logged = project.incidents().unwrap();
    assert_eq!(logged.len(), 1, "{:?}", h.state().message);
    assert_eq!(logged[0].log.kind, "危化品泄漏");
    assert_eq!(logged[0].operator, "测试员");
    let audit = project.audit(&AuditQuery { table: Some("incidents".into()), ..Default::default() }).unwrap();
    assert_eq!(audit.len(), 1);

    // Clearing the incident empties the layer.
    h.get_by_label("清除事故").click();
    h.run_steps(3);
    assert_eq!(h.state().map.drawn(LayerId::Dispatch).circles, 0);
}

#[test]
fn incident_types_are_edited_in_the_window_and_stored_with_an_audit_row() {
    use onemap::actions::dispatch::DispatchSettings;

    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut h = harness(&path, UiSettings::default());
    // Tools → 编辑事故类型… (the menu item sends this command).
    h.state_mut().apply(onemap::ui::command::Command::ShowIncidentTypes);
    h.run_steps(3);
    h.get_by_label("危化品泄漏").click();
    h.run_steps(3);
    // The hazmat template needs a 危化 team; add 医疗.
    fn caps<'a>(h: &'a Harness<'static, OneMapApp>, v: &str) -> egui_kittest::Node<'a> {
        h.get_all_by_role(Role::TextInput).find(|n| n.value().as_deref() == Some(v)).expect("the capability field")
    }
    caps(&h, "危化").click();
    h.run_steps(1);
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    h.run_steps(1);
    caps(&h, "危化").type_text("危化，医疗");
    h.run_steps(2);
    h.get_by_label("保存到项目").click();
    h.run_steps(3);

    let project = Project::open(&path).unwrap();
    let t = DispatchSettings::load(&project).unwrap().templates;
    let hazmat = t.find("hazmat").unwrap();
    assert_eq!(hazmat.capabilities, ["危化", "医疗"]);
    let audit = project.audit(&AuditQuery { table: Some("onemap_settings".into()), ..Default::default() }).unwrap();
    assert!(!audit.is_empty(), "the settings write is audited");
}

#[test]
fn an_incident_is_placed_from_a_feature_from_typed_coordinates_and_from_a_name() {
    use onemap::model::LonLat;

    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut h = harness(&path, UiSettings::default());
    // From the details of a searched feature.
    search(&mut h, "汪家店");
    let station = h.state().doc.as_ref().unwrap().feature(h.state().selection.unwrap()).unwrap();
    h.get_by_label("在此新建事故").click();
    h.run_steps(3);
    assert_eq!(h.state().dispatch.at, station.location());
    assert!(h.state().dispatch.plan.is_some(), "{:?}", h.state().dispatch.error);

    // Typed coordinates move it.
    fn field<'a>(h: &'a Harness<'static, OneMapApp>, v: &str) -> egui_kittest::Node<'a> {
        h.get_all_by_role(Role::TextInput).find(|n| n.value().as_deref() == Some(v)).expect("a coordinate field")
    }
    let at = station.location().unwrap();
    for (old, new) in [(format!("{:.6}", at.lon), "114.390000"), (format!("{:.6}", at.lat), "36.100000")] {
        field(&h, &old).click();
        h.run_steps(1);
        h.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
        h.run_steps(1);
        field(&h, &old).type_text(new);
        h.run_steps(1);
    }
    h.get_by_label("放置事故").click();
    h.run_steps(3);
    assert_eq!(h.state().dispatch.at, Some(LonLat::new(114.39, 36.10)));

    // A name: the 文峰区 outline's centroid.
    let doc = h.state().doc.as_ref().unwrap();
    let (expected, name) = onemap::ui::panels::dispatch::place_named(doc, "文峰区").expect("文峰区 is in the demo");
    assert_eq!(name, "文峰区");
    h.state_mut().dispatch.address = "文峰区".into();
    h.run_steps(1);
    h.get_by_label("查找地点").click();
    h.run_steps(3);
    assert_eq!(h.state().dispatch.at, Some(expected));
    assert!(h.state().dispatch.error.is_none());
}

/// A project on the West Oakland roads with two fire stations (the road samples are not in
/// Anyang; the window works on any city).
fn oakland(dir: &Path) -> std::path::PathBuf {
    let path = oakland_stations(dir);
    let mut p = Project::open(&path).unwrap();
    onemap::routing::import_roads(
        &mut p,
        &onemap::routing::RoadImport { file: oakland_osm(), bbox: None },
        &onemap::progress::Silent,
    )
    .unwrap();
    path
}

fn oakland_osm() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/osm/west-oakland.osm.bz2")
}

/// The two Oakland stations, no roads yet.
fn oakland_stations(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("oakland.gpkg");
    let mut p = Project::create(&path).unwrap();
    let csv = dir.join("stations.csv");
    std::fs::write(
        &csv,
        "name,lon,lat,class,status\n西站,-122.3010,37.8070,一级站,现有\n东站,-122.2990,37.8085,一级站,现有\n",
    )
    .unwrap();
    let req = onemap::actions::ImportRequest::new(&csv, Layer::Stations);
    onemap::actions::import_file(&mut p, &req, &onemap::progress::Silent).unwrap();
    path
}

#[test]
fn a_click_with_the_isochrone_tool_draws_drive_time_bands_and_service_areas_draw_roads() {
    use onemap::ui::command::Command;
    let dir = tempfile::tempdir().unwrap();
    let path = oakland(dir.path());
    let mut h = harness(&path, UiSettings::default());
    assert_eq!(h.state().map.drawn(LayerId::Travel).polygons, 0);
    h.state_mut().apply(Command::ShowRoads);
    h.run_steps(2);
    h.get_by_label("在地图上点选起点").click();
    h.run_steps(2);
    // Click the middle of the map (between the two stations, on the street grid).
    let view = h.state().map.view.unwrap();
    let at = view.lonlat_to_screen(onemap::model::LonLat::new(-122.3000, 37.8078));
    let pos = egui::pos2(at[0], at[1]);
    h.hover_at(pos);
    h.run_steps(1);
    h.drag_at(pos);
    h.run_steps(1);
    h.drop_at(pos);
    h.run_steps(1);
    // The search runs on a worker thread; the window shows the bands once it ends.
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    // Four bands (4, 5, 8, 10 min), each at least one filled polygon.
    let drawn = h.state().map.drawn(LayerId::Travel);
    assert!(drawn.polygons >= 4, "{drawn:?}");
    h.get_by_label_contains("10 min");

    h.get_by_label("消防站责任路段").click();
    h.run_steps(1);
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    let drawn = h.state().map.drawn(LayerId::Travel);
    assert_eq!(drawn.polygons, 0, "the service areas replace the bands");
    assert!(drawn.lines > 10, "{drawn:?}");

    h.get_by_label("清除").click();
    h.run_steps(3);
    assert_eq!(h.state().map.drawn(LayerId::Travel).lines, 0);
}

#[test]
fn the_siting_window_adds_candidates_optimises_on_a_worker_saves_and_compares_scenarios() {
    use onemap::ui::command::Command;
    use onemap::ui::panels::siting::SitingAction;
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut h = harness(&path, UiSettings::default());
    h.state_mut().apply(Command::ShowSiting);
    h.run_steps(2);
    // The plan is the first scenario.
    h.get_by_label("规划八站（规划站）");
    // Candidates: a click on the map with the pick tool, a file, a grid over a district.
    h.get_by_label("在地图上点选").click();
    h.run_steps(1);
    h.drag_at(egui::pos2(600.0, 450.0));
    h.run_steps(1);
    h.drop_at(egui::pos2(600.0, 450.0));
    h.run_steps(2);
    assert_eq!(h.state().siting.candidates().len(), 1, "{:?}", h.state().message);
    let csv = dir.path().join("sites.csv");
    std::fs::write(&csv, "名称,经度,纬度\n东候选,114.42,36.10\n西候选,114.30,36.09\n").unwrap();
    // The file is read on a worker thread.
    h.state_mut().apply(Command::Siting(SitingAction::Import(csv)));
    h.state_mut().wait_for_jobs();
    h.run_steps(1);
    assert_eq!(h.state().siting.candidates().len(), 3);
    h.get_by_value("选择区县").click();
    h.run_steps(3);
    h.get_by_label("文峰区").click();
    h.run_steps(1);
    h.get_by_label("生成网格候选点").click();
    h.run_steps(2);
    let n = h.state().siting.candidates().len();
    assert!(n > 3, "{n}");
    assert!(h.state().map.drawn(LayerId::Siting).circles >= n, "candidates on the map");

    // Optimise on a worker thread, then save the result as a scenario.
    h.get_by_label("求解最优站址").click();
    h.run_steps(1);
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    assert!(!h.state().busy());
    let rows = h.state().siting.rows().unwrap_or_else(|| panic!("{:?}", h.state().siting.note())).to_vec();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].sites.len(), 8);
    assert!(rows[1].covered_weight >= rows[0].covered_weight);
    h.get_by_label_contains("已证明最优");
    h.get_by_label("保存为方案").click();
    h.run_steps(2);
    let saved = Project::open(&path).unwrap().siting_scenarios().unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].sites.len(), 8);
    let audit = Project::open(&path)
        .unwrap()
        .audit(&AuditQuery { table: Some("onemap_siting_scenarios".into()), ..Default::default() })
        .unwrap();
    assert_eq!((audit.len(), audit[0].operator.as_str()), (1, "测试员"));
    // Duplicate the saved scenario, then delete the copy.
    h.get_by_label("复制").click();
    h.run_steps(2);
    let two = Project::open(&path).unwrap().siting_scenarios().unwrap();
    assert_eq!(two.len(), 2, "{:?}", h.state().message);
    assert_eq!((two[1].sites.clone(), two[1].options.clone()), (saved[0].sites.clone(), saved[0].options.clone()));
    h.get_by_label("删除").click();
    h.run_steps(2);
    assert_eq!(Project::open(&path).unwrap().siting_scenarios().unwrap(), saved);

    // Compare the plan with the saved optimum: a column and a small map each.
    assert_eq!(h.state().siting.scenarios().len(), 2);
    h.get_by_label(&format!("勾选后参与比较：{}", saved[0].name)).click();
    h.run_steps(1);
    h.get_by_label("比较所选方案").click();
    h.run_steps(1);
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    let rows = h.state().siting.rows().expect("compared").to_vec();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["existing", "规划八站", saved[0].name.as_str()]);
    assert!(rows[2].covered_weight >= rows[1].covered_weight, "the optimum covers at least the plan");
    assert_eq!(h.get_all_by_role(Role::Image).count(), 2, "two small maps side by side");
    assert_eq!(h.state().map.drawn(LayerId::Siting).circles, n + 16);
    let out = dir.path().join("compare.csv");
    h.state_mut().apply(Command::Siting(SitingAction::Export(out.clone())));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("规划八站") && text.contains(&saved[0].name), "{text}");
}

#[test]
fn roads_imported_from_the_window_feed_the_isochrones_of_all_stations() {
    use onemap::ui::command::Command;
    let dir = tempfile::tempdir().unwrap();
    let path = oakland_stations(dir.path());
    let mut h = harness(&path, UiSettings::default());
    h.state_mut().apply(Command::ShowRoads);
    h.run_steps(2);
    h.get_by_label("全部消防站等时圈").click();
    h.run_steps(1);
    h.state_mut().wait_for_jobs();
    h.run_steps(2);
    h.get_by_label_contains("项目中没有路网");
    h.state_mut().apply(Command::ImportRoads(oakland_osm()));
    // The import runs on a worker thread, with its bar and Cancel in the status bar.
    assert!(h.state().busy());
    h.run_steps(1);
    h.get_by_label("取消");
    h.state_mut().wait_for_jobs();
    h.run_steps(2);
    assert!(!h.state().busy());
    assert!(onemap::routing::load_router(&Project::open(&path).unwrap(), None).unwrap().is_some());
    h.get_by_label("全部消防站等时圈").click();
    h.run_steps(1);
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    assert!(h.state().map.drawn(LayerId::Travel).polygons >= 4);
    // A file that is not a road network leaves an error in the status bar and the roads as they were.
    let bad = dir.path().join("bad.osm");
    std::fs::write(&bad, "<osm><node id=\"1\" lat=\"x\"").unwrap();
    h.state_mut().apply(Command::ImportRoads(bad));
    h.state_mut().wait_for_jobs();
    assert!(h.state().message.as_ref().is_some_and(|(_, error)| *error));
    assert!(onemap::routing::load_router(&Project::open(&path).unwrap(), None).unwrap().is_some());
}

#[test]
fn coverage_tab_computes_and_the_map_draws_the_coverage_layer() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut h = harness(&path, UiSettings::default());
    assert_eq!(h.state().map.drawn(LayerId::Coverage).polygons, 0, "nothing before an analysis");
    h.get_by_label("覆盖分析").click();
    h.run_steps(2);
    h.get_by_label("计入规划、在建消防站").click();
    h.get_by_label("计算").click();
    h.run_steps(1);
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    let app = h.state();
    let run = app.doc.as_ref().and_then(|d| d.coverage.as_ref()).expect("analysis kept");
    assert!(run.report.with_planned);
    assert!(run.report.before.is_some());
    assert!(app.map.drawn(LayerId::Coverage).polygons > 0, "coverage layer drew nothing");
    h.get_by_label("分析结果");
    h.get_by_label("仅现有消防站");
}

#[test]
fn a_layer_import_runs_on_a_worker_thread_and_the_map_shows_it_when_done() {
    use onemap::ui::command::Command;
    let dir = tempfile::tempdir().unwrap();
    let path = oakland_stations(dir.path());
    let mut h = harness(&path, UiSettings::default());
    let csv = dir.path().join("more.csv");
    std::fs::write(&csv, "name,lon,lat,class,status\n北站,-122.3000,37.8100,二级站,现有\n").unwrap();
    let stations = |h: &Harness<'_, OneMapApp>| h.state().doc.as_ref().map(|d| d.snapshot.stations.len());
    assert_eq!(stations(&h), Some(2));
    h.state_mut().apply(Command::Import(onemap::actions::ImportRequest::new(&csv, Layer::Stations)));
    h.state_mut().wait_for_jobs();
    h.run_steps(1);
    assert_eq!(stations(&h), Some(3));
    assert!(h.state().message.as_ref().is_some_and(|(m, error)| !error && m.contains('1')), "{:?}", h.state().message);
    // A broken file: the error names it, the project keeps what it had.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "name,lon,lat\n南站,abc,37.8\n").unwrap();
    h.state_mut().apply(Command::Import(onemap::actions::ImportRequest::new(&bad, Layer::Stations)));
    h.state_mut().wait_for_jobs();
    h.run_steps(1);
    assert!(
        h.state().message.as_ref().is_some_and(|(m, error)| *error && m.contains("bad.csv")),
        "{:?}",
        h.state().message
    );
    assert_eq!(stations(&h), Some(3));
}

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

fn demo(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("anyang.gpkg");
    onemap::demo::create(&path, Some("测试员")).unwrap();
    path
}

fn harness(path: &Path, settings: UiSettings) -> Harness<'static, OneMapApp> {
    let path = path.to_path_buf();
    let mut h = Harness::builder()
        .with_size([1400.0, 880.0])
        .with_context_setup(onemap::ui::fonts::install)
        .build_eframe(move |cc| {
            OneMapApp::with_settings(
                &cc.egui_ctx,
                settings,
                StartOptions { project: Some(path), operator: Some("测试员".into()), started: None },
            )
        });
    h.run_steps(4);
    h
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
    h.run_steps(4);
    let app = h.state();
    let run = app.doc.as_ref().and_then(|d| d.coverage.as_ref()).expect("analysis kept");
    assert!(run.report.with_planned);
    assert!(run.report.before.is_some());
    assert!(app.map.drawn(LayerId::Coverage).polygons > 0, "coverage layer drew nothing");
    h.get_by_label("分析结果");
    h.get_by_label("仅现有消防站");
}

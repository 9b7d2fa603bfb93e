//! The enterprise risk window, the unfiled list of the 风险 tab and the floor-plan
//! georeferencing window, driven through egui_kittest on the demo project: filing and its
//! history, the level override, the poster export, zone-import errors, and control points
//! given as clicks with their residuals.

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use onemap::model::risk_zones::LevelBasis;
use onemap::model::{FeatureId, Layer, LonLat, RiskLevel};
use onemap::spatial::georef::{ControlPoint, GeoRef, TransformKind};
use onemap::store::Project;
use onemap::ui::OneMapApp;
use onemap::ui::command::Command;
use onemap::ui::document::FeatureRef;
use onemap::ui::map::tools::Tool;
use onemap::ui::panels::risk_windows::RiskAction;
use onemap::ui::settings::UiSettings;

#[path = "common/ui_harness.rs"]
mod ui_harness;
use ui_harness::harness;

fn demo(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("anyang.gpkg");
    onemap::demo::create(&path, Some("测试员")).unwrap();
    path
}

/// The enterprise of the first red zone.
fn red_enterprise(path: &Path) -> FeatureId {
    let p = Project::open(path).unwrap();
    p.risk_zones(None).unwrap().iter().find(|z| z.level == RiskLevel::Red).unwrap().enterprise_id
}

fn run(h: &mut Harness<'static, OneMapApp>, action: RiskAction) {
    h.state_mut().apply(Command::Risk(action));
    // Posters, zone imports and the city table run as jobs: let them end, then the window takes them.
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
}

#[test]
fn the_details_panel_opens_the_risk_window_with_the_zones_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let e = red_enterprise(&path);
    let zones = Project::open(&path).unwrap().risk_zones(Some(e)).unwrap();
    let mut h = harness(&path, UiSettings::default());
    h.state_mut().apply(Command::Focus(FeatureRef { layer: Layer::Enterprises, id: e }));
    h.run_steps(3);
    h.get_by_label("风险四色图…").click();
    h.run_steps(3);
    assert!(h.state().risk.enterprise.open);
    assert_eq!(h.state().risk.enterprise.enterprise, Some(e));
    for z in &zones {
        h.get_by_label(&z.name);
    }
    // LEC columns: D of an assessed zone is shown.
    if let Some(l) = zones.iter().find_map(|z| z.lec) {
        let d = l.d();
        let text = format!("{d:.1}");
        let text = text.strip_suffix(".0").unwrap_or(&text).to_string();
        assert!(h.query_all_by_label(&text).count() >= 1, "D = {text} not shown");
    }
    h.get_by_label("按最高风险区域");
    h.get_by_label("从未报备");
}

#[test]
fn filing_from_the_window_records_a_version_and_the_history_compares_two() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let e = red_enterprise(&path);
    let mut h = harness(&path, UiSettings::default());
    run(&mut h, RiskAction::OpenEnterprise(e));
    h.state_mut().risk.enterprise.filing_date = "2025-01-15".into();
    h.get_by_label("立即报备").click();
    h.run_steps(3);
    let filings = Project::open(&path).unwrap().filings(Some(e)).unwrap();
    assert_eq!(filings.len(), 1);
    assert_eq!(filings[0].filer, "测试员");
    assert_eq!(filings[0].filed_on.to_string(), "2025-01-15");
    h.get_by_label("报备历史（1）");
    h.get_by_label("无变化");

    // A zone changes level (a new LEC-free assessment), then a second filing.
    let mut p = Project::open(&path).unwrap();
    let mut z = p.risk_zones(Some(e)).unwrap().into_iter().find(|z| z.level == RiskLevel::Red).unwrap();
    z.level = RiskLevel::Orange;
    z.lec = None;
    let name = z.name.clone();
    p.write(|w| w.update_zone(&z)).unwrap();
    h.state_mut().doc.as_mut().unwrap().reload().unwrap();
    h.run_steps(3);
    h.get_by_label_contains(&format!("变更 {name}"));
    run(
        &mut h,
        RiskAction::File {
            enterprise: e,
            date: chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
            note: "复核".into(),
        },
    );
    assert_eq!(Project::open(&path).unwrap().filings(Some(e)).unwrap().len(), 2);
    h.get_by_label("报备历史（2）");
    // The two filings compared by default: the zone's level change.
    assert_eq!(h.state().risk.enterprise.compare, Some((0, 1)));
    h.get_by_label_contains(&format!("变更 {name}：红 → 橙"));
}

#[test]
fn the_level_override_is_set_with_a_reason_and_cleared_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let e = red_enterprise(&path);
    let mut h = harness(&path, UiSettings::default());
    run(&mut h, RiskAction::OpenEnterprise(e));
    h.state_mut().risk.enterprise.reason = "专家会审降级".into();
    // The level picker starts at the current level (红); pick 橙 through the action the button sends.
    run(&mut h, RiskAction::SetLevel { enterprise: e, level: RiskLevel::Orange, reason: "专家会审降级".into() });
    let p = Project::open(&path).unwrap();
    let o = p.overall_level(e).unwrap();
    assert_eq!(o.level, RiskLevel::Orange);
    assert!(
        matches!(o.basis, LevelBasis::Explicit { ref reason, ref set_by, .. } if reason == "专家会审降级" && set_by == "测试员")
    );
    let audit = p.audit(&onemap::store::AuditQuery { table: None, feature_id: Some(e), limit: Some(50) }).unwrap();
    assert!(audit.iter().any(|a| a.table.contains("override")), "no audit row for the override");
    h.get_by_label_contains("专家会审降级");
    h.get_by_label("取消人工设定").click();
    h.run_steps(3);
    let o = Project::open(&path).unwrap().overall_level(e).unwrap();
    assert_eq!(o.basis, LevelBasis::WorstZone);
    assert_eq!(o.level, RiskLevel::Red);
    // The "set" button sends what the form holds.
    h.get_by_label("设定").click();
    h.run_steps(3);
    let o = Project::open(&path).unwrap().overall_level(e).unwrap();
    assert!(matches!(o.basis, LevelBasis::Explicit { .. }), "{o:?}");
}

#[test]
fn posters_and_zone_imports_run_as_jobs_and_bad_zone_files_are_reported_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let e = red_enterprise(&path);
    let mut h = harness(&path, UiSettings::default());
    run(&mut h, RiskAction::OpenEnterprise(e));
    let png = dir.path().join("poster.png");
    run(&mut h, RiskAction::ExportPoster { enterprise: e, path: png.clone() });
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let img = image::load_from_memory(&bytes).unwrap();
    assert!(img.width() > 2000, "{}", img.width());
    let pdf = dir.path().join("poster.pdf");
    run(&mut h, RiskAction::ExportPoster { enterprise: e, path: pdf.clone() });
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    // A zone without an outline: nothing imported, the error names the file and the field.
    let bad = dir.path().join("zones.geojson");
    std::fs::write(
        &bad,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"名称":"罐区","风险等级":"红"}}]}"#,
    )
    .unwrap();
    let before = Project::open(&path).unwrap().risk_zones(Some(e)).unwrap().len();
    run(&mut h, RiskAction::ImportZones { enterprise: e, crs: onemap::io::Crs::Wgs84, file: bad });
    let err = h.state().risk.enterprise.error.clone().expect("the error is shown in the window");
    assert!(err.contains("zones.geojson"), "{err}");
    // In the window and in the status bar.
    assert_eq!(h.query_all_by_label(&err).count(), 2);
    assert_eq!(Project::open(&path).unwrap().risk_zones(Some(e)).unwrap().len(), before);

    // A good zone file: imported on the worker's connection, then the window reads the project again.
    let good = dir.path().join("good.geojson");
    let (lon, lat) = (114.35, 36.1);
    let ring = format!(
        "[[{lon},{lat}],[{},{lat}],[{},{}],[{lon},{}],[{lon},{lat}]]",
        lon + 0.001,
        lon + 0.001,
        lat + 0.001,
        lat + 0.001
    );
    std::fs::write(
        &good,
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{{"type":"Polygon","coordinates":[{ring}]}},"properties":{{"区域名称":"新罐区","风险等级":"黄"}}}}]}}"#
        ),
    )
    .unwrap();
    let version = h.state().doc.as_ref().unwrap().version;
    run(&mut h, RiskAction::ImportZones { enterprise: e, crs: onemap::io::Crs::Wgs84, file: good });
    assert_eq!(h.state().risk.enterprise.error, None);
    assert_eq!(Project::open(&path).unwrap().risk_zones(Some(e)).unwrap().len(), before + 1);
    assert!(h.state().doc.as_ref().unwrap().version > version, "the window reads the project again");
    h.get_by_label("新罐区");
}

#[test]
fn the_risk_tab_lists_who_has_not_filed_and_a_click_shows_the_enterprise() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let e = red_enterprise(&path);
    {
        let mut p = Project::open(&path).unwrap();
        let today = chrono::Local::now().date_naive();
        p.write(|w| w.file_risk_map(e, today, "张三", "")).unwrap();
    }
    let (all, name) = {
        let p = Project::open(&path).unwrap();
        let snap = onemap::snapshot::Snapshot::load(&p).unwrap();
        let list = onemap::analysis::risk::unfiled(
            &snap.enterprises,
            &p.filing_dates().unwrap(),
            chrono::Local::now().date_naive(),
        );
        assert!(list.iter().all(|u| u.id != e), "a current filer listed");
        (list.len(), list[0].name.clone())
    };
    let id = {
        let p = Project::open(&path).unwrap();
        let snap = onemap::snapshot::Snapshot::load(&p).unwrap();
        snap.enterprises.len() - 1 == all
    };
    assert!(id, "every enterprise but the one that filed is unfiled in the demo");
    let mut h = harness(&path, UiSettings::default());
    h.get_by_label("风险").click();
    h.run_steps(2);
    h.get_by_label(&format!("未报备或超过一年未报备（{all}）"));
    h.get_by_label(&name).click();
    h.run_steps(3);
    let sel = h.state().selection.unwrap();
    assert_eq!(sel.layer, Layer::Enterprises);
    assert!(h.state().map.zoom() >= 14.0);
    // The risk table export, as the buttons write it.
    let xlsx = dir.path().join("risk.xlsx");
    run(&mut h, RiskAction::ExportTable(xlsx.clone()));
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
}

/// A 400 × 200 plan attached (not georeferenced) to enterprise `e`.
fn attach_plan(path: &Path, e: FeatureId) -> i64 {
    let img = image::RgbaImage::from_pixel(400, 200, image::Rgba([240, 240, 235, 255]));
    let mut png = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let mut p = Project::open(path).unwrap();
    p.write(|w| w.add_floor_plan(e, "厂区平面图", &png, "")).unwrap().id
}

#[test]
fn control_points_given_as_clicks_show_residuals_and_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let e = red_enterprise(&path);
    let plan = attach_plan(&path, e);
    let mut h = harness(&path, UiSettings::default());
    run(&mut h, RiskAction::OpenEnterprise(e));
    h.get_by_label("平面图配准…").click();
    h.run_steps(3);
    assert!(h.state().risk.georef.open);
    assert_eq!(h.state().risk.georef.plan, Some(plan));
    // Three corners of the plan and where they are; the third 0.00005° (≈ 5 m) off a true similarity.
    let clicks = [
        ([0.0, 0.0], LonLat::new(114.30, 36.101)),
        ([400.0, 0.0], LonLat::new(114.303, 36.101)),
        ([400.0, 200.0], LonLat::new(114.30305, 36.1)),
    ];
    for (pixel, at) in clicks {
        let cmd = h.state_mut().risk.georef.image_point(pixel);
        assert!(matches!(cmd, Command::SetTool(Tool::PickControlPoint)));
        h.state_mut().apply(cmd);
        assert_eq!(h.state().map.tool, Tool::PickControlPoint);
        run(&mut h, RiskAction::MapPoint(at));
    }
    let points: Vec<ControlPoint> = clicks.iter().map(|(p, at)| ControlPoint { pixel: *p, lonlat: *at }).collect();
    let expected = GeoRef::fit(TransformKind::Similarity, &points).unwrap();
    assert!(expected.rms_m > 0.5, "the off point should leave residuals: {}", expected.rms_m);
    h.get_by_label(&format!("中误差 RMS：{:.2} m", expected.rms_m));
    for r in &expected.residuals {
        assert!(h.query_all_by_label(&format!("{:.2}", r.distance_m)).count() >= 1);
    }
    // Affine fits three points exactly.
    h.get_by_label("仿射变换（至少 3 点）").click();
    h.run_steps(2);
    let affine = GeoRef::fit(TransformKind::Affine, &points).unwrap();
    assert!(affine.rms_m < 1e-3);
    h.get_by_label(&format!("中误差 RMS：{:.2} m", affine.rms_m));
    h.get_by_label("保存配准").click();
    h.run_steps(3);
    let p = Project::open(&path).unwrap();
    let saved = p.floor_plan(plan).unwrap();
    assert_eq!(saved.control_points, points);
    assert_eq!(saved.georef.as_ref().unwrap().kind, TransformKind::Affine);
    let audit = p
        .audit(&onemap::store::AuditQuery {
            table: Some("risk_floor_plans".into()),
            feature_id: Some(plan),
            limit: Some(5),
        })
        .unwrap();
    assert!(audit.iter().any(|a| a.action == "georeference"), "no audit row");
    // The saved plan is drawn at street zoom.
    h.state_mut().apply(Command::ZoomTo { centre: LonLat::new(114.3015, 36.1005), zoom: 17.0 });
    h.run_steps(4);
    assert_eq!(h.state().map.floor_plans.borrow().drawn, 1);
}

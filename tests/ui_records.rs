//! The record and risk parts of the window, driven through egui_kittest on the demo project
//! with a pre-positioning, a warning and drill mode added: the hazard ledger and risk tabs,
//! the record layers on the map, the drill watermark and the heat map's CPU path.

use std::path::Path;

use chrono::{Duration, Utc};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use onemap::model::preposition::{Preposition, PrepositionReason};
use onemap::model::warning::{Warning, WarningLevel, WarningTarget};
use onemap::model::{LonLat, UnitRef};
use onemap::render::LayerId;
use onemap::render::layers::risk_zones;
use onemap::store::{Project, StoreError};
use onemap::ui::map::heat::HeatPath;
use onemap::ui::settings::UiSettings;
use onemap::ui::{OneMapApp, StartOptions};

#[path = "common/ui_harness.rs"]
mod ui_harness;
use ui_harness::harness;

fn demo(dir: &Path, drill: bool) -> std::path::PathBuf {
    let path = dir.join("anyang.gpkg");
    onemap::demo::create(&path, Some("测试员")).unwrap();
    let mut p = Project::open(&path).unwrap();
    // Windows around the real clock: the window judges records at "now".
    let now = Utc::now();
    p.write(|w| {
        w.insert_preposition(&Preposition {
            id: 0,
            unit: UnitRef::team(3),
            location: LonLat::new(114.42, 36.13),
            starts_at: now - Duration::days(1),
            ends_at: now + Duration::days(5),
            reason: PrepositionReason::KeyPeriod,
            title: "重点时段 高速收费站".into(),
            illustrative: true,
            note: String::new(),
        })?;
        w.insert_warning(&Warning {
            id: 0,
            level: WarningLevel::Orange,
            kind: "暴雨".into(),
            title: "暴雨橙色预警".into(),
            target: WarningTarget::Area { code: "410502".into() },
            starts_at: now - Duration::hours(2),
            ends_at: now + Duration::days(1),
            source: "市气象台".into(),
            illustrative: true,
            note: String::new(),
        })?;
        Ok::<(), StoreError>(())
    })
    .unwrap();
    if drill {
        onemap::actions::drills::set_drill_mode(&mut p, true, "防汛综合演练", None, now).unwrap();
    }
    path
}

#[test]
fn the_city_view_flags_overdue_hazards_and_shows_warnings_and_pre_positioned_units() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness(&demo(dir.path(), false), UiSettings::default());
    let app = h.state();
    let records = &app.doc.as_ref().unwrap().index.records;
    let overdue = records.overdue_count();
    assert!(overdue > 0, "the demo ledger has overdue items");
    // One red ring per overdue item; the warning's wash; the moved team's ring and line.
    assert_eq!(app.map.drawn(LayerId::Hazards).circles, overdue);
    assert!(app.map.drawn(LayerId::Warnings).polygons > 0);
    let moved = app.map.drawn(LayerId::Prepositions);
    assert_eq!((moved.symbols, moved.lines), (1, 1));
    // The legend says what they are.
    h.get_by_label("逾期未整改");
    h.get_by_label("橙色预警");
    // No zones at city zoom: the enterprise dots carry the level there.
    assert!(app.map.zoom() < risk_zones::MIN_ZOOM);
    assert_eq!(app.map.drawn(LayerId::RiskZones).polygons, 0);
}

#[test]
fn the_hazard_tab_lists_the_ledger_and_a_click_shows_the_item_at_street_zoom() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&demo(dir.path(), false), UiSettings::default());
    h.get_by_label("隐患").click();
    h.run_steps(2);
    h.get_by_label_contains("检查发现重点隐患问题5个");
    let first_overdue = h.get_all_by_label_contains("应升级督办").count();
    assert!(first_overdue >= 1);
    h.get_by_label("只看逾期").click();
    h.run_steps(2);
    assert!(h.query_by_label("已销号").is_none(), "a closed item is listed under overdue only");
    // Clicking the most overdue item brings it into view at street zoom.
    h.get_by_label("危化品仓库（示意）").click();
    h.run_steps(4);
    let app = h.state();
    assert!(app.map.zoom() >= risk_zones::MIN_ZOOM, "{}", app.map.zoom());
    let records = &app.doc.as_ref().unwrap().index.records;
    let item = records.hazard_items.iter().find(|i| i.title == "危化品仓库（示意）").unwrap();
    let at = records.hazards.iter().find(|s| s.id == item.id).unwrap().position.unwrap();
    let c = app.map.centre();
    assert!((c.lon - at.lon).abs() < 1e-4 && (c.lat - at.lat).abs() < 1e-4, "{c:?} vs {at:?}");
    assert_eq!(app.map.drawn(LayerId::Hazards).circles, 1, "the item's overdue ring");
}

#[test]
fn an_enterprise_at_street_zoom_shows_its_zones_in_the_four_colours() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&demo(dir.path(), false), UiSettings::default());
    let (at, levels) = {
        let doc = h.state().doc.as_ref().unwrap();
        let red = doc.index.records.risk.zones.iter().find(|z| z.level == onemap::model::RiskLevel::Red).unwrap();
        let e = doc.snapshot.enterprises.iter().find(|e| e.id == red.enterprise_id).unwrap();
        let levels: std::collections::BTreeSet<_> = doc.index.records.risk.zones_of(e.id).map(|z| z.level).collect();
        (e.location, levels)
    };
    h.state_mut().apply(onemap::ui::command::Command::ZoomTo { centre: at, zoom: 17.0 });
    h.run_steps(4);
    assert!(h.state().map.drawn(LayerId::RiskZones).polygons >= levels.len());
    for level in levels {
        h.get_by_label(&format!("{} {}", onemap::model::Labelled::zh(level), level.risk_name_zh()));
    }
    // Hovering a zone away from every symbol shows its card.
    let (screen, zone_id, name) = {
        let app = h.state();
        let doc = app.doc.as_ref().unwrap();
        let view = app.map.view.unwrap();
        let e = doc.snapshot.enterprises.iter().find(|e| e.location == at).unwrap();
        let clear = doc
            .index
            .records
            .risk
            .zones_of(e.id)
            .filter_map(|z| {
                let p = onemap::render::records::label_point(&z.outline)?;
                let s = view.lonlat_to_screen(p);
                let d = view.lonlat_to_screen(at);
                ((s[0] - d[0]).hypot(s[1] - d[1]) > 40.0).then(|| (s, doc.index.records.risk.zone_at(p).unwrap()))
            })
            .next()
            .unwrap();
        (clear.0, clear.1.id, clear.1.name.clone())
    };
    h.hover_at(egui::pos2(screen[0], screen[1]));
    h.run_steps(3);
    assert_eq!(h.state().map.hover_zone, Some(zone_id));
    h.get_by_label(&name);
}

#[test]
fn the_risk_tab_counts_enterprises_by_level_per_district() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&demo(dir.path(), false), UiSettings::default());
    h.get_by_label("风险").click();
    h.run_steps(2);
    let doc = h.state().doc.as_ref().unwrap();
    let s = onemap::analysis::risk::summary::summarize(&doc.snapshot.enterprises, &doc.snapshot.areas);
    assert_eq!(s.total.total() as usize, doc.snapshot.enterprises.len());
    h.get_by_label("各区县企业风险等级（家）");
    h.get_by_label("文峰区");
    h.get_by_label("合计");
    h.get_by_label(&s.total.yellow.to_string());
    h.get_by_label("暴雨橙色预警");
    h.get_by_label_contains("重点时段 高速收费站");
}

#[test]
fn drill_mode_puts_the_watermark_on_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness(&demo(dir.path(), true), UiSettings::default());
    assert_eq!(h.state().doc.as_ref().unwrap().index.records.drill.as_deref(), Some("防汛综合演练"));
    assert!(h.state().map.drill_marked.get(), "no watermark in drill mode");
    let dir2 = tempfile::tempdir().unwrap();
    let plain = harness(&demo(dir2.path(), false), UiSettings::default());
    assert!(plain.state().doc.as_ref().unwrap().index.records.drill.is_none());
    assert!(!plain.state().map.drill_marked.get(), "a watermark outside drill mode");
}

#[test]
fn the_heat_map_falls_back_to_the_cpu_without_a_wgpu_device() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&demo(dir.path(), false), UiSettings::default());
    assert_eq!(h.state().map.heat.borrow().last_path, HeatPath::None, "the heat map is off by default");
    h.get_by_label("风险热力图").click();
    h.run_steps(3);
    assert!(h.state().settings.layer(LayerId::RiskHeat).unwrap().visible);
    assert_eq!(h.state().map.heat.borrow().last_path, HeatPath::Cpu);
}

/// Attaches a 400 × 200 plan to the enterprise of the first risk zone, georeferenced over the
/// zones' box; returns the enterprise's position.
fn attach_plan(path: &Path) -> LonLat {
    use onemap::spatial::georef::{ControlPoint, TransformKind};
    let mut p = Project::open(path).unwrap();
    let zones = p.risk_zones(None).unwrap();
    let e = zones[0].enterprise_id;
    let mut img = image::RgbaImage::from_pixel(400, 200, image::Rgba([240, 240, 235, 255]));
    for x in (0..400).step_by(20) {
        for y in 0..200 {
            img.put_pixel(x, y, image::Rgba([60, 60, 60, 255]));
        }
    }
    let mut png = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let location =
        onemap::snapshot::Snapshot::load(&p).unwrap().enterprises.iter().find(|x| x.id == e).unwrap().location;
    let (lon, lat) = (location.lon, location.lat);
    p.write(|w| {
        let plan = w.add_floor_plan(e, "厂区平面图", &png, "")?;
        let points = [
            ControlPoint { pixel: [0.0, 0.0], lonlat: LonLat::new(lon - 0.0015, lat + 0.0006) },
            ControlPoint { pixel: [400.0, 200.0], lonlat: LonLat::new(lon + 0.0015, lat - 0.0006) },
        ];
        w.georeference_plan(plan.id, TransformKind::Similarity, &points)?;
        Ok::<(), StoreError>(())
    })
    .unwrap();
    location
}

#[test]
fn a_georeferenced_floor_plan_shows_under_its_zones_at_street_zoom_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), false);
    let at = attach_plan(&path);
    let mut h = harness(&path, UiSettings::default());
    assert_eq!(h.state().map.floor_plans.borrow().drawn, 0, "a plan drawn at city zoom");
    h.state_mut().apply(onemap::ui::command::Command::ZoomTo { centre: at, zoom: 17.0 });
    h.run_steps(4);
    assert_eq!(h.state().map.floor_plans.borrow().drawn, 1);
    assert!(h.state().map.drawn(LayerId::RiskZones).polygons > 0);
    // Hiding the zones layer hides the plan with it.
    h.state_mut().settings.layer_mut(LayerId::RiskZones).unwrap().visible = false;
    h.run_steps(3);
    assert_eq!(h.state().map.drawn(LayerId::RiskZones).polygons, 0);
    assert_eq!(h.state().map.floor_plans.borrow().drawn, 0);
}

#[test]
fn the_heat_map_uses_the_shader_when_the_window_has_a_wgpu_device() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), false);
    let settings = UiSettings::default();
    let mut h = Harness::builder()
        .with_size([1000.0, 700.0])
        .with_context_setup(onemap::ui::fonts::install)
        .wgpu()
        .build_eframe(move |cc| {
            let mut app = OneMapApp::with_settings(
                &cc.egui_ctx,
                settings,
                StartOptions { project: Some(path), operator: Some("测试员".into()), started: None },
            );
            if let Some(rs) = cc.wgpu_render_state.as_ref() {
                app.enable_gpu_heat(rs);
            }
            app
        });
    h.run_steps(3);
    let gpu = h.state().map.heat.borrow().gpu;
    h.state_mut().settings.layer_mut(LayerId::RiskHeat).unwrap().visible = true;
    h.run_steps(3);
    // Rendering the frame runs the callback's prepare and paint on the device.
    let image = h.render().unwrap();
    assert!(image.width() > 0);
    let expected = if gpu { HeatPath::Gpu } else { HeatPath::Cpu };
    assert_eq!(h.state().map.heat.borrow().last_path, expected);
}

#[test]
fn drill_mode_switched_on_from_the_tools_menu_marks_the_map_and_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), false);
    let mut h = harness(&path, UiSettings::default());
    assert!(!h.state().map.drill_marked.get());
    h.get_by_label("工具").click();
    h.run_steps(2);
    h.get_by_label("演练模式").click();
    h.run_steps(4);
    assert!(h.state().map.drill_marked.get(), "no watermark after switching drill mode on");
    let p = Project::open(&path).unwrap();
    assert!(p.drill_mode().unwrap().on);
    // Switched off again through the same command, the watermark goes.
    h.state_mut().apply(onemap::ui::command::Command::SetDrillMode(false));
    h.run_steps(3);
    assert!(!h.state().map.drill_marked.get());
    assert!(!Project::open(&path).unwrap().drill_mode().unwrap().on);
}

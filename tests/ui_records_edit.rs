//! Editing the records in the window, driven through egui_kittest on the demo project: a hazard
//! item's lifecycle through its card (with the close-out refused to its reporter), a ledger
//! sheet imported through the 隐患 tab, a drill planned with a map click and saved, and a
//! pre-positioning entered through its form then used by dispatch.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use onemap::model::hazard::HazardStatus;
use onemap::model::{Layer, LonLat, UnitRef};
use onemap::render::LayerId;
use onemap::store::{AuditQuery, Project};
use onemap::ui::OneMapApp;
use onemap::ui::command::Command;
use onemap::ui::dialogs::PathPurpose;
use onemap::ui::panels::record_ops::RecordWindow;
use onemap::ui::settings::UiSettings;

#[path = "common/ui_harness.rs"]
mod ui_harness;
use ui_harness::harness;

fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("anyang.gpkg");
    onemap::demo::create(&path, Some("测试员")).unwrap();
    path
}

/// Map points clear of the windows: left of the hazard card (which opens at the right), right of
/// the drill, pre-positioning and warning windows (which open at the left).
const LEFT_SPOT: egui::Pos2 = egui::pos2(640.0, 720.0);
const RIGHT_SPOT: egui::Pos2 = egui::pos2(1150.0, 720.0);

fn click_map(h: &mut Harness<'static, OneMapApp>, at: egui::Pos2) -> LonLat {
    let view = h.state().map.view.unwrap();
    h.hover_at(at);
    h.run_steps(1);
    h.drag_at(at);
    h.run_steps(1);
    h.drop_at(at);
    h.run_steps(3);
    view.screen_to_lonlat([at.x, at.y])
}

fn click(h: &mut Harness<'static, OneMapApp>, label: &str) {
    h.get_by_label(label).click();
    h.run_steps(3);
}

/// Types into the (one- or multi-line) text field labelled `label`.
fn type_into(h: &mut Harness<'static, OneMapApp>, label: &str, text: &str) {
    let role = if h.query_by_role_and_label(Role::TextInput, label).is_some() {
        Role::TextInput
    } else {
        Role::MultilineTextInput
    };
    h.get_by_role_and_label(role, label).click();
    h.run_steps(1);
    h.get_by_role_and_label(role, label).type_text(text);
    h.run_steps(2);
}

fn close(a: LonLat, b: LonLat) -> bool {
    a.distance_m(b) < 1.0
}

#[test]
fn a_hazard_item_goes_through_its_lifecycle_in_its_card_and_its_reporter_cannot_close_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut h = harness(&path, UiSettings::default());
    click(&mut h, "隐患");
    click(&mut h, "新增隐患");
    assert!(h.state().hazard_card.open && h.state().hazard_card.id.is_none());
    type_into(&mut h, "重点隐患", "液化气站（测试）");
    h.state_mut().hazard_card.draft.deadline = "2026年6月底".into();
    h.state_mut().hazard_card.draft.responsible = "文峰区应急管理局".into();
    click(&mut h, "在地图上点选");
    let at = click_map(&mut h, LEFT_SPOT);
    assert!(close(h.state().hazard_card.draft.location.unwrap(), at));
    click(&mut h, "加入台账");
    let id = h.state().hazard_card.id.expect("the card shows the new item");
    let item = Project::open(&path).unwrap().hazard(id).unwrap().unwrap();
    assert_eq!((item.title.as_str(), item.reported_by.as_str()), ("液化气站（测试）", "测试员"));
    assert_eq!(item.deadline.display(), "2026年6月底");
    assert!(close(item.location.unwrap(), at));

    // Its flag on the map opens the card.
    h.state_mut().hazard_card.open = false;
    h.run_steps(2);
    let flag = h.state().map.view.unwrap().lonlat_to_screen(at);
    click_map(&mut h, egui::pos2(flag[0], flag[1]));
    assert!(h.state().hazard_card.open, "clicking the flag opens the card");
    assert_eq!(h.state().hazard_card.id, Some(id));

    let status = |path: &Path| Project::open(path).unwrap().hazard(id).unwrap().unwrap().status;
    click(&mut h, "开始整改");
    assert_eq!(status(&path), HazardStatus::InProgress);
    type_into(&mut h, "周进展", "已制定整改方案");
    click(&mut h, "添加周进展");
    let item = Project::open(&path).unwrap().hazard(id).unwrap().unwrap();
    assert_eq!(item.entries.len(), 1);
    assert_eq!((item.entries[0].text.as_str(), item.entries[0].by.as_str()), ("已制定整改方案", "测试员"));
    click(&mut h, "整改完成");
    assert_eq!(status(&path), HazardStatus::AwaitingReview);

    // No close-out without a re-inspection: refused, said in the card, nothing changed.
    click(&mut h, "销号");
    let refusal = h.state().hazard_card.error.clone().expect("a refusal");
    assert!(refusal.contains("re-inspection"), "{refusal}");
    assert!(h.get_all_by_label_contains("re-inspection").count() >= 1, "the card shows the refusal");
    assert_eq!(status(&path), HazardStatus::AwaitingReview);

    type_into(&mut h, "复查人员", "复查组乙");
    type_into(&mut h, "复查结果", "整改到位");
    click(&mut h, "记录复查");
    assert_eq!(Project::open(&path).unwrap().hazard(id).unwrap().unwrap().reinspections.len(), 1);

    // Not by the person who reported it.
    click(&mut h, "销号");
    let refusal = h.state().hazard_card.error.clone().expect("a refusal");
    assert!(refusal.contains("测试员") && refusal.contains("reported"), "{refusal}");
    assert_eq!(status(&path), HazardStatus::AwaitingReview);

    // Another operator closes it out; every step left an audit row.
    h.state_mut().doc.as_mut().unwrap().project.set_operator("审核员");
    click(&mut h, "销号");
    assert!(h.state().hazard_card.error.is_none(), "{:?}", h.state().hazard_card.error);
    let item = Project::open(&path).unwrap().hazard(id).unwrap().unwrap();
    assert_eq!((item.status, item.closed_by.as_deref()), (HazardStatus::Closed, Some("审核员")));
    let audit = Project::open(&path)
        .unwrap()
        .audit(&AuditQuery { table: Some("hazards".into()), feature_id: Some(id), limit: None })
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    for a in ["insert", "hazard.start", "hazard.progress", "hazard.rectified", "hazard.reinspect", "hazard.close"] {
        assert!(actions.contains(&a), "{a} not audited: {actions:?}");
    }

    // The ledger columns stay editable under the history.
    click(&mut h, "台账信息");
    h.state_mut().hazard_card.draft.remark = "已归档".into();
    h.get_by_label("保存修改").scroll_to_me();
    h.run_steps(3);
    click(&mut h, "保存修改");
    assert_eq!(
        Project::open(&path).unwrap().hazard(id).unwrap().unwrap().remark,
        "已归档",
        "{:?} {:?}",
        h.state().hazard_card.error,
        h.state().message
    );
}

#[test]
fn the_operator_named_in_the_settings_signs_what_the_window_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let settings = UiSettings { operator: "值班员张三".into(), ..UiSettings::default() };
    let project = path.clone();
    let mut h = Harness::builder()
        .with_size([1400.0, 880.0])
        .with_context_setup(onemap::ui::fonts::install)
        .build_eframe(move |cc| {
            let opts = onemap::ui::StartOptions { project: Some(project), operator: None, started: None };
            OneMapApp::with_settings(&cc.egui_ctx, settings, opts)
        });
    h.run_steps(4);
    h.state_mut().apply(Command::NewHazard);
    h.run_steps(2);
    type_into(&mut h, "重点隐患", "加油站（测试）");
    click(&mut h, "加入台账");
    let id = h.state().hazard_card.id.expect("stored");
    assert_eq!(Project::open(&path).unwrap().hazard(id).unwrap().unwrap().reported_by, "值班员张三");
}

fn write_gbk(path: &Path, text: &str) {
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_ledger_sheet_is_imported_and_exported_through_the_hazard_tab() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut h = harness(&path, UiSettings::default());
    click(&mut h, "隐患");
    h.get_by_label_contains("检查发现重点隐患问题5个");

    // A wrong cell: the message names the file, line and column; nothing is imported.
    let bad = dir.path().join("坏台账.csv");
    write_gbk(&bad, "序号,重点隐患,检查日期,整改时限\n1,储罐区,2024-03-05,2024-06-30\n2,仓库,三月五日,2024-06-30\n");
    h.state_mut().apply(PathPurpose::ImportLedger.command(bad));
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    let (message, error) = h.state().message.clone().unwrap();
    assert!(error && message.contains("坏台账.csv") && message.contains("line 3"), "{message}");
    h.get_by_label_contains("检查发现重点隐患问题5个");

    let good = dir.path().join("台账.csv");
    write_gbk(
        &good,
        "重点隐患问题动态整改台账,,,,,,,,,\r\n\
         序号,重点隐患,隐患内容,检查日期,整改措施,责任单位,督办（县市区）,督办（市级专委会）,整改时限,备注\r\n\
         1,粉尘涉爆车间,除尘系统未设置泄爆装置,2026/3/5,加装泄爆片,文峰区应急局,文峰区安委办,,2026年5月31日前,\r\n\
         2,有限空间作业,未设置警示标识,2026年3月6日,设置警示标识,北关区应急局,,,立即整改,\r\n\
         检查发现重点隐患问题2个，已整改完成0个，已销号0个,,,,,,,,,\r\n",
    );
    h.state_mut().apply(PathPurpose::ImportLedger.command(good));
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    assert!(!h.state().message.as_ref().unwrap().1, "{:?}", h.state().message);
    h.get_by_label_contains("检查发现重点隐患问题7个");
    h.get_by_label("粉尘涉爆车间");
    assert_eq!(Project::open(&path).unwrap().hazards().unwrap().len(), 7);

    let out = dir.path().join("导出.xlsx");
    h.state_mut().apply(PathPurpose::ExportLedger.command(out.clone()));
    h.state_mut().wait_for_jobs();
    h.run_steps(2);
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"), "an .xlsx is a zip");
    let (message, error) = h.state().message.clone().unwrap();
    assert!(!error && message.contains("检查发现重点隐患问题7个"), "{message}");
}

#[test]
fn a_drill_is_planned_on_the_map_with_suggested_participants_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut h = harness(&path, UiSettings::default());
    h.state_mut().apply(Command::ShowRecords(RecordWindow::Drills));
    h.run_steps(2);
    click(&mut h, "规划演练");
    click(&mut h, "在地图上放置");
    let at = click_map(&mut h, RIGHT_SPOT);
    let (candidates, ticked) = {
        let d = &h.state().drills;
        assert!(close(d.draft.location.unwrap(), at));
        (d.candidates.clone(), d.ticked.len())
    };
    assert!(candidates.len() >= 2, "{candidates:?}");
    assert_eq!(ticked, candidates.len(), "every suggestion is ticked at first");
    // The arrival times are listed, and each ticked unit has its line on the map.
    let eta = onemap::render::layers::dispatch::eta_text(
        Some(candidates[0].seconds),
        candidates[0].estimate,
        onemap::i18n::Lang::Zh,
    );
    assert!(h.query_all_by_label(&eta).count() >= 1, "{eta} not shown");
    assert_eq!(h.state().map.drawn(LayerId::Dispatch).lines, 2 * candidates.len());

    // Untick the last one; its line goes.
    h.get_by_role_and_label(Role::CheckBox, &candidates[candidates.len() - 1].name).click();
    h.run_steps(3);
    assert_eq!(h.state().map.drawn(LayerId::Dispatch).lines, 2 * (candidates.len() - 1));

    type_into(&mut h, "演练名称", "危化品泄漏综合演练");
    h.state_mut().drills.draft.day = "2026-09-15".into();
    h.state_mut().drills.draft.organizer = "文峰区应急管理局".into();
    h.state_mut().drills.draft.attachments = "演练方案.pdf\n  现场照片01.jpg \n\n".into();
    // The form is taller than the test window: scroll down to the button, as a user would.
    let r = h.get_by_label("演练名称").rect();
    h.hover_at(egui::pos2(r.center().x as f32, r.center().y as f32));
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -600.0),
        modifiers: egui::Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
    h.run_steps(3);
    click(&mut h, "保存演练");
    let drills = Project::open(&path).unwrap().drills().unwrap();
    assert_eq!(drills.len(), 1, "{:?}", h.state().drills.error);
    let d = &drills[0];
    assert_eq!(d.name, "危化品泄漏综合演练");
    assert_eq!(d.planned_on, chrono::NaiveDate::from_ymd_opt(2026, 9, 15));
    assert!(close(d.location.unwrap(), at));
    assert_eq!(d.attachments, ["演练方案.pdf", "现场照片01.jpg"]);
    let expected: Vec<UnitRef> = candidates[..candidates.len() - 1].iter().map(|c| c.unit).collect();
    let set = |v: &[UnitRef]| v.iter().copied().collect::<std::collections::BTreeSet<_>>();
    assert_eq!(set(&d.participants), set(&expected), "the ticked units");

    // Listed in the year's records; drill mode can be started for it (the 演练 watermark).
    click(&mut h, "计划与记录");
    h.get_by_label("危化品泄漏综合演练");
    click(&mut h, "开启演练模式");
    assert_eq!(h.state().doc.as_ref().unwrap().index.records.drill.as_deref(), Some("危化品泄漏综合演练"));
    assert!(h.state().map.drill_marked.get());

    // The compliance dashboard lists the rules and who is behind.
    click(&mut h, "达标情况");
    h.get_by_label_contains("区县每年至少开展1次综合演练");

    // The year's sheets, as `onemap drills export` and `drills compliance --xlsx` write them.
    for purpose in [PathPurpose::ExportDrills(2026), PathPurpose::ExportCompliance(2026)] {
        let out = dir.path().join(format!("{purpose:?}.xlsx"));
        h.state_mut().apply(purpose.command(out.clone()));
        h.state_mut().wait_for_jobs();
        h.run_steps(2);
        assert!(std::fs::read(&out).unwrap().starts_with(b"PK"), "{:?}", h.state().message);
    }
}

#[test]
fn a_pre_positioning_entered_in_its_form_is_where_dispatch_sends_the_unit_from() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut h = harness(&path, UiSettings::default());
    let station = h.state().doc.as_ref().unwrap().snapshot.stations[0].clone();
    h.state_mut().apply(Command::ShowRecords(RecordWindow::Prepositions));
    h.run_steps(2);
    h.state_mut().prepositions.draft.unit = Some(UnitRef::station(station.id));
    click(&mut h, "在地图上点选");
    let at = click_map(&mut h, RIGHT_SPOT);
    assert!(station.location.distance_m(at) > 1000.0, "pick a place away from its base");
    click(&mut h, "添加预置");
    let stored = Project::open(&path).unwrap().prepositions().unwrap();
    assert_eq!(stored.len(), 1, "{:?}", h.state().prepositions.error);
    assert!(stored[0].is_active(chrono::Utc::now()));
    h.get_by_label("生效中");
    // The map shows it there, its base faded.
    assert_eq!(h.state().map.drawn(LayerId::Prepositions).lines, 1);

    // An incident at that place: the station is sent from its temporary position.
    h.state_mut().apply(Command::PlaceIncident(at));
    h.run_steps(4);
    let plan = h.state().dispatch.plan.clone().expect("a dispatch answer");
    let first = &plan.stations[0].unit;
    assert_eq!((first.layer, first.id), (Layer::Stations, station.id));
    assert!(first.relocated && close(first.location, at), "{first:?}");

    // Ending it sends the unit home.
    click(&mut h, "结束");
    assert!(!Project::open(&path).unwrap().prepositions().unwrap()[0].is_active(chrono::Utc::now()));
    assert_eq!(h.state().map.drawn(LayerId::Prepositions).lines, 0);
}

#[test]
fn a_warning_entered_in_its_form_washes_over_its_area_and_can_be_lifted() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut h = harness(&path, UiSettings::default());
    assert_eq!(h.state().map.drawn(LayerId::Warnings).polygons, 0);
    h.state_mut().apply(Command::ShowRecords(RecordWindow::Warnings));
    h.run_steps(2);
    click(&mut h, "发布预警");
    assert!(h.state().warnings.error.is_some(), "a warning needs its area");
    h.state_mut().warnings.draft.target = onemap::ui::panels::warnings::Target::Area("410502".into());
    h.state_mut().warnings.draft.level = Some(onemap::model::warning::WarningLevel::Red);
    type_into(&mut h, "预警类别", "暴雨");
    click(&mut h, "发布预警");
    assert_eq!(Project::open(&path).unwrap().warnings().unwrap().len(), 1, "{:?}", h.state().warnings.error);
    assert!(h.state().map.drawn(LayerId::Warnings).polygons > 0);
    click(&mut h, "解除");
    assert_eq!(h.state().map.drawn(LayerId::Warnings).polygons, 0);
}

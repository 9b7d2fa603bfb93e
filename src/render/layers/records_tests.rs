//! The record layers drawn from the demo project with pre-positionings, a warning and drill
//! mode added, judged at a fixed instant.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};

use crate::model::preposition::{Preposition, PrepositionReason};
use crate::model::warning::{Warning, WarningLevel, WarningTarget};
use crate::model::{AreaLevel, LonLat, RiskLevel, UnitRef};
use crate::render::legend::LegendKey;
use crate::render::records::MapRecords;
use crate::render::{Datum, FilterMask, LayerFrame, LayerId, MapIndex, MapView, Scene, SceneOptions};
use crate::snapshot::Snapshot;
use crate::store::Project;

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 2, 4, 0, 0).unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    snapshot: Snapshot,
    index: MapIndex,
    team: crate::model::Team,
    moved_to: LonLat,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.gpkg");
    crate::demo::create(&path, Some("测试员")).unwrap();
    let mut p = Project::open(&path).unwrap();
    let snapshot = Snapshot::load(&p).unwrap();
    let team = snapshot.teams[0].clone();
    let moved_to = LonLat::new(team.location.lon + 0.05, team.location.lat + 0.03);
    let district = snapshot.areas.iter().find(|a| a.level == AreaLevel::District).unwrap().code.clone();
    p.write(|w| {
        w.insert_preposition(&Preposition {
            id: 0,
            unit: UnitRef::team(team.id),
            location: moved_to,
            starts_at: Utc.with_ymd_and_hms(2026, 9, 30, 16, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 10, 7, 16, 0, 0).unwrap(),
            reason: PrepositionReason::Holiday,
            title: "国庆节 高速收费站".into(),
            illustrative: true,
            note: String::new(),
        })?;
        // One in force, one already over: only the first is drawn.
        for (level, ends) in [(WarningLevel::Orange, 10), (WarningLevel::Red, 1)] {
            w.insert_warning(&Warning {
                id: 0,
                level,
                kind: "暴雨".into(),
                title: format!("暴雨{}色预警", level_zh(level)),
                target: WarningTarget::Area { code: district.clone() },
                starts_at: Utc.with_ymd_and_hms(2026, 9, 30, 0, 0, 0).unwrap(),
                ends_at: Utc.with_ymd_and_hms(2026, 10, ends, 0, 0, 0).unwrap(),
                source: "市气象台".into(),
                illustrative: true,
                note: String::new(),
            })?;
        }
        Ok::<(), crate::store::StoreError>(())
    })
    .unwrap();
    crate::actions::drills::set_drill_mode(&mut p, true, "防汛综合演练", None, at()).unwrap();
    let records = MapRecords::load(&p, &snapshot, at()).unwrap();
    let index = MapIndex::build(&snapshot, Datum::Wgs84).with_records(Arc::new(records));
    Fixture { _dir: dir, snapshot, index, team, moved_to }
}

fn level_zh(l: WarningLevel) -> &'static str {
    crate::model::Labelled::zh(l)
}

fn draw(f: &Fixture, id: LayerId, view: &MapView) -> LayerFrame {
    let mask = FilterMask::build(&f.snapshot, &crate::render::Filter::default(), 1);
    let options = SceneOptions::default();
    let scene = Scene { snapshot: &f.snapshot, index: &f.index, mask: &mask, options: &options, version: 1 };
    let mut layer = crate::render::layers::default_stack().into_iter().find(|l| l.id() == id).unwrap();
    let mut out = LayerFrame::default();
    layer.draw(&scene, view, &mut out);
    out
}

#[test]
fn records_are_judged_at_the_given_instant() {
    let f = fixture();
    let r = &f.index.records;
    assert_eq!(r.today, chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap());
    assert_eq!(r.moved.len(), 1);
    assert_eq!(r.moved[0].at, f.moved_to);
    assert_eq!(r.moved[0].home, f.team.location);
    assert_eq!(r.warnings.len(), 1, "the red warning ended on 1 October");
    assert_eq!(r.drill.as_deref(), Some("防汛综合演练"));
    assert!(r.overdue_count() >= 1, "the demo ledger has items past their deadline");
}

#[test]
fn risk_zones_show_in_four_colours_at_street_zoom_only() {
    let f = fixture();
    let zone = f.index.records.risk.zones.iter().find(|z| z.level == RiskLevel::Red).unwrap();
    let e = f.snapshot.enterprises.iter().find(|e| e.id == zone.enterprise_id).unwrap();
    let street = MapView::new(e.location, 16.0, [1000.0, 700.0], Datum::Wgs84);
    let frame = draw(&f, LayerId::RiskZones, &street);
    assert!(frame.list.census().polygons > 0, "no zone drawn at street zoom");
    assert!(frame.legend.keys.contains(&LegendKey::RiskZone(RiskLevel::Red)));
    // The red zone's fill is the red of the palette, translucent.
    let red = crate::render::style::risk_zone_fill(RiskLevel::Red);
    assert!(frame.list.items.iter().any(|i| matches!(i, crate::render::Item::Polygon { fill, .. } if *fill == red)));
    let city = MapView::new(e.location, 10.0, [1000.0, 700.0], Datum::Wgs84);
    assert_eq!(draw(&f, LayerId::RiskZones, &city).list.census().polygons, 0, "zones drawn at city zoom");
}

#[test]
fn overdue_hazards_are_ringed_and_tagged() {
    let f = fixture();
    let b = f.snapshot.extent().unwrap();
    let view = MapView::fit(b, [1400.0, 900.0], 20.0, Datum::Wgs84);
    let frame = draw(&f, LayerId::Hazards, &view);
    let overdue = f.index.records.overdue_count();
    assert!(frame.legend.keys.contains(&LegendKey::Hazard { overdue: true }));
    assert_eq!(frame.list.census().circles, overdue, "one ring per overdue item");
    let tags: Vec<&str> = frame.labels.iter().map(|l| l.text.as_str()).filter(|t| t.starts_with("逾期")).collect();
    assert_eq!(tags.len(), overdue, "{tags:?}");
}

#[test]
fn a_pre_positioned_team_is_drawn_at_its_temporary_position_and_clickable_there() {
    let f = fixture();
    let view = MapView::new(f.moved_to, 12.0, [1000.0, 700.0], Datum::Wgs84);
    let frame = draw(&f, LayerId::Prepositions, &view);
    let at = view.lonlat_to_screen(f.moved_to);
    assert!(frame.list.items.iter().any(|i| matches!(i, crate::render::Item::Symbol { at: p, .. } if *p == at)));
    assert_eq!(frame.list.census().lines, 1, "the line back to its base");
    assert!(frame.hits.iter().any(|h| h.centre == at
        && h.target == crate::render::Target::Feature { layer: crate::model::Layer::Teams, id: f.team.id }));
    assert!(frame.labels.iter().any(|l| l.text.as_str() == format!("{}（预置）", f.team.name)));
}

#[test]
fn only_warnings_in_force_are_drawn() {
    let f = fixture();
    let view = MapView::fit(f.snapshot.extent().unwrap(), [1400.0, 900.0], 20.0, Datum::Wgs84);
    let frame = draw(&f, LayerId::Warnings, &view);
    assert!(frame.list.census().polygons > 0);
    assert!(frame.legend.keys.contains(&LegendKey::Warning(WarningLevel::Orange)));
    assert!(!frame.legend.keys.contains(&LegendKey::Warning(WarningLevel::Red)));
    assert!(frame.labels.iter().any(|l| l.text.as_str().contains("暴雨橙色预警")));
}

#[test]
fn a_pre_positioned_team_leaves_a_hollow_faded_symbol_at_its_base() {
    let f = fixture();
    let view = MapView::new(f.team.location, 16.0, [1000.0, 700.0], Datum::Wgs84);
    let frame = draw(&f, LayerId::Teams, &view);
    let home = view.lonlat_to_screen(f.team.location);
    let at_home: Vec<_> = frame
        .list
        .items
        .iter()
        .filter_map(|i| match i {
            crate::render::Item::Symbol { at, symbol } if *at == home => Some(*symbol),
            _ => None,
        })
        .collect();
    assert_eq!(at_home.len(), 1, "the base symbol is still drawn");
    assert!(at_home[0].dashed && at_home[0].fill.0[3] == 0 && at_home[0].stroke.0[3] < 0xFF, "{:?}", at_home[0]);
}

#[test]
fn open_hazard_flags_are_click_targets() {
    let f = fixture();
    let view = MapView::fit(f.snapshot.extent().unwrap(), [1400.0, 900.0], 20.0, Datum::Wgs84);
    let frame = draw(&f, LayerId::Hazards, &view);
    let open: Vec<_> = f
        .index
        .records
        .hazard_items
        .iter()
        .filter(|i| i.status != crate::model::hazard::HazardStatus::Closed)
        .filter(|i| f.index.records.hazards.iter().any(|h| h.id == i.id && h.position.is_some()))
        .map(|i| i.id)
        .collect();
    assert!(!open.is_empty());
    for id in open {
        assert!(frame.hits.iter().any(|h| h.target == crate::render::Target::Hazard { id }), "item {id} has no target");
    }
}

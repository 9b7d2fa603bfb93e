//! The risk tables in the project file: zones, points, level overrides, floor plans, filings.

use chrono::NaiveDate;
use geo_types::{MultiPolygon, polygon};
use onemap::model::filing::{self, FilingStatus};
use onemap::model::lec::Lec;
use onemap::model::risk_zones::{LevelBasis, RiskPoint, RiskPointKind, RiskZone};
use onemap::model::{Enterprise, Feature, FeatureId, Layer, LonLat, RiskLevel};
use onemap::spatial::georef::{ControlPoint, TransformKind};
use onemap::store::{AuditQuery, Project, StoreError};

fn enterprise(name: &str, risk: RiskLevel, lon: f64, lat: f64) -> Feature {
    Feature::Enterprises(Enterprise {
        id: 0,
        code: None,
        name: name.into(),
        credit_code: String::new(),
        industry: "危化".into(),
        risk,
        district: Some("410502".into()),
        township: None,
        address: String::new(),
        contact: String::new(),
        phone: String::new(),
        in_park: false,
        location: LonLat::new(lon, lat),
        site: None,
        illustrative: false,
        note: String::new(),
    })
}

fn zone(enterprise_id: FeatureId, name: &str, level: RiskLevel) -> RiskZone {
    let (lon, lat, s) = (114.35, 36.1, 0.0005);
    RiskZone {
        id: 0,
        enterprise_id,
        name: name.into(),
        kind: "车间".into(),
        level,
        lec: None,
        hazard: "火灾、爆炸".into(),
        measures: "动火作业审批".into(),
        responsible: "王五".into(),
        phone: "0372-1234567".into(),
        outline: MultiPolygon(vec![polygon![
            (x: lon, y: lat), (x: lon + s, y: lat), (x: lon + s, y: lat + s), (x: lon, y: lat + s), (x: lon, y: lat)
        ]]),
        illustrative: false,
        note: String::new(),
    }
}

fn project() -> (tempfile::TempDir, Project, FeatureId) {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::create(&dir.path().join("p.gpkg")).unwrap();
    p.set_operator("测试员");
    let id = p.write(|w| w.insert(&enterprise("安阳化工（测试）", RiskLevel::Blue, 114.35, 36.1))).unwrap();
    (dir, p, id)
}

fn level(p: &Project, id: FeatureId) -> RiskLevel {
    match p.feature(Layer::Enterprises, id).unwrap() {
        Some(Feature::Enterprises(e)) => e.risk,
        other => panic!("{other:?}"),
    }
}

#[test]
fn enterprise_level_follows_its_worst_zone() {
    let (_d, mut p, id) = project();
    p.write(|w| w.insert_zone(&zone(id, "1号车间", RiskLevel::Yellow))).unwrap();
    assert_eq!(level(&p, id), RiskLevel::Yellow);
    let tank = p.write(|w| w.insert_zone(&zone(id, "罐区", RiskLevel::Orange))).unwrap();
    assert_eq!(level(&p, id), RiskLevel::Orange);
    let o = p.overall_level(id).unwrap();
    assert_eq!((o.level, o.basis), (RiskLevel::Orange, LevelBasis::WorstZone));
    p.write(|w| w.delete_zone(tank)).unwrap();
    assert_eq!(level(&p, id), RiskLevel::Yellow);
    // Each zone write and each level change is audited.
    let audit = p.audit(&AuditQuery { table: Some("risk_zones".into()), ..Default::default() }).unwrap();
    assert_eq!(audit.len(), 3);
    assert_eq!(audit[0].action, "delete");
    assert_eq!(audit[0].operator, "测试员");
    let ent = p.audit(&AuditQuery { table: Some("enterprises".into()), feature_id: Some(id), limit: None }).unwrap();
    assert_eq!(ent.iter().filter(|a| a.action == "update").count(), 3);
}

#[test]
fn explicit_level_is_an_override_not_an_overwrite() {
    let (_d, mut p, id) = project();
    p.write(|w| w.insert_zone(&zone(id, "仓库", RiskLevel::Yellow))).unwrap();
    let e = p.write(|w| w.set_level_override(id, RiskLevel::Blue, "  ")).unwrap_err();
    assert!(matches!(e, StoreError::Invalid { field: "reason", .. }), "{e}");
    p.write(|w| w.set_level_override(id, RiskLevel::Red, "专家会审：毗邻人员密集场所")).unwrap();
    assert_eq!(level(&p, id), RiskLevel::Red);
    // A new zone does not move an explicit level …
    p.write(|w| w.insert_zone(&zone(id, "配电室", RiskLevel::Orange))).unwrap();
    assert_eq!(level(&p, id), RiskLevel::Red);
    let o = p.overall_level(id).unwrap();
    assert_eq!(o.worst_zone, Some(RiskLevel::Orange));
    match o.basis {
        LevelBasis::Explicit { reason, set_by, .. } => {
            assert!(reason.contains("专家会审"));
            assert_eq!(set_by, "测试员");
        }
        other => panic!("{other:?}"),
    }
    // A plain edit cannot move an explicit level or one that follows zones; other fields can change.
    let Some(Feature::Enterprises(mut e)) = p.feature(Layer::Enterprises, id).unwrap() else { panic!() };
    e.risk = RiskLevel::Blue;
    let err = p.write(|w| w.update(&Feature::Enterprises(e.clone()))).unwrap_err();
    assert!(matches!(err, StoreError::Invalid { field: "risk_level", .. }), "{err}");
    e.risk = RiskLevel::Red;
    e.phone = "0372-7654321".into();
    p.write(|w| w.update(&Feature::Enterprises(e.clone()))).unwrap();
    // … and clearing it hands the level back to the zones.
    assert!(p.write(|w| w.clear_level_override(id)).unwrap());
    assert_eq!(level(&p, id), RiskLevel::Orange);
    assert!(!p.write(|w| w.clear_level_override(id)).unwrap());
    e.risk = RiskLevel::Yellow;
    let err = p.write(|w| w.update(&Feature::Enterprises(e.clone()))).unwrap_err();
    assert!(err.to_string().contains("follows the enterprise's risk zones"), "{err}");
}

#[test]
fn bad_zones_are_refused_and_nothing_is_written() {
    let (_d, mut p, id) = project();
    p.write(|w| w.insert_zone(&zone(id, "罐区", RiskLevel::Yellow))).unwrap();
    let e = p.write(|w| w.insert_zone(&zone(id, "罐区", RiskLevel::Red))).unwrap_err();
    assert!(matches!(e, StoreError::Invalid { field: "name", .. }), "{e}");
    let mut z = zone(id, "反应釜", RiskLevel::Yellow);
    z.lec = Some(Lec::new(6.0, 6.0, 15.0).unwrap()); // D = 540 → 红
    let e = p.write(|w| w.insert_zone(&z)).unwrap_err();
    assert!(e.to_string().contains("540"), "{e}");
    let e = p.write(|w| w.insert_zone(&zone(999, "别家", RiskLevel::Red))).unwrap_err();
    assert!(matches!(e, StoreError::NoSuchFeature { id: 999, .. }), "{e}");
    // A batch that fails half-way leaves nothing behind.
    let r: Result<(), StoreError> = p.write(|w| {
        w.insert_zone(&zone(id, "新车间", RiskLevel::Red))?;
        w.insert_zone(&zone(id, "", RiskLevel::Red))?;
        Ok(())
    });
    assert!(r.is_err());
    assert_eq!(p.risk_zones(Some(id)).unwrap().len(), 1);
    assert_eq!(level(&p, id), RiskLevel::Yellow);
    z.level = RiskLevel::Red;
    let zid = p.write(|w| w.insert_zone(&z)).unwrap();
    let back = p.risk_zones(Some(id)).unwrap().into_iter().find(|z| z.id == zid).unwrap();
    assert_eq!(back.lec, z.lec);
    assert_eq!(back.outline, z.outline);
}

#[test]
fn points_and_cascading_delete_keep_the_geopackage_valid() {
    let (dir, mut p, id) = project();
    p.write(|w| w.insert_zone(&zone(id, "罐区", RiskLevel::Red))).unwrap();
    let point = RiskPoint {
        id: 0,
        enterprise_id: id,
        kind: RiskPointKind::MajorHazard,
        name: "液氨储罐".into(),
        grade: Some(3),
        detail: "液氨 30 t".into(),
        responsible: "赵六".into(),
        phone: String::new(),
        location: LonLat::new(114.3502, 36.1002),
        illustrative: true,
        note: String::new(),
    };
    p.write(|w| w.insert_point(&point)).unwrap();
    let space =
        RiskPoint { kind: RiskPointKind::ConfinedSpace, name: "污水池".into(), grade: None, ..point.clone() };
    p.write(|w| w.insert_point(&space)).unwrap();
    let pts = p.risk_points(Some(id)).unwrap();
    assert_eq!(pts.len(), 2);
    assert_eq!(pts[0].grade, Some(3));
    assert!(p.check().unwrap().ok(), "{:?}", p.check().unwrap().findings);
    let layers = p.check().unwrap().layers;
    assert!(layers.contains(&("risk_zones".to_string(), 1)), "{layers:?}");
    assert!(layers.contains(&("risk_points".to_string(), 2)), "{layers:?}");

    if std::process::Command::new("ogrinfo").arg("--version").output().is_ok() {
        let out = std::process::Command::new("ogrinfo").args(["-ro", "-so", "-al"]).arg(p.path()).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(text.contains("Layer name: risk_zones") && text.contains("Multi Polygon"), "{text}");
        assert!(text.contains("Layer name: risk_points"), "{text}");
    }

    // Deleting the enterprise takes its zones and points along (and their R-tree entries) …
    p.write(|w| w.file_risk_map(id, NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(), "孙七", "")).unwrap();
    p.write(|w| w.delete(Layer::Enterprises, id)).unwrap();
    assert!(p.risk_zones(None).unwrap().is_empty());
    assert!(p.risk_points(None).unwrap().is_empty());
    let report = p.check().unwrap();
    assert!(report.ok(), "{:?}", report.findings);
    // … but its filings stay on record.
    assert_eq!(p.filings(Some(id)).unwrap().len(), 1);
    drop(dir);
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn floor_plans_store_the_image_and_its_georeference() {
    let (_d, mut p, id) = project();
    let bytes = png(400, 300);
    let plan = p.write(|w| w.add_floor_plan(id, "一层平面图", &bytes, "")).unwrap();
    assert_eq!((plan.width, plan.height), (400, 300));
    assert_eq!(p.floor_plan_image(plan.id).unwrap(), bytes);

    let truncated = &bytes[..bytes.len() / 2];
    let e = p.write(|w| w.add_floor_plan(id, "坏图", truncated, "")).unwrap_err();
    assert!(matches!(e, StoreError::Invalid { field: "image", .. }), "{e}");
    let e = p.write(|w| w.add_floor_plan(id, "文本", b"name,lon,lat\n", "")).unwrap_err();
    assert!(e.to_string().contains("PNG or JPEG"), "{e}");
    assert_eq!(p.floor_plans(Some(id)).unwrap().len(), 1);

    let cps = [
        ControlPoint { pixel: [0.0, 0.0], lonlat: LonLat::new(114.3500, 36.1010) },
        ControlPoint { pixel: [400.0, 300.0], lonlat: LonLat::new(114.3540, 36.1000) },
    ];
    let e = p.write(|w| w.georeference_plan(plan.id, TransformKind::Affine, &cps)).unwrap_err();
    assert!(e.to_string().contains("at least 3"), "{e}");
    let g = p.write(|w| w.georeference_plan(plan.id, TransformKind::Similarity, &cps)).unwrap();
    let back = p.floor_plan(plan.id).unwrap();
    assert_eq!(back.control_points, cps.to_vec());
    let stored = back.georef.clone().unwrap();
    assert_eq!((stored.kind, stored.origin, stored.coefficients), (g.kind, g.origin, g.coefficients));
    assert!(stored.rms_m < 1e-9);
    assert!(back.georef.unwrap().pixel_to_lonlat([400.0, 300.0]).distance_m(cps[1].lonlat) < 0.01);
    p.write(|w| w.delete_floor_plan(plan.id)).unwrap();
    assert!(p.floor_plans(None).unwrap().is_empty());
}

#[test]
fn filings_freeze_the_map_and_compare() {
    let (_d, mut p, id) = project();
    let other = p.write(|w| w.insert(&enterprise("未报备企业（测试）", RiskLevel::Yellow, 114.4, 36.0))).unwrap();
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    p.write(|w| w.insert_zone(&zone(id, "1号车间", RiskLevel::Yellow))).unwrap();
    p.write(|w| w.insert_zone(&zone(id, "罐区", RiskLevel::Orange))).unwrap();
    let e = p.write(|w| w.file_risk_map(id, day("2024-03-15"), " ", "")).unwrap_err();
    assert!(matches!(e, StoreError::Invalid { field: "filer", .. }), "{e}");
    let first = p.write(|w| w.file_risk_map(id, day("2024-03-15"), "安全科 李雷", "首次报备")).unwrap();
    assert_eq!(first.zones.len(), 2);
    assert_eq!(first.overall, RiskLevel::Orange);

    // The map changes after filing; the filing does not.
    let zones = p.risk_zones(Some(id)).unwrap();
    let mut workshop = zones.iter().find(|z| z.name == "1号车间").unwrap().clone();
    workshop.level = RiskLevel::Red;
    p.write(|w| w.update_zone(&workshop)).unwrap();
    let tank = zones.iter().find(|z| z.name == "罐区").unwrap().id;
    p.write(|w| w.delete_zone(tank)).unwrap();
    p.write(|w| w.insert_zone(&zone(id, "危废库", RiskLevel::Blue))).unwrap();
    assert_eq!(p.filing(first.id).unwrap().zones.len(), 2);
    let second = p.write(|w| w.file_risk_map(id, day("2025-03-10"), "安全科 韩梅梅", "")).unwrap();

    let history = p.filings(Some(id)).unwrap();
    assert_eq!(history.iter().map(|f| f.id).collect::<Vec<_>>(), vec![first.id, second.id]);
    let d = filing::diff(
        history[0].overall,
        (&history[0].zones, &history[0].points),
        history[1].overall,
        (&history[1].zones, &history[1].points),
    );
    assert_eq!(d.added.iter().map(|z| z.name.as_str()).collect::<Vec<_>>(), vec!["危废库"]);
    assert_eq!(d.removed.iter().map(|z| z.name.as_str()).collect::<Vec<_>>(), vec!["罐区"]);
    assert_eq!(d.changed[0].level, Some((RiskLevel::Yellow, RiskLevel::Red)));
    assert_eq!(d.overall, Some((RiskLevel::Orange, RiskLevel::Red)));

    let dates = p.filing_dates().unwrap();
    assert_eq!(filing::filing_status(&dates[&id], day("2026-03-10")).0, FilingStatus::Current);
    assert_eq!(filing::filing_status(&dates[&id], day("2026-03-11")).0, FilingStatus::Overdue);
    assert!(!dates.contains_key(&other));
    let audit = p.audit(&AuditQuery { table: Some("risk_filings".into()), ..Default::default() }).unwrap();
    assert_eq!(audit.len(), 2);
}

#[test]
fn older_project_files_gain_the_risk_tables_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.gpkg");
    drop(Project::create(&path).unwrap());
    {
        // Make it look like a file from before the risk step.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE risk_zones; DROP TABLE risk_points; DROP TABLE risk_level_overrides;
             DROP TABLE risk_floor_plans; DROP TABLE risk_filings;
             DROP TABLE rtree_risk_zones_geom; DROP TABLE rtree_risk_points_geom;
             DELETE FROM gpkg_extensions WHERE table_name IN ('risk_zones', 'risk_points');
             DELETE FROM gpkg_geometry_columns WHERE table_name IN ('risk_zones', 'risk_points');
             DELETE FROM gpkg_contents WHERE table_name IN ('risk_zones', 'risk_points');
             DELETE FROM onemap_migrations WHERE name = 'risk_v1';",
        )
        .unwrap();
    }
    let p = Project::open(&path).unwrap();
    assert!(p.check().unwrap().schema_steps.contains(&"risk_v1".to_string()));
    assert!(p.risk_zones(None).unwrap().is_empty());
}

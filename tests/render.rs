//! The headless renderer (`onemap render` and the library call behind it): a real map comes
//! out, with its legend, and the requested box is what is shown.

use std::path::Path;
use std::process::Command;

use onemap::i18n::Lang;
use onemap::model::LonLat;
use onemap::render::sheet::{self, SheetOptions};
use onemap::render::{SceneOptions, Theme};
use onemap::snapshot::{BBox, Snapshot};
use onemap::store::Project;

fn demo(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("demo.gpkg");
    onemap::demo::create(&path, None).unwrap();
    path
}

fn onemap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_onemap")).args(args).output().unwrap()
}

fn opts() -> SheetOptions {
    SheetOptions {
        title: "应急资源分布图".into(),
        subtitle: "测试".into(),
        date: "2025-01-01".into(),
        lang: Lang::Zh,
        theme: Theme::Light,
        pixel_scale: 1.0,
    }
}

fn rgba(pm: &tiny_skia::Pixmap, x: u32, y: u32) -> [u8; 4] {
    let c = pm.pixel(x, y).unwrap().demultiply();
    [c.red(), c.green(), c.blue(), c.alpha()]
}

/// Distinct colours in a rectangle (a blank area has one or two).
fn colours(pm: &tiny_skia::Pixmap, min: [f32; 2], max: [f32; 2]) -> usize {
    let mut set = std::collections::HashSet::new();
    for y in (min[1].max(0.0) as u32)..(max[1].min(pm.height() as f32) as u32) {
        for x in (min[0].max(0.0) as u32)..(max[0].min(pm.width() as f32) as u32) {
            set.insert(rgba(pm, x, y));
        }
    }
    set.len()
}

#[test]
fn cli_writes_a_png_of_the_whole_project_and_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let png = dir.path().join("map.png");
    let out = onemap(&["render", "--db", db.to_str().unwrap(), "--out", png.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let img = image::open(&png).unwrap().to_rgba8();
    assert_eq!((img.width(), img.height()), (1600, 1000));
    let distinct: std::collections::HashSet<_> = img.pixels().map(|p| p.0).collect();
    assert!(distinct.len() > 500, "only {} colours: a blank map?", distinct.len());
    // The four risk colours of the enterprises are on it.
    for &level in <onemap::model::RiskLevel as onemap::model::Labelled>::ALL {
        let [r, g, b] = level.rgb();
        assert!(img.pixels().any(|p| p.0 == [r, g, b, 255]), "{level:?} missing");
    }

    let pdf = dir.path().join("map.pdf");
    let out = onemap(&[
        "render",
        "--db",
        db.to_str().unwrap(),
        "--out",
        pdf.to_str().unwrap(),
        "--width",
        "800",
        "--height",
        "500",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.4"));
    assert!(bytes.ends_with(b"%%EOF\n"));
    // Every cross-reference entry points at its object.
    let find = |needle: &[u8]| bytes.windows(needle.len()).rposition(|w| w == needle).unwrap();
    let tail = String::from_utf8_lossy(&bytes[find(b"startxref\n") + 10..]).to_string();
    let xref_at: usize = tail.lines().next().unwrap().parse().unwrap();
    let xref = String::from_utf8_lossy(&bytes[xref_at..]).to_string();
    assert!(xref.starts_with("xref\n0 6\n"), "{}", &xref[..20]);
    for (n, line) in xref.lines().skip(3).take(5).enumerate() {
        let off: usize = line[..10].parse().unwrap();
        assert!(bytes[off..].starts_with(format!("{} 0 obj", n + 1).as_bytes()), "object {} at {off}", n + 1);
    }
}

#[test]
fn cli_refuses_bad_arguments_with_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let db = db.to_str().unwrap();
    for (args, needle) in [
        (vec!["--bbox", "114,36,115"], "four numbers"),
        (vec!["--bbox", "115,36,114,37"], "west < east"),
        (vec!["--width", "10"], "not usable"),
        (vec!["--lang", "fr"], "zh or en"),
    ] {
        let png = dir.path().join("x.png");
        let mut all = vec!["render", "--db", db, "--out", png.to_str().unwrap()];
        all.extend(args.iter());
        let out = onemap(&all);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    let out = onemap(&["render", "--db", db, "--out", dir.path().join("x.jpg").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".png or .pdf"));
}

#[test]
fn the_sheet_has_a_legend_title_scale_bar_and_north_arrow() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = Snapshot::load(&Project::open(&demo(dir.path())).unwrap()).unwrap();
    let (pm, layout, _) =
        sheet::render_snapshot(&snapshot, None, [1600.0, 1000.0], &SceneOptions::default(), &opts()).unwrap();
    let legend = layout.legend.expect("a legend");
    // A real legend: tall enough for the four layers' entries, with swatches and text in it.
    assert!(legend[1][1] - legend[0][1] > 300.0, "{legend:?}");
    assert!(colours(&pm, legend[0], legend[1]) > 100);
    for part in [layout.title, layout.scale_bar, layout.north_arrow] {
        let [min, max] = part.expect("furniture");
        assert!(colours(&pm, min, max) > 10, "{min:?}..{max:?} is blank");
    }
    // Without any features there is nothing to explain.
    let empty = Snapshot::from_parts(vec![], vec![], vec![], vec![], vec![]);
    let bbox = BBox { west: 114.0, south: 36.0, east: 114.5, north: 36.3 };
    let (_, layout, _) =
        sheet::render_snapshot(&empty, Some(bbox), [800.0, 600.0], &SceneOptions::default(), &opts()).unwrap();
    assert!(layout.legend.is_none());
}

#[test]
fn the_requested_box_is_what_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = Snapshot::load(&Project::open(&demo(dir.path())).unwrap()).unwrap();
    let wang = snapshot.stations.iter().find(|s| s.name == "汪家店消防站").unwrap().location;
    let bbox = BBox { west: wang.lon - 0.02, south: wang.lat - 0.015, east: wang.lon + 0.02, north: wang.lat + 0.015 };
    let (pm, _, view) =
        sheet::render_snapshot(&snapshot, Some(bbox), [1200.0, 800.0], &SceneOptions::default(), &opts()).unwrap();
    // The box's corners are inside the image, and it fills most of one dimension.
    let a = view.lonlat_to_screen(LonLat::new(bbox.west, bbox.north));
    let b = view.lonlat_to_screen(LonLat::new(bbox.east, bbox.south));
    assert!(a[0] >= 0.0 && a[1] >= 0.0 && b[0] <= 1200.0 && b[1] <= 800.0, "{a:?} {b:?}");
    assert!(b[0] - a[0] > 1000.0 || b[1] - a[1] > 700.0, "{a:?} {b:?}");
    // The planned station is drawn where the view puts it: its red dashed outline is there.
    let at = view.lonlat_to_screen(wang);
    let red = onemap::render::style::STATION_RED.0;
    let near_red = (-12..=12).flat_map(|dx| (-12..=12).map(move |dy| (dx, dy))).any(|(dx, dy)| {
        let c = rgba(&pm, (at[0] as i32 + dx) as u32, (at[1] as i32 + dy) as u32);
        (c[0] as i32 - red[0] as i32).abs() < 30
            && (c[1] as i32 - red[1] as i32).abs() < 30
            && (c[2] as i32 - red[2] as i32).abs() < 30
    });
    assert!(near_red, "no station red at {at:?}");
    // 滑县's station, 60 km south-east, is off the image.
    let far = snapshot.stations.iter().find(|s| s.name == "滑县消防救援站").unwrap().location;
    let s = view.lonlat_to_screen(far);
    assert!(s[0] < 0.0 || s[1] < 0.0 || s[0] > 1200.0 || s[1] > 800.0, "{s:?}");
}

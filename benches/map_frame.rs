//! Map frame benchmark: province scale (20 000 stations, teams and depots + 100 000 enterprises,
//! generated around 17 city centres in Henan's extent), CPU time to prepare and paint one frame
//! at city and province zoom, against a naive baseline that projects and paints every feature
//! (symbol and name) every frame. Also cold start: open the project file, load the snapshot,
//! build the map index and draw the first frame.
//!
//! `CARGO_TARGET_DIR=/work/bench-target cargo bench --bench map_frame`
//! Results go in BENCHMARKS.md.

use std::time::Instant;

use egui::{Color32, FontId, Pos2, RawInput, Rect, Shape, Stroke, pos2, vec2};
use onemap::model::*;
use onemap::render::view::world_of_datum_lonlat;
use onemap::render::{Datum, FilterMask, LayerId, MapIndex, MapView, Renderer, Scene, SceneOptions};
use onemap::snapshot::{BBox, Snapshot};
use onemap::store::Project;
use onemap::ui::map::paint;
use onemap::ui::map::sprites::SymbolAtlas;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const W: f32 = 1600.0;
const H: f32 = 1000.0;

/// Henan's extent, roughly.
const PROVINCE: BBox = BBox { west: 110.4, south: 31.4, east: 116.6, north: 36.3 };

/// The city centres the generated features crowd around (lon, lat): Henan's 17 prefecture cities.
const CITIES: [(f64, f64); 17] = [
    (113.62, 34.75),
    (114.35, 36.10),
    (112.45, 34.62),
    (114.31, 34.80),
    (113.19, 33.77),
    (114.07, 32.13),
    (113.24, 35.22),
    (114.39, 36.10),
    (113.84, 34.02),
    (114.02, 33.58),
    (111.20, 34.77),
    (112.53, 33.00),
    (115.65, 34.44),
    (114.65, 33.62),
    (114.02, 33.01),
    (115.03, 35.76),
    (112.60, 35.07),
];

fn point(rng: &mut StdRng) -> LonLat {
    // 70 % near a city (σ ≈ 15 km), 30 % anywhere in the province.
    if rng.random_bool(0.7) {
        let (lon, lat) = CITIES[rng.random_range(0..CITIES.len())];
        let r = rng.random::<f64>().sqrt() * 0.35;
        let a = rng.random::<f64>() * std::f64::consts::TAU;
        LonLat::new(lon + r * a.cos(), lat + r * a.sin() * 0.8)
    } else {
        LonLat::new(rng.random_range(PROVINCE.west..PROVINCE.east), rng.random_range(PROVINCE.south..PROVINCE.north))
    }
}

fn generate(areas: Vec<AdminArea>) -> Snapshot {
    let mut rng = StdRng::seed_from_u64(20_260_101);
    let stations = (0..4_000)
        .map(|i| Station {
            id: i + 1,
            code: Some(format!("S{i:05}")),
            personnel: 30,
            illustrative: true,
            ..Station::new(
                format!("第{}消防救援站", i + 1),
                StationClass::ALL[i as usize % StationClass::ALL.len()],
                if i % 9 == 0 { StationStatus::Planned } else { StationStatus::Existing },
                point(&mut rng),
            )
        })
        .collect();
    let teams = (0..8_000)
        .map(|i| Team {
            id: i + 1,
            code: Some(format!("T{i:05}")),
            capabilities: vec!["危化".into()],
            headcount: 20,
            illustrative: true,
            ..Team::new(format!("第{}救援队", i + 1), TeamKind::ALL[i as usize % TeamKind::ALL.len()], point(&mut rng))
        })
        .collect();
    let depots = (0..8_000)
        .map(|i| Depot {
            id: i + 1,
            code: Some(format!("D{i:05}")),
            illustrative: true,
            ..Depot::new(
                format!("第{}物资储备库", i + 1),
                DepotLevel::ALL[i as usize % DepotLevel::ALL.len()],
                point(&mut rng),
            )
        })
        .collect();
    let enterprises = (0..100_000)
        .map(|i| {
            let risk = [
                RiskLevel::Red,
                RiskLevel::Orange,
                RiskLevel::Yellow,
                RiskLevel::Yellow,
                RiskLevel::Blue,
                RiskLevel::Blue,
            ][i as usize % 6];
            Enterprise {
                id: i + 1,
                code: Some(format!("E{i:06}")),
                industry: "危化".into(),
                illustrative: true,
                ..Enterprise::new(format!("企业{:06}（示意）", i + 1), risk, point(&mut rng))
            }
        })
        .collect();
    Snapshot::from_parts(stations, teams, depots, enterprises, areas)
}

/// CPU time of this thread in nanoseconds (CLOCK_THREAD_CPUTIME_ID): what the frame costs the
/// machine, unaffected by other processes competing for the two cores.
fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes into the timespec we own; the clock id is a constant.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0;
    if ok { ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64 } else { 0 }
}

#[derive(Clone, Copy)]
struct Stat {
    cpu_ms: f64,
    wall_ms: f64,
}

/// Median CPU and wall time of `runs` calls of `f`.
fn measure(runs: usize, mut f: impl FnMut(usize)) -> Stat {
    f(usize::MAX); // warm-up
    let mut cpu = Vec::with_capacity(runs);
    let mut wall = Vec::with_capacity(runs);
    for i in 0..runs {
        let (c0, w0) = (thread_cpu_ns(), Instant::now());
        f(i);
        wall.push(w0.elapsed().as_secs_f64() * 1000.0);
        cpu.push((thread_cpu_ns() - c0) as f64 / 1e6);
    }
    cpu.sort_by(f64::total_cmp);
    wall.sort_by(f64::total_cmp);
    Stat { cpu_ms: cpu[runs / 2], wall_ms: wall[runs / 2] }
}

fn raw_input() -> RawInput {
    RawInput { screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(W, H))), ..Default::default() }
}

/// One egui frame painting `lists` as the window does (symbols as sprites, labels last),
/// tessellated: the CPU part of putting them on screen.
fn egui_frame(ctx: &egui::Context, atlas: &mut SymbolAtlas, lists: &[&onemap::render::DisplayList]) -> usize {
    let out = ctx.run_ui(raw_input(), |ui| {
        let painter = ui.painter().clone();
        let mut shapes = Vec::new();
        for (i, l) in lists.iter().enumerate() {
            let labels = i + 1 == lists.len();
            paint::paint(&painter, l, 1.0, &mut shapes, (!labels).then_some(&mut *atlas));
        }
    });
    let mut out = out;
    // No GPU here: the texture uploads are dropped, their CPU cost is counted.
    out.textures_delta.clear();
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

/// The naive way: every feature projected (with trigonometry) and painted with its name,
/// every frame, no culling, clustering, label placement or level of detail.
fn naive_frame(ctx: &egui::Context, s: &Snapshot, view: &MapView) -> usize {
    let out = ctx.run_ui(raw_input(), |ui| {
        let painter = ui.painter().clone();
        let project = |p: LonLat| {
            let s = view.world_to_screen(world_of_datum_lonlat(p));
            pos2(s[0], s[1])
        };
        for a in &s.areas {
            if let Some(mp) = &a.outline {
                for poly in &mp.0 {
                    let pts: Vec<Pos2> = poly.exterior().0.iter().map(|c| project(LonLat::new(c.x, c.y))).collect();
                    painter.add(Shape::closed_line(pts, Stroke::new(1.0, Color32::GRAY)));
                }
            }
        }
        let point = |p: LonLat, name: &str, c: Color32| {
            let at = project(p);
            painter.circle(at, 5.0, c, Stroke::new(1.0, Color32::WHITE));
            painter.text(
                at + vec2(7.0, 0.0),
                egui::Align2::LEFT_CENTER,
                name,
                FontId::proportional(11.0),
                Color32::BLACK,
            );
        };
        for x in &s.enterprises {
            point(x.location, &x.name, Color32::YELLOW);
        }
        for x in &s.depots {
            point(x.location, &x.name, Color32::GREEN);
        }
        for x in &s.teams {
            point(x.location, &x.name, Color32::BLUE);
        }
        for x in &s.stations {
            point(x.location, &x.name, Color32::RED);
        }
    });
    let mut out = out;
    // No GPU here: the texture uploads are dropped, their CPU cost is counted.
    out.textures_delta.clear();
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 5 } else { 31 };
    let dir = tempfile::tempdir().expect("temp dir");

    // The demo's real outlines (city, districts, townships) give the areas layer real work.
    let demo_path = dir.path().join("demo.gpkg");
    onemap::demo::create(&demo_path, None).expect("demo");
    let demo = Snapshot::load(&Project::open(&demo_path).expect("open")).expect("load");
    let t0 = Instant::now();
    let s = generate(demo.areas.clone());
    println!(
        "generated {} stations, {} teams, {} depots, {} enterprises in {:.0} ms",
        s.stations.len(),
        s.teams.len(),
        s.depots.len(),
        s.enterprises.len(),
        t0.elapsed().as_secs_f64() * 1000.0
    );
    let t0 = Instant::now();
    let ne = onemap::render::layers::basemap::natural_earth(Datum::Wgs84);
    let basemap_ms = t0.elapsed().as_secs_f64() * 1000.0;
    println!(
        "Natural Earth basemap decoded ({} land vertices, {} countries) in {basemap_ms:.0} ms, once per process",
        ne.land.vertex_count(),
        ne.countries.len()
    );
    let t0 = Instant::now();
    let index = MapIndex::build(&s, Datum::Wgs84);
    let index_ms = t0.elapsed().as_secs_f64() * 1000.0;
    let mask = FilterMask::all(&s, 1);
    let options = SceneOptions::default();
    let ctx = egui::Context::default();
    let mut atlas = SymbolAtlas::default();
    onemap::ui::fonts::install(&ctx);
    ctx.run_ui(raw_input(), |_| {}).textures_delta.clear();

    let province = MapView::fit(PROVINCE, [W, H], 20.0, Datum::Wgs84);
    let city = MapView::new(LonLat::new(113.62, 34.75), 10.5, [W, H], Datum::Wgs84);
    println!("map index built in {index_ms:.0} ms; province zoom {:.2}, city zoom {:.2}", province.zoom, city.zoom);
    println!();
    println!("| view | step | CPU ms (median) | wall ms (median) |");
    println!("|---|---|---:|---:|");
    let mut rows = Vec::new();
    for (label, base) in [("city", city), ("province", province)] {
        let name = format!("{label} z{:.1}", base.zoom);
        let mut renderer = Renderer::default();
        // The first visit of a zoom level builds its clusters once.
        let t0 = Instant::now();
        let scene = Scene { snapshot: &s, index: &index, mask: &mask, options: &options, version: 0 };
        renderer.prepare(&scene, &base, &LayerId::ALL);
        let first = t0.elapsed().as_secs_f64() * 1000.0;
        // Panning: every frame a new view, so every layer is prepared again (clusters of the
        // level are reused, as in the window).
        let mut version = 1;
        let panned = |i: usize| {
            let mut v = base;
            let k = (i % 16) as f64;
            v.centre_world[0] += k * 3.0 / v.world_px();
            v.centre_world[1] += k * 2.0 / v.world_px();
            v
        };
        let prepare = measure(runs, |i| {
            version += 1;
            let scene = Scene { snapshot: &s, index: &index, mask: &mask, options: &options, version };
            renderer.prepare(&scene, &panned(i), &LayerId::ALL);
        });
        let lists: Vec<&onemap::render::DisplayList> =
            renderer.slots.iter().map(|s| &s.frame.list).chain([&renderer.labels]).collect();
        let drawn: usize = lists.iter().map(|l| l.items.len()).sum();
        let census = lists.iter().fold(onemap::render::display::Census::default(), |mut a, l| {
            let c = l.census();
            a.symbols += c.symbols;
            a.clusters += c.clusters;
            a.texts += c.texts;
            a.lines += c.lines;
            a.polygons += c.polygons;
            a.circles += c.circles;
            a
        });
        eprintln!("{name}: {census:?}, labels placed {}", renderer.placer.placed);
        let paint = measure(runs, |_| {
            egui_frame(&ctx, &mut atlas, &lists);
        });
        let mut renderer2 = Renderer::default();
        let full = measure(runs, |i| {
            version += 1;
            let scene = Scene { snapshot: &s, index: &index, mask: &mask, options: &options, version };
            renderer2.prepare(&scene, &panned(i), &LayerId::ALL);
            let lists: Vec<&onemap::render::DisplayList> =
                renderer2.slots.iter().map(|s| &s.frame.list).chain([&renderer2.labels]).collect();
            egui_frame(&ctx, &mut atlas, &lists);
        });
        let still = measure(runs, |_| {
            let scene = Scene { snapshot: &s, index: &index, mask: &mask, options: &options, version };
            renderer2.prepare(&scene, &base, &LayerId::ALL);
            let lists: Vec<&onemap::render::DisplayList> =
                renderer2.slots.iter().map(|s| &s.frame.list).chain([&renderer2.labels]).collect();
            egui_frame(&ctx, &mut atlas, &lists);
        });
        let naive = measure(if quick { 2 } else { 5 }, |_| {
            naive_frame(&ctx, &s, &base);
        });
        println!("| {name} | first frame at this level (builds clusters) | — | {first:.1} |");
        println!(
            "| {name} | prepare (cull, cluster, label), panning | {:.2} | {:.2} |",
            prepare.cpu_ms, prepare.wall_ms
        );
        println!("| {name} | paint + tessellate ({drawn} items) | {:.2} | {:.2} |", paint.cpu_ms, paint.wall_ms);
        println!("| {name} | **whole frame, panning** | **{:.2}** | {:.2} |", full.cpu_ms, full.wall_ms);
        println!("| {name} | whole frame, view unchanged (cached) | {:.2} | {:.2} |", still.cpu_ms, still.wall_ms);
        println!("| {name} | naive baseline: every feature + name | {:.1} | {:.1} |", naive.cpu_ms, naive.wall_ms);
        rows.push((name.clone(), full.cpu_ms, naive.cpu_ms));
    }
    println!();
    for (name, ours, naive) in &rows {
        println!("{name}: naive / ours = {:.0}×", naive / ours);
    }

    // Cold start at province scale: the project file to the first prepared frame.
    let big = dir.path().join("province.gpkg");
    let mut p = Project::create(&big).expect("create");
    let t0 = Instant::now();
    p.write(|w| -> Result<(), onemap::store::StoreError> {
        for x in &s.stations {
            w.insert_unaudited(&Feature::Stations(x.clone()))?;
        }
        for x in &s.teams {
            w.insert_unaudited(&Feature::Teams(x.clone()))?;
        }
        for x in &s.depots {
            w.insert_unaudited(&Feature::Depots(x.clone()))?;
        }
        for x in &s.enterprises {
            w.insert_unaudited(&Feature::Enterprises(x.clone()))?;
        }
        Ok(())
    })
    .expect("write");
    drop(p);
    // Keep a copy to open in the window (cold start of the real app): ONEMAP_BENCH_KEEP=path.
    if let Some(keep) = std::env::var_os("ONEMAP_BENCH_KEEP") {
        let _ = std::fs::copy(&big, keep);
    }
    println!();
    println!("wrote the province project in {:.1} s", t0.elapsed().as_secs_f64());
    for (label, path) in [("demo (231 features)", &demo_path), ("province (120 000 features)", &big)] {
        let t0 = Instant::now();
        let project = Project::open(path).expect("open");
        let snapshot = Snapshot::load(&project).expect("load");
        let t1 = Instant::now();
        let index = MapIndex::build(&snapshot, Datum::Wgs84);
        let t2 = Instant::now();
        let mask = FilterMask::all(&snapshot, 1);
        let scene = Scene { snapshot: &snapshot, index: &index, mask: &mask, options: &options, version: 1 };
        let view = MapView::fit(snapshot.extent().unwrap_or(PROVINCE), [W, H], 30.0, Datum::Wgs84);
        let mut r = Renderer::default();
        r.prepare(&scene, &view, &LayerId::ALL);
        let lists: Vec<&onemap::render::DisplayList> =
            r.slots.iter().map(|s| &s.frame.list).chain([&r.labels]).collect();
        egui_frame(&ctx, &mut atlas, &lists);
        let t3 = Instant::now();
        println!(
            "cold start, {label}: load {:.0} ms + index {:.0} ms + first frame {:.0} ms = {:.0} ms",
            (t1 - t0).as_secs_f64() * 1000.0,
            (t2 - t1).as_secs_f64() * 1000.0,
            (t3 - t2).as_secs_f64() * 1000.0,
            (t3 - t0).as_secs_f64() * 1000.0
        );
    }
}

//! Risk heat map speed: the CPU reference image for the whole city, and the CPU-side cost per
//! frame of the GPU path (uniform write + recording both passes), each against a baseline
//! measured in the same run.
//!
//! `CARGO_TARGET_DIR=/work/bench-target cargo bench --bench risk_heat`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::wgpu;
use onemap::analysis::risk::heat::{self, HeatParams, HeatPoint, Viewport, heat_points};
use onemap::model::{LonLat, RiskLevel};
use onemap::render::heat_gpu::{GpuPointSet, HeatRenderer, colour_pass};
use onemap::snapshot::BBox;
use rand::{Rng, SeedableRng};

/// Anyang's extent (the demo's city outline).
const CITY: BBox = BBox { west: 113.63, south: 35.20, east: 114.98, north: 36.37 };

/// `n` enterprises over the city, clustered around a few towns like real industry.
fn enterprises(n: usize) -> Vec<HeatPoint> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    let towns: Vec<(f64, f64)> =
        (0..40).map(|_| (rng.random_range(CITY.west..CITY.east), rng.random_range(CITY.south..CITY.north))).collect();
    let levels = [RiskLevel::Red, RiskLevel::Orange, RiskLevel::Yellow, RiskLevel::Blue];
    let items: Vec<(LonLat, RiskLevel)> = (0..n)
        .map(|_| {
            let (x, y) = towns[rng.random_range(0..towns.len())];
            let level = levels[[0, 1, 1, 2, 2, 2, 3, 3, 3, 3][rng.random_range(0..10)]];
            (LonLat::new(x + rng.random_range(-0.08..0.08), y + rng.random_range(-0.06..0.06)), level)
        })
        .collect();
    heat_points(items, &HeatParams::default().weights)
}

/// The naive baseline: every point against every pixel centre.
fn naive(points: &[HeatPoint], vp: &Viewport, params: &HeatParams) -> Vec<f32> {
    let mut out = vec![0f32; (vp.width * vp.height) as usize];
    for j in 0..vp.height {
        for i in 0..vp.width {
            let c = vp.pixel_centre(i, j);
            let mut s = 0.0;
            for p in points {
                let r = heat::radius_m(p, vp, params);
                let t2 = ((c[0] - p.mercator[0]).powi(2) + (c[1] - p.mercator[1]).powi(2)) / (r * r);
                if t2 < 1.0 {
                    s += f64::from(p.weight) * (1.0 - t2).powi(2);
                }
            }
            out[(j * vp.width + i) as usize] = s as f32;
        }
    }
    out
}

fn cpu(c: &mut Criterion) {
    let params = HeatParams::default();
    let vp = Viewport::fit(CITY, 1600, 1200);
    let mut g = c.benchmark_group("heat_cpu_city_1600x1200");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    for n in [150usize, 10_000, 100_000] {
        let pts = enterprises(n);
        g.bench_function(format!("polynomial_{n}"), |b| b.iter(|| black_box(heat::render(&pts, &vp, &params))));
    }
    // The previous method, summing every pixel of every chord: the same-run baseline at 100k.
    let pts = enterprises(100_000);
    g.bench_function("by_chords_100000", |b| {
        b.iter(|| black_box(heat::colourize(&heat::density_by_chords(&pts, &vp, &params), &vp, &params, false)))
    });
    let pts = enterprises(150);
    g.bench_function("naive_150", |b| b.iter(|| black_box(naive(&pts, &vp, &params))));
    g.finish();
}

fn device() -> Option<(wgpu::Device, wgpu::Queue, String)> {
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle());
    let adapter = pollster::block_on(instance.request_adapter(&wgpu::RequestAdapterOptions::default())).ok()?;
    let info = adapter.get_info();
    let (d, q) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
        required_features: adapter.features() & wgpu::Features::FLOAT32_BLENDABLE,
        ..Default::default()
    }))
    .ok()?;
    Some((d, q, format!("{} ({:?})", info.name, info.backend)))
}

/// Records one frame: the density pass and the colour pass into `view`.
fn frame(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    r: &mut HeatRenderer,
    view: &wgpu::TextureView,
    vp: &Viewport,
    params: &HeatParams,
) -> wgpu::CommandBuffer {
    let mut enc = device.create_command_encoder(&Default::default());
    r.prepare(device, queue, &mut enc, vp, params);
    {
        let mut pass = colour_pass(&mut enc, view, wgpu::LoadOp::Load);
        r.paint(&mut pass);
    }
    enc.finish()
}

fn gpu(c: &mut Criterion) {
    let Some((device, queue, name)) = device() else {
        eprintln!("no wgpu adapter: GPU benchmarks skipped");
        return;
    };
    eprintln!("adapter: {name}");
    let params = HeatParams::default();
    let pts = enterprises(100_000);
    let vp = Viewport::fit(CITY, 1600, 1200);
    let target = device.create_texture(&wgpu::TextureDescriptor {
        label: None,
        size: wgpu::Extent3d { width: vp.width, height: vp.height, depth_or_array_layers: 1 },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: wgpu::TextureFormat::Rgba8Unorm,
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
        view_formats: &[],
    });
    let view = target.create_view(&Default::default());
    let mut r = HeatRenderer::new(&device, wgpu::TextureFormat::Rgba8Unorm, 1);
    let mut g = c.benchmark_group("heat_gpu_100k");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    // Once per data change: 16 bytes per enterprise, prepared and uploaded.
    g.bench_function("point_set_build_and_upload", |b| {
        b.iter(|| {
            let set = GpuPointSet::new(&pts);
            r.set_points(&device, &queue, &set);
        })
    });
    let set = GpuPointSet::new(&pts);
    r.set_points(&device, &queue, &set);
    // Per frame, what the paint callback does on the CPU: uniforms, density pass, colour pass.
    let mut n = 0u32;
    g.bench_function("per_frame_cpu_record", |b| {
        b.iter(|| {
            n = n.wrapping_add(1);
            let mut v = vp;
            v.min_x += f64::from(n % 7) * v.m_per_px; // a pan, as between frames
            black_box(frame(&device, &queue, &mut r, &view, &v, &params))
        })
    });
    // The same frame submitted and waited for: on a software adapter this is the rasterisation
    // itself running on the CPU, not what a GPU costs.
    g.bench_function("per_frame_submit_and_wait", |b| {
        b.iter(|| {
            queue.submit([frame(&device, &queue, &mut r, &view, &vp, &params)]);
            let _ = device.poll(wgpu::PollType::wait_indefinitely());
        })
    });
    // Baseline for the window without a GPU path: the CPU image of the same frame.
    g.bench_function("cpu_image_same_frame", |b| b.iter(|| black_box(heat::render(&pts, &vp, &params))));
    g.finish();
}

criterion_group!(benches, cpu, gpu);
criterion_main!(benches);

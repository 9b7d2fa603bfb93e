//! The GPU heat map (shaders/risk_heat.wgsl) against its CPU reference, on whatever wgpu adapter
//! the machine has — Mesa's lavapipe/llvmpipe on CI. Without any adapter the test says so and
//! passes without comparing (nothing to run the shader on).

use eframe::wgpu;
use onemap::analysis::risk::heat::{self, HeatParams, Viewport, heat_points};
use onemap::model::{LonLat, RiskLevel};
use onemap::render::heat_gpu::{GpuPointSet, HeatRenderer, render_offscreen};
use rand::{Rng, SeedableRng};

fn device() -> Option<(wgpu::Device, wgpu::Queue, wgpu::AdapterInfo)> {
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle());
    let adapter = pollster::block_on(instance.request_adapter(&wgpu::RequestAdapterOptions::default())).ok()?;
    let features = adapter.features() & wgpu::Features::FLOAT32_BLENDABLE;
    let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
        label: Some("risk heat test"),
        required_features: features,
        ..Default::default()
    }))
    .ok()?;
    Some((device, queue, adapter.get_info()))
}

/// Enterprises scattered around Anyang with clusters, all four levels.
fn enterprises(n: usize) -> Vec<(LonLat, RiskLevel)> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(3);
    let centres = [(114.35, 36.10), (114.40, 36.05), (114.20, 36.15)];
    (0..n)
        .map(|i| {
            let (cx, cy) = centres[i % centres.len()];
            let level = [RiskLevel::Red, RiskLevel::Orange, RiskLevel::Yellow, RiskLevel::Blue][rng.random_range(0..4)];
            (LonLat::new(cx + rng.random_range(-0.08..0.08), cy + rng.random_range(-0.06..0.06)), level)
        })
        .collect()
}

#[test]
fn gpu_heat_map_matches_the_cpu_reference() {
    let Some((device, queue, info)) = device() else {
        eprintln!(
            "SKIPPED: no wgpu adapter on this machine (install mesa-vulkan-drivers + libvulkan1); GPU heat map not compared"
        );
        return;
    };
    eprintln!("adapter: {} ({:?}, {:?})", info.name, info.backend, info.device_type);
    let params = HeatParams { bandwidth_m: 1500.0, saturation: 10.0, ..HeatParams::default() };
    let points = heat_points(enterprises(3000), &params.weights);
    let set = GpuPointSet::new(&points);
    let vp = Viewport::around(LonLat::new(114.32, 36.1), 11.0, 320, 240);

    let cpu = heat::colourize(&heat::density(&points, &vp, &params), &vp, &params, true);
    let mut formats = vec![wgpu::TextureFormat::R16Float];
    if device.features().contains(wgpu::Features::FLOAT32_BLENDABLE) {
        formats.insert(0, wgpu::TextureFormat::R32Float);
    }
    for format in formats {
        let mut r = HeatRenderer::with_density_format(&device, wgpu::TextureFormat::Rgba8Unorm, 1, format);
        let gpu = render_offscreen(&device, &queue, &mut r, &set, &vp, &params).unwrap();
        assert_eq!(gpu.len(), cpu.rgba.len());
        let diffs: Vec<u8> = gpu.iter().zip(&cpu.rgba).map(|(a, b)| a.abs_diff(*b)).collect();
        let max = diffs.iter().copied().max().unwrap_or(0);
        let off = diffs.iter().filter(|d| **d > 2).count();
        let coloured = cpu.rgba.chunks(4).filter(|p| p[3] > 0).count();
        eprintln!("{format:?}: max channel difference {max}, {off} of {} channels differ by more than 2", diffs.len());
        assert!(coloured > 320 * 240 / 4, "the test view should be mostly coloured ({coloured} pixels)");
        assert!(off * 1000 <= diffs.len(), "{format:?}: {off} channels differ by more than 2");
        assert!(max <= 8, "{format:?}: max difference {max}");
    }
}

#[test]
fn the_layer_opacity_fades_the_gpu_image_as_it_fades_the_cpu_image() {
    let Some((device, queue, _)) = device() else {
        eprintln!("SKIPPED: no wgpu adapter on this machine; GPU opacity not compared");
        return;
    };
    let params = HeatParams { bandwidth_m: 1500.0, saturation: 10.0, ..HeatParams::default() };
    let points = heat_points(enterprises(800), &params.weights);
    let set = GpuPointSet::new(&points);
    let vp = Viewport::around(LonLat::new(114.32, 36.1), 11.0, 160, 120);
    let density = heat::density(&points, &vp, &params);
    let mut r = HeatRenderer::new(&device, wgpu::TextureFormat::Rgba8Unorm, 1);
    let opaque = render_offscreen(&device, &queue, &mut r, &set, &vp, &params).unwrap();
    r.set_opacity(0.4);
    let faded = render_offscreen(&device, &queue, &mut r, &set, &vp, &params).unwrap();
    let cpu = heat::colourize_faded(&density, &vp, &params, true, 0.4);
    let max = faded.iter().zip(&cpu.rgba).map(|(a, b)| a.abs_diff(*b)).max().unwrap_or(0);
    assert!(max <= 8, "faded GPU image differs from the CPU one by {max}");
    // And it did fade: the alpha sums drop to about 40 %.
    let alpha = |img: &[u8]| img.chunks(4).map(|p| u64::from(p[3])).sum::<u64>() as f64;
    let ratio = alpha(&faded) / alpha(&opaque);
    assert!((ratio - 0.4).abs() < 0.02, "alpha ratio {ratio}");
}

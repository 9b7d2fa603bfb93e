//! The risk heat map on the GPU: `shaders/risk_heat.wgsl` driven through wgpu. Pass 1 splats
//! every enterprise's kernel into a float texture the size of the view; pass 2 colours it into
//! whatever render pass it is given (egui's, through [`super::heat_callback`], or an offscreen
//! one in tests and benchmarks).
//!
//! Per frame the CPU only writes a 208-byte uniform and records two draws; the instance buffer
//! (16 bytes per enterprise) is uploaded when the point set changes. The result matches the
//! CPU reference [`crate::analysis::risk::heat`] within a few 8-bit steps (tested).

use std::sync::Arc;

use eframe::wgpu;

use crate::analysis::risk::heat::{HeatParams, HeatPoint, Viewport, ramp_stops};

/// The shader source.
pub const SHADER: &str = include_str!("../../shaders/risk_heat.wgsl");

/// Size of the `Params` uniform in the shader.
const UNIFORM_BYTES: usize = 208;

/// Enterprises ready for the GPU: offsets from their mean position (so f32 keeps centimetres),
/// with an id that changes whenever the set does.
#[derive(Debug)]
pub struct GpuPointSet {
    /// Web Mercator metres the offsets are relative to.
    pub origin: [f64; 2],
    /// x, y offset, 1/cos φ, weight per point.
    pub instances: Vec<[f32; 4]>,
    pub id: u64,
}

impl GpuPointSet {
    pub fn new(points: &[HeatPoint]) -> Arc<GpuPointSet> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let n = points.len().max(1) as f64;
        let origin = [
            points.iter().map(|p| p.mercator[0]).sum::<f64>() / n,
            points.iter().map(|p| p.mercator[1]).sum::<f64>() / n,
        ];
        let instances = points
            .iter()
            .map(|p| [(p.mercator[0] - origin[0]) as f32, (p.mercator[1] - origin[1]) as f32, p.scale as f32, p.weight])
            .collect();
        Arc::new(GpuPointSet { origin, instances, id: NEXT.fetch_add(1, Ordering::Relaxed) })
    }
}

/// The uniform's bytes for one view (layout of `Params` in the shader).
fn uniform_bytes(
    set_origin: [f64; 2],
    vp: &Viewport,
    params: &HeatParams,
    srgb_target: bool,
    opacity: f32,
) -> [u8; UNIFORM_BYTES] {
    let mut b = [0u8; UNIFORM_BYTES];
    let mut at = 0;
    let mut put = |bytes: [u8; 4]| {
        b[at..at + 4].copy_from_slice(&bytes);
        at += 4;
    };
    let f = |v: f64| (v as f32).to_le_bytes();
    put(f(vp.min_x - set_origin[0]));
    put(f(vp.max_y - set_origin[1]));
    put(f(vp.m_per_px));
    put(f(params.min_radius_px * vp.m_per_px));
    put(f(f64::from(vp.width)));
    put(f(f64::from(vp.height)));
    put(f(params.bandwidth_m));
    put(f(1.0 / f64::from(params.saturation.max(1e-6))));
    put(u32::from(srgb_target).to_le_bytes());
    let stops = ramp_stops();
    put((stops.len() as u32).to_le_bytes());
    put(opacity.clamp(0.0, 1.0).to_le_bytes());
    put([0; 4]);
    for k in 0..8 {
        put(stops.get(k).map_or(0.0, |s| s[0]).to_le_bytes());
    }
    for k in 0..8 {
        let s = stops.get(k).copied().unwrap_or([0.0; 5]);
        for v in &s[1..] {
            put(v.to_le_bytes());
        }
    }
    b
}

/// Pipelines and buffers of the heat map for one target format.
pub struct HeatRenderer {
    splat: wgpu::RenderPipeline,
    colour: wgpu::RenderPipeline,
    uniforms: wgpu::Buffer,
    splat_group: wgpu::BindGroup,
    colour_layout: wgpu::BindGroupLayout,
    density_format: wgpu::TextureFormat,
    srgb_target: bool,
    /// The density texture and the colour pass's bind group, for the current view size.
    target: Option<(wgpu::Texture, wgpu::BindGroup, [u32; 2])>,
    instances: Option<wgpu::Buffer>,
    instance_count: u32,
    set_id: u64,
    set_origin: [f64; 2],
    /// The layer's opacity, applied by the colour pass (written with the next `prepare`).
    opacity: f32,
}

impl HeatRenderer {
    /// The density format: 32-bit float when the device can blend it, else 16-bit.
    pub fn preferred_density_format(device: &wgpu::Device) -> wgpu::TextureFormat {
        if device.features().contains(wgpu::Features::FLOAT32_BLENDABLE) {
            wgpu::TextureFormat::R32Float
        } else {
            wgpu::TextureFormat::R16Float
        }
    }

    /// Builds the pipelines for drawing into `target_format` with `msaa_samples` (the render
    /// pass the colour pass will run in: egui's `target_format` and multisampling).
    pub fn new(device: &wgpu::Device, target_format: wgpu::TextureFormat, msaa_samples: u32) -> HeatRenderer {
        Self::with_density_format(device, target_format, msaa_samples, Self::preferred_density_format(device))
    }

    pub fn with_density_format(
        device: &wgpu::Device,
        target_format: wgpu::TextureFormat,
        msaa_samples: u32,
        density_format: wgpu::TextureFormat,
    ) -> HeatRenderer {
        let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("risk_heat"),
            source: wgpu::ShaderSource::Wgsl(SHADER.into()),
        });
        let uniform_entry = wgpu::BindGroupLayoutEntry {
            binding: 0,
            visibility: wgpu::ShaderStages::VERTEX_FRAGMENT,
            ty: wgpu::BindingType::Buffer {
                ty: wgpu::BufferBindingType::Uniform,
                has_dynamic_offset: false,
                min_binding_size: None,
            },
            count: None,
        };
        let splat_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("risk_heat_splat"),
            entries: &[uniform_entry],
        });
        let colour_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("risk_heat_colour"),
            entries: &[
                uniform_entry,
                wgpu::BindGroupLayoutEntry {
                    binding: 1,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Texture {
                        sample_type: wgpu::TextureSampleType::Float { filterable: false },
                        view_dimension: wgpu::TextureViewDimension::D2,
                        multisampled: false,
                    },
                    count: None,
                },
            ],
        });
        let uniforms = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("risk_heat_params"),
            size: UNIFORM_BYTES as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let splat_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("risk_heat_splat"),
            layout: &splat_layout,
            entries: &[wgpu::BindGroupEntry { binding: 0, resource: uniforms.as_entire_binding() }],
        });
        let layout = |bgl: &wgpu::BindGroupLayout| {
            device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
                label: Some("risk_heat"),
                bind_group_layouts: &[Some(bgl)],
                immediate_size: 0,
            })
        };
        let primitive = wgpu::PrimitiveState { topology: wgpu::PrimitiveTopology::TriangleList, ..Default::default() };
        let splat = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("risk_heat_splat"),
            layout: Some(&layout(&splat_layout)),
            vertex: wgpu::VertexState {
                module: &module,
                entry_point: Some("vs_splat"),
                buffers: &[Some(wgpu::VertexBufferLayout {
                    array_stride: 16,
                    step_mode: wgpu::VertexStepMode::Instance,
                    attributes: &wgpu::vertex_attr_array![0 => Float32x4],
                })],
                compilation_options: Default::default(),
            },
            primitive,
            depth_stencil: None,
            multisample: wgpu::MultisampleState::default(),
            fragment: Some(wgpu::FragmentState {
                module: &module,
                entry_point: Some("fs_splat"),
                targets: &[Some(wgpu::ColorTargetState {
                    format: density_format,
                    blend: Some(wgpu::BlendState {
                        color: wgpu::BlendComponent {
                            src_factor: wgpu::BlendFactor::One,
                            dst_factor: wgpu::BlendFactor::One,
                            operation: wgpu::BlendOperation::Add,
                        },
                        alpha: wgpu::BlendComponent::REPLACE,
                    }),
                    write_mask: wgpu::ColorWrites::RED,
                })],
                compilation_options: Default::default(),
            }),
            multiview_mask: None,
            cache: None,
        });
        // Blended exactly as egui blends its own premultiplied colours.
        let colour = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("risk_heat_colour"),
            layout: Some(&layout(&colour_layout)),
            vertex: wgpu::VertexState {
                module: &module,
                entry_point: Some("vs_full"),
                buffers: &[],
                compilation_options: Default::default(),
            },
            primitive,
            depth_stencil: None,
            multisample: wgpu::MultisampleState { count: msaa_samples.max(1), ..Default::default() },
            fragment: Some(wgpu::FragmentState {
                module: &module,
                entry_point: Some("fs_colour"),
                targets: &[Some(wgpu::ColorTargetState {
                    format: target_format,
                    blend: Some(wgpu::BlendState {
                        color: wgpu::BlendComponent {
                            src_factor: wgpu::BlendFactor::One,
                            dst_factor: wgpu::BlendFactor::OneMinusSrcAlpha,
                            operation: wgpu::BlendOperation::Add,
                        },
                        alpha: wgpu::BlendComponent {
                            src_factor: wgpu::BlendFactor::OneMinusDstAlpha,
                            dst_factor: wgpu::BlendFactor::One,
                            operation: wgpu::BlendOperation::Add,
                        },
                    }),
                    write_mask: wgpu::ColorWrites::ALL,
                })],
                compilation_options: Default::default(),
            }),
            multiview_mask: None,
            cache: None,
        });
        HeatRenderer {
            splat,
            colour,
            uniforms,
            splat_group,
            colour_layout,
            density_format,
            srgb_target: target_format.is_srgb(),
            target: None,
            instances: None,
            instance_count: 0,
            set_id: 0,
            set_origin: [0.0; 2],
            opacity: 1.0,
        }
    }

    /// Fades the heat map by the layer's opacity slider (0..1) from the next `prepare` on.
    pub fn set_opacity(&mut self, opacity: f32) {
        self.opacity = if opacity.is_finite() { opacity.clamp(0.0, 1.0) } else { 1.0 };
    }

    pub fn density_format(&self) -> wgpu::TextureFormat {
        self.density_format
    }

    /// Uploads a point set unless it is the one already on the GPU.
    pub fn set_points(&mut self, device: &wgpu::Device, queue: &wgpu::Queue, set: &GpuPointSet) {
        if set.id == self.set_id {
            return;
        }
        let bytes: Vec<u8> = set.instances.iter().flat_map(|i| i.iter().flat_map(|v| v.to_le_bytes())).collect();
        let needed = (bytes.len() as u64).max(16);
        if self.instances.as_ref().is_none_or(|b| b.size() < needed) {
            self.instances = Some(device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("risk_heat_points"),
                size: needed,
                usage: wgpu::BufferUsages::VERTEX | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            }));
        }
        if let Some(buf) = &self.instances
            && !bytes.is_empty()
        {
            queue.write_buffer(buf, 0, &bytes);
        }
        self.instance_count = set.instances.len() as u32;
        self.set_id = set.id;
        self.set_origin = set.origin;
    }

    /// Writes the view's uniforms and records pass 1 (the density) into `encoder`. Call once per
    /// frame before [`paint`](Self::paint).
    pub fn prepare(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        encoder: &mut wgpu::CommandEncoder,
        vp: &Viewport,
        params: &HeatParams,
    ) {
        let size = [vp.width.max(1), vp.height.max(1)];
        if self.target.as_ref().is_none_or(|t| t.2 != size) {
            let texture = device.create_texture(&wgpu::TextureDescriptor {
                label: Some("risk_heat_density"),
                size: wgpu::Extent3d { width: size[0], height: size[1], depth_or_array_layers: 1 },
                mip_level_count: 1,
                sample_count: 1,
                dimension: wgpu::TextureDimension::D2,
                format: self.density_format,
                usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::TEXTURE_BINDING,
                view_formats: &[],
            });
            let view = texture.create_view(&Default::default());
            let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("risk_heat_colour"),
                layout: &self.colour_layout,
                entries: &[
                    wgpu::BindGroupEntry { binding: 0, resource: self.uniforms.as_entire_binding() },
                    wgpu::BindGroupEntry { binding: 1, resource: wgpu::BindingResource::TextureView(&view) },
                ],
            });
            self.target = Some((texture, group, size));
        }
        queue.write_buffer(
            &self.uniforms,
            0,
            &uniform_bytes(self.set_origin, vp, params, self.srgb_target, self.opacity),
        );
        let Some((texture, _, _)) = &self.target else { return };
        let view = texture.create_view(&Default::default());
        let mut pass = colour_pass(encoder, &view, wgpu::LoadOp::Clear(wgpu::Color::TRANSPARENT));
        if let Some(buf) = &self.instances
            && self.instance_count > 0
        {
            pass.set_pipeline(&self.splat);
            pass.set_bind_group(0, &self.splat_group, &[]);
            pass.set_vertex_buffer(0, buf.slice(..));
            pass.draw(0..6, 0..self.instance_count);
        }
    }

    /// Records pass 2 (colour) into a render pass whose viewport is the view.
    pub fn paint(&self, pass: &mut wgpu::RenderPass<'_>) {
        let Some((_, group, _)) = &self.target else { return };
        pass.set_pipeline(&self.colour);
        pass.set_bind_group(0, group, &[]);
        pass.draw(0..3, 0..1);
    }
}

/// A render pass into one colour attachment, no depth (the density pass, and offscreen targets).
pub fn colour_pass<'e>(
    encoder: &'e mut wgpu::CommandEncoder,
    view: &wgpu::TextureView,
    load: wgpu::LoadOp<wgpu::Color>,
) -> wgpu::RenderPass<'e> {
    encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
        label: Some("risk_heat"),
        color_attachments: &[Some(wgpu::RenderPassColorAttachment {
            view,
            depth_slice: None,
            resolve_target: None,
            ops: wgpu::Operations { load, store: wgpu::StoreOp::Store },
        })],
        depth_stencil_attachment: None,
        timestamp_writes: None,
        occlusion_query_set: None,
        multiview_mask: None,
    })
}

/// Renders the heat map of a view into a fresh RGBA8 texture and reads it back: premultiplied
/// alpha, rows from the top. For tests and benchmarks (the window paints into its own pass).
pub fn render_offscreen(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    renderer: &mut HeatRenderer,
    set: &GpuPointSet,
    vp: &Viewport,
    params: &HeatParams,
) -> Result<Vec<u8>, String> {
    let (w, h) = (vp.width.max(1), vp.height.max(1));
    let target = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("risk_heat_offscreen"),
        size: wgpu::Extent3d { width: w, height: h, depth_or_array_layers: 1 },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: wgpu::TextureFormat::Rgba8Unorm,
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC,
        view_formats: &[],
    });
    let view = target.create_view(&Default::default());
    let row = (w * 4).div_ceil(wgpu::COPY_BYTES_PER_ROW_ALIGNMENT) * wgpu::COPY_BYTES_PER_ROW_ALIGNMENT;
    let readback = device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("risk_heat_readback"),
        size: u64::from(row) * u64::from(h),
        usage: wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
        mapped_at_creation: false,
    });
    renderer.set_points(device, queue, set);
    let mut encoder = device.create_command_encoder(&Default::default());
    renderer.prepare(device, queue, &mut encoder, vp, params);
    {
        let mut pass = colour_pass(&mut encoder, &view, wgpu::LoadOp::Clear(wgpu::Color::TRANSPARENT));
        renderer.paint(&mut pass);
    }
    encoder.copy_texture_to_buffer(
        wgpu::TexelCopyTextureInfo {
            texture: &target,
            mip_level: 0,
            origin: wgpu::Origin3d::ZERO,
            aspect: wgpu::TextureAspect::All,
        },
        wgpu::TexelCopyBufferInfo {
            buffer: &readback,
            layout: wgpu::TexelCopyBufferLayout { offset: 0, bytes_per_row: Some(row), rows_per_image: Some(h) },
        },
        wgpu::Extent3d { width: w, height: h, depth_or_array_layers: 1 },
    );
    queue.submit([encoder.finish()]);
    let slice = readback.slice(..);
    slice.map_async(wgpu::MapMode::Read, |_| {});
    device.poll(wgpu::PollType::wait_indefinitely()).map_err(|e| e.to_string())?;
    let data = slice.get_mapped_range().map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity((w * h * 4) as usize);
    for r in 0..h as usize {
        let start = r * row as usize;
        out.extend_from_slice(&data[start..start + (w * 4) as usize]);
    }
    drop(data);
    readback.unmap();
    Ok(out)
}

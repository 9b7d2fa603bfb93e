// Risk density heat map, drawn in two passes (see src/render/heat_gpu.rs):
//  1. vs_splat/fs_splat: one quad per enterprise, additively blended into a float texture the
//     size of the view: weight · (1 − t²)² with t = distance / radius (quartic kernel).
//  2. vs_full/fs_colour: a full-view triangle reads that texture and applies the colour ramp,
//     premultiplied and faded by the layer's opacity, blended like egui.
// The CPU reference is src/analysis/risk/heat.rs: the same kernel, the same pixel centres, the
// same ramp (its stops are passed in, built from the four-color palette), so the two images agree.

struct Params {
    // Top-left corner of the view, Web Mercator metres relative to the points' origin.
    view_origin: vec2<f32>,
    // Web Mercator metres per pixel.
    m_per_px: f32,
    // Smallest kernel radius, Web Mercator metres.
    min_radius_m: f32,
    // View size in pixels.
    size: vec2<f32>,
    // Kernel radius on the ground, metres (times each point's 1/cos φ).
    bandwidth_m: f32,
    inv_saturation: f32,
    // Bit 0: the target is an sRGB format, so write linear colour.
    flags: u32,
    stop_count: u32,
    // The layer's opacity slider (0..1), times every alpha.
    opacity: f32,
    _pad: u32,
    // Ramp stops: position in x of stop_pos[k / 4][k % 4]; straight-alpha sRGB colour.
    stop_pos: array<vec4<f32>, 2>,
    stop_colour: array<vec4<f32>, 8>,
};

@group(0) @binding(0) var<uniform> p: Params;

struct Splat {
    @builtin(position) position: vec4<f32>,
    @location(0) local: vec2<f32>,
    @location(1) weight: f32,
};

// instance: x, y (Web Mercator metres from the origin), 1/cos φ, weight.
@vertex
fn vs_splat(@builtin(vertex_index) vi: u32, @location(0) instance: vec4<f32>) -> Splat {
    var corners = array<vec2<f32>, 6>(
        vec2<f32>(-1.0, -1.0), vec2<f32>(1.0, -1.0), vec2<f32>(1.0, 1.0),
        vec2<f32>(-1.0, -1.0), vec2<f32>(1.0, 1.0), vec2<f32>(-1.0, 1.0),
    );
    let c = corners[vi];
    let r = max(p.bandwidth_m * instance.z, p.min_radius_m);
    let world = instance.xy + c * r;
    let px = vec2<f32>((world.x - p.view_origin.x) / p.m_per_px, (p.view_origin.y - world.y) / p.m_per_px);
    var out: Splat;
    out.position = vec4<f32>(px.x / p.size.x * 2.0 - 1.0, 1.0 - px.y / p.size.y * 2.0, 0.0, 1.0);
    out.local = c;
    out.weight = instance.w;
    return out;
}

@fragment
fn fs_splat(in: Splat) -> @location(0) vec4<f32> {
    let t2 = dot(in.local, in.local);
    if (t2 >= 1.0) {
        discard;
    }
    let k = 1.0 - t2;
    return vec4<f32>(in.weight * k * k, 0.0, 0.0, 0.0);
}

@group(0) @binding(1) var density: texture_2d<f32>;

struct Full {
    @builtin(position) position: vec4<f32>,
    @location(0) uv: vec2<f32>,
};

@vertex
fn vs_full(@builtin(vertex_index) vi: u32) -> Full {
    // One triangle covering the view; uv is 0..1 across it, top-left origin.
    let uv = vec2<f32>(f32((vi << 1u) & 2u), f32(vi & 2u));
    var out: Full;
    out.position = vec4<f32>(uv.x * 2.0 - 1.0, 1.0 - uv.y * 2.0, 0.0, 1.0);
    out.uv = uv;
    return out;
}

fn stop_at(k: u32) -> f32 {
    return p.stop_pos[k / 4u][k % 4u];
}

fn ramp(v_in: f32) -> vec4<f32> {
    if (v_in <= 0.0) {
        return vec4<f32>(0.0);
    }
    let v = min(v_in, 1.0);
    var k = p.stop_count - 1u;
    for (var i = 0u; i < p.stop_count; i = i + 1u) {
        if (stop_at(i) >= v) {
            k = i;
            break;
        }
    }
    k = max(k, 1u);
    let a = p.stop_colour[k - 1u];
    let b = p.stop_colour[k];
    let t = (v - stop_at(k - 1u)) / (stop_at(k) - stop_at(k - 1u));
    return a + (b - a) * t;
}

fn srgb_to_linear(c: vec3<f32>) -> vec3<f32> {
    let lo = c / 12.92;
    let hi = pow((c + 0.055) / 1.055, vec3<f32>(2.4));
    return select(hi, lo, c <= vec3<f32>(0.04045));
}

@fragment
fn fs_colour(in: Full) -> @location(0) vec4<f32> {
    let texel = vec2<i32>(floor(in.uv * p.size));
    let d = textureLoad(density, texel, 0).r;
    let c = ramp(d * p.inv_saturation);
    var rgb = c.rgb;
    if ((p.flags & 1u) != 0u) {
        rgb = srgb_to_linear(rgb);
    }
    let a = c.a * p.opacity;
    return vec4<f32>(rgb * a, a);
}

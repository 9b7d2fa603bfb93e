//! Risk density heat map: a kernel density of enterprises weighted by level, on a pixel grid over
//! a Web Mercator viewport, coloured with a ramp built from the four-color palette.
//!
//! This is the **reference**: the GPU path (`shaders/risk_heat.wgsl`, driven by
//! `render::heat_gpu`) draws the same function and is tested against this one. Both evaluate,
//! at each pixel centre, `Σ wᵢ·K(dᵢ / rᵢ)` with the quartic (biweight) kernel
//! `K(t) = (1 − t²)²` for t < 1 and 0 beyond (Silverman, *Density Estimation for Statistics and
//! Data Analysis*, 1986, eq. 4.5 — the kernel of QGIS's heatmap renderer), where dᵢ is the
//! distance in Web Mercator metres and rᵢ the bandwidth in ground metres times the Mercator
//! scale 1/cos φᵢ at the enterprise, but never less than `min_radius_px` pixels so enterprises
//! stay visible when zoomed out. The sum (in "weights", 1 = one blue enterprise at its centre)
//! divided by `saturation` is the ramp position.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{LonLat, RiskLevel};
use crate::snapshot::BBox;

/// The sphere of Web Mercator (EPSG:3857), as slippy maps use.
pub const MERCATOR_RADIUS_M: f64 = 6_378_137.0;

/// Web Mercator metres of a position (x east, y north).
pub fn lonlat_to_mercator(p: LonLat) -> [f64; 2] {
    let lat = p.lat.clamp(-85.051_128_78, 85.051_128_78).to_radians();
    [MERCATOR_RADIUS_M * p.lon.to_radians(), MERCATOR_RADIUS_M * (std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln()]
}

/// Inverse of [`lonlat_to_mercator`].
pub fn mercator_to_lonlat(m: [f64; 2]) -> LonLat {
    LonLat::new(
        (m[0] / MERCATOR_RADIUS_M).to_degrees(),
        (2.0 * (m[1] / MERCATOR_RADIUS_M).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees(),
    )
}

/// Weight of one enterprise of each level. Ordinal (4/3/2/1) by default: a display choice,
/// not a standard; planners can change it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LevelWeights {
    pub red: f32,
    pub orange: f32,
    pub yellow: f32,
    pub blue: f32,
}

impl LevelWeights {
    pub fn of(&self, level: RiskLevel) -> f32 {
        match level {
            RiskLevel::Red => self.red,
            RiskLevel::Orange => self.orange,
            RiskLevel::Yellow => self.yellow,
            RiskLevel::Blue => self.blue,
        }
    }
}

/// How the heat map is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HeatParams {
    /// Kernel radius on the ground, metres.
    pub bandwidth_m: f64,
    /// Smallest kernel radius on screen, pixels.
    pub min_radius_px: f64,
    pub weights: LevelWeights,
    /// Density (in weights) at which the ramp reaches red.
    pub saturation: f32,
}

impl Default for HeatParams {
    fn default() -> Self {
        Self {
            bandwidth_m: 2000.0,
            min_radius_px: 4.0,
            weights: LevelWeights { red: 4.0, orange: 3.0, yellow: 2.0, blue: 1.0 },
            saturation: 12.0,
        }
    }
}

/// A pixel grid over Web Mercator: the top-left corner, metres per pixel, size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Viewport {
    pub min_x: f64,
    pub max_y: f64,
    /// Web Mercator metres per pixel (not ground metres: those are this × cos φ).
    pub m_per_px: f64,
    pub width: u32,
    pub height: u32,
}

impl Viewport {
    /// The smallest viewport of this size that shows the whole box, centred on it.
    pub fn fit(bbox: BBox, width: u32, height: u32) -> Viewport {
        let (w, h) = (f64::from(width.max(1)), f64::from(height.max(1)));
        let sw = lonlat_to_mercator(LonLat::new(bbox.west, bbox.south));
        let ne = lonlat_to_mercator(LonLat::new(bbox.east, bbox.north));
        let m_per_px = ((ne[0] - sw[0]) / w).max((ne[1] - sw[1]) / h).max(1e-6);
        let (cx, cy) = ((sw[0] + ne[0]) / 2.0, (sw[1] + ne[1]) / 2.0);
        Viewport { min_x: cx - m_per_px * w / 2.0, max_y: cy + m_per_px * h / 2.0, m_per_px, width, height }
    }

    /// A slippy-map view: centre and zoom (256-pixel tiles, as walkers uses), size in pixels.
    pub fn around(centre: LonLat, zoom: f64, width: u32, height: u32) -> Viewport {
        let m_per_px = std::f64::consts::TAU * MERCATOR_RADIUS_M / (256.0 * 2f64.powf(zoom));
        let c = lonlat_to_mercator(centre);
        Viewport {
            min_x: c[0] - m_per_px * f64::from(width) / 2.0,
            max_y: c[1] + m_per_px * f64::from(height) / 2.0,
            m_per_px,
            width,
            height,
        }
    }

    /// Web Mercator metres of the centre of pixel (i, j) (j counts down from the top).
    pub fn pixel_centre(&self, i: u32, j: u32) -> [f64; 2] {
        [self.min_x + (f64::from(i) + 0.5) * self.m_per_px, self.max_y - (f64::from(j) + 0.5) * self.m_per_px]
    }
}

/// One weighted enterprise, ready for the kernel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeatPoint {
    pub mercator: [f64; 2],
    /// Web Mercator metres per ground metre at the point: 1 / cos φ.
    pub scale: f64,
    pub weight: f32,
}

/// Prepares enterprises (position and level) for the kernel.
pub fn heat_points(items: impl IntoIterator<Item = (LonLat, RiskLevel)>, weights: &LevelWeights) -> Vec<HeatPoint> {
    items
        .into_iter()
        .filter(|(p, _)| p.is_valid())
        .map(|(p, level)| HeatPoint {
            mercator: lonlat_to_mercator(p),
            scale: 1.0 / p.lat.to_radians().cos().max(1e-6),
            weight: weights.of(level),
        })
        .collect()
}

/// The kernel radius of a point in Web Mercator metres.
pub fn radius_m(p: &HeatPoint, vp: &Viewport, params: &HeatParams) -> f64 {
    (params.bandwidth_m * p.scale).max(params.min_radius_px * vp.m_per_px)
}

/// Rows per parallel band.
const BAND: u32 = 8;

/// Lists each point in the bands of rows its kernel reaches, so bands run in parallel.
fn band_buckets(points: &[HeatPoint], vp: &Viewport, params: &HeatParams) -> Vec<Vec<u32>> {
    let bands = vp.height.div_ceil(BAND) as usize;
    let mut buckets: Vec<Vec<u32>> = vec![Vec::new(); bands];
    for (k, p) in points.iter().enumerate() {
        let r = radius_m(p, vp, params);
        let top = ((vp.max_y - (p.mercator[1] + r)) / vp.m_per_px - 0.5).floor();
        let bottom = ((vp.max_y - (p.mercator[1] - r)) / vp.m_per_px - 0.5).ceil();
        if bottom < 0.0 || top >= f64::from(vp.height) {
            continue;
        }
        let (j0, j1) = (top.max(0.0) as u32, bottom.min(f64::from(vp.height - 1)) as u32);
        for b in (j0 / BAND)..=(j1 / BAND) {
            buckets[b as usize].push(k as u32);
        }
    }
    buckets
}

/// One point's kernel on one row: pixel units from the view's top-left corner, and the pixel
/// centres inside the circle (the chord), or `None` when the row misses it.
struct Chord {
    i0: usize,
    i1: usize,
    /// Centre x of the kernel and the row's offset from its centre, pixels.
    cx: f64,
    dy: f64,
    r: f64,
}

impl Chord {
    fn of(p: &HeatPoint, vp: &Viewport, params: &HeatParams, j: u32) -> Option<Chord> {
        // In pixel units: small numbers, so f32 sums in the direct loop keep ~1e-6 of a pixel.
        let r = radius_m(p, vp, params) / vp.m_per_px;
        let cx = (p.mercator[0] - vp.min_x) / vp.m_per_px;
        let cy = (vp.max_y - p.mercator[1]) / vp.m_per_px;
        let dy = f64::from(j) + 0.5 - cy;
        let half = r * r - dy * dy;
        if half <= 0.0 {
            return None;
        }
        let half = half.sqrt();
        let i0 = (cx - half - 0.5).ceil().max(0.0);
        let i1 = (cx + half - 0.5).floor().min(f64::from(vp.width) - 1.0);
        (i1 >= i0).then_some(Chord { i0: i0 as usize, i1: i1 as usize, cx, dy, r })
    }

    /// Adds `weight·(1 − t²)²` to each pixel of the chord in `line`, one by one.
    fn add_direct(&self, line: &mut [f32], weight: f32) {
        let inv_r2 = (1.0 / (self.r * self.r)) as f32;
        let dy2 = (self.dy * self.dy) as f32;
        let x0 = (self.i0 as f64 + 0.5 - self.cx) as f32;
        for (n, cell) in line[self.i0..=self.i1].iter_mut().enumerate() {
            let dx = x0 + n as f32;
            let t = (1.0 - (dx * dx + dy2) * inv_r2).max(0.0);
            *cell += weight * t * t;
        }
    }

    /// The kernel along the row as a polynomial in `u = i − origin`: with `s = 1/r²`,
    /// `a = 1 − s·dy²` and `dx = u − d`, `w·(a − s·dx²)²` expanded in powers of u (u⁰ … u⁴).
    fn coefficients(&self, origin: f64, weight: f64) -> [f64; 5] {
        let s = 1.0 / (self.r * self.r);
        let d = self.cx - 0.5 - origin;
        let (p0, p1, p2) = (1.0 - s * self.dy * self.dy - s * d * d, 2.0 * s * d, -s);
        [p0 * p0, 2.0 * p0 * p1, p1 * p1 + 2.0 * p0 * p2, 2.0 * p1 * p2, p2 * p2].map(|c| c * weight)
    }
}

/// Chords shorter than this are summed pixel by pixel: the polynomial's bookkeeping costs
/// about as much as that many pixels.
const DIRECT_CHORD: usize = 16;

/// Pixels per polynomial segment: each segment expands the polynomials around its own centre,
/// so powers of u stay below 32⁴ and the f64 sums keep about 1e-12 of a weight.
const SEGMENT: usize = 64;

/// The density at every pixel centre, row by row from the top.
///
/// On each row a kernel is a degree-4 polynomial in the pixel index over its chord, so long
/// chords are not summed pixel by pixel: each adds its five coefficients where the chord
/// starts and subtracts them after it ends (per 64-pixel segment), and one running sum per
/// row then evaluates the total polynomial at every pixel — the cost is per chord, not per
/// pixel covered. Same function as [`density_by_chords`] up to rounding (~1e-6 of a weight).
pub fn density(points: &[HeatPoint], vp: &Viewport, params: &HeatParams) -> Vec<f32> {
    let (w, h) = (vp.width as usize, vp.height as usize);
    let mut out = vec![0f32; w * h];
    if w == 0 || h == 0 {
        return out;
    }
    let buckets = band_buckets(points, vp, params);
    let segments = w.div_ceil(SEGMENT);
    let seg_origin = |seg: usize| (seg * SEGMENT) as f64 + SEGMENT as f64 / 2.0;
    out.par_chunks_mut(w * BAND as usize).zip(buckets.par_iter()).enumerate().for_each_init(
        Vec::new,
        |deltas: &mut Vec<[f64; 5]>, (b, (rows, bucket))| {
            let n_rows = rows.len() / w;
            // Zero when made; the evaluation below zeroes what it read, for the next band.
            if deltas.len() < n_rows * w {
                deltas.resize(n_rows * w, [0.0; 5]);
            }
            let mut polynomial = [false; BAND as usize];
            let j_base = b as u32 * BAND;
            for &k in bucket {
                let p = &points[k as usize];
                for (row, line) in rows.chunks_mut(w).enumerate() {
                    let Some(c) = Chord::of(p, vp, params, j_base + row as u32) else { continue };
                    if c.i1 - c.i0 + 1 < DIRECT_CHORD {
                        c.add_direct(line, p.weight);
                        continue;
                    }
                    polynomial[row] = true;
                    let d = &mut deltas[row * w..(row + 1) * w];
                    for seg in c.i0 / SEGMENT..=c.i1 / SEGMENT {
                        let (start, end) = (seg * SEGMENT, ((seg + 1) * SEGMENT).min(w));
                        let coef = c.coefficients(seg_origin(seg), f64::from(p.weight));
                        let first = c.i0.max(start);
                        for (acc, v) in d[first].iter_mut().zip(coef) {
                            *acc += v;
                        }
                        if c.i1 + 1 < end {
                            for (acc, v) in d[c.i1 + 1].iter_mut().zip(coef) {
                                *acc -= v;
                            }
                        }
                    }
                }
            }
            for (row, line) in rows.chunks_mut(w).enumerate() {
                if !polynomial[row] {
                    continue;
                }
                let d = &mut deltas[row * w..(row + 1) * w];
                for seg in 0..segments {
                    let (start, end) = (seg * SEGMENT, ((seg + 1) * SEGMENT).min(w));
                    let origin = seg_origin(seg);
                    let mut run = [0f64; 5];
                    for i in start..end {
                        for (r, v) in run.iter_mut().zip(std::mem::take(&mut d[i])) {
                            *r += v;
                        }
                        let u = i as f64 - origin;
                        let v = (((run[4] * u + run[3]) * u + run[2]) * u + run[1]) * u + run[0];
                        // Rounding leaves ±1e-12 where chords ended; a density that small is none.
                        if v > 1e-9 {
                            line[i] += v as f32;
                        }
                    }
                }
            }
        },
    );
    out
}

/// The density summed pixel by pixel along each chord: the previous method, kept as the
/// reference [`density`] is tested against and the benchmark's same-run baseline.
pub fn density_by_chords(points: &[HeatPoint], vp: &Viewport, params: &HeatParams) -> Vec<f32> {
    let (w, h) = (vp.width as usize, vp.height as usize);
    let mut out = vec![0f32; w * h];
    if w == 0 || h == 0 {
        return out;
    }
    let buckets = band_buckets(points, vp, params);
    out.par_chunks_mut(w * BAND as usize).zip(buckets.par_iter()).enumerate().for_each(|(b, (rows, bucket))| {
        let j_base = b as u32 * BAND;
        for &k in bucket {
            let p = &points[k as usize];
            for (row, line) in rows.chunks_mut(w).enumerate() {
                if let Some(c) = Chord::of(p, vp, params, j_base + row as u32) {
                    c.add_direct(line, p.weight);
                }
            }
        }
    });
    out
}

/// Ramp stops: position in 0..1 and straight-alpha sRGB colour (0..1). From nothing through the
/// palette's blue, yellow and orange to red, more opaque as density rises.
pub fn ramp_stops() -> [[f32; 5]; 5] {
    let c = |l: RiskLevel| l.rgb().map(|v| f32::from(v) / 255.0);
    let (b, y, o, r) = (c(RiskLevel::Blue), c(RiskLevel::Yellow), c(RiskLevel::Orange), c(RiskLevel::Red));
    [
        [0.0, b[0], b[1], b[2], 0.0],
        [0.15, b[0], b[1], b[2], 0.45],
        [0.4, y[0], y[1], y[2], 0.6],
        [0.7, o[0], o[1], o[2], 0.7],
        [1.0, r[0], r[1], r[2], 0.8],
    ]
}

/// The ramp colour (straight alpha, 0..1) of a ramp position; 0 and below is transparent.
pub fn ramp(v: f32) -> [f32; 4] {
    ramp_with(&ramp_stops(), v)
}

fn ramp_with(stops: &[[f32; 5]; 5], v: f32) -> [f32; 4] {
    if v <= 0.0 {
        return [0.0; 4];
    }
    let v = v.min(1.0);
    let k = stops.iter().position(|s| s[0] >= v).unwrap_or(stops.len() - 1).max(1);
    let (a, b) = (stops[k - 1], stops[k]);
    let t = (v - a[0]) / (b[0] - a[0]);
    [a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t, a[3] + (b[3] - a[3]) * t, a[4] + (b[4] - a[4]) * t]
}

/// An RGBA8 image, rows from the top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeatImage {
    pub width: u32,
    pub height: u32,
    /// Straight (not premultiplied) alpha, sRGB.
    pub rgba: Vec<u8>,
}

fn to_u8(v: f32) -> u8 {
    // + 0.5 and truncation: round-half-up for these non-negative values, without a libm call.
    (v.clamp(0.0, 1.0) * 255.0 + 0.5) as u8
}

/// Colours a density grid; `premultiplied` gives colour × alpha, as the GPU path blends it.
pub fn colourize(density: &[f32], vp: &Viewport, params: &HeatParams, premultiplied: bool) -> HeatImage {
    colourize_faded(density, vp, params, premultiplied, 1.0)
}

/// [`colourize`] with every alpha times `opacity` (the layer's slider), as the shader applies it.
pub fn colourize_faded(
    density: &[f32],
    vp: &Viewport,
    params: &HeatParams,
    premultiplied: bool,
    opacity: f32,
) -> HeatImage {
    let opacity = opacity.clamp(0.0, 1.0);
    let mut rgba = vec![0u8; density.len() * 4];
    let stops = ramp_stops();
    let row = vp.width.max(1) as usize;
    rgba.par_chunks_mut(row * 4).zip(density.par_chunks(row)).for_each(|(out, ds)| {
        for (px, d) in out.chunks_mut(4).zip(ds) {
            if *d <= 0.0 {
                continue; // transparent, already zero
            }
            let c = ramp_with(&stops, d / params.saturation);
            let a = c[3] * opacity;
            let m = if premultiplied { a } else { 1.0 };
            px.copy_from_slice(&[to_u8(c[0] * m), to_u8(c[1] * m), to_u8(c[2] * m), to_u8(a)]);
        }
    });
    HeatImage { width: vp.width, height: vp.height, rgba }
}

/// The heat map of a viewport as an image (straight alpha), ready to save or draw.
pub fn render(points: &[HeatPoint], vp: &Viewport, params: &HeatParams) -> HeatImage {
    colourize(&density(points, vp, params), vp, params, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vp() -> Viewport {
        Viewport::around(LonLat::new(114.35, 36.1), 12.0, 200, 150)
    }

    #[test]
    fn mercator_round_trips() {
        let p = LonLat::new(114.35, 36.1);
        let back = mercator_to_lonlat(lonlat_to_mercator(p));
        assert!((back.lon - p.lon).abs() < 1e-9 && (back.lat - p.lat).abs() < 1e-9);
    }

    #[test]
    fn one_red_enterprise_peaks_at_its_weight_and_vanishes_past_the_bandwidth() {
        let v = vp();
        let params = HeatParams::default();
        let at = mercator_to_lonlat(v.pixel_centre(100, 75));
        let pts = heat_points([(at, RiskLevel::Red)], &params.weights);
        let d = density(&pts, &v, &params);
        let peak = d[75 * 200 + 100];
        assert!((peak - 4.0).abs() < 1e-4, "{peak}");
        // Half the radius out along the row: (1 − 0.25)² of the peak.
        let r_px = radius_m(&pts[0], &v, &params) / v.m_per_px;
        let half = (100.0 + r_px / 2.0).round() as usize;
        let t = ((half as f64 + 0.5) - 100.5) / r_px;
        let expected = 4.0 * (1.0 - t * t).powi(2);
        assert!((f64::from(d[75 * 200 + half]) - expected).abs() < 1e-4);
        let beyond = (100.0 + r_px + 1.0).ceil() as usize;
        assert_eq!(d[75 * 200 + beyond], 0.0);
        assert!(d.iter().all(|x| *x >= 0.0));
    }

    #[test]
    fn weights_follow_the_level_and_densities_add() {
        let v = vp();
        let params = HeatParams::default();
        let at = mercator_to_lonlat(v.pixel_centre(50, 50));
        let red = density(&heat_points([(at, RiskLevel::Red)], &params.weights), &v, &params);
        let blue = density(&heat_points([(at, RiskLevel::Blue)], &params.weights), &v, &params);
        let both = density(&heat_points([(at, RiskLevel::Red), (at, RiskLevel::Blue)], &params.weights), &v, &params);
        for k in [50 * 200 + 50, 55 * 200 + 60] {
            assert!((red[k] - 4.0 * blue[k]).abs() < 1e-4);
            assert!((both[k] - red[k] - blue[k]).abs() < 1e-4);
        }
    }

    #[test]
    fn bands_do_not_lose_points_near_their_edges() {
        // A point whose kernel spans several 8-row bands gives the same density as computed
        // pixel by pixel.
        let v = vp();
        let params = HeatParams { bandwidth_m: 900.0, ..HeatParams::default() };
        let pts = heat_points(
            [
                (mercator_to_lonlat(v.pixel_centre(20, 7)), RiskLevel::Orange),
                (LonLat::new(114.36, 36.09), RiskLevel::Yellow),
            ],
            &params.weights,
        );
        let d = density(&pts, &v, &params);
        for j in 0..v.height {
            for i in (0..v.width).step_by(7) {
                let c = v.pixel_centre(i, j);
                let mut s = 0.0;
                for p in &pts {
                    let r = radius_m(p, &v, &params);
                    let t2 = ((c[0] - p.mercator[0]).powi(2) + (c[1] - p.mercator[1]).powi(2)) / (r * r);
                    if t2 < 1.0 {
                        s += f64::from(p.weight) * (1.0 - t2).powi(2);
                    }
                }
                assert!((f64::from(d[(j * v.width + i) as usize]) - s).abs() < 1e-4, "pixel {i},{j}");
            }
        }
    }

    #[test]
    fn the_polynomial_sums_match_the_pixel_by_pixel_sums_at_every_zoom() {
        // Many overlapping kernels, from a few pixels wide (direct) to wider than the view
        // (polynomial across all segments), and a view width that is not a multiple of 64.
        let params = HeatParams::default();
        let mut items = Vec::new();
        for k in 0..400u32 {
            let f = f64::from(k);
            let level = <RiskLevel as crate::model::Labelled>::ALL[k as usize % 4];
            items.push((LonLat::new(114.2 + (f * 0.618).fract() * 0.3, 36.0 + (f * 0.377).fract() * 0.2), level));
        }
        let pts = heat_points(items, &params.weights);
        for zoom in [8.0, 11.0, 13.5, 16.0] {
            let v = Viewport::around(LonLat::new(114.35, 36.1), zoom, 333, 170);
            let (fast, slow) = (density(&pts, &v, &params), density_by_chords(&pts, &v, &params));
            let worst = fast.iter().zip(&slow).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
            assert!(worst < 1e-4, "zoom {zoom}: differs by {worst}");
            assert!(slow.iter().filter(|d| **d > 0.0).count() > 1000, "zoom {zoom}: nothing drawn");
            // Where no kernel reaches, exactly nothing.
            assert!(fast.iter().zip(&slow).all(|(a, b)| *b > 0.0 || *a == 0.0), "zoom {zoom}");
        }
    }

    #[test]
    fn opacity_scales_the_alpha_only() {
        let v = vp();
        let params = HeatParams::default();
        let at = mercator_to_lonlat(v.pixel_centre(100, 75));
        let d = density(&heat_points([(at, RiskLevel::Red)], &params.weights), &v, &params);
        let full = colourize(&d, &v, &params, false);
        let half = colourize_faded(&d, &v, &params, false, 0.5);
        let k = (75 * 200 + 100) * 4;
        assert_eq!(full.rgba[k..k + 3], half.rgba[k..k + 3]);
        assert!(half.rgba[k + 3].abs_diff(full.rgba[k + 3] / 2) <= 1, "{} vs {}", half.rgba[k + 3], full.rgba[k + 3]);
        assert_eq!(colourize_faded(&d, &v, &params, true, 0.0).rgba.iter().copied().max(), Some(0));
    }

    #[test]
    fn ramp_runs_through_the_palette() {
        assert_eq!(ramp(0.0), [0.0; 4]);
        let top = ramp(5.0);
        let red = RiskLevel::Red.rgb();
        assert_eq!([to_u8(top[0]), to_u8(top[1]), to_u8(top[2])], red);
        let mid = ramp(0.4);
        assert_eq!([to_u8(mid[0]), to_u8(mid[1]), to_u8(mid[2])], RiskLevel::Yellow.rgb());
        assert!(ramp(0.1)[3] < ramp(0.9)[3]);
    }

    #[test]
    fn fit_shows_the_whole_box() {
        let b = BBox { west: 113.6, south: 35.2, east: 114.9, north: 36.4 };
        let v = Viewport::fit(b, 800, 600);
        let sw = lonlat_to_mercator(LonLat::new(b.west, b.south));
        let ne = lonlat_to_mercator(LonLat::new(b.east, b.north));
        assert!(v.min_x <= sw[0] && v.max_y >= ne[1]);
        assert!(v.min_x + v.m_per_px * 800.0 >= ne[0] - 1e-6);
        assert!(v.max_y - v.m_per_px * 600.0 <= sw[1] + 1e-6);
    }
}

//! Polygon work for drawing: simplification per zoom level, clipping to the screen, and
//! triangulation for GPU fills.
//!
//! Outlines are simplified once (Ramer–Douglas–Peucker at a few zoom levels, tolerance under
//! half a pixel) and picked per frame by zoom, so a province outline costs the same at every
//! scale. Rings are clipped to a rectangle slightly larger than the screen before they are
//! drawn, which keeps coordinates small at high zoom and work proportional to what is seen.

use super::display::{Dash, DisplayList, Item};
use super::style::Rgba;
use super::view::{World, WorldToScreen};

/// A polygon in world coordinates: outer ring first, then holes. Rings are not closed (the
/// last point is not a copy of the first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Poly {
    pub rings: Vec<Vec<World>>,
}

/// Zoom levels with their own simplified copy; above the last one, full detail.
const LOD_ZOOMS: [u8; 7] = [2, 4, 6, 8, 10, 12, 14];
/// Simplification tolerance at a level's zoom, in pixels.
const LOD_TOLERANCE_PX: f64 = 0.35;

/// One shape (possibly many polygons) at several levels of detail.
#[derive(Debug, Clone, Default)]
pub struct PolyLods {
    /// World bounds: [min, max].
    pub bbox: [World; 2],
    levels: Vec<Vec<Poly>>,
    full: Vec<Poly>,
}

impl PolyLods {
    pub fn new(full: Vec<Poly>) -> Self {
        let mut min = [f64::INFINITY; 2];
        let mut max = [f64::NEG_INFINITY; 2];
        for p in full.iter().flat_map(|p| p.rings.first()).flatten() {
            min = [min[0].min(p[0]), min[1].min(p[1])];
            max = [max[0].max(p[0]), max[1].max(p[1])];
        }
        let levels = LOD_ZOOMS
            .iter()
            .map(|&z| {
                let tol = LOD_TOLERANCE_PX / (super::view::TILE_PX * f64::from(z).exp2());
                full.iter().filter_map(|p| simplify_poly(p, tol)).collect()
            })
            .collect();
        Self { bbox: [min, max], levels, full }
    }

    pub fn is_empty(&self) -> bool {
        self.full.is_empty()
    }

    /// The copy detailed enough for `zoom`.
    pub fn at_zoom(&self, zoom: f64) -> &[Poly] {
        for (i, &z) in LOD_ZOOMS.iter().enumerate() {
            if zoom <= f64::from(z) {
                return self.levels.get(i).map_or(&self.full, |v| v);
            }
        }
        &self.full
    }

    /// Total vertices at full detail.
    pub fn vertex_count(&self) -> usize {
        self.full.iter().flat_map(|p| &p.rings).map(Vec::len).sum()
    }

    /// True when the bounds touch the world box [min, max].
    pub fn intersects(&self, bounds: &[World; 2]) -> bool {
        self.bbox[0][0] <= bounds[1][0]
            && self.bbox[1][0] >= bounds[0][0]
            && self.bbox[0][1] <= bounds[1][1]
            && self.bbox[1][1] >= bounds[0][1]
    }
}

fn simplify_poly(p: &Poly, tol: f64) -> Option<Poly> {
    let mut rings = Vec::with_capacity(p.rings.len());
    for (i, r) in p.rings.iter().enumerate() {
        let s = simplify_ring(r, tol);
        if s.len() >= 3 {
            rings.push(s);
        } else if i == 0 {
            return None;
        }
    }
    Some(Poly { rings })
}

/// Ramer–Douglas–Peucker on a ring, keeping the first point and the one farthest from it as
/// anchors so the ring cannot collapse to a line.
pub fn simplify_ring(ring: &[World], tol: f64) -> Vec<World> {
    if ring.len() <= 4 {
        return ring.to_vec();
    }
    let first = ring[0];
    let far = ring
        .iter()
        .enumerate()
        .max_by(|a, b| dist2(*a.1, first).total_cmp(&dist2(*b.1, first)))
        .map_or(ring.len() / 2, |(i, _)| i);
    let mut keep = vec![false; ring.len() + 1];
    keep[0] = true;
    keep[far] = true;
    keep[ring.len()] = true;
    let at = |i: usize| if i == ring.len() { first } else { ring[i] };
    let mut stack = vec![(0, far), (far, ring.len())];
    let tol2 = tol * tol;
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (pa, pb) = (at(a), at(b));
        let mut best = (a, 0.0);
        for i in a + 1..b {
            let d = seg_dist2(at(i), pa, pb);
            if d > best.1 {
                best = (i, d);
            }
        }
        if best.1 > tol2 {
            keep[best.0] = true;
            stack.push((a, best.0));
            stack.push((best.0, b));
        }
    }
    ring.iter().enumerate().filter(|(i, _)| keep[*i]).map(|(_, p)| *p).collect()
}

fn dist2(a: World, b: World) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

fn seg_dist2(p: World, a: World, b: World) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return dist2(p, a);
    }
    let t = (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0);
    dist2(p, [a[0] + t * dx, a[1] + t * dy])
}

/// Sutherland–Hodgman clipping of a closed ring against an axis-aligned rectangle. Enough for
/// drawing: a concave ring may gain zero-width edges along the rectangle, which fill to nothing
/// and lie off screen when the rectangle has a margin.
pub fn clip_ring(ring: &[[f64; 2]], min: [f64; 2], max: [f64; 2], out: &mut Vec<[f64; 2]>, tmp: &mut Vec<[f64; 2]>) {
    out.clear();
    out.extend_from_slice(ring);
    for edge in 0..4 {
        if out.is_empty() {
            return;
        }
        std::mem::swap(out, tmp);
        out.clear();
        let inside = |p: &[f64; 2]| match edge {
            0 => p[0] >= min[0],
            1 => p[0] <= max[0],
            2 => p[1] >= min[1],
            _ => p[1] <= max[1],
        };
        let cross = |a: &[f64; 2], b: &[f64; 2]| -> [f64; 2] {
            let (axis, v) = match edge {
                0 => (0, min[0]),
                1 => (0, max[0]),
                2 => (1, min[1]),
                _ => (1, max[1]),
            };
            let t = (v - a[axis]) / (b[axis] - a[axis]);
            [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
        };
        let Some(mut prev) = tmp.last().copied() else { return };
        for cur in tmp.iter() {
            match (inside(cur), inside(&prev)) {
                (true, true) => out.push(*cur),
                (true, false) => {
                    out.push(cross(&prev, cur));
                    out.push(*cur);
                }
                (false, true) => out.push(cross(&prev, cur)),
                (false, false) => {}
            }
            prev = *cur;
        }
    }
}

/// Reusable buffers for turning world polygons into display items.
#[derive(Default)]
pub struct PolyScratch {
    screen: Vec<[f64; 2]>,
    clipped: Vec<[f64; 2]>,
    tmp: Vec<[f64; 2]>,
    earcut: earcut::Earcut<f32>,
    holes: Vec<u32>,
    tris: Vec<u32>,
}

/// How a polygon is drawn.
#[derive(Debug, Clone, Copy)]
pub struct PolyStyle {
    pub fill: Rgba,
    pub stroke: Rgba,
    pub width: f32,
    pub dash: Option<Dash>,
}

/// Projects, clips and triangulates `polys` into `list`. `clip` is the screen rectangle
/// (with margin) to clip to.
pub fn emit_polys(
    list: &mut DisplayList,
    scratch: &mut PolyScratch,
    polys: &[Poly],
    t: &WorldToScreen,
    clip: [[f64; 2]; 2],
    style: PolyStyle,
) {
    for poly in polys {
        let ring_start = list.rings.len() as u32;
        let first_point = list.points.len() as u32;
        scratch.holes.clear();
        for ring in &poly.rings {
            scratch.screen.clear();
            scratch.screen.extend(ring.iter().map(|w| [w[0] * t.scale + t.offset[0], w[1] * t.scale + t.offset[1]]));
            let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
            for p in &scratch.screen {
                lo = [lo[0].min(p[0]), lo[1].min(p[1])];
                hi = [hi[0].max(p[0]), hi[1].max(p[1])];
            }
            if hi[0] < clip[0][0] || lo[0] > clip[1][0] || hi[1] < clip[0][1] || lo[1] > clip[1][1] {
                continue;
            }
            let inside = lo[0] >= clip[0][0] && hi[0] <= clip[1][0] && lo[1] >= clip[0][1] && hi[1] <= clip[1][1];
            let pts: &[[f64; 2]] = if inside {
                &scratch.screen
            } else {
                clip_ring(&scratch.screen, clip[0], clip[1], &mut scratch.clipped, &mut scratch.tmp);
                &scratch.clipped
            };
            if pts.len() < 3 {
                continue;
            }
            if list.rings.len() as u32 > ring_start {
                scratch.holes.push(list.points.len() as u32 - first_point);
            }
            let r = list.push_points(pts.iter().map(|p| [p[0] as f32, p[1] as f32]));
            list.rings.push(r);
        }
        let ring_end = list.rings.len() as u32;
        if ring_end == ring_start {
            continue;
        }
        if !style.fill.is_transparent() {
            let verts = list.points.get(first_point as usize..).unwrap_or(&[]);
            scratch.earcut.earcut(verts.iter().copied(), &scratch.holes, &mut scratch.tris);
            let tri_start = list.indices.len() as u32;
            list.indices.extend(scratch.tris.iter().map(|i| i + first_point));
            list.items.push(Item::Polygon {
                rings: ring_start..ring_end,
                triangles: tri_start..list.indices.len() as u32,
                fill: style.fill,
            });
        }
        if !style.stroke.is_transparent() && style.width > 0.0 {
            for ri in ring_start..ring_end {
                if let Some(r) = list.rings.get(ri as usize).cloned() {
                    list.items.push(Item::Line {
                        points: r,
                        closed: true,
                        width: style.width,
                        colour: style.stroke,
                        dash: style.dash,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(n: usize) -> Vec<World> {
        // A square with many collinear points on each side.
        let mut v = Vec::new();
        for i in 0..n {
            v.push([i as f64 / n as f64, 0.0]);
        }
        for i in 0..n {
            v.push([1.0, i as f64 / n as f64]);
        }
        for i in 0..n {
            v.push([1.0 - i as f64 / n as f64, 1.0]);
        }
        for i in 0..n {
            v.push([0.0, 1.0 - i as f64 / n as f64]);
        }
        v
    }

    #[test]
    fn simplification_keeps_corners_only() {
        let s = simplify_ring(&square(50), 1e-6);
        assert_eq!(s.len(), 4, "{s:?}");
    }

    #[test]
    fn clipping_a_big_square_gives_the_clip_rectangle() {
        let ring = [[-100.0, -100.0], [100.0, -100.0], [100.0, 100.0], [-100.0, 100.0]];
        let (mut out, mut tmp) = (Vec::new(), Vec::new());
        clip_ring(&ring, [0.0, 0.0], [10.0, 5.0], &mut out, &mut tmp);
        assert_eq!(out.len(), 4);
        for p in &out {
            assert!((0.0..=10.0).contains(&p[0]) && (0.0..=5.0).contains(&p[1]));
        }
    }

    #[test]
    fn emitted_polygon_with_hole_triangulates_to_its_area() {
        let outer = vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        let hole = vec![[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75]];
        let polys = [Poly { rings: vec![outer, hole] }];
        let mut list = DisplayList::default();
        let t = WorldToScreen { scale: 100.0, offset: [0.0, 0.0] };
        let style = PolyStyle { fill: Rgba::WHITE, stroke: Rgba::WHITE, width: 1.0, dash: None };
        emit_polys(&mut list, &mut PolyScratch::default(), &polys, &t, [[-10.0, -10.0], [200.0, 200.0]], style);
        let area: f32 = list
            .indices
            .chunks(3)
            .map(|c| {
                let [a, b, d] = [c[0], c[1], c[2]].map(|i| list.points[i as usize]);
                ((b[0] - a[0]) * (d[1] - a[1]) - (d[0] - a[0]) * (b[1] - a[1])).abs() / 2.0
            })
            .sum();
        assert!((area - 7500.0).abs() < 1.0, "{area}");
        assert_eq!(list.census().lines, 2);
    }

    #[test]
    fn lod_is_picked_by_zoom() {
        let lods =
            PolyLods::new(vec![Poly { rings: vec![square(200).iter().map(|p| [p[0] * 1e-3, p[1] * 1e-3]).collect()] }]);
        assert!(lods.at_zoom(3.0)[0].rings[0].len() < lods.at_zoom(18.0)[0].rings[0].len());
    }
}

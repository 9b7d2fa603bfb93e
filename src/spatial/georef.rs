//! Georeferencing an image (a building floor plan) from control points: pixel ⇄ lon/lat by a
//! similarity (2 or more points) or affine (3 or more) transform, fitted by least squares in
//! local metres, with the residual of every point and their RMS.
//!
//! Pixel space: x to the right, y **down**, (0, 0) the top-left corner of the image, so pixel
//! (i, j) covers [i, i+1) × [j, j+1) and its centre is (i + 0.5, j + 0.5). Map space: metres
//! east/north in a transverse Mercator centred on the control points ([`LocalProjection`]).
//! Because image y runs down and north runs up, the fit works on (x, −y): a similarity is then a
//! proper rotation + uniform scale + shift (no mirror), as a plan photographed from above is.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::projection::{LocalM, LocalProjection};
use crate::model::LonLat;

/// One control point: where a thing is on the image and where it is on the ground.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ControlPoint {
    /// Image position in pixels (x right, y down).
    pub pixel: [f64; 2],
    pub lonlat: LonLat,
}

/// The transform family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransformKind {
    /// Rotation, uniform scale and shift (4 parameters): needs 2 points.
    Similarity,
    /// Any linear map and shift (6 parameters, allows shear and unequal scales): needs 3 points
    /// not on one line.
    Affine,
}

impl TransformKind {
    pub fn min_points(self) -> usize {
        match self {
            TransformKind::Similarity => 2,
            TransformKind::Affine => 3,
        }
    }

    fn parameters(self) -> usize {
        match self {
            TransformKind::Similarity => 4,
            TransformKind::Affine => 6,
        }
    }
}

impl std::str::FromStr for TransformKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "similarity" | "相似" | "相似变换" => Ok(TransformKind::Similarity),
            "affine" | "仿射" | "仿射变换" => Ok(TransformKind::Affine),
            other => Err(format!("unknown transform \"{other}\" (expected similarity or affine)")),
        }
    }
}

/// Why a fit is impossible.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum GeoRefError {
    #[error("a {kind:?} fit needs at least {needed} control points, {given} given")]
    TooFew { kind: TransformKind, needed: usize, given: usize },
    #[error("control point {index}: {problem}")]
    BadPoint { index: usize, problem: String },
    #[error("the control points all sit at one place on the image; spread them out")]
    CoincidentPixels,
    #[error("the control points all sit at one place on the map; spread them out")]
    CoincidentGround,
    #[error("the control points lie on one line on the image; an affine fit needs a third point off that line")]
    Collinear,
}

/// How far one control point lands from where it should, in metres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Residual {
    /// East and north error of the fitted position.
    pub east_m: f64,
    pub north_m: f64,
    pub distance_m: f64,
}

/// A fitted pixel → ground transform: local metres = `c[0] + c[1]·x + c[2]·y`,
/// `c[3] + c[4]·x + c[5]·y` around `origin`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeoRef {
    pub kind: TransformKind,
    /// Centre of the local projection (the mean of the control points).
    pub origin: LonLat,
    pub coefficients: [f64; 6],
    /// One per control point, in their order.
    pub residuals: Vec<Residual>,
    /// Root mean square of the residual distances.
    pub rms_m: f64,
}

impl GeoRef {
    /// Fits a transform to the control points by least squares.
    pub fn fit(kind: TransformKind, points: &[ControlPoint]) -> Result<GeoRef, GeoRefError> {
        if points.len() < kind.min_points() {
            return Err(GeoRefError::TooFew { kind, needed: kind.min_points(), given: points.len() });
        }
        for (i, p) in points.iter().enumerate() {
            if let Some(problem) = p.lonlat.problem() {
                return Err(GeoRefError::BadPoint { index: i + 1, problem });
            }
            if !(p.pixel[0].is_finite() && p.pixel[1].is_finite()) {
                return Err(GeoRefError::BadPoint { index: i + 1, problem: "pixel position is not a number".into() });
            }
        }
        let n = points.len() as f64;
        let origin = LonLat::new(
            points.iter().map(|p| p.lonlat.lon).sum::<f64>() / n,
            points.iter().map(|p| p.lonlat.lat).sum::<f64>() / n,
        );
        let proj = LocalProjection::new(origin);
        // Source (x, −y) and destination (east, north), both centred on their means.
        let src: Vec<[f64; 2]> = points.iter().map(|p| [p.pixel[0], -p.pixel[1]]).collect();
        let dst: Vec<[f64; 2]> = points
            .iter()
            .map(|p| {
                let m = proj.to_local(p.lonlat);
                [m.x, m.y]
            })
            .collect();
        let mean = |v: &[[f64; 2]]| [v.iter().map(|p| p[0]).sum::<f64>() / n, v.iter().map(|p| p[1]).sum::<f64>() / n];
        let (sm, dm) = (mean(&src), mean(&dst));
        let s: Vec<[f64; 2]> = src.iter().map(|p| [p[0] - sm[0], p[1] - sm[1]]).collect();
        let d: Vec<[f64; 2]> = dst.iter().map(|p| [p[0] - dm[0], p[1] - dm[1]]).collect();
        let spread_s: f64 = s.iter().map(|p| p[0] * p[0] + p[1] * p[1]).sum();
        let spread_d: f64 = d.iter().map(|p| p[0] * p[0] + p[1] * p[1]).sum();
        if spread_s < 1e-12 {
            return Err(GeoRefError::CoincidentPixels);
        }
        if spread_d < 1e-12 {
            return Err(GeoRefError::CoincidentGround);
        }
        // m maps centred source to centred destination: d ≈ m · s.
        let m: [[f64; 2]; 2] = match kind {
            TransformKind::Similarity => {
                let a = s.iter().zip(&d).map(|(s, d)| s[0] * d[0] + s[1] * d[1]).sum::<f64>() / spread_s;
                let b = s.iter().zip(&d).map(|(s, d)| s[0] * d[1] - s[1] * d[0]).sum::<f64>() / spread_s;
                [[a, -b], [b, a]]
            }
            TransformKind::Affine => {
                let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
                let mut ds = [[0.0; 2]; 2];
                for (s, d) in s.iter().zip(&d) {
                    sxx += s[0] * s[0];
                    sxy += s[0] * s[1];
                    syy += s[1] * s[1];
                    for r in 0..2 {
                        ds[r][0] += d[r] * s[0];
                        ds[r][1] += d[r] * s[1];
                    }
                }
                let det = sxx * syy - sxy * sxy;
                // Scale-free test: det / trace² is 1/4 for a round spread and 0 on a line.
                if det <= 1e-10 * (sxx + syy).powi(2) {
                    return Err(GeoRefError::Collinear);
                }
                let inv = [[syy / det, -sxy / det], [-sxy / det, sxx / det]];
                let mut m = [[0.0; 2]; 2];
                for r in 0..2 {
                    for c in 0..2 {
                        m[r][c] = ds[r][0] * inv[0][c] + ds[r][1] * inv[1][c];
                    }
                }
                m
            }
        };
        // Back to pixel (x, y): source was (x − sm0, −y − sm1).
        let coefficients = [
            dm[0] - m[0][0] * sm[0] - m[0][1] * sm[1],
            m[0][0],
            -m[0][1],
            dm[1] - m[1][0] * sm[0] - m[1][1] * sm[1],
            m[1][0],
            -m[1][1],
        ];
        let mut g = GeoRef { kind, origin, coefficients, residuals: Vec::new(), rms_m: 0.0 };
        if g.determinant().abs() < 1e-18 {
            return Err(GeoRefError::CoincidentGround);
        }
        g.residuals = points
            .iter()
            .zip(&dst)
            .map(|(p, t)| {
                let f = g.pixel_to_local(p.pixel);
                let (east_m, north_m) = (f.x - t[0], f.y - t[1]);
                Residual { east_m, north_m, distance_m: east_m.hypot(north_m) }
            })
            .collect();
        g.rms_m = (g.residuals.iter().map(|r| r.distance_m.powi(2)).sum::<f64>() / n).sqrt();
        Ok(g)
    }

    fn projection(&self) -> LocalProjection {
        LocalProjection::new(self.origin)
    }

    fn determinant(&self) -> f64 {
        let c = &self.coefficients;
        c[1] * c[5] - c[2] * c[4]
    }

    /// Pixel → metres in this georeference's own local projection.
    pub fn pixel_to_local(&self, px: [f64; 2]) -> LocalM {
        let c = &self.coefficients;
        LocalM::new(c[0] + c[1] * px[0] + c[2] * px[1], c[3] + c[4] * px[0] + c[5] * px[1])
    }

    /// Where an image pixel is on the ground.
    pub fn pixel_to_lonlat(&self, px: [f64; 2]) -> LonLat {
        self.projection().to_lonlat(self.pixel_to_local(px))
    }

    /// Where a ground position falls on the image (may be outside it).
    pub fn lonlat_to_pixel(&self, p: LonLat) -> [f64; 2] {
        let m = self.projection().to_local(p);
        let c = &self.coefficients;
        let (x, y) = (m.x - c[0], m.y - c[3]);
        let det = self.determinant();
        [(c[5] * x - c[2] * y) / det, (-c[4] * x + c[1] * y) / det]
    }

    /// Outlines (e.g. risk zones) in image pixels, for drawing them on the plan itself.
    pub fn multipolygon_to_pixels(&self, mp: &geo_types::MultiPolygon<f64>) -> Vec<Vec<Vec<[f64; 2]>>> {
        mp.0.iter()
            .map(|poly| {
                std::iter::once(poly.exterior())
                    .chain(poly.interiors())
                    .map(|ring| ring.0.iter().map(|c| self.lonlat_to_pixel(LonLat::new(c.x, c.y))).collect())
                    .collect()
            })
            .collect()
    }

    /// Ground metres per image pixel (the geometric mean for an affine transform).
    pub fn metres_per_pixel(&self) -> f64 {
        self.determinant().abs().sqrt()
    }

    /// Clockwise rotation of the image's x axis from east, in degrees (0 when the plan's top is north).
    pub fn rotation_deg(&self) -> f64 {
        let c = &self.coefficients;
        -c[4].atan2(c[1]).to_degrees()
    }

    /// Residual degrees of freedom (2 × points − parameters): 0 means the fit is exact by
    /// construction and the residuals say nothing about the points' accuracy.
    pub fn redundancy(&self) -> usize {
        (2 * self.residuals.len()).saturating_sub(self.kind.parameters())
    }

    /// A grid of `cells × cells` quads over a `width × height` image for drawing it on the map:
    /// vertices (ground position, texture coordinate in 0..1) row by row from the top-left, and
    /// triangle indices. A few cells follow the slight curvature of lon/lat and Web Mercator.
    pub fn overlay_mesh(&self, width: u32, height: u32, cells: u32) -> (Vec<(LonLat, [f32; 2])>, Vec<u32>) {
        let n = cells.max(1);
        let mut vertices = Vec::with_capacity(((n + 1) * (n + 1)) as usize);
        for j in 0..=n {
            for i in 0..=n {
                let (u, v) = (f64::from(i) / f64::from(n), f64::from(j) / f64::from(n));
                let at = self.pixel_to_lonlat([u * f64::from(width), v * f64::from(height)]);
                vertices.push((at, [u as f32, v as f32]));
            }
        }
        let mut indices = Vec::with_capacity((n * n * 6) as usize);
        for j in 0..n {
            for i in 0..n {
                let a = j * (n + 1) + i;
                let (b, c, d) = (a + 1, a + n + 1, a + n + 2);
                indices.extend_from_slice(&[a, b, d, a, d, c]);
            }
        }
        (vertices, indices)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// A plan at 0.25 m/pixel, rotated 30° clockwise, its top-left corner at a known place.
    fn truth(px: [f64; 2]) -> LonLat {
        let proj = LocalProjection::new(LonLat::new(114.35, 36.1));
        let (s, r) = (0.25, (-30f64).to_radians());
        let (x, y) = (px[0], -px[1]);
        proj.to_lonlat(LocalM::new(120.0 + s * (r.cos() * x - r.sin() * y), -80.0 + s * (r.sin() * x + r.cos() * y)))
    }

    fn cps(pixels: &[[f64; 2]]) -> Vec<ControlPoint> {
        pixels.iter().map(|&p| ControlPoint { pixel: p, lonlat: truth(p) }).collect()
    }

    #[test]
    fn similarity_from_two_points_recovers_the_transform() {
        let g = GeoRef::fit(TransformKind::Similarity, &cps(&[[10.0, 20.0], [900.0, 650.0]])).unwrap();
        assert!((g.metres_per_pixel() - 0.25).abs() < 1e-6, "{}", g.metres_per_pixel());
        // The fit's projection is centred elsewhere than the truth's: meridian convergence
        // (Δλ·sin φ) differs by ~0.001°.
        assert!((g.rotation_deg() - 30.0).abs() < 0.01, "{}", g.rotation_deg());
        assert!(g.rms_m < 1e-6);
        assert_eq!(g.redundancy(), 0);
        for px in [[0.0, 0.0], [500.0, 300.0], [1200.0, 800.0]] {
            assert!(g.pixel_to_lonlat(px).distance_m(truth(px)) < 0.01);
            let back = g.lonlat_to_pixel(g.pixel_to_lonlat(px));
            assert!((back[0] - px[0]).abs() < 1e-3 && (back[1] - px[1]).abs() < 1e-3, "{back:?}");
        }
    }

    #[test]
    fn affine_recovers_shear_and_unequal_scales() {
        let proj = LocalProjection::new(LonLat::new(114.3, 36.0));
        let f =
            |p: [f64; 2]| proj.to_lonlat(LocalM::new(5.0 + 0.3 * p[0] + 0.05 * p[1], 9.0 + 0.02 * p[0] - 0.4 * p[1]));
        let pts: Vec<ControlPoint> = [[0.0, 0.0], [800.0, 10.0], [30.0, 600.0], [700.0, 500.0]]
            .iter()
            .map(|&p| ControlPoint { pixel: p, lonlat: f(p) })
            .collect();
        let g = GeoRef::fit(TransformKind::Affine, &pts).unwrap();
        assert!(g.rms_m < 1e-3, "{}", g.rms_m);
        assert_eq!(g.redundancy(), 2);
        assert!(g.pixel_to_lonlat([400.0, 250.0]).distance_m(f([400.0, 250.0])) < 0.01);
        // A similarity cannot follow the shear: its residuals show it.
        let s = GeoRef::fit(TransformKind::Similarity, &pts).unwrap();
        assert!(s.rms_m > 1.0, "{}", s.rms_m);
    }

    #[test]
    fn noisy_points_give_the_expected_rms() {
        // Least squares with p parameters over n points in 2-D: E[RSS] = σ²(2n − p), so
        // RMS ≈ σ·√((2n − p)/n).
        let mut rng = rand::rngs::StdRng::seed_from_u64(8);
        let sigma = 0.5;
        let proj = LocalProjection::new(LonLat::new(114.35, 36.1));
        for kind in [TransformKind::Similarity, TransformKind::Affine] {
            let n = 400;
            let pts: Vec<ControlPoint> = (0..n)
                .map(|_| {
                    let px = [rng.random_range(0.0..2000.0), rng.random_range(0.0..1500.0)];
                    let exact = proj.to_local(truth(px));
                    // Box–Muller normal noise in metres.
                    let mut normal = || {
                        let (u1, u2): (f64, f64) = (rng.random_range(1e-12..1.0), rng.random_range(0.0..1.0));
                        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
                    };
                    let noisy = LocalM::new(exact.x + sigma * normal(), exact.y + sigma * normal());
                    ControlPoint { pixel: px, lonlat: proj.to_lonlat(noisy) }
                })
                .collect();
            let g = GeoRef::fit(kind, &pts).unwrap();
            let expected = sigma * ((2.0 * n as f64 - kind.parameters() as f64) / n as f64).sqrt();
            assert!((g.rms_m / expected - 1.0).abs() < 0.08, "{kind:?}: rms {} expected {expected}", g.rms_m);
            assert_eq!(g.residuals.len(), n);
            assert!((g.metres_per_pixel() - 0.25).abs() < 0.001);
        }
    }

    #[test]
    fn degenerate_inputs_are_refused() {
        let one = cps(&[[1.0, 1.0]]);
        assert!(matches!(GeoRef::fit(TransformKind::Similarity, &one), Err(GeoRefError::TooFew { needed: 2, .. })));
        let line = cps(&[[0.0, 0.0], [100.0, 100.0], [200.0, 200.0]]);
        assert_eq!(GeoRef::fit(TransformKind::Affine, &line), Err(GeoRefError::Collinear));
        assert!(GeoRef::fit(TransformKind::Similarity, &line).is_ok());
        let same = vec![ControlPoint { pixel: [5.0, 5.0], lonlat: LonLat::new(114.0, 36.0) }; 2];
        assert_eq!(GeoRef::fit(TransformKind::Similarity, &same), Err(GeoRefError::CoincidentPixels));
        let mut bad = cps(&[[0.0, 0.0], [10.0, 0.0]]);
        bad[1].lonlat.lat = 95.0;
        assert!(matches!(GeoRef::fit(TransformKind::Similarity, &bad), Err(GeoRefError::BadPoint { index: 2, .. })));
    }

    #[test]
    fn overlay_mesh_corners_are_the_image_corners() {
        let g = GeoRef::fit(TransformKind::Similarity, &cps(&[[0.0, 0.0], [1000.0, 800.0]])).unwrap();
        let (v, idx) = g.overlay_mesh(1000, 800, 4);
        assert_eq!(v.len(), 25);
        assert_eq!(idx.len(), 4 * 4 * 6);
        assert!(v[0].0.distance_m(truth([0.0, 0.0])) < 0.01);
        assert!(v[24].0.distance_m(truth([1000.0, 800.0])) < 0.01);
        assert_eq!(v[24].1, [1.0, 1.0]);
        let square = geo_types::MultiPolygon(vec![geo_types::Polygon::new(
            geo_types::LineString::from(
                [[100.0, 100.0], [300.0, 100.0], [300.0, 200.0], [100.0, 100.0]]
                    .iter()
                    .map(|px| {
                        let p = truth(*px);
                        (p.lon, p.lat)
                    })
                    .collect::<Vec<_>>(),
            ),
            vec![],
        )]);
        let px = g.multipolygon_to_pixels(&square);
        assert!((px[0][0][1][0] - 300.0).abs() < 1e-3 && (px[0][0][1][1] - 100.0).abs() < 1e-3, "{px:?}");
    }
}

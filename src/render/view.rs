//! Where the map looks: Web Mercator at a zoom level, the screen rectangle it fills, and the datum
//! overlays are drawn in.
//!
//! Spaces: `lonlat` is WGS84 as stored; `world` is normalised Web Mercator (0..1 on both axes, y
//! down), in the datum of the basemap tiles; `screen` is logical pixels. Zoom follows walkers and
//! the slippy-map convention: the world is 256·2^zoom pixels wide, so a view built here lines up
//! exactly with walkers' tiles and `Projector`.

use serde::{Deserialize, Serialize};

use crate::model::LonLat;
use crate::snapshot::BBox;
use crate::spatial::gcj02;

/// Pixels across the world at zoom 0 (one 256-px tile).
pub const TILE_PX: f64 = 256.0;
/// WGS84 equatorial circumference in metres (2π · 6 378 137), the Web Mercator scale base.
const EARTH_CIRCUMFERENCE_M: f64 = 40_075_016.686;
/// Web Mercator's latitude limit, where the square world ends.
const MAX_LAT: f64 = 85.051_128_78;

/// The datum of the basemap tiles. OneMap stores WGS84; AMap tiles are GCJ-02, so on them every
/// overlay is shifted by the GCJ-02 offset at draw time (the data never changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Datum {
    #[default]
    Wgs84,
    Gcj02,
}

impl Datum {
    /// A stored position in this datum.
    pub fn from_wgs84(self, p: LonLat) -> LonLat {
        match self {
            Datum::Wgs84 => p,
            Datum::Gcj02 => gcj02::wgs84_to_gcj02(p),
        }
    }

    /// A position in this datum back to WGS84.
    pub fn to_wgs84(self, p: LonLat) -> LonLat {
        match self {
            Datum::Wgs84 => p,
            Datum::Gcj02 => gcj02::gcj02_to_wgs84(p),
        }
    }
}

/// A point in normalised Web Mercator.
pub type World = [f64; 2];
/// A point in screen pixels.
pub type Screen = [f32; 2];

/// WGS84 (already in the tile datum) → normalised Web Mercator.
pub fn world_of_datum_lonlat(p: LonLat) -> World {
    let lat = p.lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let x = (p.lon + 180.0) / 360.0;
    let y = (1.0 - lat.tan().asinh() / std::f64::consts::PI) / 2.0;
    [x, y]
}

/// Normalised Web Mercator → lon/lat in the tile datum.
pub fn datum_lonlat_of_world(w: World) -> LonLat {
    let lon = w[0] * 360.0 - 180.0;
    let lat = ((1.0 - 2.0 * w[1]) * std::f64::consts::PI).sinh().atan().to_degrees();
    LonLat::new(lon, lat)
}

/// One view of the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    /// Slippy-map zoom (fractional).
    pub zoom: f64,
    /// The world point at the centre of the screen rectangle.
    pub centre_world: World,
    /// Top-left corner of the map on screen.
    pub origin: Screen,
    /// Size of the map on screen.
    pub size: Screen,
    pub datum: Datum,
}

impl MapView {
    /// A view centred on a WGS84 position.
    pub fn new(centre: LonLat, zoom: f64, size: Screen, datum: Datum) -> Self {
        Self { zoom, centre_world: world_of_datum_lonlat(datum.from_wgs84(centre)), origin: [0.0, 0.0], size, datum }
    }

    /// The view that shows `bbox` (WGS84) whole in `size`, leaving `margin_px` on every side.
    pub fn fit(bbox: BBox, size: Screen, margin_px: f32, datum: Datum) -> Self {
        let a = world_of_datum_lonlat(datum.from_wgs84(LonLat::new(bbox.west, bbox.north)));
        let b = world_of_datum_lonlat(datum.from_wgs84(LonLat::new(bbox.east, bbox.south)));
        let span_x = (b[0] - a[0]).abs().max(1e-9);
        let span_y = (b[1] - a[1]).abs().max(1e-9);
        let avail_x = f64::from((size[0] - 2.0 * margin_px).max(16.0));
        let avail_y = f64::from((size[1] - 2.0 * margin_px).max(16.0));
        let world_px = (avail_x / span_x).min(avail_y / span_y);
        let zoom = (world_px / TILE_PX).log2().clamp(0.0, 20.0);
        Self { zoom, centre_world: [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0], origin: [0.0, 0.0], size, datum }
    }

    /// Width of the whole world in screen pixels at this zoom.
    pub fn world_px(&self) -> f64 {
        TILE_PX * self.zoom.exp2()
    }

    pub fn centre_screen(&self) -> Screen {
        [self.origin[0] + self.size[0] / 2.0, self.origin[1] + self.size[1] / 2.0]
    }

    /// The affine map world → screen, for hot loops: `screen = world · scale + offset`.
    pub fn transform(&self) -> WorldToScreen {
        let s = self.world_px();
        let c = self.centre_screen();
        WorldToScreen {
            scale: s,
            offset: [f64::from(c[0]) - self.centre_world[0] * s, f64::from(c[1]) - self.centre_world[1] * s],
        }
    }

    pub fn world_to_screen(&self, w: World) -> Screen {
        self.transform().apply(w)
    }

    pub fn screen_to_world(&self, p: Screen) -> World {
        let s = self.world_px();
        let c = self.centre_screen();
        [self.centre_world[0] + f64::from(p[0] - c[0]) / s, self.centre_world[1] + f64::from(p[1] - c[1]) / s]
    }

    /// A stored (WGS84) position on screen.
    pub fn lonlat_to_screen(&self, p: LonLat) -> Screen {
        self.world_to_screen(world_of_datum_lonlat(self.datum.from_wgs84(p)))
    }

    /// The WGS84 position under a screen point.
    pub fn screen_to_lonlat(&self, p: Screen) -> LonLat {
        self.datum.to_wgs84(datum_lonlat_of_world(self.screen_to_world(p)))
    }

    /// The world rectangle on screen, grown by `margin_px` on every side: [min, max].
    pub fn world_bounds(&self, margin_px: f32) -> [World; 2] {
        let a = self.screen_to_world([self.origin[0] - margin_px, self.origin[1] - margin_px]);
        let b = self
            .screen_to_world([self.origin[0] + self.size[0] + margin_px, self.origin[1] + self.size[1] + margin_px]);
        [a, b]
    }

    /// The WGS84 box on screen (for exports and queries).
    pub fn lonlat_bounds(&self) -> BBox {
        let a = self.screen_to_lonlat(self.origin);
        let b = self.screen_to_lonlat([self.origin[0] + self.size[0], self.origin[1] + self.size[1]]);
        BBox { west: a.lon.min(b.lon), south: a.lat.min(b.lat), east: a.lon.max(b.lon), north: a.lat.max(b.lat) }
    }

    /// Ground metres per screen pixel at a latitude (Web Mercator scale is 1/cos φ).
    pub fn metres_per_px(&self, lat: f64) -> f64 {
        EARTH_CIRCUMFERENCE_M * lat.to_radians().cos() / self.world_px()
    }

    /// Ground metres per screen pixel at the centre of the view.
    pub fn metres_per_px_at_centre(&self) -> f64 {
        self.metres_per_px(self.centre_lonlat().lat)
    }

    pub fn centre_lonlat(&self) -> LonLat {
        self.datum.to_wgs84(datum_lonlat_of_world(self.centre_world))
    }

    /// True when the screen point lies inside the map rectangle grown by `margin`.
    pub fn contains_screen(&self, p: Screen, margin: f32) -> bool {
        p[0] >= self.origin[0] - margin
            && p[1] >= self.origin[1] - margin
            && p[0] <= self.origin[0] + self.size[0] + margin
            && p[1] <= self.origin[1] + self.size[1] + margin
    }
}

/// `screen = world · scale + offset`, computed once per frame.
#[derive(Debug, Clone, Copy)]
pub struct WorldToScreen {
    pub scale: f64,
    pub offset: [f64; 2],
}

impl WorldToScreen {
    #[inline]
    pub fn apply(&self, w: World) -> Screen {
        [(w[0] * self.scale + self.offset[0]) as f32, (w[1] * self.scale + self.offset[1]) as f32]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn world_round_trip_and_anchor_points() {
        let w = world_of_datum_lonlat(LonLat::new(0.0, 0.0));
        assert!((w[0] - 0.5).abs() < 1e-12 && (w[1] - 0.5).abs() < 1e-12);
        let p = LonLat::new(114.35, 36.1);
        let back = datum_lonlat_of_world(world_of_datum_lonlat(p));
        assert!((back.lon - p.lon).abs() < 1e-9 && (back.lat - p.lat).abs() < 1e-9);
    }

    #[test]
    fn screen_round_trip_in_both_datums() {
        for datum in [Datum::Wgs84, Datum::Gcj02] {
            let v = MapView::new(LonLat::new(114.35, 36.1), 11.3, [800.0, 600.0], datum);
            let p = LonLat::new(114.4, 36.05);
            let s = v.lonlat_to_screen(p);
            let back = v.screen_to_lonlat(s);
            assert!(back.distance_m(p) < 1.0, "{datum:?}: {back:?}");
            // The centre maps to the middle of the screen.
            let c = v.lonlat_to_screen(LonLat::new(114.35, 36.1));
            assert!((c[0] - 400.0).abs() < 0.01 && (c[1] - 300.0).abs() < 0.01);
        }
    }

    #[test]
    fn gcj_view_draws_overlays_about_half_a_kilometre_east() {
        let wgs = MapView::new(LonLat::new(114.35, 36.1), 14.0, [800.0, 600.0], Datum::Wgs84);
        let mut gcj = wgs;
        gcj.datum = Datum::Gcj02;
        let p = LonLat::new(114.35, 36.1);
        let dx_px = gcj.lonlat_to_screen(p)[0] - wgs.lonlat_to_screen(p)[0];
        let dx_m = f64::from(dx_px) * wgs.metres_per_px(36.1);
        assert!((400.0..700.0).contains(&dx_m), "{dx_m}");
    }

    #[test]
    fn fit_shows_the_whole_box() {
        let bbox = BBox { west: 113.6, south: 35.2, east: 114.9, north: 36.4 };
        let v = MapView::fit(bbox, [1600.0, 1000.0], 20.0, Datum::Wgs84);
        for p in [LonLat::new(113.6, 35.2), LonLat::new(114.9, 36.4)] {
            let s = v.lonlat_to_screen(p);
            assert!(v.contains_screen(s, 0.5), "{s:?}");
        }
        // …and is not much larger than needed: one of the sides touches the margin.
        let a = v.lonlat_to_screen(LonLat::new(113.6, 36.4));
        let b = v.lonlat_to_screen(LonLat::new(114.9, 35.2));
        let (w, h) = (b[0] - a[0], b[1] - a[1]);
        assert!((w - 1560.0).abs() < 1.0 || (h - 960.0).abs() < 1.0, "{w}x{h}");
    }

    #[test]
    fn scale_matches_walkers_convention() {
        // At zoom 0 on the equator one pixel is the circumference over 256.
        let v = MapView::new(LonLat::new(0.0, 0.0), 0.0, [256.0, 256.0], Datum::Wgs84);
        assert!((v.metres_per_px(0.0) - 156_543.03).abs() < 0.1);
    }
}

//! A generated city for benchmarks and tests: a jittered street grid with a road hierarchy
//! (primary every 8th street, secondary every 4th, residential between), some one-way pairs and
//! missing links, around Anyang. Deterministic for a seed. Not real data: never shown to users.

use super::profile::{Direction, RoadClass, WayAttrs};
use super::source::{NodeTable, RawRoads, RawWay};
use crate::model::LonLat;

/// A tiny deterministic generator, so the city does not change with a `rand` upgrade.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Raw roads of an `n × n` street grid with blocks of about `block_m` metres.
pub fn grid_city(n: usize, block_m: f64, seed: u64) -> RawRoads {
    let mut rng = Lcg(seed ^ 0x9E37_79B9_7F4A_7C15);
    let origin = LonLat::new(114.20, 35.95);
    let dlat = block_m / 110_950.0;
    let dlon = block_m / (111_320.0 * origin.lat.to_radians().cos());
    let id = |i: usize, j: usize| (i * n + j) as i64 + 1;
    let mut nodes = Vec::with_capacity(n * n);
    for i in 0..n {
        for j in 0..n {
            let p = LonLat::new(
                origin.lon + (j as f64 + 0.3 * (rng.next() - 0.5)) * dlon,
                origin.lat + (i as f64 + 0.3 * (rng.next() - 0.5)) * dlat,
            );
            nodes.push((id(i, j), p));
        }
    }
    let class_of = |k: usize| match k {
        k if k % 8 == 0 => RoadClass::Primary,
        k if k % 4 == 0 => RoadClass::Secondary,
        _ => RoadClass::Residential,
    };
    let mut ways = Vec::new();
    let mut way_id = 1i64;
    for horizontal in [true, false] {
        for k in 0..n {
            let class = class_of(k);
            // Every third residential street is one-way, alternating direction.
            let direction = match (class, k % 3) {
                (RoadClass::Residential, 0) if (k / 3) % 2 == 0 => Direction::Forward,
                (RoadClass::Residential, 0) => Direction::Backward,
                _ => Direction::Both,
            };
            let attrs = WayAttrs { class, direction, maxspeed_kmh: None };
            let mut refs = Vec::with_capacity(n);
            for m in 0..n {
                let r = if horizontal { id(k, m) } else { id(m, k) };
                // Residential blocks lose about 4 % of their links (parks, rails, dead ends).
                if class == RoadClass::Residential && m > 0 && rng.next() < 0.04 {
                    if refs.len() >= 2 {
                        ways.push(RawWay { id: way_id, attrs, name: None, refs: std::mem::take(&mut refs) });
                        way_id += 1;
                    }
                    refs.clear();
                }
                refs.push(r);
            }
            if refs.len() >= 2 {
                ways.push(RawWay { id: way_id, attrs, name: None, refs });
                way_id += 1;
            }
        }
    }
    let road_ways = ways.len() as u64;
    RawRoads { ways, nodes: NodeTable::new(nodes), road_ways, skipped_class: 0 }
}

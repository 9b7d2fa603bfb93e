//! The offline basemap that is always there: water, land and (on request) country boundaries
//! from Natural Earth 1:50m (npm `world-atlas` 2.0.2, TopoJSON, compiled in; see
//! `data/README.md`).
//!
//! Country boundaries are off by default: Natural Earth draws de-facto borders, and maps shown
//! in China must use the official 标准地图 for national borders (《地图管理条例》, 2015), so
//! OneMap only draws them when a user asks for them, labelled as Natural Earth.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::LonLat;
use crate::render::display::Item;
use crate::render::geometry::{Poly, PolyLods, PolyScratch, PolyStyle, emit_polys};
use crate::render::legend::LegendKey;
use crate::render::style::Rgba;
use crate::render::view::{Datum, world_of_datum_lonlat};
use crate::render::{LayerFrame, LayerId, MapLayer, MapView, Scene};

static LAND_JSON: &str = include_str!("../../../data/basemap/land-50m.json");
static COUNTRIES_JSON: &str = include_str!("../../../data/basemap/countries-50m.json");

/// Natural Earth shapes in one datum, decoded once.
#[derive(Debug, Default)]
pub struct NaturalEarth {
    pub land: PolyLods,
    pub countries: Vec<PolyLods>,
}

/// The basemap shapes in `datum`, decoded on first use (about 140 000 vertices).
pub fn natural_earth(datum: Datum) -> &'static NaturalEarth {
    static WGS: OnceLock<NaturalEarth> = OnceLock::new();
    static GCJ: OnceLock<NaturalEarth> = OnceLock::new();
    let cell = match datum {
        Datum::Wgs84 => &WGS,
        Datum::Gcj02 => &GCJ,
    };
    cell.get_or_init(|| NaturalEarth {
        land: decode(LAND_JSON, "land", datum).into_iter().next().unwrap_or_default(),
        countries: decode(COUNTRIES_JSON, "countries", datum),
    })
}

#[derive(Deserialize)]
struct Topology {
    transform: Transform,
    arcs: Vec<Vec<[i64; 2]>>,
    objects: std::collections::HashMap<String, GeometryCollection>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct GeometryCollection {
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Geometry {
    Polygon {
        arcs: Vec<Vec<i64>>,
    },
    MultiPolygon {
        arcs: Vec<Vec<Vec<i64>>>,
    },
    #[serde(other)]
    Other,
}

/// Decodes one object of a TopoJSON topology (quantised, delta-encoded arcs; a negative arc
/// index `~i` means arc `i` reversed) into one [`PolyLods`] per geometry.
fn decode(json: &str, object: &str, datum: Datum) -> Vec<PolyLods> {
    let Ok(topo) = serde_json::from_str::<Topology>(json) else { return Vec::new() };
    let arcs: Vec<Vec<[f64; 2]>> = topo
        .arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0i64, 0i64);
            arc.iter()
                .map(|d| {
                    x += d[0];
                    y += d[1];
                    let lon = x as f64 * topo.transform.scale[0] + topo.transform.translate[0];
                    let lat = y as f64 * topo.transform.scale[1] + topo.transform.translate[1];
                    world_of_datum_lonlat(datum.from_wgs84(LonLat::new(lon, lat)))
                })
                .collect()
        })
        .collect();
    let ring = |idx: &[i64]| -> Vec<[f64; 2]> {
        let mut out: Vec<[f64; 2]> = Vec::new();
        for &i in idx {
            let (arc, reversed) = if i >= 0 { (i as usize, false) } else { ((!i) as usize, true) };
            let Some(a) = arcs.get(arc) else { continue };
            let pts: Box<dyn Iterator<Item = &[f64; 2]>> =
                if reversed { Box::new(a.iter().rev()) } else { Box::new(a.iter()) };
            // Consecutive arcs share their joining point.
            for (k, p) in pts.enumerate() {
                if k > 0 || out.is_empty() {
                    out.push(*p);
                }
            }
        }
        if out.len() > 1 && out.first() == out.last() {
            out.pop();
        }
        out
    };
    let poly = |rings: &[Vec<i64>]| Poly { rings: rings.iter().map(|r| ring(r)).filter(|r| r.len() >= 3).collect() };
    let Some(coll) = topo.objects.get(object) else { return Vec::new() };
    coll.geometries
        .iter()
        .filter_map(|g| {
            let polys: Vec<Poly> = match g {
                Geometry::Polygon { arcs } => vec![poly(arcs)],
                Geometry::MultiPolygon { arcs } => arcs.iter().map(|p| poly(p)).collect(),
                Geometry::Other => return None,
            };
            let polys: Vec<Poly> = polys.into_iter().filter(|p| !p.rings.is_empty()).collect();
            (!polys.is_empty()).then(|| PolyLods::new(polys))
        })
        .collect()
}

#[derive(Default)]
pub struct Basemap {
    scratch: PolyScratch,
}

impl MapLayer for Basemap {
    fn id(&self) -> LayerId {
        LayerId::Basemap
    }

    fn draw(&mut self, scene: &Scene, view: &MapView, out: &mut LayerFrame) {
        let pal = scene.palette();
        let ne = natural_earth(view.datum);
        let t = view.transform();
        let bounds = view.world_bounds(16.0);
        let clip = [
            [f64::from(view.origin[0]) - 16.0, f64::from(view.origin[1]) - 16.0],
            [f64::from(view.origin[0] + view.size[0]) + 16.0, f64::from(view.origin[1] + view.size[1]) + 16.0],
        ];
        out.list.items.push(Item::Rect {
            min: view.origin,
            max: [view.origin[0] + view.size[0], view.origin[1] + view.size[1]],
            fill: pal.water,
            stroke: Rgba::TRANSPARENT,
            width: 0.0,
        });
        if ne.land.intersects(&bounds) {
            let style = PolyStyle { fill: pal.land, stroke: Rgba::TRANSPARENT, width: 0.0, dash: None };
            emit_polys(&mut out.list, &mut self.scratch, ne.land.at_zoom(view.zoom), &t, clip, style);
        }
        if scene.options.countries {
            let style =
                PolyStyle { fill: Rgba::TRANSPARENT, stroke: pal.country_line, width: scene.options.scale, dash: None };
            for c in ne.countries.iter().filter(|c| c.intersects(&bounds)) {
                emit_polys(&mut out.list, &mut self.scratch, c.at_zoom(view.zoom), &t, clip, style);
            }
            out.legend.add(LegendKey::CountryLine);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_earth_decodes_land_and_countries() {
        let ne = natural_earth(Datum::Wgs84);
        assert!(ne.land.vertex_count() > 50_000, "{}", ne.land.vertex_count());
        assert!(ne.countries.len() > 200);
        // Anyang lies on land: inside the land bounds, and some land polygon's box holds it.
        let w = world_of_datum_lonlat(LonLat::new(114.35, 36.1));
        assert!(ne.land.intersects(&[w, w]));
        // Coarse levels have far fewer points than full detail.
        let coarse: usize = ne.land.at_zoom(2.0).iter().flat_map(|p| &p.rings).map(Vec::len).sum();
        assert!(coarse * 4 < ne.land.vertex_count(), "{coarse}");
    }
}

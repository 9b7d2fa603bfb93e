//! Road-network and siting results on the map: drive-time isochrones as nested bands (the
//! shortest cut-off darkest), exclusive service areas (each road piece in the colour of the
//! station that reaches it first), a route, and sets of sites (a siting scenario per colour).
//!
//! The results are computed elsewhere (`routing`, asked by the window) and handed to the layer
//! as a [`TravelOverlay`]; the window replaces the layer in its slot and invalidates the slot
//! when they change, so the scene and its version stay untouched.

use std::sync::Arc;

use crate::model::LonLat;
use crate::render::geometry::{PolyLods, PolyScratch, PolyStyle, emit_polys};
use crate::render::index::world_polys;
use crate::render::legend::LegendKey;
use crate::render::style;
use crate::render::view::Datum;
use crate::render::{LayerFrame, LayerId, MapLayer, MapView, Scene};
use crate::routing::{Isochrone, Route, ServiceAreas};

/// What the layer shows: any of isochrones, service areas and one route.
#[derive(Debug, Clone, Default)]
pub struct TravelOverlay {
    pub isochrones: Vec<Isochrone>,
    pub service_areas: Option<ServiceAreas>,
    pub route: Option<Route>,
    /// Sites with their group (a siting scenario), drawn as rings in the group's colour.
    pub sites: Vec<(LonLat, usize)>,
}

impl TravelOverlay {
    pub fn is_empty(&self) -> bool {
        self.isochrones.is_empty() && self.service_areas.is_none() && self.route.is_none() && self.sites.is_empty()
    }
}

/// The layer; empty until the window gives it results.
#[derive(Default)]
pub struct Travel {
    overlay: Option<Arc<TravelOverlay>>,
    /// Isochrone outlines in world space for one datum, largest cut-off first.
    bands: Option<(Datum, Vec<PolyLods>)>,
    scratch: PolyScratch,
}

impl Travel {
    pub fn new(overlay: Arc<TravelOverlay>) -> Self {
        Self { overlay: Some(overlay), bands: None, scratch: PolyScratch::default() }
    }

    pub fn overlay(&self) -> Option<&TravelOverlay> {
        self.overlay.as_deref()
    }

    fn bands(&mut self, datum: Datum) -> &[PolyLods] {
        let fresh = matches!(&self.bands, Some((d, _)) if *d == datum);
        if !fresh {
            let mut isos: Vec<&Isochrone> = self.overlay.iter().flat_map(|o| o.isochrones.iter()).collect();
            isos.sort_by(|a, b| b.minutes.total_cmp(&a.minutes));
            let lods = isos.iter().map(|iso| PolyLods::new(world_polys(&iso.area, datum))).collect();
            self.bands = Some((datum, lods));
        }
        self.bands.as_ref().map_or(&[], |(_, b)| b.as_slice())
    }
}

impl MapLayer for Travel {
    fn id(&self) -> LayerId {
        LayerId::Travel
    }

    fn draw(&mut self, scene: &Scene, view: &MapView, out: &mut LayerFrame) {
        let Some(overlay) = self.overlay.clone() else { return };
        let s = scene.options.scale;
        let t = view.transform();
        let clip = [
            [f64::from(view.origin[0]) - 16.0, f64::from(view.origin[1]) - 16.0],
            [f64::from(view.origin[0] + view.size[0]) + 16.0, f64::from(view.origin[1] + view.size[1]) + 16.0],
        ];
        let bounds = view.world_bounds(16.0);
        let n = overlay.isochrones.len();
        // Cut-offs from the shortest, the order `isochrone_band` ranks them in.
        let mut band_minutes: Vec<f64> = overlay.isochrones.iter().map(|i| i.minutes).collect();
        band_minutes.sort_by(f64::total_cmp);
        let zoom = view.zoom;
        let mut scratch = std::mem::take(&mut self.scratch);
        for (rank, lods) in self.bands(view.datum).iter().enumerate() {
            if !lods.intersects(&bounds) {
                continue;
            }
            // Bands are drawn largest first; `rank` counts from the largest, so the smallest
            // cut-off (drawn last, on top) gets the strongest colour.
            let band = n - 1 - rank;
            let (fill, stroke) = style::isochrone_band(band, n);
            let style = PolyStyle { fill, stroke, width: 1.4 * s, dash: None };
            emit_polys(&mut out.list, &mut scratch, lods.at_zoom(zoom), &t, clip, style);
            if let Some(minutes) = band_minutes.get(band) {
                let (rank, of) = (band.min(255) as u8, n.min(255) as u8);
                out.legend.add(LegendKey::Isochrone { tenths: (minutes * 10.0).round() as u32, rank, of });
            }
        }
        self.scratch = scratch;
        if let Some(areas) = &overlay.service_areas {
            for a in &areas.areas {
                let colour = style::service_area_colour(a.source);
                for line in &a.roads.0 {
                    let pts = line.0.iter().map(|c| view.lonlat_to_screen(LonLat::new(c.x, c.y)));
                    out.list.line(pts, 2.5 * s, colour, None);
                }
            }
            if !areas.areas.is_empty() {
                out.legend.add(LegendKey::ServiceAreas);
            }
        }
        if let Some(route) = &overlay.route {
            let pts: Vec<[f32; 2]> = route.geometry.iter().map(|p| view.lonlat_to_screen(*p)).collect();
            out.list.line(pts.iter().copied(), 7.0 * s, style::Rgba::WHITE.with_alpha(0xD0), None);
            out.list.line(pts, 4.0 * s, style::ROUTE, None);
            out.legend.add(LegendKey::Route);
        }
        // Later groups slightly smaller, so a site in two scenarios shows both rings.
        for &(at, group) in &overlay.sites {
            out.list.items.push(crate::render::display::Item::Circle {
                centre: view.lonlat_to_screen(at),
                radius: (11.0 - 3.0 * group.min(2) as f32) * s,
                fill: style::Rgba::TRANSPARENT,
                stroke: style::service_area_colour(group),
                width: 3.0 * s,
                dash: None,
            });
            out.legend.add(LegendKey::Sites(group.min(1) as u8));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::display::Item;
    use crate::render::{FilterMask, MapIndex, SceneOptions};
    use crate::snapshot::Snapshot;
    use geo_types::{MultiLineString, MultiPolygon, line_string, polygon};

    fn square(lon: f64, lat: f64, half: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![polygon![
            (x: lon - half, y: lat - half),
            (x: lon + half, y: lat - half),
            (x: lon + half, y: lat + half),
            (x: lon - half, y: lat + half),
        ]])
    }

    #[test]
    fn draws_each_band_the_service_areas_and_the_route_only_when_given() {
        let snapshot = Snapshot::from_parts(vec![], vec![], vec![], vec![], vec![]);
        let index = MapIndex::build(&snapshot, Datum::Wgs84);
        let mask = FilterMask::build(&snapshot, &crate::render::Filter::default(), 1);
        let options = SceneOptions::default();
        let scene = Scene { snapshot: &snapshot, index: &index, mask: &mask, options: &options, version: 1 };
        let view = MapView::new(LonLat::new(114.35, 36.10), 13.0, [800.0, 600.0], Datum::Wgs84);

        let mut empty = Travel::default();
        let mut frame = LayerFrame::default();
        empty.draw(&scene, &view, &mut frame);
        assert!(frame.list.items.is_empty());

        let iso = |minutes: f64, half: f64| Isochrone { minutes, area: square(114.35, 36.10, half), area_km2: 1.0 };
        let road = MultiLineString(vec![line_string![(x: 114.34, y: 36.10), (x: 114.36, y: 36.10)]]);
        let overlay = TravelOverlay {
            isochrones: vec![iso(5.0, 0.01), iso(10.0, 0.02)],
            service_areas: Some(ServiceAreas {
                areas: vec![crate::routing::ServiceArea { source: 0, roads: road, length_km: 2.0, max_seconds: 60.0 }],
                unreached_km: 0.0,
                off_road: vec![],
            }),
            route: None,
            sites: vec![(LonLat::new(114.35, 36.10), 0), (LonLat::new(114.35, 36.10), 1)],
        };
        let mut layer = Travel::new(Arc::new(overlay));
        layer.draw(&scene, &view, &mut frame);
        let polygons: Vec<_> = frame.list.items.iter().filter(|i| matches!(i, Item::Polygon { .. })).collect();
        let lines = frame.list.items.iter().filter(|i| matches!(i, Item::Line { .. })).count();
        assert_eq!(polygons.len(), 2, "one fill per band");
        // Two band outlines and one service-area road.
        assert_eq!(lines, 3);
        let rings = frame.list.items.iter().filter(|i| matches!(i, Item::Circle { .. })).count();
        assert_eq!(rings, 2, "one ring per site and group");
        // The legend lists both bands (5 min the darker), the service areas and both site groups.
        let legend = crate::render::legend::groups(&frame.legend, crate::render::Theme::Light, crate::i18n::Lang::Zh);
        let labels: Vec<&str> = legend[0].entries.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(labels, ["5 分钟", "10 分钟", "消防站责任路段", "规划方案", "最优方案"]);
        // The 5-minute band is drawn last and darker than the 10-minute one.
        let lightness: Vec<u32> =
            polygons
                .iter()
                .map(|i| {
                    if let Item::Polygon { fill, .. } = i { fill.0[..3].iter().map(|c| u32::from(*c)).sum() } else { 0 }
                })
                .collect();
        assert!(lightness[1] < lightness[0], "{lightness:?}");
    }
}

//! Siting on the map: the candidate sites a planner is choosing among (small dark dots) and the
//! sites of one or more scenarios (rings in the scenario's colour, the first scenario largest so
//! a site shared by two shows both). Also draws one scenario alone as a small picture for the
//! side-by-side comparison ([`picture`]).
//!
//! The window computes the marks (`planning::scenarios`) and hands them over as a
//! [`SitingOverlay`]; it replaces the layer in its slot when they change.

use std::sync::Arc;

use crate::model::LonLat;
use crate::render::display::Item;
use crate::render::style::{self, Rgba};
use crate::render::{LayerFrame, LayerId, MapLayer, MapView, Scene};

/// What the layer shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SitingOverlay {
    pub candidates: Vec<LonLat>,
    /// Each scenario's sites, drawn in `style::service_area_colour(k)`.
    pub scenarios: Vec<Vec<LonLat>>,
}

impl SitingOverlay {
    pub fn is_empty(&self) -> bool {
        self.candidates.is_empty() && self.scenarios.iter().all(Vec::is_empty)
    }
}

/// The layer; empty until the window gives it marks.
#[derive(Default)]
pub struct Siting {
    overlay: Option<Arc<SitingOverlay>>,
}

impl Siting {
    pub fn new(overlay: Arc<SitingOverlay>) -> Self {
        Self { overlay: Some(overlay) }
    }
}

const CANDIDATE: Rgba = Rgba([40, 40, 48, 0xE0]);

impl MapLayer for Siting {
    fn id(&self) -> LayerId {
        LayerId::Siting
    }

    fn draw(&mut self, scene: &Scene, view: &MapView, out: &mut LayerFrame) {
        let Some(overlay) = self.overlay.as_deref() else { return };
        let s = scene.options.scale;
        for &at in &overlay.candidates {
            out.list.items.push(Item::Circle {
                centre: view.lonlat_to_screen(at),
                radius: 3.0 * s,
                fill: CANDIDATE,
                stroke: Rgba::WHITE,
                width: 1.0 * s,
                dash: None,
            });
        }
        for (k, sites) in overlay.scenarios.iter().enumerate() {
            let colour = style::service_area_colour(k);
            for &at in sites {
                out.list.items.push(Item::Circle {
                    centre: view.lonlat_to_screen(at),
                    radius: (12.0 - 3.0 * k.min(2) as f32) * s,
                    fill: colour.with_alpha(0x40),
                    stroke: colour,
                    width: 3.0 * s,
                    dash: None,
                });
            }
        }
    }
}

/// One scenario drawn alone over the districts and stations, `bbox` in view (the same for every
/// scenario compared, so the pictures match), with `title` in the top-left corner: the small
/// maps of the side-by-side comparison. No legend: the window's table names the colours.
pub fn picture(
    snapshot: &crate::snapshot::Snapshot,
    bbox: Option<crate::snapshot::BBox>,
    sites: Vec<LonLat>,
    colour: usize,
    size: [f32; 2],
    title: &str,
) -> Option<tiny_skia::Pixmap> {
    use crate::render::display::{Align, Str, Text};
    use crate::render::layers::{areas, points, stations};
    use crate::render::{Datum, FilterMask, MapIndex, Renderer, SceneOptions, raster};
    let datum = Datum::Wgs84;
    let index = MapIndex::build(snapshot, datum);
    let mask = FilterMask::all(snapshot, 1);
    let options = SceneOptions::default();
    let scene = Scene { snapshot, index: &index, mask: &mask, options: &options, version: 1 };
    let bbox = bbox.or_else(|| snapshot.extent())?;
    let view = MapView::fit(bbox, size, 12.0, datum);
    // Colour k is drawn by the k-th scenario: pad with empty ones so this one gets its colour.
    let mut scenarios = vec![Vec::new(); colour];
    scenarios.push(sites);
    let overlay = SitingOverlay { candidates: Vec::new(), scenarios };
    let mut renderer = Renderer::new(vec![
        Box::new(areas::Areas::default()),
        Box::new(points::PointLayer::<stations::Stations>::default()),
        Box::new(Siting::new(Arc::new(overlay))),
    ]);
    let mut pm = tiny_skia::Pixmap::new(size[0].round() as u32, size[1].round() as u32)?;
    let pal = scene.palette();
    let [r, g, b, _] = pal.land.0;
    pm.fill(tiny_skia::Color::from_rgba8(r, g, b, 255));
    let visible = [LayerId::Areas, LayerId::Stations, LayerId::Siting];
    renderer.prepare_layers(&scene, &view, &visible);
    let tf = tiny_skia::Transform::identity();
    for id in visible {
        if let Some(slot) = renderer.slot(id) {
            raster::paint(&mut pm, &slot.frame.list, 1.0, tf);
        }
    }
    let text = Text {
        at: [8.0, 8.0],
        align: Align::Left,
        text: Str::Owned(title.to_string()),
        size: 15.0,
        colour: style::service_area_colour(colour),
        halo: Some(Rgba::WHITE),
    };
    raster::paint_text(&mut pm, &text, 1.0, tf);
    Some(pm)
}

/// The box around every given site, widened by a fifth on each side (at least about 2 km), so
/// the side-by-side pictures all show the same part of the city.
pub fn sites_bbox<'a>(sites: impl IntoIterator<Item = &'a LonLat>) -> Option<crate::snapshot::BBox> {
    let mut b: Option<crate::snapshot::BBox> = None;
    for p in sites {
        let e = b.get_or_insert(crate::snapshot::BBox { west: p.lon, south: p.lat, east: p.lon, north: p.lat });
        e.west = e.west.min(p.lon);
        e.east = e.east.max(p.lon);
        e.south = e.south.min(p.lat);
        e.north = e.north.max(p.lat);
    }
    b.map(|b| {
        let dx = ((b.east - b.west) * 0.2).max(0.02);
        let dy = ((b.north - b.south) * 0.2).max(0.02);
        crate::snapshot::BBox { west: b.west - dx, south: b.south - dy, east: b.east + dx, north: b.north + dy }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_dot_per_candidate_and_a_ring_per_scenario_site_and_a_picture() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.gpkg");
        crate::demo::create(&path, None).unwrap();
        let snapshot = crate::snapshot::Snapshot::load(&crate::store::Project::open(&path).unwrap()).unwrap();
        let at = LonLat::new(114.35, 36.10);
        let overlay = SitingOverlay { candidates: vec![at, at, at], scenarios: vec![vec![at], vec![at, at]] };
        let mut layer = Siting::new(Arc::new(overlay.clone()));
        let index = crate::render::MapIndex::build(&snapshot, crate::render::Datum::Wgs84);
        let mask = crate::render::FilterMask::all(&snapshot, 1);
        let options = crate::render::SceneOptions::default();
        let scene = Scene { snapshot: &snapshot, index: &index, mask: &mask, options: &options, version: 1 };
        let view = MapView::new(at, 12.0, [400.0, 300.0], crate::render::Datum::Wgs84);
        let mut frame = LayerFrame::default();
        layer.draw(&scene, &view, &mut frame);
        assert_eq!(frame.list.items.len(), 6);
        // The picture of a scenario differs from one without its sites.
        let bbox = sites_bbox(&[at]);
        let with = picture(&snapshot, bbox, vec![at], 1, [320.0, 240.0], "甲").unwrap();
        let without = picture(&snapshot, bbox, vec![], 1, [320.0, 240.0], "甲").unwrap();
        assert_eq!((with.width(), with.height()), (320, 240));
        assert_ne!(with.data(), without.data());
    }
}

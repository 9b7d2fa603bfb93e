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

/// One scenario drawn alone over the districts and stations, the whole project in view, with
/// `title` on top: the small maps of the side-by-side comparison.
pub fn picture(
    snapshot: &crate::snapshot::Snapshot,
    sites: Vec<LonLat>,
    colour: usize,
    size: [f32; 2],
    title: &str,
    lang: crate::i18n::Lang,
) -> Result<tiny_skia::Pixmap, crate::render::sheet::SheetError> {
    use crate::render::layers::{areas, points, stations};
    use crate::render::{Datum, FilterMask, MapIndex, Renderer, SceneOptions};
    let datum = Datum::Wgs84;
    let index = MapIndex::build(snapshot, datum);
    let mask = FilterMask::all(snapshot, 1);
    let options = SceneOptions::default();
    let scene = Scene { snapshot, index: &index, mask: &mask, options: &options, version: 1 };
    let bbox = snapshot.extent().unwrap_or(crate::snapshot::BBox { west: 73.5, south: 18.0, east: 135.0, north: 53.5 });
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
    let opts = crate::render::sheet::SheetOptions {
        title: title.to_string(),
        subtitle: String::new(),
        date: String::new(),
        lang,
        theme: crate::render::Theme::Light,
        pixel_scale: 1.0,
    };
    let visible = [LayerId::Areas, LayerId::Stations, LayerId::Siting];
    crate::render::sheet::render(&mut renderer, &scene, &view, &visible, &opts).map(|(pm, _)| pm)
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
        let with = picture(&snapshot, vec![at], 1, [320.0, 240.0], "甲", crate::i18n::Lang::Zh).unwrap();
        let without = picture(&snapshot, vec![], 1, [320.0, 240.0], "甲", crate::i18n::Lang::Zh).unwrap();
        assert_eq!((with.width(), with.height()), (320, 240));
        assert_ne!(with.data(), without.data());
    }
}

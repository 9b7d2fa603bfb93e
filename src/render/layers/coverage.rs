//! The coverage layer: what the stations reach within the response time (covered), what two
//! or more reach (overlap), what none reaches (uncovered), and each station's jurisdiction
//! boundary, from the last coverage analysis ([`SceneOptions::coverage`](crate::render::SceneOptions)).
//! Draws nothing until an analysis has been run.

use std::sync::Arc;

use crate::analysis::coverage::CoverageShapes;
use crate::i18n::T;
use crate::render::geometry::{PolyLods, PolyScratch, PolyStyle, emit_polys};
use crate::render::index::world_polys;
use crate::render::legend::LegendKey;
use crate::render::style;
use crate::render::{Datum, LayerFrame, LayerId, MapLayer, MapView, Scene};

/// What a coverage polygon shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CoverageKind {
    Covered,
    Overlap,
    Uncovered,
    Jurisdiction,
}

impl CoverageKind {
    pub const ALL: [CoverageKind; 4] =
        [CoverageKind::Uncovered, CoverageKind::Covered, CoverageKind::Overlap, CoverageKind::Jurisdiction];

    pub fn label(self) -> T {
        match self {
            CoverageKind::Covered => T::CoverageCovered,
            CoverageKind::Overlap => T::CoverageOverlap,
            CoverageKind::Uncovered => T::CoverageUncovered,
            CoverageKind::Jurisdiction => T::CoverageJurisdiction,
        }
    }
}

/// The analysis result a scene draws. Equal when it is the same result (pointer equality), so
/// comparing scene options each frame stays cheap.
#[derive(Debug, Clone)]
pub struct CoverageOverlay(pub Arc<CoverageShapes>);

impl PartialEq for CoverageOverlay {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The shapes in world coordinates, built once per result and datum.
struct Prepared {
    key: (usize, Datum),
    layers: Vec<(CoverageKind, PolyLods)>,
}

#[derive(Default)]
pub struct Coverage {
    prepared: Option<Prepared>,
    scratch: PolyScratch,
}

impl Coverage {
    fn prepare(&mut self, overlay: &CoverageOverlay, datum: Datum) {
        let key = (Arc::as_ptr(&overlay.0) as usize, datum);
        if self.prepared.as_ref().is_none_or(|p| p.key != key) {
            let s = &overlay.0;
            let mut layers = vec![
                (CoverageKind::Uncovered, PolyLods::new(world_polys(&s.uncovered, datum))),
                (CoverageKind::Covered, PolyLods::new(world_polys(&s.covered, datum))),
                (CoverageKind::Overlap, PolyLods::new(world_polys(&s.overlap, datum))),
            ];
            layers.extend(
                s.jurisdictions.iter().map(|j| (CoverageKind::Jurisdiction, PolyLods::new(world_polys(j, datum)))),
            );
            self.prepared = Some(Prepared { key, layers });
        }
    }
}

impl MapLayer for Coverage {
    fn id(&self) -> LayerId {
        LayerId::Coverage
    }

    fn draw(&mut self, scene: &Scene, view: &MapView, out: &mut LayerFrame) {
        let Some(overlay) = scene.options.coverage.clone() else { return };
        let scale = scene.options.scale;
        let bounds = view.world_bounds(16.0);
        let t = view.transform();
        let clip = [
            [f64::from(view.origin[0]) - 16.0, f64::from(view.origin[1]) - 16.0],
            [f64::from(view.origin[0] + view.size[0]) + 16.0, f64::from(view.origin[1] + view.size[1]) + 16.0],
        ];
        self.prepare(&overlay, scene.index.datum);
        let Some(prepared) = &self.prepared else { return };
        for (kind, lods) in &prepared.layers {
            if lods.is_empty() || !lods.intersects(&bounds) {
                continue;
            }
            let style = PolyStyle {
                fill: style::coverage_fill(*kind),
                stroke: style::coverage_stroke(*kind),
                width: if *kind == CoverageKind::Jurisdiction { 1.0 } else { 0.6 } * scale,
                dash: None,
            };
            let before = out.list.items.len();
            emit_polys(&mut out.list, &mut self.scratch, lods.at_zoom(view.zoom), &t, clip, style);
            if out.list.items.len() > before {
                out.legend.add(LegendKey::Coverage(*kind));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::coverage::{CoverageOptions, analyse};
    use crate::analysis::fixtures::{area_box, station};
    use crate::analysis::protection::ProtectionSettings;
    use crate::model::{AreaLevel, LonLat};
    use crate::render::{FilterMask, MapIndex, SceneOptions};
    use crate::snapshot::Snapshot;

    #[test]
    fn draws_covered_overlap_uncovered_and_jurisdictions_only_once_analysed() {
        let city = area_box(1, "410500", AreaLevel::City, None, [114.2, 36.0, 114.4, 36.2]);
        let snap = Snapshot::from_parts(
            vec![station(1, LonLat::new(114.3, 36.1)), station(2, LonLat::new(114.31, 36.1))],
            Vec::new(),
            Vec::new(),
            Vec::new(),
            vec![city],
        );
        let report = analyse(&snap, &ProtectionSettings::default(), &CoverageOptions::default(), None).unwrap();
        let index = MapIndex::build(&snap, Datum::Wgs84);
        let mask = FilterMask::all(&snap, 1);
        let bbox = snap.extent().unwrap();
        let view = MapView::fit(bbox, [800.0, 600.0], 10.0, Datum::Wgs84);
        let mut layer = Coverage::default();
        let mut options = SceneOptions::default();
        let mut frame = LayerFrame::default();
        let scene = Scene { snapshot: &snap, index: &index, mask: &mask, options: &options, version: 1 };
        layer.draw(&scene, &view, &mut frame);
        assert!(frame.list.items.is_empty());
        options.coverage = Some(CoverageOverlay(Arc::new(report.shapes)));
        let scene = Scene { snapshot: &snap, index: &index, mask: &mask, options: &options, version: 2 };
        layer.draw(&scene, &view, &mut frame);
        for k in CoverageKind::ALL {
            assert!(frame.legend.keys.contains(&LegendKey::Coverage(k)), "{k:?}");
        }
    }
}

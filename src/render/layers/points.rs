//! What every point layer does the same way: cull to the view through the R-tree, cluster when
//! zoomed out, draw symbols with their click targets, and propose labels.

use std::marker::PhantomData;

use crate::model::{FeatureId, Layer};
use crate::render::display::{Align, Item, Str, Text};
use crate::render::index::ClusterKey;
use crate::render::labels::{LabelCandidate, Obstacle, Placement};
use crate::render::legend::LegendKey;
use crate::render::style::{self, Rgba, Symbol};
use crate::render::{Hit, LayerFrame, LayerId, MapLayer, MapView, Scene, Target};

/// The parts of a point layer that differ between layers.
pub trait PointKind: Send + 'static {
    const LAYER: Layer;
    const ID: LayerId;
    /// Labels of lower rank keep clear of these symbols.
    const RANK: u8;
    /// Points closer than this (pixels) cluster.
    const CLUSTER_RADIUS: f64;
    /// Zoom levels up to this one cluster; above it every point is drawn.
    const CLUSTER_MAX_LEVEL: u8;
    /// Below this level the cluster radius grows, so a province view stays a readable few
    /// hundred symbols rather than thousands.
    const CLUSTER_GROW_BELOW: u8;
    /// Names show from this zoom on.
    const LABEL_MIN_ZOOM: f64;
    const LABEL_SIZE: f32;
    const LABEL_PRIORITY: f32;

    fn len(scene: &Scene) -> usize;
    fn visible(scene: &Scene, slot: usize) -> bool;
    fn id(scene: &Scene, slot: usize) -> FeatureId;
    fn symbol(scene: &Scene, slot: usize) -> Symbol;
    fn tally(scene: &Scene, slot: usize, legend: &mut crate::render::LegendTally);
    fn illustrative(scene: &Scene, slot: usize) -> bool;
    /// Lower is more important: seeds clusters first and is drawn on top.
    fn importance(scene: &Scene, slot: usize) -> u32;
    /// Slice of the cluster pie (0..4).
    fn category(_scene: &Scene, _slot: usize) -> usize {
        0
    }
    /// Colours of the cluster pie slices.
    fn cluster_colours() -> [Rgba; 4];
    /// Records in the legend what a pie slice of this category means.
    fn tally_category(_category: usize, _legend: &mut crate::render::LegendTally) {}
}

/// A point layer: stations, teams, depots or enterprises.
pub struct PointLayer<K: PointKind> {
    visible_slots: Vec<u32>,
    counts: Vec<Text>,
    _kind: PhantomData<K>,
}

impl<K: PointKind> Default for PointLayer<K> {
    fn default() -> Self {
        Self { visible_slots: Vec::new(), counts: Vec::new(), _kind: PhantomData }
    }
}

/// Margin around the screen within which points are still drawn (their symbols and labels
/// reach into view).
const MARGIN_PX: f32 = 48.0;

impl<K: PointKind> MapLayer for PointLayer<K> {
    fn id(&self) -> LayerId {
        K::ID
    }

    fn draw(&mut self, scene: &Scene, view: &MapView, out: &mut LayerFrame) {
        let Some(set) = scene.index.points(K::LAYER) else { return };
        let bounds = view.world_bounds(MARGIN_PX);
        let t = view.transform();
        let level = view.zoom.floor().clamp(0.0, 30.0) as u8;
        if level <= K::CLUSTER_MAX_LEVEL {
            let key = ClusterKey { layer: K::LAYER, level, filter_version: scene.mask.version };
            let clusters = scene.index.clusters(key, || {
                let mut order: Vec<u32> =
                    (0..K::len(scene)).filter(|&s| K::visible(scene, s)).map(|s| s as u32).collect();
                order.sort_by_key(|&s| (K::importance(scene, s as usize), s));
                crate::render::cluster::build(
                    &set.world,
                    &order,
                    |s| K::category(scene, s as usize),
                    level,
                    cluster_radius::<K>(level),
                )
            });
            let in_view = |w: &[f64; 2]| {
                w[0] >= bounds[0][0] && w[0] <= bounds[1][0] && w[1] >= bounds[0][1] && w[1] <= bounds[1][1]
            };
            // Single features first, clusters over them; within each, most important last so
            // it is drawn on top.
            for c in clusters.iter().rev().filter(|c| c.count == 1 && in_view(&c.world)) {
                draw_one::<K>(scene, view, c.seed as usize, t.apply(c.world), set.names.get(c.seed as usize), out);
            }
            // Pies, then all their counts (so each batch paints in one go).
            let mut counts = std::mem::take(&mut self.counts);
            for c in clusters.iter().rev().filter(|c| c.count > 1 && in_view(&c.world)) {
                draw_cluster::<K>(scene, c, t.apply(c.world), out, &mut counts);
            }
            out.list.items.extend(counts.drain(..).map(Item::Text));
            self.counts = counts;
        } else {
            self.visible_slots.clear();
            self.visible_slots.extend(set.in_box(&bounds).filter(|&s| K::visible(scene, s as usize)));
            self.visible_slots.sort_by_key(|&s| (std::cmp::Reverse(K::importance(scene, s as usize)), s));
            for &s in &self.visible_slots {
                let Some(&w) = set.world.get(s as usize) else { continue };
                draw_one::<K>(scene, view, s as usize, t.apply(w), set.names.get(s as usize), out);
            }
        }
    }
}

/// The clustering radius at a level: the layer's own below which symbols would overlap, growing
/// by 35 % per level below `CLUSTER_GROW_BELOW`, at most 2.5 times.
fn cluster_radius<K: PointKind>(level: u8) -> f64 {
    let below = f64::from(K::CLUSTER_GROW_BELOW.saturating_sub(level));
    K::CLUSTER_RADIUS * (1.0 + 0.35 * below).min(2.5)
}

fn draw_one<K: PointKind>(
    scene: &Scene,
    view: &MapView,
    slot: usize,
    at: [f32; 2],
    name: Option<&std::sync::Arc<str>>,
    out: &mut LayerFrame,
) {
    let scale = scene.options.scale;
    let mut symbol = K::symbol(scene, slot);
    symbol.size *= scale;
    symbol.stroke_width *= scale;
    let r = symbol.size / 2.0;
    out.list.items.push(Item::Symbol { at, symbol });
    out.hits.push(Hit {
        centre: at,
        radius: r + 3.0,
        target: Target::Feature { layer: K::LAYER, id: K::id(scene, slot) },
    });
    out.obstacles.push(Obstacle { min: [at[0] - r, at[1] - r], max: [at[0] + r, at[1] + r], rank: K::RANK });
    K::tally(scene, slot, &mut out.legend);
    out.legend.illustrative |= K::illustrative(scene, slot);
    if view.zoom >= K::LABEL_MIN_ZOOM
        && let Some(name) = name
    {
        out.labels.push(LabelCandidate {
            at,
            placement: Placement::Around { radius: r },
            text: Str::Shared(name.clone()),
            size: K::LABEL_SIZE * scale,
            colour: scene.palette().text,
            priority: K::LABEL_PRIORITY - K::importance(scene, slot) as f32 * 0.01,
            rank: K::RANK,
        });
    }
}

fn draw_cluster<K: PointKind>(
    scene: &Scene,
    c: &crate::render::cluster::Cluster,
    at: [f32; 2],
    out: &mut LayerFrame,
    counts: &mut Vec<Text>,
) {
    let scale = scene.options.scale;
    let radius = style::cluster_size(c.count, K::symbol(scene, c.seed as usize).size) * scale / 2.0;
    let colours = K::cluster_colours();
    let mut slices = [(Rgba::TRANSPARENT, 0u32); 4];
    for (i, s) in slices.iter_mut().enumerate() {
        *s = (colours.get(i).copied().unwrap_or(Rgba::WHITE), c.breakdown.get(i).copied().unwrap_or(0));
    }
    let pal = scene.palette();
    out.list.items.push(Item::Pie {
        centre: at,
        radius,
        slices,
        ring: style::outline(scene.options.theme),
        hole: pal.panel,
    });
    counts.push(Text {
        at,
        align: Align::Center,
        text: Str::Owned(c.count.to_string()),
        // The count fits the disc in the middle of the ring.
        size: (radius * 1.1).clamp(9.0 * scale, style::text_size::CLUSTER * scale),
        colour: pal.text,
        halo: None,
    });
    out.hits.push(Hit { centre: at, radius, target: Target::Cluster { layer: K::LAYER, count: c.count, at } });
    out.obstacles.push(Obstacle {
        min: [at[0] - radius, at[1] - radius],
        max: [at[0] + radius, at[1] + radius],
        rank: K::RANK,
    });
    out.legend.add(LegendKey::Cluster(K::LAYER));
    for (i, n) in c.breakdown.iter().enumerate() {
        if *n > 0 {
            K::tally_category(i, &mut out.legend);
        }
    }
    out.legend.illustrative |= K::illustrative(scene, c.seed as usize);
}

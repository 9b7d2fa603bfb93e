//! Contraction hierarchies (the `fast_paths` crate) for point-to-point routes in well under a
//! millisecond once prepared. Preparing takes seconds on a city network, so it is optional:
//! without it routes use Dijkstra's algorithm, which gives the same answers more slowly.
//! Arc costs are rounded to integers (milliseconds, centimetres) for the hierarchy; the chosen
//! path is then costed exactly, so the two can differ by at most that rounding per arc.

use std::sync::{Mutex, OnceLock};

use fast_paths::{FastGraph, InputGraph, PathCalculator};

use super::router::{Metric, Router};

/// Integer units per second (time) and per metre (distance).
const SCALE: [f64; 2] = [1000.0, 100.0];

/// Prepared hierarchies per metric, with reusable query state.
#[derive(Default)]
pub(crate) struct FastRoutes {
    graphs: [OnceLock<FastGraph>; 2],
    calculators: [Mutex<Vec<PathCalculator>>; 2],
}

pub(crate) fn weight(cost: f64, m: Metric) -> usize {
    let w = (cost * SCALE[m.index()]).round();
    if w.is_finite() && w >= 1.0 { w as usize } else { 1 }
}

impl Router {
    fn input_graph(&self, m: Metric) -> InputGraph {
        let mut g = InputGraph::new();
        let cost = &self.out.cost[m.index()];
        for v in 0..self.net.node_count() as u32 {
            for e in self.out.arcs(v) {
                g.add_edge(v as usize, self.out.head[e] as usize, weight(cost[e], m));
            }
        }
        g.freeze();
        g
    }

    /// Prepares the contraction hierarchy for a metric (seconds on a city network); later
    /// routes in that metric use it. Does nothing when already prepared.
    pub fn prepare_fast(&self, m: Metric) {
        if self.net.node_count() == 0 {
            return;
        }
        self.fast.graphs[m.index()].get_or_init(|| fast_paths::prepare(&self.input_graph(m)));
    }

    /// Prepares with a node order from an earlier preparation (several times faster); falls
    /// back to a fresh preparation when the order does not fit this network.
    pub fn prepare_fast_with_order(&self, m: Metric, order: &[usize]) {
        if self.net.node_count() == 0 {
            return;
        }
        self.fast.graphs[m.index()].get_or_init(|| {
            let input = self.input_graph(m);
            fast_paths::prepare_with_order(&input, order).unwrap_or_else(|_| fast_paths::prepare(&input))
        });
    }

    /// True once [`prepare_fast`](Self::prepare_fast) has run for this metric.
    pub fn has_fast(&self, m: Metric) -> bool {
        self.fast.graphs[m.index()].get().is_some()
    }

    /// The node order of the prepared hierarchy, to store and reuse.
    pub fn fast_order(&self, m: Metric) -> Option<Vec<usize>> {
        self.fast.graphs[m.index()].get().map(FastGraph::get_node_ordering)
    }

    /// The node sequence of the cheapest path from any source to any target, each with an
    /// initial cost; `None` when unreachable or not prepared.
    pub(crate) fn fast_path(
        &self,
        m: Metric,
        sources: Vec<(usize, usize)>,
        targets: Vec<(usize, usize)>,
    ) -> Option<Vec<usize>> {
        let graph = self.fast.graphs[m.index()].get()?;
        if sources.is_empty() || targets.is_empty() {
            return None;
        }
        let pool = &self.fast.calculators[m.index()];
        let mut calc =
            pool.lock().ok().and_then(|mut p| p.pop()).unwrap_or_else(|| fast_paths::create_calculator(graph));
        let path = calc.calc_path_multiple_sources_and_targets(graph, sources, targets);
        if let Ok(mut p) = pool.lock() {
            p.push(calc);
        }
        path.map(|p| p.get_nodes().clone())
    }
}

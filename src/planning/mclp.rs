//! Maximal covering (MCLP) on a reduced [`Cover`]: greedy + interchange, the Lagrangian bound,
//! and branch-and-bound on it.
//!
//! The relaxation dualises "row k is covered only if a chosen column covers it" with
//! multipliers 0 ≤ λ_k ≤ w_k (Galvão & ReVelle 1996, "A Lagrangean heuristic for the maximal
//! covering location problem", *EJOR* 88:114–123):
//!   L(λ) = Σ_k max(0, w_k − λ_k) + (sum of the q largest C_j), C_j = Σ_{k ∈ rows(j)} λ_k.
//! Its minimum equals the LP relaxation's optimum. It is an upper bound on the coverage at any
//! λ, costs one pass over the matrix, and tells which columns can be fixed: a column outside
//! the q largest whose forced entry cannot beat the incumbent is closed, one inside whose
//! removal cannot is opened (the classic Lagrangian fixing tests).

use super::cover::Cover;
use super::search::{Halt, Incumbent, Limits, Subgradient, Visit, all_integer, ascend, depth_first};

/// A selection of columns with per-row cover counts, for greedy and interchange moves.
struct State<'a> {
    cover: &'a Cover,
    count: Vec<u32>,
    /// Weight newly covered if the column were added.
    gain: Vec<f64>,
    open: Vec<bool>,
    value: f64,
}

impl<'a> State<'a> {
    fn new(cover: &'a Cover) -> Self {
        let gain = cover.col_rows.iter().map(|rows| rows.iter().map(|&k| cover.weight[k as usize]).sum()).collect();
        Self { cover, count: vec![0; cover.n_rows()], gain, open: vec![false; cover.n_cols()], value: 0.0 }
    }

    fn add(&mut self, j: usize) {
        self.open[j] = true;
        for &k in &self.cover.col_rows[j] {
            let k = k as usize;
            self.count[k] += 1;
            if self.count[k] == 1 {
                let w = self.cover.weight[k];
                self.value += w;
                for &c in &self.cover.row_cols[k] {
                    self.gain[c as usize] -= w;
                }
            }
        }
    }

    fn remove(&mut self, j: usize) {
        self.open[j] = false;
        for &k in &self.cover.col_rows[j] {
            let k = k as usize;
            self.count[k] -= 1;
            if self.count[k] == 0 {
                let w = self.cover.weight[k];
                self.value -= w;
                for &c in &self.cover.row_cols[k] {
                    self.gain[c as usize] += w;
                }
            }
        }
    }

    fn selected(&self) -> Vec<usize> {
        (0..self.open.len()).filter(|&j| self.open[j]).collect()
    }
}

/// Greedy (most new weight first) to `p` columns, then best-improvement interchange of one
/// column for another (Teitz & Bart 1968, "Heuristic methods for estimating the generalized
/// vertex median of a weighted graph", *Operations Research* 16(5):955–961, applied to
/// coverage). Returns (columns, covered weight).
pub(crate) fn heuristic(cover: &Cover, p: usize, halt: &Halt) -> (Vec<usize>, f64) {
    let mut s = State::new(cover);
    let p = p.min(cover.n_cols());
    for _ in 0..p {
        let best = (0..cover.n_cols())
            .filter(|&j| !s.open[j])
            .max_by(|&a, &b| s.gain[a].total_cmp(&s.gain[b]).then(b.cmp(&a)));
        match best {
            Some(j) => s.add(j),
            None => break,
        }
    }
    interchange(&mut s, &vec![false; cover.n_cols()], &|_| true, halt);
    (s.selected(), s.value)
}

/// Interchange from `start`, keeping the `fixed` columns and never opening `banned` ones.
fn improve(cover: &Cover, start: &[usize], fixed: &[usize], banned: &[bool], halt: &Halt) -> (Vec<usize>, f64) {
    let mut s = State::new(cover);
    for &j in start {
        s.add(j);
    }
    let mut keep = vec![false; cover.n_cols()];
    for &j in fixed {
        keep[j] = true;
    }
    interchange(&mut s, &keep, &|j| !banned[j], halt);
    (s.selected(), s.value)
}

/// Repeats the best improving swap (one open column out, one closed column in) until none
/// improves. For each column out, the columns in are scored at once: their gain plus the
/// weight only the outgoing column covered that they cover too.
fn interchange(s: &mut State, fixed: &[bool], allowed: &impl Fn(usize) -> bool, halt: &Halt) {
    let cover = s.cover;
    let mut extra = vec![0.0; cover.n_cols()];
    let mut touched: Vec<usize> = Vec::new();
    loop {
        if halt.due() {
            return;
        }
        let tol = 1e-9 * s.value.abs().max(1.0);
        let mut best: Option<(f64, usize, usize)> = None;
        for out in (0..cover.n_cols()).filter(|&j| s.open[j] && !fixed[j]) {
            let mut loss = 0.0;
            for &k in &cover.col_rows[out] {
                let k = k as usize;
                if s.count[k] == 1 {
                    let w = cover.weight[k];
                    loss += w;
                    for &c in &cover.row_cols[k] {
                        let c = c as usize;
                        if extra[c] == 0.0 {
                            touched.push(c);
                        }
                        extra[c] += w;
                    }
                }
            }
            for j in (0..cover.n_cols()).filter(|&j| !s.open[j] && allowed(j)) {
                let delta = s.gain[j] + extra[j] - loss;
                if delta > tol && best.is_none_or(|(d, _, _)| delta > d) {
                    best = Some((delta, out, j));
                }
            }
            for c in touched.drain(..) {
                extra[c] = 0.0;
            }
        }
        match best {
            Some((_, out, j)) => {
                s.remove(out);
                s.add(j);
            }
            None => return,
        }
    }
}

/// A branch-and-bound node: columns fixed open and closed, and warm-start multipliers.
#[derive(Clone)]
struct Node {
    open: Vec<usize>,
    closed: Vec<bool>,
    lambda: Vec<f64>,
}

/// The Lagrangian bound of a node and the columns its relaxation opens.
struct Bound {
    upper: f64,
    /// Free columns by C_j, largest first, with their C_j.
    ranked: Vec<(usize, f64)>,
    q: usize,
}

/// Everything the node bound needs, reused across nodes.
struct Relaxation<'a> {
    cover: &'a Cover,
    p: usize,
}

impl Relaxation<'_> {
    /// Rows covered by the node's open columns, their weight, and the free columns.
    fn frame(&self, node: &Node) -> (Vec<bool>, f64, Vec<usize>, usize) {
        let mut fixed = vec![false; self.cover.n_rows()];
        let mut weight = 0.0;
        let mut is_open = vec![false; self.cover.n_cols()];
        for &j in &node.open {
            is_open[j] = true;
            for &k in &self.cover.col_rows[j] {
                if !fixed[k as usize] {
                    fixed[k as usize] = true;
                    weight += self.cover.weight[k as usize];
                }
            }
        }
        let free: Vec<usize> = (0..self.cover.n_cols()).filter(|&j| !is_open[j] && !node.closed[j]).collect();
        let q = self.p.saturating_sub(node.open.len()).min(free.len());
        (fixed, weight, free, q)
    }

    /// L(λ) at the node; fills `g` with the negated subgradient direction (so that ascent on
    /// −L works), and returns (L, columns ranked by C_j).
    fn lagrangian(
        &self,
        fixed: &[bool],
        fixed_weight: f64,
        free: &[usize],
        q: usize,
        lambda: &[f64],
        g: Option<&mut [f64]>,
    ) -> (f64, Vec<(usize, f64)>) {
        let cover = self.cover;
        let mut value = fixed_weight;
        for k in 0..cover.n_rows() {
            if !fixed[k] {
                value += (cover.weight[k] - lambda[k]).max(0.0);
            }
        }
        let mut ranked: Vec<(usize, f64)> = free
            .iter()
            .map(|&j| {
                let c: f64 =
                    cover.col_rows[j].iter().filter(|&&k| !fixed[k as usize]).map(|&k| lambda[k as usize]).sum();
                (j, c)
            })
            .collect();
        if q < ranked.len() && q > 0 {
            ranked.select_nth_unstable_by(q - 1, |a, b| b.1.total_cmp(&a.1));
        }
        ranked[..q].sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        value += ranked[..q].iter().map(|(_, c)| c).sum::<f64>();
        if let Some(g) = g {
            // d(−L)/dλ_k = y_k − #chosen columns covering k, with y_k = [w_k > λ_k].
            for k in 0..cover.n_rows() {
                if !fixed[k] && cover.weight[k] > lambda[k] {
                    g[k] = 1.0;
                }
            }
            for &(j, _) in &ranked[..q] {
                for &k in &cover.col_rows[j] {
                    if !fixed[k as usize] {
                        g[k as usize] -= 1.0;
                    }
                }
            }
        }
        (value, ranked)
    }

    /// Minimises L over λ from the node's warm start, stopping once the bound prunes.
    fn bound(&self, node: &mut Node, incumbent: &Incumbent, iterations: usize) -> Bound {
        let (fixed, fixed_weight, free, q) = self.frame(node);
        let cover = self.cover;
        let settings = Subgradient { iterations, pi: 1.0, patience: 10 };
        // The ascent maximises −L; the incumbent is stored negated too.
        ascend(
            &mut node.lambda,
            incumbent.value,
            settings,
            |lambda, g| -self.lagrangian(&fixed, fixed_weight, &free, q, lambda, Some(g)).0,
            |k, v| v.clamp(0.0, cover.weight[k]),
            |best| !incumbent.improvable(best),
        );
        let (upper, mut ranked) = self.lagrangian(&fixed, fixed_weight, &free, q, &node.lambda, None);
        let rest = ranked.split_off(q);
        let mut tail = rest;
        tail.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
        ranked.extend(tail);
        Bound { upper, ranked, q }
    }
}

/// The outcome of the exact search: the best columns, their coverage, an upper bound on the
/// optimum (equal to `value` when proven), the nodes explored and why it stopped early, if it did.
pub(crate) struct Exact {
    pub cols: Vec<usize>,
    pub bound: f64,
    pub nodes: u64,
    pub stop: Option<super::search::Stop>,
}

/// Branch-and-bound for MCLP on `cover` with `p` columns, started from a known solution.
pub(crate) fn exact(cover: &Cover, p: usize, start: (Vec<usize>, f64), limits: &Limits) -> Exact {
    let p = p.min(cover.n_cols());
    let step = if all_integer(cover.weight.iter().copied()) { 1.0 } else { 0.0 };
    let mut incumbent = Incumbent::new(step);
    incumbent.offer(-start.1, &start.0);
    let relax = Relaxation { cover, p };
    let root = root_node(cover);
    let mut root_bound = f64::INFINITY;
    let mut first = true;
    let end = depth_first(root, &mut incumbent, limits, "MCLP branch and bound", |node, inc| {
        let iterations = if first { 1000 } else { 100 };
        let is_root = std::mem::replace(&mut first, false);
        // Bound, fix what the bound allows, and bound again while fixing changes something.
        for _round in 0..4 {
            let b = relax.bound(node, inc, iterations);
            if is_root {
                root_bound = root_bound.min(b.upper);
            }
            if !inc.improvable(-b.upper) {
                return (-b.upper, Visit::Pruned);
            }
            // The relaxation's columns are a feasible choice: offer them.
            let chosen: Vec<usize> = node.open.iter().copied().chain(b.ranked[..b.q].iter().map(|(j, _)| *j)).collect();
            let value = cover.covered_by(&chosen);
            inc.offer(-value, &chosen);
            if value > -inc.value - 0.01 * b.upper {
                let (cols, v) = improve(cover, &chosen, &node.open, &node.closed, &limits.halt());
                inc.offer(-v, &cols);
            }
            if !inc.improvable(-b.upper) || (b.upper - value) <= inc.tolerance() {
                return (-b.upper, Visit::Solved);
            }
            let changed = fix(node, &b, inc);
            if !changed {
                return (-b.upper, branch(node, &b));
            }
        }
        let b = relax.bound(node, inc, iterations);
        (-b.upper, if inc.improvable(-b.upper) { branch(node, &b) } else { Visit::Pruned })
    });
    let bound = (-end.bound).min(root_bound);
    let cols = incumbent.open.clone();
    Exact { cols, bound: bound.max(-incumbent.value), nodes: end.nodes, stop: end.stop }
}

/// The Lagrangian fixing tests; returns whether a column was fixed.
fn fix(node: &mut Node, b: &Bound, inc: &Incumbent) -> bool {
    let q = b.q;
    if q == 0 || b.ranked.len() <= q {
        // Every free column is chosen (or none is): open them all, nothing to decide.
        if q > 0 {
            node.open.extend(b.ranked.iter().map(|(j, _)| *j));
            return true;
        }
        return false;
    }
    let cq = b.ranked[q - 1].1;
    let cnext = b.ranked[q].1;
    let mut changed = false;
    let mut open_now = Vec::new();
    for (pos, &(j, c)) in b.ranked.iter().enumerate() {
        if pos < q {
            // Without j the bound drops to L − C_j + C_(q+1).
            if !inc.improvable(-(b.upper - c + cnext)) {
                open_now.push(j);
            }
        } else if !inc.improvable(-(b.upper - cq + c)) {
            node.closed[j] = true;
            changed = true;
        }
    }
    if !open_now.is_empty() {
        node.open.extend(open_now);
        changed = true;
    }
    changed
}

/// Branches on the chosen free column the relaxation is least sure of (the q-th largest C_j):
/// open it first, then close it. On the benchmark city with p = 15 this needs 9 nodes where
/// branching on the largest C_j needs 75.
fn branch(node: &Node, b: &Bound) -> Visit<Node> {
    let Some(&(j, _)) = b.q.checked_sub(1).and_then(|i| b.ranked.get(i)) else {
        return Visit::Pruned;
    };
    let mut with = node.clone();
    with.open.push(j);
    let mut without = node.clone();
    without.closed[j] = true;
    Visit::Branch(vec![with, without])
}

/// The heuristic's second phase: rounds of subgradient steps on the root relaxation, each
/// followed by an interchange from the relaxation's own choice of columns (a Lagrangian
/// heuristic). Returns the best (columns, coverage) and the upper bound on the optimum.
pub(crate) fn lagrangian_heuristic(
    cover: &Cover,
    p: usize,
    start: (Vec<usize>, f64),
    halt: &Halt,
) -> (Vec<usize>, f64, f64) {
    let p = p.min(cover.n_cols());
    let step = if all_integer(cover.weight.iter().copied()) { 1.0 } else { 0.0 };
    let mut incumbent = Incumbent::new(step);
    incumbent.offer(-start.1, &start.0);
    let relax = Relaxation { cover, p };
    let mut node = root_node(cover);
    let mut upper = f64::INFINITY;
    for _round in 0..4 {
        let b = relax.bound(&mut node, &incumbent, 100);
        upper = upper.min(b.upper);
        if !incumbent.improvable(-upper) || halt.due() {
            break;
        }
        let chosen: Vec<usize> = b.ranked[..b.q].iter().map(|(j, _)| *j).collect();
        let (cols, value) = improve(cover, &chosen, &[], &node.closed, halt);
        incumbent.offer(-value, &cols);
    }
    let value = -incumbent.value;
    // With integer weights the optimum is an integer: the bound rounds down.
    let upper = if step > 0.0 { (upper + incumbent.tolerance()).floor() } else { upper };
    (incumbent.open, value, upper.max(value))
}

fn root_node(cover: &Cover) -> Node {
    Node {
        open: Vec::new(),
        closed: vec![false; cover.n_cols()],
        lambda: cover.weight.iter().map(|w| 0.5 * w).collect(),
    }
}

//! OR-Library p-median instances (Beasley 1985, "A note on solving large p-median problems",
//! *EJOR* 21:270–273; files `pmed1`…`pmed40`): the benchmark format the literature reports
//! optima for, read into a [`Problem`] whose every node is a demand point of weight 1 and a
//! candidate site, with shortest-path costs.
//!
//! Format: a first line `n edges p`, then one `i j cost` line per undirected edge (nodes
//! numbered from 1). OR-Library's notes say that when an edge appears twice the last cost
//! counts.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use super::costs::CostMatrix;
use super::error::PlanningError;
use super::problem::{Demand, Problem, Site};

/// An undirected graph with non-negative integer edge costs.
#[derive(Debug, Clone)]
pub struct Graph {
    pub nodes: usize,
    /// (from, to, cost), 0-based, each edge once.
    pub edges: Vec<(usize, usize, u32)>,
}

/// Parses an OR-Library p-median file: the graph and p.
pub fn parse_pmed(text: &str) -> Result<(Graph, usize), PlanningError> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let bad = |line: usize, what: &str| PlanningError::Input(format!("line {}: {what}", line + 1));
    let numbers = |line: usize, l: &str| -> Result<Vec<u64>, PlanningError> {
        l.split_whitespace()
            .map(|t| t.parse::<u64>().map_err(|_| bad(line, &format!("\"{t}\" is not a number"))))
            .collect()
    };
    let (first, head) = lines.next().ok_or_else(|| PlanningError::Input("the file is empty".into()))?;
    let head = numbers(first, head)?;
    let [n, m, p] = head[..] else {
        return Err(bad(first, "expected \"nodes edges p\""));
    };
    let mut last: HashMap<(usize, usize), u32> = HashMap::new();
    let mut order = Vec::new();
    for (line, l) in lines {
        let v = numbers(line, l)?;
        let [i, j, c] = v[..] else {
            return Err(bad(line, "expected \"i j cost\""));
        };
        if i == 0 || j == 0 || i > n || j > n {
            return Err(bad(line, &format!("node outside 1..{n}")));
        }
        let key = ((i.min(j) - 1) as usize, (i.max(j) - 1) as usize);
        let cost = u32::try_from(c).map_err(|_| bad(line, "cost too large"))?;
        if last.insert(key, cost).is_none() {
            order.push(key);
        }
    }
    if order.len() as u64 != m {
        // Duplicated edges make fewer distinct edges than announced; that is allowed.
        if order.len() as u64 > m {
            return Err(PlanningError::Input(format!("{} edges, more than the {m} announced", order.len())));
        }
    }
    let edges = order.iter().map(|&(a, b)| (a, b, last[&(a, b)])).collect();
    Ok((Graph { nodes: n as usize, edges }, p as usize))
}

impl Graph {
    /// All-pairs shortest path costs (Dijkstra from every node); `None` when unreachable.
    pub fn distances(&self) -> Vec<Vec<Option<u64>>> {
        let mut adj = vec![Vec::new(); self.nodes];
        for &(a, b, c) in &self.edges {
            adj[a].push((b, u64::from(c)));
            adj[b].push((a, u64::from(c)));
        }
        (0..self.nodes)
            .map(|s| {
                let mut dist = vec![None; self.nodes];
                let mut heap = BinaryHeap::new();
                dist[s] = Some(0);
                heap.push(Reverse((0u64, s)));
                while let Some(Reverse((d, u))) = heap.pop() {
                    if dist[u].is_some_and(|x| x < d) {
                        continue;
                    }
                    for &(v, c) in &adj[u] {
                        let nd = d + c;
                        if dist[v].is_none_or(|x| nd < x) {
                            dist[v] = Some(nd);
                            heap.push(Reverse((nd, v)));
                        }
                    }
                }
                dist
            })
            .collect()
    }

    /// The p-median problem on this graph: every node a demand point of weight 1 and a
    /// candidate, ids "1"…"n".
    pub fn problem(&self) -> Result<Problem, PlanningError> {
        let d = self.distances();
        let demand = (0..self.nodes).map(|i| Demand { id: (i + 1).to_string(), weight: 1.0, at: None }).collect();
        let sites = (0..self.nodes).map(|i| Site { id: (i + 1).to_string(), at: None }).collect();
        let costs = CostMatrix::from_fn(self.nodes, self.nodes, |i, j| d[j][i].map(|x| x as f64))?;
        Problem::new(demand, sites, Vec::new(), costs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_duplicate_edge_wins_and_distances_follow_paths() {
        let (g, p) = parse_pmed(" 3 3 1\n 1 2 5\n 2 3 1\n 1 2 2 \n").unwrap();
        assert_eq!(p, 1);
        assert_eq!(g.edges, vec![(0, 1, 2), (1, 2, 1)]);
        let d = g.distances();
        assert_eq!(d[0][2], Some(3));
        assert!(parse_pmed("3 2 1\n1 4 5\n").is_err());
    }
}

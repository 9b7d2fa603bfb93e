//! From raw ways to a road network: ways are cut into segments at junctions (nodes used by more
//! than one way, or twice by one), clipped where they leave the box, one-way segments turned to
//! their direction of travel; only the largest strongly connected component is kept — from
//! anywhere in it an appliance can reach anywhere else — and the rest is reported as islands.

use std::collections::{BTreeMap, HashMap};

use super::network::{BuildSummary, Island, Islands, RoadNetwork, Segment, piece_length_m};
use super::profile::Direction;
use super::source::RawRoads;
use crate::model::LonLat;
use crate::progress::Progress;

const NONE: u32 = u32::MAX;

/// A segment before the connectivity filter, with node ids in build numbering.
struct Draft {
    seg: Segment,
    coords: Vec<LonLat>,
}

/// Builds the network. An empty network (no road in the box) is not an error here; the caller
/// says which file and box it was.
pub fn build(raw: RawRoads, progress: &dyn Progress) -> Result<RoadNetwork, super::RoutingError> {
    let RawRoads { ways, nodes, road_ways, skipped_class } = raw;
    progress.begin("构建路网", None);

    // Runs: the stretches of each way whose nodes are present (inside the box).
    let mut run_slots: Vec<u32> = Vec::new();
    let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, way)
    for (wi, w) in ways.iter().enumerate() {
        let mut start = run_slots.len();
        for r in &w.refs {
            let slot = nodes.slot(*r).filter(|s| nodes.pos(*s).is_some());
            match slot {
                Some(s) => {
                    let s = s as u32;
                    if run_slots.len() > start && run_slots.last() == Some(&s) {
                        continue;
                    }
                    run_slots.push(s);
                }
                None => {
                    if run_slots.len() - start >= 2 {
                        runs.push((start, run_slots.len(), wi));
                    } else {
                        run_slots.truncate(start);
                    }
                    start = run_slots.len();
                }
            }
        }
        if run_slots.len() - start >= 2 {
            runs.push((start, run_slots.len(), wi));
        } else {
            run_slots.truncate(start);
        }
    }

    // Junctions: used twice or more, or the end of a run.
    let mut uses = vec![0u8; nodes.len()];
    for &(a, b, _) in &runs {
        for &s in &run_slots[a..b] {
            let u = &mut uses[s as usize];
            *u = u.saturating_add(1);
        }
        uses[run_slots[a] as usize] = 2;
        uses[run_slots[b - 1] as usize] = 2;
    }
    // A stretch that starts and ends at the same junction (a closed loop) gets its middle vertex
    // as a junction, so no segment is a self-loop.
    for &(a, b, _) in &runs {
        let mut last = a;
        for i in a + 1..b {
            if uses[run_slots[i] as usize] >= 2 {
                if run_slots[i] == run_slots[last] && i - last >= 2 {
                    let mid = (last + i) / 2;
                    uses[run_slots[mid] as usize] = 2;
                }
                last = i;
            }
        }
    }
    let mut node_of_slot = vec![NONE; nodes.len()];
    let mut node_pos: Vec<LonLat> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut name_ids: HashMap<String, u32> = HashMap::new();
    let mut drafts: Vec<Draft> = Vec::new();
    for (k, &(a, b, wi)) in runs.iter().enumerate() {
        if k % 65_536 == 0 {
            progress.set(k as u64);
            if progress.cancelled() {
                return Err(super::RoutingError::Cancelled);
            }
        }
        let way = &ways[wi];
        let name = match &way.name {
            Some(n) => *name_ids.entry(n.clone()).or_insert_with(|| {
                names.push(n.clone());
                (names.len() - 1) as u32
            }),
            None => NONE,
        };
        let mut node_id = |slot: u32, node_pos: &mut Vec<LonLat>| {
            let id = &mut node_of_slot[slot as usize];
            if *id == NONE {
                *id = node_pos.len() as u32;
                node_pos.push(nodes.pos(slot as usize).unwrap_or(LonLat::new(0.0, 0.0)));
            }
            *id
        };
        let mut start = a;
        for i in a + 1..b {
            if uses[run_slots[i] as usize] < 2 {
                continue;
            }
            let coords: Vec<LonLat> = run_slots[start..=i].iter().filter_map(|s| nodes.pos(*s as usize)).collect();
            let length_m: f64 = coords.windows(2).map(|w| piece_length_m(w[0], w[1])).sum();
            if length_m > 0.0 {
                let from = node_id(run_slots[start], &mut node_pos);
                let to = node_id(run_slots[i], &mut node_pos);
                let mut d = Draft {
                    seg: Segment {
                        from,
                        to,
                        class: way.attrs.class,
                        direction: way.attrs.direction,
                        maxspeed_kmh: way.attrs.maxspeed_kmh,
                        length_m,
                        way_id: way.id,
                        name,
                    },
                    coords,
                };
                if d.seg.direction == Direction::Backward {
                    d.coords.reverse();
                    std::mem::swap(&mut d.seg.from, &mut d.seg.to);
                    d.seg.direction = Direction::Forward;
                }
                drafts.push(d);
            }
            start = i;
        }
    }
    drop(ways);
    drop(run_slots);
    drop(node_of_slot);

    let comp = components(node_pos.len(), &drafts);
    let (keep, islands) = largest(&comp, &drafts, &node_pos);
    let mut net = assemble(node_pos, drafts, names, &comp, keep);
    net.summary.road_ways = road_ways;
    net.summary.skipped_class = skipped_class;
    net.summary.islands = islands;
    Ok(net)
}

/// Strongly connected component of every node (iterative Tarjan).
fn components(n: usize, drafts: &[Draft]) -> Vec<u32> {
    let mut deg = vec![0u32; n + 1];
    for d in drafts {
        deg[d.seg.from as usize + 1] += 1;
        if d.seg.direction == Direction::Both {
            deg[d.seg.to as usize + 1] += 1;
        }
    }
    for i in 0..n {
        deg[i + 1] += deg[i];
    }
    let first = deg.clone();
    let mut fill = deg;
    let mut head = vec![0u32; first[n] as usize];
    for d in drafts {
        let (f, t) = (d.seg.from as usize, d.seg.to as usize);
        head[fill[f] as usize] = t as u32;
        fill[f] += 1;
        if d.seg.direction == Direction::Both {
            head[fill[t] as usize] = f as u32;
            fill[t] += 1;
        }
    }
    let mut index = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![NONE; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut calls: Vec<(u32, u32)> = Vec::new();
    let (mut counter, mut ncomp) = (0u32, 0u32);
    for s in 0..n as u32 {
        if index[s as usize] != NONE {
            continue;
        }
        index[s as usize] = counter;
        low[s as usize] = counter;
        counter += 1;
        stack.push(s);
        on_stack[s as usize] = true;
        calls.push((s, first[s as usize]));
        while let Some(&(v, e)) = calls.last() {
            let vi = v as usize;
            if e < first[vi + 1] {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                let w = head[e as usize];
                let wi = w as usize;
                if index[wi] == NONE {
                    index[wi] = counter;
                    low[wi] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[wi] = true;
                    calls.push((w, first[wi]));
                } else if on_stack[wi] {
                    low[vi] = low[vi].min(index[wi]);
                }
            } else {
                calls.pop();
                if let Some(&(u, _)) = calls.last() {
                    low[u as usize] = low[u as usize].min(low[vi]);
                }
                if low[vi] == index[vi] {
                    while let Some(w) = stack.pop() {
                        on_stack[w as usize] = false;
                        comp[w as usize] = ncomp;
                        if w == v {
                            break;
                        }
                    }
                    ncomp += 1;
                }
            }
        }
    }
    comp
}

/// The component with the most road length, and what the others add up to.
fn largest(comp: &[u32], drafts: &[Draft], node_pos: &[LonLat]) -> (u32, Islands) {
    // A segment belongs to a component when both ends do.
    let mut by_comp: BTreeMap<u32, (usize, f64, u32)> = BTreeMap::new();
    for d in drafts {
        let (a, b) = (comp[d.seg.from as usize], comp[d.seg.to as usize]);
        if a == b {
            let e = by_comp.entry(a).or_insert((0, 0.0, d.seg.from));
            e.0 += 1;
            e.1 += d.seg.length_m;
        }
    }
    let keep = by_comp.iter().max_by(|a, b| a.1.1.total_cmp(&b.1.1).then(b.0.cmp(a.0))).map_or(NONE, |(c, _)| *c);
    // Dropped segments, by the component they hang from (a one-way spur counts as its own).
    let mut dropped: BTreeMap<u32, (usize, f64, u32)> = BTreeMap::new();
    for d in drafts {
        let (a, b) = (comp[d.seg.from as usize], comp[d.seg.to as usize]);
        if a == keep && b == keep {
            continue;
        }
        let (c, node) = if b != keep { (b, d.seg.to) } else { (a, d.seg.from) };
        let e = dropped.entry(c).or_insert((0, 0.0, node));
        e.0 += 1;
        e.1 += d.seg.length_m;
    }
    let islands = Islands {
        count: dropped.len(),
        segments: dropped.values().map(|v| v.0).sum(),
        length_km: dropped.values().fold(0.0, |acc, v| acc + v.1) / 1000.0,
        largest: dropped.iter().max_by(|a, b| a.1.1.total_cmp(&b.1.1).then(b.0.cmp(a.0))).map(|(_, &(n, m, node))| {
            Island {
                segments: n,
                length_km: m / 1000.0,
                at: node_pos.get(node as usize).copied().unwrap_or(LonLat::new(0.0, 0.0)),
            }
        }),
    };
    (keep, islands)
}

/// Interleaves the bits of two 16-bit values (Z-order), for cache-friendly node numbering.
fn morton(x: u16, y: u16) -> u32 {
    fn spread(v: u16) -> u32 {
        let mut v = u32::from(v);
        v = (v | (v << 8)) & 0x00FF_00FF;
        v = (v | (v << 4)) & 0x0F0F_0F0F;
        v = (v | (v << 2)) & 0x3333_3333;
        (v | (v << 1)) & 0x5555_5555
    }
    spread(x) | (spread(y) << 1)
}

/// Keeps the chosen component, numbers its nodes along a Z-order curve (nearby junctions get
/// nearby numbers, which keeps searches in cache) and lays segments out in node order.
fn assemble(node_pos: Vec<LonLat>, drafts: Vec<Draft>, names: Vec<String>, comp: &[u32], keep: u32) -> RoadNetwork {
    let kept: Vec<u32> = (0..node_pos.len() as u32).filter(|&i| comp[i as usize] == keep).collect();
    let (mut w, mut s, mut e, mut n) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &i in &kept {
        let p = node_pos[i as usize];
        (w, s, e, n) = (w.min(p.lon), s.min(p.lat), e.max(p.lon), n.max(p.lat));
    }
    let q = |v: f64, lo: f64, hi: f64| if hi > lo { ((v - lo) / (hi - lo) * 65_535.0) as u16 } else { 0 };
    let mut order: Vec<(u32, u32)> = kept
        .iter()
        .map(|&i| {
            let p = node_pos[i as usize];
            (morton(q(p.lon, w, e), q(p.lat, s, n)), i)
        })
        .collect();
    order.sort_unstable();
    let mut new_id = vec![NONE; node_pos.len()];
    let mut nodes = Vec::with_capacity(order.len());
    for (k, (_, i)) in order.iter().enumerate() {
        new_id[*i as usize] = k as u32;
        nodes.push(node_pos[*i as usize]);
    }
    let mut drafts: Vec<Draft> = drafts
        .into_iter()
        .filter(|d| comp[d.seg.from as usize] == keep && comp[d.seg.to as usize] == keep)
        .map(|mut d| {
            d.seg.from = new_id[d.seg.from as usize];
            d.seg.to = new_id[d.seg.to as usize];
            d
        })
        .collect();
    drafts.sort_by_key(|d| (d.seg.from, d.seg.to, d.seg.way_id));
    let mut segments = Vec::with_capacity(drafts.len());
    let mut geom_first = Vec::with_capacity(drafts.len() + 1);
    let mut coords = Vec::with_capacity(drafts.iter().map(|d| d.coords.len()).sum());
    let mut summary = BuildSummary { nodes: nodes.len(), ..Default::default() };
    for d in drafts {
        geom_first.push(coords.len() as u32);
        coords.extend(d.coords);
        summary.segments += 1;
        summary.length_km += d.seg.length_m / 1000.0;
        if d.seg.direction != Direction::Both {
            summary.oneway_segments += 1;
        }
        segments.push(d.seg);
    }
    geom_first.push(coords.len() as u32);
    RoadNetwork { nodes, segments, geom_first, coords, names, summary }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::profile::{RoadClass, WayAttrs};
    use crate::routing::source::{NodeTable, RawWay};

    fn way(id: i64, refs: &[i64], direction: Direction) -> RawWay {
        RawWay {
            id,
            attrs: WayAttrs { class: RoadClass::Residential, direction, maxspeed_kmh: None },
            name: None,
            refs: refs.to_vec(),
        }
    }

    fn grid_nodes() -> NodeTable {
        // 1 - 2 - 3
        // |       |
        // 4 - 5 - 6      7 (off on its own, reached by a one-way spur from 6)
        let p = |id, x: f64, y: f64| (id, LonLat::new(114.0 + x * 0.001, 36.0 + y * 0.001));
        NodeTable::new(vec![
            p(1, 0., 1.),
            p(2, 1., 1.),
            p(3, 2., 1.),
            p(4, 0., 0.),
            p(5, 1., 0.),
            p(6, 2., 0.),
            p(7, 3., 0.),
        ])
    }

    #[test]
    fn splits_at_junctions_and_drops_one_way_dead_ends() {
        let raw = RawRoads {
            ways: vec![
                way(10, &[1, 2, 3], Direction::Both),
                way(11, &[4, 5, 6], Direction::Both),
                way(12, &[1, 4], Direction::Both),
                way(13, &[3, 6], Direction::Forward),
                way(14, &[6, 7], Direction::Forward),
            ],
            nodes: grid_nodes(),
            road_ways: 5,
            skipped_class: 0,
        };
        let net = build(raw, &crate::progress::Silent).unwrap();
        // 2 and 5 are not junctions (used by one way, not at an end), so the ring is 4 segments
        // over nodes 1, 3, 4, 6; the spur 6→7 is a one-way dead end and goes.
        assert_eq!(net.node_count(), 4);
        assert_eq!(net.segment_count(), 4);
        assert_eq!(net.summary.islands.segments, 1);
        assert_eq!(net.summary.islands.count, 1);
        assert_eq!(net.summary.oneway_segments, 1);
    }

    #[test]
    fn reverse_one_way_is_turned_and_loops_are_split() {
        let raw = RawRoads {
            ways: vec![way(20, &[1, 2, 5, 4, 1], Direction::Backward)],
            nodes: grid_nodes(),
            road_ways: 1,
            skipped_class: 0,
        };
        let net = build(raw, &crate::progress::Silent).unwrap();
        assert_eq!(net.segment_count(), 2);
        assert!(net.segments().iter().all(|s| s.direction == Direction::Forward && s.from != s.to));
        // Stored in travel direction: the way ran 1→2→5→4→1 against its -1, so travel is 1→4→5→2→1.
        let g = net.geometry(0);
        assert!(g.len() >= 2);
    }

    #[test]
    fn nodes_outside_the_box_cut_ways() {
        let mut nodes = grid_nodes();
        nodes = NodeTable::from_sorted(
            (1..=7).collect(),
            (1..=7).map(|i| if i == 2 { LonLat::new(f64::NAN, f64::NAN) } else { nodes.pos(i - 1).unwrap() }).collect(),
        );
        let raw = RawRoads { ways: vec![way(30, &[1, 2, 3], Direction::Both)], nodes, road_ways: 1, skipped_class: 0 };
        let net = build(raw, &crate::progress::Silent).unwrap();
        assert!(net.is_empty());
    }
}

//! Label placement: every layer proposes labels, and they are placed together, most important
//! first, each in the first of a few positions around its anchor where it overlaps neither a
//! placed label nor a symbol it must keep clear of. Labels that fit nowhere are left out, so
//! text never piles up however dense the map.

use super::LayerFrame;
use super::display::{Align, DisplayList, Str, Text};
use super::style::{Palette, Rgba};
use super::text;
use super::view::{MapView, Screen};

/// Where a label may go relative to its anchor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Placement {
    /// Beside a point symbol of this radius: right, left, above, below, then the corners.
    Around { radius: f32 },
    /// Centred on the anchor (area names), or one line above or below it.
    Centre,
}

/// A label a layer would like to show.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelCandidate {
    pub at: Screen,
    pub placement: Placement,
    pub text: Str,
    pub size: f32,
    pub colour: Rgba,
    /// Higher places first.
    pub priority: f32,
    /// Keeps clear of symbols whose rank is at least this.
    pub rank: u8,
}

/// A symbol's box that labels keep clear of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Obstacle {
    pub min: Screen,
    pub max: Screen,
    pub rank: u8,
}

/// Symbol ranks: labels avoid symbols of their own rank and above.
pub mod rank {
    pub const AREA: u8 = 0;
    pub const ENTERPRISE: u8 = 1;
    pub const RESOURCE: u8 = 2;
    pub const STATION: u8 = 3;
}

const CELL: f32 = 48.0;
const PAD: f32 = 1.5;

/// Reusable placement state (a grid of occupied boxes).
#[derive(Debug, Default)]
pub struct Placer {
    boxes: Vec<([f32; 4], u8)>,
    grid: std::collections::HashMap<(i32, i32), Vec<u32>>,
    order: Vec<(usize, usize)>,
    /// Labels placed in the last frame (for tests and benchmarks).
    pub placed: usize,
}

impl Placer {
    fn cells(b: &[f32; 4]) -> impl Iterator<Item = (i32, i32)> {
        let (x0, y0) = ((b[0] / CELL).floor() as i32, (b[1] / CELL).floor() as i32);
        let (x1, y1) = ((b[2] / CELL).floor() as i32, (b[3] / CELL).floor() as i32);
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    fn insert(&mut self, b: [f32; 4], rank: u8) {
        let i = self.boxes.len() as u32;
        self.boxes.push((b, rank));
        for c in Self::cells(&b) {
            self.grid.entry(c).or_default().push(i);
        }
    }

    fn free(&self, b: &[f32; 4], min_rank: u8) -> bool {
        Self::cells(b).all(|c| {
            self.grid.get(&c).is_none_or(|ids| {
                ids.iter().all(|&i| {
                    self.boxes.get(i as usize).is_none_or(|(o, r)| {
                        *r < min_rank || o[2] <= b[0] || o[0] >= b[2] || o[3] <= b[1] || o[1] >= b[3]
                    })
                })
            })
        })
    }

    /// Places the candidates of `frames` and appends the placed labels to `out`.
    pub fn place(
        &mut self,
        frames: &[&LayerFrame],
        extra: &[Obstacle],
        view: &MapView,
        palette: &Palette,
        out: &mut DisplayList,
    ) {
        self.boxes.clear();
        for v in self.grid.values_mut() {
            v.clear();
        }
        self.order.clear();
        self.placed = 0;
        for o in extra {
            self.insert([o.min[0], o.min[1], o.max[0], o.max[1]], o.rank);
        }
        for f in frames {
            for o in &f.obstacles {
                self.insert([o.min[0], o.min[1], o.max[0], o.max[1]], o.rank);
            }
        }
        for (fi, f) in frames.iter().enumerate() {
            self.order.extend((0..f.labels.len()).map(|li| (fi, li)));
        }
        let prio =
            |&(fi, li): &(usize, usize)| frames.get(fi).and_then(|f| f.labels.get(li)).map_or(f32::MIN, |l| l.priority);
        let mut order = std::mem::take(&mut self.order);
        order.sort_by(|a, b| prio(b).total_cmp(&prio(a)));
        let (vx0, vy0) = (view.origin[0] + 2.0, view.origin[1] + 2.0);
        let (vx1, vy1) = (view.origin[0] + view.size[0] - 2.0, view.origin[1] + view.size[1] - 2.0);
        for &(fi, li) in &order {
            let Some(l) = frames.get(fi).and_then(|f| f.labels.get(li)) else { continue };
            let [w, h] = text::measure(l.text.as_str(), l.size);
            let mut spot: Option<([f32; 4], Screen, Align)> = None;
            for (b, at, align) in positions(l, w, h) {
                let inside = b[0] >= vx0 && b[1] >= vy0 && b[2] <= vx1 && b[3] <= vy1;
                // Labels placed later (lower priority) also treat earlier labels as obstacles:
                // they go in with rank 255.
                if inside && self.free(&b, l.rank) {
                    spot = Some((b, at, align));
                    break;
                }
            }
            if let Some((b, at, align)) = spot {
                self.insert(b, u8::MAX);
                out.text(Text {
                    at,
                    align,
                    text: l.text.clone(),
                    size: l.size,
                    colour: l.colour,
                    halo: Some(palette.halo),
                });
                self.placed += 1;
            }
        }
        self.order = order;
    }
}

/// Candidate boxes [x0, y0, x1, y1] with the text's reference point and alignment.
fn positions(l: &LabelCandidate, w: f32, h: f32) -> impl Iterator<Item = ([f32; 4], Screen, Align)> {
    let [x, y] = l.at;
    let mut v: [([f32; 4], Screen, Align); 8] = [([0.0; 4], [0.0; 2], Align::Center); 8];
    let n = match l.placement {
        Placement::Centre => {
            v[0] =
                ([x - w / 2.0 - PAD, y - h / 2.0 - PAD, x + w / 2.0 + PAD, y + h / 2.0 + PAD], [x, y], Align::Center);
            v[1] = (
                [x - w / 2.0 - PAD, y - 1.5 * h - PAD, x + w / 2.0 + PAD, y - h / 2.0 + PAD],
                [x, y - h],
                Align::Center,
            );
            v[2] = (
                [x - w / 2.0 - PAD, y + h / 2.0 - PAD, x + w / 2.0 + PAD, y + 1.5 * h + PAD],
                [x, y + h],
                Align::Center,
            );
            3
        }
        Placement::Around { radius } => {
            let g = radius + 4.0;
            let d = radius * 0.7 + 2.0;
            v[0] = ([x + g - PAD, y - h / 2.0, x + g + w + PAD, y + h / 2.0], [x + g, y], Align::Left);
            v[1] = ([x - g - w - PAD, y - h / 2.0, x - g + PAD, y + h / 2.0], [x - g, y], Align::Right);
            v[2] = ([x - w / 2.0 - PAD, y - g - h, x + w / 2.0 + PAD, y - g], [x, y - g], Align::Bottom);
            v[3] = ([x - w / 2.0 - PAD, y + g, x + w / 2.0 + PAD, y + g + h], [x, y + g], Align::Top);
            v[4] = ([x + d, y - d - h, x + d + w + 2.0 * PAD, y - d], [x + d + PAD, y - d - h / 2.0], Align::Left);
            v[5] = ([x + d, y + d, x + d + w + 2.0 * PAD, y + d + h], [x + d + PAD, y + d + h / 2.0], Align::Left);
            v[6] = ([x - d - w - 2.0 * PAD, y - d - h, x - d, y - d], [x - d - PAD, y - d - h / 2.0], Align::Right);
            v[7] = ([x - d - w - 2.0 * PAD, y + d, x - d, y + d + h], [x - d - PAD, y + d + h / 2.0], Align::Right);
            8
        }
    };
    v.into_iter().take(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LonLat;
    use crate::render::{Datum, Theme};

    fn candidate(at: Screen, name: &str, priority: f32) -> LabelCandidate {
        LabelCandidate {
            at,
            placement: Placement::Around { radius: 6.0 },
            text: Str::Owned(name.into()),
            size: 12.0,
            colour: Rgba::WHITE,
            priority,
            rank: rank::STATION,
        }
    }

    fn boxes(list: &DisplayList) -> Vec<[f32; 4]> {
        list.items
            .iter()
            .filter_map(|i| match i {
                crate::render::Item::Text(t) => {
                    let [w, h] = text::measure(t.text.as_str(), t.size);
                    let [x, y] = t.at;
                    Some(match t.align {
                        Align::Left => [x, y - h / 2.0, x + w, y + h / 2.0],
                        Align::Right => [x - w, y - h / 2.0, x, y + h / 2.0],
                        Align::Center => [x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0],
                        Align::Top => [x - w / 2.0, y, x + w / 2.0, y + h],
                        Align::Bottom => [x - w / 2.0, y - h, x + w / 2.0, y],
                    })
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn crowded_labels_never_overlap_and_the_important_one_wins() {
        let view = MapView::new(LonLat::new(114.0, 36.0), 10.0, [400.0, 300.0], Datum::Wgs84);
        let mut frame = LayerFrame::default();
        for i in 0..30 {
            frame.labels.push(candidate([200.0 + (i % 3) as f32, 150.0], &format!("消防站{i}"), i as f32));
        }
        let mut placer = Placer::default();
        let mut out = DisplayList::default();
        placer.place(&[&frame], &[], &view, &Theme::Light.palette(), &mut out);
        let b = boxes(&out);
        assert!(b.len() >= 4 && b.len() < 30, "{}", b.len());
        for (i, x) in b.iter().enumerate() {
            for y in &b[i + 1..] {
                let overlap = x[0] < y[2] - 0.5 && y[0] < x[2] - 0.5 && x[1] < y[3] - 0.5 && y[1] < x[3] - 0.5;
                assert!(!overlap, "{x:?} {y:?}");
            }
        }
        let first = match &out.items[0] {
            crate::render::Item::Text(t) => t.text.as_str().to_string(),
            _ => String::new(),
        };
        assert_eq!(first, "消防站29");
    }

    #[test]
    fn labels_keep_clear_of_higher_ranked_symbols_only() {
        let view = MapView::new(LonLat::new(114.0, 36.0), 10.0, [400.0, 300.0], Datum::Wgs84);
        let mut frame = LayerFrame::default();
        // A wall of station symbols around the anchor on every side.
        for dx in -8..=8 {
            for dy in -8..=8 {
                let c = [200.0 + dx as f32 * 10.0, 150.0 + dy as f32 * 10.0];
                frame.obstacles.push(Obstacle {
                    min: [c[0] - 5.0, c[1] - 5.0],
                    max: [c[0] + 5.0, c[1] + 5.0],
                    rank: rank::STATION,
                });
            }
        }
        let mut low = candidate([200.0, 150.0], "企业", 1.0);
        low.rank = rank::ENTERPRISE;
        frame.labels.push(low);
        let mut placer = Placer::default();
        let mut out = DisplayList::default();
        placer.place(&[&frame], &[], &view, &Theme::Light.palette(), &mut out);
        assert_eq!(placer.placed, 0, "an enterprise label may not cover station symbols");
        let mut frame2 = LayerFrame {
            obstacles: frame.obstacles.iter().map(|o| Obstacle { rank: rank::ENTERPRISE, ..*o }).collect(),
            ..Default::default()
        };
        frame2.labels.push(candidate([200.0, 150.0], "消防站", 1.0));
        placer.place(&[&frame2], &[], &view, &Theme::Light.palette(), &mut out);
        assert_eq!(placer.placed, 1, "a station label may cover enterprise dots");
    }
}

//! The display list: what one layer draws in one frame, as screen-space primitives that either
//! backend paints (egui's painter in the window, tiny-skia for PNG/PDF export).
//!
//! Coordinates live in shared pools (`points`, `rings`, `indices`) that keep their capacity
//! between frames, so a steady frame allocates almost nothing.

use std::ops::Range;
use std::sync::Arc;

use super::style::{Rgba, Symbol};
use super::view::Screen;
use crate::model::{FeatureId, Layer};

/// Text held by a label: a shared feature name, a fixed string, or a number formatted per frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Str {
    Shared(Arc<str>),
    Static(&'static str),
    Owned(String),
}

impl Str {
    pub fn as_str(&self) -> &str {
        match self {
            Str::Shared(s) => s,
            Str::Static(s) => s,
            Str::Owned(s) => s,
        }
    }
}

/// Where a text's reference point sits on the text box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// The point is the centre of the box.
    Center,
    /// The point is the middle of the box's left edge.
    Left,
    /// The point is the middle of the box's right edge.
    Right,
    /// The point is the middle of the top edge (text hangs below).
    Top,
    /// The point is the middle of the bottom edge (text sits above).
    Bottom,
}

/// A line of text on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub at: Screen,
    pub align: Align,
    pub text: Str,
    /// Em size in logical pixels.
    pub size: f32,
    pub colour: Rgba,
    /// A contrasting outline that keeps text readable over any background.
    pub halo: Option<Rgba>,
}

/// A dash pattern: drawn length, gap length (pixels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dash {
    pub on: f32,
    pub off: f32,
}

/// One drawing primitive.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A filled polygon with holes: `rings` indexes [`DisplayList::rings`]; `triangles` indexes
    /// [`DisplayList::indices`] (a triangulation of the same rings, for GPU backends).
    Polygon {
        rings: Range<u32>,
        triangles: Range<u32>,
        fill: Rgba,
    },
    /// A polyline over `points` of [`DisplayList::points`].
    Line {
        points: Range<u32>,
        closed: bool,
        width: f32,
        colour: Rgba,
        dash: Option<Dash>,
    },
    /// A point symbol centred at `at`.
    Symbol {
        at: Screen,
        symbol: Symbol,
    },
    /// A circle of a given screen radius (protection radii, measure vertices, selection rings).
    Circle {
        centre: Screen,
        radius: f32,
        fill: Rgba,
        stroke: Rgba,
        width: f32,
        dash: Option<Dash>,
    },
    /// A cluster: a ring split into slices by category (count per slice), an outline, and a
    /// disc in the middle (`hole`) for the count.
    Pie {
        centre: Screen,
        radius: f32,
        slices: [(Rgba, u32); 4],
        ring: Rgba,
        hole: Rgba,
    },
    /// A rectangle (legend boxes, scale bar segments).
    Rect {
        min: Screen,
        max: Screen,
        fill: Rgba,
        stroke: Rgba,
        width: f32,
    },
    Text(Text),
}

/// What a click or hover on the map can land on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    Feature {
        layer: Layer,
        id: FeatureId,
    },
    /// A cluster of `count` features of a layer; clicking zooms in.
    Cluster {
        layer: Layer,
        count: u32,
        at: Screen,
    },
    /// An item of the hazard ledger (its flag); clicking opens its card.
    Hazard {
        id: FeatureId,
    },
}

/// A clickable disc on screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub centre: Screen,
    pub radius: f32,
    pub target: Target,
}

/// Primitives of one layer for one frame.
#[derive(Debug, Default, Clone)]
pub struct DisplayList {
    pub items: Vec<Item>,
    pub points: Vec<Screen>,
    /// Rings of polygons, as ranges of `points`.
    pub rings: Vec<Range<u32>>,
    /// Triangle corner indices into `points`.
    pub indices: Vec<u32>,
}

impl DisplayList {
    /// Empties the list, keeping its memory.
    pub fn clear(&mut self) {
        self.items.clear();
        self.points.clear();
        self.rings.clear();
        self.indices.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Appends points and returns their range.
    pub fn push_points(&mut self, pts: impl IntoIterator<Item = Screen>) -> Range<u32> {
        let start = self.points.len() as u32;
        self.points.extend(pts);
        start..self.points.len() as u32
    }

    pub fn line(&mut self, pts: impl IntoIterator<Item = Screen>, width: f32, colour: Rgba, dash: Option<Dash>) {
        let points = self.push_points(pts);
        if points.len() >= 2 {
            self.items.push(Item::Line { points, closed: false, width, colour, dash });
        }
    }

    pub fn text(&mut self, text: Text) {
        self.items.push(Item::Text(text));
    }

    /// The points of a range.
    pub fn slice(&self, r: &Range<u32>) -> &[Screen] {
        self.points.get(r.start as usize..r.end as usize).unwrap_or(&[])
    }

    /// Counts items by kind: (symbols, pies, polygons, lines, texts, circles). For tests and
    /// benchmarks.
    pub fn census(&self) -> Census {
        let mut c = Census::default();
        for item in &self.items {
            match item {
                Item::Symbol { .. } => c.symbols += 1,
                Item::Pie { .. } => c.clusters += 1,
                Item::Polygon { .. } => c.polygons += 1,
                Item::Line { .. } => c.lines += 1,
                Item::Text(_) => c.texts += 1,
                Item::Circle { .. } => c.circles += 1,
                Item::Rect { .. } => c.rects += 1,
            }
        }
        c
    }
}

/// Item counts of a display list.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Census {
    pub symbols: usize,
    pub clusters: usize,
    pub polygons: usize,
    pub lines: usize,
    pub texts: usize,
    pub circles: usize,
    pub rects: usize,
}

//! Symbology: every colour, symbol shape and size the map uses, in one place and free of any
//! GUI toolkit, so the window, the legend and the headless renderer draw the same map.
//!
//! Stations are red (the fire service's colour) with the shape telling the class; planned
//! stations are hollow with a dashed outline; teams are triangles coloured by kind; depots are
//! green crates sized by level; enterprises are dots in the four risk colours of
//! `RiskLevel::rgb` (安全风险分级管控 convention). Sizes are logical pixels at scale 1.

use serde::{Deserialize, Serialize};

use crate::model::{DepotLevel, RiskLevel, StationClass, StationStatus, TeamKind};

/// An sRGB colour with straight (not premultiplied) alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    pub const TRANSPARENT: Rgba = Rgba([0, 0, 0, 0]);
    pub const WHITE: Rgba = Rgba([255, 255, 255, 255]);

    pub const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
        Rgba([r, g, b, 255])
    }

    pub const fn from_rgb(c: [u8; 3]) -> Rgba {
        Rgba([c[0], c[1], c[2], 255])
    }

    /// The same colour with its alpha multiplied by `factor` (0..1), for layer opacity.
    pub fn fade(self, factor: f32) -> Rgba {
        let [r, g, b, a] = self.0;
        Rgba([r, g, b, (f32::from(a) * factor.clamp(0.0, 1.0)).round() as u8])
    }

    pub fn with_alpha(self, a: u8) -> Rgba {
        let [r, g, b, _] = self.0;
        Rgba([r, g, b, a])
    }

    pub fn is_transparent(self) -> bool {
        self.0[3] == 0
    }
}

/// Light (day) or dark (night shift, control-room wall) map palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

/// The colours of the map's background and text for one theme.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub water: Rgba,
    pub land: Rgba,
    /// Inside the project's city outline: a touch brighter so the area of interest stands out.
    pub city_fill: Rgba,
    pub country_line: Rgba,
    pub city_line: Rgba,
    pub district_line: Rgba,
    pub township_line: Rgba,
    pub text: Rgba,
    pub text_muted: Rgba,
    pub halo: Rgba,
    pub area_label: Rgba,
    /// Frames of legend boxes, scale bars and the like.
    pub panel: Rgba,
    pub panel_line: Rgba,
    /// Highlight ring of the selected feature.
    pub selection: Rgba,
    pub measure: Rgba,
}

impl Theme {
    pub fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                water: Rgba::rgb(0xAA, 0xD3, 0xDF),
                land: Rgba::rgb(0xEE, 0xEB, 0xE3),
                city_fill: Rgba::rgb(0xFB, 0xFA, 0xF6),
                country_line: Rgba::rgb(0x9A, 0x8C, 0xA8),
                city_line: Rgba::rgb(0x6E, 0x4E, 0x86),
                district_line: Rgba::rgb(0x8E, 0x7A, 0xA6),
                township_line: Rgba([0x9E, 0x94, 0xAA, 0xB0]),
                text: Rgba::rgb(0x20, 0x20, 0x24),
                text_muted: Rgba::rgb(0x55, 0x55, 0x5E),
                halo: Rgba([0xFF, 0xFF, 0xFF, 0xE6]),
                area_label: Rgba::rgb(0x5A, 0x46, 0x70),
                panel: Rgba([0xFF, 0xFF, 0xFF, 0xEE]),
                panel_line: Rgba::rgb(0x90, 0x90, 0x98),
                selection: Rgba::rgb(0x00, 0xB4, 0xE6),
                measure: Rgba::rgb(0xD6, 0x2F, 0x8F),
            },
            Theme::Dark => Palette {
                water: Rgba::rgb(0x16, 0x22, 0x30),
                land: Rgba::rgb(0x26, 0x2A, 0x31),
                city_fill: Rgba::rgb(0x2E, 0x33, 0x3B),
                country_line: Rgba::rgb(0x6A, 0x64, 0x78),
                city_line: Rgba::rgb(0xB8, 0xA4, 0xD6),
                district_line: Rgba::rgb(0x8C, 0x80, 0xA6),
                township_line: Rgba([0x78, 0x72, 0x88, 0xB0]),
                text: Rgba::rgb(0xEC, 0xEC, 0xF0),
                text_muted: Rgba::rgb(0xB0, 0xB0, 0xBA),
                halo: Rgba([0x12, 0x14, 0x18, 0xE0]),
                area_label: Rgba::rgb(0xCF, 0xC2, 0xE6),
                panel: Rgba([0x20, 0x23, 0x29, 0xEE]),
                panel_line: Rgba::rgb(0x70, 0x70, 0x7A),
                selection: Rgba::rgb(0x3C, 0xD8, 0xFF),
                measure: Rgba::rgb(0xFF, 0x6E, 0xC7),
            },
        }
    }
}

/// A point symbol's outline, drawn centred on the feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    Circle,
    Square,
    Diamond,
    Triangle,
    TriangleDown,
    Pentagon,
    Hexagon,
    Star,
    /// A square with a lid line: a storage crate.
    Crate,
}

impl Shape {
    /// The outline as points on a unit symbol (radius 1, y down), for shapes that are polygons;
    /// `None` for circles. Stars alternate outer and inner points.
    pub fn unit_outline(self) -> Option<&'static [[f32; 2]]> {
        const SQUARE: [[f32; 2]; 4] = [[-0.82, -0.82], [0.82, -0.82], [0.82, 0.82], [-0.82, 0.82]];
        const DIAMOND: [[f32; 2]; 4] = [[0.0, -1.05], [1.05, 0.0], [0.0, 1.05], [-1.05, 0.0]];
        const TRIANGLE: [[f32; 2]; 3] = [[0.0, -1.1], [1.0, 0.72], [-1.0, 0.72]];
        const TRIANGLE_DOWN: [[f32; 2]; 3] = [[-1.0, -0.72], [1.0, -0.72], [0.0, 1.1]];
        const PENTAGON: [[f32; 2]; 5] =
            [[0.0, -1.0], [0.951, -0.309], [0.588, 0.809], [-0.588, 0.809], [-0.951, -0.309]];
        const HEXAGON: [[f32; 2]; 6] =
            [[0.0, -1.0], [0.866, -0.5], [0.866, 0.5], [0.0, 1.0], [-0.866, 0.5], [-0.866, -0.5]];
        // Five-point star, inner radius 0.45 of the outer.
        const STAR: [[f32; 2]; 10] = [
            [0.0, -1.12],
            [0.283, -0.389],
            [1.065, -0.346],
            [0.457, 0.149],
            [0.658, 0.906],
            [0.0, 0.48],
            [-0.658, 0.906],
            [-0.457, 0.149],
            [-1.065, -0.346],
            [-0.283, -0.389],
        ];
        match self {
            Shape::Circle => None,
            Shape::Square | Shape::Crate => Some(&SQUARE),
            Shape::Diamond => Some(&DIAMOND),
            Shape::Triangle => Some(&TRIANGLE),
            Shape::TriangleDown => Some(&TRIANGLE_DOWN),
            Shape::Pentagon => Some(&PENTAGON),
            Shape::Hexagon => Some(&HEXAGON),
            Shape::Star => Some(&STAR),
        }
    }

    /// True when a fan from the centre triangulates the outline (every shape here is
    /// star-shaped around its centre, which is all a fan needs).
    pub fn is_fan_safe(self) -> bool {
        true
    }
}

/// How one point symbol looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Symbol {
    pub shape: Shape,
    /// Diameter in logical pixels.
    pub size: f32,
    pub fill: Rgba,
    pub stroke: Rgba,
    pub stroke_width: f32,
    /// Dashed outline (planned features).
    pub dashed: bool,
}

/// Fire service red.
pub const STATION_RED: Rgba = Rgba::rgb(0xD3, 0x2F, 0x2F);
const STATION_GREY: Rgba = Rgba::rgb(0x8A, 0x8A, 0x8A);

pub fn station_shape(class: StationClass) -> Shape {
    match class {
        StationClass::Special => Shape::Star,
        StationClass::Level1 => Shape::Square,
        StationClass::Level2 => Shape::Pentagon,
        StationClass::Small => Shape::Circle,
        StationClass::Logistics => Shape::Hexagon,
        StationClass::TownshipFullTime => Shape::Diamond,
        StationClass::EnterpriseFullTime => Shape::TriangleDown,
    }
}

fn station_size(class: StationClass) -> f32 {
    match class {
        StationClass::Special => 24.0,
        StationClass::Level1 | StationClass::Logistics => 19.0,
        StationClass::Level2 => 18.0,
        StationClass::Small | StationClass::TownshipFullTime | StationClass::EnterpriseFullTime => 15.0,
    }
}

/// Existing stations are solid red; planned ones hollow with a dashed red outline; stations
/// under construction hollow with a solid outline; stations out of service grey.
pub fn station_symbol(class: StationClass, status: StationStatus, theme: Theme) -> Symbol {
    let halo = match theme {
        Theme::Light => Rgba::WHITE,
        Theme::Dark => Rgba::rgb(0x10, 0x10, 0x14),
    };
    let hollow_fill = match theme {
        Theme::Light => Rgba([0xFF, 0xFF, 0xFF, 0xE0]),
        Theme::Dark => Rgba([0x20, 0x20, 0x24, 0xE0]),
    };
    let (fill, stroke, width, dashed) = match status {
        StationStatus::Existing => (STATION_RED, halo, 1.6, false),
        StationStatus::Planned => (hollow_fill, STATION_RED, 2.2, true),
        StationStatus::UnderConstruction => (hollow_fill, STATION_RED, 2.2, false),
        StationStatus::OutOfService => (STATION_GREY, halo, 1.6, false),
    };
    Symbol { shape: station_shape(class), size: station_size(class), fill, stroke, stroke_width: width, dashed }
}

pub fn team_colour(kind: TeamKind) -> Rgba {
    match kind {
        TeamKind::Comprehensive => Rgba::rgb(0xE6, 0x5C, 0x00),
        TeamKind::Professional => Rgba::rgb(0x6A, 0x3D, 0x9A),
        TeamKind::Social => Rgba::rgb(0x2E, 0x8B, 0x57),
        TeamKind::Enterprise => Rgba::rgb(0x8D, 0x5A, 0x2B),
        TeamKind::Township => Rgba::rgb(0x00, 0x83, 0x8F),
    }
}

pub fn team_symbol(kind: TeamKind, in_service: bool, theme: Theme) -> Symbol {
    let fill = if in_service { team_colour(kind) } else { STATION_GREY };
    Symbol { shape: Shape::Triangle, size: 15.0, fill, stroke: outline(theme), stroke_width: 1.4, dashed: false }
}

pub const DEPOT_GREEN: Rgba = Rgba::rgb(0x1B, 0x7F, 0x3B);

pub fn depot_symbol(level: DepotLevel, theme: Theme) -> Symbol {
    let size = match level {
        DepotLevel::National | DepotLevel::Provincial => 19.0,
        DepotLevel::City => 17.0,
        DepotLevel::County => 15.0,
        DepotLevel::Township => 13.0,
    };
    Symbol { shape: Shape::Crate, size, fill: DEPOT_GREEN, stroke: outline(theme), stroke_width: 1.4, dashed: false }
}

/// The four risk colours exactly as `RiskLevel::rgb` defines them.
pub fn risk_colour(level: RiskLevel) -> Rgba {
    Rgba::from_rgb(level.rgb())
}

pub fn enterprise_symbol(level: RiskLevel, theme: Theme) -> Symbol {
    let size = match level {
        RiskLevel::Red => 12.0,
        RiskLevel::Orange => 11.0,
        RiskLevel::Yellow | RiskLevel::Blue => 10.0,
    };
    Symbol {
        shape: Shape::Circle,
        size,
        fill: risk_colour(level),
        stroke: outline(theme),
        stroke_width: 1.2,
        dashed: false,
    }
}

/// The thin contrasting outline that lifts symbols off the basemap.
pub fn outline(theme: Theme) -> Rgba {
    match theme {
        Theme::Light => Rgba::WHITE,
        Theme::Dark => Rgba::rgb(0x10, 0x10, 0x14),
    }
}

/// Protection-radius circles: a faint fill and a thin outline in station red.
pub fn protection_fill(planned: bool) -> Rgba {
    if planned { Rgba::TRANSPARENT } else { STATION_RED.with_alpha(0x16) }
}

pub fn protection_stroke(planned: bool) -> Rgba {
    STATION_RED.with_alpha(if planned { 0xB0 } else { 0x80 })
}

/// Label text sizes, by what is labelled (logical pixels).
pub mod text_size {
    pub const CITY: f32 = 20.0;
    pub const DISTRICT: f32 = 15.0;
    pub const TOWNSHIP: f32 = 11.5;
    pub const STATION: f32 = 12.5;
    pub const RESOURCE: f32 = 11.5;
    pub const ENTERPRISE: f32 = 10.5;
    pub const CLUSTER: f32 = 11.0;
    pub const COUNTRY: f32 = 13.0;
}

/// The disc in the middle of a cluster symbol that holds the count, as a share of its radius.
pub const CLUSTER_HOLE: f32 = 0.55;

/// Diameter of a cluster symbol holding `count` features of a layer whose symbols are about
/// `member` pixels: a pair is hardly bigger than one member, and the size grows with the
/// logarithm of the count so a cluster of 10 000 is not a blob over the whole screen.
pub fn cluster_size(count: u32, member: f32) -> f32 {
    (member + 6.0 + 7.0 * (count.max(1) as f32).log10()).min(46.0)
}

// Record layers: risk zones, registered risk points, warnings, hazard flags, pre-positionings.

/// A risk zone's fill: its level's colour, translucent enough that a floor plan under it reads.
pub fn risk_zone_fill(level: RiskLevel) -> Rgba {
    risk_colour(level).with_alpha(0x99)
}

/// 重大危险源 a dark red diamond, 有限空间 a brown square: both darker than every zone colour,
/// so they stand out on any zone.
pub fn risk_point_symbol(kind: crate::model::risk_zones::RiskPointKind, theme: Theme) -> Symbol {
    use crate::model::risk_zones::RiskPointKind;
    let (shape, size, fill) = match kind {
        RiskPointKind::MajorHazard => (Shape::Diamond, 14.0, Rgba::rgb(0x7A, 0x00, 0x10)),
        RiskPointKind::ConfinedSpace => (Shape::Square, 11.0, Rgba::rgb(0x5D, 0x40, 0x37)),
    };
    Symbol { shape, size, fill, stroke: outline(theme), stroke_width: 1.4, dashed: false }
}

pub fn warning_colour(level: crate::model::warning::WarningLevel) -> Rgba {
    Rgba::from_rgb(level.rgb())
}

/// A warning's area: a light wash of its colour, so the features under it stay readable.
pub fn warning_fill(level: crate::model::warning::WarningLevel) -> Rgba {
    warning_colour(level).with_alpha(0x2E)
}

/// An open ledger item: a warning triangle in its 挂牌督办 grade's colour (orange when not listed).
pub fn hazard_symbol(grade: Option<crate::model::hazard::SupervisionGrade>, theme: Theme) -> Symbol {
    let fill = grade.map_or(Rgba::rgb(0xFF, 0x8F, 0x00), |g| Rgba::from_rgb(g.rgb()));
    Symbol { shape: Shape::Triangle, size: 15.0, fill, stroke: outline(theme), stroke_width: 1.4, dashed: false }
}

/// The ring and tag of an overdue ledger item.
pub const OVERDUE_RED: Rgba = Rgba::rgb(0xC6, 0x00, 0x12);

/// Pre-positioned units: the ring round them and the line back to their base.
pub const PREPOSITION_TEAL: Rgba = Rgba::rgb(0x00, 0x89, 0x7B);
/// Isochrone bands, `i` = 0 for the shortest of `n` cut-offs: a sequential blue ramp (the
/// shortest darkest), translucent so the roads and stations under them stay readable.
pub fn isochrone_band(i: usize, n: usize) -> (Rgba, Rgba) {
    const RAMP: [[u8; 3]; 4] = [[8, 81, 156], [49, 130, 189], [107, 174, 214], [158, 202, 225]];
    let k = if n <= 1 { 0 } else { (i * (RAMP.len() - 1)) / (n - 1) };
    let c = Rgba::from_rgb(RAMP[k.min(RAMP.len() - 1)]);
    (c.with_alpha(0x2C), c.with_alpha(0xC0))
}

/// Service areas: one colour per source, cycling through a qualitative palette
/// (ColorBrewer "Dark2", which reads on both the light and the dark theme).
pub fn service_area_colour(source: usize) -> Rgba {
    const DARK2: [[u8; 3]; 8] = [
        [27, 158, 119],
        [217, 95, 2],
        [117, 112, 179],
        [231, 41, 138],
        [102, 166, 30],
        [230, 171, 2],
        [166, 118, 29],
        [102, 102, 102],
    ];
    Rgba::from_rgb(DARK2[source % DARK2.len()])
}

/// A route on the map.
pub const ROUTE: Rgba = Rgba::rgb(0, 110, 220);

/// Coverage layer fills: reached in time (green), reached by two or more stations (blue),
/// not reached (red); translucent so the map reads through.
pub fn coverage_fill(kind: crate::render::layers::coverage::CoverageKind) -> Rgba {
    use crate::render::layers::coverage::CoverageKind;
    match kind {
        CoverageKind::Covered => Rgba::rgb(0x2E, 0x9E, 0x4F).with_alpha(0x50),
        CoverageKind::Overlap => Rgba::rgb(0x1F, 0x5F, 0xC8).with_alpha(0x50),
        CoverageKind::Uncovered => Rgba::rgb(0xE0, 0x40, 0x30).with_alpha(0x2C),
        CoverageKind::Jurisdiction => Rgba::TRANSPARENT,
    }
}

/// Coverage layer outlines (jurisdiction boundaries in dark grey).
pub fn coverage_stroke(kind: crate::render::layers::coverage::CoverageKind) -> Rgba {
    use crate::render::layers::coverage::CoverageKind;
    match kind {
        CoverageKind::Jurisdiction => Rgba::rgb(0x30, 0x30, 0x30).with_alpha(0xC0),
        k => coverage_fill(k).with_alpha(0xC0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Labelled;

    #[test]
    fn planned_stations_are_hollow_and_dashed() {
        for &class in StationClass::ALL {
            let built = station_symbol(class, StationStatus::Existing, Theme::Light);
            let planned = station_symbol(class, StationStatus::Planned, Theme::Light);
            assert!(!built.dashed && planned.dashed);
            assert_eq!(built.shape, planned.shape);
            assert_ne!(built.fill, planned.fill);
        }
    }

    #[test]
    fn station_classes_have_distinct_shapes() {
        let shapes: std::collections::HashSet<_> = StationClass::ALL.iter().map(|&c| station_shape(c)).collect();
        assert_eq!(shapes.len(), StationClass::ALL.len());
    }

    #[test]
    fn enterprise_colours_are_the_risk_palette() {
        for &level in RiskLevel::ALL {
            let [r, g, b] = level.rgb();
            assert_eq!(enterprise_symbol(level, Theme::Dark).fill, Rgba([r, g, b, 255]));
        }
    }

    #[test]
    fn cluster_size_grows_but_is_capped() {
        assert!(cluster_size(10, 12.0) < cluster_size(1000, 12.0));
        assert!(cluster_size(2, 12.0) < 21.0, "a pair stays close to a member's size");
        assert!(cluster_size(1_000_000, 18.0) <= 46.0);
    }
}

//! An enterprise's four-color risk poster (安全风险四色分布图, for its notice board 公示栏) as a
//! plain display list: polygons, markers, text, the plan image placement, in page pixels. No
//! drawing library here — [`super::poster_skia`] paints the list with tiny-skia today; the
//! window's shared renderer (or egui's painter, for a preview) can paint the same list.
//!
//! Page: A3 landscape (420 × 297 mm). The map (zones over the georeferenced floor plan, the
//! registered points, scale bar and north arrow) fills the left; the legend and the zone table
//! the right; the title across the top and the filing line at the bottom.

use chrono::NaiveDate;
use geo::Centroid;
use serde::Serialize;

use crate::model::filing::Filing;
use crate::model::floor_plan::FloorPlan;
use crate::model::risk_zones::{LevelBasis, OverallLevel, RiskPoint, RiskPointKind, RiskZone};
use crate::model::{Enterprise, Labelled, LonLat, RiskLevel};
use crate::spatial::{LocalM, LocalProjection};

/// Straight-alpha sRGB.
pub type Rgba = [u8; 4];

pub const BLACK: Rgba = [0x20, 0x20, 0x20, 0xFF];
pub const GREY: Rgba = [0x80, 0x80, 0x80, 0xFF];
pub const WHITE: Rgba = [0xFF, 0xFF, 0xFF, 0xFF];
/// Marker colours for registered points: apart from the four risk colours.
pub const MAJOR_HAZARD: Rgba = [0x8E, 0x24, 0xAA, 0xFF];
pub const CONFINED_SPACE: Rgba = [0x00, 0x79, 0x6B, 0xFF];

/// A palette colour with an alpha.
pub fn level_rgba(level: RiskLevel, alpha: u8) -> Rgba {
    let [r, g, b] = level.rgb();
    [r, g, b, alpha]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MarkerShape {
    Triangle,
    Square,
}

/// One thing to draw, in page pixels (x right, y down).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Item {
    /// Rings (first the outline, then holes), filled even-odd.
    Polygon {
        rings: Vec<Vec<[f32; 2]>>,
        fill: Rgba,
        stroke: Rgba,
        width: f32,
    },
    Line {
        points: Vec<[f32; 2]>,
        stroke: Rgba,
        width: f32,
    },
    Rect {
        rect: [f32; 4],
        fill: Rgba,
        stroke: Option<(Rgba, f32)>,
    },
    /// Text from its baseline's left end; wrapped into `max_width` over at most `max_lines`.
    Text {
        text: String,
        at: [f32; 2],
        size: f32,
        colour: Rgba,
        max_width: Option<f32>,
        max_lines: usize,
    },
    Marker {
        at: [f32; 2],
        shape: MarkerShape,
        size: f32,
        fill: Rgba,
    },
    /// A floor plan image: `transform` maps image pixels to page pixels (x' = a·x + c·y + e,
    /// y' = b·x + d·y + f, as [a, b, c, d, e, f]), clipped to `clip`.
    Image {
        plan_id: i64,
        transform: [f32; 6],
        clip: [f32; 4],
        opacity: f32,
    },
}

/// The whole page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PosterLayout {
    pub width: u32,
    pub height: u32,
    pub items: Vec<Item>,
}

/// What goes on the poster.
pub struct PosterInput<'a> {
    pub enterprise: &'a Enterprise,
    pub overall: &'a OverallLevel,
    pub zones: &'a [RiskZone],
    pub points: &'a [RiskPoint],
    /// The floor plan to draw under the zones (drawn only when georeferenced).
    pub plan: Option<&'a FloorPlan>,
    pub last_filing: Option<&'a Filing>,
    pub made_on: NaiveDate,
}

/// A3 landscape width and height in pixels at `dpi`.
pub fn a3_landscape(dpi: f32) -> (u32, u32) {
    ((420.0 / 25.4 * dpi).round() as u32, (297.0 / 25.4 * dpi).round() as u32)
}

/// A "nice" scale bar length (1, 2 or 5 × 10ⁿ metres) close to `target_m`.
fn nice_length(target_m: f64) -> f64 {
    let p = 10f64.powf(target_m.max(1e-3).log10().floor());
    [5.0, 2.0, 1.0].iter().map(|k| k * p).find(|l| *l <= target_m).unwrap_or(p)
}

/// Lays the poster out on a page of `width × height` pixels (designed at 2480 × 1754, A3 at
/// 150 dpi; everything scales with the width).
pub fn layout(input: &PosterInput, width: u32, height: u32) -> PosterLayout {
    let k = width as f32 / 2480.0;
    let s = |v: f32| v * k;
    let mut items = Vec::new();
    let e = input.enterprise;
    let margin = s(60.0);

    // Title and the overall level.
    items.push(Item::Text {
        text: format!("{} 安全风险四色分布图", e.name),
        at: [margin, s(110.0)],
        size: s(60.0),
        colour: BLACK,
        max_width: Some(width as f32 - 2.0 * margin),
        max_lines: 1,
    });
    let level = input.overall.level;
    items.push(Item::Rect { rect: [margin, s(140.0), s(460.0), s(56.0)], fill: level_rgba(level, 255), stroke: None });
    let on_level = if level == RiskLevel::Yellow { BLACK } else { WHITE };
    let basis = match &input.overall.basis {
        LevelBasis::WorstZone => "按最高风险区域",
        LevelBasis::Explicit { .. } => "人工设定",
        LevelBasis::Registered => "登记等级",
    };
    items.push(Item::Text {
        text: format!("总体风险：{}（{}）", level.zh(), level.risk_name_zh()),
        at: [margin + s(16.0), s(182.0)],
        size: s(38.0),
        colour: on_level,
        max_width: None,
        max_lines: 1,
    });
    let mut facts = vec![basis.to_string()];
    if !e.credit_code.is_empty() {
        facts.push(format!("统一社会信用代码：{}", e.credit_code));
    }
    if !e.industry.is_empty() {
        facts.push(format!("行业：{}", e.industry));
    }
    if !e.address.is_empty() {
        facts.push(format!("地址：{}", e.address));
    }
    items.push(Item::Text {
        text: facts.join("　"),
        at: [margin + s(490.0), s(180.0)],
        size: s(28.0),
        colour: BLACK,
        max_width: Some(width as f32 - margin * 2.0 - s(490.0)),
        max_lines: 1,
    });

    // The map frame.
    let frame = [margin, s(230.0), s(1500.0), height as f32 - s(230.0) - s(150.0)];
    items.push(Item::Rect { rect: frame, fill: [0xFA, 0xFA, 0xF7, 0xFF], stroke: Some((GREY, s(2.0))) });
    map_items(input, frame, k, &mut items);

    // Legend.
    let px = margin + s(1540.0);
    let mut y = s(270.0);
    items.push(Item::Text {
        text: "图例".into(),
        at: [px, y],
        size: s(36.0),
        colour: BLACK,
        max_width: None,
        max_lines: 1,
    });
    y += s(24.0);
    for (i, l) in RiskLevel::ALL.iter().enumerate() {
        let (cx, cy) = (px + (i % 2) as f32 * s(400.0), y + (i / 2) as f32 * s(62.0));
        items.push(Item::Rect {
            rect: [cx, cy, s(70.0), s(44.0)],
            fill: level_rgba(*l, 255),
            stroke: Some((GREY, s(1.5))),
        });
        items.push(Item::Text {
            text: format!("{}　{}", l.zh(), l.risk_name_zh()),
            at: [cx + s(86.0), cy + s(34.0)],
            size: s(30.0),
            colour: BLACK,
            max_width: None,
            max_lines: 1,
        });
    }
    y += s(2.0 * 62.0);
    for (i, (shape, fill, label)) in
        [(MarkerShape::Triangle, MAJOR_HAZARD, "重大危险源"), (MarkerShape::Square, CONFINED_SPACE, "有限空间")]
            .into_iter()
            .enumerate()
    {
        let cx = px + i as f32 * s(400.0);
        items.push(Item::Marker { at: [cx + s(35.0), y + s(22.0)], shape, size: s(40.0), fill });
        items.push(Item::Text {
            text: label.into(),
            at: [cx + s(86.0), y + s(34.0)],
            size: s(30.0),
            colour: BLACK,
            max_width: None,
            max_lines: 1,
        });
    }
    y += s(100.0);
    zone_table(input, [px, y, width as f32 - margin - px, frame[1] + frame[3] - y], k, &mut items);

    // Footer: the filing, the date made, what is illustrative.
    let mut footer = Vec::new();
    match input.last_filing {
        Some(f) => footer.push(format!("报备日期：{}（{}）", f.filed_on.format("%Y-%m-%d"), f.filer)),
        None => footer.push("尚未报备".to_string()),
    }
    if !e.phone.is_empty() {
        footer.push(format!("联系电话：{}", e.phone));
    }
    footer.push(format!("制图日期：{}　OneMap 应急资源一张图", input.made_on.format("%Y-%m-%d")));
    items.push(Item::Text {
        text: footer.join("　　"),
        at: [margin, height as f32 - s(45.0)],
        size: s(28.0),
        colour: BLACK,
        max_width: Some(width as f32 - 2.0 * margin),
        max_lines: 1,
    });
    let illustrative =
        e.illustrative || input.zones.iter().any(|z| z.illustrative) || input.points.iter().any(|p| p.illustrative);
    if illustrative {
        items.push(Item::Text {
            text: "注：图中企业、区域与点位为示意（演示数据），非实测".into(),
            at: [margin, height as f32 - s(90.0)],
            size: s(28.0),
            colour: [0xC0, 0x00, 0x00, 0xFF],
            max_width: None,
            max_lines: 1,
        });
    }
    PosterLayout { width, height, items }
}

/// Zones, site, plan, points, labels, scale bar and north arrow inside the map frame.
fn map_items(input: &PosterInput, frame: [f32; 4], k: f32, items: &mut Vec<Item>) {
    let s = |v: f32| v * k;
    let proj = LocalProjection::new(input.enterprise.location);
    let georef = input.plan.and_then(|p| p.georef.as_ref().map(|g| (p, g)));
    // Everything that should be in view, in local metres.
    let mut pts: Vec<LocalM> = vec![proj.to_local(input.enterprise.location)];
    let ring_pts = |mp: &geo_types::MultiPolygon<f64>| -> Vec<LocalM> {
        mp.0.iter().flat_map(|p| p.exterior().0.iter().map(|c| proj.to_local(LonLat::new(c.x, c.y)))).collect()
    };
    for z in input.zones {
        pts.extend(ring_pts(&z.outline));
    }
    if let Some(site) = &input.enterprise.site {
        pts.extend(ring_pts(site));
    }
    pts.extend(input.points.iter().map(|p| proj.to_local(p.location)));
    if let Some((plan, g)) = georef {
        let (w, h) = (f64::from(plan.width), f64::from(plan.height));
        pts.extend([[0.0, 0.0], [w, 0.0], [0.0, h], [w, h]].iter().map(|c| proj.to_local(g.pixel_to_lonlat(*c))));
    }
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in &pts {
        (x0, x1, y0, y1) = (x0.min(p.x), x1.max(p.x), y0.min(p.y), y1.max(p.y));
    }
    // At least 100 m across, 8 % margin.
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (bw, bh) = (((x1 - x0) * 1.16).max(100.0), ((y1 - y0) * 1.16).max(100.0));
    let [fx, fy, fw, fh] = frame;
    let scale = (f64::from(fw) / bw).min(f64::from(fh) / bh);
    let (mx, my) = (f64::from(fx + fw / 2.0), f64::from(fy + fh / 2.0));
    let to_page = |m: LocalM| [(mx + (m.x - cx) * scale) as f32, (my - (m.y - cy) * scale) as f32];
    let ll_to_page = |p: LonLat| to_page(proj.to_local(p));
    let rings = |mp: &geo_types::MultiPolygon<f64>| -> Vec<Vec<Vec<[f32; 2]>>> {
        mp.0.iter()
            .map(|poly| {
                std::iter::once(poly.exterior())
                    .chain(poly.interiors())
                    .map(|r| r.0.iter().map(|c| ll_to_page(LonLat::new(c.x, c.y))).collect())
                    .collect()
            })
            .collect()
    };

    if let Some((plan, g)) = georef {
        let (w, h) = (f64::from(plan.width), f64::from(plan.height));
        let p0 = ll_to_page(g.pixel_to_lonlat([0.0, 0.0]));
        let px = ll_to_page(g.pixel_to_lonlat([w, 0.0]));
        let py = ll_to_page(g.pixel_to_lonlat([0.0, h]));
        let (a, b) = ((px[0] - p0[0]) / w as f32, (px[1] - p0[1]) / w as f32);
        let (c, d) = ((py[0] - p0[0]) / h as f32, (py[1] - p0[1]) / h as f32);
        items.push(Item::Image { plan_id: plan.id, transform: [a, b, c, d, p0[0], p0[1]], clip: frame, opacity: 0.9 });
    }
    if let Some(site) = &input.enterprise.site {
        for r in rings(site) {
            items.push(Item::Polygon { rings: r, fill: [0, 0, 0, 0], stroke: BLACK, width: s(4.0) });
        }
    }
    // Least severe first, so red zones are on top.
    let mut zones: Vec<&RiskZone> = input.zones.iter().collect();
    zones.sort_by_key(|z| std::cmp::Reverse(z.level));
    for z in &zones {
        for r in rings(&z.outline) {
            items.push(Item::Polygon {
                rings: r,
                fill: level_rgba(z.level, 150),
                stroke: level_rgba(z.level, 255),
                width: s(3.0),
            });
        }
    }
    for z in &zones {
        if let Some(c) = z.outline.centroid() {
            let at = ll_to_page(LonLat::from_point(c));
            items.push(Item::Text {
                text: z.name.clone(),
                at: [at[0] - s(12.0) * z.name.chars().count() as f32, at[1] + s(10.0)],
                size: s(26.0),
                colour: BLACK,
                max_width: None,
                max_lines: 1,
            });
        }
    }
    // The enterprise's registered position: a ring, so zones under it stay readable.
    let home = ll_to_page(input.enterprise.location);
    items.push(Item::Polygon {
        rings: vec![
            (0..=24)
                .map(|i| {
                    let a = i as f32 / 24.0 * std::f32::consts::TAU;
                    [home[0] + s(14.0) * a.cos(), home[1] + s(14.0) * a.sin()]
                })
                .collect(),
        ],
        fill: WHITE,
        stroke: BLACK,
        width: s(4.0),
    });
    for p in input.points {
        let at = ll_to_page(p.location);
        let (shape, fill) = match p.kind {
            RiskPointKind::MajorHazard => (MarkerShape::Triangle, MAJOR_HAZARD),
            RiskPointKind::ConfinedSpace => (MarkerShape::Square, CONFINED_SPACE),
        };
        items.push(Item::Marker { at, shape, size: s(30.0), fill });
        items.push(Item::Text {
            text: p.name.clone(),
            at: [at[0] + s(22.0), at[1] + s(8.0)],
            size: s(22.0),
            colour: BLACK,
            max_width: None,
            max_lines: 1,
        });
    }
    // Scale bar (bottom left) and north arrow (top right; local grid north is true north at the centre).
    let len_m = nice_length(f64::from(fw) / scale / 5.0);
    let len_px = (len_m * scale) as f32;
    let (sx, sy) = (fx + s(40.0), fy + fh - s(50.0));
    items.push(Item::Line { points: vec![[sx, sy], [sx + len_px, sy]], stroke: BLACK, width: s(5.0) });
    for x in [sx, sx + len_px] {
        items.push(Item::Line { points: vec![[x, sy - s(14.0)], [x, sy + s(2.0)]], stroke: BLACK, width: s(4.0) });
    }
    items.push(Item::Text {
        text: if len_m >= 1000.0 { format!("{} km", len_m / 1000.0) } else { format!("{len_m} m") },
        at: [sx, sy - s(22.0)],
        size: s(26.0),
        colour: BLACK,
        max_width: None,
        max_lines: 1,
    });
    let (nx, ny) = (fx + fw - s(70.0), fy + s(50.0));
    items.push(Item::Polygon {
        rings: vec![vec![
            [nx, ny],
            [nx + s(20.0), ny + s(60.0)],
            [nx, ny + s(45.0)],
            [nx - s(20.0), ny + s(60.0)],
            [nx, ny],
        ]],
        fill: BLACK,
        stroke: BLACK,
        width: s(1.0),
    });
    items.push(Item::Text {
        text: "北".into(),
        at: [nx - s(14.0), ny + s(100.0)],
        size: s(30.0),
        colour: BLACK,
        max_width: None,
        max_lines: 1,
    });
}

/// The zone table: 序号, 区域, 等级 (coloured), 主要危险因素, 管控措施, 责任人.
fn zone_table(input: &PosterInput, area: [f32; 4], k: f32, items: &mut Vec<Item>) {
    let s = |v: f32| v * k;
    let [x, y, w, h] = area;
    let cols = [0.07, 0.18, 0.18, 0.19, 0.26, 0.12].map(|f| f * w);
    let head = ["序号", "风险区域", "等级", "主要危险因素", "管控措施", "责任人"];
    let row_h = s(104.0);
    let head_h = s(52.0);
    let mut cx = x;
    for (i, t) in head.iter().enumerate() {
        items.push(Item::Rect {
            rect: [cx, y, cols[i], head_h],
            fill: [0xE6, 0xE6, 0xE6, 0xFF],
            stroke: Some((GREY, s(1.5))),
        });
        items.push(Item::Text {
            text: (*t).into(),
            at: [cx + s(8.0), y + s(36.0)],
            size: s(24.0),
            colour: BLACK,
            max_width: Some(cols[i] - s(12.0)),
            max_lines: 1,
        });
        cx += cols[i];
    }
    let mut zones: Vec<&RiskZone> = input.zones.iter().collect();
    zones.sort_by(|a, b| (a.level, &a.name).cmp(&(b.level, &b.name)));
    let fits = ((h - head_h) / row_h).floor().max(0.0) as usize;
    let shown = if zones.len() > fits { fits.saturating_sub(1) } else { zones.len() };
    for (r, z) in zones.iter().take(shown).enumerate() {
        let ry = y + head_h + r as f32 * row_h;
        let cells = [
            (r + 1).to_string(),
            z.name.clone(),
            format!("{}（{}）", z.level.zh(), z.level.risk_name_zh()),
            z.hazard.clone(),
            z.measures.clone(),
            z.responsible.clone(),
        ];
        let mut cx = x;
        for (i, t) in cells.iter().enumerate() {
            let fill = if i == 2 { level_rgba(z.level, 255) } else { WHITE };
            let colour = if i == 2 && z.level != RiskLevel::Yellow { WHITE } else { BLACK };
            items.push(Item::Rect { rect: [cx, ry, cols[i], row_h], fill, stroke: Some((GREY, s(1.5))) });
            items.push(Item::Text {
                text: t.clone(),
                at: [cx + s(8.0), ry + s(30.0)],
                size: s(22.0),
                colour,
                max_width: Some(cols[i] - s(12.0)),
                max_lines: 3,
            });
            cx += cols[i];
        }
    }
    if shown < zones.len() {
        items.push(Item::Text {
            text: format!("……另有 {} 个风险区域，见企业风险清单", zones.len() - shown),
            at: [x + s(8.0), y + head_h + shown as f32 * row_h + s(40.0)],
            size: s(24.0),
            colour: BLACK,
            max_width: Some(w),
            max_lines: 1,
        });
    }
    if zones.is_empty() {
        items.push(Item::Text {
            text: "尚未登记风险区域".into(),
            at: [x + s(8.0), y + head_h + s(40.0)],
            size: s(24.0),
            colour: GREY,
            max_width: Some(w),
            max_lines: 1,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::risk_zones::overall_level;
    use geo_types::{MultiPolygon, polygon};

    fn zone(name: &str, level: RiskLevel, dx: f64) -> RiskZone {
        let (lon, lat, d) = (114.35 + dx, 36.1, 0.0008);
        RiskZone {
            id: 0,
            enterprise_id: 1,
            name: name.into(),
            kind: String::new(),
            level,
            lec: None,
            hazard: "火灾".into(),
            measures: "巡检".into(),
            responsible: "张三".into(),
            phone: String::new(),
            outline: MultiPolygon(vec![polygon![
                (x: lon, y: lat), (x: lon + d, y: lat), (x: lon + d, y: lat + d), (x: lon, y: lat + d), (x: lon, y: lat)
            ]]),
            illustrative: true,
            note: String::new(),
        }
    }

    fn enterprise() -> Enterprise {
        Enterprise {
            id: 1,
            code: None,
            name: "安阳化工（示意）".into(),
            credit_code: "91410500MA00000000".into(),
            industry: "危化".into(),
            risk: RiskLevel::Blue,
            district: None,
            township: None,
            address: String::new(),
            contact: String::new(),
            phone: "0372-1234567".into(),
            in_park: false,
            location: LonLat::new(114.3505, 36.1005),
            site: None,
            illustrative: true,
            note: String::new(),
        }
    }

    #[test]
    fn zones_sit_in_the_map_frame_in_palette_colours_with_red_on_top() {
        let zones = vec![zone("罐区", RiskLevel::Red, 0.0), zone("仓库", RiskLevel::Blue, 0.002)];
        let e = enterprise();
        let overall = overall_level(e.risk, None, &zones);
        let input = PosterInput {
            enterprise: &e,
            overall: &overall,
            zones: &zones,
            points: &[],
            plan: None,
            last_filing: None,
            made_on: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
        };
        let (w, h) = a3_landscape(150.0);
        let l = layout(&input, w, h);
        let polys: Vec<(&Vec<Vec<[f32; 2]>>, Rgba)> = l
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Polygon { rings, fill, .. } if fill[3] == 150 => Some((rings, *fill)),
                _ => None,
            })
            .collect();
        assert_eq!(polys.len(), 2);
        assert_eq!(polys[1].1, level_rgba(RiskLevel::Red, 150), "red is drawn last");
        let frame_right = 60.0 + 1500.0;
        for (rings, _) in &polys {
            for p in &rings[0] {
                assert!(p[0] > 60.0 && p[0] < frame_right && p[1] > 230.0 && p[1] < h as f32 - 150.0, "{p:?}");
            }
        }
        let texts: Vec<&str> = l
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.iter().any(|t| t.contains("总体风险：红（重大风险）")), "{texts:?}");
        assert!(texts.iter().any(|t| t.contains("示意")));
        assert!(texts.iter().any(|t| t.contains("尚未报备")));
        for l in RiskLevel::ALL {
            assert!(texts.iter().any(|t| t.starts_with(l.zh()) && t.contains(l.risk_name_zh())), "legend {l}");
        }
    }

    #[test]
    fn scale_bar_lengths_are_round() {
        assert_eq!(nice_length(340.0), 200.0);
        assert_eq!(nice_length(60.0), 50.0);
        assert_eq!(nice_length(1.4), 1.0);
    }
}

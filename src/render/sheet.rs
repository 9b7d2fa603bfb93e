//! A map sheet for briefings: the map with title, legend, scale bar, north arrow, date and the
//! 示意 note, rendered in software to PNG or PDF. The window's 导出 and `onemap render` both
//! come here, so an export is the map on screen drawn by the same layers.

use std::path::Path;

use thiserror::Error;
use tiny_skia::{Pixmap, Transform};

use super::display::{Align, Dash, DisplayList, Item, Str, Text};
use super::legend::{self, LegendTally, Swatch};
use super::style::{Rgba, Theme};
use super::{LayerId, MapView, Renderer, Scene, raster, scalebar, text};
use crate::i18n::{Lang, T};

#[derive(Debug, Error)]
pub enum SheetError {
    #[error("the image size {0}×{1} is not usable (each side must be 64 to 20000 pixels)")]
    Size(u32, u32),
    #[error("cannot write {path}: {message}")]
    Write { path: String, message: String },
}

/// What goes on the sheet besides the map.
#[derive(Debug, Clone)]
pub struct SheetOptions {
    pub title: String,
    /// Second line under the title (project file, area).
    pub subtitle: String,
    /// Shown as 制图日期.
    pub date: String,
    pub lang: Lang,
    pub theme: Theme,
    /// Device pixels per logical pixel (2 for print-quality PNG/PDF).
    pub pixel_scale: f32,
}

/// Where the sheet put its furniture (logical pixels), for tests and for the window's preview.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetLayout {
    pub title: Option<[[f32; 2]; 2]>,
    pub legend: Option<[[f32; 2]; 2]>,
    pub scale_bar: Option<[[f32; 2]; 2]>,
    pub north_arrow: Option<[[f32; 2]; 2]>,
}

const PAD: f32 = 10.0;
const ROW: f32 = 19.0;
const LEGEND_TEXT: f32 = 12.0;

fn text(at: [f32; 2], align: Align, s: String, size: f32, colour: Rgba, halo: Option<Rgba>) -> Item {
    Item::Text(Text { at, align, text: Str::Owned(s), size, colour, halo })
}

/// The sheet furniture for a map of `view`, as a display list in the view's logical pixels.
pub fn overlays(view: &MapView, tally: &LegendTally, opts: &SheetOptions) -> (DisplayList, SheetLayout) {
    let pal = opts.theme.palette();
    let lang = opts.lang;
    let mut list = DisplayList::default();
    let mut layout = SheetLayout::default();
    let [x0, y0] = view.origin;
    let [w, h] = view.size;

    // Title, top left; the subtitle may be a small table (lines, cells split by tabs).
    if !opts.title.is_empty() {
        let [tw, th] = text::measure(&opts.title, 22.0);
        let rows: Vec<Vec<&str>> = opts.subtitle.lines().map(|l| l.split('\t').collect()).collect();
        let line_h = text::measure("", 12.0)[1];
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let col_w: Vec<f32> = (0..columns)
            .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|t| text::width(t, 12.0)).fold(0.0, f32::max))
            .collect();
        let gap = 14.0;
        let sw = col_w.iter().sum::<f32>() + gap * columns.saturating_sub(1) as f32;
        let sh = line_h * rows.len() as f32;
        let bw = tw.max(sw) + 2.0 * PAD;
        let bh = th + sh + 2.0 * PAD - 4.0;
        let (min, max) = ([x0 + PAD, y0 + PAD], [x0 + PAD + bw, y0 + PAD + bh]);
        list.items.push(Item::Rect { min, max, fill: pal.panel, stroke: pal.panel_line, width: 1.0 });
        list.items.push(text(
            [min[0] + PAD, min[1] + PAD - 2.0 + th / 2.0],
            Align::Left,
            opts.title.clone(),
            22.0,
            pal.text,
            None,
        ));
        for (r, row) in rows.iter().enumerate() {
            let mut x = min[0] + PAD;
            for (cell, w) in row.iter().zip(&col_w) {
                let y = min[1] + PAD - 2.0 + th + line_h * (r as f32 + 0.5);
                list.items.push(text([x, y], Align::Left, cell.to_string(), 12.0, pal.text_muted, None));
                x += w + gap;
            }
        }
        layout.title = Some([min, max]);
    }

    // North arrow, top right.
    {
        let c = [x0 + w - PAD - 18.0, y0 + PAD + 26.0];
        let (min, max) = ([c[0] - 18.0, c[1] - 26.0], [c[0] + 18.0, c[1] + 24.0]);
        list.items.push(Item::Rect { min, max, fill: pal.panel, stroke: pal.panel_line, width: 1.0 });
        let tip = [c[0], c[1] - 12.0];
        let left = [c[0] - 8.0, c[1] + 12.0];
        let right = [c[0] + 8.0, c[1] + 12.0];
        let mid = [c[0], c[1] + 6.0];
        let p = list.push_points([tip, mid, left]);
        list.rings.push(p);
        let q = list.push_points([tip, right, mid]);
        list.rings.push(q.clone());
        let n = list.rings.len() as u32;
        let base = list.indices.len() as u32;
        let first = list.points.len() as u32 - 6;
        list.indices.extend([first, first + 1, first + 2]);
        list.items.push(Item::Polygon { rings: n - 2..n - 1, triangles: base..base + 3, fill: pal.text });
        let base = list.indices.len() as u32;
        list.indices.extend([first + 3, first + 4, first + 5]);
        list.items.push(Item::Polygon { rings: n - 1..n, triangles: base..base + 3, fill: pal.panel });
        list.items.push(Item::Line { points: q, closed: true, width: 1.0, colour: pal.text, dash: None });
        list.items.push(text([c[0], c[1] - 13.0], Align::Bottom, lang.t(T::North).to_string(), 12.0, pal.text, None));
        layout.north_arrow = Some([min, max]);
    }

    // Scale bar and date, bottom left.
    {
        let bar = scalebar::scale_bar(view.metres_per_px_at_centre(), (w * 0.22).clamp(60.0, 220.0));
        let date = format!("{}：{}   OneMap", lang.t(T::MapDate), opts.date);
        let [dw, _] = text::measure(&date, 11.0);
        let bw = bar.px.max(dw) + 2.0 * PAD + 30.0;
        let (min, max) = ([x0 + PAD, y0 + h - PAD - 52.0], [x0 + PAD + bw, y0 + h - PAD]);
        list.items.push(Item::Rect { min, max, fill: pal.panel, stroke: pal.panel_line, width: 1.0 });
        let bx = min[0] + PAD;
        let by = min[1] + 24.0;
        let half = bar.px / 2.0;
        list.items.push(Item::Rect {
            min: [bx, by - 3.0],
            max: [bx + half, by + 3.0],
            fill: pal.text,
            stroke: pal.text,
            width: 1.0,
        });
        list.items.push(Item::Rect {
            min: [bx + half, by - 3.0],
            max: [bx + bar.px, by + 3.0],
            fill: pal.panel,
            stroke: pal.text,
            width: 1.0,
        });
        list.items.push(text([bx, by - 5.0], Align::Bottom, "0".into(), 11.0, pal.text, None));
        list.items.push(text([bx + bar.px, by - 5.0], Align::Bottom, bar.label.clone(), 11.0, pal.text, None));
        list.items.push(text([bx, by + 15.0], Align::Left, date, 11.0, pal.text_muted, None));
        layout.scale_bar = Some([min, max]);
    }

    // Legend, bottom right.
    let groups = legend::groups(tally, opts.theme, lang);
    if !groups.is_empty() {
        let note = tally.illustrative.then(|| lang.t(T::IllustrativeNote).to_string());
        let mut rows = 1.2_f32; // the heading
        let mut widest = text::width(lang.t(T::Legend), 14.0);
        for g in &groups {
            rows += 1.0 + g.entries.len() as f32;
            widest = widest.max(text::width(&g.title, LEGEND_TEXT));
            for e in &g.entries {
                widest = widest.max(28.0 + text::width(&e.label, LEGEND_TEXT));
            }
        }
        let note_w = note.as_ref().map_or(0.0, |n| text::width(n, 10.5));
        let bw = widest.max(note_w.min(260.0)) + 2.0 * PAD;
        let note_rows = note.as_ref().map_or(0.0, |_| (note_w / (bw - 2.0 * PAD)).ceil() + 0.3);
        let bh = (rows + note_rows) * ROW + 2.0 * PAD;
        let max = [x0 + w - PAD, y0 + h - PAD];
        let min = [max[0] - bw, (max[1] - bh).max(y0 + 70.0)];
        list.items.push(Item::Rect { min, max, fill: pal.panel, stroke: pal.panel_line, width: 1.0 });
        let mut y = min[1] + PAD + ROW * 0.6;
        list.items.push(text([min[0] + PAD, y], Align::Left, lang.t(T::Legend).to_string(), 14.0, pal.text, None));
        y += ROW * 1.2;
        for g in &groups {
            list.items.push(text([min[0] + PAD, y], Align::Left, g.title.clone(), LEGEND_TEXT, pal.text_muted, None));
            y += ROW;
            for e in &g.entries {
                let c = [min[0] + PAD + 10.0, y];
                swatch(&mut list, c, &e.swatch);
                list.items.push(text(
                    [min[0] + PAD + 28.0, y],
                    Align::Left,
                    e.label.clone(),
                    LEGEND_TEXT,
                    pal.text,
                    None,
                ));
                y += ROW;
                if y > max[1] - PAD {
                    break;
                }
            }
        }
        if let Some(n) = note {
            // Wrap the note to the box width, character by character (Chinese has no spaces).
            let mut line = String::new();
            for ch in n.chars() {
                line.push(ch);
                if text::width(&line, 10.5) > bw - 2.0 * PAD {
                    let last = line.pop();
                    list.items.push(text(
                        [min[0] + PAD, y],
                        Align::Left,
                        std::mem::take(&mut line),
                        10.5,
                        Rgba::rgb(0xC0, 0x5A, 0x00),
                        None,
                    ));
                    y += ROW * 0.8;
                    line.extend(last);
                }
            }
            if !line.is_empty() {
                list.items.push(text([min[0] + PAD, y], Align::Left, line, 10.5, Rgba::rgb(0xC0, 0x5A, 0x00), None));
            }
        }
        layout.legend = Some([min, max]);
    }
    (list, layout)
}

/// A legend sample centred at `c`.
pub fn swatch(list: &mut DisplayList, c: [f32; 2], s: &Swatch) {
    match *s {
        Swatch::Symbol(mut sym) => {
            sym.size = sym.size.min(18.0);
            list.items.push(Item::Symbol { at: c, symbol: sym });
        }
        Swatch::Line { colour, width, dash } => {
            list.line([[c[0] - 10.0, c[1]], [c[0] + 10.0, c[1]]], width.max(1.0), colour, dash);
        }
        Swatch::Circle { fill, stroke, dash } => {
            list.items.push(Item::Circle {
                centre: c,
                radius: 7.5,
                fill,
                stroke,
                width: 1.2,
                dash: dash.map(|d| Dash { on: d.on * 0.6, off: d.off * 0.6 }),
            });
        }
        Swatch::Cluster { fill } => {
            list.items.push(Item::Pie {
                centre: c,
                radius: 8.0,
                slices: [(fill, 1), (fill, 0), (fill, 0), (fill, 0)],
                ring: Rgba::WHITE,
                hole: Rgba::WHITE,
            });
        }
    }
}

/// Renders the map of `view` with its furniture. `view.origin` should be 0,0.
pub fn render(
    renderer: &mut Renderer,
    scene: &Scene,
    view: &MapView,
    visible: &[LayerId],
    opts: &SheetOptions,
) -> Result<(Pixmap, SheetLayout), SheetError> {
    let (w, h) = ((view.size[0] * opts.pixel_scale).round() as u32, (view.size[1] * opts.pixel_scale).round() as u32);
    if !(64..=20_000).contains(&w) || !(64..=20_000).contains(&h) {
        return Err(SheetError::Size(w, h));
    }
    let mut pm = Pixmap::new(w, h).ok_or(SheetError::Size(w, h))?;
    let pal = scene.palette();
    let [r, g, b, _] = pal.land.0;
    pm.fill(tiny_skia::Color::from_rgba8(r, g, b, 255));
    renderer.prepare_layers(scene, view, visible);
    let (furniture, layout) = overlays(view, &renderer.legend(visible), opts);
    // Labels keep clear of the title, legend, scale bar and north arrow.
    let boxes: Vec<super::labels::Obstacle> = [layout.title, layout.legend, layout.scale_bar, layout.north_arrow]
        .into_iter()
        .flatten()
        .map(|[min, max]| super::labels::Obstacle { min, max, rank: u8::MAX })
        .collect();
    renderer.place_labels(visible, view, &pal, &boxes);
    let tf = Transform::from_scale(opts.pixel_scale, opts.pixel_scale);
    for id in visible {
        if let Some(slot) = renderer.slot(*id) {
            raster::paint(&mut pm, &slot.frame.list, 1.0, tf);
        }
    }
    raster::paint(&mut pm, &renderer.labels, 1.0, tf);
    raster::paint(&mut pm, &furniture, 1.0, tf);
    Ok((pm, layout))
}

/// Writes a pixmap as PNG.
pub fn write_png(pm: &Pixmap, path: &Path) -> Result<(), SheetError> {
    pm.save_png(path).map_err(|e| SheetError::Write { path: path.display().to_string(), message: e.to_string() })
}

/// Writes a pixmap as a one-page PDF, the image filling an A4 landscape page (or the image's
/// proportions at A4 width). Lossless (Flate), so text stays crisp.
pub fn write_pdf(pm: &Pixmap, path: &Path) -> Result<(), SheetError> {
    let err = |e: std::io::Error| SheetError::Write { path: path.display().to_string(), message: e.to_string() };
    std::fs::write(path, super::pdf::image_page(pm, super::pdf::A4_LANDSCAPE_PT)).map_err(err)
}

/// Renders a whole snapshot headless: the view fits `bbox` (default: the project's extent) in
/// `size` logical pixels; every layer is shown.
pub fn render_snapshot(
    snapshot: &crate::snapshot::Snapshot,
    bbox: Option<crate::snapshot::BBox>,
    size: [f32; 2],
    scene_options: &super::SceneOptions,
    opts: &SheetOptions,
) -> Result<(Pixmap, SheetLayout, MapView), SheetError> {
    render_with_records(snapshot, std::sync::Arc::default(), bbox, size, scene_options, opts)
}

/// [`render_snapshot`] with the project's records (risk zones, hazards, pre-positionings,
/// warnings) drawn too.
pub fn render_with_records(
    snapshot: &crate::snapshot::Snapshot,
    records: std::sync::Arc<super::records::MapRecords>,
    bbox: Option<crate::snapshot::BBox>,
    size: [f32; 2],
    scene_options: &super::SceneOptions,
    opts: &SheetOptions,
) -> Result<(Pixmap, SheetLayout, MapView), SheetError> {
    let datum = super::Datum::Wgs84;
    let index = super::MapIndex::build(snapshot, datum).with_records(records);
    let mask = super::FilterMask::all(snapshot, 1);
    let scene = Scene { snapshot, index: &index, mask: &mask, options: scene_options, version: 1 };
    let bbox = bbox.or_else(|| snapshot.extent()).unwrap_or(crate::snapshot::BBox {
        west: 73.5,
        south: 18.0,
        east: 135.0,
        north: 53.5,
    });
    let view = MapView::fit(bbox, size, 24.0, datum);
    let mut renderer = Renderer::default();
    let (pm, layout) = render(&mut renderer, &scene, &view, &LayerId::ALL, opts)?;
    Ok((pm, layout, view))
}

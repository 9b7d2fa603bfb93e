//! The 演练 watermark drill mode puts over the whole map, so a screen or screenshot from an
//! exercise can never be taken for a real incident. Not a layer: it cannot be hidden.

use crate::i18n::{Lang, T};
use crate::render::MapView;
use crate::render::display::{Align, DisplayList, Item, Str, Text};
use crate::render::style::Rgba;

/// The watermark's red: the fire service's, faint enough to read the map through.
const MARK: Rgba = Rgba([0xD3, 0x2F, 0x2F, 0x48]);
const BANNER: Rgba = Rgba([0xD3, 0x2F, 0x2F, 0xE6]);

/// Adds the watermark for a view: a large 演练 in the middle, repeated in a sparse grid, and a
/// banner with the exercise's name at the top.
pub fn draw(view: &MapView, exercise: &str, lang: Lang, list: &mut DisplayList) {
    let [x0, y0] = view.origin;
    let [w, h] = view.size;
    let word = lang.t(T::Drill);
    // One mark every ~420 × 300 pixels, the middle one on the centre.
    let (step_x, step_y) = (420.0_f32, 300.0_f32);
    let (cx, cy) = (x0 + w / 2.0, y0 + h / 2.0);
    let nx = (w / 2.0 / step_x).ceil() as i32;
    let ny = (h / 2.0 / step_y).ceil() as i32;
    for j in -ny..=ny {
        for i in -nx..=nx {
            // Alternate rows shift by half a step, like a banknote's watermark.
            let shift = if j % 2 == 0 { 0.0 } else { step_x / 2.0 };
            let at = [cx + i as f32 * step_x + shift, cy + j as f32 * step_y];
            if at[0] < x0 - step_x / 2.0 || at[0] > x0 + w + step_x / 2.0 {
                continue;
            }
            let size = if i == 0 && j == 0 { 120.0 } else { 64.0 };
            list.items.push(Item::Text(Text {
                at,
                align: Align::Center,
                text: Str::Static(word),
                size,
                colour: MARK,
                halo: None,
            }));
        }
    }
    let banner = if exercise.trim().is_empty() {
        lang.t(T::DrillModeBanner).to_string()
    } else {
        format!("{} · {}", lang.t(T::DrillModeBanner), exercise.trim())
    };
    list.items.push(Item::Text(Text {
        at: [cx, y0 + 54.0],
        align: Align::Center,
        text: Str::Owned(banner),
        size: 18.0,
        colour: BANNER,
        halo: Some(Rgba::WHITE),
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LonLat;
    use crate::render::Datum;

    #[test]
    fn the_mark_covers_the_view_and_names_the_exercise() {
        let view = MapView::new(LonLat::new(114.35, 36.1), 12.0, [1200.0, 800.0], Datum::Wgs84);
        let mut list = DisplayList::default();
        draw(&view, "危化品泄漏综合演练", Lang::Zh, &mut list);
        let texts: Vec<&Text> =
            list.items.iter().filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None }).collect();
        let marks: Vec<&&Text> = texts.iter().filter(|t| t.text.as_str() == "演练").collect();
        // A mark in the middle and more around it, all on screen or just past its edge.
        assert!(marks.len() >= 5, "{}", marks.len());
        assert!(marks.iter().any(|t| t.at == [600.0, 400.0] && t.size > 100.0));
        assert!(texts.iter().any(|t| t.text.as_str().contains("危化品泄漏综合演练")));
    }
}

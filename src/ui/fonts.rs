//! Installs the bundled Noto Sans SC subset as egui's first proportional font (and the CJK
//! fallback of the monospace one), so every Chinese string renders on any machine, in the
//! window and in kittest harnesses alike.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

use crate::render::text::FONT_BYTES;

const NAME: &str = "NotoSansSC-OneMap";

/// The font definitions with the bundled font first.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(NAME.to_owned(), Arc::new(FontData::from_static(FONT_BYTES)));
    if let Some(list) = fonts.families.get_mut(&FontFamily::Proportional) {
        list.insert(0, NAME.to_owned());
    }
    if let Some(list) = fonts.families.get_mut(&FontFamily::Monospace) {
        list.push(NAME.to_owned());
    }
    fonts
}

pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

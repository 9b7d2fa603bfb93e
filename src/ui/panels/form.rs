//! Small form rows shared by the record windows (hazard card, drills, pre-positionings,
//! warnings): a text field tied to its label (so screen readers and tests find it by name), a
//! choice among a domain enum's values, and the red line a refused write leaves.

use egui::{Color32, ComboBox, RichText, TextEdit, Ui};

use crate::i18n::Lang;
use crate::model::Labelled;

/// A record window, placed left of the map's middle so the point the user clicks next stays
/// in view; `body` draws its contents and returns what it asks for.
pub fn window<R>(
    ctx: &egui::Context,
    open: &mut bool,
    title: &str,
    id: &str,
    body: impl FnOnce(&mut Ui) -> Option<R>,
) -> Option<R> {
    let mut out = None;
    egui::Window::new(title)
        .id(egui::Id::unique(id))
        .open(open)
        .default_width(460.0)
        .default_pos(ctx.content_rect().left_top() + egui::vec2(300.0, 60.0))
        .show(ctx, |ui| out = body(ui));
    out
}

/// The non-empty lines of a multi-line field, trimmed (attachments: one path per line).
pub fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// Colour of a refusal or a wrong entry.
pub const ERROR: Color32 = Color32::from_rgb(0xD3, 0x2F, 0x2F);

/// A one-line text field in a two-column grid, labelled by its first column.
pub fn text(ui: &mut Ui, label: &str, value: &mut String) {
    let l = ui.label(label);
    ui.add(TextEdit::singleline(value).desired_width(240.0)).labelled_by(l.id);
    ui.end_row();
}

/// A multi-line text field in a two-column grid.
pub fn multiline(ui: &mut Ui, label: &str, value: &mut String) {
    let l = ui.label(label);
    ui.add(TextEdit::multiline(value).desired_rows(2).desired_width(240.0)).labelled_by(l.id);
    ui.end_row();
}

/// A choice of one of the project's enterprises (or none) in a two-column grid; true when the
/// user picked an enterprise.
pub fn enterprise(
    ui: &mut Ui,
    label: &str,
    salt: &str,
    value: &mut Option<crate::model::FeatureId>,
    enterprises: &[crate::model::Enterprise],
) -> bool {
    ui.label(label);
    let shown =
        value.and_then(|id| enterprises.iter().find(|e| e.id == id)).map_or("—".to_string(), |e| e.name.clone());
    let mut picked = false;
    ComboBox::from_id_salt(salt).selected_text(shown).width(240.0).show_ui(ui, |ui| {
        ui.selectable_value(value, None, "—");
        for e in enterprises {
            picked |= ui.selectable_value(value, Some(e.id), &e.name).clicked();
        }
    });
    ui.end_row();
    picked
}

/// A choice among an enum's values in a two-column grid; with `none` the choice can be empty.
pub fn choice<L: Labelled + PartialEq>(
    ui: &mut Ui,
    label: &str,
    salt: &str,
    value: &mut Option<L>,
    none: Option<&str>,
    lang: Lang,
) {
    ui.label(label);
    let shown = value.map_or_else(|| none.unwrap_or_default().to_string(), |v| lang.label(v).to_string());
    ComboBox::from_id_salt(salt).selected_text(shown).width(240.0).show_ui(ui, |ui| {
        if let Some(n) = none {
            ui.selectable_value(value, None, n);
        }
        for &v in L::ALL {
            ui.selectable_value(value, Some(v), lang.label(v));
        }
    });
    ui.end_row();
}

/// The message of a refused or wrong entry, in red, when there is one.
pub fn error_line(ui: &mut Ui, error: &Option<String>) {
    if let Some(e) = error {
        ui.label(RichText::new(e).color(ERROR));
    }
}

/// A day typed in a form (2024-03-05, 2024年3月5日 …).
pub fn day(text: &str) -> Result<chrono::NaiveDate, String> {
    use crate::model::ledger_date::{PeriodEnd, typed};
    typed(text, PeriodEnd::Start, None, None)?
        .date
        .ok_or_else(|| format!("\"{}\" is not a day; write it like 2024-03-05", text.trim()))
}

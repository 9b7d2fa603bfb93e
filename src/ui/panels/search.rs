//! Search by name, address or code across every layer; Enter (or a click) selects the result
//! and brings it into view.

use egui::{Key, RichText, ScrollArea, TextEdit, Ui};

use crate::i18n::T;
use crate::model::Layer;
use crate::snapshot::Snapshot;
use crate::ui::command::Command;
use crate::ui::document::FeatureRef;
use crate::ui::view::{Cx, View};

/// One search hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub feature: FeatureRef,
    pub name: String,
    pub detail: String,
}

/// Results cap: more than this is not a search result list any more.
const MAX_RESULTS: usize = 100;

/// Features whose name, address or code contains `query` (case-insensitive), best first:
/// names that start with the query, then names that contain it, then other matches.
pub fn search(s: &Snapshot, query: &str) -> Vec<Hit> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(u8, Hit)> = Vec::new();
    let mut consider = |layer: Layer, id, name: &str, address: &str, code: Option<&str>| {
        let n = name.to_lowercase();
        let score = if n.starts_with(&q) {
            0
        } else if n.contains(&q) {
            1
        } else if address.to_lowercase().contains(&q) || code.is_some_and(|c| c.to_lowercase().contains(&q)) {
            2
        } else {
            return;
        };
        scored.push((
            score,
            Hit { feature: FeatureRef { layer, id }, name: name.to_string(), detail: address.to_string() },
        ));
    };
    for x in &s.stations {
        consider(Layer::Stations, x.id, &x.name, &x.address, x.code.as_deref());
    }
    for x in &s.teams {
        consider(Layer::Teams, x.id, &x.name, &x.address, x.code.as_deref());
    }
    for x in &s.depots {
        consider(Layer::Depots, x.id, &x.name, &x.address, x.code.as_deref());
    }
    for x in &s.enterprises {
        consider(Layer::Enterprises, x.id, &x.name, &x.address, x.code.as_deref());
    }
    for x in &s.areas {
        consider(Layer::Areas, x.id, &x.name, "", Some(&x.code));
    }
    scored.sort_by_key(|(score, h)| (*score, h.feature.layer, h.name.chars().count()));
    scored.into_iter().take(MAX_RESULTS).map(|(_, h)| h).collect()
}

#[derive(Default)]
pub struct SearchPanel {
    pub query: String,
    results: Vec<Hit>,
    key: Option<(String, u64)>,
    highlighted: usize,
    /// Focus the search box at the next frame (Ctrl+F).
    pub focus: bool,
}

impl View for SearchPanel {
    fn ui(&mut self, ui: &mut Ui, cx: &mut Cx) -> Option<Command> {
        let lang = cx.lang();
        let edit = TextEdit::singleline(&mut self.query).hint_text(lang.t(T::SearchHint)).desired_width(f32::INFINITY);
        let response = ui.add(edit);
        if self.focus {
            response.request_focus();
            self.focus = false;
        }
        let doc = cx.doc?;
        let key = (self.query.clone(), doc.version);
        if self.key.as_ref() != Some(&key) {
            self.results = search(&doc.snapshot, &self.query);
            self.highlighted = 0;
            self.key = Some(key);
        }
        if self.query.trim().is_empty() {
            return None;
        }
        let mut out = None;
        let (enter, down, up) =
            ui.input(|i| (i.key_pressed(Key::Enter), i.key_pressed(Key::ArrowDown), i.key_pressed(Key::ArrowUp)));
        if response.has_focus() || response.lost_focus() {
            if down {
                self.highlighted = (self.highlighted + 1).min(self.results.len().saturating_sub(1));
            }
            if up {
                self.highlighted = self.highlighted.saturating_sub(1);
            }
            if enter && let Some(h) = self.results.get(self.highlighted) {
                out = Some(Command::Focus(h.feature));
            }
        }
        if self.results.is_empty() {
            ui.label(RichText::new(lang.t(T::NoResults)).weak());
            return out;
        }
        ui.label(RichText::new(format!("{} {}", self.results.len(), lang.t(T::Results))).weak().small());
        ScrollArea::vertical().id_salt("results").max_height(220.0).show(ui, |ui| {
            for (i, h) in self.results.iter().enumerate() {
                let text = format!("{}  ·  {}", h.name, lang.label(h.feature.layer));
                let r = ui.selectable_label(i == self.highlighted, text);
                let r = if h.detail.is_empty() { r } else { r.on_hover_text(&h.detail) };
                if r.clicked() {
                    self.highlighted = i;
                    out = Some(Command::Focus(h.feature));
                }
            }
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LonLat, Station, StationClass, StationStatus};

    fn station(id: i64, name: &str, address: &str) -> Station {
        Station {
            id,
            code: Some(format!("S{id:03}")),
            name: name.into(),
            class: StationClass::Level2,
            status: StationStatus::Planned,
            district: None,
            address: address.into(),
            phone: String::new(),
            personnel: 0,
            turnout_s: None,
            vehicles: vec![],
            location: LonLat::new(114.3, 36.1),
            illustrative: true,
            note: String::new(),
        }
    }

    #[test]
    fn names_rank_before_addresses_and_prefixes_first() {
        let s = Snapshot::from_parts(
            vec![station(1, "北关汪家店路站", ""), station(2, "汪家店消防站", ""), station(3, "某站", "汪家店村东")],
            vec![],
            vec![],
            vec![],
            vec![],
        );
        let hits = search(&s, "汪家店");
        let ids: Vec<i64> = hits.iter().map(|h| h.feature.id).collect();
        assert_eq!(ids, vec![2, 1, 3]);
        assert_eq!(search(&s, "s003")[0].feature.id, 3, "codes match case-insensitively");
        assert!(search(&s, "  ").is_empty());
    }
}

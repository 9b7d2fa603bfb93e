//! The hover card of a risk zone at street zoom: what the four-color map's notice board says
//! about it — level (and LEC score), hazards, control measures, the responsible person.

use egui::{Color32, RichText, Ui};

use crate::i18n::{Lang, T};
use crate::model::risk_zones::RiskZone;

pub fn zone_card(ui: &mut Ui, zone: &RiskZone, enterprise: Option<&str>, lang: Lang) {
    let [r, g, b] = zone.level.rgb();
    ui.horizontal(|ui| {
        let level = match lang {
            Lang::Zh => format!(" {} {} ", crate::model::Labelled::zh(zone.level), zone.level.risk_name_zh()),
            Lang::En => format!(" {} ", crate::model::Labelled::en(zone.level)),
        };
        ui.label(RichText::new(level).color(Color32::WHITE).background_color(Color32::from_rgb(r, g, b)));
        ui.label(RichText::new(&zone.name).strong());
    });
    if let Some(e) = enterprise {
        ui.label(RichText::new(e).weak());
    }
    let row = |ui: &mut Ui, key: T, value: &str| {
        if !value.trim().is_empty() {
            ui.label(format!("{}：{}", lang.t(key), value));
        }
    };
    if let Some(lec) = zone.lec {
        ui.label(format!("LEC  D = {:.0}（L {} × E {} × C {}）", lec.d(), lec.l, lec.e, lec.c));
    }
    row(ui, T::ZoneHazard, &zone.hazard);
    row(ui, T::ZoneMeasures, &zone.measures);
    let who =
        if zone.phone.is_empty() { zone.responsible.clone() } else { format!("{} {}", zone.responsible, zone.phone) };
    row(ui, T::ZoneResponsible, &who);
}

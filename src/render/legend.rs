//! The legend: layers record what they actually drew ([`LegendTally`]); the legend lists
//! exactly that, grouped by layer, so it always matches the map.

use std::collections::BTreeSet;

use super::display::Dash;
use super::style::{self, Rgba, Symbol, Theme};
use crate::i18n::{Lang, T};
use crate::model::{DepotLevel, Labelled, Layer, RiskLevel, StationClass, StationStatus, TeamKind};

/// Something a legend can explain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LegendKey {
    CityLine,
    DistrictLine,
    TownshipLine,
    CountryLine,
    Protection {
        planned: bool,
    },
    StationClass(StationClass),
    StationStatus(StationStatus),
    TeamKind(TeamKind),
    DepotLevel(DepotLevel),
    Risk(RiskLevel),
    Cluster(Layer),
    RiskZone(RiskLevel),
    RiskPoint(crate::model::risk_zones::RiskPointKind),
    Warning(crate::model::warning::WarningLevel),
    Preposition,
    Hazard {
        overdue: bool,
    },
    /// Dispatch: the incident mark, and lines from units (dashed while estimates).
    Incident,
    DispatchLine {
        estimate: bool,
    },
    /// A drive-time band: its cut-off in tenths of a minute, its rank among `of` bands (0 =
    /// shortest, which sets the colour).
    Isochrone {
        tenths: u32,
        rank: u8,
        of: u8,
    },
    ServiceAreas,
    Route,
    /// A siting scenario's sites: 0 planned, 1 optimal.
    Sites(u8),
    Coverage(crate::render::layers::coverage::CoverageKind),
}

/// The keys drawn in a frame, and whether any drawn feature is illustrative (示意).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LegendTally {
    pub keys: BTreeSet<LegendKey>,
    pub illustrative: bool,
}

impl LegendTally {
    pub fn clear(&mut self) {
        self.keys.clear();
        self.illustrative = false;
    }

    pub fn add(&mut self, key: LegendKey) {
        self.keys.insert(key);
    }

    pub fn merge(&mut self, other: &LegendTally) {
        self.keys.extend(other.keys.iter().copied());
        self.illustrative |= other.illustrative;
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// How an entry's sample is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    Symbol(Symbol),
    Line { colour: Rgba, width: f32, dash: Option<Dash> },
    Circle { fill: Rgba, stroke: Rgba, dash: Option<Dash> },
    Cluster { fill: Rgba },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub swatch: Swatch,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub title: String,
    pub entries: Vec<Entry>,
}

/// Dash patterns shared by layers and legend.
pub const DISTRICT_DASH: Dash = Dash { on: 9.0, off: 4.0 };
pub const TOWNSHIP_DASH: Dash = Dash { on: 2.0, off: 3.0 };
pub const PLANNED_DASH: Dash = Dash { on: 4.0, off: 3.0 };
pub const WARNING_DASH: Dash = Dash { on: 10.0, off: 5.0 };
pub const PREPOSITION_DASH: Dash = Dash { on: 6.0, off: 4.0 };

/// The legend groups for a tally, in map order (stations first).
pub fn groups(tally: &LegendTally, theme: Theme, lang: Lang) -> Vec<Group> {
    let pal = theme.palette();
    let mut out = Vec::new();
    let keys = &tally.keys;
    let mut group = |title: &str, entries: Vec<Entry>| {
        if !entries.is_empty() {
            out.push(Group { title: title.to_string(), entries });
        }
    };
    let cluster = |layer: Layer, fill: Rgba| {
        keys.contains(&LegendKey::Cluster(layer))
            .then(|| Entry { swatch: Swatch::Cluster { fill }, label: lang.t(T::Cluster).to_string() })
    };

    let mut e: Vec<Entry> = StationClass::ALL
        .iter()
        .filter(|c| keys.contains(&LegendKey::StationClass(**c)))
        .map(|&c| Entry {
            swatch: Swatch::Symbol(style::station_symbol(c, StationStatus::Existing, theme)),
            label: lang.label(c).to_string(),
        })
        .collect();
    e.extend(
        StationStatus::ALL
            .iter()
            .filter(|s| **s != StationStatus::Existing && keys.contains(&LegendKey::StationStatus(**s)))
            .map(|&s| Entry {
                swatch: Swatch::Symbol(style::station_symbol(StationClass::Level1, s, theme)),
                label: lang.label(s).to_string(),
            }),
    );
    e.extend(cluster(Layer::Stations, style::STATION_RED));
    group(lang.label(Layer::Stations), e);

    let mut e: Vec<Entry> = TeamKind::ALL
        .iter()
        .filter(|k| keys.contains(&LegendKey::TeamKind(**k)))
        .map(|&k| Entry {
            swatch: Swatch::Symbol(style::team_symbol(k, true, theme)),
            label: lang.label(k).to_string(),
        })
        .collect();
    e.extend(cluster(Layer::Teams, style::team_colour(TeamKind::Professional)));
    group(lang.label(Layer::Teams), e);

    let mut e: Vec<Entry> = DepotLevel::ALL
        .iter()
        .filter(|l| keys.contains(&LegendKey::DepotLevel(**l)))
        .map(|&l| Entry { swatch: Swatch::Symbol(style::depot_symbol(l, theme)), label: lang.label(l).to_string() })
        .collect();
    e.extend(cluster(Layer::Depots, style::DEPOT_GREEN));
    group(lang.label(Layer::Depots), e);

    let mut e: Vec<Entry> = RiskLevel::ALL
        .iter()
        .filter(|l| keys.contains(&LegendKey::Risk(**l)))
        .map(|&l| Entry {
            swatch: Swatch::Symbol(style::enterprise_symbol(l, theme)),
            label: match lang {
                Lang::Zh => format!("{}（{}）", l.zh(), l.risk_name_zh()),
                Lang::En => l.en().to_string(),
            },
        })
        .collect();
    e.extend(cluster(Layer::Enterprises, style::risk_colour(RiskLevel::Orange)));
    group(lang.label(Layer::Enterprises), e);

    let mut e = Vec::new();
    for (planned, key) in [(false, T::ProtectionExisting), (true, T::ProtectionPlanned)] {
        if keys.contains(&LegendKey::Protection { planned }) {
            e.push(Entry {
                swatch: Swatch::Circle {
                    fill: style::protection_fill(planned),
                    stroke: style::protection_stroke(planned),
                    dash: planned.then_some(PLANNED_DASH),
                },
                label: lang.t(key).to_string(),
            });
        }
    }
    group(lang.t(T::LayerProtection), e);

    let e: Vec<Entry> = crate::render::layers::coverage::CoverageKind::ALL
        .iter()
        .filter(|k| keys.contains(&LegendKey::Coverage(**k)))
        .map(|&k| Entry {
            swatch: Swatch::Circle { fill: style::coverage_fill(k), stroke: style::coverage_stroke(k), dash: None },
            label: lang.t(k.label()).to_string(),
        })
        .collect();
    group(lang.t(T::LayerCoverage), e);

    let mut e = Vec::new();
    let lines = [
        (LegendKey::CityLine, T::CityBoundary, pal.city_line, 2.2, None),
        (LegendKey::DistrictLine, T::DistrictBoundary, pal.district_line, 1.3, Some(DISTRICT_DASH)),
        (LegendKey::TownshipLine, T::TownshipBoundary, pal.township_line, 0.8, Some(TOWNSHIP_DASH)),
        (LegendKey::CountryLine, T::CountryBoundary, pal.country_line, 1.0, None),
    ];
    for (key, text, colour, width, dash) in lines {
        if keys.contains(&key) {
            e.push(Entry { swatch: Swatch::Line { colour, width, dash }, label: lang.t(text).to_string() });
        }
    }
    group(lang.t(T::LayerAreas), e);

    let mut e = Vec::new();
    if keys.contains(&LegendKey::Incident) {
        let mark = super::layers::dispatch::INCIDENT;
        e.push(Entry {
            swatch: Swatch::Circle { fill: Rgba::WHITE, stroke: mark, dash: None },
            label: lang.t(T::Incident).to_string(),
        });
    }
    for (estimate, key) in [(false, T::DispatchRouted), (true, T::DispatchEstimated)] {
        if keys.contains(&LegendKey::DispatchLine { estimate }) {
            let dash = estimate.then_some(super::layers::dispatch::ESTIMATE_DASH);
            e.push(Entry {
                swatch: Swatch::Line { colour: style::STATION_RED, width: 2.2, dash },
                label: lang.t(key).to_string(),
            });
        }
    }
    group(lang.t(T::LayerDispatch), e);
    let mut e: Vec<Entry> = keys
        .iter()
        .filter_map(|k| match *k {
            LegendKey::Isochrone { tenths, rank, of } => {
                let (fill, stroke) = style::isochrone_band(usize::from(rank), usize::from(of));
                let minutes = f64::from(tenths) / 10.0;
                Some(Entry {
                    swatch: Swatch::Circle { fill: fill.with_alpha(0x60), stroke, dash: None },
                    label: lang.t(T::LegendMinutes).replace("{m}", &minutes.to_string()),
                })
            }
            _ => None,
        })
        .collect();
    if keys.contains(&LegendKey::ServiceAreas) {
        let colour = style::service_area_colour(0);
        e.push(Entry {
            swatch: Swatch::Line { colour, width: 2.5, dash: None },
            label: lang.t(T::RoadsServiceAreas).into(),
        });
    }
    if keys.contains(&LegendKey::Route) {
        e.push(Entry {
            swatch: Swatch::Line { colour: style::ROUTE, width: 4.0, dash: None },
            label: lang.t(T::LegendRoute).into(),
        });
    }
    for (group, text) in [(0u8, T::SitingPlanned), (1, T::SitingOptimal)] {
        if keys.contains(&LegendKey::Sites(group)) {
            let stroke = style::service_area_colour(usize::from(group));
            e.push(Entry {
                swatch: Swatch::Circle { fill: Rgba::TRANSPARENT, stroke, dash: None },
                label: lang.t(text).into(),
            });
        }
    }
    group(lang.t(T::LayerTravel), e);
    out.extend(record_groups(keys, theme, lang));
    out
}

/// The legend groups of the record layers (risk zones, warnings, pre-positionings, hazards).
fn record_groups(keys: &BTreeSet<LegendKey>, theme: Theme, lang: Lang) -> Vec<Group> {
    use crate::model::risk_zones::RiskPointKind;
    use crate::model::warning::WarningLevel;
    let mut out = Vec::new();
    let mut e: Vec<Entry> = RiskLevel::ALL
        .iter()
        .filter(|l| keys.contains(&LegendKey::RiskZone(**l)))
        .map(|&l| Entry {
            swatch: Swatch::Circle { fill: style::risk_zone_fill(l), stroke: style::risk_colour(l), dash: None },
            label: match lang {
                Lang::Zh => format!("{} {}", l.zh(), l.risk_name_zh()),
                Lang::En => l.en().to_string(),
            },
        })
        .collect();
    e.extend(RiskPointKind::ALL.iter().filter(|k| keys.contains(&LegendKey::RiskPoint(**k))).map(|&k| Entry {
        swatch: Swatch::Symbol(style::risk_point_symbol(k, theme)),
        label: lang.label(k).to_string(),
    }));
    if !e.is_empty() {
        out.push(Group { title: lang.t(T::LayerRiskZones).to_string(), entries: e });
    }
    let e: Vec<Entry> = WarningLevel::ALL
        .iter()
        .filter(|l| keys.contains(&LegendKey::Warning(**l)))
        .map(|&l| Entry {
            swatch: Swatch::Circle {
                fill: style::warning_fill(l),
                stroke: style::warning_colour(l),
                dash: Some(WARNING_DASH),
            },
            label: format!("{}{}", lang.label(l), lang.t(T::WarningSuffix)),
        })
        .collect();
    if !e.is_empty() {
        out.push(Group { title: lang.t(T::LayerWarnings).to_string(), entries: e });
    }
    if keys.contains(&LegendKey::Preposition) {
        let e = vec![Entry {
            swatch: Swatch::Line { colour: style::PREPOSITION_TEAL, width: 2.0, dash: Some(PREPOSITION_DASH) },
            label: lang.t(T::PrepositionLegend).to_string(),
        }];
        out.push(Group { title: lang.t(T::LayerPrepositions).to_string(), entries: e });
    }
    let mut e = Vec::new();
    if keys.contains(&LegendKey::Hazard { overdue: false }) {
        e.push(Entry {
            swatch: Swatch::Symbol(style::hazard_symbol(None, theme)),
            label: lang.t(T::HazardOpen).into(),
        });
    }
    if keys.contains(&LegendKey::Hazard { overdue: true }) {
        e.push(Entry {
            swatch: Swatch::Circle { fill: Rgba::TRANSPARENT, stroke: style::OVERDUE_RED, dash: None },
            label: lang.t(T::HazardOverdue).into(),
        });
    }
    if !e.is_empty() {
        out.push(Group { title: lang.t(T::LayerHazards).to_string(), entries: e });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legend_lists_only_what_was_drawn() {
        let mut t = LegendTally::default();
        assert!(groups(&t, Theme::Light, Lang::Zh).is_empty());
        t.add(LegendKey::StationClass(StationClass::Special));
        t.add(LegendKey::StationStatus(StationStatus::Planned));
        t.add(LegendKey::Risk(RiskLevel::Red));
        let g = groups(&t, Theme::Light, Lang::Zh);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].title, "消防站");
        assert_eq!(g[0].entries.iter().map(|e| e.label.as_str()).collect::<Vec<_>>(), ["特勤站", "规划"]);
        assert_eq!(g[1].entries[0].label, "红（重大风险）");
        let en = groups(&t, Theme::Light, Lang::En);
        assert_eq!(en[0].title, "Fire stations");
    }
}

//! Siting scenarios as the planner saves them: a named set of new station sites (the existing
//! stations are always open and never part of a scenario) and the options it was evaluated or
//! optimised with. Plain data; stored by `store::siting`, evaluated by `planning::project`.

use serde::{Deserialize, Serialize};

use super::{FeatureId, LonLat, RiskLevel, StationClass};

/// How much an enterprise counts, by risk level. The defaults double per level (red 8, orange 4,
/// yellow 2, blue 1): OneMap's choice, stated so planners can see and change it; the four-colour
/// levels are ordinal (应急管理部《企业安全风险分级管控》), so any increasing weights are defensible.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DemandWeights {
    pub red: f64,
    pub orange: f64,
    pub yellow: f64,
    pub blue: f64,
}

impl Default for DemandWeights {
    fn default() -> Self {
        Self { red: 8.0, orange: 4.0, yellow: 2.0, blue: 1.0 }
    }
}

impl DemandWeights {
    pub fn of(&self, level: RiskLevel) -> f64 {
        match level {
            RiskLevel::Red => self.red,
            RiskLevel::Orange => self.orange,
            RiskLevel::Yellow => self.yellow,
            RiskLevel::Blue => self.blue,
        }
    }
}

/// What is to be protected.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DemandKind {
    /// Enterprises, weighted by risk level.
    #[default]
    Enterprises,
    /// Townships at their outline's centroid, weighted by population (1 when unknown).
    Townships,
    /// The features of one of the project's point or polygon layers (any feature table of its
    /// GeoPackage, e.g. one a planner added with QGIS), polygons at their centroid.
    Layer(DemandLayer),
}

/// A layer of the project as demand, and the attribute that weights its features.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DemandLayer {
    /// The layer's table name in the project's GeoPackage.
    pub layer: String,
    /// The numeric attribute weighting each feature; every feature weighs 1 without one.
    pub weight: Option<String>,
}

/// The location model, by its usual abbreviation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// Most demand within the standard with p new sites.
    #[default]
    Mclp,
    /// Fewest new sites putting all demand within the standard.
    Lscp,
    /// Least weighted travel with p new sites.
    Pmedian,
    /// Least worst travel with p new sites.
    Pcenter,
}

impl ModelKind {
    pub const ALL: [ModelKind; 4] = [ModelKind::Mclp, ModelKind::Lscp, ModelKind::Pmedian, ModelKind::Pcenter];

    /// The usual abbreviation.
    pub fn label(self) -> &'static str {
        match self {
            ModelKind::Mclp => "MCLP",
            ModelKind::Lscp => "LSCP",
            ModelKind::Pmedian => "p-median",
            ModelKind::Pcenter => "p-center",
        }
    }

    /// Whether the model takes a number of new sites.
    pub fn takes_p(self) -> bool {
        self != ModelKind::Lscp
    }
}

/// The options a scenario was evaluated or optimised with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScenarioOptions {
    pub model: ModelKind,
    /// New sites to choose (MCLP, p-median, p-center).
    pub p: usize,
    /// The drive-time standard in minutes.
    pub minutes: f64,
    pub demand: DemandKind,
    pub weights: DemandWeights,
    /// Exact (proven, with a gap at the time limit) rather than the heuristic.
    pub exact: bool,
    pub time_limit_s: f64,
}

impl Default for ScenarioOptions {
    fn default() -> Self {
        // 4 min: the 5-minute rule of 建标152-2017 minus its 1 minute of turnout.
        Self {
            model: ModelKind::Mclp,
            p: 8,
            minutes: 4.0,
            demand: DemandKind::Enterprises,
            weights: DemandWeights::default(),
            exact: true,
            time_limit_s: 30.0,
        }
    }
}

/// One new station site of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioSite {
    pub name: String,
    pub location: LonLat,
    pub class: Option<StationClass>,
}

/// A named set of new sites on top of the existing stations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SitingScenario {
    /// 0 for the built-in scenario of the planned stations (not stored) or one not yet stored.
    pub id: FeatureId,
    pub name: String,
    pub sites: Vec<ScenarioSite>,
    pub options: ScenarioOptions,
    pub note: String,
}

impl SitingScenario {
    /// True for the scenario derived from the project's planned stations.
    pub fn is_builtin(&self) -> bool {
        self.id == 0
    }

    /// What is wrong with it, as (field, message), if anything.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        if self.name.trim().is_empty() {
            return Some(("name", "a scenario needs a name".into()));
        }
        for (k, s) in self.sites.iter().enumerate() {
            if let Some(p) = s.location.problem() {
                return Some(("sites", format!("site {} \"{}\": {p}", k + 1, s.name)));
            }
        }
        let o = &self.options;
        if !(o.minutes.is_finite() && o.minutes > 0.0) {
            return Some(("options", format!("standard {} min: use a number of minutes > 0", o.minutes)));
        }
        if !(o.time_limit_s.is_finite() && o.time_limit_s > 0.0) {
            return Some(("options", format!("time limit {} s: use a number of seconds > 0", o.time_limit_s)));
        }
        let w = &o.weights;
        if [w.red, w.orange, w.yellow, w.blue].iter().any(|x| !(x.is_finite() && *x >= 0.0)) {
            return Some(("options", "risk weights must be numbers ≥ 0".into()));
        }
        None
    }
}

/// "规划八站": the built-in scenario's name for `n` planned stations (Chinese numerals to ten).
pub fn planned_name(n: usize) -> String {
    const DIGITS: [&str; 11] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match DIGITS.get(n) {
        Some(d) => format!("规划{d}站"),
        None => format!("规划{n}站"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_is_named_in_chinese_numerals_and_bad_scenarios_are_named() {
        assert_eq!(planned_name(8), "规划八站");
        assert_eq!(planned_name(12), "规划12站");
        let mut s = SitingScenario {
            id: 0,
            name: " ".into(),
            sites: vec![],
            options: ScenarioOptions::default(),
            note: String::new(),
        };
        assert_eq!(s.problem().map(|p| p.0), Some("name"));
        s.name = "a".into();
        s.sites.push(ScenarioSite { name: "x".into(), location: LonLat::new(200.0, 0.0), class: None });
        assert_eq!(s.problem().map(|p| p.0), Some("sites"));
        s.sites.clear();
        s.options.weights.red = -1.0;
        assert_eq!(s.problem().map(|p| p.0), Some("options"));
    }

    #[test]
    fn options_saved_before_layers_still_load_and_a_layer_choice_round_trips() {
        let old: ScenarioOptions = serde_json::from_str(r#"{"model":"pmedian","p":3,"demand":"townships"}"#).unwrap();
        assert_eq!((old.model, old.p, old.demand), (ModelKind::Pmedian, 3, DemandKind::Townships));
        let layer = DemandKind::Layer(DemandLayer { layer: "居民点".into(), weight: Some("人口".into()) });
        let o = ScenarioOptions { demand: layer.clone(), ..Default::default() };
        let back: ScenarioOptions = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
        assert_eq!(back.demand, layer);
    }
}

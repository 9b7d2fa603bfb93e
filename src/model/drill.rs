//! Emergency drills (应急演练): the annual plan and the records of drills held, and the rules
//! saying who must drill how often.
//!
//! Drills are classified two ways, as in AQ/T 9007-2019 《生产安全事故应急演练基本规范》: by
//! content, 综合 (comprehensive) or 专项/单项 (single-subject); by form, 桌面 (tabletop) or
//! 实战 (field).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::coords::LonLat;
use super::feature::FeatureId;
use super::risk::RiskLevel;
use super::unit::UnitRef;
use crate::labelled_enum;

labelled_enum! {
    /// By content.
    pub enum DrillScope: "drill scope" {
        Comprehensive = ("综合", "comprehensive", "Comprehensive", ["综合演练", "综合应急演练"]),
        Special = ("专项", "special", "Single-subject", ["单项", "专项演练", "单项演练", "专项应急演练"]),
    }
}

labelled_enum! {
    /// By form.
    pub enum DrillForm: "drill form" {
        Tabletop = ("桌面", "tabletop", "Tabletop", ["桌面演练", "桌面推演"]),
        Field = ("实战", "field", "Field", ["实战演练", "现场演练"]),
    }
}

labelled_enum! {
    /// A plan entry becomes a record when the drill is held.
    pub enum DrillStatus: "drill status" {
        Planned = ("计划", "planned", "Planned", ["拟开展", "待开展", "计划中"]),
        Held = ("已开展", "held", "Held", ["已完成", "完成", "已举行"]),
        Cancelled = ("取消", "cancelled", "Cancelled", ["已取消"]),
    }
}

/// A drill, planned or held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drill {
    pub id: FeatureId,
    pub code: Option<String>,
    /// 演练名称
    pub name: String,
    pub scope: DrillScope,
    pub form: DrillForm,
    pub status: DrillStatus,
    /// The day in the annual plan.
    pub planned_on: Option<NaiveDate>,
    /// The day it was held; set when `status` is 已开展.
    pub held_on: Option<NaiveDate>,
    /// 组织单位
    pub organizer: String,
    /// The district/county (区县 code) it was held in or organised by.
    pub district: Option<String>,
    /// The enterprise that organised it, for enterprise drills; `None` for government drills.
    pub enterprise: Option<FeatureId>,
    /// Organised or led by the enterprise's principal (主要负责人).
    pub head_led: bool,
    /// 演练情景: what is simulated.
    pub scenario: String,
    /// The scenario point on the map.
    pub location: Option<LonLat>,
    /// Stations and teams taking part.
    pub participants: Vec<UnitRef>,
    /// Other participating units not in the project, as written.
    pub other_participants: String,
    /// 评估总结: evaluation notes.
    pub evaluation: String,
    /// Plans, photos, reports: paths or file names.
    pub attachments: Vec<String>,
    pub illustrative: bool,
    pub note: String,
}

impl Drill {
    pub fn new(name: impl Into<String>, scope: DrillScope, form: DrillForm) -> Self {
        Self {
            id: 0,
            code: None,
            name: name.into(),
            scope,
            form,
            status: DrillStatus::Planned,
            planned_on: None,
            held_on: None,
            organizer: String::new(),
            district: None,
            enterprise: None,
            head_led: false,
            scenario: String::new(),
            location: None,
            participants: Vec::new(),
            other_participants: String::new(),
            evaluation: String::new(),
            attachments: Vec::new(),
            illustrative: false,
            note: String::new(),
        }
    }

    /// The day it counts for compliance: only drills actually held count.
    pub fn held(&self) -> Option<NaiveDate> {
        if self.status == DrillStatus::Held { self.held_on } else { None }
    }

    /// What is wrong with it, if anything: a held drill needs its date, a planned one its day.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        if self.name.trim().is_empty() {
            return Some(("name", "is empty".into()));
        }
        if self.status == DrillStatus::Held && self.held_on.is_none() {
            return Some(("held_on", "a drill marked 已开展 needs the day it was held".into()));
        }
        if self.status != DrillStatus::Held && self.held_on.is_some() {
            return Some(("held_on", format!("is set but the drill is {}", self.status)));
        }
        if let Some(p) = self.location.and_then(LonLat::problem) {
            return Some(("location", p));
        }
        if self.head_led && self.enterprise.is_none() {
            return Some(("head_led", "only an enterprise drill can be led by the enterprise's principal".into()));
        }
        None
    }
}

labelled_enum! {
    /// The period a compliance rule counts drills over; periods are calendar-aligned.
    pub enum RulePeriod: "rule period" {
        Year = ("年", "year", "Year", ["每年", "年度"]),
        HalfYear = ("半年", "half_year", "Half-year", ["每半年"]),
        Quarter = ("季度", "quarter", "Quarter", ["每季度", "季"]),
        Month = ("月", "month", "Month", ["每月"]),
    }
}

impl RulePeriod {
    /// The periods of a year, each as (label, first day, last day).
    pub fn periods(self, year: i32) -> Vec<(String, NaiveDate, NaiveDate)> {
        let months = match self {
            RulePeriod::Year => 12,
            RulePeriod::HalfYear => 6,
            RulePeriod::Quarter => 3,
            RulePeriod::Month => 1,
        };
        (0..12 / months)
            .filter_map(|i| {
                let first = NaiveDate::from_ymd_opt(year, i * months + 1, 1)?;
                let next = if (i + 1) * months >= 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(year, (i + 1) * months + 1, 1)?
                };
                let label = match self {
                    RulePeriod::Year => format!("{year}年"),
                    RulePeriod::HalfYear => format!("{year}年{}半年", if i == 0 { "上" } else { "下" }),
                    RulePeriod::Quarter => format!("{year}年第{}季度", i + 1),
                    RulePeriod::Month => format!("{year}年{}月", first.month()),
                };
                Some((label, first, next.pred_opt()?))
            })
            .collect()
    }
}

/// Whom a rule applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleSubject {
    /// Every district/county (areas of level 区县): counts government drills (no enterprise)
    /// held in the district.
    Districts,
    /// Enterprises, optionally only those in parks and/or of some risk levels: counts drills
    /// the enterprise organised.
    Enterprises {
        #[serde(default)]
        in_park: Option<bool>,
        #[serde(default)]
        risk_levels: Vec<RiskLevel>,
    },
}

/// One compliance rule: each subject holds at least `min_drills` matching drills per period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrillRule {
    pub name: String,
    pub subject: RuleSubject,
    pub period: RulePeriod,
    #[serde(default = "one")]
    pub min_drills: u32,
    /// Only drills of this scope count (e.g. 综合).
    #[serde(default)]
    pub scope: Option<DrillScope>,
    /// Only drills of this form count.
    #[serde(default)]
    pub form: Option<DrillForm>,
    /// Only drills led by the enterprise's principal count.
    #[serde(default)]
    pub head_led: bool,
}

fn one() -> u32 {
    1
}

impl DrillRule {
    /// True when a held drill counts toward this rule (the subject is matched separately).
    pub fn counts(&self, d: &Drill) -> bool {
        d.held().is_some()
            && self.scope.is_none_or(|s| s == d.scope)
            && self.form.is_none_or(|f| f == d.form)
            && (!self.head_led || d.head_led)
    }
}

/// The compliance rules (`SettingKey::DrillRules`), editable per project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrillRulesSetting {
    pub rules: Vec<DrillRule>,
}

impl Default for DrillRulesSetting {
    /// The three rules the city's work plan sets: each county/district a comprehensive drill a
    /// year; each enterprise in a park a drill a quarter; each enterprise's principal a drill
    /// every half-year.
    fn default() -> Self {
        Self {
            rules: vec![
                DrillRule {
                    name: "区县每年至少开展1次综合演练".into(),
                    subject: RuleSubject::Districts,
                    period: RulePeriod::Year,
                    min_drills: 1,
                    scope: Some(DrillScope::Comprehensive),
                    form: None,
                    head_led: false,
                },
                DrillRule {
                    name: "园区企业每季度至少开展1次演练".into(),
                    subject: RuleSubject::Enterprises { in_park: Some(true), risk_levels: Vec::new() },
                    period: RulePeriod::Quarter,
                    min_drills: 1,
                    scope: None,
                    form: None,
                    head_led: false,
                },
                DrillRule {
                    name: "企业主要负责人每半年至少组织1次演练".into(),
                    subject: RuleSubject::Enterprises { in_park: None, risk_levels: Vec::new() },
                    period: RulePeriod::HalfYear,
                    min_drills: 1,
                    scope: None,
                    form: None,
                    head_led: true,
                },
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_cover_the_year_without_gaps() {
        for p in [RulePeriod::Year, RulePeriod::HalfYear, RulePeriod::Quarter, RulePeriod::Month] {
            let ps = p.periods(2024);
            assert_eq!(ps.first().unwrap().1, NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
            assert_eq!(ps.last().unwrap().2, NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
            for w in ps.windows(2) {
                assert_eq!(w[0].2.succ_opt().unwrap(), w[1].1, "{p:?}");
            }
        }
        let q = RulePeriod::Quarter.periods(2024);
        assert_eq!(q[0].2, NaiveDate::from_ymd_opt(2024, 3, 31).unwrap());
        assert_eq!(q[1].0, "2024年第2季度");
    }

    #[test]
    fn rules_round_trip_as_json_and_accept_chinese_labels() {
        let s = DrillRulesSetting::default();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<DrillRulesSetting>(&json).unwrap(), s);
        let typed: DrillRule = serde_json::from_str(
            r#"{"name":"危化企业每季度","subject":{"kind":"enterprises","risk_levels":["红","橙"]},"period":"季度"}"#,
        )
        .unwrap();
        assert_eq!(typed.period, RulePeriod::Quarter);
        assert_eq!(typed.min_drills, 1);
    }

    #[test]
    fn held_drills_only_count() {
        let rule = &DrillRulesSetting::default().rules[0];
        let mut d = Drill::new("综合演练", DrillScope::Comprehensive, DrillForm::Field);
        d.held_on = NaiveDate::from_ymd_opt(2024, 5, 1);
        assert!(!rule.counts(&d), "planned");
        d.status = DrillStatus::Held;
        assert!(rule.counts(&d));
        d.scope = DrillScope::Special;
        assert!(!rule.counts(&d));
    }
}

//! Drill compliance: for each rule, each subject (district or enterprise) and each period of a
//! year, how many qualifying drills were held, and who is overdue as of a day.
//!
//! A period is *missed* when it ended before `as_of` with too few drills, *open* while it runs
//! and is not yet met, *met*, or *future*. A subject is overdue when it missed a period; it is
//! "due" when its current period is still open.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::drill::{Drill, DrillRule, RuleSubject};
use crate::model::{AreaLevel, FeatureId, Labelled};
use crate::snapshot::Snapshot;

/// How one period stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodState {
    Met,
    /// Ended without enough drills.
    Missed,
    /// Running now and not yet met.
    Open,
    /// Not started yet.
    Future,
}

/// One period of one subject.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodReport {
    pub label: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub held: u32,
    pub required: u32,
    pub state: PeriodState,
    /// The drills that counted.
    pub drills: Vec<FeatureId>,
}

/// Whom a line of the report is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    District { code: String, name: String },
    Enterprise { id: FeatureId, name: String, district: Option<String> },
}

impl Subject {
    pub fn name(&self) -> &str {
        match self {
            Subject::District { name, .. } | Subject::Enterprise { name, .. } => name,
        }
    }
}

/// One subject under one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectReport {
    pub subject: Subject,
    pub periods: Vec<PeriodReport>,
    /// Missed at least one period that has ended.
    pub overdue: bool,
    /// The current period is open (not yet met).
    pub due_now: bool,
}

/// One rule's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleReport {
    pub rule: DrillRule,
    pub subjects: usize,
    pub compliant: usize,
    pub overdue: usize,
    pub lines: Vec<SubjectReport>,
}

/// The compliance report of a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplianceReport {
    pub year: i32,
    pub as_of: NaiveDate,
    pub rules: Vec<RuleReport>,
}

impl ComplianceReport {
    /// Every overdue (rule name, subject) pair, for the "who is overdue" list.
    pub fn overdue(&self) -> impl Iterator<Item = (&str, &SubjectReport)> {
        self.rules.iter().flat_map(|r| r.lines.iter().filter(|l| l.overdue).map(move |l| (r.rule.name.as_str(), l)))
    }
}

/// Evaluates `rules` over `drills` for `year`, as of `as_of` (normally today in the project's
/// zone). Subjects come from the snapshot: its district-level areas and its enterprises.
pub fn evaluate(
    snapshot: &Snapshot,
    drills: &[Drill],
    rules: &[DrillRule],
    year: i32,
    as_of: NaiveDate,
) -> ComplianceReport {
    let rules = rules.iter().map(|rule| evaluate_rule(snapshot, drills, rule, year, as_of)).collect();
    ComplianceReport { year, as_of, rules }
}

/// Whether a drill belongs to a subject.
type Belongs<'a> = Box<dyn Fn(&Drill) -> bool + 'a>;

fn evaluate_rule(snapshot: &Snapshot, drills: &[Drill], rule: &DrillRule, year: i32, as_of: NaiveDate) -> RuleReport {
    let periods = rule.period.periods(year);
    let subjects: Vec<(Subject, Belongs<'_>)> = match &rule.subject {
        RuleSubject::Districts => snapshot
            .areas_at(AreaLevel::District)
            .map(|a| {
                let code = a.code.clone();
                let test: Belongs<'_> =
                    Box::new(move |d: &Drill| d.enterprise.is_none() && d.district.as_deref() == Some(code.as_str()));
                (Subject::District { code: a.code.clone(), name: a.name.clone() }, test)
            })
            .collect(),
        RuleSubject::Enterprises { in_park, risk_levels } => snapshot
            .enterprises
            .iter()
            .filter(|e| in_park.is_none_or(|p| e.in_park == p))
            .filter(|e| risk_levels.is_empty() || risk_levels.contains(&e.risk))
            .map(|e| {
                let id = e.id;
                let test: Belongs<'_> = Box::new(move |d: &Drill| d.enterprise == Some(id));
                (Subject::Enterprise { id, name: e.name.clone(), district: e.district.clone() }, test)
            })
            .collect(),
    };
    let lines: Vec<SubjectReport> = subjects
        .into_iter()
        .map(|(subject, belongs)| {
            let mine: Vec<(&Drill, NaiveDate)> =
                drills.iter().filter(|d| rule.counts(d) && belongs(d)).filter_map(|d| Some((d, d.held()?))).collect();
            let periods: Vec<PeriodReport> = periods
                .iter()
                .map(|(label, first, last)| {
                    let ids: Vec<FeatureId> =
                        mine.iter().filter(|(_, on)| (first..=last).contains(&on)).map(|(d, _)| d.id).collect();
                    let held = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                    let state = if held >= rule.min_drills {
                        PeriodState::Met
                    } else if *last < as_of {
                        PeriodState::Missed
                    } else if *first <= as_of {
                        PeriodState::Open
                    } else {
                        PeriodState::Future
                    };
                    PeriodReport {
                        label: label.clone(),
                        first_day: *first,
                        last_day: *last,
                        held,
                        required: rule.min_drills,
                        state,
                        drills: ids,
                    }
                })
                .collect();
            let overdue = periods.iter().any(|p| p.state == PeriodState::Missed);
            let due_now = periods.iter().any(|p| p.state == PeriodState::Open);
            SubjectReport { subject, periods, overdue, due_now }
        })
        .collect();
    let compliant = lines.iter().filter(|l| !l.overdue && !l.due_now).count();
    let overdue = lines.iter().filter(|l| l.overdue).count();
    RuleReport { rule: rule.clone(), subjects: lines.len(), compliant, overdue, lines }
}

/// A short text of a period state in Chinese, for sheets and the window.
pub fn state_zh(s: PeriodState) -> &'static str {
    match s {
        PeriodState::Met => "已达标",
        PeriodState::Missed => "逾期未开展",
        PeriodState::Open => "本期待开展",
        PeriodState::Future => "未到期",
    }
}

/// The drill's classification as one label ("综合·实战").
pub fn drill_kind_zh(d: &Drill) -> String {
    format!("{}·{}", d.scope.zh(), d.form.zh())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::drill::{DrillForm, DrillRulesSetting, DrillScope, DrillStatus};
    use crate::model::{AdminArea, Enterprise, LonLat, RiskLevel};

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, d).unwrap()
    }

    fn area(code: &str, name: &str) -> AdminArea {
        AdminArea {
            id: 0,
            code: code.into(),
            name: name.into(),
            level: AreaLevel::District,
            parent: Some("410500".into()),
            population: None,
            outline: None,
            illustrative: false,
        }
    }

    fn enterprise(id: FeatureId, in_park: bool) -> Enterprise {
        Enterprise {
            id,
            code: None,
            name: format!("企业{id}（示意）"),
            credit_code: String::new(),
            industry: "危化".into(),
            risk: RiskLevel::Orange,
            district: Some("410502".into()),
            township: None,
            address: String::new(),
            contact: String::new(),
            phone: String::new(),
            in_park,
            location: LonLat::new(114.3, 36.1),
            site: None,
            illustrative: true,
            note: String::new(),
        }
    }

    fn held(id: FeatureId, on: NaiveDate, scope: DrillScope) -> Drill {
        let mut d = Drill::new(format!("演练{id}"), scope, DrillForm::Field);
        d.id = id;
        d.status = DrillStatus::Held;
        d.held_on = Some(on);
        d
    }

    fn world() -> Snapshot {
        Snapshot::from_parts(
            vec![],
            vec![],
            vec![],
            vec![enterprise(1, true), enterprise(2, false)],
            vec![area("410502", "文峰区"), area("410503", "北关区")],
        )
    }

    /// A year of records with drills on period boundaries: 31 Mar is Q1, 1 Apr is Q2, 30 Jun is
    /// H1, 1 Jul is H2, 31 Dec 2024 counts for 2024 and 1 Jan 2025 does not.
    fn records() -> Vec<Drill> {
        let mut v = Vec::new();
        // 文峰区: a comprehensive drill on the last day of the year; 北关区 only a special one.
        let mut d = held(1, day(12, 31), DrillScope::Comprehensive);
        d.district = Some("410502".into());
        v.push(d);
        let mut d = held(2, day(5, 10), DrillScope::Special);
        d.district = Some("410503".into());
        v.push(d);
        let mut d = held(3, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), DrillScope::Comprehensive);
        d.district = Some("410503".into());
        v.push(d);
        // Enterprise 1 (in a park): Q1 on 31 Mar, Q2 on 1 Apr, nothing in Q3, Q4 on 1 Oct.
        for (id, on) in [(10, day(3, 31)), (11, day(4, 1)), (12, day(10, 1))] {
            let mut d = held(id, on, DrillScope::Special);
            d.enterprise = Some(1);
            d.district = Some("410502".into());
            d.head_led = id == 10;
            v.push(d);
        }
        // Enterprise 2: head-led drills on 30 Jun and 1 Jul (one per half), and a planned one.
        for (id, on) in [(20, day(6, 30)), (21, day(7, 1))] {
            let mut d = held(id, on, DrillScope::Special);
            d.enterprise = Some(2);
            d.head_led = true;
            v.push(d);
        }
        let mut planned = Drill::new("计划演练", DrillScope::Comprehensive, DrillForm::Tabletop);
        planned.id = 30;
        planned.planned_on = Some(day(11, 1));
        planned.enterprise = Some(2);
        v.push(planned);
        v
    }

    fn line<'a>(r: &'a RuleReport, name: &str) -> &'a SubjectReport {
        r.lines.iter().find(|l| l.subject.name().starts_with(name)).unwrap()
    }

    #[test]
    fn a_year_of_records_at_year_end() {
        let rules = DrillRulesSetting::default().rules;
        let report = evaluate(&world(), &records(), &rules, 2024, NaiveDate::from_ymd_opt(2025, 1, 15).unwrap());
        let districts = &report.rules[0];
        assert_eq!(line(districts, "文峰区").periods[0].state, PeriodState::Met, "31 Dec counts");
        assert_eq!(
            line(districts, "北关区").periods[0].state,
            PeriodState::Missed,
            "special ≠ comprehensive; 2025 ≠ 2024"
        );
        assert_eq!(districts.overdue, 1);

        let parks = &report.rules[1];
        assert_eq!(parks.subjects, 1, "only the enterprise in a park");
        let e1 = line(parks, "企业1");
        let states: Vec<_> = e1.periods.iter().map(|p| p.state).collect();
        assert_eq!(states, vec![PeriodState::Met, PeriodState::Met, PeriodState::Missed, PeriodState::Met]);
        assert_eq!(e1.periods[0].drills, vec![10]);
        assert_eq!(e1.periods[1].drills, vec![11]);

        let heads = &report.rules[2];
        let e1 = line(heads, "企业1");
        assert_eq!(e1.periods.iter().map(|p| p.held).collect::<Vec<_>>(), vec![1, 0], "only head-led drills count");
        let e2 = line(heads, "企业2");
        assert_eq!(e2.periods.iter().map(|p| p.held).collect::<Vec<_>>(), vec![1, 1], "30 Jun is H1, 1 Jul H2");
        assert!(!e2.overdue);
        let who: Vec<_> = report.overdue().map(|(_, l)| l.subject.name().to_string()).collect();
        assert_eq!(who, vec!["北关区", "企业1（示意）", "企业1（示意）"]);
    }

    #[test]
    fn mid_year_periods_are_open_or_future_not_missed() {
        let rules = DrillRulesSetting::default().rules;
        // On 31 Mar (the last day of Q1) Q1 is still open for a subject without a drill.
        let report = evaluate(&world(), &[], &rules, 2024, day(3, 31));
        let e1 = line(&report.rules[1], "企业1");
        assert_eq!(e1.periods[0].state, PeriodState::Open);
        assert_eq!(e1.periods[1].state, PeriodState::Future);
        assert!(!e1.overdue && e1.due_now);
        // On 1 Apr it is missed.
        let report = evaluate(&world(), &[], &rules, 2024, day(4, 1));
        let e1 = line(&report.rules[1], "企业1");
        assert_eq!(e1.periods[0].state, PeriodState::Missed);
        assert!(e1.overdue);
    }

    #[test]
    fn edited_rules_apply() {
        let mut rules = DrillRulesSetting::default().rules;
        rules[0].min_drills = 2;
        rules[0].scope = None;
        let mut drills = records();
        let mut extra = held(40, day(2, 1), DrillScope::Special);
        extra.district = Some("410502".into());
        drills.push(extra);
        let report = evaluate(&world(), &drills, &rules[..1], 2024, day(12, 31));
        assert_eq!(line(&report.rules[0], "文峰区").periods[0].held, 2);
        assert_eq!(line(&report.rules[0], "文峰区").periods[0].state, PeriodState::Met);
        assert_eq!(line(&report.rules[0], "北关区").periods[0].state, PeriodState::Open, "31 Dec: still open");
    }
}

//! The key-hazard rectification ledger (重点隐患问题动态整改台账): items, their supervision
//! grade (挂牌督办), and the rectification lifecycle 待整改 → 整改中 → 已整改待复查 → 已销号.
//!
//! The lifecycle rules live here, as methods that refuse what the rules forbid, so the store,
//! the window and the command line cannot disagree about them:
//! - close-out (销号) needs a passed re-inspection (复查: who, when, result) recorded after the
//!   rectification was reported;
//! - the person who reported an item cannot close it out (the four-eyes rule of 闭环销号).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::coords::LonLat;
use super::feature::FeatureId;
use super::ledger_date::LedgerDate;
use crate::labelled_enum;

labelled_enum! {
    /// 挂牌督办 grade: 红 is the most serious. Items not listed for supervision have none.
    pub enum SupervisionGrade: "supervision grade" {
        Red = ("红", "red", "Red", ["红牌", "红色", "红色挂牌"]),
        Yellow = ("黄", "yellow", "Yellow", ["黄牌", "黄色", "黄色挂牌"]),
        Blue = ("蓝", "blue", "Blue", ["蓝牌", "蓝色", "蓝色挂牌"]),
    }
}

impl SupervisionGrade {
    /// sRGB for the map and sheets (the warning palette's red, yellow and blue).
    pub fn rgb(self) -> [u8; 3] {
        match self {
            SupervisionGrade::Red => [0xE0, 0x20, 0x20],
            SupervisionGrade::Yellow => [0xF2, 0xC9, 0x1A],
            SupervisionGrade::Blue => [0x1F, 0x6F, 0xD1],
        }
    }
}

labelled_enum! {
    /// Where an item is in its rectification.
    pub enum HazardStatus: "hazard status" {
        Pending = ("待整改", "pending", "Awaiting rectification", ["未整改"]),
        InProgress = ("整改中", "in_progress", "Being rectified", ["正在整改"]),
        AwaitingReview = ("已整改待复查", "rectified", "Rectified, awaiting re-inspection", ["待复查", "已整改"]),
        Closed = ("已销号", "closed", "Closed out", ["销号"]),
    }
}

impl HazardStatus {
    /// Counted as 已整改完成 in the summary line: the rectification is reported complete,
    /// whether or not it has been re-inspected and closed out yet.
    pub fn is_rectified(self) -> bool {
        matches!(self, HazardStatus::AwaitingReview | HazardStatus::Closed)
    }
}

labelled_enum! {
    /// What a dated entry in an item's history records.
    pub enum EntryKind: "progress entry kind" {
        Progress = ("整改进展", "progress", "Progress", ["进展"]),
        Escalation = ("升级督办", "escalation", "Escalation", ["升级"]),
    }
}

/// A dated note: weekly progress (周进展), or an escalation of supervision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressEntry {
    pub kind: EntryKind,
    /// The day it refers to; entries read from a sheet without a date have none.
    pub on: Option<NaiveDate>,
    pub text: String,
    /// Who recorded it (the operator), empty for imported entries.
    pub by: String,
}

/// A re-inspection (复查) of a rectified item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reinspection {
    /// 复查人员: who inspected (names as written, several allowed).
    pub inspectors: String,
    pub on: NaiveDate,
    /// What they found (复查结果).
    pub result: String,
    /// Whether the rectification was accepted.
    pub passed: bool,
}

/// One ledger item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HazardItem {
    pub id: FeatureId,
    /// OneMap's or the source's identifier, unique when present.
    pub code: Option<String>,
    /// 序号 as written on the source ledger (empty for items created in OneMap).
    pub seq: String,
    /// 重点隐患: the hazard's short name or place.
    pub title: String,
    /// 隐患内容
    pub content: String,
    /// 检查日期
    pub found_on: LedgerDate,
    /// 整改措施
    pub measures: String,
    /// 责任单位
    pub responsible: String,
    /// 督办（县市区）: the county-level body supervising, if any.
    pub supervisor_county: String,
    /// 督办（市级专委会）: the city committee supervising, if any.
    pub supervisor_city: String,
    /// 整改时限
    pub deadline: LedgerDate,
    /// 备注
    pub remark: String,
    /// 挂牌督办 grade, when listed.
    pub grade: Option<SupervisionGrade>,
    pub status: HazardStatus,
    /// District/county code, when known.
    pub district: Option<String>,
    /// The enterprise the item is at, if any.
    pub enterprise: Option<FeatureId>,
    /// Its own position, when it has one (else the enterprise's).
    pub location: Option<LonLat>,
    /// Who reported it (上报人); the close-out must be done by someone else.
    pub reported_by: String,
    /// When rectification was reported complete.
    pub rectified_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub closed_by: Option<String>,
    /// Photos and documents: paths or file names, as given.
    pub attachments: Vec<String>,
    /// Progress and escalation entries, oldest first.
    pub entries: Vec<ProgressEntry>,
    /// Re-inspections, oldest first.
    pub reinspections: Vec<Reinspection>,
    /// Columns of the source sheet OneMap has no field for, kept to be written back: (header, value).
    pub extra: Vec<(String, String)>,
    pub illustrative: bool,
}

/// A lifecycle step the rules forbid.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum LifecycleError {
    #[error("is {status}; {action} needs it to be {needed}")]
    WrongStatus { status: HazardStatus, action: &'static str, needed: &'static str },
    #[error("cannot be closed out (销号) without a passed re-inspection (复查) recorded after rectification")]
    NoPassedReinspection,
    #[error(
        "cannot be closed out (销号) by \"{0}\", who reported it: another person must close it (闭环销号 needs two people)"
    )]
    ReporterCannotClose(String),
    #[error("{what} {date} is before {before_what} {before}")]
    DateOrder { what: &'static str, date: NaiveDate, before_what: &'static str, before: NaiveDate },
    #[error("{0} is empty")]
    Empty(&'static str),
}

impl LifecycleError {
    /// The field the error is about, for messages.
    pub fn field(&self) -> &'static str {
        match self {
            LifecycleError::WrongStatus { .. } => "status",
            LifecycleError::NoPassedReinspection => "reinspection",
            LifecycleError::ReporterCannotClose(_) => "closed_by",
            LifecycleError::DateOrder { what, .. } => what,
            LifecycleError::Empty(what) => what,
        }
    }
}

/// Two people are the same when their names match ignoring surrounding space and ASCII case.
pub fn same_person(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl HazardItem {
    /// A new item as reported by `reporter`: 待整改, no history.
    pub fn new(title: impl Into<String>, reporter: impl Into<String>) -> Self {
        Self {
            id: 0,
            code: None,
            seq: String::new(),
            title: title.into(),
            content: String::new(),
            found_on: LedgerDate::none(),
            measures: String::new(),
            responsible: String::new(),
            supervisor_county: String::new(),
            supervisor_city: String::new(),
            deadline: LedgerDate::none(),
            remark: String::new(),
            grade: None,
            status: HazardStatus::Pending,
            district: None,
            enterprise: None,
            location: None,
            reported_by: reporter.into(),
            rectified_on: None,
            closed_on: None,
            closed_by: None,
            attachments: Vec::new(),
            entries: Vec::new(),
            reinspections: Vec::new(),
            extra: Vec::new(),
            illustrative: false,
        }
    }

    fn require(&self, action: &'static str, needed: &'static str, ok: bool) -> Result<(), LifecycleError> {
        if ok { Ok(()) } else { Err(LifecycleError::WrongStatus { status: self.status, action, needed }) }
    }

    /// 待整改 → 整改中.
    pub fn start(&mut self) -> Result<(), LifecycleError> {
        self.require("starting rectification", "待整改", self.status == HazardStatus::Pending)?;
        self.status = HazardStatus::InProgress;
        Ok(())
    }

    /// Adds a progress entry; an item still 待整改 becomes 整改中. Not on closed items.
    pub fn add_progress(&mut self, on: NaiveDate, text: &str, by: &str) -> Result<(), LifecycleError> {
        self.require("a progress entry", "open (not 已销号)", self.status != HazardStatus::Closed)?;
        if text.trim().is_empty() {
            return Err(LifecycleError::Empty("progress text"));
        }
        if self.status == HazardStatus::Pending {
            self.status = HazardStatus::InProgress;
        }
        self.entries.push(ProgressEntry {
            kind: EntryKind::Progress,
            on: Some(on),
            text: text.trim().to_string(),
            by: by.to_string(),
        });
        Ok(())
    }

    /// Records an escalation of supervision (升级督办): optionally a higher grade and the city
    /// committee taking over supervision. Not on closed items.
    pub fn escalate(
        &mut self,
        on: NaiveDate,
        grade: Option<SupervisionGrade>,
        to_city: Option<&str>,
        note: &str,
        by: &str,
    ) -> Result<(), LifecycleError> {
        self.require("escalation", "open (not 已销号)", self.status != HazardStatus::Closed)?;
        let mut what = Vec::new();
        if let Some(g) = grade {
            what.push(format!("挂牌等级 {} → {g}", self.grade.map_or("无".to_string(), |g| g.to_string())));
            self.grade = Some(g);
        }
        if let Some(body) = to_city.map(str::trim).filter(|b| !b.is_empty()) {
            what.push(format!("提请{body}督办"));
            self.supervisor_city = body.to_string();
        }
        if !note.trim().is_empty() {
            what.push(note.trim().to_string());
        }
        if what.is_empty() {
            return Err(LifecycleError::Empty("escalation (give a grade, a city body or a note)"));
        }
        self.entries.push(ProgressEntry {
            kind: EntryKind::Escalation,
            on: Some(on),
            text: what.join("；"),
            by: by.into(),
        });
        Ok(())
    }

    /// 待整改 / 整改中 → 已整改待复查, on the day the rectification was reported complete.
    pub fn mark_rectified(&mut self, on: NaiveDate) -> Result<(), LifecycleError> {
        self.require(
            "reporting rectification complete",
            "待整改 or 整改中",
            matches!(self.status, HazardStatus::Pending | HazardStatus::InProgress),
        )?;
        if let Some(found) = self.found_on.date
            && on < found
        {
            return Err(LifecycleError::DateOrder {
                what: "rectified_on",
                date: on,
                before_what: "the check date",
                before: found,
            });
        }
        self.status = HazardStatus::AwaitingReview;
        self.rectified_on = Some(on);
        Ok(())
    }

    /// Records a re-inspection of a rectified item. A failed one sends it back to 整改中.
    pub fn reinspect(&mut self, r: Reinspection) -> Result<(), LifecycleError> {
        self.require("re-inspection", "已整改待复查", self.status == HazardStatus::AwaitingReview)?;
        if r.inspectors.trim().is_empty() {
            return Err(LifecycleError::Empty("inspectors (复查人员)"));
        }
        if r.result.trim().is_empty() {
            return Err(LifecycleError::Empty("result (复查结果)"));
        }
        if let Some(done) = self.rectified_on
            && r.on < done
        {
            return Err(LifecycleError::DateOrder {
                what: "reinspected_on",
                date: r.on,
                before_what: "rectification",
                before: done,
            });
        }
        if !r.passed {
            self.status = HazardStatus::InProgress;
            self.rectified_on = None;
        }
        self.reinspections.push(r);
        Ok(())
    }

    /// The re-inspection that allows close-out: the latest one, when it passed and was made on
    /// or after the rectification date.
    pub fn passed_reinspection(&self) -> Option<&Reinspection> {
        let last = self.reinspections.last()?;
        let after_rectification = self.rectified_on.is_none_or(|d| last.on >= d);
        (last.passed && after_rectification).then_some(last)
    }

    /// 已整改待复查 → 已销号 by `by` on `on`. Refused without a passed re-inspection, and when
    /// `by` reported the item.
    pub fn close(&mut self, on: NaiveDate, by: &str) -> Result<(), LifecycleError> {
        self.require("close-out (销号)", "已整改待复查", self.status == HazardStatus::AwaitingReview)?;
        let Some(r) = self.passed_reinspection() else { return Err(LifecycleError::NoPassedReinspection) };
        if on < r.on {
            return Err(LifecycleError::DateOrder {
                what: "closed_on",
                date: on,
                before_what: "the re-inspection",
                before: r.on,
            });
        }
        if by.trim().is_empty() {
            return Err(LifecycleError::Empty("closed_by"));
        }
        if same_person(by, &self.reported_by) {
            return Err(LifecycleError::ReporterCannotClose(by.trim().to_string()));
        }
        self.status = HazardStatus::Closed;
        self.closed_on = Some(on);
        self.closed_by = Some(by.trim().to_string());
        Ok(())
    }

    /// Checks that a stored or imported item is consistent with the lifecycle: it has a title,
    /// and a closed item has a passed re-inspection and a closer other than its reporter.
    /// (Dates of rectification and close-out may be missing on items read from old sheets.)
    pub fn check_consistent(&self) -> Result<(), LifecycleError> {
        if self.title.trim().is_empty() {
            return Err(LifecycleError::Empty("title (重点隐患)"));
        }
        if self.status == HazardStatus::Closed {
            if self.passed_reinspection().is_none() {
                return Err(LifecycleError::NoPassedReinspection);
            }
            let by = self.closed_by.as_deref().unwrap_or("");
            if by.trim().is_empty() {
                return Err(LifecycleError::Empty("closed_by (销号人)"));
            }
            if same_person(by, &self.reported_by) {
                return Err(LifecycleError::ReporterCannotClose(by.trim().to_string()));
            }
        }
        Ok(())
    }

    /// Past its deadline on `today` and not closed out. The deadline day itself is not overdue:
    /// 整改时限 is the last day allowed.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.days_overdue(today).is_some()
    }

    /// Whole days past the deadline (1 on the day after it), when overdue.
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        if self.status == HazardStatus::Closed {
            return None;
        }
        let deadline = self.deadline.date?;
        let days = (today - deadline).num_days();
        (days > 0).then_some(days)
    }

    /// The latest escalation entry, if any.
    pub fn last_escalation(&self) -> Option<&ProgressEntry> {
        self.entries.iter().rev().find(|e| e.kind == EntryKind::Escalation)
    }

    /// The latest dated progress entry's day.
    pub fn last_progress_on(&self) -> Option<NaiveDate> {
        self.entries.iter().filter(|e| e.kind == EntryKind::Progress).filter_map(|e| e.on).max()
    }
}

/// The counts of the ledger's closing line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerSummary {
    /// 检查发现重点隐患问题: every item on the ledger.
    pub found: usize,
    /// 已整改完成: items whose rectification is reported complete, i.e. 已整改待复查 plus
    /// 已销号 ([`HazardStatus::is_rectified`]). A failed re-inspection takes an item out again.
    pub rectified: usize,
    /// 已销号: items closed out after a passed re-inspection.
    pub closed: usize,
}

impl LedgerSummary {
    pub fn of<'a>(items: impl IntoIterator<Item = &'a HazardItem>) -> Self {
        items.into_iter().fold(Self::default(), |mut s, i| {
            s.found += 1;
            s.rectified += usize::from(i.status.is_rectified());
            s.closed += usize::from(i.status == HazardStatus::Closed);
            s
        })
    }

    /// "检查发现重点隐患问题X个，已整改完成X个，已销号X个"
    pub fn line(&self) -> String {
        format!("检查发现重点隐患问题{}个，已整改完成{}个，已销号{}个", self.found, self.rectified, self.closed)
    }

    /// Reads the counts back from a summary line (as ledgers end), if it is one.
    pub fn parse_line(text: &str) -> Option<Self> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let t = t.strip_prefix(crate::model::drill_mode::DRILL_PREFIX).unwrap_or(&t);
        let after = |key: &str| -> Option<usize> {
            let rest = &t[t.find(key)? + key.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        };
        if !t.starts_with("检查发现") {
            return None;
        }
        Some(Self {
            found: after("重点隐患问题")?, rectified: after("已整改完成")?, closed: after("已销号")?
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, d).unwrap()
    }

    fn item() -> HazardItem {
        let mut i = HazardItem::new("液氨储罐区", "张三");
        i.found_on = LedgerDate::on(day(3, 1));
        i.deadline = LedgerDate::on(day(6, 30));
        i
    }

    fn passed(on: NaiveDate) -> Reinspection {
        Reinspection { inspectors: "李四、王五".into(), on, result: "整改到位".into(), passed: true }
    }

    #[test]
    fn the_full_lifecycle() {
        let mut i = item();
        i.start().unwrap();
        i.add_progress(day(3, 8), "已制定整改方案", "张三").unwrap();
        i.mark_rectified(day(5, 20)).unwrap();
        assert_eq!(i.status, HazardStatus::AwaitingReview);
        i.reinspect(passed(day(5, 25))).unwrap();
        i.close(day(5, 26), "赵六").unwrap();
        assert_eq!(i.status, HazardStatus::Closed);
        assert_eq!(i.closed_by.as_deref(), Some("赵六"));
        i.check_consistent().unwrap();
    }

    #[test]
    fn no_close_out_without_a_passed_reinspection() {
        let mut i = item();
        i.mark_rectified(day(5, 20)).unwrap();
        assert_eq!(i.close(day(5, 26), "赵六"), Err(LifecycleError::NoPassedReinspection));
        let mut failed = passed(day(5, 22));
        failed.passed = false;
        i.reinspect(failed).unwrap();
        assert_eq!(i.status, HazardStatus::InProgress, "a failed re-inspection reopens the rectification");
        assert!(matches!(i.close(day(5, 26), "赵六"), Err(LifecycleError::WrongStatus { .. })));
        i.mark_rectified(day(6, 1)).unwrap();
        assert_eq!(i.close(day(6, 2), "赵六"), Err(LifecycleError::NoPassedReinspection), "old pass does not count");
        i.reinspect(passed(day(6, 2))).unwrap();
        i.close(day(6, 2), "赵六").unwrap();
    }

    #[test]
    fn the_reporter_cannot_close_out() {
        let mut i = item();
        i.mark_rectified(day(5, 20)).unwrap();
        i.reinspect(passed(day(5, 25))).unwrap();
        assert_eq!(i.close(day(5, 26), " 张三 "), Err(LifecycleError::ReporterCannotClose("张三".into())));
        let mut ascii = item();
        ascii.reported_by = "Zhang".into();
        ascii.mark_rectified(day(5, 20)).unwrap();
        ascii.reinspect(passed(day(5, 25))).unwrap();
        assert!(ascii.close(day(5, 26), "zhang").is_err());
        assert_eq!(i.status, HazardStatus::AwaitingReview);
    }

    #[test]
    fn dates_must_follow_each_other() {
        let mut i = item();
        assert!(matches!(i.mark_rectified(day(2, 1)), Err(LifecycleError::DateOrder { .. })));
        i.mark_rectified(day(5, 20)).unwrap();
        assert!(matches!(i.reinspect(passed(day(5, 19))), Err(LifecycleError::DateOrder { .. })));
        i.reinspect(passed(day(5, 25))).unwrap();
        assert!(matches!(i.close(day(5, 24), "赵六"), Err(LifecycleError::DateOrder { .. })));
    }

    #[test]
    fn overdue_is_after_the_deadline_day_and_not_when_closed() {
        let mut i = item();
        assert!(!i.is_overdue(day(6, 30)));
        assert_eq!(i.days_overdue(day(7, 1)), Some(1));
        i.deadline = LedgerDate { date: None, written: Some("长期".into()) };
        assert!(!i.is_overdue(day(12, 31)));
        i.deadline = LedgerDate::on(day(6, 30));
        i.mark_rectified(day(7, 2)).unwrap();
        assert!(i.is_overdue(day(7, 3)), "rectified but not closed is still overdue");
        i.reinspect(passed(day(7, 3))).unwrap();
        i.close(day(7, 3), "赵六").unwrap();
        assert!(!i.is_overdue(day(7, 4)));
    }

    #[test]
    fn summary_counts_and_line() {
        let mut a = item();
        let mut b = item();
        let c = item();
        a.mark_rectified(day(4, 1)).unwrap();
        b.mark_rectified(day(4, 1)).unwrap();
        b.reinspect(passed(day(4, 2))).unwrap();
        b.close(day(4, 3), "赵六").unwrap();
        let s = LedgerSummary::of([&a, &b, &c]);
        assert_eq!(s, LedgerSummary { found: 3, rectified: 2, closed: 1 });
        assert_eq!(s.line(), "检查发现重点隐患问题3个，已整改完成2个，已销号1个");
        assert_eq!(LedgerSummary::parse_line(&s.line()), Some(s));
        assert_eq!(LedgerSummary::parse_line("【演练】检查发现重点隐患问题 3 个，已整改完成2个，已销号1个。"), Some(s));
        assert_eq!(LedgerSummary::parse_line("合计"), None);
    }

    #[test]
    fn escalation_raises_grade_and_notes_it() {
        let mut i = item();
        i.grade = Some(SupervisionGrade::Blue);
        i.escalate(day(7, 5), Some(SupervisionGrade::Yellow), Some("市安委会危化品专委会"), "逾期未整改", "刘七")
            .unwrap();
        assert_eq!(i.grade, Some(SupervisionGrade::Yellow));
        assert_eq!(i.supervisor_city, "市安委会危化品专委会");
        let e = i.last_escalation().unwrap();
        assert!(e.text.contains("蓝 → 黄") && e.text.contains("逾期未整改"), "{}", e.text);
        assert!(i.escalate(day(7, 5), None, None, " ", "刘七").is_err());
    }
}

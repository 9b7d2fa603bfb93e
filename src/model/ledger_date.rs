//! Dates as ledgers write them: a date cell, or text such as `2024.3.5`, `2024年6月底`,
//! `2024年12月31日前`, `立即整改` or `长期坚持`.
//!
//! A [`LedgerDate`] keeps what was written beside the date it means, so a sheet exported back
//! shows the same words, and the date drives overdue checks.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A date on a ledger: the civil date it stands for (if any) and, when it was written as text,
/// that text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerDate {
    pub date: Option<NaiveDate>,
    /// The text as written, when the source was text rather than a date value.
    pub written: Option<String>,
}

impl LedgerDate {
    pub fn none() -> Self {
        Self::default()
    }

    pub fn on(date: NaiveDate) -> Self {
        Self { date: Some(date), written: None }
    }

    pub fn is_empty(&self) -> bool {
        self.date.is_none() && self.written.as_deref().is_none_or(|w| w.trim().is_empty())
    }

    /// What a sheet shows: the text as written, else the date as `2024-03-05`.
    pub fn display(&self) -> String {
        match (&self.written, self.date) {
            (Some(w), _) => w.clone(),
            (None, Some(d)) => d.format("%Y-%m-%d").to_string(),
            (None, None) => String::new(),
        }
    }
}

/// Which end of a month, quarter or year a partial date means: a deadline of `2024年6月` is
/// the end of June, a check in `2024年6月` is taken as its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodEnd {
    Start,
    End,
}

/// What a date text means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateMeaning {
    Date(NaiveDate),
    /// 立即整改 / 立行立改: due the day it was found.
    Immediately,
    /// 长期 / 持续: no deadline.
    Open,
}

/// Words meaning "fix it at once".
const IMMEDIATE: &[&str] = &["立即整改", "立即", "立行立改", "即查即改", "当场整改", "马上整改"];
/// Words meaning "no fixed date".
const OPEN: &[&str] = &["长期", "长期坚持", "持续整改", "持续", "常态化", "长期整改"];
/// Trailing words that do not change the date (`2024年6月30日前`).
const SUFFIXES: &[&str] = &["之前", "以前", "为止", "前", "止", "内", "完成", "整改完毕", "完成整改"];

/// The forms accepted, for error messages.
pub const ACCEPTED_FORMS: &str = "2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, 2024年6月底, 2024年底, \
                                  2024年第二季度, 3月5日 (year of the check date), 立即整改, 长期";

/// Reads a ledger date text. `year` fills in texts without a year (`6月30日前`), normally the
/// check date's year. `None` when the text is not a date OneMap understands.
pub fn parse(text: &str, end: PeriodEnd, year: Option<i32>) -> Option<DateMeaning> {
    let t: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '／' => '/',
            '－' | '—' => '-',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() {
        return None;
    }
    if IMMEDIATE.contains(&t.as_str()) {
        return Some(DateMeaning::Immediately);
    }
    if OPEN.contains(&t.as_str()) {
        return Some(DateMeaning::Open);
    }
    let mut core = t.as_str();
    for s in SUFFIXES {
        if let Some(stripped) = core.strip_suffix(s)
            && !stripped.is_empty()
        {
            core = stripped;
            break;
        }
    }
    parse_core(core, end, year).map(DateMeaning::Date)
}

fn parse_core(t: &str, end: PeriodEnd, year: Option<i32>) -> Option<NaiveDate> {
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let n = |r: std::ops::Range<usize>| t.get(r)?.parse::<u32>().ok();
        return NaiveDate::from_ymd_opt(i32::try_from(n(0..4)?).ok()?, n(4..6)?, n(6..8)?);
    }
    // Split into runs of digits and the text between them.
    let mut nums: Vec<u32> = Vec::new();
    let mut words: Vec<String> = vec![String::new()];
    let mut digits = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                nums.push(digits.parse().ok()?);
                digits.clear();
                words.push(String::new());
            }
            if let Some(w) = words.last_mut() {
                w.push(c);
            }
        }
    }
    if !digits.is_empty() {
        nums.push(digits.parse().ok()?);
        words.push(String::new());
    }
    // words[i] is the text before nums[i]; words[nums.len()] the text after the last number.
    let word = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    let is_sep = |w: &str| matches!(w, "-" | "/" | ".");
    if !word(0).is_empty() && word(0) != "第" {
        return None;
    }
    let last_day = |y: i32, m: u32| {
        let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
        next.and_then(|d| d.pred_opt())
    };
    let month = |y: i32, m: u32| match end {
        PeriodEnd::Start => NaiveDate::from_ymd_opt(y, m, 1),
        PeriodEnd::End => last_day(y, m),
    };
    let four_digit_year = |n: u32| (1900..=2200).contains(&n).then_some(n as i32);
    match nums.as_slice() {
        [y, m, d] => {
            let y = four_digit_year(*y)?;
            let ok = (is_sep(word(1)) && word(1) == word(2) && matches!(word(3), "" | "日" | "号"))
                || (word(1) == "年" && word(2) == "月" && matches!(word(3), "日" | "号" | ""));
            ok.then(|| NaiveDate::from_ymd_opt(y, *m, *d)).flatten()
        }
        [a, b] if four_digit_year(*a).is_some() => {
            let y = four_digit_year(*a)?;
            let tail = word(2);
            if (word(1) == "年" && matches!(tail, "月" | "月底" | "月末" | "月份" | "月份前"))
                || (is_sep(word(1)) && tail.is_empty())
            {
                return month(y, *b);
            }
            if word(1) == "年第" && matches!(tail, "季度" | "季度末" | "季度底") || word(1) == "年" && tail == "季度"
            {
                return quarter(y, *b, end);
            }
            None
        }
        [m, d] => {
            let y = year?;
            let ok = (word(1) == "月" && matches!(word(2), "日" | "号" | ""))
                || (is_sep(word(1)) && word(2).is_empty() && word(0).is_empty());
            ok.then(|| NaiveDate::from_ymd_opt(y, *m, *d)).flatten()
        }
        [y] if four_digit_year(*y).is_some() => {
            let y = four_digit_year(*y)?;
            match word(1) {
                "年" | "年底" | "年末" | "年年底" => match end {
                    PeriodEnd::Start => NaiveDate::from_ymd_opt(y, 1, 1),
                    PeriodEnd::End => NaiveDate::from_ymd_opt(y, 12, 31),
                },
                "年上半年" => match end {
                    PeriodEnd::Start => NaiveDate::from_ymd_opt(y, 1, 1),
                    PeriodEnd::End => NaiveDate::from_ymd_opt(y, 6, 30),
                },
                "年下半年" => match end {
                    PeriodEnd::Start => NaiveDate::from_ymd_opt(y, 7, 1),
                    PeriodEnd::End => NaiveDate::from_ymd_opt(y, 12, 31),
                },
                other => {
                    let q = other.strip_prefix("年第").or_else(|| other.strip_prefix("年"))?.strip_suffix("季度")?;
                    let q = match q {
                        "一" => 1,
                        "二" => 2,
                        "三" => 3,
                        "四" => 4,
                        _ => return None,
                    };
                    quarter(y, q, end)
                }
            }
        }
        [m] if year.is_some() && matches!(word(1), "月底" | "月末" | "月") => month(year?, *m),
        _ => None,
    }
    .filter(|d| d.year() > 1900)
}

fn quarter(y: i32, q: u32, end: PeriodEnd) -> Option<NaiveDate> {
    if !(1..=4).contains(&q) {
        return None;
    }
    match end {
        PeriodEnd::Start => NaiveDate::from_ymd_opt(y, q * 3 - 2, 1),
        PeriodEnd::End => match q {
            1 => NaiveDate::from_ymd_opt(y, 3, 31),
            2 => NaiveDate::from_ymd_opt(y, 6, 30),
            3 => NaiveDate::from_ymd_opt(y, 9, 30),
            _ => NaiveDate::from_ymd_opt(y, 12, 31),
        },
    }
}

/// A 检查日期 or 整改时限 as a person typed it (command line or window): empty is no date, a
/// plain `2024-03-05` is stored as a date, anything else keeps its wording beside the date it
/// means. 立即整改 means `found_on` (the check date), which must then be known.
pub fn typed(text: &str, end: PeriodEnd, year: Option<i32>, found_on: Option<NaiveDate>) -> Result<LedgerDate, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(LedgerDate::none());
    }
    match parse(t, end, year) {
        Some(DateMeaning::Date(d)) if d.format("%Y-%m-%d").to_string() == t => Ok(LedgerDate::on(d)),
        Some(DateMeaning::Date(d)) => Ok(LedgerDate { date: Some(d), written: Some(t.to_string()) }),
        Some(DateMeaning::Open) => Ok(LedgerDate { date: None, written: Some(t.to_string()) }),
        Some(DateMeaning::Immediately) => match found_on {
            Some(d) => Ok(LedgerDate { date: Some(d), written: Some(t.to_string()) }),
            None => Err(format!("\"{t}\": give the day (立即整改 means the check date)")),
        },
        None => Err(format!("\"{t}\" is not a date; write it like {ACCEPTED_FORMS}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<DateMeaning> {
        Some(DateMeaning::Date(NaiveDate::from_ymd_opt(y, m, day).unwrap()))
    }

    #[test]
    fn full_dates_in_every_common_spelling() {
        for t in
            ["2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "2024年3月5号", "20240305", "２０２４年３月５日"]
        {
            assert_eq!(parse(t, PeriodEnd::End, None), d(2024, 3, 5), "{t}");
        }
        assert_eq!(parse("2024年12月31日前", PeriodEnd::End, None), d(2024, 12, 31));
        assert_eq!(parse("2024.6.30之前", PeriodEnd::End, None), d(2024, 6, 30));
    }

    #[test]
    fn partial_dates_take_the_requested_end() {
        assert_eq!(parse("2024年6月底", PeriodEnd::End, None), d(2024, 6, 30));
        assert_eq!(parse("2024年2月", PeriodEnd::End, None), d(2024, 2, 29));
        assert_eq!(parse("2024年2月", PeriodEnd::Start, None), d(2024, 2, 1));
        assert_eq!(parse("2024年底", PeriodEnd::End, None), d(2024, 12, 31));
        assert_eq!(parse("2024年第二季度", PeriodEnd::End, None), d(2024, 6, 30));
        assert_eq!(parse("2024年三季度", PeriodEnd::End, None), d(2024, 9, 30));
        assert_eq!(parse("2024年上半年", PeriodEnd::End, None), d(2024, 6, 30));
        assert_eq!(parse("6月30日前", PeriodEnd::End, Some(2024)), d(2024, 6, 30));
        assert_eq!(parse("6月底", PeriodEnd::End, Some(2023)), d(2023, 6, 30));
    }

    #[test]
    fn words_and_rejects() {
        assert_eq!(parse("立即整改", PeriodEnd::End, None), Some(DateMeaning::Immediately));
        assert_eq!(parse("长期坚持", PeriodEnd::End, None), Some(DateMeaning::Open));
        assert_eq!(parse("6月30日", PeriodEnd::End, None), None, "no year to fill in");
        assert_eq!(parse("2024年13月1日", PeriodEnd::End, None), None);
        assert_eq!(parse("2024-02-30", PeriodEnd::End, None), None);
        assert_eq!(parse("尽快", PeriodEnd::End, None), None);
        assert_eq!(parse("2024-3/5", PeriodEnd::End, None), None);
        assert_eq!(parse("", PeriodEnd::End, None), None);
    }

    #[test]
    fn display_prefers_the_written_text() {
        let written = LedgerDate { date: NaiveDate::from_ymd_opt(2024, 6, 30), written: Some("2024年6月底".into()) };
        assert_eq!(written.display(), "2024年6月底");
        assert_eq!(LedgerDate::on(NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()).display(), "2024-06-30");
    }
}

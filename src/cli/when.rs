//! Days and instants typed on the command line, read in the project's time zone; "now" and
//! "today" when none is given.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use super::onemap_errors::input;
use crate::model::Zone;
use crate::model::ledger_date::{self, DateMeaning, PeriodEnd};
use crate::store::Project;

/// Opens a project with the operator given on the command line (else the default).
pub fn open(db: &Path, operator: Option<String>) -> anyhow::Result<Project> {
    let mut p = Project::open(db)?;
    if let Some(op) = operator {
        p.set_operator(op);
    }
    Ok(p)
}

/// An instant: `--at` as typed (civil time in the project's zone, or RFC 3339), else now.
pub fn instant(zone: &Zone, text: Option<&str>) -> anyhow::Result<DateTime<Utc>> {
    match text {
        None => Ok(Utc::now()),
        Some(t) => zone.parse_instant(t).ok_or_else(|| {
            input(format!(
                "\"{t}\" is not a time: write 2024-10-01 08:00 (in {}), 2024-10-01, or 2024-10-01T08:00:00+08:00",
                zone.name()
            ))
        }),
    }
}

/// A required instant.
pub fn required_instant(zone: &Zone, text: &str) -> anyhow::Result<DateTime<Utc>> {
    instant(zone, Some(text))
}

/// A day as a ledger writes it (2024-03-05, 2024年3月5日 …), else today in the zone at `now`.
pub fn day(zone: &Zone, text: Option<&str>, now: DateTime<Utc>) -> anyhow::Result<NaiveDate> {
    match text {
        None => Ok(zone.date_at(now)),
        Some(t) => match ledger_date::parse(t, PeriodEnd::Start, None) {
            Some(DateMeaning::Date(d)) => Ok(d),
            _ => Err(input(format!("\"{t}\" is not a day: write it like 2024-03-05"))),
        },
    }
}

//! `onemap hazards …`: the key-hazard rectification ledger (重点隐患问题动态整改台账) — import and
//! export the sheet, list (overdue first with --overdue), add items and move them through
//! 待整改 → 整改中 → 已整改待复查 → 已销号.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use super::onemap_errors::input;
use super::output;
use super::when::{self, open};
use crate::actions::hazards::{export_ledger, import_ledger};
use crate::analysis::hazards::{overdue, standings};
use crate::model::hazard::{HazardItem, LedgerSummary, Reinspection, SupervisionGrade};
use crate::model::ledger_date::{self, LedgerDate, PeriodEnd};
use crate::model::zone::ZoneSetting;
use crate::model::{Labelled, Layer, LonLat};
use crate::snapshot::Snapshot;
use crate::store::hazards::{HazardStep, LedgerSetting};
use crate::store::{Project, SettingKey};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Import a ledger sheet (.xlsx, .xls, .ods, or a UTF-8/GBK .csv), all or nothing.
    Import {
        #[arg(long)]
        db: PathBuf,
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Export the ledger as .xlsx in the ledger's layout, ending with its summary line.
    Export {
        #[arg(long)]
        db: PathBuf,
        out: PathBuf,
        /// Judge overdue at this time (default now), e.g. "2024-07-01 09:00".
        #[arg(long)]
        at: Option<String>,
    },
    /// List the items with status, deadline and how overdue; the summary line last.
    List {
        #[arg(long)]
        db: PathBuf,
        /// Only items past their deadline and not closed out, most overdue first.
        #[arg(long)]
        overdue: bool,
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One item with its progress, escalations and re-inspections.
    Show {
        #[arg(long)]
        db: PathBuf,
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Add an item, reported by the operator (--operator or $ONEMAP_OPERATOR).
    Add(Box<AddArgs>),
    /// 待整改 → 整改中.
    Start {
        #[arg(long)]
        db: PathBuf,
        id: i64,
    },
    /// Add a dated progress entry (weekly report).
    Progress {
        #[arg(long)]
        db: PathBuf,
        id: i64,
        #[arg(long)]
        text: String,
        /// The day it reports on (default today).
        #[arg(long)]
        on: Option<String>,
    },
    /// Rectification reported complete → 已整改待复查.
    Rectified {
        #[arg(long)]
        db: PathBuf,
        id: i64,
        #[arg(long)]
        on: Option<String>,
    },
    /// Record a re-inspection (复查); --failed sends the item back to 整改中.
    Reinspect {
        #[arg(long)]
        db: PathBuf,
        id: i64,
        /// 复查人员
        #[arg(long)]
        inspectors: String,
        /// 复查结果
        #[arg(long)]
        result: String,
        #[arg(long)]
        failed: bool,
        #[arg(long)]
        on: Option<String>,
    },
    /// Close out (销号) after a passed re-inspection; not by the person who reported it.
    Close {
        #[arg(long)]
        db: PathBuf,
        id: i64,
        #[arg(long)]
        on: Option<String>,
    },
    /// Escalate supervision (升级督办): a higher grade, the city committee, a note.
    Escalate {
        #[arg(long)]
        db: PathBuf,
        id: i64,
        /// New 挂牌督办 grade: 红, 黄 or 蓝.
        #[arg(long)]
        grade: Option<SupervisionGrade>,
        /// The city committee taking over (督办 市级专委会).
        #[arg(long)]
        to_city: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        on: Option<String>,
    },
    /// Show or change the ledger settings: time zone for "today", weekly interval, title.
    Settings {
        #[arg(long)]
        db: PathBuf,
        /// Asia/Shanghai (default), Asia/Urumqi, UTC, or an offset like UTC+08:00.
        #[arg(long)]
        zone: Option<String>,
        /// Days without a progress entry before an open item is flagged (default 7).
        #[arg(long)]
        interval_days: Option<u32>,
        #[arg(long)]
        title: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
struct AddArgs {
    #[arg(long)]
    db: PathBuf,
    /// 重点隐患
    #[arg(long)]
    title: String,
    /// 隐患内容
    #[arg(long, default_value = "")]
    content: String,
    /// 检查日期 (default today)
    #[arg(long)]
    found_on: Option<String>,
    /// 整改时限: a date, 2024年6月底, 立即整改, 长期 …
    #[arg(long)]
    deadline: Option<String>,
    /// 整改措施
    #[arg(long, default_value = "")]
    measures: String,
    /// 责任单位
    #[arg(long, default_value = "")]
    responsible: String,
    /// 督办 (县市区)
    #[arg(long, default_value = "")]
    county_supervisor: String,
    /// 督办 (市级专委会)
    #[arg(long, default_value = "")]
    city_supervisor: String,
    /// 挂牌督办 grade: 红, 黄 or 蓝.
    #[arg(long)]
    grade: Option<SupervisionGrade>,
    /// 备注
    #[arg(long, default_value = "")]
    remark: String,
    /// The enterprise (its id) the hazard is at.
    #[arg(long)]
    enterprise: Option<i64>,
    #[arg(long, requires = "lat")]
    lon: Option<f64>,
    #[arg(long, requires = "lon")]
    lat: Option<f64>,
    /// District code (410502 …).
    #[arg(long)]
    district: Option<String>,
    #[arg(long)]
    code: Option<String>,
    /// Photos or documents (repeatable).
    #[arg(long = "attach")]
    attachments: Vec<String>,
    /// Mark as illustrative (示意) data.
    #[arg(long)]
    illustrative: bool,
}

pub fn run(args: Args, operator: Option<String>) -> anyhow::Result<ExitCode> {
    match args.command {
        Sub::Import { db, file, json } => {
            let mut p = open(&db, operator)?;
            let s = import_ledger(&mut p, &file)?;
            if json {
                output::json(&s)?;
            } else {
                println!("imported {} item(s) from {}", s.imported, s.file);
                if s.summary_mismatch()
                    && let Some(stated) = s.stated_summary
                {
                    println!(
                        "note: the sheet's closing line says \"{}\"; its rows give \"{}\"",
                        stated.line(),
                        s.imported_summary.line()
                    );
                }
            }
        }
        Sub::Export { db, out, at } => {
            let p = open(&db, operator)?;
            let now = when::instant(&p.zone()?, at.as_deref())?;
            let s = export_ledger(&p, &out, now)?;
            println!("wrote {} item(s) to {} ({} overdue on {} {})", s.items, s.file, s.overdue, s.today, s.zone);
            println!("{}", s.summary_line);
        }
        Sub::List { db, overdue: only_overdue, at, json } => {
            list(&open(&db, operator)?, only_overdue, at.as_deref(), json)?
        }
        Sub::Show { db, id, json } => {
            let p = open(&db, operator)?;
            let item = p.hazard(id)?.ok_or_else(|| input(format!("the ledger has no item {id}")))?;
            if json {
                output::json(&item)?;
            } else {
                show(&item);
            }
        }
        Sub::Add(a) => add(*a, operator)?,
        Sub::Start { db, id } => step(&db, operator, id, |_, _| Ok(HazardStep::Start))?,
        Sub::Progress { db, id, text, on } => step(&db, operator, id, |z, now| {
            Ok(HazardStep::Progress { on: when::day(z, on.as_deref(), now)?, text: text.clone() })
        })?,
        Sub::Rectified { db, id, on } => {
            step(&db, operator, id, |z, now| Ok(HazardStep::Rectified { on: when::day(z, on.as_deref(), now)? }))?
        }
        Sub::Reinspect { db, id, inspectors, result, failed, on } => step(&db, operator, id, |z, now| {
            Ok(HazardStep::Reinspect(Reinspection {
                inspectors: inspectors.clone(),
                on: when::day(z, on.as_deref(), now)?,
                result: result.clone(),
                passed: !failed,
            }))
        })?,
        Sub::Close { db, id, on } => {
            step(&db, operator, id, |z, now| Ok(HazardStep::Close { on: when::day(z, on.as_deref(), now)? }))?
        }
        Sub::Escalate { db, id, grade, to_city, note, on } => step(&db, operator, id, |z, now| {
            Ok(HazardStep::Escalate {
                on: when::day(z, on.as_deref(), now)?,
                grade,
                to_city: to_city.clone(),
                note: note.clone(),
            })
        })?,
        Sub::Settings { db, zone, interval_days, title } => settings(&db, operator, zone, interval_days, title)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn step(
    db: &std::path::Path,
    operator: Option<String>,
    id: i64,
    make: impl FnOnce(&crate::model::Zone, chrono::DateTime<chrono::Utc>) -> anyhow::Result<HazardStep>,
) -> anyhow::Result<()> {
    let mut p = open(db, operator)?;
    let s = make(&p.zone()?, chrono::Utc::now())?;
    let item = p.write(|w| w.hazard_step(id, &s))?;
    println!("{} \"{}\": {} ({})", item.id, item.title, item.status, s.action());
    Ok(())
}

fn list(p: &Project, only_overdue: bool, at: Option<&str>, json: bool) -> anyhow::Result<()> {
    let zone = p.zone()?;
    let now = when::instant(&zone, at)?;
    let today = zone.date_at(now);
    let layout: LedgerSetting = p.setting(SettingKey::HazardLedger)?;
    let items = p.hazards()?;
    let shown: Vec<&HazardItem> = if only_overdue { overdue(&items, today) } else { items.iter().collect() };
    let snapshot = Snapshot::load(p)?;
    let owned: Vec<HazardItem> = shown.iter().map(|i| (*i).clone()).collect();
    let stand = standings(&owned, today, layout.progress_interval_days, Some(&snapshot));
    let summary = LedgerSummary::of(&items);
    if json {
        let rows: Vec<serde_json::Value> =
            owned.iter().zip(&stand).map(|(i, s)| json!({ "item": i, "standing": s })).collect();
        output::json(&json!({
            "today": today,
            "zone": zone.name(),
            "items": rows,
            "summary": summary,
            "summary_line": p.export_mark()?.title(&summary.line()),
        }))?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = owned
        .iter()
        .zip(&stand)
        .map(|(i, s)| {
            let mut flags = Vec::new();
            if let Some(d) = s.days_overdue {
                flags.push(format!("逾期{d}天"));
            }
            if s.escalation_due {
                flags.push("应升级督办".into());
            }
            if s.progress_due {
                flags.push("进展未更新".into());
            }
            vec![
                i.id.to_string(),
                i.title.clone(),
                i.responsible.clone(),
                i.deadline.display(),
                i.status.zh().to_string(),
                i.grade.map_or(String::new(), |g| g.zh().to_string()),
                flags.join("，"),
            ]
        })
        .collect();
    output::table(&["id", "重点隐患", "责任单位", "整改时限", "状态", "挂牌", "提示"], &rows);
    println!("{}（{today}，{}）", p.export_mark()?.title(&summary.line()), zone.name());
    Ok(())
}

fn show(i: &HazardItem) {
    println!("{} {}  [{}]{}", i.id, i.title, i.status, i.grade.map_or(String::new(), |g| format!(" 挂牌{g}")));
    for (k, v) in [
        ("隐患内容", i.content.clone()),
        ("检查日期", i.found_on.display()),
        ("整改措施", i.measures.clone()),
        ("责任单位", i.responsible.clone()),
        ("督办（县市区）", i.supervisor_county.clone()),
        ("督办（市级专委会）", i.supervisor_city.clone()),
        ("整改时限", i.deadline.display()),
        ("备注", i.remark.clone()),
        ("上报人", i.reported_by.clone()),
    ] {
        if !v.is_empty() {
            println!("  {k}：{v}");
        }
    }
    for e in &i.entries {
        println!("  {} {}：{}", e.on.map_or(String::new(), |d| d.to_string()), e.kind, e.text);
    }
    for r in &i.reinspections {
        println!("  {} 复查（{}）：{}{}", r.on, r.inspectors, r.result, if r.passed { "" } else { "（未通过）" });
    }
    if let (Some(on), Some(by)) = (i.closed_on, &i.closed_by) {
        println!("  {on} 销号：{by}");
    }
}

fn add(a: AddArgs, operator: Option<String>) -> anyhow::Result<()> {
    let mut p = open(&a.db, operator)?;
    let zone = p.zone()?;
    let now = chrono::Utc::now();
    let mut item = HazardItem::new(a.title, p.operator());
    item.content = a.content;
    let typed = |text: &str, end, year, found, what: &str| {
        ledger_date::typed(text, end, year, found).map_err(|e| input(format!("{what} {e}")))
    };
    item.found_on = match a.found_on.as_deref() {
        None => LedgerDate::on(zone.date_at(now)),
        Some(t) => typed(t, PeriodEnd::Start, None, None, "--found-on")?,
    };
    let year = chrono::Datelike::year(&item.found_on.date.unwrap_or_else(|| zone.date_at(now)));
    item.deadline =
        typed(a.deadline.as_deref().unwrap_or(""), PeriodEnd::End, Some(year), item.found_on.date, "--deadline")?;
    item.measures = a.measures;
    item.responsible = a.responsible;
    item.supervisor_county = a.county_supervisor;
    item.supervisor_city = a.city_supervisor;
    item.grade = a.grade;
    item.remark = a.remark;
    item.enterprise = a.enterprise;
    item.location = a.lon.zip(a.lat).map(|(x, y)| LonLat::new(x, y));
    item.district = a.district;
    item.code = a.code;
    item.attachments = a.attachments;
    item.illustrative = a.illustrative;
    if let Some(e) = item.enterprise
        && p.feature(Layer::Enterprises, e)?.is_none()
    {
        return Err(input(format!("--enterprise {e}: the project has no enterprise with that id")));
    }
    let id = p.write(|w| w.insert_hazard(&item))?;
    println!("added item {id} \"{}\" ({}), reported by {}", item.title, item.status.zh(), p.operator());
    Ok(())
}

fn settings(
    db: &std::path::Path,
    operator: Option<String>,
    zone: Option<String>,
    interval_days: Option<u32>,
    title: Option<String>,
) -> anyhow::Result<()> {
    let mut p = open(db, operator)?;
    let mut z: ZoneSetting = p.setting(SettingKey::TimeZone)?;
    let mut l: LedgerSetting = p.setting(SettingKey::HazardLedger)?;
    let (z0, l0) = (z.clone(), l.clone());
    if let Some(name) = zone {
        let parsed = crate::model::Zone::parse(&name).map_err(|e| input(e.to_string()))?;
        z.zone = parsed.name().to_string();
    }
    if let Some(d) = interval_days {
        l.progress_interval_days = d;
    }
    if let Some(t) = title {
        l.title = t;
    }
    if z != z0 || l != l0 {
        p.write(|w| {
            if z != z0 {
                w.set_setting(SettingKey::TimeZone, &z)?;
            }
            if l != l0 {
                w.set_setting(SettingKey::HazardLedger, &l)?;
            }
            Ok::<_, crate::store::StoreError>(())
        })?;
    }
    println!("time zone: {}\nprogress interval: {} days\ntitle: {}", z.zone, l.progress_interval_days, l.title);
    Ok(())
}

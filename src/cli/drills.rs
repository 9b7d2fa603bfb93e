//! `onemap drills …`: the annual drill plan and records, compliance (`drills compliance --year Y`),
//! participant suggestions from a scenario point, drill mode and the compliance rules.

use std::path::PathBuf;
use std::process::ExitCode;

use super::onemap_errors::input;
use super::output;
use super::when::{self, open};
use crate::actions::drills::{compliance, export_compliance, export_drills, set_drill_mode, suggest_participants};
use crate::analysis::drill_compliance::{drill_kind_zh, state_zh};
use crate::analysis::drill_planning::SuggestRequest;
use crate::analysis::travel::StraightLine;
use crate::model::drill::{Drill, DrillForm, DrillRulesSetting, DrillScope, DrillStatus};
use crate::model::{Labelled, LonLat, UnitRef};
use crate::store::SettingKey;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Add a drill to the plan (--planned) or record one held (--held).
    Add(Box<AddArgs>),
    /// Record a planned drill as held.
    Held {
        #[arg(long)]
        db: PathBuf,
        id: i64,
        #[arg(long)]
        on: String,
        /// 评估总结
        #[arg(long)]
        evaluation: Option<String>,
    },
    /// List drills (of one year).
    List {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// Who is overdue under the drill rules in a year (as of today, or --as-of).
    Compliance {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        year: i32,
        /// The day to judge on (default today in the project's zone).
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
        /// Also write the report as .xlsx.
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// Write the drill plan and records as .xlsx.
    Export {
        #[arg(long)]
        db: PathBuf,
        out: PathBuf,
        #[arg(long)]
        year: Option<i32>,
    },
    /// Suggest participants for a drill at a scenario point, by travel time.
    Suggest {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        lon: f64,
        #[arg(long)]
        lat: f64,
        #[arg(long, default_value_t = 3)]
        stations: usize,
        #[arg(long, default_value_t = 3)]
        teams: usize,
        /// Only teams with this capability (危化, 水域 …).
        #[arg(long)]
        capability: Option<String>,
        /// Where units are at this time (pre-positioning), default now.
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show drill mode, or switch it on/off: while on, every export and log entry is marked 【演练】.
    Mode {
        #[arg(long)]
        db: PathBuf,
        #[arg(value_parser = ["on", "off"])]
        state: Option<String>,
        /// The exercise's name.
        #[arg(long, default_value = "")]
        exercise: String,
        /// The drill record it belongs to.
        #[arg(long)]
        drill: Option<i64>,
    },
    /// Show the compliance rules as JSON, or replace them from a JSON file.
    Rules {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        set: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
struct AddArgs {
    #[arg(long)]
    db: PathBuf,
    /// 演练名称
    #[arg(long)]
    name: String,
    /// 综合 or 专项.
    #[arg(long)]
    scope: DrillScope,
    /// 桌面 or 实战.
    #[arg(long)]
    form: DrillForm,
    /// The day in the plan.
    #[arg(long)]
    planned: Option<String>,
    /// The day it was held (makes it a record).
    #[arg(long)]
    held: Option<String>,
    /// 组织单位
    #[arg(long, default_value = "")]
    organizer: String,
    /// District code (410502 …).
    #[arg(long)]
    district: Option<String>,
    /// The organising enterprise's id (enterprise drills).
    #[arg(long)]
    enterprise: Option<i64>,
    /// Organised by the enterprise's principal (主要负责人).
    #[arg(long)]
    head_led: bool,
    /// 演练情景
    #[arg(long, default_value = "")]
    scenario: String,
    #[arg(long, requires = "lat")]
    lon: Option<f64>,
    #[arg(long, requires = "lon")]
    lat: Option<f64>,
    /// A participating unit, stations:ID or teams:ID (repeatable).
    #[arg(long = "participant")]
    participants: Vec<UnitRef>,
    #[arg(long, default_value = "")]
    other_participants: String,
    /// 评估总结
    #[arg(long, default_value = "")]
    evaluation: String,
    #[arg(long = "attach")]
    attachments: Vec<String>,
    #[arg(long)]
    code: Option<String>,
    #[arg(long)]
    illustrative: bool,
}

pub fn run(args: Args, operator: Option<String>) -> anyhow::Result<ExitCode> {
    match args.command {
        Sub::Add(a) => {
            let mut p = open(&a.db, operator)?;
            let zone = p.zone()?;
            let now = chrono::Utc::now();
            let mut d = Drill::new(a.name, a.scope, a.form);
            d.planned_on = a.planned.as_deref().map(|t| when::day(&zone, Some(t), now)).transpose()?;
            d.held_on = a.held.as_deref().map(|t| when::day(&zone, Some(t), now)).transpose()?;
            if d.held_on.is_some() {
                d.status = DrillStatus::Held;
            } else if d.planned_on.is_none() {
                return Err(input("give --planned DAY for a plan entry or --held DAY for a drill held"));
            }
            d.organizer = a.organizer;
            d.district = a.district;
            d.enterprise = a.enterprise;
            d.head_led = a.head_led;
            d.scenario = a.scenario;
            d.location = a.lon.zip(a.lat).map(|(x, y)| LonLat::new(x, y));
            d.participants = a.participants;
            d.other_participants = a.other_participants;
            d.evaluation = a.evaluation;
            d.attachments = a.attachments;
            d.code = a.code;
            d.illustrative = a.illustrative;
            let id = p.write(|w| w.insert_drill(&d))?;
            println!("added drill {id} \"{}\" ({})", d.name, d.status);
        }
        Sub::Held { db, id, on, evaluation } => {
            let mut p = open(&db, operator)?;
            let mut d = p.drill(id)?.ok_or_else(|| input(format!("the project has no drill {id}")))?;
            d.held_on = Some(when::day(&p.zone()?, Some(&on), chrono::Utc::now())?);
            d.status = DrillStatus::Held;
            if let Some(e) = evaluation {
                d.evaluation = e;
            }
            p.write(|w| w.update_drill(&d))?;
            println!("drill {id} \"{}\" held on {}", d.name, on);
        }
        Sub::List { db, year, json } => {
            let p = open(&db, operator)?;
            use chrono::Datelike;
            let drills: Vec<Drill> = p
                .drills()?
                .into_iter()
                .filter(|d| year.is_none_or(|y| d.held_on.or(d.planned_on).is_some_and(|x| x.year() == y)))
                .collect();
            if json {
                output::json(&drills)?;
            } else {
                let rows: Vec<Vec<String>> = drills
                    .iter()
                    .map(|d| {
                        vec![
                            d.id.to_string(),
                            d.name.clone(),
                            drill_kind_zh(d),
                            d.status.zh().to_string(),
                            d.held_on.or(d.planned_on).map_or(String::new(), |x| x.to_string()),
                            d.organizer.clone(),
                            d.participants.len().to_string(),
                        ]
                    })
                    .collect();
                output::table(&["id", "演练名称", "类型", "状态", "日期", "组织单位", "参演单位"], &rows);
            }
        }
        Sub::Compliance { db, year, as_of, json, xlsx } => {
            let p = open(&db, operator)?;
            let as_of = when::day(&p.zone()?, as_of.as_deref(), chrono::Utc::now())?;
            let report = compliance(&p, year, as_of)?;
            if let Some(path) = &xlsx {
                export_compliance(&p, path, &report)?;
            }
            if json {
                output::json(&report)?;
            } else {
                for r in &report.rules {
                    println!("{}：{} 个对象，{} 个达标，{} 个逾期", r.rule.name, r.subjects, r.compliant, r.overdue);
                    for l in r.lines.iter().filter(|l| l.overdue || l.due_now) {
                        let periods: Vec<String> = l
                            .periods
                            .iter()
                            .filter(|x| x.state != crate::analysis::drill_compliance::PeriodState::Future)
                            .map(|x| format!("{} {}", x.label, state_zh(x.state)))
                            .collect();
                        println!("  {}：{}", l.subject.name(), periods.join("，"));
                    }
                }
            }
        }
        Sub::Export { db, out, year } => {
            let p = open(&db, operator)?;
            let n = export_drills(&p, &out, year)?;
            println!("wrote {n} drill(s) to {}", out.display());
        }
        Sub::Suggest { db, lon, lat, stations, teams, capability, at, json } => {
            let p = open(&db, operator)?;
            let scenario = LonLat::new(lon, lat);
            if let Some(problem) = scenario.problem() {
                return Err(input(format!("--lon/--lat: {problem}")));
            }
            let at = when::instant(&p.zone()?, at.as_deref())?;
            let travel = StraightLine::default();
            let request = SuggestRequest { scenario, stations, teams, capability };
            let ranked = suggest_participants(&p, &request, at, &travel)?;
            if json {
                output::json(&ranked)?;
            } else {
                let rows: Vec<Vec<String>> = ranked
                    .iter()
                    .map(|c| {
                        vec![
                            c.unit.to_string(),
                            c.name.clone(),
                            c.kind.clone(),
                            format!("{:.1}", c.seconds / 60.0),
                            format!("{:.1}", c.meters / 1000.0),
                        ]
                    })
                    .collect();
                output::table(&["unit", "名称", "类别", "到达(分钟)", "距离(km)"], &rows);
                println!("{}", crate::analysis::travel::TravelModel::describe(&travel));
            }
        }
        Sub::Mode { db, state, exercise, drill } => {
            let mut p = open(&db, operator)?;
            let setting = match state.as_deref() {
                Some(s) => set_drill_mode(&mut p, s == "on", &exercise, drill, chrono::Utc::now())?,
                None => p.drill_mode()?,
            };
            if setting.on {
                println!("drill mode ON (演练模式) {}: exports and log entries are marked 【演练】", setting.exercise);
            } else {
                println!("drill mode off");
            }
        }
        Sub::Rules { db, set } => {
            let mut p = open(&db, operator)?;
            if let Some(path) = set {
                let text = std::fs::read_to_string(&path).map_err(|e| input(format!("{}: {e}", path.display())))?;
                let rules: DrillRulesSetting =
                    serde_json::from_str(&text).map_err(|e| input(format!("{}: {e}", path.display())))?;
                p.write(|w| w.set_setting(SettingKey::DrillRules, &rules))?;
            }
            let rules: DrillRulesSetting = p.setting(SettingKey::DrillRules)?;
            output::json(&rules)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! `onemap prepositions …`: units placed at temporary positions for a time window (前置预置),
//! and where a unit effectively is at a time.

use std::path::PathBuf;
use std::process::ExitCode;

use super::onemap_errors::input;
use super::output;
use super::when::{self, open};
use crate::model::preposition::{Preposition, PrepositionReason, effective_position};
use crate::model::{Feature, LonLat, UnitRef};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Place a unit at a position from --from (included) to --until (excluded).
    Add {
        #[arg(long)]
        db: PathBuf,
        /// stations:ID or teams:ID
        #[arg(long)]
        unit: UnitRef,
        #[arg(long)]
        lon: f64,
        #[arg(long)]
        lat: f64,
        /// Start, e.g. "2024-10-01 00:00" in the project's zone.
        #[arg(long)]
        from: String,
        #[arg(long)]
        until: String,
        /// 节假日, 重点时段, 重点路段, 灾害天气 or 其他.
        #[arg(long, default_value = "其他")]
        reason: PrepositionReason,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long)]
        illustrative: bool,
    },
    /// List pre-positionings (only those active at --at with --active).
    List {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        active: bool,
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Where a unit is at a time (default now).
    Where {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        unit: UnitRef,
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// End a pre-positioning early (at --at, default now).
    End {
        #[arg(long)]
        db: PathBuf,
        id: i64,
        #[arg(long)]
        at: Option<String>,
    },
}

pub fn run(args: Args, operator: Option<String>) -> anyhow::Result<ExitCode> {
    match args.command {
        Sub::Add { db, unit, lon, lat, from, until, reason, title, illustrative } => {
            let mut p = open(&db, operator)?;
            let zone = p.zone()?;
            let pre = Preposition {
                id: 0,
                unit,
                location: LonLat::new(lon, lat),
                starts_at: when::required_instant(&zone, &from)?,
                ends_at: when::required_instant(&zone, &until)?,
                reason,
                title,
                illustrative,
                note: String::new(),
            };
            let id = p.write(|w| w.insert_preposition(&pre))?;
            println!(
                "pre-positioning {id}: {unit} at {} from {} to {} ({})",
                pre.location,
                zone.format(pre.starts_at),
                zone.format(pre.ends_at),
                zone.name()
            );
        }
        Sub::List { db, active, at, json } => {
            let p = open(&db, operator)?;
            let zone = p.zone()?;
            let at = when::instant(&zone, at.as_deref())?;
            let all: Vec<Preposition> = p.prepositions()?.into_iter().filter(|x| !active || x.is_active(at)).collect();
            if json {
                output::json(&all)?;
            } else {
                let rows: Vec<Vec<String>> = all
                    .iter()
                    .map(|x| {
                        vec![
                            x.id.to_string(),
                            x.unit.to_string(),
                            x.title.clone(),
                            x.reason.to_string(),
                            zone.format(x.starts_at),
                            zone.format(x.ends_at),
                            if x.is_active(at) { "生效中".into() } else { String::new() },
                        ]
                    })
                    .collect();
                output::table(&["id", "unit", "名称", "原因", "开始", "结束", ""], &rows);
            }
        }
        Sub::Where { db, unit, at, json } => {
            let p = open(&db, operator)?;
            let at = when::instant(&p.zone()?, at.as_deref())?;
            let home = p
                .feature(unit.layer, unit.id)?
                .and_then(|f: Feature| f.location())
                .ok_or_else(|| input(format!("the project has no unit {unit}")))?;
            let e = effective_position(unit, home, &p.prepositions()?, at);
            if json {
                output::json(&e)?;
            } else {
                match e.preposition {
                    Some(id) => println!("{unit} is pre-positioned at {} (pre-positioning {id})", e.location),
                    None => println!("{unit} is at home, {}", e.location),
                }
            }
        }
        Sub::End { db, id, at } => {
            let mut p = open(&db, operator)?;
            let at = when::instant(&p.zone()?, at.as_deref())?;
            let mut x = p
                .prepositions()?
                .into_iter()
                .find(|x| x.id == id)
                .ok_or_else(|| input(format!("the project has no pre-positioning {id}")))?;
            if at <= x.starts_at {
                return Err(input("it has not started yet; end it after its start"));
            }
            x.ends_at = x.ends_at.min(at);
            p.write(|w| w.update_preposition(&x))?;
            println!("pre-positioning {id} ends {}", p.zone()?.format(x.ends_at));
        }
    }
    Ok(ExitCode::SUCCESS)
}

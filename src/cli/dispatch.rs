//! `onemap dispatch --db P --lon X --lat Y --type TYPE [--json] [--sheet out.xlsx|out.csv] [--log]`
//!
//! Times are routed on the project's roads (at the hour of `--when`) when it has them, else estimated.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::actions::dispatch::{log_dispatch, time_of_day};
use crate::analysis::dispatch::{Incident, plan};
use crate::analysis::dispatch_sheet::DispatchSheet;
use crate::analysis::nearest::Responders;
use crate::analysis::prepositions::Prepositioned;
use crate::analysis::warnings::{ENTERPRISE_RADIUS_M, covering};
use crate::io::dispatch_sheet as sheet;
use crate::model::LonLat;

use super::nearest::load;
use super::onemap_errors::input;
use super::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    db: PathBuf,
    /// Longitude of the incident, WGS84 degrees.
    #[arg(long, allow_hyphen_values = true)]
    lon: f64,
    /// Latitude of the incident, WGS84 degrees.
    #[arg(long, allow_hyphen_values = true)]
    lat: f64,
    /// Incident type: its Chinese name (危化品泄漏) or key (hazmat); see the settings for the list.
    #[arg(long = "type")]
    kind: String,
    /// Send this many stations first instead of the type's number.
    #[arg(long)]
    stations: Option<u32>,
    /// When it was reported (RFC 3339, e.g. 2025-07-20T16:00:00+08:00); default now.
    #[arg(long)]
    when: Option<String>,
    /// The incident's address, for the sheet and the log.
    #[arg(long, default_value = "")]
    address: String,
    /// A note for the log.
    #[arg(long, default_value = "")]
    note: String,
    /// Write the dispatch sheet (.csv or .xlsx).
    #[arg(long)]
    sheet: Option<PathBuf>,
    /// Record the incident and this dispatch in the project (audited).
    #[arg(long)]
    log: bool,
    /// JSON: the units (stations, teams, depots) and the vehicle, capability and material cover.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, operator: Option<String>) -> anyhow::Result<ExitCode> {
    let when = match &args.when {
        None => chrono::Utc::now(),
        Some(t) => chrono::DateTime::parse_from_rfc3339(t)
            .map_err(|e| input(format!("--when \"{t}\": {e} (expected e.g. 2025-07-20T16:00:00+08:00)")))?
            .to_utc(),
    };
    if let Some(path) = &args.sheet {
        sheet::SheetFormat::of(path)?;
    }
    // Roads slow down at the hour the incident was reported, in the project's zone.
    let mut l = load(&args.db, |p| Ok(Some(time_of_day(&p.zone()?, when))))?;
    let mut template = l.settings.templates.find(&args.kind)?.clone();
    if let Some(n) = args.stations {
        template.stations = n;
    }
    // Units inside an active pre-positioning window are sent from where they are.
    let prepositions = l.project.prepositions()?;
    let responders = Responders::new(&l.snapshot, &l.settings.protection, l.travel.as_ref())
        .with_whereabouts(&Prepositioned(&prepositions), when);
    let at = LonLat::new(args.lon, args.lat);
    let answer = plan(&responders, &Incident { at, template, when })?;
    let all_warnings = l.project.warnings()?;
    let warnings = covering(&all_warnings, &l.snapshot, at, when, ENTERPRISE_RADIUS_M);
    let sheet_data = DispatchSheet::from_plan(&answer, &args.address);
    if let Some(path) = &args.sheet {
        // The same sheet the window writes, 【演练】 in drill mode.
        crate::actions::dispatch::write_sheet(&l.project, &answer, &args.address, path)?;
    }
    let logged = if args.log {
        if let Some(op) = operator {
            l.project.set_operator(op);
        }
        Some(log_dispatch(&mut l.project, &answer, &args.address, &args.note).context("cannot log the incident")?)
    } else {
        None
    };
    if args.json {
        let mut v = serde_json::to_value(&answer)?;
        if let Some(obj) = v.as_object_mut() {
            if let Some(id) = logged {
                obj.insert("incident_id".into(), id.into());
            }
            let w: Vec<serde_json::Value> =
                warnings.iter().map(|(w, c)| serde_json::json!({ "warning": w, "cover": c })).collect();
            obj.insert("warnings".into(), w.into());
        }
        output::json(&v)?;
        return Ok(ExitCode::SUCCESS);
    }
    for (w, _) in &warnings {
        println!("预警：{}色预警 {} {}（{}）", w.level, w.kind, w.title, w.source);
    }
    print_sheet(&sheet_data);
    if let Some(path) = &args.sheet {
        println!("sheet written to {}", path.display());
    }
    if let Some(id) = logged {
        println!("logged as incident {id}");
    }
    Ok(ExitCode::SUCCESS)
}

fn print_sheet(s: &DispatchSheet) {
    println!("{}", s.title);
    for (k, v) in &s.facts {
        println!("  {k}: {v}");
    }
    for t in &s.tables {
        println!();
        println!("{}", t.title);
        let header: Vec<&str> = t.columns.iter().map(String::as_str).collect();
        let rows: Vec<Vec<String>> = t.rows.iter().map(|r| r.cells.iter().map(|c| c.display()).collect()).collect();
        output::table(&header, &rows);
    }
    for line in &s.shortfalls {
        println!("! {line}");
    }
    if let Some(f) = &s.footnote {
        println!("{f}");
    }
}

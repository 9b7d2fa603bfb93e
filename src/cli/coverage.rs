//! `onemap coverage --db P [--mode radius|time] [--minutes 5] [--with-planned | --scenario NAME] [--json]
//! [--csv-dir DIR] [--geojson FILE]`: what the fire stations protect within the response time
//! and what they leave outside (see `analysis::coverage`).

use std::path::PathBuf;
use std::process::ExitCode;

use super::onemap_errors::input;
use super::output;
use crate::analysis::coverage::{self, CoverageOptions, CoverageReport, Mode, percent};
use crate::analysis::protection::ProtectionSettings;
use crate::io::coverage_export;
use crate::model::{Labelled, StationClass};
use crate::planning::{scenario_coverage, scenarios};
use crate::routing::{TimeOfDay, load_router};
use crate::snapshot::Snapshot;
use crate::store::SettingKey;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    db: PathBuf,
    /// radius: straight-line distance at the stated speed; time: drive time on the project's roads.
    #[arg(long, value_enum, default_value_t = Mode::Radius)]
    mode: Mode,
    /// Response time in minutes, turnout included (default: the project's setting, 5 min of 建标152-2017).
    #[arg(long)]
    minutes: Option<f64>,
    /// Count planned and under-construction stations too, and show the existing-only figures beside.
    #[arg(long)]
    with_planned: bool,
    /// A siting scenario's sites (saved by `onemap site --save`, or "planned") as the new stations
    /// instead of the planned ones; the existing stations alone are shown beside.
    #[arg(long)]
    scenario: Option<String>,
    /// With --scenario: the class of its sites that have none (default 二级站 level2).
    #[arg(long, requires = "scenario")]
    class: Option<String>,
    /// Time of day (HH:MM) for the rush-hour slow-down in time mode; default free flow.
    #[arg(long)]
    at: Option<TimeOfDay>,
    /// Print the whole report as JSON.
    #[arg(long)]
    json: bool,
    /// Write the tables as CSV files into this folder.
    #[arg(long)]
    csv_dir: Option<PathBuf>,
    /// Write the areas, jurisdictions and uncovered enterprises as GeoJSON.
    #[arg(long)]
    geojson: Option<PathBuf>,
    /// Write the one-page report (map and figures): .png or .pdf.
    #[arg(long)]
    report: Option<PathBuf>,
    /// A class's jurisdiction limit, e.g. 二级站=5 or level2=5 (km²; 0 = the class covers nothing). Repeatable.
    #[arg(long, value_name = "CLASS=KM2")]
    limit: Vec<String>,
    /// A township is outside urban protection below this share reached by urban stations (0–1).
    #[arg(long)]
    township_threshold: Option<f64>,
    /// Straight-line estimate: average speed in km/h.
    #[arg(long)]
    speed: Option<f64>,
    /// Straight-line estimate: road distance over straight distance (≥ 1).
    #[arg(long)]
    circuity: Option<f64>,
    /// Store --minutes, --limit, --township-threshold, --speed and --circuity in the project (audited)
    /// instead of using them for this run only.
    #[arg(long)]
    save: bool,
}

/// The project's settings with this run's overrides.
fn overridden(mut s: ProtectionSettings, args: &Args, response_s: Option<u32>) -> anyhow::Result<ProtectionSettings> {
    if let Some(r) = response_s {
        s.coverage.response_s = r;
    }
    for l in &args.limit {
        let (class, km2) =
            l.split_once('=').ok_or_else(|| input(format!("--limit \"{l}\": write CLASS=KM2, e.g. 二级站=4")))?;
        let class = StationClass::parse(class).map_err(|e| input(format!("--limit \"{l}\": {e}")))?;
        let km2: f64 = km2
            .trim()
            .parse()
            .ok()
            .filter(|k: &f64| k.is_finite() && *k >= 0.0)
            .ok_or_else(|| input(format!("--limit \"{l}\": the area must be a number of km², 0 or more")))?;
        s.coverage.jurisdiction_km2.insert(class, km2);
    }
    if let Some(t) = args.township_threshold {
        if !(0.0..=1.0).contains(&t) {
            return Err(input(format!("--township-threshold {t}: give a share between 0 and 1")));
        }
        s.coverage.township_outside_below_fraction = t;
    }
    if let Some(v) = args.speed {
        s.straight_line.speed_kmh = v;
    }
    if let Some(c) = args.circuity {
        s.straight_line.circuity = c;
    }
    if let Some(p) = s.problem() {
        return Err(input(p));
    }
    Ok(s)
}

pub fn run(args: Args, operator: Option<String>) -> anyhow::Result<ExitCode> {
    let response_s = match args.minutes {
        None => None,
        Some(m) if m.is_finite() && m > 0.0 && m <= 60.0 => Some((m * 60.0).round() as u32),
        Some(m) => return Err(input(format!("--minutes {m}: give a response time above 0 and at most 60 minutes"))),
    };
    if let Some(p) = &args.report {
        let ext = p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if !matches!(ext.as_deref(), Some("png" | "pdf")) {
            return Err(input(format!("--report {}: the file name must end in .png or .pdf", p.display())));
        }
    }
    let mut project = super::when::open(&args.db, operator)?;
    let settings = overridden(project.setting(SettingKey::Protection)?, &args, response_s)?;
    if args.save {
        project.write(|w| w.set_setting(SettingKey::Protection, &settings))?;
        eprintln!("saved the protection settings in {}", args.db.display());
    }
    let snapshot = Snapshot::load(&project)?;
    let router = match args.mode {
        Mode::Time => load_router(&project, args.at)?,
        Mode::Radius => None,
    };
    let opts = CoverageOptions { mode: args.mode, response_s, with_planned: args.with_planned };
    let (snapshot, report) = match &args.scenario {
        None => {
            let report = coverage::analyse(&snapshot, &settings, &opts, router.as_ref())?;
            (snapshot, report)
        }
        Some(name) => {
            let class = match &args.class {
                Some(c) => StationClass::parse(c).map_err(|e| input(format!("--class \"{c}\": {e}")))?,
                None => scenario_coverage::DEFAULT_CLASS,
            };
            let all = scenarios::all(&snapshot, project.siting_scenarios()?);
            let scenario = scenario_coverage::by_name(&all, name)?;
            scenario_coverage::analyse(&snapshot, scenario, class, &settings, &opts, router.as_ref())?
        }
    };
    let mark = project.export_mark()?;
    if let Some(dir) = &args.csv_dir {
        for p in coverage_export::write_csv_dir(&report, dir, mark)? {
            eprintln!("wrote {}", p.display());
        }
    }
    if let Some(path) = &args.geojson {
        coverage_export::write_geojson(&report, mark, path)?;
        eprintln!("wrote {}", path.display());
    }
    if let Some(path) = &args.report {
        let date = chrono::Local::now().format("%Y-%m-%d").to_string();
        crate::render::coverage_report::write(&snapshot, &report, mark, crate::i18n::Lang::Zh, date, path)
            .map_err(|e| input(e.to_string()))?;
        eprintln!("wrote {}", path.display());
    }
    if args.json {
        output::json(&report)?;
    } else {
        println!("{}", coverage_export::title(&report, mark));
        print_text(&report);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(label: &str, s: &coverage::Summary) {
    let ents: Vec<String> =
        s.enterprises.iter().map(|l| format!("{} {}/{}", l.level.zh(), l.covered, l.total)).collect();
    println!(
        "{label}: {} stations, covered {:.2} of {:.2} km² ({}), overlap {:.2} km²; enterprises covered {}; \
         red/orange outside {}; townships outside urban protection {}",
        s.stations,
        s.covered_km2,
        s.study_area_km2,
        percent(s.covered_fraction),
        s.overlap_km2,
        ents.join(", "),
        s.red_orange_outside,
        s.townships_outside
    );
}

fn print_text(r: &CoverageReport) {
    println!("travel: {}", r.travel);
    if let Some(b) = &r.before {
        print_summary("existing only", b);
        match &r.scenario {
            Some(name) => print_summary(&format!("with scenario {name}"), &r.summary),
            None => print_summary("with planned", &r.summary),
        }
    } else {
        print_summary("existing", &r.summary);
    }
    println!();
    let rows: Vec<Vec<String>> = r
        .stations
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                s.class.zh().into(),
                s.status.zh().into(),
                s.radius_m.map_or_else(|| format!("{} s", s.drive_s), |m| format!("{m:.0} m")),
                format!("{:.2}", s.reach_km2),
                format!("{:.2}", s.jurisdiction_km2),
                format!("{:.0}", s.limit_km2),
                if s.over_limit { "超标".into() } else { String::new() },
                s.enclaves.to_string(),
            ]
        })
        .collect();
    output::table(&["消防站", "类别", "状态", "半径/行驶", "可达km²", "辖区km²", "上限km²", "", "飞地"], &rows);
    println!();
    let rows: Vec<Vec<String>> = r
        .districts
        .iter()
        .map(|a| {
            vec![
                a.code.clone(),
                a.name.clone(),
                format!("{:.1}", a.area_km2),
                format!("{:.1}", a.covered_km2),
                percent(a.covered_fraction),
                a.enterprises.iter().map(|l| format!("{}/{}", l.covered, l.total)).collect::<Vec<_>>().join(" "),
            ]
        })
        .collect();
    output::table(&["代码", "区县", "面积km²", "覆盖km²", "覆盖率", "企业 红/橙/黄/蓝 覆盖/总数"], &rows);
    println!();
    println!("townships outside urban-station protection: {}", r.townships_outside.len());
    let rows: Vec<Vec<String>> = r
        .townships_outside
        .iter()
        .map(|t| {
            vec![
                t.code.clone(),
                t.name.clone(),
                percent(t.urban_covered_fraction),
                format!("{:.1}", t.uncovered_km2),
                if t.township_teams.is_empty() { "—".into() } else { t.township_teams.join("；") },
            ]
        })
        .collect();
    output::table(&["代码", "乡镇", "城市站覆盖", "未覆盖km²", "乡镇专职消防队"], &rows);
    println!();
    println!("red/orange enterprises outside: {}", r.enterprises_outside.len());
    let rows: Vec<Vec<String>> = r
        .enterprises_outside
        .iter()
        .map(|e| {
            vec![
                e.name.clone(),
                e.risk.zh().into(),
                e.quickest_station.clone().unwrap_or_default(),
                e.arrival_s.map(|t| format!("{:.1} min", t / 60.0)).unwrap_or_default(),
            ]
        })
        .collect();
    output::table(&["企业", "等级", "最快消防站", "到达"], &rows);
}

//! `onemap risk …`: the city's risk picture, imports of zones and points, filings, floor plans,
//! posters and exports — thin shells over the same library calls the window makes.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Subcommand;

use super::onemap_errors::input;
use super::output;
use crate::actions::risk_import::{RiskImportKind, RiskImportRequest, import_risk_file};
use crate::analysis::risk as city;
use crate::analysis::risk::heat::{self, HeatParams, Viewport};
use crate::io::{Crs, ReadOptions};
use crate::model::filing::{compare, diff};
use crate::model::{Feature, FeatureId, Layer, LonLat, RiskLevel};
use crate::render::poster_export::export_poster;
use crate::snapshot::Snapshot;
use crate::spatial::georef::{ControlPoint, TransformKind};
use crate::store::{Project, SettingKey};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: RiskCommand,
}

#[derive(Debug, Subcommand)]
enum RiskCommand {
    /// Enterprises by four-color level per district (every enterprise once; `unassigned` for the rest).
    Summary(Summary),
    /// Enterprises that never filed their risk map, or filed more than a year before --as-of.
    Unfiled(Unfiled),
    /// Import risk zones (polygons) from GeoJSON, Shapefile, GeoPackage (all or nothing).
    ImportZones(Import),
    /// Import 重大危险源/有限空间 points from GeoJSON, Shapefile, GeoPackage, CSV or Excel.
    ImportPoints(Import),
    /// List an enterprise's zones and points, and its overall level with the reason.
    Show(Show),
    /// Set an enterprise's overall level by hand (with a reason), or --clear to follow its zones again.
    SetLevel(SetLevel),
    /// Record a filing (报备) of an enterprise's risk map as it is now.
    File(FileArgs),
    /// An enterprise's filings, each compared with the one before, and the map now against the last.
    History(Show),
    /// Attach a floor plan image (PNG/JPEG) and georeference it with control points.
    Plan(Plan),
    /// Write the city risk table: .xlsx (district counts + enterprise list, palette fills) or .csv (counts).
    Export(Export),
    /// Write the risk density heat map of the whole project as a PNG (CPU renderer).
    Heatmap(Heatmap),
    /// Write an enterprise's four-color poster (A3, for its notice board) as PNG or PDF.
    Poster(Poster),
}

#[derive(Debug, clap::Args)]
struct Summary {
    #[arg(long)]
    db: PathBuf,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct Unfiled {
    #[arg(long)]
    db: PathBuf,
    /// The day to judge on (YYYY-MM-DD); default today.
    #[arg(long)]
    as_of: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct Import {
    #[arg(long)]
    db: PathBuf,
    /// The enterprise every record belongs to (id, code, credit code or name), when the file has no
    /// 企业编号/统一社会信用代码/企业名称 column.
    #[arg(long)]
    enterprise: Option<String>,
    #[arg(long, default_value = "wgs84")]
    crs: Crs,
    /// The layer of a GeoPackage, or the sheet of a workbook.
    #[arg(long)]
    source_layer: Option<String>,
    #[arg(long)]
    json: bool,
    file: PathBuf,
}

#[derive(Debug, clap::Args)]
struct Show {
    #[arg(long)]
    db: PathBuf,
    /// Enterprise id, code, credit code or name.
    #[arg(long)]
    enterprise: String,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct SetLevel {
    #[arg(long)]
    db: PathBuf,
    #[arg(long)]
    enterprise: String,
    /// 红/橙/黄/蓝 (or red, orange, yellow, blue).
    #[arg(long, required_unless_present = "clear")]
    level: Option<RiskLevel>,
    /// Why the level differs from the zones (专家会审意见 …).
    #[arg(long, required_unless_present = "clear")]
    reason: Option<String>,
    /// Remove the explicit level.
    #[arg(long, conflicts_with_all = ["level", "reason"])]
    clear: bool,
}

#[derive(Debug, clap::Args)]
struct FileArgs {
    #[arg(long)]
    db: PathBuf,
    #[arg(long)]
    enterprise: String,
    /// Who filed (报备人).
    #[arg(long)]
    filer: String,
    /// Filing date (YYYY-MM-DD); default today.
    #[arg(long)]
    date: Option<String>,
    #[arg(long, default_value = "")]
    note: String,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct Plan {
    #[arg(long)]
    db: PathBuf,
    #[arg(long)]
    enterprise: String,
    /// The image to attach (PNG or JPEG).
    #[arg(long)]
    image: PathBuf,
    /// Its name (default: the file name).
    #[arg(long)]
    name: Option<String>,
    /// A control point "PIXEL_X,PIXEL_Y,LON,LAT" (pixels from the top-left; WGS84); repeat it.
    #[arg(long = "control")]
    controls: Vec<String>,
    /// similarity (2+ points) or affine (3+ points).
    #[arg(long, default_value = "similarity")]
    transform: TransformKind,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct Export {
    #[arg(long)]
    db: PathBuf,
    /// Filing status as of this day (YYYY-MM-DD); default today.
    #[arg(long)]
    as_of: Option<String>,
    /// .xlsx or .csv
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
struct Heatmap {
    #[arg(long)]
    db: PathBuf,
    #[arg(long, default_value_t = 1600)]
    width: u32,
    #[arg(long, default_value_t = 1200)]
    height: u32,
    /// Kernel radius on the ground, metres (default: the project's risk_heat setting, 2000 m).
    #[arg(long)]
    bandwidth: Option<f64>,
    #[arg(long)]
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
struct Poster {
    #[arg(long)]
    db: PathBuf,
    #[arg(long)]
    enterprise: String,
    /// Resolution (A3 landscape: 150 dpi is 2480 × 1754 pixels).
    #[arg(long, default_value_t = 150.0)]
    dpi: f32,
    /// .png or .pdf
    #[arg(long)]
    out: PathBuf,
}

fn open(db: &std::path::Path, operator: &Option<String>) -> anyhow::Result<Project> {
    let mut p = Project::open(db)?;
    if let Some(op) = operator {
        p.set_operator(op.clone());
    }
    Ok(p)
}

fn date(s: &Option<String>) -> anyhow::Result<NaiveDate> {
    match s {
        None => Ok(chrono::Local::now().date_naive()),
        Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| input(format!("\"{s}\" is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31"))),
    }
}

/// An enterprise by id, code, credit code or exact name.
fn enterprise(project: &Project, key: &str) -> anyhow::Result<FeatureId> {
    let key = key.trim();
    let all: Vec<_> = project
        .features(Layer::Enterprises)?
        .into_iter()
        .filter_map(|f| if let Feature::Enterprises(e) = f { Some(e) } else { None })
        .collect();
    if let Ok(id) = key.parse::<FeatureId>()
        && all.iter().any(|e| e.id == id)
    {
        return Ok(id);
    }
    let hits: Vec<FeatureId> = all
        .iter()
        .filter(|e| e.code.as_deref() == Some(key) || e.credit_code.eq_ignore_ascii_case(key) || e.name == key)
        .map(|e| e.id)
        .collect();
    match hits.as_slice() {
        [one] => Ok(*one),
        [] => Err(input(format!("no enterprise has the id, code, credit code or name \"{key}\""))),
        many => Err(input(format!("\"{key}\" matches {} enterprises; use the id", many.len()))),
    }
}

pub fn run(args: Args, operator: Option<String>) -> anyhow::Result<ExitCode> {
    match args.command {
        RiskCommand::Summary(a) => summary(a),
        RiskCommand::Unfiled(a) => unfiled(a),
        RiskCommand::ImportZones(a) => import(a, RiskImportKind::Zones, operator),
        RiskCommand::ImportPoints(a) => import(a, RiskImportKind::Points, operator),
        RiskCommand::Show(a) => show(a),
        RiskCommand::SetLevel(a) => set_level(a, operator),
        RiskCommand::File(a) => file(a, operator),
        RiskCommand::History(a) => history(a),
        RiskCommand::Plan(a) => plan(a, operator),
        RiskCommand::Export(a) => export(a),
        RiskCommand::Heatmap(a) => heatmap(a),
        RiskCommand::Poster(a) => poster(a),
    }
}

fn summary(a: Summary) -> anyhow::Result<ExitCode> {
    let p = Project::open(&a.db)?;
    let snap = Snapshot::load(&p)?;
    let s = city::summarize(&snap.enterprises, &snap.areas);
    if a.json {
        output::json(&s)?;
    } else {
        let mut rows: Vec<Vec<String>> = s
            .districts
            .iter()
            .map(|d| {
                let c = d.counts;
                vec![
                    d.code.clone(),
                    d.name.clone(),
                    c.red.to_string(),
                    c.orange.to_string(),
                    c.yellow.to_string(),
                    c.blue.to_string(),
                ]
            })
            .collect();
        let t = s.total;
        rows.push(vec![
            String::new(),
            "合计".into(),
            t.red.to_string(),
            t.orange.to_string(),
            t.yellow.to_string(),
            t.blue.to_string(),
        ]);
        output::table(&["代码", "区县", "红", "橙", "黄", "蓝"], &rows);
    }
    Ok(ExitCode::SUCCESS)
}

fn unfiled(a: Unfiled) -> anyhow::Result<ExitCode> {
    let p = Project::open(&a.db)?;
    let as_of = date(&a.as_of)?;
    let snap = Snapshot::load(&p)?;
    let list = city::unfiled(&snap.enterprises, &p.filing_dates()?, as_of);
    if a.json {
        output::json(&serde_json::json!({ "as_of": as_of, "enterprises": list }))?;
    } else {
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|u| {
                vec![
                    u.id.to_string(),
                    u.name.clone(),
                    u.level.to_string(),
                    u.last_filed
                        .map_or("从未报备".into(), |d| format!("{d}（{} 天前）", u.days_since.unwrap_or(0))),
                ]
            })
            .collect();
        output::table(&["id", "企业", "等级", "最近报备"], &rows);
        println!("{} 家企业未报备或报备超过一年（截至 {as_of}）", list.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn import(a: Import, kind: RiskImportKind, operator: Option<String>) -> anyhow::Result<ExitCode> {
    let mut p = open(&a.db, &operator)?;
    let enterprise = a.enterprise.as_deref().map(|k| enterprise(&p, k)).transpose()?;
    let req = RiskImportRequest {
        file: a.file,
        kind,
        crs: a.crs,
        read: ReadOptions { source_layer: a.source_layer, bytes_read: None },
        enterprise,
    };
    let bar = output::Bar::new();
    let result = import_risk_file(&mut p, &req, &bar);
    bar.finish();
    let s = result?;
    if a.json {
        output::json(&s)?;
    } else {
        println!(
            "imported {} {} for {} enterprise(s) from {}",
            s.imported,
            if kind == RiskImportKind::Zones { "zone(s)" } else { "point(s)" },
            s.enterprises,
            s.file
        );
        for (id, before, after) in &s.level_changes {
            println!("  enterprise {id}: overall level {before} → {after}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(a: Show) -> anyhow::Result<ExitCode> {
    let p = Project::open(&a.db)?;
    let id = enterprise(&p, &a.enterprise)?;
    let zones = p.risk_zones(Some(id))?;
    let points = p.risk_points(Some(id))?;
    let overall = p.overall_level(id)?;
    let plans = p.floor_plans(Some(id))?;
    if a.json {
        output::json(
            &serde_json::json!({ "enterprise": id, "overall": overall, "zones": zones, "points": points, "floor_plans": plans }),
        )?;
    } else {
        println!("overall level: {} ({:?})", overall.level, overall.basis);
        let rows: Vec<Vec<String>> = zones
            .iter()
            .map(|z| {
                vec![
                    z.id.to_string(),
                    z.name.clone(),
                    z.level.to_string(),
                    z.lec.map_or(String::new(), |l| format!("D={}", l.d())),
                    z.responsible.clone(),
                ]
            })
            .collect();
        output::table(&["id", "zone", "level", "LEC", "responsible"], &rows);
        for pt in &points {
            println!("{} {} {}", pt.kind, pt.name, pt.location);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn set_level(a: SetLevel, operator: Option<String>) -> anyhow::Result<ExitCode> {
    let mut p = open(&a.db, &operator)?;
    let id = enterprise(&p, &a.enterprise)?;
    if a.clear {
        let had = p.write(|w| w.clear_level_override(id))?;
        println!(
            "{}",
            if had { "explicit level removed; the level follows the zones" } else { "no explicit level was set" }
        );
    } else {
        let (Some(level), Some(reason)) = (a.level, a.reason) else {
            return Err(input("give --level and --reason, or --clear"));
        };
        p.write(|w| w.set_level_override(id, level, &reason))?;
        println!("enterprise {id}: overall level set to {level} ({})", level.risk_name_zh());
    }
    Ok(ExitCode::SUCCESS)
}

fn file(a: FileArgs, operator: Option<String>) -> anyhow::Result<ExitCode> {
    let mut p = open(&a.db, &operator)?;
    let id = enterprise(&p, &a.enterprise)?;
    let on = date(&a.date)?;
    let f = p.write(|w| w.file_risk_map(id, on, &a.filer, &a.note))?;
    if a.json {
        output::json(&f)?;
    } else {
        println!(
            "filing {} recorded: enterprise {id}, {} zone(s), level {}, filed {on} by {}",
            f.id,
            f.zones.len(),
            f.overall,
            f.filer
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn history(a: Show) -> anyhow::Result<ExitCode> {
    let p = Project::open(&a.db)?;
    let id = enterprise(&p, &a.enterprise)?;
    let filings = p.filings(Some(id))?;
    let versions: Vec<serde_json::Value> = filings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let changes = i.checked_sub(1).map(|j| compare(&filings[j], f));
            serde_json::json!({
                "id": f.id, "filed_on": f.filed_on, "filer": f.filer, "overall": f.overall,
                "zones": f.zones.len(), "points": f.points.len(), "changes": changes,
            })
        })
        .collect();
    let now = match filings.last() {
        Some(last) => {
            let overall = p.overall_level(id)?;
            Some(diff(
                last.overall,
                (&last.zones, &last.points),
                overall.level,
                (&p.risk_zones(Some(id))?, &p.risk_points(Some(id))?),
            ))
        }
        None => None,
    };
    if a.json {
        output::json(&serde_json::json!({ "enterprise": id, "filings": versions, "since_last_filing": now }))?;
    } else {
        for v in &versions {
            println!(
                "{} filed {} by {}: level {}, {} zone(s)",
                v["id"], v["filed_on"], v["filer"], v["overall"], v["zones"]
            );
            if !v["changes"].is_null() {
                println!("  changes: {}", v["changes"]);
            }
        }
        match now {
            Some(d) if d.is_empty() => println!("the map has not changed since the last filing"),
            Some(d) => println!("since the last filing: {}", serde_json::to_string(&d)?),
            None => println!("never filed"),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn control_point(s: &str) -> anyhow::Result<ControlPoint> {
    let v: Vec<f64> = s
        .split([',', '，', ' '])
        .filter(|t| !t.trim().is_empty())
        .map(|t| t.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| input(format!("control point \"{s}\": write PIXEL_X,PIXEL_Y,LON,LAT with numbers")))?;
    match v.as_slice() {
        [x, y, lon, lat] => Ok(ControlPoint { pixel: [*x, *y], lonlat: LonLat::new(*lon, *lat) }),
        _ => Err(input(format!("control point \"{s}\": expected 4 numbers PIXEL_X,PIXEL_Y,LON,LAT, got {}", v.len()))),
    }
}

fn plan(a: Plan, operator: Option<String>) -> anyhow::Result<ExitCode> {
    let mut p = open(&a.db, &operator)?;
    let id = enterprise(&p, &a.enterprise)?;
    let controls: Vec<ControlPoint> = a.controls.iter().map(|c| control_point(c)).collect::<Result<_, _>>()?;
    let bytes = std::fs::read(&a.image).map_err(|e| input(format!("cannot read {}: {e}", a.image.display())))?;
    let name =
        a.name.unwrap_or_else(|| a.image.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
    let (plan, georef) = p.write(|w| {
        let plan = w.add_floor_plan(id, &name, &bytes, "")?;
        let g = if controls.is_empty() { None } else { Some(w.georeference_plan(plan.id, a.transform, &controls)?) };
        Ok::<_, crate::store::StoreError>((plan, g))
    })?;
    if a.json {
        output::json(&serde_json::json!({ "plan": plan, "georef": georef }))?;
    } else {
        println!("floor plan {} attached ({} × {} px)", plan.id, plan.width, plan.height);
        if let Some(g) = georef {
            println!(
                "{:?} fit: {:.3} m/pixel, rotated {:.2}°, RMS {:.3} m over {} point(s)",
                g.kind,
                g.metres_per_pixel(),
                g.rotation_deg(),
                g.rms_m,
                g.residuals.len()
            );
            for (i, r) in g.residuals.iter().enumerate() {
                println!("  point {}: {:.3} m (east {:+.3}, north {:+.3})", i + 1, r.distance_m, r.east_m, r.north_m);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn export(a: Export) -> anyhow::Result<ExitCode> {
    let p = Project::open(&a.db)?;
    let as_of = date(&a.as_of)?;
    crate::actions::risk_export::export_city_table(&p, &a.out, as_of)?;
    println!("wrote {}", a.out.display());
    Ok(ExitCode::SUCCESS)
}

fn heatmap(a: Heatmap) -> anyhow::Result<ExitCode> {
    let p = Project::open(&a.db)?;
    let snap = Snapshot::load(&p)?;
    let bbox = snap.extent().ok_or_else(|| input("the project is empty"))?;
    let mut params: HeatParams = p.setting(SettingKey::RiskHeat)?;
    if let Some(b) = a.bandwidth {
        if !(b.is_finite() && b > 0.0) {
            return Err(input(format!("--bandwidth {b} must be a positive number of metres")));
        }
        params.bandwidth_m = b;
    }
    let vp = Viewport::fit(bbox, a.width, a.height);
    let points = heat::heat_points(snap.enterprises.iter().map(|e| (e.location, e.risk)), &params.weights);
    let img = heat::render(&points, &vp, &params);
    let buf = image::RgbaImage::from_raw(img.width, img.height, img.rgba).context("heat map size")?;
    buf.save(&a.out).with_context(|| format!("cannot write {}", a.out.display()))?;
    println!("wrote {} ({} × {}, {} enterprises)", a.out.display(), a.width, a.height, points.len());
    Ok(ExitCode::SUCCESS)
}

fn poster(a: Poster) -> anyhow::Result<ExitCode> {
    let p = Project::open(&a.db)?;
    let id = enterprise(&p, &a.enterprise)?;
    if !(a.dpi.is_finite() && (50.0..=600.0).contains(&a.dpi)) {
        return Err(input(format!("--dpi {} must be between 50 and 600", a.dpi)));
    }
    let s = export_poster(&p, id, &a.out, a.dpi, chrono::Local::now().date_naive())?;
    println!("wrote {} ({} × {} px, {} zone(s), {} point(s))", s.file, s.width, s.height, s.zones, s.points);
    Ok(ExitCode::SUCCESS)
}

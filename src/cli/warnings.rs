//! `onemap warnings …`: graded warnings (预警) on an area, a drawn polygon or an enterprise, in
//! force for a period; which are active, and which cover a point.

use std::path::PathBuf;
use std::process::ExitCode;

use super::onemap_errors::input;
use super::output;
use super::when::{self, open};
use crate::analysis::warnings::{ENTERPRISE_RADIUS_M, active, covering};
use crate::model::warning::{Warning, WarningLevel, WarningTarget};
use crate::model::{Labelled, LonLat};
use crate::snapshot::Snapshot;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Record a warning on an area (--area CODE), an enterprise (--enterprise ID) or a polygon
    /// (--polygon FILE.geojson), valid from --from (included) to --until (excluded).
    Add {
        #[arg(long)]
        db: PathBuf,
        /// 红, 橙, 黄 or 蓝.
        #[arg(long)]
        level: WarningLevel,
        /// 预警类别: 暴雨, 大风, 危化品 …
        #[arg(long)]
        kind: String,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long, group = "target")]
        area: Option<String>,
        #[arg(long, group = "target")]
        enterprise: Option<i64>,
        /// A GeoJSON file with one Polygon or MultiPolygon (WGS84).
        #[arg(long, group = "target")]
        polygon: Option<PathBuf>,
        #[arg(long)]
        from: String,
        #[arg(long)]
        until: String,
        /// 发布单位
        #[arg(long, default_value = "")]
        source: String,
        #[arg(long)]
        illustrative: bool,
    },
    /// List warnings (only those in force at --at with --active).
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
    /// The warnings in force that cover a point (for an incident there).
    At {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        lon: f64,
        #[arg(long)]
        lat: f64,
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Lift (解除) a warning at --at (default now).
    Lift {
        #[arg(long)]
        db: PathBuf,
        id: i64,
        #[arg(long)]
        at: Option<String>,
    },
}

fn polygon_from(path: &std::path::Path) -> anyhow::Result<geo_types::MultiPolygon<f64>> {
    let text = std::fs::read_to_string(path).map_err(|e| input(format!("{}: {e}", path.display())))?;
    let gj: geojson::GeoJson = text.parse().map_err(|e| input(format!("{}: {e}", path.display())))?;
    let geometry = match gj {
        geojson::GeoJson::Geometry(g) => Some(g),
        geojson::GeoJson::Feature(f) => f.geometry,
        geojson::GeoJson::FeatureCollection(c) => c.features.into_iter().next().and_then(|f| f.geometry),
    }
    .ok_or_else(|| input(format!("{}: has no geometry", path.display())))?;
    match geo_types::Geometry::<f64>::try_from(geometry) {
        Ok(geo_types::Geometry::Polygon(p)) => Ok(geo_types::MultiPolygon(vec![p])),
        Ok(geo_types::Geometry::MultiPolygon(mp)) => Ok(mp),
        _ => Err(input(format!("{}: expected a Polygon or MultiPolygon", path.display()))),
    }
}

fn target_text(w: &Warning) -> String {
    match &w.target {
        WarningTarget::Area { code } => format!("行政区 {code}"),
        WarningTarget::Polygon { .. } => "区域".into(),
        WarningTarget::Enterprise { id } => format!("企业 {id}"),
    }
}

pub fn run(args: Args, operator: Option<String>) -> anyhow::Result<ExitCode> {
    match args.command {
        Sub::Add { db, level, kind, title, area, enterprise, polygon, from, until, source, illustrative } => {
            let mut p = open(&db, operator)?;
            let zone = p.zone()?;
            let target = match (area, enterprise, polygon) {
                (Some(code), _, _) => WarningTarget::Area { code },
                (_, Some(id), _) => WarningTarget::Enterprise { id },
                (_, _, Some(path)) => WarningTarget::Polygon { outline: polygon_from(&path)? },
                _ => return Err(input("give the warning's target: --area CODE, --enterprise ID or --polygon FILE")),
            };
            let w = Warning {
                id: 0,
                level,
                kind,
                title,
                target,
                starts_at: when::required_instant(&zone, &from)?,
                ends_at: when::required_instant(&zone, &until)?,
                source,
                illustrative,
                note: String::new(),
            };
            let id = p.write(|x| x.insert_warning(&w))?;
            println!(
                "warning {id}: {}色 {} on {}, {} – {} ({})",
                w.level,
                w.kind,
                target_text(&w),
                zone.format(w.starts_at),
                zone.format(w.ends_at),
                zone.name()
            );
        }
        Sub::List { db, active: only_active, at, json } => {
            let p = open(&db, operator)?;
            let zone = p.zone()?;
            let at = when::instant(&zone, at.as_deref())?;
            let all = p.warnings()?;
            let shown: Vec<&Warning> = if only_active { active(&all, at) } else { all.iter().collect() };
            if json {
                output::json(&shown)?;
            } else {
                let rows: Vec<Vec<String>> = shown
                    .iter()
                    .map(|w| {
                        vec![
                            w.id.to_string(),
                            w.level.zh().to_string(),
                            w.kind.clone(),
                            target_text(w),
                            zone.format(w.starts_at),
                            zone.format(w.ends_at),
                            w.source.clone(),
                            if w.is_active(at) { "生效中".into() } else { String::new() },
                        ]
                    })
                    .collect();
                output::table(&["id", "等级", "类别", "范围", "开始", "结束", "发布单位", ""], &rows);
            }
        }
        Sub::At { db, lon, lat, at, json } => {
            let p = open(&db, operator)?;
            let point = LonLat::new(lon, lat);
            if let Some(problem) = point.problem() {
                return Err(input(format!("--lon/--lat: {problem}")));
            }
            let at = when::instant(&p.zone()?, at.as_deref())?;
            let all = p.warnings()?;
            let snapshot = Snapshot::load(&p)?;
            let hits = covering(&all, &snapshot, point, at, ENTERPRISE_RADIUS_M);
            if json {
                let v: Vec<serde_json::Value> =
                    hits.iter().map(|(w, c)| serde_json::json!({ "warning": w, "cover": c })).collect();
                output::json(&v)?;
            } else if hits.is_empty() {
                println!("no warning in force covers {point}");
            } else {
                for (w, _) in hits {
                    println!("{}色预警 {} {}（{}）", w.level, w.kind, w.title, w.source);
                }
            }
        }
        Sub::Lift { db, id, at } => {
            let mut p = open(&db, operator)?;
            let zone = p.zone()?;
            let at = when::instant(&zone, at.as_deref())?;
            let mut w = p
                .warnings()?
                .into_iter()
                .find(|w| w.id == id)
                .ok_or_else(|| input(format!("the project has no warning {id}")))?;
            if at <= w.starts_at {
                return Err(input("it is not in force yet; lift it after its start"));
            }
            w.ends_at = w.ends_at.min(at);
            p.write(|x| x.update_warning(&w))?;
            println!("warning {id} lifted at {}", zone.format(w.ends_at));
        }
    }
    Ok(ExitCode::SUCCESS)
}

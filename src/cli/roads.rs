//! `onemap roads import --db P FILE [--bbox W,S,E,N] [--json]`, `onemap roads info --db P [--json]`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use crate::routing::{self, RoadImport};
use crate::store::Project;

use super::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: RoadsCommand,
}

#[derive(Debug, Subcommand)]
enum RoadsCommand {
    /// Import a road network (.osm, .osm.bz2, .osm.pbf, or a .shp of road lines), replacing the
    /// project's roads. All or nothing.
    Import(ImportArgs),
    /// Show the project's road network: size, one-way streets, dropped islands.
    Info(InfoArgs),
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    #[arg(long)]
    db: PathBuf,
    /// Keep roads inside west,south,east,north (degrees); default: the project region plus 5 km.
    #[arg(long, allow_hyphen_values = true)]
    bbox: Option<String>,
    #[arg(long)]
    json: bool,
    file: PathBuf,
}

#[derive(Debug, clap::Args)]
struct InfoArgs {
    #[arg(long)]
    db: PathBuf,
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, operator: Option<String>) -> anyhow::Result<ExitCode> {
    match args.command {
        RoadsCommand::Import(a) => import(a, operator),
        RoadsCommand::Info(a) => info(a),
    }
}

fn import(args: ImportArgs, operator: Option<String>) -> anyhow::Result<ExitCode> {
    let mut project = Project::open(&args.db)?;
    if let Some(op) = operator {
        project.set_operator(op);
    }
    let bbox = args.bbox.as_deref().map(routing::import::parse_bbox).transpose()?;
    let bar = output::Bar::new();
    let result = routing::import_roads(&mut project, &RoadImport { file: args.file, bbox }, &bar);
    bar.finish();
    let s = result?;
    if args.json {
        output::json(&s)?;
    } else {
        let b = &s.build;
        println!(
            "imported {} road segments ({:.1} km, {} one-way) between {} junctions from {}",
            b.segments, b.length_km, b.oneway_segments, b.nodes, s.file
        );
        if b.islands.count > 0 {
            println!(
                "dropped {} piece(s) not connected both ways to the main network: {} segments, {:.1} km",
                b.islands.count, b.islands.segments, b.islands.length_km
            );
            if let Some(big) = &b.islands.largest {
                println!("  the largest ({:.2} km) is at {}", big.length_km, big.at);
            }
        }
        if b.skipped_class > 0 {
            println!("skipped {} way(s) of classes the speed profile does not drive on", b.skipped_class);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn info(args: InfoArgs) -> anyhow::Result<ExitCode> {
    let project = Project::open(&args.db)?;
    let Some(net) = routing::store::load(&project)? else { return Err(routing::RoutingError::NoRoads.into()) };
    let s = &net.summary;
    if args.json {
        output::json(s)?;
    } else {
        println!(
            "{} road segments ({:.1} km, {} one-way) between {} junctions; {} island(s) dropped on import",
            s.segments, s.length_km, s.oneway_segments, s.nodes, s.islands.count
        );
    }
    Ok(ExitCode::SUCCESS)
}

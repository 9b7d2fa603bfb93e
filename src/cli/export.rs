//! `onemap export --db P --layer L --format geojson|csv OUT`, or `--format gpkg` for a copy.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::io::export;
use crate::model::Layer;
use crate::store::Project;

use super::onemap_errors::input;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Geojson,
    Csv,
    /// A GeoPackage copy of the whole project (--layer is not needed).
    Gpkg,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    db: PathBuf,
    /// The layer to export (not needed for --format gpkg).
    #[arg(long)]
    layer: Option<Layer>,
    #[arg(long, value_enum)]
    format: Format,
    /// The file to write.
    out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let project = Project::open(&args.db)?;
    let mark = project.export_mark()?;
    let layer = || args.layer.ok_or_else(|| input("--layer is required for geojson and csv exports"));
    let n = match args.format {
        Format::Geojson => {
            let features = project.features(layer()?)?;
            export::geojson(&features, &args.out, mark)?;
            features.len()
        }
        Format::Csv => {
            let layer = layer()?;
            let features = project.features(layer)?;
            export::csv_layer(layer, &features, &args.out, mark)?;
            features.len()
        }
        Format::Gpkg => {
            export::gpkg_copy(&project, &args.out)?;
            println!("copied the project to {}", args.out.display());
            return Ok(ExitCode::SUCCESS);
        }
    };
    println!("wrote {n} feature(s) to {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

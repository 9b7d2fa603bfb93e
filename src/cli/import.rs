//! `onemap import --db P --layer L FILE [--crs wgs84|gcj02] [--source-layer NAME]`

use std::path::PathBuf;
use std::process::ExitCode;

use crate::actions::{ImportRequest, import_file};
use crate::io::{Crs, ReadOptions};
use crate::model::Layer;
use crate::store::Project;

use super::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project file.
    #[arg(long)]
    db: PathBuf,
    /// Target layer: stations, teams, depots, enterprises or areas (Chinese names work too).
    #[arg(long)]
    layer: Layer,
    /// Coordinate system of the file: wgs84 (also CGCS2000) or gcj02 (AMap/Gaode), converted on import.
    #[arg(long, default_value = "wgs84")]
    crs: Crs,
    /// The layer to read from a GeoPackage with several, or the sheet of a workbook (default: the first).
    #[arg(long)]
    source_layer: Option<String>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
    /// GeoJSON, CSV, Excel (.xlsx/.xls), Shapefile (.shp) or GeoPackage (.gpkg).
    file: PathBuf,
}

pub fn run(args: Args, operator: Option<String>) -> anyhow::Result<ExitCode> {
    let mut project = Project::open(&args.db)?;
    if let Some(op) = operator {
        project.set_operator(op);
    }
    let req = ImportRequest {
        file: args.file,
        layer: args.layer,
        crs: args.crs,
        read: ReadOptions { source_layer: args.source_layer, bytes_read: None },
    };
    let bar = output::Bar::new();
    let result = import_file(&mut project, &req, &bar);
    bar.finish();
    let summary = result?;
    if args.json {
        output::json(&summary)?;
    } else {
        println!("imported {} feature(s) from {} into {}", summary.imported, summary.file, summary.layer);
    }
    Ok(ExitCode::SUCCESS)
}

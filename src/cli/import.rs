//! `onemap import --db P --layer L FILE [--crs wgs84|gcj02] [--source-layer NAME]`, or
//! `--as-layer NAME` to bring the file in as a layer of its own (e.g. siting demand).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::actions::user_layer::{LayerImportRequest, import_user_layer};
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
    #[arg(long, required_unless_present = "as_layer")]
    layer: Option<Layer>,
    /// Import the file as a new layer of its own with this name (points or areas with any
    /// fields, e.g. villages with population as siting demand) instead of into --layer.
    #[arg(long, conflicts_with = "layer")]
    as_layer: Option<String>,
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
    let read = ReadOptions { source_layer: args.source_layer, bytes_read: None };
    let bar = output::Bar::new();
    let (layer, name) = match (args.layer, args.as_layer) {
        (Some(layer), _) => (layer, None),
        (None, Some(name)) => (Layer::Areas, Some(name)),
        (None, None) => anyhow::bail!("name the target: --layer or --as-layer"),
    };
    if let Some(name) = name {
        let req = LayerImportRequest { file: args.file, name, crs: args.crs, read };
        let result = import_user_layer(&mut project, &req, &bar);
        bar.finish();
        let summary = result?;
        if args.json {
            output::json(&summary)?;
        } else {
            println!("imported {} feature(s) from {} as layer {}", summary.imported, summary.file, summary.layer);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let req = ImportRequest { file: args.file, layer, crs: args.crs, read };
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

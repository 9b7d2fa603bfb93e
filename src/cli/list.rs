//! `onemap list LAYER --db P [--json]`

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::Value;

use crate::io::export::properties;
use crate::model::Layer;
use crate::store::Project;

use super::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// stations, teams, depots, enterprises or areas (Chinese names work too).
    layer: Layer,
    #[arg(long)]
    db: PathBuf,
    /// JSON: an array of objects with id, name, lon, lat (points) and every attribute.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let project = Project::open(&args.db)?;
    let features = project.features(args.layer)?;
    if args.json {
        let rows: Vec<Value> = features
            .iter()
            .map(|f| {
                let mut p = properties(f);
                if let Some(at) = f.location() {
                    p.insert("lon".into(), Value::from(at.lon));
                    p.insert("lat".into(), Value::from(at.lat));
                }
                Value::Object(p)
            })
            .collect();
        output::json(&rows)?;
    } else {
        let rows: Vec<Vec<String>> = features
            .iter()
            .map(|f| {
                let at = f.location().map(|p| format!("{:.5}, {:.5}", p.lon, p.lat)).unwrap_or_default();
                vec![f.id().to_string(), f.name().to_string(), at]
            })
            .collect();
        output::table(&["id", "name", "lon, lat"], &rows);
    }
    Ok(ExitCode::SUCCESS)
}

//! `onemap check PATH [--json]`: exit 0 when the project is sound, 1 when problems were found.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::store::{Project, schema};

use super::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project file.
    path: PathBuf,
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let project = Project::open(&args.path)?;
    let report = project.check()?;
    if args.json {
        output::json(&report)?;
    } else {
        println!("{}", args.path.display());
        println!("  SQLite integrity: {}", report.sqlite_integrity);
        println!(
            "  journal mode: {}, foreign keys: {}",
            report.journal_mode,
            if report.foreign_keys { "on" } else { "off" }
        );
        println!(
            "  schema version: {} of {} ({})",
            report.schema_version,
            schema::current_version(),
            report.schema_steps.join(", ")
        );
        for (layer, n) in &report.layers {
            println!("  layer {layer}: {n} feature(s)");
        }
        if report.ok() {
            println!("  GeoPackage conformance: ok");
        }
        for f in &report.findings {
            println!("  problem ({}): {}", f.what, f.detail);
        }
    }
    Ok(if report.ok() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

//! `onemap init [--demo] PATH`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::store::Project;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Fill the project with the Anyang demo data (illustrative positions, marked 示意).
    #[arg(long)]
    demo: bool,
    /// The project file to create (.gpkg); it must not exist yet.
    path: PathBuf,
}

pub fn run(args: Args, operator: Option<String>) -> anyhow::Result<ExitCode> {
    if args.demo {
        let counts = crate::demo::create(&args.path, operator.as_deref())
            .with_context(|| format!("cannot build the demo project {}", args.path.display()))?;
        println!("created {} with the Anyang demo:", args.path.display());
        for (layer, n) in counts {
            println!("  {layer}: {n}");
        }
    } else {
        Project::create(&args.path)?;
        println!("created empty project {}", args.path.display());
    }
    Ok(ExitCode::SUCCESS)
}

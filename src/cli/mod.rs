//! The command line: one module per subcommand, each a thin shell over library calls the
//! window makes too. Exit codes: 0 success, 1 the user's input is wrong, 2 internal error.

mod check;
mod coverage;
mod dispatch;
mod drills;
mod export;
mod hazards;
mod import;
mod init;
mod isochrone;
mod list;
mod nearest;
mod output;
mod prepositions;
mod render;
mod risk;
mod roads;
mod route;
mod service_areas;
mod site;
mod site_project;
mod warnings;
mod when;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `onemap --version`: the crate version and the git commit it was built from.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("ONEMAP_GIT_COMMIT"), ")");

#[derive(Debug, Parser)]
#[command(
    name = "onemap",
    version = VERSION,
    about = "OneMap 应急资源一张图 — every emergency resource of a city on one map",
    long_about = "OneMap 应急资源一张图: fire stations, rescue teams, supply depots and enterprise risk on one map.\n\
                  Run without arguments to open the window on the Anyang demo project, or give a project file (.gpkg).\n\
                  The subcommands below work on a project file without opening a window.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A project file to open in the window (default: the Anyang demo project).
    pub project: Option<PathBuf>,

    /// Name recorded in the audit log for changes (default: $ONEMAP_OPERATOR or the OS user).
    #[arg(long, global = true)]
    pub operator: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a project file: empty, or the Anyang demo with --demo.
    Init(init::Args),
    /// Import a GeoJSON, CSV, Excel, Shapefile or GeoPackage layer into a project (all or nothing).
    Import(import::Args),
    /// Export a layer as GeoJSON or CSV, or the whole project as a GeoPackage copy.
    Export(export::Args),
    /// List the features of a layer.
    List(list::Args),
    /// Check a project: SQLite integrity, GeoPackage conformance, schema version.
    Check(check::Args),
    /// The key-hazard rectification ledger (重点隐患问题动态整改台账).
    Hazards(hazards::Args),
    /// Drill plan and records, compliance, participant suggestions, drill mode (应急演练).
    Drills(drills::Args),
    /// Units pre-positioned for a time window (前置预置).
    Prepositions(prepositions::Args),
    /// Graded warnings on areas and enterprises (预警).
    Warnings(warnings::Args),
    /// The nearest stations, teams or depots to a point, by distance or arrival time.
    Nearest(nearest::Args),
    /// Who goes to an incident, how fast, with what: units, materials and shortfalls.
    Dispatch(dispatch::Args),
    /// Road network: import one from OpenStreetMap or a Shapefile, show what is loaded.
    Roads(roads::Args),
    /// The fastest (or shortest) road route between two points.
    Route(route::Args),
    /// Drive-time areas (isochrones) from a point or from all fire stations, as GeoJSON.
    Isochrone(isochrone::Args),
    /// Choose new sites (MCLP, LSCP, p-median, p-center) on a generic problem from CSV files.
    Site(site::Args),
    /// Enterprise risk: the city's picture, zones, filings, floor plans, posters, exports.
    Risk(risk::Args),
    /// Draw the map to a PNG or PDF (title, legend, scale bar, north arrow, date).
    Render(render::Args),
    /// Each road piece to the fire station that reaches it first, as GeoJSON.
    ServiceAreas(service_areas::Args),
    /// Fire-station coverage: protection radii or drive time, the 5-minute rule, who is left outside.
    Coverage(coverage::Args),
}

/// Parses arguments; `Ok(None)` means "open the window" (with an optional project path).
pub fn parse() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|e| {
        let _ = e.print();
        match e.kind() {
            clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => ExitCode::SUCCESS,
            _ => ExitCode::from(1),
        }
    })
}

/// Runs a subcommand and turns its outcome into an exit code, printing any error once.
pub fn run(command: Command, operator: Option<String>) -> ExitCode {
    let result = match command {
        Command::Init(a) => init::run(a, operator),
        Command::Import(a) => import::run(a, operator),
        Command::Export(a) => export::run(a),
        Command::List(a) => list::run(a),
        Command::Check(a) => check::run(a),
        Command::Hazards(a) => hazards::run(a, operator),
        Command::Drills(a) => drills::run(a, operator),
        Command::Prepositions(a) => prepositions::run(a, operator),
        Command::Warnings(a) => warnings::run(a, operator),
        Command::Nearest(a) => nearest::run(a),
        Command::Dispatch(a) => dispatch::run(a, operator),
        Command::Roads(a) => roads::run(a, operator),
        Command::Route(a) => route::run(a),
        Command::Isochrone(a) => isochrone::run(a),
        Command::Site(a) => site::run(a),
        Command::Risk(a) => risk::run(a, operator),
        Command::Render(a) => render::run(a),
        Command::ServiceAreas(a) => service_areas::run(a),
        Command::Coverage(a) => coverage::run(a, operator),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("onemap: {}", output::describe(&e));
            ExitCode::from(exit_code(&e))
        }
    }
}

/// 1 when the error is the user's (bad file, wrong argument), 2 when it is OneMap's.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    for cause in e.chain() {
        if let Some(x) = cause.downcast_ref::<onemap_errors::Input>() {
            let _ = x;
            return 1;
        }
        if let Some(x) = cause.downcast_ref::<crate::store::StoreError>() {
            return if x.is_input() { 1 } else { 2 };
        }
        if let Some(x) = cause.downcast_ref::<crate::actions::ActionError>() {
            return if x.is_input() { 1 } else { 2 };
        }
        if cause.downcast_ref::<crate::analysis::nearest::NearestError>().is_some()
            || cause.downcast_ref::<crate::analysis::dispatch::DispatchError>().is_some()
            || cause.downcast_ref::<crate::analysis::incident_types::UnknownType>().is_some()
        {
            return 1;
        }
        if let Some(x) = cause.downcast_ref::<crate::routing::RoutingError>() {
            return if x.is_input() { 1 } else { 2 };
        }
        if let Some(x) = cause.downcast_ref::<crate::planning::PlanningError>() {
            return if x.is_input() { 1 } else { 2 };
        }
        if let Some(x) = cause.downcast_ref::<crate::render::poster_export::PosterExportError>() {
            return if x.is_input() { 1 } else { 2 };
        }
        if let Some(x) = cause.downcast_ref::<crate::analysis::coverage::CoverageError>() {
            return if x.is_input() { 1 } else { 2 };
        }
        if cause.downcast_ref::<crate::io::ImportError>().is_some()
            || cause.downcast_ref::<crate::io::export::ExportError>().is_some()
        {
            return 1;
        }
    }
    2
}

/// Errors the CLI itself raises about its arguments.
pub mod onemap_errors {
    /// A wrong argument value (exit code 1).
    #[derive(Debug, thiserror::Error)]
    #[error("{0}")]
    pub struct Input(pub String);

    pub fn input(msg: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(Input(msg.into()))
    }
}

/// Opens the window on a project (default: the last one, else the demo, created on first run).
pub fn open_window(project: Option<PathBuf>, operator: Option<String>) -> ExitCode {
    let started = std::time::Instant::now();
    // `onemap nearset` is a mistyped command far more often than a project to open: refuse it
    // before a window appears.
    if let Some(p) = &project
        && !p.exists()
    {
        eprintln!("onemap: {} is neither a command nor an existing project file (see `onemap --help`)", p.display());
        return ExitCode::from(1);
    }
    match crate::ui::run(project, operator, started) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("onemap: {}", output::describe(&e));
            ExitCode::from(exit_code(&e))
        }
    }
}

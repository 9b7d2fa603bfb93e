//! What panels ask the app to do. Panels draw and return a [`Command`]; the app applies
//! commands after the frame, so nothing changes the project or the view mid-draw.

use std::path::PathBuf;

use super::document::FeatureRef;
use crate::actions::{Edit, ImportRequest};
use crate::model::{Layer, LonLat};
use crate::render::ProjectMapSettings;

/// Export formats of a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerFormat {
    GeoJson,
    Csv,
}

#[must_use]
#[derive(Debug, Clone)]
// A few commands carry a feature; a handful are made per frame, so their size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Select a feature (or clear the selection).
    Select(Option<FeatureRef>),
    /// Select a feature and bring it into view.
    Focus(FeatureRef),
    /// Centre the map on a point at a zoom level.
    ZoomTo {
        centre: LonLat,
        zoom: f64,
    },
    /// Show the whole project.
    ZoomToExtent,
    /// Change the project (audited, undoable).
    Edit(Edit),
    Undo,
    Redo,
    /// Start placing a new feature of a layer with the next click on the map.
    StartAdd(Layer),
    /// The next click moves the selected feature there.
    StartMove,
    /// Switch the map tool (browse, measure …).
    SetTool(super::map::tools::Tool),
    /// Dragging the selected feature moves it.
    SetEditMode(bool),
    /// Ask the user for a file (system dialog, or the in-window prompt) for a purpose.
    ChoosePath(super::dialogs::PathPurpose),
    Open(PathBuf),
    New(PathBuf),
    /// Ask which layer and coordinate system before importing a file.
    ConfirmImport {
        file: PathBuf,
        layer: Layer,
    },
    Import(ImportRequest),
    ExportLayer {
        layer: Layer,
        format: LayerFormat,
        path: PathBuf,
    },
    /// Export the current view as a sheet (PNG, or PDF when the path ends in .pdf).
    ExportMap(PathBuf),
    SaveMapSettings(ProjectMapSettings),
    ShowSettings,
    ShowAbout,
    /// Switch drill mode on or off (audited; the map then carries the 演练 watermark).
    SetDrillMode(bool),
    /// A new incident here (or move the current one): the dispatch panel answers.
    PlaceIncident(LonLat),
    /// Write the dispatch sheet (.xlsx/.csv) or the dispatch map (.png).
    ExportDispatch(PathBuf),
    /// Record the incident and the dispatch shown in the project (audited).
    LogDispatch,
    ShowIncidentTypes,
    /// Store the project's incident types (audited).
    SaveIncidentTypes(crate::analysis::incident_types::IncidentTemplates),
    /// Open the road-analysis window.
    ShowRoads,
    /// Compute isochrones from this point (the road window's cut-offs) and show them.
    IsochroneAt(LonLat),
    /// Open the siting window.
    ShowSiting,
    /// Import a road network file into the project (replacing its roads).
    ImportRoads(PathBuf),
    /// Show road-network results in the travel layer (an empty overlay clears it).
    ShowTravel(std::sync::Arc<crate::render::layers::travel::TravelOverlay>),
    /// Run the coverage analysis on the open project.
    RunCoverage(crate::analysis::coverage::CoverageOptions),
    /// Export the last coverage analysis.
    ExportCoverage {
        what: CoverageExport,
        path: PathBuf,
    },
    /// A request of the enterprise risk or georeferencing windows.
    Risk(super::panels::risk_windows::RiskAction),
    /// Open a hazard ledger item's card (and bring its place into view at a zoom).
    OpenHazard {
        id: crate::model::FeatureId,
        zoom: Option<(LonLat, f64)>,
    },
    /// Open the card of a new hazard ledger item.
    NewHazard,
    /// The map click a record form asked for (`Tool::PickPoint`).
    PointPicked(super::panels::record_ops::PointPurpose, LonLat),
    /// A write on the records (ledger, drills, pre-positionings, warnings), audited.
    Record(super::panels::record_ops::RecordOp),
    /// Open a record window.
    ShowRecords(super::panels::record_ops::RecordWindow),
    /// The siting window's writes, files and map marks.
    Siting(super::panels::siting::SitingAction),
    /// Run the coverage analysis (the coverage tab's mode and time) with a siting scenario's sites
    /// instead of the planned stations.
    RunScenarioCoverage(Box<super::panels::coverage::ScenarioAfter>),
}

/// What of a coverage analysis to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverageExport {
    GeoJson,
    /// The five tables, into the folder of the chosen file.
    Csv,
    /// The one-page report with map and figures.
    Report {
        pdf: bool,
    },
}

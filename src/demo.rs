//! The Anyang demo project, built from the files in `data/` that are compiled into the binary,
//! so `onemap` opens a real project on a machine with nothing but the executable.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::actions::risk_import::{RiskImportKind, RiskImportRequest, import_risk_file};
use crate::actions::{ImportRequest, import_file};
use crate::model::{Labelled, Layer};
use crate::progress::Silent;
use crate::store::Project;

/// The demo's source files: layer, file name, content (see `data/README.md` for provenance).
const FILES: &[(Layer, &str, &[u8])] = &[
    (Layer::Areas, "areas.geojson", include_bytes!("../data/anyang/areas.geojson")),
    (Layer::Areas, "townships.geojson", include_bytes!("../data/anyang/townships.geojson")),
    (Layer::Stations, "stations.geojson", include_bytes!("../data/anyang/stations.geojson")),
    (Layer::Teams, "teams.geojson", include_bytes!("../data/anyang/teams.geojson")),
    (Layer::Depots, "depots.geojson", include_bytes!("../data/anyang/depots.geojson")),
    (Layer::Enterprises, "enterprises.geojson", include_bytes!("../data/anyang/enterprises.geojson")),
];

/// The illustrative hazard ledger (示意), imported after the enterprises it refers to.
const LEDGER: (&str, &[u8]) = ("hazards-ledger.csv", include_bytes!("../data/anyang/hazards-ledger.csv"));
/// The red and orange enterprises' risk zones and registered points (illustrative, 示意).
const RISK_FILES: &[(RiskImportKind, &str, &[u8])] = &[
    (RiskImportKind::Zones, "risk_zones.geojson", include_bytes!("../data/anyang/risk_zones.geojson")),
    (RiskImportKind::Points, "risk_points.geojson", include_bytes!("../data/anyang/risk_points.geojson")),
];

/// Creates a project at `path` holding the demo data; returns the feature count per layer.
pub fn create(path: &Path, operator: Option<&str>) -> anyhow::Result<Vec<(&'static str, usize)>> {
    let mut project = Project::create(path)?;
    if let Some(op) = operator {
        project.set_operator(op);
    }
    let built = fill(&mut project);
    if let Err(e) = built {
        drop(project);
        // A half-built demo is worse than none: remove it so the next start tries again.
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        return Err(e);
    }
    let mut counts: Vec<(&'static str, usize)> =
        Layer::ALL.iter().map(|&l| Ok((l.key(), project.count(l)?))).collect::<anyhow::Result<_>>()?;
    counts.push(("risk_zones", project.risk_zones(None)?.len()));
    counts.push(("risk_points", project.risk_points(None)?.len()));
    Ok(counts)
}

fn fill(project: &mut Project) -> anyhow::Result<()> {
    let dir = unpack_dir()?;
    let result = (|| {
        for (layer, name, bytes) in FILES {
            let file = dir.join(name);
            std::fs::write(&file, bytes).with_context(|| format!("cannot write {}", file.display()))?;
            import_file(project, &ImportRequest::new(&file, *layer), &Silent)
                .with_context(|| format!("demo file {name}"))?;
        }
        let (name, bytes) = LEDGER;
        let file = dir.join(name);
        std::fs::write(&file, bytes).with_context(|| format!("cannot write {}", file.display()))?;
        crate::actions::hazards::import_ledger(project, &file).with_context(|| format!("demo file {name}"))?;
        for (kind, name, bytes) in RISK_FILES {
            let file = dir.join(name);
            std::fs::write(&file, bytes).with_context(|| format!("cannot write {}", file.display()))?;
            let req = RiskImportRequest {
                file,
                kind: *kind,
                crs: crate::io::Crs::Wgs84,
                read: Default::default(),
                enterprise: None,
            };
            import_risk_file(project, &req, &Silent).with_context(|| format!("demo file {name}"))?;
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// A fresh private directory for the embedded files (imports read from paths, and error
/// messages name the demo file).
fn unpack_dir() -> anyhow::Result<PathBuf> {
    let stamp =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("onemap-demo-{}-{stamp}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

/// Where the window keeps its demo project: the platform's data directory for OneMap.
pub fn default_path() -> PathBuf {
    let base = eframe::storage_dir(crate::APP_ID).unwrap_or_else(std::env::temp_dir);
    base.join("anyang-demo.gpkg")
}

/// The demo project at its default place, created on first use.
pub fn ensure_default() -> anyhow::Result<PathBuf> {
    let path = default_path();
    if !path.exists() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        create(&path, None)?;
    }
    Ok(path)
}

/// The demo project's snapshot, made in a temporary file (tests of the analyses on the demo).
#[cfg(test)]
pub(crate) fn snapshot() -> crate::snapshot::Snapshot {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.gpkg");
    create(&path, None).unwrap();
    crate::snapshot::Snapshot::load(&crate::store::Project::open(&path).unwrap()).unwrap()
}

//! Importing any file as a layer of its own (a user layer: demand points, villages, schools):
//! every record read and checked first, then the table created in one transaction, so a bad
//! record or a cancel leaves the project as it was.

use std::path::PathBuf;

use serde::Serialize;

use super::ActionError;
use crate::io::{self, Crs, ImportError, ReadOptions, fields};
use crate::model::Layer;
use crate::progress::Progress;
use crate::store::Project;
use crate::store::user_layers::{UserFeature, name_problem};

/// What to import, and the layer's name in the project.
#[derive(Debug, Clone)]
pub struct LayerImportRequest {
    pub file: PathBuf,
    pub name: String,
    pub crs: Crs,
    pub read: ReadOptions,
}

/// What the import did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerImportSummary {
    pub layer: String,
    pub file: String,
    pub imported: usize,
}

/// Reads the whole file, then creates the layer with every feature or with none.
pub fn import_user_layer(
    project: &mut Project,
    req: &LayerImportRequest,
    progress: &dyn Progress,
) -> Result<LayerImportSummary, ActionError> {
    let path = req.file.as_path();
    if let Some(message) = name_problem(&req.name) {
        return Err(ImportError::file(path, format!("layer name \"{}\": {message}", req.name)).into());
    }
    progress.begin(&format!("{} → {}", path.display(), req.name.trim()), None);
    let mut features = Vec::new();
    let mut cancelled = false;
    // A GeoPackage with several tables needs --source-layer; the target only names a default.
    io::read_records(path, Layer::Areas, &req.read, |rec| {
        let geometry = fields::any_geometry(&rec, req.crs)
            .map_err(|e| ImportError::at(path, rec.location.clone(), e.message).with_field(e.field))?;
        features.push(UserFeature { geometry, attrs: rec.attrs });
        if features.len().is_multiple_of(4096) {
            progress.set(features.len() as u64);
            if progress.cancelled() {
                cancelled = true;
                return Err(ImportError::file(path, "cancelled"));
            }
        }
        Ok(())
    })
    .map_err(|e| if cancelled { ActionError::Cancelled } else { e.into() })?;
    if features.is_empty() {
        return Err(ImportError::file(path, "has no features to import").into());
    }
    let source = path.display().to_string();
    let imported = project.write(|w| w.create_user_layer(&req.name, &source, &features))?;
    Ok(LayerImportSummary { layer: req.name.trim().to_string(), file: source, imported })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(file: PathBuf, name: &str) -> LayerImportRequest {
        LayerImportRequest { file, name: name.into(), crs: Crs::Wgs84, read: ReadOptions::default() }
    }

    #[test]
    fn a_csv_becomes_a_typed_point_layer_listed_with_its_fields_and_audited() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.gpkg");
        crate::demo::create(&db, None).unwrap();
        let csv = dir.path().join("村庄.csv");
        std::fs::write(
            &csv,
            "名称,经度,纬度,人口\n东庄,114.35,36.10,1200\n西庄,114.30,36.08,850.5\n北庄,114.32,36.12,\n",
        )
        .unwrap();
        let mut p = Project::open(&db).unwrap();
        let s = import_user_layer(&mut p, &request(csv, "村庄"), &crate::progress::Silent).unwrap();
        assert_eq!(s.imported, 3);
        let layer = p.feature_layers().unwrap().into_iter().find(|l| l.table == "村庄").unwrap();
        assert_eq!(layer.features, 3);
        assert_eq!(layer.geometry, "POINT");
        assert!(layer.fields.iter().any(|f| f == "人口"), "{:?}", layer.fields);
        // Numbers given as text are stored as numbers; a blank stays empty.
        let conn = rusqlite::Connection::open(&db).unwrap();
        let (kind, sum): (String, f64) = conn
            .query_row(
                "SELECT typeof(\"人口\"), (SELECT sum(\"人口\") FROM \"村庄\") FROM \"村庄\" WHERE fid = 2",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((kind.as_str(), sum), ("real", 2050.5));
        let audit = p.audit(&crate::store::AuditQuery::default()).unwrap();
        assert!(audit.iter().any(|a| a.action == "import_layer" && a.table == "村庄"));
        // The same name again is refused and the first layer is untouched.
        let again = dir.path().join("b.csv");
        std::fs::write(&again, "name,lon,lat\nA,114.3,36.1\n").unwrap();
        let e = import_user_layer(&mut p, &request(again, "村庄"), &crate::progress::Silent).unwrap_err();
        assert!(e.to_string().contains("already exists"), "{e}");
        assert_eq!(p.feature_layers().unwrap().iter().find(|l| l.table == "村庄").unwrap().features, 3);
    }

    #[test]
    fn a_bad_coordinate_names_the_line_and_field_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.gpkg");
        crate::demo::create(&db, None).unwrap();
        let csv = dir.path().join("pts.csv");
        std::fs::write(&csv, "name,lon,lat\nA,114.3,36.1\nB,114.3,96.1\n").unwrap();
        let mut p = Project::open(&db).unwrap();
        let before = p.feature_layers().unwrap().len();
        let e = import_user_layer(&mut p, &request(csv.clone(), "pts"), &crate::progress::Silent).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("pts.csv") && msg.contains("line 3") && msg.contains("lat"), "{msg}");
        assert_eq!(p.feature_layers().unwrap().len(), before);
        for bad in ["", "gpkg_contents", "a\"b"] {
            let e = import_user_layer(&mut p, &request(csv.clone(), bad), &crate::progress::Silent).unwrap_err();
            assert!(e.to_string().contains("layer name"), "{e}");
        }
    }
}

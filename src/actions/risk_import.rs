//! Importing risk zones (polygons) or registered points (重大危险源, 有限空间) from GeoJSON,
//! Shapefile, GeoPackage, CSV or Excel: all or nothing, each record naming its enterprise (by
//! code, credit code or name) unless one enterprise is given for the whole file; enterprise
//! levels re-derived once at the end; one audit row for the batch.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::ActionError;
use super::import::store_to_import;
use crate::io::risk_fields::{self, EnterpriseRef};
use crate::io::{self, Crs, Format, ImportError, Location, ReadOptions, gpkg_in};
use crate::model::{Feature, FeatureId, Layer};
use crate::progress::Progress;
use crate::store::Project;

/// What the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskImportKind {
    Zones,
    Points,
}

impl RiskImportKind {
    fn table(self) -> &'static str {
        match self {
            RiskImportKind::Zones => "risk_zones",
            RiskImportKind::Points => "risk_points",
        }
    }
}

/// What to import.
#[derive(Debug, Clone)]
pub struct RiskImportRequest {
    pub file: PathBuf,
    pub kind: RiskImportKind,
    pub crs: Crs,
    pub read: ReadOptions,
    /// The enterprise every record belongs to, when the file has no enterprise column.
    pub enterprise: Option<FeatureId>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskImportSummary {
    pub kind: RiskImportKind,
    pub file: String,
    pub imported: u64,
    pub enterprises: usize,
    /// Enterprises whose overall level changed (id, before, after).
    pub level_changes: Vec<(FeatureId, String, String)>,
}

/// Finds enterprises by code, credit code or (unique) name.
struct Resolver {
    by_code: HashMap<String, FeatureId>,
    by_credit: HashMap<String, FeatureId>,
    by_name: HashMap<String, Vec<FeatureId>>,
}

impl Resolver {
    fn new(project: &Project) -> Result<Resolver, ActionError> {
        let mut r = Resolver { by_code: HashMap::new(), by_credit: HashMap::new(), by_name: HashMap::new() };
        for f in project.features(Layer::Enterprises)? {
            if let Feature::Enterprises(e) = f {
                if let Some(c) = &e.code {
                    r.by_code.insert(c.trim().to_string(), e.id);
                }
                if !e.credit_code.trim().is_empty() {
                    r.by_credit.insert(e.credit_code.trim().to_uppercase(), e.id);
                }
                r.by_name.entry(e.name.trim().to_string()).or_default().push(e.id);
            }
        }
        Ok(r)
    }

    fn find(&self, r: &EnterpriseRef) -> Result<FeatureId, String> {
        let found = match r {
            EnterpriseRef::Code(c) => self.by_code.get(c.trim()).copied(),
            EnterpriseRef::CreditCode(c) => self.by_credit.get(&c.trim().to_uppercase()).copied(),
            EnterpriseRef::Name(n) => match self.by_name.get(n.trim()).map(Vec::as_slice) {
                Some([one]) => Some(*one),
                Some(many) if many.len() > 1 => {
                    return Err(format!(
                        "{r} matches {} enterprises; name it by code or credit code instead",
                        many.len()
                    ));
                }
                _ => None,
            },
        };
        found.ok_or_else(|| format!("no enterprise in the project has {r}; import the enterprise first"))
    }
}

fn read(
    path: &Path,
    kind: RiskImportKind,
    opts: &ReadOptions,
    each: impl FnMut(io::Record) -> Result<(), ImportError>,
) -> Result<u64, ImportError> {
    if !path.exists() {
        return Err(ImportError::file(path, "does not exist"));
    }
    match Format::of(path)? {
        Format::GeoPackage => gpkg_in::read(path, opts.source_layer.as_deref(), kind.table(), each),
        // Only GeoPackages pick a layer by the target's name; any layer stands in for the rest.
        _ => io::read_records(path, Layer::Enterprises, opts, each),
    }
}

/// Reads the whole file in one transaction; any bad record leaves the project as it was.
pub fn import_risk_file(
    project: &mut Project,
    req: &RiskImportRequest,
    progress: &dyn Progress,
) -> Result<RiskImportSummary, ActionError> {
    let resolver = Resolver::new(project)?;
    let path: &Path = &req.file;
    progress.begin(&format!("{} → {}", path.display(), req.kind.table()), None);
    project.write(|w| {
        let mut imported = 0u64;
        let mut touched: BTreeSet<FeatureId> = BTreeSet::new();
        read(path, req.kind, &req.read, |rec| {
            let at = |loc: &Location, e: crate::io::fields::FieldError| {
                ImportError::at(path, loc.clone(), e.message).with_field(e.field)
            };
            let enterprise = match (risk_fields::enterprise_ref(&rec), req.enterprise) {
                (Some((col, r)), given) => {
                    let id = resolver
                        .find(&r)
                        .map_err(|m| ImportError::at(path, rec.location.clone(), m).with_field(&col))?;
                    if let Some(g) = given
                        && g != id
                    {
                        return Err(ImportError::at(
                            path,
                            rec.location.clone(),
                            format!("names enterprise {id} by {r}, but the import is for enterprise {g}"),
                        )
                        .with_field(col));
                    }
                    id
                }
                (None, Some(g)) => g,
                (None, None) => {
                    return Err(ImportError::at(
                        path,
                        rec.location.clone(),
                        "does not say which enterprise it belongs to: add a 企业编号/统一社会信用代码/企业名称 column, \
                         or give the enterprise for the whole file",
                    ));
                }
            };
            match req.kind {
                RiskImportKind::Zones => {
                    let mut z = risk_fields::to_zone(&rec, req.crs).map_err(|e| at(&rec.location, e))?;
                    z.enterprise_id = enterprise;
                    w.insert_zone_unaudited(&z).map_err(|e| store_to_import(path, &rec.location, e))?;
                }
                RiskImportKind::Points => {
                    let mut p = risk_fields::to_point(&rec, req.crs).map_err(|e| at(&rec.location, e))?;
                    p.enterprise_id = enterprise;
                    w.insert_point_unaudited(&p).map_err(|e| store_to_import(path, &rec.location, e))?;
                }
            }
            touched.insert(enterprise);
            imported += 1;
            Ok(())
        })?;
        if imported == 0 {
            return Err(ImportError::file(path, "has nothing to import").into());
        }
        let mut level_changes = Vec::new();
        for &e in &touched {
            if let Some((before, after)) = w.sync_enterprise_level(e)? {
                level_changes.push((e, before.to_string(), after.to_string()));
            }
        }
        let summary = RiskImportSummary {
            kind: req.kind,
            file: path.display().to_string(),
            imported,
            enterprises: touched.len(),
            level_changes,
        };
        w.audit("import", req.kind.table(), None, &serde_json::to_value(&summary).unwrap_or_default())?;
        Ok(summary)
    })
}

//! The hazard ledger's imports and exports: a whole sheet in one transaction with one audit
//! row, and the sheet out in the ledger's layout, as of "today" in the project's zone.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::ActionError;
use super::import::store_to_import;
use crate::io::ImportError;
use crate::io::hazard_ledger::{self, LedgerExport, LedgerRow};
use crate::model::hazard::{HazardItem, LedgerSummary};
use crate::model::{AreaLevel, Feature, FeatureId, Layer};
use crate::store::hazards::{LedgerSetting, TABLE};
use crate::store::{Project, SettingKey};

/// What a ledger import did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerImportSummary {
    pub file: String,
    pub sheet: Option<String>,
    pub imported: usize,
    pub title: Option<String>,
    /// The counts of the sheet's own closing line, when it has one.
    pub stated_summary: Option<LedgerSummary>,
    /// The counts of the items imported.
    pub imported_summary: LedgerSummary,
}

impl LedgerImportSummary {
    /// The sheet's closing line disagrees with its rows (a ledger kept by hand often does).
    pub fn summary_mismatch(&self) -> bool {
        self.stated_summary.is_some_and(|s| s != self.imported_summary)
    }
}

/// Imports every item of a ledger sheet (.xlsx, .xls, .ods or GBK/UTF-8 .csv), all or nothing.
/// Enterprises are matched by code, then by unique name; districts by code or name. A sheet
/// exported in drill mode (【演练】) is refused unless the project is in drill mode.
pub fn import_ledger(project: &mut Project, path: &Path) -> Result<LedgerImportSummary, ActionError> {
    let drill = project.export_mark()?.is_drill();
    let read = hazard_ledger::read(path, project.operator())?;
    if read.drill_marked && !drill {
        return Err(ImportError::file(
            path,
            "was exported in drill mode (【演练】): it holds exercise data, not real hazards. Switch drill mode on \
             (onemap drills mode on) to import it into an exercise",
        )
        .into());
    }
    if read.rows.is_empty() {
        return Err(ImportError::file(path, "has a ledger header but no items").into());
    }
    let resolver = Resolver::new(project)?;
    let mut items = Vec::with_capacity(read.rows.len());
    for row in &read.rows {
        items.push((row.location.clone(), resolver.resolve(path, row)?));
    }
    let summary = LedgerImportSummary {
        file: path.display().to_string(),
        sheet: read.sheet.clone(),
        imported: items.len(),
        title: read.title.clone(),
        stated_summary: read.stated_summary,
        imported_summary: LedgerSummary::of(items.iter().map(|(_, i)| i)),
    };
    let before: LedgerSetting = project.setting(SettingKey::HazardLedger)?;
    let mut layout = before.clone();
    if let Some(t) = &read.title {
        layout.title = t.clone();
    }
    layout.preamble = read.preamble.clone();
    layout.footer = read.footer.clone();
    for c in &read.extra_columns {
        if !layout.extra_columns.contains(c) {
            layout.extra_columns.push(c.clone());
        }
    }
    project.write(|w| {
        for (at, item) in &items {
            w.insert_hazard_unaudited(item).map_err(|e| store_to_import(path, at, e))?;
        }
        w.audit("import", TABLE, None, &serde_json::to_value(&summary).unwrap_or_default())?;
        if layout != before {
            w.set_setting(SettingKey::HazardLedger, &layout)?;
        }
        Ok::<_, ActionError>(())
    })?;
    Ok(summary)
}

/// Matches the names a sheet uses to the project's enterprises and districts.
struct Resolver {
    enterprise_codes: HashMap<String, FeatureId>,
    enterprise_names: HashMap<String, Vec<FeatureId>>,
    district_names: HashMap<String, String>,
}

impl Resolver {
    fn new(project: &Project) -> Result<Self, ActionError> {
        let mut r = Resolver {
            enterprise_codes: HashMap::new(),
            enterprise_names: HashMap::new(),
            district_names: HashMap::new(),
        };
        for f in project.features(Layer::Enterprises)? {
            if let Feature::Enterprises(e) = f {
                if let Some(c) = &e.code {
                    r.enterprise_codes.insert(c.clone(), e.id);
                }
                r.enterprise_names.entry(e.name.trim().to_string()).or_default().push(e.id);
            }
        }
        for f in project.features(Layer::Areas)? {
            if let Feature::Areas(a) = f
                && a.level == AreaLevel::District
            {
                r.district_names.insert(a.name.clone(), a.code.clone());
                r.district_names.insert(a.code.clone(), a.code);
            }
        }
        Ok(r)
    }

    fn resolve(&self, path: &Path, row: &LedgerRow) -> Result<HazardItem, ImportError> {
        let mut item = row.item.clone();
        if let Some((text, at)) = &row.enterprise {
            let t = text.trim();
            item.enterprise = Some(match self.enterprise_codes.get(t) {
                Some(id) => *id,
                None => match self.enterprise_names.get(t).map(Vec::as_slice) {
                    Some([id]) => *id,
                    Some(ids) if ids.len() > 1 => {
                        return Err(ImportError::at(
                            path,
                            at.clone(),
                            format!(
                                "{} enterprises are called \"{t}\"; write the enterprise's code instead",
                                ids.len()
                            ),
                        )
                        .with_field("所在企业"));
                    }
                    _ => {
                        return Err(ImportError::at(
                            path,
                            at.clone(),
                            format!("no enterprise in the project has the code or name \"{t}\""),
                        )
                        .with_field("所在企业"));
                    }
                },
            });
        }
        if let Some(d) = &item.district
            && let Some(code) = self.district_names.get(d.trim())
        {
            item.district = Some(code.clone());
        }
        Ok(item)
    }
}

/// What a ledger export wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerExportSummary {
    pub file: String,
    pub items: usize,
    pub overdue: usize,
    pub summary_line: String,
    pub today: chrono::NaiveDate,
    pub zone: String,
    pub drill: bool,
}

/// Writes the whole ledger to an .xlsx, overdue judged on the day `now` falls on in the
/// project's time zone.
pub fn export_ledger(project: &Project, path: &Path, now: DateTime<Utc>) -> Result<LedgerExportSummary, ActionError> {
    let items = project.hazards()?;
    let zone = project.zone()?;
    let today = zone.date_at(now);
    let layout: LedgerSetting = project.setting(SettingKey::HazardLedger)?;
    let mark = project.export_mark()?;
    let enterprise_names: HashMap<FeatureId, String> =
        project.features(Layer::Enterprises)?.into_iter().map(|f| (f.id(), f.name().to_string())).collect();
    hazard_ledger::write(
        path,
        &LedgerExport {
            items: &items,
            today,
            title: &layout.title,
            preamble: &layout.preamble,
            footer: &layout.footer,
            extra_columns: &layout.extra_columns,
            enterprise_names: &enterprise_names,
            mark,
        },
    )?;
    Ok(LedgerExportSummary {
        file: path.display().to_string(),
        items: items.len(),
        overdue: items.iter().filter(|i| i.is_overdue(today)).count(),
        summary_line: mark.title(&LedgerSummary::of(&items).line()),
        today,
        zone: zone.name().to_string(),
        drill: mark.is_drill(),
    })
}

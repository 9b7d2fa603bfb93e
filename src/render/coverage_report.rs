//! The one-page coverage report: the map with the coverage layer over the project, titled with
//! the analysis (drill-marked) and its key figures in a small table under the title, as PNG or PDF.

use std::path::Path;
use std::sync::Arc;

use super::layers::coverage::CoverageOverlay;
use super::sheet::{self, SheetError, SheetOptions};
use super::{SceneOptions, Theme};
use crate::analysis::coverage::{CoverageReport, Summary, percent};
use crate::i18n::{Lang, T};
use crate::model::drill_mode::ExportMark;
use crate::snapshot::Snapshot;

/// The figures under the title: a small table (lines of tab-separated cells), one column per
/// scope (existing, and with planned when counted).
pub fn figures(report: &CoverageReport, lang: Lang) -> String {
    let scopes: Vec<&Summary> = report.before.iter().chain(std::iter::once(&report.summary)).collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    if report.before.is_some() {
        rows.push(vec![String::new(), lang.t(T::CoverageFigExisting).into(), lang.t(T::CoverageFigWithPlanned).into()]);
    }
    let mut row = |key: T, cell: &dyn Fn(&Summary) -> String| {
        rows.push(std::iter::once(lang.t(key).to_string()).chain(scopes.iter().map(|s| cell(s))).collect());
    };
    row(T::CoverageFigStations, &|s| s.stations.to_string());
    row(T::CoverageCoveredArea, &|s| {
        format!("{:.1} / {:.0} km²（{}）", s.covered_km2, s.study_area_km2, percent(s.covered_fraction))
    });
    row(T::CoverageOverlap, &|s| format!("{:.1} km²", s.overlap_km2));
    row(T::CoverageFigEnterprises, &|s| {
        let cells: Vec<String> =
            s.enterprises.iter().map(|l| format!("{} {}/{}", lang.label(l.level), l.covered, l.total)).collect();
        cells.join("  ")
    });
    row(T::CoverageRedOrangeOutside, &|s| s.red_orange_outside.to_string());
    row(T::CoverageTownshipsOutside, &|s| s.townships_outside.to_string());
    rows.iter().map(|r| r.join("\t")).collect::<Vec<_>>().join("\n")
}

/// Draws the report page for `report` over `snapshot` into `path` (.pdf for PDF, else PNG).
pub fn write(
    snapshot: &Snapshot,
    report: &CoverageReport,
    mark: ExportMark,
    lang: Lang,
    date: String,
    path: &Path,
) -> Result<(), SheetError> {
    let scene = SceneOptions {
        lang,
        coverage: Some(CoverageOverlay(Arc::new(report.shapes.clone()))),
        ..SceneOptions::default()
    };
    let opts = SheetOptions {
        title: crate::io::coverage_export::title(report, mark),
        subtitle: figures(report, lang),
        date,
        lang,
        theme: Theme::Light,
        pixel_scale: 2.0,
    };
    let (pm, _, _) = sheet::render_snapshot(snapshot, None, [1600.0, 1100.0], &scene, &opts)?;
    let pdf = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if pdf { sheet::write_pdf(&pm, path) } else { sheet::write_png(&pm, path) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::coverage::{CoverageOptions, analyse};
    use crate::analysis::fixtures::{enterprise, station};
    use crate::analysis::protection::ProtectionSettings;
    use crate::model::{LonLat, RiskLevel, StationStatus};

    #[test]
    fn figures_are_a_table_with_a_column_per_scope() {
        let mut planned = station(2, LonLat::new(114.45, 36.1));
        planned.status = StationStatus::Planned;
        let s = Snapshot::from_parts(
            vec![station(1, LonLat::new(114.35, 36.1)), planned],
            Vec::new(),
            Vec::new(),
            vec![enterprise(1, LonLat::new(114.45, 36.1), RiskLevel::Red)],
            Vec::new(),
        );
        let opts = CoverageOptions { with_planned: true, ..CoverageOptions::default() };
        let report = analyse(&s, &ProtectionSettings::default(), &opts, None).unwrap();
        let table = figures(&report, Lang::Zh);
        let rows: Vec<Vec<&str>> = table.lines().map(|l| l.split('\t').collect()).collect();
        assert_eq!(rows.len(), 7);
        assert!(rows.iter().all(|r| r.len() == 3), "{rows:?}");
        assert_eq!(rows[0][1], "现有");
        assert_eq!(rows[1], ["消防站数", "1", "2"]);
        assert_eq!(rows[5], ["未覆盖的红、橙企业", "1", "0"]);
    }
}

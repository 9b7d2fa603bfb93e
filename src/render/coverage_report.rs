//! The one-page coverage report: the map with the coverage layer over the project, titled with
//! the analysis (drill-marked) and its key figures under the title, as PNG or PDF.

use std::path::Path;
use std::sync::Arc;

use super::layers::coverage::CoverageOverlay;
use super::sheet::{self, SheetError, SheetOptions};
use super::{SceneOptions, Theme};
use crate::analysis::coverage::{CoverageReport, Summary, percent};
use crate::i18n::Lang;
use crate::model::Labelled;
use crate::model::drill_mode::ExportMark;
use crate::snapshot::Snapshot;

/// The figures line under the title.
pub fn figures(report: &CoverageReport, lang: Lang) -> String {
    let line = |s: &Summary| {
        let ents: Vec<String> = s
            .enterprises
            .iter()
            .map(|l| {
                format!("{} {}/{}", if lang == Lang::Zh { l.level.zh() } else { l.level.en() }, l.covered, l.total)
            })
            .collect();
        match lang {
            Lang::Zh => format!(
                "{}站 覆盖{:.1}/{:.0}km²（{}） 重叠{:.1}km² 企业{} 未覆盖红橙企业{} 城市站未覆盖乡镇{}",
                s.stations,
                s.covered_km2,
                s.study_area_km2,
                percent(s.covered_fraction),
                s.overlap_km2,
                ents.join(" "),
                s.red_orange_outside,
                s.townships_outside
            ),
            Lang::En => format!(
                "{} stations, covered {:.1}/{:.0} km² ({}), overlap {:.1} km², enterprises {}, red/orange outside {}, townships outside {}",
                s.stations,
                s.covered_km2,
                s.study_area_km2,
                percent(s.covered_fraction),
                s.overlap_km2,
                ents.join(" "),
                s.red_orange_outside,
                s.townships_outside
            ),
        }
    };
    match &report.before {
        Some(b) => format!(
            "{} {} → {}",
            if lang == Lang::Zh { "现有→含规划：" } else { "existing → with planned:" },
            line(b),
            line(&report.summary)
        ),
        None => line(&report.summary),
    }
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

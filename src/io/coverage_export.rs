//! Coverage exports: CSV tables (one per list, UTF-8 with BOM so Excel reads the Chinese) and
//! one GeoJSON file with the covered/uncovered/overlap areas, every station's jurisdiction and
//! the red and orange enterprises left outside.

use std::io::Write;
use std::path::{Path, PathBuf};

use geojson::{Feature, FeatureCollection, Geometry, JsonObject, JsonValue};

use super::export::ExportError;
use crate::analysis::coverage::{CoverageReport, LevelCount};
use crate::model::Labelled;
use crate::model::RiskLevel;
use crate::model::drill_mode::{DRILL_PREFIX, ExportMark};

/// The CSV files [`write_csv_dir`] writes, in order.
pub const CSV_FILES: [&str; 5] = [
    "coverage_stations.csv",
    "coverage_districts.csv",
    "coverage_townships.csv",
    "coverage_townships_outside.csv",
    "coverage_enterprises_outside.csv",
];

fn f3(x: f64) -> String {
    format!("{x:.3}")
}

fn f4(x: f64) -> String {
    format!("{x:.4}")
}

fn level_cells(levels: &[LevelCount]) -> Vec<String> {
    RiskLevel::ALL
        .iter()
        .flat_map(|l| {
            let c = levels.iter().find(|x| x.level == *l);
            [c.map_or(0, |c| c.total).to_string(), c.map_or(0, |c| c.covered).to_string()]
        })
        .collect()
}

fn level_headers() -> Vec<String> {
    RiskLevel::ALL.iter().flat_map(|l| [format!("{}企业数", l.zh()), format!("{}已覆盖", l.zh())]).collect()
}

/// One table. In drill mode the first column is 【演练】 on every row, as in every CSV export
/// ([`super::export::csv_layer`]).
fn write_table(path: &Path, header: Vec<String>, rows: Vec<Vec<String>>, mark: ExportMark) -> Result<(), ExportError> {
    let io = |e: std::io::Error| ExportError::Io { path: path.display().to_string(), source: e };
    let other = |e: csv::Error| ExportError::Other { path: path.display().to_string(), message: e.to_string() };
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    file.write_all(b"\xEF\xBB\xBF").map_err(io)?;
    let mut w = csv::Writer::from_writer(file);
    let drill = mark.is_drill().then(|| DRILL_PREFIX.to_string());
    w.write_record(drill.iter().cloned().chain(header)).map_err(other)?;
    for r in rows {
        w.write_record(drill.iter().cloned().chain(r)).map_err(other)?;
    }
    w.flush().map_err(io)
}

/// Writes the five coverage tables into `dir` (created if missing); returns their paths.
pub fn write_csv_dir(report: &CoverageReport, dir: &Path, mark: ExportMark) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|e| ExportError::Io { path: dir.display().to_string(), source: e })?;
    let paths: Vec<PathBuf> = CSV_FILES.iter().map(|f| dir.join(f)).collect();
    let s = |x: &str| x.to_string();
    let yes = |b: bool| s(if b { "是" } else { "否" });

    let header = ["编号", "名称", "类别", "状态", "出动时间_s", "行驶时间_s", "保护半径_m", "可达面积_km2"]
        .into_iter()
        .chain(["辖区面积_km2", "辖区面积上限_km2", "超标", "飞地数", "飞地面积_km2", "首达企业数"])
        .map(s)
        .collect();
    let rows = report
        .stations
        .iter()
        .map(|x| {
            vec![
                x.id.to_string(),
                x.name.clone(),
                s(x.class.zh()),
                s(x.status.zh()),
                x.turnout_s.to_string(),
                x.drive_s.to_string(),
                x.radius_m.map(|r| format!("{r:.0}")).unwrap_or_default(),
                f3(x.reach_km2),
                f3(x.jurisdiction_km2),
                f3(x.limit_km2),
                yes(x.over_limit),
                x.enclaves.to_string(),
                f3(x.enclave_km2),
                x.enterprises_first.to_string(),
            ]
        })
        .collect();
    write_table(&paths[0], header, rows, mark)?;

    for (path, areas) in [(&paths[1], &report.districts), (&paths[2], &report.townships)] {
        let mut header: Vec<String> = [
            "代码",
            "名称",
            "面积_km2",
            "覆盖面积_km2",
            "覆盖率_fraction",
            "城市站覆盖率_fraction",
            "人口",
            "覆盖人口",
        ]
        .into_iter()
        .map(s)
        .collect();
        header.extend(level_headers());
        let rows = areas
            .iter()
            .map(|a| {
                let mut r = vec![
                    a.code.clone(),
                    a.name.clone(),
                    f3(a.area_km2),
                    f3(a.covered_km2),
                    f4(a.covered_fraction),
                    f4(a.urban_covered_fraction),
                    a.population.map(|p| p.to_string()).unwrap_or_default(),
                    a.population_covered.map(|p| format!("{p:.0}")).unwrap_or_default(),
                ];
                r.extend(level_cells(&a.enterprises));
                r
            })
            .collect();
        write_table(path, header, rows, mark)?;
    }

    let header =
        ["代码", "名称", "所属区县", "面积_km2", "城市站覆盖率_fraction", "总覆盖率_fraction", "未覆盖面积_km2"]
            .into_iter()
            .chain(["乡镇专职消防队", "缺口"])
            .map(s)
            .collect();
    let rows = report
        .townships_outside
        .iter()
        .map(|t| {
            vec![
                t.code.clone(),
                t.name.clone(),
                t.district.clone().unwrap_or_default(),
                f3(t.area_km2),
                f4(t.urban_covered_fraction),
                f4(t.covered_fraction),
                f3(t.uncovered_km2),
                t.township_teams.join("；"),
                s(if t.needs_team { "需建乡镇专职消防队" } else { "" }),
            ]
        })
        .collect();
    write_table(&paths[3], header, rows, mark)?;

    let header = ["编号", "名称", "风险等级", "区县", "乡镇", "经度", "纬度", "最快到达消防站", "到达时间_s"]
        .into_iter()
        .map(s)
        .collect();
    let rows = report
        .enterprises_outside
        .iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                e.name.clone(),
                s(e.risk.zh()),
                e.district.clone().unwrap_or_default(),
                e.township.clone().unwrap_or_default(),
                format!("{:.6}", e.location.lon),
                format!("{:.6}", e.location.lat),
                e.quickest_station.clone().unwrap_or_default(),
                e.arrival_s.map(|t| format!("{t:.0}")).unwrap_or_default(),
            ]
        })
        .collect();
    write_table(&paths[4], header, rows, mark)?;
    Ok(paths)
}

/// The title of a coverage export ("消防站保护覆盖（5分钟，含规划站）"), drill-marked.
pub fn title(report: &CoverageReport, mark: ExportMark) -> String {
    let minutes = report.response_s as f64 / 60.0;
    let scope = match &report.scenario {
        Some(name) => format!("，含方案“{name}”"),
        None if report.with_planned => "，含规划/在建站".into(),
        None => "，现有站".into(),
    };
    mark.title(&format!("消防站保护覆盖（{minutes}分钟{scope}）"))
}

fn feature(geometry: Option<Geometry>, props: JsonObject) -> Feature {
    Feature { bbox: None, geometry, id: None, properties: Some(props), foreign_members: None }
}

fn props(pairs: Vec<(&str, JsonValue)>) -> JsonObject {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The coverage as one GeoJSON FeatureCollection (WGS84): `kind` is `covered`, `uncovered`,
/// `overlap`, `jurisdiction` or `enterprise_outside`.
pub fn to_geojson(report: &CoverageReport, mark: ExportMark) -> FeatureCollection {
    let mut features = Vec::new();
    let sh = &report.shapes;
    for (kind, mp) in [("covered", &sh.covered), ("uncovered", &sh.uncovered), ("overlap", &sh.overlap)] {
        features.push(feature(
            Some(Geometry::from(mp)),
            props(vec![("kind", kind.into()), ("response_s", report.response_s.into())]),
        ));
    }
    for (st, jur) in report.stations.iter().zip(&sh.jurisdictions) {
        features.push(feature(
            Some(Geometry::from(jur)),
            props(vec![
                ("kind", "jurisdiction".into()),
                ("id", st.id.into()),
                ("name", st.name.clone().into()),
                ("class", st.class.zh().into()),
                ("status", st.status.zh().into()),
                ("drive_s", st.drive_s.into()),
                ("radius_m", st.radius_m.map_or(JsonValue::Null, Into::into)),
                ("jurisdiction_km2", st.jurisdiction_km2.into()),
                ("limit_km2", st.limit_km2.into()),
                ("over_limit", st.over_limit.into()),
                ("enclaves", st.enclaves.into()),
            ]),
        ));
    }
    for e in &report.enterprises_outside {
        features.push(feature(
            Some(Geometry::from(&geo_types::Point::new(e.location.lon, e.location.lat))),
            props(vec![
                ("kind", "enterprise_outside".into()),
                ("id", e.id.into()),
                ("name", e.name.clone().into()),
                ("risk", e.risk.zh().into()),
                ("arrival_s", e.arrival_s.map_or(JsonValue::Null, Into::into)),
            ]),
        ));
    }
    let mut fm = JsonObject::new();
    fm.insert("name".into(), title(report, mark).into());
    FeatureCollection { bbox: None, features, foreign_members: Some(fm) }
}

/// Writes [`to_geojson`] to a file.
pub fn write_geojson(report: &CoverageReport, mark: ExportMark, path: &Path) -> Result<(), ExportError> {
    let text = serde_json::to_string(&to_geojson(report, mark))
        .map_err(|e| ExportError::Other { path: path.display().to_string(), message: e.to_string() })?;
    std::fs::write(path, text).map_err(|e| ExportError::Io { path: path.display().to_string(), source: e })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::coverage::{CoverageOptions, analyse};
    use crate::analysis::fixtures::{enterprise, station};
    use crate::analysis::protection::ProtectionSettings;
    use crate::model::LonLat;
    use crate::snapshot::Snapshot;

    #[test]
    fn drill_mode_marks_every_row_of_every_table() {
        let s = Snapshot::from_parts(
            vec![station(1, LonLat::new(114.35, 36.1))],
            Vec::new(),
            Vec::new(),
            vec![enterprise(1, LonLat::new(114.5, 36.1), RiskLevel::Red)],
            Vec::new(),
        );
        let report = analyse(&s, &ProtectionSettings::default(), &CoverageOptions::default(), None).unwrap();
        for drill in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            for path in write_csv_dir(&report, dir.path(), ExportMark::for_tests(drill)).unwrap() {
                let text = std::fs::read_to_string(&path).unwrap();
                let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
                assert!(!lines.is_empty());
                for line in lines {
                    assert_eq!(line.starts_with(DRILL_PREFIX), drill, "{}: {line}", path.display());
                }
            }
        }
    }
}

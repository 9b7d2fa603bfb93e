//! The siting comparison as CSV (UTF-8 with BOM, so Excel in China reads the Chinese): one
//! column per scenario (the existing stations alone first), one row per figure, then the sites.

use std::io::Write;
use std::path::Path;

use super::export::ExportError;
use crate::model::drill_mode::ExportMark;
use crate::planning::project::ScenarioRow;

/// One figure of a scenario, as written.
type Cell<'a> = dyn Fn(&ScenarioRow) -> String + 'a;

/// Writes the comparison table; `existing` names the first column (the existing stations alone).
pub fn comparison_csv(rows: &[ScenarioRow], existing: &str, path: &Path, mark: ExportMark) -> Result<(), ExportError> {
    let io = |e: std::io::Error| ExportError::Io { path: path.display().to_string(), source: e };
    let other = |e: csv::Error| ExportError::Other { path: path.display().to_string(), message: e.to_string() };
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    file.write_all(b"\xEF\xBB\xBF").map_err(io)?;
    let mut w = csv::Writer::from_writer(file);
    let mut header = vec![mark.title("选址方案比较")];
    header.extend(rows.iter().enumerate().map(|(i, r)| if i == 0 { existing.to_string() } else { r.name.clone() }));
    w.write_record(&header).map_err(other)?;
    let minutes = |s: Option<f64>| s.map_or_else(|| "不可达".to_string(), |s| format!("{:.2}", s / 60.0));
    let lines: [(&str, &Cell); 8] = [
        ("覆盖率（按权重，%）", &|r| format!("{:.2}", 100.0 * r.covered_share)),
        ("覆盖权重", &|r| format!("{}", r.covered_weight)),
        ("新覆盖需求点", &|r| r.newly_covered.to_string()),
        ("其中红/橙企业", &|r| r.newly_covered_red_orange.to_string()),
        ("新覆盖乡镇", &|r| r.newly_covered_townships.map_or_else(String::new, |n| n.to_string())),
        ("平均行驶（分钟）", &|r| minutes(r.mean_s)),
        ("最长行驶（分钟）", &|r| minutes(r.worst_s)),
        ("新站点", &|r| r.sites.join("、")),
    ];
    for (label, cell) in lines {
        let mut rec = vec![label.to_string()];
        rec.extend(rows.iter().map(cell));
        w.write_record(&rec).map_err(other)?;
    }
    w.flush().map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_column_per_scenario_with_a_bom_and_the_drill_mark() {
        let row = |name: &str, share: f64| ScenarioRow {
            name: name.into(),
            sites: vec!["甲站".into(), "乙站".into()],
            covered_weight: 10.0,
            covered_share: share,
            newly_covered: 3,
            newly_covered_red_orange: 1,
            newly_covered_townships: Some(2),
            mean_s: Some(150.0),
            worst_s: None,
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.csv");
        comparison_csv(&[row("existing", 0.1), row("方案一", 0.25)], "仅现有站", &path, ExportMark::for_tests(true))
            .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "【演练】选址方案比较,仅现有站,方案一");
        assert_eq!(lines[1], "覆盖率（按权重，%）,10.00,25.00");
        assert!(lines.iter().any(|l| l.starts_with("最长行驶（分钟）,不可达")));
        assert_eq!(lines.len(), 9);
    }
}

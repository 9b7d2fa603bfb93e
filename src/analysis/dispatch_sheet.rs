//! The dispatch sheet (出动单) as plain data: a title, the incident's facts, tables of units,
//! vehicles, capabilities and materials, and the shortfalls in words. The CSV and Excel writers
//! (`io::dispatch_sheet`) and the printable PNG/PDF renderer of the window all draw this one structure,
//! so the three agree line for line.
//!
//! Labels are Chinese: the sheet is handed to crews and to the 119 command centre.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use super::dispatch::{Assigned, DispatchPlan, Reason};
use crate::model::{Labelled, Layer};

/// A cell: text, or a number shown with a fixed number of decimals (kept numeric in Excel).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Number { value: f64, decimals: usize },
}

impl Cell {
    fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    fn num(value: f64, decimals: usize) -> Self {
        Cell::Number { value, decimals }
    }

    /// As written in CSV and drawn on paper.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number { value, decimals } => format!("{value:.decimals$}"),
        }
    }
}

/// A row; `alert` rows (a shortfall) are drawn in red.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetRow {
    pub cells: Vec<Cell>,
    pub alert: bool,
}

/// A titled table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetTable {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<SheetRow>,
}

/// Everything a dispatch sheet shows, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DispatchSheet {
    pub title: String,
    /// Label and value pairs about the incident.
    pub facts: Vec<(String, String)>,
    pub tables: Vec<SheetTable>,
    /// Shortfalls in words, drawn in red; empty when everything is covered.
    pub shortfalls: Vec<String>,
    /// A footnote saying times are estimates, when they are.
    pub footnote: Option<String>,
}

/// A time as crews read it: China Standard Time (UTC+8, no daylight saving).
fn beijing_time(t: DateTime<Utc>) -> String {
    (t.naive_utc() + TimeDelta::hours(8)).format("%Y-%m-%d %H:%M").to_string()
}

fn layer_label(layer: Layer) -> &'static str {
    match layer {
        Layer::Stations => "消防站",
        Layer::Teams => "救援队伍",
        Layer::Depots => "物资储备库",
        other => other.zh(),
    }
}

fn reason_label(a: &Assigned) -> String {
    match a.reason {
        Reason::Nearest => "就近出动".to_string(),
        Reason::Vehicles => "补充车辆".to_string(),
        Reason::Capability => format!("专业力量：{}", a.capabilities.join("、")),
        Reason::Materials => "物资调运".to_string(),
    }
}

/// What the unit brings, in one line.
fn brings(a: &Assigned) -> String {
    let vehicles = a.vehicles.iter().filter(|v| v.count > 0).map(|v| format!("{}×{}", v.kind, v.count));
    let supplies = a.supplies.iter().map(|s| format!("{} {} {}", s.item, trim_number(s.quantity), s.unit));
    vehicles.chain(supplies).collect::<Vec<_>>().join("；")
}

/// 2.5 → "2.5", 3.0 → "3".
fn trim_number(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl DispatchSheet {
    /// Lays out a dispatch plan. `address` is the incident's address as typed, if any.
    pub fn from_plan(plan: &DispatchPlan, address: &str) -> DispatchSheet {
        let mut facts = vec![
            ("事故类型".to_string(), plan.incident_type.clone()),
            ("位置（经度, 纬度 WGS84）".to_string(), format!("{:.6}, {:.6}", plan.at.lon, plan.at.lat)),
            ("报警时间（北京时间）".to_string(), beijing_time(plan.when)),
            ("行程时间依据".to_string(), plan.travel.clone()),
        ];
        if !address.trim().is_empty() {
            facts.insert(2, ("地址".to_string(), address.trim().to_string()));
        }
        let eta_header = if plan.estimate { "预计到达（分钟，估算）" } else { "预计到达（分钟）" };
        let units = SheetTable {
            title: "出动力量".into(),
            columns: ["序号", "类别", "名称", "任务", "距离（公里）", eta_header, "联系人", "电话", "车辆/物资"]
                .map(String::from)
                .to_vec(),
            rows: plan
                .units()
                .enumerate()
                .map(|(i, a)| SheetRow {
                    cells: vec![
                        Cell::num((i + 1) as f64, 0),
                        Cell::text(layer_label(a.unit.layer)),
                        Cell::text(if a.unit.relocated {
                            format!("{}（预置点）", a.unit.name)
                        } else {
                            a.unit.name.clone()
                        }),
                        Cell::text(reason_label(a)),
                        Cell::num(a.unit.distance_m / 1000.0, 1),
                        a.unit.eta_s.map_or_else(|| Cell::text("不可达"), |s| Cell::num(s / 60.0, 1)),
                        Cell::text(a.contact.clone()),
                        Cell::text(a.phone.clone()),
                        Cell::text(brings(a)),
                    ],
                    alert: a.unit.eta_s.is_none(),
                })
                .collect(),
        };
        let mut shortfalls = Vec::new();
        let vehicles = SheetTable {
            title: "车辆".into(),
            columns: ["车型", "需要", "已派", "缺口"].map(String::from).to_vec(),
            rows: plan
                .vehicles
                .iter()
                .map(|v| {
                    if v.shortfall > 0 {
                        shortfalls.push(format!("车辆缺口：{} {} 辆", v.kind, v.shortfall));
                    }
                    SheetRow {
                        cells: vec![
                            Cell::text(v.kind.clone()),
                            Cell::num(f64::from(v.required), 0),
                            Cell::num(f64::from(v.assigned), 0),
                            Cell::num(f64::from(v.shortfall), 0),
                        ],
                        alert: v.shortfall > 0,
                    }
                })
                .collect(),
        };
        let capabilities = SheetTable {
            title: "专业救援力量".into(),
            columns: ["能力", "需要（支）", "已派队伍", "缺口"].map(String::from).to_vec(),
            rows: plan
                .capabilities
                .iter()
                .map(|c| {
                    if c.shortfall > 0 {
                        shortfalls.push(format!("专业力量缺口：{} {} 支", c.capability, c.shortfall));
                    }
                    let names: Vec<&str> = c
                        .teams
                        .iter()
                        .filter_map(|id| plan.teams.iter().find(|t| t.unit.id == *id).map(|t| t.unit.name.as_str()))
                        .collect();
                    SheetRow {
                        cells: vec![
                            Cell::text(c.capability.clone()),
                            Cell::num(f64::from(c.required), 0),
                            Cell::text(names.join("、")),
                            Cell::num(f64::from(c.shortfall), 0),
                        ],
                        alert: c.shortfall > 0,
                    }
                })
                .collect(),
        };
        let materials = SheetTable {
            title: "物资".into(),
            columns: ["物资", "单位", "需要", "已调", "缺口", "来源"].map(String::from).to_vec(),
            rows: plan
                .materials
                .iter()
                .map(|m| {
                    let short = m.shortfall > 0.0;
                    if short {
                        let mut s = format!("物资缺口：{} {} {}", m.item, trim_number(m.shortfall), m.unit);
                        if !m.other_units.is_empty() {
                            s.push_str(&format!("（另有以{}计的库存未计入）", m.other_units.join("、")));
                        }
                        shortfalls.push(s);
                    }
                    let from: Vec<&str> = m
                        .depots
                        .iter()
                        .filter_map(|id| plan.depots.iter().find(|d| d.unit.id == *id).map(|d| d.unit.name.as_str()))
                        .collect();
                    SheetRow {
                        cells: vec![
                            Cell::text(m.item.clone()),
                            Cell::text(m.unit.clone()),
                            Cell::num(m.required, 2),
                            Cell::num(m.supplied, 2),
                            Cell::num(m.shortfall, 2),
                            Cell::text(from.join("、")),
                        ],
                        alert: short,
                    }
                })
                .collect(),
        };
        let tables = [units, vehicles, capabilities, materials].into_iter().filter(|t| !t.rows.is_empty()).collect();
        DispatchSheet {
            title: format!("出动单 · {}", plan.incident_type),
            facts,
            tables,
            shortfalls,
            footnote: plan
                .estimate
                .then(|| "到达时间为估算值：未加载路网，按直线距离 × 绕行系数、平均车速计算，仅供参考。".to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::analysis::dispatch::{Incident, plan};
    use crate::analysis::fixtures::{depot, station_with, team};
    use crate::analysis::incident_types::IncidentTemplates;
    use crate::analysis::nearest::Responders;
    use crate::analysis::protection::ProtectionSettings;
    use crate::analysis::travel::StraightLine;
    use crate::model::LonLat;
    use crate::snapshot::Snapshot;

    #[test]
    fn a_hazmat_sheet_lists_units_materials_and_the_shortfall_in_red() {
        let at = LonLat::new(114.35, 36.1);
        let s = Snapshot::from_parts(
            vec![station_with(1, LonLat::new(114.36, 36.1), &[("泡沫车", 2), ("水罐车", 2)])],
            vec![team(2, LonLat::new(114.37, 36.1), &["危化"])],
            vec![depot(3, LonLat::new(114.38, 36.1), &[("吸附棉", "吨", 2.0)])],
            vec![],
            vec![],
        );
        let model = StraightLine::default();
        let r = Responders::new(&s, &ProtectionSettings::default(), &model);
        let template = IncidentTemplates::default().find("hazmat").unwrap().clone();
        let when = chrono::Utc.with_ymd_and_hms(2025, 7, 20, 8, 0, 0).unwrap();
        let p = plan(&r, &Incident { at, template, when }).unwrap();
        let sheet = DispatchSheet::from_plan(&p, "文峰区中华路（示意）");

        assert_eq!(sheet.title, "出动单 · 危化品泄漏");
        assert!(sheet.facts.contains(&("报警时间（北京时间）".to_string(), "2025-07-20 16:00".to_string())));
        assert!(sheet.facts.contains(&("地址".to_string(), "文峰区中华路（示意）".to_string())));
        let units = &sheet.tables[0];
        assert_eq!(units.rows.len(), 3);
        assert_eq!(units.rows[1].cells[2].display(), "队2");
        assert_eq!(units.rows[2].cells[8].display(), "吸附棉 2 吨");
        assert!(units.columns[5].contains("估算"));
        let materials = sheet.tables.iter().find(|t| t.title == "物资").unwrap();
        assert!(materials.rows[0].alert);
        assert_eq!(materials.rows[0].cells[4].display(), "3.00");
        assert!(sheet.shortfalls.contains(&"物资缺口：吸附棉 3 吨".to_string()), "{:?}", sheet.shortfalls);
        assert!(sheet.footnote.is_some());
    }
}

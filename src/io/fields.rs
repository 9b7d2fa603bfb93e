//! Maps a source [`Record`] onto a model [`Feature`]: attribute names in Chinese or English,
//! values as text or numbers, coordinates from a geometry or from lon/lat columns.

use geo_types::{Geometry, MultiPolygon};
use serde_json::{Map, Value};

use super::Crs;
use super::record::Record;
use crate::model::{
    AdminArea, AreaLevel, Depot, DepotLevel, Enterprise, Feature, Labelled, Layer, LonLat, RiskLevel, Station,
    StationClass, StationStatus, StockLine, Team, TeamKind, UnitStatus, Vehicle,
};
use crate::spatial::gcj02;

/// A problem with one field of a record.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub(crate) fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

type R<T> = Result<T, FieldError>;

/// Accepted column names per model field, English first (the first is used in messages and
/// exports). Matching ignores case, surrounding space and a unit in brackets: `出动时间（秒）`.
pub mod names {
    pub const CODE: &[&str] = &["code", "id", "编号", "编码", "代码"];
    pub const NAME: &[&str] = &["name", "名称", "单位名称", "站名", "队伍名称", "企业名称", "库名", "仓库名称"];
    pub const LON: &[&str] = &["lon", "lng", "long", "longitude", "x", "经度", "东经"];
    pub const LAT: &[&str] = &["lat", "latitude", "y", "纬度", "北纬"];
    pub const DISTRICT: &[&str] = &["district", "区县", "所属区县", "区县代码", "行政区", "所在区县"];
    pub const ADDRESS: &[&str] = &["address", "地址", "详细地址"];
    pub const PHONE: &[&str] = &["phone", "tel", "电话", "联系电话", "值班电话"];
    pub const CONTACT: &[&str] = &["contact", "联系人", "负责人"];
    pub const NOTE: &[&str] = &["note", "remark", "备注"];
    pub const ILLUSTRATIVE: &[&str] = &["illustrative", "示意", "位置示意"];
    pub const CLASS: &[&str] = &["class", "类别", "站级", "消防站类别", "类型"];
    pub const STATUS: &[&str] = &["status", "状态"];
    pub const PERSONNEL: &[&str] = &["personnel", "执勤人数", "在岗人数", "人数"];
    pub const TURNOUT: &[&str] = &["turnout_s", "turnout", "出动时间"];
    pub const VEHICLES: &[&str] = &["vehicles", "车辆", "车辆配备"];
    pub const KIND: &[&str] = &["kind", "队伍类型", "队伍类别", "类别", "类型"];
    pub const CAPABILITIES: &[&str] = &["capabilities", "救援能力", "专业", "专长", "能力"];
    pub const HEADCOUNT: &[&str] = &["headcount", "队员人数", "人数"];
    pub const EQUIPMENT: &[&str] = &["equipment", "主要装备", "装备"];
    pub const SUPERVISOR: &[&str] = &["supervisor", "上级主管部门", "主管部门"];
    pub const LEVEL: &[&str] = &["level", "级别", "等级"];
    pub const OPERATOR: &[&str] = &["operator", "管理单位", "运营单位"];
    pub const STOCK: &[&str] = &["stock", "物资", "储备物资"];
    pub const CREDIT_CODE: &[&str] = &["credit_code", "统一社会信用代码", "信用代码"];
    pub const INDUSTRY: &[&str] = &["industry", "行业", "行业类别"];
    pub const RISK: &[&str] = &["risk_level", "risk", "风险等级", "风险级别", "四色等级", "风险"];
    pub const TOWNSHIP: &[&str] = &["township", "乡镇", "乡镇街道", "所属乡镇"];
    pub const IN_PARK: &[&str] = &["in_park", "园区", "是否园区", "是否在园区"];
    pub const PARENT: &[&str] = &["parent_code", "parent", "上级代码", "上级区划代码"];
    pub const POPULATION: &[&str] = &["population", "人口"];
    pub const AREA_CODE: &[&str] = &["code", "adcode", "区划代码", "行政区划代码", "代码"];
}

/// Normalises a column name for matching: trimmed, lower case, without a trailing unit in
/// ASCII or full-width brackets.
pub fn normalise(name: &str) -> String {
    let n = name.trim().trim_start_matches('\u{feff}');
    let n = n.split(['(', '（', '[', '【']).next().unwrap_or(n);
    n.trim().to_lowercase()
}

/// A record's attributes looked up by any accepted name.
pub(crate) struct Attrs<'a> {
    map: Vec<(String, &'a str, &'a Value)>,
}

impl<'a> Attrs<'a> {
    pub(crate) fn new(attrs: &'a Map<String, Value>) -> Self {
        Self { map: attrs.iter().map(|(k, v)| (normalise(k), k.as_str(), v)).collect() }
    }

    /// The first non-empty value under any of `names`, with the name the file used.
    pub(crate) fn get(&self, names: &[&str]) -> Option<(&'a str, &'a Value)> {
        names
            .iter()
            .find_map(|n| self.map.iter().find(|(k, _, v)| k == n && !is_blank(v)).map(|(_, orig, v)| (*orig, *v)))
    }

    pub(crate) fn has_column(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.map.iter().any(|(k, _, _)| k == n))
    }

    pub(crate) fn text(&self, names: &[&str]) -> String {
        self.get(names).map(|(_, v)| value_text(v)).unwrap_or_default()
    }

    pub(crate) fn opt_text(&self, names: &[&str]) -> Option<String> {
        self.get(names).map(|(_, v)| value_text(v))
    }

    pub(crate) fn required_text(&self, names: &[&str]) -> R<String> {
        match self.get(names) {
            Some((_, v)) => Ok(value_text(v)),
            None if self.has_column(names) => Err(FieldError::new(names[0], "is empty")),
            None => Err(missing(names)),
        }
    }

    pub(crate) fn label<T: Labelled>(&self, names: &[&str], default: Option<T>) -> R<T> {
        match self.get(names) {
            Some((orig, v)) => T::parse(&value_text(v)).map_err(|e| FieldError::new(orig, e.to_string())),
            None => default.ok_or_else(|| {
                if self.has_column(names) { FieldError::new(names[0], "is empty") } else { missing(names) }
            }),
        }
    }

    pub(crate) fn number(&self, names: &[&str]) -> R<Option<f64>> {
        let Some((orig, v)) = self.get(names) else { return Ok(None) };
        let n = match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().replace([',', '，'], "").parse::<f64>().ok(),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() => Ok(Some(n)),
            _ => Err(FieldError::new(orig, format!("{} is not a number", show(v)))),
        }
    }

    /// A longitude or latitude: a decimal number, or degrees-minutes-seconds as spreadsheets
    /// from surveys write them (`114°21'30"`, `114度21分30秒`, `E114°21.5'`).
    fn coordinate(&self, names: &[&str]) -> R<Option<f64>> {
        if let Some((orig, Value::String(s))) = self.get(names) {
            if let Some(v) = parse_dms(s) {
                return Ok(Some(v));
            }
            // A decimal comma (`114,35`, as European Excel writes with `;` separators): in a
            // coordinate a comma cannot separate thousands.
            let t = s.trim();
            if t.matches(',').count() == 1 && !t.contains('.') {
                return match t.replace(',', ".").parse::<f64>() {
                    Ok(v) if v.is_finite() => Ok(Some(v)),
                    _ => Err(FieldError::new(orig, format!("\"{t}\" is not a number"))),
                };
            }
        }
        self.number(names)
    }

    pub(crate) fn count(&self, names: &[&str]) -> R<Option<u32>> {
        let Some(n) = self.number(names)? else { return Ok(None) };
        let orig = self.get(names).map(|(o, _)| o).unwrap_or(names[0]);
        if n < 0.0 || n.fract() != 0.0 || n > f64::from(u32::MAX) {
            return Err(FieldError::new(orig, format!("{n} is not a whole number of zero or more")));
        }
        Ok(Some(n as u32))
    }

    pub(crate) fn flag(&self, names: &[&str]) -> R<bool> {
        let Some((orig, v)) = self.get(names) else { return Ok(false) };
        match v {
            Value::Bool(b) => Ok(*b),
            Value::Number(n) => Ok(n.as_f64().unwrap_or(0.0) != 0.0),
            Value::String(s) => match s.trim().to_lowercase().as_str() {
                "是" | "y" | "yes" | "true" | "1" | "示意" | "√" => Ok(true),
                "否" | "n" | "no" | "false" | "0" | "" => Ok(false),
                other => Err(FieldError::new(orig, format!("\"{other}\" is not yes/no (是/否)"))),
            },
            other => Err(FieldError::new(orig, format!("{} is not yes/no", show(other)))),
        }
    }
}

/// Degrees, minutes and seconds to decimal degrees; `None` unless the text has a degree sign
/// (° or 度). A hemisphere letter (N/S/E/W, 北/南/东/西) may lead or trail; S and W are negative.
fn parse_dms(text: &str) -> Option<f64> {
    let t = text.trim();
    if !t.contains(['°', '度']) {
        return None;
    }
    let negative = t.starts_with(['S', 'W', 's', 'w', '南', '西']) || t.ends_with(['S', 'W', 's', 'w', '南', '西']);
    let body = t.trim_matches(|c: char| "NSEWnsew北南东西经纬 ".contains(c));
    let mut parts = [0.0f64; 3];
    let mut n = 0;
    for piece in body.split(['°', '度', '\'', '′', '分', '"', '″', '秒']).map(str::trim) {
        if piece.is_empty() {
            continue;
        }
        if n == 3 {
            return None;
        }
        parts[n] = piece.parse().ok()?;
        n += 1;
    }
    let [d, m, sec] = parts;
    if n == 0 || !(0.0..60.0).contains(&m) || !(0.0..60.0).contains(&sec) || d < 0.0 {
        return None;
    }
    let v = d + m / 60.0 + sec / 3600.0;
    Some(if negative { -v } else { v })
}

fn missing(names: &[&str]) -> FieldError {
    FieldError::new(names[0], format!("column is missing (accepted names: {})", names.join(", ")))
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

pub(crate) fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Null => String::new(),
        Value::Number(n) => match n.as_f64() {
            // Codes read from spreadsheets as numbers (410502.0) keep their integer form.
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

/// The point position of a record: its Point geometry, or lon/lat columns. A problem is
/// reported against the column it came from, or against `geometry`.
pub(crate) fn position(rec: &Record, a: &Attrs, crs: Crs) -> R<LonLat> {
    let (p, lon_field, lat_field) = match &rec.geometry {
        Some(Geometry::Point(p)) => (LonLat::new(p.x(), p.y()), "geometry".to_string(), "geometry".to_string()),
        Some(Geometry::MultiPoint(mp)) if mp.0.len() == 1 => {
            (LonLat::new(mp.0[0].x(), mp.0[0].y()), "geometry".to_string(), "geometry".to_string())
        }
        Some(other) => {
            return Err(FieldError::new(
                "geometry",
                format!("is a {}, this layer needs points", crate::store::geometry_name(other)),
            ));
        }
        None => {
            if !a.has_column(names::LON) && !a.has_column(names::LAT) {
                return Err(FieldError::new(
                    "geometry",
                    format!(
                        "has no geometry and no longitude/latitude columns (accepted names: {} / {})",
                        names::LON.join(", "),
                        names::LAT.join(", ")
                    ),
                ));
            }
            let lon = a.coordinate(names::LON)?.ok_or_else(|| coordinate_missing(a, names::LON))?;
            let lat = a.coordinate(names::LAT)?.ok_or_else(|| coordinate_missing(a, names::LAT))?;
            let column = |names: &[&str]| a.get(names).map_or(names[0], |(orig, _)| orig).to_string();
            (LonLat::new(lon, lat), column(names::LON), column(names::LAT))
        }
    };
    if let Some(problem) = p.problem() {
        let field = if problem.starts_with("lat") { lat_field } else { lon_field };
        return Err(FieldError::new(field, problem));
    }
    Ok(match crs {
        Crs::Wgs84 => p,
        Crs::Gcj02 => gcj02::gcj02_to_wgs84(p),
    })
}

/// Any geometry of a record, or a point from its lon/lat columns, checked and in WGS84: what a
/// user layer stores.
pub fn any_geometry(rec: &Record, crs: Crs) -> R<Geometry<f64>> {
    use geo::{CoordsIter, MapCoords};
    let Some(g) = &rec.geometry else {
        return position(rec, &Attrs::new(&rec.attrs), crs)
            .map(|p| Geometry::Point(geo_types::Point::new(p.lon, p.lat)));
    };
    if let Some(c) = g.coords_iter().find(|c| LonLat::new(c.x, c.y).problem().is_some()) {
        let problem = LonLat::new(c.x, c.y).problem().unwrap_or_default();
        return Err(FieldError::new("geometry", format!("coordinate ({}, {}): {problem}", c.x, c.y)));
    }
    if g.coords_count() == 0 {
        return Err(FieldError::new("geometry", "is empty"));
    }
    Ok(match crs {
        Crs::Wgs84 => g.clone(),
        Crs::Gcj02 => g.map_coords(|c| gcj02::gcj02_to_wgs84(LonLat::new(c.x, c.y)).into()),
    })
}

fn coordinate_missing(a: &Attrs, names: &[&str]) -> FieldError {
    if a.has_column(names) { FieldError::new(names[0], "is empty") } else { missing(names) }
}

pub(crate) fn outline(rec: &Record, crs: Crs) -> R<Option<MultiPolygon<f64>>> {
    use geo::MapCoords;
    let mp = match &rec.geometry {
        None => return Ok(None),
        Some(Geometry::Polygon(p)) => MultiPolygon(vec![p.clone()]),
        Some(Geometry::MultiPolygon(mp)) => mp.clone(),
        Some(other) => {
            return Err(FieldError::new(
                "geometry",
                format!("is a {}, this layer needs polygons", crate::store::geometry_name(other)),
            ));
        }
    };
    use geo::CoordsIter;
    if let Some(c) = mp.coords_iter().find(|c| LonLat::new(c.x, c.y).problem().is_some()) {
        let problem = LonLat::new(c.x, c.y).problem().unwrap_or_default();
        return Err(FieldError::new("geometry", format!("coordinate ({}, {}): {problem}", c.x, c.y)));
    }
    Ok(Some(match crs {
        Crs::Wgs84 => mp,
        Crs::Gcj02 => mp.map_coords(|c| gcj02::gcj02_to_wgs84(LonLat::new(c.x, c.y)).into()),
    }))
}

/// Parses a vehicle list: a JSON array of {kind, count}, or text like `水罐车:2;泡沫车×1`.
fn vehicles(a: &Attrs) -> R<Vec<Vehicle>> {
    let Some((orig, v)) = a.get(names::VEHICLES) else { return Ok(Vec::new()) };
    if let Value::Array(items) = v {
        return items
            .iter()
            .map(|it| serde_json::from_value::<Vehicle>(it.clone()).map_err(|e| FieldError::new(orig, e.to_string())))
            .collect();
    }
    value_text(v)
        .split([';', '；', ',', '，', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|part| {
            let (kind, count) = match part.split_once([':', '：', '×', '*', 'x']) {
                Some((k, c)) => (k.trim(), c.trim().trim_end_matches(['辆', '台'])),
                None => (part, "1"),
            };
            let count = count
                .parse::<u32>()
                .map_err(|_| FieldError::new(orig, format!("\"{part}\": count \"{count}\" is not a whole number")))?;
            Ok(Vehicle { kind: kind.to_string(), count })
        })
        .collect()
}

/// Parses stock lines: a JSON array of stock objects, or text like `吸附棉:5吨;沙袋:2000袋`.
fn stock(a: &Attrs) -> R<Vec<StockLine>> {
    let Some((orig, v)) = a.get(names::STOCK) else { return Ok(Vec::new()) };
    let parsed: Value = match v {
        Value::String(s) if s.trim_start().starts_with('[') => {
            serde_json::from_str(s).map_err(|e| FieldError::new(orig, format!("not a JSON list: {e}")))?
        }
        other => other.clone(),
    };
    if let Value::Array(items) = parsed {
        return items
            .into_iter()
            .map(|it| serde_json::from_value::<StockLine>(it).map_err(|e| FieldError::new(orig, e.to_string())))
            .collect();
    }
    value_text(v)
        .split([';', '；', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|part| {
            let (item, rest) = part
                .split_once([':', '：'])
                .ok_or_else(|| FieldError::new(orig, format!("\"{part}\" is not item:quantity")))?;
            let digits: String = rest.trim().chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            let unit = rest.trim()[digits.len()..].trim().to_string();
            let quantity = digits
                .parse::<f64>()
                .map_err(|_| FieldError::new(orig, format!("\"{part}\": quantity is not a number")))?;
            Ok(StockLine { category: String::new(), item: item.trim().to_string(), unit, quantity, min_level: 0.0 })
        })
        .collect()
}

/// The name the record's file uses for the feature's code (`编号`, `id` …), for messages.
pub fn code_column(layer: Layer, rec: &Record) -> String {
    let names = if layer == Layer::Areas { names::AREA_CODE } else { names::CODE };
    Attrs::new(&rec.attrs).get(names).map_or_else(|| names[0].to_string(), |(orig, _)| orig.to_string())
}

/// Builds a feature of `layer` from a record. The feature's id is 0 (new).
pub fn to_feature(layer: Layer, rec: &Record, crs: Crs) -> Result<Feature, FieldError> {
    let a = Attrs::new(&rec.attrs);
    let code = a.opt_text(names::CODE);
    Ok(match layer {
        Layer::Stations => Feature::Stations(Station {
            id: 0,
            code,
            name: a.required_text(names::NAME)?,
            class: a.label::<StationClass>(names::CLASS, None)?,
            status: a.label(names::STATUS, Some(StationStatus::Existing))?,
            district: a.opt_text(names::DISTRICT),
            address: a.text(names::ADDRESS),
            phone: a.text(names::PHONE),
            personnel: a.count(names::PERSONNEL)?.unwrap_or(0),
            turnout_s: a.count(names::TURNOUT)?,
            vehicles: vehicles(&a)?,
            location: position(rec, &a, crs)?,
            illustrative: a.flag(names::ILLUSTRATIVE)?,
            note: a.text(names::NOTE),
        }),
        Layer::Teams => Feature::Teams(Team {
            id: 0,
            code,
            name: a.required_text(names::NAME)?,
            kind: a.label::<TeamKind>(names::KIND, None)?,
            capabilities: match a.get(names::CAPABILITIES) {
                Some((_, Value::Array(items))) => items.iter().map(value_text).filter(|s| !s.is_empty()).collect(),
                Some((_, v)) => crate::store::split_tags(&value_text(v)),
                None => Vec::new(),
            },
            headcount: a.count(names::HEADCOUNT)?.unwrap_or(0),
            equipment: a.text(names::EQUIPMENT),
            supervisor: a.text(names::SUPERVISOR),
            contact: a.text(names::CONTACT),
            phone: a.text(names::PHONE),
            district: a.opt_text(names::DISTRICT),
            address: a.text(names::ADDRESS),
            status: a.label(names::STATUS, Some(UnitStatus::OnDuty))?,
            location: position(rec, &a, crs)?,
            illustrative: a.flag(names::ILLUSTRATIVE)?,
            note: a.text(names::NOTE),
        }),
        Layer::Depots => Feature::Depots(Depot {
            id: 0,
            code,
            name: a.required_text(names::NAME)?,
            level: a.label::<DepotLevel>(names::LEVEL, None)?,
            operator: a.text(names::OPERATOR),
            district: a.opt_text(names::DISTRICT),
            address: a.text(names::ADDRESS),
            contact: a.text(names::CONTACT),
            phone: a.text(names::PHONE),
            stock: stock(&a)?,
            location: position(rec, &a, crs)?,
            illustrative: a.flag(names::ILLUSTRATIVE)?,
            note: a.text(names::NOTE),
        }),
        Layer::Enterprises => Feature::Enterprises(Enterprise {
            id: 0,
            code,
            name: a.required_text(names::NAME)?,
            credit_code: a.text(names::CREDIT_CODE),
            industry: a.text(names::INDUSTRY),
            risk: a.label::<RiskLevel>(names::RISK, None)?,
            district: a.opt_text(names::DISTRICT),
            township: a.opt_text(names::TOWNSHIP),
            address: a.text(names::ADDRESS),
            contact: a.text(names::CONTACT),
            phone: a.text(names::PHONE),
            in_park: a.flag(names::IN_PARK)?,
            location: position(rec, &a, crs)?,
            site: None,
            illustrative: a.flag(names::ILLUSTRATIVE)?,
            note: a.text(names::NOTE),
        }),
        Layer::Areas => Feature::Areas(AdminArea {
            id: 0,
            code: a.required_text(names::AREA_CODE)?,
            name: a.required_text(names::NAME)?,
            level: a.label::<AreaLevel>(names::LEVEL, None)?,
            parent: a.opt_text(names::PARENT),
            population: a.number(names::POPULATION)?.map(|p| p.max(0.0) as u64),
            outline: outline(rec, crs)?,
            illustrative: a.flag(names::ILLUSTRATIVE)?,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::record::Location;
    use serde_json::json;

    fn rec(attrs: Value) -> Record {
        Record { location: Location::Line(2), attrs: attrs.as_object().cloned().unwrap_or_default(), geometry: None }
    }

    #[test]
    fn chinese_headers_map_to_a_station() {
        let r = rec(json!({"名称": "文峰区消防救援站", "类别": "一级站", "经度": "114.35", "纬度": "36.08",
                           "出动时间（秒）": "60", "车辆": "水罐车:2;泡沫车×1", "示意": "是"}));
        let Feature::Stations(s) = to_feature(Layer::Stations, &r, Crs::Wgs84).unwrap() else { panic!() };
        assert_eq!(s.class, StationClass::Level1);
        assert_eq!(s.status, StationStatus::Existing);
        assert_eq!(s.turnout_s, Some(60));
        assert_eq!(
            s.vehicles,
            vec![Vehicle { kind: "水罐车".into(), count: 2 }, Vehicle { kind: "泡沫车".into(), count: 1 }]
        );
        assert!(s.illustrative);
        assert_eq!(s.location, LonLat::new(114.35, 36.08));
    }

    #[test]
    fn english_headers_map_to_an_enterprise() {
        let r = rec(json!({"Name": "Acme Chemicals", "risk_level": "orange", "lng": 114.4, "lat": 36.0}));
        let Feature::Enterprises(e) = to_feature(Layer::Enterprises, &r, Crs::Wgs84).unwrap() else { panic!() };
        assert_eq!(e.risk, RiskLevel::Orange);
    }

    #[test]
    fn errors_name_the_field() {
        let r = rec(json!({"名称": "x", "类别": "一级站", "经度": "abc", "纬度": "36"}));
        let e = to_feature(Layer::Stations, &r, Crs::Wgs84).unwrap_err();
        assert_eq!(e.field, "经度");
        assert!(e.message.contains("\"abc\" is not a number"), "{e:?}");

        let r = rec(json!({"名称": "x", "类别": "一级站", "经度": "114"}));
        let e = to_feature(Layer::Stations, &r, Crs::Wgs84).unwrap_err();
        assert_eq!(e.field, "lat");
        assert!(e.message.contains("column is missing"), "{e:?}");

        let r = rec(json!({"名称": "x", "类别": "一级站", "经度": "114", "纬度": "96"}));
        let e = to_feature(Layer::Stations, &r, Crs::Wgs84).unwrap_err();
        assert_eq!(e.field, "纬度");
        assert!(e.message.contains("latitude 96 is outside"), "{e:?}");

        let r = rec(json!({"名称": "x", "类别": "一级站"}));
        let e = to_feature(Layer::Stations, &r, Crs::Wgs84).unwrap_err();
        assert_eq!(e.field, "geometry");
        assert!(e.message.contains("no geometry"), "{e:?}");

        let r = rec(json!({"名称": "x", "类别": "三级站", "经度": "114", "纬度": "36"}));
        let e = to_feature(Layer::Stations, &r, Crs::Wgs84).unwrap_err();
        assert_eq!(e.field, "类别");
    }

    #[test]
    fn degrees_minutes_seconds() {
        assert_eq!(parse_dms("114°21'36\""), Some(114.36));
        assert_eq!(parse_dms("东经114度21分36秒"), Some(114.36));
        assert_eq!(parse_dms("36°6.6′N"), Some(36.11));
        assert_eq!(parse_dms("W 74°0'0\""), Some(-74.0));
        assert_eq!(parse_dms("114.36"), None);
        assert_eq!(parse_dms("114°61'"), None);
        assert_eq!(parse_dms("1°2'3\"4"), None);
        let r = rec(json!({"名称": "x", "类别": "一级站", "经度": "114°21'36\"", "纬度": "36度6分36秒"}));
        let Feature::Stations(s) = to_feature(Layer::Stations, &r, Crs::Wgs84).unwrap() else { panic!() };
        assert!((s.location.lon - 114.36).abs() < 1e-12 && (s.location.lat - 36.11).abs() < 1e-12);
    }

    #[test]
    fn decimal_commas_in_coordinates_but_thousands_in_counts() {
        let r = rec(json!({"名称": "x", "类别": "一级站", "经度": "114,35", "纬度": "36,1", "人数": "1,200"}));
        let Feature::Stations(s) = to_feature(Layer::Stations, &r, Crs::Wgs84).unwrap() else { panic!() };
        assert_eq!((s.location.lon, s.location.lat, s.personnel), (114.35, 36.1, 1200));
        let r = rec(json!({"名称": "x", "类别": "一级站", "经度": "114,3x", "纬度": "36"}));
        assert_eq!(to_feature(Layer::Stations, &r, Crs::Wgs84).unwrap_err().field, "经度");
    }

    #[test]
    fn gcj02_input_is_moved_back_west() {
        let r = rec(json!({"name": "x", "class": "level1", "lon": 114.356, "lat": 36.1}));
        let Feature::Stations(s) = to_feature(Layer::Stations, &r, Crs::Gcj02).unwrap() else { panic!() };
        assert!(s.location.lon < 114.356 - 0.005, "{:?}", s.location);
    }

    #[test]
    fn stock_text_and_json() {
        let r =
            rec(json!({"name": "库", "level": "市级", "lon": 114.0, "lat": 36.0, "物资": "吸附棉:5吨;沙袋:2000袋"}));
        let Feature::Depots(d) = to_feature(Layer::Depots, &r, Crs::Wgs84).unwrap() else { panic!() };
        assert_eq!(d.stock.len(), 2);
        assert_eq!((d.stock[0].quantity, d.stock[0].unit.as_str()), (5.0, "吨"));
        let r = rec(json!({"name": "库", "level": "city", "lon": 114.0, "lat": 36.0,
            "stock": [{"category": "防汛", "item": "沙袋", "unit": "袋", "quantity": 100.0, "min_level": 50.0}]}));
        let Feature::Depots(d) = to_feature(Layer::Depots, &r, Crs::Wgs84).unwrap() else { panic!() };
        assert_eq!(d.stock[0].min_level, 50.0);
    }
}

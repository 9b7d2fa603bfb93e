//! Maps source records onto risk zones and registered points, the way [`super::fields`] does for
//! layers: Chinese or English column names, values as text or numbers, and each record naming
//! its enterprise by code, credit code or name.

use super::Crs;
use super::fields::{Attrs, FieldError, names, outline, position, value_text};
use super::record::Record;
use crate::model::RiskLevel;
use crate::model::lec::Lec;
use crate::model::risk_zones::{RiskPoint, RiskPointKind, RiskZone};

/// Accepted column names, English first (used in messages).
pub mod zone_names {
    pub const ENTERPRISE_CODE: &[&str] = &["enterprise_code", "企业编号", "企业编码", "企业代码"];
    pub const ENTERPRISE_NAME: &[&str] = &["enterprise", "enterprise_name", "企业名称", "所属企业", "企业", "单位名称"];
    pub const ENTERPRISE_CREDIT: &[&str] = &["credit_code", "统一社会信用代码", "信用代码"];
    pub const NAME: &[&str] =
        &["name", "zone", "区域名称", "风险区域", "风险区域名称", "风险点名称", "名称", "部位", "场所名称"];
    pub const KIND: &[&str] = &["kind", "zone_type", "区域类型", "场所类型", "类型", "类别"];
    pub const L: &[&str] = &["lec_l", "l", "可能性", "事故发生的可能性"];
    pub const E: &[&str] = &["lec_e", "e", "暴露频率", "暴露频繁程度", "频繁程度"];
    pub const C: &[&str] = &["lec_c", "c", "后果", "后果严重程度", "严重程度"];
    pub const D: &[&str] = &["lec_d", "d", "风险值", "危险性分值", "风险分值"];
    pub const HAZARD: &[&str] = &[
        "hazard",
        "主要危险因素",
        "主要危险有害因素",
        "危险有害因素",
        "危险因素",
        "风险因素",
        "可能导致的事故类型",
        "事故类型",
    ];
    pub const MEASURES: &[&str] = &["measures", "管控措施", "控制措施", "风险管控措施"];
    pub const RESPONSIBLE: &[&str] = &["responsible", "责任人", "管控责任人", "负责人"];
    pub const POINT_KIND: &[&str] = &["kind", "类型", "类别", "风险点类型"];
    pub const GRADE: &[&str] = &["grade", "重大危险源等级", "等级", "级别"];
    pub const DETAIL: &[&str] = &["detail", "描述", "说明", "危险物质", "介质"];
}

use zone_names as n;

/// How a record names its enterprise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnterpriseRef {
    Code(String),
    CreditCode(String),
    Name(String),
}

impl std::fmt::Display for EnterpriseRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnterpriseRef::Code(c) => write!(f, "code \"{c}\""),
            EnterpriseRef::CreditCode(c) => write!(f, "credit code \"{c}\""),
            EnterpriseRef::Name(c) => write!(f, "name \"{c}\""),
        }
    }
}

/// The enterprise a record names, with the column it was in (most specific first).
pub fn enterprise_ref(rec: &Record) -> Option<(String, EnterpriseRef)> {
    let a = Attrs::new(&rec.attrs);
    let pick = |names: &[&str], make: fn(String) -> EnterpriseRef| {
        a.get(names).map(|(col, v)| (col.to_string(), make(value_text(v))))
    };
    pick(n::ENTERPRISE_CODE, EnterpriseRef::Code)
        .or_else(|| pick(n::ENTERPRISE_CREDIT, EnterpriseRef::CreditCode))
        .or_else(|| pick(n::ENTERPRISE_NAME, EnterpriseRef::Name))
}

/// The LEC factors of a record, when it gives them; a stated D must equal L × E × C.
fn lec(a: &Attrs) -> Result<Option<Lec>, FieldError> {
    let (l, e, c) = (a.number(n::L)?, a.number(n::E)?, a.number(n::C)?);
    let lec = match (l, e, c) {
        (None, None, None) => return Ok(None),
        (Some(l), Some(e), Some(c)) => Lec::new(l, e, c).map_err(|err| {
            let names = match err.factor {
                "L" => n::L,
                "E" => n::E,
                _ => n::C,
            };
            let col = a.get(names).map_or(names[0], |(col, _)| col);
            FieldError::new(col, err.to_string())
        })?,
        _ => {
            let missing =
                [(l, "L"), (e, "E"), (c, "C")].iter().filter(|(v, _)| v.is_none()).map(|(_, k)| *k).collect::<Vec<_>>();
            return Err(FieldError::new(
                "lec",
                format!("gives only some LEC factors; {} missing (give all of L, E, C or none)", missing.join(", ")),
            ));
        }
    };
    if let Some(d) = a.number(n::D)?
        && (d - lec.d()).abs() > 1e-6 * lec.d().max(1.0)
    {
        let col = a.get(n::D).map_or("D", |(col, _)| col);
        return Err(FieldError::new(
            col,
            format!("is {d}, but L × E × C = {} × {} × {} = {}", lec.l, lec.e, lec.c, lec.d()),
        ));
    }
    Ok(Some(lec))
}

/// Builds a zone (enterprise id 0, to be resolved) from a polygon record.
pub fn to_zone(rec: &Record, crs: Crs) -> Result<RiskZone, FieldError> {
    let a = Attrs::new(&rec.attrs);
    let lec = lec(&a)?;
    let level = match (a.get(names::RISK), lec) {
        (Some(_), _) => a.label::<RiskLevel>(names::RISK, None)?,
        (None, Some(l)) => l.level(),
        (None, None) => {
            return Err(FieldError::new(
                names::RISK[0],
                format!("is missing: give 风险等级 or the LEC factors (accepted names: {})", names::RISK.join(", ")),
            ));
        }
    };
    let outline =
        outline(rec, crs)?.ok_or_else(|| FieldError::new("geometry", "is empty: a zone needs its outline"))?;
    Ok(RiskZone {
        id: 0,
        enterprise_id: 0,
        name: a.required_text(n::NAME)?,
        kind: a.text(n::KIND),
        level,
        lec,
        hazard: a.text(n::HAZARD),
        measures: a.text(n::MEASURES),
        responsible: a.text(n::RESPONSIBLE),
        phone: a.text(names::PHONE),
        outline,
        illustrative: a.flag(names::ILLUSTRATIVE)?,
        note: a.text(names::NOTE),
    })
}

/// 重大危险源 grade from 1–4, 一级–四级 or I–IV.
fn grade(a: &Attrs) -> Result<Option<u8>, FieldError> {
    let Some((col, v)) = a.get(n::GRADE) else { return Ok(None) };
    let t = value_text(v);
    let core = t.trim().trim_end_matches('级').trim();
    let g = match core {
        "1" | "一" | "I" => 1,
        "2" | "二" | "II" => 2,
        "3" | "三" | "III" => 3,
        "4" | "四" | "IV" => 4,
        _ => return Err(FieldError::new(col, format!("\"{t}\" is not a 重大危险源 grade (一级 to 四级, or 1 to 4)"))),
    };
    Ok(Some(g))
}

/// Builds a registered point (enterprise id 0, to be resolved) from a point record.
pub fn to_point(rec: &Record, crs: Crs) -> Result<RiskPoint, FieldError> {
    let a = Attrs::new(&rec.attrs);
    let kind = a.label::<RiskPointKind>(n::POINT_KIND, None)?;
    let grade = grade(&a)?;
    Ok(RiskPoint {
        id: 0,
        enterprise_id: 0,
        kind,
        name: a.required_text(n::NAME)?,
        grade,
        detail: a.text(n::DETAIL),
        responsible: a.text(n::RESPONSIBLE),
        phone: a.text(names::PHONE),
        location: position(rec, &a, crs)?,
        illustrative: a.flag(names::ILLUSTRATIVE)?,
        note: a.text(names::NOTE),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::record::Location;
    use geo_types::{Geometry, polygon};
    use serde_json::{Value, json};

    fn rec(attrs: Value) -> Record {
        Record {
            location: Location::Feature(1, None),
            attrs: attrs.as_object().cloned().unwrap_or_default(),
            geometry: Some(Geometry::Polygon(polygon![
                (x: 114.0, y: 36.0), (x: 114.001, y: 36.0), (x: 114.001, y: 36.001), (x: 114.0, y: 36.0)
            ])),
        }
    }

    #[test]
    fn chinese_zone_with_lec_takes_its_level() {
        let r = rec(json!({"企业编号": "E001", "区域名称": "1号罐区", "区域类型": "罐区",
            "L": 3, "E": "6", "C": 15, "风险值": 270, "主要危险因素": "火灾、爆炸", "管控措施": "巡检", "责任人": "张三"}));
        let z = to_zone(&r, Crs::Wgs84).unwrap();
        assert_eq!(z.level, RiskLevel::Orange);
        assert_eq!(z.kind, "罐区");
        assert_eq!(enterprise_ref(&r), Some(("企业编号".into(), EnterpriseRef::Code("E001".into()))));
    }

    #[test]
    fn zone_errors_name_their_field() {
        let e = to_zone(&rec(json!({"name": "A", "L": 3, "E": 6, "C": 15, "D": 300})), Crs::Wgs84).unwrap_err();
        assert_eq!(e.field, "D");
        let e = to_zone(&rec(json!({"name": "A", "可能性": 4, "E": 6, "C": 15})), Crs::Wgs84).unwrap_err();
        assert_eq!(e.field, "可能性");
        let e = to_zone(&rec(json!({"name": "A", "L": 3, "C": 15})), Crs::Wgs84).unwrap_err();
        assert!(e.message.contains("E missing"), "{e:?}");
        let e = to_zone(&rec(json!({"name": "A"})), Crs::Wgs84).unwrap_err();
        assert_eq!(e.field, "risk_level");
        let e = to_zone(&rec(json!({"name": "A", "风险等级": "紫"})), Crs::Wgs84).unwrap_err();
        assert_eq!(e.field, "风险等级");
        let mut no_geom = rec(json!({"name": "A", "风险等级": "红"}));
        no_geom.geometry = None;
        assert_eq!(to_zone(&no_geom, Crs::Wgs84).unwrap_err().field, "geometry");
    }

    #[test]
    fn points_parse_grades() {
        let mut r = rec(json!({"企业名称": "甲", "类型": "重大危险源", "名称": "液氨罐", "等级": "三级"}));
        r.geometry = Some(Geometry::Point(geo_types::point!(x: 114.0, y: 36.0)));
        let p = to_point(&r, Crs::Wgs84).unwrap();
        assert_eq!((p.kind, p.grade), (RiskPointKind::MajorHazard, Some(3)));
        r.attrs.insert("等级".into(), json!("五级"));
        assert_eq!(to_point(&r, Crs::Wgs84).unwrap_err().field, "等级");
    }
}

//! Builders for synthetic stations, teams and depots with plain defaults, for tests and
//! benchmarks (which cannot see `#[cfg(test)]` code).

use crate::model::{
    Depot, DepotLevel, FeatureId, LonLat, Station, StationClass, StationStatus, StockLine, Team, TeamKind, Vehicle,
};

/// An existing level-1 station with no own turnout time.
pub fn station(id: FeatureId, at: LonLat) -> Station {
    Station {
        id,
        phone: format!("0372-{id:07}"),
        personnel: 30,
        illustrative: true,
        ..Station::new(format!("站{id}"), StationClass::Level1, StationStatus::Existing, at)
    }
}

/// A station with vehicles given as `(kind, count)`.
pub fn station_with(id: FeatureId, at: LonLat, vehicles: &[(&str, u32)]) -> Station {
    Station {
        vehicles: vehicles.iter().map(|(k, n)| Vehicle { kind: (*k).to_string(), count: *n }).collect(),
        ..station(id, at)
    }
}

/// An on-duty professional team with the given capability tags.
pub fn team(id: FeatureId, at: LonLat, capabilities: &[&str]) -> Team {
    Team {
        id,
        capabilities: capabilities.iter().map(|c| (*c).to_string()).collect(),
        headcount: 20,
        contact: "值班室".into(),
        phone: format!("0372-{id:07}"),
        illustrative: true,
        ..Team::new(format!("队{id}"), TeamKind::Professional, at)
    }
}

/// A county depot holding `(item, unit, quantity)` lines.
pub fn depot(id: FeatureId, at: LonLat, stock: &[(&str, &str, f64)]) -> Depot {
    Depot {
        id,
        contact: "库管员".into(),
        phone: format!("0372-{id:07}"),
        stock: stock
            .iter()
            .map(|(item, unit, q)| StockLine {
                category: String::new(),
                item: (*item).to_string(),
                unit: (*unit).to_string(),
                quantity: *q,
                min_level: 0.0,
            })
            .collect(),
        illustrative: true,
        ..Depot::new(format!("库{id}"), DepotLevel::County, at)
    }
}

/// An enterprise of the given four-color level in no district.
pub fn enterprise(id: FeatureId, at: LonLat, risk: crate::model::RiskLevel) -> crate::model::Enterprise {
    crate::model::Enterprise {
        id, illustrative: true, ..crate::model::Enterprise::new(format!("企业{id}"), risk, at)
    }
}

/// An area whose outline is the lon/lat box `[west, south, east, north]`.
pub fn area_box(
    id: FeatureId,
    code: &str,
    level: crate::model::AreaLevel,
    parent: Option<&str>,
    [w, s, e, n]: [f64; 4],
) -> crate::model::AdminArea {
    let ring = geo_types::LineString::from(vec![(w, s), (e, s), (e, n), (w, n), (w, s)]);
    crate::model::AdminArea {
        id,
        code: code.into(),
        name: format!("区{code}"),
        level,
        parent: parent.map(Into::into),
        population: None,
        outline: Some(geo_types::MultiPolygon(vec![geo_types::Polygon::new(ring, Vec::new())])),
        illustrative: true,
    }
}

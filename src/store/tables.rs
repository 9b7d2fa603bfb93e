//! The feature tables: which columns each layer has and how a model value maps onto them,
//! with the child tables (vehicles, stock lines, site outlines) written beside their parent.

use std::collections::HashMap;
use std::sync::LazyLock;

use geo_types::{Geometry, MultiPolygon};
use rusqlite::types::Value;
use rusqlite::{Connection, params};

use super::rows::RowReader;
use super::{Result, StoreError, gpkg};
use crate::model::{
    AdminArea, Depot, Enterprise, Feature, FeatureId, Labelled, Layer, LonLat, Station, StockLine, Team, Vehicle,
};

/// Attribute columns of each layer, after `fid` and `geom`, in bind order.
pub fn columns(layer: Layer) -> &'static [&'static str] {
    match layer {
        Layer::Stations => &[
            "code",
            "name",
            "class",
            "status",
            "district",
            "address",
            "phone",
            "personnel",
            "turnout_s",
            "illustrative",
            "note",
        ],
        Layer::Teams => &[
            "code",
            "name",
            "kind",
            "capabilities",
            "headcount",
            "equipment",
            "supervisor",
            "contact",
            "phone",
            "district",
            "address",
            "status",
            "illustrative",
            "note",
        ],
        Layer::Depots => {
            &["code", "name", "level", "operator", "district", "address", "contact", "phone", "illustrative", "note"]
        }
        Layer::Enterprises => &[
            "code",
            "name",
            "credit_code",
            "industry",
            "risk_level",
            "district",
            "township",
            "address",
            "contact",
            "phone",
            "in_park",
            "illustrative",
            "note",
        ],
        Layer::Areas => &["code", "name", "level", "parent_code", "population", "illustrative"],
    }
}

struct Sql {
    select: String,
    insert: String,
    update: String,
}

static SQL: LazyLock<HashMap<Layer, Sql>> = LazyLock::new(|| {
    Layer::ALL
        .iter()
        .map(|&layer| {
            let t = layer.table();
            let cols = columns(layer);
            let list = cols.join(", ");
            let marks = (0..cols.len()).map(|i| format!("?{}", i + 3)).collect::<Vec<_>>().join(", ");
            let sets = cols.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 3)).collect::<Vec<_>>().join(", ");
            let sql = Sql {
                select: format!("SELECT fid, geom, {list} FROM \"{t}\""),
                insert: format!("INSERT INTO \"{t}\" (fid, geom, {list}) VALUES (?1, ?2, {marks})"),
                update: format!("UPDATE \"{t}\" SET geom = ?2, {sets} WHERE fid = ?1"),
            };
            (layer, sql)
        })
        .collect()
});

fn sql(layer: Layer) -> &'static Sql {
    // The map is built from Layer::ALL, so every layer is present.
    #[allow(clippy::indexing_slicing)]
    &SQL[&layer]
}

fn opt(s: &Option<String>) -> Value {
    s.as_ref().map_or(Value::Null, |s| Value::Text(s.clone()))
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn int(v: impl Into<i64>) -> Value {
    Value::Integer(v.into())
}

/// Capability tags are stored comma-separated so QGIS users can read and filter them.
pub(crate) fn join_tags(tags: &[String]) -> String {
    tags.join(",")
}

pub(crate) fn split_tags(s: &str) -> Vec<String> {
    s.split([',', '，', '、', ';', '；']).map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect()
}

fn values(f: &Feature) -> Vec<Value> {
    match f {
        Feature::Stations(s) => vec![
            opt(&s.code),
            text(&s.name),
            text(s.class.zh()),
            text(s.status.zh()),
            opt(&s.district),
            text(&s.address),
            text(&s.phone),
            int(s.personnel),
            s.turnout_s.map_or(Value::Null, int),
            int(s.illustrative),
            text(&s.note),
        ],
        Feature::Teams(t) => vec![
            opt(&t.code),
            text(&t.name),
            text(t.kind.zh()),
            text(&join_tags(&t.capabilities)),
            int(t.headcount),
            text(&t.equipment),
            text(&t.supervisor),
            text(&t.contact),
            text(&t.phone),
            opt(&t.district),
            text(&t.address),
            text(t.status.zh()),
            int(t.illustrative),
            text(&t.note),
        ],
        Feature::Depots(d) => vec![
            opt(&d.code),
            text(&d.name),
            text(d.level.zh()),
            text(&d.operator),
            opt(&d.district),
            text(&d.address),
            text(&d.contact),
            text(&d.phone),
            int(d.illustrative),
            text(&d.note),
        ],
        Feature::Enterprises(e) => vec![
            opt(&e.code),
            text(&e.name),
            text(&e.credit_code),
            text(&e.industry),
            text(e.risk.zh()),
            opt(&e.district),
            opt(&e.township),
            text(&e.address),
            text(&e.contact),
            text(&e.phone),
            int(e.in_park),
            int(e.illustrative),
            text(&e.note),
        ],
        Feature::Areas(a) => vec![
            text(&a.code),
            text(&a.name),
            text(a.level.zh()),
            opt(&a.parent),
            a.population.map_or(Value::Null, |p| Value::Integer(i64::try_from(p).unwrap_or(i64::MAX))),
            int(a.illustrative),
        ],
    }
}

fn geometry_blob(f: &Feature) -> Value {
    let g = match f {
        Feature::Areas(a) => a.outline.clone().map(Geometry::MultiPolygon),
        other => other.location().map(|p| Geometry::Point(p.to_point())),
    };
    g.map_or(Value::Null, |g| Value::Blob(gpkg::encode(&g, gpkg::SRS_WGS84)))
}

fn from_row(layer: Layer, r: &RowReader) -> Result<Feature> {
    Ok(match layer {
        Layer::Stations => Feature::Stations(Station {
            id: r.fid,
            code: r.opt_nonempty("code")?,
            name: r.text("name")?,
            class: r.label("class")?,
            status: r.label("status")?,
            district: r.opt_nonempty("district")?,
            address: r.text("address")?,
            phone: r.text("phone")?,
            personnel: r.u32("personnel")?,
            turnout_s: r.opt_u32("turnout_s")?,
            vehicles: Vec::new(),
            location: r.point()?,
            illustrative: r.bool("illustrative")?,
            note: r.text("note")?,
        }),
        Layer::Teams => Feature::Teams(Team {
            id: r.fid,
            code: r.opt_nonempty("code")?,
            name: r.text("name")?,
            kind: r.label("kind")?,
            capabilities: split_tags(&r.text("capabilities")?),
            headcount: r.u32("headcount")?,
            equipment: r.text("equipment")?,
            supervisor: r.text("supervisor")?,
            contact: r.text("contact")?,
            phone: r.text("phone")?,
            district: r.opt_nonempty("district")?,
            address: r.text("address")?,
            status: r.label("status")?,
            location: r.point()?,
            illustrative: r.bool("illustrative")?,
            note: r.text("note")?,
        }),
        Layer::Depots => Feature::Depots(Depot {
            id: r.fid,
            code: r.opt_nonempty("code")?,
            name: r.text("name")?,
            level: r.label("level")?,
            operator: r.text("operator")?,
            district: r.opt_nonempty("district")?,
            address: r.text("address")?,
            contact: r.text("contact")?,
            phone: r.text("phone")?,
            stock: Vec::new(),
            location: r.point()?,
            illustrative: r.bool("illustrative")?,
            note: r.text("note")?,
        }),
        Layer::Enterprises => Feature::Enterprises(Enterprise {
            id: r.fid,
            code: r.opt_nonempty("code")?,
            name: r.text("name")?,
            credit_code: r.text("credit_code")?,
            industry: r.text("industry")?,
            risk: r.label("risk_level")?,
            district: r.opt_nonempty("district")?,
            township: r.opt_nonempty("township")?,
            address: r.text("address")?,
            contact: r.text("contact")?,
            phone: r.text("phone")?,
            in_park: r.bool("in_park")?,
            location: r.point()?,
            site: None,
            illustrative: r.bool("illustrative")?,
            note: r.text("note")?,
        }),
        Layer::Areas => Feature::Areas(AdminArea {
            id: r.fid,
            code: r.text("code")?,
            name: r.text("name")?,
            level: r.label("level")?,
            parent: r.opt_nonempty("parent_code")?,
            population: r
                .opt_i64("population")?
                .map(|p| {
                    u64::try_from(p).map_err(|_| StoreError::BadValue {
                        table: "areas".into(),
                        fid: r.fid,
                        field: "population".into(),
                        message: format!("{p} is negative"),
                    })
                })
                .transpose()?,
            outline: r.opt_multipolygon()?,
            illustrative: r.bool("illustrative")?,
        }),
    })
}

/// Checks what the schema cannot: non-empty names, usable coordinates, sane quantities.
pub(super) fn validate(f: &Feature) -> Result<()> {
    let invalid = |field: &'static str, message: String| StoreError::Invalid {
        layer: f.layer().zh(),
        name: f.name().to_string(),
        field,
        message,
    };
    if f.name().trim().is_empty() {
        return Err(invalid("name", "is empty".into()));
    }
    if let Some(p) = f.location()
        && let Some(problem) = p.problem()
    {
        return Err(invalid("location", problem));
    }
    let outline = match f {
        Feature::Areas(a) => a.outline.as_ref(),
        Feature::Enterprises(e) => e.site.as_ref(),
        _ => None,
    };
    if let Some(mp) = outline {
        use geo::CoordsIter;
        if let Some(c) = mp.coords_iter().find(|c| !LonLat::new(c.x, c.y).is_valid()) {
            return Err(invalid("outline", format!("coordinate ({}, {}) is not a valid longitude/latitude", c.x, c.y)));
        }
    }
    match f {
        Feature::Depots(d) => {
            for line in &d.stock {
                if !(line.quantity.is_finite() && line.quantity >= 0.0) {
                    return Err(invalid(
                        "stock",
                        format!("{}: quantity {} must be zero or more", line.item, line.quantity),
                    ));
                }
                if !(line.min_level.is_finite() && line.min_level >= 0.0) {
                    return Err(invalid(
                        "stock",
                        format!("{}: minimum level {} must be zero or more", line.item, line.min_level),
                    ));
                }
                if line.item.trim().is_empty() {
                    return Err(invalid("stock", "a stock line has no item name".into()));
                }
            }
        }
        Feature::Areas(a) if a.code.trim().is_empty() => return Err(invalid("code", "is empty".into())),
        _ => {}
    }
    Ok(())
}

pub(super) fn insert(conn: &Connection, f: &Feature) -> Result<FeatureId> {
    let layer = f.layer();
    let fid = if f.id() > 0 { Value::Integer(f.id()) } else { Value::Null };
    let mut params: Vec<Value> = vec![fid, geometry_blob(f)];
    params.extend(values(f));
    conn.prepare_cached(&sql(layer).insert)?.execute(rusqlite::params_from_iter(params))?;
    let id = conn.last_insert_rowid();
    write_children(conn, f, id)?;
    Ok(id)
}

pub(super) fn update(conn: &Connection, f: &Feature) -> Result<()> {
    let layer = f.layer();
    let mut params: Vec<Value> = vec![Value::Integer(f.id()), geometry_blob(f)];
    params.extend(values(f));
    let n = conn.prepare_cached(&sql(layer).update)?.execute(rusqlite::params_from_iter(params))?;
    if n == 0 {
        return Err(StoreError::NoSuchFeature { layer: layer.zh(), id: f.id() });
    }
    delete_children(conn, layer, f.id())?;
    write_children(conn, f, f.id())
}

pub(super) fn delete(conn: &Connection, layer: Layer, id: FeatureId) -> Result<()> {
    // Children go by ON DELETE CASCADE; deleting them first keeps this correct on files whose
    // foreign keys another tool switched off.
    delete_children(conn, layer, id)?;
    conn.execute(&format!("DELETE FROM \"{}\" WHERE fid = ?1", layer.table()), [id])?;
    Ok(())
}

fn delete_children(conn: &Connection, layer: Layer, id: FeatureId) -> Result<()> {
    let sql = match layer {
        Layer::Stations => "DELETE FROM station_vehicles WHERE station_fid = ?1",
        Layer::Depots => "DELETE FROM depot_stock WHERE depot_fid = ?1",
        Layer::Enterprises => "DELETE FROM enterprise_sites WHERE enterprise_fid = ?1",
        _ => return Ok(()),
    };
    conn.prepare_cached(sql)?.execute([id])?;
    Ok(())
}

fn write_children(conn: &Connection, f: &Feature, id: FeatureId) -> Result<()> {
    match f {
        Feature::Stations(s) => {
            let mut st = conn.prepare_cached(
                "INSERT INTO station_vehicles (station_fid, kind, count) VALUES (?1, ?2, ?3)
                 ON CONFLICT(station_fid, kind) DO UPDATE SET count = count + excluded.count",
            )?;
            for v in &s.vehicles {
                st.execute(params![id, v.kind, v.count])?;
            }
        }
        Feature::Depots(d) => {
            let mut st = conn.prepare_cached(
                "INSERT INTO depot_stock (depot_fid, category, item, unit, quantity, min_level)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for l in &d.stock {
                st.execute(params![id, l.category, l.item, l.unit, l.quantity, l.min_level])?;
            }
        }
        Feature::Enterprises(e) => {
            if let Some(site) = &e.site {
                let blob = gpkg::encode(&Geometry::MultiPolygon(site.clone()), gpkg::SRS_WGS84);
                conn.prepare_cached("INSERT INTO enterprise_sites (geom, enterprise_fid) VALUES (?1, ?2)")?
                    .execute(params![blob, id])?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn read_rows(conn: &Connection, layer: Layer, filter: &str, id: Option<FeatureId>) -> Result<Vec<Feature>> {
    let cols = columns(layer);
    let mut st = conn.prepare(&format!("{} {filter} ORDER BY fid", sql(layer).select))?;
    let mut rows = match id {
        Some(id) => st.query([id])?,
        None => st.query([])?,
    };
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let fid: i64 = row.get(0)?;
        let reader = RowReader { row, table: layer.table(), fid, columns: cols };
        out.push(from_row(layer, &reader)?);
    }
    Ok(out)
}

pub(super) fn load_layer(conn: &Connection, layer: Layer) -> Result<Vec<Feature>> {
    let mut features = read_rows(conn, layer, "", None)?;
    attach_children(conn, &mut features, None)?;
    Ok(features)
}

pub(super) fn load_one(conn: &Connection, layer: Layer, id: FeatureId) -> Result<Option<Feature>> {
    let mut features = read_rows(conn, layer, "WHERE fid = ?1", Some(id))?;
    attach_children(conn, &mut features, Some(id))?;
    Ok(features.pop())
}

fn attach_children(conn: &Connection, features: &mut [Feature], only: Option<FeatureId>) -> Result<()> {
    let Some(first) = features.first() else { return Ok(()) };
    let layer = first.layer();
    let clause = |col: &str| only.map_or(String::new(), |id| format!("WHERE {col} = {id}"));
    match layer {
        Layer::Stations => {
            let mut by: HashMap<i64, Vec<Vehicle>> = HashMap::new();
            let mut st = conn.prepare(&format!(
                "SELECT station_fid, kind, count FROM station_vehicles {} ORDER BY station_fid, rowid",
                clause("station_fid")
            ))?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let count: i64 = r.get(2)?;
                by.entry(r.get(0)?)
                    .or_default()
                    .push(Vehicle { kind: r.get(1)?, count: u32::try_from(count).unwrap_or(0) });
            }
            for f in features {
                if let Feature::Stations(s) = f {
                    s.vehicles = by.remove(&s.id).unwrap_or_default();
                }
            }
        }
        Layer::Depots => {
            let mut by: HashMap<i64, Vec<StockLine>> = HashMap::new();
            let mut st = conn.prepare(&format!(
                "SELECT depot_fid, category, item, unit, quantity, min_level FROM depot_stock {} ORDER BY depot_fid, id",
                clause("depot_fid")
            ))?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                by.entry(r.get(0)?).or_default().push(StockLine {
                    category: r.get(1)?,
                    item: r.get(2)?,
                    unit: r.get(3)?,
                    quantity: r.get(4)?,
                    min_level: r.get(5)?,
                });
            }
            for f in features {
                if let Feature::Depots(d) = f {
                    d.stock = by.remove(&d.id).unwrap_or_default();
                }
            }
        }
        Layer::Enterprises => {
            let mut by: HashMap<i64, MultiPolygon<f64>> = HashMap::new();
            let mut st = conn
                .prepare(&format!("SELECT enterprise_fid, geom FROM enterprise_sites {}", clause("enterprise_fid")))?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let fid: i64 = r.get(0)?;
                let blob: Option<Vec<u8>> = r.get(1)?;
                let bad = |message: String| StoreError::BadValue {
                    table: "enterprise_sites".into(),
                    fid,
                    field: "geom".into(),
                    message,
                };
                let g = match blob {
                    Some(b) => gpkg::decode(&b).map_err(|e| bad(e.to_string()))?,
                    None => None,
                };
                match g {
                    Some(Geometry::MultiPolygon(mp)) => {
                        by.insert(fid, mp);
                    }
                    Some(Geometry::Polygon(p)) => {
                        by.insert(fid, MultiPolygon(vec![p]));
                    }
                    None => {}
                    Some(_) => return Err(bad("expected a polygon".into())),
                }
            }
            for f in features {
                if let Feature::Enterprises(e) = f {
                    e.site = by.remove(&e.id);
                }
            }
        }
        _ => {}
    }
    Ok(())
}

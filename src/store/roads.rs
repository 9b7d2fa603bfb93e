//! The road network in the project: `roads`, a GeoPackage LINESTRING layer (one row per road
//! segment between junctions, so QGIS shows and edits it), and `onemap_road_graph`, the routing
//! graph as one compact blob with a format number and a fingerprint of the `roads` rows it was
//! made from, so a project opens without rebuilding the graph unless the layer was edited.

use geo_types::{Geometry, LineString};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Project, Result, StoreError, Writer, gpkg};
use crate::model::LonLat;

/// One row of the `roads` layer.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadRow {
    /// OSM way id, or the Shapefile record number.
    pub way_id: i64,
    /// OSM `highway` value.
    pub class: String,
    pub name: Option<String>,
    /// Drivable only in the direction the line is drawn.
    pub oneway: bool,
    /// Appliance speed under the profile at import, km/h.
    pub speed_kmh: f64,
    pub maxspeed_kmh: Option<f64>,
    pub length_m: f64,
    pub from_node: Option<i64>,
    pub to_node: Option<i64>,
    pub coords: Vec<LonLat>,
}

/// The cached routing graph.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredGraph {
    pub format: i64,
    /// Fingerprint of the `roads` rows when the graph was stored.
    pub fingerprint: String,
    /// What the import read from (file, format, box), JSON.
    pub source: String,
    /// The build summary, JSON.
    pub summary: String,
    pub graph: Vec<u8>,
}

impl StoredGraph {
    /// A graph to store (the fingerprint is taken when it is written).
    pub fn new(format: i64, source: String, summary: String, graph: Vec<u8>) -> Self {
        Self { format, fingerprint: String::new(), source, summary, graph }
    }
}

/// Schema step `0002_roads`.
pub(super) fn create_tables(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE roads (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom LINESTRING,
           way_id INTEGER NOT NULL DEFAULT 0,
           class TEXT NOT NULL DEFAULT 'road',
           name TEXT,
           oneway BOOLEAN NOT NULL DEFAULT 0,
           speed_kmh REAL,
           maxspeed_kmh REAL,
           length_m REAL,
           from_node INTEGER,
           to_node INTEGER
         );
         CREATE TABLE onemap_road_graph (
           id INTEGER PRIMARY KEY CHECK (id = 1),
           format INTEGER NOT NULL,
           fingerprint TEXT NOT NULL,
           source TEXT NOT NULL,
           summary TEXT NOT NULL,
           graph BLOB NOT NULL
         );",
    )?;
    gpkg::register_feature_table(conn, "roads", "LINESTRING", "道路 Roads", "road network for travel times")
}

fn fingerprint(conn: &Connection) -> Result<String> {
    let (n, max, len): (i64, Option<i64>, f64) =
        conn.query_row("SELECT count(*), max(fid), total(length_m) FROM roads", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    Ok(format!("{n}:{}:{len:.3}", max.unwrap_or(0)))
}

impl Writer<'_> {
    /// Replaces the whole road layer and the cached graph.
    /// `each` is told the rows written so far and may stop the import by returning an error.
    pub fn replace_roads<E: From<StoreError>>(
        &mut self,
        rows: impl IntoIterator<Item = RoadRow>,
        graph: &StoredGraph,
        mut each: impl FnMut(u64) -> Result<(), E>,
    ) -> Result<u64, E> {
        self.tx.execute("DELETE FROM roads", []).map_err(StoreError::from)?;
        self.tx.execute("DELETE FROM onemap_road_graph", []).map_err(StoreError::from)?;
        self.touched.insert("roads");
        let mut st = self
            .tx
            .prepare_cached(
                "INSERT INTO roads (geom, way_id, class, name, oneway, speed_kmh, maxspeed_kmh, length_m, from_node, to_node)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .map_err(StoreError::from)?;
        let mut n = 0u64;
        for r in rows {
            let line = LineString::from(r.coords.iter().map(|p| (p.lon, p.lat)).collect::<Vec<_>>());
            let blob = gpkg::encode(&Geometry::LineString(line), gpkg::SRS_WGS84);
            st.execute(params![
                blob,
                r.way_id,
                r.class,
                r.name,
                r.oneway,
                r.speed_kmh,
                r.maxspeed_kmh,
                r.length_m,
                r.from_node,
                r.to_node
            ])
            .map_err(StoreError::from)?;
            n += 1;
            each(n)?;
        }
        drop(st);
        let fp = fingerprint(&self.tx)?;
        self.tx
            .execute(
                "INSERT INTO onemap_road_graph (id, format, fingerprint, source, summary, graph)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)",
                params![graph.format, fp, graph.source, graph.summary, graph.graph],
            )
            .map_err(StoreError::from)?;
        Ok(n)
    }

    /// Sets `speed_kmh` of every road row from its class and `maxspeed`.
    pub fn update_road_speeds(&mut self, speed: impl Fn(&str, Option<f64>) -> f64) -> Result<()> {
        let pairs: Vec<(String, Option<f64>)> = {
            let mut st = self.tx.prepare("SELECT DISTINCT class, maxspeed_kmh FROM roads")?;
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?
        };
        let mut st = self.tx.prepare("UPDATE roads SET speed_kmh = ?1 WHERE class = ?2 AND maxspeed_kmh IS ?3")?;
        for (class, max) in pairs {
            st.execute(params![speed(&class, max), class, max])?;
        }
        drop(st);
        // The rows' lengths and fids are unchanged, so the stored fingerprint still holds.
        Ok(())
    }
}

impl Project {
    /// Number of rows in the `roads` layer.
    pub fn road_count(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM roads", [], |r| r.get(0))?;
        Ok(n.max(0) as usize)
    }

    /// The cached routing graph, when one is stored and the `roads` rows still match it.
    pub fn road_graph(&self) -> Result<Option<StoredGraph>> {
        let stored = self
            .conn
            .query_row(
                "SELECT format, fingerprint, source, summary, graph FROM onemap_road_graph WHERE id = 1",
                [],
                |r| {
                    Ok(StoredGraph {
                        format: r.get(0)?,
                        fingerprint: r.get(1)?,
                        source: r.get(2)?,
                        summary: r.get(3)?,
                        graph: r.get(4)?,
                    })
                },
            )
            .optional()?;
        let Some(g) = stored else { return Ok(None) };
        Ok((g.fingerprint == fingerprint(&self.conn)?).then_some(g))
    }

    /// Every row of the `roads` layer, in fid order (rows without a usable line are skipped).
    pub fn road_rows(&self, mut each: impl FnMut(i64, RoadRow)) -> Result<()> {
        let mut st = self.conn.prepare(
            "SELECT fid, geom, way_id, class, name, oneway, speed_kmh, maxspeed_kmh, length_m, from_node, to_node
             FROM roads ORDER BY fid",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let fid: i64 = r.get(0)?;
            let blob: Option<Vec<u8>> = r.get(1)?;
            let geometry = blob.as_deref().map(gpkg::decode).transpose().map_err(|e| StoreError::BadValue {
                table: "roads".into(),
                fid,
                field: "geom".into(),
                message: e.to_string(),
            })?;
            let coords: Vec<LonLat> = match geometry.flatten() {
                Some(Geometry::LineString(l)) => l.0.iter().map(|c| LonLat::new(c.x, c.y)).collect(),
                Some(Geometry::MultiLineString(m)) if m.0.len() == 1 => {
                    m.0.iter().flat_map(|l| l.0.iter()).map(|c| LonLat::new(c.x, c.y)).collect()
                }
                _ => continue,
            };
            each(
                fid,
                RoadRow {
                    way_id: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                    class: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    name: r.get(4)?,
                    oneway: r.get::<_, Option<bool>>(5)?.unwrap_or(false),
                    speed_kmh: r.get::<_, Option<f64>>(6)?.unwrap_or(0.0),
                    maxspeed_kmh: r.get(7)?,
                    length_m: r.get::<_, Option<f64>>(8)?.unwrap_or(0.0),
                    from_node: r.get(9)?,
                    to_node: r.get(10)?,
                    coords,
                },
            );
        }
        Ok(())
    }
}

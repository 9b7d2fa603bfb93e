//! GeoPackage 1.3 plumbing: the geometry blob format, the core tables, feature-table
//! registration with the R-tree spatial index extension, and the SQL functions its triggers call.
//!
//! Spec: OGC 12-128r18 (GeoPackage 1.3). GDAL/QGIS read what this writes; `tests/store.rs`
//! checks it with `ogrinfo` when GDAL is installed.

use geo_types::Geometry;
use rusqlite::Connection;
use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::ValueRef;
use thiserror::Error;

use super::wkb::{self, WkbError};

/// `application_id` of a GeoPackage ("GPKG").
pub const APPLICATION_ID: i32 = 0x4750_4B47;
/// `user_version` of GeoPackage 1.3.
pub const USER_VERSION: i32 = 10300;
/// WGS84 geographic 2-D, the SRS of every OneMap layer.
pub const SRS_WGS84: i32 = 4326;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum BlobError {
    #[error("not a GeoPackage geometry (no 'GP' magic)")]
    Magic,
    #[error("GeoPackage geometry header is truncated")]
    Header,
    #[error("GeoPackage geometry uses the extended format, which OneMap does not read")]
    Extended,
    #[error("bad WKB in GeoPackage geometry: {0}")]
    Wkb(#[from] WkbError),
}

/// Axis-aligned bounds (min x, max x, min y, max y) in the blob's SRS.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Envelope {
    pub min_x: f64,
    pub max_x: f64,
    pub min_y: f64,
    pub max_y: f64,
}

impl Envelope {
    pub fn of(g: &Geometry<f64>) -> Option<Envelope> {
        use geo::BoundingRect;
        let r = g.bounding_rect()?;
        Some(Envelope { min_x: r.min().x, max_x: r.max().x, min_y: r.min().y, max_y: r.max().y })
    }
}

/// Encodes a geometry as a GeoPackage blob (little endian, envelope for non-points, `srs_id`).
pub fn encode(g: &Geometry<f64>, srs_id: i32) -> Vec<u8> {
    let is_point = matches!(g, Geometry::Point(_));
    let env = if is_point { None } else { Envelope::of(g) };
    let empty = env.is_none() && !is_point;
    let mut flags = 0x01u8; // little-endian header values
    if env.is_some() {
        flags |= 1 << 1; // envelope [minx, maxx, miny, maxy]
    }
    if empty {
        flags |= 1 << 4;
    }
    let mut out = Vec::with_capacity(if is_point { 29 } else { 128 });
    out.extend_from_slice(b"GP");
    out.push(0); // version 1 of the binary format
    out.push(flags);
    out.extend_from_slice(&srs_id.to_le_bytes());
    if let Some(e) = env {
        for v in [e.min_x, e.max_x, e.min_y, e.max_y] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    wkb::write(g, &mut out);
    out
}

/// A parsed blob header: where the WKB starts, the stored envelope, emptiness, SRS.
struct Header {
    wkb_start: usize,
    envelope: Option<Envelope>,
    empty: bool,
    srs_id: i32,
}

fn header(blob: &[u8]) -> Result<Header, BlobError> {
    if blob.len() < 8 {
        return Err(if blob.starts_with(b"GP") || blob.len() < 2 { BlobError::Header } else { BlobError::Magic });
    }
    if &blob[0..2] != b"GP" {
        return Err(BlobError::Magic);
    }
    let flags = blob[3];
    if flags & (1 << 5) != 0 {
        return Err(BlobError::Extended);
    }
    let le = flags & 1 == 1;
    let srs_bytes = [blob[4], blob[5], blob[6], blob[7]];
    let srs_id = if le { i32::from_le_bytes(srs_bytes) } else { i32::from_be_bytes(srs_bytes) };
    let env_doubles = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 4,
        2 | 3 => 6,
        4 => 8,
        _ => return Err(BlobError::Header),
    };
    let wkb_start = 8 + env_doubles * 8;
    if blob.len() < wkb_start {
        return Err(BlobError::Header);
    }
    let envelope = (env_doubles > 0).then(|| {
        let d = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&blob[8 + i * 8..16 + i * 8]);
            if le { f64::from_le_bytes(b) } else { f64::from_be_bytes(b) }
        };
        Envelope { min_x: d(0), max_x: d(1), min_y: d(2), max_y: d(3) }
    });
    Ok(Header { wkb_start, envelope, empty: flags & (1 << 4) != 0, srs_id })
}

/// Decodes a GeoPackage blob. Returns `None` for an empty geometry.
pub fn decode(blob: &[u8]) -> Result<Option<Geometry<f64>>, BlobError> {
    let h = header(blob)?;
    if h.empty {
        return Ok(None);
    }
    let (g, _) = wkb::read(&blob[h.wkb_start..])?;
    if let Geometry::Point(p) = &g
        && p.x().is_nan()
        && p.y().is_nan()
    {
        return Ok(None);
    }
    Ok(Some(g))
}

/// The SRS id a blob declares.
pub fn srs_of(blob: &[u8]) -> Result<i32, BlobError> {
    Ok(header(blob)?.srs_id)
}

/// The envelope of a blob: from its header when stored, else computed from the WKB.
pub fn envelope(blob: &[u8]) -> Result<Option<Envelope>, BlobError> {
    let h = header(blob)?;
    if h.empty {
        return Ok(None);
    }
    if let Some(e) = h.envelope {
        return Ok(Some(e));
    }
    let (g, _) = wkb::read(&blob[h.wkb_start..])?;
    Ok(Envelope::of(&g).filter(|e| !e.min_x.is_nan()))
}

/// Registers the functions the R-tree extension's triggers call: `ST_IsEmpty`, `ST_MinX`,
/// `ST_MaxX`, `ST_MinY`, `ST_MaxY` (GeoPackage 1.3 §F.3). Any connection that writes to a
/// feature table needs them, as GDAL registers its own.
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    fn blob_arg<'a>(ctx: &'a Context<'_>) -> Option<&'a [u8]> {
        match ctx.get_raw(0) {
            ValueRef::Blob(b) => Some(b),
            _ => None,
        }
    }
    conn.create_scalar_function("ST_IsEmpty", 1, flags, |ctx| {
        Ok(match blob_arg(ctx) {
            Some(b) => envelope(b).map(|e| e.is_none()).unwrap_or(true),
            None => true,
        })
    })?;
    type Pick = fn(&Envelope) -> f64;
    let picks: [(&str, Pick); 4] =
        [("ST_MinX", |e| e.min_x), ("ST_MaxX", |e| e.max_x), ("ST_MinY", |e| e.min_y), ("ST_MaxY", |e| e.max_y)];
    for (name, pick) in picks {
        conn.create_scalar_function(name, 1, flags, move |ctx| {
            Ok(blob_arg(ctx).and_then(|b| envelope(b).ok().flatten()).map(|e| pick(&e)))
        })?;
    }
    Ok(())
}

/// Creates the mandatory GeoPackage tables and the SRS rows (idempotent).
pub fn create_core_tables(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID};
         PRAGMA user_version = {USER_VERSION};
         CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
           srs_name TEXT NOT NULL,
           srs_id INTEGER PRIMARY KEY,
           organization TEXT NOT NULL,
           organization_coordsys_id INTEGER NOT NULL,
           definition TEXT NOT NULL,
           description TEXT
         );
         INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
           ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
           ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
           ('WGS 84 geodetic', 4326, 'EPSG', 4326,
            'GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]',
            'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
         CREATE TABLE IF NOT EXISTS gpkg_contents (
           table_name TEXT NOT NULL PRIMARY KEY,
           data_type TEXT NOT NULL,
           identifier TEXT UNIQUE,
           description TEXT DEFAULT '',
           last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
           min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
           srs_id INTEGER,
           CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
         );
         CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
           table_name TEXT NOT NULL,
           column_name TEXT NOT NULL,
           geometry_type_name TEXT NOT NULL,
           srs_id INTEGER NOT NULL,
           z TINYINT NOT NULL,
           m TINYINT NOT NULL,
           CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
           CONSTRAINT uk_gc_table_name UNIQUE (table_name),
           CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
           CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
         );
         CREATE TABLE IF NOT EXISTS gpkg_extensions (
           table_name TEXT,
           column_name TEXT,
           extension_name TEXT NOT NULL,
           definition TEXT NOT NULL,
           scope TEXT NOT NULL,
           CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
         );"
    ))
}

/// Registers an existing feature table (`fid` primary key, geometry column `geom`) as a layer
/// with an R-tree index and its maintenance triggers.
pub fn register_feature_table(
    conn: &Connection,
    table: &str,
    geometry_type: &str,
    identifier: &str,
    description: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
         VALUES (?1, 'features', ?2, ?3, ?4)",
        rusqlite::params![table, identifier, description, SRS_WGS84],
    )?;
    conn.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, ?3, 0, 0)",
        rusqlite::params![table, geometry_type, SRS_WGS84],
    )?;
    conn.execute(
        "INSERT INTO gpkg_extensions VALUES (?1, 'geom', 'gpkg_rtree_index',
         'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
        [table],
    )?;
    let t = table;
    let r = format!("rtree_{t}_geom");
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE \"{r}\" USING rtree(id, minx, maxx, miny, maxy);
         CREATE TRIGGER \"{r}_insert\" AFTER INSERT ON \"{t}\"
           WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
         BEGIN
           INSERT OR REPLACE INTO \"{r}\" VALUES (NEW.fid,
             ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
         END;
         CREATE TRIGGER \"{r}_update1\" AFTER UPDATE OF geom ON \"{t}\"
           WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
         BEGIN
           INSERT OR REPLACE INTO \"{r}\" VALUES (NEW.fid,
             ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
         END;
         CREATE TRIGGER \"{r}_update2\" AFTER UPDATE OF geom ON \"{t}\"
           WHEN OLD.fid = NEW.fid AND (NEW.geom IS NULL OR ST_IsEmpty(NEW.geom))
         BEGIN
           DELETE FROM \"{r}\" WHERE id = OLD.fid;
         END;
         CREATE TRIGGER \"{r}_update3\" AFTER UPDATE ON \"{t}\"
           WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
         BEGIN
           DELETE FROM \"{r}\" WHERE id = OLD.fid;
           INSERT OR REPLACE INTO \"{r}\" VALUES (NEW.fid,
             ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
         END;
         CREATE TRIGGER \"{r}_update4\" AFTER UPDATE ON \"{t}\"
           WHEN OLD.fid != NEW.fid AND (NEW.geom IS NULL OR ST_IsEmpty(NEW.geom))
         BEGIN
           DELETE FROM \"{r}\" WHERE id IN (OLD.fid, NEW.fid);
         END;
         CREATE TRIGGER \"{r}_delete\" AFTER DELETE ON \"{t}\"
           WHEN old.geom NOT NULL
         BEGIN
           DELETE FROM \"{r}\" WHERE id = OLD.fid;
         END;"
    ))
}

/// Recomputes a layer's extent in `gpkg_contents` from its R-tree and stamps `last_change`.
pub fn refresh_extent(conn: &Connection, table: &str) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "UPDATE gpkg_contents SET
               min_x = (SELECT min(minx) FROM \"rtree_{table}_geom\"),
               max_x = (SELECT max(maxx) FROM \"rtree_{table}_geom\"),
               min_y = (SELECT min(miny) FROM \"rtree_{table}_geom\"),
               max_y = (SELECT max(maxy) FROM \"rtree_{table}_geom\"),
               last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now')
             WHERE table_name = ?1"
        ),
        [table],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{MultiPolygon, point, polygon};

    #[test]
    fn point_blob_has_no_envelope_and_round_trips() {
        let g = Geometry::Point(point!(x: 114.3, y: 36.1));
        let b = encode(&g, SRS_WGS84);
        assert_eq!(&b[..4], &[b'G', b'P', 0, 1]);
        assert_eq!(b.len(), 8 + 21);
        assert_eq!(decode(&b).unwrap(), Some(g));
        assert_eq!(srs_of(&b).unwrap(), 4326);
        let e = envelope(&b).unwrap().unwrap();
        assert_eq!((e.min_x, e.max_y), (114.3, 36.1));
    }

    #[test]
    fn polygon_blob_stores_its_envelope() {
        let mp = MultiPolygon(vec![polygon![(x: 1., y: 2.), (x: 5., y: 2.), (x: 5., y: 7.), (x: 1., y: 2.)]]);
        let b = encode(&Geometry::MultiPolygon(mp), SRS_WGS84);
        assert_eq!(b[3] >> 1 & 0b111, 1);
        let e = envelope(&b).unwrap().unwrap();
        assert_eq!((e.min_x, e.max_x, e.min_y, e.max_y), (1., 5., 2., 7.));
    }

    #[test]
    fn garbage_is_an_error() {
        assert_eq!(decode(b"XX\0\x01\0\0\0\0"), Err(BlobError::Magic));
        assert_eq!(decode(b"GP"), Err(BlobError::Header));
        assert!(decode(b"GP\0\x03\0\0\0\0").is_err());
    }
}

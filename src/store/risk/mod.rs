//! The enterprise risk tables: zones and registered points (GeoPackage layers), explicit level
//! overrides, floor plans with their images and georeference, and filings (报备).
//!
//! Zones and points are parts of an enterprise (deleted with it); filings are records and stay
//! when an enterprise is deleted (they name it), so an undone delete finds them again.

mod filings;
mod plans;
mod zones;

use rusqlite::Connection;

use super::gpkg;

pub use plans::{MAX_PLAN_BYTES, MAX_PLAN_SIDE};
pub(super) use zones::check_level_edit;

/// Schema step `risk_v1`.
pub(super) fn schema_v1(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE risk_zones (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom MULTIPOLYGON,
           enterprise_fid INTEGER NOT NULL REFERENCES enterprises(fid) ON DELETE CASCADE,
           name TEXT NOT NULL,
           kind TEXT NOT NULL DEFAULT '',
           risk_level TEXT NOT NULL,
           lec_l REAL,
           lec_e REAL,
           lec_c REAL,
           lec_d REAL,
           hazard TEXT NOT NULL DEFAULT '',
           measures TEXT NOT NULL DEFAULT '',
           responsible TEXT NOT NULL DEFAULT '',
           phone TEXT NOT NULL DEFAULT '',
           illustrative BOOLEAN NOT NULL DEFAULT 0,
           note TEXT NOT NULL DEFAULT '',
           UNIQUE (enterprise_fid, name)
         );
         CREATE TABLE risk_points (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom POINT,
           enterprise_fid INTEGER NOT NULL REFERENCES enterprises(fid) ON DELETE CASCADE,
           kind TEXT NOT NULL,
           name TEXT NOT NULL,
           grade INTEGER CHECK (grade BETWEEN 1 AND 4),
           detail TEXT NOT NULL DEFAULT '',
           responsible TEXT NOT NULL DEFAULT '',
           phone TEXT NOT NULL DEFAULT '',
           illustrative BOOLEAN NOT NULL DEFAULT 0,
           note TEXT NOT NULL DEFAULT '',
           UNIQUE (enterprise_fid, kind, name)
         );
         CREATE INDEX risk_points_enterprise ON risk_points(enterprise_fid);
         CREATE TABLE risk_level_overrides (
           enterprise_fid INTEGER PRIMARY KEY REFERENCES enterprises(fid) ON DELETE CASCADE,
           reason TEXT NOT NULL,
           set_by TEXT NOT NULL,
           set_at TEXT NOT NULL
         );
         CREATE TABLE risk_floor_plans (
           id INTEGER PRIMARY KEY AUTOINCREMENT,
           enterprise_fid INTEGER NOT NULL REFERENCES enterprises(fid) ON DELETE CASCADE,
           name TEXT NOT NULL,
           media_type TEXT NOT NULL,
           width INTEGER NOT NULL,
           height INTEGER NOT NULL,
           image BLOB NOT NULL,
           control_points TEXT NOT NULL DEFAULT '[]',
           georef TEXT,
           note TEXT NOT NULL DEFAULT '',
           added_at TEXT NOT NULL
         );
         CREATE INDEX risk_floor_plans_enterprise ON risk_floor_plans(enterprise_fid);
         CREATE TABLE risk_filings (
           id INTEGER PRIMARY KEY AUTOINCREMENT,
           enterprise_fid INTEGER NOT NULL,
           enterprise_name TEXT NOT NULL,
           filed_on TEXT NOT NULL,
           filer TEXT NOT NULL,
           note TEXT NOT NULL DEFAULT '',
           overall_level TEXT NOT NULL,
           content TEXT NOT NULL,
           recorded_at TEXT NOT NULL,
           recorded_by TEXT NOT NULL
         );
         CREATE INDEX risk_filings_enterprise ON risk_filings(enterprise_fid, filed_on);",
    )?;
    gpkg::register_feature_table(
        conn,
        "risk_zones",
        "MULTIPOLYGON",
        "风险区域 Risk zones",
        "four-color risk zones of enterprise sites (风险四色图)",
    )?;
    gpkg::register_feature_table(
        conn,
        "risk_points",
        "POINT",
        "重大危险源与有限空间 Major hazards and confined spaces",
        "registered major hazard installations (重大危险源) and confined spaces (有限空间)",
    )
}

//! The project schema as an ordered list of named migrations.
//!
//! Steps are keyed by name, not number, so features developed side by side each append their
//! own step without renumbering; the applied steps are recorded in `onemap_migrations`. A file
//! that lists a step this build does not know was written by a newer OneMap and is refused
//! rather than half-understood. The schema version reported by `onemap check` is the number of
//! applied steps.

use rusqlite::Connection;

use super::gpkg;

/// One schema step: its name and what it does. Steps run in order, each in the opening
/// transaction, and are never edited once released: change the schema by appending a step.
pub struct Migration {
    pub name: &'static str,
    pub apply: fn(&Connection) -> rusqlite::Result<()>,
}

/// Every step, oldest first.
pub const MIGRATIONS: &[Migration] = &[
    Migration { name: "0001_core", apply: core },
    Migration { name: "hazards_v1", apply: super::hazards::migrate_v1 },
    Migration { name: "drills_v1", apply: super::drills::migrate_v1 },
    Migration { name: "prepositions_v1", apply: super::prepositions::migrate_v1 },
    Migration { name: "warnings_v1", apply: super::warnings::migrate_v1 },
    Migration { name: "incidents_v1", apply: super::incidents::create_tables },
    Migration { name: "0002_roads", apply: super::roads::create_tables },
    Migration { name: "risk_v1", apply: super::risk::schema_v1 },
    Migration { name: "siting_v1", apply: super::siting::migrate_v1 },
];

/// The schema version this build writes.
pub fn current_version() -> usize {
    MIGRATIONS.len()
}

/// The bookkeeping table, created before anything else.
pub fn create_migrations_table(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS onemap_migrations (
           seq INTEGER PRIMARY KEY,
           name TEXT NOT NULL UNIQUE,
           applied_at TEXT NOT NULL
         );",
    )
}

/// Names of the steps already applied to a file, in order.
pub fn applied(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare("SELECT name FROM onemap_migrations ORDER BY seq")?;
    st.query_map([], |r| r.get(0))?.collect()
}

/// The core layers and OneMap's own tables.
fn core(conn: &Connection) -> rusqlite::Result<()> {
    gpkg::create_core_tables(conn)?;
    conn.execute_batch(
        "CREATE TABLE stations (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom POINT,
           code TEXT UNIQUE,
           name TEXT NOT NULL,
           class TEXT NOT NULL,
           status TEXT NOT NULL,
           district TEXT,
           address TEXT NOT NULL DEFAULT '',
           phone TEXT NOT NULL DEFAULT '',
           personnel INTEGER NOT NULL DEFAULT 0,
           turnout_s INTEGER,
           illustrative BOOLEAN NOT NULL DEFAULT 0,
           note TEXT NOT NULL DEFAULT ''
         );
         CREATE TABLE station_vehicles (
           station_fid INTEGER NOT NULL REFERENCES stations(fid) ON DELETE CASCADE,
           kind TEXT NOT NULL,
           count INTEGER NOT NULL CHECK (count >= 0),
           PRIMARY KEY (station_fid, kind)
         );
         CREATE TABLE teams (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom POINT,
           code TEXT UNIQUE,
           name TEXT NOT NULL,
           kind TEXT NOT NULL,
           capabilities TEXT NOT NULL DEFAULT '',
           headcount INTEGER NOT NULL DEFAULT 0,
           equipment TEXT NOT NULL DEFAULT '',
           supervisor TEXT NOT NULL DEFAULT '',
           contact TEXT NOT NULL DEFAULT '',
           phone TEXT NOT NULL DEFAULT '',
           district TEXT,
           address TEXT NOT NULL DEFAULT '',
           status TEXT NOT NULL,
           illustrative BOOLEAN NOT NULL DEFAULT 0,
           note TEXT NOT NULL DEFAULT ''
         );
         CREATE TABLE depots (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom POINT,
           code TEXT UNIQUE,
           name TEXT NOT NULL,
           level TEXT NOT NULL,
           operator TEXT NOT NULL DEFAULT '',
           district TEXT,
           address TEXT NOT NULL DEFAULT '',
           contact TEXT NOT NULL DEFAULT '',
           phone TEXT NOT NULL DEFAULT '',
           illustrative BOOLEAN NOT NULL DEFAULT 0,
           note TEXT NOT NULL DEFAULT ''
         );
         CREATE TABLE depot_stock (
           id INTEGER PRIMARY KEY,
           depot_fid INTEGER NOT NULL REFERENCES depots(fid) ON DELETE CASCADE,
           category TEXT NOT NULL DEFAULT '',
           item TEXT NOT NULL,
           unit TEXT NOT NULL DEFAULT '',
           quantity REAL NOT NULL,
           min_level REAL NOT NULL DEFAULT 0
         );
         CREATE INDEX depot_stock_depot ON depot_stock(depot_fid);
         CREATE INDEX depot_stock_item ON depot_stock(item);
         CREATE TABLE enterprises (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom POINT,
           code TEXT UNIQUE,
           name TEXT NOT NULL,
           credit_code TEXT NOT NULL DEFAULT '',
           industry TEXT NOT NULL DEFAULT '',
           risk_level TEXT NOT NULL,
           district TEXT,
           township TEXT,
           address TEXT NOT NULL DEFAULT '',
           contact TEXT NOT NULL DEFAULT '',
           phone TEXT NOT NULL DEFAULT '',
           in_park BOOLEAN NOT NULL DEFAULT 0,
           illustrative BOOLEAN NOT NULL DEFAULT 0,
           note TEXT NOT NULL DEFAULT ''
         );
         CREATE TABLE enterprise_sites (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom MULTIPOLYGON,
           enterprise_fid INTEGER NOT NULL UNIQUE REFERENCES enterprises(fid) ON DELETE CASCADE
         );
         CREATE TABLE areas (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom MULTIPOLYGON,
           code TEXT NOT NULL UNIQUE,
           name TEXT NOT NULL,
           level TEXT NOT NULL,
           parent_code TEXT,
           population INTEGER,
           illustrative BOOLEAN NOT NULL DEFAULT 0
         );
         CREATE TABLE onemap_audit (
           id INTEGER PRIMARY KEY AUTOINCREMENT,
           ts TEXT NOT NULL,
           operator TEXT NOT NULL,
           action TEXT NOT NULL,
           table_name TEXT NOT NULL,
           feature_id INTEGER,
           before TEXT,
           after TEXT
         );
         CREATE INDEX onemap_audit_feature ON onemap_audit(table_name, feature_id);
         CREATE TABLE onemap_settings (
           key TEXT PRIMARY KEY,
           value TEXT NOT NULL
         );",
    )?;
    for (table, ty, ident, desc) in [
        ("stations", "POINT", "消防站 Fire stations", "fire stations and full-time fire teams"),
        ("teams", "POINT", "救援队伍 Rescue teams", "rescue teams"),
        ("depots", "POINT", "物资储备库 Supply depots", "emergency supply depots"),
        ("enterprises", "POINT", "企业 Enterprises", "enterprises with four-color risk level"),
        ("enterprise_sites", "MULTIPOLYGON", "企业厂区 Enterprise sites", "enterprise site outlines"),
        ("areas", "MULTIPOLYGON", "行政区划 Administrative areas", "city, districts/counties, townships"),
    ] {
        gpkg::register_feature_table(conn, table, ty, ident, desc)?;
    }
    Ok(())
}

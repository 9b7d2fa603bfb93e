//! The project file: a GeoPackage 1.3 that QGIS and GDAL open, holding OneMap's layers and,
//! beside them, its own tables (vehicles, stock lines, audit log, settings).
//!
//! Every write goes through [`Project::write`]: one SQLite transaction with its audit rows, so
//! a failed import or a killed process leaves the file as it was.

mod audit;
mod check;
pub mod drills;
pub mod gpkg;
pub mod hazards;
mod incidents;
pub mod layer_list;
pub mod prepositions;
mod record_tables;
mod risk;
mod roads;
mod rows;
pub mod schema;
mod settings;
pub mod siting;
mod tables;
pub mod user_layers;
pub mod warnings;
pub mod wkb;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction};
use thiserror::Error;

use crate::model::{Feature, FeatureId, Labelled, Layer};

pub use audit::{AuditEntry, AuditQuery};
pub use check::{CheckReport, Finding};
pub use incidents::{DispatchedUnit, IncidentLog, LoggedIncident, MaterialLine};
pub use risk::{MAX_PLAN_BYTES, MAX_PLAN_SIDE};
pub use roads::{RoadRow, StoredGraph};
pub use rows::geometry_name;
pub use settings::SettingKey;
pub use tables::columns as attribute_columns;
pub(crate) use tables::split_tags;

/// Why a project could not be opened, read or written.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{path}: not a OneMap project ({reason})")]
    NotAProject { path: PathBuf, reason: String },
    #[error(
        "{path} was written by a newer OneMap: it has schema step(s) {unknown} that this version \
         does not know. Update OneMap to open it."
    )]
    NewerSchema { path: PathBuf, unknown: String },
    #[error("{0} already exists; choose another file name or delete it first")]
    Exists(PathBuf),
    #[error("{0} does not exist")]
    Missing(PathBuf),
    #[error("{table} feature {fid}, field \"{field}\": {message}")]
    BadValue { table: String, fid: i64, field: String, message: String },
    #[error("{layer} has no feature with id {id}")]
    NoSuchFeature { layer: &'static str, id: FeatureId },
    #[error("{layer}: code \"{code}\" is already used by feature {existing}")]
    DuplicateCode { layer: &'static str, code: String, existing: FeatureId },
    #[error("{layer} \"{name}\", field \"{field}\": {message}")]
    Invalid { layer: &'static str, name: String, field: &'static str, message: String },
    #[error("setting \"{key}\" holds a value OneMap cannot read: {message}")]
    BadSetting { key: String, message: String },
    #[error("project database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("layer name \"{name}\": {message}")]
    LayerName { name: String, message: String },
}

impl StoreError {
    /// True when the user (or the file they chose) is at fault, rather than OneMap.
    pub fn is_input(&self) -> bool {
        match self {
            // A damaged file is the file's problem, not OneMap's.
            StoreError::Sqlite(e) => matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
            ),
            _ => true,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open project file.
pub struct Project {
    conn: Connection,
    path: PathBuf,
    operator: String,
}

impl std::fmt::Debug for Project {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Project").field("path", &self.path).finish()
    }
}

/// The operator name used when none is configured: `$ONEMAP_OPERATOR`, else the OS user.
pub fn default_operator() -> String {
    std::env::var("ONEMAP_OPERATOR")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".to_string())
}

/// Page cache per connection, in KiB (SQLite's `cache_size` takes negative values as KiB). The
/// default 2 MiB makes a large import spill dirty pages to the WAL and read them back many
/// times; 64 MiB holds the hot R-tree and index pages of a million-feature import.
const CACHE_KIB: i64 = 64 * 1024;

fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    gpkg::register_functions(&conn)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    // Statement journals (kept for every INSERT that may abort on a constraint, i.e. every
    // row of an import) go to memory instead of a temp file: they hold only the pages one
    // statement touches, and writing them to disk took a third of a large import.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(conn)
}

/// WAL, foreign keys, and `synchronous = NORMAL`, which in WAL mode keeps the file consistent
/// through a crash or power loss (a commit may be lost, never half-applied; SQLite docs,
/// "PRAGMA synchronous") and saves an fsync per transaction.
fn set_write_pragmas(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

impl Project {
    /// Creates a new, empty project; refuses to overwrite an existing file.
    pub fn create(path: &Path) -> Result<Self> {
        if path.exists() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let mut conn = connect(path, flags)?;
        set_write_pragmas(&conn)?;
        let tx = conn.transaction()?;
        schema::create_migrations_table(&tx)?;
        run_migrations(&tx, &[])?;
        tx.commit()?;
        Ok(Self { conn, path: path.to_path_buf(), operator: default_operator() })
    }

    /// Opens an existing project, bringing an older schema up to date in one transaction.
    pub fn open(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let not_a_project = |reason: String| StoreError::NotAProject { path: path.to_path_buf(), reason };
        if path.is_dir() {
            return Err(not_a_project("it is a folder".into()));
        }
        let mut conn = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(|e| match e {
            StoreError::Sqlite(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
                not_a_project(format!("not a SQLite database: {e}"))
            }
            e => e,
        })?;
        let app_id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|e| not_a_project(format!("not a SQLite database: {e}")))?;
        if app_id != gpkg::APPLICATION_ID {
            return Err(not_a_project(format!("SQLite application_id is {app_id:#x}, a GeoPackage has 0x47504b47")));
        }
        let has_migrations: bool = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'onemap_migrations'",
            [],
            |r| r.get(0),
        )?;
        if !has_migrations {
            return Err(not_a_project(
                "a GeoPackage, but not made by OneMap; import its layers with `onemap import` instead".into(),
            ));
        }
        let done = schema::applied(&conn)?;
        let known: BTreeSet<&str> = schema::MIGRATIONS.iter().map(|m| m.name).collect();
        let unknown: Vec<&str> = done.iter().map(String::as_str).filter(|n| !known.contains(n)).collect();
        if !unknown.is_empty() {
            return Err(StoreError::NewerSchema { path: path.to_path_buf(), unknown: unknown.join(", ") });
        }
        set_write_pragmas(&conn)?;
        if done.len() < schema::MIGRATIONS.len() {
            let tx = conn.transaction()?;
            run_migrations(&tx, &done)?;
            tx.commit()?;
        }
        Ok(Self { conn, path: path.to_path_buf(), operator: default_operator() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The name written into audit rows.
    pub fn operator(&self) -> &str {
        &self.operator
    }

    pub fn set_operator(&mut self, name: impl Into<String>) {
        self.operator = name.into();
    }

    /// Every feature of a layer, ordered by id.
    pub fn features(&self, layer: Layer) -> Result<Vec<Feature>> {
        tables::load_layer(&self.conn, layer)
    }

    /// One feature, or `None`.
    pub fn feature(&self, layer: Layer, id: FeatureId) -> Result<Option<Feature>> {
        tables::load_one(&self.conn, layer, id)
    }

    /// Number of features per layer.
    pub fn count(&self, layer: Layer) -> Result<usize> {
        let n: i64 = self.conn.query_row(&format!("SELECT count(*) FROM \"{}\"", layer.table()), [], |r| r.get(0))?;
        Ok(n.max(0) as usize)
    }

    /// The audit log, newest first.
    pub fn audit(&self, query: &AuditQuery) -> Result<Vec<AuditEntry>> {
        audit::query(&self.conn, query)
    }

    /// A typed setting, or its default when unset.
    pub fn setting<T: serde::de::DeserializeOwned + Default>(&self, key: SettingKey) -> Result<T> {
        settings::get(&self.conn, key)
    }

    /// The project's time zone (default Asia/Shanghai), for "today" and typed times.
    pub fn zone(&self) -> Result<crate::model::Zone> {
        let s: crate::model::zone::ZoneSetting = self.setting(SettingKey::TimeZone)?;
        s.zone()
            .map_err(|e| StoreError::BadSetting { key: SettingKey::TimeZone.as_str().into(), message: e.to_string() })
    }

    /// The drill-mode state.
    pub fn drill_mode(&self) -> Result<crate::model::drill_mode::DrillModeSetting> {
        self.setting(SettingKey::DrillMode)
    }

    /// The mark every exporter must be given: 【演练】 on every title while in drill mode.
    pub fn export_mark(&self) -> Result<crate::model::drill_mode::ExportMark> {
        Ok(crate::model::drill_mode::ExportMark::from_setting(&self.drill_mode()?))
    }

    /// Writes a consistent, compacted copy of the whole project to a new file.
    pub fn vacuum_into(&self, path: &Path) -> Result<()> {
        self.conn.execute("VACUUM INTO ?1", [path.to_string_lossy()])?;
        Ok(())
    }

    /// Integrity, GeoPackage conformance and schema version.
    pub fn check(&self) -> Result<CheckReport> {
        check::run(&self.conn)
    }

    /// Runs `f` in one transaction; commits when it returns `Ok`, rolls back otherwise.
    pub fn write<R, E>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<R, E>) -> Result<R, E>
    where
        E: From<StoreError>,
    {
        let tx = self.conn.transaction().map_err(StoreError::from)?;
        let mut w = Writer { tx, operator: &self.operator, touched: BTreeSet::new() };
        let out = f(&mut w)?;
        w.finish()?;
        Ok(out)
    }
}

fn run_migrations(conn: &Connection, done: &[String]) -> Result<()> {
    for m in schema::MIGRATIONS.iter().filter(|m| !done.iter().any(|d| d == m.name)) {
        (m.apply)(conn)?;
        conn.execute(
            "INSERT INTO onemap_migrations (name, applied_at) VALUES (?1, ?2)",
            rusqlite::params![m.name, audit::now()],
        )?;
    }
    Ok(())
}

/// The handle for one write transaction. Each method validates, writes and audits.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    operator: &'a str,
    touched: BTreeSet<&'static str>,
}

impl Writer<'_> {
    pub fn operator(&self) -> &str {
        self.operator
    }

    /// Inserts a feature and audits it. A feature with `id > 0` keeps that id (used to restore a
    /// deleted feature on undo); `id <= 0` gets a new one. Returns the id.
    pub fn insert(&mut self, feature: &Feature) -> Result<FeatureId> {
        let id = self.insert_unaudited(feature)?;
        let mut stored = feature.clone();
        stored.set_id(id);
        audit::record(&self.tx, self.operator, "insert", feature.layer().table(), Some(id), None, Some(&stored))?;
        Ok(id)
    }

    /// Inserts without an audit row of its own: for imports, which audit once for the batch.
    pub fn insert_unaudited(&mut self, feature: &Feature) -> Result<FeatureId> {
        tables::validate(feature)?;
        self.touch(feature.layer());
        tables::insert(&self.tx, feature).map_err(|e| self.duplicate_code(feature, e))
    }

    /// Replaces a feature's attributes and position; returns what it was before. An enterprise
    /// whose level follows its risk zones (or was set explicitly) changes level only through
    /// [`set_level_override`](Self::set_level_override).
    pub fn update(&mut self, feature: &Feature) -> Result<Feature> {
        if let Feature::Enterprises(e) = feature {
            risk::check_level_edit(&self.tx, e)?;
        }
        self.update_unguarded(feature)
    }

    fn update_unguarded(&mut self, feature: &Feature) -> Result<Feature> {
        let layer = feature.layer();
        let before = tables::load_one(&self.tx, layer, feature.id())?
            .ok_or(StoreError::NoSuchFeature { layer: layer.zh(), id: feature.id() })?;
        tables::validate(feature)?;
        self.touch(layer);
        tables::update(&self.tx, feature).map_err(|e| self.duplicate_code(feature, e))?;
        audit::record(
            &self.tx,
            self.operator,
            "update",
            layer.table(),
            Some(feature.id()),
            Some(&before),
            Some(feature),
        )?;
        Ok(before)
    }

    /// Deletes a feature (and its vehicles, stock lines or site); returns what it was.
    pub fn delete(&mut self, layer: Layer, id: FeatureId) -> Result<Feature> {
        let before =
            tables::load_one(&self.tx, layer, id)?.ok_or(StoreError::NoSuchFeature { layer: layer.zh(), id })?;
        self.touch(layer);
        tables::delete(&self.tx, layer, id)?;
        audit::record(&self.tx, self.operator, "delete", layer.table(), Some(id), Some(&before), None)?;
        Ok(before)
    }

    /// Writes a free-form audit row (imports, dispatches, settings changes).
    pub fn audit(
        &mut self,
        action: &str,
        table: &str,
        id: Option<FeatureId>,
        detail: &serde_json::Value,
    ) -> Result<()> {
        audit::record_json(&self.tx, self.operator, action, table, id, None, Some(detail))
    }

    /// Stores a typed setting, auditing old and new values.
    pub fn set_setting<T: serde::Serialize>(&mut self, key: SettingKey, value: &T) -> Result<()> {
        settings::set(&self.tx, self.operator, key, value)
    }

    fn touch(&mut self, layer: Layer) {
        self.touched.insert(layer.table());
        if layer == Layer::Enterprises {
            self.touched.insert("enterprise_sites");
        }
    }

    /// Turns the UNIQUE violation on a layer's `code` column into [`StoreError::DuplicateCode`]
    /// naming the feature that holds the code. Relying on the constraint rather than looking
    /// the code up first saves a query per imported row; SQLite aborts only the failed
    /// statement, and the caller's error rolls back the whole transaction.
    fn duplicate_code(&self, feature: &Feature, e: StoreError) -> StoreError {
        let StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, Some(msg))) = &e else { return e };
        let layer = feature.layer();
        let on_code = format!("{}.code", layer.table());
        if f.extended_code != rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE || !msg.contains(&on_code) {
            return e;
        }
        let Some(code) = feature.code() else { return e };
        let existing = self
            .tx
            .query_row(&format!("SELECT fid FROM \"{}\" WHERE code = ?1", layer.table()), [code], |r| r.get(0))
            .unwrap_or(0);
        StoreError::DuplicateCode { layer: layer.zh(), code: code.to_string(), existing }
    }

    fn finish(self) -> Result<()> {
        for table in &self.touched {
            gpkg::refresh_extent(&self.tx, table)?;
        }
        self.tx.commit()?;
        Ok(())
    }
}

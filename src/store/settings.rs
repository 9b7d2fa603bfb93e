//! Project settings: typed values stored as JSON under fixed keys in `onemap_settings`.

use rusqlite::{Connection, OptionalExtension};

use super::{Result, StoreError, audit};

/// The keys OneMap stores. Each feature that owns settings adds its key here, so the full set is
/// visible in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettingKey {
    /// Display and map preferences stored with the project (centre, layer styles).
    Map,
    /// Protection standards and travel speeds per station class.
    Protection,
    /// Incident type templates for dispatch.
    IncidentTemplates,
    /// Road speed profile.
    RoadSpeeds,
    /// The project's time zone for "today" and typed times (`model::zone::ZoneSetting`).
    TimeZone,
    /// Drill mode on/off (`model::drill_mode::DrillModeSetting`); read by every audit row.
    DrillMode,
    /// Drill compliance rules (`model::drill::DrillRulesSetting`).
    DrillRules,
    /// The hazard ledger's title and layout (`store::hazards::LedgerSetting`).
    HazardLedger,
    /// Risk heat map: bandwidth, level weights, saturation (`analysis::risk::heat::HeatParams`).
    RiskHeat,
}

impl SettingKey {
    pub fn as_str(self) -> &'static str {
        match self {
            SettingKey::Map => "map",
            SettingKey::Protection => "protection",
            SettingKey::IncidentTemplates => "incident_templates",
            SettingKey::RoadSpeeds => "road_speeds",
            SettingKey::TimeZone => "time_zone",
            SettingKey::DrillMode => "drill_mode",
            SettingKey::DrillRules => "drill_rules",
            SettingKey::HazardLedger => "hazard_ledger",
            SettingKey::RiskHeat => "risk_heat",
        }
    }
}

pub(super) fn get<T: serde::de::DeserializeOwned + Default>(conn: &Connection, key: SettingKey) -> Result<T> {
    let raw: Option<String> =
        conn.query_row("SELECT value FROM onemap_settings WHERE key = ?1", [key.as_str()], |r| r.get(0)).optional()?;
    match raw {
        None => Ok(T::default()),
        Some(s) => serde_json::from_str(&s)
            .map_err(|e| StoreError::BadSetting { key: key.as_str().to_string(), message: e.to_string() }),
    }
}

pub(super) fn set<T: serde::Serialize>(conn: &Connection, operator: &str, key: SettingKey, value: &T) -> Result<()> {
    let new = serde_json::to_value(value)
        .map_err(|e| StoreError::BadSetting { key: key.as_str().to_string(), message: e.to_string() })?;
    let old: Option<String> =
        conn.query_row("SELECT value FROM onemap_settings WHERE key = ?1", [key.as_str()], |r| r.get(0)).optional()?;
    let old: Option<serde_json::Value> = old.and_then(|s| serde_json::from_str(&s).ok());
    conn.execute(
        "INSERT INTO onemap_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        rusqlite::params![key.as_str(), new.to_string()],
    )?;
    audit::record_json(
        conn,
        operator,
        "setting",
        "onemap_settings",
        None,
        old.as_ref(),
        Some(&serde_json::json!({ "key": key.as_str(), "value": new })),
    )
}

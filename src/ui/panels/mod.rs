//! One struct per panel, each implementing [`View`](super::view::View): it owns its state,
//! draws itself and returns a [`Command`](super::command::Command) for the app to apply.

pub mod coverage;
pub mod details;
pub mod dispatch;
pub mod drills;
pub mod editor;
pub mod enterprise_risk;
pub mod filters;
pub mod form;
pub mod georef_tool;
pub mod hazard_card;
pub mod hazard_ledger;
pub mod incident_types;
pub mod layers;
pub mod menu;
pub mod prepositions;
pub mod record_ops;
pub mod risk_picture;
pub mod risk_windows;
pub mod risk_zone_card;
pub mod roads;
pub mod search;
pub mod settings;
pub mod siting;
pub mod status;
pub mod warnings;

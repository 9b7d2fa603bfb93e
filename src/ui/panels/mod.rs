//! One struct per panel, each implementing [`View`](super::view::View): it owns its state,
//! draws itself and returns a [`Command`](super::command::Command) for the app to apply.

pub mod coverage;
pub mod details;
pub mod editor;
pub mod filters;
pub mod layers;
pub mod menu;
pub mod search;
pub mod settings;
pub mod status;

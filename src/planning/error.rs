//! What can go wrong when stating or solving a siting problem.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum PlanningError {
    /// The problem as given cannot be used (bad weight, duplicate id, p too large …).
    #[error("{0}")]
    Input(String),
    /// No choice of sites meets the requirement; `demand` names the points that cannot be served.
    #[error("{message}")]
    Infeasible { message: String, demand: Vec<String> },
    /// A bug or an impossible state in OneMap itself.
    #[error("internal error: {0}")]
    Internal(String),
}

impl PlanningError {
    /// True when the user can fix it by changing the input (CLI exit code 1).
    pub fn is_input(&self) -> bool {
        !matches!(self, PlanningError::Internal(_))
    }

    /// An infeasibility naming up to ten demand points.
    pub fn infeasible(what: &str, ids: Vec<String>) -> Self {
        let shown: Vec<&str> = ids.iter().take(10).map(String::as_str).collect();
        let more =
            if ids.len() > shown.len() { format!(" and {} more", ids.len() - shown.len()) } else { String::new() };
        PlanningError::Infeasible {
            message: format!(
                "{what}: demand point{} {}{more}",
                if ids.len() == 1 { "" } else { "s" },
                shown.join(", ")
            ),
            demand: ids,
        }
    }
}

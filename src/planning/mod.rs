//! Station siting on a generic facility-location problem: where to open new sites, with the
//! existing ones fixed, under four classic models (MCLP, LSCP, p-median, p-center).
//!
//! The problem is plain data ([`Problem`]: demand points, candidate and existing sites, a
//! [`CostMatrix`]), so the command line, benchmarks and the project's own layers all feed the
//! same solvers. [`solve`] runs a model; [`evaluate`] and [`compare`] score any given choice
//! of sites (a [`Scenario`]).
//!
//! # Why these solvers
//! The exact methods are our own branch-and-bound over Lagrangian relaxations, in pure Rust
//! (no HiGHS: its crate needs cmake and libclang, which a fresh machine lacks). Lagrangian
//! relaxation is the classic exact approach for these models: its bound for MCLP and the
//! p-median equals the LP relaxation's, is computed in one pass over the data instead of a
//! simplex solve on a model with a variable per demand–site pair (810,000 for a 900-node
//! p-median), and comes with cheap variable-fixing tests that shrink the tree (Beasley 1993,
//! "Lagrangean heuristics for location problems", *EJOR* 65:383–399). The subgradient method
//! gives a valid bound at every iterate, so a time limit always leaves a proven gap. p-center
//! is solved as a sequence of set-covering decisions over the sorted distinct costs (Minieka
//! 1970; Daskin 2013, *Network and Discrete Location*, ch. 5). Before solving, covering
//! problems are reduced (identical demand merged, dominated candidates and rows dropped;
//! see [`cover`]).
//!
//! The heuristics (greedy + interchange) answer large instances in well under a second and
//! report the relaxation's bound with their solution, so their gap is known too.

pub mod costs;
mod cover;
pub mod demand_layer;
pub mod error;
pub mod evaluate;
mod mclp;
pub mod model;
pub mod orlib;
mod pcenter;
mod pmedian;
pub mod problem;
pub mod project;
pub mod read;
pub mod scenario_coverage;
pub mod scenarios;
mod search;
mod setcover;
pub mod solve;

pub use costs::CostMatrix;
pub use error::PlanningError;
pub use evaluate::{Comparison, Evaluation, Scenario, ScenarioResult, compare, evaluate};
pub use model::Model;
pub use problem::{Demand, Position, Problem, Site, SiteRef};
pub use search::Stop;
pub use solve::{Method, Options, Solution, solve};

#[cfg(test)]
mod tests;

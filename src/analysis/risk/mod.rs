//! The city's risk picture: enterprises counted by level per district, who has not filed (or
//! filed too long ago), and the risk density heat map (the CPU reference the GPU shader in
//! `shaders/risk_heat.wgsl` must match).

pub mod filing_status;
pub mod heat;
pub mod layer;
pub mod summary;
pub mod table;

pub use filing_status::{UnfiledEnterprise, unfiled};
pub use layer::RiskLayer;
pub use summary::{DistrictRisk, LevelCounts, RiskSummary, UNASSIGNED, summarize};
pub use table::{EnterpriseRiskRow, LevelSource, RiskTable, RiskTableInput, risk_table};

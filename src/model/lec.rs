//! The LEC score (作业条件危险性评价法): D = L × E × C, and the four-color level it gives.
//!
//! Method: K. J. Graham and G. F. Kinney, *Practical Risk Analysis for Safety Management*,
//! Naval Weapons Center, NWC TP 5865 (1976), in the Chinese form taught in safety-engineering
//! textbooks (《安全系统工程》) and used by the provincial 安全风险分级管控 guides: the factor
//! scales below and the danger bands D > 320 极其危险, 160–320 高度危险, 70–160 显著危险,
//! 20–70 一般危险, < 20 稍有危险. The four colors take the top three bands as 红/橙/黄 and the
//! two lowest together as 蓝.
//!
//! Boundaries: the bands are written as ranges that share their end points, so OneMap fixes
//! them as **lower bound inclusive**: D ≥ 320 红, 160 ≤ D < 320 橙, 70 ≤ D < 160 黄, D < 70 蓝.
//! With the tabulated factor values D = 320 and D = 160 cannot occur, but D = 70 can
//! (L = 1, E = 10, C = 7, or L = 10, E = 1, C = 7) and is 黄.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::risk::RiskLevel;

/// L, likelihood of an accident (事故发生的可能性), from "完全可以预料" (10) to "实际不可能" (0.1).
pub const L_VALUES: &[f64] = &[10.0, 6.0, 3.0, 1.0, 0.5, 0.2, 0.1];
/// E, exposure (暴露于危险环境的频繁程度), from "连续暴露" (10) to "非常罕见地暴露" (0.5).
pub const E_VALUES: &[f64] = &[10.0, 6.0, 3.0, 2.0, 1.0, 0.5];
/// C, consequence (发生事故产生的后果), from "大灾难，许多人死亡" (100) to "引人注目，需要救护" (1).
pub const C_VALUES: &[f64] = &[100.0, 40.0, 15.0, 7.0, 3.0, 1.0];

/// Lower bounds (inclusive) of the D bands that map to 红, 橙 and 黄 (see the module docs).
pub const D_RED: f64 = 320.0;
pub const D_ORANGE: f64 = 160.0;
pub const D_YELLOW: f64 = 70.0;

/// A factor that is not one of the method's tabulated values.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("LEC factor {factor} = {value} is not one of the method's values ({allowed})")]
pub struct LecError {
    pub factor: &'static str,
    pub value: f64,
    pub allowed: String,
}

/// An LEC assessment of one zone.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Lec {
    pub l: f64,
    pub e: f64,
    pub c: f64,
}

impl Lec {
    /// Checks each factor against its table.
    pub fn new(l: f64, e: f64, c: f64) -> Result<Lec, LecError> {
        for (factor, value, table) in [("L", l, L_VALUES), ("E", e, E_VALUES), ("C", c, C_VALUES)] {
            if !table.iter().any(|t| (t - value).abs() < 1e-9) {
                let allowed = table.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ");
                return Err(LecError { factor, value, allowed });
            }
        }
        Ok(Lec { l, e, c })
    }

    /// D = L × E × C.
    pub fn d(self) -> f64 {
        self.l * self.e * self.c
    }

    /// The four-color level of this score.
    pub fn level(self) -> RiskLevel {
        level_of_d(self.d())
    }
}

/// The four-color level of a D value, lower bounds inclusive (see the module docs).
pub fn level_of_d(d: f64) -> RiskLevel {
    if d >= D_RED {
        RiskLevel::Red
    } else if d >= D_ORANGE {
        RiskLevel::Orange
    } else if d >= D_YELLOW {
        RiskLevel::Yellow
    } else {
        RiskLevel::Blue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_boundaries_are_lower_inclusive() {
        assert_eq!(level_of_d(320.0), RiskLevel::Red);
        assert_eq!(level_of_d(319.999), RiskLevel::Orange);
        assert_eq!(level_of_d(160.0), RiskLevel::Orange);
        assert_eq!(level_of_d(159.999), RiskLevel::Yellow);
        assert_eq!(level_of_d(70.0), RiskLevel::Yellow);
        assert_eq!(level_of_d(69.999), RiskLevel::Blue);
        assert_eq!(level_of_d(0.1), RiskLevel::Blue);
    }

    #[test]
    fn scores_from_tabulated_factors() {
        // The one boundary the tables can reach: D = 70.
        assert_eq!(Lec::new(1.0, 10.0, 7.0).unwrap().level(), RiskLevel::Yellow);
        assert_eq!(Lec::new(10.0, 1.0, 7.0).unwrap().d(), 70.0);
        assert_eq!(Lec::new(6.0, 6.0, 15.0).unwrap().level(), RiskLevel::Red); // 540
        assert_eq!(Lec::new(3.0, 6.0, 15.0).unwrap().level(), RiskLevel::Orange); // 270
        assert_eq!(Lec::new(3.0, 3.0, 15.0).unwrap().level(), RiskLevel::Yellow); // 135
        assert_eq!(Lec::new(1.0, 6.0, 7.0).unwrap().level(), RiskLevel::Blue); // 42
    }

    #[test]
    fn only_the_70_boundary_is_reachable_from_the_tables() {
        let products: Vec<f64> = L_VALUES
            .iter()
            .flat_map(|l| E_VALUES.iter().flat_map(move |e| C_VALUES.iter().map(move |c| l * e * c)))
            .collect();
        let hits = |d: f64| products.iter().filter(|p| (**p - d).abs() < 1e-9).count();
        assert_eq!(hits(D_RED), 0);
        assert_eq!(hits(D_ORANGE), 0);
        assert!(hits(D_YELLOW) >= 2);
    }

    #[test]
    fn untabulated_factor_is_named() {
        let e = Lec::new(4.0, 6.0, 15.0).unwrap_err();
        assert_eq!(e.factor, "L");
        assert!(e.to_string().contains("10, 6, 3, 1, 0.5, 0.2, 0.1"), "{e}");
        assert_eq!(Lec::new(1.0, 6.0, 8.0).unwrap_err().factor, "C");
    }
}

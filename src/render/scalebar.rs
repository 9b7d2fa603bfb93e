//! The scale bar: the longest round ground distance (1, 2 or 5 × 10ⁿ metres) that fits.

/// A scale bar's length on the ground and on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleBar {
    pub metres: f64,
    pub px: f32,
    /// "500 m", "2 km".
    pub label: String,
}

/// The bar for `metres_per_px`, at most `max_px` long.
pub fn scale_bar(metres_per_px: f64, max_px: f32) -> ScaleBar {
    let max_m = metres_per_px * f64::from(max_px.max(1.0));
    let exp = max_m.log10().floor();
    let base = 10f64.powf(exp);
    let metres = [5.0, 2.0, 1.0].iter().map(|m| m * base).find(|&m| m <= max_m).unwrap_or(base);
    ScaleBar { metres, px: (metres / metres_per_px) as f32, label: distance_label(metres) }
}

/// "850 m", "1.2 km", "35 km".
pub fn distance_label(metres: f64) -> String {
    if metres < 1000.0 {
        format!("{metres:.0} m")
    } else if metres < 10_000.0 {
        let km = metres / 1000.0;
        if (km - km.round()).abs() < 1e-9 { format!("{km:.0} km") } else { format!("{km:.1} km") }
    } else {
        format!("{:.0} km", metres / 1000.0)
    }
}

/// "0.85 km²", "12.3 km²", "4 500 m²".
pub fn area_label(m2: f64) -> String {
    if m2 < 100_000.0 {
        format!("{m2:.0} m²")
    } else if m2 < 100_000_000.0 {
        format!("{:.2} km²", m2 / 1e6)
    } else {
        format!("{:.0} km²", m2 / 1e6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_lengths_that_fit() {
        let b = scale_bar(10.0, 120.0); // 1200 m fits → 1 km
        assert_eq!(b.metres, 1000.0);
        assert_eq!(b.label, "1 km");
        assert!((b.px - 100.0).abs() < 1e-3);
        assert_eq!(scale_bar(3.0, 120.0).label, "200 m");
        assert_eq!(scale_bar(500.0, 150.0).label, "50 km");
        assert_eq!(distance_label(1234.0), "1.2 km");
        assert_eq!(area_label(2_500_000.0), "2.50 km²");
    }
}

//! Multi-year annual series (yearly patent counts, index scores): a damped
//! trend on the log scale with parameter uncertainty that stays sane on 3–8
//! points.
//!
//! Each year's log change is one draw of the drift. The drift is their mean,
//! damped by `φ` per year ahead (Gardner–McKenzie damping, as in the damped
//! trend ETS models of Hyndman & Athanasopoulos, *Forecasting: Principles and
//! Practice*, 3rd ed., §8.2), and `φ = 1` gives the undamped log-linear drift.
//! The spread of the changes is pooled with a weakly informative prior, a
//! typical yearly change of [`PRIOR_SD`] worth [`PRIOR_DF`] observations (a
//! scaled inverse-χ² prior), so three points do not give a zero or an
//! infinite interval.
//!
//! # Formula
//!
//! ```text
//! z_i = ln(y_i + c)                    c = 1 when a value is 0, else 0
//! g_i = (z_i − z_{i−1}) / (year_i − year_{i−1}),   m changes, mean ḡ, variance s_g²
//! s²  = ((m − 1) s_g² + ν₀ σ₀²) / (m − 1 + ν₀)
//! D_h = φ + φ² + … + φ^h
//! ẑ   = z_n + ḡ D_h,    Var = s² (h + D_h² / m)
//! Y   = exp(ẑ + sd · t_{m−1+ν₀}) − c
//! ```
//!
//! # Minimum length
//!
//! [`MIN_TREND_POINTS`] values (two changes). With fewer, the forecast is the
//! last value (no drift) with the prior spread, reported as `naive_log`. One
//! or two points give a finite forecast, never an error or NaN.
//!
//! # Examples
//!
//! ```
//! use chiso::forecast::trend::{forecast_annual, DEFAULT_DAMPING};
//! let patents = [(2020, 702.0), (2021, 818.0), (2022, 925.0), (2023, 1011.0)];
//! let f = forecast_annual(&patents, 2025, 1100.0, DEFAULT_DAMPING).unwrap();
//! assert_eq!(f.model, "damped_log_trend");
//! assert!(f.lower80 < f.median && f.median < f.upper80);
//! assert!(f.probability > 0.5);
//! ```

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::{check_finite, Forecast, ForecastError};

/// Minimum number of values for a trend. Below it the naive fallback is used.
pub const MIN_TREND_POINTS: usize = 3;
/// Default damping factor per year ahead.
pub const DEFAULT_DAMPING: f64 = 0.8;
/// Prior standard deviation of one year's log change (about 15 %).
pub const PRIOR_SD: f64 = 0.15;
/// Weight of the prior spread, in observations.
pub const PRIOR_DF: f64 = 2.0;

/// Forecasts the value of an annual series in `target_year`.
///
/// `points` are `(year, value)` pairs in any order; a repeated year keeps the
/// last value. `damping` is φ in (0, 1]. The probability is P(value ≥
/// `threshold`).
///
/// # Errors
///
/// [`ForecastError::NoReports`] with no points, and
/// [`ForecastError::InvalidInput`] for a negative or non-finite value or a
/// damping outside (0, 1].
pub fn forecast_annual(points: &[(i32, f64)], target_year: i32, threshold: f64, damping: f64) -> Result<Forecast, ForecastError> {
    check_finite("threshold", threshold, 0.0)?;
    if !(damping > 0.0 && damping <= 1.0) {
        return Err(ForecastError::InvalidInput { name: "damping", value: damping, rule: "must be in (0, 1]" });
    }
    for &(_, value) in points {
        check_finite("value", value, 0.0)?;
    }
    let mut series: Vec<(i32, f64)> = Vec::new();
    for &(year, value) in points {
        series.retain(|(y, _)| *y != year);
        series.push((year, value));
    }
    series.sort_by_key(|(year, _)| *year);
    let Some(&(last_year, last_value)) = series.last() else {
        return Err(ForecastError::NoReports);
    };

    // A target year already reported is a fact, not a forecast.
    if let Some(&(_, value)) = series.iter().find(|(year, _)| *year == target_year).or((target_year < last_year).then_some(&(last_year, last_value))) {
        return Ok(point_mass(value, threshold));
    }

    let offset = if series.iter().any(|(_, v)| *v <= 0.0) { 1.0 } else { 0.0 };
    let logs: Vec<(f64, f64)> = series.iter().map(|(year, v)| (f64::from(*year), (v + offset).ln())).collect();
    let changes: Vec<f64> = logs.windows(2).map(|w| (w[1].1 - w[0].1) / (w[1].0 - w[0].0)).collect();
    let horizon = f64::from(target_year - last_year);
    let last_log = logs[logs.len() - 1].1;

    let (model, reason, centre, variance, df) = if series.len() >= MIN_TREND_POINTS {
        let m = changes.len() as f64;
        let drift = changes.iter().sum::<f64>() / m;
        let sample_variance = changes.iter().map(|g| (g - drift).powi(2)).sum::<f64>() / (m - 1.0);
        let pooled = ((m - 1.0) * sample_variance + PRIOR_DF * PRIOR_SD * PRIOR_SD) / (m - 1.0 + PRIOR_DF);
        let damped_steps: f64 = (1..=target_year - last_year).map(|j| damping.powi(j)).sum();
        let model = if damping < 1.0 { "damped_log_trend" } else { "log_linear_trend" };
        (model, "forecast.reason_trend", last_log + drift * damped_steps, pooled * (horizon + damped_steps * damped_steps / m), m - 1.0 + PRIOR_DF)
    } else {
        let own = changes.iter().map(|g| g * g).sum::<f64>();
        let pooled = (own + PRIOR_DF * PRIOR_SD * PRIOR_SD) / (changes.len() as f64 + PRIOR_DF);
        ("naive_log", "forecast.reason_trend_short", last_log, pooled * horizon, changes.len() as f64 + PRIOR_DF)
    };

    Ok(log_t_forecast(model, reason, centre, variance.sqrt(), df, offset, threshold))
}

fn point_mass(value: f64, threshold: f64) -> Forecast {
    Forecast {
        model: "observed",
        reason: "forecast.reason_deadline_passed",
        median: value,
        mean: value,
        lower80: value,
        upper80: value,
        lower95: value,
        upper95: value,
        probability: if value >= threshold { 1.0 } else { 0.0 },
    }
}

fn log_t_forecast(model: &'static str, reason: &'static str, centre: f64, sd: f64, df: f64, offset: f64, threshold: f64) -> Forecast {
    let t = StudentsT::new(0.0, 1.0, df).expect("degrees of freedom are positive");
    let at = |q: f64| ((centre + sd * t.inverse_cdf(q)).exp() - offset).max(0.0);
    let probability = if threshold <= 0.0 {
        1.0
    } else {
        1.0 - t.cdf(((threshold + offset).ln() - centre) / sd)
    };
    Forecast {
        model,
        reason,
        median: at(0.5),
        mean: ((centre + sd * sd / 2.0).exp() - offset).max(0.0),
        lower80: at(0.10),
        upper80: at(0.90),
        lower95: at(0.025),
        upper95: at(0.975),
        probability,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_series_is_an_error() {
        assert_eq!(forecast_annual(&[], 2026, 10.0, DEFAULT_DAMPING), Err(ForecastError::NoReports));
    }

    #[test]
    fn one_and_two_points_fall_back() {
        for points in [&[(2024, 50.0)][..], &[(2023, 45.0), (2024, 50.0)][..]] {
            let f = forecast_annual(points, 2026, 55.0, DEFAULT_DAMPING).unwrap();
            assert_eq!(f.model, "naive_log");
            assert!((f.median - 50.0).abs() < 1e-9);
            for value in [f.lower95, f.lower80, f.median, f.upper80, f.upper95, f.probability, f.mean] {
                assert!(value.is_finite());
            }
            assert!(f.lower95 > 15.0 && f.upper95 < 170.0, "{f:?}");
        }
    }

    #[test]
    fn three_points_stay_sane() {
        let f = forecast_annual(&[(2022, 100.0), (2023, 110.0), (2024, 121.0)], 2026, 130.0, DEFAULT_DAMPING).unwrap();
        assert_eq!(f.model, "damped_log_trend");
        assert!(f.median > 121.0 && f.median < 150.0);
        assert!(f.upper95 / f.lower95 < 4.0, "{f:?}");
    }

    #[test]
    fn damping_slows_growth() {
        let points = [(2019, 100.0), (2020, 120.0), (2021, 144.0), (2022, 173.0), (2023, 207.0)];
        let damped = forecast_annual(&points, 2027, 0.0, 0.8).unwrap();
        let linear = forecast_annual(&points, 2027, 0.0, 1.0).unwrap();
        assert_eq!(linear.model, "log_linear_trend");
        assert!(damped.median < linear.median);
    }

    #[test]
    fn zero_values_use_offset() {
        let f = forecast_annual(&[(2022, 0.0), (2023, 1.0), (2024, 3.0)], 2025, 2.0, DEFAULT_DAMPING).unwrap();
        assert!(f.lower95 >= 0.0 && f.median.is_finite());
    }

    #[test]
    fn reported_target_year_is_observed() {
        let f = forecast_annual(&[(2023, 10.0), (2024, 12.0)], 2024, 11.0, DEFAULT_DAMPING).unwrap();
        assert_eq!(f.model, "observed");
        assert_eq!(f.probability, 1.0);
    }
}

//! Counts within a year from year-to-date values, with the model chosen from
//! earlier years' history.
//!
//! Three models share one predictive engine, a negative binomial for the
//! count still to come (mixed over the elapsed share for the seasonal model):
//!
//! | model | name | elapsed share `s` | spread |
//! | --- | --- | --- | --- |
//! | Poisson–gamma run rate | `poisson_gamma_run_rate` | calendar time `t / h` | Poisson with rate uncertainty |
//! | seasonal profile | `seasonal_beta` | Beta fitted to earlier years' shares | as run rate, mixed over `s` |
//! | overdispersed | `overdispersed_negative_binomial` | calendar time | variance × `φ` from history |
//!
//! # Model choice (`auto`)
//!
//! 1. `seasonal_beta` when at least [`MIN_SEASONAL_YEARS`] earlier years give
//!    a share at the as-of date (administrative work often lands in Q4, which
//!    the run rate cannot see);
//! 2. otherwise `overdispersed_negative_binomial` when at least two earlier
//!    years give a dispersion index above [`DISPERSION_CUTOFF`];
//! 3. otherwise the run rate.
//!
//! A model asked for by name that lacks the history it needs falls back to the
//! run rate and names the fallback in `reason` (never an error). Intervals and medians
//! are whole counts and never fall below the count reported so far.
//!
//! # Examples
//!
//! ```
//! use chiso::forecast::count::GammaPrior;
//! use chiso::forecast::history::YearPath;
//! use chiso::forecast::within_year::{forecast_count, CountInput, CountModel};
//! let history: Vec<YearPath> = (0..3)
//!     .map(|i| YearPath { year: 2020 + i, points: vec![(0.5, 30.0 + i as f64)], total: 100.0 })
//!     .collect();
//! let input = CountInput { reports: &[(0.25, 12.0), (0.5, 31.0)], deadline: 1.0, threshold: 90.0, history: &history };
//! let f = forecast_count(&input, CountModel::Auto, GammaPrior::default()).unwrap();
//! assert_eq!(f.forecast.model, "seasonal_beta");
//! assert!(f.forecast.lower80 >= 31.0);
//! ```

use super::count::GammaPrior;
use super::history::{dispersion_index, share_profile, ShareProfile, YearPath};
use super::mixture::Remaining;
use super::{check_finite, Forecast, ForecastError};

/// Earlier years needed before `auto` picks the seasonal model.
pub const MIN_SEASONAL_YEARS: usize = 3;
/// Dispersion index above which `auto` picks the overdispersed model.
pub const DISPERSION_CUTOFF: f64 = 1.5;

/// A within-year count model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountModel {
    /// Choose by the rule in the module docs.
    Auto,
    /// Poisson–gamma run rate.
    RunRate,
    /// Seasonal profile from earlier years.
    Seasonal,
    /// Negative binomial with dispersion from earlier years.
    Overdispersed,
}

impl CountModel {
    /// Parses `auto`, `run_rate`, `seasonal` or `overdispersed`.
    pub fn parse(name: &str) -> Option<CountModel> {
        match name {
            "auto" => Some(CountModel::Auto),
            "run_rate" => Some(CountModel::RunRate),
            "seasonal" => Some(CountModel::Seasonal),
            "overdispersed" => Some(CountModel::Overdispersed),
            _ => None,
        }
    }
}

/// Inputs of one within-year count forecast.
#[derive(Debug, Clone, Copy)]
pub struct CountInput<'a> {
    /// `(fraction of the year elapsed at the period end, year-to-date value)`
    /// in the order reported. A later report for the same or an earlier
    /// period end revises the earlier one.
    pub reports: &'a [(f64, f64)],
    /// Fraction of the year at the deadline (1 for the year end).
    pub deadline: f64,
    /// Count to reach.
    pub threshold: f64,
    /// Earlier years of the same indicator (may be empty).
    pub history: &'a [YearPath],
}

/// A within-year count forecast with what the model saw.
#[derive(Debug, Clone, PartialEq)]
pub struct CountForecast {
    /// The forecast at the deadline.
    pub forecast: Forecast,
    /// Count so far (latest report, whole number).
    pub observed: f64,
    /// Fraction of the year elapsed at the latest report.
    pub elapsed: f64,
    /// Whether a later report lowered an earlier cumulative value.
    pub revised: bool,
    /// Dispersion index from history, when at least two years give one.
    pub dispersion: Option<f64>,
    /// Seasonal share profile, when at least two years give one.
    pub share: Option<ShareProfile>,
}

/// Forecasts a count at its deadline (see the module docs for the models).
///
/// # Errors
///
/// [`ForecastError::NoReports`] when `reports` is empty, and
/// [`ForecastError::InvalidInput`] for a negative or non-finite value, a
/// deadline at or below zero, or a latest report at fraction zero.
pub fn forecast_count(input: &CountInput<'_>, model: CountModel, prior: GammaPrior) -> Result<CountForecast, ForecastError> {
    check_finite("threshold", input.threshold, 0.0)?;
    if !(input.deadline.is_finite() && input.deadline > 0.0) {
        return Err(ForecastError::InvalidInput { name: "deadline", value: input.deadline, rule: "must be a fraction of the year above zero" });
    }
    let (elapsed, observed, revised) = latest_report(input.reports)?;

    let share = share_profile(input.history, elapsed.min(input.deadline), input.deadline);
    let dispersion = dispersion_index(input.history, elapsed, input.deadline, prior.shape);
    let mut result = CountForecast { forecast: observed_only(observed, input.threshold), observed, elapsed, revised, dispersion, share };
    if elapsed >= input.deadline {
        return Ok(result);
    }
    if elapsed <= 0.0 {
        return Err(ForecastError::InvalidInput { name: "elapsed", value: elapsed, rule: "must be above zero" });
    }

    let (chosen, reason) = choose(model, share, dispersion, !input.history.is_empty());
    // The prior rate counts as time already observed, as in `run_rate`.
    let calendar_share = (prior.rate + elapsed) / (prior.rate + input.deadline);
    let (remaining, name) = match chosen {
        CountModel::Seasonal => {
            let profile = share.expect("seasonal is chosen only with a profile");
            (Remaining::beta_share(observed, prior.shape, profile.alpha, profile.beta), "seasonal_beta")
        }
        CountModel::Overdispersed => {
            let phi = dispersion.expect("overdispersed is chosen only with a dispersion index").max(1.0);
            (Remaining::fixed(observed, prior.shape, calendar_share, phi), "overdispersed_negative_binomial")
        }
        _ => (Remaining::fixed(observed, prior.shape, calendar_share, 1.0), "poisson_gamma_run_rate"),
    };
    result.forecast = predictive_forecast(&remaining, observed, input.threshold, name, reason);
    Ok(result)
}

/// Minimum number of increments between reports for a within-year dispersion index.
pub const MIN_WITHIN_YEAR_INCREMENTS: usize = 3;

/// Dispersion index of the counts added between successive reports of one
/// year: Pearson's χ² of the increments against a constant rate, divided by
/// its degrees of freedom. `points` are `(fraction of the year, year-to-date
/// value)` in time order, starting implicitly from (0, 0).
///
/// Returns `None` with fewer than [`MIN_WITHIN_YEAR_INCREMENTS`] increments,
/// no count yet, or a value that goes down (a revision to resolve first).
///
/// # Formula
///
/// ```text
/// λ̂ = Σ xᵢ / Σ dᵢ,   φ̂ = Σ (xᵢ − λ̂ dᵢ)² / (λ̂ dᵢ) / (k − 1)
/// ```
///
/// # Examples
///
/// ```
/// use chiso::forecast::within_year::within_year_dispersion;
/// // Steady quarters: no more spread than a Poisson count.
/// let steady = [(0.25, 10.0), (0.5, 20.0), (0.75, 30.0)];
/// assert!(within_year_dispersion(&steady).unwrap() < 1.0);
/// // Monthly counts in the thousands that swing by a third.
/// let swinging = [(1.0 / 12.0, 13_536.0), (2.0 / 12.0, 22_128.0), (3.0 / 12.0, 36_224.0), (4.0 / 12.0, 51_550.0)];
/// assert!(within_year_dispersion(&swinging).unwrap() > 100.0);
/// ```
pub fn within_year_dispersion(points: &[(f64, f64)]) -> Option<f64> {
    let mut increments = Vec::with_capacity(points.len());
    let (mut previous_t, mut previous_v) = (0.0, 0.0);
    for &(t, v) in points {
        if t <= previous_t || v < previous_v {
            return None;
        }
        increments.push((v - previous_v, t - previous_t));
        (previous_t, previous_v) = (t, v);
    }
    if increments.len() < MIN_WITHIN_YEAR_INCREMENTS || previous_v <= 0.0 {
        return None;
    }

    let rate = previous_v / previous_t;
    let chi_square: f64 = increments.iter().map(|(x, d)| (x - rate * d).powi(2) / (rate * d)).sum();
    Some(chi_square / (increments.len() - 1) as f64)
}

/// Forecasts a count with a negative binomial widened by a dispersion index
/// measured within the current year (see [`within_year_dispersion`]), for
/// indicators without earlier years.
///
/// # Errors
///
/// [`ForecastError::InvalidInput`] for a negative or non-finite input or an
/// `elapsed` of zero.
pub fn forecast_within_year_dispersion(
    observed: f64,
    elapsed: f64,
    deadline: f64,
    threshold: f64,
    phi: f64,
    prior: GammaPrior,
) -> Result<Forecast, ForecastError> {
    check_finite("observed", observed, 0.0)?;
    check_finite("threshold", threshold, 0.0)?;
    check_finite("phi", phi, 1.0)?;
    if !(elapsed > 0.0 && deadline.is_finite() && deadline >= elapsed) {
        return Err(ForecastError::InvalidInput { name: "elapsed", value: elapsed, rule: "must be above zero and not after the deadline" });
    }
    let observed = observed.floor();
    let calendar_share = (prior.rate + elapsed) / (prior.rate + deadline);
    let remaining = Remaining::fixed(observed, prior.shape, calendar_share, phi);
    Ok(predictive_forecast(&remaining, observed, threshold, "overdispersed_within_year", "forecast.reason_overdispersed_within_year"))
}

/// Latest report as `(elapsed, whole count, revised)`.
fn latest_report(reports: &[(f64, f64)]) -> Result<(f64, f64, bool), ForecastError> {
    if reports.is_empty() {
        return Err(ForecastError::NoReports);
    }
    for &(elapsed, value) in reports {
        check_finite("elapsed", elapsed, 0.0)?;
        check_finite("observed", value, 0.0)?;
    }

    // Later reports win ties, so a revision of the same period replaces it.
    let mut ordered: Vec<(usize, f64, f64)> = reports.iter().enumerate().map(|(i, &(t, v))| (i, t, v)).collect();
    ordered.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let revised = ordered.windows(2).any(|w| w[1].2 < w[0].2);
    let &(_, elapsed, value) = ordered.last().expect("reports is not empty");
    Ok((elapsed, value.floor(), revised))
}

fn choose(model: CountModel, share: Option<ShareProfile>, dispersion: Option<f64>, has_history: bool) -> (CountModel, &'static str) {
    let seasonal_ready = share.is_some_and(|s| s.years >= MIN_SEASONAL_YEARS);
    let overdispersed = dispersion.is_some_and(|phi| phi > DISPERSION_CUTOFF);
    match model {
        CountModel::Auto if seasonal_ready => (CountModel::Seasonal, "forecast.reason_seasonal"),
        CountModel::Auto if overdispersed => (CountModel::Overdispersed, "forecast.reason_overdispersed"),
        CountModel::Auto if has_history => (CountModel::RunRate, "forecast.reason_run_rate_history_fits"),
        CountModel::Auto | CountModel::RunRate => (CountModel::RunRate, "reason.count_run_rate"),
        CountModel::Seasonal if share.is_some() => (CountModel::Seasonal, "forecast.reason_seasonal_requested"),
        CountModel::Overdispersed if dispersion.is_some() => (CountModel::Overdispersed, "forecast.reason_overdispersed_requested"),
        CountModel::Seasonal | CountModel::Overdispersed => (CountModel::RunRate, "forecast.reason_history_too_short"),
    }
}

/// Returns the degenerate forecast when the deadline has passed: the reported count.
fn observed_only(observed: f64, threshold: f64) -> Forecast {
    Forecast {
        model: "observed",
        reason: "forecast.reason_deadline_passed",
        median: observed,
        mean: observed,
        lower80: observed,
        upper80: observed,
        lower95: observed,
        upper95: observed,
        probability: if observed >= threshold { 1.0 } else { 0.0 },
    }
}

pub(crate) fn predictive_forecast(remaining: &Remaining, observed: f64, threshold: f64, model: &'static str, reason: &'static str) -> Forecast {
    Forecast {
        model,
        reason,
        median: observed + remaining.quantile(0.5),
        mean: observed + remaining.mean(),
        lower80: observed + remaining.quantile(0.10),
        upper80: observed + remaining.quantile(0.90),
        lower95: observed + remaining.quantile(0.025),
        upper95: observed + remaining.quantile(0.975),
        probability: remaining.probability_at_least((threshold - observed).ceil()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(points: &[(f64, f64, f64)]) -> Vec<YearPath> {
        points
            .iter()
            .enumerate()
            .map(|(i, &(t, v, total))| YearPath { year: 2020 + i as i32, points: vec![(t, v)], total })
            .collect()
    }

    fn run(reports: &[(f64, f64)], threshold: f64, history: &[YearPath], model: CountModel) -> Result<CountForecast, ForecastError> {
        forecast_count(&CountInput { reports, deadline: 1.0, threshold, history }, model, GammaPrior::default())
    }

    #[test]
    fn no_reports_is_an_error() {
        assert_eq!(run(&[], 10.0, &[], CountModel::Auto), Err(ForecastError::NoReports));
    }

    #[test]
    fn one_report_gives_run_rate() {
        let f = run(&[(0.25, 4.0)], 20.0, &[], CountModel::Auto).unwrap();
        assert_eq!(f.forecast.model, "poisson_gamma_run_rate");
        assert_eq!(f.forecast.reason, "reason.count_run_rate");
        // Gamma–Poisson reference: P(meet) = 0.3374887115 for YTD 4 after Q1, target 20 (scipy nbinom.sf).
        assert!((f.forecast.probability - 0.3374887115).abs() < 1e-9);
    }

    #[test]
    fn target_already_met() {
        let f = run(&[(0.5, 25.0)], 20.0, &[], CountModel::Auto).unwrap();
        assert_eq!(f.forecast.probability, 1.0);
        assert!(f.forecast.lower95 >= 25.0);
    }

    #[test]
    fn zero_count_so_far() {
        let f = run(&[(0.5, 0.0)], 3.0, &[], CountModel::Auto).unwrap();
        assert!(f.forecast.lower95 >= 0.0);
        assert!(f.forecast.probability > 0.0 && f.forecast.probability < 0.2);
        assert_eq!(f.forecast.median.fract(), 0.0);
    }

    #[test]
    fn revision_downwards_uses_latest() {
        let f = run(&[(0.25, 10.0), (0.5, 18.0), (0.5, 15.0)], 30.0, &[], CountModel::Auto).unwrap();
        assert_eq!(f.observed, 15.0);
        assert!(f.revised);
        assert!(f.forecast.lower80 >= 15.0);
    }

    #[test]
    fn short_history_falls_back() {
        let history = years(&[(0.5, 40.0, 100.0)]);
        let f = run(&[(0.5, 30.0)], 80.0, &history, CountModel::Seasonal).unwrap();
        assert_eq!(f.forecast.model, "poisson_gamma_run_rate");
        assert_eq!(f.forecast.reason, "forecast.reason_history_too_short");
        let g = run(&[(0.5, 30.0)], 80.0, &history, CountModel::Overdispersed).unwrap();
        assert_eq!(g.forecast.reason, "forecast.reason_history_too_short");
    }

    #[test]
    fn threshold_zero_is_certain() {
        let f = run(&[(0.5, 0.0)], 0.0, &[], CountModel::Auto).unwrap();
        assert_eq!(f.forecast.probability, 1.0);
    }

    #[test]
    fn as_of_after_deadline() {
        let input = CountInput { reports: &[(0.9, 12.0)], deadline: 0.75, threshold: 20.0, history: &[] };
        let f = forecast_count(&input, CountModel::Auto, GammaPrior::default()).unwrap();
        assert_eq!(f.forecast.model, "observed");
        assert_eq!(f.forecast.probability, 0.0);
        assert_eq!(f.forecast.upper95, 12.0);
    }

    #[test]
    fn auto_picks_seasonal_with_three_years() {
        // Q4-heavy years: a third of the total by mid-year.
        let history = years(&[(0.5, 33.0, 100.0), (0.5, 30.0, 95.0), (0.5, 36.0, 104.0)]);
        let f = run(&[(0.5, 33.0)], 90.0, &history, CountModel::Auto).unwrap();
        assert_eq!(f.forecast.model, "seasonal_beta");
        assert_eq!(f.forecast.reason, "forecast.reason_seasonal");
        let pro_rata = run(&[(0.5, 33.0)], 90.0, &[], CountModel::RunRate).unwrap();
        assert!(f.forecast.median > pro_rata.forecast.median + 20.0);
        assert!(f.forecast.probability > pro_rata.forecast.probability);
    }

    #[test]
    fn auto_picks_overdispersed_with_wide_history() {
        let history = years(&[(0.5, 1000.0, 1600.0), (0.5, 1000.0, 2500.0)]);
        let f = run(&[(0.5, 1000.0)], 2000.0, &history, CountModel::Auto).unwrap();
        assert_eq!(f.forecast.model, "overdispersed_negative_binomial");
        assert!(f.dispersion.unwrap() > DISPERSION_CUTOFF);
        let plain = run(&[(0.5, 1000.0)], 2000.0, &[], CountModel::RunRate).unwrap();
        assert!(f.forecast.upper95 - f.forecast.lower95 > 3.0 * (plain.forecast.upper95 - plain.forecast.lower95));
    }

    #[test]
    fn every_model_by_name() {
        let history = years(&[(0.5, 33.0, 100.0), (0.5, 30.0, 95.0), (0.5, 36.0, 104.0)]);
        for (model, name) in [
            (CountModel::RunRate, "poisson_gamma_run_rate"),
            (CountModel::Seasonal, "seasonal_beta"),
            (CountModel::Overdispersed, "overdispersed_negative_binomial"),
        ] {
            let f = run(&[(0.5, 33.0)], 90.0, &history, model).unwrap();
            assert_eq!(f.forecast.model, name);
            for bound in [f.forecast.lower95, f.forecast.lower80, f.forecast.median, f.forecast.upper80, f.forecast.upper95] {
                assert!(bound >= 33.0 && bound.fract() == 0.0, "{name}: {bound}");
            }
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn history_strategy() -> impl Strategy<Value = Vec<YearPath>> {
        prop::collection::vec((0.05f64..0.95, 0.0f64..5_000.0), 0..5).prop_map(|years| {
            years
                .into_iter()
                .enumerate()
                .map(|(i, (share, total))| YearPath { year: 2020 + i as i32, points: vec![(0.5, (share * total).round())], total: total.round() })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn bounds_are_whole_and_ordered(
            observed in 0.0f64..10_000.0,
            elapsed in 0.01f64..0.99,
            threshold in 0.0f64..20_000.0,
            history in history_strategy(),
            model in prop::sample::select(vec![CountModel::Auto, CountModel::RunRate, CountModel::Seasonal, CountModel::Overdispersed]),
        ) {
            let reports = [(elapsed, observed)];
            let input = CountInput { reports: &reports, deadline: 1.0, threshold, history: &history };
            let f = forecast_count(&input, model, GammaPrior::default()).unwrap().forecast;
            let bounds = [f.lower95, f.lower80, f.median, f.upper80, f.upper95];
            for bound in bounds {
                prop_assert!(bound >= observed.floor());
                prop_assert_eq!(bound.fract(), 0.0);
            }
            for pair in bounds.windows(2) {
                prop_assert!(pair[0] <= pair[1]);
            }
            prop_assert!((0.0..=1.0).contains(&f.probability));
        }
    }
}

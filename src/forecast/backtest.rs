//! Backtests of the within-year count models on past years.
//!
//! For each scored year and as-of month, the forecast uses only what was
//! published by then: the latest year-to-date value at or before the month,
//! and the complete earlier years as history. It forecasts the year-end total
//! and the probability of reaching each threshold, set as ratios of the
//! previous year's total (0.9 means "at least 90 % of last year").
//!
//! # Scores
//!
//! ```text
//! covered80, covered95  truth inside the central 80 % / 95 % interval
//! width80               (upper80 − lower80) / truth
//! ape                   |median − truth| / truth
//! brier                 mean over thresholds of (P(total ≥ c) − 1{truth ≥ c})²
//! crps                  2 · mean over τ ∈ {0.05, …, 0.95} of the pinball loss of q_τ, divided by truth
//! ```
//!
//! The CRPS is the quantile-score approximation on 19 levels (Gneiting &
//! Raftery 2007, eq. 22 discretised), scaled by the truth so years and
//! series of different size can be averaged. Peers scored in Python use the
//! same levels and formula.

use super::count::GammaPrior;
use super::history::YearPath;
use super::mixture::Remaining;
use super::within_year::{forecast_count, CountInput, CountModel};
use super::ForecastError;

/// Quantile levels used for the CRPS: 0.05, 0.10, …, 0.95.
pub fn crps_levels() -> Vec<f64> {
    (1..20).map(|i| f64::from(i) / 20.0).collect()
}

/// Settings of a backtest.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestSettings {
    /// As-of months (1–12); the elapsed fraction is `month / 12`.
    pub as_of_months: Vec<u32>,
    /// Thresholds as ratios of the previous year's total.
    pub threshold_ratios: Vec<f64>,
    /// Models to score.
    pub models: Vec<CountModel>,
    /// Gamma prior of the count models.
    pub prior: GammaPrior,
}

impl Default for BacktestSettings {
    fn default() -> Self {
        BacktestSettings {
            as_of_months: vec![3, 6, 9, 10],
            threshold_ratios: vec![0.9, 1.0, 1.1],
            models: vec![CountModel::RunRate, CountModel::Seasonal, CountModel::Overdispersed, CountModel::Auto],
            prior: GammaPrior::default(),
        }
    }
}

/// One scored forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestRow {
    /// Scored year.
    pub year: i32,
    /// As-of month.
    pub as_of_month: u32,
    /// Model asked for.
    pub requested: CountModel,
    /// Model used (after fallbacks).
    pub model: &'static str,
    /// Year-to-date value the forecast saw.
    pub observed: f64,
    /// Actual year-end total.
    pub truth: f64,
    /// Median, 80 % and 95 % bounds.
    pub median: f64,
    /// Lower 80 % bound.
    pub lower80: f64,
    /// Upper 80 % bound.
    pub upper80: f64,
    /// Lower 95 % bound.
    pub lower95: f64,
    /// Upper 95 % bound.
    pub upper95: f64,
    /// Mean Brier score over the thresholds.
    pub brier: f64,
    /// CRPS relative to the truth.
    pub crps: f64,
}

/// Runs the backtest over `years` (sorted or not). A year is scored when an
/// earlier year exists (for the thresholds) and a report is published by
/// the as-of month.
///
/// # Errors
///
/// [`ForecastError::InvalidInput`] from the models on invalid values.
pub fn backtest(years: &[YearPath], settings: &BacktestSettings) -> Result<Vec<BacktestRow>, ForecastError> {
    let mut sorted = years.to_vec();
    sorted.sort_by_key(|y| y.year);
    let mut rows = Vec::new();

    for (index, year) in sorted.iter().enumerate().skip(1) {
        let history = &sorted[..index];
        let previous_total = history[history.len() - 1].total;
        let thresholds: Vec<f64> = settings.threshold_ratios.iter().map(|r| (r * previous_total).round()).collect();

        for &month in &settings.as_of_months {
            let as_of = f64::from(month) / 12.0;
            let Some(&report) = year.points.iter().filter(|(t, _)| *t <= as_of + 1e-9 && *t < 1.0).max_by(|a, b| a.0.total_cmp(&b.0)) else {
                continue;
            };
            for &model in &settings.models {
                rows.push(score_one(year, history, report, month, model, &thresholds, settings.prior)?);
            }
        }
    }
    Ok(rows)
}

fn score_one(
    year: &YearPath,
    history: &[YearPath],
    report: (f64, f64),
    month: u32,
    model: CountModel,
    thresholds: &[f64],
    prior: GammaPrior,
) -> Result<BacktestRow, ForecastError> {
    let reports = [report];
    let input = CountInput { reports: &reports, deadline: 1.0, threshold: thresholds[0], history };
    let result = forecast_count(&input, model, prior)?;
    let f = &result.forecast;
    let truth = year.total;

    // Probabilities at each threshold come from the same predictive.
    let mut brier = 0.0;
    let mut quantiles = Vec::new();
    let remaining = predictive_for(f.model, &result, prior);
    for &threshold in thresholds {
        let p = remaining.probability_at_least((threshold - result.observed).ceil());
        let met = if truth >= threshold { 1.0 } else { 0.0 };
        brier += (p - met).powi(2);
    }
    for tau in crps_levels() {
        quantiles.push((tau, result.observed + remaining.quantile(tau)));
    }
    let crps = 2.0 * quantiles.iter().map(|&(tau, q)| pinball(tau, q, truth)).sum::<f64>() / quantiles.len() as f64;

    Ok(BacktestRow {
        year: year.year,
        as_of_month: month,
        requested: model,
        model: f.model,
        observed: result.observed,
        truth,
        median: f.median,
        lower80: f.lower80,
        upper80: f.upper80,
        lower95: f.lower95,
        upper95: f.upper95,
        brier: brier / thresholds.len() as f64,
        crps: crps / truth.max(1.0),
    })
}

/// Rebuilds the predictive of the model that `forecast_count` used.
fn predictive_for(model: &str, result: &super::within_year::CountForecast, prior: GammaPrior) -> Remaining {
    match (model, result.share, result.dispersion) {
        ("seasonal_beta", Some(profile), _) => Remaining::beta_share(result.observed, prior.shape, profile.alpha, profile.beta),
        ("overdispersed_negative_binomial", _, Some(phi)) => Remaining::fixed(result.observed, prior.shape, result.elapsed, phi.max(1.0)),
        _ => Remaining::fixed(result.observed, prior.shape, result.elapsed, 1.0),
    }
}

/// Pinball (quantile) loss of quantile `q` at level `tau` for outcome `y`.
pub fn pinball(tau: f64, q: f64, y: f64) -> f64 {
    if y >= q {
        tau * (y - q)
    } else {
        (1.0 - tau) * (q - y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synthetic_years() -> Vec<YearPath> {
        // Q4-heavy years: 20 % by March, 45 % by June, 65 % by September, 72 % by October.
        [1000.0, 1100.0, 1050.0, 1200.0, 1150.0]
            .iter()
            .enumerate()
            .map(|(i, &total)| YearPath {
                year: 2019 + i as i32,
                points: vec![(0.25, 0.2 * total), (0.5, 0.45 * total), (0.75, 0.65 * total), (10.0 / 12.0, 0.72 * total)],
                total,
            })
            .collect()
    }

    #[test]
    fn backtest_scores_every_cell() {
        let rows = backtest(&synthetic_years(), &BacktestSettings::default()).unwrap();
        // 4 scored years × 4 months × 4 models.
        assert_eq!(rows.len(), 64);
        for row in &rows {
            assert!(row.brier >= 0.0);
            assert!(row.brier <= 1.0);
            assert!(row.crps >= 0.0);
            assert!(row.lower95 >= row.observed);
        }
    }

    #[test]
    fn seasonal_beats_run_rate_on_q4_heavy_years() {
        let rows = backtest(&synthetic_years(), &BacktestSettings::default()).unwrap();
        let mean_ape = |model: &str| {
            let picked: Vec<&BacktestRow> = rows.iter().filter(|r| r.model == model && r.year >= 2022).collect();
            picked.iter().map(|r| (r.median - r.truth).abs() / r.truth).sum::<f64>() / picked.len() as f64
        };
        assert!(mean_ape("seasonal_beta") < mean_ape("poisson_gamma_run_rate") / 2.0);
    }

    #[test]
    fn pinball_is_zero_at_truth() {
        assert_eq!(pinball(0.3, 5.0, 5.0), 0.0);
        assert_eq!(pinball(0.3, 4.0, 5.0), 0.3);
        assert!((pinball(0.3, 6.0, 5.0) - 0.7).abs() < 1e-12);
    }
}

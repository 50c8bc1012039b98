//! Many within-year count forecasts in one call, in parallel (rayon).
//!
//! Rows are long-form year-to-date values: one row per series, year and
//! report date, with the report date given as the elapsed fraction of its
//! year. For each target, rows of the target's year are the current reports
//! and complete earlier years (those with a row at fraction 1) are history.
//!
//! # Examples
//!
//! ```
//! use chiso::forecast::batch::{forecast_count_batch, CountRows, CountTarget};
//! use chiso::forecast::count::GammaPrior;
//! use chiso::forecast::within_year::CountModel;
//! let rows = CountRows {
//!     series: vec!["a".into(), "a".into(), "b".into()],
//!     year: vec![2026, 2026, 2026],
//!     elapsed: vec![0.25, 0.5, 0.5],
//!     value: vec![3.0, 8.0, 40.0],
//! };
//! let targets = vec![
//!     CountTarget { series: "a".into(), year: 2026, threshold: 20.0, deadline: 1.0 },
//!     CountTarget { series: "b".into(), year: 2026, threshold: 60.0, deadline: 1.0 },
//! ];
//! let out = forecast_count_batch(&rows, &targets, CountModel::Auto, GammaPrior::default());
//! assert_eq!(out.len(), 2);
//! assert!(out[1].result.as_ref().unwrap().forecast.probability > 0.9);
//! ```

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::count::GammaPrior;
use super::history::YearPath;
use super::within_year::{forecast_count, CountForecast, CountInput, CountModel};
use super::ForecastError;

/// Long-form year-to-date rows (columns of equal length).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountRows {
    /// Series id.
    pub series: Vec<String>,
    /// Calendar year of the value.
    pub year: Vec<i32>,
    /// Fraction of that year elapsed at the period end (1 = year end).
    pub elapsed: Vec<f64>,
    /// Year-to-date value.
    pub value: Vec<f64>,
}

/// One target to forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct CountTarget {
    /// Series id.
    pub series: String,
    /// Year of the target.
    pub year: i32,
    /// Count to reach.
    pub threshold: f64,
    /// Fraction of the year at the deadline.
    pub deadline: f64,
}

/// Result for one target.
#[derive(Debug, Clone, PartialEq)]
pub struct CountBatchRow {
    /// Series id.
    pub series: String,
    /// The forecast, or why there is none (for example no reports).
    pub result: Result<CountForecast, ForecastError>,
    /// Count still needed per month until the deadline (`None` once it has passed).
    pub pace_per_month: Option<f64>,
    /// Complete earlier years found for the series.
    pub history_years: usize,
    /// The target's threshold.
    pub threshold: f64,
}

/// Forecasts every target (see the module docs). Output order follows `targets`.
pub fn forecast_count_batch(rows: &CountRows, targets: &[CountTarget], model: CountModel, prior: GammaPrior) -> Vec<CountBatchRow> {
    let mut by_series: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, series) in rows.series.iter().enumerate() {
        by_series.entry(series.as_str()).or_default().push(index);
    }

    targets
        .par_iter()
        .map(|target| {
            let indices = by_series.get(target.series.as_str()).map(Vec::as_slice).unwrap_or(&[]);
            let (reports, history) = split_rows(rows, indices, target.year);
            let input = CountInput { reports: &reports, deadline: target.deadline, threshold: target.threshold, history: &history };
            let result = forecast_count(&input, model, prior);
            let pace_per_month = result.as_ref().ok().and_then(|r| {
                let months = (target.deadline - r.elapsed) * 12.0;
                (months > 0.0).then(|| (target.threshold - r.observed).max(0.0) / months)
            });
            CountBatchRow { series: target.series.clone(), result, pace_per_month, history_years: history.len(), threshold: target.threshold }
        })
        .collect()
}

/// Current-year reports and complete earlier years of one series.
fn split_rows(rows: &CountRows, indices: &[usize], year: i32) -> (Vec<(f64, f64)>, Vec<YearPath>) {
    let mut reports = Vec::new();
    let mut earlier: BTreeMap<i32, Vec<(f64, f64)>> = BTreeMap::new();
    for &i in indices {
        let point = (rows.elapsed[i], rows.value[i]);
        if rows.year[i] == year {
            reports.push(point);
        } else if rows.year[i] < year {
            earlier.entry(rows.year[i]).or_default().push(point);
        }
    }

    let history = earlier.into_iter().filter_map(|(year, points)| YearPath::from_points(year, points)).collect();
    (reports, history)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_reports_missing_series() {
        let rows = CountRows::default();
        let targets = vec![CountTarget { series: "none".into(), year: 2026, threshold: 5.0, deadline: 1.0 }];
        let out = forecast_count_batch(&rows, &targets, CountModel::Auto, GammaPrior::default());
        assert_eq!(out[0].result, Err(ForecastError::NoReports));
        assert_eq!(out[0].pace_per_month, None);
    }

    #[test]
    fn batch_uses_complete_years_only() {
        let rows = CountRows {
            series: vec!["s".into(); 7],
            year: vec![2023, 2023, 2024, 2024, 2025, 2025, 2026],
            elapsed: vec![0.5, 1.0, 0.5, 1.0, 0.5, 0.75, 0.5],
            value: vec![30.0, 100.0, 32.0, 98.0, 31.0, 70.0, 33.0],
        };
        let targets = vec![CountTarget { series: "s".into(), year: 2026, threshold: 90.0, deadline: 1.0 }];
        let out = forecast_count_batch(&rows, &targets, CountModel::Auto, GammaPrior::default());
        assert_eq!(out[0].history_years, 2);
        let pace = out[0].pace_per_month.unwrap();
        assert!((pace - 57.0 / 6.0).abs() < 1e-9);
    }
}

//! Variance-based sensitivity analysis of the ranks to the method choices.
//!
//! # Formula
//!
//! The output of one run is the mean absolute rank change against the
//! nominal ranks, `y = mean_u |rank_u − nominal_u|` (the target COINr 1.1.14
//! uses). With `N` base points the Saltelli design evaluates two independent
//! matrices `A` and `B` (N × d uniform draws) and, for each assumption `i`,
//! `A_B⁽ⁱ⁾` (A with column i taken from B): `N(d + 2)` runs in all. With
//! `V` the variance of the outputs of `A` and `B` together:
//!
//! * first order `Sᵢ = mean(y_B·(y_{A_B⁽ⁱ⁾} − y_A))/V` (Saltelli et al. 2010);
//! * total `STᵢ = mean((y_A − y_{A_B⁽ⁱ⁾})²)/(2V)` (Jansen 1999).
//!
//! Rows where any run failed are dropped. Intervals come from resampling the
//! `N` rows with replacement (`bootstrap` times) and taking the 5th and 95th
//! percentiles of the estimates.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use super::pipeline::Model;
use super::replicate::{replicate, Outcome};
use super::settings::Settings;
use super::uncertainty::{draws, quantile, Assumption, Design};
use super::{invalid_setting, IndexError, Result};

/// Options of [`sensitivity`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SensitivityOptions {
    /// The uncertain inputs (at least one).
    pub assumptions: Vec<Assumption>,
    /// Number of base points `N`; the pipeline runs `N(d + 2)` times.
    pub base: usize,
    /// Number of bootstrap resamples for the intervals (0 for none).
    pub bootstrap: usize,
    /// Seed of the random draws.
    pub seed: u64,
    /// Code whose ranks are the output; the index when `None`.
    pub code: Option<String>,
}

impl Default for SensitivityOptions {
    fn default() -> Self {
        SensitivityOptions { assumptions: Vec::new(), base: 500, bootstrap: 200, seed: 1, code: None }
    }
}

/// Sensitivity indices of one assumption.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    /// Assumption name.
    pub assumption: String,
    /// First-order index.
    pub first: f64,
    /// Total index.
    pub total: f64,
    /// 5th and 95th bootstrap percentiles of the first-order index.
    pub first_interval: (f64, f64),
    /// 5th and 95th bootstrap percentiles of the total index.
    pub total_interval: (f64, f64),
}

/// Result of [`sensitivity`].
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityResult {
    /// Code whose ranks are the output.
    pub code: String,
    /// Indices per assumption, in the order given.
    pub indices: Vec<Index>,
    /// Pipeline runs made.
    pub runs: usize,
    /// Runs that failed.
    pub failed: usize,
    /// Variance of the output over the A and B runs.
    pub variance: f64,
}

fn estimates(ya: &[f64], yb: &[f64], yab: &[f64], rows: &[usize]) -> (f64, f64) {
    let n = rows.len() as f64;
    let all: Vec<f64> = rows.iter().flat_map(|r| [ya[*r], yb[*r]]).collect();
    let mean = all.iter().sum::<f64>() / all.len() as f64;
    let variance = all.iter().map(|y| (y - mean).powi(2)).sum::<f64>() / all.len() as f64;
    if variance.is_nan() || variance <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let first = rows.iter().map(|r| yb[*r] * (yab[*r] - ya[*r])).sum::<f64>() / n / variance;
    let total = rows.iter().map(|r| (ya[*r] - yab[*r]).powi(2)).sum::<f64>() / n / (2.0 * variance);
    (first, total)
}

/// Estimates one assumption's indices on the rows where every run succeeded,
/// with 5–95 % bootstrap intervals.
fn index_with_interval(assumption: String, ya: &[f64], yb: &[f64], yab: &[f64], all_rows: &[usize], resamples: &[Vec<usize>]) -> Index {
    let valid = |r: &usize| !(ya[*r].is_nan() || yb[*r].is_nan() || yab[*r].is_nan());
    let rows: Vec<usize> = all_rows.iter().copied().filter(valid).collect();
    let (first, total) = estimates(ya, yb, yab, &rows);

    let (mut firsts, mut totals): (Vec<f64>, Vec<f64>) = resamples
        .iter()
        .map(|sample| estimates(ya, yb, yab, &sample.iter().copied().filter(valid).collect::<Vec<_>>()))
        .filter(|(f, t)| !f.is_nan() && !t.is_nan())
        .unzip();
    firsts.sort_by(f64::total_cmp);
    totals.sort_by(f64::total_cmp);

    Index {
        assumption,
        first,
        total,
        first_interval: (quantile(&firsts, 0.05), quantile(&firsts, 0.95)),
        total_interval: (quantile(&totals, 0.05), quantile(&totals, 0.95)),
    }
}

/// Runs the Saltelli design and estimates first-order and total indices.
///
/// # Examples
///
/// ```
/// use chiso::index::sensitivity::{sensitivity, SensitivityOptions};
/// use chiso::index::uncertainty::Assumption;
/// use chiso::index::{Dataset, Model, Node, Settings};
/// let nodes = vec![Node::indicator("a", "i"), Node::indicator("b", "i"), Node::aggregate("i", None, 2)];
/// let data = Dataset::from_columns(vec!["x".into(), "y".into(), "z".into()],
///     vec![("a".into(), vec![1.0, 2.0, 3.0]), ("b".into(), vec![3.0, 1.0, 2.0])]);
/// let model = Model::new(nodes, &data).unwrap();
/// let options = SensitivityOptions {
///     assumptions: vec![Assumption::Weights { bound: 0.9, codes: vec![], sets: 0 }],
///     base: 100, bootstrap: 20, seed: 3, code: None,
/// };
/// let result = sensitivity(&model, &Settings::default(), &options).unwrap();
/// assert_eq!(result.runs, 300);
/// ```
///
/// # Errors
///
/// [`IndexError::InvalidSetting`] with no assumption or `base` below 2, the
/// errors of the assumptions, and any error of the nominal run.
pub fn sensitivity(model: &Model, nominal: &Settings, options: &SensitivityOptions) -> Result<SensitivityResult> {
    if options.assumptions.is_empty() {
        return Err(invalid_setting("assumptions", "[]", "give at least one uncertain input"));
    }
    if options.base < 2 {
        return Err(invalid_setting("base", options.base, "must be at least 2"));
    }
    let base = model.run(nominal)?;
    let code = options.code.clone().unwrap_or_else(|| base.top_code().to_string());
    let position = base.codes.iter().position(|c| *c == code).ok_or_else(|| IndexError::UnknownCode(code.clone()))?;
    let nominal_ranks = base.ranks[position].clone();
    let design = Design::new(model, nominal, &options.assumptions, options.base, options.seed)?;
    let d = design.dimensions();

    let matrix = draws(options.base, 2 * d, options.seed);
    let a: Vec<Vec<f64>> = matrix.iter().map(|row| row[..d].to_vec()).collect();
    let b: Vec<Vec<f64>> = matrix.iter().map(|row| row[d..].to_vec()).collect();
    let mut points: Vec<Vec<f64>> = a.iter().chain(&b).cloned().collect();
    for i in 0..d {
        points.extend(a.iter().zip(&b).map(|(ra, rb)| {
            let mut row = ra.clone();
            row[i] = rb[i];
            row
        }));
    }

    let output = |outcome: Outcome| -> f64 {
        let Ok(ranks) = outcome else { return f64::NAN };
        let shifts: Vec<f64> = ranks.iter().zip(&nominal_ranks).filter_map(|(r, n)| Some((f64::from(r.as_ref().copied()?) - f64::from((*n)?)).abs())).collect();
        shifts.iter().sum::<f64>() / shifts.len() as f64
    };
    let y: Vec<f64> = replicate(model, &design, &points, &code, &base.units).into_iter().map(output).collect();
    let failed = y.iter().filter(|v| v.is_nan()).count();

    let n = options.base;
    let (ya, yb) = (&y[..n], &y[n..2 * n]);
    let all_rows: Vec<usize> = (0..n).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed.wrapping_add(1));
    let resamples: Vec<Vec<usize>> = (0..options.bootstrap).map(|_| (0..n).map(|_| rng.random_range(0..n)).collect()).collect();

    let indices: Vec<Index> = options
        .assumptions
        .iter()
        .enumerate()
        .map(|(i, assumption)| index_with_interval(assumption.name(), ya, yb, &y[(2 + i) * n..(3 + i) * n], &all_rows, &resamples))
        .collect();

    let ab: Vec<f64> = ya.iter().chain(yb).copied().filter(|v| !v.is_nan()).collect();
    let mean = ab.iter().sum::<f64>() / ab.len() as f64;
    let variance = ab.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / ab.len() as f64;
    Ok(SensitivityResult { code, indices, runs: y.len(), failed, variance })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{Aggregation, Dataset, Node, Normalisation};

    fn model() -> Model {
        let nodes = vec![
            Node::indicator("a", "p"),
            Node::indicator("b", "p"),
            Node::indicator("c", "q"),
            Node::indicator("d", "q"),
            Node::aggregate("p", Some("i"), 2),
            Node::aggregate("q", Some("i"), 2),
            Node::aggregate("i", None, 3),
        ];
        let units: Vec<String> = (0..12).map(|k| format!("u{k}")).collect();
        let column = |m: u32| (0..12u32).map(|k| f64::from((k * m + 3) % 13 + 1)).collect::<Vec<f64>>();
        let data = Dataset::from_columns(units, vec![("a".into(), column(5)), ("b".into(), column(7)), ("c".into(), column(3)), ("d".into(), column(11))]);
        Model::new(nodes, &data).unwrap()
    }

    #[test]
    fn inert_assumption_has_zero_indices() {
        // Min-max 0–100 and 1–100 give the same ranks under the arithmetic mean, so
        // normalisation is inert here, while the weights move ranks.
        let options = SensitivityOptions {
            assumptions: vec![
                Assumption::Normalisation {
                    methods: vec![
                        Normalisation::MinMax { lower: 0.0, upper: 100.0, goalposts: true },
                        Normalisation::MinMax { lower: 1.0, upper: 100.0, goalposts: true },
                    ],
                },
                Assumption::Weights { bound: 0.8, codes: vec![], sets: 0 },
            ],
            base: 200,
            bootstrap: 50,
            seed: 11,
            code: None,
        };
        let result = sensitivity(&model(), &Settings::default(), &options).unwrap();
        assert_eq!(result.runs, 200 * 4);
        assert_eq!(result.failed, 0);
        assert!(result.indices[0].total.abs() < 1e-9, "{:?}", result.indices[0]);
        assert!(result.indices[1].total > 0.5, "{:?}", result.indices[1]);
        assert!(result.indices[1].total_interval.0 <= result.indices[1].total);
    }

    #[test]
    fn same_seed_same_indices() {
        let options = SensitivityOptions { assumptions: vec![Assumption::Weights { bound: 0.5, codes: vec![], sets: 20 }], base: 60, bootstrap: 10, seed: 9, code: None };
        let first = sensitivity(&model(), &Settings::default(), &options).unwrap();
        let second = sensitivity(&model(), &Settings::default(), &options).unwrap();
        assert_eq!(first, second);
    }

    #[test]
    fn empty_assumptions_rejected() {
        let error = sensitivity(&model(), &Settings::default(), &SensitivityOptions::default()).unwrap_err();
        assert!(error.to_string().contains("assumptions"));
        let _ = Aggregation::Arithmetic;
    }
}

//! Normalisation of treated indicator values.
//!
//! Direction is applied first (`x·direction`), as COINr does, so a "lower is
//! better" indicator gets its highest normalised value at its lowest raw value.
//!
//! # Formula
//!
//! * min-max: `(x − min)/(max − min)·(upper − lower) + lower`, with `min` and
//!   `max` the lowest and highest unit, or the framework goalposts (values
//!   outside are truncated to them);
//! * z-score: `(x − mean)/sd·sd_target + mean_target`, sample sd (n − 1);
//! * rank: `1 + #(units with a lower value)`; percentile rank `100·(rank − 1)/(n − 1)`;
//! * distance to target: `100·(x − min)/(target − min)`, capped at 100, where the
//!   target is the goalpost at the good end (`upper` for direction +1, `lower` for −1);
//! * distance to frontier: `100·(1 − |x − best|/|best|)`, which is `100·x/max`
//!   for direction +1 (COINr `n_fracmax`).

use super::framework::Node;
use super::settings::{ConstantPolicy, Normalisation};
use super::{invalid_setting, IndexError, Result};

fn range(values: &[f64]) -> Option<(f64, f64)> {
    let present = values.iter().copied().filter(|v| !v.is_nan());
    present.fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

fn constant(node: &Node, value: f64, policy: ConstantPolicy, values: &[f64], midpoint: f64) -> Result<Vec<f64>> {
    match policy {
        ConstantPolicy::Error => Err(IndexError::ConstantIndicator { indicator: node.code.clone(), value }),
        ConstantPolicy::Midpoint => Ok(values.iter().map(|v| if v.is_nan() { f64::NAN } else { midpoint }).collect()),
    }
}

/// Normalises one indicator column (`NaN` = missing).
///
/// # Errors
///
/// [`IndexError::ConstantIndicator`] when min-max or z-score meets equal
/// values and the policy is `Error`; [`IndexError::MissingTarget`] when
/// distance to target has no goalpost; [`IndexError::InvalidSetting`] when
/// distance to frontier meets a best value of 0.
pub fn normalise_column(node: &Node, values: &[f64], method: &Normalisation, policy: ConstantPolicy) -> Result<Vec<f64>> {
    let direction = node.direction;
    let goalposts = match (node.lower, node.upper) {
        (Some(lower), Some(upper)) => Some((lower, upper)),
        _ => None,
    };

    match method {
        Normalisation::None => Ok(values.iter().map(|x| x * direction).collect()),
        Normalisation::MinMax { lower, upper, goalposts: use_goalposts } => {
            min_max(node, values, goalposts.filter(|_| *use_goalposts), (*lower, *upper), policy)
        }
        Normalisation::ZScore { mean, sd } => zscore(node, values, direction, *mean, *sd, policy),
        Normalisation::Rank | Normalisation::PercentRank => {
            let x: Vec<f64> = values.iter().map(|x| x * direction).collect();
            let n = x.iter().filter(|v| !v.is_nan()).count();
            let ranks: Vec<f64> = x.iter().map(|v| if v.is_nan() { f64::NAN } else { 1.0 + x.iter().filter(|w| **w < *v).count() as f64 }).collect();
            if matches!(method, Normalisation::Rank) {
                return Ok(ranks);
            }
            if n < 2 {
                return constant(node, x.iter().copied().find(|v| !v.is_nan()).unwrap_or(f64::NAN), policy, &x, 50.0);
            }
            Ok(ranks.iter().map(|r| 100.0 * (r - 1.0) / (n as f64 - 1.0)).collect())
        }
        Normalisation::DistanceToTarget => {
            let target = if direction > 0.0 { node.upper } else { node.lower };
            let target = target.ok_or_else(|| IndexError::MissingTarget { indicator: node.code.clone() })? * direction;
            let x: Vec<f64> = values.iter().map(|x| x * direction).collect();
            let Some((min, _)) = range(&x) else { return Ok(x) };
            if target <= min {
                return Err(invalid_setting(&format!("target of `{}`", node.code), target * direction, "the target must be better than the worst unit's value"));
            }
            Ok(x.iter().map(|v| (100.0 * (v - min) / (target - min)).min(100.0)).collect())
        }
        Normalisation::DistanceToFrontier => {
            let x: Vec<f64> = values.iter().map(|x| x * direction).collect();
            let Some((_, best)) = range(&x) else { return Ok(x) };
            if best == 0.0 {
                return Err(invalid_setting(&format!("best value of `{}`", node.code), 0, "distance to frontier divides by the best value; use min-max instead"));
            }
            Ok(x.iter().map(|v| 100.0 * (1.0 - (v - best).abs() / best.abs())).collect())
        }
    }
}

/// Min-max rescaling to `scale`, between `goalposts` (raw units) when given.
fn min_max(node: &Node, values: &[f64], goalposts: Option<(f64, f64)>, scale: (f64, f64), policy: ConstantPolicy) -> Result<Vec<f64>> {
    let direction = node.direction;
    let (lower, upper) = scale;
    let (x, bounds) = match goalposts {
        Some((lo, hi)) => {
            let truncated: Vec<f64> = values.iter().map(|x| if x.is_nan() { *x } else { x.clamp(lo, hi) * direction }).collect();
            let bounds = if direction > 0.0 { (lo, hi) } else { (-hi, -lo) };
            (truncated, Some(bounds))
        }
        None => {
            let x: Vec<f64> = values.iter().map(|x| x * direction).collect();
            let bounds = range(&x);
            (x, bounds)
        }
    };

    let Some((min, max)) = bounds else { return Ok(x) };
    if max == min {
        return constant(node, min * direction, policy, &x, (lower + upper) / 2.0);
    }
    Ok(x.iter().map(|v| (v - min) / (max - min) * (upper - lower) + lower).collect())
}

fn zscore(node: &Node, values: &[f64], direction: f64, target_mean: f64, target_sd: f64, policy: ConstantPolicy) -> Result<Vec<f64>> {
    let x: Vec<f64> = values.iter().map(|x| x * direction).collect();
    let present: Vec<f64> = x.iter().copied().filter(|v| !v.is_nan()).collect();
    let n = present.len() as f64;
    let mean = present.iter().sum::<f64>() / n;
    let sd = (present.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    if sd.is_nan() || sd <= 0.0 {
        return constant(node, mean * direction, policy, &x, target_mean);
    }
    Ok(x.iter().map(|v| (v - mean) / sd * target_sd + target_mean).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(direction: f64) -> Node {
        Node { direction, ..Node::indicator("x", "p") }
    }

    #[test]
    fn minmax_reverses_negative_direction() {
        let out = normalise_column(&node(-1.0), &[1.0, 2.0, 5.0], &Normalisation::default(), ConstantPolicy::Error).unwrap();
        assert_eq!(out, vec![100.0, 75.0, 0.0]);
    }

    #[test]
    fn minmax_uses_goalposts_and_truncates() {
        let n = Node { lower: Some(0.0), upper: Some(10.0), ..node(1.0) };
        let out = normalise_column(&n, &[5.0, 12.0, f64::NAN], &Normalisation::default(), ConstantPolicy::Error).unwrap();
        assert_eq!(out[..2], [50.0, 100.0]);
        assert!(out[2].is_nan());
    }

    #[test]
    fn goalposts_follow_negative_direction() {
        let n = Node { lower: Some(0.0), upper: Some(10.0), ..node(-1.0) };
        let out = normalise_column(&n, &[2.0, 10.0, -5.0], &Normalisation::default(), ConstantPolicy::Error).unwrap();
        assert_eq!(out, vec![80.0, 0.0, 100.0]);
    }

    #[test]
    fn zscore_uses_sample_sd() {
        let out = normalise_column(&node(1.0), &[1.0, 2.0, 3.0], &Normalisation::ZScore { mean: 0.0, sd: 1.0 }, ConstantPolicy::Error).unwrap();
        assert_eq!(out, vec![-1.0, 0.0, 1.0]);
    }

    #[test]
    fn distance_to_frontier_is_share_of_best() {
        let out = normalise_column(&node(1.0), &[2.0, 4.0, 8.0], &Normalisation::DistanceToFrontier, ConstantPolicy::Error).unwrap();
        assert_eq!(out, vec![25.0, 50.0, 100.0]);
        let out = normalise_column(&node(-1.0), &[2.0, 3.0, 4.0], &Normalisation::DistanceToFrontier, ConstantPolicy::Error).unwrap();
        assert_eq!(out, vec![100.0, 50.0, 0.0]);
    }

    #[test]
    fn constant_indicator_policy() {
        let error = normalise_column(&node(1.0), &[3.0, 3.0], &Normalisation::default(), ConstantPolicy::Error).unwrap_err();
        assert!(error.to_string().contains("`x`"), "{error}");
        let out = normalise_column(&node(1.0), &[3.0, 3.0], &Normalisation::default(), ConstantPolicy::Midpoint).unwrap();
        assert_eq!(out, vec![50.0, 50.0]);
    }

    #[test]
    fn percent_rank_with_ties() {
        let out = normalise_column(&node(1.0), &[1.0, 3.0, 3.0, 7.0], &Normalisation::PercentRank, ConstantPolicy::Error).unwrap();
        assert_eq!(out, vec![0.0, 100.0 / 3.0, 100.0 / 3.0, 100.0]);
    }

    #[test]
    fn distance_to_target_caps_at_100() {
        let n = Node { lower: Some(0.0), upper: Some(8.0), ..node(1.0) };
        let out = normalise_column(&n, &[0.0, 4.0, 10.0], &Normalisation::DistanceToTarget, ConstantPolicy::Error).unwrap();
        assert_eq!(out, vec![0.0, 50.0, 100.0]);
    }
}

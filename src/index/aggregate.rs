//! Weighted means of children.
//!
//! Missing children are dropped and the remaining weights renormalised, as
//! COINr's `a_amean` does. With a minimum coverage `c`, the aggregate is
//! missing when fewer than `c·k` of its `k` children have a value.
//!
//! # Formula
//!
//! With weights `wᵢ` and values `xᵢ` of the children that have a value:
//!
//! * arithmetic `Σwᵢxᵢ/Σwᵢ`;
//! * geometric `exp(Σwᵢ ln xᵢ/Σwᵢ)`, for `xᵢ > 0`;
//! * harmonic `Σwᵢ/Σ(wᵢ/xᵢ)`, for `xᵢ > 0`;
//! * generalised `(Σwᵢxᵢᵖ/Σwᵢ)^{1/p}`, for `xᵢ > 0` (p = 1 arithmetic, p = −1 harmonic).

use super::settings::Aggregation;

/// Why a weighted mean could not be computed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MeanError {
    /// The value at this position (among the inputs) is zero or negative.
    NonPositive(usize),
}

/// Weighted mean of `(weight, value)` pairs (`NaN` = missing).
///
/// # Errors
///
/// [`MeanError::NonPositive`] when a geometric, harmonic or generalised mean meets a value ≤ 0.
///
/// # Examples
///
/// ```
/// use chiso::index::aggregate::weighted_mean;
/// use chiso::index::Aggregation;
/// let x = [(1.0, 10.0), (1.0, f64::NAN), (2.0, 40.0)];
/// assert_eq!(weighted_mean(&x, Aggregation::Arithmetic, None), Ok(30.0));
/// ```
pub fn weighted_mean(pairs: &[(f64, f64)], method: Aggregation, min_coverage: Option<f64>) -> Result<f64, MeanError> {
    weighted_mean_by(pairs.len(), |k| pairs[k], method, min_coverage)
}

/// Weighted mean of the `count` pairs `pair(0) … pair(count − 1)`, as
/// [`weighted_mean`] but without collecting them, so hot loops do not allocate.
///
/// The sums run over the present pairs in order, so the result is bit for bit
/// the same as [`weighted_mean`] on the collected pairs.
///
/// # Errors
///
/// [`MeanError::NonPositive`] as [`weighted_mean`], with the position among the `count` pairs.
pub fn weighted_mean_by(count: usize, pair: impl Fn(usize) -> (f64, f64), method: Aggregation, min_coverage: Option<f64>) -> Result<f64, MeanError> {
    let present = || (0..count).map(&pair).filter(|(_, x)| !x.is_nan());
    let n_present = present().count();
    if n_present == 0 {
        return Ok(f64::NAN);
    }
    if let Some(coverage) = min_coverage {
        if (n_present as f64) < coverage * count as f64 {
            return Ok(f64::NAN);
        }
    }
    if method != Aggregation::Arithmetic {
        if let Some(k) = (0..count).find(|k| pair(*k).1 <= 0.0) {
            return Err(MeanError::NonPositive(k));
        }
    }

    let total: f64 = present().map(|(w, _)| w).sum();
    let mean = match method {
        Aggregation::Arithmetic => present().map(|(w, x)| w * x).sum::<f64>() / total,
        Aggregation::Geometric => (present().map(|(w, x)| w * x.ln()).sum::<f64>() / total).exp(),
        Aggregation::Harmonic => total / present().map(|(w, x)| w / x).sum::<f64>(),
        Aggregation::Generalised { p } => (present().map(|(w, x)| w * x.powf(p)).sum::<f64>() / total).powf(1.0 / p),
    };
    Ok(mean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_of_two_values() {
        let x = [(1.0, 1.0), (1.0, 4.0)];
        assert_eq!(weighted_mean(&x, Aggregation::Geometric, None), Ok(2.0));
        assert_eq!(weighted_mean(&x, Aggregation::Harmonic, None), Ok(1.6));
        assert!((weighted_mean(&x, Aggregation::Generalised { p: 2.0 }, None).unwrap() - 8.5f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn non_positive_rejected_by_geometric() {
        assert_eq!(weighted_mean(&[(1.0, 2.0), (1.0, 0.0)], Aggregation::Geometric, None), Err(MeanError::NonPositive(1)));
        assert_eq!(weighted_mean(&[(1.0, 2.0), (1.0, 0.0)], Aggregation::Arithmetic, None), Ok(1.0));
    }

    #[test]
    fn coverage_rule() {
        let x = [(1.0, 2.0), (1.0, f64::NAN), (1.0, f64::NAN)];
        assert!(weighted_mean(&x, Aggregation::Arithmetic, Some(0.5)).unwrap().is_nan());
        assert_eq!(weighted_mean(&x, Aggregation::Arithmetic, Some(0.3)), Ok(2.0));
    }
}

//! Shares from a numerator and a denominator: the beta posterior.
//!
//! With `x` of `n` units counted and Jeffreys' prior Beta(½, ½), the share
//! has posterior Beta(x + ½, n − x + ½). The share is a level rather than a
//! flow, so the latest counts stand for the year-end share; the interval is
//! the posterior's central interval and the probability is
//! P(share ≥ threshold) under it.
//!
//! # Examples
//!
//! ```
//! use chiso::forecast::share::beta_binomial;
//! let f = beta_binomial(3_000.0, 40_000.0, 0.10).unwrap();
//! assert!(f.median < 0.08);
//! assert!(f.probability < 1e-6);
//! ```

use statrs::distribution::{Beta, ContinuousCDF};

use super::{check_finite, Forecast, ForecastError};

/// Forecasts a share from counts with the Jeffreys beta posterior.
///
/// # Errors
///
/// [`ForecastError::InvalidInput`] when a count is negative, the numerator is
/// above the denominator, or the threshold is outside 0–1.
pub fn beta_binomial(numerator: f64, denominator: f64, threshold: f64) -> Result<Forecast, ForecastError> {
    check_finite("numerator", numerator, 0.0)?;
    check_finite("denominator", denominator, 0.0)?;
    check_finite("threshold", threshold, 0.0)?;
    if numerator > denominator {
        return Err(ForecastError::InvalidInput { name: "numerator", value: numerator, rule: "must not exceed the denominator" });
    }
    if threshold > 1.0 {
        return Err(ForecastError::InvalidInput { name: "threshold", value: threshold, rule: "must be a share between 0 and 1" });
    }

    let posterior = Beta::new(numerator + 0.5, denominator - numerator + 0.5).expect("shape parameters are positive");
    let probability = if threshold <= 0.0 { 1.0 } else { 1.0 - posterior.cdf(threshold) };

    Ok(Forecast {
        model: "beta_binomial",
        reason: "reason.share_beta",
        median: posterior.inverse_cdf(0.5),
        mean: (numerator + 0.5) / (denominator + 1.0),
        lower80: posterior.inverse_cdf(0.10),
        upper80: posterior.inverse_cdf(0.90),
        lower95: posterior.inverse_cdf(0.025),
        upper95: posterior.inverse_cdf(0.975),
        probability,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn share_of_zero_and_one() {
        let zero = beta_binomial(0.0, 50.0, 0.1).unwrap();
        assert!(zero.lower95 >= 0.0 && zero.upper95 < 0.1);
        let all = beta_binomial(50.0, 50.0, 0.1).unwrap();
        assert!(all.probability > 0.999);
    }

    #[test]
    fn share_probability_half_at_median() {
        let f = beta_binomial(100.0, 1000.0, 0.0).unwrap();
        assert_relative_eq!(f.probability, 1.0);
        let g = beta_binomial(100.0, 1000.0, f.median).unwrap();
        assert_relative_eq!(g.probability, 0.5, epsilon = 1e-9);
    }
}

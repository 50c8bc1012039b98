//! Counts within a year: the Poisson–gamma run rate.
//!
//! Events arrive as a Poisson process with an unknown yearly rate λ. With a
//! Gamma(a₀, b₀) prior on λ (shape, rate) and `y` events counted in the
//! elapsed fraction `t` of the year, the posterior is Gamma(a₀ + y, b₀ + t).
//! The count still to come in the remaining fraction `s` is then negative
//! binomial with size `r = a₀ + y` and success probability
//! `p = (b₀ + t) / (b₀ + t + s)`, and the year-end total is `y` plus it.
//! The default prior a₀ = 0.5, b₀ = 0 is Jeffreys' prior for a Poisson rate.
//!
//! # Formula
//!
//! ```text
//! P(N = k) = Γ(k + r) / (Γ(r) k!) · p^r · (1 − p)^k
//! P(N ≤ k) = I_p(r, k + 1)             (regularised incomplete beta)
//! P(met)   = P(N ≥ threshold − y)
//! ```
//!
//! # Examples
//!
//! ```
//! use chiso::forecast::count::{run_rate, GammaPrior};
//! // 12 events in the first 0.7 of the year, threshold 20.
//! let f = run_rate(12.0, 0.7, 0.3, 20.0, GammaPrior::default()).unwrap();
//! assert!(f.lower80 >= 12.0);
//! assert!(f.probability > 0.0 && f.probability < 0.5);
//! ```

use statrs::function::beta::beta_reg;

use super::{check_finite, Forecast, ForecastError};

/// Gamma prior on the yearly rate (shape, rate).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GammaPrior {
    /// Shape a₀.
    pub shape: f64,
    /// Rate b₀, in years.
    pub rate: f64,
}

impl Default for GammaPrior {
    fn default() -> Self {
        GammaPrior { shape: 0.5, rate: 0.0 }
    }
}

/// Negative binomial distribution of the number of failures before the
/// `size`-th success, with success probability `p`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NegativeBinomial {
    /// Size r (need not be a whole number).
    pub size: f64,
    /// Success probability p.
    pub p: f64,
}

impl NegativeBinomial {
    /// Mean r(1 − p)/p.
    pub fn mean(&self) -> f64 {
        self.size * (1.0 - self.p) / self.p
    }

    /// Variance r(1 − p)/p².
    pub fn variance(&self) -> f64 {
        self.size * (1.0 - self.p) / (self.p * self.p)
    }

    /// P(N ≤ k).
    pub fn cdf(&self, k: f64) -> f64 {
        if k < 0.0 {
            return 0.0;
        }
        if self.p >= 1.0 {
            return 1.0;
        }
        beta_reg(self.size, k.floor() + 1.0, self.p)
    }

    /// Smallest whole k with P(N ≤ k) ≥ q.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.p >= 1.0 || q <= 0.0 {
            return 0.0;
        }
        let mut low = 0.0_f64;
        let mut high = (self.mean() + 40.0 * self.variance().sqrt() + 10.0).ceil();
        while self.cdf(high) < q {
            high *= 2.0;
        }
        if self.cdf(low) >= q {
            return 0.0;
        }
        while high - low > 1.0 {
            let mid = ((low + high) / 2.0).floor();
            if self.cdf(mid) >= q {
                high = mid;
            } else {
                low = mid;
            }
        }
        high
    }
}

/// Forecasts a year-end count with the Poisson–gamma run rate.
///
/// `observed` is the count so far, `elapsed` and `remaining` the fractions of
/// the year (or of the period up to the deadline) already gone and still to
/// come, `threshold` the count to reach.
///
/// # Errors
///
/// [`ForecastError::InvalidInput`] when a value is negative or not finite, or
/// when `elapsed` is zero (no time has passed to learn a rate from).
pub fn run_rate(
    observed: f64,
    elapsed: f64,
    remaining: f64,
    threshold: f64,
    prior: GammaPrior,
) -> Result<Forecast, ForecastError> {
    check_finite("observed", observed, 0.0)?;
    check_finite("elapsed", elapsed, 0.0)?;
    check_finite("remaining", remaining, 0.0)?;
    check_finite("threshold", threshold, 0.0)?;
    if elapsed + prior.rate <= 0.0 {
        return Err(ForecastError::InvalidInput { name: "elapsed", value: elapsed, rule: "must be above zero" });
    }

    let observed = observed.floor();
    let to_come = NegativeBinomial {
        size: prior.shape + observed,
        p: (prior.rate + elapsed) / (prior.rate + elapsed + remaining),
    };
    let needed = (threshold - observed).ceil();
    let probability = if needed <= 0.0 { 1.0 } else { 1.0 - to_come.cdf(needed - 1.0) };

    Ok(Forecast {
        model: "poisson_gamma_run_rate",
        reason: "reason.count_run_rate",
        median: observed + to_come.quantile(0.5),
        mean: observed + to_come.mean(),
        lower80: observed + to_come.quantile(0.10),
        upper80: observed + to_come.quantile(0.90),
        lower95: observed + to_come.quantile(0.025),
        upper95: observed + to_come.quantile(0.975),
        probability,
    })
}

/// P(meet) from the plug-in Poisson rate: the yearly rate is taken as
/// `observed / elapsed`, as if known, and the count still to come is
/// Poisson(rate · remaining).
///
/// Shown for comparison only: it ignores rate uncertainty, so early in the
/// year it is overconfident (YTD 4 after one quarter of a target of 20 gives
/// 0.156 against 0.337 for [`run_rate`]).
///
/// # Formula
///
/// ```text
/// P(met) = 1 − F_Poisson(threshold − observed − 1; observed · remaining / elapsed)
/// ```
///
/// # Errors
///
/// [`ForecastError::InvalidInput`] as for [`run_rate`].
pub fn poisson_plugin(observed: f64, elapsed: f64, remaining: f64, threshold: f64) -> Result<f64, ForecastError> {
    use statrs::distribution::{DiscreteCDF, Poisson};

    check_finite("observed", observed, 0.0)?;
    check_finite("remaining", remaining, 0.0)?;
    check_finite("threshold", threshold, 0.0)?;
    if !(elapsed.is_finite() && elapsed > 0.0) {
        return Err(ForecastError::InvalidInput { name: "elapsed", value: elapsed, rule: "must be above zero" });
    }

    let needed = (threshold - observed.floor()).ceil();
    if needed <= 0.0 {
        return Ok(1.0);
    }
    let expected = observed.floor() * remaining / elapsed;
    if expected <= 0.0 {
        return Ok(0.0);
    }
    let poisson = Poisson::new(expected).expect("rate is positive");
    Ok(1.0 - poisson.cdf(needed as u64 - 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn negative_binomial_cdf_matches_pmf_sum() {
        let nb = NegativeBinomial { size: 3.5, p: 0.4 };
        let mut pmf = nb.p.powf(nb.size);
        let mut total = 0.0;
        for k in 0..30 {
            total += pmf;
            assert_relative_eq!(nb.cdf(k as f64), total, max_relative = 1e-10);
            pmf *= (k as f64 + nb.size) / (k as f64 + 1.0) * (1.0 - nb.p);
        }
    }

    #[test]
    fn run_rate_interval_never_below_observed() {
        let f = run_rate(0.0, 0.25, 0.75, 5.0, GammaPrior::default()).unwrap();
        assert!(f.lower95 >= 0.0);
        let f = run_rate(30.0, 0.9, 0.1, 20.0, GammaPrior::default()).unwrap();
        assert_eq!(f.probability, 1.0);
        assert!(f.lower80 >= 30.0);
    }

    #[test]
    fn run_rate_mean_is_pro_rata() {
        // Posterior mean rate (0.5 + 10) / 0.5 = 21 per year, half a year to come.
        let f = run_rate(10.0, 0.5, 0.5, 25.0, GammaPrior::default()).unwrap();
        assert_relative_eq!(f.mean, 10.0 + 10.5, max_relative = 1e-12);
    }

    #[test]
    fn run_rate_rejects_zero_elapsed() {
        assert!(run_rate(0.0, 0.0, 1.0, 5.0, GammaPrior::default()).is_err());
    }

    #[test]
    fn quantile_handles_large_counts() {
        let nb = NegativeBinomial { size: 121_900.5, p: 0.75 };
        let median = nb.quantile(0.5);
        assert!((median - nb.mean()).abs() < 3.0 * nb.variance().sqrt());
    }
}

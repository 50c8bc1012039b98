//! The predictive distribution shared by the within-year count models.
//!
//! Every count model here models the count still to come the same way:
//! with `y` events counted so far and a fraction `s` of the period's activity
//! already elapsed, a Jeffreys Gamma(½, 0) prior on the rate gives a negative
//! binomial number of further events, NB(size = ½ + y, p = s). The models differ
//! in what they know about `s` and about the spread:
//!
//! * the run rate takes `s` as the elapsed share of calendar time;
//! * the seasonal model draws `s` from a beta distribution learned from earlier
//!   years, so the predictive is a mixture of negative binomials over `s`;
//! * the overdispersed model rescales counts by a dispersion index `φ`
//!   estimated from history (quasi-Poisson), so the variance grows by `φ` while
//!   the mean stays put.
//!
//! # Formula
//!
//! ```text
//! N | s  ~ NB(size = (a₀ + y/φ), p = s)            remaining count in units of φ
//! R      = φ · N                                   remaining count
//! P(R ≤ k) = mean over nodes sᵢ of I_{sᵢ}(size, ⌊k/φ⌋ + 1)
//! total  = y + R
//! ```
//!
//! The beta distribution of `s` is represented by `NODES` equally weighted
//! quantile nodes (midpoint rule), which keeps every probability and quantile
//! deterministic.

use statrs::distribution::{Beta, ContinuousCDF};
use statrs::function::beta::beta_reg;

/// Number of quantile nodes used to integrate over a beta-distributed share.
pub(crate) const NODES: usize = 64;

/// Predictive distribution of the count still to come.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Remaining {
    /// Negative binomial size in units of `phi`.
    size: f64,
    /// Success probabilities, one per node (equal weights).
    shares: Vec<f64>,
    /// Dispersion index (1 for Poisson-like counts).
    phi: f64,
}

impl Remaining {
    /// Builds the predictive for `observed` events with a fixed elapsed share.
    pub(crate) fn fixed(observed: f64, prior_shape: f64, share: f64, phi: f64) -> Remaining {
        Remaining { size: prior_shape + observed / phi, shares: vec![share.clamp(1e-9, 1.0)], phi }
    }

    /// Builds the predictive for `observed` events with the elapsed share
    /// drawn from Beta(`alpha`, `beta`).
    pub(crate) fn beta_share(observed: f64, prior_shape: f64, alpha: f64, beta: f64) -> Remaining {
        let distribution = Beta::new(alpha, beta).expect("beta shapes are positive");
        let shares = (0..NODES)
            .map(|i| distribution.inverse_cdf((i as f64 + 0.5) / NODES as f64).clamp(1e-9, 1.0))
            .collect();
        Remaining { size: prior_shape + observed, shares, phi: 1.0 }
    }

    /// P(N ≤ n) in units of `phi`.
    fn scaled_cdf(&self, n: f64) -> f64 {
        if n < 0.0 {
            return 0.0;
        }
        let total: f64 = self
            .shares
            .iter()
            .map(|&p| if p >= 1.0 { 1.0 } else { beta_reg(self.size, n.floor() + 1.0, p) })
            .sum();
        total / self.shares.len() as f64
    }

    /// Mean of the remaining count.
    pub(crate) fn mean(&self) -> f64 {
        let scaled: f64 = self.shares.iter().map(|&p| self.size * (1.0 - p) / p).sum::<f64>() / self.shares.len() as f64;
        self.phi * scaled
    }

    /// P(remaining ≥ `needed`).
    pub(crate) fn probability_at_least(&self, needed: f64) -> f64 {
        if needed <= 0.0 {
            return 1.0;
        }
        let scaled_needed = (needed / self.phi).ceil();
        (1.0 - self.scaled_cdf(scaled_needed - 1.0)).clamp(0.0, 1.0)
    }

    /// Smallest whole remaining count whose CDF reaches `q`.
    pub(crate) fn quantile(&self, q: f64) -> f64 {
        if q <= 0.0 || self.scaled_cdf(0.0) >= q {
            return 0.0;
        }

        // Bracket the quantile from the largest node mean, then bisect.
        let widest = self.shares.iter().copied().fold(1.0_f64, f64::min);
        let node_mean = self.size * (1.0 - widest) / widest;
        let node_sd = (self.size * (1.0 - widest)).sqrt() / widest;
        let mut low = 0.0_f64;
        let mut high = (node_mean + 10.0 * node_sd + 10.0).ceil();
        while self.scaled_cdf(high) < q {
            low = high;
            high *= 2.0;
        }
        while high - low > 1.0 {
            let mid = ((low + high) / 2.0).floor();
            if self.scaled_cdf(mid) >= q {
                high = mid;
            } else {
                low = mid;
            }
        }
        (self.phi * high).round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::count::NegativeBinomial;

    #[test]
    fn fixed_share_matches_negative_binomial() {
        let remaining = Remaining::fixed(12.0, 0.5, 0.7, 1.0);
        let nb = NegativeBinomial { size: 12.5, p: 0.7 };
        for q in [0.025, 0.1, 0.5, 0.9, 0.975] {
            assert_eq!(remaining.quantile(q), nb.quantile(q));
        }
        assert!((remaining.mean() - nb.mean()).abs() < 1e-12);
    }

    #[test]
    fn dispersion_keeps_mean_and_widens() {
        let poisson = Remaining::fixed(400.0, 0.5, 0.5, 1.0);
        let wide = Remaining::fixed(400.0, 0.5, 0.5, 9.0);
        assert!((poisson.mean() - wide.mean()).abs() / poisson.mean() < 0.02);
        assert!(wide.quantile(0.975) - wide.quantile(0.025) > 2.5 * (poisson.quantile(0.975) - poisson.quantile(0.025)));
    }

    #[test]
    fn beta_share_quantiles_are_ordered() {
        let remaining = Remaining::beta_share(300.0, 0.5, 30.0, 70.0);
        let q: Vec<f64> = [0.025, 0.1, 0.5, 0.9, 0.975].iter().map(|&q| remaining.quantile(q)).collect();
        assert!(q.windows(2).all(|w| w[0] <= w[1]));
        // Share 0.3 of the year gone: remaining ≈ 300 · 0.7 / 0.3 = 700.
        assert!((q[2] - 700.0).abs() < 60.0);
    }
}

//! The probability that a share is at or above a goal, and its status.
//!
//! Two probabilities are returned side by side, because they answer
//! slightly different questions:
//!
//! * `probability_normal`: the one-sided test on the logit scale. With
//!   z = (logit p̂ − logit p₀) / (se / (p̂(1−p̂))), it is Φ(z), the
//!   confidence that the share is at least p₀; `p_value` = 1 − Φ(z) tests
//!   H₀: share ≤ p₀ against share > p₀.
//! * `probability_posterior`: P(share ≥ p₀) under the posterior
//!   Beta(n_eff·p̂ + ½, n_eff·(1−p̂) + ½), Jeffreys' prior updated with the
//!   effective sample size n_eff = p̂(1−p̂)/v̂ (the respondents when p̂ is
//!   0 or 1).
//!
//! # Status
//!
//! The rule of the scorecard, with the interval standing for "the value
//! meets the threshold":
//!
//! | status | rule |
//! | --- | --- |
//! | `met` | the lower confidence bound is ≥ p₀ |
//! | `on_track` | otherwise, the chosen probability ≥ `on_track` (0.8) |
//! | `at_risk` | the chosen probability ≥ `at_risk` (0.5) |
//! | `off_track` | the chosen probability is below `at_risk` |
//!
//! The chosen probability is the posterior one unless [`Basis::Normal`] is set.
//!
//! # Examples
//!
//! ```
//! use chiso::survey::goal::{share_from_counts, CountMethod, GoalSettings};
//! let settings = GoalSettings::default();
//! let row = share_from_counts(2_600.0, 23_722.0, CountMethod::Jeffreys, 0.95, &settings).unwrap();
//! assert!(row.ci_lower > 0.10);
//! assert_eq!(row.status.code(), "met");
//! ```

use statrs::distribution::{Beta, ContinuousCDF, Normal};

use super::ci::{beta_quantile, clopper_pearson, t_quantile, wilson};
use super::SurveyError;
use crate::scorecard::Status;

/// Which probability decides the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Basis {
    /// The Jeffreys–beta posterior probability.
    #[default]
    Posterior,
    /// Φ(z) of the logit-scale test.
    Normal,
}

impl Basis {
    /// Parses `posterior` or `normal`.
    ///
    /// # Errors
    ///
    /// [`SurveyError::InvalidOption`] for any other text.
    pub fn parse(text: &str) -> Result<Basis, SurveyError> {
        match text {
            "posterior" => Ok(Basis::Posterior),
            "normal" => Ok(Basis::Normal),
            other => Err(SurveyError::InvalidOption { name: "basis", value: other.to_string(), rule: "use posterior or normal" }),
        }
    }
}

/// The goal and the status thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GoalSettings {
    /// Goal p₀ as a share (0.10 for 10 %).
    pub threshold: f64,
    /// Probability at or above which the status is `on_track`.
    pub on_track: f64,
    /// Probability at or above which the status is `at_risk`.
    pub at_risk: f64,
    /// Which probability decides the status.
    pub basis: Basis,
}

impl Default for GoalSettings {
    fn default() -> Self {
        GoalSettings { threshold: 0.10, on_track: 0.8, at_risk: 0.5, basis: Basis::Posterior }
    }
}

impl GoalSettings {
    /// Checks that 0 < threshold < 1 and 0 ≤ at_risk ≤ on_track ≤ 1.
    ///
    /// # Errors
    ///
    /// [`SurveyError::InvalidOption`] naming the bad setting.
    pub fn validate(&self) -> Result<(), SurveyError> {
        if !(self.threshold > 0.0 && self.threshold < 1.0) {
            return Err(SurveyError::InvalidOption { name: "threshold", value: self.threshold.to_string(), rule: "must be a share strictly between 0 and 1" });
        }
        let ordered = (0.0..=1.0).contains(&self.at_risk) && (0.0..=1.0).contains(&self.on_track) && self.at_risk <= self.on_track;
        if !ordered {
            return Err(SurveyError::InvalidOption { name: "on_track/at_risk", value: format!("{}/{}", self.on_track, self.at_risk), rule: "need 0 ≤ at_risk ≤ on_track ≤ 1" });
        }
        Ok(())
    }
}

/// The probabilities and status of one share against the goal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GoalAssessment {
    /// Φ(z) of the one-sided logit-scale test.
    pub probability_normal: f64,
    /// 1 − Φ(z): p-value of H₀ share ≤ goal.
    pub p_value: f64,
    /// P(share ≥ goal) under the Jeffreys–beta posterior with n_eff.
    pub probability_posterior: f64,
    /// Status by the rule in the module documentation.
    pub status: Status,
}

/// Assesses an estimate against the goal.
///
/// `n_effective` is p̂(1−p̂)/v̂, or the respondents when p̂ is 0 or 1.
pub fn assess(estimate: f64, se: f64, n_effective: f64, ci_lower: f64, settings: &GoalSettings) -> GoalAssessment {
    let p0 = settings.threshold;
    let probability_normal = if estimate > 0.0 && estimate < 1.0 && se > 0.0 {
        let se_logit = se / (estimate * (1.0 - estimate));
        let z = ((estimate / (1.0 - estimate)).ln() - (p0 / (1.0 - p0)).ln()) / se_logit;
        Normal::standard().cdf(z)
    } else if estimate >= p0 {
        1.0
    } else {
        0.0
    };
    // A census (every unit observed, fpc = 1) has no sampling error: the share is known.
    let census = se <= 0.0 || !n_effective.is_finite();
    let probability_posterior = if census {
        if estimate >= p0 { 1.0 } else { 0.0 }
    } else {
        posterior_at_least(estimate * n_effective + 0.5, (1.0 - estimate) * n_effective + 0.5, p0)
    };
    let chosen = match settings.basis {
        Basis::Posterior => probability_posterior,
        Basis::Normal => probability_normal,
    };
    GoalAssessment { probability_normal, p_value: 1.0 - probability_normal, probability_posterior, status: status(ci_lower, chosen, settings) }
}

fn posterior_at_least(a: f64, b: f64, threshold: f64) -> f64 {
    match Beta::new(a, b) {
        Ok(beta) => 1.0 - beta.cdf(threshold),
        Err(_) => f64::NAN,
    }
}

fn status(ci_lower: f64, probability: f64, settings: &GoalSettings) -> Status {
    if ci_lower >= settings.threshold {
        Status::Met
    } else if probability.is_nan() {
        Status::NoData
    } else if probability >= settings.on_track {
        Status::OnTrack
    } else if probability >= settings.at_risk {
        Status::AtRisk
    } else {
        Status::OffTrack
    }
}

/// Interval for a share from counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CountMethod {
    /// Exact binomial interval.
    ClopperPearson,
    /// Wilson score interval.
    Wilson,
    /// Equal-tailed Beta(x + ½, n − x + ½) interval, with bound 0 at x = 0 and 1 at x = n.
    Jeffreys,
    /// Equal-tailed posterior interval of the beta-binomial model with prior Beta(a, b).
    BetaBinomial {
        /// Prior successes a.
        a: f64,
        /// Prior failures b.
        b: f64,
    },
}

/// A share from counts, its interval and its assessment against the goal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CountShare {
    /// x / n.
    pub estimate: f64,
    /// Binomial standard error √(p(1−p)/n).
    pub se: f64,
    /// Lower confidence (or credible) bound.
    pub ci_lower: f64,
    /// Upper confidence (or credible) bound.
    pub ci_upper: f64,
    /// Probabilities and status; the posterior uses the beta-binomial prior
    /// when that method is chosen and Jeffreys' prior otherwise.
    pub goal: GoalAssessment,
    /// Status (same as `goal.status`).
    pub status: Status,
}

/// Estimates a share from `x` units with the property among `n`, with an
/// interval and the goal assessment.
///
/// # Errors
///
/// [`SurveyError::InvalidOption`] when the counts are negative or x > n,
/// when the level is outside (0, 1), or when the settings are invalid.
pub fn share_from_counts(x: f64, n: f64, method: CountMethod, level: f64, settings: &GoalSettings) -> Result<CountShare, SurveyError> {
    settings.validate()?;
    if !(x >= 0.0 && n > 0.0 && x <= n && x.is_finite() && n.is_finite()) {
        return Err(SurveyError::InvalidOption { name: "counts", value: format!("{x} of {n}"), rule: "need 0 ≤ numerator ≤ denominator and a positive denominator" });
    }
    check_level(level)?;

    let p = x / n;
    let alpha = 1.0 - level;
    let (ci_lower, ci_upper, prior) = match method {
        CountMethod::ClopperPearson => {
            let (low, high) = clopper_pearson(x, n, level);
            (low, high, (0.5, 0.5))
        }
        CountMethod::Wilson => {
            let (low, high) = wilson(p, n, t_quantile(1.0 - alpha / 2.0, f64::INFINITY));
            (low, high, (0.5, 0.5))
        }
        CountMethod::Jeffreys => {
            let low = if x <= 0.0 { 0.0 } else { beta_quantile(alpha / 2.0, x + 0.5, n - x + 0.5) };
            let high = if x >= n { 1.0 } else { beta_quantile(1.0 - alpha / 2.0, x + 0.5, n - x + 0.5) };
            (low, high, (0.5, 0.5))
        }
        CountMethod::BetaBinomial { a, b } => {
            if !(a > 0.0 && b > 0.0) {
                return Err(SurveyError::InvalidOption { name: "prior", value: format!("Beta({a}, {b})"), rule: "both prior parameters must be positive" });
            }
            (beta_quantile(alpha / 2.0, x + a, n - x + b), beta_quantile(1.0 - alpha / 2.0, x + a, n - x + b), (a, b))
        }
    };

    let se = (p * (1.0 - p) / n).sqrt();
    let mut goal = assess(p, se, n, ci_lower, settings);
    goal.probability_posterior = posterior_at_least(x + prior.0, n - x + prior.1, settings.threshold);
    let chosen = if settings.basis == Basis::Normal { goal.probability_normal } else { goal.probability_posterior };
    goal.status = status(ci_lower, chosen, settings);
    Ok(CountShare { estimate: p, se, ci_lower, ci_upper, goal, status: goal.status })
}

/// Checks that a confidence level is strictly between 0 and 1.
///
/// # Errors
///
/// [`SurveyError::InvalidOption`].
pub fn check_level(level: f64) -> Result<(), SurveyError> {
    if level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(SurveyError::InvalidOption { name: "level", value: level.to_string(), rule: "must be strictly between 0 and 1, for example 0.95" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn goal_census_has_certain_status() {
        let settings = GoalSettings::default();
        let below = assess(0.071, 0.0, f64::INFINITY, 0.071, &settings);
        assert_eq!(below.probability_posterior, 0.0);
        assert_eq!(below.status, Status::OffTrack);
        let above = assess(0.12, 0.0, f64::INFINITY, 0.12, &settings);
        assert_eq!(above.status, Status::Met);
    }

    #[test]
    fn goal_probability_half_at_threshold() {
        let settings = GoalSettings::default();
        let a = assess(0.10, 0.01, 900.0, 0.08, &settings);
        assert_relative_eq!(a.probability_normal, 0.5, epsilon = 1e-12);
        assert_eq!(a.status, Status::AtRisk);
    }

    #[test]
    fn goal_status_follows_thresholds() {
        let settings = GoalSettings::default();
        assert_eq!(assess(0.12, 0.005, 4000.0, 0.11, &settings).status, Status::Met);
        assert_eq!(assess(0.11, 0.008, 1500.0, 0.095, &settings).status, Status::OnTrack);
        assert_eq!(assess(0.06, 0.01, 600.0, 0.04, &settings).status, Status::OffTrack);
    }

    #[test]
    fn goal_counts_intervals_known_values() {
        let settings = GoalSettings::default();
        // 0 of 40: Clopper–Pearson upper bound 1 − 0.025^(1/40).
        let zero = share_from_counts(0.0, 40.0, CountMethod::ClopperPearson, 0.95, &settings).unwrap();
        assert_relative_eq!(zero.ci_upper, 1.0 - 0.025_f64.powf(1.0 / 40.0), epsilon = 1e-12);
        assert_eq!(zero.ci_lower, 0.0);
        let all = share_from_counts(40.0, 40.0, CountMethod::Jeffreys, 0.95, &settings).unwrap();
        assert_eq!(all.ci_upper, 1.0);
        assert_eq!(all.status, Status::Met);
        assert!(share_from_counts(5.0, 4.0, CountMethod::Wilson, 0.95, &settings).is_err());
    }

    #[test]
    fn goal_beta_binomial_with_jeffreys_prior_is_jeffreys() {
        let settings = GoalSettings::default();
        let jeffreys = share_from_counts(30.0, 250.0, CountMethod::Jeffreys, 0.9, &settings).unwrap();
        let beta = share_from_counts(30.0, 250.0, CountMethod::BetaBinomial { a: 0.5, b: 0.5 }, 0.9, &settings).unwrap();
        assert_relative_eq!(jeffreys.ci_lower, beta.ci_lower, epsilon = 1e-14);
        assert_relative_eq!(jeffreys.goal.probability_posterior, beta.goal.probability_posterior, epsilon = 1e-14);
    }
}

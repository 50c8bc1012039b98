//! Shares: from a numerator and a denominator (beta posterior) or from a
//! survey estimate with its standard error (effective-n beta or logit-normal).
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

use statrs::distribution::{Beta, ContinuousCDF, Normal, StudentsT};

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

/// Method that turns a survey estimate and its standard error into a distribution of the share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyMethod {
    /// Beta with the Korn–Graubard effective sample size `p̂(1 − p̂)/SE²`.
    EffectiveN,
    /// Normal on the log-odds scale with the delta-method SE `SE/(p̂(1 − p̂))`.
    LogitNormal,
}

impl SurveyMethod {
    /// Parses `effective_n` or `logit_normal`.
    pub fn parse(name: &str) -> Option<SurveyMethod> {
        match name {
            "effective_n" => Some(SurveyMethod::EffectiveN),
            "logit_normal" => Some(SurveyMethod::LogitNormal),
            _ => None,
        }
    }
}

/// Forecasts a share from a survey estimate and its standard error.
///
/// The survey estimate stands for the year-end share (a level, as in
/// [`beta_binomial`]). With an estimate of exactly 0 or 1, or a zero standard
/// error, neither method can learn the spread from the SE, so the sample size
/// `n` is used as the effective sample size (Jeffreys beta on `n`).
///
/// # Formula
///
/// ```text
/// effective_n:  n_eff = p̂(1 − p̂)/SE²,  share ~ Beta(n_eff p̂ + ½, n_eff (1 − p̂) + ½)
/// logit_normal: logit(share) ~ N(logit p̂, (SE / (p̂(1 − p̂)))²)
/// P(met) = P(share ≥ threshold)
/// ```
///
/// Source: Korn & Graubard (1998), "Confidence intervals for proportions with
/// small expected number of positive counts estimated from survey data",
/// *Survey Methodology* 24(2); the same effective n is R `survey::svyciprop(method = "beta")`.
///
/// # Examples
///
/// ```
/// use chiso::forecast::share::{survey_share, SurveyMethod};
/// // A survey share of 15.4 % with SE 2.9 points against a 10 % target.
/// let f = survey_share(0.153637, 0.028697, 0.10, SurveyMethod::EffectiveN, None).unwrap();
/// assert!((f.probability - 0.984).abs() < 0.005);
/// ```
///
/// # Errors
///
/// [`ForecastError::InvalidInput`] when the estimate or threshold is outside
/// 0–1, the SE is negative, or the spread cannot be learned and `n` is missing.
pub fn survey_share(estimate: f64, se: f64, threshold: f64, method: SurveyMethod, n: Option<f64>) -> Result<Forecast, ForecastError> {
    check_finite("estimate", estimate, 0.0)?;
    check_finite("se", se, 0.0)?;
    check_finite("threshold", threshold, 0.0)?;
    if estimate > 1.0 {
        return Err(ForecastError::InvalidInput { name: "estimate", value: estimate, rule: "must be a share between 0 and 1" });
    }
    if threshold > 1.0 {
        return Err(ForecastError::InvalidInput { name: "threshold", value: threshold, rule: "must be a share between 0 and 1" });
    }

    let degenerate = se <= 0.0 || estimate <= 0.0 || estimate >= 1.0;
    if degenerate {
        let Some(n) = n.filter(|n| n.is_finite() && *n > 0.0) else {
            return Err(ForecastError::InvalidInput { name: "se", value: se, rule: "cannot give a spread for an estimate of 0 or 1 or a zero SE; pass the sample size n" });
        };
        let mut f = beta_binomial(estimate * n, n, threshold)?;
        f.model = "survey_effective_n";
        f.reason = "forecast.reason_survey_sample_size";
        return Ok(f);
    }

    match method {
        SurveyMethod::EffectiveN => {
            let n_eff = estimate * (1.0 - estimate) / (se * se);
            let mut f = beta_binomial(estimate * n_eff, n_eff, threshold)?;
            f.model = "survey_effective_n";
            f.reason = "forecast.reason_survey_effective_n";
            Ok(f)
        }
        SurveyMethod::LogitNormal => Ok(logit_normal(estimate, se, threshold)),
    }
}

fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

fn expit(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn logit_normal(estimate: f64, se: f64, threshold: f64) -> Forecast {
    let scale = se / (estimate * (1.0 - estimate));
    let normal = Normal::new(logit(estimate), scale).expect("scale is positive");
    let at = |q: f64| expit(normal.inverse_cdf(q));
    let probability = if threshold <= 0.0 {
        1.0
    } else if threshold >= 1.0 {
        0.0
    } else {
        1.0 - normal.cdf(logit(threshold))
    };
    Forecast {
        model: "survey_logit_normal",
        reason: "forecast.reason_survey_logit",
        median: at(0.5),
        mean: estimate,
        lower80: at(0.10),
        upper80: at(0.90),
        lower95: at(0.025),
        upper95: at(0.975),
        probability,
    }
}

/// Confidence interval methods for a share counted as `x` of `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinomialInterval {
    /// Wald: p̂ ± z √(p̂(1 − p̂)/n), clipped to 0–1.
    Wald,
    /// Wilson score interval.
    Wilson,
    /// Agresti–Coull: Wald on (x + z²/2)/(n + z²), clipped to 0–1.
    AgrestiCoull,
    /// Clopper–Pearson (exact beta), 0 at x = 0 and 1 at x = n.
    ClopperPearson,
    /// Quantiles of Beta(x + ½, n − x + ½), with no adjustment at 0 or n (as statsmodels).
    Jeffreys,
}

/// Returns the two-sided `1 − alpha` interval for `x` of `n` by `method`.
///
/// Source: Newcombe (1998), "Two-sided confidence intervals for the single
/// proportion", *Statistics in Medicine* 17:857–872; conventions at 0 and `n`
/// follow statsmodels `proportion_confint`.
pub fn binomial_interval(x: f64, n: f64, alpha: f64, method: BinomialInterval) -> (f64, f64) {
    let z = Normal::new(0.0, 1.0).expect("standard normal").inverse_cdf(1.0 - alpha / 2.0);
    let p = x / n;
    match method {
        BinomialInterval::Wald => {
            let half = z * (p * (1.0 - p) / n).sqrt();
            ((p - half).max(0.0), (p + half).min(1.0))
        }
        BinomialInterval::Wilson => {
            let centre = (x + z * z / 2.0) / (n + z * z);
            let half = z / (n + z * z) * (x * (n - x) / n + z * z / 4.0).sqrt();
            ((centre - half).max(0.0), (centre + half).min(1.0))
        }
        BinomialInterval::AgrestiCoull => {
            let n_tilde = n + z * z;
            let p_tilde = (x + z * z / 2.0) / n_tilde;
            let half = z * (p_tilde * (1.0 - p_tilde) / n_tilde).sqrt();
            ((p_tilde - half).max(0.0), (p_tilde + half).min(1.0))
        }
        BinomialInterval::ClopperPearson => {
            let lower = if x <= 0.0 { 0.0 } else { Beta::new(x, n - x + 1.0).expect("positive shapes").inverse_cdf(alpha / 2.0) };
            let upper = if x >= n { 1.0 } else { Beta::new(x + 1.0, n - x).expect("positive shapes").inverse_cdf(1.0 - alpha / 2.0) };
            (lower, upper)
        }
        BinomialInterval::Jeffreys => {
            let posterior = Beta::new(x + 0.5, n - x + 0.5).expect("positive shapes");
            (posterior.inverse_cdf(alpha / 2.0), posterior.inverse_cdf(1.0 - alpha / 2.0))
        }
    }
}

/// Confidence interval methods for a survey share from its estimate and SE,
/// as in R `survey::svyciprop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyInterval {
    /// p̂ ± t SE.
    Mean,
    /// Wald on the log-odds scale (`logit` and `xlogit` agree for one share).
    Logit,
    /// Wald on the arcsine-square-root scale.
    Asin,
    /// Clopper–Pearson on the Korn–Graubard effective n.
    Beta,
}

/// Returns the `level` interval of a survey share.
///
/// `df` is the design degrees of freedom (t quantiles; `f64::INFINITY` for
/// normal ones). For [`SurveyInterval::Beta`], `n_rows` (the number of sample
/// rows) rescales the effective n by `(t_{n_rows − 1} / t_df)²` and `df` is not
/// otherwise used, as in `svyciprop`.
pub fn survey_interval(estimate: f64, se: f64, df: f64, level: f64, n_rows: f64, method: SurveyInterval) -> (f64, f64) {
    let alpha = 1.0 - level;
    let quantile = |df: f64| {
        if df.is_finite() {
            StudentsT::new(0.0, 1.0, df).expect("positive df").inverse_cdf(1.0 - alpha / 2.0)
        } else {
            Normal::new(0.0, 1.0).expect("standard normal").inverse_cdf(1.0 - alpha / 2.0)
        }
    };
    let t = quantile(df);
    match method {
        SurveyInterval::Mean => (estimate - t * se, estimate + t * se),
        SurveyInterval::Logit => {
            let scale = se / (estimate * (1.0 - estimate));
            (expit(logit(estimate) - t * scale), expit(logit(estimate) + t * scale))
        }
        SurveyInterval::Asin => {
            let centre = estimate.sqrt().asin();
            let scale = se / (2.0 * (estimate * (1.0 - estimate)).sqrt());
            ((centre - t * scale).max(0.0).sin().powi(2), (centre + t * scale).min(std::f64::consts::FRAC_PI_2).sin().powi(2))
        }
        SurveyInterval::Beta => {
            let ratio = quantile(n_rows - 1.0) / t;
            let n_eff = estimate * (1.0 - estimate) / (se * se) * ratio * ratio;
            let lower = Beta::new(n_eff * estimate, n_eff * (1.0 - estimate) + 1.0).expect("positive shapes").inverse_cdf(alpha / 2.0);
            let upper = Beta::new(n_eff * estimate + 1.0, n_eff * (1.0 - estimate)).expect("positive shapes").inverse_cdf(1.0 - alpha / 2.0);
            (lower, upper)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn survey_share_effective_n_reference() {
        // Effective-n beta for api00 ≥ 800 (p̂ 0.153637, SE 0.028697): P(p ≥ 0.10) ≈ 0.984 (scipy, Jeffreys on n_eff 157.9).
        let f = survey_share(0.153637, 0.028697, 0.10, SurveyMethod::EffectiveN, None).unwrap();
        assert!((f.probability - 0.984).abs() < 0.002, "{}", f.probability);
    }

    #[test]
    fn survey_share_logit_normal_is_centred() {
        let f = survey_share(0.2, 0.03, 0.2, SurveyMethod::LogitNormal, None).unwrap();
        assert_relative_eq!(f.probability, 0.5, epsilon = 1e-12);
        assert!(f.lower95 > 0.0);
        assert!(f.upper95 < 1.0);
    }

    #[test]
    fn survey_share_zero_and_one_need_n() {
        assert!(survey_share(0.0, 0.0, 0.1, SurveyMethod::LogitNormal, None).is_err());
        let zero = survey_share(0.0, 0.0, 0.1, SurveyMethod::LogitNormal, Some(50.0)).unwrap();
        assert!(zero.probability < 0.05);
        assert!(zero.lower95 >= 0.0);
        let one = survey_share(1.0, 0.0, 0.1, SurveyMethod::EffectiveN, Some(50.0)).unwrap();
        assert!(one.probability > 0.999);
        assert!(one.upper95 <= 1.0);
    }

    #[test]
    fn share_of_zero_and_one() {
        let zero = beta_binomial(0.0, 50.0, 0.1).unwrap();
        assert!(zero.lower95 >= 0.0);
        assert!(zero.upper95 < 0.1);
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

//! Confidence intervals for a proportion estimated from a complex survey,
//! with the definitions of R `survey::svyciprop` (survey 4.1.1, Lumley 2010).
//!
//! # Formula
//!
//! ```text
//! p̂ estimate, v̂ its linearisation variance, se = √v̂, q = t quantile
//! with the chosen df at 1 − α/2 (normal quantile when df = ∞).
//!
//! wald        p̂ ± z_{1−α/2}·se                (always normal: confint.svystat)
//! mean        p̂ ± q·se                        (the Wald interval with t)
//! logit       expit(logit p̂ ± q·se / (p̂(1−p̂)))
//! xlogit      the same interval, from the delta method on the mean
//! asin        sin²(asin √p̂ ± q·se / (2√(p̂(1−p̂))))
//! beta        Korn & Graubard (1998): n* = p̂(1−p̂)/v̂ · (t_{n−1,α/2} / t_{df_design,α/2})²,
//!             [Beta⁻¹(α/2; n*p̂, n*(1−p̂)+1), Beta⁻¹(1−α/2; n*p̂+1, n*(1−p̂))]
//!             with n the rows of the domain and df_design its degrees of
//!             freedom (R uses these whatever df is chosen)
//! likelihood  the quasi-binomial profile-likelihood interval of svyglm,
//!             rescaled by the design effect (see [`likelihood_interval`])
//! wilson      Wilson's score interval with the effective sample size
//!             n_eff = p̂(1−p̂)/v̂ in place of n and q in place of z:
//!             (p̂ + q²/(2n_eff) ± q·√(p̂(1−p̂)/n_eff + q²/(4n_eff²))) / (1 + q²/n_eff)
//! ```
//!
//! # Boundary shares
//!
//! When p̂ is 0 or 1 the variance is 0, so the effective sample size and
//! every interval above are undefined (R returns 0-width intervals or NaN).
//! Here every method then returns the Clopper–Pearson interval for 0 of n or
//! n of n, with n the domain's respondents, and the caller flags the row.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};
use statrs::function::beta::beta_reg;

use super::SurveyError;

/// A confidence-interval method for a proportion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiMethod {
    /// Wald interval with the normal quantile.
    Wald,
    /// Wald interval with the t quantile (R `svyciprop(method = "mean")`).
    Mean,
    /// Wald interval on the logit scale (R's default).
    Logit,
    /// Logit interval from the delta method.
    Xlogit,
    /// Profile-likelihood interval of the quasi-binomial model.
    Likelihood,
    /// Wald interval on the arcsine square-root scale.
    Asin,
    /// Korn–Graubard beta interval with the effective sample size.
    Beta,
    /// Wilson score interval with the effective sample size.
    Wilson,
}

impl CiMethod {
    /// Parses a method name (`wald`, `mean`, `logit`, `xlogit`, `likelihood`, `asin`, `beta`, `wilson`).
    ///
    /// # Errors
    ///
    /// [`SurveyError::InvalidOption`] for any other text.
    pub fn parse(text: &str) -> Result<CiMethod, SurveyError> {
        Ok(match text {
            "wald" => CiMethod::Wald,
            "mean" => CiMethod::Mean,
            "logit" => CiMethod::Logit,
            "xlogit" => CiMethod::Xlogit,
            "likelihood" => CiMethod::Likelihood,
            "asin" => CiMethod::Asin,
            "beta" => CiMethod::Beta,
            "wilson" => CiMethod::Wilson,
            other => {
                return Err(SurveyError::InvalidOption {
                    name: "method",
                    value: other.to_string(),
                    rule: "use wald, mean, logit, xlogit, likelihood, asin, beta or wilson",
                })
            }
        })
    }

    /// Returns the method's name as [`CiMethod::parse`] reads it.
    pub fn as_str(self) -> &'static str {
        match self {
            CiMethod::Wald => "wald",
            CiMethod::Mean => "mean",
            CiMethod::Logit => "logit",
            CiMethod::Xlogit => "xlogit",
            CiMethod::Likelihood => "likelihood",
            CiMethod::Asin => "asin",
            CiMethod::Beta => "beta",
            CiMethod::Wilson => "wilson",
        }
    }
}

/// Inputs of the interval for one proportion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProportionInput {
    /// Estimated proportion p̂.
    pub estimate: f64,
    /// Linearisation variance of p̂.
    pub variance: f64,
    /// Degrees of freedom of the quantile (`f64::INFINITY` for the normal).
    pub df: f64,
    /// Confidence level, for example 0.95.
    pub level: f64,
    /// Rows of the domain's design, respondents or not (R's `nrow(design)`), for `beta`.
    pub domain_rows: f64,
    /// Degrees of freedom of the (domain) design, for `beta`.
    pub design_df: f64,
    /// Respondents, for the interval at a boundary share and the likelihood profile range.
    pub respondents: f64,
    /// Sum of the rescaled weights and the Pearson dispersion, for `likelihood`.
    pub likelihood: Option<LikelihoodInput>,
}

/// Quantities of the quasi-binomial fit that R's profile interval uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LikelihoodInput {
    /// Σ W_i over respondents, with W_i = w_i / mean(w) as svyglm rescales them.
    pub weight_total: f64,
    /// svyvar of the Pearson residuals (the quasi-binomial dispersion).
    pub dispersion: f64,
    /// Σ W μ(1−μ), Σ W (μ(1−μ)η + y − μ) and the deviance at glm's starting
    /// values μ_i = (W_i y_i + ½)/(W_i + 1), for the first IRLS step.
    pub first_step: [f64; 3],
}

/// Replays glm's IRLS for an intercept-only logistic fit, from the sums of
/// the first step. Returns the fitted β and Σ W μ(1−μ) at the start of the
/// last iteration, which is what `summary.glm` inverts for the model
/// variance (so the model variance uses the previous iterate of μ).
fn replay_irls(p: f64, weight_total: f64, first_step: [f64; 3]) -> (f64, f64) {
    let deviance = |beta: f64| {
        let mu = expit(beta);
        -2.0 * weight_total * (p * mu.ln() + (1.0 - p) * (1.0 - mu).ln())
    };
    let mut information = first_step[0];
    let mut beta = first_step[1] / first_step[0];
    let mut previous = first_step[2];

    // glm.control(): epsilon = 1e-8, maxit = 25.
    for _ in 1..25 {
        let current = deviance(beta);
        if (current - previous).abs() / (current.abs() + 0.1) < 1e-8 {
            break;
        }
        previous = current;
        let mu = expit(beta);
        information = weight_total * mu * (1.0 - mu);
        beta += (p - mu) / (mu * (1.0 - mu));
    }
    (beta, information)
}

/// Quantile of Student's t (the normal when `df` is infinite); NaN when df ≤ 0.
pub fn t_quantile(probability: f64, df: f64) -> f64 {
    if df.is_infinite() {
        Normal::standard().inverse_cdf(probability)
    } else if df > 0.0 {
        StudentsT::new(0.0, 1.0, df).map_or(f64::NAN, |t| t.inverse_cdf(probability))
    } else {
        f64::NAN
    }
}

/// Quantile of the Beta(a, b) distribution, by bisection on the regularised
/// incomplete beta function (accurate to about 1e-15).
pub fn beta_quantile(probability: f64, a: f64, b: f64) -> f64 {
    if !(a > 0.0 && b > 0.0) || probability.is_nan() {
        return f64::NAN;
    }
    let (mut low, mut high) = (0.0_f64, 1.0_f64);
    for _ in 0..200 {
        let middle = 0.5 * (low + high);
        if middle <= low || middle >= high {
            break;
        }
        if beta_reg(a, b, middle) < probability {
            low = middle;
        } else {
            high = middle;
        }
    }
    0.5 * (low + high)
}

fn expit(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// Clopper–Pearson interval for `x` successes in `n` trials.
pub fn clopper_pearson(x: f64, n: f64, level: f64) -> (f64, f64) {
    let alpha = 1.0 - level;
    let lower = if x <= 0.0 { 0.0 } else { beta_quantile(alpha / 2.0, x, n - x + 1.0) };
    let upper = if x >= n { 1.0 } else { beta_quantile(1.0 - alpha / 2.0, x + 1.0, n - x) };
    (lower, upper)
}

/// Wilson's score interval with `n` trials and quantile `q`.
pub fn wilson(p: f64, n: f64, q: f64) -> (f64, f64) {
    let q2 = q * q;
    let denominator = 1.0 + q2 / n;
    let centre = (p + q2 / (2.0 * n)) / denominator;
    let half = q / denominator * (p * (1.0 - p) / n + q2 / (4.0 * n * n)).sqrt();
    (centre - half, centre + half)
}

/// Computes the interval of `method` (see the module documentation).
pub fn proportion_interval(method: CiMethod, input: &ProportionInput) -> (f64, f64) {
    let p = input.estimate;
    let v = input.variance;
    let se = v.sqrt();
    if !p.is_finite() {
        return (f64::NAN, f64::NAN);
    }
    if p <= 0.0 || p >= 1.0 {
        return clopper_pearson(p * input.respondents, input.respondents, input.level);
    }
    if v <= 0.0 {
        return (p, p);
    }

    let alpha = 1.0 - input.level;
    let q = t_quantile(1.0 - alpha / 2.0, input.df);
    let pq = p * (1.0 - p);
    match method {
        CiMethod::Wald => {
            let z = t_quantile(1.0 - alpha / 2.0, f64::INFINITY);
            (p - z * se, p + z * se)
        }
        CiMethod::Mean => (p - q * se, p + q * se),
        CiMethod::Logit | CiMethod::Xlogit => {
            let half = q * se / pq;
            (expit(logit(p) - half), expit(logit(p) + half))
        }
        CiMethod::Asin => {
            let centre = p.sqrt().asin();
            let half = q * se / (2.0 * pq.sqrt());
            ((centre - half).sin().powi(2), (centre + half).sin().powi(2))
        }
        CiMethod::Beta => {
            let ratio = t_quantile(alpha / 2.0, input.domain_rows - 1.0) / t_quantile(alpha / 2.0, input.design_df);
            let n_eff = pq / v * ratio * ratio;
            (
                beta_quantile(alpha / 2.0, n_eff * p, n_eff * (1.0 - p) + 1.0),
                beta_quantile(1.0 - alpha / 2.0, n_eff * p + 1.0, n_eff * (1.0 - p)),
            )
        }
        CiMethod::Wilson => wilson(p, pq / v, q),
        CiMethod::Likelihood => match input.likelihood {
            Some(fit) => likelihood_interval(input, fit),
            None => (f64::NAN, f64::NAN),
        },
    }
}

/// Computes R's profile-likelihood interval for an intercept-only
/// quasi-binomial `svyglm` (`confint(..., method = "likelihood")`).
///
/// # Formula
///
/// ```text
/// β̂ and I = Σ W μ(1−μ) from glm's IRLS (μ of the last iteration's start),
/// S = Σ W_i, se_β = se/(p̂(1−p̂)), φ = dispersion. (svyglm's sandwich
/// multiplies glm's working weights, which use the previous μ, by working
/// residuals, which use the final μ, so the previous μ cancels from se_β
/// but stays in the model variance 1/I.)
/// λ = se_β² · I                           design over model variance
/// signed root deviance  z(β) = ±√((D(β) − D(β̂)) / φ),
/// D(β) = −2S(p̂ log μ + (1−p̂) log(1−μ)), μ = expit β
/// cut-offs ±c with c = |t_{df,α/2}|·√λ, found as R does: z is evaluated
/// at β̂ ± k·δ·se_β (k = 1…9, δ = z_max/5, z_max = t_{n−1} quantile, n respondents, at
/// 1 − a/2 with a = Φ(t_{df,α/2}√λ)/2, stopping once |z| ≥ z_max), an
/// FMM cubic spline through those points is evaluated on 3·(points) equally
/// spaced values of β, and the cut-offs are interpolated linearly.
/// ```
///
/// Following R's steps, rather than solving z(β) = ±c exactly, is what
/// matches R: on the apistrat reference the exact root differs from R's
/// bounds by about 1e-3.
pub fn likelihood_interval(input: &ProportionInput, fit: LikelihoodInput) -> (f64, f64) {
    let p = input.estimate;
    let (beta_hat, information) = replay_irls(p, fit.weight_total, fit.first_step);
    let se_beta = input.variance.sqrt() / (p * (1.0 - p));
    let lambda = se_beta * se_beta * information;
    let q_low = t_quantile((1.0 - input.level) / 2.0, input.df);
    let alpha = Normal::standard().cdf(q_low * lambda.sqrt()) / 2.0;
    let z_max = t_quantile(1.0 - alpha / 2.0, input.respondents - 1.0);
    let step = z_max / 5.0;

    let deviance = |beta: f64| {
        let mu = expit(beta);
        -2.0 * fit.weight_total * (p * mu.ln() + (1.0 - p) * (1.0 - mu).ln())
    };
    let fitted_deviance = deviance(beta_hat);
    let signed_root = |beta: f64| {
        let scaled = ((deviance(beta) - fitted_deviance) / fit.dispersion).max(0.0);
        (beta - beta_hat).signum() * scaled.sqrt()
    };

    let cut = q_low * lambda.sqrt();
    let mut points = vec![(beta_hat, 0.0)];
    for sign in [-1.0, 1.0] {
        let mut z: f64 = 0.0;
        let mut k = 1;
        // R profiles at most 9 steps each way. When those do not reach the cut
        // R's bound is NA; chiso keeps stepping (up to 200) until they do.
        while (k < 10 && z.abs() < z_max) || (k < 200 && z.abs() < cut.abs()) {
            let beta = beta_hat + sign * f64::from(k) * step * se_beta;
            z = signed_root(beta);
            points.push((beta, z));
            k += 1;
        }
    }
    points.sort_by(|a, b| a.0.total_cmp(&b.0));

    let curve = fmm_spline_grid(&points, 3 * points.len());
    (expit(interpolate_inverse(&curve, cut)), expit(interpolate_inverse(&curve, -cut)))
}

/// Evaluates the FMM cubic spline through `points` (sorted by x) at `count`
/// equally spaced x values, as R's `spline(x, y)` does.
fn fmm_spline_grid(points: &[(f64, f64)], count: usize) -> Vec<(f64, f64)> {
    let x: Vec<f64> = points.iter().map(|p| p.0).collect();
    let y: Vec<f64> = points.iter().map(|p| p.1).collect();
    let (b, c, d) = fmm_coefficients(&x, &y);
    let (first, last) = (x[0], x[x.len() - 1]);
    let by = (last - first) / (count as f64 - 1.0);
    (0..count)
        .map(|k| {
            let u = if k + 1 == count { last } else { first + k as f64 * by };
            let i = x.partition_point(|&xi| xi <= u).saturating_sub(1).min(x.len() - 1);
            let dx = u - x[i];
            (u, y[i] + dx * (b[i] + dx * (c[i] + dx * d[i])))
        })
        .collect()
}

/// Coefficients of the Forsythe–Malcolm–Moler spline (R's `spline_coef`, method "fmm").
fn fmm_coefficients(x: &[f64], y: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let n = x.len();
    let (mut b, mut c, mut d) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    if n < 3 {
        let slope = (y[n - 1] - y[0]) / (x[n - 1] - x[0]);
        b.fill(slope);
        return (b, c, d);
    }
    let last = n - 1;

    // Tridiagonal system: b diagonal, d off-diagonal, c right-hand side.
    d[0] = x[1] - x[0];
    c[1] = (y[1] - y[0]) / d[0];
    for i in 1..last {
        d[i] = x[i + 1] - x[i];
        b[i] = 2.0 * (d[i - 1] + d[i]);
        c[i + 1] = (y[i + 1] - y[i]) / d[i];
        c[i] = c[i + 1] - c[i];
    }

    // End conditions: third derivatives from divided differences.
    b[0] = -d[0];
    b[last] = -d[n - 2];
    c[0] = 0.0;
    c[last] = 0.0;
    if n > 3 {
        c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0]);
        c[last] = c[n - 2] / (x[last] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4]);
        c[0] = c[0] * d[0] * d[0] / (x[3] - x[0]);
        c[last] = -c[last] * d[n - 2] * d[n - 2] / (x[last] - x[n - 4]);
    }

    for i in 1..=last {
        let t = d[i - 1] / b[i - 1];
        b[i] -= t * d[i - 1];
        c[i] -= t * c[i - 1];
    }
    c[last] /= b[last];
    for i in (0..last).rev() {
        c[i] = (c[i] - d[i] * c[i + 1]) / b[i];
    }

    b[last] = (y[last] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[last]);
    for i in 0..last {
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i]);
        d[i] = (c[i + 1] - c[i]) / d[i];
        c[i] *= 3.0;
    }
    c[last] *= 3.0;
    d[last] = d[n - 2];
    (b, c, d)
}

/// Finds x where the curve's y equals `target`, by linear interpolation
/// after sorting by y (R's `approx(y, x, xout = target)`).
fn interpolate_inverse(curve: &[(f64, f64)], target: f64) -> f64 {
    let mut by_y: Vec<(f64, f64)> = curve.iter().map(|&(x, y)| (y, x)).collect();
    by_y.sort_by(|a, b| a.0.total_cmp(&b.0));
    let i = by_y.partition_point(|&(y, _)| y < target);
    if i == 0 || i == by_y.len() {
        return if by_y.first().is_some_and(|v| v.0 == target) { by_y[0].1 } else { f64::NAN };
    }
    let (y0, x0) = by_y[i - 1];
    let (y1, x1) = by_y[i];
    x0 + (x1 - x0) * (target - y0) / (y1 - y0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    // Reference values from R 4.2.2: qt(0.025, 197), qt(0.0001, 3), qbeta(0.025, 165.5, 35.2).
    #[test]
    fn ci_quantiles_match_r() {
        assert_relative_eq!(t_quantile(0.025, 197.0), -1.972079033778501, epsilon = 1e-10);
        assert_relative_eq!(t_quantile(0.0001, 3.0), -22.203742273204174, epsilon = 1e-8);
        assert_relative_eq!(beta_quantile(0.025, 165.5, 35.2), 0.7691911396546252, epsilon = 1e-12);
    }

    #[test]
    fn ci_every_method_contains_estimate() {
        for method in ["wald", "mean", "logit", "xlogit", "likelihood", "asin", "beta", "wilson"] {
            let input = ProportionInput {
                estimate: 0.12,
                variance: 0.0004,
                df: 50.0,
                level: 0.95,
                domain_rows: 400.0,
                design_df: 50.0,
                respondents: 400.0,
                likelihood: Some(LikelihoodInput { weight_total: 400.0, dispersion: 1.0, first_step: [400.0 * 0.12 * 0.88, 400.0 * 0.12 * 0.88 * (0.12_f64 / 0.88).ln(), 300.0] }),
            };
            let (low, high) = proportion_interval(CiMethod::parse(method).unwrap(), &input);
            assert!(low < 0.12, "{method}: lower bound {low}");
            assert!(0.12 < high, "{method}: upper bound {high}");
        }
    }

    #[test]
    fn ci_boundary_share_uses_clopper_pearson() {
        let input = ProportionInput { estimate: 0.0, variance: 0.0, df: 10.0, level: 0.95, domain_rows: 40.0, design_df: 10.0, respondents: 40.0, likelihood: None };
        let (low, high) = proportion_interval(CiMethod::Logit, &input);
        assert_eq!(low, 0.0);
        // 1 − 0.025^(1/40), the exact Clopper–Pearson upper bound for 0 of 40.
        assert_relative_eq!(high, 1.0 - 0.025_f64.powf(1.0 / 40.0), epsilon = 1e-12);
    }

    #[test]
    fn ci_wilson_matches_textbook_formula() {
        // 10 of 50: R `prop.test(10, 50, correct = FALSE)$conf.int`.
        let (low, high) = wilson(0.2, 50.0, 1.959963984540054);
        assert_relative_eq!(low, 0.112437500158, epsilon = 1e-10);
        assert_relative_eq!(high, 0.330371059322, epsilon = 1e-10);
    }
}

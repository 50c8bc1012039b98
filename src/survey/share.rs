//! Shares by domain with intervals, quality flags and the goal, as one table.
//!
//! # Flags
//!
//! A domain is never dropped. Its `flag` lists, joined by commas:
//!
//! | flag | condition |
//! | --- | --- |
//! | `ok` | none of the below |
//! | `small_n` | fewer respondents than `min_respondents` (30) |
//! | `few_psu` | fewer PSUs with respondents than `min_psu` (2); the design df may be 0 and the t-based interval undefined |
//! | `boundary` | the share is 0 or 1, so the interval is Clopper–Pearson on the respondents (see [`super::ci`]) |
//! | `empty` | no respondents: estimate and interval are NaN |
//!
//! # Examples
//!
//! ```
//! use chiso::survey::design::{Design, DesignSpec};
//! use chiso::survey::estimate::Domains;
//! use chiso::survey::share::{estimate_shares, Grouping, ShareOptions};
//!
//! let weights = vec![Some(2.0); 40];
//! let y: Vec<Option<f64>> = (0..40).map(|i| Some(f64::from(i % 4 == 0))).collect();
//! let design = Design::new(&DesignSpec { weights: &weights, ..DesignSpec::default() }).unwrap();
//! let groups = [Grouping { name: "all".into(), domains: Domains::whole(40) }];
//! let rows = estimate_shares(&design, "innovates", &y, &groups, &ShareOptions::default()).unwrap();
//! assert_eq!(rows[0].estimate.estimate, 0.25);
//! assert_eq!(rows[0].flag, "ok");
//! ```

use arrow_array::RecordBatch;

use super::ci::{proportion_interval, CiMethod, LikelihoodInput, ProportionInput};
use super::design::Design;
use super::estimate::{check_binary, estimate_domains, DomainEstimate, Domains, Quantity};
use super::goal::{assess, check_level, GoalAssessment, GoalSettings};
use super::SurveyError;
use crate::locale::{text, Lang};
use crate::table::{TableBuilder, TableError};

/// Degrees of freedom for the interval quantiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DfRule {
    /// The design df of each domain (PSUs − strata), as R's `degf()`.
    #[default]
    Design,
    /// Infinite: normal quantiles.
    Infinite,
}

impl DfRule {
    /// Parses `design` or `inf`.
    ///
    /// # Errors
    ///
    /// [`SurveyError::InvalidOption`] for any other text.
    pub fn parse(text: &str) -> Result<DfRule, SurveyError> {
        match text {
            "design" => Ok(DfRule::Design),
            "inf" => Ok(DfRule::Infinite),
            other => Err(SurveyError::InvalidOption { name: "df", value: other.to_string(), rule: "use design or inf" }),
        }
    }
}

/// Options of [`estimate_shares`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShareOptions {
    /// Interval method.
    pub method: CiMethod,
    /// Confidence level.
    pub level: f64,
    /// Degrees of freedom of the quantiles.
    pub df: DfRule,
    /// Respondents below which a domain is flagged `small_n`.
    pub min_respondents: usize,
    /// PSUs below which a domain is flagged `few_psu`.
    pub min_psu: usize,
    /// Goal to assess each share against, if any.
    pub goal: Option<GoalSettings>,
}

impl Default for ShareOptions {
    fn default() -> Self {
        ShareOptions { method: CiMethod::Logit, level: 0.95, df: DfRule::Design, min_respondents: 30, min_psu: 2, goal: None }
    }
}

/// A named grouping of rows into domains (`sector`, `sector × size` …).
#[derive(Debug, Clone)]
pub struct Grouping {
    /// Name shown in the `group` column.
    pub name: String,
    /// Domain of each row.
    pub domains: Domains,
}

/// One domain's share with its interval, flags and goal assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareRow {
    /// Grouping name.
    pub group: String,
    /// The domain estimate and its variance.
    pub estimate: DomainEstimate,
    /// Lower confidence bound.
    pub ci_lower: f64,
    /// Upper confidence bound.
    pub ci_upper: f64,
    /// Degrees of freedom used (infinite for normal quantiles).
    pub df: f64,
    /// Design effect v̂ / (p̂(1−p̂)/n).
    pub deff: f64,
    /// Effective sample size p̂(1−p̂)/v̂ (the respondents when p̂ is 0 or 1).
    pub n_effective: f64,
    /// Quality flags (see the module documentation).
    pub flag: String,
    /// Goal assessment when a goal was given.
    pub goal: Option<GoalAssessment>,
}

/// Estimates the share of `y` = 1 in every domain of every grouping.
///
/// # Errors
///
/// [`SurveyError::NotBinary`], [`SurveyError::InvalidOption`] for a bad level
/// or goal, [`SurveyError::NoRespondents`] when no row has a response, and
/// the errors of [`estimate_domains`].
pub fn estimate_shares(design: &Design, variable: &str, y: &[Option<f64>], groupings: &[Grouping], options: &ShareOptions) -> Result<Vec<ShareRow>, SurveyError> {
    check_binary(variable, y)?;
    check_level(options.level)?;
    if let Some(goal) = &options.goal {
        goal.validate()?;
    }
    if y.iter().all(|v| !matches!(v, Some(x) if !x.is_nan())) {
        return Err(SurveyError::NoRespondents { variable: variable.to_string() });
    }

    let mut rows = Vec::new();
    for grouping in groupings {
        let estimates = estimate_domains(design, y, None, Quantity::Mean, &grouping.domains)?;
        let dispersions = if options.method == CiMethod::Likelihood {
            likelihood_inputs(design, y, &grouping.domains, &estimates)
        } else {
            vec![None; estimates.len()]
        };
        for (estimate, dispersion) in estimates.into_iter().zip(dispersions) {
            rows.push(share_row(&grouping.name, estimate, dispersion, options));
        }
    }
    Ok(rows)
}

fn share_row(group: &str, estimate: DomainEstimate, likelihood: Option<LikelihoodInput>, options: &ShareOptions) -> ShareRow {
    let p = estimate.estimate;
    let n = estimate.n as f64;
    let pq = p * (1.0 - p);
    let boundary = p == 0.0 || p == 1.0;
    let design_df = estimate.degrees_of_freedom();
    let df = match options.df {
        DfRule::Design => design_df,
        DfRule::Infinite => f64::INFINITY,
    };

    let input = ProportionInput {
        estimate: p,
        variance: estimate.variance,
        df,
        level: options.level,
        domain_rows: estimate.domain_rows as f64,
        design_df,
        respondents: n,
        likelihood,
    };
    let (ci_lower, ci_upper) = proportion_interval(options.method, &input);
    let n_effective = if boundary { n } else { pq / estimate.variance };
    let deff = if boundary { f64::NAN } else { estimate.variance / (pq / n) };

    let mut flags = Vec::new();
    if estimate.n == 0 {
        flags.push("empty");
    }
    if estimate.n < options.min_respondents {
        flags.push("small_n");
    }
    if estimate.n_psu < options.min_psu {
        flags.push("few_psu");
    }
    if boundary {
        flags.push("boundary");
    }
    let flag = if flags.is_empty() { "ok".to_string() } else { flags.join(",") };

    let goal = options.goal.as_ref().filter(|_| estimate.n > 0).map(|g| assess(p, estimate.se(), n_effective, ci_lower, g));
    ShareRow { group: group.to_string(), estimate, ci_lower, ci_upper, df, deff, n_effective, flag, goal }
}

/// Computes, per domain, what R's quasi-binomial `svyglm` fit needs: the
/// rescaled weight total, the dispersion and the sums of its first IRLS step.
///
/// # Formula
///
/// ```text
/// W_i = w_i · N_d / Σ_domain w     svyglm's rescaling on the domain's subset design (N_d rows)
/// μ_i = (W_i y_i + ½) / (W_i + 1)  glm's binomial starting values, η_i = logit μ_i
/// first step: Σ W μ(1−μ), Σ W (μ(1−μ)η + y − μ), starting deviance Σ W dev(y, μ_i)
/// dispersion φ = S / (n − 1), S = Σ_respondents W: svyvar of svyglm's Pearson
/// residuals √c·(y − p̂)/√(p̂(1−p̂)), where c = S/n rescales the weights from
/// all rows of the domain to its n respondents. With p̂ the weighted mean,
/// their weighted mean square is c, and svyvar multiplies by n/(n − 1).
/// ```
fn likelihood_inputs(design: &Design, y: &[Option<f64>], domains: &Domains, estimates: &[DomainEstimate]) -> Vec<Option<LikelihoodInput>> {
    let scales: Vec<f64> = estimates.iter().map(|e| e.domain_rows as f64 / e.domain_weight_sum).collect();
    let mut sums = vec![[0.0; 3]; estimates.len()];
    for (row, &code) in domains.codes.iter().enumerate() {
        let Some(yi) = y[row].filter(|v| !v.is_nan()) else { continue };
        if code == u32::MAX {
            continue;
        }
        let weight = design.weights[row] * scales[code as usize];
        let mu = (weight * yi + 0.5) / (weight + 1.0);
        let variance = mu * (1.0 - mu);
        let sum = &mut sums[code as usize];
        sum[0] += weight * variance;
        sum[1] += weight * (variance * (mu / (1.0 - mu)).ln() + yi - mu);
        sum[2] -= 2.0 * weight * (yi * mu.ln() + (1.0 - yi) * (1.0 - mu).ln());
    }

    estimates
        .iter()
        .zip(sums)
        .zip(scales)
        .map(|((e, first_step), scale)| {
            let weight_total = e.weight_sum * scale;
            (e.n >= 2).then_some(LikelihoodInput { weight_total, dispersion: weight_total / (e.n as f64 - 1.0), first_step })
        })
        .collect()
}

fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

/// Builds the result table with the stable columns `group, domain, n,
/// n_missing, n_psu, estimate, se, ci_lower, ci_upper, df, deff,
/// n_effective, flag, method, level`, then the goal columns `threshold,
/// probability_normal, p_value, probability_posterior, status` when a goal
/// was given, and `note` (the flags in words, in `lang`). A NaN or infinite
/// number becomes null, so `df` is null for normal quantiles.
///
/// # Errors
///
/// [`TableError`] only if the columns are inconsistent, which is a bug.
pub fn share_table(rows: &[ShareRow], options: &ShareOptions, lang: Lang) -> Result<RecordBatch, TableError> {
    let column = |f: &dyn Fn(&ShareRow) -> f64| rows.iter().map(|r| finite(f(r))).collect::<Vec<_>>();
    let count = |f: &dyn Fn(&ShareRow) -> usize| rows.iter().map(|r| Some(f(r) as i64)).collect::<Vec<_>>();
    let mut builder = TableBuilder::new()
        .str("group", rows.iter().map(|r| Some(r.group.clone())).collect())
        .str("domain", rows.iter().map(|r| Some(r.estimate.label.clone())).collect())
        .i64("n", count(&|r| r.estimate.n))
        .i64("n_missing", count(&|r| r.estimate.n_missing))
        .i64("n_psu", count(&|r| r.estimate.n_psu))
        .f64("estimate", column(&|r| r.estimate.estimate))
        .f64("se", column(&|r| r.estimate.se()))
        .f64("ci_lower", column(&|r| r.ci_lower))
        .f64("ci_upper", column(&|r| r.ci_upper))
        .f64("df", column(&|r| r.df))
        .f64("deff", column(&|r| r.deff))
        .f64("n_effective", column(&|r| r.n_effective))
        .str("flag", rows.iter().map(|r| Some(r.flag.clone())).collect())
        .str("method", rows.iter().map(|_| Some(options.method.as_str().to_string())).collect())
        .f64("level", rows.iter().map(|_| Some(options.level)).collect());

    if let Some(goal) = &options.goal {
        let pick = |f: &dyn Fn(&GoalAssessment) -> f64| rows.iter().map(|r| r.goal.as_ref().and_then(|g| finite(f(g)))).collect::<Vec<_>>();
        builder = builder
            .f64("threshold", rows.iter().map(|_| Some(goal.threshold)).collect())
            .f64("probability_normal", pick(&|g| g.probability_normal))
            .f64("p_value", pick(&|g| g.p_value))
            .f64("probability_posterior", pick(&|g| g.probability_posterior))
            .str("status", rows.iter().map(|r| Some(r.goal.map_or("no_data", |g| g.status.code()).to_string())).collect());
    }

    let notes = rows.iter().map(|r| Some(flag_note(&r.flag, lang))).collect();
    builder.str("note", notes).build()
}

/// Describes the flags in words.
pub fn flag_note(flag: &str, lang: Lang) -> String {
    flag.split(',').map(|f| text(lang, &format!("survey.flag_{f}"))).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::design::{DesignSpec, LonelyPsu};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn share_intervals_bracket_estimate_in_unit_interval(
            rows in proptest::collection::vec((0.5f64..40.0, 0u8..2, 0u8..3), 8..60),
            method in prop::sample::select(vec!["logit", "likelihood", "asin", "beta", "xlogit", "wilson"]),
        ) {
            let weights: Vec<Option<f64>> = rows.iter().map(|r| Some(r.0)).collect();
            let y: Vec<Option<f64>> = rows.iter().map(|r| Some(f64::from(r.1))).collect();
            let strata: Vec<Option<String>> = rows.iter().map(|r| Some(r.2.to_string())).collect();
            let spec = DesignSpec { weights: &weights, strata: Some(&strata), lonely_psu: LonelyPsu::Certainty, ..DesignSpec::default() };
            let design = Design::new(&spec).unwrap();
            let groups = [Grouping { name: "all".into(), domains: Domains::whole(rows.len()) }];
            let options = ShareOptions { method: CiMethod::parse(method).unwrap(), ..ShareOptions::default() };
            let row = &estimate_shares(&design, "y", &y, &groups, &options).unwrap()[0];
            let p = row.estimate.estimate;
            prop_assert!((0.0..=1.0).contains(&p));
            if row.ci_lower.is_finite() {
                prop_assert!(row.ci_lower >= -1e-12);
                prop_assert!(row.ci_lower <= p + 1e-12);
                prop_assert!(row.ci_upper >= p - 1e-12);
                prop_assert!(row.ci_upper <= 1.0 + 1e-12);
            }
        }
    }
}

//! Bindings for design-based survey estimates, shares from counts and the
//! simulated enterprise survey.

use pyo3::prelude::*;

use super::arrow::{import_table, ArrowTable};
use super::errors::{guard, parse_lang, ToPyErr};
use crate::locale::Lang;
use crate::survey::ci::CiMethod;
use crate::survey::design::{FpcKind, LonelyPsu};
use crate::survey::estimate::{MissingRule, Quantity};
use crate::survey::frame::{counts_table, estimates_table, shares_table, simulation_table, DesignColumns, ShareRequest};
use crate::survey::goal::{Basis, CountMethod, GoalSettings};
use crate::survey::share::{DfRule, ShareOptions};
use crate::survey::SurveyError;

/// Design and domain arguments shared by the microdata functions.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
struct DesignArgs {
    weights: String,
    strata: Option<String>,
    clusters: Option<String>,
    fpc: Option<String>,
    fpc_kind: String,
    lonely_psu: String,
    by: Vec<Vec<String>>,
    overall: bool,
    missing: String,
    level: f64,
    df: String,
}

fn fpc_kind(text: &str) -> Result<FpcKind, SurveyError> {
    match text {
        "auto" => Ok(FpcKind::Auto),
        "population" => Ok(FpcKind::PopulationSize),
        "fraction" => Ok(FpcKind::Fraction),
        other => Err(SurveyError::InvalidOption { name: "fpc_kind", value: other.to_string(), rule: "use auto, population or fraction" }),
    }
}

fn request(variable: &str, args: DesignArgs, lang: Lang) -> Result<ShareRequest, SurveyError> {
    let design = DesignColumns {
        weights: args.weights,
        strata: args.strata,
        clusters: args.clusters,
        fpc: args.fpc,
        fpc_kind: fpc_kind(&args.fpc_kind)?,
        lonely_psu: LonelyPsu::parse(&args.lonely_psu)?,
    };
    let options = ShareOptions { level: args.level, df: DfRule::parse(&args.df)?, ..ShareOptions::default() };
    Ok(ShareRequest { variable: variable.to_string(), design, by: args.by, overall: args.overall, missing: MissingRule::parse(&args.missing)?, options, lang })
}

/// Goal arguments: threshold (None for no goal), status thresholds and basis.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
struct GoalArgs {
    threshold: Option<f64>,
    on_track: f64,
    at_risk: f64,
    basis: String,
}

fn goal_settings(args: &GoalArgs, default_threshold: f64) -> Result<GoalSettings, SurveyError> {
    Ok(GoalSettings { threshold: args.threshold.unwrap_or(default_threshold), on_track: args.on_track, at_risk: args.at_risk, basis: Basis::parse(&args.basis)? })
}

/// Estimates shares by domain from microdata; see `chiso.survey.estimate_share`.
#[pyfunction]
#[pyo3(signature = (table, variable, design, goal, method, min_respondents, min_psu, lang="vi"))]
#[allow(clippy::too_many_arguments)]
fn survey_shares(py: Python<'_>, table: &Bound<'_, PyAny>, variable: &str, design: DesignArgs, goal: GoalArgs, method: &str, min_respondents: usize, min_psu: usize, lang: &str) -> PyResult<ArrowTable> {
    let lang = parse_lang(lang)?;
    let batch = import_table(table)?;
    let build = || -> Result<ShareRequest, SurveyError> {
        let mut request = request(variable, design, lang)?;
        request.options.method = CiMethod::parse(method)?;
        request.options.min_respondents = min_respondents;
        request.options.min_psu = min_psu;
        request.options.goal = goal.threshold.map(|t| goal_settings(&goal, t)).transpose()?;
        Ok(request)
    };
    let request = build().map_err(|e| e.to_py(lang))?;
    py.detach(|| guard(lang, "estimate_share", || shares_table(&batch, &request).map(ArrowTable::new).map_err(|e| e.to_py(lang))))
}

/// Estimates totals, means or ratios by domain; see `chiso.survey.estimate`.
#[pyfunction]
#[pyo3(signature = (table, variable, design, quantity, denominator=None, lang="vi"))]
fn survey_estimates(py: Python<'_>, table: &Bound<'_, PyAny>, variable: &str, design: DesignArgs, quantity: &str, denominator: Option<&str>, lang: &str) -> PyResult<ArrowTable> {
    let lang = parse_lang(lang)?;
    let batch = import_table(table)?;
    let quantity = match quantity {
        "total" => Quantity::Total,
        "mean" => Quantity::Mean,
        "ratio" => Quantity::Ratio,
        other => return Err(SurveyError::InvalidOption { name: "quantity", value: other.to_string(), rule: "use total, mean or ratio" }.to_py(lang)),
    };
    let request = request(variable, design, lang).map_err(|e| e.to_py(lang))?;
    py.detach(|| guard(lang, "estimate", || estimates_table(&batch, &request, quantity, denominator).map(ArrowTable::new).map_err(|e| e.to_py(lang))))
}

/// Estimates shares from counts; see `chiso.survey.share_from_counts`.
#[pyfunction]
#[pyo3(signature = (numerators, denominators, method, level, goal, prior, lang="vi"))]
#[allow(clippy::too_many_arguments)]
fn survey_counts(numerators: Vec<f64>, denominators: Vec<f64>, method: &str, level: f64, goal: GoalArgs, prior: (f64, f64), lang: &str) -> PyResult<ArrowTable> {
    let lang = parse_lang(lang)?;
    let method = match method {
        "clopper_pearson" => CountMethod::ClopperPearson,
        "wilson" => CountMethod::Wilson,
        "jeffreys" => CountMethod::Jeffreys,
        "beta_binomial" => CountMethod::BetaBinomial { a: prior.0, b: prior.1 },
        other => {
            let rule = "use clopper_pearson, wilson, jeffreys or beta_binomial";
            return Err(SurveyError::InvalidOption { name: "method", value: other.to_string(), rule }.to_py(lang));
        }
    };
    let settings = goal_settings(&goal, 0.10).map_err(|e| e.to_py(lang))?;
    guard(lang, "share_from_counts", || counts_table(&numerators, &denominators, method, level, &settings).map(ArrowTable::new).map_err(|e| e.to_py(lang)))
}

/// Simulates the enterprise survey; see `chiso.survey.simulate_enterprise_survey`.
#[pyfunction]
#[pyo3(signature = (seed, n, missing_rate, lang="vi"))]
fn survey_simulate(seed: u64, n: i64, missing_rate: f64, lang: &str) -> PyResult<ArrowTable> {
    let lang = parse_lang(lang)?;
    let n = super::errors::whole_number(lang, "n", n, 1, i64::from(u32::MAX))? as u32;
    guard(lang, "simulate_enterprise_survey", || simulation_table(seed, n, missing_rate).map(ArrowTable::new).map_err(|e| e.to_py(lang)))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(survey_shares, m)?)?;
    m.add_function(wrap_pyfunction!(survey_estimates, m)?)?;
    m.add_function(wrap_pyfunction!(survey_counts, m)?)?;
    m.add_function(wrap_pyfunction!(survey_simulate, m)?)?;
    Ok(())
}

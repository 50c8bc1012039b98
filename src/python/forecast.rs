//! Bindings for the forecasting engine: batch count forecasts, shares, ranks,
//! annual trends, backtests and progress classes.

use std::collections::BTreeMap;

use pyo3::prelude::*;

use super::arrow::{import_table, ArrowTable};
use super::errors::{guard, parse_lang, SettingsError, ToPyErr};
use super::plan::forecast_dict;
use crate::forecast::backtest::{backtest, BacktestRow, BacktestSettings};
use crate::forecast::batch::{forecast_count_batch, CountBatchRow, CountRows, CountTarget};
use crate::forecast::count::GammaPrior;
use crate::forecast::history::YearPath;
use crate::forecast::progress;
use crate::forecast::share::{beta_binomial, survey_share, SurveyMethod};
use crate::forecast::within_year::CountModel;
use crate::forecast::{pii, trend};
use crate::locale::{text, Lang};
use crate::scorecard::{pii_rank_forecast, Settings};
use crate::table::{column_f64, column_str, TableBuilder};

type Dict = BTreeMap<&'static str, Py<PyAny>>;

fn parse_model(name: &str) -> PyResult<CountModel> {
    CountModel::parse(name).ok_or_else(|| SettingsError::new_err(format!("count model `{name}` is not known; use auto, run_rate, seasonal or overdispersed")))
}

fn table_error(lang: Lang) -> impl Fn(crate::table::TableError) -> PyErr {
    move |e| e.to_py(lang)
}

fn read_rows(table: &Bound<'_, PyAny>, lang: Lang) -> PyResult<CountRows> {
    let batch = import_table(table)?;
    let series = column_str(&batch, "series").map_err(table_error(lang))?;
    let year = column_f64(&batch, "year").map_err(table_error(lang))?;
    let elapsed = column_f64(&batch, "elapsed").map_err(table_error(lang))?;
    let value = column_f64(&batch, "value").map_err(table_error(lang))?;
    Ok(CountRows {
        series: series.into_iter().map(Option::unwrap_or_default).collect(),
        year: year.into_iter().map(|y| y.unwrap_or(f64::NAN) as i32).collect(),
        elapsed: elapsed.into_iter().map(|t| t.unwrap_or(f64::NAN)).collect(),
        value: value.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect(),
    })
}

fn read_targets(table: &Bound<'_, PyAny>, lang: Lang) -> PyResult<Vec<CountTarget>> {
    let batch = import_table(table)?;
    let series = column_str(&batch, "series").map_err(table_error(lang))?;
    let year = column_f64(&batch, "year").map_err(table_error(lang))?;
    let threshold = column_f64(&batch, "threshold").map_err(table_error(lang))?;
    let deadline = column_f64(&batch, "deadline").map_err(table_error(lang))?;
    Ok((0..series.len())
        .map(|i| CountTarget {
            series: series[i].clone().unwrap_or_default(),
            year: year[i].unwrap_or(f64::NAN) as i32,
            threshold: threshold[i].unwrap_or(f64::NAN),
            deadline: deadline[i].unwrap_or(1.0),
        })
        .collect())
}

/// Forecasts every target of a long table of year-to-date values.
#[pyfunction]
#[pyo3(signature = (rows, targets, model="auto", prior_shape=0.5, prior_rate=0.0, lang="vi"))]
fn forecast_counts_table(
    py: Python<'_>,
    rows: &Bound<'_, PyAny>,
    targets: &Bound<'_, PyAny>,
    model: &str,
    prior_shape: f64,
    prior_rate: f64,
    lang: &str,
) -> PyResult<ArrowTable> {
    let lang = parse_lang(lang)?;
    let model = parse_model(model)?;
    let rows = read_rows(rows, lang)?;
    let targets = read_targets(targets, lang)?;
    let prior = GammaPrior { shape: prior_shape, rate: prior_rate };
    py.detach(|| {
        guard(lang, "forecast_counts", || {
            let out = forecast_count_batch(&rows, &targets, model, prior);
            count_table(&out, lang).map(ArrowTable::new).map_err(|e| e.to_py(lang))
        })
    })
}

fn count_table(out: &[CountBatchRow], lang: Lang) -> Result<arrow_array::RecordBatch, crate::table::TableError> {
    let ok = |f: &dyn Fn(&crate::forecast::within_year::CountForecast) -> Option<f64>| -> Vec<Option<f64>> {
        out.iter().map(|r| r.result.as_ref().ok().and_then(f)).collect()
    };
    let reason_key: Vec<&str> = out
        .iter()
        .map(|r| match &r.result {
            Ok(f) => f.forecast.reason,
            Err(crate::forecast::ForecastError::NoReports) => "forecast.reason_no_reports",
            Err(_) => "forecast.reason_invalid_input",
        })
        .collect();
    let anticipated: Vec<Option<(f64, progress::EscapClass)>> = out.iter().map(|r| r.result.as_ref().ok().and_then(|f| progress::escap_in_year(f.forecast.median, r.threshold))).collect();
    TableBuilder::new()
        .str("series", out.iter().map(|r| Some(r.series.clone())).collect())
        .f64("observed", ok(&|f| Some(f.observed)))
        .f64("elapsed", ok(&|f| Some(f.elapsed)))
        .f64("projection", ok(&|f| Some(f.forecast.median)))
        .f64("mean", ok(&|f| Some(f.forecast.mean)))
        .f64("pi80_low", ok(&|f| Some(f.forecast.lower80)))
        .f64("pi80_high", ok(&|f| Some(f.forecast.upper80)))
        .f64("pi95_low", ok(&|f| Some(f.forecast.lower95)))
        .f64("pi95_high", ok(&|f| Some(f.forecast.upper95)))
        .f64("probability", ok(&|f| Some(f.forecast.probability)))
        .f64("pace_per_month", out.iter().map(|r| r.pace_per_month).collect())
        .f64("anticipated_progress", anticipated.iter().map(|a| a.map(|(ratio, _)| ratio)).collect())
        .str("escap_class", anticipated.iter().map(|a| a.map(|(_, class)| class.code().to_string())).collect())
        .str("model", out.iter().map(|r| Some(r.result.as_ref().map_or("none", |f| f.forecast.model).to_string())).collect())
        .str("reason", reason_key.iter().map(|k| Some(text(lang, k).to_string())).collect())
        .str("reason_key", reason_key.iter().map(|k| Some((*k).to_string())).collect())
        .f64("dispersion", ok(&|f| f.dispersion))
        .f64("seasonal_share", ok(&|f| f.share.map(|s| s.mean)))
        .i64("history_years", out.iter().map(|r| Some(r.history_years as i64)).collect())
        .bool("revised", out.iter().map(|r| r.result.as_ref().ok().map(|f| f.revised)).collect())
        .str("error", out.iter().map(|r| r.result.as_ref().err().map(ToString::to_string)).collect())
        .build()
}

/// Forecasts a share from counts or from a survey estimate with its SE.
#[pyfunction]
#[pyo3(signature = (threshold, numerator=None, denominator=None, estimate=None, se=None, n=None, method="beta_binomial", lang="vi"))]
#[allow(clippy::too_many_arguments)]
fn forecast_share_dict(
    threshold: f64,
    numerator: Option<f64>,
    denominator: Option<f64>,
    estimate: Option<f64>,
    se: Option<f64>,
    n: Option<f64>,
    method: &str,
    lang: &str,
) -> PyResult<Dict> {
    let lang = parse_lang(lang)?;
    let result = match (method, numerator, denominator, estimate, se) {
        ("beta_binomial", Some(x), Some(n), _, _) => beta_binomial(x, n, threshold),
        (name, _, _, Some(p), Some(se)) if SurveyMethod::parse(name).is_some() => survey_share(p, se, threshold, SurveyMethod::parse(name).expect("checked"), n),
        _ => return Err(SettingsError::new_err(format!("share method `{method}` needs numerator and denominator (beta_binomial) or estimate and se (effective_n, logit_normal)"))),
    };
    let f = result.map_err(|e| e.to_py(lang))?;
    Python::attach(|py| forecast_dict(py, &f, lang))
}

/// Simulates the PII rank of a unit after one more edition.
#[pyfunction]
#[pyo3(signature = (k, unit="Đồng Nai", year=2025, draws=20_000, seed=2026, lang="vi"))]
fn forecast_rank_dict(k: i64, unit: &str, year: i32, draws: i64, seed: u64, lang: &str) -> PyResult<Dict> {
    let lang = parse_lang(lang)?;
    let units = i64::from(pii::units_in_edition(year));
    let k = super::errors::whole_number(lang, "k", k, 1, units - 1)? as u32;
    let draws = super::errors::whole_number(lang, "draws", draws, 1, 100_000_000)? as usize;
    let settings = Settings { pii_unit: unit.to_string(), pii_year: year, rank_draws: draws, seed, ..Settings::default() };
    let Some((rank, pairs)) = guard(lang, "forecast_rank", || Ok(pii_rank_forecast(k, &settings)))? else {
        return Err(crate::forecast::ForecastError::UnknownUnit(unit.to_string()).to_py(lang));
    };
    Python::attach(|py| {
        let mut out = forecast_dict(py, &rank.forecast, lang)?;
        out.insert("distribution", rank.distribution.clone().into_pyobject(py)?.into_any().unbind());
        out.insert("score_needed", rank.score_needed.into_pyobject(py)?.into_any().unbind());
        out.insert("current_score", rank.current_score.into_pyobject(py)?.into_any().unbind());
        out.insert("imputed_ranks", rank.imputed.clone().into_pyobject(py)?.into_any().unbind());
        out.insert("change_pairs", pairs.into_pyobject(py)?.into_any().unbind());
        Ok(out)
    })
}

/// Lists the figures missing from the shipped 2023–2025 PII table.
#[pyfunction]
fn pii_missing_table() -> PyResult<ArrowTable> {
    let missing = pii::missing_figures();
    TableBuilder::new()
        .i64("year", missing.iter().map(|m| Some(i64::from(m.year))).collect())
        .i64("rank", missing.iter().map(|m| m.rank.map(i64::from)).collect())
        .str("province", missing.iter().map(|m| m.province.clone()).collect())
        .str("missing", missing.iter().map(|m| Some(m.missing.to_string())).collect())
        .build()
        .map(ArrowTable::new)
        .map_err(|e| e.to_py(Lang::Vi))
}

/// Forecasts an annual series in a target year.
#[pyfunction]
#[pyo3(signature = (years, values, target_year, threshold, damping=trend::DEFAULT_DAMPING, lang="vi"))]
fn forecast_annual_dict(years: Vec<i32>, values: Vec<f64>, target_year: i32, threshold: f64, damping: f64, lang: &str) -> PyResult<Dict> {
    let lang = parse_lang(lang)?;
    let points: Vec<(i32, f64)> = years.into_iter().zip(values).collect();
    let f = trend::forecast_annual(&points, target_year, threshold, damping).map_err(|e| e.to_py(lang))?;
    Python::attach(|py| forecast_dict(py, &f, lang))
}

/// Backtests the count models on one series of year-to-date values.
#[pyfunction]
#[pyo3(signature = (years, elapsed, values, as_of_months, threshold_ratios, models, lang="vi"))]
fn backtest_table(
    years: Vec<i32>,
    elapsed: Vec<f64>,
    values: Vec<f64>,
    as_of_months: Vec<u32>,
    threshold_ratios: Vec<f64>,
    models: Vec<String>,
    lang: &str,
) -> PyResult<ArrowTable> {
    let lang = parse_lang(lang)?;
    let models = models.iter().map(|m| parse_model(m)).collect::<PyResult<Vec<_>>>()?;
    let paths = year_paths(&years, &elapsed, &values);
    let settings = BacktestSettings { as_of_months, threshold_ratios, models, ..BacktestSettings::default() };
    guard(lang, "backtest", || {
        let rows = backtest(&paths, &settings).map_err(|e| e.to_py(lang))?;
        backtest_batch(&rows).map(ArrowTable::new).map_err(|e| e.to_py(lang))
    })
}

fn year_paths(years: &[i32], elapsed: &[f64], values: &[f64]) -> Vec<YearPath> {
    let mut by_year: BTreeMap<i32, Vec<(f64, f64)>> = BTreeMap::new();
    for ((year, t), v) in years.iter().zip(elapsed).zip(values) {
        by_year.entry(*year).or_default().push((*t, *v));
    }
    by_year.into_iter().filter_map(|(year, points)| YearPath::from_points(year, points)).collect()
}

fn backtest_batch(rows: &[BacktestRow]) -> Result<arrow_array::RecordBatch, crate::table::TableError> {
    let column = |f: &dyn Fn(&BacktestRow) -> f64| rows.iter().map(|r| Some(f(r))).collect::<Vec<_>>();
    let requested = |r: &BacktestRow| match r.requested {
        CountModel::Auto => "auto",
        CountModel::RunRate => "run_rate",
        CountModel::Seasonal => "seasonal",
        CountModel::Overdispersed => "overdispersed",
    };
    TableBuilder::new()
        .i64("year", rows.iter().map(|r| Some(i64::from(r.year))).collect())
        .i64("as_of_month", rows.iter().map(|r| Some(i64::from(r.as_of_month))).collect())
        .str("requested", rows.iter().map(|r| Some(requested(r).to_string())).collect())
        .str("model", rows.iter().map(|r| Some(r.model.to_string())).collect())
        .f64("observed", column(&|r| r.observed))
        .f64("truth", column(&|r| r.truth))
        .f64("projection", column(&|r| r.median))
        .f64("pi80_low", column(&|r| r.lower80))
        .f64("pi80_high", column(&|r| r.upper80))
        .f64("pi95_low", column(&|r| r.lower95))
        .f64("pi95_high", column(&|r| r.upper95))
        .f64("brier", column(&|r| r.brier))
        .f64("crps", column(&|r| r.crps))
        .build()
}

/// Computes ESCAP, Eurostat, Statistics Canada and UNSD progress classes per row.
#[pyfunction]
#[pyo3(signature = (base_value, base_year, current_value, current_year, target, target_year, direction, limit, lang="vi"))]
#[allow(clippy::too_many_arguments)]
fn progress_table(
    base_value: Vec<f64>,
    base_year: Vec<i32>,
    current_value: Vec<f64>,
    current_year: Vec<i32>,
    target: Vec<Option<f64>>,
    target_year: Vec<Option<i32>>,
    direction: Vec<f64>,
    limit: Vec<Option<f64>>,
    lang: &str,
) -> PyResult<ArrowTable> {
    let lang = parse_lang(lang)?;
    let rows: Vec<ProgressRow> = (0..base_value.len())
        .map(|i| progress_row(base_value[i], base_year[i], current_value[i], current_year[i], target[i].zip(target_year[i]), direction[i], limit[i]))
        .collect();
    let label = |code: Option<&'static str>| code.map(|c| text(lang, &format!("forecast.class_{c}")).to_string());
    TableBuilder::new()
        .f64("escap_status_index", rows.iter().map(|r| r.escap_csi).collect())
        .f64("escap_anticipated_ratio", rows.iter().map(|r| r.escap.map(|a| a.ratio)).collect())
        .str("escap_class", rows.iter().map(|r| r.escap.map(|a| a.class.code().to_string())).collect())
        .str("escap_label", rows.iter().map(|r| label(r.escap.map(|a| a.class.code()))).collect())
        .f64("eurostat_value", rows.iter().map(|r| r.eurostat.map(|e| e.0)).collect())
        .str("eurostat_class", rows.iter().map(|r| r.eurostat.map(|e| e.1.code().to_string())).collect())
        .str("eurostat_label", rows.iter().map(|r| label(r.eurostat.map(|e| e.1.code()))).collect())
        .f64("statcan_value", rows.iter().map(|r| r.statcan.map(|s| s.progress_value).filter(|v| v.is_finite())).collect())
        .f64("statcan_score", rows.iter().map(|r| r.statcan.map(|s| s.score)).collect())
        .str("statcan_status", rows.iter().map(|r| r.statcan.map(|s| s.status.code().to_string())).collect())
        .str("statcan_label", rows.iter().map(|r| label(r.statcan.map(|s| s.status.code()))).collect())
        .f64("unsd_ratio", rows.iter().map(|r| r.unsd.map(|u| u.0)).collect())
        .i64("unsd_score", rows.iter().map(|r| r.unsd.map(|u| i64::from(u.1))).collect())
        .build()
        .map(ArrowTable::new)
        .map_err(|e| e.to_py(lang))
}

struct ProgressRow {
    escap_csi: Option<f64>,
    escap: Option<progress::AnticipatedProgress>,
    eurostat: Option<(f64, progress::EurostatClass)>,
    statcan: Option<progress::StatcanResult>,
    unsd: Option<(f64, u8)>,
}

fn progress_row(base: f64, base_year: i32, current: f64, current_year: i32, target: Option<(f64, i32)>, direction: f64, limit: Option<f64>) -> ProgressRow {
    let statcan_input = progress::StatcanInput { base_value: base, base_year, current_value: current, current_year, direction, target, limit };
    let eurostat = match target {
        Some((value, year)) => progress::eurostat_target(base, base_year, current, current_year, value, year),
        None => progress::eurostat_no_target(base, base_year, current, current_year, direction),
    };
    ProgressRow {
        escap_csi: target.map(|(value, _)| progress::escap_current_status(base, current, value, direction >= 0.0)),
        escap: target.and_then(|(value, year)| progress::escap_anticipated(base, base_year, current, current_year, value, year)),
        eurostat,
        statcan: progress::statcan(&statcan_input),
        unsd: target.and_then(|(value, year)| progress::unsd_progress_chart(base, base_year, current, current_year, value, year)).map(|u| (u.2, u.3)),
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(forecast_counts_table, m)?)?;
    m.add_function(wrap_pyfunction!(forecast_share_dict, m)?)?;
    m.add_function(wrap_pyfunction!(forecast_rank_dict, m)?)?;
    m.add_function(wrap_pyfunction!(pii_missing_table, m)?)?;
    m.add_function(wrap_pyfunction!(forecast_annual_dict, m)?)?;
    m.add_function(wrap_pyfunction!(backtest_table, m)?)?;
    m.add_function(wrap_pyfunction!(progress_table, m)?)?;
    Ok(())
}

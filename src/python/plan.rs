//! Bindings for plans, reports, scorecards and the first forecasts.

use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rayon::prelude::*;

use super::arrow::{import_table, ArrowTable};
use super::errors::{guard, parse_lang, SettingsError, ToPyErr};
use crate::locale::{catalogue, format, Lang};
use crate::observations::{NumberFormat, ReadOptions, Reports};
use crate::plan::Plan;
use crate::scorecard::{reporting_discipline, target_scorecard, task_scorecard, Settings};
use crate::table::{column_str, TableBuilder};
use crate::{output, table};

/// A loaded plan.
#[pyclass(frozen, name = "Plan", module = "chiso._chiso")]
pub(crate) struct PyPlan {
    pub(crate) inner: Plan,
}

/// Accepted report rows, every vintage kept.
#[pyclass(frozen, name = "Reports", module = "chiso._chiso")]
pub(crate) struct PyReports {
    pub(crate) inner: Reports,
}

fn parse_as_of(text: &str, lang: Lang) -> PyResult<NaiveDate> {
    crate::observations::parse_date_cell(text)
        .ok_or_else(|| SettingsError::new_err(format(lang, "error.date", &[("value", text.to_string())])))
}

#[pymethods]
impl PyPlan {
    #[getter]
    fn id(&self) -> String {
        self.inner.id.clone()
    }
    #[getter]
    fn title_vi(&self) -> String {
        self.inner.title_vi.clone()
    }
    #[getter]
    fn title_en(&self) -> String {
        self.inner.title_en.clone()
    }
    #[getter]
    fn place(&self) -> String {
        self.inner.place.clone()
    }
    #[getter]
    fn year(&self) -> i32 {
        self.inner.year
    }
    #[getter]
    fn start(&self) -> NaiveDate {
        self.inner.start
    }
    #[getter]
    fn end(&self) -> NaiveDate {
        self.inner.end
    }
    #[getter]
    fn file(&self) -> String {
        self.inner.file.clone()
    }
    #[getter]
    fn annual_due(&self) -> NaiveDate {
        self.inner.calendar.annual_due
    }
    #[getter]
    fn quarterly_due_day(&self) -> u32 {
        self.inner.calendar.quarterly_due_day
    }

    /// Targets as a table.
    fn targets_table(&self, lang: &str) -> PyResult<ArrowTable> {
        let lang = parse_lang(lang)?;
        let p = &self.inner;
        let pick = |vi: &str, en: &str| if lang == Lang::En && !en.is_empty() { en.to_string() } else { vi.to_string() };
        TableBuilder::new()
            .str("target_id", p.targets.iter().map(|t| Some(t.id.clone())).collect())
            .i64("number", p.targets.iter().map(|t| Some(i64::from(t.number))).collect())
            .str("name_vi", p.targets.iter().map(|t| Some(t.name_vi.clone())).collect())
            .str("name_en", p.targets.iter().map(|t| Some(t.name_en.clone())).collect())
            .str("kind", p.targets.iter().map(|t| Some(t.kind.as_str().to_string())).collect())
            .f64("threshold", p.targets.iter().map(|t| t.threshold).collect())
            .str("unit", p.targets.iter().map(|t| Some(pick(&t.unit_vi, &t.unit_en))).collect())
            .str("lead_agency", p.targets.iter().map(|t| Some(t.lead.join("; "))).collect())
            .str("coordinating", p.targets.iter().map(|t| Some(t.coordinating.join("; "))).collect())
            .str("output", p.targets.iter().map(|t| Some(t.output_vi.clone())).collect())
            .str("deadline_text", p.targets.iter().map(|t| Some(t.deadline_text.clone())).collect())
            .date("deadline", p.targets.iter().map(|t| t.deadline.date()).collect())
            .str("note", p.targets.iter().map(|t| t.note.clone()).collect())
            .build()
            .map(ArrowTable::new)
            .map_err(|e| e.to_py(lang))
    }

    /// Tasks as a table, with the parsed output counts.
    fn tasks_table(&self, lang: &str) -> PyResult<ArrowTable> {
        let lang = parse_lang(lang)?;
        let p = &self.inner;
        let first = |t: &crate::plan::Task| t.outputs.first().cloned();
        TableBuilder::new()
            .str("task_id", p.tasks.iter().map(|t| Some(t.id.clone())).collect())
            .i64("number", p.tasks.iter().map(|t| Some(i64::from(t.number))).collect())
            .str("name_vi", p.tasks.iter().map(|t| Some(t.name_vi.clone())).collect())
            .str("name_en", p.tasks.iter().map(|t| Some(t.name_en.clone())).collect())
            .str("lead_agency", p.tasks.iter().map(|t| Some(t.lead.join("; "))).collect())
            .str("coordinating", p.tasks.iter().map(|t| Some(t.coordinating.join("; "))).collect())
            .str("output", p.tasks.iter().map(|t| Some(t.output_vi.clone())).collect())
            .i64("output_min", p.tasks.iter().map(|t| first(t).map(|o| i64::from(o.min))).collect())
            .i64("output_max", p.tasks.iter().map(|t| first(t).and_then(|o| o.max).map(i64::from)).collect())
            .str("output_unit", p.tasks.iter().map(|t| first(t).map(|o| o.unit_vi)).collect())
            .i64("outputs_parsed", p.tasks.iter().map(|t| Some(t.outputs.len() as i64)).collect())
            .str("deadline_text", p.tasks.iter().map(|t| Some(t.deadline_text.clone())).collect())
            .date("deadline", p.tasks.iter().map(|t| t.deadline.date()).collect())
            .bool("ongoing", p.tasks.iter().map(|t| Some(t.deadline.date().is_none())).collect())
            .str("targets", p.tasks.iter().map(|t| Some(t.targets.join(", "))).collect())
            .str("note", p.tasks.iter().map(|t| t.note.clone()).collect())
            .build()
            .map(ArrowTable::new)
            .map_err(|e| e.to_py(lang))
    }

    /// Returns the communes of the coverage list matched to the official list.
    fn communes_table(&self) -> PyResult<ArrowTable> {
        let official = crate::communes::OfficialList::default_list();
        let p = &self.inner;
        let unit = |code: &str| official.by_code(code).cloned();
        TableBuilder::new()
            .i64("number", p.communes.iter().map(|c| Some(i64::from(c.number))).collect())
            .str("name_in_plan", p.communes.iter().map(|c| Some(c.name_vi.clone())).collect())
            .str("code", p.communes.iter().map(|c| Some(c.code.clone())).collect())
            .str("official_name", p.communes.iter().map(|c| unit(&c.code).map(|u| u.full_name())).collect())
            .str("match", p.communes.iter().map(|c| {
                let exact = unit(&c.code).is_some_and(|u| c.name_vi == u.full_name());
                let same = unit(&c.code).is_some_and(|u| crate::communes::same_name(&c.name_vi, &u.full_name()));
                Some(if exact { "exact" } else if same { "tone_placement" } else { "confirmed_in_plan" }.to_string())
            }).collect())
            .str("former_province", p.communes.iter().map(|c| unit(&c.code).map(|u| u.former_province)).collect())
            .str("note", p.communes.iter().map(|c| c.note.clone()).collect())
            .build()
            .map(ArrowTable::new)
            .map_err(|e| e.to_py(Lang::En))
    }

    fn quarter_ends(&self) -> Vec<NaiveDate> {
        self.inner.quarter_ends()
    }

    fn __repr__(&self) -> String {
        format!("Plan(id={:?}, year={}, targets={}, tasks={}, communes={})", self.inner.id, self.inner.year, self.inner.targets.len(), self.inner.tasks.len(), self.inner.communes.len())
    }
}

#[pymethods]
impl PyReports {
    fn __len__(&self) -> usize {
        self.inner.rows().len()
    }

    /// Returns all accepted rows as a table (every vintage).
    fn table(&self) -> PyResult<ArrowTable> {
        let rows = self.inner.rows();
        TableBuilder::new()
            .i64("source_row", rows.iter().map(|r| Some(r.row as i64)).collect())
            .str("item", rows.iter().map(|r| Some(r.item.clone())).collect())
            .date("period_end", rows.iter().map(|r| Some(r.period_end)).collect())
            .f64("value", rows.iter().map(|r| r.value).collect())
            .str("basis", rows.iter().map(|r| Some(r.basis.as_str().to_string())).collect())
            .f64("numerator", rows.iter().map(|r| r.numerator).collect())
            .f64("denominator", rows.iter().map(|r| r.denominator).collect())
            .str("commune", rows.iter().map(|r| r.commune.clone()).collect())
            .str("commune_code", rows.iter().map(|r| r.commune_code.clone()).collect())
            .str("agency", rows.iter().map(|r| Some(r.agency.clone())).collect())
            .date("reported_on", rows.iter().map(|r| Some(r.reported_on)).collect())
            .str("source", rows.iter().map(|r| Some(r.source.clone())).collect())
            .str("note", rows.iter().map(|r| Some(r.note.clone())).collect())
            .build()
            .map(ArrowTable::new)
            .map_err(|e| e.to_py(Lang::En))
    }

    /// Reports seen as of a date.
    fn as_of(&self, date: &str) -> PyResult<PyReports> {
        Ok(PyReports { inner: self.inner.as_of(parse_as_of(date, Lang::En)?) })
    }

    /// Joins two sets of reports.
    fn concat(&self, other: &PyReports) -> PyReports {
        let mut inner = self.inner.clone();
        inner.extend(other.inner.clone());
        PyReports { inner }
    }
}

/// Loads a plan from a TOML file, or the shipped plan when `path` is None.
#[pyfunction]
#[pyo3(signature = (path=None, lang="vi"))]
fn load_plan(path: Option<&str>, lang: &str) -> PyResult<PyPlan> {
    let lang = parse_lang(lang)?;
    guard(lang, "load_plan", || {
        let plan = match path {
            None => Plan::default_plan(),
            Some(path) => Plan::from_path(path).map_err(|e| e.to_py(lang))?,
        };
        Ok(PyPlan { inner: plan })
    })
}

/// Parses a plan from TOML text.
#[pyfunction]
#[pyo3(signature = (text, file="<text>", lang="vi"))]
fn parse_plan(text: &str, file: &str, lang: &str) -> PyResult<PyPlan> {
    let lang = parse_lang(lang)?;
    guard(lang, "parse_plan", || Plan::from_toml_str(text, file).map(|inner| PyPlan { inner }).map_err(|e| e.to_py(lang)))
}

fn number_format(code: &str) -> PyResult<NumberFormat> {
    match code {
        "auto" => Ok(NumberFormat::Auto),
        "vi" => Ok(NumberFormat::Vietnamese),
        "en" => Ok(NumberFormat::English),
        other => Err(SettingsError::new_err(format!("number_format `{other}` is invalid; use auto, vi or en"))),
    }
}

/// Reads reports from a table of text columns (any object with
/// `__arrow_c_stream__`). Returns the accepted rows and the problems table.
#[pyfunction]
#[pyo3(signature = (plan, table, file, sheet=None, first_row=2, number_format="auto", lang="vi", allow_earlier_years=false))]
#[allow(clippy::too_many_arguments)]
fn read_reports_table(
    plan: &PyPlan,
    table: &Bound<'_, PyAny>,
    file: &str,
    sheet: Option<String>,
    first_row: usize,
    number_format: &str,
    lang: &str,
    allow_earlier_years: bool,
) -> PyResult<(PyReports, ArrowTable, usize)> {
    let lang = parse_lang(lang)?;
    let format = self::number_format(number_format)?;
    let batch = import_table(table)?;
    guard(lang, "read_reports", || {
        let mut columns = Vec::new();
        for field in batch.schema().fields() {
            let values = column_str(&batch, field.name()).map_err(|e| e.to_py(lang))?;
            columns.push((field.name().clone(), values));
        }
        let rows = batch.num_rows();
        let options = ReadOptions { number_format: format, sheet, first_row: Some(first_row), allow_earlier_years };
        let (reports, problems) = Reports::from_text_columns(columns, file, &plan.inner, &options);
        let problems = output::problems_table(&problems, lang).map_err(|e| e.to_py(lang))?;
        Ok((PyReports { inner: reports }, ArrowTable::new(problems), rows))
    })
}

/// Validates a CSV reports file row by row without keeping its rows, so a
/// file of millions of rows is checked in bounded memory. Returns the
/// problems table, the rows read and the rows accepted.
#[pyfunction]
#[pyo3(signature = (plan, path, number_format="auto", lang="vi", allow_earlier_years=false))]
fn validate_csv_file(py: Python<'_>, plan: &PyPlan, path: &str, number_format: &str, lang: &str, allow_earlier_years: bool) -> PyResult<(ArrowTable, usize, usize)> {
    let lang = parse_lang(lang)?;
    let format = self::number_format(number_format)?;
    let file = std::fs::File::open(path).map_err(|e| {
        pyo3::exceptions::PyFileNotFoundError::new_err(format!("{}: {e}", crate::locale::format(lang, "error.file_not_found", &[("path", path.to_string())])))
    })?;
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    let options = ReadOptions { number_format: format, sheet: None, first_row: Some(2), allow_earlier_years };
    let validation = py.detach(|| {
        guard(lang, "validate_csv_file", || Ok(crate::observations::validate_csv(reader, path, &plan.inner, &options)))
    })?;
    let problems = output::problems_table(&validation.problems, lang).map_err(|e| e.to_py(lang))?;
    Ok((ArrowTable::new(problems), validation.rows, validation.accepted))
}

/// Reads reports from CSV text.
#[pyfunction]
#[pyo3(signature = (plan, text, file, number_format="auto", lang="vi", allow_earlier_years=false))]
fn read_reports_csv(plan: &PyPlan, text: &str, file: &str, number_format: &str, lang: &str, allow_earlier_years: bool) -> PyResult<(PyReports, ArrowTable, usize)> {
    let lang = parse_lang(lang)?;
    let format = self::number_format(number_format)?;
    guard(lang, "read_reports_csv", || {
        let options = ReadOptions { number_format: format, sheet: None, first_row: Some(2), allow_earlier_years };
        let (reports, validation) = Reports::read_csv(text.as_bytes(), file, &plan.inner, &options);
        let (rows, problems) = (validation.rows, validation.problems);
        let problems = output::problems_table(&problems, lang).map_err(|e| e.to_py(lang))?;
        Ok((PyReports { inner: reports }, ArrowTable::new(problems), rows))
    })
}

fn settings_from(kwargs: Option<&Bound<'_, PyDict>>, lang: Lang) -> PyResult<Settings> {
    let mut settings = Settings::default();
    if let Some(kwargs) = kwargs {
        for (key, value) in kwargs.iter() {
            let key: String = key.extract()?;
            match key.as_str() {
                "on_track" => settings.on_track = value.extract()?,
                "at_risk" => settings.at_risk = value.extract()?,
                "milestone_warning_days" => settings.milestone_warning_days = value.extract()?,
                "rank_draws" => settings.rank_draws = value.extract()?,
                "seed" => settings.seed = value.extract()?,
                "pii_unit" => settings.pii_unit = value.extract()?,
                "pii_year" => settings.pii_year = value.extract()?,
                "prior_shape" => settings.prior.shape = value.extract()?,
                "prior_rate" => settings.prior.rate = value.extract()?,
                other => return Err(SettingsError::new_err(format!("unknown setting `{other}`"))),
            }
        }
    }
    settings.validate().map_err(|e| e.to_py(lang))?;
    Ok(settings)
}

/// Builds the target scorecard as of a date.
#[pyfunction]
#[pyo3(signature = (plan, reports, as_of, lang="vi", **settings))]
fn scorecard(plan: &PyPlan, reports: &PyReports, as_of: &str, lang: &str, settings: Option<&Bound<'_, PyDict>>) -> PyResult<ArrowTable> {
    let lang = parse_lang(lang)?;
    let settings = settings_from(settings, lang)?;
    let as_of = parse_as_of(as_of, lang)?;
    guard(lang, "scorecard", || {
        let rows = target_scorecard(&plan.inner, &reports.inner, as_of, &settings);
        output::target_table(&plan.inner, &rows, as_of, lang).map(ArrowTable::new).map_err(|e| e.to_py(lang))
    })
}

/// Builds target scorecards for every pair of (plan, reports) and every date, as one table.
#[pyfunction]
#[pyo3(signature = (plans, reports, dates, lang="vi", **settings))]
fn scorecard_batch(
    py: Python<'_>,
    plans: Vec<PyRef<'_, PyPlan>>,
    reports: Vec<PyRef<'_, PyReports>>,
    dates: Vec<String>,
    lang: &str,
    settings: Option<&Bound<'_, PyDict>>,
) -> PyResult<ArrowTable> {
    let lang = parse_lang(lang)?;
    let settings = settings_from(settings, lang)?;
    if plans.len() != reports.len() {
        return Err(SettingsError::new_err(format!("{} plans but {} report sets; give one report set per plan", plans.len(), reports.len())));
    }
    let dates: Vec<NaiveDate> = dates.iter().map(|d| parse_as_of(d, lang)).collect::<PyResult<_>>()?;
    let jobs: Vec<(&Plan, &Reports, NaiveDate)> = plans
        .iter()
        .zip(reports.iter())
        .flat_map(|(p, r)| dates.iter().map(move |d| (&p.inner, &r.inner, *d)))
        .collect();
    let batches = py.detach(|| {
        guard(lang, "scorecard_batch", || {
            jobs.par_iter()
                .map(|(plan, reports, date)| {
                    let rows = target_scorecard(plan, reports, *date, &settings);
                    output::target_table(plan, &rows, *date, lang)
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| e.to_py(lang))
        })
    })?;
    let schema = match batches.first() {
        Some(b) => b.schema(),
        None => {
            let empty = Plan::default_plan();
            output::target_table(&empty, &[], Plan::default_plan().start, lang).map_err(|e| e.to_py(lang))?.schema()
        }
    };
    Ok(ArrowTable::from_batches(schema, batches))
}

/// Builds the task scorecard as of a date.
#[pyfunction]
#[pyo3(signature = (plan, reports, as_of, lang="vi"))]
fn task_scorecard_table(plan: &PyPlan, reports: &PyReports, as_of: &str, lang: &str) -> PyResult<ArrowTable> {
    let lang = parse_lang(lang)?;
    let as_of = parse_as_of(as_of, lang)?;
    guard(lang, "task_scorecard", || {
        let rows = task_scorecard(&plan.inner, &reports.inner, as_of);
        output::task_table(&plan.inner, &rows, as_of, lang).map(ArrowTable::new).map_err(|e| e.to_py(lang))
    })
}

/// Builds the reporting-discipline table as of a date.
#[pyfunction]
#[pyo3(signature = (plan, reports, as_of, lang="vi"))]
fn reporting_table(plan: &PyPlan, reports: &PyReports, as_of: &str, lang: &str) -> PyResult<ArrowTable> {
    let lang = parse_lang(lang)?;
    let as_of = parse_as_of(as_of, lang)?;
    guard(lang, "reporting_discipline", || {
        let rows = reporting_discipline(&plan.inner, &reports.inner, as_of);
        output::discipline_table(&plan.inner, &rows, lang).map(ArrowTable::new).map_err(|e| e.to_py(lang))
    })
}

/// Maps a header (English or Vietnamese) to its canonical report column, or None.
#[pyfunction]
fn canonical_column(header: &str) -> Option<&'static str> {
    crate::observations::canonical_column(header)
}

/// Returns the whole catalogue of a language.
#[pyfunction]
fn messages(lang: &str) -> PyResult<std::collections::BTreeMap<String, String>> {
    Ok(catalogue(parse_lang(lang)?).clone())
}

/// Formats a number the way the language writes it.
#[pyfunction]
#[pyo3(signature = (value, decimals, lang="vi"))]
fn format_number(value: f64, decimals: usize, lang: &str) -> PyResult<String> {
    Ok(crate::locale::format_number(parse_lang(lang)?, value, decimals))
}

/// Shipped data files by name (plan, commune list, example reports, real cases).
#[pyfunction]
fn shipped_file(name: &str) -> PyResult<&'static str> {
    let text = match name {
        "dong-nai-2026.toml" => crate::plan::DEFAULT_PLAN_TOML,
        "communes-dong-nai-2025.csv" => crate::communes::DEFAULT_COMMUNES_CSV,
        "pii-scores.csv" => crate::forecast::pii::PII_SCORES_CSV,
        "bao-cao-minh-hoa-2026.csv" => include_str!("../../seeds/bao-cao-minh-hoa-2026.csv"),
        "vn-doanh-nghiep-2024.toml" => include_str!("../../seeds/vn-doanh-nghiep-2024.toml"),
        "vn-doanh-nghiep-2024.csv" => include_str!("../../seeds/vn-doanh-nghiep-2024.csv"),
        "vn-doanh-nghiep-2019-2023.csv" => include_str!("../../seeds/vn-doanh-nghiep-2019-2023.csv"),
        "thanh-hoa-2022.toml" => include_str!("../../seeds/thanh-hoa-2022.toml"),
        "thanh-hoa-2022.csv" => include_str!("../../seeds/thanh-hoa-2022.csv"),
        "vn-enterprise-series-2019-2024.csv" => include_str!("../../seeds/vn-enterprise-series-2019-2024.csv"),
        "pii-indicators-khanh-hoa-2025.csv" => include_str!("../../seeds/pii-indicators-khanh-hoa-2025.csv"),
        "dong-nai-indicators.csv" => include_str!("../../seeds/dong-nai-indicators.csv"),
        "pii-crosswalk-2025.csv" => include_str!("../../seeds/pii-crosswalk-2025.csv"),
        other => return Err(SettingsError::new_err(format!("no shipped file named `{other}`"))),
    };
    Ok(text)
}

/// Forecasts a year-end count with the Poisson–gamma run rate.
#[pyfunction]
#[pyo3(signature = (observed, elapsed, remaining, threshold, prior_shape=0.5, prior_rate=0.0, lang="vi"))]
#[allow(clippy::too_many_arguments)]
fn forecast_run_rate(observed: f64, elapsed: f64, remaining: f64, threshold: f64, prior_shape: f64, prior_rate: f64, lang: &str) -> PyResult<std::collections::BTreeMap<&'static str, Py<PyAny>>> {
    let lang = parse_lang(lang)?;
    let prior = crate::forecast::count::GammaPrior { shape: prior_shape, rate: prior_rate };
    let f = crate::forecast::count::run_rate(observed, elapsed, remaining, threshold, prior).map_err(|e| e.to_py(lang))?;
    Python::attach(|py| forecast_dict(py, &f, lang))
}

pub(crate) fn forecast_dict(py: Python<'_>, f: &crate::forecast::Forecast, lang: Lang) -> PyResult<std::collections::BTreeMap<&'static str, Py<PyAny>>> {
    let mut out = std::collections::BTreeMap::new();
    out.insert("model", f.model.into_pyobject(py)?.into_any().unbind());
    out.insert("reason", crate::locale::text(lang, f.reason).into_pyobject(py)?.into_any().unbind());
    for (key, value) in [("projection", f.median), ("mean", f.mean), ("pi80_low", f.lower80), ("pi80_high", f.upper80), ("pi95_low", f.lower95), ("pi95_high", f.upper95), ("probability", f.probability)] {
        out.insert(key, value.into_pyobject(py)?.into_any().unbind());
    }
    Ok(out)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPlan>()?;
    m.add_class::<PyReports>()?;
    m.add_function(wrap_pyfunction!(load_plan, m)?)?;
    m.add_function(wrap_pyfunction!(parse_plan, m)?)?;
    m.add_function(wrap_pyfunction!(read_reports_table, m)?)?;
    m.add_function(wrap_pyfunction!(read_reports_csv, m)?)?;
    m.add_function(wrap_pyfunction!(validate_csv_file, m)?)?;
    m.add_function(wrap_pyfunction!(scorecard, m)?)?;
    m.add_function(wrap_pyfunction!(scorecard_batch, m)?)?;
    m.add_function(wrap_pyfunction!(task_scorecard_table, m)?)?;
    m.add_function(wrap_pyfunction!(reporting_table, m)?)?;
    m.add_function(wrap_pyfunction!(messages, m)?)?;
    m.add_function(wrap_pyfunction!(canonical_column, m)?)?;
    m.add("REPORT_COLUMNS", crate::observations::COLUMNS.to_vec())?;
    m.add("REPORT_HEADERS_VI", crate::observations::HEADERS_VI.to_vec())?;
    m.add_function(wrap_pyfunction!(format_number, m)?)?;
    m.add_function(wrap_pyfunction!(shipped_file, m)?)?;
    m.add_function(wrap_pyfunction!(forecast_run_rate, m)?)?;
    let _ = table::has_column;
    Ok(())
}

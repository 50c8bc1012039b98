//! Bindings for the composite index engine. Options arrive as JSON built by
//! `chiso.index`, which checks method names before calling.

use std::collections::BTreeMap;

use arrow_array::RecordBatch;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::de::DeserializeOwned;

use super::arrow::{import_table, ArrowTable};
use super::errors::{guard, parse_lang, SettingsError, ToPyErr};
use crate::index::framework::nodes_from_columns;
use crate::index::sensitivity::{sensitivity, SensitivityOptions};
use crate::index::tables::{self, Matrix};
use crate::index::uncertainty::{uncertainty, UncertaintyOptions};
use crate::index::whatif::{path_to_rank, what_if, PathOptions, ValueChange};
use crate::index::{pii, Dataset, IndexError, IndexResult, Model, Settings};
use crate::locale::{format, Lang};
use crate::table::{self, TableError};

/// Rank statistics, the count of failed replications and the failure messages with counts.
type UncertaintyOutput = (ArrowTable, usize, Vec<(String, usize)>);

/// A validated framework with its data.
#[pyclass(frozen, name = "IndexModel", module = "chiso._chiso")]
pub(crate) struct PyIndexModel {
    inner: Model,
}

/// One pipeline run.
#[pyclass(frozen, name = "IndexRun", module = "chiso._chiso")]
pub(crate) struct PyIndexRun {
    inner: IndexResult,
}

fn parse_json<T: DeserializeOwned>(text: &str, argument: &str, lang: Lang) -> PyResult<T> {
    serde_json::from_str(text).map_err(|e| SettingsError::new_err(format(lang, "index.error_setting", &[("reason", format!("{argument}: {e}"))])))
}

fn to_table(batch: Result<RecordBatch, TableError>, lang: Lang) -> PyResult<ArrowTable> {
    batch.map(ArrowTable::new).map_err(|e| e.to_py(lang))
}

/// Framework columns as text, whatever their Arrow type.
fn text_columns(batch: &RecordBatch) -> BTreeMap<String, Vec<Option<String>>> {
    let mut columns = BTreeMap::new();
    for field in batch.schema().fields() {
        let name = field.name();
        let cells = match table::column_str(batch, name) {
            Ok(cells) => cells,
            Err(_) => table::column_f64(batch, name)
                .map(|values| values.into_iter().map(|v| v.map(|x| x.to_string())).collect())
                .unwrap_or_else(|_| vec![None; batch.num_rows()]),
        };
        columns.insert(name.clone(), cells);
    }
    columns
}

#[pyfunction]
#[pyo3(signature = (data, framework, unit="unit", long_columns=None, lang="vi"))]
fn index_model(
    data: &Bound<'_, PyAny>,
    framework: &Bound<'_, PyAny>,
    unit: &str,
    long_columns: Option<(String, String, String)>,
    lang: &str,
) -> PyResult<PyIndexModel> {
    let lang = parse_lang(lang)?;
    let data = import_table(data)?;
    let framework = import_table(framework)?;
    guard(lang, "index_model", || {
        let dataset = match &long_columns {
            Some((u, i, v)) => Dataset::from_long_batch(&data, u, i, v),
            None => Dataset::from_batch(&data, unit),
        };
        let nodes = match nodes_from_columns(&text_columns(&framework)) {
            Ok(nodes) => nodes,
            Err(IndexError::Invalid(mut problems)) => {
                problems.extend(dataset.problems.iter().cloned());
                return Err(IndexError::Invalid(problems).to_py(lang));
            }
            Err(other) => return Err(other.to_py(lang)),
        };
        Model::new(nodes, &dataset).map(|inner| PyIndexModel { inner }).map_err(|e| e.to_py(lang))
    })
}

#[pyfunction]
#[pyo3(signature = (lang="vi"))]
fn index_pii_example(lang: &str) -> PyResult<(ArrowTable, ArrowTable)> {
    let lang = parse_lang(lang)?;
    let (nodes, data) = pii::policy_environment_example();
    Ok((to_table(tables::dataset(&data), lang)?, to_table(tables::framework(&nodes), lang)?))
}

#[pymethods]
impl PyIndexModel {
    #[getter]
    fn units(&self) -> Vec<String> {
        self.inner.units.clone()
    }

    #[getter]
    fn indicators(&self) -> Vec<String> {
        self.inner.framework.indicator_codes()
    }

    /// Returns the labels of a data column, one per unit in `units` order, or `None` when the column is not found.
    fn labels(&self, column: &str) -> Option<Vec<Option<String>>> {
        self.inner.labels(column)
    }

    #[pyo3(signature = (settings, lang="vi"))]
    fn run(&self, py: Python<'_>, settings: &str, lang: &str) -> PyResult<PyIndexRun> {
        let lang = parse_lang(lang)?;
        let settings: Settings = parse_json(settings, "settings", lang)?;
        let model = &self.inner;
        py.detach(|| guard(lang, "build_index", || model.run(&settings).map(|inner| PyIndexRun { inner }).map_err(|e| e.to_py(lang))))
    }

    #[pyo3(signature = (settings, changes, weights, code=None, lang="vi"))]
    fn what_if(&self, py: Python<'_>, settings: &str, changes: &str, weights: &str, code: Option<String>, lang: &str) -> PyResult<ArrowTable> {
        let lang = parse_lang(lang)?;
        let settings: Settings = parse_json(settings, "settings", lang)?;
        let changes: Vec<ValueChange> = parse_json(changes, "changes", lang)?;
        let weights: BTreeMap<String, f64> = parse_json(weights, "weights", lang)?;
        let model = &self.inner;
        let rows = py.detach(|| guard(lang, "what_if", || what_if(model, &settings, &changes, &weights, code.as_deref()).map_err(|e| e.to_py(lang))))?;
        to_table(tables::comparison(&rows), lang)
    }

    #[pyo3(signature = (settings, unit, target_rank, options, lang="vi"))]
    fn path_to_rank<'py>(&self, py: Python<'py>, settings: &str, unit: &str, target_rank: u32, options: &str, lang: &str) -> PyResult<(ArrowTable, Bound<'py, PyDict>)> {
        let lang = parse_lang(lang)?;
        let settings: Settings = parse_json(settings, "settings", lang)?;
        let options: PathOptions = parse_json(options, "options", lang)?;
        let model = &self.inner;
        let path = py.detach(|| guard(lang, "path_to_rank", || path_to_rank(model, &settings, unit, target_rank, &options).map_err(|e| e.to_py(lang))))?;
        let summary = PyDict::new(py);
        summary.set_item("unit", &path.unit)?;
        summary.set_item("code", &path.code)?;
        summary.set_item("target_rank", path.target_rank)?;
        summary.set_item("start_rank", path.start_rank)?;
        summary.set_item("final_rank", path.final_rank)?;
        summary.set_item("reached", path.reached)?;
        summary.set_item("score_before", path.scores.0)?;
        summary.set_item("score_after", path.scores.1)?;
        summary.set_item("total_points", path.total_points)?;
        summary.set_item("steps", path.steps)?;
        Ok((to_table(tables::path(&path), lang)?, summary))
    }

    #[pyo3(signature = (settings, options, lang="vi"))]
    fn uncertainty(&self, py: Python<'_>, settings: &str, options: &str, lang: &str) -> PyResult<UncertaintyOutput> {
        let lang = parse_lang(lang)?;
        let settings: Settings = parse_json(settings, "settings", lang)?;
        let options: UncertaintyOptions = parse_json(options, "options", lang)?;
        let model = &self.inner;
        let result = py.detach(|| guard(lang, "uncertainty", || uncertainty(model, &settings, &options).map_err(|e| e.to_py(lang))))?;
        Ok((to_table(tables::uncertainty(&result), lang)?, result.failed, result.failures))
    }

    #[pyo3(signature = (settings, options, lang="vi"))]
    fn sensitivity(&self, py: Python<'_>, settings: &str, options: &str, lang: &str) -> PyResult<(ArrowTable, usize, usize)> {
        let lang = parse_lang(lang)?;
        let settings: Settings = parse_json(settings, "settings", lang)?;
        let options: SensitivityOptions = parse_json(options, "options", lang)?;
        let model = &self.inner;
        let result = py.detach(|| guard(lang, "sensitivity", || sensitivity(model, &settings, &options).map_err(|e| e.to_py(lang))))?;
        Ok((to_table(tables::sensitivity(&result), lang)?, result.runs, result.failed))
    }
}

#[pymethods]
impl PyIndexRun {
    #[getter]
    fn codes(&self) -> Vec<String> {
        self.inner.codes.clone()
    }

    #[getter]
    fn top_code(&self) -> String {
        self.inner.top_code().to_string()
    }

    /// Returns the competition ranks within groups, given one group label per unit of the run.
    fn group_ranks(&self, groups: Vec<Option<String>>) -> PyResult<ArrowTable> {
        to_table(tables::group_ranks(&self.inner, &groups), Lang::En)
    }

    /// Returns one of the result tables by name.
    fn table(&self, name: &str) -> PyResult<ArrowTable> {
        let r = &self.inner;
        let lang = Lang::En;
        let batch = match name {
            "scores" => tables::wide(r, Matrix::Scores),
            "normalised" => tables::wide(r, Matrix::Normalised),
            "treated" => tables::wide(r, Matrix::Treated),
            "imputed" => tables::wide(r, Matrix::Imputed),
            "ranks" => tables::ranks(r),
            "treatment" => tables::treatment(r),
            "log" => tables::log(r),
            "highlights" => tables::highlights(&r.highlights),
            "efficiency" => tables::efficiency(r),
            other => return Err(SettingsError::new_err(format!("result table `{other}` not found; use scores, normalised, treated, imputed, ranks, treatment, log, highlights or efficiency"))),
        };
        to_table(batch, lang)
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyIndexModel>()?;
    m.add_class::<PyIndexRun>()?;
    m.add_function(wrap_pyfunction!(index_model, m)?)?;
    m.add_function(wrap_pyfunction!(index_pii_example, m)?)?;
    Ok(())
}

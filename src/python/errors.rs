//! Python exception classes and the one place where core errors become them.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

use crate::locale::{format, Lang};

create_exception!(_chiso, ChisoError, PyException, "Base class of every chiso error.");
create_exception!(_chiso, PlanError, ChisoError, "A plan file cannot be read or breaks the plan format.");
create_exception!(_chiso, ReportsError, ChisoError, "Report rows were rejected by validation (strict mode).");
create_exception!(_chiso, SettingsError, ChisoError, "An option is outside its allowed range.");
create_exception!(_chiso, ForecastError, ChisoError, "A forecast cannot be made from the inputs given.");
create_exception!(_chiso, SchemaError, ChisoError, "A table lacks a column or a column has the wrong type.");
create_exception!(_chiso, FrameworkError, ChisoError, "An index framework or its data failed validation.");
create_exception!(_chiso, ComputeError, ChisoError, "An index cannot be computed with the methods chosen.");
create_exception!(_chiso, SurveyError, ChisoError, "Survey microdata or counts cannot give an estimate: bad weights, strata, fpc, responses or options.");

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ChisoError", py.get_type::<ChisoError>())?;
    m.add("PlanError", py.get_type::<PlanError>())?;
    m.add("ReportsError", py.get_type::<ReportsError>())?;
    m.add("SettingsError", py.get_type::<SettingsError>())?;
    m.add("ForecastError", py.get_type::<ForecastError>())?;
    m.add("SchemaError", py.get_type::<SchemaError>())?;
    m.add("FrameworkError", py.get_type::<FrameworkError>())?;
    m.add("ComputeError", py.get_type::<ComputeError>())?;
    m.add("SurveyError", py.get_type::<SurveyError>())?;
    Ok(())
}

/// Converts a core error into its Python exception, worded in `lang`.
pub(crate) trait ToPyErr {
    fn to_py(&self, lang: Lang) -> PyErr;
}

impl ToPyErr for crate::plan::PlanError {
    fn to_py(&self, lang: Lang) -> PyErr {
        use crate::plan::PlanError as E;
        let message = match self {
            E::Io { file, reason } => format(lang, "error.plan_io", &[("file", file.clone()), ("reason", reason.clone())]),
            E::Syntax { file, reason } => format(lang, "error.plan_syntax", &[("file", file.clone()), ("reason", reason.clone())]),
            E::Field { file, item, field, key, args, .. } => format(
                lang,
                "error.plan_field",
                &[
                    ("file", file.clone()),
                    ("item", item.clone()),
                    ("field", field.clone()),
                    ("problem", format(lang, &format!("plan.{key}"), args)),
                ],
            ),
        };
        PlanError::new_err(message)
    }
}

impl ToPyErr for crate::locale::LocaleError {
    fn to_py(&self, lang: Lang) -> PyErr {
        let crate::locale::LocaleError::UnknownLanguage(code) = self;
        SettingsError::new_err(format(lang, "error.language", &[("value", code.clone())]))
    }
}

impl ToPyErr for crate::scorecard::ScorecardError {
    fn to_py(&self, lang: Lang) -> PyErr {
        let crate::scorecard::ScorecardError::Thresholds { on_track, at_risk } = self;
        SettingsError::new_err(format(lang, "error.thresholds", &[("on_track", on_track.to_string()), ("at_risk", at_risk.to_string())]))
    }
}

impl ToPyErr for crate::table::TableError {
    fn to_py(&self, lang: Lang) -> PyErr {
        SchemaError::new_err(format(lang, "error.table", &[("reason", self.to_string())]))
    }
}

impl ToPyErr for crate::forecast::ForecastError {
    fn to_py(&self, lang: Lang) -> PyErr {
        ForecastError::new_err(format(lang, "error.forecast", &[("reason", self.to_string())]))
    }
}

impl ToPyErr for crate::index::IndexError {
    fn to_py(&self, lang: Lang) -> PyErr {
        use crate::index::IndexError as E;
        let reason = self.to_string();
        match self {
            E::Invalid(problems) => {
                FrameworkError::new_err(format(lang, "index.error_invalid", &[("count", problems.len().to_string()), ("reason", reason)]))
            }
            E::InvalidSetting { .. } | E::UnknownUnit(_) | E::UnknownCode(_) => {
                SettingsError::new_err(format(lang, "index.error_setting", &[("reason", reason)]))
            }
            E::ConstantIndicator { .. } | E::NonPositive { .. } | E::MissingTarget { .. } | E::TooFewUnits { .. } => {
                ComputeError::new_err(format(lang, "index.error_compute", &[("reason", reason)]))
            }
        }
    }
}

impl ToPyErr for crate::survey::SurveyError {
    fn to_py(&self, lang: Lang) -> PyErr {
        use crate::survey::SurveyError as E;
        let (key, args): (&str, Vec<(&str, String)>) = match self {
            E::Column(inner) => return inner.to_py(lang),
            E::InvalidWeight { rows, value, count } => {
                ("survey.invalid_weight", vec![("rows", rows.clone()), ("value", value.clone()), ("count", count.to_string())])
            }
            E::MissingStratum { rows, count } => ("survey.missing_stratum", vec![("rows", rows.clone()), ("count", count.to_string())]),
            E::MissingCluster { rows, count } => ("survey.missing_cluster", vec![("rows", rows.clone()), ("count", count.to_string())]),
            E::LonelyPsu { stratum } => ("survey.lonely_psu", vec![("stratum", stratum.clone())]),
            E::NotBinary { variable, row, value } => {
                ("survey.not_binary", vec![("variable", variable.clone()), ("row", row.to_string()), ("value", value.to_string())])
            }
            E::MissingResponse { variable, rows, count } => (
                "survey.missing_response",
                vec![("variable", variable.clone()), ("rows", rows.clone()), ("count", count.to_string())],
            ),
            E::NoRespondents { variable } => ("survey.no_respondents", vec![("variable", variable.clone())]),
            // The remaining variants carry an English rule text; the prefix is localised.
            other => ("survey.error", vec![("reason", other.to_string())]),
        };
        SurveyError::new_err(format(lang, key, &args))
    }
}

/// Parses a language code; an unknown code is reported in Vietnamese and English.
pub(crate) fn parse_lang(code: &str) -> PyResult<Lang> {
    Lang::parse(code).map_err(|e| e.to_py(Lang::Vi))
}

/// Runs `work`, turning a panic into a `ChisoError` that names what was being done.
pub(crate) fn guard<T>(lang: Lang, context: &str, work: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(payload) => {
            let reason = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".to_string());
            Err(ChisoError::new_err(format(lang, "error.panic", &[("context", context.to_string()), ("reason", reason)])))
        }
    }
}

/// Checks a whole-number argument against its range, with a localised error
/// (Python ints outside the Rust type would otherwise raise a bare OverflowError).
pub(crate) fn whole_number(lang: Lang, name: &str, value: i64, min: i64, max: i64) -> PyResult<i64> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(SettingsError::new_err(format(
            lang,
            "error.whole_number",
            &[("name", name.to_string()), ("value", value.to_string()), ("min", min.to_string()), ("max", max.to_string())],
        )))
    }
}

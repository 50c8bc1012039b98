//! Composite indices built the way the Global Innovation Index (GII) and
//! Vietnam's Provincial Innovation Index (PII) are built, with results that
//! match COINr 1.1.14 on its ASEM example.
//!
//! The pipeline has optional steps, each recorded in [`IndexResult::log`]:
//!
//! 1. validation of the framework and the data, reporting every problem
//!    ([`framework`], [`data`]);
//! 2. denomination by a denominator column named in the framework;
//! 3. screening of units by data coverage;
//! 4. imputation ([`impute`]);
//! 5. outlier treatment by a skewness and kurtosis test, winsorisation and a
//!    log transform ([`treat`]);
//! 6. normalisation ([`normalise`]);
//! 7. aggregation up the hierarchy ([`aggregate`]);
//! 8. competition ranks, the efficiency ratio and each unit's strengths and
//!    weaknesses ([`rank`]).
//!
//! On top of the pipeline sit the uncertainty analysis ([`uncertainty`]), the
//! variance-based sensitivity analysis ([`sensitivity`]) and what-if and
//! path-to-rank questions ([`whatif`]).
//!
//! # Examples
//!
//! ```
//! use chiso::index::{Dataset, Model, Node, Settings};
//!
//! let nodes = vec![
//!     Node::indicator("a", "idx"),
//!     Node::indicator("b", "idx"),
//!     Node::aggregate("idx", None, 2),
//! ];
//! let data = Dataset::from_columns(
//!     vec!["u1".into(), "u2".into(), "u3".into()],
//!     vec![("a".into(), vec![1.0, 2.0, 3.0]), ("b".into(), vec![30.0, 10.0, 20.0])],
//! );
//! let model = Model::new(nodes, &data).unwrap();
//! let result = model.run(&Settings::default()).unwrap();
//! assert_eq!(result.score("idx", "u3"), Some(75.0));
//! assert_eq!(result.rank("idx", "u3"), Some(1));
//! ```

pub mod aggregate;
pub mod data;
pub mod framework;
pub mod impute;
pub mod normalise;
pub mod pii;
pub mod pipeline;
pub mod rank;
mod replicate;
pub mod sensitivity;
pub mod settings;
pub mod tables;
pub mod treat;
pub mod uncertainty;
pub mod whatif;

pub use data::Dataset;
pub use framework::{Framework, Node, Problem};
pub use pipeline::{IndexResult, LogEntry, Model};
pub use settings::{Aggregation, ConstantPolicy, Forced, Imputation, Normalisation, Settings, TiePolicy, Treatment};

/// Errors raised while building or analysing a composite index.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum IndexError {
    /// The framework or the data failed validation. Every problem found is listed.
    #[error("the framework or the data has {} problem(s): {}", .0.len(), framework::summarise(.0))]
    Invalid(Vec<Problem>),
    /// Min-max or z-score normalisation met an indicator whose values are all equal.
    #[error("indicator `{indicator}` has the same value ({value}) for every unit, so it cannot be rescaled; drop it or set the constant policy to `midpoint`")]
    ConstantIndicator {
        /// Indicator code.
        indicator: String,
        /// The common value.
        value: f64,
    },
    /// A geometric or harmonic mean met a zero or negative value.
    #[error("the {method} mean needs positive values, but `{child}` is {value} for unit `{unit}` under `{aggregate}`; normalise to a positive range (for example min-max 1–100) or use the arithmetic mean")]
    NonPositive {
        /// Aggregation method name.
        method: &'static str,
        /// Code of the child whose value is not positive.
        child: String,
        /// Unit code.
        unit: String,
        /// Code of the aggregate being computed.
        aggregate: String,
        /// The offending value.
        value: f64,
    },
    /// Distance-to-target normalisation needs a target (the upper goalpost).
    #[error("indicator `{indicator}` has no target; give it an `upper` goalpost in the framework or choose another normalisation")]
    MissingTarget {
        /// Indicator code.
        indicator: String,
    },
    /// A setting is outside its allowed range.
    #[error("setting `{name}` = {value} is invalid: {rule}")]
    InvalidSetting {
        /// Setting name.
        name: String,
        /// The value given, as text.
        value: String,
        /// The rule it breaks.
        rule: String,
    },
    /// A unit code was not found among the units.
    #[error("unit `{0}` is not in the data (after screening)")]
    UnknownUnit(String),
    /// A code was not found in the framework.
    #[error("code `{0}` is not in the framework")]
    UnknownCode(String),
    /// Screening removed so many units that fewer than two remain.
    #[error("screening left {remaining} unit(s) but at least 2 are needed; lower the coverage threshold (now {threshold})")]
    TooFewUnits {
        /// Units left after screening.
        remaining: usize,
        /// Coverage threshold used.
        threshold: f64,
    },
}

/// Shorthand for results of this module.
pub type Result<T> = std::result::Result<T, IndexError>;

pub(crate) fn invalid_setting(name: &str, value: impl std::fmt::Display, rule: &str) -> IndexError {
    IndexError::InvalidSetting { name: name.to_string(), value: value.to_string(), rule: rule.to_string() }
}

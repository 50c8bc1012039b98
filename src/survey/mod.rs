//! Design-based estimates of shares, means, totals and ratios from survey
//! microdata, and the probability that a share meets a goal.
//!
//! The estimators follow R `survey` (Lumley 2010, package version 4.1.1):
//!
//! * [`design`]: a one-stage stratified cluster design with weights, optional
//!   clusters and finite-population corrections, and the rule for strata with
//!   a single PSU.
//! * [`estimate`]: totals, means, proportions and ratios for the whole sample
//!   or for many domains at once, with variances by Taylor linearisation.
//! * [`ci`]: the confidence intervals of `svyciprop` (Wald, logit, likelihood,
//!   asin, beta, mean, xlogit) plus a Wilson interval with the effective
//!   sample size.
//! * [`goal`]: the probability that a share is at or above a threshold and
//!   the scorecard status, from microdata or from aggregated counts.
//! * [`share`]: shares for many domains in one table, with flags for domains
//!   too small to trust.
//! * [`frame`]: the same estimates read from and written to Arrow tables.
//! * [`simulate`]: a simulated enterprise survey for examples and benchmarks.
//!
//! # Examples
//!
//! ```
//! use chiso::survey::design::{Design, DesignSpec};
//! use chiso::survey::estimate::{estimate_domains, Domains, Quantity};
//!
//! let weights = vec![Some(10.0); 4];
//! let strata = vec![Some("a".to_string()), Some("a".into()), Some("b".into()), Some("b".into())];
//! let design = Design::new(&DesignSpec { weights: &weights, strata: Some(&strata), ..DesignSpec::default() }).unwrap();
//! let y = vec![Some(1.0), Some(0.0), Some(1.0), Some(1.0)];
//! let all = Domains::whole(4);
//! let rows = estimate_domains(&design, &y, None, Quantity::Mean, &all).unwrap();
//! assert_eq!(rows[0].estimate, 0.75);
//! ```

pub mod ci;
pub mod design;
pub mod estimate;
pub mod frame;
pub mod goal;
pub mod share;
pub mod simulate;

/// Maximum number of row indices an error message lists before the total count.
const ROWS_LISTED: usize = 5;

/// Errors raised by the survey estimators.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum SurveyError {
    /// A weight is missing, not finite, zero or negative.
    #[error("weights must be positive numbers, but row {rows} has {value} ({count} rows in all); fix or drop those rows")]
    InvalidWeight {
        /// Row indices (0-based) of the first offending rows.
        rows: String,
        /// Value found in the first offending row (`null` when missing).
        value: String,
        /// Number of offending rows.
        count: usize,
    },
    /// A stratum label is missing.
    #[error("the stratum is missing in row {rows} ({count} rows in all); every row needs a stratum")]
    MissingStratum {
        /// Row indices (0-based) of the first offending rows.
        rows: String,
        /// Number of offending rows.
        count: usize,
    },
    /// A cluster (PSU) label is missing.
    #[error("the cluster is missing in row {rows} ({count} rows in all); every row needs a cluster")]
    MissingCluster {
        /// Row indices (0-based) of the first offending rows.
        rows: String,
        /// Number of offending rows.
        count: usize,
    },
    /// A finite-population correction is missing, varies within a stratum or is out of range.
    #[error("fpc in stratum `{stratum}` is invalid: {problem}")]
    InvalidFpc {
        /// Stratum label.
        stratum: String,
        /// Description of the problem and its fix.
        problem: String,
    },
    /// A stratum has one PSU and the lonely-PSU rule is `fail`.
    #[error("stratum `{stratum}` has only one PSU, so its variance cannot be estimated; set lonely_psu to `certainty`, `remove`, `adjust` or `average`, or merge the stratum with a neighbour")]
    LonelyPsu {
        /// Stratum label.
        stratum: String,
    },
    /// A proportion was asked for a variable that is not 0/1.
    #[error("`{variable}` must be 0/1 (or boolean) for a proportion, but row {row} has {value}")]
    NotBinary {
        /// Variable name.
        variable: String,
        /// Row index (0-based).
        row: usize,
        /// Value found.
        value: f64,
    },
    /// A response is missing and the missing-response rule is `fail`.
    #[error("`{variable}` is missing in row {rows} ({count} rows in all); drop those rows or use missing = `exclude`")]
    MissingResponse {
        /// Variable name.
        variable: String,
        /// Row indices (0-based) of the first offending rows.
        rows: String,
        /// Number of offending rows.
        count: usize,
    },
    /// Two input columns differ in length.
    #[error("column `{column}` has {found} rows but the weights have {expected}")]
    LengthMismatch {
        /// Column name.
        column: String,
        /// Rows of the weights.
        expected: usize,
        /// Rows of this column.
        found: usize,
    },
    /// An option is outside its allowed values.
    #[error("`{name}` = {value} is invalid: {rule}")]
    InvalidOption {
        /// Option name.
        name: &'static str,
        /// Value given.
        value: String,
        /// The allowed values.
        rule: &'static str,
    },
    /// A column is missing or has the wrong type.
    #[error(transparent)]
    Column(#[from] crate::table::TableError),
    /// No row has a response, so nothing can be estimated.
    #[error("no row has a response for `{variable}`, so nothing can be estimated")]
    NoRespondents {
        /// Variable name.
        variable: String,
    },
}

/// Formats the first few row indices of a list, for error messages.
pub(crate) fn list_rows(rows: &[usize]) -> String {
    let listed: Vec<String> = rows.iter().take(ROWS_LISTED).map(usize::to_string).collect();
    let mut text = listed.join(", ");
    if rows.len() > ROWS_LISTED {
        text.push_str(", …");
    }
    text
}

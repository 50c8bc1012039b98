//! Survey estimates straight from an Arrow table (one row per unit), as the
//! Python bindings call them.
//!
//! # Examples
//!
//! ```
//! use chiso::survey::frame::{shares_table, DesignColumns, ShareRequest};
//! use chiso::table::TableBuilder;
//!
//! let batch = TableBuilder::new()
//!     .f64("w", vec![Some(5.0); 4])
//!     .f64("y", vec![Some(1.0), Some(0.0), Some(0.0), None])
//!     .build()
//!     .unwrap();
//! let request = ShareRequest { variable: "y".into(), design: DesignColumns { weights: "w".into(), ..DesignColumns::default() }, ..ShareRequest::default() };
//! let table = shares_table(&batch, &request).unwrap();
//! assert_eq!(table.num_rows(), 1);
//! ```

use arrow_array::cast::AsArray;
use arrow_array::RecordBatch;
use arrow_schema::DataType;

use super::design::{CodedSpec, Design, FpcKind, Labels, LonelyPsu};
use super::estimate::{check_missing, estimate_domains, Domains, MissingRule, Quantity};
use super::share::{estimate_shares, share_table, DfRule, Grouping, ShareOptions};
use super::ci::t_quantile;
use super::goal::{share_from_counts, CountMethod, CountShare, GoalSettings};
use super::simulate::simulate_enterprise_survey;
use super::SurveyError;
use crate::locale::{text, Lang};
use crate::table::{column_f64, column_str, TableBuilder, TableError};

/// Names of the design columns and the design rules.
#[derive(Debug, Clone, Default)]
pub struct DesignColumns {
    /// Weight column.
    pub weights: String,
    /// Stratum column, if any.
    pub strata: Option<String>,
    /// Cluster (PSU) column, if any.
    pub clusters: Option<String>,
    /// Finite-population-correction column, if any.
    pub fpc: Option<String>,
    /// How to read the fpc column.
    pub fpc_kind: FpcKind,
    /// Rule for strata with one PSU.
    pub lonely_psu: LonelyPsu,
}

/// A request for shares by domain.
#[derive(Debug, Clone)]
pub struct ShareRequest {
    /// The 0/1 or boolean variable.
    pub variable: String,
    /// Design columns.
    pub design: DesignColumns,
    /// Groupings: each is a list of columns whose values are crossed.
    pub by: Vec<Vec<String>>,
    /// Whether to add the whole-sample row first.
    pub overall: bool,
    /// Rule for missing responses.
    pub missing: MissingRule,
    /// Interval, flag and goal options.
    pub options: ShareOptions,
    /// Language of labels and notes.
    pub lang: Lang,
}

impl Default for ShareRequest {
    fn default() -> Self {
        ShareRequest {
            variable: String::new(),
            design: DesignColumns::default(),
            by: Vec::new(),
            overall: true,
            missing: MissingRule::Exclude,
            options: ShareOptions::default(),
            lang: Lang::Vi,
        }
    }
}

/// Reads a label column; numbers are accepted and written as text.
fn labels(batch: &RecordBatch, column: &str) -> Result<Vec<Option<String>>, TableError> {
    match column_str(batch, column) {
        Err(TableError::WrongType { .. }) => {
            let numbers = column_f64(batch, column)?;
            Ok(numbers.into_iter().map(|v| v.map(|x| x.to_string())).collect())
        }
        other => other,
    }
}

/// Codes a label column, reading text arrays without copying each value.
fn coded(batch: &RecordBatch, column: &str) -> Result<Labels, TableError> {
    let Some(array) = batch.column_by_name(column) else {
        return labels(batch, column).map(|v| Labels::from_strings(&v));
    };
    Ok(match array.data_type() {
        DataType::Utf8 => Labels::from_strs(array.as_string::<i32>().iter()),
        DataType::LargeUtf8 => Labels::from_strs(array.as_string::<i64>().iter()),
        DataType::Utf8View => Labels::from_strs(array.as_string_view().iter()),
        _ => Labels::from_strings(&labels(batch, column)?),
    })
}

/// Builds the design from the named columns.
///
/// # Errors
///
/// [`SurveyError::Column`] for a missing or mistyped column, and the errors
/// of [`Design::new`].
pub fn design_from_table(batch: &RecordBatch, columns: &DesignColumns) -> Result<Design, SurveyError> {
    let weights = column_f64(batch, &columns.weights)?;
    let strata = columns.strata.as_deref().map(|c| coded(batch, c)).transpose()?;
    let clusters = columns.clusters.as_deref().map(|c| coded(batch, c)).transpose()?;
    let fpc = columns.fpc.as_deref().map(|c| column_f64(batch, c)).transpose()?;
    Design::from_coded(&CodedSpec {
        weights: &weights,
        strata: strata.as_ref(),
        clusters: clusters.as_ref(),
        fpc: fpc.as_deref(),
        fpc_kind: columns.fpc_kind,
        lonely_psu: columns.lonely_psu,
    })
}

/// Builds the overall grouping (when asked) and one grouping per `by` entry.
fn groupings(batch: &RecordBatch, by: &[Vec<String>], overall: bool, lang: Lang) -> Result<Vec<Grouping>, SurveyError> {
    let rows = batch.num_rows();
    let mut out = Vec::new();
    if overall {
        let mut whole = Domains::whole(rows);
        whole.labels = vec![text(lang, "survey.all").to_string()];
        out.push(Grouping { name: "all".to_string(), domains: whole });
    }
    for columns in by {
        let values: Vec<Labels> = columns.iter().map(|c| coded(batch, c)).collect::<Result<_, _>>()?;
        let (domains, _) = Domains::from_labels(&values, rows);
        out.push(Grouping { name: columns.join(" × "), domains });
    }
    Ok(out)
}

/// Estimates shares by domain and returns the table of [`share_table`].
///
/// # Errors
///
/// [`SurveyError::Column`] for a missing or mistyped column, and the errors
/// of [`design_from_table`] and [`estimate_shares`].
pub fn shares_table(batch: &RecordBatch, request: &ShareRequest) -> Result<RecordBatch, SurveyError> {
    let design = design_from_table(batch, &request.design)?;
    let y = column_f64(batch, &request.variable)?;
    check_missing(&request.variable, &y, request.missing)?;
    let groups = groupings(batch, &request.by, request.overall, request.lang)?;
    let rows = estimate_shares(&design, &request.variable, &y, &groups, &request.options)?;
    Ok(share_table(&rows, &request.options, request.lang)?)
}

/// Estimates a total, mean or ratio by domain, with Wald intervals using
/// the t quantile (design df of each domain, or normal when `df` is
/// [`DfRule::Infinite`]).
///
/// Columns: `group, domain, n, n_missing, n_psu, estimate, se, ci_lower,
/// ci_upper, df, quantity, level`.
///
/// # Errors
///
/// As [`shares_table`], plus [`SurveyError::InvalidOption`] for a ratio
/// without a denominator.
pub fn estimates_table(batch: &RecordBatch, request: &ShareRequest, quantity: Quantity, denominator: Option<&str>) -> Result<RecordBatch, SurveyError> {
    let design = design_from_table(batch, &request.design)?;
    let y = column_f64(batch, &request.variable)?;
    check_missing(&request.variable, &y, request.missing)?;
    let x = match (quantity, denominator) {
        (Quantity::Ratio, Some(name)) => Some(column_f64(batch, name)?),
        (Quantity::Ratio, None) => return Err(SurveyError::InvalidOption { name: "denominator", value: "None".into(), rule: "a ratio needs a denominator column" }),
        _ => None,
    };
    if let Some(x) = &x {
        check_missing(denominator.unwrap_or_default(), x, request.missing)?;
    }
    super::goal::check_level(request.options.level)?;

    let groups = groupings(batch, &request.by, request.overall, request.lang)?;
    let mut rows = Vec::new();
    for grouping in &groups {
        for estimate in estimate_domains(&design, &y, x.as_deref(), quantity, &grouping.domains)? {
            rows.push((grouping.name.clone(), estimate));
        }
    }

    let level = request.options.level;
    let df_of = |e: &super::estimate::DomainEstimate| match request.options.df {
        DfRule::Design => e.degrees_of_freedom(),
        DfRule::Infinite => f64::INFINITY,
    };
    let bound = |e: &super::estimate::DomainEstimate, sign: f64| e.estimate + sign * t_quantile(1.0 - (1.0 - level) / 2.0, df_of(e)) * e.se();
    let finite = |v: f64| v.is_finite().then_some(v);
    let name = match quantity {
        Quantity::Total => "total",
        Quantity::Mean => "mean",
        Quantity::Ratio => "ratio",
    };
    Ok(TableBuilder::new()
        .str("group", rows.iter().map(|r| Some(r.0.clone())).collect())
        .str("domain", rows.iter().map(|r| Some(r.1.label.clone())).collect())
        .i64("n", rows.iter().map(|r| Some(r.1.n as i64)).collect())
        .i64("n_missing", rows.iter().map(|r| Some(r.1.n_missing as i64)).collect())
        .i64("n_psu", rows.iter().map(|r| Some(r.1.n_psu as i64)).collect())
        .f64("estimate", rows.iter().map(|r| finite(r.1.estimate)).collect())
        .f64("se", rows.iter().map(|r| finite(r.1.se())).collect())
        .f64("ci_lower", rows.iter().map(|r| finite(bound(&r.1, -1.0))).collect())
        .f64("ci_upper", rows.iter().map(|r| finite(bound(&r.1, 1.0))).collect())
        .f64("df", rows.iter().map(|r| finite(df_of(&r.1))).collect())
        .str("quantity", rows.iter().map(|_| Some(name.to_string())).collect())
        .f64("level", rows.iter().map(|_| Some(level)).collect())
        .build()?)
}

/// Estimates shares from counts, one row per pair (numerator, denominator).
///
/// Columns: `numerator, denominator, estimate, se, ci_lower, ci_upper,
/// method, level, threshold, probability_normal, p_value,
/// probability_posterior, status`.
///
/// # Errors
///
/// [`SurveyError::LengthMismatch`] when the lists differ in length, and the
/// errors of [`share_from_counts`].
pub fn counts_table(numerators: &[f64], denominators: &[f64], method: CountMethod, level: f64, settings: &GoalSettings) -> Result<RecordBatch, SurveyError> {
    if numerators.len() != denominators.len() {
        return Err(SurveyError::LengthMismatch { column: "numerator".into(), expected: denominators.len(), found: numerators.len() });
    }
    let rows: Vec<CountShare> = numerators.iter().zip(denominators).map(|(&x, &n)| share_from_counts(x, n, method, level, settings)).collect::<Result<_, _>>()?;
    let name = match method {
        CountMethod::ClopperPearson => "clopper_pearson",
        CountMethod::Wilson => "wilson",
        CountMethod::Jeffreys => "jeffreys",
        CountMethod::BetaBinomial { .. } => "beta_binomial",
    };
    let column = |f: &dyn Fn(&CountShare) -> f64| rows.iter().map(|r| Some(f(r))).collect::<Vec<_>>();
    Ok(TableBuilder::new()
        .f64("numerator", numerators.iter().map(|&v| Some(v)).collect())
        .f64("denominator", denominators.iter().map(|&v| Some(v)).collect())
        .f64("estimate", column(&|r| r.estimate))
        .f64("se", column(&|r| r.se))
        .f64("ci_lower", column(&|r| r.ci_lower))
        .f64("ci_upper", column(&|r| r.ci_upper))
        .str("method", rows.iter().map(|_| Some(name.to_string())).collect())
        .f64("level", rows.iter().map(|_| Some(level)).collect())
        .f64("threshold", rows.iter().map(|_| Some(settings.threshold)).collect())
        .f64("probability_normal", column(&|r| r.goal.probability_normal))
        .f64("p_value", column(&|r| r.goal.p_value))
        .f64("probability_posterior", column(&|r| r.goal.probability_posterior))
        .str("status", rows.iter().map(|r| Some(r.status.code().to_string())).collect())
        .build()?)
}

/// Simulates the enterprise survey of [`super::simulate`] as a table with
/// columns `enterprise_id, sector, size, stratum, commune, innovates`
/// (nullable 0/1), `weight, fpc, simulated` (always true).
///
/// # Errors
///
/// The errors of [`simulate_enterprise_survey`].
pub fn simulation_table(seed: u64, sample_size: u32, missing_rate: f64) -> Result<RecordBatch, SurveyError> {
    let survey = simulate_enterprise_survey(seed, sample_size, missing_rate)?;
    let text = |v: Vec<String>| v.into_iter().map(Some).collect::<Vec<_>>();
    let rows = survey.weight.len();
    Ok(TableBuilder::new()
        .str("enterprise_id", text(survey.enterprise_id))
        .str("sector", text(survey.sector))
        .str("size", text(survey.size))
        .str("stratum", text(survey.stratum))
        .str("commune", text(survey.commune))
        .i64("innovates", survey.innovates.iter().map(|v| v.map(|x| x as i64)).collect())
        .f64("weight", survey.weight.into_iter().map(Some).collect())
        .f64("fpc", survey.population.into_iter().map(Some).collect())
        .bool("simulated", vec![Some(true); rows])
        .build()?)
}

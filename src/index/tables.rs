//! Results as Arrow tables, with the column names the Python API documents.

use arrow_array::RecordBatch;

use super::data::{Column, Dataset};
use super::framework::Node;
use super::pipeline::IndexResult;
use super::rank::Highlight;
use super::sensitivity::SensitivityResult;
use super::uncertainty::UncertaintyResult;
use super::whatif::{Comparison, Path};
use crate::table::{TableError, TableBuilder};

fn some<T: Clone>(values: &[T]) -> Vec<Option<T>> {
    values.iter().cloned().map(Some).collect()
}

fn number(value: f64) -> Option<f64> {
    (!value.is_nan()).then_some(value)
}

fn numbers(values: &[f64]) -> Vec<Option<f64>> {
    values.iter().copied().map(number).collect()
}

/// Matrix of a result to tabulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matrix {
    /// Values after screening and imputation (indicators only).
    Imputed,
    /// Values after outlier treatment (indicators only).
    Treated,
    /// Normalised values (indicators only).
    Normalised,
    /// Scores of every code.
    Scores,
}

/// Builds a wide table: `unit`, then one column per code.
///
/// # Errors
///
/// [`TableError`] only if the columns differ in length, which the pipeline rules out.
pub fn wide(result: &IndexResult, matrix: Matrix) -> Result<RecordBatch, TableError> {
    let n = result.indicators.len();
    let (codes, columns): (&[String], &[Vec<f64>]) = match matrix {
        Matrix::Imputed => (&result.indicators, &result.imputed),
        Matrix::Treated => (&result.indicators, &result.treated),
        Matrix::Normalised => (&result.codes[..n], &result.scores[..n]),
        Matrix::Scores => (&result.codes, &result.scores),
    };
    let mut builder = TableBuilder::new().str("unit", some(&result.units));
    for (code, column) in codes.iter().zip(columns) {
        builder = builder.f64(code, numbers(column));
    }
    builder.build()
}

/// Builds a wide table of ranks: `unit`, then one integer column per code.
///
/// # Errors
///
/// As [`wide`].
pub fn ranks(result: &IndexResult) -> Result<RecordBatch, TableError> {
    let mut builder = TableBuilder::new().str("unit", some(&result.units));
    for (code, column) in result.codes.iter().zip(&result.ranks) {
        builder = builder.i64(code, column.iter().map(|r| r.map(i64::from)).collect());
    }
    builder.build()
}

/// Builds a wide table of ranks within groups: `unit`, `group`, then one integer column per code.
///
/// `groups` contains one label per unit of `result`, in the order of `result.units`.
///
/// # Errors
///
/// As [`wide`], and also when `groups` has a different length from `result.units`.
pub fn group_ranks(result: &IndexResult, groups: &[Option<String>]) -> Result<RecordBatch, TableError> {
    let mut builder = TableBuilder::new().str("unit", some(&result.units)).str("group", groups.to_vec());
    for (code, scores) in result.codes.iter().zip(&result.scores) {
        let ranks = super::rank::group_ranks(scores, groups);
        builder = builder.i64(code, ranks.iter().map(|r| r.map(i64::from)).collect());
    }
    builder.build()
}

/// Builds the treatment table, one row per indicator: the test before and after, and what was done.
///
/// # Errors
///
/// As [`wide`].
pub fn treatment(result: &IndexResult) -> Result<RecordBatch, TableError> {
    let d = &result.treatment;
    let points: Vec<Option<String>> = d
        .iter()
        .map(|x| Some(x.points.iter().map(|(u, tag)| format!("{}:{tag}", result.units[*u])).collect::<Vec<_>>().join(", ")))
        .collect();
    TableBuilder::new()
        .str("indicator", d.iter().map(|x| Some(x.indicator.clone())).collect())
        .f64("skew_before", d.iter().map(|x| x.skew_before).collect())
        .f64("kurt_before", d.iter().map(|x| x.kurt_before).collect())
        .bool("pass_before", d.iter().map(|x| x.pass_before).collect())
        .str("action", d.iter().map(|x| Some(x.action.name().to_string())).collect())
        .bool("forced", d.iter().map(|x| Some(x.forced)).collect())
        .i64("winsorised", d.iter().map(|x| Some(x.winsorised as i64)).collect())
        .f64("skew_after", d.iter().map(|x| x.skew_after).collect())
        .f64("kurt_after", d.iter().map(|x| x.kurt_after).collect())
        .bool("pass_after", d.iter().map(|x| x.pass_after).collect())
        .str("points", points)
        .build()
}

/// Builds the method log: `step`, `item`, `value`.
///
/// # Errors
///
/// As [`wide`].
pub fn log(result: &IndexResult) -> Result<RecordBatch, TableError> {
    let l = &result.log;
    TableBuilder::new()
        .str("step", l.iter().map(|e| Some(e.step.to_string())).collect())
        .str("item", l.iter().map(|e| Some(e.item.clone())).collect())
        .str("value", l.iter().map(|e| Some(e.value.clone())).collect())
        .build()
}

/// Builds the strengths and weaknesses table: `unit`, `kind`, `indicator`, `rank`, `score`.
///
/// # Errors
///
/// As [`wide`].
pub fn highlights(rows: &[Highlight]) -> Result<RecordBatch, TableError> {
    TableBuilder::new()
        .str("unit", rows.iter().map(|r| Some(r.unit.clone())).collect())
        .str("kind", rows.iter().map(|r| Some(r.kind.to_string())).collect())
        .str("indicator", rows.iter().map(|r| Some(r.indicator.clone())).collect())
        .i64("rank", rows.iter().map(|r| Some(i64::from(r.rank))).collect())
        .f64("score", rows.iter().map(|r| number(r.score)).collect())
        .build()
}

/// Builds the efficiency ratio per unit: `unit`, `efficiency`.
///
/// # Errors
///
/// As [`wide`].
pub fn efficiency(result: &IndexResult) -> Result<RecordBatch, TableError> {
    let values = result.efficiency.clone().unwrap_or_else(|| vec![f64::NAN; result.units.len()]);
    TableBuilder::new().str("unit", some(&result.units)).f64("efficiency", numbers(&values)).build()
}

/// Builds the what-if comparison: `unit`, `score_before`, `score_after`, `rank_before`, `rank_after`, `rank_gain`.
///
/// # Errors
///
/// As [`wide`].
pub fn comparison(rows: &[Comparison]) -> Result<RecordBatch, TableError> {
    TableBuilder::new()
        .str("unit", rows.iter().map(|r| Some(r.unit.clone())).collect())
        .f64("score_before", rows.iter().map(|r| number(r.score_before)).collect())
        .f64("score_after", rows.iter().map(|r| number(r.score_after)).collect())
        .i64("rank_before", rows.iter().map(|r| r.rank_before.map(i64::from)).collect())
        .i64("rank_after", rows.iter().map(|r| r.rank_after.map(i64::from)).collect())
        .i64("rank_gain", rows.iter().map(|r| r.rank_gain).collect())
        .build()
}

/// Builds the path table: `indicator`, `from`, `to`, `points`, `gain_per_point`.
///
/// `gain_per_point` is the score gained per normalised point at the start. Every
/// indicator that could move is listed, and those left alone have 0 points.
///
/// # Errors
///
/// As [`wide`].
pub fn path(path: &Path) -> Result<RecordBatch, TableError> {
    struct Row {
        indicator: String,
        from: Option<f64>,
        to: Option<f64>,
        points: f64,
        gain: Option<f64>,
    }
    let mut rows = Vec::new();
    for change in &path.changes {
        let gain = path.marginal.iter().find(|(c, _)| *c == change.indicator).map(|(_, g)| *g);
        rows.push(Row { indicator: change.indicator.clone(), from: Some(change.from), to: Some(change.to), points: change.points, gain });
    }
    for (code, gain) in &path.marginal {
        if !path.changes.iter().any(|c| c.indicator == *code) {
            rows.push(Row { indicator: code.clone(), from: None, to: None, points: 0.0, gain: Some(*gain) });
        }
    }
    TableBuilder::new()
        .str("indicator", rows.iter().map(|r| Some(r.indicator.clone())).collect())
        .f64("from", rows.iter().map(|r| r.from).collect())
        .f64("to", rows.iter().map(|r| r.to).collect())
        .f64("points", rows.iter().map(|r| Some(r.points)).collect())
        .f64("gain_per_point", rows.iter().map(|r| r.gain.and_then(number)).collect())
        .build()
}

/// Builds the rank statistics: `unit`, `nominal`, `mean`, `median`, `q05`, `q95`.
///
/// # Errors
///
/// As [`wide`].
pub fn uncertainty(result: &UncertaintyResult) -> Result<RecordBatch, TableError> {
    TableBuilder::new()
        .str("unit", some(&result.units))
        .i64("nominal", result.nominal.iter().map(|r| r.map(i64::from)).collect())
        .f64("mean", numbers(&result.mean))
        .f64("median", numbers(&result.median))
        .f64("q05", numbers(&result.q05))
        .f64("q95", numbers(&result.q95))
        .build()
}

/// Builds the sensitivity indices: `assumption`, `first`, `first_q05`, `first_q95`, `total`, `total_q05`, `total_q95`.
///
/// # Errors
///
/// As [`wide`].
pub fn sensitivity(result: &SensitivityResult) -> Result<RecordBatch, TableError> {
    let s = &result.indices;
    TableBuilder::new()
        .str("assumption", s.iter().map(|i| Some(i.assumption.clone())).collect())
        .f64("first", s.iter().map(|i| number(i.first)).collect())
        .f64("first_q05", s.iter().map(|i| number(i.first_interval.0)).collect())
        .f64("first_q95", s.iter().map(|i| number(i.first_interval.1)).collect())
        .f64("total", s.iter().map(|i| number(i.total)).collect())
        .f64("total_q05", s.iter().map(|i| number(i.total_interval.0)).collect())
        .f64("total_q95", s.iter().map(|i| number(i.total_interval.1)).collect())
        .build()
}

/// Builds a framework table with the columns [`nodes_from_columns`](super::framework::nodes_from_columns) reads.
///
/// # Errors
///
/// As [`wide`].
pub fn framework(nodes: &[Node]) -> Result<RecordBatch, TableError> {
    TableBuilder::new()
        .str("code", nodes.iter().map(|n| Some(n.code.clone())).collect())
        .str("parent", nodes.iter().map(|n| n.parent.clone()).collect())
        .i64("level", nodes.iter().map(|n| Some(i64::from(n.level))).collect())
        .f64("weight", nodes.iter().map(|n| Some(n.weight)).collect())
        .f64("direction", nodes.iter().map(|n| Some(n.direction)).collect())
        .str("name", nodes.iter().map(|n| n.name.clone()).collect())
        .f64("lower", nodes.iter().map(|n| n.lower).collect())
        .f64("upper", nodes.iter().map(|n| n.upper).collect())
        .build()
}

/// Builds a wide table of a dataset: `unit`, then its numeric columns.
///
/// # Errors
///
/// As [`wide`].
pub fn dataset(data: &Dataset) -> Result<RecordBatch, TableError> {
    let mut builder = TableBuilder::new().str("unit", some(&data.units));
    for (name, column) in &data.columns {
        builder = match column {
            Column::Number(values) => builder.f64(name, numbers(values)),
            Column::Text(cells) => builder.str(name, cells.clone()),
        };
    }
    builder.build()
}

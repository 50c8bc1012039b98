//! Turns scorecards and validation problems into tables with labels in the
//! chosen language.
//!
//! Column names are stable English codes (documented in the user guide);
//! text cells (names, statuses, notes) follow the language.

use arrow_array::RecordBatch;
use chrono::NaiveDate;

use crate::locale::{format, text, Lang};
use crate::observations::Problem;
use crate::plan::Plan;
use crate::scorecard::{DisciplineRow, Note, TargetRow, TaskRow};
use crate::table::{TableBuilder, TableError};

/// Template values that are numbers or dates computed by chiso, written in
/// the language's format (decimal comma, dd/mm/yyyy). Values the user typed
/// are shown as given.
const LOCALISED_ARGS: [&str; 11] = [
    "score", "needed", "previous", "first_value", "start", "end", "period_end", "previous_period",
    "previous_reported_on", "reported_on", "denominator",
];

fn localise_args(lang: Lang, args: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
    args.iter()
        .map(|(name, value)| {
            if !LOCALISED_ARGS.contains(name) {
                return (*name, value.clone());
            }
            if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
                return (*name, crate::locale::format_date(lang, date));
            }
            match value.parse::<f64>() {
                Ok(number) if value.contains('.') => {
                    let decimals = value.split('.').nth(1).map_or(0, str::len);
                    (*name, crate::locale::format_number(lang, number, decimals))
                }
                _ => (*name, value.clone()),
            }
        })
        .collect()
}

fn notes_text(lang: Lang, notes: &[Note]) -> Option<String> {
    if notes.is_empty() {
        return None;
    }
    Some(notes.iter().map(|n| format(lang, n.key, &localise_args(lang, &n.args))).collect::<Vec<_>>().join(" "))
}

fn pick<'a>(lang: Lang, vi: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Vi => vi,
        Lang::En if en.is_empty() => vi,
        Lang::En => en,
    }
}

/// Columns of the target scorecard table, in order.
pub const TARGET_COLUMNS: [&str; 29] = [
    "plan_id", "as_of", "target_id", "number", "name", "kind", "unit", "threshold", "latest_value",
    "period_end", "reported_on", "progress", "gap", "deadline", "lead_agency", "status",
    "status_label", "projection", "pi80_low", "pi80_high", "pi95_low", "pi95_high", "probability",
    "pace_per_month", "model", "backtest_coverage80", "backtest_years", "note", "source",
];

/// Builds the target scorecard table.
///
/// # Errors
///
/// Never in practice: every column is built with the same length.
pub fn target_table(plan: &Plan, rows: &[TargetRow], as_of: NaiveDate, lang: Lang) -> Result<RecordBatch, TableError> {
    let n = rows.len();
    let target = |row: &TargetRow| plan.target(&row.target_id).expect("rows come from the plan");
    let forecast = |row: &TargetRow, f: fn(&crate::forecast::Forecast) -> f64| row.forecast.as_ref().map(f);
    TableBuilder::new()
        .str("plan_id", vec![Some(plan.id.clone()); n])
        .date("as_of", vec![Some(as_of); n])
        .str("target_id", rows.iter().map(|r| Some(r.target_id.clone())).collect())
        .i64("number", rows.iter().map(|r| Some(i64::from(target(r).number))).collect())
        .str("name", rows.iter().map(|r| Some(pick(lang, &target(r).name_vi, &target(r).name_en).to_string())).collect())
        .str("kind", rows.iter().map(|r| Some(target(r).kind.as_str().to_string())).collect())
        .str("unit", rows.iter().map(|r| Some(pick(lang, &target(r).unit_vi, &target(r).unit_en).to_string())).collect())
        .f64("threshold", rows.iter().map(|r| target(r).threshold).collect())
        .f64("latest_value", rows.iter().map(|r| r.latest_value).collect())
        .date("period_end", rows.iter().map(|r| r.period_end).collect())
        .date("reported_on", rows.iter().map(|r| r.reported_on).collect())
        .f64("progress", rows.iter().map(|r| r.progress).collect())
        .f64("gap", rows.iter().map(|r| r.gap).collect())
        .date("deadline", rows.iter().map(|r| target(r).deadline.date()).collect())
        .str("lead_agency", rows.iter().map(|r| Some(target(r).lead.join("; "))).collect())
        .str("status", rows.iter().map(|r| Some(r.status.code().to_string())).collect())
        .str("status_label", rows.iter().map(|r| Some(text(lang, &format!("status.{}", r.status.code())).to_string())).collect())
        .f64("projection", rows.iter().map(|r| forecast(r, |f| f.median)).collect())
        .f64("pi80_low", rows.iter().map(|r| forecast(r, |f| f.lower80)).collect())
        .f64("pi80_high", rows.iter().map(|r| forecast(r, |f| f.upper80)).collect())
        .f64("pi95_low", rows.iter().map(|r| forecast(r, |f| f.lower95)).collect())
        .f64("pi95_high", rows.iter().map(|r| forecast(r, |f| f.upper95)).collect())
        .f64("probability", rows.iter().map(|r| forecast(r, |f| f.probability)).collect())
        .f64("pace_per_month", rows.iter().map(|r| r.pace_per_month).collect())
        .str("model", rows.iter().map(|r| r.forecast.as_ref().map(|f| f.model.to_string())).collect())
        .f64("backtest_coverage80", rows.iter().map(|r| r.backtest_coverage80).collect())
        .i64("backtest_years", rows.iter().map(|r| r.backtest_years.map(|n| n as i64)).collect())
        .str("note", rows.iter().map(|r| notes_text(lang, &r.notes)).collect())
        .str("source", rows.iter().map(|r| (!r.source.is_empty()).then(|| r.source.clone())).collect())
        .build()
}

/// Builds the task scorecard table.
///
/// # Errors
///
/// Never in practice: every column is built with the same length.
pub fn task_table(plan: &Plan, rows: &[TaskRow], as_of: NaiveDate, lang: Lang) -> Result<RecordBatch, TableError> {
    let n = rows.len();
    let task = |row: &TaskRow| plan.task(&row.task_id).expect("rows come from the plan");
    TableBuilder::new()
        .str("plan_id", vec![Some(plan.id.clone()); n])
        .date("as_of", vec![Some(as_of); n])
        .str("task_id", rows.iter().map(|r| Some(r.task_id.clone())).collect())
        .i64("number", rows.iter().map(|r| Some(i64::from(task(r).number))).collect())
        .str("name", rows.iter().map(|r| Some(pick(lang, &task(r).name_vi, &task(r).name_en).to_string())).collect())
        .str("lead_agency", rows.iter().map(|r| Some(task(r).lead.join("; "))).collect())
        .str("output", rows.iter().map(|r| Some(task(r).output_vi.clone())).collect())
        .i64("required_min", rows.iter().map(|r| r.required.map(i64::from)).collect())
        .i64("required_max", rows.iter().map(|r| r.required_max.map(i64::from)).collect())
        .str("output_unit", rows.iter().map(|r| r.output_unit.clone()).collect())
        .f64("delivered", rows.iter().map(|r| r.delivered).collect())
        .date("reported_on", rows.iter().map(|r| r.reported_on).collect())
        .date("deadline", rows.iter().map(|r| task(r).deadline.date()).collect())
        .str("deadline_text", rows.iter().map(|r| Some(task(r).deadline_text.clone())).collect())
        .date("quarter_end", rows.iter().map(|r| r.quarter_end).collect())
        .str("status", rows.iter().map(|r| Some(r.status.code().to_string())).collect())
        .str("status_label", rows.iter().map(|r| Some(text(lang, &format!("task_status.{}", r.status.code())).to_string())).collect())
        .str("note", rows.iter().map(|r| notes_text(lang, &r.notes)).collect())
        .build()
}

/// Builds the reporting-discipline table.
///
/// # Errors
///
/// Never in practice: every column is built with the same length.
pub fn discipline_table(plan: &Plan, rows: &[DisciplineRow], lang: Lang) -> Result<RecordBatch, TableError> {
    let n = rows.len();
    TableBuilder::new()
        .str("plan_id", vec![Some(plan.id.clone()); n])
        .str("quarter", rows.iter().map(|r| Some(crate::locale::format_quarter(lang, r.quarter_end))).collect())
        .date("quarter_end", rows.iter().map(|r| Some(r.quarter_end)).collect())
        .date("due", rows.iter().map(|r| Some(r.due)).collect())
        .str("reporter", rows.iter().map(|r| Some(r.reporter.clone())).collect())
        .str("reporter_type", rows.iter().map(|r| Some(r.reporter_type.to_string())).collect())
        .date("first_report", rows.iter().map(|r| r.first_report).collect())
        .str("timeliness", rows.iter().map(|r| Some(r.timeliness.code().to_string())).collect())
        .str("timeliness_label", rows.iter().map(|r| Some(text(lang, &format!("timeliness.{}", r.timeliness.code())).to_string())).collect())
        .str("targets_without_data", rows.iter().map(|r| Some(r.items_without_data.join(", "))).collect())
        .build()
}

/// Message of a validation problem in a language.
pub fn problem_message(problem: &Problem, lang: Lang) -> String {
    let mut args = localise_args(lang, &problem.args);
    args.push(("value", problem.value.clone()));
    args.push(("column", problem.column.clone()));
    format(lang, &format!("problem.{}", problem.key), &args)
}

/// How to fix a validation problem, in a language.
pub fn problem_fix(problem: &Problem, lang: Lang) -> String {
    let mut args = localise_args(lang, &problem.args);
    args.push(("value", problem.value.clone()));
    args.push(("column", problem.column.clone()));
    format(lang, &format!("fix.{}", problem.key), &args)
}

/// Builds the validation report: one row per problem.
///
/// # Errors
///
/// Never in practice: every column is built with the same length.
pub fn problems_table(problems: &[Problem], lang: Lang) -> Result<RecordBatch, TableError> {
    TableBuilder::new()
        .str("file", problems.iter().map(|p| Some(p.file.clone())).collect())
        .str("sheet", problems.iter().map(|p| p.sheet.clone()).collect())
        .i64("row", problems.iter().map(|p| Some(p.row as i64)).collect())
        .str("column", problems.iter().map(|p| Some(p.column.clone())).collect())
        .str("value", problems.iter().map(|p| Some(p.value.clone())).collect())
        .str("code", problems.iter().map(|p| Some(p.key.to_string())).collect())
        .str("problem", problems.iter().map(|p| Some(problem_message(p, lang))).collect())
        .str("fix", problems.iter().map(|p| Some(problem_fix(p, lang))).collect())
        .bool("rejected", problems.iter().map(|p| Some(p.rejected)).collect())
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computed_values_follow_the_language() {
        let args = vec![("score", "44.92".to_string()), ("reported_on", "2026-07-08".to_string()), ("value", "1.5".to_string())];
        let vi = localise_args(Lang::Vi, &args);
        assert_eq!(vi[0].1, "44,92");
        assert_eq!(vi[1].1, "08/07/2026");
        assert_eq!(vi[2].1, "1.5", "user input stays as typed");
        let en = localise_args(Lang::En, &args);
        assert_eq!(en[0].1, "44.92");
        assert_eq!(en[1].1, "2026-07-08");
    }
}

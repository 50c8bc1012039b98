//! The target scorecard picks a count model from earlier years' reports when
//! they are present, and keeps the run rate when they are not.
//!
//! The CSV reader rejects periods outside the plan year, so earlier years
//! reach the scorecard through `Reports::from_rows` (as a caller merging an
//! archive would).

use chiso::observations::{Basis, ReadOptions, Report, Reports};
use chiso::plan::Plan;
use chiso::scorecard::{target_scorecard, Settings};
use chrono::NaiveDate;

const HEADER: &str = "item,period_end,value,basis,numerator,denominator,commune,agency,reported_on,source,note\n";

fn row(period_end: &str, value: u32, reported_on: &str) -> String {
    format!("MT06,{period_end},{value},ytd,,,,Sở Khoa học và Công nghệ,{reported_on},test,\n")
}

fn report(period_end: NaiveDate, value: f64) -> Report {
    Report {
        row: 0,
        item: "MT06".into(),
        period_end,
        value: Some(value),
        basis: Basis::YearToDate,
        numerator: None,
        denominator: None,
        commune: None,
        commune_code: None,
        agency: "Sở Khoa học và Công nghệ".into(),
        reported_on: period_end + chrono::Duration::days(5),
        source: "test".into(),
        note: String::new(),
    }
}

fn startup_row(reports: &Reports, plan: &Plan) -> chiso::scorecard::TargetRow {
    let as_of = NaiveDate::from_ymd_opt(2026, 7, 15).unwrap();
    let rows = target_scorecard(plan, reports, as_of, &Settings::default());
    rows.into_iter().find(|r| r.target_id == "MT06").expect("MT06 is in the plan")
}

#[test]
fn scorecard_count_uses_history() {
    let plan = Plan::default_plan();
    let mut rows = Vec::new();
    // Three earlier years where a third of the year's startups are recognised by June.
    for (year, june, total) in [(2023, 6.0, 19.0), (2024, 7.0, 21.0), (2025, 6.0, 20.0)] {
        rows.push(report(NaiveDate::from_ymd_opt(year, 6, 30).unwrap(), june));
        rows.push(report(NaiveDate::from_ymd_opt(year, 12, 31).unwrap(), total));
    }
    rows.push(report(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(), 7.0));
    let reports = Reports::from_rows(rows);

    let row = startup_row(&reports, &plan);
    let forecast = row.forecast.expect("a forecast for a count not yet met");
    assert_eq!(forecast.model, "seasonal_beta");
    assert_eq!(forecast.reason, "forecast.reason_seasonal");
    assert!(forecast.lower80 >= 7.0);
    assert_eq!(row.latest_value, Some(7.0));
}

#[test]
fn scorecard_count_without_history() {
    let plan = Plan::default_plan();
    let text = format!("{HEADER}{}", row("2026-06-30", 7, "2026-07-05"));
    let (reports, _) = Reports::from_csv_str(&text, "current.csv", &plan, &ReadOptions::default());
    let forecast = startup_row(&reports, &plan).forecast.expect("a forecast");
    assert_eq!(forecast.model, "poisson_gamma_run_rate");
}

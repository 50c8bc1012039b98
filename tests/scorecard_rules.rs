//! Status rule at its boundaries, vintages and as-of views.

use chiso::observations::{ReadOptions, Reports};
use chiso::plan::Plan;
use chiso::scorecard::{target_scorecard, task_scorecard, Settings, Status, TaskStatus};
use chrono::NaiveDate;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn read(csv: &str) -> Reports {
    let plan = Plan::default_plan();
    let (reports, problems) = Reports::from_csv_str(csv, "test.csv", &plan, &ReadOptions::default());
    assert!(problems.iter().all(|p| !p.rejected), "{problems:?}");
    reports
}

const HEADER: &str = "item,period_end,value,basis,numerator,denominator,commune,agency,reported_on,source,note\n";

fn status_of(reports: &Reports, id: &str, as_of: &str, settings: &Settings) -> (Status, Option<f64>) {
    let plan = Plan::default_plan();
    let rows = target_scorecard(&plan, reports, date(as_of), settings);
    let row = rows.into_iter().find(|r| r.target_id == id).unwrap();
    (row.status, row.forecast.map(|f| f.probability))
}

#[test]
fn status_thresholds_are_inclusive() {
    let reports = read(&format!("{HEADER}MT06,2026-09-14,12,ytd,,,,Sở Khoa học và Công nghệ,2026-09-10,,\n"));
    let settings = Settings::default();
    let (_, probability) = status_of(&reports, "MT06", "2026-09-30", &settings);
    let p = probability.unwrap();

    // Put each threshold exactly on the probability: the status moves up.
    let on_track = Settings { on_track: p, at_risk: p / 2.0, ..Settings::default() };
    assert_eq!(status_of(&reports, "MT06", "2026-09-30", &on_track).0, Status::OnTrack);
    let at_risk = Settings { on_track: (p + 1.0) / 2.0, at_risk: p, ..Settings::default() };
    assert_eq!(status_of(&reports, "MT06", "2026-09-30", &at_risk).0, Status::AtRisk);
    let off_track = Settings { on_track: 1.0, at_risk: p + 1e-9, ..Settings::default() };
    assert_eq!(status_of(&reports, "MT06", "2026-09-30", &off_track).0, Status::OffTrack);
}

#[test]
fn status_met_no_data_overdue() {
    let reports = read(&format!(
        "{HEADER}MT06,2026-09-14,20,ytd,,,,Sở Khoa học và Công nghệ,2026-09-10,,\nMT09,2026-09-14,10,ytd,,,,Sở Khoa học và Công nghệ,2026-09-10,,\n"
    ));
    let settings = Settings::default();
    assert_eq!(status_of(&reports, "MT06", "2026-09-30", &settings).0, Status::Met);
    assert_eq!(status_of(&reports, "MT10", "2026-09-30", &settings).0, Status::NoData);
    assert_eq!(status_of(&reports, "MT09", "2027-01-05", &settings).0, Status::Overdue);
    // The centre (deadline 30/09/2026) is not overdue on its deadline, and is the day after.
    assert_ne!(status_of(&reports, "MT02", "2026-09-30", &settings).0, Status::Overdue);
    assert_eq!(status_of(&reports, "MT02", "2026-10-01", &settings).0, Status::Overdue);
}

#[test]
fn revision_applies_from_its_report_date() {
    let reports = read(&format!(
        "{HEADER}MT06,2026-06-14,8,ytd,,,,Sở Khoa học và Công nghệ,2026-06-10,,\nMT06,2026-06-14,9,ytd,,,,Sở Khoa học và Công nghệ,2026-07-08,,điều chỉnh\n"
    ));
    let plan = Plan::default_plan();
    let value = |as_of: &str| {
        target_scorecard(&plan, &reports, date(as_of), &Settings::default())
            .into_iter()
            .find(|r| r.target_id == "MT06")
            .unwrap()
            .latest_value
    };
    assert_eq!(value("2026-06-09"), None);
    assert_eq!(value("2026-06-10"), Some(8.0));
    assert_eq!(value("2026-07-07"), Some(8.0));
    assert_eq!(value("2026-07-08"), Some(9.0));
    assert_eq!(reports.rows().len(), 2, "both vintages are kept");

    let text = format!("{HEADER}MT06,2026-06-14,8,ytd,,,,A,2026-06-10,,\nMT06,2026-06-14,9,ytd,,,,A,2026-07-08,,\n");
    let (_, problems) = Reports::from_csv_str(&text, "r.csv", &Plan::default_plan(), &ReadOptions::default());
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].row, problems[0].key, problems[0].rejected), (3, "revision", false));
}

#[test]
fn period_values_are_accumulated() {
    let reports = read(&format!(
        "{HEADER}MT10,2026-03-14,4,period,,,,Sở Khoa học và Công nghệ,2026-03-10,,\nMT10,2026-06-14,5,period,,,,Sở Khoa học và Công nghệ,2026-06-10,,\n"
    ));
    let plan = Plan::default_plan();
    let row = target_scorecard(&plan, &reports, date("2026-07-01"), &Settings::default())
        .into_iter()
        .find(|r| r.target_id == "MT10")
        .unwrap();
    assert_eq!(row.latest_value, Some(9.0));
}

#[test]
fn coverage_counts_plan_communes_once() {
    let reports = read(&format!(
        "{HEADER}MT05,2026-03-14,1,ytd,,,Phường Biên Hoà,UBND,2026-03-10,,\nMT05,2026-06-14,1,ytd,,,P. Biên Hòa,UBND,2026-06-10,,\nMT05,2026-06-14,1,ytd,,,Xã Bình An,UBND,2026-06-10,,\n"
    ));
    let plan = Plan::default_plan();
    let row = target_scorecard(&plan, &reports, date("2026-07-01"), &Settings::default())
        .into_iter()
        .find(|r| r.target_id == "MT05")
        .unwrap();
    assert_eq!(row.latest_value, Some(2.0));
    assert!(row.forecast.unwrap().upper95 <= 41.0);
}

#[test]
fn task_status_from_outputs() {
    let reports = read(&format!(
        "{HEADER}NV10,2026-06-14,2,ytd,,,,Sở Khoa học và Công nghệ,2026-06-10,,\nNV31,2026-06-14,1,ytd,,,,Sở Công Thương,2026-06-10,,\nNV05,2026-03-14,0,ytd,,,,Sở Khoa học và Công nghệ,2026-03-10,,\n"
    ));
    let plan = Plan::default_plan();
    let rows = task_scorecard(&plan, &reports, date("2026-07-01"));
    let status = |id: &str| rows.iter().find(|r| r.task_id == id).unwrap().status;
    assert_eq!(status("NV10"), TaskStatus::OnTrack, "2 of at least 3 conferences");
    assert_eq!(status("NV31"), TaskStatus::Done, "1 of at least 1");
    assert_eq!(status("NV05"), TaskStatus::Overdue, "due Quý II/2026, not done");
    assert_eq!(status("NV01"), TaskStatus::NoData);
    assert_eq!(rows.len(), 33);
}

#[test]
fn shipped_example_reads_cleanly() {
    let plan = Plan::default_plan();
    let text = include_str!("../seeds/bao-cao-minh-hoa-2026.csv");
    let (reports, problems) = Reports::from_csv_str(text, "example", &plan, &ReadOptions::default());
    let rejected: Vec<_> = problems.iter().filter(|p| p.rejected).collect();
    assert!(rejected.is_empty(), "{rejected:?}");
    assert_eq!(reports.rows().len(), text.lines().count() - 1);
}

//! Bad report rows: each is rejected with the exact problem, the rest are kept.

use chiso::observations::{parse_number, NumberFormat, ReadOptions, Reports};
use chiso::plan::Plan;

const HEADER: &str = "item,period_end,value,basis,numerator,denominator,commune,agency,reported_on,source,note\n";

fn problems(rows: &str) -> Vec<(usize, String, &'static str, bool)> {
    let plan = Plan::default_plan();
    let (_, problems) = Reports::from_csv_str(&format!("{HEADER}{rows}"), "bad.csv", &plan, &ReadOptions::default());
    problems.into_iter().map(|p| (p.row, p.column, p.key, p.rejected)).collect()
}

#[test]
fn bad_rows_named_by_row_and_column() {
    let cases: [(&str, &str, &str); 12] = [
        ("MT99,2026-03-14,4,ytd,,,,A,2026-03-10,,", "item", "item_unknown"),
        ("MT06,2025-12-31,4,ytd,,,,A,2026-03-10,,", "period_end", "date_outside_plan"),
        ("MT06,31/02/2026,4,ytd,,,,A,2026-03-10,,", "period_end", "date_invalid"),
        ("MT06,2026-03-14,bốn,ytd,,,,A,2026-03-10,,", "value", "number_invalid"),
        ("MT06,2026-03-14,-4,ytd,,,,A,2026-03-10,,", "value", "count_negative"),
        ("MT06,2026-03-14,1.234,ytd,,,,A,2026-03-10,,", "value", "number_ambiguous"),
        ("MT08,2026-03-14,,ytd,500,400,,A,2026-03-10,,", "numerator", "numerator_above_denominator"),
        ("MT08,2026-03-14,1.5,ytd,,,,A,2026-03-10,,", "value", "share_out_of_range"),
        ("MT05,2026-03-14,1,ytd,,,Phường Hổ Nai,A,2026-03-10,,", "commune", "commune_near_miss"),
        ("MT05,2026-03-14,1,ytd,,,Phường Atlantis,A,2026-03-10,,", "commune", "commune_unknown"),
        ("MT02,2026-03-14,2,ytd,,,,A,2026-03-10,,", "value", "flag_invalid"),
        ("MT06,2026-03-14,4,lũy tiến,,,,A,2026-03-10,,", "basis", "basis_invalid"),
    ];
    for (row, column, key) in cases {
        let found = problems(row);
        assert_eq!(found.len(), 1, "{row}: {found:?}");
        assert_eq!(found[0], (2, column.to_string(), key, true), "{row}");
    }
}

#[test]
fn every_problem_collected() {
    let found = problems("MT99,2026-03-14,4,ytd,,,,A,2026-03-10,,\nMT06,2026-03-14,4,ytd,,,,A,2026-03-10,,\nMT06,xx,-1,ytd,,,,A,,,\n");
    let keys: Vec<_> = found.iter().map(|p| (p.0, p.2)).collect();
    assert_eq!(keys, vec![(2, "item_unknown"), (4, "date_invalid"), (4, "date_missing"), (4, "count_negative")]);
}

#[test]
fn conflicting_duplicate_and_decrease_flagged() {
    let found = problems(
        "MT06,2026-03-14,4,ytd,,,,A,2026-03-10,,\nMT06,2026-03-14,5,ytd,,,,A,2026-03-10,,\nMT06,2026-06-14,3,ytd,,,,A,2026-06-10,,\n",
    );
    assert!(found.contains(&(3, "value".to_string(), "duplicate_conflict", false)), "{found:?}");
    assert!(found.iter().any(|p| p.2 == "cumulative_decreases" && p.0 == 4), "{found:?}");
}

#[test]
fn numbers_in_both_conventions() {
    assert_eq!(parse_number("1.234,5", NumberFormat::Auto), Ok(Some(1234.5)));
    assert_eq!(parse_number("1,234.5", NumberFormat::Auto), Ok(Some(1234.5)));
    assert_eq!(parse_number("40.310", NumberFormat::Vietnamese), Ok(Some(40310.0)));
    assert_eq!(parse_number("40,310", NumberFormat::English), Ok(Some(40310.0)));
    assert_eq!(parse_number("7,6%", NumberFormat::Auto), Ok(Some(0.076)));
    assert_eq!(parse_number("", NumberFormat::Auto), Ok(None));
    assert!(parse_number("1.2.3", NumberFormat::Auto).is_err());
}

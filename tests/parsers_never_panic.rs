//! Fuzz-style property tests: the parsers and validators return errors, never panic.

use chiso::observations::{parse_date_cell, parse_number, validate_csv, NumberFormat, ReadOptions, Reports};
use chiso::plan::{parse_deadline, parse_outputs, Plan};
use proptest::prelude::*;

fn plan() -> &'static Plan {
    static PLAN: std::sync::OnceLock<Plan> = std::sync::OnceLock::new();
    PLAN.get_or_init(Plan::default_plan)
}

const HEADER: &str = "item,period_end,value,basis,numerator,denominator,commune,agency,reported_on,source,note\n";

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,12}",
        "MT[0-9]{2}|NV[0-9]{2}",
        "-?[0-9]{1,7}([.,][0-9]{1,3}){0,3}%?",
        "[0-9]{1,2}/[0-9]{1,2}/20[0-9]{2}",
        "20[0-9]{2}-[0-9]{2}-[0-9]{2}",
        "(Phường|Xã|P\\.|X\\.) [A-ZĐ][a-zàáảãạăâđêôơư]{1,6}",
        Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn number_parser_total(text in "\\PC{0,20}") {
        for format in [NumberFormat::Auto, NumberFormat::Vietnamese, NumberFormat::English] {
            if let Ok(Some(value)) = parse_number(&text, format) {
                prop_assert!(value.is_finite());
            }
        }
    }

    #[test]
    fn date_and_deadline_parsers_total(text in "\\PC{0,24}") {
        let _ = parse_date_cell(&text);
        let _ = parse_deadline(&text);
        let _ = parse_outputs(&text);
    }

    #[test]
    fn report_rows_accounted(rows in proptest::collection::vec(proptest::collection::vec(cell(), 11), 0..12)) {
        let plan = plan();
        let body: String = rows
            .iter()
            .map(|r| r.iter().map(|c| c.replace([',', '"', '\n', '\r'], " ")).collect::<Vec<_>>().join(",") + "\n")
            .collect();
        let text = format!("{HEADER}{body}");
        let (reports, problems) = Reports::from_csv_str(&text, "fuzz.csv", plan, &ReadOptions::default());
        let validation = validate_csv(text.as_bytes(), "fuzz.csv", plan, &ReadOptions::default());
        prop_assert_eq!(reports.rows().len(), validation.accepted);
        prop_assert_eq!(problems.len(), validation.problems.len());

        // Every non-blank row is either accepted or named by a rejecting problem.
        let rejected: std::collections::BTreeSet<usize> = problems.iter().filter(|p| p.rejected && p.row > 0).map(|p| p.row).collect();
        prop_assert_eq!(reports.rows().len() + rejected.len(), validation.rows);
    }

    #[test]
    fn plan_parser_total(text in "\\PC{0,200}") {
        let _ = Plan::from_toml_str(&text, "fuzz.toml");
    }
}

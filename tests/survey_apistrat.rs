//! Checks the survey estimators against R `survey` 4.1.1 on the `apistrat`
//! data (stratified by school type, weights `pw`, fpc `fpc`): the share of
//! schools with `sch.wide == "Yes"` with every `svyciprop` method, and the
//! total. The data and R's results are read from
//! `<repo>/../shared/reference/survey/`; the test is skipped when they are
//! absent, because they are not shipped.

use std::path::PathBuf;

use chiso::survey::ci::CiMethod;
use chiso::survey::design::{Design, DesignSpec};
use chiso::survey::estimate::{estimate_domains, Domains, Quantity};
use chiso::survey::share::{estimate_shares, DfRule, Grouping, ShareOptions};

/// Largest absolute difference allowed from R's estimate, SE and bounds.
const TOLERANCE: f64 = 1e-6;

fn reference_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/survey");
    dir.join("apistrat.csv").exists().then_some(dir)
}

struct Apistrat {
    weights: Vec<Option<f64>>,
    strata: Vec<Option<String>>,
    fpc: Vec<Option<f64>>,
    yes: Vec<Option<f64>>,
}

fn read_apistrat(dir: &std::path::Path) -> Apistrat {
    let mut reader = csv::Reader::from_path(dir.join("apistrat.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (stype, pw, fpc, sch_wide) = (column("stype"), column("pw"), column("fpc"), column("sch.wide"));
    let mut data = Apistrat { weights: vec![], strata: vec![], fpc: vec![], yes: vec![] };
    for record in reader.records() {
        let record = record.unwrap();
        data.weights.push(record[pw].parse().ok());
        data.strata.push(Some(record[stype].to_string()));
        data.fpc.push(record[fpc].parse().ok());
        data.yes.push(Some(if &record[sch_wide] == "Yes" { 1.0 } else { 0.0 }));
    }
    data
}

struct Expected {
    quantity: String,
    method: String,
    df: String,
    estimate: f64,
    se: f64,
    ci_lower: f64,
    ci_upper: f64,
}

fn read_expected(dir: &std::path::Path) -> Vec<Expected> {
    let mut reader = csv::Reader::from_path(dir.join("apistrat-svyciprop.csv")).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Expected {
                quantity: r[2].to_string(),
                method: r[3].split_whitespace().next().unwrap().to_string(),
                df: r[9].to_string(),
                estimate: r[5].parse().unwrap(),
                se: r[6].parse().unwrap(),
                ci_lower: r[7].parse().unwrap(),
                ci_upper: r[8].parse().unwrap(),
            }
        })
        .collect()
}

fn method_and_df(expected: &Expected) -> (CiMethod, DfRule) {
    let method = match expected.method.as_str() {
        "wald_normal" => CiMethod::Wald,
        "wald_t" => CiMethod::Mean,
        other => CiMethod::parse(other).unwrap(),
    };
    let df = if expected.df == "Inf" { DfRule::Infinite } else { DfRule::Design };
    (method, df)
}

#[test]
fn survey_apistrat_matches_r_svyciprop() {
    let Some(dir) = reference_dir() else {
        eprintln!("SKIPPED survey_apistrat_matches_r_svyciprop: ../shared/reference/survey/apistrat.csv is absent (reference data is not shipped)");
        return;
    };
    let data = read_apistrat(&dir);
    let spec = DesignSpec { weights: &data.weights, strata: Some(&data.strata), fpc: Some(&data.fpc), ..DesignSpec::default() };
    let design = Design::new(&spec).unwrap();
    assert_eq!(design.degrees_of_freedom(), 197.0);

    let mut worst: f64 = 0.0;
    for expected in read_expected(&dir).iter().filter(|e| e.quantity != "svytotal") {
        let (method, df) = method_and_df(expected);
        let options = ShareOptions { method, df, ..ShareOptions::default() };
        let groups = [Grouping { name: "all".into(), domains: Domains::whole(data.yes.len()) }];
        let row = &estimate_shares(&design, "sch.wide", &data.yes, &groups, &options).unwrap()[0];
        let errors = [
            (row.estimate.estimate - expected.estimate).abs(),
            (row.estimate.se() - expected.se).abs(),
            (row.ci_lower - expected.ci_lower).abs(),
            (row.ci_upper - expected.ci_upper).abs(),
        ];
        let largest = errors.iter().cloned().fold(0.0, f64::max);
        eprintln!("{:>12} df={:<4} max abs error {largest:.2e}", expected.method, expected.df);
        assert!(largest < TOLERANCE, "{} (df {}): errors {errors:?}", expected.method, expected.df);
        worst = worst.max(largest);
    }
    eprintln!("largest abs error over every method: {worst:.2e}");
}

#[test]
fn survey_apistrat_total_matches_r_svytotal() {
    let Some(dir) = reference_dir() else {
        eprintln!("SKIPPED survey_apistrat_total_matches_r_svytotal: ../shared/reference/survey/apistrat.csv is absent (reference data is not shipped)");
        return;
    };
    let data = read_apistrat(&dir);
    let spec = DesignSpec { weights: &data.weights, strata: Some(&data.strata), fpc: Some(&data.fpc), ..DesignSpec::default() };
    let design = Design::new(&spec).unwrap();
    let expected = read_expected(&dir).into_iter().find(|e| e.quantity == "svytotal").unwrap();
    let row = &estimate_domains(&design, &data.yes, None, Quantity::Total, &Domains::whole(data.yes.len())).unwrap()[0];
    assert!((row.estimate - expected.estimate).abs() < TOLERANCE * expected.estimate);
    assert!((row.se() - expected.se).abs() < TOLERANCE);
    let z = 1.959963984540054;
    assert!((row.estimate - z * row.se() - expected.ci_lower).abs() < 1e-5);
}

//! Compares the index engine with COINr 1.1.14 on its ASEM example.
//!
//! The reference outputs live outside the repository, in
//! `../shared/reference/coinr/` relative to the crate root. Each test skips,
//! with a message, when that folder is absent.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chiso::index::framework::nodes_from_coinr_imeta;
use chiso::index::treat::Action;
use chiso::index::{Aggregation, Dataset, IndexResult, Model, Normalisation, Settings};

fn reference_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/coinr");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: COINr reference outputs not found at {}", dir.display());
        None
    }
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("cannot read {file}: {e}"))
}

fn asem_model(dir: &Path) -> Model {
    let nodes = nodes_from_coinr_imeta(&read(dir, "input/ASEM_iMeta.csv")).unwrap();
    let data = Dataset::from_csv(&read(dir, "input/ASEM_iData.csv"), "uCode");
    Model::new(nodes, &data).unwrap()
}

/// A COINr output table: unit code → column → cell text.
struct Table {
    columns: Vec<String>,
    rows: HashMap<String, HashMap<String, String>>,
}

fn read_table(dir: &Path, file: &str) -> Table {
    let text = read(dir, file);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let mut rows = HashMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let cells: HashMap<String, String> = headers.iter().cloned().zip(record.iter().map(str::to_string)).collect();
        rows.insert(cells["uCode"].clone(), cells);
    }
    Table { columns: headers.into_iter().filter(|h| h != "uCode").collect(), rows }
}

fn close(found: f64, expected: f64) -> bool {
    (found - expected).abs() <= 1e-9 * expected.abs().max(1e-3)
}

/// Checks every score and rank of `result` against a COINr pipeline folder; returns the count compared.
fn check_scores_and_ranks(dir: &Path, folder: &str, result: &IndexResult) -> (usize, usize) {
    let scores = read_table(dir, &format!("{folder}/scores_all_levels.csv"));
    let ranks = read_table(dir, &format!("{folder}/ranks_all_levels.csv"));
    assert_eq!(scores.rows.len(), result.units.len(), "{folder}: unit count");
    let (mut n_scores, mut n_ranks) = (0, 0);
    for code in &scores.columns {
        for unit in &result.units {
            let expected = &scores.rows[unit][code];
            let found = result.score(code, unit).unwrap_or_else(|| panic!("{folder}: no score for {code}"));
            if expected.is_empty() {
                assert!(found.is_nan(), "{folder}: {code}/{unit} should be missing, found {found}");
            } else {
                let expected: f64 = expected.parse().unwrap();
                assert!(close(found, expected), "{folder}: {code}/{unit} score {found} vs COINr {expected}");
            }
            n_scores += 1;

            let expected_rank = &ranks.rows[unit][code];
            let found_rank = result.rank(code, unit);
            let expected_rank: Option<u32> = if expected_rank.is_empty() { None } else { Some(expected_rank.parse().unwrap()) };
            assert_eq!(found_rank, expected_rank, "{folder}: {code}/{unit} rank");
            n_ranks += 1;
        }
    }
    (n_scores, n_ranks)
}

#[test]
fn p1_minmax_arithmetic_matches_coinr() {
    let Some(dir) = reference_dir() else { return };
    let result = asem_model(&dir).run(&Settings::default()).unwrap();
    let (scores, ranks) = check_scores_and_ranks(&dir, "p1_raw_minmax0-100_amean", &result);
    assert_eq!(scores, 51 * 60);
    assert_eq!(ranks, 51 * 60);
}

#[test]
fn p2_zscore_arithmetic_matches_coinr() {
    let Some(dir) = reference_dir() else { return };
    let settings = Settings { normalisation: Normalisation::ZScore { mean: 0.0, sd: 1.0 }, ..Settings::default() };
    let result = asem_model(&dir).run(&settings).unwrap();
    check_scores_and_ranks(&dir, "p2_raw_zscore_amean", &result);
}

#[test]
fn p3_minmax_geometric_matches_coinr() {
    let Some(dir) = reference_dir() else { return };
    let settings = Settings {
        normalisation: Normalisation::MinMax { lower: 1.0, upper: 100.0, goalposts: true },
        aggregation: Aggregation::Geometric,
        ..Settings::default()
    };
    let result = asem_model(&dir).run(&settings).unwrap();
    check_scores_and_ranks(&dir, "p3_raw_minmax1-100_gmean", &result);
}

#[test]
fn p3_zero_in_geometric_mean_is_an_error() {
    let Some(dir) = reference_dir() else { return };
    let coinr_message = read(&dir, "p3_raw_minmax1-100_gmean/minmax0-100_gmean_error.txt");
    assert!(coinr_message.contains("Negative or zero values"));
    let settings = Settings { aggregation: Aggregation::Geometric, ..Settings::default() };
    let error = asem_model(&dir).run(&settings).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("geometric mean needs positive values"), "{text}");
    assert!(text.contains("is 0 for unit"), "{text}");
}

#[test]
fn p4_treatment_matches_coinr() {
    let Some(dir) = reference_dir() else { return };
    let result = asem_model(&dir).run(&Settings::coinr()).unwrap();

    let treated = read_table(&dir, "p4_raw_treat-default_minmax_amean/treated.csv");
    for (i, code) in result.indicators.iter().enumerate() {
        for (u, unit) in result.units.iter().enumerate() {
            let expected = &treated.rows[unit][code];
            let found = result.treated[i][u];
            if expected.is_empty() {
                assert!(found.is_nan(), "{code}/{unit}");
            } else {
                let expected: f64 = expected.parse().unwrap();
                assert!(close(found, expected), "treated {code}/{unit}: {found} vs COINr {expected}");
            }
        }
    }

    let details = read(&dir, "p4_raw_treat-default_minmax_amean/treat_details.csv");
    let mut reader = csv::Reader::from_reader(details.as_bytes());
    let mut winsorised = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let code = &record[0];
        let detail = result.treatment.iter().find(|d| d.indicator == code).unwrap();
        let expected_pass = &record[1] == "TRUE";
        assert_eq!(detail.pass_before, Some(expected_pass), "{code}: pass before");
        let skew: f64 = record[2].parse().unwrap();
        let kurt: f64 = record[3].parse().unwrap();
        assert!(close(detail.skew_before.unwrap(), skew), "{code}: skew");
        assert!(close(detail.kurt_before.unwrap(), kurt), "{code}: kurtosis");
        if expected_pass {
            assert_eq!(detail.action, Action::None, "{code}");
            continue;
        }
        // Every failing ASEM indicator is brought back by winsorisation; none is log-transformed.
        assert_eq!(detail.action, Action::Winsorised, "{code}");
        let nwin: usize = record[4].parse().unwrap();
        assert_eq!(detail.winsorised, nwin, "{code}: winsorised points");
        assert_eq!(detail.pass_after, Some(&record[5] == "TRUE"), "{code}: pass after");
        let skew_after: f64 = record[6].parse().unwrap();
        assert!(close(detail.skew_after.unwrap(), skew_after), "{code}: skew after");
        winsorised += 1;
    }
    assert_eq!(winsorised, 18);

    check_scores_and_ranks(&dir, "p4_raw_treat-default_minmax_amean", &result);
}

#[test]
fn p4_treated_points_match_coinr() {
    let Some(dir) = reference_dir() else { return };
    let result = asem_model(&dir).run(&Settings::coinr()).unwrap();
    let treated = read_table(&dir, "p4_raw_treat-default_minmax_amean/treated.csv");
    let order: Vec<String> = {
        let text = read(&dir, "p4_raw_treat-default_minmax_amean/treated.csv");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        reader.records().map(|r| r.unwrap()[0].to_string()).collect()
    };
    assert_eq!(order.len(), treated.rows.len());

    let points = read(&dir, "p4_raw_treat-default_minmax_amean/treated_points.csv");
    let mut reader = csv::Reader::from_reader(points.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let mut expected: Vec<(String, String, String)> = Vec::new();
    for (row, record) in reader.records().enumerate() {
        for (column, tag) in headers.iter().zip(record.unwrap().iter()) {
            if !tag.is_empty() {
                expected.push((column.clone(), order[row].clone(), tag.to_string()));
            }
        }
    }
    let mut found: Vec<(String, String, String)> = Vec::new();
    for detail in &result.treatment {
        for (u, tag) in &detail.points {
            found.push((detail.indicator.clone(), result.units[*u].clone(), tag.to_string()));
        }
    }
    expected.sort();
    found.sort();
    assert_eq!(found, expected);
}

//! Validation of a one-million-row reports file, row by row.
//! Run with `cargo bench --bench validate`; measure peak memory with
//! `/usr/bin/time -v` around the printed command.

use std::io::Write;
use std::time::Instant;

use chiso::observations::{validate_csv, ReadOptions};
use chiso::plan::Plan;

const ROWS: usize = 1_000_000;

fn write_file(path: &std::path::Path) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("temporary file"));
    writeln!(out, "item,period_end,value,basis,numerator,denominator,commune,agency,reported_on,source,note").unwrap();
    // 8 items × 336 period ends = 2,688 keys, each re-reported on up to 372
    // dates with the same value, as agencies resend their figures.
    let items = ["MT06", "MT09", "MT10", "MT11", "MT12", "MT13", "NV10", "NV28"];
    for i in 0..ROWS {
        let key = i % (items.len() * 336);
        let item = items[key % items.len()];
        let (month, day) = (1 + (key / items.len()) % 12, 1 + (key / (items.len() * 12)) % 28);
        let vintage = i / (items.len() * 336);
        let reported = chrono::NaiveDate::from_ymd_opt(2026, 12, 20).unwrap() + chrono::Days::new(vintage as u64);
        // One row in a thousand carries a problem (a negative count).
        let value = if i % 1000 == 999 { -1 } else { (key % 97) as i64 };
        writeln!(out, "{item},2026-{month:02}-{day:02},{value},period,,,,Sở Khoa học và Công nghệ,{reported},,").unwrap();
    }
}

fn main() {
    let path = std::env::temp_dir().join("chiso-validate-1m.csv");
    write_file(&path);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let plan = Plan::default_plan();

    let start = Instant::now();
    let file = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(&path).unwrap());
    let result = validate_csv(file, "1m.csv", &plan, &ReadOptions::default());
    let seconds = start.elapsed().as_secs_f64();

    println!("file: {ROWS} rows, {:.1} MB", size as f64 / 1e6);
    println!("rows read {}, accepted {}, problems {}", result.rows, result.accepted, result.problems.len());
    let mut kinds = std::collections::BTreeMap::new();
    for problem in &result.problems {
        *kinds.entry(problem.key).or_insert(0usize) += 1;
    }
    println!("problems by kind: {kinds:?}");
    println!("validated in {seconds:.2} s ({:.0} rows/s)", ROWS as f64 / seconds);
    let _ = std::fs::remove_file(&path);
}

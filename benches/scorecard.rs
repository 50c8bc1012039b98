//! Time of one target scorecard and of a batch of 100, on the shipped plan
//! and illustrative reports. Run with `cargo bench --bench scorecard`.

use std::time::Instant;

use chiso::observations::{ReadOptions, Reports};
use chiso::plan::Plan;
use chiso::scorecard::{target_scorecard, task_scorecard, Settings};
use chrono::{Days, NaiveDate};
use rayon::prelude::*;

fn median_seconds(runs: usize, mut work: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn main() {
    let plan = Plan::default_plan();
    let text = include_str!("../seeds/bao-cao-minh-hoa-2026.csv");
    let (reports, _) = Reports::from_csv_str(text, "example", &plan, &ReadOptions::default());
    let settings = Settings::default();
    let as_of = NaiveDate::from_ymd_opt(2026, 9, 30).expect("valid date");

    let cold = median_seconds(1, || {
        assert_eq!(target_scorecard(&plan, &reports, as_of, &settings).len(), 13);
    });
    let one = median_seconds(21, || {
        let rows = target_scorecard(&plan, &reports, as_of, &settings);
        let tasks = task_scorecard(&plan, &reports, as_of);
        assert_eq!(rows.len() + tasks.len(), 46);
    });

    let dates: Vec<NaiveDate> = (0..100).map(|i| NaiveDate::from_ymd_opt(2026, 1, 15).unwrap() + Days::new(3 * i)).collect();
    let batch = median_seconds(5, || {
        let total: usize = dates.par_iter().map(|d| target_scorecard(&plan, &reports, *d, &settings).len()).sum();
        assert_eq!(total, 1300);
    });

    let fast = Settings { rank_draws: 2_000, ..Settings::default() };
    let batch_fast = median_seconds(5, || {
        let total: usize = dates.par_iter().map(|d| target_scorecard(&plan, &reports, *d, &fast).len()).sum();
        assert_eq!(total, 1300);
    });

    println!("first scorecard (runs the 20,000-draw PII rank simulation): {:.2} ms", cold * 1e3);
    println!("one scorecard (13 targets + 33 tasks), simulation reused: {:.2} ms", one * 1e3);
    println!("100 scorecards in one batch ({} threads): {:.1} ms", rayon::current_num_threads(), batch * 1e3);
    println!("100 scorecards, 2,000 rank draws each: {:.1} ms", batch_fast * 1e3);
}

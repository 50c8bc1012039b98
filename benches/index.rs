//! Timings of the index engine on COINr's ASEM example (51 units, 49 indicators):
//! full rebuilds, the uncertainty analysis and `path_to_rank`.
//!
//! Run with `cargo bench --bench index`. The ASEM input is read from
//! `../shared/reference/coinr/input/` relative to the crate root; the benchmark
//! prints a message and stops when it is absent. CPU time is read from
//! `/proc/self/stat` (Linux, assuming 100 clock ticks per second).

use std::path::PathBuf;
use std::time::Instant;

use chiso::index::framework::nodes_from_coinr_imeta;
use chiso::index::uncertainty::{uncertainty, Assumption, UncertaintyOptions};
use chiso::index::whatif::{path_to_rank, PathOptions};
use chiso::index::{Aggregation, Dataset, Imputation, Model, Normalisation, Settings};

fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(f64::NAN);
    // utime and stime are fields 14 and 15 of the full line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn timed<T>(label: &str, work: impl FnOnce() -> T) -> T {
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let out = work();
    println!("{label:<48} wall {:>9.3} s   cpu {:>9.2} s", wall.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    out
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/coinr/input");
    let (Ok(meta), Ok(values)) = (std::fs::read_to_string(dir.join("ASEM_iMeta.csv")), std::fs::read_to_string(dir.join("ASEM_iData.csv"))) else {
        println!("skipped: ASEM input not found at {}", dir.display());
        return;
    };
    println!("threads: {}", rayon::current_num_threads());

    let model = timed("validate framework and data", || Model::new(nodes_from_coinr_imeta(&meta).unwrap(), &Dataset::from_csv(&values, "uCode")).unwrap());
    let settings = Settings::coinr();
    let rebuilds = 1000;
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    for _ in 0..rebuilds {
        std::hint::black_box(model.run(&settings).unwrap());
    }
    println!(
        "full pipeline (treat, min-max, arithmetic) x{rebuilds}: {:.3} ms wall and {:.3} ms cpu per rebuild",
        wall.elapsed().as_secs_f64() * 1e3 / rebuilds as f64,
        (cpu_seconds() - cpu) * 1e3 / rebuilds as f64
    );

    let assumptions = vec![
        Assumption::Imputation { methods: vec![Imputation::None, Imputation::Mean, Imputation::Median] },
        Assumption::WinsorLimit { values: vec![1, 2, 3, 4, 5] },
        Assumption::Normalisation {
            methods: vec![Normalisation::MinMax { lower: 1.0, upper: 100.0, goalposts: true }, Normalisation::Rank],
        },
        Assumption::Weights { bound: 0.25, codes: vec![], sets: 0 },
        Assumption::Aggregation { level: Some(2), methods: vec![Aggregation::Arithmetic, Aggregation::Geometric] },
    ];
    for replications in [1_000, 10_000] {
        let options = UncertaintyOptions { assumptions: assumptions.clone(), replications, seed: 42, code: None };
        let result = timed(&format!("uncertainty, {replications} replications"), || uncertainty(&model, &settings, &options).unwrap());
        println!("    failed replications: {}", result.failed);
    }

    let nominal = model.run(&settings).unwrap();
    let top = nominal.top_code().to_string();
    let unit = nominal.units.iter().find(|u| nominal.rank(&top, u) == Some(20)).expect("a unit ranked 20th").clone();
    for step in [1.0, 5.0] {
        let options = PathOptions { step, ..PathOptions::default() };
        let path = timed(&format!("path_to_rank {unit} 20th to 5th, step {step}"), || path_to_rank(&model, &settings, &unit, 5, &options).unwrap());
        println!("    greedy steps: {}, points: {:.1}, final rank: {:?}", path.steps, path.total_points, path.final_rank);
    }
}

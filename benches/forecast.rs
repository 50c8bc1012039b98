//! Throughput of the batch count forecast: 100,000 series of 8 quarterly
//! counts in one call, with 80 % and 95 % intervals and the probability of
//! reaching last year's total.
//!
//! Each series is two years of quarterly counts, Poisson around a
//! series-specific rate with a Q4-heavy season. chiso uses year 1 as history
//! (four year-to-date values) and year 2 up to Q2, and forecasts the year-2
//! total with the automatic model choice.
//!
//! Run with `cargo bench --bench forecast`. Set `RAYON_NUM_THREADS` to limit
//! the cores used; the bench also times one thread on its own.

use std::time::Instant;

use chiso::forecast::batch::{forecast_count_batch, CountRows, CountTarget};
use chiso::forecast::count::GammaPrior;
use chiso::forecast::within_year::CountModel;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Gamma, Poisson};

const SERIES: usize = 100_000;
const SEASON: [f64; 4] = [0.8, 0.9, 1.0, 1.3];

/// Builds the long rows and the targets of the synthetic series.
fn synthetic(series: usize, seed: u64) -> (CountRows, Vec<CountTarget>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let rate = Gamma::new(2.0, 10.0).expect("valid gamma");
    let mut rows = CountRows::default();
    let mut targets = Vec::with_capacity(series);

    for index in 0..series {
        let id = format!("s{index}");
        let base: f64 = rate.sample(&mut rng);
        let mut last_year_total = 0.0;
        for (year, growth) in [(2025, 1.0), (2026, 1.05)] {
            let mut cumulative = 0.0;
            for (quarter, season) in SEASON.iter().enumerate() {
                let mean = (base * season * growth).max(1e-3);
                cumulative += Poisson::new(mean).expect("positive mean").sample(&mut rng);
                let elapsed = (quarter + 1) as f64 / 4.0;
                // Year 2 is reported up to Q2 only.
                if year == 2025 || quarter < 2 {
                    rows.series.push(id.clone());
                    rows.year.push(year);
                    rows.elapsed.push(elapsed);
                    rows.value.push(cumulative);
                }
            }
            if year == 2025 {
                last_year_total = cumulative;
            }
        }
        targets.push(CountTarget { series: id, year: 2026, threshold: last_year_total, deadline: 1.0 });
    }
    (rows, targets)
}

fn time_batch(label: &str, rows: &CountRows, targets: &[CountTarget], threads: Option<usize>) -> f64 {
    let run = || {
        let started = Instant::now();
        let out = forecast_count_batch(rows, targets, CountModel::Auto, GammaPrior::default());
        let seconds = started.elapsed().as_secs_f64();
        let failed = out.iter().filter(|r| r.result.is_err()).count();
        assert_eq!(failed, 0, "every synthetic series has reports");
        seconds
    };
    let seconds = match threads {
        Some(n) => rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("thread pool").install(run),
        None => run(),
    };
    println!(
        "{label}: {} series in {seconds:.3} s ({:.1} µs per series, {:.0} series/s)",
        targets.len(),
        seconds * 1e6 / targets.len() as f64,
        targets.len() as f64 / seconds
    );
    seconds
}

fn main() {
    let (rows, targets) = synthetic(SERIES, 2026);
    println!("rayon threads: {}", rayon::current_num_threads());

    // Warm-up on a slice, then the timed runs.
    time_batch("warm-up (1,000 series)", &rows, &targets[..1_000], None);
    let all = time_batch("all threads", &rows, &targets, None);
    let one = time_batch("one thread", &rows, &targets, Some(1));
    println!("parallel speed-up: {:.2}×", one / all);
}

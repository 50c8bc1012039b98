//! Benchmark of the survey estimators on one million records.
//!
//! The data: 1,000,000 enterprises in 50 strata (unequal sizes), weights
//! N_h/n_h with an fpc, a 0/1 variable whose rate varies by stratum and by
//! domain, and 20 domains that cut across strata. Timed: building the design
//! from text strata, then shares with intervals for the whole sample and the
//! 20 domains (logit, beta and likelihood intervals).
//!
//! Run: `cargo bench --bench survey`. Add `-- --csv /tmp/survey-bench.csv`
//! to also write the data for `benches/survey_r.R`, which times R `survey`
//! on the same records.

use std::io::Write;
use std::time::Instant;

use chiso::survey::ci::CiMethod;
use chiso::survey::design::{Design, DesignSpec};
use chiso::survey::estimate::Domains;
use chiso::survey::share::{estimate_shares, Grouping, ShareOptions};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Uniform};

const ROWS: usize = 1_000_000;
const STRATA: usize = 50;
const DOMAINS: usize = 20;
const REPEATS: usize = 5;

struct Data {
    strata: Vec<Option<String>>,
    domains: Vec<Option<String>>,
    weights: Vec<Option<f64>>,
    fpc: Vec<Option<f64>>,
    y: Vec<Option<f64>>,
}

fn simulate() -> Data {
    let mut rng = ChaCha8Rng::seed_from_u64(20_260_101);
    let unit = Uniform::new(0.0, 1.0).expect("valid range");
    // Stratum h gets a share of rows proportional to h + 1 and a sampling fraction of 1/(2 + h % 7).
    let total: usize = (1..=STRATA).sum();
    let mut data = Data { strata: vec![], domains: vec![], weights: vec![], fpc: vec![], y: vec![] };
    for h in 0..STRATA {
        let n_h = if h + 1 == STRATA { ROWS - data.y.len() } else { ROWS * (h + 1) / total };
        let population = (n_h * (2 + h % 7)) as f64;
        let rate = 0.03 + 0.15 * (h as f64) / (STRATA as f64);
        for _ in 0..n_h {
            let domain = (unit.sample(&mut rng) * DOMAINS as f64) as usize;
            let p = rate * (0.6 + 0.04 * domain as f64);
            data.strata.push(Some(format!("S{h:02}")));
            data.domains.push(Some(format!("D{domain:02}")));
            data.weights.push(Some(population / n_h as f64));
            data.fpc.push(Some(population));
            data.y.push(Some(if unit.sample(&mut rng) < p { 1.0 } else { 0.0 }));
        }
    }
    data
}

fn write_csv(data: &Data, path: &str) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "stratum,domain,weight,fpc,y")?;
    for i in 0..data.y.len() {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        writeln!(out, "{},{},{},{},{}", text(&data.strata[i]), text(&data.domains[i]), data.weights[i].unwrap(), data.fpc[i].unwrap(), data.y[i].unwrap())?;
    }
    Ok(())
}

fn median_seconds(mut run: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..REPEATS)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[REPEATS / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let data = simulate();
    if let Some(i) = args.iter().position(|a| a == "--csv") {
        let path = args.get(i + 1).expect("--csv needs a path");
        write_csv(&data, path).expect("the CSV can be written");
        println!("wrote {path}");
    }

    let spec = DesignSpec { weights: &data.weights, strata: Some(&data.strata), fpc: Some(&data.fpc), ..DesignSpec::default() };
    let design_time = median_seconds(|| {
        Design::new(&spec).expect("valid design");
    });
    let design = Design::new(&spec).expect("valid design");

    let (domains, _) = Domains::from_columns(&[&data.domains], ROWS);
    let groups = [
        Grouping { name: "all".into(), domains: Domains::whole(ROWS) },
        Grouping { name: "domain".into(), domains },
    ];
    println!("rows {ROWS}, strata {STRATA}, domains {DOMAINS}, median of {REPEATS} runs");
    println!("design from text strata: {:.1} ms", design_time * 1e3);
    for method in [CiMethod::Logit, CiMethod::Beta, CiMethod::Likelihood] {
        let options = ShareOptions { method, ..ShareOptions::default() };
        let seconds = median_seconds(|| {
            let rows = estimate_shares(&design, "y", &data.y, &groups, &options).expect("estimates");
            assert_eq!(rows.len(), DOMAINS + 1);
        });
        println!("shares, overall + {DOMAINS} domains, {:<10}: {:.1} ms", method.as_str(), seconds * 1e3);
    }
    let options = ShareOptions::default();
    let rows = estimate_shares(&design, "y", &data.y, &groups, &options).expect("estimates");
    for row in rows.iter().take(3) {
        println!("  {:<4} p = {:.6}  se = {:.6}  [{:.6}, {:.6}]", row.estimate.label, row.estimate.estimate, row.estimate.se(), row.ci_lower, row.ci_upper);
    }
}

//! A SIMULATED enterprise survey of former Đồng Nai province, for examples,
//! tests and benchmarks. No row is a real enterprise.
//!
//! The population size is real: the 2021 Economic Census counted 23,722
//! operating enterprises in former Đồng Nai (Báo Đồng Nai, June 2022,
//! <https://baodongnai.com.vn/tintuc/202206/dong-nai-co-hon-275-ngan-doanh-nghiep-3120807/>).
//! Everything else is assumed: the split by sector and size, the sample
//! allocation, the innovation rates and the non-response rate.
//!
//! # Design
//!
//! ```text
//! Strata: 5 sectors × 4 size classes = 20 strata, N_h by the assumed shares.
//! Allocation: n_h ∝ √N_h, at least 2 and at most N_h (so the sample has
//! about `sample_size` enterprises). Simple random sampling within strata.
//! Weight w = N_h / n_h; fpc = N_h.
//! Innovation: Bernoulli(rate of size class × factor of sector).
//! Non-response: each response is missing with probability `missing_rate`.
//! Commune: drawn uniformly from the communes of former Đồng Nai.
//! ```

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Uniform};

use super::SurveyError;

/// Operating enterprises in former Đồng Nai, 2021 Economic Census.
pub const ENTERPRISES_2021: u32 = 23_722;

/// Sectors with their assumed share of enterprises and innovation factor.
const SECTORS: [(&str, f64, f64); 5] = [
    ("Công nghiệp chế biến, chế tạo", 0.30, 1.40),
    ("Xây dựng", 0.12, 0.80),
    ("Thương mại", 0.35, 0.80),
    ("Dịch vụ khác", 0.19, 1.10),
    ("Nông, lâm nghiệp và thủy sản", 0.04, 0.60),
];

/// Size classes with their assumed share of enterprises and innovation rate.
const SIZES: [(&str, f64, f64); 4] = [("Siêu nhỏ", 0.68, 0.04), ("Nhỏ", 0.25, 0.09), ("Vừa", 0.04, 0.18), ("Lớn", 0.03, 0.32)];

/// One simulated sample, as columns.
#[derive(Debug, Clone, Default)]
pub struct SimulatedSurvey {
    /// Enterprise identifier (`DN000001` …).
    pub enterprise_id: Vec<String>,
    /// Sector (Vietnamese name).
    pub sector: Vec<String>,
    /// Size class (Vietnamese name).
    pub size: Vec<String>,
    /// Stratum: sector and size joined with ` | `.
    pub stratum: Vec<String>,
    /// Commune of the head office.
    pub commune: Vec<String>,
    /// 1 if the enterprise had innovation activity, 0 if not, None for non-response.
    pub innovates: Vec<Option<f64>>,
    /// Design weight N_h / n_h.
    pub weight: Vec<f64>,
    /// Population size N_h of the stratum (the fpc).
    pub population: Vec<f64>,
}

/// Splits `total` in proportion to `shares`, by largest remainders.
fn apportion(total: u32, shares: &[f64]) -> Vec<u32> {
    let sum: f64 = shares.iter().sum();
    let exact: Vec<f64> = shares.iter().map(|s| f64::from(total) * s / sum).collect();
    let mut counts: Vec<u32> = exact.iter().map(|e| e.floor() as u32).collect();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    let missing = total - counts.iter().sum::<u32>();
    for &i in order.iter().take(missing as usize) {
        counts[i] += 1;
    }
    counts
}

fn communes() -> Vec<String> {
    let mut reader = csv::Reader::from_reader(crate::communes::DEFAULT_COMMUNES_CSV.as_bytes());
    let mut names: Vec<String> = reader
        .records()
        .filter_map(Result::ok)
        .filter(|r| r.get(4) == Some("Đồng Nai"))
        .filter_map(|r| Some(format!("{} {}", r.get(2)?, r.get(1)?)))
        .collect();
    names.sort();
    names
}

/// Simulates a stratified sample of about `sample_size` enterprises.
///
/// # Errors
///
/// [`SurveyError::InvalidOption`] when `sample_size` is below 40 (two per
/// stratum) or above the population, or `missing_rate` is outside [0, 1).
pub fn simulate_enterprise_survey(seed: u64, sample_size: u32, missing_rate: f64) -> Result<SimulatedSurvey, SurveyError> {
    if !(40..=ENTERPRISES_2021).contains(&sample_size) {
        return Err(SurveyError::InvalidOption { name: "n", value: sample_size.to_string(), rule: "must be between 40 and 23,722 enterprises" });
    }
    if !(0.0..1.0).contains(&missing_rate) {
        return Err(SurveyError::InvalidOption { name: "missing_rate", value: missing_rate.to_string(), rule: "must be in [0, 1)" });
    }

    let shares: Vec<f64> = SECTORS.iter().flat_map(|s| SIZES.iter().map(move |z| s.1 * z.1)).collect();
    let population = apportion(ENTERPRISES_2021, &shares);
    let roots: Vec<f64> = population.iter().map(|&n| f64::from(n).sqrt()).collect();
    let allocation: Vec<u32> = apportion(sample_size, &roots).iter().zip(&population).map(|(&n, &big_n)| n.max(2).min(big_n)).collect();

    let communes = communes();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let unit = Uniform::new(0.0, 1.0).expect("valid range");
    let mut out = SimulatedSurvey::default();
    let mut stratum = 0;
    for (sector, _, factor) in SECTORS {
        for (size, _, rate) in SIZES {
            let (big_n, n) = (population[stratum], allocation[stratum]);
            for _ in 0..n {
                let innovates = if unit.sample(&mut rng) < rate * factor { 1.0 } else { 0.0 };
                let answered = unit.sample(&mut rng) >= missing_rate;
                let commune = ((unit.sample(&mut rng) * communes.len() as f64) as usize).min(communes.len() - 1);
                out.enterprise_id.push(format!("DN{:06}", out.enterprise_id.len() + 1));
                out.sector.push(sector.to_string());
                out.size.push(size.to_string());
                out.stratum.push(format!("{sector} | {size}"));
                out.commune.push(communes[commune].clone());
                out.innovates.push(answered.then_some(innovates));
                out.weight.push(f64::from(big_n) / f64::from(n));
                out.population.push(f64::from(big_n));
            }
            stratum += 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simulate_weights_sum_to_population() {
        let survey = simulate_enterprise_survey(7, 2000, 0.05).unwrap();
        let total: f64 = survey.weight.iter().sum();
        assert!((total - f64::from(ENTERPRISES_2021)).abs() < 1e-6);
        assert!((1900..2100).contains(&survey.weight.len()));
        assert!(survey.commune.iter().all(|c| !c.is_empty()));
    }

    #[test]
    fn simulate_is_reproducible() {
        let a = simulate_enterprise_survey(1, 500, 0.0).unwrap();
        let b = simulate_enterprise_survey(1, 500, 0.0).unwrap();
        assert_eq!(a.innovates, b.innovates);
    }
}

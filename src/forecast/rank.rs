//! Ranks: simulate every unit's next score and read off the unit's rank.
//!
//! Each unit's next score is its latest score plus a normal change with the
//! spread `sigma` of year-on-year changes seen in published history. The
//! unit's rank in a draw is one plus the number of other units that score
//! higher. Over many draws this gives the distribution of the rank, the
//! probability of rank ≤ k and the score needed: the median of the k-th best
//! score among the other units.
//!
//! Published tables often give ranks without scores, or leave ranks out. A
//! rank with no score gets a score interpolated linearly between the nearest
//! ranks above and below that have one; positions below the last published
//! score continue the slope of the two lowest published ones. Every imputed
//! position is listed in the result.
//!
//! # Examples
//!
//! ```
//! use chiso::forecast::rank::{simulate_rank, Standing};
//! let standings = vec![
//!     Standing { unit: "A".into(), score: Some(60.0), rank: Some(1) },
//!     Standing { unit: "B".into(), score: Some(50.0), rank: Some(2) },
//!     Standing { unit: "C".into(), score: Some(49.0), rank: Some(3) },
//! ];
//! let r = simulate_rank(&standings, "C", 2, 3, 2.0, 10_000, 7).unwrap();
//! assert!(r.forecast.probability > 0.3 && r.forecast.probability < 0.5);
//! ```

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

use super::{Forecast, ForecastError};

/// One unit's latest published standing.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// Unit name.
    pub unit: String,
    /// Latest score, when published.
    pub score: Option<f64>,
    /// Latest rank, when published.
    pub rank: Option<u32>,
}

/// Result of a rank simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct RankForecast {
    /// Median rank, rank intervals and the probability of rank ≤ k.
    pub forecast: Forecast,
    /// P(rank = r) for r = 1 … number of units.
    pub distribution: Vec<f64>,
    /// Median over draws of the k-th best score among the other units.
    pub score_needed: f64,
    /// The unit's latest score (imputed when only its rank was published).
    pub current_score: f64,
    /// Ranks whose scores were imputed, as "rank r".
    pub imputed: Vec<u32>,
}

/// Fills a score for every rank 1 … `n_units` (see the module docs).
///
/// Returns the scores by rank and the ranks that were imputed. Needs at least
/// two published scores.
pub fn fill_scores(standings: &[Standing], n_units: u32) -> Option<(Vec<f64>, Vec<u32>)> {
    let mut known: Vec<(u32, f64)> = standings
        .iter()
        .filter_map(|s| Some((s.rank?, s.score?)))
        .filter(|(r, _)| *r >= 1 && *r <= n_units)
        .collect();
    known.sort_by_key(|(r, _)| *r);
    known.dedup_by_key(|(r, _)| *r);
    if known.len() < 2 {
        return None;
    }

    let mut scores = Vec::with_capacity(n_units as usize);
    let mut imputed = Vec::new();
    let (last_rank, last_score) = known[known.len() - 1];
    let (before_rank, before_score) = known[known.len() - 2];
    let tail_slope = (before_score - last_score) / f64::from(last_rank - before_rank);
    let (first_rank, first_score) = known[0];

    for rank in 1..=n_units {
        if let Some((_, score)) = known.iter().find(|(r, _)| *r == rank) {
            scores.push(*score);
            continue;
        }
        imputed.push(rank);
        let above = known.iter().rev().find(|(r, _)| *r < rank);
        let below = known.iter().find(|(r, _)| *r > rank);
        let score = match (above, below) {
            (Some(&(ra, sa)), Some(&(rb, sb))) => sa + (sb - sa) * f64::from(rank - ra) / f64::from(rb - ra),
            (Some(_), None) => last_score - tail_slope * f64::from(rank - last_rank),
            (None, Some(_)) => first_score + tail_slope * f64::from(first_rank - rank),
            (None, None) => unreachable!("at least two known scores"),
        };
        scores.push(score);
    }
    Some((scores, imputed))
}

/// Simulates the rank of `unit` after one more year.
///
/// `k` is the rank to reach (at most), `n_units` the number of ranked units,
/// `sigma` the standard deviation of one unit's year-on-year score change.
///
/// # Errors
///
/// [`ForecastError::UnknownUnit`] when `unit` has no rank, and
/// [`ForecastError::InvalidInput`] for a non-positive `sigma`, fewer than two
/// published scores or no draws.
pub fn simulate_rank(
    standings: &[Standing],
    unit: &str,
    k: u32,
    n_units: u32,
    sigma: f64,
    draws: usize,
    seed: u64,
) -> Result<RankForecast, ForecastError> {
    if !(sigma.is_finite() && sigma > 0.0) {
        return Err(ForecastError::InvalidInput { name: "sigma", value: sigma, rule: "must be a positive number" });
    }
    if draws == 0 {
        return Err(ForecastError::InvalidInput { name: "draws", value: 0.0, rule: "must be at least 1" });
    }
    if k == 0 || k >= n_units {
        return Err(ForecastError::InvalidInput { name: "k", value: f64::from(k), rule: "must be a rank from 1 to the number of units less one" });
    }
    let own_rank = standings
        .iter()
        .find(|s| s.unit == unit)
        .and_then(|s| s.rank)
        .ok_or_else(|| ForecastError::UnknownUnit(unit.to_string()))?;
    let (scores, imputed) = fill_scores(standings, n_units).ok_or(ForecastError::InvalidInput {
        name: "standings",
        value: standings.len() as f64,
        rule: "need at least two units with both a rank and a score",
    })?;

    let own = (own_rank - 1) as usize;
    let normal = Normal::new(0.0, sigma).expect("sigma is positive");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut counts = vec![0usize; n_units as usize];
    let mut ranks = Vec::with_capacity(draws);
    let mut kth_scores = Vec::with_capacity(draws);
    let mut others = Vec::with_capacity(scores.len());

    for _ in 0..draws {
        others.clear();
        let mut own_score = 0.0;
        for (i, score) in scores.iter().enumerate() {
            let next = score + normal.sample(&mut rng);
            if i == own {
                own_score = next;
            } else {
                others.push(next);
            }
        }
        let rank = 1 + others.iter().filter(|s| **s > own_score).count();
        counts[rank - 1] += 1;
        ranks.push(rank as f64);
        others.sort_by(|a, b| b.total_cmp(a));
        kth_scores.push(others[(k as usize).min(others.len()) - 1]);
    }

    ranks.sort_by(f64::total_cmp);
    kth_scores.sort_by(f64::total_cmp);
    let quantile = |sorted: &[f64], q: f64| sorted[((q * (sorted.len() - 1) as f64).round()) as usize];
    let distribution: Vec<f64> = counts.iter().map(|c| *c as f64 / draws as f64).collect();
    let probability = distribution.iter().take(k as usize).sum();

    Ok(RankForecast {
        forecast: Forecast {
            model: "rank_simulation",
            reason: "reason.rank_simulation",
            median: quantile(&ranks, 0.5),
            mean: ranks.iter().sum::<f64>() / draws as f64,
            lower80: quantile(&ranks, 0.10),
            upper80: quantile(&ranks, 0.90),
            lower95: quantile(&ranks, 0.025),
            upper95: quantile(&ranks, 0.975),
            probability,
        },
        distribution,
        score_needed: quantile(&kth_scores, 0.5),
        current_score: scores[own],
        imputed,
    })
}

/// Standard deviation of year-on-year score changes from pairs
/// `(score in year t, score in year t + 1)`; `None` with fewer than two pairs.
pub fn change_spread(pairs: &[(f64, f64)]) -> Option<f64> {
    if pairs.len() < 2 {
        return None;
    }
    let changes: Vec<f64> = pairs.iter().map(|(a, b)| b - a).collect();
    let mean = changes.iter().sum::<f64>() / changes.len() as f64;
    let variance = changes.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / (changes.len() - 1) as f64;
    Some(variance.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(unit: &str, score: Option<f64>, rank: Option<u32>) -> Standing {
        Standing { unit: unit.into(), score, rank }
    }

    #[test]
    fn fill_scores_interpolates_and_extends() {
        let s = vec![standing("A", Some(60.0), Some(1)), standing("B", Some(50.0), Some(3)), standing("C", None, Some(2))];
        let (scores, imputed) = fill_scores(&s, 5).unwrap();
        assert_eq!(scores, vec![60.0, 55.0, 50.0, 45.0, 40.0]);
        assert_eq!(imputed, vec![2, 4, 5]);
    }

    #[test]
    fn simulate_rank_is_reproducible() {
        let s = vec![standing("A", Some(60.0), Some(1)), standing("B", Some(50.0), Some(2)), standing("C", Some(45.0), Some(3))];
        let a = simulate_rank(&s, "C", 2, 3, 3.0, 2000, 1).unwrap();
        let b = simulate_rank(&s, "C", 2, 3, 3.0, 2000, 1).unwrap();
        assert_eq!(a, b);
        assert!((a.distribution.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn simulate_rank_all_tied() {
        let s = vec![standing("A", Some(50.0), Some(1)), standing("B", Some(50.0), Some(2)), standing("C", Some(50.0), Some(3))];
        let r = simulate_rank(&s, "C", 1, 3, 1.0, 30_000, 3).unwrap();
        assert!((r.forecast.probability - 1.0 / 3.0).abs() < 0.02);
    }

    #[test]
    fn change_spread_sample_sd() {
        let sd = change_spread(&[(0.0, 1.0), (0.0, 3.0)]).unwrap();
        assert!((sd - 2.0_f64.sqrt()).abs() < 1e-12);
    }
}

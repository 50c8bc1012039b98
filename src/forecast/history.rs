//! Estimates from earlier years of the same indicator: the seasonal
//! profile (the share of the period's total reached by a date) and the
//! dispersion of counts around the run rate.
//!
//! A year's path is its year-to-date values at some report dates plus the
//! value at the deadline. Between report dates the cumulative value is
//! interpolated linearly, starting from 0 at the start of the year.
//!
//! # Formula
//!
//! ```text
//! share_j      = C_j(t) / C_j(h)                      year j, as-of fraction t, deadline h
//! mean m, var v of the shares over J years; v ← max(v · (1 + 1/J), MIN_SHARE_SD²)
//! κ = m(1 − m)/v − 1,   share ~ Beta(m κ, (1 − m) κ)
//!
//! dispersion φ = mean_j (R_j − μ_j)² / σ²_j
//! ```
//!
//! where `R_j` is year j's count after `t`, and `μ_j`, `σ²_j` the mean and
//! variance of the run-rate predictive made from `C_j(t)` alone. `φ ≈ 1` when
//! the run rate's spread fits history, and `φ > 1` when history varies more.

use super::mixture::Remaining;

/// Smallest standard deviation allowed for the seasonal share. Three or four
/// years can agree by chance to a fraction of a percentage point, and a beta
/// fitted to them would be far too sure.
pub const MIN_SHARE_SD: f64 = 0.01;

/// One earlier year of an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct YearPath {
    /// Year label (only used in messages and tables).
    pub year: i32,
    /// `(fraction of the year elapsed, year-to-date value)` at report dates.
    pub points: Vec<(f64, f64)>,
    /// Value at the end of the year (the complete count).
    pub total: f64,
}

impl YearPath {
    /// Builds a complete year from `(fraction, year-to-date value)` points.
    /// The value at fraction 1 (the last one given, if repeated) is the
    /// total. Returns `None` when no point is at fraction 1, because an
    /// incomplete year cannot serve as history.
    pub fn from_points(year: i32, points: Vec<(f64, f64)>) -> Option<YearPath> {
        let total = points.iter().rev().find(|(t, _)| *t >= 1.0 - 1e-9).map(|(_, v)| *v)?;
        let points = points.into_iter().filter(|(t, _)| *t < 1.0 - 1e-9).collect();
        Some(YearPath { year, points, total })
    }

    /// Cumulative value at fraction `t` of the year, interpolated linearly
    /// through (0, 0), the report points and (1, total).
    pub fn cumulative_at(&self, t: f64) -> f64 {
        let mut knots: Vec<(f64, f64)> = Vec::with_capacity(self.points.len() + 2);
        knots.push((0.0, 0.0));
        knots.extend(self.points.iter().copied().filter(|(f, v)| *f > 0.0 && *f < 1.0 && v.is_finite()));
        knots.push((1.0, self.total));
        knots.sort_by(|a, b| a.0.total_cmp(&b.0));

        let t = t.clamp(0.0, 1.0);
        for pair in knots.windows(2) {
            let ((t0, v0), (t1, v1)) = (pair[0], pair[1]);
            if t <= t1 {
                if t1 <= t0 {
                    return v1;
                }
                return v0 + (v1 - v0) * (t - t0) / (t1 - t0);
            }
        }
        self.total
    }
}

/// Beta distribution of the share of the deadline value reached at the as-of
/// date, fitted to earlier years.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShareProfile {
    /// Mean share.
    pub mean: f64,
    /// Standard deviation used (after inflation and floor).
    pub sd: f64,
    /// Beta shape α.
    pub alpha: f64,
    /// Beta shape β.
    pub beta: f64,
    /// Years used.
    pub years: usize,
}

/// Fits the seasonal share at fraction `t` of the year relative to fraction
/// `h` (the deadline). Years with a non-positive value at `h` are skipped.
/// Returns `None` with fewer than two usable years.
pub fn share_profile(history: &[YearPath], t: f64, h: f64) -> Option<ShareProfile> {
    let shares: Vec<f64> = history
        .iter()
        .filter_map(|year| {
            let at_deadline = year.cumulative_at(h);
            (at_deadline > 0.0).then(|| (year.cumulative_at(t) / at_deadline).clamp(1e-6, 1.0))
        })
        .collect();
    if shares.len() < 2 {
        return None;
    }

    let n = shares.len() as f64;
    let mean = (shares.iter().sum::<f64>() / n).clamp(1e-4, 1.0 - 1e-4);
    let sample_variance = shares.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let ceiling = 0.9 * mean * (1.0 - mean);
    let variance = (sample_variance * (1.0 + 1.0 / n)).max(MIN_SHARE_SD * MIN_SHARE_SD).min(ceiling);
    let concentration = mean * (1.0 - mean) / variance - 1.0;

    Some(ShareProfile {
        mean,
        sd: variance.sqrt(),
        alpha: mean * concentration,
        beta: (1.0 - mean) * concentration,
        years: shares.len(),
    })
}

/// Dispersion index of earlier years around the run rate made at fraction
/// `t` for the deadline `h` (see the module docs). Returns `None` with fewer
/// than two usable years.
pub fn dispersion_index(history: &[YearPath], t: f64, h: f64, prior_shape: f64) -> Option<f64> {
    if t <= 0.0 || h <= t {
        return None;
    }
    let ratios: Vec<f64> = history
        .iter()
        .filter_map(|year| {
            let so_far = year.cumulative_at(t).max(0.0).round();
            let after = (year.cumulative_at(h) - year.cumulative_at(t)).max(0.0);
            let predictive = Remaining::fixed(so_far, prior_shape, t / h, 1.0);
            let mean = predictive.mean();
            let size = prior_shape + so_far;
            let p = t / h;
            let variance = size * (1.0 - p) / (p * p);
            (variance > 0.0).then(|| (after - mean).powi(2) / variance)
        })
        .collect();
    if ratios.len() < 2 {
        return None;
    }
    Some(ratios.iter().sum::<f64>() / ratios.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(year: i32, points: &[(f64, f64)], total: f64) -> YearPath {
        YearPath { year, points: points.to_vec(), total }
    }

    #[test]
    fn cumulative_interpolates_between_reports() {
        let path = year(2020, &[(0.25, 10.0), (0.5, 30.0)], 100.0);
        assert_eq!(path.cumulative_at(0.125), 5.0);
        assert_eq!(path.cumulative_at(0.375), 20.0);
        assert_eq!(path.cumulative_at(0.75), 65.0);
        assert_eq!(path.cumulative_at(1.0), 100.0);
    }

    #[test]
    fn share_profile_needs_two_years() {
        let one = [year(2020, &[(0.5, 40.0)], 100.0)];
        assert!(share_profile(&one, 0.5, 1.0).is_none());
        let three = [year(2020, &[(0.5, 40.0)], 100.0), year(2021, &[(0.5, 30.0)], 100.0), year(2022, &[(0.5, 35.0)], 100.0)];
        let profile = share_profile(&three, 0.5, 1.0).unwrap();
        assert!((profile.mean - 0.35).abs() < 1e-12);
        assert!((profile.alpha / (profile.alpha + profile.beta) - 0.35).abs() < 1e-12);
    }

    #[test]
    fn dispersion_near_one_for_pro_rata_years() {
        // Years whose second half repeats the first within Poisson noise.
        let history: Vec<YearPath> = [(100.0, 105.0), (100.0, 92.0), (100.0, 101.0), (100.0, 110.0)]
            .iter()
            .enumerate()
            .map(|(i, (first, second))| year(2020 + i as i32, &[(0.5, *first)], first + second))
            .collect();
        let phi = dispersion_index(&history, 0.5, 1.0, 0.5).unwrap();
        assert!(phi < 1.5, "phi = {phi}");
    }

    #[test]
    fn dispersion_large_for_big_swings() {
        let history = [year(2020, &[(0.5, 1000.0)], 1600.0), year(2021, &[(0.5, 1000.0)], 2500.0)];
        let phi = dispersion_index(&history, 0.5, 1.0, 0.5).unwrap();
        assert!(phi > 10.0, "phi = {phi}");
    }
}

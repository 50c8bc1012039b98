//! Outlier treatment: the skewness and kurtosis test, winsorisation and the
//! log transform, as in the GII technical notes and COINr 1.1.14.
//!
//! # Formula
//!
//! For the `n` non-missing values with deviations `d = x − mean`:
//!
//! * skewness `G1 = √n·Σd³/(Σd²)^{3/2} · √(n(n−1))/(n−2)` (Excel `SKEW`, needs n ≥ 3);
//! * excess kurtosis `G2 = ((n+1)(r−3)+6)(n−1)/((n−2)(n−3))` with
//!   `r = n·Σd⁴/(Σd²)²` (Excel `KURT`, needs n ≥ 4).
//!
//! An indicator passes when `|G1| < skew` or `G2 < kurt`. A failing indicator
//! is winsorised one step at a time: when `G1 ≥ 0` every point equal to the
//! maximum is set to the next highest distinct value, otherwise the same is
//! done at the minimum. The count of winsorised points is the number of points
//! tied at the treated end after the last step, so one step can replace
//! several tied points. Steps stop when the indicator passes or the count
//! reaches the limit. If it still fails, the winsorised values are discarded
//! and the original values are transformed with `ln(x − min + 0.01·(max − min))`.

use super::settings::{Forced, TiePolicy, Treatment};

/// Treatment applied to one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The indicator passed the test (or treatment is off).
    None,
    /// Fewer than 4 values, or all equal: the test cannot be computed.
    NotTested,
    /// Points were winsorised.
    Winsorised,
    /// The log transform was applied.
    Log,
}

impl Action {
    /// Name used in tables.
    pub fn name(self) -> &'static str {
        match self {
            Action::None => "none",
            Action::NotTested => "not_tested",
            Action::Winsorised => "winsorised",
            Action::Log => "log",
        }
    }
}

/// The treatment record of one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    /// Indicator code.
    pub indicator: String,
    /// Skewness before treatment.
    pub skew_before: Option<f64>,
    /// Kurtosis before treatment.
    pub kurt_before: Option<f64>,
    /// Whether the untreated indicator passed the test.
    pub pass_before: Option<bool>,
    /// Action taken.
    pub action: Action,
    /// Whether the action was forced by the settings.
    pub forced: bool,
    /// Number of winsorised points.
    pub winsorised: usize,
    /// Skewness after treatment.
    pub skew_after: Option<f64>,
    /// Kurtosis after treatment.
    pub kurt_after: Option<f64>,
    /// Whether the treated indicator passes the test.
    pub pass_after: Option<bool>,
    /// Treated points: unit position and tag (`winhi`, `winlo`, `log`).
    pub points: Vec<(usize, &'static str)>,
}

fn finite(values: &[f64]) -> Vec<f64> {
    values.iter().copied().filter(|v| !v.is_nan()).collect()
}

fn deviations(values: &[f64]) -> Option<(f64, Vec<f64>)> {
    let x = finite(values);
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let d: Vec<f64> = x.iter().map(|v| v - mean).collect();
    let m2: f64 = d.iter().map(|v| v * v).sum();
    if m2 > 0.0 && m2.is_finite() {
        Some((n, d))
    } else {
        None
    }
}

/// Sample skewness `G1` (Excel `SKEW`) of the non-missing values; `None` for fewer than 3 or all equal.
pub fn skewness(values: &[f64]) -> Option<f64> {
    let (n, d) = deviations(values)?;
    if n < 3.0 {
        return None;
    }
    let m2: f64 = d.iter().map(|v| v * v).sum();
    let m3: f64 = d.iter().map(|v| v * v * v).sum();
    let y = n.sqrt() * m3 / m2.powf(1.5);
    Some(y * (n * (n - 1.0)).sqrt() / (n - 2.0))
}

/// Sample excess kurtosis `G2` (Excel `KURT`) of the non-missing values; `None` for fewer than 4 or all equal.
pub fn kurtosis(values: &[f64]) -> Option<f64> {
    let (n, d) = deviations(values)?;
    if n < 4.0 {
        return None;
    }
    let m2: f64 = d.iter().map(|v| v * v).sum();
    let m4: f64 = d.iter().map(|v| v.powi(4)).sum();
    let r = n * m4 / (m2 * m2);
    Some(((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0)))
}

/// The test: `Some(true)` when `|G1| < skew` or `G2 < kurt`; `None` when either cannot be computed.
pub fn passes(values: &[f64], settings: &Treatment) -> (Option<bool>, Option<f64>, Option<f64>) {
    let skew = skewness(values);
    let kurt = kurtosis(values);
    let pass = match (skew, kurt) {
        (Some(s), Some(k)) => Some(s.abs() < settings.skew || k < settings.kurt),
        _ => None,
    };
    (pass, skew, kurt)
}

fn extreme(values: &[f64], high: bool) -> Option<f64> {
    let x = finite(values);
    let fold = if high { f64::max } else { f64::min };
    x.into_iter().reduce(fold)
}

/// One winsorisation step at one end; returns the positions replaced, or `None`
/// when every value is tied so there is no next value.
fn step(values: &mut [f64], high: bool) -> Option<Vec<usize>> {
    let target = extreme(values, high)?;
    let positions: Vec<usize> = (0..values.len()).filter(|i| values[*i] == target).collect();
    let rest: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan() && *v != target).collect();
    let next = extreme(&rest, high)?;
    for i in &positions {
        values[*i] = next;
    }
    Some(positions)
}

/// Winsorises until `done(values, count)` or until no step is possible; returns
/// the high-end and low-end positions replaced at the last step at each end.
fn winsorise(values: &mut Vec<f64>, limit: usize, ties: TiePolicy, done: impl Fn(&[f64], usize) -> bool) -> (Vec<usize>, Vec<usize>) {
    let mut high: Vec<usize> = Vec::new();
    let mut low: Vec<usize> = Vec::new();
    while !done(values, high.len() + low.len()) && high.len() + low.len() < limit {
        let at_high = skewness(values).is_none_or(|s| s >= 0.0);
        let mut trial = values.clone();
        let Some(positions) = step(&mut trial, at_high) else { break };
        let count = positions.len() + if at_high { low.len() } else { high.len() };
        if ties == TiePolicy::Stop && count > limit {
            break;
        }
        *values = trial;
        if at_high {
            high = positions;
        } else {
            low = positions;
        }
    }
    (high, low)
}

/// `ln(x − min + 0.01·(max − min))`, COINr's `log_CT`.
pub fn log_transform(values: &[f64]) -> Vec<f64> {
    let (Some(min), Some(max)) = (extreme(values, false), extreme(values, true)) else {
        return values.to_vec();
    };
    values.iter().map(|x| (x - min + 0.01 * (max - min)).ln()).collect()
}

/// Treats one indicator column (`NaN` = missing) and records what was done.
pub fn treat_column(indicator: &str, values: &[f64], settings: &Treatment) -> (Vec<f64>, Detail) {
    let (pass, skew, kurt) = passes(values, settings);
    let mut detail = Detail {
        indicator: indicator.to_string(),
        skew_before: skew,
        kurt_before: kurt,
        pass_before: pass,
        action: Action::None,
        forced: false,
        winsorised: 0,
        skew_after: skew,
        kurt_after: kurt,
        pass_after: pass,
        points: Vec::new(),
    };

    if let Some(forced) = settings.forced.get(indicator) {
        detail.forced = true;
        let treated = apply_forced(values, *forced, settings, &mut detail);
        record_after(&treated, settings, &mut detail);
        return (treated, detail);
    }
    match pass {
        None if settings.enabled => {
            detail.action = Action::NotTested;
            return (values.to_vec(), detail);
        }
        Some(false) if settings.enabled => {}
        _ => return (values.to_vec(), detail),
    }

    let mut winsorised = values.to_vec();
    let test = |v: &[f64], _count: usize| passes(v, settings).0.unwrap_or(true);
    let (high, low) = winsorise(&mut winsorised, settings.winsor_max, settings.ties, test);
    if passes(&winsorised, settings).0 != Some(false) {
        detail.action = Action::Winsorised;
        detail.winsorised = high.len() + low.len();
        detail.points = tag_points(&high, &low);
        record_after(&winsorised, settings, &mut detail);
        return (winsorised, detail);
    }

    let logged = log_transform(values);
    detail.action = Action::Log;
    detail.points = (0..values.len()).filter(|i| !values[*i].is_nan()).map(|i| (i, "log")).collect();
    record_after(&logged, settings, &mut detail);
    (logged, detail)
}

fn apply_forced(values: &[f64], forced: Forced, settings: &Treatment, detail: &mut Detail) -> Vec<f64> {
    match forced {
        Forced::None => values.to_vec(),
        Forced::Log => {
            detail.action = Action::Log;
            detail.points = (0..values.len()).filter(|i| !values[*i].is_nan()).map(|i| (i, "log")).collect();
            log_transform(values)
        }
        Forced::Winsorise { points } => {
            let mut treated = values.to_vec();
            let (high, low) = winsorise(&mut treated, points, settings.ties, |_, count| count >= points);
            detail.action = Action::Winsorised;
            detail.winsorised = high.len() + low.len();
            detail.points = tag_points(&high, &low);
            treated
        }
    }
}

fn tag_points(high: &[usize], low: &[usize]) -> Vec<(usize, &'static str)> {
    high.iter().map(|i| (*i, "winhi")).chain(low.iter().map(|i| (*i, "winlo"))).collect()
}

fn record_after(values: &[f64], settings: &Treatment, detail: &mut Detail) {
    let (pass, skew, kurt) = passes(values, settings);
    detail.pass_after = pass;
    detail.skew_after = skew;
    detail.kurt_after = kurt;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_skew_and_kurt() {
        // Excel: SKEW(1,2,3,4,10) = 1.697056, KURT(1,2,3,4,10) = 3.152.
        let x = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert!((skewness(&x).unwrap() - 1.697056).abs() < 1e-6, "{:?}", skewness(&x));
        assert!((kurtosis(&x).unwrap() - 3.152).abs() < 1e-9, "{:?}", kurtosis(&x));
        assert_eq!(skewness(&[1.0, 1.0, 1.0]), None);
        assert_eq!(kurtosis(&[1.0, 2.0, f64::NAN, 3.0]), None);
    }

    #[test]
    fn winsorises_one_outlier() {
        let mut x: Vec<f64> = (1..=20).map(f64::from).collect();
        x.push(500.0);
        let (treated, detail) = treat_column("x", &x, &Treatment::coinr());
        assert_eq!(detail.action, Action::Winsorised);
        assert_eq!(detail.winsorised, 1);
        assert_eq!(treated[20], 20.0);
        assert_eq!(detail.points, vec![(20, "winhi")]);
    }

    #[test]
    fn log_when_winsorisation_is_not_enough() {
        let x: Vec<f64> = (0..30).map(|i| 1.5f64.powi(i)).collect();
        let (treated, detail) = treat_column("x", &x, &Treatment { winsor_max: 1, ..Treatment::coinr() });
        assert_eq!(detail.action, Action::Log);
        let range = x[29] - x[0];
        assert!((treated[0] - (0.01 * range).ln()).abs() < 1e-12);
    }

    #[test]
    fn tie_policy_stop_keeps_the_limit() {
        let mut x: Vec<f64> = (1..=30).map(f64::from).collect();
        x.extend([400.0, 400.0, 400.0]);
        let stop = Treatment { winsor_max: 2, ties: TiePolicy::Stop, ..Treatment::coinr() };
        let (_, detail) = treat_column("x", &x, &stop);
        assert_eq!(detail.action, Action::Log);
        let exceed = Treatment { winsor_max: 2, ..Treatment::coinr() };
        let (_, detail) = treat_column("x", &x, &exceed);
        assert_eq!(detail.winsorised, 3);
    }

    #[test]
    fn forced_treatment_applies_when_test_passes() {
        let x: Vec<f64> = (1..=10).map(|i| f64::from(i * i)).collect();
        let mut settings = Treatment::coinr();
        settings.forced.insert("x".into(), Forced::Winsorise { points: 2 });
        let (treated, detail) = treat_column("x", &x, &settings);
        assert_eq!(detail.pass_before, Some(true));
        assert!(detail.forced);
        assert_eq!(detail.winsorised, 2);
        assert_eq!(treated[9], 64.0);
        assert_eq!(treated[8], 64.0);
        assert_eq!(detail.points, vec![(8, "winhi"), (9, "winhi")]);
    }
}

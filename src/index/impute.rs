//! Imputation of missing indicator values.
//!
//! # Formula
//!
//! `mean` and `median` replace a missing value by the mean or median of the
//! indicator over the units that have a value (OECD/JRC Handbook 2008,
//! unconditional mean or median imputation). The group variants use the units
//! of the same group (COINr's `i_mean_grp` and `i_median_grp`) and fall back to
//! the overall value when the group has no value or the unit has no group.

use std::collections::HashMap;

use super::settings::Imputation;

/// Mean of the non-missing values, `NaN` when there are none.
pub fn mean(values: &[f64]) -> f64 {
    let present: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    present.iter().sum::<f64>() / present.len() as f64
}

/// Median of the non-missing values, `NaN` when there are none.
pub fn median(values: &[f64]) -> f64 {
    let mut present: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    if present.is_empty() {
        return f64::NAN;
    }
    present.sort_by(f64::total_cmp);
    let n = present.len();
    if n % 2 == 1 {
        present[n / 2]
    } else {
        (present[n / 2 - 1] + present[n / 2]) / 2.0
    }
}

/// Fills missing values of one indicator in place; returns how many were filled.
pub fn impute_column(values: &mut [f64], method: &Imputation, groups: Option<&[Option<String>]>) -> usize {
    let centre: fn(&[f64]) -> f64 = match method {
        Imputation::None => return 0,
        Imputation::Mean | Imputation::GroupMean { .. } => mean,
        Imputation::Median | Imputation::GroupMedian { .. } => median,
    };
    let overall = centre(values);

    let mut by_group: HashMap<&str, f64> = HashMap::new();
    if let Some(groups) = groups {
        let mut members: HashMap<&str, Vec<f64>> = HashMap::new();
        for (value, group) in values.iter().zip(groups) {
            if let Some(group) = group {
                members.entry(group.as_str()).or_default().push(*value);
            }
        }
        by_group = members.into_iter().map(|(g, v)| (g, centre(&v))).collect();
    }

    let mut filled = 0;
    for (i, value) in values.iter_mut().enumerate() {
        if !value.is_nan() {
            continue;
        }
        let group_value = groups
            .and_then(|g| g[i].as_deref())
            .and_then(|g| by_group.get(g))
            .copied()
            .filter(|v| !v.is_nan());
        *value = group_value.unwrap_or(overall);
        if !value.is_nan() {
            filled += 1;
        }
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_even_count() {
        assert_eq!(median(&[4.0, 1.0, f64::NAN, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn group_mean_with_fallback() {
        let mut x = vec![1.0, 3.0, f64::NAN, 10.0, f64::NAN, f64::NAN];
        let g = |t: &str| Some(t.to_string());
        let groups = vec![g("a"), g("a"), g("a"), g("b"), g("c"), None];
        let filled = impute_column(&mut x, &Imputation::GroupMean { group: "grp".into() }, Some(&groups));
        assert_eq!(filled, 3);
        assert_eq!(x[2], 2.0);
        assert_eq!(x[4], 14.0 / 3.0);
        assert_eq!(x[5], 14.0 / 3.0);
    }
}

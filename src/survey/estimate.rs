//! Totals, means, proportions and ratios for the whole sample or for
//! domains, with Taylor-linearisation variances.
//!
//! # Formula
//!
//! ```text
//! Domain d, indicator d_i, respondent indicator r_i (response not missing):
//!
//!   total      Ŷ = Σ w_i d_i r_i y_i                  z_i = w_i d_i r_i y_i
//!   ratio      R̂ = Ŷ / X̂,  X̂ = Σ w_i d_i r_i x_i      z_i = w_i d_i r_i (y_i − R̂ x_i) / X̂
//!   mean       ratio with x_i = 1; a proportion is the mean of a 0/1 variable
//! ```
//!
//! The variance of each estimate is the design variance of Σ z_i over the
//! whole design ([`Design::variance`]). Rows outside the domain keep their
//! place in the design with z_i = 0, which is the correct domain estimator;
//! subsetting the data first would drop PSUs and understate the variance.
//!
//! # Missing responses
//!
//! With [`MissingRule::Exclude`] (the default) a row whose variable (or
//! denominator) is missing is left out of both numerator and denominator,
//! like R `svymean(..., na.rm = TRUE)`, and counted in
//! [`DomainEstimate::n_missing`]. The design keeps the row, so strata and
//! PSUs are unchanged. This assumes the non-respondents are missing at random
//! within the domain. [`MissingRule::Fail`] raises an error naming the rows.
//!
//! # Degrees of freedom of a domain
//!
//! As R's `degf()` of a subset design: PSUs with at least one row in the
//! domain minus strata with at least one row in the domain. Rows with a
//! missing response count, as they do in R's default `svyciprop(df = degf(design))`.

use rayon::prelude::*;

use std::collections::HashMap;

use super::design::{Design, Labels};
use super::{list_rows, SurveyError};

/// The quantity to estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Weighted total Σ w y.
    Total,
    /// Weighted mean Σ w y / Σ w (a proportion for a 0/1 variable).
    Mean,
    /// Ratio Σ w y / Σ w x.
    Ratio,
}

/// Treatment of rows whose response is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingRule {
    /// Leave them out of numerator and denominator and count them.
    #[default]
    Exclude,
    /// Raise [`SurveyError::MissingResponse`].
    Fail,
}

impl MissingRule {
    /// Parses `exclude` or `fail`.
    ///
    /// # Errors
    ///
    /// [`SurveyError::InvalidOption`] for any other text.
    pub fn parse(text: &str) -> Result<MissingRule, SurveyError> {
        match text {
            "exclude" => Ok(MissingRule::Exclude),
            "fail" => Ok(MissingRule::Fail),
            other => Err(SurveyError::InvalidOption { name: "missing", value: other.to_string(), rule: "use exclude or fail" }),
        }
    }
}

/// Domain membership of every row: a code per row (`u32::MAX` for none) and
/// the label of each code.
#[derive(Debug, Clone)]
pub struct Domains {
    /// Domain code of each row.
    pub codes: Vec<u32>,
    /// Label of each domain code.
    pub labels: Vec<String>,
}

impl Domains {
    /// Puts every row in one domain labelled `all`.
    pub fn whole(rows: usize) -> Domains {
        Domains { codes: vec![0; rows], labels: vec!["all".to_string()] }
    }

    /// Builds domains from one or more label columns, sorted by label. The
    /// label of a crossed domain joins the values with ` × `. A missing value
    /// becomes the label `NA`, so those rows form a domain of their own
    /// rather than vanish. The returned list names the rows with a missing value.
    pub fn from_columns(columns: &[&[Option<String>]], rows: usize) -> (Domains, Vec<usize>) {
        let coded: Vec<Labels> = columns.iter().map(|c| Labels::from_strings(c)).collect();
        Domains::from_labels(&coded, rows)
    }

    /// Builds domains from coded label columns, as [`Domains::from_columns`] does.
    pub fn from_labels(columns: &[Labels], rows: usize) -> (Domains, Vec<usize>) {
        // Key of a row: its codes in mixed radix, the missing value as one more code.
        let mut keys = vec![0u128; rows];
        for column in columns {
            let radix = column.names.len() as u128 + 1;
            for (key, &code) in keys.iter_mut().zip(&column.codes) {
                let digit = if code == u32::MAX { radix - 1 } else { u128::from(code) };
                *key = *key * radix + digit;
            }
        }

        let mut index: HashMap<u128, u32> = HashMap::new();
        let mut labels = Vec::new();
        let mut codes = Vec::with_capacity(rows);
        for (row, key) in keys.iter().enumerate() {
            let next = labels.len() as u32;
            let code = *index.entry(*key).or_insert_with(|| {
                let parts: Vec<&str> = columns.iter().map(|c| c.names.get(c.codes[row] as usize).map_or("NA", String::as_str)).collect();
                labels.push(parts.join(" × "));
                next
            });
            codes.push(code);
        }

        let mut missing: Vec<usize> = columns.iter().flat_map(|c| c.missing.iter().copied()).collect();
        missing.sort_unstable();
        missing.dedup();
        (Domains::sorted(codes, labels), missing)
    }

    /// Renumbers the domains so that codes follow the sorted labels.
    fn sorted(codes: Vec<u32>, labels: Vec<String>) -> Domains {
        let mut order: Vec<u32> = (0..labels.len() as u32).collect();
        order.sort_by(|a, b| labels[*a as usize].cmp(&labels[*b as usize]));
        let mut rank = vec![0u32; labels.len()];
        for (new, &old) in order.iter().enumerate() {
            rank[old as usize] = new as u32;
        }
        let codes = codes.into_iter().map(|c| rank[c as usize]).collect();
        let labels = order.iter().map(|&old| labels[old as usize].clone()).collect();
        Domains { codes, labels }
    }

    /// Row indices of each domain, in row order.
    fn members(&self) -> Vec<Vec<u32>> {
        let mut members = vec![Vec::new(); self.labels.len()];
        for (row, &code) in self.codes.iter().enumerate() {
            if code != u32::MAX {
                members[code as usize].push(row as u32);
            }
        }
        members
    }
}

/// One domain's estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainEstimate {
    /// Domain label.
    pub label: String,
    /// Respondents in the domain.
    pub n: usize,
    /// Rows of the domain whose response is missing (left out).
    pub n_missing: usize,
    /// PSUs with at least one respondent in the domain.
    pub n_psu: usize,
    /// Strata with at least one respondent in the domain.
    pub n_strata: usize,
    /// Design degrees of freedom of the domain: PSUs − strata among all its
    /// rows, respondents or not, as R's `degf()` of the domain's subset design.
    pub df: f64,
    /// Point estimate (NaN for an empty domain).
    pub estimate: f64,
    /// Linearisation variance of the estimate.
    pub variance: f64,
    /// Σ w over respondents (the estimated domain population for a mean).
    pub weight_sum: f64,
    /// Rows of the domain, respondents or not: R's `nrow()` of the domain's
    /// subset design, which its `beta` and `likelihood` intervals use.
    pub domain_rows: usize,
    /// Σ w over the domain, respondents or not.
    pub domain_weight_sum: f64,
}

impl DomainEstimate {
    /// Standard error.
    pub fn se(&self) -> f64 {
        self.variance.sqrt()
    }

    /// Returns the design degrees of freedom of the domain (see [`DomainEstimate::df`]).
    pub fn degrees_of_freedom(&self) -> f64 {
        self.df
    }
}

/// Checks that a variable is 0/1 wherever it is present.
///
/// # Errors
///
/// [`SurveyError::NotBinary`] naming the first row with another value.
pub fn check_binary(variable: &str, y: &[Option<f64>]) -> Result<(), SurveyError> {
    let bad = y.iter().enumerate().find(|(_, v)| matches!(v, Some(x) if *x != 0.0 && *x != 1.0));
    match bad {
        Some((row, value)) => Err(SurveyError::NotBinary { variable: variable.to_string(), row, value: value.unwrap_or(f64::NAN) }),
        None => Ok(()),
    }
}

/// Applies the missing-response rule to the rows of a variable.
///
/// # Errors
///
/// [`SurveyError::MissingResponse`] under [`MissingRule::Fail`] when a value
/// is missing or NaN.
pub fn check_missing(variable: &str, y: &[Option<f64>], rule: MissingRule) -> Result<(), SurveyError> {
    if rule == MissingRule::Exclude {
        return Ok(());
    }
    let missing: Vec<usize> = y.iter().enumerate().filter(|(_, v)| !matches!(v, Some(x) if !x.is_nan())).map(|(i, _)| i).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(SurveyError::MissingResponse { variable: variable.to_string(), rows: list_rows(&missing), count: missing.len() })
    }
}

/// Per-domain scratch: sums of w·y and w·x by PSU. With clusters the sums
/// are gathered in PSU-indexed arrays (a marker records the PSUs touched);
/// without clusters each respondent row is its own PSU and is listed directly.
struct Scratch {
    clustered: bool,
    sums: Vec<(f64, f64)>,
    mark: Vec<u32>,
    touched: Vec<u32>,
    stamp: u32,
    listed: Vec<(u32, f64, f64)>,
}

impl Scratch {
    fn new(design: &Design) -> Scratch {
        let psus = if design.clustered { design.psus() } else { 0 };
        Scratch { clustered: design.clustered, sums: vec![(0.0, 0.0); psus], mark: vec![0; psus], touched: Vec::new(), stamp: 0, listed: Vec::new() }
    }

    fn begin(&mut self) {
        self.stamp += 1;
        self.touched.clear();
        self.listed.clear();
    }

    fn add(&mut self, psu: usize, wy: f64, wx: f64) {
        if !self.clustered {
            self.listed.push((psu as u32, wy, wx));
            return;
        }
        if self.mark[psu] != self.stamp {
            self.mark[psu] = self.stamp;
            self.sums[psu] = (0.0, 0.0);
            self.touched.push(psu as u32);
        }
        self.sums[psu].0 += wy;
        self.sums[psu].1 += wx;
    }

    /// Returns (PSU, Σ w·y, Σ w·x) for every PSU touched since [`Scratch::begin`].
    fn psu_sums(&mut self) -> &[(u32, f64, f64)] {
        if self.clustered {
            self.listed.extend(self.touched.iter().map(|&p| (p, self.sums[p as usize].0, self.sums[p as usize].1)));
        }
        &self.listed
    }
}

/// Estimates a quantity for every domain.
///
/// `x` is the denominator variable of a [`Quantity::Ratio`] and is ignored
/// otherwise. Missing values (None or NaN) in `y` or `x` are left out and
/// counted; apply [`check_missing`] first to reject them instead.
///
/// # Errors
///
/// [`SurveyError::LengthMismatch`] when `y`, `x` or the domain codes differ
/// in length from the design.
pub fn estimate_domains(
    design: &Design,
    y: &[Option<f64>],
    x: Option<&[Option<f64>]>,
    quantity: Quantity,
    domains: &Domains,
) -> Result<Vec<DomainEstimate>, SurveyError> {
    let rows = design.rows();
    for (column, found) in [("variable", y.len()), ("domain", domains.codes.len()), ("denominator", x.map_or(rows, <[_]>::len))] {
        if found != rows {
            return Err(SurveyError::LengthMismatch { column: column.to_string(), expected: rows, found });
        }
    }
    let x = if quantity == Quantity::Ratio { x } else { None };

    let members = domains.members();
    let results = members
        .par_iter()
        .enumerate()
        .map_init(
            || Scratch::new(design),
            |scratch, (d, rows_of_domain)| estimate_one(design, y, x, quantity, rows_of_domain, &domains.labels[d], scratch),
        )
        .collect();
    Ok(results)
}

fn value(column: &[Option<f64>], row: usize) -> Option<f64> {
    column[row].filter(|v| !v.is_nan())
}

/// Totals of one domain, from [`accumulate`].
struct DomainSums {
    respondents: usize,
    missing: usize,
    total_y: f64,
    total_x: f64,
    domain_weight: f64,
    respondent_weight: f64,
}

/// Adds w·y and w·x by PSU over the domain's respondents into `scratch`, and returns the domain totals.
fn accumulate(design: &Design, y: &[Option<f64>], x: Option<&[Option<f64>]>, rows: &[u32], scratch: &mut Scratch) -> DomainSums {
    scratch.begin();
    let mut sums = DomainSums { respondents: 0, missing: 0, total_y: 0.0, total_x: 0.0, domain_weight: 0.0, respondent_weight: 0.0 };
    for &row in rows {
        let row = row as usize;
        let w = design.weights[row];
        sums.domain_weight += w;
        let yi = value(y, row);
        let xi = match x {
            Some(x) => value(x, row),
            None => Some(1.0),
        };
        let (Some(yi), Some(xi)) = (yi, xi) else {
            sums.missing += 1;
            continue;
        };
        sums.respondents += 1;
        sums.respondent_weight += w;
        scratch.add(design.psu[row] as usize, w * yi, w * xi);
        sums.total_y += w * yi;
        sums.total_x += w * xi;
    }
    sums
}

fn estimate_one(
    design: &Design,
    y: &[Option<f64>],
    x: Option<&[Option<f64>]>,
    quantity: Quantity,
    rows: &[u32],
    label: &str,
    scratch: &mut Scratch,
) -> DomainEstimate {
    let totals = accumulate(design, y, x, rows, scratch);
    let (n, n_missing, total_y, total_x) = (totals.respondents, totals.missing, totals.total_y, totals.total_x);

    let estimate = match quantity {
        Quantity::Total => total_y,
        Quantity::Mean | Quantity::Ratio => total_y / total_x,
    };

    // Linearisation variable summed by PSU.
    let sums = scratch.psu_sums();
    let psu_totals: Vec<(u32, f64)> = sums
        .iter()
        .map(|&(p, sy, sx)| {
            let z = match quantity {
                Quantity::Total => sy,
                Quantity::Mean | Quantity::Ratio => (sy - estimate * sx) / total_x,
            };
            (p, z)
        })
        .collect();
    let variance = if n == 0 { f64::NAN } else { design.variance(&psu_totals) };
    let (n_psu, n_strata) = design.count_psus_and_strata(psu_totals.iter().map(|&(p, _)| p));
    let (all_psus, all_strata) = design.count_psus_and_strata(rows.iter().map(|&row| design.psu[row as usize]));

    DomainEstimate {
        label: label.to_string(),
        n,
        n_missing,
        n_psu,
        n_strata,
        df: all_psus as f64 - all_strata as f64,
        estimate: if n == 0 { f64::NAN } else { estimate },
        variance,
        weight_sum: totals.respondent_weight,
        domain_rows: rows.len(),
        domain_weight_sum: totals.domain_weight,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::design::{DesignSpec, LonelyPsu};
    use approx::assert_relative_eq;

    fn srs(n: usize, weight: f64) -> Design {
        let weights = vec![Some(weight); n];
        Design::new(&DesignSpec { weights: &weights, ..DesignSpec::default() }).unwrap()
    }

    #[test]
    fn estimate_equal_weights_agree_with_binomial_formula() {
        // 30 of 100 with an fpc of 100/1000: SE = sqrt(p(1−p)/(n−1) · (1−f)).
        let weights = vec![Some(10.0); 100];
        let fpc = vec![Some(1000.0); 100];
        let design = Design::new(&DesignSpec { weights: &weights, fpc: Some(&fpc), ..DesignSpec::default() }).unwrap();
        let y: Vec<Option<f64>> = (0..100).map(|i| Some(if i < 30 { 1.0 } else { 0.0 })).collect();
        let row = &estimate_domains(&design, &y, None, Quantity::Mean, &Domains::whole(100)).unwrap()[0];
        assert_relative_eq!(row.estimate, 0.3);
        assert_relative_eq!(row.se(), (0.3 * 0.7 / 99.0 * 0.9_f64).sqrt(), epsilon = 1e-14);

        let total = &estimate_domains(&design, &y, None, Quantity::Total, &Domains::whole(100)).unwrap()[0];
        assert_relative_eq!(total.estimate, 300.0, epsilon = 1e-9);
        assert_relative_eq!(total.se(), 1000.0 * row.se(), epsilon = 1e-9);
    }

    #[test]
    fn estimate_domain_uses_full_design() {
        let design = srs(6, 1.0);
        let y = vec![Some(1.0), Some(0.0), Some(1.0), Some(1.0), Some(0.0), Some(0.0)];
        let group: Vec<Option<String>> = ["a", "a", "a", "b", "b", "b"].iter().map(|s| Some(s.to_string())).collect();
        let (domains, missing) = Domains::from_columns(&[&group], 6);
        assert!(missing.is_empty());
        let rows = estimate_domains(&design, &y, None, Quantity::Mean, &domains).unwrap();
        // Domain a: z = (y − 2/3)/3 on its rows and 0 elsewhere; variance = 6/5 · Σ (z − z̄)².
        let z: Vec<f64> = vec![1.0 / 9.0, -2.0 / 9.0, 1.0 / 9.0, 0.0, 0.0, 0.0];
        let mean = z.iter().sum::<f64>() / 6.0;
        let expected = 6.0 / 5.0 * z.iter().map(|v| (v - mean).powi(2)).sum::<f64>();
        assert_relative_eq!(rows[0].variance, expected, epsilon = 1e-15);
        assert_relative_eq!(rows[1].estimate, 1.0 / 3.0);
    }

    #[test]
    fn estimate_missing_responses_are_counted_not_used() {
        let design = srs(4, 2.0);
        let y = vec![Some(1.0), None, Some(0.0), Some(f64::NAN)];
        let row = &estimate_domains(&design, &y, None, Quantity::Mean, &Domains::whole(4)).unwrap()[0];
        assert_eq!((row.n, row.n_missing), (2, 2));
        assert_relative_eq!(row.estimate, 0.5);
        assert!(check_missing("y", &y, MissingRule::Fail).unwrap_err().to_string().contains("row 1, 3"));
    }

    #[test]
    fn estimate_ratio_matches_linearisation() {
        let design = srs(3, 1.0);
        let y = vec![Some(1.0), Some(2.0), Some(3.0)];
        let x = vec![Some(2.0), Some(2.0), Some(2.0)];
        let row = &estimate_domains(&design, &y, Some(&x), Quantity::Ratio, &Domains::whole(3)).unwrap()[0];
        assert_relative_eq!(row.estimate, 1.0);
        // z = (y − x)/6 = (−1, 0, 1)/6; variance = 3/2 · 2/36.
        assert_relative_eq!(row.variance, 1.5 * 2.0 / 36.0, epsilon = 1e-15);
    }

    #[test]
    fn estimate_share_zero_has_zero_variance() {
        let weights = vec![Some(3.0); 4];
        let strata: Vec<Option<String>> = ["a", "a", "b", "b"].iter().map(|s| Some(s.to_string())).collect();
        let spec = DesignSpec { weights: &weights, strata: Some(&strata), lonely_psu: LonelyPsu::Fail, ..DesignSpec::default() };
        let design = Design::new(&spec).unwrap();
        let y = vec![Some(0.0); 4];
        let row = &estimate_domains(&design, &y, None, Quantity::Mean, &Domains::whole(4)).unwrap()[0];
        assert_eq!((row.estimate, row.variance), (0.0, 0.0));
    }

    #[test]
    fn estimate_rejects_non_binary_share() {
        let err = check_binary("innovates", &[Some(1.0), Some(2.0)]).unwrap_err();
        assert_eq!(err.to_string(), "`innovates` must be 0/1 (or boolean) for a proportion, but row 1 has 2");
    }
}

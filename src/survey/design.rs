//! One-stage stratified cluster designs and their linearisation variance.
//!
//! A design gives every row a weight, a stratum and a PSU (primary sampling
//! unit). Without clusters each row is its own PSU. Cluster labels are read
//! within strata, so the same label in two strata names two PSUs (R
//! `svydesign(..., nest = TRUE)`).
//!
//! # Formula
//!
//! ```text
//! For an estimate with linearisation variables z_i, let z_hj be the total
//! of z over PSU j of stratum h, z̄_h their mean over the n_h PSUs.
//!
//!   v = Σ_h (1 − f_h) · n_h / (n_h − 1) · Σ_j (z_hj − z̄_h)²
//!
//! f_h = n_h / N_h is the sampling fraction of PSUs (0 without an fpc).
//! Degrees of freedom: number of PSUs − number of strata.
//! ```
//!
//! # Finite-population corrections
//!
//! The `fpc` column is read as R `svydesign` reads it: when every value is
//! at most 1 it is the sampling fraction f_h, otherwise it is the population
//! size N_h (the number of PSUs in the stratum's population). It must be
//! the same on every row of a stratum. [`FpcKind`] can fix the reading.
//!
//! # Strata with one PSU
//!
//! [`LonelyPsu`] follows R `options(survey.lonely.psu = ...)` (survey 4.1.1):
//!
//! | rule | variance contribution of a stratum with one PSU |
//! | --- | --- |
//! | `fail` (default) | error naming the stratum |
//! | `certainty` | zero: the PSU is taken as sampled with certainty |
//! | `remove` | zero: the stratum is left out of the variance |
//! | `adjust` | (1 − f_h) · z_h1², the PSU centred at zero (the mean of the estimating function) rather than at its stratum mean |
//! | `average` | left out, and the total is scaled by (number of strata) / (strata with two or more PSUs) |
//!
//! In one-stage designs `certainty` and `remove` give the same variance, as
//! in R. A domain that reaches one PSU of a stratum with several is not
//! lonely: the other PSUs count as zeros.
//!
//! NOTE: only one stage is modelled. For a multi-stage sample, give the
//! first-stage clusters and no fpc. This is the ultimate-cluster variance
//! (R `svydesign(id = ~psu)`), which ignores the later stages' fpc.

use std::collections::HashMap;

use super::{list_rows, SurveyError};

/// The rule for strata with a single PSU (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LonelyPsu {
    /// Raise [`SurveyError::LonelyPsu`].
    #[default]
    Fail,
    /// The stratum adds no variance (certainty PSU).
    Certainty,
    /// The stratum adds no variance (left out).
    Remove,
    /// The PSU is centred at zero instead of its stratum mean.
    Adjust,
    /// The variance of the other strata is scaled up to stand for it.
    Average,
}

impl LonelyPsu {
    /// Parses `fail`, `certainty`, `remove`, `adjust` or `average`.
    ///
    /// # Errors
    ///
    /// [`SurveyError::InvalidOption`] for any other text.
    pub fn parse(text: &str) -> Result<LonelyPsu, SurveyError> {
        match text {
            "fail" => Ok(LonelyPsu::Fail),
            "certainty" => Ok(LonelyPsu::Certainty),
            "remove" => Ok(LonelyPsu::Remove),
            "adjust" => Ok(LonelyPsu::Adjust),
            "average" => Ok(LonelyPsu::Average),
            other => Err(SurveyError::InvalidOption {
                name: "lonely_psu",
                value: other.to_string(),
                rule: "use fail, certainty, remove, adjust or average",
            }),
        }
    }
}

/// How to read the `fpc` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FpcKind {
    /// Fractions when every value is ≤ 1, population sizes otherwise (R's rule).
    #[default]
    Auto,
    /// Population size N_h (number of PSUs in the stratum's population).
    PopulationSize,
    /// Sampling fraction f_h = n_h / N_h.
    Fraction,
}

/// The columns that define a design, borrowed from the caller.
#[derive(Debug, Clone, Copy, Default)]
pub struct DesignSpec<'a> {
    /// Sampling weights, one per row; each must be a positive number.
    pub weights: &'a [Option<f64>],
    /// Stratum labels; `None` means one stratum.
    pub strata: Option<&'a [Option<String>]>,
    /// Cluster (PSU) labels, nested within strata; `None` means each row is a PSU.
    pub clusters: Option<&'a [Option<String>]>,
    /// Finite-population corrections, read by `fpc_kind`.
    pub fpc: Option<&'a [Option<f64>]>,
    /// How to read `fpc`.
    pub fpc_kind: FpcKind,
    /// Rule for strata with a single PSU.
    pub lonely_psu: LonelyPsu,
}

/// A validated design: each row's weight and PSU, each PSU's stratum and
/// each stratum's variance factor.
#[derive(Debug, Clone)]
pub struct Design {
    /// Sampling weight of each row.
    pub weights: Vec<f64>,
    /// PSU index of each row.
    pub psu: Vec<u32>,
    /// Stratum index of each PSU.
    pub psu_stratum: Vec<u32>,
    /// Number of sampled PSUs n_h of each stratum.
    pub stratum_psus: Vec<u32>,
    /// Sampling fraction f_h of each stratum (0 without an fpc).
    pub stratum_fraction: Vec<f64>,
    /// Stratum labels in order of first appearance.
    pub stratum_labels: Vec<String>,
    /// Rule for strata with a single PSU.
    pub lonely_psu: LonelyPsu,
    /// Whether PSUs are clusters of rows (false: each row is its own PSU).
    pub clustered: bool,
}

/// A label column coded as integers, in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Labels {
    /// Code of each row (`u32::MAX` where the label is missing).
    pub codes: Vec<u32>,
    /// Label of each code.
    pub names: Vec<String>,
    /// Rows (0-based) whose label is missing.
    pub missing: Vec<usize>,
}

impl Labels {
    /// Codes owned strings.
    pub fn from_strings(values: &[Option<String>]) -> Labels {
        Labels::from_strs(values.iter().map(Option::as_deref))
    }

    /// Codes borrowed strings, for example straight from an Arrow array.
    pub fn from_strs<'a>(values: impl Iterator<Item = Option<&'a str>>) -> Labels {
        let mut index: HashMap<&'a str, u32> = HashMap::new();
        let mut labels = Labels::default();
        for (row, value) in values.enumerate() {
            let code = match value {
                Some(text) => {
                    let next = labels.names.len() as u32;
                    *index.entry(text).or_insert_with(|| {
                        labels.names.push(text.to_string());
                        next
                    })
                }
                None => {
                    labels.missing.push(row);
                    u32::MAX
                }
            };
            labels.codes.push(code);
        }
        labels
    }
}

/// The columns of a design with strata and clusters already coded.
#[derive(Debug, Clone, Copy, Default)]
pub struct CodedSpec<'a> {
    /// Sampling weights, one per row; each must be a positive number.
    pub weights: &'a [Option<f64>],
    /// Coded stratum labels; `None` means one stratum.
    pub strata: Option<&'a Labels>,
    /// Coded cluster labels, nested within strata; `None` means each row is a PSU.
    pub clusters: Option<&'a Labels>,
    /// Finite-population corrections, read by `fpc_kind`.
    pub fpc: Option<&'a [Option<f64>]>,
    /// How to read `fpc`.
    pub fpc_kind: FpcKind,
    /// Rule for strata with a single PSU.
    pub lonely_psu: LonelyPsu,
}

fn check_length<T>(column: &str, values: Option<&[T]>, expected: usize) -> Result<(), SurveyError> {
    match values {
        Some(values) if values.len() != expected => {
            Err(SurveyError::LengthMismatch { column: column.to_string(), expected, found: values.len() })
        }
        _ => Ok(()),
    }
}

fn check_weights(weights: &[Option<f64>]) -> Result<Vec<f64>, SurveyError> {
    let bad: Vec<usize> = weights
        .iter()
        .enumerate()
        .filter(|(_, w)| !matches!(w, Some(x) if x.is_finite() && *x > 0.0))
        .map(|(row, _)| row)
        .collect();
    if let Some(&first) = bad.first() {
        let value = weights[first].map_or_else(|| "null".to_string(), |w| w.to_string());
        return Err(SurveyError::InvalidWeight { rows: list_rows(&bad), value, count: bad.len() });
    }
    Ok(weights.iter().map(|w| w.unwrap_or(f64::NAN)).collect())
}

impl Design {
    /// Validates the columns and builds the design.
    ///
    /// # Errors
    ///
    /// [`SurveyError::LengthMismatch`], [`SurveyError::InvalidWeight`] (names
    /// the rows), [`SurveyError::MissingStratum`], [`SurveyError::MissingCluster`],
    /// [`SurveyError::InvalidFpc`], and [`SurveyError::LonelyPsu`] when a
    /// stratum has one PSU and the rule is [`LonelyPsu::Fail`].
    pub fn new(spec: &DesignSpec<'_>) -> Result<Design, SurveyError> {
        let strata = spec.strata.map(Labels::from_strings);
        let clusters = spec.clusters.map(Labels::from_strings);
        Design::from_coded(&CodedSpec {
            weights: spec.weights,
            strata: strata.as_ref(),
            clusters: clusters.as_ref(),
            fpc: spec.fpc,
            fpc_kind: spec.fpc_kind,
            lonely_psu: spec.lonely_psu,
        })
    }

    /// Validates coded columns and builds the design (see [`Design::new`]).
    ///
    /// # Errors
    ///
    /// As [`Design::new`].
    pub fn from_coded(spec: &CodedSpec<'_>) -> Result<Design, SurveyError> {
        let rows = spec.weights.len();
        check_length("strata", spec.strata.map(|l| l.codes.as_slice()), rows)?;
        check_length("clusters", spec.clusters.map(|l| l.codes.as_slice()), rows)?;
        check_length("fpc", spec.fpc, rows)?;
        let weights = check_weights(spec.weights)?;

        let (row_stratum, stratum_labels) = match spec.strata {
            None => (vec![0; rows], vec!["all".to_string()]),
            Some(strata) if !strata.missing.is_empty() => {
                return Err(SurveyError::MissingStratum { rows: list_rows(&strata.missing), count: strata.missing.len() });
            }
            Some(strata) => (strata.codes.clone(), strata.names.clone()),
        };

        let (psu, psu_stratum) = assign_psus(&row_stratum, spec.clusters)?;
        let mut stratum_psus = vec![0u32; stratum_labels.len()];
        for &h in &psu_stratum {
            stratum_psus[h as usize] += 1;
        }

        let stratum_fraction = match spec.fpc {
            None => vec![0.0; stratum_labels.len()],
            Some(fpc) => fractions(fpc, spec.fpc_kind, &row_stratum, &stratum_psus, &stratum_labels)?,
        };

        let clustered = spec.clusters.is_some();
        let design = Design { weights, psu, psu_stratum, stratum_psus, stratum_fraction, stratum_labels, lonely_psu: spec.lonely_psu, clustered };
        design.check_lonely()?;
        Ok(design)
    }

    fn check_lonely(&self) -> Result<(), SurveyError> {
        if self.lonely_psu != LonelyPsu::Fail {
            return Ok(());
        }
        let lonely = self
            .stratum_psus
            .iter()
            .zip(&self.stratum_fraction)
            .position(|(&n, &f)| n == 1 && f < 1.0 - 1e-7);
        match lonely {
            Some(h) => Err(SurveyError::LonelyPsu { stratum: self.stratum_labels[h].clone() }),
            None => Ok(()),
        }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.weights.len()
    }

    /// Number of PSUs.
    pub fn psus(&self) -> usize {
        self.psu_stratum.len()
    }

    /// Design degrees of freedom: PSUs − strata.
    pub fn degrees_of_freedom(&self) -> f64 {
        (self.psus() as f64) - (self.stratum_labels.len() as f64)
    }

    /// Counts the distinct PSUs and strata among the listed PSUs.
    pub fn count_psus_and_strata(&self, psus: impl Iterator<Item = u32>) -> (usize, usize) {
        let mut psus: Vec<u32> = psus.collect();
        psus.sort_unstable();
        psus.dedup();
        let mut strata: Vec<u32> = psus.iter().map(|&p| self.psu_stratum[p as usize]).collect();
        strata.sort_unstable();
        strata.dedup();
        (psus.len(), strata.len())
    }

    /// Computes the linearisation variance from PSU totals of the estimating function.
    ///
    /// `psu_totals` lists (PSU, total of z) for the PSUs where z is not zero;
    /// every other PSU counts as zero. See the module documentation for the
    /// formula and the lonely-PSU rules.
    pub fn variance(&self, psu_totals: &[(u32, f64)]) -> f64 {
        let strata = self.stratum_labels.len();
        let mut sums = vec![0.0; strata];
        let mut touched = vec![0u32; strata];
        for &(p, z) in psu_totals {
            let h = self.psu_stratum[p as usize] as usize;
            sums[h] += z;
            touched[h] += 1;
        }

        // Centre each stratum's PSU totals at their mean over all n_h PSUs.
        let mut squares = vec![0.0; strata];
        for &(p, z) in psu_totals {
            let h = self.psu_stratum[p as usize] as usize;
            let n_h = f64::from(self.stratum_psus[h]);
            let deviation = if n_h > 1.0 || self.lonely_psu != LonelyPsu::Adjust { z - sums[h] / n_h } else { z };
            squares[h] += deviation * deviation;
        }

        let mut variance = 0.0;
        let mut lonely = 0usize;
        for h in 0..strata {
            let n_h = f64::from(self.stratum_psus[h]);
            let f_h = self.stratum_fraction[h];
            if f_h >= 1.0 - 1e-7 {
                continue;
            }
            if n_h > 1.0 {
                let mean = sums[h] / n_h;
                let untouched = n_h - f64::from(touched[h]);
                variance += (1.0 - f_h) * n_h / (n_h - 1.0) * (squares[h] + untouched * mean * mean);
            } else {
                lonely += 1;
                if self.lonely_psu == LonelyPsu::Adjust {
                    variance += (1.0 - f_h) * squares[h];
                }
            }
        }

        if self.lonely_psu == LonelyPsu::Average && lonely > 0 && lonely < strata {
            variance *= strata as f64 / (strata - lonely) as f64;
        }
        variance
    }
}

/// Gives each row a PSU index: the row itself without clusters, otherwise
/// one PSU per (stratum, cluster label).
fn assign_psus(row_stratum: &[u32], clusters: Option<&Labels>) -> Result<(Vec<u32>, Vec<u32>), SurveyError> {
    let Some(clusters) = clusters else {
        let psu = (0..row_stratum.len() as u32).collect();
        return Ok((psu, row_stratum.to_vec()));
    };

    if !clusters.missing.is_empty() {
        return Err(SurveyError::MissingCluster { rows: list_rows(&clusters.missing), count: clusters.missing.len() });
    }
    let cluster_codes = &clusters.codes;

    let mut index: HashMap<(u32, u32), u32> = HashMap::new();
    let mut psu_stratum = Vec::new();
    let psu = row_stratum
        .iter()
        .zip(cluster_codes)
        .map(|(&h, &c)| {
            let next = psu_stratum.len() as u32;
            *index.entry((h, c)).or_insert_with(|| {
                psu_stratum.push(h);
                next
            })
        })
        .collect();
    Ok((psu, psu_stratum))
}

/// Reads the fpc column into a sampling fraction per stratum.
fn fractions(
    fpc: &[Option<f64>],
    kind: FpcKind,
    row_stratum: &[u32],
    stratum_psus: &[u32],
    labels: &[String],
) -> Result<Vec<f64>, SurveyError> {
    let mut per_stratum: Vec<Option<f64>> = vec![None; labels.len()];
    for (row, (&h, value)) in row_stratum.iter().zip(fpc).enumerate() {
        let stratum = &labels[h as usize];
        let Some(value) = value.filter(|v| v.is_finite() && *v > 0.0) else {
            let problem = format!("row {row} has no positive fpc; give every row its stratum's population size or sampling fraction");
            return Err(SurveyError::InvalidFpc { stratum: stratum.clone(), problem });
        };
        match per_stratum[h as usize] {
            None => per_stratum[h as usize] = Some(value),
            Some(first) if (first - value).abs() > 1e-9 * first.abs() => {
                let problem = format!("row {row} has {value} but an earlier row has {first}; the fpc must be constant within a stratum");
                return Err(SurveyError::InvalidFpc { stratum: stratum.clone(), problem });
            }
            Some(_) => {}
        }
    }

    let all_fractions = per_stratum.iter().flatten().all(|&v| v <= 1.0);
    let as_fraction = match kind {
        FpcKind::Auto => all_fractions,
        FpcKind::Fraction => true,
        FpcKind::PopulationSize => false,
    };

    let mut out = Vec::with_capacity(labels.len());
    for (h, value) in per_stratum.iter().enumerate() {
        let value = value.expect("every stratum has rows");
        let n_h = f64::from(stratum_psus[h]);
        let fraction = if as_fraction { value } else { n_h / value };
        if fraction > 1.0 + 1e-9 {
            let problem = if as_fraction {
                format!("the sampling fraction {value} is above 1")
            } else {
                format!("the population size {value} is smaller than the {n_h} sampled PSUs")
            };
            return Err(SurveyError::InvalidFpc { stratum: labels[h].clone(), problem });
        }
        out.push(fraction.min(1.0));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(values: &[&str]) -> Vec<Option<String>> {
        values.iter().map(|v| Some(v.to_string())).collect()
    }

    #[test]
    fn design_rejects_negative_and_zero_weights_naming_rows() {
        let weights = vec![Some(1.0), Some(-2.0), Some(0.0), None];
        let err = Design::new(&DesignSpec { weights: &weights, ..DesignSpec::default() }).unwrap_err();
        assert_eq!(err, SurveyError::InvalidWeight { rows: "1, 2, 3".into(), value: "-2".into(), count: 3 });
        assert!(err.to_string().contains("row 1, 2, 3"));
    }

    #[test]
    fn design_rejects_missing_strata_naming_rows() {
        let weights = vec![Some(1.0); 3];
        let strata = vec![Some("a".to_string()), None, Some("b".to_string())];
        let err = Design::new(&DesignSpec { weights: &weights, strata: Some(&strata), ..DesignSpec::default() }).unwrap_err();
        assert_eq!(err, SurveyError::MissingStratum { rows: "1".into(), count: 1 });
    }

    #[test]
    fn design_lonely_psu_fails_by_default() {
        let weights = vec![Some(1.0); 3];
        let strata = labels(&["a", "a", "b"]);
        let err = Design::new(&DesignSpec { weights: &weights, strata: Some(&strata), ..DesignSpec::default() }).unwrap_err();
        assert_eq!(err, SurveyError::LonelyPsu { stratum: "b".into() });
    }

    #[test]
    fn design_fpc_reads_sizes_and_fractions_alike() {
        let weights = vec![Some(5.0); 4];
        let strata = labels(&["a", "a", "b", "b"]);
        let sizes = vec![Some(10.0); 4];
        let shares = vec![Some(0.2); 4];
        let by_size = Design::new(&DesignSpec { weights: &weights, strata: Some(&strata), fpc: Some(&sizes), ..DesignSpec::default() }).unwrap();
        let by_share = Design::new(&DesignSpec { weights: &weights, strata: Some(&strata), fpc: Some(&shares), ..DesignSpec::default() }).unwrap();
        assert_eq!(by_size.stratum_fraction, vec![0.2, 0.2]);
        assert_eq!(by_share.stratum_fraction, vec![0.2, 0.2]);
    }

    #[test]
    fn design_fpc_must_be_constant_within_stratum() {
        let weights = vec![Some(5.0); 2];
        let fpc = vec![Some(10.0), Some(11.0)];
        let err = Design::new(&DesignSpec { weights: &weights, fpc: Some(&fpc), ..DesignSpec::default() }).unwrap_err();
        assert!(matches!(err, SurveyError::InvalidFpc { .. }));
    }

    #[test]
    fn design_clusters_are_nested_in_strata() {
        let weights = vec![Some(1.0); 4];
        let strata = labels(&["a", "a", "b", "b"]);
        let clusters = labels(&["1", "1", "1", "2"]);
        let spec = DesignSpec { weights: &weights, strata: Some(&strata), clusters: Some(&clusters), lonely_psu: LonelyPsu::Remove, ..DesignSpec::default() };
        let design = Design::new(&spec).unwrap();
        assert_eq!(design.psus(), 3);
        assert_eq!(design.degrees_of_freedom(), 1.0);
    }

    #[test]
    fn design_lonely_rules_change_only_the_lonely_stratum() {
        let weights = vec![Some(1.0); 3];
        let strata = labels(&["a", "a", "b"]);
        let totals = [(0u32, 1.0), (1, 3.0), (2, 2.0)];
        let variance = |rule| {
            let spec = DesignSpec { weights: &weights, strata: Some(&strata), lonely_psu: rule, ..DesignSpec::default() };
            Design::new(&spec).unwrap().variance(&totals)
        };
        // Stratum a: 2/1 · ((1−2)² + (3−2)²) = 4; stratum b alone adds 2² = 4 under adjust.
        assert_eq!(variance(LonelyPsu::Certainty), 4.0);
        assert_eq!(variance(LonelyPsu::Remove), 4.0);
        assert_eq!(variance(LonelyPsu::Adjust), 8.0);
        assert_eq!(variance(LonelyPsu::Average), 8.0);
    }
}

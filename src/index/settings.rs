//! Method choices of the pipeline, with the `pii`, `gii` and `coinr` presets.
//!
//! Settings are plain data (serde) so that they can be written to the result's
//! log, passed from Python as JSON and varied by the uncertainty analysis.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{invalid_setting, Result};

/// Imputation of missing indicator values before treatment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Imputation {
    /// Keep missing values; aggregation drops them and renormalises weights.
    #[default]
    None,
    /// The indicator's mean over the units that have a value.
    Mean,
    /// The indicator's median over the units that have a value.
    Median,
    /// The mean within the unit's group (a text column of the data); units
    /// without a group, or whose group has no value, get the overall mean.
    GroupMean {
        /// Name of the data column holding the group labels.
        group: String,
    },
    /// The median within the unit's group, with the same fallback as `GroupMean`.
    GroupMedian {
        /// Name of the data column holding the group labels.
        group: String,
    },
}

/// Rule at the winsorisation limit when several points tie at the extreme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TiePolicy {
    /// Replace every tied point in one step, so the count may pass the limit
    /// (COINr 1.1.14 does this).
    #[default]
    Exceed,
    /// Never take a step that would pass the limit; fall back to the log transform.
    Stop,
}

/// A treatment forced on one indicator whatever the result of the skewness and kurtosis test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Forced {
    /// Leave the indicator untreated.
    None,
    /// Winsorise exactly `points` points at the end the skewness points to.
    Winsorise {
        /// Number of points to winsorise.
        points: usize,
    },
    /// Apply the log transform `ln(x − min + 0.01·(max − min))`.
    Log,
}

/// Outlier treatment: a skewness and kurtosis test, winsorisation, then a log transform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Treatment {
    /// Whether the test is run at all; forced treatments apply either way.
    pub enabled: bool,
    /// An indicator fails when |skewness| ≥ `skew` and kurtosis ≥ `kurt`.
    pub skew: f64,
    /// Kurtosis threshold (excess kurtosis, Excel `KURT`).
    pub kurt: f64,
    /// Maximum number of winsorised points before switching to the log transform.
    pub winsor_max: usize,
    /// Rule for ties at the winsorisation limit.
    pub ties: TiePolicy,
    /// Treatments forced per indicator code.
    pub forced: BTreeMap<String, Forced>,
}

impl Default for Treatment {
    fn default() -> Self {
        Treatment { enabled: false, skew: 2.0, kurt: 3.5, winsor_max: 5, ties: TiePolicy::Exceed, forced: BTreeMap::new() }
    }
}

impl Treatment {
    /// The GII rule: |skewness| > 2.25 and kurtosis > 3.5, up to 5 winsorised points.
    pub fn gii() -> Treatment {
        Treatment { enabled: true, skew: 2.25, ..Treatment::default() }
    }

    /// COINr 1.1.14's default: |skewness| ≥ 2.0 and kurtosis ≥ 3.5, up to 5 points.
    pub fn coinr() -> Treatment {
        Treatment { enabled: true, ..Treatment::default() }
    }
}

/// Normalisation of treated indicator values, after direction is applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Normalisation {
    /// Keep the values (direction is still applied).
    None,
    /// Min-max rescaling to `[lower, upper]`, between the framework goalposts
    /// when `goalposts` is true and the indicator has both, else between the
    /// lowest and highest unit.
    MinMax {
        /// Lower end of the scale.
        lower: f64,
        /// Upper end of the scale.
        upper: f64,
        /// Use framework goalposts (values outside are truncated to them).
        #[serde(default = "yes")]
        goalposts: bool,
    },
    /// z-score `(x − mean)/sd · sd_target + mean_target`, with the sample sd.
    ZScore {
        /// Mean of the result.
        mean: f64,
        /// Standard deviation of the result.
        sd: f64,
    },
    /// Rank among units, 1 for the worst, ties sharing the lowest rank.
    Rank,
    /// Percentile rank `100·(rank − 1)/(n − 1)`.
    PercentRank,
    /// `100·(x − min)/(target − min)` capped at 100, where the target is the upper goalpost.
    DistanceToTarget,
    /// `100·x/max`, the share of the best unit's value (COINr `n_fracmax`).
    DistanceToFrontier,
}

fn yes() -> bool {
    true
}

impl Default for Normalisation {
    fn default() -> Self {
        Normalisation::MinMax { lower: 0.0, upper: 100.0, goalposts: true }
    }
}

/// Policy for an indicator whose values are all equal (min-max and z-score).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ConstantPolicy {
    /// Raise [`IndexError::ConstantIndicator`](super::IndexError::ConstantIndicator).
    #[default]
    Error,
    /// Give every unit the midpoint of the scale (min-max) or the target mean (z-score).
    Midpoint,
}

/// Aggregation of children into their parent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Aggregation {
    /// Weighted arithmetic mean.
    #[default]
    Arithmetic,
    /// Weighted geometric mean; values must be positive.
    Geometric,
    /// Weighted harmonic mean; values must be positive.
    Harmonic,
    /// Weighted generalised (power) mean with exponent `p` (p ≠ 0); values must be positive.
    Generalised {
        /// Exponent.
        p: f64,
    },
}

impl Aggregation {
    /// Method name used in messages and the log.
    pub fn name(self) -> &'static str {
        match self {
            Aggregation::Arithmetic => "arithmetic",
            Aggregation::Geometric => "geometric",
            Aggregation::Harmonic => "harmonic",
            Aggregation::Generalised { .. } => "generalised",
        }
    }
}

/// Every method choice of a pipeline run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Drop units whose share of available indicator values is below this (0–1).
    pub screening: Option<f64>,
    /// Imputation method.
    pub imputation: Imputation,
    /// Outlier treatment.
    pub treatment: Treatment,
    /// Normalisation method.
    pub normalisation: Normalisation,
    /// Policy for constant indicators.
    pub constant: ConstantPolicy,
    /// Aggregation method at every level.
    pub aggregation: Aggregation,
    /// Aggregation methods that replace `aggregation` at given levels (of the parent).
    pub aggregation_by_level: BTreeMap<u32, Aggregation>,
    /// Minimum share (0–1) of an aggregate's children that must have a value,
    /// else the aggregate is missing for that unit.
    pub min_coverage: Option<f64>,
    /// Weights that replace the framework's, by code.
    pub weights: BTreeMap<String, f64>,
    /// Codes of the input and output sub-indices; their ratio is the efficiency ratio.
    pub efficiency: Option<(String, String)>,
    /// Number of strengths and of weaknesses listed per unit.
    pub strengths: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            screening: None,
            imputation: Imputation::None,
            treatment: Treatment::default(),
            normalisation: Normalisation::default(),
            constant: ConstantPolicy::Error,
            aggregation: Aggregation::Arithmetic,
            aggregation_by_level: BTreeMap::new(),
            min_coverage: None,
            weights: BTreeMap::new(),
            efficiency: None,
            strengths: 5,
        }
    }
}

impl Settings {
    /// The PII method as published: GII outlier rule (2.25/3.5, up to 5
    /// winsorised points, else log), min-max 0–100 between the lowest and
    /// highest unit (or goalposts), equal-weight arithmetic means at every level.
    pub fn pii() -> Settings {
        Settings { treatment: Treatment::gii(), ..Settings::default() }
    }

    /// COINr 1.1.14's defaults: its outlier rule (2.0/3.5), min-max 0–100, arithmetic means.
    pub fn coinr() -> Settings {
        Settings { treatment: Treatment::coinr(), ..Settings::default() }
    }

    /// Aggregation method for aggregates at `level`.
    pub fn aggregation_at(&self, level: u32) -> Aggregation {
        self.aggregation_by_level.get(&level).copied().unwrap_or(self.aggregation)
    }

    /// Checks ranges of the numeric settings.
    ///
    /// # Errors
    ///
    /// [`IndexError::InvalidSetting`](super::IndexError::InvalidSetting) naming the first bad setting.
    pub fn check(&self) -> Result<()> {
        for (name, share) in [("screening", self.screening), ("min_coverage", self.min_coverage)] {
            if let Some(share) = share {
                if !(0.0..=1.0).contains(&share) {
                    return Err(invalid_setting(name, share, "must be a share between 0 and 1"));
                }
            }
        }
        let t = &self.treatment;
        if !(t.skew.is_finite() && t.skew > 0.0 && t.kurt.is_finite()) {
            return Err(invalid_setting("treatment.skew", t.skew, "thresholds must be finite and skew positive"));
        }
        match self.normalisation {
            Normalisation::MinMax { lower, upper, .. } if !(lower.is_finite() && upper.is_finite() && lower < upper) => {
                return Err(invalid_setting("normalisation", format!("{lower}..{upper}"), "lower must be below upper"));
            }
            Normalisation::ZScore { sd, .. } if !(sd.is_finite() && sd > 0.0) => {
                return Err(invalid_setting("normalisation.sd", sd, "must be positive"));
            }
            _ => {}
        }
        for aggregation in std::iter::once(&self.aggregation).chain(self.aggregation_by_level.values()) {
            if let Aggregation::Generalised { p } = aggregation {
                if !(p.is_finite() && *p != 0.0) {
                    return Err(invalid_setting("aggregation.p", p, "must be finite and non-zero (p = 0 is the geometric mean)"));
                }
            }
        }
        for (code, weight) in &self.weights {
            if !(weight.is_finite() && *weight > 0.0) {
                return Err(invalid_setting(&format!("weights.{code}"), weight, "weights must be finite and positive"));
            }
        }
        Ok(())
    }
}

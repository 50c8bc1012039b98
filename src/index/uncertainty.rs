//! Uncertainty analysis: the whole pipeline rerun many times with method
//! choices drawn at random, as in the JRC audits of the GII and COINr's
//! `get_sensitivity(SA_type = "UA")`.
//!
//! Each [`Assumption`] is one uncertain input. A replication draws one
//! uniform number per assumption and maps it to a choice (an alternative, or
//! one of a set of perturbed weight vectors). Draws come from one ChaCha8
//! stream seeded by the caller, generated before the parallel runs, so the
//! results do not depend on the number of threads.
//!
//! Each replication's ranks equal those of a full [`Model::run`] with its
//! settings. The steps before aggregation run once per distinct choice of
//! imputation, winsorisation limit and normalisation, and each replication
//! then only aggregates with its weights and aggregation methods and ranks.

use std::collections::BTreeMap;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use super::pipeline::Model;
use super::replicate::replicate;
use super::settings::{Aggregation, Imputation, Normalisation, Settings};
use super::{invalid_setting, IndexError, Result};

/// One uncertain input of the index.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Assumption {
    /// Winsorisation limit, one of the values given (treatment is switched on).
    WinsorLimit {
        /// Alternatives.
        values: Vec<usize>,
    },
    /// Normalisation method, one of the alternatives.
    Normalisation {
        /// Alternatives.
        methods: Vec<Normalisation>,
    },
    /// Aggregation method at one level (every level when `level` is `None`).
    Aggregation {
        /// Level of the aggregates concerned.
        level: Option<u32>,
        /// Alternatives.
        methods: Vec<Aggregation>,
    },
    /// Imputation method, one of the alternatives.
    Imputation {
        /// Alternatives.
        methods: Vec<Imputation>,
    },
    /// Weights multiplied by independent factors drawn from U(1 − bound, 1 + bound).
    Weights {
        /// Relative bound, in (0, 1).
        bound: f64,
        /// Codes whose weights vary; every node when empty.
        codes: Vec<String>,
        /// Number of perturbed weight vectors to draw from; the number of replications when 0.
        sets: usize,
    },
}

impl Assumption {
    /// Short name used in tables.
    pub fn name(&self) -> String {
        match self {
            Assumption::WinsorLimit { .. } => "winsor_limit".into(),
            Assumption::Normalisation { .. } => "normalisation".into(),
            Assumption::Aggregation { level: Some(level), .. } => format!("aggregation_level_{level}"),
            Assumption::Aggregation { level: None, .. } => "aggregation".into(),
            Assumption::Imputation { .. } => "imputation".into(),
            Assumption::Weights { .. } => "weights".into(),
        }
    }

    fn alternatives(&self) -> usize {
        match self {
            Assumption::WinsorLimit { values } => values.len(),
            Assumption::Normalisation { methods } => methods.len(),
            Assumption::Aggregation { methods, .. } => methods.len(),
            Assumption::Imputation { methods } => methods.len(),
            Assumption::Weights { .. } => 1,
        }
    }
}

/// Settings for every replication, built from the draws.
pub(crate) struct Design {
    nominal: Settings,
    assumptions: Vec<Assumption>,
    /// Per assumption, the drawn weight sets as (position in `framework.nodes`,
    /// weight) pairs in the order drawn; no set for the other assumptions.
    weight_sets: Vec<Vec<Vec<(usize, f64)>>>,
    /// Code of every node, to name the weights in [`Design::settings`].
    node_codes: Vec<String>,
}

impl Design {
    pub(crate) fn new(model: &Model, nominal: &Settings, assumptions: &[Assumption], sets_default: usize, seed: u64) -> Result<Design> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_add(0x9E37_79B9_7F4A_7C15));
        let mut weight_sets = Vec::with_capacity(assumptions.len());
        for assumption in assumptions {
            if assumption.alternatives() == 0 {
                return Err(invalid_setting(&assumption.name(), "[]", "give at least one alternative"));
            }
            let Assumption::Weights { bound, codes, sets } = assumption else {
                weight_sets.push(Vec::new());
                continue;
            };
            if !(*bound > 0.0 && *bound < 1.0) {
                return Err(invalid_setting("weights.bound", bound, "must be between 0 and 1"));
            }
            let codes: Vec<String> = if codes.is_empty() { model.framework.nodes.iter().map(|n| n.code.clone()).collect() } else { codes.clone() };
            let bases = codes
                .iter()
                .map(|code| {
                    let node = model.framework.position(code).ok_or_else(|| IndexError::UnknownCode(code.clone()))?;
                    Ok((node, nominal.weights.get(code).copied().unwrap_or(model.framework.nodes[node].weight)))
                })
                .collect::<Result<Vec<(usize, f64)>>>()?;

            let count = if *sets == 0 { sets_default.max(1) } else { *sets };
            let draw_set = |rng: &mut ChaCha8Rng| -> Vec<(usize, f64)> {
                bases.iter().map(|(node, base)| (*node, base * rng.random_range(1.0 - bound..1.0 + bound))).collect()
            };
            weight_sets.push((0..count).map(|_| draw_set(&mut rng)).collect());
        }
        let node_codes = model.framework.nodes.iter().map(|n| n.code.clone()).collect();
        Ok(Design { nominal: nominal.clone(), assumptions: assumptions.to_vec(), weight_sets, node_codes })
    }

    /// Returns the alternative, of `n`, that coordinate `k` of point `u` picks.
    fn pick(u: &[f64], k: usize, n: usize) -> usize {
        ((u[k] * n as f64) as usize).min(n - 1)
    }

    /// Settings for one point `u` of the unit hypercube (one coordinate per assumption).
    pub(crate) fn settings(&self, u: &[f64]) -> Settings {
        let mut settings = self.nominal.clone();
        for (k, assumption) in self.assumptions.iter().enumerate() {
            let pick = |n: usize| Design::pick(u, k, n);
            match assumption {
                Assumption::WinsorLimit { values } => {
                    settings.treatment.enabled = true;
                    settings.treatment.winsor_max = values[pick(values.len())];
                }
                Assumption::Normalisation { methods } => settings.normalisation = methods[pick(methods.len())].clone(),
                Assumption::Aggregation { level: Some(level), methods } => {
                    settings.aggregation_by_level.insert(*level, methods[pick(methods.len())]);
                }
                Assumption::Aggregation { level: None, methods } => settings.aggregation = methods[pick(methods.len())],
                Assumption::Imputation { methods } => settings.imputation = methods[pick(methods.len())].clone(),
                Assumption::Weights { .. } => {
                    let sets = &self.weight_sets[k];
                    let named = sets[pick(sets.len())].iter().map(|(node, weight)| (self.node_codes[*node].clone(), *weight));
                    settings.weights.extend(named);
                }
            }
        }
        settings
    }

    pub(crate) fn dimensions(&self) -> usize {
        self.assumptions.len()
    }

    /// Returns the nominal settings that the assumptions vary.
    pub(crate) fn nominal(&self) -> &Settings {
        &self.nominal
    }

    /// Returns whether an assumption acts before aggregation (imputation, winsorisation limit, normalisation).
    fn is_upstream(assumption: &Assumption) -> bool {
        matches!(assumption, Assumption::WinsorLimit { .. } | Assumption::Normalisation { .. } | Assumption::Imputation { .. })
    }

    /// Returns the choices of point `u` for the assumptions that act before
    /// aggregation. Points with equal keys give equal results up to normalisation.
    pub(crate) fn upstream_key(&self, u: &[f64]) -> Vec<usize> {
        let alternatives = self.assumptions.iter().enumerate().filter(|(_, a)| Design::is_upstream(a));
        alternatives.map(|(k, a)| Design::pick(u, k, a.alternatives())).collect()
    }

    /// Builds the nominal settings with only the choices of point `u` that act before aggregation.
    pub(crate) fn upstream_settings(&self, u: &[f64]) -> Settings {
        let mut settings = self.nominal.clone();
        for (k, assumption) in self.assumptions.iter().enumerate() {
            let pick = |n: usize| Design::pick(u, k, n);
            match assumption {
                Assumption::WinsorLimit { values } => {
                    settings.treatment.enabled = true;
                    settings.treatment.winsor_max = values[pick(values.len())];
                }
                Assumption::Normalisation { methods } => settings.normalisation = methods[pick(methods.len())].clone(),
                Assumption::Imputation { methods } => settings.imputation = methods[pick(methods.len())].clone(),
                Assumption::Aggregation { .. } | Assumption::Weights { .. } => {}
            }
        }
        settings
    }

    /// Returns the aggregation method at `level` in the settings of point `u`,
    /// as `self.settings(u).aggregation_at(level)` does, without building the settings.
    pub(crate) fn method_at(&self, u: &[f64], level: u32) -> Aggregation {
        let mut at_level = self.nominal.aggregation_by_level.get(&level).copied();
        let mut default = self.nominal.aggregation;
        for (k, assumption) in self.assumptions.iter().enumerate() {
            match assumption {
                Assumption::Aggregation { level: Some(l), methods } if *l == level => at_level = Some(methods[Design::pick(u, k, methods.len())]),
                Assumption::Aggregation { level: None, methods } => default = methods[Design::pick(u, k, methods.len())],
                _ => {}
            }
        }
        at_level.unwrap_or(default)
    }

    /// Overwrites `weights` (one per node, starting from the nominal ones) with
    /// the weight sets that point `u` picks, in the order of the assumptions.
    pub(crate) fn apply_weights(&self, u: &[f64], weights: &mut [f64]) {
        for (k, sets) in self.weight_sets.iter().enumerate() {
            if sets.is_empty() {
                continue;
            }
            for (node, weight) in &sets[Design::pick(u, k, sets.len())] {
                weights[*node] = *weight;
            }
        }
    }

    /// Whether every aggregation alternative and every drawn weight passes
    /// [`Settings::check`], so that only the steps before aggregation can make
    /// a replication's settings invalid.
    pub(crate) fn choices_valid(&self) -> bool {
        let methods_valid = self.assumptions.iter().all(|assumption| match assumption {
            Assumption::Aggregation { methods, .. } => methods.iter().all(|m| !matches!(m, Aggregation::Generalised { p } if !(p.is_finite() && *p != 0.0))),
            _ => true,
        });
        let weights_valid = self.weight_sets.iter().flatten().flatten().all(|(_, w)| w.is_finite() && *w > 0.0);
        methods_valid && weights_valid
    }
}

/// Options of [`uncertainty`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UncertaintyOptions {
    /// The uncertain inputs.
    pub assumptions: Vec<Assumption>,
    /// Number of replications.
    pub replications: usize,
    /// Seed of the random draws.
    pub seed: u64,
    /// Code whose ranks are summarised; the index when `None`.
    pub code: Option<String>,
}

impl Default for UncertaintyOptions {
    fn default() -> Self {
        UncertaintyOptions { assumptions: Vec::new(), replications: 1000, seed: 1, code: None }
    }
}

/// Rank statistics of each unit over the replications.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertaintyResult {
    /// Code whose ranks are summarised.
    pub code: String,
    /// Unit codes.
    pub units: Vec<String>,
    /// Nominal ranks.
    pub nominal: Vec<Option<u32>>,
    /// Mean rank over successful replications.
    pub mean: Vec<f64>,
    /// Median rank (quantile type 7, so it can be fractional).
    pub median: Vec<f64>,
    /// 5th percentile rank.
    pub q05: Vec<f64>,
    /// 95th percentile rank.
    pub q95: Vec<f64>,
    /// Replications run.
    pub replications: usize,
    /// Replications that failed (for example a geometric mean meeting a zero).
    pub failed: usize,
    /// Distinct failure messages with their counts, most frequent first.
    pub failures: Vec<(String, usize)>,
    /// Ranks per replication, `[replication][unit]`, `None` for a failed run or a missing score.
    pub ranks: Vec<Vec<Option<u32>>>,
}

/// Uniform draws in `[0, 1)`, `n` rows of `d` columns, from one seeded stream.
pub(crate) fn draws(n: usize, d: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n).map(|_| (0..d).map(|_| rng.random::<f64>()).collect()).collect()
}

/// Ranks of `code` for every unit of the nominal run, from a run with `settings`.
pub(crate) fn ranks_for(model: &Model, settings: &Settings, code: &str, units: &[String]) -> std::result::Result<Vec<Option<u32>>, String> {
    let result = model.run(settings).map_err(|e| e.to_string())?;
    let position = result.codes.iter().position(|c| c == code).ok_or_else(|| format!("code `{code}` missing"))?;
    Ok(units.iter().map(|unit| result.units.iter().position(|u| u == unit).and_then(|u| result.ranks[position][u])).collect())
}

/// Quantile of sorted values by R's type 7 (linear interpolation).
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let low = h.floor() as usize;
    let high = (low + 1).min(sorted.len() - 1);
    sorted[low] + (h - low as f64) * (sorted[high] - sorted[low])
}

/// Runs the uncertainty analysis.
///
/// # Errors
///
/// [`IndexError::InvalidSetting`] for an empty list of alternatives or a bad
/// bound, [`IndexError::UnknownCode`], and any error of the nominal run.
/// Failed replications are counted, not raised.
///
/// # Examples
///
/// ```
/// use chiso::index::uncertainty::{uncertainty, Assumption, UncertaintyOptions};
/// use chiso::index::{Aggregation, Dataset, Model, Node, Settings};
/// let nodes = vec![Node::indicator("a", "i"), Node::indicator("b", "i"), Node::aggregate("i", None, 2)];
/// let data = Dataset::from_columns(vec!["x".into(), "y".into(), "z".into()],
///     vec![("a".into(), vec![1.0, 2.0, 3.0]), ("b".into(), vec![3.0, 1.0, 2.0])]);
/// let model = Model::new(nodes, &data).unwrap();
/// let options = UncertaintyOptions {
///     assumptions: vec![Assumption::Weights { bound: 0.5, codes: vec![], sets: 0 }],
///     replications: 200, seed: 7, code: None,
/// };
/// let result = uncertainty(&model, &Settings::default(), &options).unwrap();
/// assert_eq!(result.failed, 0);
/// assert!(result.q05[2] <= result.q95[2]);
/// ```
pub fn uncertainty(model: &Model, nominal: &Settings, options: &UncertaintyOptions) -> Result<UncertaintyResult> {
    if options.replications == 0 {
        return Err(invalid_setting("replications", 0, "must be at least 1"));
    }
    let base = model.run(nominal)?;
    let code = options.code.clone().unwrap_or_else(|| base.top_code().to_string());
    let position = base.codes.iter().position(|c| *c == code).ok_or_else(|| IndexError::UnknownCode(code.clone()))?;
    let design = Design::new(model, nominal, &options.assumptions, options.replications, options.seed)?;

    let points = draws(options.replications, design.dimensions(), options.seed);
    let outcomes = replicate(model, &design, &points, &code, &base.units);

    let mut failures: BTreeMap<String, usize> = BTreeMap::new();
    let mut ranks = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        match outcome {
            Ok(r) => ranks.push(r),
            Err(message) => {
                *failures.entry(message).or_default() += 1;
                ranks.push(vec![None; base.units.len()]);
            }
        }
    }
    let failed = failures.values().sum();
    let mut failures: Vec<(String, usize)> = failures.into_iter().collect();
    failures.sort_by_key(|f| std::cmp::Reverse(f.1));

    let n_units = base.units.len();
    let (mut mean, mut median, mut q05, mut q95) = (vec![f64::NAN; n_units], vec![f64::NAN; n_units], vec![f64::NAN; n_units], vec![f64::NAN; n_units]);
    for u in 0..n_units {
        let mut values: Vec<f64> = ranks.iter().filter_map(|r| r[u].map(f64::from)).collect();
        if values.is_empty() {
            continue;
        }
        values.sort_by(f64::total_cmp);
        mean[u] = values.iter().sum::<f64>() / values.len() as f64;
        median[u] = quantile(&values, 0.5);
        q05[u] = quantile(&values, 0.05);
        q95[u] = quantile(&values, 0.95);
    }

    Ok(UncertaintyResult {
        code,
        units: base.units.clone(),
        nominal: base.ranks[position].clone(),
        mean,
        median,
        q05,
        q95,
        replications: options.replications,
        failed,
        failures,
        ranks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_type_7() {
        let x = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&x, 0.5), 2.5);
        assert!((quantile(&x, 0.05) - 1.15).abs() < 1e-12);
    }

    #[test]
    fn failures_are_counted() {
        use crate::index::{Dataset, Node};
        let nodes = vec![Node::indicator("a", "i"), Node::indicator("b", "i"), Node::aggregate("i", None, 2)];
        let data = Dataset::from_columns(vec!["x".into(), "y".into(), "z".into()], vec![("a".into(), vec![1.0, 2.0, 3.0]), ("b".into(), vec![3.0, 1.0, 2.0])]);
        let model = Model::new(nodes, &data).unwrap();
        let options = UncertaintyOptions {
            assumptions: vec![Assumption::Aggregation { level: None, methods: vec![Aggregation::Arithmetic, Aggregation::Geometric] }],
            replications: 100,
            seed: 3,
            code: None,
        };
        let result = uncertainty(&model, &Settings::default(), &options).unwrap();
        assert!(result.failed > 20, "{}", result.failed);
        assert!(result.failed < 80, "{}", result.failed);
        assert!(result.failures[0].0.contains("geometric"));
        let again = uncertainty(&model, &Settings::default(), &options).unwrap();
        assert_eq!(again.ranks, result.ranks);
    }
}

//! What-if scenarios and the path to a target rank.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::impute::impute_column;
use super::normalise::normalise_column;
use super::pipeline::{AggregationRules, IndexResult, Model, Prepared};
use super::rank::rank_of;
use super::settings::{Aggregation, Settings};
use super::treat::treat_column;
use super::{invalid_setting, IndexError, Result};

/// A new raw value for one unit and indicator.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ValueChange {
    /// Unit code.
    pub unit: String,
    /// Indicator code.
    pub indicator: String,
    /// New value, in the indicator's raw unit (before denomination).
    pub value: f64,
}

/// One unit's score and rank before and after a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Unit code.
    pub unit: String,
    /// Nominal score.
    pub score_before: f64,
    /// Scenario score.
    pub score_after: f64,
    /// Nominal rank.
    pub rank_before: Option<u32>,
    /// Scenario rank.
    pub rank_after: Option<u32>,
    /// `rank_before − rank_after`: positive when the unit moves up.
    pub rank_gain: Option<i64>,
}

impl Model {
    /// Returns a copy of the model with some raw values replaced.
    ///
    /// # Errors
    ///
    /// [`IndexError::UnknownUnit`] or [`IndexError::UnknownCode`] (also for an aggregate code).
    pub fn with_values(&self, changes: &[ValueChange]) -> Result<Model> {
        let mut model = self.clone();
        let codes = self.framework.indicator_codes();
        for change in changes {
            let u = self.units.iter().position(|x| *x == change.unit).ok_or_else(|| IndexError::UnknownUnit(change.unit.clone()))?;
            let i = codes.iter().position(|c| *c == change.indicator).ok_or_else(|| IndexError::UnknownCode(change.indicator.clone()))?;
            model.values[i][u] = change.value;
        }
        Ok(model)
    }
}

/// Runs the nominal pipeline and a scenario with new values and weights, and
/// compares the scores and ranks of `code` (the index when `None`).
///
/// # Errors
///
/// The errors of [`Model::with_values`] and [`Model::run`].
///
/// # Examples
///
/// ```
/// use chiso::index::{whatif, Dataset, Model, Node, Settings};
/// let nodes = vec![Node::indicator("a", "i"), Node::indicator("b", "i"), Node::aggregate("i", None, 2)];
/// let data = Dataset::from_columns(vec!["x".into(), "y".into()], vec![("a".into(), vec![2.0, 1.0]), ("b".into(), vec![5.0, 0.0])]);
/// let model = Model::new(nodes, &data).unwrap();
/// let change = whatif::ValueChange { unit: "y".into(), indicator: "b".into(), value: 9.0 };
/// let rows = whatif::what_if(&model, &Settings::default(), &[change], &Default::default(), None).unwrap();
/// assert_eq!(rows[1].rank_gain, Some(1));
/// ```
pub fn what_if(model: &Model, settings: &Settings, values: &[ValueChange], weights: &BTreeMap<String, f64>, code: Option<&str>) -> Result<Vec<Comparison>> {
    let nominal = model.run(settings)?;
    let mut scenario_settings = settings.clone();
    scenario_settings.weights.extend(weights.iter().map(|(k, v)| (k.clone(), *v)));
    let scenario = model.with_values(values)?.run(&scenario_settings)?;
    compare(&nominal, &scenario, code)
}

/// Compares two results on `code` (the index when `None`), unit by unit.
///
/// # Errors
///
/// [`IndexError::UnknownCode`] when `code` is not in the results.
pub fn compare(nominal: &IndexResult, scenario: &IndexResult, code: Option<&str>) -> Result<Vec<Comparison>> {
    let code = code.unwrap_or(nominal.top_code());
    nominal.column(code).ok_or_else(|| IndexError::UnknownCode(code.to_string()))?;
    let rows = nominal
        .units
        .iter()
        .map(|unit| {
            let rank_before = nominal.rank(code, unit);
            let rank_after = scenario.rank(code, unit);
            Comparison {
                unit: unit.clone(),
                score_before: nominal.score(code, unit).unwrap_or(f64::NAN),
                score_after: scenario.score(code, unit).unwrap_or(f64::NAN),
                rank_before,
                rank_after,
                rank_gain: rank_before.zip(rank_after).map(|(b, a)| b as i64 - a as i64),
            }
        })
        .collect();
    Ok(rows)
}

/// Options of [`path_to_rank`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PathOptions {
    /// Code whose rank is targeted; the index when `None`.
    pub code: Option<String>,
    /// Size of one greedy step, in normalised points (percent of the indicator's nominal range).
    pub step: f64,
    /// Most favourable raw value allowed per indicator code. Without one, an
    /// indicator can improve up to the best value among the units.
    pub limits: BTreeMap<String, f64>,
    /// Indicators that may not change.
    pub fixed: Vec<String>,
    /// Maximum number of greedy steps.
    pub max_steps: usize,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions { code: None, step: 1.0, limits: BTreeMap::new(), fixed: Vec::new(), max_steps: 2000 }
    }
}

/// The change of one indicator on the path.
#[derive(Debug, Clone, PartialEq)]
pub struct PathChange {
    /// Indicator code.
    pub indicator: String,
    /// Current raw value.
    pub from: f64,
    /// Raw value needed.
    pub to: f64,
    /// The change in normalised points (percent of the nominal range).
    pub points: f64,
}

/// The smallest improvement found that lifts a unit to a target rank.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// Unit code.
    pub unit: String,
    /// Code whose rank is targeted.
    pub code: String,
    /// Target rank.
    pub target_rank: u32,
    /// Rank before any change.
    pub start_rank: Option<u32>,
    /// Rank after the changes, from a fresh run of the whole pipeline.
    pub final_rank: Option<u32>,
    /// Whether `final_rank ≤ target_rank`.
    pub reached: bool,
    /// Score before and after.
    pub scores: (f64, f64),
    /// Total improvement in normalised points (sum over indicators).
    pub total_points: f64,
    /// Indicator changes, largest first.
    pub changes: Vec<PathChange>,
    /// Score gained per normalised point on each indicator at the start, best first.
    pub marginal: Vec<(String, f64)>,
    /// Greedy steps taken.
    pub steps: usize,
}

/// Searches for the smallest improvement of `unit`'s raw values that lifts it to
/// rank `target_rank` or better.
///
/// The search is greedy: each step moves by `step` normalised points the
/// indicator that raises the score most per point. Every trial reruns what a
/// change of one indicator affects: that indicator's imputation, treatment and
/// normalisation (so the rescaling when the unit becomes a new minimum is
/// included) and its parents up the tree. An accepted step keeps those rows.
/// The last step is then shortened by bisection, and the final values are
/// verified by a fresh run. When the score is linear
/// in the values (arithmetic means, min-max bounds that do not move), filling
/// indicators in order of score per point solves the underlying linear
/// programme, so the result is the minimum to within the bisection tolerance.
/// Otherwise it is an upper bound on the minimum, found by a heuristic.
/// Indicators where the unit has no value are left alone.
///
/// # Errors
///
/// [`IndexError::UnknownUnit`], [`IndexError::UnknownCode`],
/// [`IndexError::InvalidSetting`] for a bad step or target, and the errors of [`Model::run`].
///
/// # Examples
///
/// ```
/// use chiso::index::whatif::{path_to_rank, PathOptions};
/// use chiso::index::{Dataset, Model, Node, Settings};
/// let nodes = vec![Node::indicator("a", "i"), Node::indicator("b", "i"), Node::aggregate("i", None, 2)];
/// let data = Dataset::from_columns(vec!["x".into(), "y".into(), "z".into()],
///     vec![("a".into(), vec![1.0, 2.0, 3.0]), ("b".into(), vec![30.0, 10.0, 20.0])]);
/// let model = Model::new(nodes, &data).unwrap();
/// let path = path_to_rank(&model, &Settings::default(), "y", 1, &PathOptions::default()).unwrap();
/// assert!(path.reached);
/// assert_eq!(path.final_rank, Some(1));
/// ```
pub fn path_to_rank(model: &Model, settings: &Settings, unit: &str, target_rank: u32, options: &PathOptions) -> Result<Path> {
    if !(options.step.is_finite() && options.step > 0.0) {
        return Err(invalid_setting("step", options.step, "must be a positive number of normalised points"));
    }
    if target_rank == 0 {
        return Err(invalid_setting("target_rank", 0, "ranks start at 1"));
    }
    let u = model.units.iter().position(|x| x == unit).ok_or_else(|| IndexError::UnknownUnit(unit.to_string()))?;
    let nominal = model.run(settings)?;
    let code = options.code.clone().unwrap_or_else(|| nominal.top_code().to_string());
    let search = Search::new(model, settings, u, &code, options, &nominal)?;
    search.run(target_rank, &nominal)
}

/// One candidate move of the greedy search.
struct Trial {
    indicator: usize,
    values: Vec<f64>,
    /// Score gained per normalised point.
    gain: f64,
    score: f64,
    rank: Option<u32>,
}

struct Search<'a> {
    model: &'a Model,
    settings: &'a Settings,
    unit: usize,
    code: String,
    options: &'a PathOptions,
    /// Per indicator: direction, nominal range, most favourable allowed value.
    bounds: Vec<Option<(f64, f64, f64)>>,
    /// Position in `framework.nodes` of each node's parent.
    parents: Vec<Option<usize>>,
    /// Position in `framework.nodes` of the targeted code.
    code_node: usize,
}

/// The pipeline's results for the current raw values of the searched unit,
/// from which a change of one indicator is evaluated without rerunning the others.
struct State {
    /// Raw values of the unit, one per indicator.
    values: Vec<f64>,
    /// Positions in [`Model::units`] of the units kept by screening.
    keep: Vec<usize>,
    /// Codes of the units kept.
    units: Vec<String>,
    /// Scores, one row per node in `framework.nodes` order, as [`Prepared::scores`] after aggregation.
    scores: Vec<f64>,
    weights: Vec<f64>,
    methods: Vec<Aggregation>,
    /// Group labels of the kept units, for group imputation.
    groups: Option<Vec<Option<String>>>,
    /// Position of the unit among the kept units.
    unit: usize,
}

impl<'a> Search<'a> {
    fn new(model: &'a Model, settings: &'a Settings, unit: usize, code: &str, options: &'a PathOptions, nominal: &IndexResult) -> Result<Search<'a>> {
        nominal.column(code).ok_or_else(|| IndexError::UnknownCode(code.to_string()))?;
        let codes = model.framework.indicator_codes();
        for key in options.limits.keys().chain(&options.fixed) {
            if !codes.contains(key) {
                return Err(IndexError::UnknownCode(key.clone()));
            }
        }
        let bounds = codes
            .iter()
            .enumerate()
            .map(|(i, indicator)| {
                let direction = model.framework.nodes[model.framework.indicators[i]].direction;
                let values: Vec<f64> = model.values[i].iter().copied().filter(|v| !v.is_nan()).collect();
                let (lo, hi) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(*v), b.max(*v)));
                let best = if direction > 0.0 { hi } else { lo };
                let limit = options.limits.get(indicator).copied().unwrap_or(best);
                let usable = !options.fixed.contains(indicator) && !model.values[i][unit].is_nan() && hi > lo;
                usable.then_some((direction, hi - lo, limit))
            })
            .collect();
        let f = &model.framework;
        let parents = f.nodes.iter().map(|node| node.parent.as_deref().and_then(|p| f.position(p))).collect();
        let code_node = f.position(code).ok_or_else(|| IndexError::UnknownCode(code.to_string()))?;
        Ok(Search { model, settings, unit, code: code.to_string(), options, bounds, parents, code_node })
    }

    /// Runs the whole pipeline with the unit's raw values set to `values`.
    fn state(&self, values: &[f64]) -> Result<State> {
        let mut matrix = self.model.values.clone();
        for (column, value) in matrix.iter_mut().zip(values) {
            column[self.unit] = *value;
        }
        let mut prepared = self.model.prepare(&matrix, self.settings, &mut Vec::new())?;
        let (weights, methods) = (self.model.node_weights(self.settings), self.model.node_methods(self.settings));
        let rules = AggregationRules { weights: &weights, methods: &methods, min_coverage: self.settings.min_coverage };
        self.model.aggregate_into(&mut prepared.scores, &rules, &prepared.units)?;

        let name = &self.model.units[self.unit];
        let unit = prepared.units.iter().position(|x| x == name).ok_or_else(|| IndexError::UnknownUnit(name.clone()))?;
        let groups = self.model.groups(&self.settings.imputation, &prepared.keep);
        let Prepared { keep, units, scores, .. } = prepared;
        Ok(State { values: values.to_vec(), keep, units, scores, weights, methods, groups, unit })
    }

    /// Score and rank of the unit in `state`.
    fn standing(&self, state: &State) -> (f64, Option<u32>) {
        let n_units = state.units.len();
        let row = &state.scores[self.code_node * n_units..(self.code_node + 1) * n_units];
        (row[state.unit], rank_of(row[state.unit], row))
    }

    /// Score and rank of the unit when its raw value of indicator `i` becomes
    /// `value`, with the same result as a full run of the pipeline.
    fn evaluate_change(&self, state: &State, i: usize, value: f64) -> Result<(f64, Option<u32>)> {
        if self.changes_screening(state, i, value) {
            let mut values = state.values.clone();
            values[i] = value;
            return self.evaluate(&values);
        }

        let rows = self.changed_rows(state, i, value)?;
        match rows.iter().find(|(node, _)| *node == self.code_node) {
            Some((_, row)) => Ok((row[state.unit], rank_of(row[state.unit], row))),
            None => Ok(self.standing(state)),
        }
    }

    /// Sets the unit's raw value of indicator `i` to `value` in `state`,
    /// recomputing the same rows as [`Search::evaluate_change`].
    fn apply_change(&self, state: &mut State, i: usize, value: f64) -> Result<()> {
        if self.changes_screening(state, i, value) {
            let mut values = state.values.clone();
            values[i] = value;
            *state = self.state(&values)?;
            return Ok(());
        }

        let n_units = state.units.len();
        for (node, row) in self.changed_rows(state, i, value)? {
            state.scores[node * n_units..(node + 1) * n_units].copy_from_slice(&row);
        }
        state.values[i] = value;
        Ok(())
    }

    /// Whether screening is on and the change makes the unit's value of
    /// indicator `i` missing or present (through a zero denominator), so that
    /// the units kept may change and the whole pipeline must run.
    fn changes_screening(&self, state: &State, i: usize, value: f64) -> bool {
        let denominated = |v: f64| self.model.denominators[i].as_ref().map_or(v, |d| v / d[self.unit]);
        self.settings.screening.is_some() && denominated(value).is_nan() != denominated(state.values[i]).is_nan()
    }

    /// Rows of the scores that change when the unit's raw value of indicator
    /// `i` becomes `value`, as `(node, row)`: the indicator's normalised
    /// column, then each parent up the tree. The other rows do not depend on
    /// the indicator, so they keep their values in `state`.
    fn changed_rows(&self, state: &State, i: usize, value: f64) -> Result<Vec<(usize, Vec<f64>)>> {
        let n_units = state.units.len();
        let rules = AggregationRules { weights: &state.weights, methods: &state.methods, min_coverage: self.settings.min_coverage };
        let mut rows = vec![(self.model.framework.indicators[i], self.column(state, i, value)?)];

        while let Some((child, child_row)) = rows.last() {
            let Some(parent) = self.parents[*child] else { break };
            let value_of = |node: usize, u: usize| if node == *child { child_row[u] } else { state.scores[node * n_units + u] };
            let row = (0..n_units)
                .map(|u| self.model.aggregate_cell(parent, &rules, &state.units[u], |node| value_of(node, u)))
                .collect::<Result<Vec<f64>>>()?;
            rows.push((parent, row));
        }
        Ok(rows)
    }

    /// Indicator `i`'s normalised column when the unit's raw value becomes
    /// `value`: denomination, imputation, treatment and normalisation, as in [`Model::run`].
    fn column(&self, state: &State, i: usize, value: f64) -> Result<Vec<f64>> {
        let raw = |u: usize| if u == self.unit { value } else { self.model.values[i][u] };
        let denominated = |u: usize| self.model.denominators[i].as_ref().map_or(raw(u), |d| raw(u) / d[u]);
        let mut column: Vec<f64> = state.keep.iter().map(|u| denominated(*u)).collect();
        impute_column(&mut column, &self.settings.imputation, state.groups.as_deref());

        let f = &self.model.framework;
        let node = &f.nodes[f.indicators[i]];
        let (treated, _) = treat_column(&node.code, &column, &self.settings.treatment);
        normalise_column(node, &treated, &self.settings.normalisation, self.settings.constant)
    }

    /// Score and rank of the unit with these raw values.
    fn evaluate(&self, values: &[f64]) -> Result<(f64, Option<u32>)> {
        let mut matrix = self.model.values.clone();
        for (column, value) in matrix.iter_mut().zip(values) {
            column[self.unit] = *value;
        }
        let result = self.model.run_on(&matrix, self.settings)?;
        let column = result.column(&self.code).expect("code checked");
        let position = result.units.iter().position(|x| *x == self.model.units[self.unit]).ok_or_else(|| IndexError::UnknownUnit(self.model.units[self.unit].clone()))?;
        Ok((column[position], rank_of(column[position], column)))
    }

    /// Values after moving indicator `i` by `points` normalised points (capped at its limit).
    fn moved(&self, values: &[f64], i: usize, points: f64) -> Option<Vec<f64>> {
        let (direction, range, limit) = self.bounds[i]?;
        let next = values[i] + direction * points / 100.0 * range;
        let capped = if direction > 0.0 { next.min(limit) } else { next.max(limit) };
        if (capped - values[i]) * direction <= 0.0 {
            return None;
        }
        let mut out = values.to_vec();
        out[i] = capped;
        Some(out)
    }

    fn points(&self, i: usize, from: f64, to: f64) -> f64 {
        self.bounds[i].map_or(0.0, |(direction, range, _)| (to - from) * direction / range * 100.0)
    }

    fn run(&self, target: u32, nominal: &IndexResult) -> Result<Path> {
        let start: Vec<f64> = self.model.values.iter().map(|c| c[self.unit]).collect();
        let mut state = self.state(&start)?;
        let (start_score, start_rank) = self.standing(&state);
        let (mut score, mut rank) = (start_score, start_rank);
        let mut marginal: Vec<(String, f64)> = Vec::new();
        let mut steps = 0;

        while rank.is_none_or(|r| r > target) && steps < self.options.max_steps {
            let trials: Vec<Trial> = (0..state.values.len())
                .into_par_iter()
                .filter_map(|i| self.trial(&state, i, score))
                .collect();
            if steps == 0 {
                marginal = trials.iter().map(|t| (nominal.indicators[t.indicator].clone(), t.gain)).collect();
                marginal.sort_by(|a, b| b.1.total_cmp(&a.1));
            }
            let positive = trials.into_iter().filter(|t| t.gain > 0.0);
            let Some(best) = positive.max_by(|a, b| a.gain.total_cmp(&b.gain).then(b.indicator.cmp(&a.indicator))) else { break };
            steps += 1;
            if best.rank.is_some_and(|r| r <= target) {
                let shortened = self.shorten(&state, best.indicator, best.values[best.indicator], target)?;
                state.values = shortened;
                break;
            }
            self.apply_change(&mut state, best.indicator, best.values[best.indicator])?;
            score = best.score;
            rank = best.rank;
        }

        let values = state.values;
        let (final_score, final_rank) = self.evaluate(&values)?;
        Ok(self.report(target, start, values, (start_score, final_score), (start_rank, final_rank), marginal, steps))
    }

    /// Moves indicator `i` by one step, doubling the step while the score does
    /// not rise (a unit at the minimum gains nothing until it passes the next
    /// unit, because the minimum moves with it). Returns `None` when the
    /// indicator cannot move.
    fn trial(&self, state: &State, i: usize, score: f64) -> Option<Trial> {
        let mut points = self.options.step;
        loop {
            let moved = self.moved(&state.values, i, points)?;
            let cost = self.points(i, state.values[i], moved[i]);
            let (s, r) = self.evaluate_change(state, i, moved[i]).ok()?;
            let at_limit = cost < points - 1e-12;
            if s > score || at_limit {
                return Some(Trial { indicator: i, values: moved, gain: (s - score) / cost, score: s, rank: r });
            }
            points *= 2.0;
        }
    }

    /// Bisects the last step of indicator `i` between its current value and `to` to the smallest move that reaches the target.
    fn shorten(&self, state: &State, i: usize, to: f64, target: u32) -> Result<Vec<f64>> {
        let (mut low, mut high) = (state.values[i], to);
        for _ in 0..30 {
            let middle = (low + high) / 2.0;
            if self.evaluate_change(state, i, middle)?.1.is_some_and(|r| r <= target) {
                high = middle;
            } else {
                low = middle;
            }
        }
        let mut out = state.values.clone();
        out[i] = high;
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn report(&self, target: u32, start: Vec<f64>, values: Vec<f64>, scores: (f64, f64), ranks: (Option<u32>, Option<u32>), marginal: Vec<(String, f64)>, steps: usize) -> Path {
        let codes = self.model.framework.indicator_codes();
        let mut changes: Vec<PathChange> = (0..codes.len())
            .filter(|i| values[*i] != start[*i])
            .map(|i| PathChange { indicator: codes[i].clone(), from: start[i], to: values[i], points: self.points(i, start[i], values[i]) })
            .collect();
        changes.sort_by(|a, b| b.points.total_cmp(&a.points));
        Path {
            unit: self.model.units[self.unit].clone(),
            code: self.code.clone(),
            target_rank: target,
            start_rank: ranks.0,
            final_rank: ranks.1,
            reached: ranks.1.is_some_and(|r| r <= target),
            scores,
            total_points: changes.iter().map(|c| c.points).sum(),
            changes,
            marginal,
            steps,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{Dataset, Node};

    fn model() -> Model {
        let nodes = vec![
            Node::indicator("a", "i"),
            Node { weight: 3.0, ..Node::indicator("b", "i") },
            Node::aggregate("i", None, 2),
        ];
        let units: Vec<String> = ["p", "q", "r", "s"].iter().map(|s| s.to_string()).collect();
        let data = Dataset::from_columns(units, vec![("a".into(), vec![0.0, 10.0, 5.0, 2.0]), ("b".into(), vec![10.0, 0.0, 4.0, 6.0])]);
        Model::new(nodes, &data).unwrap()
    }

    #[test]
    fn path_prefers_heavier_indicator_and_verifies() {
        let path = path_to_rank(&model(), &Settings::default(), "q", 1, &PathOptions::default()).unwrap();
        assert_eq!(path.start_rank, Some(4));
        assert!(path.reached);
        assert_eq!(path.final_rank, Some(1));
        assert_eq!(path.marginal[0].0, "b");
        // q already has the best `a`. Its `b` is the minimum, so the minimum moves
        // with it until it passes r's 4; from there q needs (100 + 3·(b − 4)/6·100)/4 ≥ 75,
        // i.e. b = 8, which is 80 points of b's nominal range 0–10.
        assert!((path.total_points - 80.0).abs() < 1e-3, "{path:?}");
        assert_eq!(path.changes.len(), 1);
    }

    /// Checks that evaluating a change of one indicator gives what a full run gives.
    #[test]
    fn change_evaluation_equals_full_run() {
        let nodes = vec![
            Node::indicator("a", "p"),
            Node { denominator: Some("pop".into()), ..Node::indicator("b", "p") },
            Node { direction: -1.0, ..Node::indicator("c", "q") },
            Node::aggregate("p", Some("i"), 2),
            Node::aggregate("q", Some("i"), 2),
            Node::aggregate("i", None, 3),
        ];
        let units: Vec<String> = (0..8).map(|k| format!("u{k}")).collect();
        let columns = vec![
            ("a".into(), vec![1.0, 2.0, 2.0, 3.0, 4.0, 5.0, 6.0, 80.0]),
            ("b".into(), vec![3.0, 0.0, 5.0, f64::NAN, 2.0, 7.0, 1.0, 4.0]),
            ("c".into(), vec![9.0, 4.0, f64::NAN, 2.0, 6.0, 1.0, 8.0, 3.0]),
            ("pop".into(), vec![1.0, 0.0, 2.0, 1.0, 3.0, 1.0, 2.0, 1.0]),
        ];
        let model = Model::new(nodes, &Dataset::from_columns(units, columns)).unwrap();
        let screened = Settings { screening: Some(0.5), imputation: crate::index::Imputation::Median, ..Settings::coinr() };
        let positive = crate::index::Normalisation::MinMax { lower: 1.0, upper: 100.0, goalposts: true };
        let geometric = Settings { aggregation: crate::index::Aggregation::Geometric, normalisation: positive, ..Settings::coinr() };
        let options = PathOptions::default();

        for settings in [Settings::coinr(), screened, geometric] {
            let nominal = model.run(&settings).unwrap();
            for (unit, code) in [(1, "i"), (4, "p"), (6, "q")] {
                let search = Search::new(&model, &settings, unit, code, &options, &nominal).unwrap();
                let start: Vec<f64> = model.values.iter().map(|c| c[unit]).collect();
                let state = search.state(&start).unwrap();
                for i in 0..start.len() {
                    for value in [-3.0, 0.0, 0.5, 2.0, 7.5, 100.0] {
                        let mut values = start.clone();
                        values[i] = value;
                        let full = format!("{:?}", search.evaluate(&values));
                        let change = format!("{:?}", search.evaluate_change(&state, i, value));
                        assert_eq!(change, full, "unit {unit}, indicator {i}, value {value}");
                    }
                }

                // Two changes applied one after the other give the scores of one full run with both.
                // For u1, whose denominator is 0, the second one makes its value of `b` present.
                let mut moved = state.values.clone();
                moved[0] = 7.5;
                moved[1] = 0.5;
                let mut applied = search.state(&start).unwrap();
                search.apply_change(&mut applied, 0, 7.5).unwrap();
                search.apply_change(&mut applied, 1, 0.5).unwrap();
                let fresh = search.state(&moved).unwrap();
                assert_eq!(format!("{:?}", applied.scores), format!("{:?}", fresh.scores), "unit {unit}");
                assert_eq!(search.standing(&applied), search.evaluate(&moved).unwrap(), "unit {unit}");
            }
        }
    }

    #[test]
    fn already_at_target_needs_nothing() {
        let path = path_to_rank(&model(), &Settings::default(), "p", 1, &PathOptions::default()).unwrap();
        assert!(path.reached);
        assert!(path.changes.is_empty());
    }

    #[test]
    fn what_if_reports_rank_gain() {
        let change = ValueChange { unit: "r".into(), indicator: "b".into(), value: 10.0 };
        let rows = what_if(&model(), &Settings::default(), &[change], &BTreeMap::new(), None).unwrap();
        let r = rows.iter().find(|c| c.unit == "r").unwrap();
        assert_eq!(r.rank_before, Some(3));
        assert_eq!(r.rank_after, Some(1));
        assert_eq!(r.rank_gain, Some(2));
    }
}

//! Replications of the pipeline for the uncertainty and sensitivity analyses.
//!
//! Imputation, treatment and normalisation are the costly steps, and a design
//! usually has few distinct choices for them, so each distinct choice is
//! prepared once ([`Model::prepare`]). A replication then only sets its weights and
//! aggregation methods, aggregates and ranks, in buffers that each rayon
//! worker reuses. The ranks equal those of a full [`Model::run`] with the
//! replication's settings. A replication whose steps before aggregation fail,
//! and every replication of a design with an invalid aggregation method or
//! weight, runs the full pipeline instead, so it reports the same error.

use std::collections::HashMap;

use rayon::prelude::*;

use super::pipeline::{AggregationRules, Model, Prepared};
use super::rank::competition_ranks_into;
use super::settings::Aggregation;
use super::uncertainty::{ranks_for, Design};

/// Ranks of the requested units in one replication, or the error message of a failed one.
pub(crate) type Outcome = std::result::Result<Vec<Option<u32>>, String>;

/// Returns the ranks of `code` for `units` at every point of the design, in the order of `points`.
pub(crate) fn replicate(model: &Model, design: &Design, points: &[Vec<f64>], code: &str, units: &[String]) -> Vec<Outcome> {
    let full_run = |u: &Vec<f64>| ranks_for(model, &design.settings(u), code, units);
    if !design.choices_valid() {
        return points.par_iter().map(full_run).collect();
    }

    let (keys, stages) = prepare_stages(model, design, points, code, units);
    let nominal_weights = model.node_weights(design.nominal());
    let replication = |scratch: &mut Scratch, (u, key): (&Vec<f64>, &usize)| match &stages[*key] {
        Some(stage) => stage.ranks(model, design, u, &nominal_weights, scratch),
        None => full_run(u),
    };
    points.par_iter().zip(keys.par_iter()).map_init(Scratch::default, replication).collect()
}

/// Prepares each distinct choice of the steps before aggregation once.
///
/// Returns the stage index of every point and the stages, `None` where
/// preparing failed (those points then run the full pipeline).
fn prepare_stages(model: &Model, design: &Design, points: &[Vec<f64>], code: &str, units: &[String]) -> (Vec<usize>, Vec<Option<Stage>>) {
    let mut index: HashMap<Vec<usize>, usize> = HashMap::new();
    let mut representatives: Vec<&[f64]> = Vec::new();
    let keys: Vec<usize> = points
        .iter()
        .map(|u| {
            *index.entry(design.upstream_key(u)).or_insert_with(|| {
                representatives.push(u);
                representatives.len() - 1
            })
        })
        .collect();

    let node = model.framework.position(code).expect("code checked by the caller");
    let stage = |u: &&[f64]| {
        let prepared = model.prepare(&model.values, &design.upstream_settings(u), &mut Vec::new()).ok()?;
        let unit_map = units.iter().map(|unit| prepared.units.iter().position(|x| x == unit)).collect();
        Some(Stage { prepared, node, unit_map })
    };
    (keys, representatives.par_iter().map(stage).collect())
}

/// One distinct choice of the steps before aggregation, prepared.
struct Stage {
    prepared: Prepared,
    /// Position of the ranked code in `framework.nodes`.
    node: usize,
    /// Position in `prepared.units` of each requested unit.
    unit_map: Vec<Option<usize>>,
}

/// Buffers that one rayon worker reuses across replications.
#[derive(Default)]
struct Scratch {
    scores: Vec<f64>,
    weights: Vec<f64>,
    methods: Vec<Aggregation>,
    order: Vec<usize>,
    ranks: Vec<Option<u32>>,
}

impl Stage {
    /// Aggregates with the weights and methods of point `u` and ranks the code.
    fn ranks(&self, model: &Model, design: &Design, u: &[f64], nominal_weights: &[f64], scratch: &mut Scratch) -> Outcome {
        scratch.scores.clear();
        scratch.scores.extend_from_slice(&self.prepared.scores);
        scratch.weights.clear();
        scratch.weights.extend_from_slice(nominal_weights);
        design.apply_weights(u, &mut scratch.weights);
        scratch.methods.clear();
        scratch.methods.extend(model.framework.nodes.iter().map(|node| design.method_at(u, node.level)));

        let units = &self.prepared.units;
        let rules = AggregationRules { weights: &scratch.weights, methods: &scratch.methods, min_coverage: design.nominal().min_coverage };
        model.aggregate_into(&mut scratch.scores, &rules, units).map_err(|e| e.to_string())?;

        let n_units = units.len();
        let row = &scratch.scores[self.node * n_units..(self.node + 1) * n_units];
        competition_ranks_into(row, &mut scratch.order, &mut scratch.ranks);
        Ok(self.unit_map.iter().map(|p| p.and_then(|p| scratch.ranks[p])).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::uncertainty::{draws, Assumption};
    use crate::index::{Dataset, Imputation, Node, Normalisation, Settings};

    fn model() -> Model {
        let nodes = vec![
            Node::indicator("a", "p"),
            Node { direction: -1.0, ..Node::indicator("b", "p") },
            Node::indicator("c", "q"),
            Node { weight: 2.0, ..Node::indicator("d", "q") },
            Node::aggregate("p", Some("i"), 2),
            Node::aggregate("q", Some("i"), 2),
            Node::aggregate("i", None, 3),
        ];
        let units: Vec<String> = (0..10).map(|k| format!("u{k}")).collect();
        let skewed = vec![1.0, 2.0, 2.5, 3.0, 3.0, 4.0, 5.0, 6.0, 7.0, 90.0];
        let with_gap = vec![5.0, f64::NAN, 3.0, 8.0, 1.0, 9.0, 2.0, f64::NAN, 4.0, 6.0];
        let columns = vec![
            ("a".into(), skewed),
            ("b".into(), with_gap),
            ("c".into(), (0..10).map(|k| f64::from((k * 7 + 3) % 11)).collect()),
            ("d".into(), (0..10).map(|k| f64::from((k * 5 + 2) % 13)).collect()),
        ];
        Model::new(nodes, &Dataset::from_columns(units, columns)).unwrap()
    }

    /// Checks every replication against a full run of the pipeline with its settings.
    fn assert_same_as_full_runs(assumptions: Vec<Assumption>) {
        let model = model();
        let nominal = Settings::coinr();
        let units = model.run(&nominal).unwrap().units;
        let design = Design::new(&model, &nominal, &assumptions, 40, 5).unwrap();
        let points = draws(300, design.dimensions(), 5);
        let fast = replicate(&model, &design, &points, "i", &units);
        for (u, outcome) in points.iter().zip(&fast) {
            assert_eq!(*outcome, ranks_for(&model, &design.settings(u), "i", &units), "point {u:?}");
        }
        assert!(fast.iter().any(|o| o.is_ok()), "every replication failed");
    }

    #[test]
    fn replications_equal_full_runs() {
        assert_same_as_full_runs(vec![
            Assumption::Imputation { methods: vec![Imputation::None, Imputation::Mean, Imputation::Median] },
            Assumption::WinsorLimit { values: vec![1, 3] },
            Assumption::Normalisation {
                methods: vec![
                    Normalisation::MinMax { lower: 0.0, upper: 100.0, goalposts: true },
                    Normalisation::MinMax { lower: 1.0, upper: 100.0, goalposts: true },
                    Normalisation::Rank,
                    Normalisation::ZScore { mean: 0.0, sd: -1.0 },
                ],
            },
            Assumption::Aggregation { level: Some(2), methods: vec![Aggregation::Arithmetic, Aggregation::Geometric] },
            Assumption::Weights { bound: 0.5, codes: vec![], sets: 0 },
            Assumption::Weights { bound: 0.2, codes: vec!["p".into()], sets: 3 },
        ]);
    }

    #[test]
    fn invalid_aggregation_choice_runs_full_pipeline() {
        assert_same_as_full_runs(vec![
            Assumption::Aggregation { level: None, methods: vec![Aggregation::Arithmetic, Aggregation::Generalised { p: 0.0 }] },
            Assumption::Weights { bound: 0.5, codes: vec![], sets: 0 },
        ]);
    }
}

//! The pipeline: a validated [`Model`] (framework plus data) run with [`Settings`].

use super::aggregate::{weighted_mean_by, MeanError};
use super::data::Dataset;
use super::framework::{check_nodes, Framework, Node, Problem};
use super::impute::impute_column;
use super::normalise::normalise_column;
use super::rank::{competition_ranks, highlights, Highlight};
use super::settings::{Aggregation, Imputation, Settings};
use super::treat::{treat_column, Detail};
use super::{IndexError, Result};

/// A framework and the data of its indicators, validated together.
#[derive(Debug, Clone)]
pub struct Model {
    /// The validated framework.
    pub framework: Framework,
    /// Unit codes.
    pub units: Vec<String>,
    /// Indicator values as given, `[indicator][unit]` in framework indicator order.
    pub values: Vec<Vec<f64>>,
    /// Denominator values per indicator, when the framework names one.
    pub denominators: Vec<Option<Vec<f64>>>,
    data: Dataset,
}

/// One line of the method log.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// Pipeline step (`validation`, `screening`, `imputation`, `treatment`, …).
    pub step: &'static str,
    /// Subject of the line: a setting name, an indicator or a unit.
    pub item: String,
    /// The setting's value or what was done.
    pub value: String,
}

/// Everything one pipeline run produced.
#[derive(Debug, Clone)]
pub struct IndexResult {
    /// Units kept after screening.
    pub units: Vec<String>,
    /// Indicator codes, in framework order.
    pub indicators: Vec<String>,
    /// All codes in result order: indicators, then aggregates by level.
    pub codes: Vec<String>,
    /// Level of each code in `codes`.
    pub levels: Vec<u32>,
    /// Values after denomination, screening and imputation, `[indicator][unit]`.
    pub imputed: Vec<Vec<f64>>,
    /// Values after outlier treatment, `[indicator][unit]`.
    pub treated: Vec<Vec<f64>>,
    /// Scores of every code, `[code][unit]`; indicator scores are the normalised values.
    pub scores: Vec<Vec<f64>>,
    /// Competition ranks of `scores`.
    pub ranks: Vec<Vec<Option<u32>>>,
    /// Treatment record of each indicator.
    pub treatment: Vec<Detail>,
    /// Units removed by screening, with their data coverage.
    pub screened_out: Vec<(String, f64)>,
    /// Output sub-index divided by input sub-index, when requested.
    pub efficiency: Option<Vec<f64>>,
    /// Strengths and weaknesses of each unit.
    pub highlights: Vec<Highlight>,
    /// Record of how the result was made, step by step.
    pub log: Vec<LogEntry>,
    /// The settings used.
    pub settings: Settings,
}

impl IndexResult {
    fn code_position(&self, code: &str) -> Option<usize> {
        self.codes.iter().position(|c| c == code)
    }

    /// Scores of one code over the units, or `None` for an unknown code.
    pub fn column(&self, code: &str) -> Option<&[f64]> {
        self.code_position(code).map(|i| self.scores[i].as_slice())
    }

    /// Score of one unit on one code.
    pub fn score(&self, code: &str, unit: &str) -> Option<f64> {
        let u = self.units.iter().position(|x| x == unit)?;
        self.column(code).map(|c| c[u])
    }

    /// Rank of one unit on one code.
    pub fn rank(&self, code: &str, unit: &str) -> Option<u32> {
        let u = self.units.iter().position(|x| x == unit)?;
        self.ranks[self.code_position(code)?][u]
    }

    /// Returns the code with the highest level (the index), first in result order among equals.
    pub fn top_code(&self) -> &str {
        let top = self.levels.iter().copied().max().unwrap_or(1);
        let i = self.levels.iter().position(|l| *l == top).unwrap_or(0);
        &self.codes[i]
    }
}

impl Model {
    /// Validates the framework nodes and the data together.
    ///
    /// # Errors
    ///
    /// [`IndexError::Invalid`] listing every problem of the framework and the data.
    pub fn new(nodes: Vec<Node>, data: &Dataset) -> Result<Model> {
        let mut problems = check_nodes(&nodes);
        problems.extend(data.problems.iter().cloned());
        let indicators: Vec<&Node> = nodes.iter().filter(|n| n.level == 1).collect();

        let mut values = Vec::with_capacity(indicators.len());
        let mut denominators = Vec::with_capacity(indicators.len());
        for node in &indicators {
            match data.numbers(&node.code) {
                Ok(column) => values.push(column.to_vec()),
                Err(problem) => problems.push(problem),
            }
            let Some(denominator) = &node.denominator else {
                denominators.push(None);
                continue;
            };
            match data.numbers(denominator) {
                Ok(column) => denominators.push(Some(column.to_vec())),
                Err(Problem::MissingIndicator { .. }) => {
                    problems.push(Problem::MissingDenominator { code: node.code.clone(), denominator: denominator.clone() })
                }
                Err(problem) => problems.push(problem),
            }
        }
        if !problems.is_empty() {
            return Err(IndexError::Invalid(problems));
        }

        let framework = Framework::new(nodes)?;
        Ok(Model { framework, units: data.units.clone(), values, denominators, data: data.clone() })
    }

    /// Runs the pipeline.
    ///
    /// # Errors
    ///
    /// [`IndexError::InvalidSetting`] or [`IndexError::UnknownCode`] for bad
    /// settings, [`IndexError::TooFewUnits`] after screening, and the errors of
    /// normalisation and aggregation.
    pub fn run(&self, settings: &Settings) -> Result<IndexResult> {
        self.run_on(&self.values, settings)
    }

    /// Runs the pipeline on other raw values (`[indicator][unit]`, same shape as
    /// [`Model::values`]) without copying the model.
    ///
    /// # Errors
    ///
    /// As [`Model::run`]; [`IndexError::InvalidSetting`] when the shape differs.
    pub fn run_on(&self, values: &[Vec<f64>], settings: &Settings) -> Result<IndexResult> {
        if values.len() != self.values.len() || values.iter().any(|c| c.len() != self.units.len()) {
            return Err(super::invalid_setting("values", values.len(), "must have one column per indicator and one value per unit"));
        }
        let mut log = Vec::new();
        let mut prepared = self.prepare(values, settings, &mut log)?;
        let (weights, methods) = (self.node_weights(settings), self.node_methods(settings));
        let rules = AggregationRules { weights: &weights, methods: &methods, min_coverage: settings.min_coverage };
        self.aggregate_into(&mut prepared.scores, &rules, &prepared.units)?;

        let Prepared { units, imputed, treated, treatment, screened_out, scores: flat, .. } = prepared;
        let n_units = units.len();
        let order = self.framework.result_order();
        let codes: Vec<String> = order.iter().map(|i| self.framework.nodes[*i].code.clone()).collect();
        let levels: Vec<u32> = order.iter().map(|i| self.framework.nodes[*i].level).collect();
        let scores: Vec<Vec<f64>> = order.iter().map(|i| flat[i * n_units..(i + 1) * n_units].to_vec()).collect();
        let ranks: Vec<Vec<Option<u32>>> = scores.iter().map(|s| competition_ranks(s)).collect();
        log.push(entry("ranking", "ranks", "competition ranks (1, 2, 2, 4) of full-precision scores; missing scores unranked"));

        let efficiency = settings.efficiency.as_ref().map(|(input, output)| {
            let position = |code: &str| order.iter().position(|i| self.framework.nodes[*i].code == code).expect("codes checked");
            let (input, output) = (&scores[position(input)], &scores[position(output)]);
            input.iter().zip(output).map(|(i, o)| o / i).collect()
        });
        let indicators = self.framework.indicator_codes();
        let n = indicators.len();
        let highlights = highlights(&units, &indicators, &ranks[..n], &scores[..n], settings.strengths);

        Ok(IndexResult { units, indicators, codes, levels, imputed, treated, scores, ranks, treatment, screened_out, efficiency, highlights, log, settings: settings.clone() })
    }

    /// Runs the steps that do not depend on weights or aggregation methods:
    /// the checks of the settings, denomination, screening, imputation,
    /// treatment and normalisation. Appends to `log`.
    ///
    /// `values` must have the shape of [`Model::values`]. The uncertainty
    /// analysis calls this once per distinct choice of these steps and then
    /// only aggregates for each replication.
    ///
    /// # Errors
    ///
    /// As [`Model::run`], except the aggregation errors.
    pub(crate) fn prepare(&self, values: &[Vec<f64>], settings: &Settings, log: &mut Vec<LogEntry>) -> Result<Prepared> {
        settings.check()?;
        self.check_codes(settings)?;
        log.extend(self.log_start(settings));

        let raw = self.denominated(values);
        let (keep, screened_out) = self.screen(&raw, settings, log)?;
        let units: Vec<String> = keep.iter().map(|u| self.units[*u].clone()).collect();
        let mut imputed: Vec<Vec<f64>> = raw.iter().map(|column| keep.iter().map(|u| column[*u]).collect()).collect();
        self.impute(&mut imputed, &settings.imputation, &keep, log);

        let (treated, treatment) = self.treat(&imputed, settings, log);
        let normalised = self.normalise(&treated, settings)?;

        let n_units = units.len();
        let mut scores = vec![f64::NAN; self.framework.nodes.len() * n_units];
        for (column, i) in normalised.iter().zip(&self.framework.indicators) {
            scores[i * n_units..(i + 1) * n_units].copy_from_slice(column);
        }
        Ok(Prepared { keep, units, screened_out, imputed, treated, treatment, scores })
    }

    /// Weight of every node, `framework.nodes` order: the setting's when it names the code, else the framework's.
    pub(crate) fn node_weights(&self, settings: &Settings) -> Vec<f64> {
        self.framework.nodes.iter().map(|node| settings.weights.get(&node.code).copied().unwrap_or(node.weight)).collect()
    }

    /// Aggregation method of every node, `framework.nodes` order, from its level (indicators get one too, unused).
    pub(crate) fn node_methods(&self, settings: &Settings) -> Vec<Aggregation> {
        self.framework.nodes.iter().map(|node| settings.aggregation_at(node.level)).collect()
    }

    /// Fills the aggregate rows of `scores` from the rows of their children,
    /// lowest level first.
    ///
    /// `scores` contains one row of `units.len()` values per node, in
    /// `framework.nodes` order, with the indicator rows already normalised.
    ///
    /// # Errors
    ///
    /// [`IndexError::NonPositive`] for the first aggregate whose geometric,
    /// harmonic or generalised mean meets a value ≤ 0.
    pub(crate) fn aggregate_into(&self, scores: &mut [f64], rules: &AggregationRules, units: &[String]) -> Result<()> {
        let n_units = units.len();
        for &a in &self.framework.aggregates {
            for (u, unit) in units.iter().enumerate() {
                let score = self.aggregate_cell(a, rules, unit, |child| scores[child * n_units + u])?;
                scores[a * n_units + u] = score;
            }
        }
        Ok(())
    }

    /// Score of aggregate `a` for one unit, where `value(child)` is the unit's score on a child node.
    ///
    /// # Errors
    ///
    /// [`IndexError::NonPositive`] when a geometric, harmonic or generalised mean meets a value ≤ 0.
    pub(crate) fn aggregate_cell(&self, a: usize, rules: &AggregationRules, unit: &str, value: impl Fn(usize) -> f64) -> Result<f64> {
        let children = &self.framework.children[a];
        let method = rules.methods[a];
        match weighted_mean_by(children.len(), |k| (rules.weights[children[k]], value(children[k])), method, rules.min_coverage) {
            Ok(score) => Ok(score),
            Err(MeanError::NonPositive(k)) => Err(self.non_positive(a, children[k], unit, method, value(children[k]))),
        }
    }

    /// Builds the error of a geometric, harmonic or generalised mean of aggregate `a` meeting `value` ≤ 0 at `child`.
    fn non_positive(&self, a: usize, child: usize, unit: &str, method: Aggregation, value: f64) -> IndexError {
        let nodes = &self.framework.nodes;
        IndexError::NonPositive { method: method.name(), child: nodes[child].code.clone(), unit: unit.to_string(), aggregate: nodes[a].code.clone(), value }
    }

    fn check_codes(&self, settings: &Settings) -> Result<()> {
        let known = |code: &String| self.framework.position(code).map(|_| ()).ok_or_else(|| IndexError::UnknownCode(code.clone()));
        settings.weights.keys().try_for_each(known)?;
        settings.treatment.forced.keys().try_for_each(known)?;
        if let Some((input, output)) = &settings.efficiency {
            known(input)?;
            known(output)?;
        }
        match &settings.imputation {
            Imputation::GroupMean { group } | Imputation::GroupMedian { group } if self.data.labels(group).is_none() => {
                Err(IndexError::Invalid(vec![Problem::MissingColumn { column: group.clone() }]))
            }
            _ => Ok(()),
        }
    }

    fn log_start(&self, settings: &Settings) -> Vec<LogEntry> {
        let f = &self.framework;
        let mut log = vec![
            entry("validation", "units", &self.units.len().to_string()),
            entry("validation", "indicators", &f.indicators.len().to_string()),
            entry("validation", "aggregates", &f.aggregates.len().to_string()),
            entry("settings", "json", &serde_json::to_string(settings).unwrap_or_default()),
        ];
        for (i, node) in f.indicators.iter().map(|i| &f.nodes[*i]).enumerate() {
            if let (Some(denominator), Some(_)) = (&node.denominator, &self.denominators[i]) {
                log.push(entry("denomination", &node.code, &format!("divided by `{denominator}`")));
            }
        }

        let t = &settings.treatment;
        let rule = format!(
            "enabled: {}; fails when |skewness| >= {} and kurtosis >= {} (Excel SKEW/KURT); winsorise up to {} point(s), ties {:?}, else ln(x - min + 0.01*range)",
            t.enabled, t.skew, t.kurt, t.winsor_max, t.ties
        );
        log.push(entry("treatment", "rule", &rule));
        log.push(entry("normalisation", "method", &serde_json::to_string(&settings.normalisation).unwrap_or_default()));
        log.push(entry("normalisation", "constant indicators", &format!("{:?}", settings.constant)));
        let mut levels: Vec<u32> = f.aggregates.iter().map(|a| f.nodes[*a].level).collect();
        levels.dedup();
        for level in levels {
            let method = settings.aggregation_at(level).name();
            let coverage = settings.min_coverage.map_or("any".to_string(), |c| format!("at least {:.0}%", c * 100.0));
            let text = format!("weighted {method} mean; missing children dropped and weights renormalised; children with a value: {coverage}");
            log.push(entry("aggregation", &format!("level {level}"), &text));
        }
        log
    }

    /// Divides raw indicator values by their denominators.
    fn denominated(&self, values: &[Vec<f64>]) -> Vec<Vec<f64>> {
        values
            .iter()
            .zip(&self.denominators)
            .map(|(values, denominator)| match denominator {
                Some(d) => values.iter().zip(d).map(|(v, d)| v / d).collect(),
                None => values.clone(),
            })
            .collect()
    }

    /// Returns the positions of the units kept and the units removed with their coverage.
    fn screen(&self, raw: &[Vec<f64>], settings: &Settings, log: &mut Vec<LogEntry>) -> Result<Screened> {
        let all: Vec<usize> = (0..self.units.len()).collect();
        let Some(threshold) = settings.screening else { return Ok((all, Vec::new())) };
        let n = raw.len() as f64;
        let coverage = |u: usize| raw.iter().filter(|c| !c[u].is_nan()).count() as f64 / n;
        let (keep, dropped): (Vec<usize>, Vec<usize>) = all.into_iter().partition(|u| coverage(*u) >= threshold);
        if keep.len() < 2 {
            return Err(IndexError::TooFewUnits { remaining: keep.len(), threshold });
        }
        log.push(entry("screening", "threshold", &format!("units need at least {:.1}% of indicator values", threshold * 100.0)));
        let removed: Vec<(String, f64)> = dropped.iter().map(|u| (self.units[*u].clone(), coverage(*u))).collect();
        for (unit, share) in &removed {
            log.push(entry("screening", unit, &format!("removed: coverage {:.1}%", share * 100.0)));
        }
        Ok((keep, removed))
    }

    /// Labels of a data column, one per unit in [`Model::units`] order; `None` when the column is not found.
    pub fn labels(&self, column: &str) -> Option<Vec<Option<String>>> {
        self.data.labels(column)
    }

    /// Group labels of the kept units for the group imputation methods, `None` for the others.
    pub(crate) fn groups(&self, method: &Imputation, keep: &[usize]) -> Option<Vec<Option<String>>> {
        match method {
            Imputation::GroupMean { group } | Imputation::GroupMedian { group } => {
                self.data.labels(group).map(|labels| keep.iter().map(|u| labels[*u].clone()).collect())
            }
            _ => None,
        }
    }

    fn impute(&self, columns: &mut [Vec<f64>], method: &Imputation, keep: &[usize], log: &mut Vec<LogEntry>) {
        let groups = self.groups(method, keep);
        if *method == Imputation::None {
            return;
        }
        log.push(entry("imputation", "method", &serde_json::to_string(method).unwrap_or_default()));
        for (i, column) in columns.iter_mut().enumerate() {
            let filled = impute_column(column, method, groups.as_deref());
            if filled > 0 {
                let code = &self.framework.nodes[self.framework.indicators[i]].code;
                log.push(entry("imputation", code, &format!("{filled} value(s) imputed")));
            }
        }
    }

    fn treat(&self, columns: &[Vec<f64>], settings: &Settings, log: &mut Vec<LogEntry>) -> (Vec<Vec<f64>>, Vec<Detail>) {
        let mut treated = Vec::with_capacity(columns.len());
        let mut details = Vec::with_capacity(columns.len());
        for (i, column) in columns.iter().enumerate() {
            let code = &self.framework.nodes[self.framework.indicators[i]].code;
            let (values, detail) = treat_column(code, column, &settings.treatment);
            if detail.action != super::treat::Action::None {
                let forced = if detail.forced { " (forced)" } else { "" };
                log.push(entry("treatment", code, &format!("{}{forced}, {} point(s)", detail.action.name(), detail.points.len())));
            }
            treated.push(values);
            details.push(detail);
        }
        (treated, details)
    }

    fn normalise(&self, columns: &[Vec<f64>], settings: &Settings) -> Result<Vec<Vec<f64>>> {
        let f = &self.framework;
        columns
            .iter()
            .zip(&f.indicators)
            .map(|(column, i)| normalise_column(&f.nodes[*i], column, &settings.normalisation, settings.constant))
            .collect()
    }
}

type Screened = (Vec<usize>, Vec<(String, f64)>);

/// Rule for computing aggregates from their children.
pub(crate) struct AggregationRules<'a> {
    /// Weight of every node, `framework.nodes` order ([`Model::node_weights`]).
    pub(crate) weights: &'a [f64],
    /// Aggregation method of every node, `framework.nodes` order ([`Model::node_methods`]).
    pub(crate) methods: &'a [Aggregation],
    /// Minimum share of children with a value, as [`Settings::min_coverage`].
    pub(crate) min_coverage: Option<f64>,
}

/// The results of [`Model::prepare`]: every step before aggregation.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// Positions in [`Model::units`] of the units kept by screening.
    pub(crate) keep: Vec<usize>,
    /// Codes of the units kept.
    pub(crate) units: Vec<String>,
    /// Units removed by screening, with their data coverage.
    pub(crate) screened_out: Vec<(String, f64)>,
    /// Values after imputation, `[indicator][unit]`.
    pub(crate) imputed: Vec<Vec<f64>>,
    /// Values after treatment, `[indicator][unit]`.
    pub(crate) treated: Vec<Vec<f64>>,
    /// Treatment record of each indicator.
    pub(crate) treatment: Vec<Detail>,
    /// Scores, one row of `units.len()` values per node in `framework.nodes`
    /// order: normalised values in the indicator rows, `NaN` in the aggregate
    /// rows until [`Model::aggregate_into`] fills them.
    pub(crate) scores: Vec<f64>,
}

fn entry(step: &'static str, item: &str, value: &str) -> LogEntry {
    LogEntry { step, item: item.to_string(), value: value.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::settings::{Aggregation, Normalisation};

    fn model() -> Model {
        let nodes = vec![
            Node::indicator("a", "p"),
            Node { direction: -1.0, ..Node::indicator("b", "p") },
            Node::indicator("c", "q"),
            Node::aggregate("p", Some("idx"), 2),
            Node::aggregate("q", Some("idx"), 2),
            Node::aggregate("idx", None, 3),
        ];
        let data = Dataset::from_columns(
            vec!["u1".into(), "u2".into(), "u3".into()],
            vec![("a".into(), vec![1.0, 2.0, 3.0]), ("b".into(), vec![1.0, f64::NAN, 3.0]), ("c".into(), vec![0.0, 10.0, 5.0])],
        );
        Model::new(nodes, &data).unwrap()
    }

    #[test]
    fn scores_at_every_level() {
        let result = model().run(&Settings::default()).unwrap();
        assert_eq!(result.codes, vec!["a", "b", "c", "p", "q", "idx"]);
        assert_eq!(result.score("p", "u2"), Some(50.0));
        assert_eq!(result.score("p", "u1"), Some(50.0));
        assert_eq!(result.score("idx", "u2"), Some(75.0));
        assert_eq!(result.rank("idx", "u2"), Some(1));
        assert_eq!(result.top_code(), "idx");
    }

    #[test]
    fn efficiency_and_highlights() {
        let settings = Settings { efficiency: Some(("p".into(), "q".into())), strengths: 1, ..Settings::default() };
        let result = model().run(&settings).unwrap();
        let efficiency = result.efficiency.clone().unwrap();
        assert_eq!(efficiency[1], 100.0 / 50.0);
        let u2: Vec<_> = result.highlights.iter().filter(|h| h.unit == "u2").collect();
        assert_eq!(u2.len(), 2);
        assert_eq!(u2[0].indicator, "c");
        assert_eq!(u2[1].kind, "weakness");
    }

    #[test]
    fn min_coverage_leaves_aggregate_missing() {
        let settings = Settings { min_coverage: Some(1.0), ..Settings::default() };
        let result = model().run(&settings).unwrap();
        assert!(result.score("p", "u2").unwrap().is_nan());
        assert_eq!(result.rank("p", "u2"), None);
        assert_eq!(result.rank("idx", "u2"), None, "the rule applies at every level");
        assert_eq!(result.rank("idx", "u1"), Some(2));
    }

    #[test]
    fn group_median_imputation() {
        let nodes = vec![Node::indicator("a", "i"), Node::aggregate("i", None, 2)];
        let data = Dataset::from_csv("u,g,a\nw,x,1\nv,x,5\nz,x,\ny,y,10\n", "u");
        let model = Model::new(nodes, &data).unwrap();
        let settings = Settings { imputation: Imputation::GroupMedian { group: "g".into() }, normalisation: Normalisation::None, ..Settings::default() };
        let result = model.run(&settings).unwrap();
        assert_eq!(result.imputed[0], vec![1.0, 5.0, 3.0, 10.0]);
        assert!(result.log.iter().any(|e| e.step == "imputation" && e.value == "1 value(s) imputed"));
        let missing_group = Settings { imputation: Imputation::GroupMean { group: "nope".into() }, ..Settings::default() };
        assert!(model.run(&missing_group).unwrap_err().to_string().contains("`nope`"));
    }

    #[test]
    fn harmonic_and_generalised_means_run() {
        let settings = Settings { normalisation: Normalisation::MinMax { lower: 1.0, upper: 100.0, goalposts: true }, aggregation: Aggregation::Harmonic, ..Settings::default() };
        let harmonic = model().run(&settings).unwrap();
        let arithmetic = model().run(&Settings { aggregation: Aggregation::Arithmetic, ..settings.clone() }).unwrap();
        let generalised = model().run(&Settings { aggregation: Aggregation::Generalised { p: 1.0 }, ..settings }).unwrap();
        assert!(harmonic.score("idx", "u1").unwrap() < arithmetic.score("idx", "u1").unwrap());
        assert!((generalised.score("idx", "u1").unwrap() - arithmetic.score("idx", "u1").unwrap()).abs() < 1e-9);
    }

    #[test]
    fn denominator_divides_before_other_steps() {
        let nodes = vec![Node { denominator: Some("pop".into()), ..Node::indicator("a", "i") }, Node::aggregate("i", None, 2)];
        let data = Dataset::from_csv("u,a,pop\nx,10,2\ny,9,3\nz,8,1\n", "u");
        let model = Model::new(nodes, &data).unwrap();
        let result = model.run(&Settings { normalisation: Normalisation::None, ..Settings::default() }).unwrap();
        assert_eq!(result.imputed[0], vec![5.0, 3.0, 8.0]);
        assert_eq!(result.rank("i", "z"), Some(1));
        assert!(result.log.iter().any(|e| e.step == "denomination" && e.item == "a"));
    }

    #[test]
    fn missing_denominator_reported() {
        let nodes = vec![Node { denominator: Some("gdp".into()), ..Node::indicator("a", "i") }, Node::aggregate("i", None, 2)];
        let data = Dataset::from_csv("u,a\nx,1\ny,2\n", "u");
        let Err(IndexError::Invalid(problems)) = Model::new(nodes, &data) else { panic!("expected validation error") };
        assert_eq!(problems, vec![Problem::MissingDenominator { code: "a".into(), denominator: "gdp".into() }]);
    }

    #[test]
    fn log_names_every_step() {
        let result = model().run(&Settings::pii()).unwrap();
        let steps: Vec<&str> = result.log.iter().map(|e| e.step).collect();
        for step in ["validation", "settings", "treatment", "normalisation", "aggregation", "ranking"] {
            assert!(steps.contains(&step), "{step} missing from {steps:?}");
        }
        let levels: Vec<&str> = result.log.iter().filter(|e| e.step == "aggregation").map(|e| e.item.as_str()).collect();
        assert_eq!(levels, vec!["level 2", "level 3"]);
    }

    #[test]
    fn geometric_mean_names_indicator_and_unit() {
        let settings = Settings { aggregation: Aggregation::Geometric, ..Settings::default() };
        let error = model().run(&settings).unwrap_err();
        let text = error.to_string();
        assert!(text.contains("`a`") && text.contains("`u1`"), "{text}");
    }

    #[test]
    fn screening_removes_sparse_units() {
        let settings = Settings { screening: Some(0.9), normalisation: Normalisation::None, ..Settings::default() };
        let result = model().run(&settings).unwrap();
        assert_eq!(result.units, vec!["u1", "u3"]);
        assert_eq!(result.screened_out.len(), 1);
        assert!(result.log.iter().any(|e| e.step == "screening" && e.item == "u2"));
    }

    #[test]
    fn missing_indicator_and_text_reported_together() {
        let nodes = vec![Node::indicator("a", "p"), Node::indicator("z", "p"), Node::aggregate("p", None, 2), Node::aggregate("lonely", None, 2)];
        let data = Dataset::from_csv("u,a\nX,1\nY,oops\n", "u");
        let Err(IndexError::Invalid(problems)) = Model::new(nodes, &data) else { panic!("expected validation error") };
        assert!(problems.contains(&Problem::MissingIndicator { code: "z".into() }), "{problems:?}");
        assert!(problems.contains(&Problem::NoChildren { code: "lonely".into() }), "{problems:?}");
        assert!(problems.iter().any(|p| matches!(p, Problem::NonNumeric { column, .. } if column == "a")), "{problems:?}");
    }
}

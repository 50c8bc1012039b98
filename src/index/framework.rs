//! The index framework: one node per indicator or aggregate, and its validation.
//!
//! Indicators are the nodes at level 1. Every other node is an aggregate whose
//! score is a weighted mean of its children. A child's level must be below its
//! parent's level, so a valid framework has no cycles.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{IndexError, Result};

/// One indicator or aggregate of the framework.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Node {
    /// Unique code, used as the column name in data and results.
    pub code: String,
    /// Code of the aggregate this node feeds, `None` for a root (the index).
    pub parent: Option<String>,
    /// Level: 1 for indicators, higher for aggregates.
    pub level: u32,
    /// Weight within the parent; weights are renormalised within each parent.
    pub weight: f64,
    /// +1 when a higher value is better, −1 when a lower value is better.
    pub direction: f64,
    /// Display name.
    pub name: Option<String>,
    /// Unit of measurement.
    pub unit: Option<String>,
    /// Lower goalpost (raw units), used by min-max normalisation when `upper` is also set.
    pub lower: Option<f64>,
    /// Upper goalpost (raw units); also the target of distance-to-target normalisation.
    pub upper: Option<f64>,
    /// Code of a data column that this indicator is divided by before any other step.
    pub denominator: Option<String>,
}

impl Node {
    /// Creates an indicator (level 1) with weight 1 and direction +1.
    pub fn indicator(code: &str, parent: &str) -> Node {
        Node {
            code: code.to_string(),
            parent: Some(parent.to_string()),
            level: 1,
            weight: 1.0,
            direction: 1.0,
            name: None,
            unit: None,
            lower: None,
            upper: None,
            denominator: None,
        }
    }

    /// Creates an aggregate at `level` with weight 1.
    pub fn aggregate(code: &str, parent: Option<&str>, level: u32) -> Node {
        Node { level, parent: parent.map(str::to_string), ..Node::indicator(code, "") }
    }
}

/// One problem found by validation, naming the codes involved.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Problem {
    /// A code appears on more than one framework row.
    DuplicateCode {
        /// The repeated code.
        code: String,
        /// Number of rows with it.
        count: usize,
    },
    /// A node names a parent that is not in the framework.
    MissingParent {
        /// Node code.
        code: String,
        /// The parent named.
        parent: String,
    },
    /// Following parents from these codes comes back to the start.
    Cycle {
        /// Codes on the cycle, in parent order.
        codes: Vec<String>,
    },
    /// An aggregate (level above 1) has no children.
    NoChildren {
        /// Aggregate code.
        code: String,
    },
    /// A weight is not a finite positive number.
    InvalidWeight {
        /// Node code.
        code: String,
        /// The weight given.
        weight: f64,
    },
    /// A direction is neither +1 nor −1.
    InvalidDirection {
        /// Node code.
        code: String,
        /// The direction given.
        direction: f64,
    },
    /// A level is 0, or a child's level is not below its parent's.
    InvalidLevel {
        /// Node code.
        code: String,
        /// Its level.
        level: u32,
        /// Parent code, when the problem is the order of levels.
        parent: Option<String>,
    },
    /// The lower goalpost is not below the upper one.
    InvalidGoalposts {
        /// Indicator code.
        code: String,
        /// Lower goalpost.
        lower: f64,
        /// Upper goalpost.
        upper: f64,
    },
    /// The framework has no indicator (no node at level 1).
    NoIndicators,
    /// An indicator of the framework has no column in the data.
    MissingIndicator {
        /// Indicator code.
        code: String,
    },
    /// A denominator named by an indicator has no column in the data.
    MissingDenominator {
        /// Indicator code.
        code: String,
        /// Denominator column named.
        denominator: String,
    },
    /// A column that must be numeric contains text that is not a number.
    NonNumeric {
        /// Column name.
        column: String,
        /// Up to three (unit, text) examples.
        examples: Vec<(String, String)>,
        /// Number of cells that are not numbers.
        count: usize,
    },
    /// A unit code appears on more than one row.
    DuplicateUnit {
        /// The repeated unit code.
        unit: String,
    },
    /// A row has no unit code.
    MissingUnit {
        /// Row number, from 1.
        row: usize,
    },
    /// The data table lacks a column it needs (unit code, long-format columns, group).
    MissingColumn {
        /// Column name.
        column: String,
    },
    /// A framework cell cannot be read (a level that is not a whole number, a weight that is not a number).
    InvalidField {
        /// Code of the row (or `row N` when the code is missing).
        code: String,
        /// Column name.
        column: String,
        /// The text found.
        value: String,
    },
    /// In long-format data, a (unit, indicator) pair appears more than once.
    DuplicateValue {
        /// Unit code.
        unit: String,
        /// Indicator code.
        indicator: String,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::DuplicateCode { code, count } => write!(f, "code `{code}` appears on {count} rows; codes must be unique"),
            Problem::MissingParent { code, parent } => write!(f, "`{code}` names parent `{parent}`, which is not in the framework"),
            Problem::Cycle { codes } => write!(f, "parents form a cycle: {}", codes.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(" → ")),
            Problem::NoChildren { code } => write!(f, "aggregate `{code}` has no children; give it children or make it level 1"),
            Problem::InvalidWeight { code, weight } => write!(f, "`{code}` has weight {weight}; weights must be finite and positive"),
            Problem::InvalidDirection { code, direction } => write!(f, "`{code}` has direction {direction}; use 1 or -1"),
            Problem::InvalidLevel { code, level, parent: None } => write!(f, "`{code}` has level {level}; levels start at 1"),
            Problem::InvalidLevel { code, level, parent: Some(parent) } => {
                write!(f, "`{code}` (level {level}) has parent `{parent}` at the same or a lower level; a parent's level must be higher")
            }
            Problem::InvalidGoalposts { code, lower, upper } => write!(f, "`{code}` has goalposts {lower}..{upper}; the lower must be below the upper"),
            Problem::NoIndicators => write!(f, "the framework has no indicator (level 1)"),
            Problem::MissingIndicator { code } => write!(f, "indicator `{code}` has no column in the data"),
            Problem::MissingDenominator { code, denominator } => write!(f, "indicator `{code}` is divided by `{denominator}`, which has no column in the data"),
            Problem::NonNumeric { column, examples, count } => {
                let shown: Vec<String> = examples.iter().map(|(unit, text)| format!("`{unit}`: \"{text}\"")).collect();
                write!(f, "column `{column}` has {count} value(s) that are not numbers ({})", shown.join(", "))
            }
            Problem::DuplicateUnit { unit } => write!(f, "unit `{unit}` appears on more than one row"),
            Problem::MissingUnit { row } => write!(f, "row {row} has no unit code"),
            Problem::MissingColumn { column } => write!(f, "the data has no column `{column}`"),
            Problem::InvalidField { code, column, value } => write!(f, "`{code}` has {column} \"{value}\", which cannot be read as a number"),
            Problem::DuplicateValue { unit, indicator } => write!(f, "unit `{unit}` has more than one value for `{indicator}`"),
        }
    }
}

/// Joins the first five problems and counts the rest.
pub(crate) fn summarise(problems: &[Problem]) -> String {
    let shown: Vec<String> = problems.iter().take(5).map(Problem::to_string).collect();
    let mut text = shown.join("; ");
    if problems.len() > 5 {
        text.push_str(&format!("; … and {} more", problems.len() - 5));
    }
    text
}

/// A validated framework.
#[derive(Debug, Clone)]
pub struct Framework {
    /// The nodes, in the order given.
    pub nodes: Vec<Node>,
    /// Positions (in `nodes`) of the indicators, in the order given.
    pub indicators: Vec<usize>,
    /// Positions of the aggregates, ordered by level (lowest first).
    pub aggregates: Vec<usize>,
    /// Positions of each node's children.
    pub children: Vec<Vec<usize>>,
    positions: HashMap<String, usize>,
}

impl Framework {
    /// Validates `nodes` and builds the framework.
    ///
    /// # Errors
    ///
    /// [`IndexError::Invalid`] listing every problem found.
    pub fn new(nodes: Vec<Node>) -> Result<Framework> {
        let problems = check_nodes(&nodes);
        if !problems.is_empty() {
            return Err(IndexError::Invalid(problems));
        }
        Ok(Framework::build(nodes))
    }

    fn build(nodes: Vec<Node>) -> Framework {
        let positions: HashMap<String, usize> = nodes.iter().enumerate().map(|(i, n)| (n.code.clone(), i)).collect();
        let mut children = vec![Vec::new(); nodes.len()];
        for (i, node) in nodes.iter().enumerate() {
            if let Some(parent) = node.parent.as_ref().and_then(|p| positions.get(p)) {
                children[*parent].push(i);
            }
        }
        let indicators = (0..nodes.len()).filter(|i| nodes[*i].level == 1).collect();
        let mut aggregates: Vec<usize> = (0..nodes.len()).filter(|i| nodes[*i].level > 1).collect();
        aggregates.sort_by_key(|i| nodes[*i].level);
        Framework { nodes, indicators, aggregates, children, positions }
    }

    /// Position of a code in `nodes`.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.positions.get(code).copied()
    }

    /// Codes of the indicators, in order.
    pub fn indicator_codes(&self) -> Vec<String> {
        self.indicators.iter().map(|i| self.nodes[*i].code.clone()).collect()
    }

    /// Codes in result order: indicators, then aggregates by level.
    pub fn result_order(&self) -> Vec<usize> {
        self.indicators.iter().chain(&self.aggregates).copied().collect()
    }

    /// Returns the root aggregates (no parent), highest level first.
    pub fn roots(&self) -> Vec<usize> {
        let mut roots: Vec<usize> = self.aggregates.iter().copied().filter(|i| self.nodes[*i].parent.is_none()).collect();
        roots.reverse();
        roots
    }
}

/// Builds nodes from framework columns given as text: `code`, `parent`, `level`,
/// and optionally `weight` (default 1), `direction` (default 1), `name`,
/// `unit`, `lower`, `upper` and `denominator`. Empty cells are missing.
///
/// # Errors
///
/// [`IndexError::Invalid`] listing every cell that cannot be read and every missing column.
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
/// let cell = |t: &str| Some(t.to_string());
/// let mut columns = BTreeMap::new();
/// columns.insert("code".to_string(), vec![cell("a"), cell("idx")]);
/// columns.insert("parent".to_string(), vec![cell("idx"), None]);
/// columns.insert("level".to_string(), vec![cell("1"), cell("2")]);
/// let nodes = chiso::index::framework::nodes_from_columns(&columns).unwrap();
/// assert_eq!(nodes[1].parent, None);
/// ```
pub fn nodes_from_columns(columns: &BTreeMap<String, Vec<Option<String>>>) -> Result<Vec<Node>> {
    let mut problems = Vec::new();
    for required in ["code", "parent", "level"] {
        if !columns.contains_key(required) {
            problems.push(Problem::MissingColumn { column: required.to_string() });
        }
    }
    if !problems.is_empty() {
        return Err(IndexError::Invalid(problems));
    }
    let rows = columns["code"].len();
    let cell = |name: &str, row: usize| -> Option<String> {
        columns.get(name).and_then(|c| c[row].clone()).map(|t| t.trim().to_string()).filter(|t| !t.is_empty() && t != "NA")
    };
    let mut nodes = Vec::with_capacity(rows);
    for row in 0..rows {
        let code = cell("code", row).unwrap_or_else(|| format!("row {}", row + 1));
        let mut number = |name: &str, default: Option<f64>| -> Option<f64> {
            match cell(name, row) {
                None => default,
                Some(text) => text.parse::<f64>().map_err(|_| problems.push(Problem::InvalidField { code: code.clone(), column: name.to_string(), value: text })).ok(),
            }
        };
        let level = number("level", Some(f64::NAN)).unwrap_or(f64::NAN);
        let weight = number("weight", Some(1.0)).unwrap_or(f64::NAN);
        let direction = number("direction", Some(1.0)).unwrap_or(f64::NAN);
        let (lower, upper) = (number("lower", None), number("upper", None));
        if !(level >= 0.0 && level.fract() == 0.0) {
            let text = cell("level", row).unwrap_or_default();
            problems.push(Problem::InvalidField { code: code.clone(), column: "level".into(), value: text });
        }
        nodes.push(Node {
            code,
            parent: cell("parent", row),
            level: if level >= 0.0 { level as u32 } else { 0 },
            weight,
            direction,
            name: cell("name", row),
            unit: cell("unit", row),
            lower,
            upper,
            denominator: cell("denominator", row),
        });
    }
    if problems.is_empty() {
        Ok(nodes)
    } else {
        Err(IndexError::Invalid(problems))
    }
}

/// Reads a framework CSV with the columns of [`nodes_from_columns`].
///
/// # Errors
///
/// As [`nodes_from_columns`].
pub fn nodes_from_csv(text: &str) -> Result<Vec<Node>> {
    nodes_from_columns(&csv_columns(text))
}

/// Reads COINr's `iMeta` table (columns `iCode`, `Parent`, `Level`, `Weight`,
/// `Direction`, `iName`, `Unit`, `Type`), keeping the rows of type
/// `Indicator` and `Aggregate`. The `Denominator` column is left out, because
/// COINr applies denominators only when `Denominate()` is called.
///
/// # Errors
///
/// As [`nodes_from_columns`].
pub fn nodes_from_coinr_imeta(text: &str) -> Result<Vec<Node>> {
    let raw = csv_columns(text);
    let keep: Vec<usize> = match raw.get("Type") {
        Some(types) => (0..types.len()).filter(|i| matches!(types[*i].as_deref(), Some("Indicator") | Some("Aggregate"))).collect(),
        None => (0..raw.values().next().map_or(0, Vec::len)).collect(),
    };
    let renames = [("iCode", "code"), ("Parent", "parent"), ("Level", "level"), ("Weight", "weight"), ("Direction", "direction"), ("iName", "name"), ("Unit", "unit")];
    let mut columns = BTreeMap::new();
    for (from, to) in renames {
        if let Some(cells) = raw.get(from) {
            columns.insert(to.to_string(), keep.iter().map(|i| cells[*i].clone()).collect());
        }
    }
    nodes_from_columns(&columns)
}

fn csv_columns(text: &str) -> BTreeMap<String, Vec<Option<String>>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().map(|h| h.iter().map(str::to_string).collect()).unwrap_or_default();
    let mut columns: BTreeMap<String, Vec<Option<String>>> = headers.iter().map(|h| (h.clone(), Vec::new())).collect();
    for record in reader.records().flatten() {
        for (i, header) in headers.iter().enumerate() {
            let value = record.get(i).map(str::to_string).filter(|t| !t.is_empty());
            columns.get_mut(header).expect("header inserted").push(value);
        }
    }
    columns
}

/// Checks every rule on the nodes and returns all problems found.
pub fn check_nodes(nodes: &[Node]) -> Vec<Problem> {
    let mut problems = Vec::new();

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for node in nodes {
        *counts.entry(node.code.as_str()).or_default() += 1;
    }
    for (code, count) in &counts {
        if *count > 1 {
            problems.push(Problem::DuplicateCode { code: code.to_string(), count: *count });
        }
    }
    if !nodes.iter().any(|n| n.level == 1) {
        problems.push(Problem::NoIndicators);
    }

    let by_code: HashMap<&str, &Node> = nodes.iter().map(|n| (n.code.as_str(), n)).collect();
    for node in nodes {
        check_node(node, &by_code, &mut problems);
    }

    let with_children: HashSet<&str> = nodes.iter().filter_map(|n| n.parent.as_deref()).collect();
    for node in nodes.iter().filter(|n| n.level > 1 && !with_children.contains(n.code.as_str())) {
        problems.push(Problem::NoChildren { code: node.code.clone() });
    }

    problems.extend(find_cycles(nodes, &by_code));
    problems
}

fn check_node(node: &Node, by_code: &HashMap<&str, &Node>, problems: &mut Vec<Problem>) {
    let code = node.code.clone();
    if !(node.weight.is_finite() && node.weight > 0.0) {
        problems.push(Problem::InvalidWeight { code: code.clone(), weight: node.weight });
    }
    if node.direction != 1.0 && node.direction != -1.0 {
        problems.push(Problem::InvalidDirection { code: code.clone(), direction: node.direction });
    }
    if node.level == 0 {
        problems.push(Problem::InvalidLevel { code: code.clone(), level: 0, parent: None });
    }
    if let (Some(lower), Some(upper)) = (node.lower, node.upper) {
        if lower.partial_cmp(&upper) != Some(std::cmp::Ordering::Less) {
            problems.push(Problem::InvalidGoalposts { code: code.clone(), lower, upper });
        }
    }
    let Some(parent) = &node.parent else { return };
    match by_code.get(parent.as_str()) {
        None => problems.push(Problem::MissingParent { code, parent: parent.clone() }),
        Some(p) if p.level <= node.level && node.level > 0 => {
            problems.push(Problem::InvalidLevel { code, level: node.level, parent: Some(parent.clone()) })
        }
        Some(_) => {}
    }
}

/// Follows parent links from each node and reports each cycle once.
fn find_cycles(nodes: &[Node], by_code: &HashMap<&str, &Node>) -> Vec<Problem> {
    let mut reported: HashSet<String> = HashSet::new();
    let mut problems = Vec::new();
    for start in nodes {
        let mut path: Vec<&str> = vec![start.code.as_str()];
        let mut current = start;
        while let Some(parent) = current.parent.as_deref().and_then(|p| by_code.get(p)) {
            if let Some(at) = path.iter().position(|c| *c == parent.code) {
                let mut cycle: Vec<String> = path[at..].iter().map(|c| c.to_string()).collect();
                let mut key = cycle.clone();
                key.sort();
                if reported.insert(key.join("\u{1f}")) {
                    cycle.push(parent.code.clone());
                    problems.push(Problem::Cycle { codes: cycle });
                }
                break;
            }
            path.push(parent.code.as_str());
            current = parent;
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Vec<Node> {
        vec![Node::indicator("a", "p"), Node::indicator("b", "p"), Node::aggregate("p", None, 2)]
    }

    #[test]
    fn valid_framework_builds() {
        let framework = Framework::new(small()).unwrap();
        assert_eq!(framework.indicator_codes(), vec!["a", "b"]);
        assert_eq!(framework.roots(), vec![2]);
    }

    #[test]
    fn duplicate_code_reported() {
        let mut nodes = small();
        nodes.push(Node::indicator("a", "p"));
        let problems = check_nodes(&nodes);
        assert!(problems.contains(&Problem::DuplicateCode { code: "a".into(), count: 2 }), "{problems:?}");
    }

    #[test]
    fn missing_parent_reported() {
        let mut nodes = small();
        nodes[0].parent = Some("zz".into());
        let problems = check_nodes(&nodes);
        assert!(problems.contains(&Problem::MissingParent { code: "a".into(), parent: "zz".into() }), "{problems:?}");
    }

    #[test]
    fn cycle_reported_once() {
        let nodes = vec![
            Node::indicator("a", "p"),
            Node::aggregate("p", Some("q"), 2),
            Node::aggregate("q", Some("p"), 3),
        ];
        let problems = check_nodes(&nodes);
        let cycles: Vec<_> = problems.iter().filter(|p| matches!(p, Problem::Cycle { .. })).collect();
        assert_eq!(cycles.len(), 1, "{problems:?}");
        assert!(cycles[0].to_string().contains("`p`"));
    }

    #[test]
    fn aggregate_without_children_reported() {
        let mut nodes = small();
        nodes.push(Node::aggregate("empty", None, 2));
        assert!(check_nodes(&nodes).contains(&Problem::NoChildren { code: "empty".into() }));
    }

    #[test]
    fn bad_weight_and_direction_reported() {
        let mut nodes = small();
        nodes[0].weight = f64::NAN;
        nodes[1].weight = 0.0;
        nodes[1].direction = 2.0;
        let problems = check_nodes(&nodes);
        assert_eq!(problems.iter().filter(|p| matches!(p, Problem::InvalidWeight { .. })).count(), 2);
        assert!(problems.contains(&Problem::InvalidDirection { code: "b".into(), direction: 2.0 }));
    }

    #[test]
    fn every_problem_listed_together() {
        let mut nodes = small();
        nodes[0].parent = Some("zz".into());
        nodes[1].weight = -1.0;
        nodes.push(Node::aggregate("p", None, 2));
        let error = Framework::new(nodes).unwrap_err();
        let text = error.to_string();
        assert!(text.contains("`zz`"), "{text}");
        assert!(text.contains("weight -1"), "{text}");
        assert!(text.contains("`p` appears on 2 rows"), "{text}");
    }
}

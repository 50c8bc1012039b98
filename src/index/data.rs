//! Indicator data: one row per unit, one column per indicator (wide form), or
//! one row per (unit, indicator, value) (long form).
//!
//! Problems met while reading (duplicate or missing unit codes, text that is
//! not a number) are kept in the dataset and reported by
//! [`Model::new`](super::Model::new) together with the framework's problems.

use std::collections::{BTreeMap, HashMap, HashSet};

use arrow_array::RecordBatch;

use super::framework::Problem;
use crate::table;

/// One data column.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Numbers, with `NaN` for a missing value.
    Number(Vec<f64>),
    /// Text (group labels, or a numeric column that contains text that is not a number).
    Text(Vec<Option<String>>),
}

/// Indicator values of a set of units.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Unit codes, one per row.
    pub units: Vec<String>,
    /// Columns by name.
    pub columns: BTreeMap<String, Column>,
    /// Problems found while reading.
    pub problems: Vec<Problem>,
}

/// Parses one cell: empty, `NA`, `NaN` and `null` are missing.
fn parse_cell(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() || matches!(text, "NA" | "NaN" | "nan" | "null" | "NULL") {
        return Some(f64::NAN);
    }
    text.parse::<f64>().ok()
}

/// Turns text cells into a numeric column when every cell parses, else keeps the text.
fn column_from_text(cells: Vec<Option<String>>) -> Column {
    let parsed: Option<Vec<f64>> = cells.iter().map(|c| c.as_deref().map_or(Some(f64::NAN), parse_cell)).collect();
    match parsed {
        Some(values) => Column::Number(values),
        None => Column::Text(cells),
    }
}

impl Dataset {
    /// Builds a dataset from numeric columns (`NaN` for missing values).
    pub fn from_columns(units: Vec<String>, columns: Vec<(String, Vec<f64>)>) -> Dataset {
        let mut data = Dataset { units, ..Dataset::default() };
        for (name, values) in columns {
            data.columns.insert(name, Column::Number(values));
        }
        data.check_units();
        data
    }

    /// Reads a wide CSV table whose column `unit_column` contains the unit codes.
    ///
    /// # Examples
    ///
    /// ```
    /// let data = chiso::index::Dataset::from_csv("code,a\nX,1.5\nY,NA\n", "code");
    /// assert_eq!(data.units, vec!["X", "Y"]);
    /// assert!(data.problems.is_empty());
    /// ```
    pub fn from_csv(text: &str, unit_column: &str) -> Dataset {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let headers: Vec<String> = reader.headers().map(|h| h.iter().map(str::to_string).collect()).unwrap_or_default();
        let mut cells: Vec<Vec<Option<String>>> = vec![Vec::new(); headers.len()];
        for record in reader.records().flatten() {
            for (i, column) in cells.iter_mut().enumerate() {
                column.push(record.get(i).map(str::to_string));
            }
        }
        let named: Vec<(String, Vec<Option<String>>)> = headers.into_iter().zip(cells).collect();
        Dataset::from_text_columns(named, unit_column)
    }

    /// Builds a dataset from text columns, parsing numbers where every cell is one.
    pub fn from_text_columns(columns: Vec<(String, Vec<Option<String>>)>, unit_column: &str) -> Dataset {
        let mut data = Dataset::default();
        let mut found = false;
        for (name, cells) in columns {
            if name == unit_column {
                found = true;
                data.units = cells.iter().map(|c| c.clone().unwrap_or_default().trim().to_string()).collect();
            } else {
                data.columns.insert(name, column_from_text(cells));
            }
        }
        if !found {
            data.problems.push(Problem::MissingColumn { column: unit_column.to_string() });
        }
        data.check_units();
        data
    }

    /// Reads a wide Arrow table whose column `unit_column` contains the unit codes.
    pub fn from_batch(batch: &RecordBatch, unit_column: &str) -> Dataset {
        let mut data = Dataset::default();
        match table::column_str(batch, unit_column) {
            Ok(units) => data.units = units.into_iter().map(|u| u.unwrap_or_default()).collect(),
            Err(_) => {
                let as_numbers = table::column_f64(batch, unit_column);
                match as_numbers {
                    Ok(values) => data.units = values.iter().map(|v| v.map(|x| x.to_string()).unwrap_or_default()).collect(),
                    Err(_) => data.problems.push(Problem::MissingColumn { column: unit_column.to_string() }),
                }
            }
        }
        for field in batch.schema().fields() {
            let name = field.name();
            if name == unit_column {
                continue;
            }
            let column = match table::column_f64(batch, name) {
                Ok(values) => Column::Number(values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect()),
                Err(_) => column_from_text(table::column_str(batch, name).unwrap_or_else(|_| vec![None; batch.num_rows()])),
            };
            data.columns.insert(name.clone(), column);
        }
        data.check_units();
        data
    }

    /// Builds a dataset from long rows `(unit, indicator, value text)`.
    pub fn from_long(rows: Vec<(Option<String>, Option<String>, Option<String>)>) -> Dataset {
        let mut data = Dataset::default();
        let mut unit_rows: HashMap<String, usize> = HashMap::new();
        let mut cells: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
        let mut seen: HashSet<(String, String)> = HashSet::new();
        for (row, (unit, indicator, value)) in rows.into_iter().enumerate() {
            let (Some(unit), Some(indicator)) = (unit, indicator) else {
                data.problems.push(Problem::MissingUnit { row: row + 1 });
                continue;
            };
            if !seen.insert((unit.clone(), indicator.clone())) {
                data.problems.push(Problem::DuplicateValue { unit, indicator });
                continue;
            }
            let next = unit_rows.len();
            let position = *unit_rows.entry(unit.clone()).or_insert(next);
            if position == data.units.len() {
                data.units.push(unit);
            }
            let column = cells.entry(indicator).or_default();
            column.resize(data.units.len().max(column.len()), None);
            column[position] = value;
        }
        for (name, mut column) in cells {
            column.resize(data.units.len(), None);
            data.columns.insert(name, column_from_text(column));
        }
        data
    }

    /// Reads a long Arrow table with unit, indicator and value columns.
    pub fn from_long_batch(batch: &RecordBatch, unit: &str, indicator: &str, value: &str) -> Dataset {
        let mut problems = Vec::new();
        let mut text = |name: &str| match table::column_str(batch, name) {
            Ok(cells) => cells,
            Err(_) => match table::column_f64(batch, name) {
                Ok(values) => values.into_iter().map(|v| v.map(|x| format!("{x:?}"))).collect(),
                Err(_) => {
                    problems.push(Problem::MissingColumn { column: name.to_string() });
                    vec![None; batch.num_rows()]
                }
            },
        };
        let units = text(unit);
        let indicators = text(indicator);
        let values = text(value);
        let mut data = if problems.is_empty() {
            Dataset::from_long(units.into_iter().zip(indicators).zip(values).map(|((u, i), v)| (u, i, v)).collect())
        } else {
            Dataset::default()
        };
        data.problems.extend(problems);
        data
    }

    fn check_units(&mut self) {
        let mut seen = HashSet::new();
        for (row, unit) in self.units.iter().enumerate() {
            if unit.is_empty() {
                self.problems.push(Problem::MissingUnit { row: row + 1 });
            } else if !seen.insert(unit.clone()) {
                self.problems.push(Problem::DuplicateUnit { unit: unit.clone() });
            }
        }
    }

    /// Returns the numeric values of a column, or the problem that prevents reading them.
    pub fn numbers(&self, name: &str) -> std::result::Result<&[f64], Problem> {
        match self.columns.get(name) {
            None => Err(Problem::MissingIndicator { code: name.to_string() }),
            Some(Column::Number(values)) => Ok(values),
            Some(Column::Text(cells)) => {
                let bad: Vec<(String, String)> = cells
                    .iter()
                    .enumerate()
                    .filter_map(|(i, c)| c.as_ref().filter(|t| parse_cell(t).is_none()).map(|t| (self.units.get(i).cloned().unwrap_or_default(), t.clone())))
                    .collect();
                Err(Problem::NonNumeric { column: name.to_string(), count: bad.len(), examples: bad.into_iter().take(3).collect() })
            }
        }
    }

    /// Returns a column as text labels (numbers are formatted), for grouping.
    pub fn labels(&self, name: &str) -> Option<Vec<Option<String>>> {
        match self.columns.get(name)? {
            Column::Text(cells) => Some(cells.clone()),
            Column::Number(values) => Some(values.iter().map(|v| if v.is_nan() { None } else { Some(v.to_string()) }).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_marks_text_columns() {
        let data = Dataset::from_csv("u,a,b\nX,1,abc\nY,2,3\n", "u");
        assert_eq!(data.numbers("a").unwrap(), &[1.0, 2.0]);
        let problem = data.numbers("b").unwrap_err();
        assert_eq!(problem, Problem::NonNumeric { column: "b".into(), examples: vec![("X".into(), "abc".into())], count: 1 });
    }

    #[test]
    fn duplicate_units_reported() {
        let data = Dataset::from_csv("u,a\nX,1\nX,2\n,3\n", "u");
        assert!(data.problems.contains(&Problem::DuplicateUnit { unit: "X".into() }));
        assert!(data.problems.contains(&Problem::MissingUnit { row: 3 }));
    }

    #[test]
    fn long_rows_pivot_to_columns() {
        let s = |t: &str| Some(t.to_string());
        let data = Dataset::from_long(vec![(s("X"), s("a"), s("1")), (s("Y"), s("b"), s("2")), (s("X"), s("a"), s("5"))]);
        assert_eq!(data.units, vec!["X", "Y"]);
        assert!(data.numbers("a").unwrap()[1].is_nan());
        assert_eq!(data.numbers("b").unwrap()[1], 2.0);
        assert_eq!(data.problems, vec![Problem::DuplicateValue { unit: "X".into(), indicator: "a".into() }]);
    }
}

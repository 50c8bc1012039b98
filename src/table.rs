//! Arrow record batches as the table type shared by the core and the bindings.
//!
//! Results leave the core as [`RecordBatch`]es so that Python polars can take
//! them through the Arrow C stream interface without copying numbers. Inputs
//! arrive the same way and are read column by column with [`column_f64`],
//! [`column_str`] and friends, which name the column in their errors.

use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch,
    StringViewArray,
};
use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    UInt16Type, UInt32Type, UInt64Type, UInt8Type, Date32Type};
use arrow_schema::{DataType, Field, Schema};

/// Errors raised while building or reading a table.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum TableError {
    /// A required column is absent.
    #[error("column `{column}` is missing; the table has: {available}")]
    MissingColumn {
        /// Column that was requested.
        column: String,
        /// Comma-separated names of the columns present.
        available: String,
    },
    /// A column has a type that cannot be read as requested.
    #[error("column `{column}` has type {found} but {expected} is needed")]
    WrongType {
        /// Column name.
        column: String,
        /// Type that was needed.
        expected: String,
        /// Arrow type found.
        found: String,
    },
    /// Columns of different lengths were put into one table.
    #[error("column `{column}` has {found} rows but the table has {expected}")]
    LengthMismatch {
        /// Column name.
        column: String,
        /// Rows of the first column.
        expected: usize,
        /// Rows of this column.
        found: usize,
    },
}

/// Builder for a [`RecordBatch`] from plain Rust vectors, one column at a time.
///
/// # Examples
///
/// ```
/// use chiso::table::TableBuilder;
/// let batch = TableBuilder::new()
///     .str("code", vec![Some("MT01".to_string())])
///     .f64("value", vec![Some(12.0)])
///     .build()
///     .unwrap();
/// assert_eq!(batch.num_rows(), 1);
/// ```
#[derive(Debug, Default)]
pub struct TableBuilder {
    fields: Vec<Field>,
    columns: Vec<ArrayRef>,
}

impl TableBuilder {
    /// Creates an empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a UTF-8 column (Arrow `Utf8View`, which polars takes without copying).
    pub fn str(mut self, name: &str, values: Vec<Option<String>>) -> Self {
        self.fields.push(Field::new(name, DataType::Utf8View, true));
        self.columns.push(Arc::new(StringViewArray::from(values)));
        self
    }

    /// Adds a 64-bit float column.
    pub fn f64(mut self, name: &str, values: Vec<Option<f64>>) -> Self {
        self.fields.push(Field::new(name, DataType::Float64, true));
        self.columns.push(Arc::new(Float64Array::from(values)));
        self
    }

    /// Adds a 64-bit integer column.
    pub fn i64(mut self, name: &str, values: Vec<Option<i64>>) -> Self {
        self.fields.push(Field::new(name, DataType::Int64, true));
        self.columns.push(Arc::new(Int64Array::from(values)));
        self
    }

    /// Adds a boolean column.
    pub fn bool(mut self, name: &str, values: Vec<Option<bool>>) -> Self {
        self.fields.push(Field::new(name, DataType::Boolean, true));
        self.columns.push(Arc::new(BooleanArray::from(values)));
        self
    }

    /// Adds a date column from days since 1970-01-01.
    pub fn date(mut self, name: &str, values: Vec<Option<chrono::NaiveDate>>) -> Self {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid epoch");
        let days: Vec<Option<i32>> = values
            .into_iter()
            .map(|d| d.map(|d| (d - epoch).num_days() as i32))
            .collect();
        self.fields.push(Field::new(name, DataType::Date32, true));
        self.columns.push(Arc::new(arrow_array::Date32Array::from(days)));
        self
    }

    /// Builds the batch.
    ///
    /// # Errors
    ///
    /// [`TableError::LengthMismatch`] when the columns differ in length.
    pub fn build(self) -> Result<RecordBatch, TableError> {
        let rows = self.columns.first().map_or(0, |c| c.len());
        for (field, column) in self.fields.iter().zip(&self.columns) {
            if column.len() != rows {
                return Err(TableError::LengthMismatch {
                    column: field.name().clone(),
                    expected: rows,
                    found: column.len(),
                });
            }
        }

        let schema = Arc::new(Schema::new(self.fields));
        let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows));
        Ok(RecordBatch::try_new_with_options(schema, self.columns, &options)
            .expect("fields and columns were built together"))
    }
}

fn find<'a>(batch: &'a RecordBatch, column: &str) -> Result<&'a ArrayRef, TableError> {
    batch.column_by_name(column).ok_or_else(|| TableError::MissingColumn {
        column: column.to_string(),
        available: batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Returns whether the batch has a column of that name.
pub fn has_column(batch: &RecordBatch, column: &str) -> bool {
    batch.column_by_name(column).is_some()
}

/// Reads a numeric column (any integer or float type) as `f64`, nulls as `None`.
///
/// # Errors
///
/// [`TableError::MissingColumn`] or [`TableError::WrongType`].
pub fn column_f64(batch: &RecordBatch, column: &str) -> Result<Vec<Option<f64>>, TableError> {
    let array = find(batch, column)?;
    macro_rules! prim {
        ($t:ty) => {
            array.as_primitive::<$t>().iter().map(|v| v.map(|x| x as f64)).collect()
        };
    }
    let values = match array.data_type() {
        DataType::Float64 => array.as_primitive::<Float64Type>().iter().collect(),
        DataType::Float32 => prim!(Float32Type),
        DataType::Int8 => prim!(Int8Type),
        DataType::Int16 => prim!(Int16Type),
        DataType::Int32 => prim!(Int32Type),
        DataType::Int64 => prim!(Int64Type),
        DataType::UInt8 => prim!(UInt8Type),
        DataType::UInt16 => prim!(UInt16Type),
        DataType::UInt32 => prim!(UInt32Type),
        DataType::UInt64 => prim!(UInt64Type),
        DataType::Boolean => array
            .as_boolean()
            .iter()
            .map(|v| v.map(|b| if b { 1.0 } else { 0.0 }))
            .collect(),
        DataType::Null => vec![None; array.len()],
        other => {
            return Err(TableError::WrongType {
                column: column.to_string(),
                expected: "a number".to_string(),
                found: other.to_string(),
            })
        }
    };
    Ok(values)
}

/// Reads a text column (`Utf8`, `LargeUtf8` or `Utf8View`), nulls as `None`.
///
/// # Errors
///
/// [`TableError::MissingColumn`] or [`TableError::WrongType`].
pub fn column_str(batch: &RecordBatch, column: &str) -> Result<Vec<Option<String>>, TableError> {
    let array = find(batch, column)?;
    let values = match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().iter().map(|v| v.map(str::to_string)).collect(),
        DataType::LargeUtf8 => {
            array.as_string::<i64>().iter().map(|v| v.map(str::to_string)).collect()
        }
        DataType::Utf8View => array.as_string_view().iter().map(|v| v.map(str::to_string)).collect(),
        DataType::Null => vec![None; array.len()],
        DataType::Dictionary(_, _) => {
            let casted = arrow_array_cast_dictionary(array, column)?;
            casted
        }
        other => {
            return Err(TableError::WrongType {
                column: column.to_string(),
                expected: "text".to_string(),
                found: other.to_string(),
            })
        }
    };
    Ok(values)
}

fn arrow_array_cast_dictionary(array: &ArrayRef, column: &str) -> Result<Vec<Option<String>>, TableError> {
    let dict = array.as_any_dictionary();
    let values = dict.values();
    let keys = dict.normalized_keys();
    let texts = match values.data_type() {
        DataType::Utf8 => values.as_string::<i32>().iter().map(|v| v.map(str::to_string)).collect::<Vec<_>>(),
        DataType::LargeUtf8 => values.as_string::<i64>().iter().map(|v| v.map(str::to_string)).collect(),
        DataType::Utf8View => values.as_string_view().iter().map(|v| v.map(str::to_string)).collect(),
        other => {
            return Err(TableError::WrongType {
                column: column.to_string(),
                expected: "text".to_string(),
                found: other.to_string(),
            })
        }
    };
    Ok((0..array.len())
        .map(|i| if array.is_null(i) { None } else { texts[keys[i]].clone() })
        .collect())
}

/// Reads a date column (`Date32`) as [`chrono::NaiveDate`]s.
///
/// # Errors
///
/// [`TableError::MissingColumn`] or [`TableError::WrongType`].
pub fn column_date(
    batch: &RecordBatch,
    column: &str,
) -> Result<Vec<Option<chrono::NaiveDate>>, TableError> {
    let array = find(batch, column)?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid epoch");
    match array.data_type() {
        DataType::Date32 => Ok(array
            .as_primitive::<Date32Type>()
            .iter()
            .map(|v| v.map(|d| epoch + chrono::Days::new(0) + chrono::Duration::days(d as i64)))
            .collect()),
        DataType::Null => Ok(vec![None; array.len()]),
        other => Err(TableError::WrongType {
            column: column.to_string(),
            expected: "a date".to_string(),
            found: other.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_round_trip() {
        let batch = TableBuilder::new()
            .str("name", vec![Some("Biên Hòa".into()), None])
            .f64("value", vec![Some(1.5), None])
            .i64("count", vec![Some(3), Some(4)])
            .build()
            .unwrap();

        assert_eq!(column_str(&batch, "name").unwrap(), vec![Some("Biên Hòa".into()), None]);
        assert_eq!(column_f64(&batch, "count").unwrap(), vec![Some(3.0), Some(4.0)]);
        assert!(matches!(
            column_f64(&batch, "name"),
            Err(TableError::WrongType { .. })
        ));
        assert!(matches!(
            column_f64(&batch, "nope"),
            Err(TableError::MissingColumn { .. })
        ));
    }

    #[test]
    fn builder_rejects_ragged_columns() {
        let result = TableBuilder::new()
            .f64("a", vec![Some(1.0)])
            .f64("b", vec![Some(1.0), Some(2.0)])
            .build();
        assert!(matches!(result, Err(TableError::LengthMismatch { .. })));
    }
}

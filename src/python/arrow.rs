//! Arrow tables across the Python boundary (the PyCapsule stream interface).

use std::ffi::CStr;

use arrow_array::ffi_stream::{RecordBatchStreamReader, FFI_ArrowArrayStream};
use arrow_array::{RecordBatch, RecordBatchIterator, RecordBatchReader};
use arrow_schema::SchemaRef;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use super::errors::ChisoError;

const STREAM_NAME: &CStr = c"arrow_array_stream";

/// A table produced by the core, readable by `polars.DataFrame(table)`.
#[pyclass(frozen, module = "chiso._chiso")]
pub(crate) struct ArrowTable {
    batches: Vec<RecordBatch>,
    schema: SchemaRef,
}

impl ArrowTable {
    pub(crate) fn new(batch: RecordBatch) -> ArrowTable {
        ArrowTable { schema: batch.schema(), batches: vec![batch] }
    }

    pub(crate) fn from_batches(schema: SchemaRef, batches: Vec<RecordBatch>) -> ArrowTable {
        ArrowTable { schema, batches }
    }
}

#[pymethods]
impl ArrowTable {
    /// Exports the table as an Arrow C stream capsule.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let reader = RecordBatchIterator::new(self.batches.clone().into_iter().map(Ok), self.schema.clone());
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, STREAM_NAME)
    }

    fn __len__(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }
}

/// Reads any object with `__arrow_c_stream__` (a polars DataFrame, a pyarrow
/// table) into one record batch.
pub(crate) fn import_table(object: &Bound<'_, PyAny>) -> PyResult<RecordBatch> {
    let capsule = object.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast::<PyCapsule>().map_err(|_| ChisoError::new_err("__arrow_c_stream__ did not return a capsule"))?;
    let pointer = capsule
        .pointer_checked(Some(STREAM_NAME))
        .map_err(|_| ChisoError::new_err("the capsule is not an Arrow array stream"))?
        .cast::<FFI_ArrowArrayStream>();

    // SAFETY: the capsule holds an FFI_ArrowArrayStream (its name was checked).
    // The stream is moved out and an empty one left behind, so the capsule's
    // destructor releases nothing twice.
    let stream = unsafe { std::ptr::replace(pointer.as_ptr(), FFI_ArrowArrayStream::empty()) };
    let reader = RecordBatchStreamReader::try_new(stream).map_err(|e| ChisoError::new_err(e.to_string()))?;
    let schema = reader.schema();
    let batches: Vec<RecordBatch> = reader.collect::<Result<_, _>>().map_err(|e| ChisoError::new_err(e.to_string()))?;
    arrow_select_concat(&schema, &batches)
}

fn arrow_select_concat(schema: &SchemaRef, batches: &[RecordBatch]) -> PyResult<RecordBatch> {
    if batches.len() == 1 {
        return Ok(batches[0].clone());
    }
    let mut columns = Vec::with_capacity(schema.fields().len());
    for i in 0..schema.fields().len() {
        let arrays: Vec<&dyn arrow_array::Array> = batches.iter().map(|b| b.column(i).as_ref()).collect();
        columns.push(concat_arrays(&arrays)?);
    }
    let rows = batches.iter().map(RecordBatch::num_rows).sum();
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows));
    RecordBatch::try_new_with_options(schema.clone(), columns, &options).map_err(|e| ChisoError::new_err(e.to_string()))
}

fn concat_arrays(arrays: &[&dyn arrow_array::Array]) -> PyResult<arrow_array::ArrayRef> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::*;
    use arrow_schema::DataType;
    use std::sync::Arc;

    let Some(first) = arrays.first() else {
        return Err(ChisoError::new_err("no arrays to concatenate"));
    };
    macro_rules! prim {
        ($t:ty) => {
            Arc::new(arrays.iter().flat_map(|a| a.as_primitive::<$t>().iter()).collect::<arrow_array::PrimitiveArray<$t>>())
        };
    }
    let out: arrow_array::ArrayRef = match first.data_type() {
        DataType::Float64 => prim!(Float64Type),
        DataType::Float32 => prim!(Float32Type),
        DataType::Int64 => prim!(Int64Type),
        DataType::Int32 => prim!(Int32Type),
        DataType::Int16 => prim!(Int16Type),
        DataType::Int8 => prim!(Int8Type),
        DataType::UInt64 => prim!(UInt64Type),
        DataType::UInt32 => prim!(UInt32Type),
        DataType::UInt16 => prim!(UInt16Type),
        DataType::UInt8 => prim!(UInt8Type),
        DataType::Date32 => prim!(Date32Type),
        DataType::Boolean => Arc::new(arrays.iter().flat_map(|a| a.as_boolean().iter()).collect::<arrow_array::BooleanArray>()),
        DataType::Utf8View => Arc::new(arrays.iter().flat_map(|a| a.as_string_view().iter()).collect::<arrow_array::StringViewArray>()),
        DataType::Utf8 => Arc::new(arrays.iter().flat_map(|a| a.as_string::<i32>().iter()).collect::<arrow_array::StringArray>()),
        DataType::LargeUtf8 => Arc::new(arrays.iter().flat_map(|a| a.as_string::<i64>().iter()).collect::<arrow_array::LargeStringArray>()),
        DataType::Null => Arc::new(arrow_array::NullArray::new(arrays.iter().map(|a| a.len()).sum())),
        other => return Err(ChisoError::new_err(format!("columns of type {other} arrived in several chunks; rechunk the DataFrame first"))),
    };
    Ok(out)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ArrowTable>()?;
    Ok(())
}

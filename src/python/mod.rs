//! The `chiso._chiso` extension module: thin wrappers that convert Python
//! arguments, call the core and hand tables back through the Arrow C stream
//! interface. The public API is the `chiso` Python package.

mod arrow;
mod errors;
mod index;
mod forecast;
mod plan;
mod survey;

use pyo3::prelude::*;

#[pymodule]
#[pyo3(name = "_chiso")]
fn chiso_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    arrow::register(m)?;
    plan::register(m)?;
    index::register(m)?;
    forecast::register(m)?;
    survey::register(m)?;
    Ok(())
}

//! chiso: indicator scorecards, target forecasts, composite indices and survey
//! estimates for monitoring a city's innovation plan.
//!
//! The crate is the numerical core. It has no Python dependency unless the
//! `python` feature is on, which maturin turns on to build the `chiso._chiso`
//! extension module.
//!
//! # Examples
//!
//! ```
//! let plan = chiso::plan::Plan::default_plan();
//! assert_eq!(plan.targets.len(), 13);
//! ```

pub mod communes;
pub mod forecast;
pub mod index;
pub mod locale;
pub mod observations;
pub mod output;
pub mod plan;
pub mod scorecard;
pub mod survey;
pub mod table;

#[cfg(feature = "python")]
mod python;

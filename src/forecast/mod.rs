//! Forecasts of whether a target will be met by its deadline.
//!
//! Each model returns a [`Forecast`]: a median projection, 80 % and 95 %
//! prediction intervals, the probability of meeting the threshold taken from
//! the predictive distribution itself, and the name of the model with the
//! reason it was used.
//!
//! * [`count`]: counts within a year from year-to-date values (Poisson–gamma
//!   run rate with a negative binomial predictive distribution).
//! * [`within_year`]: the same counts with earlier years' history: seasonal
//!   profile, overdispersion and the automatic model choice.
//! * [`trend`]: multi-year annual series (damped log trend).
//! * [`progress`]: progress classes of official statistics (ESCAP, Eurostat,
//!   Statistics Canada, UNSD) and red–amber–green rules.
//! * [`backtest`]: scoring the count models on past years.
//! * [`batch`]: many count forecasts in one parallel call.
//! * [`share`]: shares from a numerator and a denominator (beta posterior).
//! * [`rank`]: ranks of one unit among many, by simulating every unit's next score.

pub mod backtest;
pub mod batch;
pub mod count;
pub mod history;
pub(crate) mod mixture;
pub mod pii;
pub mod progress;
pub mod rank;
pub mod share;
pub mod trend;
pub mod within_year;

/// Errors raised by the forecasting models.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum ForecastError {
    /// An input is not a finite number in its allowed range.
    #[error("`{name}` = {value} is invalid: {rule}")]
    InvalidInput {
        /// Input name.
        name: &'static str,
        /// The value given.
        value: f64,
        /// The rule it breaks.
        rule: &'static str,
    },
    /// The unit to forecast is not among the units given.
    #[error("unit `{0}` is not in the list of units with a score or a rank")]
    UnknownUnit(String),
    /// No report was given for the indicator, so there is nothing to forecast from.
    #[error("no report was given; add at least one year-to-date value")]
    NoReports,
}

/// A forecast of one target's value at its deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// Model name (`poisson_gamma_run_rate`, `beta_binomial`, `rank_simulation` …).
    pub model: &'static str,
    /// Why the model was used, as a catalogue key.
    pub reason: &'static str,
    /// Median of the predictive distribution.
    pub median: f64,
    /// Mean of the predictive distribution.
    pub mean: f64,
    /// Lower bound of the central 80 % prediction interval.
    pub lower80: f64,
    /// Upper bound of the central 80 % prediction interval.
    pub upper80: f64,
    /// Lower bound of the central 95 % prediction interval.
    pub lower95: f64,
    /// Upper bound of the central 95 % prediction interval.
    pub upper95: f64,
    /// Probability that the target is met at the deadline.
    pub probability: f64,
}

pub(crate) fn check_finite(name: &'static str, value: f64, min: f64) -> Result<(), ForecastError> {
    if value.is_finite() && value >= min {
        Ok(())
    } else {
        Err(ForecastError::InvalidInput { name, value, rule: "must be a finite number at or above its minimum" })
    }
}

//! Progress classes used in official statistics, reported next to the
//! probability of meeting a target.
//!
//! All of them compare a base value, the latest value and a target through
//! compound annual growth rates (CAGR). They are deterministic ratios, not
//! probabilities.
//!
//! | method | measure | classes |
//! | --- | --- | --- |
//! | UN ESCAP current status index | `10 · d · (y_t − y_b) / |y* − y_b|`, 10 once met | none (0–10 bar) |
//! | UN ESCAP anticipated progress | `AP = (ŷ_T − y_b) / (y* − y_b)`, `ŷ_T` by CAGR | maintain (AP ≥ 1), accelerate (0 ≤ AP < 1), reverse (AP < 0) |
//! | Eurostat, quantified target | `RR = CAGR_a / CAGR_r` | significant ≥ 0.95, moderate ≥ 0.60, insufficient ≥ 0, movement away |
//! | Eurostat, no target | `g = d · CAGR_a` | significant > 1 %, moderate > 0, moderate away ≥ −1 %, significant away |
//! | Statistics Canada / Open SDG | `R = sign(y_b) · d · CAGR_a / |CAGR_r|`, score −5…5 | substantial, moderate, limited, deterioration, achieved |
//! | UNSD progress chart | `ratio = (ŷ_T − y_b) / (y* − y_b)` | 3 (≥ 0.95), 2 (≥ 0.10), 1 |
//! | OECD distance | `d · (y* − y_t) / SD`, 0 once met | none (standardised units) |
//!
//! # Formula
//!
//! ```text
//! CAGR_a = (y_t / y_b)^(1 / (t − b)) − 1
//! CAGR_r = (y* / y_b)^(1 / (T − b)) − 1
//! ŷ_T    = y_t (1 + CAGR_a)^(T − t)
//! ```
//!
//! Sources: UN ESCAP, progress assessment methodology of the "Asia and the
//! Pacific SDG Progress Report" (data.unescap.org), which defines the current
//! status and anticipated progress indices; Open SDG progress methodology
//! (open-sdg/open-sdg `docs/progress-methodology.md`), the Statistics Canada
//! method "inspired by the progress methodology used by Eurostat", with the
//! same 95 % and 60 % cut-offs; UNSD, "SDG Progress Chart technical note";
//! OECD, "Measuring Distance to the SDG Targets".
//!
//! NOTE: ESCAP's anticipated value here is the unweighted CAGR extrapolation
//! with class cut-offs 1 and 0. ESCAP's own reports weight recent years more
//! (time-weighted regression), so their published values can differ.
//!
//! # Examples
//!
//! ```
//! use chiso::forecast::progress::{eurostat_target, EurostatClass};
//! // Base 63 (2005), latest 74 (2020), target 85 in 2030.
//! let (ratio, class) = eurostat_target(63.0, 2005, 74.0, 2020, 85.0, 2030).unwrap();
//! assert!((ratio - 0.8949).abs() < 1e-4);
//! assert_eq!(class, EurostatClass::ModerateProgress);
//! ```

/// Compound annual growth rate from `base` to `current` over `years`;
/// `None` for a non-positive value or span.
pub fn cagr(base: f64, current: f64, years: f64) -> Option<f64> {
    (base > 0.0 && current > 0.0 && years > 0.0).then(|| (current / base).powf(1.0 / years) - 1.0)
}

fn reached(current: f64, target: f64, direction: f64) -> bool {
    if direction >= 0.0 {
        current >= target
    } else {
        current <= target
    }
}

/// ESCAP current status index on the 0–10 bar (negative after a regression).
pub fn escap_current_status(base: f64, current: f64, target: f64, increasing: bool) -> f64 {
    let direction = if increasing { 1.0 } else { -1.0 };
    if reached(current, target, direction) {
        return 10.0;
    }
    10.0 * direction * (current - base) / (target - base).abs()
}

/// ESCAP anticipated-progress class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EscapClass {
    /// AP ≥ 1: maintain progress to achieve the target.
    Maintain,
    /// 0 ≤ AP < 1: accelerate progress.
    Accelerate,
    /// AP < 0: reverse the trend.
    Reverse,
}

impl EscapClass {
    /// Stable code (`maintain_progress`, `accelerate_progress`, `reverse_trend`).
    pub fn code(self) -> &'static str {
        match self {
            EscapClass::Maintain => "maintain_progress",
            EscapClass::Accelerate => "accelerate_progress",
            EscapClass::Reverse => "reverse_trend",
        }
    }
}

/// ESCAP anticipated progress from the unweighted CAGR extrapolation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnticipatedProgress {
    /// Observed CAGR from base to latest.
    pub cagr: f64,
    /// Value anticipated in the target year.
    pub anticipated: f64,
    /// Anticipated over required progress (AP).
    pub ratio: f64,
    /// Gap still expected, relative to the required progress (1 − AP).
    pub gap: f64,
    /// Class from AP.
    pub class: EscapClass,
}

/// ESCAP anticipated progress; `None` when the CAGR is undefined or the
/// target equals the base.
pub fn escap_anticipated(base: f64, base_year: i32, current: f64, current_year: i32, target: f64, target_year: i32) -> Option<AnticipatedProgress> {
    let growth = cagr(base, current, f64::from(current_year - base_year))?;
    if target == base {
        return None;
    }
    let anticipated = current * (1.0 + growth).powf(f64::from(target_year - current_year));
    let ratio = (anticipated - base) / (target - base);
    let class = if ratio >= 1.0 {
        EscapClass::Maintain
    } else if ratio >= 0.0 {
        EscapClass::Accelerate
    } else {
        EscapClass::Reverse
    };
    Some(AnticipatedProgress { cagr: growth, anticipated, ratio, gap: 1.0 - ratio, class })
}

/// ESCAP anticipated progress adapted to a count within one year: the base is
/// 0 at the start of the year, so `AP = forecast / target` and the class
/// follows the same cut-offs (1 and 0). `None` for a target of 0.
///
/// The forecast is a model's median at the deadline, so the ratio uses the
/// count's seasonal or overdispersed model rather than a CAGR, which is
/// undefined from a base of 0.
pub fn escap_in_year(forecast: f64, target: f64) -> Option<(f64, EscapClass)> {
    if target <= 0.0 {
        return None;
    }
    let ratio = forecast / target;
    let class = if ratio >= 1.0 {
        EscapClass::Maintain
    } else if ratio >= 0.0 {
        EscapClass::Accelerate
    } else {
        EscapClass::Reverse
    };
    Some((ratio, class))
}

/// Eurostat progress class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EurostatClass {
    /// Significant progress (towards the target or the objective).
    SignificantProgress,
    /// Moderate progress.
    ModerateProgress,
    /// Insufficient progress towards a quantified target.
    InsufficientProgress,
    /// Movement away from a quantified target.
    MovementAway,
    /// Moderate movement away from the objective (no target).
    ModerateMovementAway,
    /// Significant movement away from the objective (no target).
    SignificantMovementAway,
}

impl EurostatClass {
    /// Stable code (`significant_progress` …).
    pub fn code(self) -> &'static str {
        match self {
            EurostatClass::SignificantProgress => "significant_progress",
            EurostatClass::ModerateProgress => "moderate_progress",
            EurostatClass::InsufficientProgress => "insufficient_progress",
            EurostatClass::MovementAway => "movement_away",
            EurostatClass::ModerateMovementAway => "moderate_movement_away",
            EurostatClass::SignificantMovementAway => "significant_movement_away",
        }
    }
}

/// Eurostat ratio of actual to required growth and its class (cut-offs 0.95,
/// 0.60 and 0); `None` when a CAGR is undefined or the required CAGR is 0.
pub fn eurostat_target(base: f64, base_year: i32, current: f64, current_year: i32, target: f64, target_year: i32) -> Option<(f64, EurostatClass)> {
    let actual = cagr(base, current, f64::from(current_year - base_year))?;
    let required = cagr(base, target, f64::from(target_year - base_year)).filter(|r| *r != 0.0)?;
    let ratio = actual / required;
    let class = if ratio >= 0.95 {
        EurostatClass::SignificantProgress
    } else if ratio >= 0.60 {
        EurostatClass::ModerateProgress
    } else if ratio >= 0.0 {
        EurostatClass::InsufficientProgress
    } else {
        EurostatClass::MovementAway
    };
    Some((ratio, class))
}

/// Eurostat direction-adjusted CAGR and its class when there is no
/// quantified target (cut-offs +1 %, 0 and −1 %).
pub fn eurostat_no_target(base: f64, base_year: i32, current: f64, current_year: i32, direction: f64) -> Option<(f64, EurostatClass)> {
    let growth = direction.signum() * cagr(base, current, f64::from(current_year - base_year))?;
    let class = if growth > 0.01 {
        EurostatClass::SignificantProgress
    } else if growth > 0.0 {
        EurostatClass::ModerateProgress
    } else if growth >= -0.01 {
        EurostatClass::ModerateMovementAway
    } else {
        EurostatClass::SignificantMovementAway
    };
    Some((growth, class))
}

/// Statistics Canada / Open SDG status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatcanStatus {
    /// The latest value meets the target.
    TargetAchieved,
    /// Score 2.5–5: on track.
    Substantial,
    /// Score 0–2.5: progress made, acceleration needed.
    Moderate,
    /// Score −2.5–0: limited progress.
    Limited,
    /// Score −5 to −2.5: deterioration.
    Deterioration,
}

impl StatcanStatus {
    /// Stable code as in Open SDG (`substantial_progress` …).
    pub fn code(self) -> &'static str {
        match self {
            StatcanStatus::TargetAchieved => "target_achieved",
            StatcanStatus::Substantial => "substantial_progress",
            StatcanStatus::Moderate => "moderate_progress",
            StatcanStatus::Limited => "limited_progress",
            StatcanStatus::Deterioration => "deterioration",
        }
    }
}

/// Inputs of the Statistics Canada / Open SDG measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatcanInput {
    /// Base value.
    pub base_value: f64,
    /// Base year.
    pub base_year: i32,
    /// Latest value.
    pub current_value: f64,
    /// Latest year.
    pub current_year: i32,
    /// +1 when higher is better, −1 when lower is better.
    pub direction: f64,
    /// Target value and year, when quantified.
    pub target: Option<(f64, i32)>,
    /// Natural limit (for example 100 %), which shrinks the no-target cut-offs.
    pub limit: Option<f64>,
}

/// Result of the Statistics Canada / Open SDG measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatcanResult {
    /// Ratio R (target case) or adjusted growth g (no target).
    pub progress_value: f64,
    /// Score clamped to −5…5.
    pub score: f64,
    /// Status from the score.
    pub status: StatcanStatus,
    /// Limit factor C (1 without a limit).
    pub limit_factor: f64,
}

/// Zero values are replaced by 0.001, as sdg-build does, so the CAGR exists.
fn nonzero(value: f64) -> f64 {
    if value == 0.0 {
        0.001
    } else {
        value
    }
}

/// Limit factor C of sdg-build `ProgressMeasure.py`, exponent 4.44.
fn limit_factor(base: f64, limit: Option<f64>) -> f64 {
    let Some(limit) = limit.map(f64::abs).filter(|l| *l > 0.0) else {
        return 1.0;
    };
    let b = base.abs();
    if b >= 2.0 * limit {
        1.0
    } else if b <= limit {
        1.0 - (b / limit).powf(4.44)
    } else {
        1.0 - ((2.0 * limit - b) / limit).powf(4.44)
    }
}

/// Statistics Canada / Open SDG progress value, score and status; `None` when
/// the CAGR is undefined (for example a sign change).
///
/// # Formula
///
/// ```text
/// target:    R = sign(y_b)·d·CAGR_a / |CAGR_r|
///            score = 7.1429 R − 4.2857 if R ≥ 0.6, else 4.1667 R − 2.5
/// no target: g = sign(y_b)·d·CAGR_a
///            score = 125 g − 2.5 (g < 0), 500 g/C − 5 (g ≥ 0.015 C),
///                    250 g/C − 1.25 (g ≥ 0.005 C), 500 g/C − 2.5 otherwise; 5 when C = 0
/// status:    [2.5, 5] substantial, [0, 2.5) moderate, [−2.5, 0) limited, below deterioration
/// ```
pub fn statcan(input: &StatcanInput) -> Option<StatcanResult> {
    let base = nonzero(input.base_value);
    let current = nonzero(input.current_value);
    let sign = base.signum() * input.direction.signum();
    let actual = cagr(base.abs(), current.abs(), f64::from(input.current_year - input.base_year))?;
    let factor = limit_factor(base, input.limit);

    let (progress_value, score) = match input.target {
        Some((target, _)) if reached(input.current_value, target, input.direction) => {
            return Some(StatcanResult { progress_value: f64::NAN, score: 5.0, status: StatcanStatus::TargetAchieved, limit_factor: factor });
        }
        Some((target, target_year)) => {
            let required = cagr(base.abs(), nonzero(target).abs(), f64::from(target_year - input.base_year)).filter(|r| *r != 0.0)?;
            let ratio = sign * actual / required.abs();
            let score = if ratio >= 0.6 { 7.1429 * ratio - 4.2857 } else { 4.1667 * ratio - 2.5 };
            (ratio, score)
        }
        None => {
            let growth = sign * actual;
            let score = if growth < 0.0 {
                125.0 * growth - 2.5
            } else if factor == 0.0 {
                5.0
            } else if growth >= 0.015 * factor {
                500.0 * growth / factor - 5.0
            } else if growth >= 0.005 * factor {
                250.0 * growth / factor - 1.25
            } else {
                500.0 * growth / factor - 2.5
            };
            (growth, score)
        }
    };

    let score = score.clamp(-5.0, 5.0);
    let status = if score >= 2.5 {
        StatcanStatus::Substantial
    } else if score >= 0.0 {
        StatcanStatus::Moderate
    } else if score >= -2.5 {
        StatcanStatus::Limited
    } else {
        StatcanStatus::Deterioration
    };
    Some(StatcanResult { progress_value, score, status, limit_factor: factor })
}

/// UNSD progress chart (as applied by EUSTAT): CAGR, expected value in the
/// target year, ratio and score 3 (≥ 0.95), 2 (≥ 0.10) or 1. A latest value
/// that meets the target scores 3. `None` when the CAGR is undefined.
pub fn unsd_progress_chart(base: f64, base_year: i32, current: f64, current_year: i32, target: f64, target_year: i32) -> Option<(f64, f64, f64, u8)> {
    let growth = cagr(base, current, f64::from(current_year - base_year))?;
    let expected = current * (1.0 + growth).powf(f64::from(target_year - current_year));
    let ratio = (expected - base) / (target - base);
    let direction = (target - base).signum();
    let score = if reached(current, target, direction) || ratio >= 0.95 {
        3
    } else if ratio >= 0.10 {
        2
    } else {
        1
    };
    Some((growth, expected, ratio, score))
}

/// OECD distance to target in standardised units (0 once the target is met).
pub fn oecd_distance(current: f64, target: f64, spread: f64, higher_is_better: bool) -> f64 {
    let direction = if higher_is_better { 1.0 } else { -1.0 };
    (direction * (target - current) / spread).max(0.0)
}

/// Red–amber–green class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rag {
    /// Green.
    Green,
    /// Amber.
    Amber,
    /// Red.
    Red,
}

impl Rag {
    /// Stable code (`green`, `amber`, `red`).
    pub fn code(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        }
    }
}

/// Higher-is-better RAG: green at or above the target, amber at or above
/// `amber_share` of it (ClearPoint uses 0.9), red below.
pub fn rag_ratio(value: f64, target: f64, amber_share: f64) -> Rag {
    if value >= target {
        Rag::Green
    } else if value >= amber_share * target {
        Rag::Amber
    } else {
        Rag::Red
    }
}

/// RAG with two thresholds: green at or above `green_from`, red at or below
/// `red_to`, amber between.
pub fn rag_two_thresholds(value: f64, green_from: f64, red_to: f64) -> Rag {
    if value >= green_from {
        Rag::Green
    } else if value <= red_to {
        Rag::Red
    } else {
        Rag::Amber
    }
}

/// Lower-is-better RAG for a year-to-date cost: amber when more than
/// `amber_over` (a share, 0.0001 = 0.01 %) above the year-to-date target, red
/// when more than `red_over` (0.05) above.
pub fn rag_cost(actual: f64, target: f64, amber_over: f64, red_over: f64) -> Rag {
    let over = actual / target - 1.0;
    if over > red_over {
        Rag::Red
    } else if over > amber_over {
        Rag::Amber
    } else {
        Rag::Green
    }
}

/// Attainment RAG against a pro-rata cumulative target `annual · elapsed`
/// (green at or above it, amber at or above 90 % of it). Returns the pro-rata
/// target and the class.
pub fn rag_pro_rata(year_to_date: f64, annual_target: f64, elapsed: f64) -> (f64, Rag) {
    let pro_rata = annual_target * elapsed;
    (pro_rata, rag_ratio(year_to_date, pro_rata, 0.9))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escap_status_capped_at_ten() {
        assert_eq!(escap_current_status(10.0, 21.0, 20.0, true), 10.0);
        assert_eq!(escap_current_status(10.0, 15.0, 20.0, true), 5.0);
        assert_eq!(escap_current_status(10.0, 7.0, 5.0, false), 6.0);
    }

    #[test]
    fn escap_in_year_ratio() {
        assert_eq!(escap_in_year(24.0, 20.0), Some((1.2, EscapClass::Maintain)));
        assert_eq!(escap_in_year(15.0, 20.0), Some((0.75, EscapClass::Accelerate)));
        assert_eq!(escap_in_year(15.0, 0.0), None);
    }

    #[test]
    fn cagr_undefined_for_zero() {
        assert_eq!(cagr(0.0, 5.0, 3.0), None);
        assert_eq!(cagr(5.0, 5.0, 0.0), None);
    }

    #[test]
    fn statcan_target_achieved() {
        let input = StatcanInput { base_value: 10.0, base_year: 2020, current_value: 25.0, current_year: 2024, direction: 1.0, target: Some((20.0, 2030)), limit: None };
        let result = statcan(&input).unwrap();
        assert_eq!(result.status, StatcanStatus::TargetAchieved);
        assert_eq!(result.score, 5.0);
    }

    #[test]
    fn rag_pro_rata_boundaries() {
        assert_eq!(rag_pro_rata(250.0, 1000.0, 0.25).1, Rag::Green);
        assert_eq!(rag_pro_rata(225.0, 1000.0, 0.25).1, Rag::Amber);
        assert_eq!(rag_pro_rata(224.0, 1000.0, 0.25).1, Rag::Red);
    }
}

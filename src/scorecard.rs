//! Scorecards: every target and task of a plan as of a report date, and the
//! reporting discipline of agencies and communes.
//!
//! # Status rule (targets)
//!
//! | status | rule |
//! | --- | --- |
//! | `met` | the latest value meets the threshold (for a milestone: reported done) |
//! | `overdue` | not met and the report date is after the deadline |
//! | `no_data` | nothing reported by the report date, deadline not passed |
//! | `on_track` | probability of meeting the target ≥ `on_track` (0.8) |
//! | `at_risk` | probability ≥ `at_risk` (0.5) but below `on_track` |
//! | `off_track` | probability below `at_risk` |
//!
//! A milestone not yet done has no probability: it is `on_track` while more
//! than `milestone_warning_days` (92) remain before its deadline and
//! `at_risk` after that. Both thresholds are settable in [`Settings`].
//!
//! # Examples
//!
//! ```
//! use chiso::plan::Plan;
//! use chiso::observations::Reports;
//! use chiso::scorecard::{target_scorecard, Settings, Status};
//! use chrono::NaiveDate;
//! let plan = Plan::default_plan();
//! let as_of = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
//! let rows = target_scorecard(&plan, &Reports::default(), as_of, &Settings::default());
//! assert_eq!(rows.len(), 13);
//! assert_eq!(rows[5].status, Status::NoData);
//! ```

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use crate::forecast::count::{run_rate, GammaPrior};
use crate::forecast::history::YearPath;
use crate::forecast::within_year::{
    forecast_count, forecast_within_year_dispersion, within_year_dispersion, CountInput, CountModel,
};
use crate::forecast::rank::{change_spread, simulate_rank, RankForecast, Standing};
use crate::forecast::share::beta_binomial;
use crate::forecast::{pii, Forecast};
use crate::observations::{Basis, Report, Reports};
use crate::plan::{Deadline, Plan, TargetKind, Task};

/// Errors raised while building a scorecard.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum ScorecardError {
    /// A status threshold is outside 0–1 or the two are in the wrong order.
    #[error("status thresholds on_track = {on_track} and at_risk = {at_risk} must satisfy 0 ≤ at_risk ≤ on_track ≤ 1")]
    Thresholds {
        /// Threshold for `on_track`.
        on_track: f64,
        /// Threshold for `at_risk`.
        at_risk: f64,
    },
}

/// Status of a target or task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Met or done.
    Met,
    /// Likely to be met.
    OnTrack,
    /// Could go either way.
    AtRisk,
    /// Unlikely to be met.
    OffTrack,
    /// Deadline passed without being met.
    Overdue,
    /// Nothing reported.
    NoData,
}

impl Status {
    /// Stable code used in tables (`met`, `on_track` …).
    pub fn code(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
            Status::Overdue => "overdue",
            Status::NoData => "no_data",
        }
    }
}

/// Settings of the status rule and the models.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Probability from which a target is on track.
    pub on_track: f64,
    /// Probability from which a target is at risk rather than off track.
    pub at_risk: f64,
    /// Days before its deadline from which an unfinished milestone is at risk.
    pub milestone_warning_days: i64,
    /// Prior of the count model.
    pub prior: GammaPrior,
    /// Draws of the rank simulation.
    pub rank_draws: usize,
    /// Seed of the rank simulation.
    pub seed: u64,
    /// Unit name in the published PII table for the plan's place.
    pub pii_unit: String,
    /// Edition of the PII to start the rank forecast from.
    pub pii_year: i32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            on_track: 0.8,
            at_risk: 0.5,
            milestone_warning_days: 92,
            prior: GammaPrior::default(),
            rank_draws: 20_000,
            seed: 2026,
            pii_unit: "Đồng Nai".to_string(),
            pii_year: 2025,
        }
    }
}

impl Settings {
    /// Checks the thresholds.
    ///
    /// # Errors
    ///
    /// [`ScorecardError::Thresholds`].
    pub fn validate(&self) -> Result<(), ScorecardError> {
        let ok = (0.0..=1.0).contains(&self.at_risk) && (0.0..=1.0).contains(&self.on_track) && self.at_risk <= self.on_track;
        if ok {
            Ok(())
        } else {
            Err(ScorecardError::Thresholds { on_track: self.on_track, at_risk: self.at_risk })
        }
    }

    fn status_from_probability(&self, probability: f64) -> Status {
        if probability >= self.on_track {
            Status::OnTrack
        } else if probability >= self.at_risk {
            Status::AtRisk
        } else {
            Status::OffTrack
        }
    }
}

/// A note on a scorecard row, as a catalogue key with its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Catalogue key.
    pub key: &'static str,
    /// Values for the template.
    pub args: Vec<(&'static str, String)>,
}

fn note(key: &'static str, args: Vec<(&'static str, String)>) -> Note {
    Note { key, args }
}

/// One row of the target scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    /// Target id.
    pub target_id: String,
    /// Latest value (count, share, rank, 0/1 for milestones, units covered).
    pub latest_value: Option<f64>,
    /// End of the period of the latest value.
    pub period_end: Option<NaiveDate>,
    /// Vintage of the latest value.
    pub reported_on: Option<NaiveDate>,
    /// Progress towards the threshold (value / threshold; for ranks threshold / rank).
    pub progress: Option<f64>,
    /// Shortfall against the threshold (0 when met).
    pub gap: Option<f64>,
    /// Status.
    pub status: Status,
    /// Forecast at the deadline, for targets not yet met.
    pub forecast: Option<Forecast>,
    /// Pace still needed per month to reach the threshold by the deadline.
    pub pace_per_month: Option<f64>,
    /// Share of earlier years whose year-end total fell inside the 80 %
    /// interval the automatic model gave at the same month (backtest).
    pub backtest_coverage80: Option<f64>,
    /// Number of earlier years in that backtest.
    pub backtest_years: Option<usize>,
    /// Source of the latest value.
    pub source: String,
    /// Notes.
    pub notes: Vec<Note>,
}

/// Builds the target scorecard as of a date: one row per target, in plan order.
pub fn target_scorecard(plan: &Plan, reports: &Reports, as_of: NaiveDate, settings: &Settings) -> Vec<TargetRow> {
    let latest = reports.latest_by_period(Some(as_of));
    plan.targets
        .iter()
        .map(|target| {
            let rows: Vec<&Report> = latest.iter().filter(|r| r.item == target.id).collect();
            let deadline = target.deadline.date().unwrap_or(plan.end);
            match target.kind {
                TargetKind::Count => count_row(plan, &target.id, target.threshold.unwrap_or(0.0), None, &rows, as_of, deadline, settings),
                TargetKind::Coverage => coverage_row(plan, &target.id, target.threshold.unwrap_or(0.0), &rows, as_of, deadline, settings),
                TargetKind::Share => share_row(&target.id, target.threshold.unwrap_or(0.0), &rows, as_of, deadline),
                TargetKind::Rank => rank_row(&target.id, target.threshold.unwrap_or(1.0), &rows, as_of, deadline, settings),
                TargetKind::Milestone => milestone_row(&target.id, &rows, as_of, deadline, settings),
            }
        })
        .collect()
}

fn empty_row(target_id: &str, status: Status) -> TargetRow {
    TargetRow {
        target_id: target_id.to_string(),
        latest_value: None,
        period_end: None,
        reported_on: None,
        progress: None,
        gap: None,
        status,
        forecast: None,
        pace_per_month: None,
        backtest_coverage80: None,
        backtest_years: None,
        source: String::new(),
        notes: Vec::new(),
    }
}

/// Year-to-date values by period end, converting per-period values to cumulative ones.
fn cumulative_series(plan: &Plan, rows: &[&Report]) -> Vec<(NaiveDate, f64, &'static str)> {
    let mut by_period: BTreeMap<NaiveDate, (Option<f64>, f64)> = BTreeMap::new();
    for report in rows.iter().filter(|r| r.commune_code.is_none()) {
        let entry = by_period.entry(report.period_end).or_insert((None, 0.0));
        match report.basis {
            Basis::YearToDate => entry.0 = report.value.or(entry.0),
            Basis::Period => entry.1 += report.value.unwrap_or(0.0),
        }
    }
    let mut running = 0.0;
    let mut series = Vec::new();
    for (period, (ytd, period_sum)) in by_period {
        if period.year() != plan.start.year() && period < plan.start {
            continue;
        }
        match ytd {
            Some(value) => {
                running = value;
                series.push((period, value, "ytd"));
            }
            None => {
                running += period_sum;
                series.push((period, running, "period"));
            }
        }
    }
    series
}

fn months_between(from: NaiveDate, to: NaiveDate) -> f64 {
    ((to - from).num_days() as f64 / 30.4375).max(0.0)
}

fn year_fractions(plan: &Plan, period_end: NaiveDate, deadline: NaiveDate) -> (f64, f64) {
    let length = ((plan.end - plan.start).num_days() + 1) as f64;
    let elapsed = ((period_end - plan.start).num_days() + 1) as f64 / length;
    let remaining = (deadline - period_end).num_days().max(0) as f64 / length;
    (elapsed.max(0.0), remaining)
}

#[allow(clippy::too_many_arguments)]
fn count_row(
    plan: &Plan,
    id: &str,
    threshold: f64,
    cap: Option<f64>,
    rows: &[&Report],
    as_of: NaiveDate,
    deadline: NaiveDate,
    settings: &Settings,
) -> TargetRow {
    let series = cumulative_series(plan, rows);
    let Some(&(period_end, value, _)) = series.last() else {
        let status = if as_of > deadline { Status::Overdue } else { Status::NoData };
        return empty_row(id, status);
    };
    let latest = rows.iter().filter(|r| r.period_end == period_end).max_by_key(|r| r.reported_on);

    let mut row = empty_row(id, Status::NoData);
    row.latest_value = Some(value);
    row.period_end = Some(period_end);
    row.reported_on = latest.map(|r| r.reported_on);
    row.source = latest.map(|r| r.source.clone()).unwrap_or_default();
    row.progress = (threshold > 0.0).then(|| value / threshold);
    row.gap = Some((threshold - value).max(0.0));
    if series.windows(2).any(|w| w[1].1 < w[0].1) {
        row.notes.push(note("note.cumulative_decreases", vec![]));
    }

    if value >= threshold {
        row.status = Status::Met;
        return row;
    }
    if as_of > deadline {
        row.status = Status::Overdue;
        return row;
    }

    row.pace_per_month = Some((threshold - value) / months_between(period_end.max(as_of.min(deadline)), deadline).max(1.0 / 30.0));
    let (elapsed, remaining) = year_fractions(plan, period_end, deadline);
    let history = earlier_years(plan, rows);
    let within_year = within_year_dispersion(&year_points(plan, &series, deadline))
        .filter(|phi| *phi > crate::forecast::within_year::DISPERSION_CUTOFF);
    if history.len() >= 2 {
        let (coverage, years) = history_coverage(&history, period_end.month(), settings.prior);
        row.backtest_coverage80 = coverage;
        row.backtest_years = Some(years);
    }
    let forecast = match (history.is_empty(), within_year) {
        (false, _) => forecast_with_history(value, elapsed, remaining, threshold, &history, settings.prior),
        (true, Some(phi)) => forecast_within_year_dispersion(value, elapsed, elapsed + remaining, threshold, phi, settings.prior),
        (true, None) => {
            if series.len() < crate::forecast::within_year::MIN_WITHIN_YEAR_INCREMENTS {
                row.notes.push(note("note.poisson_only", vec![]));
            }
            run_rate(value, elapsed, remaining, threshold, settings.prior)
        }
    };
    match forecast {
        Ok(mut forecast) => {
            if let Some(cap) = cap {
                for bound in [&mut forecast.median, &mut forecast.mean, &mut forecast.lower80, &mut forecast.upper80, &mut forecast.lower95, &mut forecast.upper95] {
                    *bound = bound.min(cap);
                }
            }
            row.status = settings.status_from_probability(forecast.probability);
            row.forecast = Some(forecast);
        }
        Err(_) => row.notes.push(note("note.no_forecast", vec![])),
    }
    row
}

/// Backtests the automatic count model on the earlier years at the month of
/// the latest report: the share of years whose total fell in the 80 % interval.
fn history_coverage(history: &[YearPath], month: u32, prior: GammaPrior) -> (Option<f64>, usize) {
    let settings = crate::forecast::backtest::BacktestSettings {
        as_of_months: vec![month],
        threshold_ratios: vec![1.0],
        models: vec![CountModel::Auto],
        prior,
    };
    match crate::forecast::backtest::backtest(history, &settings) {
        Ok(rows) if !rows.is_empty() => {
            let covered = rows.iter().filter(|r| r.truth >= r.lower80 && r.truth <= r.upper80).count();
            (Some(covered as f64 / rows.len() as f64), rows.len())
        }
        _ => (None, 0),
    }
}

/// This year's year-to-date values as (fraction of the plan period, value).
fn year_points(plan: &Plan, series: &[(NaiveDate, f64, &'static str)], deadline: NaiveDate) -> Vec<(f64, f64)> {
    series
        .iter()
        .filter(|(date, _, _)| *date >= plan.start && *date <= deadline)
        .map(|(date, value, _)| (year_fractions(plan, *date, deadline).0, *value))
        .collect()
}

/// Complete earlier years of one item (those with a value at 31 December),
/// as year-to-date paths for the models that learn from history.
fn earlier_years(plan: &Plan, rows: &[&Report]) -> Vec<YearPath> {
    let mut by_year: BTreeMap<i32, Vec<&Report>> = BTreeMap::new();
    for report in rows.iter().filter(|r| r.commune_code.is_none() && r.period_end.year() < plan.start.year()) {
        by_year.entry(report.period_end.year()).or_default().push(report);
    }

    let mut paths = Vec::new();
    for (year, reports) in by_year {
        let (Some(first_day), Some(last_day)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else {
            continue;
        };
        let series = cumulative_values(&reports);
        let Some(&(_, total)) = series.iter().find(|(date, _)| *date == last_day) else {
            continue;
        };
        let length = ((last_day - first_day).num_days() + 1) as f64;
        let points = series.iter().map(|(date, value)| (((*date - first_day).num_days() + 1) as f64 / length, *value)).collect();
        paths.push(YearPath { year, points, total });
    }
    paths
}

/// Year-to-date values by period end for reports of one year.
fn cumulative_values(reports: &[&Report]) -> Vec<(NaiveDate, f64)> {
    let mut by_period: BTreeMap<NaiveDate, (Option<f64>, f64)> = BTreeMap::new();
    for report in reports {
        let entry = by_period.entry(report.period_end).or_insert((None, 0.0));
        match report.basis {
            Basis::YearToDate => entry.0 = report.value.or(entry.0),
            Basis::Period => entry.1 += report.value.unwrap_or(0.0),
        }
    }
    let mut running = 0.0;
    by_period
        .into_iter()
        .map(|(period, (ytd, period_sum))| {
            running = ytd.unwrap_or(running + period_sum);
            (period, running)
        })
        .collect()
}

/// Runs the automatic count model (seasonal, overdispersed or run rate) with earlier years as history.
fn forecast_with_history(
    value: f64,
    elapsed: f64,
    remaining: f64,
    threshold: f64,
    history: &[YearPath],
    prior: GammaPrior,
) -> Result<Forecast, crate::forecast::ForecastError> {
    let reports = [(elapsed, value)];
    let input = CountInput { reports: &reports, deadline: elapsed + remaining, threshold, history };
    forecast_count(&input, CountModel::Auto, prior).map(|result| result.forecast)
}

fn coverage_row(
    plan: &Plan,
    id: &str,
    threshold: f64,
    rows: &[&Report],
    as_of: NaiveDate,
    deadline: NaiveDate,
    settings: &Settings,
) -> TargetRow {
    let listed: BTreeSet<&str> = plan.communes.iter().map(|c| c.code.as_str()).collect();
    let mut latest_by_commune: BTreeMap<&str, &Report> = BTreeMap::new();
    let mut outside = BTreeSet::new();
    for report in rows {
        let Some(code) = report.commune_code.as_deref() else { continue };
        if !listed.contains(code) {
            outside.insert(report.commune.clone().unwrap_or_default());
            continue;
        }
        let newer = latest_by_commune
            .get(code)
            .is_none_or(|r| (report.period_end, report.reported_on) >= (r.period_end, r.reported_on));
        if newer {
            latest_by_commune.insert(code, report);
        }
    }

    // One cumulative count per period end: communes covered by then.
    let mut periods: Vec<NaiveDate> = latest_by_commune.values().map(|r| r.period_end).collect();
    periods.sort();
    periods.dedup();
    let synthetic: Vec<Report> = periods
        .iter()
        .map(|period| {
            let covered = latest_by_commune.values().filter(|r| r.period_end <= *period && r.value == Some(1.0)).count();
            let newest = latest_by_commune.values().filter(|r| r.period_end <= *period).max_by_key(|r| r.reported_on).expect("period comes from a report");
            Report { value: Some(covered as f64), commune: None, commune_code: None, basis: Basis::YearToDate, ..(*newest).clone() }
        })
        .collect();
    let refs: Vec<&Report> = synthetic.iter().collect();

    let mut row = count_row(plan, id, threshold, Some(listed.len() as f64), &refs, as_of, deadline, settings);
    if !outside.is_empty() {
        row.notes.push(note("note.coverage_outside_list", vec![("communes", outside.into_iter().collect::<Vec<_>>().join(", "))]));
    }
    row
}

fn share_row(id: &str, threshold: f64, rows: &[&Report], as_of: NaiveDate, deadline: NaiveDate) -> TargetRow {
    let Some(latest) = rows.iter().filter(|r| r.commune_code.is_none()).max_by_key(|r| (r.period_end, r.reported_on)) else {
        let status = if as_of > deadline { Status::Overdue } else { Status::NoData };
        return empty_row(id, status);
    };
    let mut row = empty_row(id, Status::NoData);
    row.latest_value = latest.value;
    row.period_end = Some(latest.period_end);
    row.reported_on = Some(latest.reported_on);
    row.source = latest.source.clone();
    let value = latest.value.unwrap_or(0.0);
    row.progress = (threshold > 0.0).then(|| value / threshold);
    row.gap = Some((threshold - value).max(0.0));

    let met = value >= threshold;
    match (latest.numerator, latest.denominator) {
        (Some(n), Some(d)) => {
            if let Ok(forecast) = beta_binomial(n, d, threshold) {
                row.forecast = Some(forecast);
            }
        }
        _ => row.notes.push(note("note.share_without_counts", vec![])),
    }
    row.status = if met {
        Status::Met
    } else if as_of > deadline {
        Status::Overdue
    } else {
        match &row.forecast {
            Some(f) if f.probability >= 0.8 => Status::OnTrack,
            Some(f) if f.probability >= 0.5 => Status::AtRisk,
            Some(_) => Status::OffTrack,
            None => Status::AtRisk,
        }
    };
    row
}

/// Forecasts the PII rank of `settings.pii_unit` from the shipped published results.
///
/// Returns the simulation and the number of year-on-year pairs its spread
/// came from.
pub fn pii_rank_forecast(k: u32, settings: &Settings) -> Option<(RankForecast, usize)> {
    // The simulation depends only on the published table and these settings,
    // so batches of scorecards reuse one result.
    type Key = (u32, usize, u64, String, i32);
    static CACHE: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<Key, Option<(RankForecast, usize)>>>> =
        std::sync::OnceLock::new();
    let key: Key = (k, settings.rank_draws, settings.seed, settings.pii_unit.clone(), settings.pii_year);
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let result = simulate_pii_rank(k, settings);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, result.clone());
    }
    result
}

fn simulate_pii_rank(k: u32, settings: &Settings) -> Option<(RankForecast, usize)> {
    let standings: Vec<Standing> = pii::standings(settings.pii_year);
    let pairs = pii::consecutive_pairs();
    let spread = change_spread(&pairs.iter().map(|(_, a, b)| (*a, *b)).collect::<Vec<_>>())?;
    let result = simulate_rank(
        &standings,
        &settings.pii_unit,
        k,
        pii::units_in_edition(settings.pii_year),
        spread,
        settings.rank_draws,
        settings.seed,
    )
    .ok()?;
    Some((result, pairs.len()))
}

fn rank_row(id: &str, threshold: f64, rows: &[&Report], as_of: NaiveDate, deadline: NaiveDate, settings: &Settings) -> TargetRow {
    let k = threshold as u32;
    if let Some(latest) = rows.iter().max_by_key(|r| (r.period_end, r.reported_on)) {
        let mut row = empty_row(id, Status::NoData);
        let rank = latest.value.unwrap_or(f64::INFINITY);
        row.latest_value = latest.value;
        row.period_end = Some(latest.period_end);
        row.reported_on = Some(latest.reported_on);
        row.source = latest.source.clone();
        row.progress = Some(threshold / rank);
        row.gap = Some((rank - threshold).max(0.0));
        row.status = if rank <= threshold {
            Status::Met
        } else if as_of > deadline || latest.period_end.year() >= deadline.year() {
            Status::Overdue
        } else {
            Status::OffTrack
        };
        return row;
    }

    let Some((simulation, pairs)) = pii_rank_forecast(k, settings) else {
        return empty_row(id, if as_of > deadline { Status::Overdue } else { Status::NoData });
    };
    let own = pii::standings(settings.pii_year).into_iter().find(|s| s.unit == settings.pii_unit);
    let mut row = empty_row(id, Status::NoData);
    let rank = own.as_ref().and_then(|s| s.rank).map(f64::from);
    row.latest_value = rank;
    row.period_end = NaiveDate::from_ymd_opt(settings.pii_year, 12, 31);
    row.progress = rank.map(|r| threshold / r);
    row.gap = rank.map(|r| (r - threshold).max(0.0));
    row.source = pii::published_results()
        .into_iter()
        .find(|r| r.year == settings.pii_year && r.province == settings.pii_unit && r.rank.is_some())
        .map(|r| r.source)
        .unwrap_or_default();
    row.status = if as_of > deadline { Status::Overdue } else { settings.status_from_probability(simulation.forecast.probability) };
    row.notes.push(note(
        "note.rank_from_published",
        vec![
            ("year", settings.pii_year.to_string()),
            ("score", format!("{:.2}", simulation.current_score)),
            ("needed", format!("{:.2}", simulation.score_needed)),
            ("pairs", pairs.to_string()),
            ("imputed", simulation.imputed.len().to_string()),
        ],
    ));
    row.forecast = Some(simulation.forecast);
    row
}

fn milestone_row(id: &str, rows: &[&Report], as_of: NaiveDate, deadline: NaiveDate, settings: &Settings) -> TargetRow {
    let latest = rows.iter().max_by_key(|r| (r.period_end, r.reported_on));
    let mut row = empty_row(id, Status::NoData);
    if let Some(latest) = latest {
        row.latest_value = latest.value;
        row.period_end = Some(latest.period_end);
        row.reported_on = Some(latest.reported_on);
        row.source = latest.source.clone();
        row.progress = latest.value;
        row.gap = latest.value.map(|v| 1.0 - v);
        if !latest.note.is_empty() {
            row.notes.push(note("note.reported", vec![("text", latest.note.clone())]));
        }
    }
    let done = latest.is_some_and(|r| r.value == Some(1.0));
    row.status = if done {
        Status::Met
    } else if as_of > deadline {
        Status::Overdue
    } else if latest.is_none() {
        Status::NoData
    } else if (deadline - as_of).num_days() <= settings.milestone_warning_days {
        Status::AtRisk
    } else {
        Status::OnTrack
    };
    row
}

// ---------------------------------------------------------------------------
// Tasks
// ---------------------------------------------------------------------------

/// Status of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskStatus {
    /// Done (its minimum output reached; for ongoing tasks, reported this quarter).
    Done,
    /// In progress before its deadline.
    OnTrack,
    /// Deadline passed (or, for ongoing tasks, the quarter's report is late).
    Overdue,
    /// Nothing reported.
    NoData,
}

impl TaskStatus {
    /// Stable code (`done`, `on_track`, `overdue`, `no_data`).
    pub fn code(self) -> &'static str {
        match self {
            TaskStatus::Done => "done",
            TaskStatus::OnTrack => "on_track",
            TaskStatus::Overdue => "overdue",
            TaskStatus::NoData => "no_data",
        }
    }
}

/// One row of the task scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    /// Task id.
    pub task_id: String,
    /// Minimum output count asked for (first quantified output).
    pub required: Option<u32>,
    /// Maximum of the range, when the plan gives one.
    pub required_max: Option<u32>,
    /// Unit of the counted output.
    pub output_unit: Option<String>,
    /// Latest reported output (year to date).
    pub delivered: Option<f64>,
    /// Vintage of the latest report.
    pub reported_on: Option<NaiveDate>,
    /// Status.
    pub status: TaskStatus,
    /// The quarter judged, for ongoing tasks.
    pub quarter_end: Option<NaiveDate>,
    /// Notes.
    pub notes: Vec<Note>,
}

fn quarter_end_of(date: NaiveDate) -> NaiveDate {
    crate::plan::quarter_end(date.year(), (date.month() - 1) / 3 + 1)
}

/// Builds the task scorecard as of a date: one row per task, grouped by lead
/// agency (in order of first appearance) and in plan order within each group.
pub fn task_scorecard(plan: &Plan, reports: &Reports, as_of: NaiveDate) -> Vec<TaskRow> {
    let latest = reports.latest_by_period(Some(as_of));
    let mut rows: Vec<(usize, TaskRow)> = Vec::new();
    let mut leads: Vec<String> = Vec::new();
    for task in &plan.tasks {
        let lead = task.lead.first().cloned().unwrap_or_default();
        if !leads.contains(&lead) {
            leads.push(lead.clone());
        }
        let group = leads.iter().position(|l| *l == lead).unwrap_or(0);
        let reports: Vec<&Report> = latest.iter().filter(|r| r.item == task.id).collect();
        rows.push((group, task_row(plan, task, &reports, as_of)));
    }
    rows.sort_by_key(|(group, _)| *group);
    rows.into_iter().map(|(_, row)| row).collect()
}

fn task_row(plan: &Plan, task: &Task, reports: &[&Report], as_of: NaiveDate) -> TaskRow {
    let first = task.outputs.first();
    let mut row = TaskRow {
        task_id: task.id.clone(),
        required: first.map(|o| o.min),
        required_max: first.and_then(|o| o.max),
        output_unit: first.map(|o| o.unit_vi.clone()),
        delivered: None,
        reported_on: None,
        status: TaskStatus::NoData,
        quarter_end: None,
        notes: Vec::new(),
    };
    if task.outputs.len() > 1 {
        let others = task.outputs[1..].iter().map(|o| o.text.clone()).collect::<Vec<_>>().join("; ");
        row.notes.push(note("note.task_more_outputs", vec![("outputs", others)]));
    }

    match task.deadline {
        Deadline::Ongoing => {
            let quarter = quarter_end_of(as_of.min(plan.end));
            let quarter_start = quarter - chrono::Months::new(3) + chrono::Days::new(1);
            row.quarter_end = Some(quarter);
            let this_quarter = reports
                .iter()
                .filter(|r| r.period_end >= quarter_start && r.period_end <= quarter)
                .max_by_key(|r| (r.period_end, r.reported_on));
            if let Some(report) = this_quarter {
                row.delivered = report.value;
                row.reported_on = Some(report.reported_on);
            }
            let due = plan.quarterly_due(quarter);
            // An ongoing task with a yearly quantity is done only once it reaches it;
            // until then a report this quarter keeps it on track.
            let needed = row.required.map_or(0.0, f64::from);
            row.status = match this_quarter {
                Some(r) if r.value.unwrap_or(0.0) > 0.0 && r.value.unwrap_or(0.0) >= needed => TaskStatus::Done,
                Some(r) if r.value.unwrap_or(0.0) > 0.0 => TaskStatus::OnTrack,
                Some(_) => TaskStatus::OnTrack,
                None if as_of > due => TaskStatus::Overdue,
                None => TaskStatus::NoData,
            };
        }
        Deadline::Date(deadline) => {
            let series = cumulative_series(plan, reports);
            if let Some(&(period, value, _)) = series.last() {
                row.delivered = Some(value);
                row.reported_on = reports.iter().filter(|r| r.period_end == period).map(|r| r.reported_on).max();
            }
            let needed = f64::from(row.required.unwrap_or(1));
            let done = row.delivered.is_some_and(|v| v >= needed);
            row.status = if done {
                TaskStatus::Done
            } else if as_of > deadline {
                TaskStatus::Overdue
            } else if row.delivered.is_none() {
                TaskStatus::NoData
            } else {
                TaskStatus::OnTrack
            };
        }
    }
    row
}

// ---------------------------------------------------------------------------
// Reporting discipline
// ---------------------------------------------------------------------------

/// Whether a reporter met a quarter's due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timeliness {
    /// First report for the quarter on or before the due date.
    OnTime,
    /// First report after the due date.
    Late,
    /// No report for the quarter yet, due date passed.
    Missing,
    /// No report yet, due date not reached.
    NotDue,
}

impl Timeliness {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Timeliness::OnTime => "on_time",
            Timeliness::Late => "late",
            Timeliness::Missing => "missing",
            Timeliness::NotDue => "not_due",
        }
    }
}

/// One reporter in one quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct DisciplineRow {
    /// Quarter end date.
    pub quarter_end: NaiveDate,
    /// Due date of the quarter's report.
    pub due: NaiveDate,
    /// Agency or commune.
    pub reporter: String,
    /// `agency` or `commune`.
    pub reporter_type: &'static str,
    /// Date of the first report for the quarter.
    pub first_report: Option<NaiveDate>,
    /// Timeliness.
    pub timeliness: Timeliness,
    /// Targets led by an agency that have no value for the quarter (ids).
    pub items_without_data: Vec<String>,
}

/// Returns the agency that must report for a lead entry as the plan writes it,
/// without a role ("Sở Khoa học và Công nghệ hướng dẫn") or a final period.
/// Entries that name no single agency ("UBND xã, phường thực hiện", "các tổ
/// chức liên quan") give `None`: communes report for themselves.
pub fn reporting_agency(lead: &str) -> Option<String> {
    let mut name = lead.trim().trim_end_matches('.').trim().to_string();
    for role in [" hướng dẫn", " thực hiện", " chủ trì"] {
        if let Some(stripped) = name.strip_suffix(role) {
            name = stripped.trim().to_string();
        }
    }
    let lower = name.to_lowercase();
    let generic = ["ubnd xã", "ubnd phường", "ủy ban nhân dân các xã", "các "];
    if name.is_empty() || generic.iter().any(|g| lower.starts_with(g)) {
        return None;
    }
    Some(name)
}

/// Lists, for every quarter that has started by `as_of`, which lead agencies
/// and which communes of the coverage list reported by the due date, which
/// were late and which have not reported.
///
/// An agency counts as reporting for a quarter when any row with its name
/// (compared on case, spacing and tone placement) has a period end in that
/// quarter. A commune reports through rows that name it in the `commune`
/// column. Lead agencies come from the plan's targets and tasks.
pub fn reporting_discipline(plan: &Plan, reports: &Reports, as_of: NaiveDate) -> Vec<DisciplineRow> {
    let visible = reports.as_of(as_of);
    let mut agencies: Vec<String> = Vec::new();
    for lead in plan.targets.iter().flat_map(|t| &t.lead).chain(plan.tasks.iter().flat_map(|t| &t.lead)) {
        let Some(agency) = reporting_agency(lead) else { continue };
        if !agencies.iter().any(|a| crate::communes::tone_key(a) == crate::communes::tone_key(&agency)) {
            agencies.push(agency);
        }
    }

    let mut rows = Vec::new();
    for quarter in plan.quarter_ends() {
        let quarter_start = quarter - chrono::Months::new(3) + chrono::Days::new(1);
        if quarter_start > as_of {
            break;
        }
        let due = plan.quarterly_due(quarter);
        let in_quarter: Vec<&Report> = visible
            .rows()
            .iter()
            .filter(|r| r.period_end >= quarter_start && r.period_end <= quarter)
            .collect();
        let timeliness = |first: Option<NaiveDate>| match first {
            Some(d) if d <= due => Timeliness::OnTime,
            Some(_) => Timeliness::Late,
            None if as_of > due => Timeliness::Missing,
            None => Timeliness::NotDue,
        };

        for agency in &agencies {
            let key = crate::communes::tone_key(agency);
            let leads = |lead: &String| reporting_agency(lead).is_some_and(|a| crate::communes::tone_key(&a) == key);
            let first = in_quarter.iter().filter(|r| crate::communes::tone_key(&r.agency) == key).map(|r| r.reported_on).min();
            let missing_items = plan
                .targets
                .iter()
                .filter(|t| t.lead.iter().any(leads))
                .filter(|t| t.kind != TargetKind::Rank)
                .filter(|t| !in_quarter.iter().any(|r| r.item == t.id))
                .map(|t| t.id.clone())
                .collect();
            rows.push(DisciplineRow {
                quarter_end: quarter,
                due,
                reporter: agency.clone(),
                reporter_type: "agency",
                first_report: first,
                timeliness: timeliness(first),
                items_without_data: missing_items,
            });
        }
        for commune in &plan.communes {
            let first = in_quarter.iter().filter(|r| r.commune_code.as_deref() == Some(&commune.code)).map(|r| r.reported_on).min();
            rows.push(DisciplineRow {
                quarter_end: quarter,
                due,
                reporter: commune.name_vi.clone(),
                reporter_type: "commune",
                first_report: first,
                timeliness: timeliness(first),
                items_without_data: Vec::new(),
            });
        }
    }
    rows
}

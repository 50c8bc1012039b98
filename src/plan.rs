//! The plan as data: targets, tasks, the communes of the coverage list and the
//! reporting calendar, loaded from a TOML file.
//!
//! The shipped plan is the 2026 plan of Đồng Nai for its innovation system and
//! startup ecosystem (`seeds/dong-nai-2026.toml`, transcribed from the plan
//! text beside it). Any other plan in the same format loads the same way.
//!
//! # Examples
//!
//! ```
//! use chiso::plan::{Plan, TargetKind};
//! let plan = Plan::default_plan();
//! let rank = &plan.targets[0];
//! assert_eq!(rank.kind, TargetKind::Rank);
//! assert_eq!(rank.threshold, Some(5.0));
//! ```

use std::collections::HashSet;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

/// The shipped plan file, compiled into the library so it is always at hand.
pub const DEFAULT_PLAN_TOML: &str = include_str!("../seeds/dong-nai-2026.toml");

/// Name under which the shipped plan is reported in errors.
pub const DEFAULT_PLAN_NAME: &str = "seeds/dong-nai-2026.toml";

/// Errors raised while loading or checking a plan.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum PlanError {
    /// The file could not be read.
    #[error("cannot read plan file `{file}`: {reason}")]
    Io {
        /// Path of the plan file.
        file: String,
        /// Operating-system message.
        reason: String,
    },
    /// The file is not valid TOML or does not follow the plan format.
    #[error("plan file `{file}` is not in the plan format: {reason}")]
    Syntax {
        /// Path of the plan file.
        file: String,
        /// Parser message with the line and key.
        reason: String,
    },
    /// One field of one item breaks a rule of the format.
    #[error("plan file `{file}`, {item}, field `{field}`: {problem}")]
    Field {
        /// Path of the plan file.
        file: String,
        /// Item such as `target MT06` or `task NV10`.
        item: String,
        /// Field name.
        field: String,
        /// Description of the problem and its fix, in English.
        problem: String,
        /// Catalogue key of the problem (under `plan.`), for other languages.
        key: &'static str,
        /// Values of the message template.
        args: Vec<(&'static str, String)>,
    },
}

/// Kind of a target, which fixes the rule that decides whether it is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A count that must reach at least `threshold` by the deadline.
    Count,
    /// A share (0–1) that must reach at least `threshold`.
    Share,
    /// A rank that must be at most `threshold` (1 is best).
    Rank,
    /// A one-off result that must be done by the deadline.
    Milestone,
    /// Every unit of a named list (for example the plan's communes) must be covered.
    Coverage,
}

impl TargetKind {
    /// Returns the snake-case name used in files and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Count => "count",
            TargetKind::Share => "share",
            TargetKind::Rank => "rank",
            TargetKind::Milestone => "milestone",
            TargetKind::Coverage => "coverage",
        }
    }
}

/// A deadline as the plan writes it and as a date.
#[derive(Debug, Clone, PartialEq)]
pub enum Deadline {
    /// A fixed date (the end of the quarter for "Quý III/2026").
    Date(NaiveDate),
    /// "Thường xuyên": ongoing work, judged quarter by quarter.
    Ongoing,
}

impl Deadline {
    /// Returns the date, or `None` for ongoing work.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Deadline::Date(d) => Some(*d),
            Deadline::Ongoing => None,
        }
    }
}

/// One measurable target of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Identifier used in reports (`MT01` …).
    pub id: String,
    /// Row number in the plan's appendix.
    pub number: u32,
    /// Name as written in the plan.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Kind and rule.
    pub kind: TargetKind,
    /// Count to reach, share to reach (0–1) or rank not to exceed; `None` for milestones.
    pub threshold: Option<f64>,
    /// Unit of the value in Vietnamese (`doanh nghiệp`, `sản phẩm` …).
    pub unit_vi: String,
    /// Unit of the value in English.
    pub unit_en: String,
    /// Lead agencies, as written.
    pub lead: Vec<String>,
    /// Coordinating agencies, as written.
    pub coordinating: Vec<String>,
    /// Expected output or product, as written.
    pub output_vi: String,
    /// The deadline as written ("Quý IV/2026").
    pub deadline_text: String,
    /// The deadline.
    pub deadline: Deadline,
    /// For coverage targets: the list that must be covered (`communes`).
    pub coverage_list: Option<String>,
    /// Name of a published series that tracks this target (`pii_rank` …).
    pub series: Option<String>,
    /// Note on the item, including contradictions in the plan text.
    pub note: Option<String>,
}

/// A quantified output parsed from a task's "Kết quả/sản phẩm" text.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantifiedOutput {
    /// Minimum count asked for.
    pub min: u32,
    /// Maximum count, when the plan gives a range ("01-02 lớp").
    pub max: Option<u32>,
    /// Counted unit, as written ("hội nghị").
    pub unit_vi: String,
    /// The fragment of text the count was read from.
    pub text: String,
}

/// One task of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Identifier used in reports (`NV01` …).
    pub id: String,
    /// Row number in the plan's appendix.
    pub number: u32,
    /// Name as written in the plan.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Lead agencies, as written.
    pub lead: Vec<String>,
    /// Coordinating agencies, as written.
    pub coordinating: Vec<String>,
    /// Expected output or product, as written.
    pub output_vi: String,
    /// Counts parsed from `output_vi`.
    pub outputs: Vec<QuantifiedOutput>,
    /// The deadline as written.
    pub deadline_text: String,
    /// The deadline.
    pub deadline: Deadline,
    /// Targets this task serves.
    pub targets: Vec<String>,
    /// Note on the item, including contradictions in the plan text.
    pub note: Option<String>,
}

/// One commune or ward of the plan's coverage list.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanCommune {
    /// Row number in the plan's list.
    pub number: u32,
    /// Name as written in the plan, with its prefix ("Phường Biên Hòa").
    pub name_vi: String,
    /// Code of the matching official unit.
    pub code: String,
    /// Note on the match when the spelling differs from the official name.
    pub note: Option<String>,
}

/// The reporting calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// Day of the quarter's last month by which quarterly reports are due.
    pub quarterly_due_day: u32,
    /// Due date of the annual report.
    pub annual_due: NaiveDate,
    /// Body that receives the reports.
    pub reports_to: String,
    /// The rule as written.
    pub text_vi: String,
}

/// A whole plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Short identifier (`dong-nai-2026`).
    pub id: String,
    /// Title as written.
    pub title_vi: String,
    /// English title.
    pub title_en: String,
    /// Province or city the plan covers.
    pub place: String,
    /// Plan year.
    pub year: i32,
    /// First day of the plan period.
    pub start: NaiveDate,
    /// Last day of the plan period.
    pub end: NaiveDate,
    /// Source of the plan text.
    pub source: String,
    /// Targets in plan order.
    pub targets: Vec<Target>,
    /// Tasks in plan order.
    pub tasks: Vec<Task>,
    /// The communes of the coverage list.
    pub communes: Vec<PlanCommune>,
    /// Reporting calendar.
    pub calendar: Calendar,
    /// File the plan was read from, for error messages.
    pub file: String,
}

// ---------------------------------------------------------------------------
// File format
// ---------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    plan: RawPlan,
    calendar: RawCalendar,
    #[serde(default)]
    targets: Vec<RawTarget>,
    #[serde(default)]
    tasks: Vec<RawTask>,
    #[serde(default)]
    communes: Vec<RawCommune>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    id: String,
    title_vi: String,
    #[serde(default)]
    title_en: String,
    place: String,
    year: i32,
    start: toml::value::Datetime,
    end: toml::value::Datetime,
    #[serde(default)]
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    quarterly_due_day: u32,
    annual_due: toml::value::Datetime,
    #[serde(default)]
    reports_to: String,
    #[serde(default)]
    text_vi: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    id: String,
    number: u32,
    name_vi: String,
    #[serde(default)]
    name_en: String,
    kind: String,
    threshold: Option<f64>,
    #[serde(default)]
    unit_vi: String,
    #[serde(default)]
    unit_en: String,
    #[serde(default)]
    lead: Vec<String>,
    #[serde(default)]
    coordinating: Vec<String>,
    #[serde(default)]
    output_vi: String,
    deadline: String,
    series: Option<String>,
    coverage_list: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    id: String,
    number: u32,
    name_vi: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    lead: Vec<String>,
    #[serde(default)]
    coordinating: Vec<String>,
    #[serde(default)]
    output_vi: String,
    deadline: String,
    #[serde(default)]
    targets: Vec<String>,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommune {
    number: u32,
    name_vi: String,
    code: String,
    note: Option<String>,
}

impl Plan {
    /// Returns the shipped 2026 plan of Đồng Nai.
    ///
    /// # Panics
    ///
    /// Never in a released build: the shipped file is checked by the tests.
    pub fn default_plan() -> Plan {
        Plan::from_toml_str(DEFAULT_PLAN_TOML, DEFAULT_PLAN_NAME)
            .expect("the shipped plan file is valid")
    }

    /// Loads a plan from a TOML file.
    ///
    /// # Errors
    ///
    /// [`PlanError::Io`] when the file cannot be read, [`PlanError::Syntax`]
    /// when it is not TOML in the plan format, and [`PlanError::Field`] for the
    /// first field that breaks a rule (naming the item and the field).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// let plan = chiso::plan::Plan::from_path("seeds/dong-nai-2026.toml").unwrap();
    /// assert_eq!(plan.year, 2026);
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Result<Plan, PlanError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| PlanError::Io {
            file: file.clone(),
            reason: e.to_string(),
        })?;
        Plan::from_toml_str(&text, &file)
    }

    /// Parses a plan from TOML text; `file` names the source in errors.
    ///
    /// # Errors
    ///
    /// As [`Plan::from_path`], without the I/O case.
    pub fn from_toml_str(text: &str, file: &str) -> Result<Plan, PlanError> {
        let text = crate::communes::nfc(text);
        let raw: RawFile = toml::from_str(&text).map_err(|e| PlanError::Syntax {
            file: file.to_string(),
            reason: e.to_string().trim().replace('\n', " "),
        })?;
        build_plan(raw, file)
    }

    /// Finds a target by id.
    pub fn target(&self, id: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.id == id)
    }

    /// Finds a task by id.
    pub fn task(&self, id: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id == id)
    }

    /// Quarter ends within the plan period, in order.
    pub fn quarter_ends(&self) -> Vec<NaiveDate> {
        let mut ends = Vec::new();
        let mut year = self.start.year();
        let mut quarter = (self.start.month() - 1) / 3 + 1;
        loop {
            let end = quarter_end(year, quarter);
            if end > self.end {
                break;
            }
            ends.push(end);
            quarter += 1;
            if quarter == 5 {
                quarter = 1;
                year += 1;
            }
        }
        ends
    }

    /// Due date of the quarterly report for the quarter that ends on `quarter_end`:
    /// day `quarterly_due_day` of the quarter's last month.
    pub fn quarterly_due(&self, quarter_end: NaiveDate) -> NaiveDate {
        NaiveDate::from_ymd_opt(
            quarter_end.year(),
            quarter_end.month(),
            self.calendar.quarterly_due_day.min(28),
        )
        .expect("day 1-28 exists in every month")
    }
}

fn field_error(file: &str, item: &str, field: &str, key: &'static str, args: Vec<(&'static str, String)>) -> PlanError {
    PlanError::Field {
        file: file.to_string(),
        item: item.to_string(),
        field: field.to_string(),
        problem: crate::locale::format(crate::locale::Lang::En, &format!("plan.{key}"), &args),
        key,
        args,
    }
}

fn toml_date(value: &toml::value::Datetime, file: &str, item: &str, field: &str) -> Result<NaiveDate, PlanError> {
    let Some(date) = value.date else {
        return Err(field_error(file, item, field, "date_format", vec![("value", value.to_string())]));
    };
    NaiveDate::from_ymd_opt(i32::from(date.year), u32::from(date.month), u32::from(date.day))
        .ok_or_else(|| field_error(file, item, field, "date_invalid", vec![("value", value.to_string())]))
}

fn build_plan(raw: RawFile, file: &str) -> Result<Plan, PlanError> {
    let start = toml_date(&raw.plan.start, file, "[plan]", "start")?;
    let end = toml_date(&raw.plan.end, file, "[plan]", "end")?;
    if end < start {
        return Err(field_error(file, "[plan]", "end", "end_before_start", vec![("end", end.to_string()), ("start", start.to_string())]));
    }

    let calendar = build_calendar(&raw.calendar, file)?;

    let mut seen = HashSet::new();
    let mut targets = Vec::with_capacity(raw.targets.len());
    for target in raw.targets {
        let built = build_target(target, file, raw.plan.year)?;
        if !seen.insert(built.id.clone()) {
            return Err(field_error(file, &format!("target {}", built.id), "id", "id_twice", vec![("value", built.id.clone())]));
        }
        targets.push(built);
    }

    let mut tasks = Vec::with_capacity(raw.tasks.len());
    for task in raw.tasks {
        let built = build_task(task, file, &targets, raw.plan.year)?;
        if !seen.insert(built.id.clone()) {
            return Err(field_error(file, &format!("task {}", built.id), "id", "id_twice", vec![("value", built.id.clone())]));
        }
        tasks.push(built);
    }

    let communes = build_communes(raw.communes, file)?;
    check_coverage_lists(&targets, &communes, file)?;

    Ok(Plan {
        id: raw.plan.id,
        title_vi: raw.plan.title_vi,
        title_en: raw.plan.title_en,
        place: raw.plan.place,
        year: raw.plan.year,
        start,
        end,
        source: raw.plan.source,
        targets,
        tasks,
        communes,
        calendar,
        file: file.to_string(),
    })
}

fn build_calendar(raw: &RawCalendar, file: &str) -> Result<Calendar, PlanError> {
    if !(1..=28).contains(&raw.quarterly_due_day) {
        return Err(field_error(file, "[calendar]", "quarterly_due_day", "due_day", vec![("value", raw.quarterly_due_day.to_string())]));
    }
    Ok(Calendar {
        quarterly_due_day: raw.quarterly_due_day,
        annual_due: toml_date(&raw.annual_due, file, "[calendar]", "annual_due")?,
        reports_to: raw.reports_to.clone(),
        text_vi: raw.text_vi.clone(),
    })
}

fn parse_kind(kind: &str, file: &str, item: &str) -> Result<TargetKind, PlanError> {
    match kind {
        "count" => Ok(TargetKind::Count),
        "share" => Ok(TargetKind::Share),
        "rank" => Ok(TargetKind::Rank),
        "milestone" => Ok(TargetKind::Milestone),
        "coverage" => Ok(TargetKind::Coverage),
        other => Err(field_error(file, item, "kind", "kind_invalid", vec![("value", other.to_string())])),
    }
}


fn build_target(raw: RawTarget, file: &str, year: i32) -> Result<Target, PlanError> {
    let item = format!("target {}", raw.id);
    let kind = parse_kind(&raw.kind, file, &item)?;
    let deadline = parse_deadline(&raw.deadline)
        .ok_or_else(|| field_error(file, &item, "deadline", "deadline_invalid", vec![("value", raw.deadline.clone()), ("year", year.to_string())]))?;

    match (kind, raw.threshold) {
        (TargetKind::Milestone, _) => {}
        (_, None) => {
            return Err(field_error(file, &item, "threshold", "threshold_missing", vec![("kind", kind.as_str().to_string())]));
        }
        (_, Some(t)) if !t.is_finite() || t < 0.0 => {
            return Err(field_error(file, &item, "threshold", "threshold_invalid", vec![("value", t.to_string())]));
        }
        (TargetKind::Share, Some(t)) if t > 1.0 => {
            return Err(field_error(file, &item, "threshold", "share_above_one", vec![("value", t.to_string())]));
        }
        (TargetKind::Rank, Some(t)) if t < 1.0 || t.fract() != 0.0 => {
            return Err(field_error(file, &item, "threshold", "rank_invalid", vec![("value", t.to_string())]));
        }
        _ => {}
    }
    if kind == TargetKind::Coverage && raw.coverage_list.as_deref() != Some("communes") {
        return Err(field_error(file, &item, "coverage_list", "coverage_list_missing", vec![]));
    }

    Ok(Target {
        id: raw.id,
        number: raw.number,
        name_vi: raw.name_vi,
        name_en: raw.name_en,
        kind,
        threshold: raw.threshold,
        unit_vi: raw.unit_vi,
        unit_en: raw.unit_en,
        lead: raw.lead,
        coordinating: raw.coordinating,
        output_vi: raw.output_vi,
        deadline_text: raw.deadline,
        deadline,
        coverage_list: raw.coverage_list,
        series: raw.series,
        note: raw.note,
    })
}

fn build_task(raw: RawTask, file: &str, targets: &[Target], year: i32) -> Result<Task, PlanError> {
    let item = format!("task {}", raw.id);
    let deadline = parse_deadline(&raw.deadline)
        .ok_or_else(|| field_error(file, &item, "deadline", "deadline_invalid", vec![("value", raw.deadline.clone()), ("year", year.to_string())]))?;
    for target in &raw.targets {
        if !targets.iter().any(|t| &t.id == target) {
            return Err(field_error(file, &item, "targets", "task_target_unknown", vec![("value", target.clone())]));
        }
    }

    Ok(Task {
        outputs: parse_outputs(&raw.output_vi),
        id: raw.id,
        number: raw.number,
        name_vi: raw.name_vi,
        name_en: raw.name_en,
        lead: raw.lead,
        coordinating: raw.coordinating,
        output_vi: raw.output_vi,
        deadline_text: raw.deadline,
        deadline,
        targets: raw.targets,
        note: raw.note,
    })
}

fn build_communes(raw: Vec<RawCommune>, file: &str) -> Result<Vec<PlanCommune>, PlanError> {
    let official = crate::communes::OfficialList::default_list();
    let mut codes = HashSet::new();
    let mut communes = Vec::with_capacity(raw.len());
    for commune in raw {
        let item = format!("commune {} ({})", commune.number, commune.name_vi);
        let Some(unit) = official.by_code(&commune.code) else {
            return Err(field_error(file, &item, "code", "commune_code_unknown", vec![("value", commune.code.clone())]));
        };
        if !codes.insert(commune.code.clone()) {
            return Err(field_error(file, &item, "code", "commune_code_twice", vec![("value", commune.code.clone())]));
        }
        let matched = crate::communes::same_name(&commune.name_vi, &unit.full_name());
        if !matched && commune.note.is_none() {
            return Err(field_error(file, &item, "note", "commune_note_missing", vec![("official", unit.full_name())]));
        }
        communes.push(PlanCommune {
            number: commune.number,
            name_vi: commune.name_vi,
            code: commune.code,
            note: commune.note,
        });
    }
    Ok(communes)
}

fn check_coverage_lists(targets: &[Target], communes: &[PlanCommune], file: &str) -> Result<(), PlanError> {
    for target in targets.iter().filter(|t| t.kind == TargetKind::Coverage) {
        let threshold = target.threshold.unwrap_or(0.0);
        if threshold > communes.len() as f64 {
            return Err(field_error(
                file,
                &format!("target {}", target.id),
                "threshold",
                "coverage_too_many",
                vec![("value", threshold.to_string()), ("communes", communes.len().to_string())],
            ));
        }
    }
    Ok(())
}

/// Returns the last day of quarter `quarter` (1–4) of `year`.
///
/// # Panics
///
/// When `quarter` is not 1–4.
pub fn quarter_end(year: i32, quarter: u32) -> NaiveDate {
    assert!((1..=4).contains(&quarter), "quarter {quarter} is not 1-4");
    let (month, day) = [(3, 31), (6, 30), (9, 30), (12, 31)][(quarter - 1) as usize];
    NaiveDate::from_ymd_opt(year, month, day).expect("quarter ends exist")
}

/// Parses a deadline as plans write it.
///
/// Accepts "Quý IV/2026" (Roman or Arabic quarter number, with or without
/// "Quý"), "Thường xuyên" and "Thường xuyên trong năm" (ongoing), an ISO date
/// and `dd/mm/yyyy`. Returns `None` for anything else.
///
/// # Examples
///
/// ```
/// use chiso::plan::{parse_deadline, Deadline};
/// use chrono::NaiveDate;
/// assert_eq!(parse_deadline("Quý III/2026"), Some(Deadline::Date(NaiveDate::from_ymd_opt(2026, 9, 30).unwrap())));
/// assert_eq!(parse_deadline("Thường xuyên"), Some(Deadline::Ongoing));
/// ```
pub fn parse_deadline(text: &str) -> Option<Deadline> {
    let text = crate::communes::nfc(text.trim());
    let lower = text.to_lowercase();
    if lower.starts_with("thường xuyên") {
        return Some(Deadline::Ongoing);
    }
    if let Some((quarter, year)) = parse_quarter(&text) {
        return Some(Deadline::Date(quarter_end(year, quarter)));
    }
    parse_date(&text).map(Deadline::Date)
}

/// Parses "Quý IV/2026", "Q4/2026" or "quý 4/2026" into (quarter, year).
pub fn parse_quarter(text: &str) -> Option<(u32, i32)> {
    let lower = crate::communes::nfc(text.trim()).to_lowercase();
    let rest = lower
        .strip_prefix("quý")
        .or_else(|| lower.strip_prefix('q'))?
        .trim();
    let (quarter, year) = rest.split_once('/')?;
    let quarter = match quarter.trim() {
        "i" | "1" => 1,
        "ii" | "2" => 2,
        "iii" | "3" => 3,
        "iv" | "4" => 4,
        _ => return None,
    };
    let year: i32 = year.trim().parse().ok()?;
    Some((quarter, year))
}

/// Parses an ISO date (`2026-09-30`) or a Vietnamese date (`30/09/2026`).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}

/// Formats a date the Vietnamese way (`30/09/2026`).
pub fn format_date_vi(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Formats the quarter that contains `date` ("Quý III/2026").
pub fn format_quarter_vi(date: NaiveDate) -> String {
    let roman = ["I", "II", "III", "IV"][((date.month() - 1) / 3) as usize];
    format!("Quý {roman}/{}", date.year())
}

/// Parses the quantified outputs of a task's "Kết quả/sản phẩm" text.
///
/// Recognises "ít nhất 03 hội nghị", "tối thiểu 20 doanh nghiệp" (minimum),
/// "01-02 lớp" (range) and a bare "30 dự án" (minimum). A number is taken only
/// when a word follows it, and never when it is part of a document number or
/// a date ("Kế hoạch số 173/KH-UBND ngày 07/4/2026").
///
/// # Examples
///
/// ```
/// use chiso::plan::parse_outputs;
/// let outputs = parse_outputs("01-02 sự kiện; có ít nhất 02 phiên gọi vốn (Pitching) thành công");
/// assert_eq!(outputs.len(), 2);
/// assert_eq!((outputs[0].min, outputs[0].max), (1, Some(2)));
/// assert_eq!(outputs[1].unit_vi, "phiên gọi vốn");
/// assert!(parse_outputs("Kế hoạch số 173/KH-UBND ngày 07/4/2026").is_empty());
/// ```
pub fn parse_outputs(text: &str) -> Vec<QuantifiedOutput> {
    let text = crate::communes::nfc(text);
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut outputs = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i].trim_matches(|c: char| c == ',' || c == ';' || c == '(' || c == ')');
        let previous = if i > 0 { words[i - 1].to_lowercase() } else { String::new() };
        let Some((min, max)) = parse_count_token(word) else {
            i += 1;
            continue;
        };
        if previous == "số" || previous == "ngày" || previous.ends_with("số") {
            i += 1;
            continue;
        }
        let unit = read_unit(&words[i + 1..]);
        if unit.is_empty() {
            i += 1;
            continue;
        }
        let start = if previous == "nhất" || previous == "thiểu" { i.saturating_sub(2) } else { i };
        let fragment_len = 1 + unit.split_whitespace().count();
        outputs.push(QuantifiedOutput {
            min,
            max,
            unit_vi: unit,
            text: words[start..(i + fragment_len).min(words.len())].join(" ").trim_end_matches([',', ';']).to_string(),
        });
        i += fragment_len;
    }
    outputs
}

fn parse_count_token(word: &str) -> Option<(u32, Option<u32>)> {
    if word.is_empty() || !word.chars().next()?.is_ascii_digit() {
        return None;
    }
    if let Some((a, b)) = word.split_once(['-', '–']) {
        let a: u32 = a.parse().ok()?;
        let b: u32 = b.parse().ok()?;
        return (a <= b).then_some((a, Some(b)));
    }
    if !word.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().map(|n| (n, None))
}

/// Reads the counted noun after a number: words up to punctuation, a
/// parenthesis or a word that starts a new clause, at most four words.
fn read_unit(words: &[&str]) -> String {
    const STOP: [&str; 12] = [
        "được", "có", "và", "thành", "khởi", "trên", "của", "liên", "khoa", "đổi", "tham", "báo",
    ];
    let mut unit = Vec::new();
    for word in words.iter().take(4) {
        if word.starts_with('(') {
            break;
        }
        let lower = word.to_lowercase();
        let clean = lower.trim_end_matches([',', ';', '.', ')']);
        if clean.is_empty() || clean.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            break;
        }
        if !unit.is_empty() && STOP.contains(&clean) {
            break;
        }
        unit.push(word.trim_end_matches([',', ';', '.']).to_string());
        if word.ends_with([',', ';', '.']) {
            break;
        }
    }
    unit.join(" ")
}

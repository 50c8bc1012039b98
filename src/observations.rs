//! Reports from agencies and communes: parsing, validation and vintages.
//!
//! A report row gives the value of one target or task for a period, as
//! reported on a date (its vintage). A later report for the same item, period
//! and commune revises the earlier one from its own date on; every vintage is
//! kept, and [`Reports::as_of`] returns only the rows reported by a date.
//!
//! Rows arrive as text cells (from CSV, Excel or a DataFrame) and are parsed
//! here, so every reader applies the same rules: numbers in Vietnamese or
//! English notation, dates as ISO, `dd/mm/yyyy` or Excel serial numbers.
//! Every problem is collected with its file, sheet, row, column and value;
//! nothing is dropped silently.
//!
//! # Examples
//!
//! ```
//! use chiso::observations::{Reports, ReadOptions};
//! use chiso::plan::Plan;
//! let plan = Plan::default_plan();
//! let csv = "item,period_end,value,basis,agency,reported_on\nMT06,2026-03-14,4,ytd,Sở Khoa học và Công nghệ,2026-03-12\n";
//! let (reports, problems) = Reports::from_csv_str(csv, "example.csv", &plan, &ReadOptions::default());
//! assert!(problems.is_empty());
//! assert_eq!(reports.rows().len(), 1);
//! ```

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use crate::communes::{nfc, Match, OfficialList};
use crate::plan::{Plan, TargetKind};

/// Whether a value is cumulative since the start of the year or for the period only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    /// Cumulative since the start of the plan year ("lũy kế").
    YearToDate,
    /// For the reporting period only ("trong kỳ").
    Period,
}

impl Basis {
    /// Returns the code used in files (`ytd` or `period`).
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::YearToDate => "ytd",
            Basis::Period => "period",
        }
    }
}

/// Convention for reading numbers written with separators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberFormat {
    /// Decide from the text; reject "1.234" and "1,234", which read differently in each convention.
    #[default]
    Auto,
    /// Vietnamese: "." groups thousands and "," marks decimals ("1.234,5").
    Vietnamese,
    /// English: "," groups thousands and "." marks decimals ("1,234.5").
    English,
}

/// Options for reading reports.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Convention for numbers written with separators.
    pub number_format: NumberFormat,
    /// Sheet name, for problems found in an Excel workbook.
    pub sheet: Option<String>,
    /// Row number in the source of the first data row (2 for a CSV with one header row).
    pub first_row: Option<usize>,
    /// Accept rows of years before the plan year, as history for the models
    /// that learn from earlier years. Rows after the plan year are still rejected.
    pub allow_earlier_years: bool,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// File the row came from.
    pub file: String,
    /// Sheet, for workbooks.
    pub sheet: Option<String>,
    /// Row number in the source (header is row 1), or 0 for the whole file.
    pub row: usize,
    /// Column (canonical name).
    pub column: String,
    /// The cell as given.
    pub value: String,
    /// Catalogue key of the problem (see `locale`).
    pub key: &'static str,
    /// Values that fill the message template.
    pub args: Vec<(&'static str, String)>,
    /// Whether the row was rejected (`false`: kept, with a warning).
    pub rejected: bool,
}

/// One accepted report row.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Row number in the source.
    pub row: usize,
    /// Target or task id.
    pub item: String,
    /// End of the period the value covers.
    pub period_end: NaiveDate,
    /// The value (for shares, numerator over denominator when both are given).
    pub value: Option<f64>,
    /// Cumulative or per period.
    pub basis: Basis,
    /// Numerator of a share.
    pub numerator: Option<f64>,
    /// Denominator of a share.
    pub denominator: Option<f64>,
    /// Commune as written.
    pub commune: Option<String>,
    /// Code of the matched official commune.
    pub commune_code: Option<String>,
    /// Reporting agency.
    pub agency: String,
    /// Date the value was reported (the vintage).
    pub reported_on: NaiveDate,
    /// Source.
    pub source: String,
    /// Note.
    pub note: String,
}

/// The canonical columns of a reports table.
pub const COLUMNS: [&str; 11] = [
    "item", "period_end", "value", "basis", "numerator", "denominator", "commune", "agency",
    "reported_on", "source", "note",
];

/// Vietnamese headers of the reporting template, in the order of [`COLUMNS`].
pub const HEADERS_VI: [&str; 11] = [
    "Mã mục tiêu/nhiệm vụ",
    "Ngày cuối kỳ số liệu",
    "Giá trị",
    "Cách tính (lũy kế/trong kỳ)",
    "Tử số",
    "Mẫu số",
    "Xã/phường",
    "Cơ quan báo cáo",
    "Ngày báo cáo",
    "Nguồn",
    "Ghi chú",
];

/// Maps a header (English or Vietnamese, any case or spacing) to its canonical column.
pub fn canonical_column(header: &str) -> Option<&'static str> {
    let key = crate::communes::tone_key(&nfc(header.trim()).replace('_', " "));
    for (i, column) in COLUMNS.iter().enumerate() {
        if key == crate::communes::tone_key(&column.replace('_', " "))
            || key == crate::communes::tone_key(HEADERS_VI[i])
        {
            return Some(column);
        }
    }
    let aliases: [(&str, &str); 8] = [
        ("target", "item"),
        ("mã", "item"),
        ("mục tiêu", "item"),
        ("kỳ báo cáo", "period_end"),
        ("ngày cuối kỳ", "period_end"),
        ("cách tính", "basis"),
        ("xã phường", "commune"),
        ("vintage", "reported_on"),
    ];
    aliases
        .iter()
        .find(|(alias, _)| key == crate::communes::tone_key(alias))
        .map(|(_, column)| *column)
}

/// All accepted report rows, every vintage kept.
#[derive(Debug, Clone, Default)]
pub struct Reports {
    rows: Vec<Report>,
}

/// Reads a number cell.
///
/// Returns `Ok(None)` for an empty cell and `Err(key)` with a catalogue key
/// when the text is not a number or is ambiguous.
///
/// # Examples
///
/// ```
/// use chiso::observations::{parse_number, NumberFormat};
/// assert_eq!(parse_number("1.234,5", NumberFormat::Auto), Ok(Some(1234.5)));
/// assert_eq!(parse_number("1,234.5", NumberFormat::Auto), Ok(Some(1234.5)));
/// assert_eq!(parse_number("7,5", NumberFormat::Auto), Ok(Some(7.5)));
/// assert!(parse_number("1.234", NumberFormat::Auto).is_err());
/// assert_eq!(parse_number("1.234", NumberFormat::Vietnamese), Ok(Some(1234.0)));
/// ```
pub fn parse_number(text: &str, format: NumberFormat) -> Result<Option<f64>, &'static str> {
    let text = text.trim().replace(['\u{a0}', ' '], "");
    if text.is_empty() {
        return Ok(None);
    }
    let (text, percent) = match text.strip_suffix('%') {
        Some(t) => (t.to_string(), true),
        None => (text, false),
    };

    let has_dot = text.contains('.');
    let has_comma = text.contains(',');
    let grouped = |sep: char| {
        let body = text.trim_start_matches(['-', '+']);
        let parts: Vec<&str> = body.split(sep).collect();
        parts.len() > 1
            && (1..=3).contains(&parts[0].len())
            && parts[1..].iter().all(|p| p.len() == 3)
            && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
    };

    let plain = match (has_dot, has_comma) {
        (false, false) => text.clone(),
        (true, true) => {
            let last_dot = text.rfind('.').unwrap_or(0);
            let last_comma = text.rfind(',').unwrap_or(0);
            if last_comma > last_dot {
                text.replace('.', "").replace(',', ".")
            } else {
                text.replace(',', "")
            }
        }
        (true, false) => match format {
            NumberFormat::Vietnamese if grouped('.') => text.replace('.', ""),
            NumberFormat::Auto if grouped('.') => return Err("number_ambiguous"),
            _ if text.matches('.').count() > 1 => return Err("number_invalid"),
            _ => text.clone(),
        },
        (false, true) => match format {
            NumberFormat::English if grouped(',') => text.replace(',', ""),
            NumberFormat::Auto if grouped(',') => return Err("number_ambiguous"),
            _ if text.matches(',').count() > 1 => return Err("number_invalid"),
            _ => text.replace(',', "."),
        },
    };

    let value: f64 = plain.parse().map_err(|_| "number_invalid")?;
    if !value.is_finite() {
        return Err("number_invalid");
    }
    Ok(Some(if percent { value / 100.0 } else { value }))
}

/// Reads a date cell: ISO (`2026-03-14`), `dd/mm/yyyy`, `dd-mm-yyyy`,
/// `dd.mm.yyyy`, an ISO date-time, or an Excel serial day number
/// (1900 date system, 25569 = 1970-01-01).
///
/// # Examples
///
/// ```
/// use chiso::observations::parse_date_cell;
/// use chrono::NaiveDate;
/// let d = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
/// assert_eq!(parse_date_cell("14/03/2026"), Some(d));
/// assert_eq!(parse_date_cell("2026-03-14 00:00:00"), Some(d));
/// assert_eq!(parse_date_cell("46095"), Some(d));
/// ```
pub fn parse_date_cell(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(serial) = text.parse::<f64>() {
        if (20000.0..80000.0).contains(&serial) && serial.fract() == 0.0 {
            let base = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid base");
            return base.checked_add_days(chrono::Days::new(serial as u64));
        }
        return None;
    }
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    for format in ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"] {
        if let Ok(date) = NaiveDate::parse_from_str(date_part, format) {
            return Some(date);
        }
    }
    None
}

fn parse_basis(text: &str) -> Option<Basis> {
    let key = crate::communes::ascii_key(text);
    match key.as_str() {
        "" | "ytd" | "luy ke" | "luy ke nam" | "cumulative" | "year to date" => Some(Basis::YearToDate),
        "period" | "trong ky" | "ky" | "quarter" | "quy" => Some(Basis::Period),
        _ => None,
    }
}

struct RowContext<'a> {
    file: &'a str,
    sheet: &'a Option<String>,
    row: usize,
    problems: &'a mut Vec<Problem>,
    rejected: bool,
}

impl RowContext<'_> {
    fn push(&mut self, column: &str, value: &str, key: &'static str, args: Vec<(&'static str, String)>, reject: bool) {
        self.rejected |= reject;
        self.problems.push(Problem {
            file: self.file.to_string(),
            sheet: self.sheet.clone(),
            row: self.row,
            column: column.to_string(),
            value: value.to_string(),
            key,
            args,
            rejected: reject,
        });
    }
}

impl Reports {
    /// Builds reports from accepted rows (no checks).
    pub fn from_rows(rows: Vec<Report>) -> Reports {
        Reports { rows }
    }

    /// Returns all accepted rows, every vintage, in input order.
    pub fn rows(&self) -> &[Report] {
        &self.rows
    }

    /// Appends the rows of another set of reports.
    pub fn extend(&mut self, other: Reports) {
        self.rows.extend(other.rows);
    }

    /// Reads reports from CSV text.
    ///
    /// Returns the accepted rows and every problem found; rejected rows are
    /// listed among the problems.
    pub fn from_csv_str(text: &str, file: &str, plan: &Plan, options: &ReadOptions) -> (Reports, Vec<Problem>) {
        let (reports, validation) = Reports::read_csv(text.as_bytes(), file, plan, options);
        (reports, validation.problems)
    }

    /// Reads reports from CSV, returning the rows with the counts and problems.
    pub fn read_csv<R: std::io::Read>(reader: R, file: &str, plan: &Plan, options: &ReadOptions) -> (Reports, Validation) {
        let mut rows = Vec::new();
        let validation = scan_csv(reader, file, plan, options, Some(&mut rows));
        (Reports { rows }, validation)
    }

    /// Reads reports from named text columns (as a DataFrame or a sheet gives them).
    ///
    /// Headers may be English (`item`, `period_end` …) or the Vietnamese
    /// headers of the template. Returns the accepted rows and every problem.
    pub fn from_text_columns(
        columns: Vec<(String, Vec<Option<String>>)>,
        file: &str,
        plan: &Plan,
        options: &ReadOptions,
    ) -> (Reports, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut by_name: HashMap<&'static str, Vec<Option<String>>> = HashMap::new();
        let rows = columns.first().map_or(0, |c| c.1.len());
        for (header, values) in columns {
            match canonical_column(&header) {
                Some(column) => {
                    by_name.insert(column, values);
                }
                None if header.trim().is_empty() && values.iter().all(|v| v.as_deref().unwrap_or("").trim().is_empty()) => {}
                None => problems.push(file_problem(file, options, "unknown_column", vec![("column", header.clone())])),
            }
        }
        for required in ["item", "period_end", "reported_on"] {
            if !by_name.contains_key(required) {
                problems.push(file_problem(file, options, "missing_column", vec![("column", required.to_string())]));
            }
        }
        if problems.iter().any(|p| p.key == "missing_column") {
            return (Reports::default(), problems);
        }

        let official = OfficialList::default_list();
        let first_row = options.first_row.unwrap_or(1);
        let mut accepted = Vec::new();
        for i in 0..rows {
            let cell = |name: &str| -> String {
                by_name.get(name).and_then(|c| c[i].clone()).map(|s| nfc(s.trim())).unwrap_or_default()
            };
            if COLUMNS.iter().all(|c| cell(c).is_empty()) {
                continue;
            }
            let mut context = RowContext { file, sheet: &options.sheet, row: first_row + i, problems: &mut problems, rejected: false };
            if let Some(report) = parse_row(&cell, plan, &official, options, &mut context) {
                if !context.rejected {
                    accepted.push(report);
                }
            }
        }

        let mut tracker = Tracker::default();
        for report in &accepted {
            tracker.add(report, file, options, &mut problems);
        }
        tracker.finish(plan, file, options, &mut problems);
        (Reports { rows: accepted }, problems)
    }

    /// Returns the rows reported on or before `date`, every vintage.
    pub fn as_of(&self, date: NaiveDate) -> Reports {
        Reports { rows: self.rows.iter().filter(|r| r.reported_on <= date).cloned().collect() }
    }

    /// For each item, period and commune, the latest vintage reported on or
    /// before `as_of` (all vintages when `None`). When two rows share the latest
    /// vintage, the later row wins.
    pub fn latest_by_period(&self, as_of: Option<NaiveDate>) -> Vec<Report> {
        let mut latest: BTreeMap<(String, NaiveDate, Option<String>), &Report> = BTreeMap::new();
        for report in &self.rows {
            if as_of.is_some_and(|d| report.reported_on > d) {
                continue;
            }
            let key = (report.item.clone(), report.period_end, report.commune_code.clone());
            match latest.get(&key) {
                Some(existing) if existing.reported_on > report.reported_on => {}
                _ => {
                    latest.insert(key, report);
                }
            }
        }
        latest.into_values().cloned().collect()
    }
}

/// Checks across rows, kept small so that a file can be validated row by row:
/// it stores a few numbers per (item, period, commune, vintage), not the rows.
#[derive(Default)]
struct Tracker {
    /// Item ids and commune codes by number, so that keys stay small.
    names: Vec<String>,
    numbers: HashMap<String, u32>,
    vintages: HashMap<(u32, NaiveDate, u32), Vec<Vintage>>,
}

/// One vintage of one key; `None` values are stored as NaN to keep it at 40 bytes.
#[derive(Clone, Copy)]
struct Vintage {
    reported_on: NaiveDate,
    row: u32,
    value: f64,
    numerator: f64,
    denominator: f64,
    ytd: bool,
}

fn same(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

fn some(x: f64) -> Option<f64> {
    (!x.is_nan()).then_some(x)
}

impl Tracker {
    fn number(&mut self, name: &str) -> u32 {
        if let Some(n) = self.numbers.get(name) {
            return *n;
        }
        let n = self.names.len() as u32;
        self.names.push(name.to_string());
        self.numbers.insert(name.to_string(), n);
        n
    }

    fn add(&mut self, report: &Report, file: &str, options: &ReadOptions, problems: &mut Vec<Problem>) {
        let item = self.number(&report.item);
        let commune = report.commune_code.as_deref().map_or(u32::MAX, |c| self.number(c));
        let vintages = self.vintages.entry((item, report.period_end, commune)).or_default();
        let new = Vintage {
            reported_on: report.reported_on,
            row: report.row as u32,
            value: report.value.unwrap_or(f64::NAN),
            numerator: report.numerator.unwrap_or(f64::NAN),
            denominator: report.denominator.unwrap_or(f64::NAN),
            ytd: report.basis == Basis::YearToDate,
        };
        let problem = |key: &'static str, args: Vec<(&'static str, String)>| Problem {
            file: file.to_string(),
            sheet: options.sheet.clone(),
            row: report.row,
            column: "value".to_string(),
            value: fmt_opt(report.value),
            key,
            args,
            rejected: false,
        };

        // The same vintage twice: an exact copy, or a conflict to resolve.
        if let Some(first) = vintages.iter().find(|v| v.reported_on == new.reported_on) {
            let conflict = !same(first.value, new.value) || !same(first.numerator, new.numerator) || !same(first.denominator, new.denominator);
            let key = if conflict { "duplicate_conflict" } else { "duplicate_same" };
            problems.push(problem(key, vec![("first_row", first.row.to_string()), ("first_value", fmt_opt(some(first.value)))]));
        } else if let Some(previous) = vintages.iter().filter(|v| v.reported_on < new.reported_on).max_by_key(|v| v.reported_on) {
            // A later vintage that changes the value revises it from its own date on.
            if !same(previous.value, new.value) {
                problems.push(problem(
                    "revision",
                    vec![
                        ("previous", fmt_opt(some(previous.value))),
                        ("previous_reported_on", previous.reported_on.to_string()),
                        ("reported_on", new.reported_on.to_string()),
                    ],
                ));
            }
        }
        vintages.push(new);
    }

    /// Flags year-to-date counts that go down from one period to the next,
    /// comparing the latest vintage of each period.
    fn finish(self, plan: &Plan, file: &str, options: &ReadOptions, problems: &mut Vec<Problem>) {
        let mut by_item: BTreeMap<String, Vec<(NaiveDate, Vintage)>> = BTreeMap::new();
        for ((item, period, commune), vintages) in self.vintages {
            let item = &self.names[item as usize];
            let counted = plan.target(item).is_some_and(|t| t.kind == TargetKind::Count) || plan.task(item).is_some();
            let Some(latest) = vintages.iter().max_by_key(|v| (v.reported_on, v.row)) else { continue };
            if counted && commune == u32::MAX && latest.ytd {
                by_item.entry(item.clone()).or_default().push((period, *latest));
            }
        }
        for (item, mut series) in by_item {
            series.sort_by_key(|(period, _)| *period);
            for pair in series.windows(2) {
                let ((p0, v0), (p1, v1)) = (pair[0], pair[1]);
                if let (Some(a), Some(b)) = (some(v0.value), some(v1.value)) {
                    if b < a && p0.year() == p1.year() {
                        problems.push(Problem {
                            file: file.to_string(),
                            sheet: options.sheet.clone(),
                            row: v1.row as usize,
                            column: "value".to_string(),
                            value: fmt_num(b),
                            key: "cumulative_decreases",
                            args: vec![("item", item.clone()), ("previous", fmt_num(a)), ("previous_period", p0.to_string())],
                            rejected: false,
                        });
                    }
                }
            }
        }
    }
}

/// Counts from validating a file row by row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validation {
    /// Data rows read (blank rows not counted).
    pub rows: usize,
    /// Rows accepted.
    pub accepted: usize,
    /// Every problem found.
    pub problems: Vec<Problem>,
}

/// Validates CSV reports read from `reader` row by row, without keeping the rows.
///
/// Memory grows with the number of distinct (item, period, commune, vintage)
/// keys and with the problems found, not with the size of the file.
///
/// # Examples
///
/// ```
/// use chiso::observations::{validate_csv, ReadOptions};
/// use chiso::plan::Plan;
/// let csv = "item,period_end,value,agency,reported_on\nMT06,2026-03-14,4,A,2026-03-12\nMT99,2026-03-14,4,A,2026-03-12\n";
/// let result = validate_csv(csv.as_bytes(), "r.csv", &Plan::default_plan(), &ReadOptions::default());
/// assert_eq!((result.rows, result.accepted, result.problems.len()), (2, 1, 1));
/// ```
pub fn validate_csv<R: std::io::Read>(reader: R, file: &str, plan: &Plan, options: &ReadOptions) -> Validation {
    scan_csv(reader, file, plan, options, None)
}

fn scan_csv<R: std::io::Read>(reader: R, file: &str, plan: &Plan, options: &ReadOptions, mut keep: Option<&mut Vec<Report>>) -> Validation {
    let mut validation = Validation::default();
    let (mut rows, headers) = match CsvRows::new(reader, file, options) {
        Ok(pair) => pair,
        Err(problems) => {
            validation.problems = problems;
            return validation;
        }
    };
    let official = OfficialList::default_list();
    let mut tracker = Tracker::default();
    while let Some(next) = rows.next_row(&mut validation.problems) {
        let (row, cells) = match next {
            CsvRow::Blank => continue,
            CsvRow::Rejected => {
                validation.rows += 1;
                continue;
            }
            CsvRow::Cells(row, cells) => (row, cells),
        };
        validation.rows += 1;
        let cell = |name: &str| headers.get(name).and_then(|&j| cells.get(j)).map(|s| nfc(s.trim())).unwrap_or_default();
        let mut context = RowContext { file, sheet: &options.sheet, row, problems: &mut validation.problems, rejected: false };
        if let Some(report) = parse_row(&cell, plan, &official, options, &mut context) {
            if !context.rejected {
                validation.accepted += 1;
                tracker.add(&report, file, options, &mut validation.problems);
                if let Some(rows) = keep.as_deref_mut() {
                    rows.push(report);
                }
            }
        }
    }
    tracker.finish(plan, file, options, &mut validation.problems);
    validation
}

/// Returns `;` when the header line has more semicolons than commas, else `,`.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|b| *b == b'\n').next().unwrap_or(head);
    let count = |c: u8| line.iter().filter(|b| **b == c).count();
    if count(b';') > count(b',') { b';' } else { b',' }
}

/// One record of a CSV file.
enum CsvRow {
    /// Every cell is empty.
    Blank,
    /// Unreadable or with extra cells; the problem is already recorded.
    Rejected,
    /// Line number and cells.
    Cells(usize, Vec<String>),
}

/// A CSV file read one record at a time, with its header mapped to canonical columns.
struct CsvRows<R: std::io::Read> {
    reader: csv::Reader<R>,
    record: csv::StringRecord,
    width: usize,
    file: String,
}

impl<R: std::io::Read> CsvRows<R> {
    fn new(reader: R, file: &str, options: &ReadOptions) -> Result<(CsvRows<std::io::BufReader<R>>, HashMap<&'static str, usize>), Vec<Problem>> {
        // Excel with Vietnamese regional settings saves CSV with semicolons.
        let mut buffered = std::io::BufReader::with_capacity(1 << 16, reader);
        let delimiter = match std::io::BufRead::fill_buf(&mut buffered) {
            Ok(head) => sniff_delimiter(head),
            Err(_) => b',',
        };
        let mut reader = csv::ReaderBuilder::new().flexible(true).delimiter(delimiter).from_reader(buffered);
        let header = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(vec![file_problem(file, options, "file_unreadable", vec![("reason", e.to_string())])]),
        };
        let mut map = HashMap::new();
        let mut problems = Vec::new();
        for (j, name) in header.iter().enumerate() {
            match canonical_column(name) {
                Some(column) => {
                    map.insert(column, j);
                }
                None if name.trim().is_empty() => {}
                None => problems.push(file_problem(file, options, "unknown_column", vec![("column", name.to_string())])),
            }
        }
        for required in ["item", "period_end", "reported_on"] {
            if !map.contains_key(required) {
                problems.push(file_problem(file, options, "missing_column", vec![("column", required.to_string())]));
            }
        }
        if problems.iter().any(|p| p.key == "missing_column") {
            return Err(problems);
        }
        let rows = CsvRows { reader, record: csv::StringRecord::new(), width: header.len(), file: file.to_string() };
        Ok((rows, map))
    }

    /// Next record, or `None` at the end of the file.
    fn next_row(&mut self, problems: &mut Vec<Problem>) -> Option<CsvRow> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let row = self.record.position().map_or(0, |p| p.line() as usize);
                if self.record.iter().all(|c| c.trim().is_empty()) {
                    return Some(CsvRow::Blank);
                }
                if self.record.len() > self.width {
                    problems.push(Problem {
                        file: self.file.clone(),
                        sheet: None,
                        row,
                        column: String::new(),
                        value: self.record.iter().skip(self.width).collect::<Vec<_>>().join(","),
                        key: "extra_cells",
                        args: vec![("count", (self.record.len() - self.width).to_string())],
                        rejected: true,
                    });
                    return Some(CsvRow::Rejected);
                }
                Some(CsvRow::Cells(row, self.record.iter().map(str::to_string).collect()))
            }
            Err(e) => {
                problems.push(Problem {
                    file: self.file.clone(),
                    sheet: None,
                    row: e.position().map_or(0, |p| p.line() as usize),
                    column: String::new(),
                    value: String::new(),
                    key: "file_unreadable",
                    args: vec![("reason", e.to_string())],
                    rejected: true,
                });
                Some(CsvRow::Rejected)
            }
        }
    }
}

fn fmt_num(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

fn fmt_opt(value: Option<f64>) -> String {
    value.map(fmt_num).unwrap_or_default()
}

fn file_problem(file: &str, options: &ReadOptions, key: &'static str, args: Vec<(&'static str, String)>) -> Problem {
    Problem {
        file: file.to_string(),
        sheet: options.sheet.clone(),
        row: 0,
        column: args.iter().find(|(k, _)| *k == "column").map(|(_, v)| v.clone()).unwrap_or_default(),
        value: String::new(),
        key,
        args,
        rejected: true,
    }
}

fn parse_row(
    cell: &dyn Fn(&str) -> String,
    plan: &Plan,
    official: &OfficialList,
    options: &ReadOptions,
    context: &mut RowContext<'_>,
) -> Option<Report> {
    let item = cell("item").to_uppercase();
    let target = plan.target(&item);
    let task = plan.task(&item);
    if target.is_none() && task.is_none() {
        let key = if item.is_empty() { "item_missing" } else { "item_unknown" };
        context.push("item", &cell("item"), key, vec![("plan", plan.id.clone())], true);
    }

    let period_end = read_date(cell, "period_end", context);
    let history = period_end.is_some_and(|d| options.allow_earlier_years && d < plan.start);
    if let Some(date) = period_end {
        if (date < plan.start && !history) || date > plan.end {
            context.push(
                "period_end",
                &cell("period_end"),
                "date_outside_plan",
                vec![("start", plan.start.to_string()), ("end", plan.end.to_string())],
                true,
            );
        }
    }
    let reported_on = read_date(cell, "reported_on", context);
    if let (Some(period), Some(reported)) = (period_end, reported_on) {
        let earliest = if history { NaiveDate::from_ymd_opt(period.year(), 1, 1).unwrap_or(period) } else { plan.start };
        if reported < earliest || reported.year() > plan.end.year() + 1 {
            context.push(
                "reported_on",
                &cell("reported_on"),
                "vintage_implausible",
                vec![("period_end", period.to_string())],
                true,
            );
        }
    }

    let basis = match parse_basis(&cell("basis")) {
        Some(b) => b,
        None => {
            context.push("basis", &cell("basis"), "basis_invalid", vec![], true);
            Basis::YearToDate
        }
    };

    let value = read_number(cell, "value", options, context);
    let numerator = read_number(cell, "numerator", options, context);
    let denominator = read_number(cell, "denominator", options, context);
    let kind = target.map(|t| t.kind);

    let value = check_value(kind, target.and_then(|t| t.threshold), value, numerator, denominator, &cell, context);

    let commune_text = cell("commune");
    let commune_code = if commune_text.is_empty() {
        if kind == Some(TargetKind::Coverage) {
            context.push("commune", "", "commune_missing", vec![], true);
        }
        None
    } else {
        match_commune(&commune_text, plan, official, context)
    };

    if context.rejected {
        return None;
    }
    Some(Report {
        row: context.row,
        item,
        period_end: period_end?,
        value,
        basis,
        numerator,
        denominator,
        commune: (!commune_text.is_empty()).then_some(commune_text),
        commune_code,
        agency: cell("agency"),
        reported_on: reported_on?,
        source: cell("source"),
        note: cell("note"),
    })
}

fn read_date(cell: &dyn Fn(&str) -> String, column: &str, context: &mut RowContext<'_>) -> Option<NaiveDate> {
    let text = cell(column);
    if text.is_empty() {
        context.push(column, "", "date_missing", vec![], true);
        return None;
    }
    let date = parse_date_cell(&text);
    if date.is_none() {
        context.push(column, &text, "date_invalid", vec![], true);
    }
    date
}

fn read_number(cell: &dyn Fn(&str) -> String, column: &str, options: &ReadOptions, context: &mut RowContext<'_>) -> Option<f64> {
    let text = cell(column);
    match parse_number(&text, options.number_format) {
        Ok(value) => value,
        Err(key) => {
            context.push(column, &text, key, vec![], true);
            None
        }
    }
}

/// A count above this multiple of its target's threshold is kept but flagged
/// as implausible (a typing error such as an extra digit or 1e30).
const IMPLAUSIBLE_FACTOR: f64 = 100.0;

fn check_value(
    kind: Option<TargetKind>,
    threshold: Option<f64>,
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    cell: &dyn Fn(&str) -> String,
    context: &mut RowContext<'_>,
) -> Option<f64> {
    match kind {
        Some(TargetKind::Share) => {
            if let (Some(n), Some(d)) = (numerator, denominator) {
                if n < 0.0 || d <= 0.0 {
                    context.push("denominator", &cell("denominator"), "share_counts_invalid", vec![], true);
                    return None;
                }
                if n > d {
                    context.push("numerator", &cell("numerator"), "numerator_above_denominator", vec![("denominator", cell("denominator"))], true);
                    return None;
                }
                return Some(n / d);
            }
            match value {
                Some(v) if !(0.0..=1.0).contains(&v) => {
                    context.push("value", &cell("value"), "share_out_of_range", vec![], true);
                    None
                }
                None => {
                    if cell("value").is_empty() { context.push("value", "", "value_missing", vec![], true); }
                    None
                }
                v => v,
            }
        }
        Some(TargetKind::Milestone) | Some(TargetKind::Coverage) => match value {
            Some(v) if v == 0.0 || v == 1.0 => Some(v),
            Some(_) => {
                context.push("value", &cell("value"), "flag_invalid", vec![], true);
                None
            }
            None => {
                if cell("value").is_empty() { context.push("value", "", "value_missing", vec![], true); }
                None
            }
        },
        Some(TargetKind::Rank) => match value {
            Some(v) if v >= 1.0 && v.fract() == 0.0 => Some(v),
            Some(_) => {
                context.push("value", &cell("value"), "rank_invalid", vec![], true);
                None
            }
            None => {
                if cell("value").is_empty() { context.push("value", "", "value_missing", vec![], true); }
                None
            }
        },
        _ => match value {
            Some(v) if v < 0.0 => {
                context.push("value", &cell("value"), "count_negative", vec![], true);
                None
            }
            Some(v) if threshold.is_some_and(|t| t > 0.0 && v > IMPLAUSIBLE_FACTOR * t) => {
                let limit = threshold.unwrap_or(0.0) * IMPLAUSIBLE_FACTOR;
                context.push("value", &cell("value"), "value_implausible", vec![("limit", fmt_num(limit))], false);
                value
            }
            Some(v) if v.fract() != 0.0 => {
                context.push("value", &cell("value"), "count_fractional", vec![], true);
                None
            }
            None => {
                if cell("value").is_empty() { context.push("value", "", "value_missing", vec![], true); }
                None
            }
            v => v,
        },
    }
}

fn match_commune(text: &str, plan: &Plan, official: &OfficialList, context: &mut RowContext<'_>) -> Option<String> {
    // The plan's own spellings come first: they are confirmed matches.
    if let Some(commune) = plan.communes.iter().find(|c| crate::communes::same_name(&c.name_vi, text)) {
        return Some(commune.code.clone());
    }
    match official.find(text) {
        Match::Exact(unit) => Some(unit.code.clone()),
        Match::Former(unit) => {
            context.push("commune", text, "commune_former", vec![("current", unit.full_name())], false);
            Some(unit.code.clone())
        }
        Match::NearMiss(units) => {
            let names = units.iter().map(|u| u.full_name()).collect::<Vec<_>>().join(", ");
            context.push("commune", text, "commune_near_miss", vec![("candidates", names)], true);
            None
        }
        Match::Ambiguous(units) => {
            let names = units.iter().map(|u| format!("{} ({})", u.full_name(), u.code)).collect::<Vec<_>>().join(", ");
            context.push("commune", text, "commune_ambiguous", vec![("candidates", names)], true);
            None
        }
        Match::NotFound => {
            context.push("commune", text, "commune_unknown", vec![], true);
            None
        }
    }
}

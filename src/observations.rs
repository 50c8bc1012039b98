//! Reports from agencies and communes: parsing, validation and vintages.
//!
//! A report row gives the value of one target or task for a period, as
//! reported on a date (its vintage). A later report for the same item, period
//! and commune revises the earlier one from its own date on; every vintage is
//! kept, and [`Reports::as_of`] sees only rows reported by a date.
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
    /// The code used in files (`ytd` or `period`).
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::YearToDate => "ytd",
            Basis::Period => "period",
        }
    }
}

/// How numbers written with separators are read.
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
    /// How numbers with separators are read.
    pub number_format: NumberFormat,
    /// Sheet name, for problems found in an Excel workbook.
    pub sheet: Option<String>,
    /// Row number in the source of the first data row (2 for a CSV with one header row).
    pub first_row: Option<usize>,
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

    /// All accepted rows, every vintage, in input order.
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
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let headers: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(str::to_string).collect(),
            Err(e) => {
                return (Reports::default(), vec![file_problem(file, options, "file_unreadable", vec![("reason", e.to_string())])]);
            }
        };
        let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); headers.len()];
        let mut problems = Vec::new();
        for (i, record) in reader.records().enumerate() {
            match record {
                Ok(record) => {
                    for (j, column) in columns.iter_mut().enumerate() {
                        column.push(record.get(j).map(str::to_string));
                    }
                    if record.len() > headers.len() {
                        problems.push(Problem {
                            file: file.to_string(),
                            sheet: None,
                            row: i + 2,
                            column: String::new(),
                            value: record.iter().skip(headers.len()).collect::<Vec<_>>().join(","),
                            key: "extra_cells",
                            args: vec![("count", (record.len() - headers.len()).to_string())],
                            rejected: true,
                        });
                    }
                }
                Err(e) => problems.push(file_problem(file, options, "file_unreadable", vec![("reason", e.to_string())])),
            }
        }
        let named: Vec<(String, Vec<Option<String>>)> = headers.into_iter().zip(columns).collect();
        let mut options = options.clone();
        options.first_row.get_or_insert(2);
        let (reports, mut more) = Reports::from_text_columns(named, file, plan, &options);
        let rejected_rows: std::collections::HashSet<usize> =
            problems.iter().filter(|p| p.key == "extra_cells").map(|p| p.row).collect();
        let reports = Reports { rows: reports.rows.into_iter().filter(|r| !rejected_rows.contains(&r.row)).collect() };
        problems.append(&mut more);
        (reports, problems)
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

        let reports = Reports { rows: accepted };
        reports.check_consistency(plan, file, options, &mut problems);
        (reports, problems)
    }

    fn check_consistency(&self, plan: &Plan, file: &str, options: &ReadOptions, problems: &mut Vec<Problem>) {
        // Same item, period, commune and vintage given twice with different values.
        let mut seen: HashMap<(String, NaiveDate, Option<String>, NaiveDate), &Report> = HashMap::new();
        for report in &self.rows {
            let key = (report.item.clone(), report.period_end, report.commune_code.clone(), report.reported_on);
            if let Some(first) = seen.get(&key) {
                let conflict = first.value != report.value
                    || first.numerator != report.numerator
                    || first.denominator != report.denominator;
                problems.push(Problem {
                    file: file.to_string(),
                    sheet: options.sheet.clone(),
                    row: report.row,
                    column: "value".to_string(),
                    value: fmt_opt(report.value),
                    key: if conflict { "duplicate_conflict" } else { "duplicate_same" },
                    args: vec![("first_row", first.row.to_string()), ("first_value", fmt_opt(first.value))],
                    rejected: false,
                });
            } else {
                seen.insert(key, report);
            }
        }

        // Cumulative counts that go down from one period to the next (latest vintages).
        let latest = self.latest_by_period(None);
        let mut by_item: BTreeMap<&str, Vec<&Report>> = BTreeMap::new();
        for report in latest.iter().filter(|r| r.basis == Basis::YearToDate && r.commune_code.is_none()) {
            let counted = plan.target(&report.item).is_some_and(|t| t.kind == TargetKind::Count)
                || plan.task(&report.item).is_some();
            if counted {
                by_item.entry(report.item.as_str()).or_default().push(report);
            }
        }
        for series in by_item.values_mut() {
            series.sort_by_key(|r| r.period_end);
            for pair in series.windows(2) {
                if let (Some(a), Some(b)) = (pair[0].value, pair[1].value) {
                    if b < a && pair[0].period_end.year() == pair[1].period_end.year() {
                        problems.push(Problem {
                            file: file.to_string(),
                            sheet: options.sheet.clone(),
                            row: pair[1].row,
                            column: "value".to_string(),
                            value: fmt_num(b),
                            key: "cumulative_decreases",
                            args: vec![
                                ("item", pair[1].item.clone()),
                                ("previous", fmt_num(a)),
                                ("previous_period", pair[0].period_end.to_string()),
                            ],
                            rejected: false,
                        });
                    }
                }
            }
        }
    }

    /// The rows reported on or before `date`, every vintage.
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
    if let Some(date) = period_end {
        if date < plan.start || date > plan.end {
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
        if reported < plan.start || reported.year() > plan.end.year() + 1 {
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

    let value = check_value(kind, value, numerator, denominator, &cell, context);

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

fn check_value(
    kind: Option<TargetKind>,
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

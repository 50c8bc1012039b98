//! User-facing text in Vietnamese (default) and English.
//!
//! Every label, status and message lives in one catalogue per language
//! (`src/locale/vi.toml`, `src/locale/en.toml`), keyed the same way. A
//! template names its values in braces (`{value}`), filled by [`format()`].
//!
//! # Examples
//!
//! ```
//! use chiso::locale::{text, Lang};
//! assert_eq!(text(Lang::Vi, "status.met"), "Đã đạt");
//! assert_eq!(text(Lang::En, "status.met"), "Met");
//! ```

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Catalogue text of the Vietnamese locale.
pub const CATALOGUE_VI: &str = include_str!("locale/vi.toml");
/// Catalogue text of the English locale.
pub const CATALOGUE_EN: &str = include_str!("locale/en.toml");

/// A supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Vietnamese, the default.
    #[default]
    Vi,
    /// English.
    En,
}

/// Errors raised for an unknown language code.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum LocaleError {
    /// The code is neither `vi` nor `en`.
    #[error("language `{0}` is not supported; use `vi` or `en`")]
    UnknownLanguage(String),
}

impl Lang {
    /// Parses `vi` or `en` (any case).
    ///
    /// # Errors
    ///
    /// [`LocaleError::UnknownLanguage`].
    pub fn parse(code: &str) -> Result<Lang, LocaleError> {
        match code.trim().to_lowercase().as_str() {
            "vi" | "vi-vn" | "vi_vn" => Ok(Lang::Vi),
            "en" | "en-us" | "en-gb" => Ok(Lang::En),
            other => Err(LocaleError::UnknownLanguage(other.to_string())),
        }
    }

    /// The two-letter code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

fn flatten(prefix: &str, value: &toml::Value, out: &mut BTreeMap<String, String>) {
    match value {
        toml::Value::Table(table) => {
            for (key, inner) in table {
                let name = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                flatten(&name, inner, out);
            }
        }
        toml::Value::String(text) => {
            out.insert(prefix.to_string(), crate::communes::nfc(text));
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

fn parse_catalogue(text: &str) -> BTreeMap<String, String> {
    let value: toml::Value = toml::from_str(text).expect("the shipped catalogues are valid TOML");
    let mut out = BTreeMap::new();
    flatten("", &value, &mut out);
    out
}

/// Returns the whole catalogue of a language, keys flattened with dots.
pub fn catalogue(lang: Lang) -> &'static BTreeMap<String, String> {
    static VI: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    static EN: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    match lang {
        Lang::Vi => VI.get_or_init(|| parse_catalogue(CATALOGUE_VI)),
        Lang::En => EN.get_or_init(|| parse_catalogue(CATALOGUE_EN)),
    }
}

/// Returns the text of `key`, or the key itself when the catalogue lacks it
/// (a test checks that both catalogues have the same keys).
pub fn text(lang: Lang, key: &str) -> &'static str {
    match catalogue(lang).get(key) {
        Some(text) => text.as_str(),
        None => Box::leak(key.to_string().into_boxed_str()),
    }
}

/// Fills the template of `key` with named values.
///
/// # Examples
///
/// ```
/// use chiso::locale::{format, Lang};
/// let message = format(Lang::En, "problem.item_unknown", &[("value", "MT99".into()), ("plan", "dong-nai-2026".into())]);
/// assert!(message.contains("MT99"));
/// ```
pub fn format(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let mut message = text(lang, key).to_string();
    for (name, value) in args {
        message = message.replace(&format!("{{{name}}}"), value);
    }
    message
}

/// Formats a number for display: decimal comma and dot thousands in
/// Vietnamese, the reverse in English.
///
/// # Examples
///
/// ```
/// use chiso::locale::{format_number, Lang};
/// assert_eq!(format_number(Lang::Vi, 12345.678, 1), "12.345,7");
/// assert_eq!(format_number(Lang::En, 12345.678, 1), "12,345.7");
/// ```
pub fn format_number(lang: Lang, value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    let (group, decimal) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && text.chars().any(|c| c != '0' && c != '.') { "-" } else { "" };
    if frac_part.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal}{frac_part}")
    }
}

/// Formats a date: `dd/mm/yyyy` in Vietnamese, ISO in English.
pub fn format_date(lang: Lang, date: chrono::NaiveDate) -> String {
    match lang {
        Lang::Vi => date.format("%d/%m/%Y").to_string(),
        Lang::En => date.format("%Y-%m-%d").to_string(),
    }
}

/// Formats the quarter of a date: "Quý III/2026" or "Q3 2026".
pub fn format_quarter(lang: Lang, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let quarter = (date.month() - 1) / 3 + 1;
    match lang {
        Lang::Vi => format!("Quý {}/{}", ["I", "II", "III", "IV"][(quarter - 1) as usize], date.year()),
        Lang::En => format!("Q{quarter} {}", date.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogues_have_the_same_keys() {
        let vi: Vec<&String> = catalogue(Lang::Vi).keys().collect();
        let en: Vec<&String> = catalogue(Lang::En).keys().collect();
        let only_vi: Vec<_> = vi.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !vi.contains(k)).collect();
        assert!(only_vi.is_empty(), "keys missing in en: {only_vi:?}");
        assert!(only_en.is_empty(), "keys missing in vi: {only_en:?}");
    }

    #[test]
    fn vietnamese_catalogue_is_nfc() {
        for text in catalogue(Lang::Vi).values() {
            assert_eq!(&crate::communes::nfc(text), text);
        }
    }

    #[test]
    fn format_number_rounds_and_groups() {
        assert_eq!(format_number(Lang::Vi, 0.1234, 3), "0,123");
        assert_eq!(format_number(Lang::Vi, -1234.0, 0), "-1.234");
        assert_eq!(format_number(Lang::En, 1_000_000.0, 0), "1,000,000");
    }

    #[test]
    fn quarter_labels() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        assert_eq!(format_quarter(Lang::Vi, date), "Quý IV/2026");
        assert_eq!(format_quarter(Lang::En, date), "Q4 2026");
    }
}

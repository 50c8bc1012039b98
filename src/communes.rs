//! Communes and wards: the official list and matching of Vietnamese names.
//!
//! Names are compared on a key that ignores case, spacing, the unit prefix
//! ("Phường", "P.", "Xã", "X.", "TP.") and the placement of the tone mark
//! within a syllable, so "Biên Hòa" and "Biên Hoà" are the same name. A name
//! that differs by one diacritic or one letter ("Hồ Nai" and "Hố Nai") is a
//! near miss: it is reported with its candidates and never matched silently.
//!
//! # Examples
//!
//! ```
//! use chiso::communes::{OfficialList, Match};
//! let list = OfficialList::default_list();
//! match list.find("P. Biên Hòa") {
//!     Match::Exact(unit) => assert_eq!(unit.code, "26068"),
//!     other => panic!("{other:?}"),
//! }
//! assert!(matches!(list.find("Phường Hồ Nai"), Match::NearMiss(_)));
//! ```

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

/// The official list shipped with chiso: Đồng Nai's 95 communes and wards
/// after the merger of 1 July 2025 (Resolution 1662/NQ-UBTVQH15), with the
/// types in force after 30 April 2026.
pub const DEFAULT_COMMUNES_CSV: &str = include_str!("../seeds/communes-dong-nai-2025.csv");

/// Errors raised while reading a list of communes.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum CommuneError {
    /// The list is not a CSV with the expected columns.
    #[error("commune list `{file}`, row {row}: {problem}")]
    Format {
        /// File name.
        file: String,
        /// 1-based data row.
        row: usize,
        /// Description of the problem.
        problem: String,
    },
}

/// Returns `text` in Unicode normal form C, the form chiso stores.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

const TONE_MARKS: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

/// Returns the comparison key of a syllable-structured Vietnamese name.
///
/// Each syllable loses its tone mark, which is appended as a digit, so the key
/// does not depend on which vowel carries the mark. Case and spacing are
/// folded. The unit prefix is not removed here; see [`name_key`].
pub fn tone_key(text: &str) -> String {
    let mut out = String::new();
    for (i, syllable) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut tone = '0';
        for c in syllable.to_lowercase().nfd() {
            match TONE_MARKS.iter().position(|m| *m == c) {
                Some(p) => tone = char::from(b'1' + p as u8),
                None => out.push(c),
            }
        }
        out.push(tone);
    }
    out.nfc().collect()
}

/// Returns the name without any diacritics (đ becomes d), lower case.
pub fn ascii_key(text: &str) -> String {
    text.to_lowercase()
        .replace('đ', "d")
        .nfd()
        .filter(|c| c.is_ascii())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Unit type given by a name's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitType {
    /// Phường (ward).
    Ward,
    /// Xã (commune).
    Commune,
}

impl UnitType {
    /// Returns the Vietnamese word.
    pub fn as_vi(self) -> &'static str {
        match self {
            UnitType::Ward => "Phường",
            UnitType::Commune => "Xã",
        }
    }
}

/// Splits a name into its unit type (when a prefix is present) and the bare name.
///
/// # Examples
///
/// ```
/// use chiso::communes::{split_prefix, UnitType};
/// assert_eq!(split_prefix("P. Long Bình"), (Some(UnitType::Ward), "Long Bình".to_string()));
/// assert_eq!(split_prefix("xã  Bình An"), (Some(UnitType::Commune), "Bình An".to_string()));
/// ```
pub fn split_prefix(name: &str) -> (Option<UnitType>, String) {
    let name = nfc(name);
    let clean = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = clean.to_lowercase();
    let prefixes: [(&str, Option<UnitType>); 13] = [
        ("phường ", Some(UnitType::Ward)),
        ("phuong ", Some(UnitType::Ward)),
        ("xa ", Some(UnitType::Commune)),
        ("thi tran ", None),
        ("p. ", Some(UnitType::Ward)),
        ("p.", Some(UnitType::Ward)),
        ("xã ", Some(UnitType::Commune)),
        ("x. ", Some(UnitType::Commune)),
        ("x.", Some(UnitType::Commune)),
        ("thị trấn ", None),
        ("tt. ", None),
        ("thành phố ", None),
        ("tp. ", None),
    ];
    for (prefix, kind) in prefixes {
        if lower.starts_with(prefix) {
            let rest = clean.chars().skip(prefix.chars().count()).collect::<String>();
            return (kind, rest.trim().to_string());
        }
    }
    (None, clean)
}

/// Returns the key used to match names: prefix removed, tone placement, case
/// and spacing folded.
pub fn name_key(name: &str) -> String {
    tone_key(&split_prefix(name).1)
}

/// Returns whether two names are the same name (see [`name_key`]) and carry no
/// conflicting prefix.
pub fn same_name(a: &str, b: &str) -> bool {
    let (type_a, bare_a) = split_prefix(a);
    let (type_b, bare_b) = split_prefix(b);
    let types_agree = match (type_a, type_b) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    types_agree && tone_key(&bare_a) == tone_key(&bare_b)
}

/// One official commune or ward.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Official code.
    pub code: String,
    /// Name without prefix, as in the official list.
    pub name: String,
    /// Current type.
    pub unit_type: UnitType,
    /// Type on 1 July 2025, before ten communes became wards on 30 April 2026.
    pub type_2025: UnitType,
    /// Province before the merger of 1 July 2025.
    pub former_province: String,
    /// Units merged into this one, with their prefixes.
    pub former_units: Vec<String>,
}

impl Unit {
    /// Name with its prefix ("Phường Biên Hoà").
    pub fn full_name(&self) -> String {
        format!("{} {}", self.unit_type.as_vi(), self.name)
    }
}

/// Result of looking a name up in the official list.
#[derive(Debug, Clone, PartialEq)]
pub enum Match<'a> {
    /// The same name (up to tone placement, case, spacing and prefix).
    Exact(&'a Unit),
    /// A former unit merged on 1 July 2025 into this current unit.
    Former(&'a Unit),
    /// No unit of that name, but these differ by one diacritic or one letter.
    NearMiss(Vec<&'a Unit>),
    /// Several units share the name (they differ only by prefix).
    Ambiguous(Vec<&'a Unit>),
    /// Nothing close.
    NotFound,
}

/// The official list of communes and wards.
#[derive(Debug, Clone)]
pub struct OfficialList {
    units: Vec<Unit>,
    by_key: HashMap<String, Vec<usize>>,
    by_former: HashMap<String, Vec<(usize, Option<UnitType>)>>,
}

fn parse_type(text: &str) -> Option<UnitType> {
    match text.trim() {
        "Phường" => Some(UnitType::Ward),
        "Xã" => Some(UnitType::Commune),
        _ => None,
    }
}

impl OfficialList {
    /// Returns the shipped list of Đồng Nai's 95 communes and wards.
    pub fn default_list() -> &'static OfficialList {
        static LIST: std::sync::OnceLock<OfficialList> = std::sync::OnceLock::new();
        LIST.get_or_init(|| {
            OfficialList::from_csv_str(DEFAULT_COMMUNES_CSV, "seeds/communes-dong-nai-2025.csv")
                .expect("the shipped commune list is valid")
        })
    }

    /// Reads a list from CSV text with columns `code`, `name`, `type`,
    /// `type_2025_07_01`, `former_province` and `former_units`.
    ///
    /// # Errors
    ///
    /// [`CommuneError::Format`] naming the row and the problem.
    pub fn from_csv_str(text: &str, file: &str) -> Result<OfficialList, CommuneError> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let error = |row: usize, problem: String| CommuneError::Format { file: file.to_string(), row, problem };
        let headers = reader.headers().map_err(|e| error(0, e.to_string()))?.clone();
        let position = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| error(0, format!("column `{name}` is missing")))
        };
        let (code, name, kind, kind_2025, province, former) = (
            position("code")?,
            position("name")?,
            position("type")?,
            position("type_2025_07_01")?,
            position("former_province")?,
            position("former_units")?,
        );

        let mut units = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| error(i + 1, e.to_string()))?;
            let get = |j: usize| nfc(record.get(j).unwrap_or("").trim());
            let unit_type = parse_type(&get(kind))
                .ok_or_else(|| error(i + 1, format!("type `{}` is not Phường or Xã", get(kind))))?;
            let type_2025 = parse_type(&get(kind_2025)).unwrap_or(unit_type);
            units.push(Unit {
                code: get(code),
                name: get(name),
                unit_type,
                type_2025,
                former_province: get(province),
                former_units: get(former)
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            });
        }
        Ok(OfficialList::from_units(units))
    }

    fn from_units(units: Vec<Unit>) -> OfficialList {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_former: HashMap<String, Vec<(usize, Option<UnitType>)>> = HashMap::new();
        for (i, unit) in units.iter().enumerate() {
            by_key.entry(tone_key(&unit.name)).or_default().push(i);
            for former in &unit.former_units {
                let (kind, bare) = split_prefix(former);
                by_former.entry(tone_key(&bare)).or_default().push((i, kind));
            }
        }
        OfficialList { units, by_key, by_former }
    }

    /// Returns all units, in file order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// Finds a unit by its code.
    pub fn by_code(&self, code: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.code == code)
    }

    /// Looks a name up (with or without prefix).
    ///
    /// A prefix that disagrees with a unit's current type rules that unit out,
    /// unless it agrees with the unit's type of 1 July 2025.
    pub fn find(&self, name: &str) -> Match<'_> {
        let (prefix, bare) = split_prefix(name);
        let key = tone_key(&bare);
        let type_fits = |u: &Unit| prefix.is_none_or(|p| p == u.unit_type || p == u.type_2025);

        if let Some(indices) = self.by_key.get(&key) {
            let hits: Vec<&Unit> = indices.iter().map(|&i| &self.units[i]).filter(|u| type_fits(u)).collect();
            match hits.len() {
                1 => return Match::Exact(hits[0]),
                n if n > 1 => return Match::Ambiguous(hits),
                _ => {}
            }
        }

        if let Some(formers) = self.by_former.get(&key) {
            let mut hits: Vec<&Unit> = formers
                .iter()
                .filter(|(_, kind)| prefix.is_none() || kind.is_none() || *kind == prefix)
                .map(|&(i, _)| &self.units[i])
                .collect();
            hits.dedup_by_key(|u| u.code.clone());
            match hits.len() {
                0 => {}
                1 => return Match::Former(hits[0]),
                _ => return Match::Ambiguous(hits),
            }
        }

        let near: Vec<&Unit> = self.units.iter().filter(|u| is_near_miss(&bare, &u.name)).collect();
        if near.is_empty() {
            Match::NotFound
        } else {
            Match::NearMiss(near)
        }
    }
}

/// Returns whether two bare names differ by one diacritic or one letter.
pub fn is_near_miss(a: &str, b: &str) -> bool {
    let (ka, kb) = (tone_key(a), tone_key(b));
    if ka == kb {
        return false;
    }
    ascii_key(a) == ascii_key(b) || edit_distance(&ascii_key(a), &ascii_key(b)) == 1
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_key_ignores_mark_placement() {
        assert_eq!(tone_key("Hòa"), tone_key("Hoà"));
        assert_eq!(tone_key("Thủy"), tone_key("Thuỷ"));
        assert_ne!(tone_key("Hồ"), tone_key("Hố"));
    }

    #[test]
    fn tone_key_same_for_nfd_input() {
        let decomposed: String = "Biên Hòa".nfd().collect();
        assert_eq!(tone_key(&decomposed), tone_key("Biên Hòa"));
    }

    #[test]
    fn near_miss_one_diacritic() {
        assert!(is_near_miss("Hồ Nai", "Hố Nai"));
        assert!(is_near_miss("Trảng Biên", "Trấn Biên"));
        assert!(!is_near_miss("Long Bình", "Tân Phú"));
    }

    #[test]
    fn edit_distance_small_cases() {
        assert_eq!(edit_distance("trang", "tran"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("", "ab"), 2);
    }
}

//! Published Provincial Innovation Index (PII) results shipped with chiso.
//!
//! The table (`seeds/pii-scores.csv`) gathers scores and ranks printed in
//! public sources for 2023 (63 provinces), 2024 (63) and 2025 (34 units after
//! the merger of 1 July 2025). Many cells are missing, and rows whose note
//! starts with "suspect" are left out of every computation here.

use crate::communes::{nfc, tone_key};

use super::rank::Standing;

/// The shipped table of published PII results.
pub const PII_SCORES_CSV: &str = include_str!("../../seeds/pii-scores.csv");

/// One published PII result.
#[derive(Debug, Clone, PartialEq)]
pub struct PiiResult {
    /// Edition year.
    pub year: i32,
    /// Province or city as printed.
    pub province: String,
    /// Overall score (0–100).
    pub score: Option<f64>,
    /// Rank.
    pub rank: Option<u32>,
    /// Source URL.
    pub source: String,
    /// Note (doubts, conflicts between sources).
    pub note: String,
}

/// Number of ranked units in an edition: 63 provinces before the 2025
/// merger, 34 units from 2025.
pub fn units_in_edition(year: i32) -> u32 {
    if year >= 2025 {
        34
    } else {
        63
    }
}

/// Reads the shipped table.
pub fn published_results() -> Vec<PiiResult> {
    let mut reader = csv::Reader::from_reader(PII_SCORES_CSV.as_bytes());
    let headers = reader.headers().expect("shipped PII table has a header").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect("shipped PII table has its columns");
    let (year, province, score, rank, source, note) =
        (column("year"), column("province"), column("score"), column("rank"), column("source_url"), column("note"));
    reader
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            Some(PiiResult {
                year: r.get(year)?.parse().ok()?,
                province: nfc(r.get(province)?),
                score: r.get(score).and_then(|s| s.parse().ok()),
                rank: r.get(rank).and_then(|s| s.parse().ok()),
                source: r.get(source).unwrap_or("").to_string(),
                note: r.get(note).unwrap_or("").to_string(),
            })
        })
        .collect()
}

fn usable(result: &PiiResult) -> bool {
    !result.note.trim_start().to_lowercase().starts_with("suspect")
}

/// Standings of one edition, suspect rows left out. When sources repeat a
/// province, the first row with a score wins.
pub fn standings(year: i32) -> Vec<Standing> {
    let mut out: Vec<Standing> = Vec::new();
    for result in published_results().into_iter().filter(|r| r.year == year && usable(r)) {
        match out.iter_mut().find(|s| tone_key(&s.unit) == tone_key(&result.province)) {
            Some(existing) => {
                existing.score = existing.score.or(result.score);
                existing.rank = existing.rank.or(result.rank);
            }
            None => out.push(Standing { unit: result.province, score: result.score, rank: result.rank }),
        }
    }
    out
}

/// Pairs of scores of the same province in consecutive editions of equal
/// size (2023 and 2024), for the spread of year-on-year changes. Pairs that
/// cross the 2025 merger are left out because most units changed borders.
pub fn consecutive_pairs() -> Vec<(String, f64, f64)> {
    let results: Vec<PiiResult> = published_results().into_iter().filter(usable).collect();
    let mut pairs = Vec::new();
    for first in results.iter().filter(|r| r.score.is_some()) {
        let next_year = first.year + 1;
        if units_in_edition(first.year) != units_in_edition(next_year) {
            continue;
        }
        if let Some(second) = results.iter().find(|r| {
            r.year == next_year && r.score.is_some() && tone_key(&r.province) == tone_key(&first.province)
        }) {
            if !pairs.iter().any(|(p, _, _): &(String, f64, f64)| tone_key(p) == tone_key(&first.province)) {
                pairs.push((first.province.clone(), first.score.unwrap_or(0.0), second.score.unwrap_or(0.0)));
            }
        }
    }
    pairs
}

/// A published figure that the shipped table lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingFigure {
    /// Edition year.
    pub year: i32,
    /// Rank, when known (`None` for a province listed without a rank).
    pub rank: Option<u32>,
    /// Province, when known (`None` for a rank no province is listed at).
    pub province: Option<String>,
    /// Missing figure: `score`, `rank` or `row` (no province at this rank).
    pub missing: &'static str,
}

/// Lists the figures missing from the 2023, 2024 and 2025 editions: ranks no
/// usable row holds, and usable rows without a score or a rank.
pub fn missing_figures() -> Vec<MissingFigure> {
    let mut out = Vec::new();
    for year in 2023..=2025 {
        let standings = standings(year);
        for rank in 1..=units_in_edition(year) {
            if !standings.iter().any(|s| s.rank == Some(rank)) {
                out.push(MissingFigure { year, rank: Some(rank), province: None, missing: "row" });
            }
        }
        for standing in &standings {
            if standing.score.is_none() {
                out.push(MissingFigure { year, rank: standing.rank, province: Some(standing.unit.clone()), missing: "score" });
            }
            if standing.rank.is_none() {
                out.push(MissingFigure { year, rank: None, province: Some(standing.unit.clone()), missing: "rank" });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dong_nai_2025_standing() {
        let s = standings(2025);
        let dong_nai = s.iter().find(|s| s.unit == "Đồng Nai").unwrap();
        assert_eq!(dong_nai.rank, Some(12));
        assert_eq!(dong_nai.score, Some(44.92));
    }

    #[test]
    fn missing_figures_cover_three_editions() {
        let missing = missing_figures();
        assert!(missing.iter().any(|m| m.year == 2023));
        assert!(missing.iter().any(|m| m.year == 2025));
        // Gia Lai 2024 has a score but no usable rank.
        assert!(missing.iter().any(|m| m.year == 2024 && m.province.as_deref() == Some("Gia Lai") && m.missing == "rank"));
        // Đồng Nai 2025 is complete.
        assert!(!missing.iter().any(|m| m.year == 2025 && m.province.as_deref() == Some("Đồng Nai")));
    }

    #[test]
    fn suspect_rows_are_left_out() {
        let s = standings(2024);
        let gia_lai = s.iter().find(|s| s.unit == "Gia Lai").unwrap();
        assert_eq!(gia_lai.score, Some(26.31));
        assert_eq!(gia_lai.rank, None);
    }
}

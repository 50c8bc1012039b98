//! Competition ranks, the efficiency ratio, and strengths and weaknesses.

/// Competition ranks ("1, 2, 2, 4") of full-precision scores, highest first;
/// missing scores are unranked (`None`), as in COINr's `rank(-x, ties.method = "min", na.last = "keep")`.
///
/// # Examples
///
/// ```
/// use chiso::index::rank::competition_ranks;
/// assert_eq!(competition_ranks(&[5.0, 7.0, 7.0, f64::NAN, 1.0]), vec![Some(3), Some(1), Some(1), None, Some(4)]);
/// ```
pub fn competition_ranks(scores: &[f64]) -> Vec<Option<u32>> {
    let mut ranks = Vec::new();
    competition_ranks_into(scores, &mut Vec::new(), &mut ranks);
    ranks
}

/// Writes the competition ranks of `scores` to `ranks`, as [`competition_ranks`],
/// reusing `order` as scratch space so that a loop over many score rows does not allocate.
pub fn competition_ranks_into(scores: &[f64], order: &mut Vec<usize>, ranks: &mut Vec<Option<u32>>) {
    order.clear();
    order.extend((0..scores.len()).filter(|i| !scores[*i].is_nan()));
    // Tied scores get the rank of the first of them whatever their order, so an unstable sort is enough.
    order.sort_unstable_by(|a, b| scores[*b].total_cmp(&scores[*a]));

    ranks.clear();
    ranks.resize(scores.len(), None);
    for (position, i) in order.iter().enumerate() {
        let rank = if position > 0 && scores[order[position - 1]] == scores[*i] {
            ranks[order[position - 1]]
        } else {
            Some(position as u32 + 1)
        };
        ranks[*i] = rank;
    }
}

/// Rank of one score among others, without building every rank: `1 + #(higher scores)`.
pub fn rank_of(score: f64, scores: &[f64]) -> Option<u32> {
    if score.is_nan() {
        return None;
    }
    Some(1 + scores.iter().filter(|s| **s > score).count() as u32)
}

/// Competition ranks of `scores` within each group, as [`competition_ranks`]
/// applied to the units of one group at a time.
///
/// `groups[i]` is the group label of unit `i`. A unit without a label or
/// without a score is unranked (`None`).
///
/// # Examples
///
/// ```
/// use chiso::index::rank::group_ranks;
/// let groups = [Some("a".to_string()), Some("b".to_string()), Some("a".to_string()), None];
/// assert_eq!(group_ranks(&[5.0, 7.0, 9.0, 1.0], &groups), vec![Some(2), Some(1), Some(1), None]);
/// ```
pub fn group_ranks(scores: &[f64], groups: &[Option<String>]) -> Vec<Option<u32>> {
    let mut members: std::collections::BTreeMap<&str, Vec<usize>> = std::collections::BTreeMap::new();
    for (unit, group) in groups.iter().enumerate().take(scores.len()) {
        if let Some(group) = group {
            members.entry(group.as_str()).or_default().push(unit);
        }
    }

    let mut out = vec![None; scores.len()];
    let (mut order, mut ranks) = (Vec::new(), Vec::new());
    for units in members.values() {
        let group_scores: Vec<f64> = units.iter().map(|u| scores[*u]).collect();
        competition_ranks_into(&group_scores, &mut order, &mut ranks);
        for (unit, rank) in units.iter().zip(&ranks) {
            out[*unit] = *rank;
        }
    }
    out
}

/// One strength or weakness of a unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Highlight {
    /// Unit code.
    pub unit: String,
    /// `strength` or `weakness`.
    pub kind: &'static str,
    /// Indicator code.
    pub indicator: String,
    /// The unit's rank on the indicator.
    pub rank: u32,
    /// The unit's normalised score on the indicator.
    pub score: f64,
}

/// The `count` best-ranked and `count` worst-ranked indicators of each unit;
/// ties are broken by framework order.
pub fn highlights(units: &[String], indicators: &[String], ranks: &[Vec<Option<u32>>], scores: &[Vec<f64>], count: usize) -> Vec<Highlight> {
    let mut out = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        let mut ranked: Vec<(u32, usize)> = (0..indicators.len()).filter_map(|i| ranks[i][u].map(|r| (r, i))).collect();
        ranked.sort();
        let make = |kind: &'static str, (rank, i): (u32, usize)| Highlight { unit: unit.clone(), kind, indicator: indicators[i].clone(), rank, score: scores[i][u] };
        out.extend(ranked.iter().take(count).map(|x| make("strength", *x)));
        let mut worst = ranked.clone();
        worst.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        out.extend(worst.iter().take(count).map(|x| make("weakness", *x)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_the_lowest_rank() {
        assert_eq!(competition_ranks(&[1.0, 2.0, 2.0, 3.0]), vec![Some(4), Some(2), Some(2), Some(1)]);
        assert_eq!(rank_of(2.0, &[1.0, 2.0, 2.0, 3.0]), Some(2));
    }

    #[test]
    fn group_ranks_tie_and_missing() {
        let g = |s: &str| Some(s.to_string());
        let groups = vec![g("a"), g("a"), g("a"), g("a"), g("b"), g("b"), None];
        let scores = [9.0, 7.0, 9.0, f64::NAN, 3.0, 4.0, 100.0];
        assert_eq!(group_ranks(&scores, &groups), vec![Some(1), Some(3), Some(1), None, Some(2), Some(1), None]);
    }

    #[test]
    fn strengths_and_weaknesses() {
        let units = vec!["u".to_string()];
        let indicators: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let ranks = vec![vec![Some(3)], vec![Some(1)], vec![Some(9)]];
        let scores = vec![vec![50.0], vec![90.0], vec![5.0]];
        let rows = highlights(&units, &indicators, &ranks, &scores, 1);
        assert_eq!(rows[0].indicator, "b");
        assert_eq!(rows[1].indicator, "c");
        assert_eq!(rows[1].kind, "weakness");
    }
}

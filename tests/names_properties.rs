//! Property tests of Vietnamese name matching.

use chiso::communes::{name_key, same_name, split_prefix, tone_key, Match, OfficialList};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Syllables where the old and new conventions put the tone mark on different vowels.
const PAIRS: [(&str, &str); 8] = [
    ("hòa", "hoà"),
    ("hóa", "hoá"),
    ("thủy", "thuỷ"),
    ("khỏe", "khoẻ"),
    ("tòa", "toà"),
    ("lũy", "luỹ"),
    ("thọa", "thoạ"),
    ("hỏa", "hoả"),
];

fn official_names() -> Vec<String> {
    OfficialList::default_list().units().iter().map(|u| u.name.clone()).collect()
}

proptest! {
    #[test]
    fn key_same_in_nfc_and_nfd(index in 0usize..95) {
        let name = &official_names()[index];
        let decomposed: String = name.nfd().collect();
        prop_assert_eq!(tone_key(name), tone_key(&decomposed));
    }

    #[test]
    fn key_ignores_case_and_spacing(index in 0usize..95, spaces in 1usize..4, upper in any::<bool>()) {
        let name = &official_names()[index];
        let spaced = name.split(' ').collect::<Vec<_>>().join(&" ".repeat(spaces));
        let cased = if upper { spaced.to_uppercase() } else { spaced.to_lowercase() };
        prop_assert_eq!(tone_key(name), tone_key(&format!("  {cased} ")));
    }

    #[test]
    fn key_ignores_tone_placement(pair in 0usize..8, prefix in "[A-Z][a-z]{1,5}") {
        let (old, new) = PAIRS[pair];
        prop_assert_eq!(tone_key(&format!("{prefix} {old}")), tone_key(&format!("{prefix} {new}")));
    }

    #[test]
    fn every_official_name_found_with_any_prefix(index in 0usize..95, style in 0usize..4) {
        let list = OfficialList::default_list();
        let unit = &list.units()[index];
        let written = match style {
            0 => unit.name.clone(),
            1 => unit.full_name(),
            2 => format!("{}. {}", &unit.unit_type.as_vi()[..1], unit.name),
            _ => format!("{} {}", unit.unit_type.as_vi().to_lowercase(), unit.name.to_uppercase()),
        };
        match list.find(&written) {
            Match::Exact(found) => prop_assert_eq!(&found.code, &unit.code),
            other => prop_assert!(false, "{} gave {:?}", written, other),
        }
    }

    #[test]
    fn same_name_is_symmetric(a in 0usize..95, b in 0usize..95) {
        let names = official_names();
        prop_assert_eq!(same_name(&names[a], &names[b]), same_name(&names[b], &names[a]));
        prop_assert_eq!(same_name(&names[a], &names[b]), a == b);
    }

    #[test]
    fn split_prefix_is_idempotent(text in "\\PC{0,30}") {
        let (_, bare) = split_prefix(&text);
        let (_, again) = split_prefix(&bare);
        prop_assert_eq!(name_key(&bare), name_key(&again));
    }
}

#[test]
fn near_miss_never_matches_silently() {
    let list = OfficialList::default_list();
    // One tone mark off an official name.
    assert!(matches!(list.find("Phường Hổ Nai"), Match::NearMiss(_)));
    // One letter off.
    assert!(matches!(list.find("Xã La Nga"), Match::NearMiss(_)));
    // A former name shared by two current units is ambiguous without its prefix…
    assert!(matches!(list.find("Tân Bình"), Match::Ambiguous(ref units) if units.len() == 2));
    // …and resolved with it.
    assert!(matches!(list.find("Xã Tân Bình"), Match::Former(u) if u.code == "26188"));
}

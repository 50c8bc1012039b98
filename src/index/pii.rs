//! The Provincial Innovation Index (PII) example shipped with chiso.
//!
//! `seeds/pii-indicators-khanh-hoa-2025.csv` contains Khánh Hòa's 2025 values of
//! some PII indicators with the lowest and highest value across the 34
//! provincial units. The three indicators of the sub-pillar "Môi trường chính
//! sách" (policy environment) are complete, so their min-max scores between
//! those bounds and the equal-weight mean reproduce the published sub-pillar
//! score, 58.90. Other rows are left out: one of them lacks its maximum.

use super::data::Dataset;
use super::framework::Node;

/// The shipped table of Khánh Hòa's 2025 PII indicator values.
pub const KHANH_HOA_CSV: &str = include_str!("../../seeds/pii-indicators-khanh-hoa-2025.csv");

/// Name of the sub-pillar whose indicators are complete in the shipped table.
pub const POLICY_SUB_PILLAR: &str = "Môi trường chính sách";

/// Code given to that sub-pillar in the example framework.
pub const POLICY_CODE: &str = "TC_MTCS";

/// Framework and data of the policy-environment sub-pillar for Khánh Hòa.
///
/// Each indicator's goalposts are the published lowest and highest values
/// across the 34 units, so min-max normalisation rescales between them.
///
/// # Examples
///
/// ```
/// use chiso::index::{pii, Model, Settings};
/// let (nodes, data) = pii::policy_environment_example();
/// let result = Model::new(nodes, &data).unwrap().run(&Settings::pii()).unwrap();
/// let score = result.score(pii::POLICY_CODE, "Khánh Hòa").unwrap();
/// assert_eq!((score * 100.0).round() / 100.0, 58.90);
/// ```
pub fn policy_environment_example() -> (Vec<Node>, Dataset) {
    let mut reader = csv::Reader::from_reader(KHANH_HOA_CSV.as_bytes());
    let headers = reader.headers().expect("shipped table has a header").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect("shipped table has its columns");
    let (sub_pillar, name, value, min, max) =
        (column("sub_pillar"), column("indicator_vi"), column("value"), column("min_across_units"), column("max_across_units"));

    let mut nodes = Vec::new();
    let mut columns = Vec::new();
    let rows = reader.records().filter_map(Result::ok).filter(|r| crate::communes::nfc(&r[sub_pillar]) == POLICY_SUB_PILLAR);
    for (i, record) in rows.enumerate() {
        let code = format!("{POLICY_CODE}_{}", i + 1);
        let number = |at: usize| record[at].parse::<f64>().expect("complete row of the policy sub-pillar");
        nodes.push(Node {
            name: Some(record[name].to_string()),
            lower: Some(number(min)),
            upper: Some(number(max)),
            ..Node::indicator(&code, POLICY_CODE)
        });
        columns.push((code, vec![number(value)]));
    }
    nodes.push(Node { name: Some(POLICY_SUB_PILLAR.to_string()), ..Node::aggregate(POLICY_CODE, None, 2) });
    (nodes, Dataset::from_columns(vec!["Khánh Hòa".to_string()], columns))
}

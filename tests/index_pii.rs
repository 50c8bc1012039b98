//! The PII preset against published PII figures shipped in `seeds/`.

use chiso::index::{pii, Dataset, Model, Node, Normalisation, Settings};

#[test]
fn khanh_hoa_policy_sub_pillar_is_58_90() {
    let (nodes, data) = pii::policy_environment_example();
    assert_eq!(nodes.len(), 4, "three indicators and the sub-pillar");
    let result = Model::new(nodes, &data).unwrap().run(&Settings::pii()).unwrap();

    let score = result.score(pii::POLICY_CODE, "Khánh Hòa").unwrap();
    assert_eq!(format!("{score:.2}"), "58.90");

    let indicator_scores: Vec<String> = (1..=3).map(|i| format!("{:.2}", result.score(&format!("{}_{i}", pii::POLICY_CODE), "Khánh Hòa").unwrap())).collect();
    assert_eq!(indicator_scores, vec!["70.66", "52.63", "53.40"]);
}

#[test]
fn published_index_is_mean_of_sub_indices() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/pii-scores.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut units = Vec::new();
    let (mut inputs, mut outputs, mut published) = (Vec::new(), Vec::new(), Vec::new());
    for record in reader.records() {
        let record = record.unwrap();
        let number = |i: usize| record[i].parse::<f64>().ok();
        if let (Some(score), Some(input), Some(output)) = (number(2), number(4), number(5)) {
            units.push(format!("{} {}", &record[0], &record[1]));
            published.push(score);
            inputs.push(input);
            outputs.push(output);
        }
    }
    assert!(units.len() >= 4, "rows with score, input and output: {units:?}");

    let nodes = vec![Node::indicator("input", "PII"), Node::indicator("output", "PII"), Node::aggregate("PII", None, 2)];
    let data = Dataset::from_columns(units.clone(), vec![("input".into(), inputs), ("output".into(), outputs)]);
    let settings = Settings { normalisation: Normalisation::None, ..Settings::pii() };
    let result = Model::new(nodes, &data).unwrap().run(&settings).unwrap();

    for (unit, expected) in units.iter().zip(&published) {
        let score = result.score("PII", unit).unwrap();
        // Sub-indices are published to 2 decimals, so their mean is within 0.005 of the exact one.
        assert!((score - expected).abs() <= 0.005 + 1e-9, "{unit}: mean {score} vs published {expected}");
    }
    assert_eq!(format!("{:.2}", result.score("PII", "2025 Khánh Hòa").unwrap()), "46.54");
}

//! The shipped plan against the plan text: counts, thresholds, deadlines,
//! parsed task outputs and the commune matches.

use chiso::communes::{Match, OfficialList};
use chiso::plan::{Deadline, Plan, TargetKind};
use chrono::NaiveDate;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn plan_has_every_item() {
    let plan = Plan::default_plan();
    assert_eq!(plan.targets.len(), 13);
    assert_eq!(plan.tasks.len(), 33);
    assert_eq!(plan.communes.len(), 41);
    assert_eq!(plan.year, 2026);
}

#[test]
fn plan_targets_as_written() {
    // Appendix A of the plan: kind and threshold of each of the 13 targets.
    let expected: [(&str, TargetKind, Option<f64>); 13] = [
        ("MT01", TargetKind::Rank, Some(5.0)),
        ("MT02", TargetKind::Milestone, None),
        ("MT03", TargetKind::Milestone, None),
        ("MT04", TargetKind::Milestone, None),
        ("MT05", TargetKind::Coverage, Some(41.0)),
        ("MT06", TargetKind::Count, Some(20.0)),
        ("MT07", TargetKind::Count, Some(1.0)),
        ("MT08", TargetKind::Share, Some(0.10)),
        ("MT09", TargetKind::Count, Some(60.0)),
        ("MT10", TargetKind::Count, Some(30.0)),
        ("MT11", TargetKind::Count, Some(20.0)),
        ("MT12", TargetKind::Count, Some(70.0)),
        ("MT13", TargetKind::Count, Some(300.0)),
    ];
    let plan = Plan::default_plan();
    for (target, (id, kind, threshold)) in plan.targets.iter().zip(expected) {
        assert_eq!(target.id, id);
        assert_eq!(target.kind, kind, "{id}");
        assert_eq!(target.threshold, threshold, "{id}");
    }
}

#[test]
fn plan_deadlines_as_written() {
    let plan = Plan::default_plan();
    // "Quý III/2026" for the innovation centre, "Quý IV/2026" for the rest.
    assert_eq!(plan.target("MT02").unwrap().deadline, Deadline::Date(date(2026, 9, 30)));
    for target in plan.targets.iter().filter(|t| t.id != "MT02") {
        assert_eq!(target.deadline, Deadline::Date(date(2026, 12, 31)), "{}", target.id);
    }
    // Tasks 3, 4, 5 and 22 are due in Quý II/2026; tasks 17, 18, 20, 23–26 are ongoing.
    for id in ["NV03", "NV04", "NV05", "NV22"] {
        assert_eq!(plan.task(id).unwrap().deadline, Deadline::Date(date(2026, 6, 30)), "{id}");
    }
    for id in ["NV17", "NV18", "NV20", "NV23", "NV24", "NV25", "NV26"] {
        assert_eq!(plan.task(id).unwrap().deadline, Deadline::Ongoing, "{id}");
    }
}

#[test]
fn plan_reporting_calendar() {
    let plan = Plan::default_plan();
    assert_eq!(plan.calendar.quarterly_due_day, 15);
    assert_eq!(plan.calendar.annual_due, date(2026, 11, 15));
    assert_eq!(plan.quarterly_due(date(2026, 9, 30)), date(2026, 9, 15));
    assert_eq!(plan.quarter_ends().len(), 4);
}

#[test]
fn task_outputs_parsed() {
    let plan = Plan::default_plan();
    let outputs = |id: &str| {
        plan.task(id)
            .unwrap()
            .outputs
            .iter()
            .map(|o| (o.min, o.max, o.unit_vi.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(outputs("NV10"), vec![(3, None, "hội nghị".to_string())]);
    assert_eq!(outputs("NV12"), vec![(1, Some(2), "lớp".to_string())]);
    assert_eq!(
        outputs("NV13"),
        vec![(1, Some(2), "sự kiện".to_string()), (2, None, "phiên gọi vốn".to_string())]
    );
    assert_eq!(
        outputs("NV15"),
        vec![(1, None, "đoàn nước ngoài".to_string()), (1, None, "đoàn trong nước".to_string())]
    );
    assert_eq!(outputs("NV29"), vec![(20, None, "doanh nghiệp".to_string())]);
    assert_eq!(outputs("NV28"), vec![(30, None, "dự án".to_string())]);
    assert_eq!(outputs("NV31"), vec![(1, None, "Hội nghị".to_string())]);
    // A document number and a date are not counts.
    assert!(outputs("NV03").is_empty());
}

#[test]
fn communes_match_official_list() {
    let plan = Plan::default_plan();
    let official = OfficialList::default_list();
    assert_eq!(official.units().len(), 95);
    for commune in &plan.communes {
        assert!(official.by_code(&commune.code).is_some(), "{}", commune.name_vi);
    }

    // Tone-mark placement: the plan writes Hòa, the list Hoà.
    assert!(matches!(official.find("Phường Biên Hòa"), Match::Exact(u) if u.code == "26068"));
    // One tone mark apart: reported as a near miss, matched only through the plan's note.
    assert!(matches!(official.find("Phường Hồ Nai"), Match::NearMiss(ref c) if c.iter().any(|u| u.code == "26005")));
    let ho_nai = plan.communes.iter().find(|c| c.name_vi == "Phường Hồ Nai").unwrap();
    assert_eq!(ho_nai.code, "26005");
    assert!(ho_nai.note.as_deref().unwrap_or("").contains("Hố Nai"));
    // A former unit merged in 2025 maps to its current ward.
    assert!(matches!(official.find("Phường Tân Hạnh"), Match::Former(u) if u.code == "26068"));
}

#[test]
fn plan_format_errors_name_item_and_field() {
    let text = chiso::plan::DEFAULT_PLAN_TOML.replacen("kind = \"rank\"", "kind = \"ranking\"", 1);
    let error = Plan::from_toml_str(&text, "broken.toml").unwrap_err().to_string();
    assert!(error.contains("broken.toml"), "{error}");
    assert!(error.contains("target MT01"), "{error}");
    assert!(error.contains("`kind`"), "{error}");
    assert!(error.contains("ranking"), "{error}");

    let text = chiso::plan::DEFAULT_PLAN_TOML.replacen("threshold = 0.1", "threshold = 10", 1);
    let error = Plan::from_toml_str(&text, "share.toml").unwrap_err().to_string();
    assert!(error.contains("target MT08") && error.contains("threshold"), "{error}");

    let error = Plan::from_toml_str("[plan]\nid = 1", "x.toml").unwrap_err();
    assert!(matches!(error, chiso::plan::PlanError::Syntax { .. }));
}

#[test]
fn other_plans_load() {
    for text in [
        include_str!("../seeds/vn-doanh-nghiep-2024.toml"),
        include_str!("../seeds/thanh-hoa-2022.toml"),
    ] {
        let plan = Plan::from_toml_str(text, "seed").unwrap();
        assert_eq!(plan.targets.len(), 1);
        assert_eq!(plan.targets[0].kind, TargetKind::Count);
    }
}

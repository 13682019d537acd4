//! Workload edits as an engineer makes them in the lab: each keeps the scenario valid,
//! refuses bad values with words, and says what it did to the placed faults.
#![cfg(not(target_arch = "wasm32"))]

use eoslab::model::ledger::Verdict;
use eoslab::model::presets;
use eoslab::model::scenario::{Anchor, FaultKind, Scenario, StepKind, Workload};
use eoslab::model::simulate;
use eoslab::model::trace::FaultStatus;
use eoslab::model::workload_edit::{self as we, EventField, FaultChange, NameField};
use proptest::prelude::*;

fn preset(slug: &str) -> Scenario {
    presets::find(slug)
        .unwrap_or_else(|| panic!("no preset {slug}"))
        .scenario
}

fn verdict(sc: &Scenario, id: &str) -> Verdict {
    simulate(sc)
        .ledger
        .rows
        .into_iter()
        .find(|r| r.event_id == id)
        .map(|r| r.verdict)
        .unwrap_or_else(|| panic!("no ledger row for {id}"))
}

#[test]
fn removing_evt_2_drops_the_crash_anchored_to_it_and_says_so() {
    let mut sc = preset("db-then-commit");
    assert_eq!(verdict(&sc, "evt-2"), Verdict::Duplicate);
    let crash = sc.faults[0].clone();
    let report = we::remove_event(&mut sc, 1).expect("evt-2 can go");
    assert!(sc.faults.is_empty());
    assert_eq!(
        report.faults,
        vec![FaultChange::Dropped {
            fault: crash,
            reason: "its event evt-2 was removed".into()
        }]
    );
    assert_eq!(
        report.words(),
        "Removed evt-2. Dropped the crash after the sink write of evt-2: \
         its event evt-2 was removed."
    );
    sc.validate().expect("still a valid scenario");
    let t = simulate(&sc);
    assert!(t.ledger.all_ok(), "no fault is left to duplicate anything");
    assert_eq!(t.ledger.rows.len(), 2);
}

#[test]
fn removing_another_event_keeps_the_crash() {
    let mut sc = preset("db-then-commit");
    let report = we::remove_event(&mut sc, 2).unwrap();
    assert!(report.faults.is_empty());
    assert_eq!(sc.faults.len(), 1);
    assert_eq!(verdict(&sc, "evt-2"), Verdict::Duplicate);
}

#[test]
fn renaming_the_anchored_event_re_anchors_and_the_replay_still_duplicates_it() {
    let mut sc = preset("db-then-commit");
    let report = we::set_event_field(&mut sc, 1, EventField::Id, "order-42").unwrap();
    assert!(matches!(
        &report.faults[..],
        [FaultChange::Reanchored { from, .. }] if from == "evt-2"
    ));
    sc.validate().unwrap();
    assert!(matches!(simulate(&sc).faults[0], FaultStatus::Fired(_)));
    assert_eq!(verdict(&sc, "order-42"), Verdict::Duplicate);
}

#[test]
fn a_partition_beyond_the_count_is_refused_with_a_message() {
    let mut sc = preset("db-then-commit");
    let before = sc.clone();
    let e = we::set_event_field(&mut sc, 0, EventField::Partition, "1").unwrap_err();
    assert_eq!(
        e.message,
        "Partition 1 does not exist: the topic has 1 partition (0 to 0)"
    );
    assert_eq!(sc, before, "nothing changed");
    we::set_partitions(&mut sc, "2").unwrap();
    we::set_event_field(&mut sc, 0, EventField::Partition, "1").unwrap();
    assert_eq!(sc.workload.events[0].partition, 1);
    assert!(we::set_partitions(&mut sc, "9")
        .unwrap_err()
        .message
        .contains("from 1 to 8"));
}

#[test]
fn generating_50_events_with_seed_7_is_deterministic() {
    let mut a = preset("db-then-commit");
    we::set_partitions(&mut a, "3").unwrap();
    let mut b = a.clone();
    let ra = we::generate(&mut a, 50, 7).unwrap();
    let rb = we::generate(&mut b, 50, 7).unwrap();
    assert_eq!(a, b);
    assert_eq!(ra, rb);
    assert_eq!(a.workload, Workload::generated(50, 3, 7));
    assert_eq!(a.seed, 7);
    a.validate().unwrap();
    assert!(a.workload.events.iter().any(|e| e.partition == 2));
    // evt-2 exists among the generated events, so the crash stays anchored there.
    assert_eq!(a.faults.len(), 1);
    assert_eq!(simulate(&a).ledger.rows.len(), 50);
    let mut c = b.clone();
    we::generate(&mut c, 50, 8).unwrap();
    assert_ne!(c.workload, a.workload);
}

#[test]
fn generating_fewer_events_drops_faults_on_missing_ids() {
    let mut sc = preset("db-then-commit");
    let r = we::generate(&mut sc, 1, 3).unwrap();
    assert!(sc.faults.is_empty());
    assert!(r
        .words()
        .contains("Dropped the crash after the sink write of evt-2"));
    assert!(we::generate(&mut sc, 0, 3).is_err());
    assert!(we::generate(&mut sc, 201, 3).is_err());
    assert!(we::parse_count("201").unwrap_err().message.contains("200"));
    assert!(we::parse_seed("-1").is_err());
    assert_eq!(we::parse_seed(" 42 "), Ok(42));
}

#[test]
fn hostile_names_stay_plain_text() {
    let mut sc = preset("db-then-commit");
    let hostile = r#"<img src=x onerror="alert(1)">&amp;"#;
    we::rename(&mut sc, NameField::Table, hostile).unwrap();
    we::rename(&mut sc, NameField::InputTopic, "</svg><script>x</script>").unwrap();
    we::set_event_field(&mut sc, 0, EventField::Id, "<b>evt</b>").unwrap();
    we::set_event_field(&mut sc, 0, EventField::Key, "'\"&<>").unwrap();
    assert_eq!(sc.names.table, hostile, "kept verbatim, not escaped twice");
    sc.validate().expect("hostile but valid");
    let back = Scenario::from_json(&sc.to_json()).expect("round-trips");
    assert_eq!(back, sc);
    let t = simulate(&sc);
    assert_eq!(t.ledger.rows[0].event_id, "<b>evt</b>");
    // Control characters are refused, so a name never breaks a line of a label.
    assert!(we::rename(&mut sc, NameField::Store, "a\u{7}b").is_err());
}

#[test]
fn ids_must_be_unique_and_non_empty() {
    let mut sc = preset("db-then-commit");
    let e = we::set_event_field(&mut sc, 2, EventField::Id, " evt-1 ").unwrap_err();
    assert!(e.message.contains("already used"), "{e}");
    assert!(we::set_event_field(&mut sc, 2, EventField::Id, "").is_err());
    assert_eq!(sc, preset("db-then-commit"));
}

#[test]
fn amounts_out_of_range_are_refused() {
    let mut sc = preset("db-then-commit");
    let e = we::set_event_field(&mut sc, 0, EventField::Amount, "2000000").unwrap_err();
    assert_eq!(
        e.message,
        "Amount must be a whole number from -1000000 to 1000000"
    );
    we::set_event_field(&mut sc, 0, EventField::Amount, "1000000").unwrap();
    assert_eq!(sc.workload.events[0].amount, we::MAX_AMOUNT);
}

#[test]
fn moving_an_event_changes_the_send_order_and_keeps_faults() {
    let mut sc = preset("db-then-commit");
    let r = we::move_event(&mut sc, 1, 0).unwrap();
    assert_eq!(r.did, "Moved evt-2 to position 1 of 3.");
    let ids: Vec<&str> = sc.workload.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["evt-2", "evt-1", "evt-3"]);
    let t = simulate(&sc);
    let first_send = t.steps.iter().find(|s| s.kind == StepKind::Send).unwrap();
    assert_eq!(first_send.event, Some(0), "evt-2 is sent first");
    assert_eq!(verdict(&sc, "evt-2"), Verdict::Duplicate);
    assert!(we::move_event(&mut sc, 0, 3).is_err());
}

#[test]
fn five_typed_events_on_two_partitions_break_under_a_crash_after_the_write() {
    let mut sc = preset("db-then-commit");
    sc.faults.clear();
    we::set_partitions(&mut sc, "2").unwrap();
    while sc.workload.events.len() < 5 {
        we::add_event(&mut sc).unwrap();
    }
    for (i, (id, key, amount, p)) in [
        ("pay-1", "alice", "10", "0"),
        ("pay-2", "bob", "20", "1"),
        ("pay-3", "alice", "30", "0"),
        ("pay-4", "carol", "40", "1"),
        ("pay-5", "bob", "50", "0"),
    ]
    .into_iter()
    .enumerate()
    {
        we::set_event_field(&mut sc, i, EventField::Id, id).unwrap();
        we::set_event_field(&mut sc, i, EventField::Key, key).unwrap();
        we::set_event_field(&mut sc, i, EventField::Amount, amount).unwrap();
        we::set_event_field(&mut sc, i, EventField::Partition, p).unwrap();
    }
    sc.validate().unwrap();
    assert!(simulate(&sc).ledger.all_ok());
    sc.faults.push(eoslab::model::Fault::new(
        FaultKind::Crash,
        Anchor::new(StepKind::SinkWrite, "pay-4"),
    ));
    let t = simulate(&sc);
    assert!(matches!(t.faults[0], FaultStatus::Fired(_)));
    // The restarted processor polls pay-4 again from the committed offset of
    // partition 1 and writes it a second time.
    let replayed = t
        .steps
        .iter()
        .any(|s| s.kind == StepKind::Poll && s.event == Some(3) && s.attempt.delivery > 1);
    assert!(replayed, "pay-4 is polled again after the restart");
    assert_eq!(verdict(&sc, "pay-4"), Verdict::Duplicate);
}

/// One random edit, as raw numbers.
fn apply(sc: &mut Scenario, op: u8, a: usize, b: usize, text: &str) -> Option<we::EditReport> {
    let n = sc.workload.events.len();
    let r = match op % 7 {
        0 => we::add_event(sc),
        1 => we::remove_event(sc, a % (n + 1)),
        2 => we::move_event(sc, a % (n + 1), b % (n + 1)),
        3 => we::set_event_field(sc, a % (n + 1), EventField::ALL[b % 4], text),
        4 => we::set_partitions(sc, text),
        5 => we::generate(sc, (a % 12) as u32, b as u64),
        _ => we::rename(sc, NameField::ALL[b % 8], text),
    };
    r.ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever is typed, every edit leaves a valid scenario, a refused edit changes
    /// nothing, and a fault leaves the scenario only with a report that names it.
    #[test]
    fn edits_keep_the_scenario_valid_and_never_drop_a_fault_silently(
        preset_ix in 0usize..20,
        ops in prop::collection::vec(
            (any::<u8>(), 0usize..16, 0usize..16, "[ -~]{0,6}|-?[0-9]{1,8}|evt-[0-9]"),
            1..12,
        ),
    ) {
        let all = presets::all();
        let mut sc = all[preset_ix % all.len()].scenario.clone();
        for (op, a, b, text) in ops {
            let before = sc.clone();
            match apply(&mut sc, op, a, b, &text) {
                None => prop_assert_eq!(&sc, &before),
                Some(report) => {
                    let dropped = report
                        .faults
                        .iter()
                        .filter(|c| matches!(c, FaultChange::Dropped { .. }))
                        .count();
                    prop_assert_eq!(sc.faults.len() + dropped, before.faults.len());
                    prop_assert!(!report.words().is_empty());
                }
            }
            prop_assert!(sc.validate().is_ok(), "{:?}", sc.validate());
            prop_assert!(sc.workload.events.len() <= we::MAX_LAB_EVENTS);
        }
        let t = simulate(&sc);
        prop_assert_eq!(t.ledger.rows.len(), sc.workload.events.len());
    }
}

//! Links and files: their size, their stability across versions, the limits they
//! share with the command-line tool, and what every bad input gives (an error that
//! names what is wrong, never a panic).
#![cfg(not(target_arch = "wasm32"))]

use eoslab::model::limits::{self, MAX_EVENTS, MAX_FAULTS, MAX_LINK_CHARS, MAX_TEXT_CHARS};
use eoslab::model::presets;
use eoslab::model::scenario::InputEvent;
use eoslab::model::{simulate, Anchor, Fault, FaultKind, Scenario, StepKind, Workload};
use eoslab::share::{file, permalink, ShareError};

/// A lesson with its fault moved to another event, as a learner would.
fn moved_fault() -> Scenario {
    let mut sc = presets::find("db-then-commit").unwrap().scenario;
    sc.faults[0].at = Anchor::new(StepKind::SinkWrite, "evt-3");
    sc
}

/// A link written by this version of the format, kept as it was written: every
/// later version must still open it as this scenario.
const FORMAT_1_LINK: &str =
    "1.AQ5kYi10aGVuLWNvbW1pdAAAAAEDBWV2dC0xBnVzZXItMWQABWV2dC0yBnVzZXItMmQABWV2dC0zBnVzZXItMWQAAQABAAQDAQABBw";

#[test]
fn a_link_written_by_format_1_still_opens() {
    let (sc, step) = permalink::decode(FORMAT_1_LINK).expect("a format-1 link opens");
    assert_eq!(sc, moved_fault());
    assert_eq!(step, Some(7));
}

/// A scenario of no lesson, with its own words, knobs of each kind and two faults.
fn own_scenario() -> Scenario {
    use eoslab::model::scenario::{Isolation, SinkWrite};
    let mut sc = twenty_events();
    sc.workload.events.truncate(4);
    sc.seed = 42;
    let k = &mut sc.design.knobs;
    k.isolation = Isolation::ReadUncommitted;
    k.sink_write = Some(SinkWrite::Upsert);
    k.commit_every = 3;
    k.fencing = false;
    k.restart_ms = 5_000;
    sc.faults = vec![
        Fault::new(
            FaultKind::Crash,
            Anchor::new(StepKind::SinkWrite, "order-1003"),
        ),
        Fault {
            kind: FaultKind::TimePasses,
            at: Anchor {
                after: StepKind::Restart,
                event: None,
                nth: 2,
            },
            ms: Some(7_200_000),
        },
    ];
    sc
}

/// The same for a scenario of no lesson: its words, knobs and faults by code.
const FORMAT_1_OWN_LINK: &str = "1.AAEjQ2hlY2tvdXQgdG90YWxzIGZvciB0aGUgc3ByaW5nIHNhbGUEAA9jaGVja291dC1vcmRlcnMCDWxveWFsdHktc3RvcmUEDnBvaW50cy1hd2FyZGVkBQ1Qb2ludHNBd2FyZGVkKgMECm9yZGVyLTEwMDEKY3VzdG9tZXItMYAQAQpvcmRlci0xMDAyCmN1c3RvbWVyLTKyEAIKb3JkZXItMTAwMwpjdXN0b21lci0z5BAACm9yZGVyLTEwMDQKY3VzdG9tZXItNJYRAQUFAAICAQEDAgIGAwAADQGIJwIABAMBAAYYAAIBgLq3AwA";

#[test]
fn a_scenario_of_no_lesson_written_by_format_1_still_opens() {
    assert_eq!(
        permalink::decode(FORMAT_1_OWN_LINK).expect("a format-1 link opens"),
        (own_scenario(), None)
    );
}

#[test]
fn a_lesson_with_one_fault_moved_is_a_short_link() {
    for p in presets::all() {
        let mut sc = p.scenario.clone();
        let trace = simulate(&sc);
        // Move (or place) one fault: the last crash placement that fits.
        let at = (0..trace.steps.len())
            .rev()
            .find_map(|i| eoslab::model::edit::can_place(&sc, &trace, i, FaultKind::Crash).ok());
        if let Some(at) = at {
            match sc.faults.first_mut() {
                Some(f) => f.at = at,
                None => sc.faults.push(Fault::new(FaultKind::Crash, at)),
            }
        }
        let link = permalink::encode(&sc, Some(12));
        assert!(
            link.len() < 200,
            "{}: {} characters: {link}",
            p.slug,
            link.len()
        );
    }
}

fn twenty_events() -> Scenario {
    let mut sc = presets::find("loyalty-email").unwrap().scenario;
    sc.title = "Checkout totals for the spring sale".into();
    sc.names.input_topic = "checkout-orders".into();
    sc.names.total = "revenue".into();
    sc.workload = Workload {
        partitions: 3,
        events: (1..=20)
            .map(|i| InputEvent {
                id: format!("order-{}", 1000 + i),
                key: format!("customer-{}", i % 7),
                amount: 25 * i64::from(i) + 999,
                partition: i % 3,
            })
            .collect(),
        generate: None,
    };
    sc.faults = vec![
        Fault::new(
            FaultKind::Crash,
            Anchor::new(StepKind::SinkWrite, "order-1007"),
        ),
        Fault::new(
            FaultKind::LostAck,
            Anchor::new(StepKind::Send, "order-1012"),
        ),
    ];
    sc
}

#[test]
fn a_twenty_event_workload_is_under_a_thousand_characters() {
    let sc = twenty_events();
    let link = permalink::encode(&sc, Some(40));
    assert!(link.len() < 1000, "{} characters", link.len());
    assert_eq!(permalink::decode(&link).unwrap(), (sc, Some(40)));
}

#[test]
fn the_largest_scenario_the_limits_allow_fits_in_a_link() {
    let long = |c: char, i: usize| format!("{c}{i:0>w$}", w = MAX_TEXT_CHARS - 1);
    let mut sc = twenty_events();
    sc.title = "t".repeat(limits::MAX_TITLE_CHARS);
    sc.names.store = "s".repeat(MAX_TEXT_CHARS);
    sc.workload.partitions = limits::MAX_PARTITIONS;
    sc.workload.events = (0..MAX_EVENTS)
        .map(|i| InputEvent {
            id: long('e', i),
            key: long('k', i),
            amount: limits::MIN_AMOUNT,
            partition: limits::MAX_PARTITIONS - 1,
        })
        .collect();
    sc.faults = (0..MAX_FAULTS)
        .map(|i| Fault {
            kind: FaultKind::TimePasses,
            at: Anchor::new(StepKind::Poll, &long('e', i)),
            ms: Some(limits::MAX_MS),
        })
        .collect();
    assert_eq!(sc.validate(), Ok(()));
    let link = permalink::encode(&sc, Some(usize::MAX));
    assert!(link.len() <= MAX_LINK_CHARS, "{} characters", link.len());
    assert_eq!(permalink::decode(&link).unwrap().0, sc);
}

/// The link of `sc` with its scenario checks skipped: what a hand-made link holds.
fn link_of_unchecked(sc: &Scenario) -> String {
    permalink::encode(sc, None)
}

#[test]
fn bad_links_say_what_is_wrong() {
    let mut many = moved_fault();
    many.workload = Workload::generated(MAX_EVENTS as u32 + 1, 1, 3);
    let mut huge = moved_fault();
    huge.workload.events[0].amount = i64::MAX;
    let mut unknown_anchor = moved_fault();
    unknown_anchor.faults[0].at.event = Some("evt-99".into());
    let mut script = moved_fault();
    script.names.table = "<script>alert(1)</script>".into();
    let cases: Vec<(String, &str)> = vec![
        (
            link_of_unchecked(&many),
            "workload.events: has 201 events; a scenario holds at most 200",
        ),
        (
            link_of_unchecked(&huge),
            "workload.events[0].amount: must be a whole number from -1000000 to 1000000",
        ),
        (
            link_of_unchecked(&unknown_anchor),
            "faults[0].at.event: the fault is anchored to event 4, and the workload has 3 events",
        ),
        ("9.AAAA".into(), "newer EOS Lab (link format 9)"),
        ("1.%%%".into(), "not URL-safe base64"),
        ("hello".into(), "not an EOS Lab link"),
        (
            format!("1.{}", "A".repeat(10_000_000)),
            "the link is too long: 10000002 characters",
        ),
    ];
    for (link, words) in cases {
        let e = match permalink::decode(&link) {
            Ok(_) => panic!("{words}: opened"),
            Err(e) => e.to_string(),
        };
        assert!(e.contains(words), "{e} (wanted: {words})");
    }
    // A name with markup in it is only text: it opens as written.
    assert_eq!(
        permalink::decode(&link_of_unchecked(&script)).unwrap().0,
        script
    );
}

#[test]
fn an_unknown_design_code_is_named() {
    let link = permalink::encode(&moved_fault(), None);
    let mut bytes = base64_decode(&link[2..]);
    // The design's code comes right after the events; find it by changing each byte
    // to 200 until the decoder names the design.
    let named = (0..bytes.len()).any(|i| {
        let old = bytes[i];
        bytes[i] = 100;
        let e = permalink::decode(&format!("1.{}", base64_encode(&bytes)));
        bytes[i] = old;
        matches!(
            e,
            Err(ShareError::UnknownCode {
                what: "design",
                code: 100
            })
        )
    });
    assert!(named);
    assert!(ShareError::UnknownCode {
        what: "design",
        code: 100
    }
    .to_string()
    .contains("unknown design (code 100)"));
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .unwrap()
}

fn base64_encode(b: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

#[test]
fn files_and_links_keep_the_same_limits_as_the_command_line() {
    // The file the lab exports is the file `eoslab run` reads, and both refuse the
    // same scenario for the same reason.
    let mut sc = moved_fault();
    sc.workload.events[1].amount = i64::MAX - 1;
    let text = file::export(&sc);
    let from_file = file::import(&text).unwrap_err();
    let from_cli = Scenario::from_json(&text).unwrap_err();
    assert_eq!(from_file.to_string(), from_cli.to_string());
    assert!(
        from_cli
            .to_string()
            .starts_with("workload.events[1].amount"),
        "{from_cli}"
    );
    let from_link = permalink::decode(&permalink::encode(&sc, None)).unwrap_err();
    assert_eq!(from_link.to_string(), from_cli.to_string());
}

#[test]
fn a_million_events_are_refused_by_every_door() {
    let text = r#"{"version":1,"workload":{"generate":1000000},"design":{"kind":"at-least-once"}}"#;
    let e = file::import(text).unwrap_err().to_string();
    assert!(e.contains("workload.generate: at most 200 events"), "{e}");
    let big = format!(
        r#"{{"version":1,"workload":{{"events":[{}]}},"design":{{"kind":"at-least-once"}}}}"#,
        vec![r#"{"id":"e","key":"k","amount":1}"#; 10_000].join(",")
    );
    let e = file::import(&big).unwrap_err().to_string();
    assert!(e.contains("has 10000 events"), "{e}");
    let e = file::import(&" ".repeat(10 << 20)).unwrap_err().to_string();
    assert!(e.contains("too long: 10485760 bytes"), "{e}");
}

#[test]
fn totals_near_the_ends_of_i64_saturate_instead_of_wrapping() {
    // Past the limits (built here, not read from a file or link): the run still
    // counts without overflow, and the totals stop at the end of the range.
    for design in eoslab::model::DesignKind::ALL {
        let mut sc = moved_fault();
        sc.design.kind = design;
        for e in &mut sc.workload.events {
            e.amount = i64::MAX - 1;
        }
        let t = simulate(&sc);
        assert_eq!(t.ledger.expected_total, i64::MAX, "{design}");
        assert!(
            t.ledger.actual_total >= 0,
            "{design}: {}",
            t.ledger.actual_total
        );
        assert!(
            t.ledger.state_total >= 0,
            "{design}: {}",
            t.ledger.state_total
        );
    }
}

mod fuzz {
    //! Random and mutated input to both decoders: never a panic; either a scenario
    //! that keeps the limits (and runs) or an error.
    use super::*;
    use proptest::prelude::*;

    fn check(result: Result<Scenario, ShareError>) {
        if let Ok(sc) = result {
            assert_eq!(sc.validate(), Ok(()));
            let _ = simulate(&sc);
        }
    }

    fn valid_links() -> Vec<String> {
        let mut v: Vec<String> = presets::all()
            .iter()
            .map(|p| permalink::encode(&p.scenario, Some(3)))
            .collect();
        v.push(permalink::encode(&twenty_events(), None));
        v
    }

    fn valid_files() -> Vec<String> {
        let mut v: Vec<String> = presets::all()
            .iter()
            .map(|p| file::export(&p.scenario))
            .collect();
        v.push(file::export(&twenty_events()));
        v
    }

    fn config() -> ProptestConfig {
        ProptestConfig {
            cases: 512,
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn random_link_text(s in "\\PC{0,300}") {
            check(permalink::decode(&s).map(|x| x.0));
        }

        #[test]
        fn random_bytes_as_a_format_1_link(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            check(permalink::decode(&format!("1.{}", base64_encode(&bytes))).map(|x| x.0));
        }

        #[test]
        fn bit_flips_and_cuts_of_valid_links(
            which in 0usize..64,
            flips in prop::collection::vec((any::<prop::sample::Index>(), 0u8..8), 1..4),
            cut in any::<prop::sample::Index>(),
            do_cut in any::<bool>(),
        ) {
            let links = valid_links();
            let link = &links[which % links.len()];
            let mut bytes = base64_decode(&link[2..]);
            for (i, bit) in flips {
                let i = i.index(bytes.len());
                bytes[i] ^= 1 << bit;
            }
            if do_cut {
                bytes.truncate(cut.index(bytes.len() + 1));
            }
            check(permalink::decode(&format!("1.{}", base64_encode(&bytes))).map(|x| x.0));
            // The text itself cut anywhere.
            let n = cut.index(link.len() + 1);
            check(permalink::decode(&link[..n]).map(|x| x.0));
        }

        #[test]
        fn random_json(v in json_value()) {
            check(file::import(&v.to_string()));
        }

        #[test]
        fn mutated_valid_files(
            which in 0usize..64,
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<char>()), 1..6),
            cut in any::<prop::sample::Index>(),
            do_cut in any::<bool>(),
        ) {
            let files = valid_files();
            let mut chars: Vec<char> = files[which % files.len()].chars().collect();
            for (i, c) in edits {
                let i = i.index(chars.len());
                chars[i] = c;
            }
            if do_cut {
                chars.truncate(cut.index(chars.len() + 1));
            }
            check(file::import(&chars.into_iter().collect::<String>()));
        }

        #[test]
        fn mutated_numbers_in_valid_files(
            which in 0usize..64,
            n in prop_oneof![Just(i64::MAX), Just(i64::MIN), Just(0i64), Just(-1), any::<i64>()],
            at in any::<prop::sample::Index>(),
        ) {
            // Replace one number of a valid file with an extreme one.
            let files = valid_files();
            let text = &files[which % files.len()];
            let spots: Vec<usize> = text
                .char_indices()
                .filter(|&(i, c)| c.is_ascii_digit() && !text[..i].ends_with(|p: char| p.is_ascii_digit()))
                .map(|(i, _)| i)
                .collect();
            if let Some(&start) = spots.get(at.index(spots.len().max(1))) {
                let end = text[start..].find(|c: char| !c.is_ascii_digit()).map_or(text.len(), |e| start + e);
                let mutated = format!("{}{n}{}", &text[..start], &text[end..]);
                check(file::import(&mutated));
            }
        }
    }

    /// The scenario format's field names, which random JSON is made of.
    const FIELDS: &[&str] = &[
        "version",
        "title",
        "workload",
        "events",
        "design",
        "kind",
        "faults",
        "at",
        "after",
        "event",
        "nth",
        "id",
        "key",
        "amount",
        "partition",
        "partitions",
        "knobs",
        "names",
        "seed",
        "ms",
        "generate",
        "expect",
    ];

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            "[a-z_-]{0,12}".prop_map(Value::from),
            prop::sample::select(
                FIELDS
                    .iter()
                    .chain(&["at-least-once", "crash", "sink-write", "evt-1"])
                    .copied()
                    .collect::<Vec<_>>(),
            )
            .prop_map(Value::from),
        ];
        leaf.prop_recursive(5, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop::sample::select(FIELDS.to_vec()).prop_map(str::to_string),
                    inner,
                    0..8,
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }
}

//! Link format 1: what a link holds, as plain serde data that postcard writes
//! compactly, and its conversion to and from a [`Scenario`].
//!
//! This format is frozen: links written today must open in every later version. Its
//! tables name designs, faults, steps, knobs and names by their position, so they only
//! ever grow at the end; a later format gets a module of its own beside this one, and
//! this one keeps decoding format-1 links into whatever the scenario has become.
//!
//! Everything that decides a run's outcome (workload, design, knobs, faults) is in
//! the link itself. Only the words (title and names) may come from the lesson the
//! scenario started from, named by its slug, which keeps a lesson's link short; a
//! link whose lesson no longer exists opens with the default words.

use super::ShareError;
use crate::model::presets;
use crate::model::scenario::{
    Anchor, Design, DesignKind, Fault, FaultKind, InputEvent, Knobs, Names, Scenario, StepKind,
    Workload, SCENARIO_VERSION,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Designs by code (the file format's slugs).
const DESIGNS: [&str; 9] = [
    "at-most-once",
    "at-least-once",
    "idempotent-sink",
    "dedup-store",
    "kafka-transactions",
    "transactions-external",
    "two-phase-commit",
    "outbox",
    "downstream-dedup",
];

/// Fault kinds by code.
const FAULTS: [&str; 10] = [
    "crash",
    "lost-ack",
    "zombie",
    "rebalance",
    "timeout",
    "relay-crash",
    "time-passes",
    "send-lost",
    "producer-restart",
    "connector-crash",
];

/// Step kinds (anchors' `after`) by code.
const STEPS: [&str; 35] = [
    "send",
    "ack",
    "poll",
    "update-state",
    "sink-write",
    "commit-offset",
    "dedup-check",
    "record-seen",
    "begin-txn",
    "produce",
    "send-offsets",
    "commit-txn",
    "abort-txn",
    "txn-markers",
    "external-call",
    "external-result",
    "pre-commit",
    "checkpoint-complete",
    "notify-complete",
    "sink-commit",
    "outbox-write",
    "relay-publish",
    "relay-position",
    "consume",
    "restart",
    "assign",
    "fetch-offsets",
    "init-txn",
    "restore-state",
    "rejected",
    "wake",
    "merge",
    "revoke",
    "read",
    "fault",
];

/// Knobs by code (the file format's field names).
const KNOBS: [&str; 27] = [
    "sink_write",
    "commit_every",
    "isolation",
    "fencing",
    "producer_idempotence",
    "dedup_window_ms",
    "dedup_atomic",
    "idempotency_key",
    "key_retention_ms",
    "two_phase",
    "idempotent_commit",
    "sink_txn_timeout_ms",
    "transaction_timeout_ms",
    "restart_ms",
    "consumer_dedup",
    "downstream",
    "generation_fencing",
    "revoke_commit",
    "acks",
    "delivery_timeout_ms",
    "atomic_offsets",
    "restore_state",
    "sink_connector",
    "ids",
    "dedup_order",
    "dedup_unbounded",
    "provider_ms",
];

/// The values of the knobs that are a choice, by code.
const CHOICES: [&str; 16] = [
    "insert",
    "increment",
    "upsert",
    "set-total",
    "set-sum",
    "read_committed",
    "read_uncommitted",
    "merge",
    "query-view",
    "all",
    "0",
    "stable",
    "per-attempt",
    "record-key",
    "effect-then-record",
    "record-then-effect",
];

/// A knob's value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum KnobValue {
    Flag(bool),
    Number(u64),
    Choice(u8),
}

/// One input event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct EventV1 {
    id: String,
    key: String,
    amount: i64,
    partition: u32,
}

/// One fault: codes for its kind and anchor step, and its anchor's event as an
/// index into the events counted from 1 (0: a step of no single event).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct FaultV1 {
    kind: u8,
    after: u8,
    event: u32,
    nth: u32,
    ms: Option<u64>,
}

/// Everything a format-1 link holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct LinkV1 {
    /// The lesson whose title and names the link starts from.
    lesson: Option<String>,
    /// The title, when it is not the lesson's.
    title: Option<String>,
    /// The names that differ from the lesson's (or from the defaults), by code.
    names: Vec<(u8, String)>,
    seed: u64,
    partitions: u32,
    events: Vec<EventV1>,
    design: u8,
    /// The knobs that differ from their defaults, by code.
    knobs: Vec<(u8, KnobValue)>,
    faults: Vec<FaultV1>,
    step: Option<u32>,
}

fn code(table: &[&str], slug: &str) -> u8 {
    // Tables are complete (a unit test checks it); 255 decodes as unknown.
    table
        .iter()
        .position(|s| *s == slug)
        .map_or(255, |i| i as u8)
}

fn slug(
    table: &'static [&'static str],
    what: &'static str,
    c: u64,
) -> Result<&'static str, ShareError> {
    usize::try_from(c)
        .ok()
        .and_then(|i| table.get(i).copied())
        .ok_or(ShareError::UnknownCode { what, code: c })
}

fn names_list(n: &Names) -> [&String; 8] {
    [
        &n.input_topic,
        &n.event_type,
        &n.store,
        &n.table,
        &n.output_topic,
        &n.output_type,
        &n.external,
        &n.total,
    ]
}

fn name_mut(n: &mut Names, code: u8) -> Option<&mut String> {
    Some(match code {
        0 => &mut n.input_topic,
        1 => &mut n.event_type,
        2 => &mut n.store,
        3 => &mut n.table,
        4 => &mut n.output_topic,
        5 => &mut n.output_type,
        6 => &mut n.external,
        7 => &mut n.total,
        _ => return None,
    })
}

/// The lesson a scenario's words come from: the preset with its title.
fn lesson_of(sc: &Scenario) -> Option<presets::Preset> {
    if sc.title.is_empty() {
        return None;
    }
    presets::all()
        .into_iter()
        .find(|p| p.scenario.title == sc.title)
}

fn knob_object(k: &Knobs) -> Map<String, Value> {
    match serde_json::to_value(k) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

fn knobs_v1(k: &Knobs) -> Vec<(u8, KnobValue)> {
    let now = knob_object(k);
    let default = knob_object(&Knobs::default());
    let mut out = Vec::new();
    for (i, name) in KNOBS.iter().enumerate() {
        let v = now.get(*name);
        if v == default.get(*name) {
            continue;
        }
        let value = match v {
            Some(Value::Bool(b)) => KnobValue::Flag(*b),
            Some(Value::Number(n)) => KnobValue::Number(n.as_u64().unwrap_or(0)),
            Some(Value::String(s)) => KnobValue::Choice(code(&CHOICES, s)),
            _ => continue,
        };
        out.push((i as u8, value));
    }
    out
}

fn knobs_from(list: &[(u8, KnobValue)]) -> Result<Knobs, ShareError> {
    let default = knob_object(&Knobs::default());
    let mut m = default.clone();
    for (c, v) in list {
        let name = slug(&KNOBS, "knob", u64::from(*c))?;
        let value = match v {
            KnobValue::Flag(b) => Value::Bool(*b),
            KnobValue::Number(n) => Value::from(*n),
            KnobValue::Choice(c) => Value::from(slug(&CHOICES, "knob value", u64::from(*c))?),
        };
        // Each knob alone first, so that a wrong one is named.
        let mut one = default.clone();
        one.insert(name.to_string(), value.clone());
        serde_json::from_value::<Knobs>(Value::Object(one))
            .map_err(|e| ShareError::field(format!("design.knobs.{name}"), e.to_string()))?;
        m.insert(name.to_string(), value);
    }
    serde_json::from_value(Value::Object(m))
        .map_err(|e| ShareError::field("design.knobs", e.to_string()))
}

fn step_slug(k: StepKind) -> String {
    k.slug()
}

fn fault_v1(f: &Fault, events: &[InputEvent]) -> FaultV1 {
    // An anchor to an event the workload lacks points past the events, so that
    // the link is refused with the fault named rather than opened changed.
    let event = f.at.event.as_ref().map_or(0, |id| {
        let i = events
            .iter()
            .position(|e| &e.id == id)
            .unwrap_or(events.len());
        u32::try_from(i + 1).unwrap_or(u32::MAX)
    });
    FaultV1 {
        kind: code(&FAULTS, f.kind.slug()),
        after: code(&STEPS, &step_slug(f.at.after)),
        event,
        nth: f.at.nth,
        ms: f.ms,
    }
}

fn fault_from(i: usize, f: &FaultV1, events: &[InputEvent]) -> Result<Fault, ShareError> {
    let kind = FaultKind::from_slug(slug(&FAULTS, "fault kind", u64::from(f.kind))?).ok_or(
        ShareError::UnknownCode {
            what: "fault kind",
            code: u64::from(f.kind),
        },
    )?;
    let after: StepKind =
        serde_json::from_value(Value::from(slug(&STEPS, "step", u64::from(f.after))?)).map_err(
            |_| ShareError::UnknownCode {
                what: "step",
                code: u64::from(f.after),
            },
        )?;
    let event = match f.event {
        0 => None,
        n => Some(
            events
                .get(n as usize - 1)
                .map(|e| e.id.clone())
                .ok_or_else(|| {
                    ShareError::field(
                        format!("faults[{i}].at.event"),
                        format!(
                            "the fault is anchored to event {n}, and the workload has {} events",
                            events.len()
                        ),
                    )
                })?,
        ),
    };
    Ok(Fault {
        kind,
        at: Anchor {
            after,
            event,
            nth: f.nth,
        },
        ms: f.ms,
    })
}

impl LinkV1 {
    /// What a link of `sc` at `step` holds (its `expect` section is left out).
    pub(super) fn of(sc: &Scenario, step: Option<usize>) -> LinkV1 {
        let lesson = lesson_of(sc);
        let base = lesson
            .as_ref()
            .map(|p| p.scenario.names.clone())
            .unwrap_or_default();
        let names = names_list(&sc.names)
            .into_iter()
            .zip(names_list(&base))
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (a, _))| (i as u8, a.clone()))
            .collect();
        let events = &sc.workload.events;
        LinkV1 {
            title: (lesson.is_none() && !sc.title.is_empty()).then(|| sc.title.clone()),
            lesson: lesson.map(|p| p.slug.to_string()),
            names,
            seed: sc.seed,
            partitions: sc.workload.partitions,
            events: events
                .iter()
                .map(|e| EventV1 {
                    id: e.id.clone(),
                    key: e.key.clone(),
                    amount: e.amount,
                    partition: e.partition,
                })
                .collect(),
            design: code(&DESIGNS, sc.design.kind.slug()),
            knobs: knobs_v1(&sc.design.knobs),
            faults: sc.faults.iter().map(|f| fault_v1(f, events)).collect(),
            step: step.map(|s| u32::try_from(s).unwrap_or(u32::MAX)),
        }
    }

    /// The scenario and step the link holds, checked against the format's rules and
    /// the limits.
    pub(super) fn into_scenario(self) -> Result<(Scenario, Option<usize>), ShareError> {
        let lesson = self.lesson.as_deref().and_then(presets::find);
        let mut names = lesson
            .as_ref()
            .map(|p| p.scenario.names.clone())
            .unwrap_or_default();
        for (c, text) in self.names {
            *name_mut(&mut names, c).ok_or(ShareError::UnknownCode {
                what: "name",
                code: u64::from(c),
            })? = text;
        }
        let title = match (self.title, &lesson) {
            (Some(t), _) => t,
            (None, Some(p)) => p.scenario.title.clone(),
            (None, None) => String::new(),
        };
        let kind = DesignKind::from_slug(slug(&DESIGNS, "design", u64::from(self.design))?).ok_or(
            ShareError::UnknownCode {
                what: "design",
                code: u64::from(self.design),
            },
        )?;
        let events: Vec<InputEvent> = self
            .events
            .into_iter()
            .map(|e| InputEvent {
                id: e.id,
                key: e.key,
                amount: e.amount,
                partition: e.partition,
            })
            .collect();
        let faults = self
            .faults
            .iter()
            .enumerate()
            .map(|(i, f)| fault_from(i, f, &events))
            .collect::<Result<Vec<_>, _>>()?;
        let sc = Scenario {
            version: SCENARIO_VERSION,
            title,
            seed: self.seed,
            names,
            workload: Workload {
                partitions: self.partitions,
                events,
                generate: None,
            },
            design: Design {
                kind,
                knobs: knobs_from(&self.knobs)?,
            },
            faults,
            expect: None,
        };
        sc.validate()?;
        Ok((sc, self.step.map(|s| s as usize)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scenario::{
        Acks, DedupOrder, DownstreamDedup, IdSource, Isolation, SinkWrite,
    };

    #[test]
    fn the_tables_name_every_design_fault_and_step() {
        for d in DesignKind::ALL {
            assert_ne!(code(&DESIGNS, d.slug()), 255, "{d}");
        }
        for f in FaultKind::ALL {
            assert_ne!(code(&FAULTS, f.slug()), 255, "{}", f.slug());
        }
        for s in STEPS {
            let k: StepKind = serde_json::from_value(Value::from(s)).expect(s);
            assert_eq!(k.slug(), s);
        }
    }

    #[test]
    fn the_tables_name_every_knob_and_choice() {
        // Every knob away from its default, so every field is written.
        let k = Knobs {
            sink_write: Some(SinkWrite::SetSum),
            commit_every: 3,
            isolation: Isolation::ReadUncommitted,
            fencing: false,
            producer_idempotence: false,
            dedup_window_ms: 1,
            dedup_atomic: false,
            idempotency_key: true,
            key_retention_ms: 2,
            two_phase: false,
            idempotent_commit: false,
            sink_txn_timeout_ms: 3,
            transaction_timeout_ms: 4,
            restart_ms: 5,
            consumer_dedup: false,
            downstream: DownstreamDedup::QueryView,
            generation_fencing: false,
            revoke_commit: true,
            acks: Acks::Zero,
            delivery_timeout_ms: 6,
            atomic_offsets: false,
            restore_state: false,
            sink_connector: true,
            ids: IdSource::RecordKey,
            dedup_order: DedupOrder::RecordThenEffect,
            dedup_unbounded: true,
            provider_ms: 7,
        };
        let fields = knob_object(&k);
        assert_eq!(fields.len(), KNOBS.len());
        for name in fields.keys() {
            assert!(KNOBS.contains(&name.as_str()), "knob {name} has no code");
        }
        let list = knobs_v1(&k);
        assert_eq!(list.len(), KNOBS.len());
        assert_eq!(knobs_from(&list).unwrap(), k);
        for choice in [
            serde_json::to_value(SinkWrite::ALL).unwrap(),
            serde_json::to_value([Isolation::ReadCommitted, Isolation::ReadUncommitted]).unwrap(),
            serde_json::to_value([DownstreamDedup::Merge, DownstreamDedup::QueryView]).unwrap(),
            serde_json::to_value([Acks::All, Acks::Zero]).unwrap(),
            serde_json::to_value(IdSource::ALL).unwrap(),
            serde_json::to_value(DedupOrder::ALL).unwrap(),
        ] {
            for v in choice.as_array().unwrap() {
                assert_ne!(code(&CHOICES, v.as_str().unwrap()), 255, "{v}");
            }
        }
    }

    #[test]
    fn a_knob_of_the_wrong_type_is_refused_with_its_field() {
        let e = knobs_from(&[(2, KnobValue::Choice(2))]).unwrap_err();
        assert!(e.to_string().starts_with("design.knobs.isolation: "), "{e}");
        assert!(e.to_string().contains("upsert"), "{e}");
        assert_eq!(
            knobs_from(&[(99, KnobValue::Flag(true))]).unwrap_err(),
            ShareError::UnknownCode {
                what: "knob",
                code: 99
            }
        );
    }
}

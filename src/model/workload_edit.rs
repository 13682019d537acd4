//! Edits of a scenario's workload and names, as the workload editor makes them:
//! add, remove and move events, set an event's field or a name from the text of its
//! control, set the number of partitions, generate events from a seed.
//!
//! Every edit checks its input against the lab's limits and says in words what is
//! wrong ([`FieldError`]), or does it and says what it did ([`EditReport`]), including
//! what became of the faults anchored to an event that went away or was renamed:
//! a fault is never dropped silently.

use super::scenario::{Fault, InputEvent, Names, Scenario, Workload};
use std::fmt;

/// The lab's limits are every scenario's limits (see [`super::limits`]).
pub use super::limits::{MAX_AMOUNT, MAX_PARTITIONS, MAX_TEXT_CHARS, MIN_AMOUNT};
/// The most events the lab edits: the limit of every scenario.
pub const MAX_LAB_EVENTS: usize = super::limits::MAX_EVENTS;

/// Why a value was refused, in words for the person who typed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// What is wrong and what is allowed.
    pub message: String,
}

impl FieldError {
    /// A refusal saying `message`.
    pub fn new(message: impl Into<String>) -> FieldError {
        FieldError {
            message: message.into(),
        }
    }

    /// The message shown beside a field whose text `typed` was refused and which
    /// went back to the value in use, `kept`.
    pub fn refused(&self, typed: &str, kept: &str) -> String {
        let typed = typed.trim();
        if typed.is_empty() {
            format!("{self}. Kept {kept}.")
        } else {
            format!("{self}. Not used: \u{201c}{typed}\u{201d}; kept {kept}.")
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FieldError {}

/// What an edit did to one placed fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultChange {
    /// The fault was removed from the scenario because its anchor's event is gone.
    Dropped {
        /// The fault as it was.
        fault: Fault,
        /// Why, in words.
        reason: String,
    },
    /// The fault's anchor followed its event to a new id.
    Reanchored {
        /// The fault as it is now.
        fault: Fault,
        /// The event id it was anchored to before.
        from: String,
    },
}

/// What an edit did, in words and to the placed faults.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EditReport {
    /// The edit itself in one sentence ("Removed evt-2.").
    pub did: String,
    /// What happened to faults anchored to the events the edit touched.
    pub faults: Vec<FaultChange>,
    /// Events moved to another partition because theirs no longer exists: (id, partition).
    pub moved: Vec<(String, u32)>,
}

impl EditReport {
    fn did(did: impl Into<String>) -> EditReport {
        EditReport {
            did: did.into(),
            ..EditReport::default()
        }
    }

    /// The whole report as sentences for the lab's notice.
    pub fn words(&self) -> String {
        let mut s = self.did.clone();
        for c in &self.faults {
            s.push(' ');
            match c {
                FaultChange::Dropped { fault, reason } => {
                    s.push_str(&format!("Dropped {}: {reason}.", fault_words(fault)));
                }
                FaultChange::Reanchored { fault, from } => {
                    let to = fault.at.event.as_deref().unwrap_or_default();
                    let mut f = fault.clone();
                    f.at.event = Some(from.clone());
                    s.push_str(&format!("{} now follows {to}.", capital(&fault_words(&f))));
                }
            }
        }
        if !self.moved.is_empty() {
            let list: Vec<String> = self
                .moved
                .iter()
                .map(|(id, p)| format!("{id} to partition {p}"))
                .collect();
            s.push_str(&format!(" Moved {}.", list.join(", ")));
        }
        s
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A placed fault in words: "the crash after the sink write of evt-2".
pub fn fault_words(f: &Fault) -> String {
    let kind = f.kind.title().to_ascii_lowercase();
    let step = f.at.after.slug().replace('-', " ");
    let nth = if f.at.nth > 1 {
        format!("{} ", ordinal(f.at.nth))
    } else {
        String::new()
    };
    match &f.at.event {
        Some(ev) => format!("the {kind} after the {nth}{step} of {ev}"),
        None => format!("the {kind} after the {nth}{step}"),
    }
}

/// One field of an input event, as the editor shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventField {
    /// [`InputEvent::id`]
    Id,
    /// [`InputEvent::key`]
    Key,
    /// [`InputEvent::amount`]
    Amount,
    /// [`InputEvent::partition`]
    Partition,
}

impl EventField {
    /// Every field, in the editor's column order.
    pub const ALL: [EventField; 4] = [
        EventField::Id,
        EventField::Key,
        EventField::Amount,
        EventField::Partition,
    ];

    /// The field in plain words.
    pub fn label(self) -> &'static str {
        match self {
            EventField::Id => "Event id",
            EventField::Key => "Key",
            EventField::Amount => "Amount",
            EventField::Partition => "Partition",
        }
    }

    /// A short name for tests and element ids (`amount`).
    pub fn slug(self) -> &'static str {
        match self {
            EventField::Id => "id",
            EventField::Key => "key",
            EventField::Amount => "amount",
            EventField::Partition => "partition",
        }
    }

    /// The field's value as its control shows it.
    pub fn text(self, e: &InputEvent) -> String {
        match self {
            EventField::Id => e.id.clone(),
            EventField::Key => e.key.clone(),
            EventField::Amount => e.amount.to_string(),
            EventField::Partition => e.partition.to_string(),
        }
    }
}

/// One of the lesson's names for a part of the pipeline ([`Names`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameField {
    /// [`Names::input_topic`]
    InputTopic,
    /// [`Names::event_type`]
    EventType,
    /// [`Names::store`]
    Store,
    /// [`Names::table`]
    Table,
    /// [`Names::output_topic`]
    OutputTopic,
    /// [`Names::output_type`]
    OutputType,
    /// [`Names::external`]
    External,
    /// [`Names::total`]
    Total,
}

impl NameField {
    /// Every name, in the editor's order.
    pub const ALL: [NameField; 8] = [
        NameField::InputTopic,
        NameField::EventType,
        NameField::Store,
        NameField::Table,
        NameField::OutputTopic,
        NameField::OutputType,
        NameField::External,
        NameField::Total,
    ];

    /// The name's role in plain words.
    pub fn label(self) -> &'static str {
        match self {
            NameField::InputTopic => "Input topic",
            NameField::EventType => "Input event type",
            NameField::Store => "State store",
            NameField::Table => "Sink table",
            NameField::OutputTopic => "Output topic",
            NameField::OutputType => "Output event type",
            NameField::External => "External effect",
            NameField::Total => "Business total",
        }
    }

    /// A short name for tests and element ids (`input-topic`).
    pub fn slug(self) -> &'static str {
        match self {
            NameField::InputTopic => "input-topic",
            NameField::EventType => "event-type",
            NameField::Store => "store",
            NameField::Table => "table",
            NameField::OutputTopic => "output-topic",
            NameField::OutputType => "output-type",
            NameField::External => "external",
            NameField::Total => "total",
        }
    }

    /// The current name.
    pub fn get(self, n: &Names) -> &str {
        match self {
            NameField::InputTopic => &n.input_topic,
            NameField::EventType => &n.event_type,
            NameField::Store => &n.store,
            NameField::Table => &n.table,
            NameField::OutputTopic => &n.output_topic,
            NameField::OutputType => &n.output_type,
            NameField::External => &n.external,
            NameField::Total => &n.total,
        }
    }

    fn slot(self, n: &mut Names) -> &mut String {
        match self {
            NameField::InputTopic => &mut n.input_topic,
            NameField::EventType => &mut n.event_type,
            NameField::Store => &mut n.store,
            NameField::Table => &mut n.table,
            NameField::OutputTopic => &mut n.output_topic,
            NameField::OutputType => &mut n.output_type,
            NameField::External => &mut n.external,
            NameField::Total => &mut n.total,
        }
    }
}

/// The workload in a few words: "3 events on 1 partition".
pub fn summary(sc: &Scenario) -> String {
    let n = sc.workload.events.len();
    let p = sc.workload.partitions;
    format!(
        "{n} event{} on {p} partition{}",
        if n == 1 { "" } else { "s" },
        if p == 1 { "" } else { "s" }
    )
}

/// The lab's limits in one sentence, for the editor.
pub fn limits() -> String {
    super::limits::sentence()
}

/// A piece of text for an id, key or name: trimmed, not empty, not too long, no
/// control characters. It is kept as plain text; whoever draws it escapes it.
fn plain_text(what: &str, text: &str) -> Result<String, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(FieldError::new(format!("{what} cannot be empty")));
    }
    if t.chars().count() > MAX_TEXT_CHARS {
        return Err(FieldError::new(format!(
            "{what} takes at most {MAX_TEXT_CHARS} characters"
        )));
    }
    if t.chars().any(char::is_control) {
        return Err(FieldError::new(format!(
            "{what} cannot hold tabs, line breaks or other control characters"
        )));
    }
    Ok(t.to_string())
}

fn whole_number(text: &str) -> Option<i64> {
    let t = text.trim();
    t.strip_prefix('+').unwrap_or(t).parse().ok()
}

fn in_range(what: &str, text: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    whole_number(text)
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            FieldError::new(format!("{what} must be a whole number from {min} to {max}"))
        })
}

fn event(sc: &Scenario, ix: usize) -> Result<&InputEvent, FieldError> {
    sc.workload
        .events
        .get(ix)
        .ok_or_else(|| FieldError::new(format!("There is no event {}", ix + 1)))
}

/// The partition an event may go to, from its control's text.
pub fn parse_partition(sc: &Scenario, text: &str) -> Result<u32, FieldError> {
    let n = sc.workload.partitions.max(1);
    let last = i64::from(n) - 1;
    match whole_number(text) {
        Some(p) if (0..=last).contains(&p) => Ok(p as u32),
        Some(p) if p > last => Err(FieldError::new(format!(
            "Partition {p} does not exist: the topic has {n} partition{} (0 to {last})",
            if n == 1 { "" } else { "s" }
        ))),
        _ => Err(FieldError::new(format!(
            "Partition must be a whole number from 0 to {last}"
        ))),
    }
}

/// Checks the text for `field` of event `ix` without changing anything.
pub fn check_event_field(
    sc: &Scenario,
    ix: usize,
    field: EventField,
    text: &str,
) -> Result<(), FieldError> {
    let mut copy = InputEvent::clone(event(sc, ix)?);
    parse_into(sc, ix, field, text, &mut copy)
}

fn parse_into(
    sc: &Scenario,
    ix: usize,
    field: EventField,
    text: &str,
    e: &mut InputEvent,
) -> Result<(), FieldError> {
    match field {
        EventField::Id => {
            let id = plain_text("An event id", text)?;
            let taken = sc
                .workload
                .events
                .iter()
                .enumerate()
                .any(|(j, other)| j != ix && other.id == id);
            if taken {
                return Err(FieldError::new(format!(
                    "Event id {id} is already used by another event; ids are unique"
                )));
            }
            e.id = id;
        }
        EventField::Key => e.key = plain_text("A key", text)?,
        EventField::Amount => e.amount = in_range("Amount", text, MIN_AMOUNT, MAX_AMOUNT)?,
        EventField::Partition => e.partition = parse_partition(sc, text)?,
    }
    Ok(())
}

/// Sets `field` of event `ix` from its control's text. A new id takes the faults
/// anchored to the old one with it.
pub fn set_event_field(
    sc: &mut Scenario,
    ix: usize,
    field: EventField,
    text: &str,
) -> Result<EditReport, FieldError> {
    let old = event(sc, ix)?.clone();
    let mut new = old.clone();
    parse_into(sc, ix, field, text, &mut new)?;
    let value = field.text(&new);
    sc.workload.events[ix] = new;
    let mut report = EditReport::did(format!("{} of {} is now {value}.", field.label(), old.id));
    if field == EventField::Id && old.id != value {
        for f in sc.faults.iter_mut() {
            if f.at.event.as_deref() == Some(old.id.as_str()) {
                f.at.event = Some(value.clone());
                report.faults.push(FaultChange::Reanchored {
                    fault: f.clone(),
                    from: old.id.clone(),
                });
            }
        }
    }
    Ok(report)
}

/// Removes the faults anchored to an event that no longer exists, saying why.
fn drop_orphans(sc: &mut Scenario, reason: impl Fn(&str) -> String) -> Vec<FaultChange> {
    let mut dropped = Vec::new();
    let events = &sc.workload.events;
    sc.faults.retain(|f| match &f.at.event {
        Some(ev) if !events.iter().any(|e| &e.id == ev) => {
            dropped.push(FaultChange::Dropped {
                fault: f.clone(),
                reason: reason(ev),
            });
            false
        }
        _ => true,
    });
    dropped
}

/// The first `evt-N` not used yet.
fn fresh_id(events: &[InputEvent]) -> String {
    (events.len() + 1..)
        .map(|n| format!("evt-{n}"))
        .find(|id| !events.iter().any(|e| &e.id == id))
        .unwrap_or_default()
}

/// Adds an event after the last, like it (same key, amount and partition) under a
/// new id.
pub fn add_event(sc: &mut Scenario) -> Result<EditReport, FieldError> {
    let events = &sc.workload.events;
    if events.len() >= MAX_LAB_EVENTS {
        return Err(FieldError::new(format!(
            "The lab holds at most {MAX_LAB_EVENTS} events"
        )));
    }
    let id = fresh_id(events);
    let (key, amount, partition) = events
        .last()
        .map(|e| (e.key.clone(), e.amount, e.partition))
        .unwrap_or_else(|| ("user-1".into(), 50, 0));
    let did = format!("Added {id}.");
    sc.workload.events.push(InputEvent {
        id,
        key,
        amount,
        partition: partition.min(sc.workload.partitions.max(1) - 1),
    });
    Ok(EditReport::did(did))
}

/// Removes event `ix` and the faults anchored to it (the report names them).
pub fn remove_event(sc: &mut Scenario, ix: usize) -> Result<EditReport, FieldError> {
    event(sc, ix)?;
    if sc.workload.events.len() == 1 {
        return Err(FieldError::new("A run needs at least one event"));
    }
    let gone = sc.workload.events.remove(ix);
    let mut report = EditReport::did(format!("Removed {}.", gone.id));
    report.faults = drop_orphans(sc, |ev| format!("its event {ev} was removed"));
    Ok(report)
}

/// Moves event `from` to position `to` in the order the producer sends them.
pub fn move_event(sc: &mut Scenario, from: usize, to: usize) -> Result<EditReport, FieldError> {
    let id = event(sc, from)?.id.clone();
    let len = sc.workload.events.len();
    if to >= len {
        return Err(FieldError::new(format!(
            "{id} cannot move to position {}: there are {len} events",
            to + 1
        )));
    }
    let e = sc.workload.events.remove(from);
    sc.workload.events.insert(to, e);
    Ok(EditReport::did(format!(
        "Moved {id} to position {} of {len}.",
        to + 1
    )))
}

/// The number of partitions, from its control's text.
pub fn parse_partitions(text: &str) -> Result<u32, FieldError> {
    in_range("Partitions", text, 1, i64::from(MAX_PARTITIONS)).map(|n| n as u32)
}

/// Sets the number of input partitions; an event on a partition that goes away
/// moves to partition `p mod n` (the report lists them).
pub fn set_partitions(sc: &mut Scenario, text: &str) -> Result<EditReport, FieldError> {
    let n = parse_partitions(text)?;
    sc.workload.partitions = n;
    let mut report = EditReport::did(format!(
        "The input topic has {n} partition{}.",
        if n == 1 { "" } else { "s" }
    ));
    for e in sc.workload.events.iter_mut() {
        if e.partition >= n {
            e.partition %= n;
            report.moved.push((e.id.clone(), e.partition));
        }
    }
    Ok(report)
}

/// How many events to generate, from its control's text.
pub fn parse_count(text: &str) -> Result<u32, FieldError> {
    in_range("Number of events", text, 1, MAX_LAB_EVENTS as i64).map(|n| n as u32)
}

/// A seed, from its control's text.
pub fn parse_seed(text: &str) -> Result<u64, FieldError> {
    text.trim()
        .parse()
        .map_err(|_| FieldError::new("Seed must be a whole number of zero or more"))
}

/// Replaces the events with `n` generated from `seed` over the current partitions
/// (the same `n` and seed give the same events); faults anchored to an event id the
/// new workload lacks are dropped, and the report says so.
pub fn generate(sc: &mut Scenario, n: u32, seed: u64) -> Result<EditReport, FieldError> {
    if n == 0 || n as usize > MAX_LAB_EVENTS {
        return Err(FieldError::new(format!(
            "Number of events must be a whole number from 1 to {MAX_LAB_EVENTS}"
        )));
    }
    sc.workload = Workload::generated(n, sc.workload.partitions, seed);
    sc.seed = seed;
    let mut report = EditReport::did(format!("Generated {n} events from seed {seed}."));
    report.faults = drop_orphans(sc, |ev| {
        format!("the generated events have no {ev} (they are evt-1 to evt-{n})")
    });
    Ok(report)
}

/// Checks a new name for `field` without changing anything.
pub fn check_name(field: NameField, text: &str) -> Result<(), FieldError> {
    plain_text(field.label(), text).map(|_| ())
}

/// Renames one part of the pipeline; the name is kept as plain text.
pub fn rename(sc: &mut Scenario, field: NameField, text: &str) -> Result<EditReport, FieldError> {
    let name = plain_text(field.label(), text)?;
    let did = format!("{} is now called {name}.", field.label());
    *field.slot(&mut sc.names) = name;
    Ok(EditReport::did(did))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scenario::{Anchor, FaultKind, StepKind};
    use crate::model::{presets, Design, DesignKind};

    fn three() -> Scenario {
        presets::find("db-then-commit").expect("preset").scenario
    }

    #[test]
    fn a_new_event_gets_a_fresh_id_and_copies_the_last() {
        let mut sc = three();
        let r = add_event(&mut sc).unwrap();
        assert_eq!(r.did, "Added evt-4.");
        let e = &sc.workload.events[3];
        assert_eq!(
            (e.id.as_str(), e.key.as_str(), e.amount),
            ("evt-4", "user-1", 50)
        );
        sc.workload.events[3].id = "evt-5".into();
        add_event(&mut sc).unwrap();
        assert_eq!(sc.workload.events[4].id, "evt-6");
        assert!(sc.validate().is_ok());
    }

    #[test]
    fn the_lab_stops_at_its_event_limit() {
        let mut sc = three();
        sc.workload = Workload::generated(MAX_LAB_EVENTS as u32, 1, 1);
        let e = add_event(&mut sc).unwrap_err();
        assert!(e.message.contains("200"), "{e}");
        assert_eq!(sc.workload.events.len(), MAX_LAB_EVENTS);
    }

    #[test]
    fn the_last_event_cannot_be_removed() {
        let mut sc = three();
        remove_event(&mut sc, 0).unwrap();
        remove_event(&mut sc, 0).unwrap();
        assert!(remove_event(&mut sc, 0).is_err());
        assert!(remove_event(&mut sc, 5).is_err());
        assert_eq!(sc.workload.events.len(), 1);
    }

    #[test]
    fn amounts_are_whole_numbers_in_range() {
        let mut sc = three();
        for bad in ["", "abc", "1.5", "1000001", "-1000001", "1e3"] {
            let e = set_event_field(&mut sc, 0, EventField::Amount, bad).unwrap_err();
            assert!(e.message.contains("-1000000 to 1000000"), "{bad}: {e}");
        }
        set_event_field(&mut sc, 0, EventField::Amount, " +70 ").unwrap();
        set_event_field(&mut sc, 1, EventField::Amount, "-30").unwrap();
        assert_eq!(sc.workload.events[0].amount, 70);
        assert_eq!(sc.workload.events[1].amount, -30);
    }

    #[test]
    fn ids_are_unique_not_empty_and_plain() {
        let sc = three();
        let dup = check_event_field(&sc, 0, EventField::Id, "evt-2").unwrap_err();
        assert!(dup.message.contains("already used"), "{dup}");
        assert!(check_event_field(&sc, 0, EventField::Id, "   ").is_err());
        assert!(check_event_field(&sc, 0, EventField::Id, "a\tb").is_err());
        assert!(check_event_field(&sc, 0, EventField::Id, &"x".repeat(41)).is_err());
        assert!(check_event_field(&sc, 1, EventField::Id, "evt-2").is_ok());
        assert!(check_event_field(&sc, 9, EventField::Id, "evt-9").is_err());
    }

    #[test]
    fn renaming_an_event_takes_its_faults_along() {
        let mut sc = three();
        let r = set_event_field(&mut sc, 1, EventField::Id, "order-42").unwrap();
        assert_eq!(sc.faults[0].at.event.as_deref(), Some("order-42"));
        assert_eq!(
            r.words(),
            "Event id of evt-2 is now order-42. \
             The crash after the sink write of evt-2 now follows order-42."
        );
    }

    #[test]
    fn fewer_partitions_move_events_and_say_so() {
        let mut sc = three();
        set_partitions(&mut sc, "3").unwrap();
        set_event_field(&mut sc, 2, EventField::Partition, "2").unwrap();
        let r = set_partitions(&mut sc, "2").unwrap();
        assert_eq!(r.moved, vec![("evt-3".to_string(), 0)]);
        assert!(
            r.words().ends_with("Moved evt-3 to partition 0."),
            "{}",
            r.words()
        );
        for bad in ["0", "9", "two"] {
            assert!(set_partitions(&mut sc, bad).is_err(), "{bad}");
        }
        assert_eq!(sc.workload.partitions, 2);
    }

    #[test]
    fn a_refusal_says_what_was_typed_and_what_is_kept() {
        let e = FieldError::new("Amount must be a whole number from -1000000 to 1000000");
        assert_eq!(
            e.refused(" 2000000 ", "50"),
            "Amount must be a whole number from -1000000 to 1000000. \
             Not used: \u{201c}2000000\u{201d}; kept 50."
        );
        assert!(e.refused("", "50").ends_with("Kept 50."));
    }

    #[test]
    fn fault_words_name_the_occurrence() {
        let mut f = Fault::new(FaultKind::Timeout, Anchor::new(StepKind::Poll, "evt-1"));
        assert_eq!(fault_words(&f), "the txn timeout after the poll of evt-1");
        f.at.nth = 2;
        f.at.event = None;
        assert_eq!(fault_words(&f), "the txn timeout after the 2nd poll");
        assert_eq!(ordinal(11), "11th");
        assert_eq!(ordinal(23), "23rd");
    }

    #[test]
    fn the_summary_counts_events_and_partitions() {
        let mut sc = three();
        assert_eq!(summary(&sc), "3 events on 1 partition");
        remove_event(&mut sc, 0).unwrap();
        remove_event(&mut sc, 0).unwrap();
        set_partitions(&mut sc, "2").unwrap();
        assert_eq!(summary(&sc), "1 event on 2 partitions");
        assert!(limits().contains("Up to 200 events on 1 to 8 partitions"));
    }

    #[test]
    fn names_are_trimmed_and_checked() {
        let mut sc = Scenario::new(
            "t",
            Workload::generated(2, 1, 1),
            Design::new(DesignKind::AtLeastOnce),
        );
        rename(&mut sc, NameField::Table, "  payments ").unwrap();
        assert_eq!(sc.names.table, "payments");
        assert!(rename(&mut sc, NameField::Total, "").is_err());
        assert!(check_name(NameField::Store, "a\nb").is_err());
        for f in NameField::ALL {
            assert!(!f.get(&sc.names).is_empty());
        }
    }
}

//! The ledger: for every input event, its effects counted from the final world.
//!
//! Nothing here knows which design "should" lose or duplicate: it reads the sink,
//! the topic, the state store and the provider the way a downstream reader would,
//! and counts.

use super::limits;
use super::scenario::{DesignKind, DownstreamDedup, Scenario};
use super::trace::Actor;
use super::world::{EventIx, World};
use serde::Serialize;

/// How an event fared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Exactly one effect.
    Ok,
    /// No effect.
    Lost,
    /// More than one effect.
    Duplicate,
}

impl Verdict {
    /// The verdict as a word.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Lost => "lost",
            Verdict::Duplicate => "duplicate",
        }
    }

    /// An icon that says the same as the word.
    pub fn icon(self) -> &'static str {
        match self {
            Verdict::Ok => "✓",
            Verdict::Lost => "∅",
            Verdict::Duplicate => "⧉",
        }
    }

    /// The verdict of an event that counts `n` times in an output.
    pub fn of_count(n: u32) -> Verdict {
        Verdict::of(n)
    }

    fn of(n: u32) -> Verdict {
        match n {
            0 => Verdict::Lost,
            1 => Verdict::Ok,
            _ => Verdict::Duplicate,
        }
    }
}

/// The most outputs a design has.
pub const MAX_OUTPUTS: usize = 8;

/// One output of a design: a place where an event's effect lands and can be counted
/// in the final world.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Output {
    /// The sink table (for downstream dedup: the table or view the reader queries).
    Sink,
    /// The raw table behind a downstream MERGE or view.
    RawTable,
    /// The processor's state store, as the processor holds it now.
    StateStore,
    /// The state store's changelog as committed with Kafka transactions: what a
    /// restore of the store gives.
    Changelog,
    /// The output topic as the downstream reader (with its isolation level) sees it.
    OutputTopic,
    /// The topic the CDC relay publishes the outbox to.
    OutboxTopic,
    /// What the outbox topic's consumer applied.
    Consumer,
    /// Effects at the external provider (emails sent, cards charged).
    External,
}

impl Output {
    /// The name used in files and the CLI.
    pub fn slug(self) -> &'static str {
        match self {
            Output::Sink => "sink",
            Output::RawTable => "raw-table",
            Output::StateStore => "state-store",
            Output::Changelog => "changelog",
            Output::OutputTopic => "output-topic",
            Output::OutboxTopic => "outbox-topic",
            Output::Consumer => "consumer",
            Output::External => "external",
        }
    }

    /// Whether every event must count exactly once here. The raw table and the
    /// outbox topic are written at least once on purpose: a copy there is removed
    /// further down (by the MERGE or view, or by a consumer that dedupes), so only
    /// the output behind them decides.
    pub fn checked(self) -> bool {
        !matches!(self, Output::RawTable | Output::OutboxTopic)
    }

    /// The outputs `sc`'s design has, in the order of its lifelines.
    pub fn of(sc: &Scenario) -> Vec<Output> {
        let (all, n) = Output::list(sc);
        all[..n].to_vec()
    }

    /// The outputs of `sc`'s design without allocating: a full array and how many are used.
    fn list(sc: &Scenario) -> ([Output; MAX_OUTPUTS], usize) {
        let kind = sc.design.kind;
        let lines = super::trace::lanes(sc);
        let has = |a: Actor| lines.contains(&a);
        let connector = sc.design.has_sink_connector();
        let mut v = [Output::Sink; MAX_OUTPUTS];
        let mut n = 0;
        let mut push = |o: Output| {
            if n < MAX_OUTPUTS {
                v[n] = o;
                n += 1;
            }
        };
        if has(Actor::StateStore) {
            push(Output::StateStore);
            if kind.is_kafka_transactional() {
                push(Output::Changelog);
            }
        }
        if has(Actor::External) {
            push(Output::External);
        }
        if connector {
            // Kafka Streams → output topic → sink connector → Postgres.
            push(Output::OutputTopic);
            push(Output::Sink);
            return (v, n);
        }
        if has(Actor::Sink) {
            if kind.spec().downstream_dedup {
                push(Output::RawTable);
            }
            push(Output::Sink);
        }
        if has(Actor::OutputTopic) {
            if has(Actor::Relay) {
                push(Output::OutboxTopic);
                push(Output::Consumer);
            } else {
                push(Output::OutputTopic);
            }
        }
        (v, n)
    }

    /// The output the downstream reader reads in `sc` (the one [`reader_view`] reads):
    /// [`Output::reader`], or the sink connector's table.
    pub fn reader_of(sc: &Scenario) -> Output {
        if sc.design.has_sink_connector() {
            Output::Sink
        } else {
            Output::reader(sc.design.kind)
        }
    }

    /// The output the downstream reader reads in `kind` (the one [`reader_view`] reads).
    pub fn reader(kind: DesignKind) -> Output {
        match kind {
            k if k.is_kafka_transactional() => Output::OutputTopic,
            k if k.spec().cdc_relay => Output::Consumer,
            _ => Output::Sink,
        }
    }

    /// Its name in the lesson's words (`sink order_events`, `state store
    /// loyalty-store`, `charge card`).
    pub fn name(self, sc: &Scenario) -> String {
        let n = &sc.names;
        match self {
            Output::Sink if sc.design.kind.spec().downstream_dedup => {
                match sc.design.knobs.downstream {
                    DownstreamDedup::Merge => format!("table {} after MERGE", n.table),
                    DownstreamDedup::QueryView => format!("view {}_view", n.table),
                }
            }
            Output::Sink => format!("sink {}", n.table),
            Output::RawTable => format!("raw table {}", n.table),
            Output::StateStore => format!("state store {}", n.store),
            Output::Changelog => format!("changelog of {}", n.store),
            Output::OutputTopic => format!("output topic {}", n.output_topic),
            Output::OutboxTopic => format!("outbox topic {}", n.output_topic),
            Output::Consumer => format!("consumer of {}", n.output_topic),
            Output::External => n.external.clone(),
        }
    }
}

/// How many times one event counts in one output, and the verdict there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct OutputCount {
    /// The output.
    pub output: Output,
    /// Times the event counts there in the final world.
    pub count: u32,
    /// ok / lost / duplicate, from `count`.
    pub verdict: Verdict,
}

/// One event's counts in every output of the design, kept inline (a row allocates
/// nothing for them); reads as a slice of [`OutputCount`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputCounts {
    len: u8,
    items: [OutputCount; MAX_OUTPUTS],
}

impl OutputCounts {
    fn new() -> OutputCounts {
        OutputCounts {
            len: 0,
            items: [OutputCount {
                output: Output::Sink,
                count: 0,
                verdict: Verdict::Lost,
            }; MAX_OUTPUTS],
        }
    }

    fn push(&mut self, c: OutputCount) {
        if let Some(slot) = self.items.get_mut(self.len as usize) {
            *slot = c;
            self.len += 1;
        }
    }
}

impl std::ops::Deref for OutputCounts {
    type Target = [OutputCount];
    fn deref(&self) -> &[OutputCount] {
        &self.items[..self.len as usize]
    }
}

impl<'a> IntoIterator for &'a OutputCounts {
    type Item = &'a OutputCount;
    type IntoIter = std::slice::Iter<'a, OutputCount>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Serialize for OutputCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// One output over the whole run: which events it lost or counted more than once,
/// and its business total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutputLedger {
    /// The output.
    pub output: Output,
    /// Whether every event must count exactly once here ([`Output::checked`]).
    pub checked: bool,
    /// Whether this is the output the downstream reader reads.
    pub reader: bool,
    /// The business total it holds (amounts of its effects, or its rows' values).
    pub total: i64,
    /// Events it does not hold, in workload order.
    pub lost: Vec<EventIx>,
    /// Events it holds more than once, with how many times.
    pub duplicated: Vec<(EventIx, u32)>,
}

impl OutputLedger {
    /// Whether every event counts exactly once here.
    pub fn exact(&self) -> bool {
        self.lost.is_empty() && self.duplicated.is_empty()
    }

    /// Whether this output is wrong: it must be exact and is not.
    pub fn wrong(&self) -> bool {
        self.checked && !self.exact()
    }
}

/// One input event's effects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LedgerRow {
    /// The event's index in the workload.
    #[serde(skip)]
    pub event: EventIx,
    /// The event id.
    pub event_id: String,
    /// Its business amount.
    pub amount: i64,
    /// Effects as the downstream reader sees them.
    pub effects: u32,
    /// Times it was applied to the state store.
    pub state: u32,
    /// Effects at the external provider (designs with an external call).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external: Option<u32>,
    /// Rows in the raw table before downstream dedup (that design only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw: Option<u32>,
    /// ok / lost / duplicate of the business effect: what the downstream reader
    /// sees and, where the design has one, the external effect.
    pub verdict: Verdict,
    /// Its count and verdict in every output of the design ([`Ledger::outputs`] order).
    pub outputs: OutputCounts,
}

impl LedgerRow {
    /// Its count in `output`, if the design has that output.
    pub fn count_in(&self, output: Output) -> Option<u32> {
        self.outputs
            .iter()
            .find(|c| c.output == output)
            .map(|c| c.count)
    }

    /// The outputs that must count it once and do not.
    pub fn wrong_outputs(&self) -> impl Iterator<Item = &OutputCount> {
        self.outputs
            .iter()
            .filter(|c| c.output.checked() && c.verdict != Verdict::Ok)
    }

    /// Whether it counts exactly once in every output that must.
    pub fn exact_everywhere(&self) -> bool {
        self.wrong_outputs().next().is_none()
    }
}

/// A whole run's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunVerdict {
    /// Every output that must count each event once does.
    Exact,
    /// The reader and the external effects are right, but another output that
    /// must count each event once (the state store, its changelog) does not.
    ReaderOk,
    /// Some event's business effect is lost or happened more than once.
    Broken,
}

impl RunVerdict {
    /// The verdict's words: `Verdict: ok.`, `Verdict: reader ok.`, `Verdict: broken.`
    pub fn words(self) -> &'static str {
        match self {
            RunVerdict::Exact => "Verdict: ok.",
            RunVerdict::ReaderOk => "Verdict: reader ok.",
            RunVerdict::Broken => "Verdict: broken.",
        }
    }

    /// Its state for styling (`ok`, `warn`, `bad`); the words say it too.
    pub fn state(self) -> &'static str {
        match self {
            RunVerdict::Exact => "ok",
            RunVerdict::ReaderOk => "warn",
            RunVerdict::Broken => "bad",
        }
    }
}

/// Effects per event and the business totals, expected vs actual.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Ledger {
    /// One row per input event, in workload order.
    pub rows: Vec<LedgerRow>,
    /// The business total if every event took effect once.
    pub expected_total: i64,
    /// The business total the downstream reader computes.
    pub actual_total: i64,
    /// The total in the state store.
    pub state_total: i64,
    /// Every output of the design, with what it lost or counted twice and its total.
    pub outputs: Vec<OutputLedger>,
}

/// One effect the downstream reader sees: the event and the amount it contributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReaderItem {
    /// The event behind it.
    pub event: EventIx,
    /// Its contribution to the business total.
    pub amount: i64,
}

/// What the downstream reader sees, as (event, contribution) items, and its total.
pub fn reader_view(sc: &Scenario, w: &World) -> (Vec<ReaderItem>, i64) {
    let events = &sc.workload.events;
    let amount = |e: EventIx| events.get(e as usize).map(|x| x.amount).unwrap_or(0);
    let from_rows = |rows: &[super::world::SinkRow]| {
        let items = rows
            .iter()
            .flat_map(|r| {
                r.events.iter().map(|&e| ReaderItem {
                    event: e,
                    amount: amount(e),
                })
            })
            .collect::<Vec<_>>();
        let total = limits::sum(rows.iter().map(|r| r.value));
        (items, total)
    };
    match sc.design.kind {
        // Kafka Streams → sink connector → Postgres: the reader queries the table.
        _ if sc.design.has_sink_connector() => from_rows(&w.sink.rows),
        k if k.is_kafka_transactional() => {
            let items: Vec<ReaderItem> = w
                .output_visible(sc.design.knobs.isolation)
                .into_iter()
                .filter_map(|o| w.output_record(o))
                .map(|r| ReaderItem {
                    event: r.event,
                    amount: r.value,
                })
                .collect();
            let total = limits::sum(items.iter().map(|i| i.amount));
            (items, total)
        }
        k if k.spec().cdc_relay => {
            let items: Vec<ReaderItem> = w
                .outbox
                .consumer
                .applied
                .iter()
                .map(|&(e, _, _)| ReaderItem {
                    event: e,
                    amount: amount(e),
                })
                .collect();
            let total = limits::sum(items.iter().map(|i| i.amount));
            (items, total)
        }
        k if k.spec().downstream_dedup => match sc.design.knobs.downstream {
            DownstreamDedup::Merge => from_rows(&w.sink.merged),
            DownstreamDedup::QueryView => {
                let mut view: Vec<super::world::SinkRow> = Vec::new();
                for r in &w.sink.rows {
                    if !view.iter().any(|v| v.key == r.key) {
                        view.push(r.clone());
                    }
                }
                from_rows(&view)
            }
        },
        _ => from_rows(&w.sink.rows),
    }
}

/// Adds one to `counts[e]` for every event of `events` (ignoring unknown ones).
fn tally(counts: &mut [u32], events: impl IntoIterator<Item = EventIx>) {
    for e in events {
        if let Some(c) = counts.get_mut(e as usize) {
            *c += 1;
        }
    }
}

/// Counts `output`'s effects per event into `c` (zeroed, one per event) and returns
/// its business total, from the final world. `reader` is what the downstream reader
/// sees (its counts and total), for the output that is the reader's.
fn count_output(
    sc: &Scenario,
    w: &World,
    output: Output,
    c: &mut [u32],
    reader: (&[u32], i64),
) -> i64 {
    let amount = |e: EventIx| sc.workload.events.get(e as usize).map_or(0, |x| x.amount);
    let rows_total = |rows: &[super::world::SinkRow]| limits::sum(rows.iter().map(|r| r.value));
    match output {
        // The reader's output is what `reader_view` read: no need to read it twice.
        o if o == Output::reader_of(sc) => {
            c.copy_from_slice(reader.0);
            reader.1
        }
        Output::Sink | Output::RawTable => {
            tally(c, w.sink.rows.iter().flat_map(|r| r.events.iter().copied()));
            rows_total(&w.sink.rows)
        }
        Output::StateStore | Output::Changelog => {
            let store = if output == Output::StateStore {
                &w.store
            } else {
                &w.coordinator.committed_store
            };
            tally(
                c,
                store.entries.iter().flat_map(|e| e.applied.iter().copied()),
            );
            limits::sum(store.entries.iter().map(|e| e.total))
        }
        Output::OutputTopic => {
            let mut total = 0i64;
            for r in w
                .output_visible(sc.design.knobs.isolation)
                .into_iter()
                .filter_map(|o| w.output_record(o))
            {
                tally(c, [r.event]);
                total = total.saturating_add(r.value);
            }
            total
        }
        Output::OutboxTopic => {
            let mut total = 0i64;
            for entry in &w.output.log {
                if let super::world::OutputEntry::Record(r) = entry {
                    tally(c, [r.event]);
                    total = total.saturating_add(r.value);
                }
            }
            total
        }
        Output::Consumer => {
            let applied = w.outbox.consumer.applied.iter().map(|a| a.0);
            tally(c, applied.clone());
            limits::sum(applied.map(amount))
        }
        Output::External => {
            let effects = w.external.effects.iter().map(|f| f.event);
            tally(c, effects.clone());
            limits::sum(effects.map(amount))
        }
    }
}

/// Every event's count in `output` of `w`, one per event in workload order: the
/// column [`Ledger::count`] makes for that output, without the rest of the ledger
/// (for following a count step by step).
pub fn output_counts(sc: &Scenario, w: &World, output: Output) -> Vec<u32> {
    let mut c = vec![0u32; sc.workload.events.len()];
    if output == Output::reader_of(sc) {
        let (items, _) = reader_view(sc, w);
        tally(&mut c, items.iter().map(|i| i.event));
    } else {
        count_output(sc, w, output, &mut c, (&[], 0));
    }
    c
}

/// The summary of one output from its per-event counts.
fn output_ledger(reader: Output, output: Output, counts: &[u32], total: i64) -> OutputLedger {
    let mut lost = Vec::new();
    let mut duplicated = Vec::new();
    for (i, &n) in counts.iter().enumerate() {
        match n {
            0 => lost.push(i as EventIx),
            1 => {}
            _ => duplicated.push((i as EventIx, n)),
        }
    }
    OutputLedger {
        output,
        checked: output.checked(),
        reader: reader == output,
        total,
        lost,
        duplicated,
    }
}

impl Ledger {
    /// Counts every event's effects in `w`, in every output of the design.
    pub fn count(sc: &Scenario, w: &World) -> Ledger {
        let n = sc.workload.events.len();
        let (items, actual_total) = reader_view(sc, w);
        let mut effects = vec![0u32; n];
        tally(&mut effects, items.iter().map(|i| i.event));
        let (kinds, k) = Output::list(sc);
        let kinds = &kinds[..k];
        // One flat table: output j's count of event i at j * n + i.
        let mut counts = vec![0u32; n * k];
        let mut totals = [0i64; MAX_OUTPUTS];
        for (j, &o) in kinds.iter().enumerate() {
            let c = &mut counts[j * n..(j + 1) * n];
            totals[j] = count_output(sc, w, o, c, (&effects, actual_total));
        }
        let column = |o: Output| {
            kinds
                .iter()
                .position(|&x| x == o)
                .map(|j| &counts[j * n..(j + 1) * n])
        };
        let state = column(Output::StateStore);
        let external = column(Output::External);
        let raw = column(Output::RawTable);
        let rows = sc
            .workload
            .events
            .iter()
            .enumerate()
            .map(|(i, ev)| {
                let reader = Verdict::of(effects[i]);
                let verdict = match external.map(|x| Verdict::of(x[i])) {
                    Some(ext) => match (reader, ext) {
                        (Verdict::Duplicate, _) | (_, Verdict::Duplicate) => Verdict::Duplicate,
                        (Verdict::Lost, _) | (_, Verdict::Lost) => Verdict::Lost,
                        _ => Verdict::Ok,
                    },
                    None => reader,
                };
                let mut outputs = OutputCounts::new();
                for (j, &o) in kinds.iter().enumerate() {
                    let count = counts[j * n + i];
                    outputs.push(OutputCount {
                        output: o,
                        count,
                        verdict: Verdict::of(count),
                    });
                }
                LedgerRow {
                    event: i as EventIx,
                    event_id: ev.id.clone(),
                    amount: ev.amount,
                    effects: effects[i],
                    state: state.map_or_else(|| w.store.count(i as EventIx), |s| s[i]),
                    external: external.map(|x| x[i]),
                    raw: raw.map(|x| x[i]),
                    verdict,
                    outputs,
                }
            })
            .collect();
        let outputs = kinds
            .iter()
            .enumerate()
            .map(|(j, &o)| {
                output_ledger(
                    Output::reader_of(sc),
                    o,
                    &counts[j * n..(j + 1) * n],
                    totals[j],
                )
            })
            .collect();
        Ledger {
            rows,
            expected_total: limits::sum(sc.workload.events.iter().map(|e| e.amount)),
            actual_total,
            state_total: limits::sum(w.store.entries.iter().map(|e| e.total)),
            outputs,
        }
    }

    /// The outputs that must count every event once and do not.
    pub fn wrong_outputs(&self) -> impl Iterator<Item = &OutputLedger> {
        self.outputs.iter().filter(|o| o.wrong())
    }

    /// Whether every output that must count each event once does: the reader, the
    /// external effects, and also the state store and its changelog.
    pub fn exact_everywhere(&self) -> bool {
        self.all_ok() && self.wrong_outputs().next().is_none()
    }

    /// The run's verdict in a word (see [`RunVerdict`]).
    pub fn run_verdict(&self) -> RunVerdict {
        if !self.all_ok() {
            RunVerdict::Broken
        } else if self.exact_everywhere() {
            RunVerdict::Exact
        } else {
            RunVerdict::ReaderOk
        }
    }

    /// The summary of `output`, if the design has it.
    pub fn output(&self, output: Output) -> Option<&OutputLedger> {
        self.outputs.iter().find(|o| o.output == output)
    }

    /// Events that were lost.
    pub fn lost(&self) -> impl Iterator<Item = &LedgerRow> {
        self.rows.iter().filter(|r| r.verdict == Verdict::Lost)
    }

    /// Events with more than one effect.
    pub fn duplicates(&self) -> impl Iterator<Item = &LedgerRow> {
        self.rows.iter().filter(|r| r.verdict == Verdict::Duplicate)
    }

    /// Whether every event's business effect happened exactly once: what the reader
    /// sees and the external effects (see [`Ledger::exact_everywhere`] for every
    /// output, the state store included).
    pub fn all_ok(&self) -> bool {
        self.rows.iter().all(|r| r.verdict == Verdict::Ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{presets, simulate, Design};

    fn outputs(kind: DesignKind) -> Vec<Output> {
        let mut sc = presets::first().scenario;
        sc.design = Design::new(kind);
        Output::of(&sc)
    }

    #[test]
    fn a_run_whose_reader_is_right_but_whose_store_counted_twice_is_reader_ok() {
        let crash = presets::find("db-then-commit").unwrap().scenario;
        assert_eq!(simulate(&crash).ledger.run_verdict(), RunVerdict::Broken);
        let mut upsert = crash.clone();
        upsert.design = Design::new(DesignKind::IdempotentSink);
        let l = simulate(&upsert).ledger;
        assert!(l.all_ok(), "the upsert keeps the reader right");
        assert_eq!(
            l.run_verdict(),
            RunVerdict::ReaderOk,
            "the store counted the replay"
        );
        assert_eq!(l.run_verdict().words(), "Verdict: reader ok.");
        let eos = presets::find("loyalty-eos").unwrap().scenario;
        assert_eq!(simulate(&eos).ledger.run_verdict(), RunVerdict::Exact);
    }

    #[test]
    fn each_design_has_its_outputs() {
        use Output::*;
        assert_eq!(outputs(DesignKind::AtLeastOnce), [StateStore, Sink]);
        assert_eq!(
            outputs(DesignKind::DownstreamDedup),
            [StateStore, RawTable, Sink]
        );
        assert_eq!(
            outputs(DesignKind::TransactionsExternal),
            [StateStore, Changelog, External, OutputTopic]
        );
        assert_eq!(outputs(DesignKind::Outbox), [Sink, OutboxTopic, Consumer]);
        for kind in DesignKind::ALL {
            let all = outputs(kind);
            assert!(all.contains(&Output::reader(kind)), "{kind}");
        }
    }

    #[test]
    fn one_outputs_counts_are_its_column_of_the_ledger() {
        for p in presets::all() {
            let sc = p.scenario;
            let t = simulate(&sc);
            for o in Output::of(&sc) {
                let column: Vec<u32> = t.ledger.rows.iter().filter_map(|r| r.count_in(o)).collect();
                assert_eq!(output_counts(&sc, &t.world, o), column, "{} {o:?}", p.slug);
            }
        }
    }

    #[test]
    fn every_output_is_counted_from_the_final_world() {
        let sc = presets::find("outbox-debezium").unwrap().scenario;
        let t = simulate(&sc);
        let l = &t.ledger;
        let topic = l.output(Output::OutboxTopic).unwrap();
        assert!(!topic.checked && !topic.exact() && !topic.wrong());
        let consumer = l.output(Output::Consumer).unwrap();
        assert!(consumer.reader && consumer.wrong());
        assert_eq!(
            (consumer.total, consumer.duplicated.as_slice()),
            (200, &[(1, 2)][..])
        );
        assert_eq!(l.rows[1].count_in(Output::Sink), Some(1));
        assert_eq!(l.rows[1].count_in(Output::StateStore), None);
        assert!(!l.exact_everywhere());
        assert_eq!(l.wrong_outputs().count(), 1);
    }
}

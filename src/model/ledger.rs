//! The ledger: for every input event, its effects counted from the final world.
//!
//! Nothing here knows which design "should" lose or duplicate: it reads the sink,
//! the topic, the state store and the provider the way a downstream reader would,
//! and counts.

use super::scenario::{DesignKind, DownstreamDedup, Scenario};
use super::world::{EventIx, World};
use serde::Serialize;

/// How an event fared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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

    fn of(n: u32) -> Verdict {
        match n {
            0 => Verdict::Lost,
            1 => Verdict::Ok,
            _ => Verdict::Duplicate,
        }
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
    /// ok / lost / duplicate, from `effects` and `external`.
    pub verdict: Verdict,
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
        let total = rows.iter().map(|r| r.value).sum();
        (items, total)
    };
    match sc.design.kind {
        // Kafka Streams → sink connector → Postgres: the reader queries the table.
        DesignKind::KafkaTransactions if sc.design.knobs.sink_connector => from_rows(&w.sink.rows),
        DesignKind::KafkaTransactions | DesignKind::TransactionsExternal => {
            let items: Vec<ReaderItem> = w
                .output_visible(sc.design.knobs.isolation)
                .into_iter()
                .filter_map(|o| w.output_record(o))
                .map(|r| ReaderItem {
                    event: r.event,
                    amount: r.value,
                })
                .collect();
            let total = items.iter().map(|i| i.amount).sum();
            (items, total)
        }
        DesignKind::Outbox => {
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
            let total = items.iter().map(|i| i.amount).sum();
            (items, total)
        }
        DesignKind::DownstreamDedup => match sc.design.knobs.downstream {
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

impl Ledger {
    /// Counts every event's effects in `w`.
    pub fn count(sc: &Scenario, w: &World) -> Ledger {
        let n = sc.workload.events.len();
        let (items, actual_total) = reader_view(sc, w);
        let mut effects = vec![0u32; n];
        for it in &items {
            if let Some(c) = effects.get_mut(it.event as usize) {
                *c += 1;
            }
        }
        let mut state = vec![0u32; n];
        for entry in &w.store.entries {
            for &e in &entry.applied {
                if let Some(c) = state.get_mut(e as usize) {
                    *c += 1;
                }
            }
        }
        let has_external = sc.design.kind == DesignKind::TransactionsExternal;
        let mut external = vec![0u32; n];
        for fx in &w.external.effects {
            if let Some(c) = external.get_mut(fx.event as usize) {
                *c += 1;
            }
        }
        let has_raw = sc.design.kind == DesignKind::DownstreamDedup;
        let mut raw = vec![0u32; n];
        if has_raw {
            for r in &w.sink.rows {
                for &e in &r.events {
                    if let Some(c) = raw.get_mut(e as usize) {
                        *c += 1;
                    }
                }
            }
        }
        let rows = sc
            .workload
            .events
            .iter()
            .enumerate()
            .map(|(i, ev)| {
                let reader = Verdict::of(effects[i]);
                let verdict = if has_external {
                    match (reader, Verdict::of(external[i])) {
                        (Verdict::Duplicate, _) | (_, Verdict::Duplicate) => Verdict::Duplicate,
                        (Verdict::Lost, _) | (_, Verdict::Lost) => Verdict::Lost,
                        _ => Verdict::Ok,
                    }
                } else {
                    reader
                };
                LedgerRow {
                    event: i as EventIx,
                    event_id: ev.id.clone(),
                    amount: ev.amount,
                    effects: effects[i],
                    state: state[i],
                    external: has_external.then_some(external[i]),
                    raw: has_raw.then_some(raw[i]),
                    verdict,
                }
            })
            .collect();
        Ledger {
            rows,
            expected_total: sc.workload.events.iter().map(|e| e.amount).sum(),
            actual_total,
            state_total: w.store.entries.iter().map(|e| e.total).sum(),
        }
    }

    /// Events that were lost.
    pub fn lost(&self) -> impl Iterator<Item = &LedgerRow> {
        self.rows.iter().filter(|r| r.verdict == Verdict::Lost)
    }

    /// Events with more than one effect.
    pub fn duplicates(&self) -> impl Iterator<Item = &LedgerRow> {
        self.rows.iter().filter(|r| r.verdict == Verdict::Duplicate)
    }

    /// Whether every event took effect exactly once.
    pub fn all_ok(&self) -> bool {
        self.rows.iter().all(|r| r.verdict == Verdict::Ok)
    }
}

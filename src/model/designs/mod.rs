//! The delivery designs, each described in one place.
//!
//! A design is one module with one [`DesignSpec`]: its name, its knobs, its
//! lifelines and panels, the sink write it defaults to, what its atomic commit
//! covers, and the operations the processor runs per record, per batch (the commit
//! protocol) and to recover. The simulation asks the spec; it never matches on the
//! design. Adding a design is a new module here, its line in [`REGISTRY`] and its
//! variant of [`DesignKind`] (the name files and links use).

use super::scenario::{Design, DesignKind, Knob, Knobs, Names, SinkWrite};
use super::simulate::OpKind;
use super::trace::Actor;
use super::view::Panel;

mod at_least_once;
mod at_most_once;
mod dedup_store;
mod downstream_dedup;
mod idempotent_sink;
mod kafka_transactions;
mod outbox;
mod transactions_external;
mod two_phase_commit;

/// Every design's spec, in the order the lab lists them ([`DesignKind::ALL`] is
/// made from it).
pub const REGISTRY: &[&DesignSpec] = &[
    &at_most_once::SPEC,
    &at_least_once::SPEC,
    &idempotent_sink::SPEC,
    &dedup_store::SPEC,
    &kafka_transactions::SPEC,
    &transactions_external::SPEC,
    &two_phase_commit::SPEC,
    &outbox::SPEC,
    &downstream_dedup::SPEC,
];

/// The spec of `kind`.
pub fn spec(kind: DesignKind) -> &'static DesignSpec {
    REGISTRY[kind as usize]
}

/// A design's diagram: its lifelines left to right, its panels in pipeline order,
/// and where the downstream reader reads.
#[derive(Debug)]
pub struct Shape {
    /// The lifelines, left to right.
    pub lifelines: &'static [Actor],
    /// The panels, in pipeline order.
    pub panels: &'static [Panel],
    /// The actor the downstream reader reads from.
    pub reads: Actor,
}

/// Everything that makes a design what it is.
#[derive(Debug)]
pub struct DesignSpec {
    /// Which design.
    pub kind: DesignKind,
    /// The name used in files and links.
    pub slug: &'static str,
    /// The name in plain words.
    pub title: &'static str,
    /// The knobs that mean something for it, in the order the lab shows them.
    pub knobs: &'static [Knob],
    /// Its diagram.
    pub shape: Shape,
    /// Its diagram when a sink connector copies its output topic into a table
    /// (`None`: the design has no sink connector).
    pub connector: Option<Shape>,
    /// How the sink is written unless the knob says otherwise.
    pub sink_write: SinkWrite,
    /// Whether the processor's output is a Kafka topic written in transactions.
    pub kafka_transactional: bool,
    /// The processor is a Flink-style job: state and offsets recover from its
    /// checkpoints, an offset commit does not end a batch, and there is no
    /// consumer-group rebalance.
    pub checkpoints: bool,
    /// A seen-id store is checked before the effect (`dedup_atomic` may write it
    /// in the effect's transaction).
    pub seen_ids: bool,
    /// A CDC relay publishes an outbox table to a topic read by a downstream consumer.
    pub cdc_relay: bool,
    /// The sink is a raw table a downstream MERGE job or query view deduplicates
    /// (the `downstream` knob picks which).
    pub downstream_dedup: bool,
    /// The design's names for its lifelines.
    pub words: Words,
    /// The actors one atomic commit covers, in lifeline order (empty: none).
    pub boundary: fn(&Knobs) -> Vec<Actor>,
    /// What the processor does with a record after polling it.
    pub(crate) per_record: fn(&Knobs) -> &'static [OpKind],
    /// What ends a batch: the design's commit protocol.
    pub(crate) per_batch: fn(&Knobs) -> &'static [OpKind],
    /// What a new or re-initialised instance does before processing again.
    pub(crate) recovery: &'static [OpKind],
}

/// A design's names for lifelines whose words differ between designs; `{table}`
/// stands for the sink table's name.
#[derive(Debug)]
pub struct Words {
    /// The processor (`Processor`, `Flink job`, `Order service`).
    pub processor: &'static str,
    /// The coordinator (`Txn coordinator`, `Checkpoint coordinator`).
    pub coordinator: &'static str,
    /// The sink lifeline (`Sink {table}`, `Database (+ outbox)`).
    pub sink: &'static str,
    /// The sink panel's title.
    pub sink_panel: &'static str,
    /// The relay lifeline (`CDC relay (Debezium)`, `JDBC sink connector`).
    pub relay: &'static str,
}

/// The words most designs use.
pub const USUAL_WORDS: Words = Words {
    processor: "Processor",
    coordinator: "Txn coordinator",
    sink: "Sink {table}",
    sink_panel: "Sink table {table}",
    relay: "CDC relay (Debezium)",
};

impl Words {
    /// `template` with the scenario's table name in it.
    pub fn fill(template: &str, names: &Names) -> String {
        template.replace("{table}", &names.table)
    }
}

impl DesignSpec {
    /// Whether the processor keeps a state store (a lifeline of the design).
    pub fn has_state_store(&self) -> bool {
        self.shape.lifelines.contains(&Actor::StateStore)
    }

    /// Why the design cannot write the sink this way, if it cannot: `set-total`
    /// sets the row to the state store's total, and a design without a store has
    /// none to read.
    pub fn cannot_write(&self, how: SinkWrite) -> Option<&'static str> {
        (how == SinkWrite::SetTotal && !self.has_state_store())
            .then_some("this design keeps no state store to read a total from")
    }

    /// The diagram of a design with these knobs.
    pub fn shape_of(&self, knobs: &Knobs) -> &Shape {
        match &self.connector {
            Some(c) if knobs.sink_connector => c,
            _ => &self.shape,
        }
    }
}

/// The actors one atomic commit of `design` covers, in lifeline order; empty when
/// no commit spans more than one write.
pub fn commit_boundary(design: &Design) -> Vec<Actor> {
    (spec(design.kind).boundary)(&design.knobs)
}

/// No atomic commit: the offset commit and the sink write are separate.
pub(crate) fn no_boundary(_: &Knobs) -> Vec<Actor> {
    Vec::new()
}

/// The commit of the at-least-once designs: the consumed offsets.
pub(crate) fn commit_offsets(_: &Knobs) -> &'static [OpKind] {
    &[OpKind::CommitOffset]
}

/// Knobs every design without Kafka transactions shares, after its own.
macro_rules! plain_consumer_knobs {
    ($($own:ident),*) => {
        &[
            $(Knob::$own,)*
            Knob::CommitEvery,
            Knob::RevokeCommit,
            Knob::ProducerIdempotence,
            Knob::Acks,
            Knob::DeliveryTimeoutMs,
            Knob::RestartMs,
        ]
    };
}
pub(crate) use plain_consumer_knobs;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::trace::lifelines;

    #[test]
    fn the_registry_follows_the_order_of_all() {
        for (i, k) in DesignKind::ALL.into_iter().enumerate() {
            assert_eq!(REGISTRY[i].kind, k);
            assert_eq!(spec(k).kind, k);
        }
    }

    #[test]
    fn slugs_are_the_names_files_use() {
        for k in DesignKind::ALL {
            let json = serde_json::to_string(&k).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", k.slug()));
            assert_eq!(DesignKind::from_slug(k.slug()), Some(k));
        }
    }

    #[test]
    fn each_knob_is_listed_once_and_every_design_has_the_producer_knobs() {
        for s in REGISTRY {
            for k in s.knobs {
                assert_eq!(s.knobs.iter().filter(|x| *x == k).count(), 1, "{}", s.slug);
            }
            for k in [Knob::ProducerIdempotence, Knob::Acks, Knob::RestartMs] {
                assert!(s.knobs.contains(&k), "{}: {k:?}", s.slug);
            }
            assert_eq!(
                s.connector.is_some(),
                s.knobs.contains(&Knob::SinkConnector),
                "{}",
                s.slug
            );
        }
    }

    #[test]
    fn slugs_are_unique() {
        for a in REGISTRY {
            assert_eq!(REGISTRY.iter().filter(|b| b.slug == a.slug).count(), 1);
        }
    }

    #[test]
    fn every_panel_and_boundary_actor_belongs_to_the_diagram() {
        for s in REGISTRY {
            for shape in std::iter::once(&s.shape).chain(&s.connector) {
                assert!(shape.lifelines.contains(&shape.reads), "{}", s.slug);
                assert_eq!(shape.panels.first(), Some(&Panel::Producer));
                assert_eq!(shape.panels.last(), Some(&Panel::Reader));
            }
        }
    }

    #[test]
    fn every_actor_in_a_boundary_is_a_lifeline_in_order() {
        for k in DesignKind::ALL {
            let lanes = lifelines(k);
            let b = commit_boundary(&Design::new(k));
            let pos: Vec<usize> = b
                .iter()
                .map(|a| lanes.iter().position(|l| l == a).unwrap_or(usize::MAX))
                .collect();
            assert!(pos.iter().all(|&p| p != usize::MAX), "{k:?}");
            assert!(pos.windows(2).all(|w| w[0] < w[1]), "{k:?}");
        }
    }

    #[test]
    fn boundaries_cover_what_each_commit_makes_visible_together() {
        use Actor::*;
        let of = |k| commit_boundary(&Design::new(k));
        let eos = of(DesignKind::KafkaTransactions);
        assert!([InputTopic, StateStore, OutputTopic]
            .iter()
            .all(|a| eos.contains(a)));
        assert!(!of(DesignKind::TransactionsExternal).contains(&External));
        assert_eq!(of(DesignKind::Outbox), vec![Sink]);
        assert!(of(DesignKind::AtLeastOnce).is_empty());
        let mut d = Design::new(DesignKind::TwoPhaseCommit);
        assert!(commit_boundary(&d).contains(&Sink));
        d.knobs.two_phase = false;
        assert!(!commit_boundary(&d).contains(&Sink));
        let mut d = Design::new(DesignKind::DedupStore);
        assert_eq!(commit_boundary(&d), vec![SeenIds, Sink]);
        d.knobs.dedup_atomic = false;
        assert!(commit_boundary(&d).is_empty());
    }

    #[test]
    fn every_design_recovers_and_processes_records() {
        let k = Knobs::default();
        for s in REGISTRY {
            assert!(!s.recovery.is_empty(), "{}", s.slug);
            assert!(!(s.per_record)(&k).is_empty(), "{}", s.slug);
        }
    }
}

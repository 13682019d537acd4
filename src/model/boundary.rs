//! The exactly-once boundary of a design: the actors whose changes one atomic
//! commit makes visible together, or not at all. An effect on an actor outside it
//! (an email, a connector's INSERT into a database) happens on its own, and a
//! replay repeats it unless something else (a key, a dedup) absorbs the repeat.

use super::scenario::{Design, DesignKind};
use super::trace::Actor;

/// The actors one atomic commit of `design` covers, in lifeline order; empty when
/// no commit spans more than one write (the offset commit and the sink write are
/// separate).
///
/// - Kafka transactions: the consumed offsets (input topic), the processor's state
///   changelog (state store) and the output topic, committed by the transaction
///   coordinator's markers. An external call is never inside.
/// - Checkpoints with a two-phase-commit sink: source offsets and state in the
///   checkpoint, and the sink's pre-committed transaction — only while the sink
///   takes part in the two-phase commit.
/// - Outbox: the business row and the outbox row, one database transaction.
/// - Dedup store, atomic: the seen-id record and the effect, one transaction.
pub fn commit_boundary(design: &Design) -> Vec<Actor> {
    use Actor::*;
    let k = &design.knobs;
    match design.kind {
        DesignKind::KafkaTransactions | DesignKind::TransactionsExternal => {
            vec![InputTopic, Processor, StateStore, Coordinator, OutputTopic]
        }
        DesignKind::TwoPhaseCommit if k.two_phase => {
            vec![InputTopic, Processor, StateStore, Coordinator, Sink]
        }
        DesignKind::TwoPhaseCommit => vec![InputTopic, Processor, StateStore, Coordinator],
        DesignKind::Outbox => vec![Sink],
        DesignKind::DedupStore if k.dedup_atomic => vec![SeenIds, Sink],
        DesignKind::DedupStore
        | DesignKind::AtMostOnce
        | DesignKind::AtLeastOnce
        | DesignKind::IdempotentSink
        | DesignKind::DownstreamDedup => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::trace::lifelines;

    fn of(kind: DesignKind) -> Vec<Actor> {
        commit_boundary(&Design::new(kind))
    }

    #[test]
    fn kafka_transactions_cover_offsets_changelog_and_output() {
        let b = of(DesignKind::KafkaTransactions);
        for a in [Actor::InputTopic, Actor::StateStore, Actor::OutputTopic] {
            assert!(b.contains(&a), "{a:?}");
        }
        assert!(!b.contains(&Actor::Producer));
        assert!(!b.contains(&Actor::Reader));
    }

    #[test]
    fn an_external_call_is_outside_the_kafka_transaction() {
        let b = of(DesignKind::TransactionsExternal);
        assert!(b.contains(&Actor::OutputTopic));
        assert!(!b.contains(&Actor::External));
    }

    #[test]
    fn two_phase_commit_covers_the_sink_only_while_it_takes_part() {
        let mut d = Design::new(DesignKind::TwoPhaseCommit);
        assert!(commit_boundary(&d).contains(&Actor::Sink));
        d.knobs.two_phase = false;
        let b = commit_boundary(&d);
        assert!(!b.contains(&Actor::Sink));
        assert!(b.contains(&Actor::StateStore));
    }

    #[test]
    fn at_least_once_designs_have_no_atomic_commit() {
        for k in [
            DesignKind::AtMostOnce,
            DesignKind::AtLeastOnce,
            DesignKind::IdempotentSink,
            DesignKind::DownstreamDedup,
        ] {
            assert!(of(k).is_empty(), "{k:?}");
        }
    }

    #[test]
    fn the_dedup_store_is_atomic_with_the_effect_only_when_configured() {
        let mut d = Design::new(DesignKind::DedupStore);
        assert_eq!(commit_boundary(&d), vec![Actor::SeenIds, Actor::Sink]);
        d.knobs.dedup_atomic = false;
        assert!(commit_boundary(&d).is_empty());
    }

    #[test]
    fn the_outbox_commits_the_business_row_and_the_outbox_row() {
        assert_eq!(of(DesignKind::Outbox), vec![Actor::Sink]);
        assert!(!of(DesignKind::Outbox).contains(&Actor::OutputTopic));
    }

    #[test]
    fn every_actor_in_a_boundary_is_a_lifeline_of_the_design() {
        for k in DesignKind::ALL {
            let lanes = lifelines(k);
            for a in of(k) {
                assert!(lanes.contains(&a), "{k:?}: {a:?}");
            }
            // In lifeline order.
            let pos: Vec<usize> = of(k)
                .iter()
                .map(|a| lanes.iter().position(|l| l == a).unwrap_or(usize::MAX))
                .collect();
            assert!(pos.windows(2).all(|w| w[0] < w[1]), "{k:?}");
        }
    }
}

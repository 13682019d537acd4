//! Kafka-side mechanisms: the upstream producer's sends (acks, lost sends, restarts
//! under a new producer id), the two zombie fences (producer epoch and group
//! generation), the offset fetch that waits for pending transactional offsets, and
//! rebalances that revoke partitions in `poll()`.

use super::*;
use crate::model::scenario::Acks;

/// How long the broker stays unreachable for a `send-lost` fault by default (one
/// `request.timeout.ms`).
pub const DEFAULT_SEND_LOST_MS: u64 = 30_000;

impl<'a> Sim<'a> {
    /// Whether the upstream producer deduplicates retries: `enable.idempotence`
    /// needs `acks=all`.
    pub(super) fn producer_idempotent(&self) -> bool {
        self.knobs.producer_idempotence && self.knobs.acks == Acks::All
    }

    /// The producer sends (or re-sends) a record. A send the network dropped never
    /// reaches the log; the broker drops a retried batch whose sequence it has.
    pub(super) fn send(&mut self, s: &mut Step, rec: Option<Rec>, seq: u32, retry: bool) {
        let me = self.n;
        s.kind = StepKind::Send;
        s.from = Actor::Producer;
        s.to = Actor::InputTopic;
        s.attempt = Attempt {
            instance: 0,
            delivery: if retry { 2 } else { 1 },
        };
        let r = rec.unwrap_or(Rec {
            p: 0,
            off: 0,
            event: 0,
        });
        if let Some((cause, ms)) = self.send_lost.take() {
            s.outcome = Outcome::Refused(Why::NeverArrived);
            s.cause = Some(cause);
            self.after_lost_send(r, seq, ms, me);
            return;
        }
        let idem = self.producer_idempotent();
        let pid = if idem {
            self.world.producer.producer_id
        } else {
            0
        };
        let entry = self
            .world
            .input
            .producer_state
            .iter()
            .position(|x| x.producer_id == pid && x.partition == r.p);
        let duplicate =
            idem && entry.is_some_and(|i| seq <= self.world.input.producer_state[i].last_sequence);
        if duplicate {
            s.outcome = Outcome::NoOp(Why::DuplicateSequence);
            return;
        }
        let log = &mut self.world.input.partitions[r.p as usize];
        s.second_copy = retry && log.iter().any(|x| x.event == r.event);
        s.offset = Some(log.len() as u64);
        log.push(InputRecord {
            event: r.event,
            producer_id: pid,
            sequence: seq,
            step: me,
        });
        if idem {
            match entry {
                Some(i) => self.world.input.producer_state[i].last_sequence = seq,
                None => self.world.input.producer_state.push(ProducerStateEntry {
                    producer_id: pid,
                    partition: r.p,
                    last_sequence: seq,
                }),
            }
        }
        s.changed = Changed(Changed::INPUT);
    }

    /// After a send that never arrived: with `acks=all` the request times out and the
    /// producer retries once the broker is reachable again, unless that is past
    /// `delivery.timeout.ms`; with `acks=0` nobody notices.
    fn after_lost_send(&mut self, r: Rec, seq: u32, outage_ms: u64, me: StepIx) {
        let Some(pos) = self
            .producer_q
            .iter()
            .position(|op| op.kind == OpKind::Ack && op.rec.map(|x| x.event) == Some(r.event))
        else {
            return;
        };
        let ack = self.producer_q.remove(pos);
        let rec = ack.and_then(|a| a.rec);
        let cause = Some(me);
        if outage_ms < self.knobs.delivery_timeout_ms {
            self.world.clock_ms = self.world.clock_ms.saturating_add(outage_ms);
            self.producer_q.push_front(Op::new(OpKind::Ack, rec, cause));
            self.producer_q
                .push_front(Op::new(OpKind::Send { seq, retry: true }, rec, cause));
        } else {
            self.producer_q
                .push_front(Op::new(OpKind::GiveUp, rec, cause));
        }
    }

    /// The producer's callback gets the send's failure: `delivery.timeout.ms` passed.
    pub(super) fn give_up(&mut self, s: &mut Step) {
        s.kind = StepKind::Ack;
        s.from = Actor::InputTopic;
        s.to = Actor::Producer;
        s.attempt = Attempt::default();
        s.outcome = Outcome::Refused(Why::DeliveryTimeout);
        self.world.clock_ms = self
            .world
            .clock_ms
            .saturating_add(self.knobs.delivery_timeout_ms);
        self.world.producer.failed += 1;
        s.changed = Changed(Changed::PRODUCER | Changed::CLOCK);
    }

    /// The producer process comes back: without a `transactional.id` the broker hands
    /// it a new producer id, and its sequence numbers start again.
    pub(super) fn producer_restart(&mut self, s: &mut Step) {
        s.kind = StepKind::Restart;
        s.from = Actor::Producer;
        s.to = Actor::Producer;
        s.attempt = Attempt::default();
        self.world.clock_ms = self.world.clock_ms.saturating_add(self.knobs.restart_ms);
        let pr = &mut self.world.producer;
        pr.producer_id = self.next_producer_id;
        self.next_producer_id += 1;
        pr.epoch = 0;
        pr.next_sequence.iter_mut().for_each(|q| *q = 0);
        s.offset = Some(pr.producer_id);
        s.changed = Changed(Changed::PRODUCER | Changed::CLOCK);
    }

    /// The restarted producer re-sends a record it never saw acknowledged, with the
    /// next sequence of its new session.
    pub(super) fn resend(&mut self, s: &mut Step, rec: Option<Rec>) {
        let p = rec.map_or(0, |r| r.p) as usize;
        let seq = self
            .world
            .producer
            .next_sequence
            .get(p)
            .copied()
            .unwrap_or(0);
        if let Some(q) = self.world.producer.next_sequence.get_mut(p) {
            *q += 1;
        }
        self.send(s, rec, seq, true);
        // Which producer session sent it (2 after one restart).
        s.attempt.instance = (self.next_producer_id - FIRST_PRODUCER_ID) as u32;
    }

    // ------------------------------------------------------------ faults

    /// `send-lost`: the producer's next request is dropped on the way.
    pub(super) fn fire_send_lost(&mut self, step: &mut Step, ms: u64) {
        self.send_lost = Some((self.n, ms));
        step.from = Actor::Producer;
        step.to = Actor::InputTopic;
        step.event = None;
    }

    /// `producer-restart`: the producer dies with the last send's ack still on its
    /// way; the application re-sends what was never acknowledged.
    pub(super) fn fire_producer_restart(&mut self, step: &mut Step, last: &LastStep) {
        step.from = Actor::Producer;
        step.to = Actor::Producer;
        let cause = Some(self.n);
        let Some(pos) = self
            .producer_q
            .iter()
            .position(|op| op.kind == OpKind::Ack && op.rec.map(|r| r.event) == last.event)
        else {
            return;
        };
        let rec = self.producer_q.remove(pos).and_then(|a| a.rec);
        // The dead process retries nothing; the restarted one re-sends once.
        self.producer_q.retain(|op| {
            !(matches!(op.kind, OpKind::Send { .. }) && op.rec.map(|r| r.event) == last.event)
        });
        self.producer_q.push_front(Op::new(OpKind::Ack, rec, cause));
        self.producer_q
            .push_front(Op::new(OpKind::Resend, rec, cause));
        self.producer_q
            .push_front(Op::new(OpKind::ProducerRestart, None, cause));
    }

    /// `rebalance`: the group prepares a rebalance. The member keeps its generation
    /// until its next `poll()`, where its partitions are revoked.
    pub(super) fn fire_rebalance(&mut self, step: &mut Step) {
        self.rebalance = Some(self.n);
        step.from = Actor::InputTopic;
        step.to = Actor::Processor;
        step.offset = Some(u64::from(self.world.group.generation));
    }

    // ------------------------------------------------------------ rebalances

    /// In `poll()` with a rebalance pending: what is committed before the partitions
    /// go. Kafka Streams commits a revoked task (its transaction, under EOS); a plain
    /// consumer commits only if its `onPartitionsRevoked` listener does.
    pub(super) fn plan_revocation(&mut self, cause: StepIx) -> Option<Op> {
        let commits = self.spec.kafka_transactional || self.knobs.revoke_commit;
        let proc = &self.world.processor;
        if commits && !proc.uncommitted.is_empty() {
            let ops = self.batch_end_ops(proc);
            for mut op in ops {
                op.cause = Some(cause);
                self.proc_q.push_back(op);
            }
        }
        self.proc_q
            .push_back(Op::new(OpKind::Revoke, None, Some(cause)));
        self.proc_q.pop_front()
    }

    /// The partitions are revoked: whatever was processed and not committed will be
    /// replayed by the new owner, which joins with the next generation.
    pub(super) fn revoke(&mut self, p: &mut Processor, s: &mut Step, cause: Option<StepIx>) {
        s.kind = StepKind::Revoke;
        s.from = Actor::InputTopic;
        s.to = Actor::Processor;
        if let Some(&(part, off)) = p.uncommitted.first() {
            s.partition = part;
            s.offset = Some(off);
            s.event = self.world.input.partitions[part as usize]
                .get(off as usize)
                .map(|r| r.event);
        }
        s.attempt.delivery = 0;
        if let Some(t) = p.open_txn.take() {
            self.begin_abort(t, cause);
            s.txn = Some(t);
        }
        p.uncommitted.clear();
        p.status = ProcessorStatus::Down;
        p.instance += 1;
        s.changed = Changed(Changed::PROCESSOR);
        self.proc_q.push_back(Op::new(OpKind::Assign, None, cause));
        self.push_recovery(cause);
    }

    // ------------------------------------------------------------ fences

    /// `sendOffsetsToTransaction(offsets, consumer.groupMetadata())`: refused with
    /// the producer epoch fence, or with ILLEGAL_GENERATION for a member of an older
    /// generation; a refused zombie aborts its transaction.
    pub(super) fn send_offsets(&mut self, p: &mut Processor, who: Who, s: &mut Step) {
        let me = self.n;
        s.kind = StepKind::SendOffsets;
        s.to = Actor::Coordinator;
        s.txn = p.open_txn;
        s.offset = p.position.get(s.partition as usize).copied();
        s.offsets = several(&p.position);
        let stale = self.knobs.generation_fencing && p.generation < self.world.group.generation;
        let refused = match self.kafka_check(p) {
            Err(why) => Some(why),
            Ok(()) if stale => Some(Why::StaleGeneration),
            Ok(()) => None,
        };
        if let Some(why) = refused {
            s.outcome = Outcome::Refused(why);
            let open = p.open_txn;
            self.fail_over(p, who, me);
            if why == Why::StaleGeneration && who == Who::Zombie {
                if let Some(t) = open {
                    self.zombie_q
                        .push_back(Op::new(OpKind::AbortOwnTxn(t), None, Some(me)));
                }
            }
            return;
        }
        let offsets: Vec<(u32, u64)> = p
            .position
            .iter()
            .enumerate()
            .map(|(i, &o)| (i as u32, o))
            .collect();
        if let Some(t) = p.open_txn.and_then(|t| self.world.coordinator.txn_mut(t)) {
            t.offsets = offsets;
        }
        s.changed = Changed(Changed::TXNS);
    }

    /// The refused instance calls `abortTransaction`.
    pub(super) fn abort_own_txn(&mut self, p: &mut Processor, s: &mut Step, txn: TxnId) {
        s.kind = StepKind::AbortTxn;
        s.to = Actor::Coordinator;
        s.txn = Some(txn);
        if p.open_txn == Some(txn) {
            p.open_txn = None;
        }
        self.begin_abort(txn, Some(self.n));
        s.changed = Changed(Changed::TXNS);
    }

    /// The new owner fetches its committed offsets. Under the transactional designs
    /// the fetch waits (UNSTABLE_OFFSET_COMMIT) while a transaction holding offsets for
    /// its partitions is still pending, so it never resumes from a stale offset.
    pub(super) fn fetch_offsets(&mut self, p: &mut Processor, who: Who, s: &mut Step) {
        let me = self.n;
        s.kind = StepKind::FetchOffsets;
        s.from = Actor::InputTopic;
        if let Some(t) = self.pending_offsets_txn() {
            s.outcome = Outcome::NoOp(Why::UnstableOffsetCommit);
            s.txn = Some(t);
            self.queue(who)
                .push_front(Op::new(OpKind::FetchOffsets, None, s.cause));
            self.let_pending_txn_finish(t);
            return;
        }
        p.position.clone_from(&self.world.group.committed);
        p.uncommitted.clear();
        s.offset = p.position.first().copied();
        s.offsets = several(&p.position);
        for r in &mut self.reset_by {
            *r = Some(me);
        }
        s.changed = Changed(Changed::PROCESSOR);
    }

    /// A Kafka transaction still pending that holds input offsets.
    fn pending_offsets_txn(&self) -> Option<TxnId> {
        if !self.spec.kafka_transactional {
            return None;
        }
        self.world.coordinator.txns[self.first_live_txn..]
            .iter()
            .find(|t| {
                !t.offsets.is_empty()
                    && matches!(
                        t.state,
                        TxnState::Open | TxnState::PrepareCommit | TxnState::PrepareAbort
                    )
            })
            .map(|t| t.id)
    }

    /// While the fetch waits, time passes: a paused owner of the transaction wakes
    /// up and finishes it, or the coordinator aborts it at its timeout.
    fn let_pending_txn_finish(&mut self, txn: TxnId) {
        let Some(t) = self.world.coordinator.txn(txn) else {
            return;
        };
        if t.state != TxnState::Open {
            return; // Its markers are on their way.
        }
        let zombie_owns = self
            .world
            .zombie
            .as_ref()
            .is_some_and(|z| z.processor.open_txn == Some(txn))
            && !self.zombie_q.is_empty();
        if zombie_owns {
            self.wake_zombie(Who::Current);
        } else {
            let due = t
                .started_ms
                .saturating_add(self.knobs.transaction_timeout_ms)
                .saturating_add(1);
            self.world.clock_ms = self.world.clock_ms.max(due);
        }
    }
}

/// The offsets of every partition, when there are several.
pub(super) fn several(offsets: &[u64]) -> Option<Box<[u64]>> {
    (offsets.len() > 1).then(|| offsets.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;
    use crate::model::scenario::{Anchor, Fault};

    fn run(sc: &Scenario) -> (Vec<Step>, World) {
        let mut sim = Sim::new(sc);
        let mut steps = Vec::new();
        while let Some(s) = sim.step() {
            steps.push(s);
        }
        (steps, sim.world)
    }

    #[test]
    fn several_offsets_only_for_several_partitions() {
        assert_eq!(several(&[3]), None);
        assert_eq!(several(&[3, 1]).as_deref(), Some(&[3, 1][..]));
    }

    #[test]
    fn acks_0_turns_idempotence_off_and_waits_for_no_ack() {
        let mut sc = presets::first().scenario;
        sc.faults.clear();
        sc.design.knobs.acks = Acks::Zero;
        let sim = Sim::new(&sc);
        assert!(!sim.producer_idempotent());
        let (steps, w) = run(&sc);
        assert!(!steps.iter().any(|s| s.kind == StepKind::Ack));
        assert!(w.input.partitions[0].iter().all(|r| r.producer_id == 0));
    }

    #[test]
    fn a_lost_send_is_retried_with_its_sequence_and_appended_once() {
        let mut sc = presets::first().scenario;
        sc.faults = vec![Fault::new(
            FaultKind::SendLost,
            Anchor::new(StepKind::Ack, "evt-1"),
        )];
        let (steps, w) = run(&sc);
        let lost = steps
            .iter()
            .position(|s| s.outcome == Outcome::Refused(Why::NeverArrived))
            .expect("the send of evt-2 is dropped");
        let retry = &steps[lost + 1];
        assert_eq!((retry.kind, retry.event), (StepKind::Send, Some(1)));
        assert_eq!(retry.cause, Some(lost as StepIx));
        // The dropped request times out: the outage passes before the retry.
        assert!(steps[lost].clock_ms >= steps[lost - 1].clock_ms + DEFAULT_SEND_LOST_MS);
        assert_eq!(
            w.input.partitions[0]
                .iter()
                .filter(|r| r.event == 1)
                .count(),
            1
        );
    }

    #[test]
    fn a_restarted_producer_starts_its_sequences_again_under_a_new_id() {
        let mut sc = presets::first().scenario;
        sc.faults = vec![Fault::new(
            FaultKind::ProducerRestart,
            Anchor::new(StepKind::Send, "evt-2"),
        )];
        let (_, w) = run(&sc);
        assert_eq!(w.producer.producer_id, FIRST_PRODUCER_ID + 1);
        let copies: Vec<(u64, u32)> = w.input.partitions[0]
            .iter()
            .filter(|r| r.event == 1)
            .map(|r| (r.producer_id, r.sequence))
            .collect();
        assert_eq!(
            copies,
            vec![(FIRST_PRODUCER_ID, 1), (FIRST_PRODUCER_ID + 1, 0)]
        );
    }

    #[test]
    fn huge_outages_and_timeouts_from_a_file_do_not_overflow_the_clock() {
        let mut sc = presets::first().scenario;
        sc.design.knobs.delivery_timeout_ms = u64::MAX;
        sc.design.knobs.restart_ms = u64::MAX;
        let mut lost = Fault::new(FaultKind::SendLost, Anchor::new(StepKind::Ack, "evt-1"));
        lost.ms = Some(u64::MAX);
        sc.faults = vec![
            lost,
            Fault::new(
                FaultKind::ProducerRestart,
                Anchor::new(StepKind::Send, "evt-3"),
            ),
        ];
        let (steps, _) = run(&sc);
        assert_eq!(steps.last().map(|s| s.kind), Some(StepKind::Read));
    }
}

//! One operation of one actor: what it changes and the step it draws.

use super::*;

impl<'a> Sim<'a> {
    /// A step of `kind` from `from` to `to` that changed nothing yet.
    pub(super) fn blank(&self, kind: StepKind, from: Actor, to: Actor) -> Step {
        Step {
            kind,
            from,
            to,
            event: None,
            attempt: Attempt::default(),
            offset: None,
            offsets: None,
            partition: 0,
            txn: None,
            outcome: Outcome::Applied,
            fault: None,
            cause: None,
            clock_ms: self.world.clock_ms,
            changed: Changed::default(),
            zombie: false,
            second_copy: false,
            nth: 0,
            after: After::default(),
            id: None,
            note: None,
        }
    }

    fn take(&mut self, who: Who) -> Processor {
        match who {
            Who::Current => std::mem::take(&mut self.world.processor),
            Who::Zombie => self
                .world
                .zombie
                .as_mut()
                .map(|z| std::mem::take(&mut z.processor))
                .unwrap_or_default(),
        }
    }

    fn put(&mut self, who: Who, p: Processor) {
        match who {
            Who::Current => self.world.processor = p,
            Who::Zombie => {
                if let Some(z) = self.world.zombie.as_mut() {
                    z.processor = p;
                }
            }
        }
    }

    pub(super) fn queue(&mut self, who: Who) -> &mut VecDeque<Op> {
        match who {
            Who::Current => &mut self.proc_q,
            Who::Zombie => &mut self.zombie_q,
        }
    }

    /// Runs one operation for `who` and returns its step.
    pub(super) fn exec(&mut self, who: Who, op: Op) -> Step {
        let mut p = self.take(who);
        let step = self.run(&mut p, who, op);
        self.put(who, p);
        let seq = match op.kind {
            OpKind::Send { seq, .. } => seq,
            _ => 0,
        };
        self.last_step = LastStep {
            kind: step.kind,
            event: step.event,
            applied: step.outcome == Outcome::Applied,
            zombie: step.zombie,
            attempt: step.attempt,
            rec: op.rec,
            offset_seq: seq,
        };
        step
    }

    /// The instance `who` was refused: a zombie stops; the live processor
    /// re-initialises from committed state (Kafka Streams' task migration, Flink's
    /// failover).
    pub(super) fn fail_over(&mut self, p: &mut Processor, who: Who, cause: StepIx) {
        match who {
            Who::Zombie => self.zombie_q.clear(),
            Who::Current => {
                self.proc_q.clear();
                p.uncommitted.clear();
                p.open_txn = None;
                self.push_recovery(Some(cause));
            }
        }
    }

    pub(super) fn wake_zombie(&mut self, who: Who) {
        if who != Who::Current {
            return;
        }
        if let Some(z) = self.world.zombie.as_mut() {
            if !z.awake {
                z.awake = true;
                self.zombie_q
                    .push_front(Op::new(OpKind::Wake, None, Some(self.n)));
            }
        }
    }

    /// Whether `p` may still write in its Kafka transaction.
    pub(super) fn kafka_check(&self, p: &Processor) -> Result<(), Why> {
        let current = self
            .world
            .coordinator
            .epoch_of(&p.session.transactional_id)
            .unwrap_or(0);
        if current > p.session.epoch {
            return Err(Why::ProducerFenced);
        }
        match p.open_txn.and_then(|t| self.world.coordinator.txn(t)) {
            Some(t) if t.state != TxnState::Open => Err(Why::TxnAborted),
            _ => Ok(()),
        }
    }

    pub(super) fn sink_txn_expired(&self, id: TxnId) -> bool {
        self.world.sink.txn(id).is_some_and(|t| {
            self.world.clock_ms.saturating_sub(t.opened_ms) > self.knobs.sink_txn_timeout_ms
        })
    }

    fn run(&mut self, p: &mut Processor, who: Who, op: Op) -> Step {
        use OpKind as K;
        let me = self.n;
        let rec = op.rec;
        let ev = rec.map(|r| r.event);
        let mut s = self.blank(StepKind::Read, Actor::Processor, Actor::Processor);
        s.event = ev;
        s.cause = op.cause;
        s.zombie = who == Who::Zombie;
        s.partition = rec.map(|r| r.p).unwrap_or(0);
        s.attempt = Attempt {
            instance: p.instance,
            delivery: ev.map(|e| self.deliveries[e as usize]).unwrap_or(0),
        };
        match op.kind {
            K::Send { seq, retry } => self.send(&mut s, rec, seq, retry),
            K::Resend => self.resend(&mut s, rec),
            K::ProducerRestart => self.producer_restart(&mut s),
            K::GiveUp => self.give_up(&mut s),
            K::ConnectorRead => self.connector_read(&mut s, rec, me),
            K::ConnectorWrite => self.connector_write(&mut s, rec, me),
            K::ConnectorCommit => self.connector_commit(&mut s),
            K::ConnectorRestart => self.connector_restart(&mut s),
            K::Ack => self.op_ack(&mut s),
            K::Poll => self.op_poll(p, who, op, &mut s),
            K::UpdateState => self.op_update_state(p, who, &mut s),
            K::SinkWrite => self.op_sink_write(p, who, op, &mut s),
            K::DedupCheck => self.op_dedup_check(who, op, &mut s),
            K::RecordSeen => self.op_record_seen(op, &mut s),
            K::CommitOffset => self.op_commit_offset(p, who, &mut s),
            K::BeginTxn => self.op_begin_txn(p, &mut s),
            K::Produce { retry } => self.op_produce(p, who, retry, &mut s),
            K::SendOffsets => self.send_offsets(p, who, &mut s),
            K::AbortOwnTxn(t) => self.abort_own_txn(p, &mut s, t),
            K::CommitTxn => self.op_commit_txn(p, who, op, &mut s),
            K::Markers(id) => self.op_markers(p, id, &mut s),
            K::TimeoutAbort(id) => self.op_timeout_abort(id, &mut s),
            K::ExternalCall { retry } => self.op_external_call(p, who, op, retry, &mut s),
            K::ProviderDone { key, awaited } => self.op_provider_done(key, awaited, &mut s),
            K::PreCommit => self.op_pre_commit(p, who, &mut s),
            K::CheckpointComplete => self.op_checkpoint_complete(p, who, &mut s),
            K::Notify(_) => self.op_notify(who, op, &mut s),
            K::SinkCommit { txn, .. } => self.op_sink_commit(txn, &mut s),
            K::SinkRollback(txn) => self.op_sink_rollback(who, op, txn, &mut s),
            K::OutboxWrite => self.op_outbox_write(&mut s),
            K::RelayPublish => self.op_relay_publish(&mut s),
            K::Consume(off) => self.op_consume(off, &mut s),
            K::RelayPosition => self.op_relay_position(&mut s),
            K::RelayRestart => self.op_relay_restart(&mut s),
            K::Restart => self.op_restart(p, &mut s),
            K::Assign => self.op_assign(p, &mut s),
            K::FetchOffsets => self.fetch_offsets(p, who, &mut s),
            K::Revoke => self.revoke(p, &mut s, op.cause),
            K::InitTxn => self.op_init_txn(p, &mut s),
            K::RestoreState => self.op_restore_state(p, who, &mut s),
            K::Wake => self.op_wake(p, &mut s),
            K::Merge => self.op_merge(&mut s),
            K::Read => self.op_read(&mut s),
        }
        s
    }

    /// The broker's acknowledgement reaches the producer.
    fn op_ack(&mut self, s: &mut Step) {
        s.kind = StepKind::Ack;
        s.from = Actor::InputTopic;
        s.to = Actor::Producer;
        s.attempt = Attempt::default();
        self.world.producer.acked += 1;
        s.changed = Changed(Changed::PRODUCER);
    }

    /// The processor polls a record and queues what its design does with it.
    fn op_poll(&mut self, p: &mut Processor, who: Who, op: Op, s: &mut Step) {
        let me = self.n;
        let rec = op.rec;
        s.kind = StepKind::Poll;
        s.from = Actor::InputTopic;
        s.to = Actor::Processor;
        if let Some(r) = rec {
            let pi = r.p as usize;
            p.position[pi] = r.off + 1;
            self.deliveries[r.event as usize] += 1;
            s.attempt.delivery = self.deliveries[r.event as usize];
            s.offset = Some(r.off);
            p.uncommitted.push((r.p, r.off));
            if r.off < self.polled_to[pi] && s.cause.is_none() {
                s.cause = self.reset_by[pi];
            }
            self.polled_to[pi] = self.polled_to[pi].max(r.off + 1);
            let ops = self.record_ops();
            let q = self.queue(who);
            for &k in ops.iter().rev() {
                q.push_front(Op::new(k, rec, Some(me)));
            }
        }
        s.changed = Changed(Changed::PROCESSOR);
    }

    /// The record is applied to the state store (and, in a transaction, its changelog).
    fn op_update_state(&mut self, p: &mut Processor, who: Who, s: &mut Step) {
        let ev = s.event;
        let amount = ev.map(|e| self.event(e).amount).unwrap_or(0);
        s.kind = StepKind::UpdateState;
        s.to = Actor::StateStore;
        if let Some(e) = ev {
            let key = self.event(e).key.clone();
            if who == Who::Current {
                self.world.store.apply(&key, amount, e);
                s.changed = Changed(Changed::STORE);
            }
            if let Some(t) = p.open_txn {
                if let Some(t) = self.world.coordinator.txn_mut(t) {
                    t.changelog.push((key, amount, e));
                    s.txn = Some(t.id);
                }
            }
        }
    }

    /// The consumer commits its position; a stale generation is refused.
    fn op_commit_offset(&mut self, p: &mut Processor, who: Who, s: &mut Step) {
        let me = self.n;
        s.kind = StepKind::CommitOffset;
        s.to = Actor::InputTopic;
        s.offset = p.position.get(s.partition as usize).copied();
        s.offsets = kafka::several(&p.position);
        if p.generation < self.world.group.generation {
            s.outcome = Outcome::Refused(Why::StaleGeneration);
            self.fail_over(p, who, me);
        } else {
            self.world.group.committed.clone_from(&p.position);
            if !self.spec.checkpoints {
                // (Auto-committed offsets do not end a checkpoint's batch.)
                p.uncommitted.clear();
            }
            s.changed = Changed(Changed::OFFSETS);
            self.wake_zombie(who);
        }
    }

    /// The processor opens a Kafka transaction.
    fn op_begin_txn(&mut self, p: &mut Processor, s: &mut Step) {
        s.kind = StepKind::BeginTxn;
        s.to = Actor::Coordinator;
        let id = self.next_txn;
        self.next_txn += 1;
        self.world.coordinator.txns.push(Txn {
            id,
            transactional_id: p.session.transactional_id.clone(),
            producer_id: p.session.producer_id,
            epoch: p.session.epoch,
            state: TxnState::Open,
            started_ms: self.world.clock_ms,
            offsets: Vec::new(),
            changelog: Vec::new(),
            instance: p.instance,
        });
        p.open_txn = Some(id);
        s.txn = Some(id);
        s.changed = Changed(Changed::TXNS);
    }

    /// The processor writes its result to the output topic, inside its transaction.
    fn op_produce(&mut self, p: &mut Processor, who: Who, retry: bool, s: &mut Step) {
        let me = self.n;
        let ev = s.event;
        let amount = ev.map(|e| self.event(e).amount).unwrap_or(0);
        s.kind = StepKind::Produce;
        s.to = Actor::OutputTopic;
        s.txn = p.open_txn;
        if let Err(why) = self.kafka_check(p) {
            s.outcome = Outcome::Refused(why);
            self.fail_over(p, who, me);
        } else if retry {
            // Transactional producers are idempotent: the broker returns the
            // original ack for a sequence it already wrote.
            s.outcome = Outcome::NoOp(Why::DuplicateSequence);
        } else {
            s.offset = Some(self.world.output.log.len() as u64);
            self.world
                .output
                .log
                .push(OutputEntry::Record(OutputRecord {
                    event: ev.unwrap_or(0),
                    value: amount,
                    txn: p.open_txn,
                    attempt: s.attempt,
                    outbox_id: None,
                    step: me,
                }));
            p.session.sequence += 1;
            s.changed = Changed(Changed::OUTPUT);
            if self.knobs.isolation == Isolation::ReadUncommitted {
                s.changed.0 |= Changed::READER;
            }
        }
    }

    /// The processor asks the coordinator to commit its transaction.
    fn op_commit_txn(&mut self, p: &mut Processor, who: Who, op: Op, s: &mut Step) {
        let me = self.n;
        let rec = op.rec;
        s.kind = StepKind::CommitTxn;
        s.to = Actor::Coordinator;
        s.txn = p.open_txn;
        if let Err(why) = self.kafka_check(p) {
            s.outcome = Outcome::Refused(why);
            self.fail_over(p, who, me);
        } else if let Some(id) = p.open_txn.take() {
            if let Some(t) = self.world.coordinator.txn_mut(id) {
                t.state = TxnState::PrepareCommit;
            }
            self.coord_q
                .push_back(Op::new(OpKind::Markers(id), rec, Some(me)));
            p.uncommitted.clear();
            s.changed = Changed(Changed::TXNS);
        }
    }

    /// The coordinator writes the commit or abort markers and applies what the transaction held.
    fn op_markers(&mut self, p: &mut Processor, id: TxnId, s: &mut Step) {
        s.kind = StepKind::TxnMarkers;
        s.from = Actor::Coordinator;
        s.to = Actor::OutputTopic;
        s.txn = Some(id);
        s.attempt = Attempt::default();
        let live = p.instance;
        let mut woke = false;
        let coordinator = &mut self.world.coordinator;
        let ix = coordinator.txns.binary_search_by_key(&id, |t| t.id).ok();
        if let Some(t) = ix.map(|i| &mut coordinator.txns[i]) {
            let commit = t.state == TxnState::PrepareCommit;
            t.state = if commit {
                TxnState::Committed
            } else {
                TxnState::Aborted
            };
            s.outcome = if commit {
                Outcome::Applied
            } else {
                Outcome::Refused(Why::TxnAborted)
            };
            if commit {
                for &(part, off) in &t.offsets {
                    if let Some(c) = self.world.group.committed.get_mut(part as usize) {
                        *c = off;
                    }
                }
                for (key, amount, e) in &t.changelog {
                    coordinator.committed_store.apply(key, *amount, *e);
                }
                woke = t.instance == live;
                s.changed = Changed(Changed::OFFSETS | Changed::STORE);
            }
            s.offset = Some(self.world.output.log.len() as u64);
            self.world
                .output
                .log
                .push(OutputEntry::Marker { txn: id, commit });
        }
        s.changed.0 |= Changed::TXNS | Changed::OUTPUT | Changed::READER;
        if woke {
            self.wake_zombie(Who::Current);
        }
    }

    /// The coordinator aborts a transaction past its timeout and bumps the epoch.
    fn op_timeout_abort(&mut self, id: TxnId, s: &mut Step) {
        s.kind = StepKind::TxnMarkers;
        s.from = Actor::Coordinator;
        s.to = Actor::OutputTopic;
        s.txn = Some(id);
        s.attempt = Attempt::default();
        s.outcome = Outcome::Refused(Why::TxnAborted);
        if let Some(t) = self.world.coordinator.txn_mut(id) {
            t.state = TxnState::Aborted;
            let tid = t.transactional_id.clone();
            // The coordinator bumps the epoch so the stalled producer is fenced.
            if let Some(entry) = self
                .world
                .coordinator
                .epochs
                .iter_mut()
                .find(|(x, _, _)| *x == tid)
            {
                entry.1 += 1;
            }
        }
        s.offset = Some(self.world.output.log.len() as u64);
        self.world.output.log.push(OutputEntry::Marker {
            txn: id,
            commit: false,
        });
        s.changed = Changed(Changed::TXNS | Changed::OUTPUT | Changed::READER | Changed::CLOCK);
    }

    /// The checkpoint barrier: the sink transaction is pre-committed, the state snapshotted.
    fn op_pre_commit(&mut self, p: &mut Processor, who: Who, s: &mut Step) {
        let me = self.n;
        s.kind = StepKind::PreCommit;
        s.to = if self.knobs.two_phase {
            Actor::Sink
        } else {
            Actor::StateStore
        };
        s.txn = p.open_txn;
        let id = self.world.coordinator.next_checkpoint + 1;
        s.offset = Some(u64::from(id));
        if who == Who::Zombie {
            s.outcome = Outcome::Refused(Why::TaskCancelled);
            self.fail_over(p, who, me);
        } else if p.open_txn.is_some_and(|t| self.sink_txn_expired(t)) {
            s.outcome = Outcome::Refused(Why::TxnExpired);
            if let Some(t) = p.open_txn {
                self.abort_sink_txn(t);
            }
            self.fail_over(p, who, me);
        } else {
            if let Some(t) = p.open_txn.and_then(|t| self.world.sink.txn_mut(t)) {
                t.state = SinkTxnState::PreCommitted;
                t.checkpoint = Some(id);
            }
            self.world.coordinator.in_progress = Some(Checkpoint {
                id,
                offsets: p.position.clone(),
                state: self.world.store.snapshot(),
                pending_txn: p.open_txn.take(),
            });
            p.uncommitted.clear();
            s.changed = Changed(Changed::TXNS);
        }
    }

    /// The checkpoint completes (with the source offsets, if they are atomic).
    fn op_checkpoint_complete(&mut self, p: &mut Processor, who: Who, s: &mut Step) {
        let me = self.n;
        s.kind = StepKind::CheckpointComplete;
        s.to = Actor::Coordinator;
        if who == Who::Zombie {
            s.outcome = Outcome::Refused(Why::TaskCancelled);
            self.fail_over(p, who, me);
        } else if let Some(cp) = self.world.coordinator.in_progress.take() {
            s.offset = Some(u64::from(cp.id));
            s.txn = cp.pending_txn;
            self.world.coordinator.next_checkpoint = cp.id;
            if self.knobs.atomic_offsets {
                self.world.group.committed.clone_from(&cp.offsets);
            }
            self.world.coordinator.checkpoints.push(cp);
            s.changed = Changed(Changed::TXNS | Changed::OFFSETS);
            self.wake_zombie(who);
        }
    }

    /// The coordinator tells the sink the checkpoint completed: commit its transaction.
    fn op_notify(&mut self, who: Who, op: Op, s: &mut Step) {
        let me = self.n;
        let rec = op.rec;
        s.kind = StepKind::NotifyComplete;
        s.from = Actor::Coordinator;
        s.to = Actor::Processor;
        if let Some(cp) = self.world.coordinator.checkpoints.last() {
            s.offset = Some(u64::from(cp.id));
            s.txn = cp.pending_txn;
            if let Some(t) = cp.pending_txn {
                self.queue(who).push_front(Op::new(
                    OpKind::SinkCommit {
                        txn: t,
                        recommit: false,
                    },
                    rec,
                    Some(me),
                ));
            }
        }
    }

    /// The sink commits a pre-committed transaction, once (idempotent commit) or again.
    fn op_sink_commit(&mut self, txn: TxnId, s: &mut Step) {
        let me = self.n;
        s.kind = StepKind::SinkCommit;
        s.to = Actor::Sink;
        s.txn = Some(txn);
        let state = self.world.sink.txn(txn).map(|t| t.state);
        let recorded = self.committed_txns.contains(&txn);
        match state {
            Some(SinkTxnState::Committed) if self.knobs.idempotent_commit && recorded => {
                s.outcome = Outcome::NoOp(Why::AlreadyCommitted);
            }
            Some(SinkTxnState::Aborted) | None => {
                s.outcome = Outcome::Refused(Why::TxnExpired);
            }
            Some(SinkTxnState::PreCommitted | SinkTxnState::Open) if self.sink_txn_expired(txn) => {
                self.abort_sink_txn(txn);
                s.outcome = Outcome::Refused(Why::TxnExpired);
                s.changed = Changed(Changed::TXNS);
            }
            Some(_) => {
                let staged = self
                    .world
                    .sink
                    .txn(txn)
                    .map(|t| t.staged.clone())
                    .unwrap_or_default();
                for w in staged {
                    self.apply_row(self.sink_write, w.event, w.id, w.set_to, w.attempt, me);
                }
                if let Some(t) = self.world.sink.txn_mut(txn) {
                    t.state = SinkTxnState::Committed;
                }
                if self.knobs.idempotent_commit {
                    self.world.sink.committed_txns.push(txn);
                    self.committed_txns.insert(txn);
                }
                s.changed = Changed(Changed::SINK | Changed::TXNS | Changed::READER);
            }
        }
    }

    /// A sink transaction is rolled back (or found expired).
    fn op_sink_rollback(&mut self, who: Who, op: Op, txn: TxnId, s: &mut Step) {
        s.kind = StepKind::AbortTxn;
        s.to = Actor::Sink;
        s.txn = Some(txn);
        s.attempt = Attempt::default();
        let expired = self.sink_txn_expired(txn);
        if expired && who == Who::Current && op.cause.is_none() {
            s.from = Actor::Sink;
            s.outcome = Outcome::Refused(Why::TxnExpired);
        }
        self.abort_sink_txn(txn);
        s.changed = Changed(Changed::TXNS);
    }

    /// The business row and the outbox row, in one database transaction.
    fn op_outbox_write(&mut self, s: &mut Step) {
        let me = self.n;
        let ev = s.event;
        let amount = ev.map(|e| self.event(e).amount).unwrap_or(0);
        s.kind = StepKind::OutboxWrite;
        s.to = Actor::Sink;
        let e = ev.unwrap_or(0);
        let id = &self.event(e).id;
        let exists = self.sink_write == SinkWrite::Upsert && self.row_index.contains_key(id);
        if exists {
            s.outcome = Outcome::NoOp(Why::RowExists);
        } else {
            self.apply_row(self.sink_write, e, IdKey::Event(e), None, s.attempt, me);
            let oid = self.next_outbox;
            self.next_outbox += 1;
            self.world.outbox.rows.push(OutboxRow {
                id: oid,
                event: e,
                value: amount,
            });
            s.offset = Some(u64::from(oid));
            s.changed = Changed(Changed::SINK | Changed::OUTBOX);
        }
    }

    /// The CDC relay publishes the next outbox row to the topic.
    fn op_relay_publish(&mut self, s: &mut Step) {
        let me = self.n;
        s.kind = StepKind::RelayPublish;
        s.from = Actor::Relay;
        s.to = Actor::OutputTopic;
        let relay = &mut self.world.outbox.relay;
        s.attempt = Attempt {
            instance: relay.instance,
            delivery: 1,
        };
        if let Some(row) = self.world.outbox.rows.get(relay.position as usize).cloned() {
            relay.position += 1;
            let off = self.world.output.log.len();
            s.offset = Some(off as u64);
            self.world
                .output
                .log
                .push(OutputEntry::Record(OutputRecord {
                    event: row.event,
                    value: row.value,
                    txn: None,
                    attempt: s.attempt,
                    outbox_id: Some(row.id),
                    step: me,
                }));
            s.changed = Changed(Changed::OUTPUT | Changed::OUTBOX);
        }
    }

    /// The downstream consumer applies a record of the outbox topic.
    fn op_consume(&mut self, off: usize, s: &mut Step) {
        let me = self.n;
        s.kind = StepKind::Consume;
        s.from = Actor::OutputTopic;
        s.to = Actor::Reader;
        s.attempt = Attempt::default();
        self.world.outbox.consumer.position = off + 1;
        s.offset = Some(off as u64);
        let rec = self
            .world
            .output_record(off)
            .map(|r| (r.event, r.outbox_id.unwrap_or(0), r.step));
        if let Some((e, oid, published)) = rec {
            s.event = Some(e);
            s.cause = Some(published);
            let c = &mut self.world.outbox.consumer;
            let oi = oid as usize;
            if self.consumer_seen.len() <= oi {
                self.consumer_seen.resize(oi + 1, false);
            }
            if self.knobs.consumer_dedup && self.consumer_seen[oi] {
                s.outcome = Outcome::NoOp(Why::AlreadySeen);
            } else {
                if !self.consumer_seen[oi] {
                    self.consumer_seen[oi] = true;
                    c.seen.push(oid);
                }
                c.applied.push((e, oid, me));
                s.changed = Changed(Changed::READER);
            }
        }
    }

    /// The CDC relay records how far it has published.
    fn op_relay_position(&mut self, s: &mut Step) {
        s.kind = StepKind::RelayPosition;
        s.from = Actor::Relay;
        s.to = Actor::Relay;
        s.attempt = Attempt::default();
        let relay = &mut self.world.outbox.relay;
        relay.recorded = relay.position;
        s.offset = Some(u64::from(relay.recorded));
        s.changed = Changed(Changed::OUTBOX);
    }

    /// The CDC relay restarts from the position it recorded.
    fn op_relay_restart(&mut self, s: &mut Step) {
        s.kind = StepKind::Restart;
        s.from = Actor::Relay;
        s.to = Actor::Relay;
        self.world.clock_ms = self.world.clock_ms.saturating_add(self.knobs.restart_ms);
        let relay = &mut self.world.outbox.relay;
        relay.instance += 1;
        s.attempt = Attempt {
            instance: relay.instance,
            delivery: 0,
        };
        s.offset = Some(u64::from(relay.recorded));
        s.changed = Changed(Changed::OUTBOX | Changed::CLOCK);
    }

    /// A crashed processor comes back as a new instance and joins the group.
    fn op_restart(&mut self, p: &mut Processor, s: &mut Step) {
        s.kind = StepKind::Restart;
        self.world.clock_ms = self.world.clock_ms.saturating_add(self.knobs.restart_ms);
        p.instance += 1;
        self.join_group(p);
        s.attempt = Attempt {
            instance: p.instance,
            delivery: 0,
        };
        s.changed = Changed(Changed::PROCESSOR | Changed::CLOCK);
    }

    /// The group hands the partitions to a new member (after a paused one's session timed out).
    fn op_assign(&mut self, p: &mut Processor, s: &mut Step) {
        s.kind = StepKind::Assign;
        s.from = Actor::InputTopic;
        if self.world.zombie.as_ref().is_some_and(|z| !z.awake) {
            // The group notices the paused member only after its session times out.
            self.world.clock_ms = self.world.clock_ms.saturating_add(self.knobs.restart_ms);
            s.changed.0 |= Changed::CLOCK;
        }
        self.join_group(p);
        s.attempt = Attempt {
            instance: p.instance,
            delivery: 0,
        };
        s.offset = Some(u64::from(p.generation));
        s.changed.0 |= Changed::PROCESSOR;
    }

    /// `initTransactions`: a new epoch for the transactional id, its open transactions aborted.
    fn op_init_txn(&mut self, p: &mut Processor, s: &mut Step) {
        let me = self.n;
        s.kind = StepKind::InitTxn;
        s.to = Actor::Coordinator;
        let tid = p.session.transactional_id.clone();
        let epoch = match self
            .world
            .coordinator
            .epochs
            .iter_mut()
            .find(|(t, _, _)| *t == tid)
        {
            Some(entry) => {
                entry.1 += 1;
                entry.1
            }
            None => {
                self.world
                    .coordinator
                    .epochs
                    .push((tid.clone(), 0, p.session.producer_id));
                0
            }
        };
        p.session.epoch = epoch;
        s.offset = Some(u64::from(epoch));
        // Fencing: transactions the previous holder of this id left open are aborted.
        let open: Vec<TxnId> = self
            .world
            .coordinator
            .txns
            .iter()
            .filter(|t| t.transactional_id == tid && t.state == TxnState::Open)
            .map(|t| t.id)
            .collect();
        for t in open {
            self.begin_abort(t, Some(me));
        }
        s.changed = Changed(Changed::TXNS);
    }

    /// The state store is rebuilt: from the checkpoint, or from the committed changelog.
    fn op_restore_state(&mut self, p: &mut Processor, who: Who, s: &mut Step) {
        s.kind = StepKind::RestoreState;
        if self.spec.checkpoints {
            self.restore_checkpoint(p, who, s);
        } else {
            s.from = Actor::StateStore;
            self.world.store = self.world.coordinator.committed_store.clone();
            s.changed = Changed(Changed::STORE);
        }
    }

    /// The job goes back to its last completed checkpoint: state (if restored) and
    /// offsets (if atomic) from it; its pending sink transaction is committed again,
    /// any other open one rolled back.
    fn restore_checkpoint(&mut self, p: &mut Processor, who: Who, s: &mut Step) {
        let me = self.n;
        s.from = Actor::Coordinator;
        let cp = self.world.coordinator.checkpoints.last().cloned();
        let parts = self.world.input.partitions.len();
        match &cp {
            _ if !self.knobs.restore_state => {}
            Some(c) => self.world.store.restore(&c.state),
            None => self.world.store = StateStore::default(),
        }
        p.position = match &cp {
            _ if !self.knobs.atomic_offsets => self.world.group.committed.clone(),
            Some(c) => c.offsets.clone(),
            None => vec![0; parts],
        };
        p.uncommitted.clear();
        for r in &mut self.reset_by {
            *r = Some(me);
        }
        s.offset = cp.as_ref().map(|c| u64::from(c.id));
        self.world.coordinator.in_progress = None;
        let pending = cp.as_ref().and_then(|c| c.pending_txn);
        let stale: Vec<TxnId> = self
            .world
            .sink
            .txns
            .iter()
            .filter(|t| {
                matches!(t.state, SinkTxnState::Open | SinkTxnState::PreCommitted)
                    && Some(t.id) != pending
            })
            .map(|t| t.id)
            .collect();
        let q = self.queue(who);
        if let Some(t) = pending {
            q.push_front(Op::new(
                OpKind::SinkCommit {
                    txn: t,
                    recommit: true,
                },
                None,
                Some(me),
            ));
        }
        for t in stale.into_iter().rev() {
            q.push_front(Op::new(OpKind::SinkRollback(t), None, Some(me)));
        }
        s.changed = Changed(Changed::STORE | Changed::PROCESSOR);
    }

    /// A paused instance resumes.
    fn op_wake(&mut self, p: &mut Processor, s: &mut Step) {
        s.kind = StepKind::Wake;
        s.attempt = Attempt {
            instance: p.instance,
            delivery: 0,
        };
    }

    /// The downstream MERGE job copies the raw table's first row per key.
    fn op_merge(&mut self, s: &mut Step) {
        s.kind = StepKind::Merge;
        s.from = Actor::Sink;
        s.to = Actor::Sink;
        s.attempt = Attempt::default();
        let sink = &mut self.world.sink;
        for row in &sink.rows {
            if !self.merged_index.contains_key(&row.key) {
                self.merged_index.insert(row.key.clone(), sink.merged.len());
                sink.merged.push(row.clone());
            }
        }
        sink.merged_once = true;
        s.changed = Changed(Changed::SINK | Changed::READER);
    }

    /// The downstream reader reads what its design makes visible.
    fn op_read(&mut self, s: &mut Step) {
        s.kind = StepKind::Read;
        s.from = self.spec.shape_of(self.knobs).reads;
        s.to = Actor::Reader;
        s.attempt = Attempt::default();
        s.changed = Changed(Changed::READER);
    }

    /// `p` joins the consumer group as a new member: a new generation and, for the
    /// transactional designs, a producer session of its own.
    fn join_group(&mut self, p: &mut Processor) {
        p.status = ProcessorStatus::Running;
        self.world.group.generation += 1;
        p.generation = self.world.group.generation;
        if self.spec.kafka_transactional {
            p.session = self.new_session(p.instance);
        }
    }

    pub(super) fn abort_sink_txn(&mut self, id: TxnId) {
        if let Some(t) = self.world.sink.txn_mut(id) {
            if t.state != SinkTxnState::Committed {
                t.state = SinkTxnState::Aborted;
            }
        }
    }
}

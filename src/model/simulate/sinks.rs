//! The sink side: database writes, the seen-id store, and the external provider
//! with its idempotency keys. Each function is one operation of the step function.

use super::*;
use crate::model::scenario::IdSource;
use crate::model::trace::Note;

/// One request the provider is still processing: it finishes at `due`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Pending {
    /// When the provider is done with it.
    due: u64,
    /// The live instance blocked waiting for its response, if any.
    awaited_by: Option<u32>,
    /// The key it is stored under, if it carries one.
    key: Option<IdKey>,
    rec: Option<Rec>,
    cause: Option<StepIx>,
}

/// A tag that tells one attempt at an event from another (never 0).
fn attempt_tag(attempt: Attempt, retry_step: StepIx) -> u32 {
    attempt
        .instance
        .wrapping_mul(1_000_003)
        .wrapping_add(attempt.delivery.wrapping_mul(7919))
        .wrapping_add(retry_step)
        | 1
}

impl<'a> Sim<'a> {
    /// The id (or idempotency key) of event `e` for this attempt, from the `ids` knob.
    /// A retry of an external call is an attempt of its own (`retry_step` ≠ 0).
    pub(super) fn id_for(&self, e: EventIx, attempt: Attempt, retry_step: StepIx) -> IdKey {
        match self.knobs.ids {
            IdSource::Stable => IdKey::Event(e),
            IdSource::PerAttempt => IdKey::Fresh(e, attempt_tag(attempt, retry_step)),
            IdSource::RecordKey => {
                IdKey::Shared(self.first_with_key.get(e as usize).copied().unwrap_or(e))
            }
        }
    }

    /// The primary key a per-event row gets for `id`.
    pub(super) fn row_key(&self, id: IdKey) -> String {
        match id {
            IdKey::Event(e) => self.event(e).id.clone(),
            IdKey::Fresh(e, tag) => IdKey::uuid(e, tag),
            IdKey::Shared(e) => self.event(e).key.clone(),
        }
    }

    /// What a `set-total` write sets the key's row to: the state store's total and the
    /// events behind it (`None` for the other writes).
    pub(super) fn set_to(&self, e: EventIx) -> Option<(i64, Vec<EventIx>)> {
        if self.sink_write != SinkWrite::SetTotal {
            return None;
        }
        let ev = self.event(e);
        self.world
            .store
            .get(&ev.key)
            .map(|s| (s.total, s.applied.clone()))
            .or(Some((0, Vec::new())))
    }

    /// The first event a value counts more than once, if any.
    fn counted_twice(events: &[EventIx]) -> Option<EventIx> {
        events
            .iter()
            .enumerate()
            .find(|(i, e)| events[..*i].contains(e))
            .map(|(_, &e)| e)
    }

    /// The processor writes the sink: staged in a sink transaction (two-phase commit),
    /// refused by an atomic seen-id insert, or applied to the table.
    pub(super) fn op_sink_write(&mut self, p: &mut Processor, who: Who, op: Op, s: &mut Step) {
        let me = self.n;
        s.kind = StepKind::SinkWrite;
        s.to = Actor::Sink;
        let e = op.rec.map(|r| r.event).unwrap_or(0);
        let id = self.id_for(e, s.attempt, 0);
        s.id = Some(id);
        let set_to = self.set_to(e);
        s.note = set_to
            .as_ref()
            .and_then(|(_, evs)| Self::counted_twice(evs))
            .map(Note::CountedTwice);
        if self.spec.checkpoints && self.knobs.two_phase {
            self.stage_write(p, who, e, id, set_to, s);
            return;
        }
        let atomic_dedup = self.spec.seen_ids && self.knobs.dedup_atomic;
        if atomic_dedup {
            self.note_eviction(id, s);
            if self.seen_recently(id) {
                // The seen id is inserted in the same transaction as the row: its
                // unique key rolls the whole write back.
                s.outcome = Outcome::NoOp(Why::AlreadySeen);
                return;
            }
        }
        s.outcome = self.apply_row(self.sink_write, e, id, set_to, s.attempt, me);
        s.changed = Changed(Changed::SINK | Changed::READER);
        if atomic_dedup {
            self.record_seen(id, e);
            s.changed.0 |= Changed::SEEN;
        }
    }

    /// A write inside the open sink transaction (opened on first use).
    fn stage_write(
        &mut self,
        p: &mut Processor,
        who: Who,
        e: EventIx,
        id: IdKey,
        set_to: Option<(i64, Vec<EventIx>)>,
        s: &mut Step,
    ) {
        let me = self.n;
        let txn = match p.open_txn {
            Some(t) => t,
            None => {
                let t = self.next_txn;
                self.next_txn += 1;
                self.world.sink.txns.push(SinkTxn {
                    id: t,
                    staged: Vec::new(),
                    state: SinkTxnState::Open,
                    opened_ms: self.world.clock_ms,
                    checkpoint: None,
                });
                p.open_txn = Some(t);
                t
            }
        };
        s.txn = Some(txn);
        if self.sink_txn_expired(txn) {
            s.outcome = Outcome::Refused(Why::TxnExpired);
            self.abort_sink_txn(txn);
            self.fail_over(p, who, me);
            return;
        }
        if let Some(t) = self.world.sink.txn_mut(txn) {
            t.staged.push(StagedWrite {
                event: e,
                id,
                set_to,
                attempt: s.attempt,
                step: me,
            });
        }
        s.changed = Changed(Changed::SINK | Changed::TXNS);
    }

    /// Applies one event to the table the reader queries.
    pub(super) fn apply_row(
        &mut self,
        how: SinkWrite,
        e: EventIx,
        id: IdKey,
        set_to: Option<(i64, Vec<EventIx>)>,
        attempt: Attempt,
        step: StepIx,
    ) -> Outcome {
        let set_to = match how {
            SinkWrite::SetSum => Some(self.insert_and_sum(e, id, attempt, step)),
            _ => set_to,
        };
        let ev = &self.sc.workload.events[e as usize];
        let key = if how.is_aggregate() {
            ev.key.clone()
        } else {
            self.row_key(id)
        };
        let rows = &mut self.world.sink.rows;
        let existing = match how {
            SinkWrite::Insert => None,
            _ => self.row_index.get(&key).and_then(|&i| rows.get_mut(i)),
        };
        match existing {
            Some(r) => {
                match how {
                    SinkWrite::Increment => {
                        r.value = r.value.saturating_add(ev.amount);
                        r.events.push(e);
                    }
                    SinkWrite::SetTotal | SinkWrite::SetSum => {
                        let (total, events) = set_to.unwrap_or((0, Vec::new()));
                        r.value = total;
                        r.events = events;
                    }
                    _ => {
                        r.value = ev.amount;
                        r.events = vec![e];
                    }
                }
                r.attempt = attempt;
                r.step = step;
                r.writes += 1;
            }
            None => {
                let (value, events) = match (how, set_to) {
                    (SinkWrite::SetTotal | SinkWrite::SetSum, Some(s)) => s,
                    _ => (ev.amount, vec![e]),
                };
                if how != SinkWrite::Insert {
                    self.row_index.insert(key.clone(), rows.len());
                }
                rows.push(SinkRow {
                    key,
                    value,
                    events,
                    attempt,
                    step,
                    writes: 1,
                });
            }
        }
        Outcome::Applied
    }

    /// A `set-sum` write: `INSERT … ON CONFLICT (event_id) DO NOTHING` into the
    /// per-event table, then the total and events of the key's rows there.
    pub(super) fn insert_and_sum(
        &mut self,
        e: EventIx,
        id: IdKey,
        attempt: Attempt,
        step: StepIx,
    ) -> (i64, Vec<EventIx>) {
        let key = self.row_key(id);
        let ev = &self.sc.workload.events[e as usize];
        let sum = self.per_event_sums.entry(ev.key.clone()).or_default();
        if !self.per_event_index.contains_key(&key) {
            sum.0 = sum.0.saturating_add(ev.amount);
            sum.1.push(e);
            self.per_event_index
                .insert(key.clone(), self.world.sink.per_event.len());
            self.world.sink.per_event.push(SinkRow {
                key,
                value: ev.amount,
                events: vec![e],
                attempt,
                step,
                writes: 1,
            });
        }
        sum.clone()
    }

    // ------------------------------------------------------------ seen-id store

    /// The processor checks the seen-id store; a seen id drops the record's other steps.
    pub(super) fn op_dedup_check(&mut self, who: Who, op: Op, s: &mut Step) {
        s.kind = StepKind::DedupCheck;
        s.to = Actor::SeenIds;
        let Some(e) = op.rec.map(|r| r.event) else {
            return;
        };
        let id = self.id_for(e, s.attempt, 0);
        s.id = Some(id);
        self.note_eviction(id, s);
        if self.seen_recently(id) {
            s.outcome = Outcome::NoOp(Why::AlreadySeen);
            if let Some(other) = self.seen_for_other(id, e) {
                s.note = Some(Note::OtherEvent(other));
            }
            let rec = op.rec;
            self.queue(who).retain(|o| o.rec != rec);
        }
    }

    /// The processor records the event's id as seen (a write of its own).
    pub(super) fn op_record_seen(&mut self, op: Op, s: &mut Step) {
        s.kind = StepKind::RecordSeen;
        s.to = Actor::SeenIds;
        if let Some(e) = op.rec.map(|r| r.event) {
            let id = self.id_for(e, s.attempt, 0);
            s.id = Some(id);
            self.note_eviction(id, s);
            self.record_seen(id, e);
            s.changed = Changed(Changed::SEEN);
        }
    }

    /// Evicts ids older than the window and notes it on `s`: `Forgotten` when `id`
    /// itself was evicted, now or before.
    fn note_eviction(&mut self, id: IdKey, s: &mut Step) {
        let (n, own) = self.evict_seen(id);
        if own || self.seen_evicted.contains(&id) {
            s.note = Some(Note::Forgotten);
        } else if n > 0 {
            s.note = Some(Note::Evicted(n));
        }
        if n > 0 {
            s.changed.0 |= Changed::SEEN;
        }
    }

    /// A windowed store drops every id recorded longer ago than the window (ids are
    /// kept in the order they were recorded). Returns how many, and whether `id` was one.
    fn evict_seen(&mut self, id: IdKey) -> (u32, bool) {
        if self.knobs.dedup_unbounded {
            return (0, false);
        }
        let now = self.world.clock_ms;
        let window = self.knobs.dedup_window_ms;
        let ids = &self.world.seen.ids;
        let k = ids
            .iter()
            .position(|x| now.saturating_sub(x.at) <= window)
            .unwrap_or(ids.len());
        if k == 0 {
            return (0, false);
        }
        let mut own = false;
        for x in self.world.seen.ids.drain(..k) {
            own |= x.id == id;
            self.seen_at.remove(&x.id);
            self.seen_evicted.insert(x.id);
        }
        self.world.seen.evicted += k as u32;
        (k as u32, own)
    }

    /// Records `id` as seen now (an id recorded again moves to the end).
    pub(super) fn record_seen(&mut self, id: IdKey, e: EventIx) {
        let now = self.world.clock_ms;
        let seen = &mut self.world.seen;
        self.seen_evicted.remove(&id);
        if self.seen_at.insert(id, now).is_some() {
            seen.ids.retain(|x| x.id != id);
        }
        seen.ids.push(SeenId {
            id,
            event: e,
            at: now,
        });
        seen.peak = seen.peak.max(seen.ids.len() as u32);
    }

    /// Whether `id` is in the seen-id store (and, for a windowed store, inside the window).
    fn seen_recently(&self, id: IdKey) -> bool {
        self.seen_at.get(&id).is_some_and(|&at| {
            self.knobs.dedup_unbounded
                || self.world.clock_ms.saturating_sub(at) <= self.knobs.dedup_window_ms
        })
    }

    /// The other event `id` was recorded for, if it was (a shared record key).
    fn seen_for_other(&self, id: IdKey, e: EventIx) -> Option<EventIx> {
        self.world
            .seen
            .ids
            .iter()
            .rev()
            .find(|x| x.id == id)
            .map(|x| x.event)
            .filter(|&x| x != e)
    }

    // ------------------------------------------------------------ external provider

    /// The processor calls the provider. With a key the provider first looks it up:
    /// a stored result is returned, a request still in progress answers 409, a key
    /// used with other parameters answers 400; otherwise it acts and stores the key.
    pub(super) fn op_external_call(
        &mut self,
        p: &Processor,
        who: Who,
        op: Op,
        retry: bool,
        s: &mut Step,
    ) {
        let me = self.n;
        s.kind = StepKind::ExternalCall;
        s.to = Actor::External;
        let e = op.rec.map(|r| r.event).unwrap_or(0);
        if !self.knobs.idempotency_key {
            self.provider_acts(p, op, None, s);
            return;
        }
        let key = self.id_for(e, s.attempt, if retry { me } else { 0 });
        s.id = Some(key);
        if self.forget_keys(key) {
            s.note = Some(Note::KeyForgotten);
        }
        let Some(stored) = self.stored_key(key) else {
            self.provider_acts(p, op, Some(key), s);
            return;
        };
        let (first, state) = (stored.event, stored.state);
        if first != e {
            s.note = Some(Note::OtherEvent(first));
        }
        if first != e && !self.same_parameters(first, e) {
            s.outcome = Outcome::Refused(Why::KeyReused);
        } else if state == KeyState::InProgress {
            s.outcome = Outcome::Refused(Why::KeyInProgress);
            // Retry later: wait for the first request to finish, then send again.
            self.queue(who).push_front(Op::new(
                OpKind::ExternalCall { retry: true },
                op.rec,
                Some(me),
            ));
            if who == Who::Current {
                self.await_provider(key, p.instance);
            }
        } else {
            s.outcome = Outcome::NoOp(Why::KeyReplayed);
        }
    }

    /// Whether two events' requests carry the same parameters (customer and amount).
    fn same_parameters(&self, a: EventIx, b: EventIx) -> bool {
        let (a, b) = (self.event(a), self.event(b));
        a.key == b.key && a.amount == b.amount
    }

    /// The provider performs the effect, stores the key (in progress while it
    /// works), and answers at once or after `provider_ms`.
    fn provider_acts(&mut self, p: &Processor, op: Op, key: Option<IdKey>, s: &mut Step) {
        let me = self.n;
        let e = op.rec.map(|r| r.event).unwrap_or(0);
        let now = self.world.clock_ms;
        let slow = self.knobs.provider_ms > 0;
        let ext = &mut self.world.external;
        ext.effects.push(ExternalEffect {
            event: e,
            attempt: s.attempt,
            step: me,
        });
        if let Some(key) = key {
            self.key_index
                .insert(key, ext.forgotten as usize + ext.keys.len());
            ext.keys.push(StoredKey {
                key,
                event: e,
                at: now,
                effect: ext.effects.len() - 1,
                state: if slow {
                    KeyState::InProgress
                } else {
                    KeyState::Done
                },
            });
        }
        if slow {
            self.provider_q.push(Pending {
                due: now.saturating_add(self.knobs.provider_ms),
                awaited_by: (!s.zombie).then_some(p.instance),
                key,
                rec: op.rec,
                cause: Some(me),
            });
        }
        s.changed = Changed(Changed::EXTERNAL);
    }

    /// The provider drops keys older than their retention (keys are stored in time
    /// order, so the expired ones are a prefix); whether `key` was one.
    fn forget_keys(&mut self, key: IdKey) -> bool {
        let now = self.world.clock_ms;
        let keep = self.knobs.key_retention_ms;
        let ext = &mut self.world.external;
        let k = ext
            .keys
            .iter()
            .position(|x| now.saturating_sub(x.at) <= keep)
            .unwrap_or(ext.keys.len());
        let mut own = false;
        for x in ext.keys.drain(..k) {
            own |= x.key == key;
            self.key_index.remove(&x.key);
        }
        ext.forgotten += k as u32;
        own
    }

    /// Where `key` is in the provider's key store.
    fn key_ix(&self, key: IdKey) -> Option<usize> {
        let base = self.world.external.forgotten as usize;
        self.key_index.get(&key).map(|&abs| abs - base)
    }

    /// The key stored under `key`, if the provider still has it.
    fn stored_key(&self, key: IdKey) -> Option<&StoredKey> {
        self.key_ix(key)
            .and_then(|i| self.world.external.keys.get(i))
    }

    /// Instance `instance` blocks until the request under `key` is done.
    fn await_provider(&mut self, key: IdKey, instance: u32) {
        if let Some(r) = self.provider_q.iter_mut().find(|r| r.key == Some(key)) {
            r.awaited_by = Some(instance);
        }
    }

    /// After a timeout the client stops waiting for the response.
    pub(super) fn client_gives_up(&mut self) {
        for r in &mut self.provider_q {
            r.awaited_by = None;
        }
    }

    /// The provider's next finished request: one that is due, or one the live
    /// processor waits for (the clock then moves on to when it finishes). With
    /// `all`, any left at the end of the run.
    pub(super) fn provider_ready(&mut self, all: bool) -> Option<Op> {
        let now = self.world.clock_ms;
        let live = (self.world.processor.status == ProcessorStatus::Running)
            .then_some(self.world.processor.instance);
        let i = self.provider_q.iter().position(|r| {
            all || r.due <= now || (r.awaited_by.is_some() && r.awaited_by == live)
        })?;
        let r = self.provider_q.remove(i);
        self.world.clock_ms = self.world.clock_ms.max(r.due.saturating_sub(STEP_MS));
        let awaited = r.awaited_by.is_some() && r.awaited_by == live;
        Some(Op::new(
            OpKind::ProviderDone {
                key: r.key,
                awaited,
            },
            r.rec,
            r.cause,
        ))
    }

    /// The provider finishes a request: its result is stored under the key and, if
    /// the client still waits, returned to it.
    pub(super) fn op_provider_done(&mut self, key: Option<IdKey>, awaited: bool, s: &mut Step) {
        s.kind = StepKind::ExternalResult;
        s.from = Actor::External;
        s.to = if awaited {
            Actor::Processor
        } else {
            Actor::External
        };
        s.id = key;
        let ix = key.and_then(|k| self.key_ix(k));
        if let Some(k) = ix.and_then(|i| self.world.external.keys.get_mut(i)) {
            k.state = KeyState::Done;
            s.changed = Changed(Changed::EXTERNAL);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_get_tags_of_their_own() {
        let a = |instance, delivery| Attempt { instance, delivery };
        let tags = [
            attempt_tag(a(1, 1), 0),
            attempt_tag(a(1, 2), 0),
            attempt_tag(a(2, 2), 0),
            attempt_tag(a(1, 1), 37),
        ];
        for (i, t) in tags.iter().enumerate() {
            assert_ne!(*t, 0);
            assert!(!tags[..i].contains(t), "{tags:?}");
        }
        assert_ne!(IdKey::uuid(0, tags[0]), IdKey::uuid(1, tags[0]));
    }

    #[test]
    fn a_value_counting_an_event_twice_is_spotted() {
        assert_eq!(Sim::counted_twice(&[0, 2, 1, 2]), Some(2));
        assert_eq!(Sim::counted_twice(&[0, 1, 2]), None);
    }
}

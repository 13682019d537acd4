//! The JDBC sink connector behind a Kafka Streams job: it reads the output topic,
//! writes each record into a database table and then commits its own offset. The
//! Kafka transaction ends at the topic; the connector is at-least-once.

use super::*;

impl<'a> Sim<'a> {
    /// Whether this run has a sink connector.
    pub(super) fn has_connector(&self) -> bool {
        self.sc.design.has_sink_connector()
    }

    /// The connector's next record: it skips markers and aborted records, and a
    /// read_committed connector stops at the last stable offset.
    pub(super) fn plan_connector(&mut self) -> Option<Op> {
        if !self.has_connector() {
            return None;
        }
        let lso = self.world.last_stable_offset() as usize;
        let committed_only = self.knobs.isolation == Isolation::ReadCommitted;
        loop {
            let off = self.world.connector.position;
            let rec = match self.world.output.log.get(off)? {
                OutputEntry::Marker { .. } => None,
                OutputEntry::Record(r) => Some(r),
            };
            let readable = match rec {
                None => false,
                Some(_) if !committed_only => true,
                Some(r) => {
                    if off >= lso {
                        return None;
                    }
                    r.txn.is_none_or(|t| {
                        self.world
                            .coordinator
                            .txn(t)
                            .is_some_and(|t| t.state == TxnState::Committed)
                    })
                }
            };
            if !readable {
                self.world.connector.position += 1;
                continue;
            }
            let rec = rec.map(|r| Rec {
                p: 0,
                off: off as u64,
                event: r.event,
            });
            let cause = self.connector_reset.take();
            self.connector_q
                .push_back(Op::new(OpKind::ConnectorWrite, rec, None));
            self.connector_q
                .push_back(Op::new(OpKind::ConnectorCommit, rec, None));
            return Some(Op::new(OpKind::ConnectorRead, rec, cause));
        }
    }

    /// The connector polls one record of the output topic.
    pub(super) fn connector_read(&mut self, s: &mut Step, rec: Option<Rec>, me: StepIx) {
        s.kind = StepKind::Consume;
        s.from = Actor::OutputTopic;
        s.to = Actor::Relay;
        let c = &mut self.world.connector;
        s.attempt = Attempt {
            instance: c.instance,
            delivery: 1,
        };
        if let Some(r) = rec {
            c.position = r.off as usize + 1;
            s.offset = Some(r.off);
            let e = r.event as usize;
            if let Some(n) = self.connector_reads.get_mut(e) {
                *n += 1;
                s.attempt.delivery = *n;
            }
        }
        // Later steps of this record trace back to this read.
        for op in self.connector_q.iter_mut() {
            op.cause = Some(me);
        }
        s.changed = Changed(Changed::OUTPUT);
    }

    /// The connector writes the record into the table (`insert.mode`: upsert when
    /// `sink_write` is upsert, insert otherwise).
    pub(super) fn connector_write(&mut self, s: &mut Step, rec: Option<Rec>, me: StepIx) {
        s.kind = StepKind::SinkWrite;
        s.from = Actor::Relay;
        s.to = Actor::Sink;
        s.attempt = Attempt {
            instance: self.world.connector.instance,
            delivery: rec.map_or(0, |r| self.connector_reads[r.event as usize]),
        };
        if let Some(r) = rec {
            s.offset = Some(r.off);
            // insert.mode: upsert keyed by the event id, or a plain insert.
            let how = match self.sink_write {
                SinkWrite::Upsert => SinkWrite::Upsert,
                _ => SinkWrite::Insert,
            };
            s.outcome = self.apply_row(how, r.event, IdKey::Event(r.event), None, s.attempt, me);
        }
        s.changed = Changed(Changed::SINK | Changed::READER);
    }

    /// The connector commits its offset, after the write: at-least-once.
    pub(super) fn connector_commit(&mut self, s: &mut Step) {
        s.kind = StepKind::CommitOffset;
        s.from = Actor::Relay;
        s.to = Actor::OutputTopic;
        let c = &mut self.world.connector;
        s.attempt = Attempt {
            instance: c.instance,
            delivery: 0,
        };
        c.committed = c.position;
        s.offset = Some(c.committed as u64);
        s.changed = Changed(Changed::OFFSETS);
    }

    /// `connector-crash`: the task dies; a new one resumes from the committed offset.
    pub(super) fn fire_connector_crash(&mut self, step: &mut Step) {
        step.from = Actor::Relay;
        step.to = Actor::Relay;
        self.connector_q.clear();
        self.connector_q
            .push_back(Op::new(OpKind::ConnectorRestart, None, Some(self.n)));
    }

    /// A new connector task starts from the committed offset.
    pub(super) fn connector_restart(&mut self, s: &mut Step) {
        s.kind = StepKind::Restart;
        s.from = Actor::Relay;
        s.to = Actor::Relay;
        self.world.clock_ms = self.world.clock_ms.saturating_add(self.knobs.restart_ms);
        let c = &mut self.world.connector;
        c.instance += 1;
        c.position = c.committed;
        s.attempt = Attempt {
            instance: c.instance,
            delivery: 0,
        };
        s.offset = Some(c.committed as u64);
        self.connector_reset = Some(self.n);
        s.changed = Changed(Changed::OFFSETS | Changed::CLOCK);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    #[test]
    fn the_connector_reads_committed_records_only_and_skips_markers() {
        let mut sc = presets::find("streams-to-postgres")
            .expect("preset")
            .scenario;
        sc.faults.clear();
        let mut sim = Sim::new(&sc);
        let mut reads = Vec::new();
        while let Some(s) = sim.step() {
            if s.kind == StepKind::Consume {
                let off = s.offset.unwrap_or(0) as usize;
                // Every record it reads is committed when it reads it.
                let txn = sim.world.output_record(off).and_then(|r| r.txn);
                let state = txn
                    .and_then(|t| sim.world.coordinator.txn(t))
                    .map(|t| t.state);
                assert_eq!(state, Some(TxnState::Committed));
                reads.push(off);
            }
        }
        // Records at 0, 2, 4 with a COMMIT marker after each.
        assert_eq!(reads, vec![0, 2, 4]);
        assert_eq!(sim.world.connector.committed, 5);
    }
}

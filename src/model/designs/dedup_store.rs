//! A store of seen event ids, checked before the effect and recorded with it, after
//! it or before it.

use super::{commit_offsets, plain_consumer_knobs, DesignSpec, Shape, USUAL_WORDS};
use crate::model::scenario::DedupOrder;
use crate::model::scenario::{DesignKind, Knob, Knobs, SinkWrite};
use crate::model::simulate::OpKind;
use crate::model::trace::Actor;
use crate::model::trace::Actor::*;
use crate::model::view::Panel;
use OpKind as K;

/// The design.
pub const SPEC: DesignSpec = DesignSpec {
    kind: DesignKind::DedupStore,
    slug: "dedup-store",
    title: "Dedup store of seen ids",
    knobs: plain_consumer_knobs!(
        DedupWindowMs,
        DedupUnbounded,
        DedupAtomic,
        DedupOrder,
        Ids,
        SinkWrite
    ),
    shape: Shape {
        lifelines: &[
            Producer, InputTopic, Processor, StateStore, SeenIds, Sink, Reader,
        ],
        panels: &[
            Panel::Producer,
            Panel::Input,
            Panel::Processor,
            Panel::Store,
            Panel::Seen,
            Panel::Sink,
            Panel::Reader,
        ],
        reads: Sink,
    },
    connector: None,
    sink_write: SinkWrite::Insert,
    kafka_transactional: false,
    checkpoints: false,
    seen_ids: true,
    cdc_relay: false,
    downstream_dedup: false,
    words: USUAL_WORDS,
    boundary,
    per_record,
    per_batch: commit_offsets,
    recovery: &[K::FetchOffsets],
};

/// Written atomically, the seen id and the effect commit together.
fn boundary(k: &Knobs) -> Vec<Actor> {
    if k.dedup_atomic {
        vec![SeenIds, Sink]
    } else {
        Vec::new()
    }
}

/// Check the seen ids, then the effect, with the id recorded in the same
/// transaction, after the effect or before it.
fn per_record(k: &Knobs) -> &'static [OpKind] {
    match (k.dedup_atomic, k.dedup_order) {
        (true, _) => &[K::DedupCheck, K::UpdateState, K::SinkWrite],
        (false, DedupOrder::EffectThenRecord) => {
            &[K::DedupCheck, K::UpdateState, K::SinkWrite, K::RecordSeen]
        }
        (false, DedupOrder::RecordThenEffect) => {
            &[K::DedupCheck, K::RecordSeen, K::UpdateState, K::SinkWrite]
        }
    }
}

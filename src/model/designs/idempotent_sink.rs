//! Idempotent sink: at-least-once with upserts keyed by event id, so a replayed
//! write finds its row. Everything else is at-least-once's.

use super::{at_least_once, DesignSpec};
use crate::model::scenario::{DesignKind, SinkWrite};

/// The design.
pub const SPEC: DesignSpec = DesignSpec {
    kind: DesignKind::IdempotentSink,
    slug: "idempotent-sink",
    title: "Idempotent sink (upsert)",
    sink_write: SinkWrite::Upsert,
    ..at_least_once::SPEC
};

//! At-most-once: commit the offset, then process and write. A crash after the
//! commit loses the record. Its lanes, panels and knobs are at-least-once's; only
//! the order of the commit differs.

use super::{at_least_once, DesignSpec};
use crate::model::scenario::{DesignKind, Knobs};
use crate::model::simulate::OpKind;
use OpKind as K;

/// The design.
pub const SPEC: DesignSpec = DesignSpec {
    kind: DesignKind::AtMostOnce,
    slug: "at-most-once",
    title: "At-most-once",
    per_record,
    per_batch,
    ..at_least_once::SPEC
};

/// The offset is committed before the record takes effect.
fn per_record(_: &Knobs) -> &'static [OpKind] {
    &[K::CommitOffset, K::UpdateState, K::SinkWrite]
}

/// Every record committed its own offset: nothing ends a batch.
fn per_batch(_: &Knobs) -> &'static [OpKind] {
    &[]
}

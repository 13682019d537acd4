//! The upstream producer writing the input topic: producer id and epoch, next
//! sequence number per partition, how many events were sent and acknowledged.

use super::blocks::{Block, Facts};
use crate::model::{view, Scenario, World};

pub(super) fn blocks(sc: &Scenario, w: &World) -> Vec<Block> {
    let p = view::producer(sc, w);
    let seq = if p.next_sequence.is_empty() {
        "–".to_string()
    } else {
        p.next_sequence.join(", ")
    };
    let idempotence = if p.idempotent {
        "on: retries are deduped"
    } else {
        "off: a retry appends again"
    };
    vec![Block::Facts(Facts {
        facts: vec![
            ("producer id", p.producer_id.to_string()),
            ("epoch", p.epoch.to_string()),
            ("next sequence", seq),
            (
                "sent / acked",
                format!("{} / {} of {}", p.sent, p.acked, p.total),
            ),
            ("enable.idempotence", idempotence.into()),
        ],
        ..Facts::default()
    })]
}

//! The external provider (email service, payment API) outside the transaction:
//! every effect with the event and the attempt that asked for it (an event with two
//! effects is marked), and the idempotency keys it stores.

use super::blocks::{Block, Cell, Row, Span, Table};
use crate::model::{view, Scenario, World};

pub(super) fn blocks(sc: &Scenario, w: &World) -> Vec<Block> {
    let x = view::external(sc, w);
    let mut out = Vec::new();
    if x.effects.is_empty() {
        out.push(Block::Empty("no effects yet"));
    } else {
        let rows = x
            .effects
            .into_iter()
            .map(|f| {
                let mut key = vec![Span::text(format!("{} ", f.event_id))];
                if f.duplicate {
                    key.push(Span::dup_badge(format!(
                        "{} happened more than once",
                        f.event_id
                    )));
                }
                Row {
                    cells: vec![Cell::key(key), Cell::text(f.attempt), Cell::num(f.step + 1)],
                    duplicate: f.duplicate,
                    ..Row::default()
                }
            })
            .collect();
        out.push(Block::Table(Table {
            head: vec![("effect for", false), ("asked by", false), ("step", true)],
            rows,
            testid: None,
        }));
    }
    out.push(Block::sub(if x.keyed {
        format!(
            "idempotency keys stored: {}",
            if x.keys.is_empty() {
                "none".to_string()
            } else {
                x.keys.join(", ")
            }
        )
    } else {
        "calls carry no idempotency key".to_string()
    }));
    out
}

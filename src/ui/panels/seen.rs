//! The seen-id store of the dedup design: the ids recorded, when, and whether the
//! window has forgotten them.

use super::blocks::{Block, Cell, Row, Span, Table};
use crate::model::{view, Scenario, World};

pub(super) fn blocks(sc: &Scenario, w: &World) -> Vec<Block> {
    let (ids, window) = view::seen(sc, w);
    let mut out = vec![Block::sub(format!("window {window}"))];
    if ids.is_empty() {
        out.push(Block::Empty("no ids yet"));
        return out;
    }
    let rows = ids
        .into_iter()
        .map(|s| Row {
            cells: vec![
                Cell::key(vec![Span::text(s.event_id)]),
                Cell::text(s.at),
                Cell::text(if s.expired {
                    "expired: forgotten"
                } else {
                    "remembered"
                }),
            ],
            faded: s.expired,
            ..Row::default()
        })
        .collect();
    out.push(Block::Table(Table {
        head: vec![("event", false), ("seen at", false), ("state", false)],
        rows,
        testid: None,
    }));
    out
}

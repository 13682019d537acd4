//! The processor's state store: key → total with the events applied to it; an
//! entry holding an event applied twice is marked.

use super::blocks::{Block, Cell, Row, Span, Table};
use super::events;
use crate::model::{view, Scenario, World};

pub(super) fn blocks(sc: &Scenario, w: &World) -> Vec<Block> {
    let entries = view::store(sc, w);
    if entries.is_empty() {
        return vec![Block::Empty("empty")];
    }
    let rows = entries
        .into_iter()
        .map(|e| {
            let mut applied = vec![Span::text(format!("{} ", events(&e.applied)))];
            if e.duplicate {
                applied.push(Span::dup_badge(
                    "an event was applied to this total more than once",
                ));
            }
            Row {
                cells: vec![
                    Cell::key(vec![Span::text(e.key.clone())]),
                    Cell::num(e.total),
                    Cell::spans(applied),
                ],
                duplicate: e.duplicate,
                key: Some(e.key),
                ..Row::default()
            }
        })
        .collect();
    vec![Block::Table(Table {
        head: vec![("key", false), ("total", true), ("events applied", false)],
        rows,
        testid: None,
    })]
}

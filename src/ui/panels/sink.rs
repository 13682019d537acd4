//! The sink table: key, value, the events behind it, which attempt last wrote it and
//! how many writes; a row for an event the table holds twice is marked
//! "⧉ duplicate". For downstream dedup, the raw table and the deduplicated one.

use super::blocks::{Block, Cell, Row, Span, Table};
use super::events;
use crate::model::view::{self, RowView};
use crate::model::{Scenario, World};

pub(super) fn blocks(sc: &Scenario, w: &World) -> Vec<Block> {
    let s = view::sink(sc, w);
    let mut out = vec![Block::sub(format!("{} · sum {}", s.table, s.total))];
    out.push(table(s.rows));
    if let Some((name, ran, rows)) = s.merged {
        out.push(Block::sub(name));
        out.push(if ran {
            table(rows)
        } else {
            Block::Empty("the MERGE job has not run yet")
        });
    }
    out
}

fn table(rows: Vec<RowView>) -> Block {
    if rows.is_empty() {
        return Block::Empty("no rows");
    }
    // A row per event keyed by its id says its event already; aggregate rows list theirs.
    let show_events = rows
        .iter()
        .any(|r| !matches!(r.events.as_slice(), [e] if e.event_id == r.key && e.times == 1));
    let rows = rows
        .into_iter()
        .map(|r| {
            let mut key = vec![Span::text(format!("{} ", r.key))];
            if r.duplicate() {
                key.push(Span::dup_badge(format!(
                    "{} counts more than once in this table",
                    r.duplicates.join(", ")
                )));
            }
            let mut cells = vec![Cell::key(key), Cell::num(r.value)];
            if show_events {
                cells.push(Cell::text(events(&r.events)));
            }
            cells.push(Cell {
                class: "pn-nowrap",
                ..Cell::text(r.attempt.clone())
            });
            cells.push(Cell::num(r.writes));
            Row {
                cells,
                duplicate: r.duplicate(),
                key: Some(r.key),
                ..Row::default()
            }
        })
        .collect();
    let mut head = vec![("key", false), ("value", true)];
    if show_events {
        head.push(("events", false));
    }
    head.extend([("written by", false), ("writes", true)]);
    Block::Table(Table {
        head,
        rows,
        testid: Some("sink-rows"),
    })
}

//! The outbox table, the CDC relay, the topic it publishes to and its consumer:
//! outbox rows (published or not), the relay's position and the position it
//! recorded, the topic, and the events the consumer applied (twice is marked).

use super::blocks::{Block, Cell, Item, List, Row, Span, Table};
use super::transactions::output_log;
use crate::model::{view, Scenario, World};

pub(super) fn blocks(sc: &Scenario, w: &World) -> Vec<Block> {
    let o = view::outbox(sc, w);
    let mut out = Vec::new();
    if o.rows.is_empty() {
        out.push(Block::Empty("no outbox rows yet"));
    } else {
        let rows = o
            .rows
            .into_iter()
            .map(|r| Row {
                cells: vec![
                    Cell::key(vec![Span::text(format!("#{}", r.id))]),
                    Cell::text(r.event_id),
                    Cell::num(r.value),
                    Cell::text(if r.published {
                        "✓ published"
                    } else {
                        "waiting"
                    }),
                ],
                ..Row::default()
            })
            .collect();
        out.push(Block::Table(Table {
            head: vec![
                ("outbox id", false),
                ("event", false),
                ("value", true),
                ("relay", false),
            ],
            rows,
            testid: None,
        }));
    }
    out.push(Block::sub(format!(
        "relay instance {} · next row {} · recorded position {}",
        o.relay_instance, o.relay_position, o.relay_recorded
    )));
    out.push(Block::sub(format!("topic {}", sc.names.output_topic)));
    let end = o.log.len() as u64;
    out.push(Block::Log(output_log(o.log, None, end)));
    let dedup = if o.consumer_dedup {
        "dedupes on outbox id"
    } else {
        "does not dedupe"
    };
    out.push(Block::sub(format!(
        "consumer at offset {} · {dedup}",
        o.consumer_position
    )));
    let applied = o
        .applied
        .into_iter()
        .map(|a| {
            let mut line = vec![Span::text(format!(
                "{} (outbox #{}) ",
                a.event_id, a.outbox_id
            ))];
            if a.duplicate {
                line.push(Span::dup_icon(format!(
                    "{} applied more than once",
                    a.event_id
                )));
            }
            Item {
                line,
                class: if a.duplicate { "pn-dup" } else { "" },
                ..Item::default()
            }
        })
        .collect();
    out.push(Block::List(List {
        items: applied,
        class: "pn-list",
        empty: "nothing applied yet",
    }));
    out
}

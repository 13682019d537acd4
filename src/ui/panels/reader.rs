//! What the downstream reader sees at this step and its total; for Kafka designs a
//! read_committed and a read_uncommitted reader side by side, the pipeline's own
//! one marked.

use super::blocks::{Block, Column, Item, List, Span};
use crate::model::{view, Scenario, World};

pub(super) fn blocks(sc: &Scenario, w: &World) -> Vec<Block> {
    let cols = view::readers(sc, w);
    let two = cols.len() > 1;
    let total = &sc.names.total;
    vec![Block::Columns(
        cols.into_iter()
            .map(|c| {
                let mut title = vec![Span::with("pn-code", c.title.clone())];
                if two && c.configured {
                    title.push(Span::text(" "));
                    title.push(Span::with("pn-badge pn-mine", "this pipeline"));
                }
                let items = c
                    .rows
                    .into_iter()
                    .map(|r| {
                        let mut line = vec![Span::text(format!("{} {} ", r.event_id, r.amount))];
                        if r.duplicate {
                            line.push(Span::dup_icon(format!(
                                "{} is seen more than once",
                                r.event_id
                            )));
                        }
                        Item {
                            line,
                            class: if r.duplicate { "pn-dup" } else { "" },
                            ..Item::default()
                        }
                    })
                    .collect();
                Column {
                    name: c.title,
                    title,
                    list: List {
                        items,
                        class: "pn-list",
                        empty: "nothing visible",
                    },
                    total: format!("{total} {}", c.total),
                }
            })
            .collect(),
    )]
}

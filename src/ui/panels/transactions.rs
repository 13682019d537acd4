//! Kafka transactions: each one's state (open, committed, aborted), the output,
//! offsets and changelog it carries; the output topic's log with COMMIT/ABORT
//! markers and the last stable offset (LSO); the epoch per transactional.id.

use super::blocks::{Block, Item, List, Log, LogCell, Span};
use super::or_dash;
use crate::model::view::{self, OutputCell};
use crate::model::{Scenario, World};

pub(super) fn blocks(sc: &Scenario, w: &World) -> Vec<Block> {
    let t = view::transactions(sc, w);
    let items = t
        .txns
        .into_iter()
        .map(|x| {
            let (icon, word) = x.state;
            Item {
                line: vec![
                    Span::with("pn-strong", x.name),
                    Span::text(" "),
                    Span::state(icon, word),
                    Span::with("pn-muted", format!(" {}", x.producer)),
                ],
                detail: Some(format!(
                    "output {} · offsets {} · changelog {}",
                    or_dash(&x.outputs),
                    or_dash(&x.offsets),
                    or_dash(&x.changelog)
                )),
                state: Some(word),
                ..Item::default()
            }
        })
        .collect();
    vec![
        Block::List(List {
            items,
            class: "pn-txns",
            empty: "no transaction yet",
        }),
        Block::sub(format!(
            "output log · LSO {} of {}",
            t.last_stable_offset, t.end
        )),
        Block::Log(output_log(t.log, Some(t.last_stable_offset), t.end)),
        Block::Legend(vec![Span::text(
            "LSO: a read_committed reader stops before the first open transaction. ✓ a read_committed reader returns the record; struck through: aborted.",
        )]),
        Block::sub(format!("epochs: {}", or_dash(&t.epochs))),
    ]
}

/// An output topic's log as cells: records (event, value, transaction or outbox id)
/// and COMMIT/ABORT markers, with the LSO marked when given.
pub(super) fn output_log(cells: Vec<OutputCell>, lso: Option<u64>, end: u64) -> Log {
    let lso_mark = |offset: u64| {
        if lso == Some(offset) {
            vec![Span {
                text: "LSO".into(),
                class: "pn-lso",
                title: Some("last stable offset".into()),
                testid: Some("lso-marker"),
                ..Span::default()
            }]
        } else {
            Vec::new()
        }
    };
    let mut out: Vec<LogCell> = cells
        .into_iter()
        .map(|c| match c {
            OutputCell::Record {
                offset,
                event_id,
                value,
                txn,
                attempt,
                outbox_id,
                duplicate,
                committed_visible,
                aborted,
            } => {
                let mut tag = vec![Span::text(
                    txn.or_else(|| outbox_id.map(|o| format!("outbox #{o}")))
                        .unwrap_or_default(),
                )];
                if lso.is_some() && committed_visible {
                    tag.push(Span::text(" "));
                    tag.push(
                        Span::with("pn-visible", "✓").titled("a read_committed reader returns it"),
                    );
                }
                if duplicate {
                    tag.push(Span::text(" "));
                    tag.push(Span::dup_icon(format!(
                        "{event_id} is in the topic more than once"
                    )));
                }
                let mut class = String::from("pn-cell");
                if duplicate {
                    class.push_str(" pn-dup");
                }
                if aborted {
                    class.push_str(" pn-aborted-rec");
                }
                LogCell {
                    class,
                    offset,
                    title: format!(
                        "offset {offset}: {event_id} {value}, written by {attempt}{}",
                        if aborted { ", aborted" } else { "" }
                    ),
                    marks: lso_mark(offset),
                    off: offset.to_string(),
                    text: format!("{event_id} {value}"),
                    tag,
                }
            }
            OutputCell::Marker {
                offset,
                txn,
                commit,
            } => {
                let word = if commit { "COMMIT" } else { "ABORT" };
                LogCell {
                    class: if commit {
                        "pn-cell pn-marker".into()
                    } else {
                        "pn-cell pn-marker pn-abort".into()
                    },
                    offset,
                    title: format!("offset {offset}: {word} marker for {txn}"),
                    marks: lso_mark(offset),
                    off: offset.to_string(),
                    text: word.into(),
                    tag: vec![Span::text(txn)],
                }
            }
        })
        .collect();
    out.push(LogCell {
        class: "pn-cell pn-end".into(),
        offset: end,
        title: "log end".into(),
        marks: lso_mark(end),
        off: end.to_string(),
        text: "end".into(),
        tag: Vec::new(),
    });
    Log {
        testid: None,
        head: None,
        label: "output topic log".into(),
        cells: out,
    }
}

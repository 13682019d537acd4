//! Checkpoints and the sink transactions of the two-phase-commit design: completed
//! checkpoints (offsets and state at the barrier, the sink transaction pre-committed
//! with it) and the one in progress; each sink transaction's state, staged writes
//! and, while it is open or parked, when the database rolls it back.

use super::blocks::{Block, Item, List, Span};
use super::or_dash;
use crate::model::{view, Scenario, World};

pub(super) fn blocks(sc: &Scenario, w: &World) -> Vec<Block> {
    let c = view::checkpoints(sc, w);
    let checkpoints = c
        .checkpoints
        .into_iter()
        .map(|cp| {
            let status = if cp.in_progress {
                "in progress"
            } else {
                "complete"
            };
            let txn = cp
                .pending_txn
                .map(|t| format!(" · pre-committed {t}"))
                .unwrap_or_default();
            Item {
                line: vec![
                    Span::with("pn-strong", format!("checkpoint {}", cp.id)),
                    Span::text(format!(
                        " ({status}): offsets {} · state {}{txn}",
                        or_dash(&cp.offsets),
                        or_dash(&cp.state)
                    )),
                ],
                class: if cp.in_progress { "pn-pending" } else { "" },
                ..Item::default()
            }
        })
        .collect();
    let mut out = vec![Block::List(List {
        items: checkpoints,
        class: "pn-list",
        empty: "no checkpoint yet",
    })];
    if !c.two_phase {
        out.push(Block::sub(crate::model::explain::direct_sink_words(sc)));
        return out;
    }
    let txns = c
        .sink_txns
        .into_iter()
        .map(|t| {
            let (icon, word) = t.state;
            let checkpoint = t
                .checkpoint
                .map(|c| format!(" · for checkpoint {c}"))
                .unwrap_or_default();
            let recorded = if t.commit_recorded {
                " · commit recorded"
            } else {
                ""
            };
            let deadline = t
                .deadline
                .map(|d| format!(" · the database rolls it back at {d}"))
                .unwrap_or_default();
            Item {
                line: vec![
                    Span::with("pn-strong", t.name),
                    Span::text(" "),
                    Span::state(icon, word),
                    Span::with("pn-muted", format!("{checkpoint}{recorded}")),
                ],
                detail: Some(format!("staged {}{deadline}", or_dash(&t.staged))),
                state: Some(word),
                ..Item::default()
            }
        })
        .collect();
    out.push(Block::sub("sink transactions"));
    out.push(Block::List(List {
        items: txns,
        class: "pn-txns",
        empty: "no sink transaction yet",
    }));
    out
}

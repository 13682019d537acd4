//! Kafka transactions: each transaction, the output topic with its markers, the last
//! stable offset and the epoch per transactional.id.

use super::{dup_icon, or_dash};
use crate::model::view::{self, OutputCell};
use crate::ui::state::Lab;
use leptos::prelude::*;

/// Transactions with their state (open, committed, aborted), the offsets and the
/// changelog records each carries; the output topic's log with COMMIT/ABORT markers
/// and the last stable offset (LSO); epochs per transactional.id.
#[component]
pub fn TransactionsPanel() -> impl IntoView {
    let lab = Lab::expect();
    move || {
        let t = lab
            .scenario
            .with(|sc| lab.world.with(|w| view::transactions(sc, w)));
        let txns = if t.txns.is_empty() {
            view! { <p class="pn-empty">"no transaction yet"</p> }.into_any()
        } else {
            let rows = t
                .txns
                .into_iter()
                .map(|x| {
                    let (icon, word) = x.state;
                    let name = x.name.clone();
                    view! {
                        <tr data-txn=name data-state=word>
                            <th scope="row">{x.name}</th>
                            <td class=format!("pn-state pn-{word}")>{format!("{icon} {word}")}</td>
                            <td>{x.producer}</td>
                            <td>{or_dash(&x.outputs)}</td>
                            <td>{or_dash(&x.offsets)}</td>
                            <td>{or_dash(&x.changelog)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="pn-table">
                    <thead>
                        <tr>
                            <th scope="col">"txn"</th>
                            <th scope="col">"state"</th>
                            <th scope="col">"producer"</th>
                            <th scope="col">"output"</th>
                            <th scope="col">"offsets"</th>
                            <th scope="col">"changelog"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        };
        view! {
            {txns}
            <p class="pn-sub">
                {format!("output log · LSO {} of {}", t.last_stable_offset, t.end)}
            </p>
            {output_log(t.log, Some(t.last_stable_offset), t.end)}
            <p class="pn-legend">
                "LSO: a read_committed reader stops before the first open transaction. ✓ = a read_committed reader returns the record."
            </p>
            <p class="pn-sub">{format!("epochs: {}", or_dash(&t.epochs))}</p>
        }
    }
}

/// An output topic's log as cells: records (event, value, transaction) and
/// COMMIT/ABORT markers, with the LSO marked when given.
pub(super) fn output_log(cells: Vec<OutputCell>, lso: Option<u64>, end: u64) -> impl IntoView {
    if cells.is_empty() {
        return view! { <p class="pn-empty">"empty"</p> }.into_any();
    }
    let lso_mark = move |offset: u64| {
        (lso == Some(offset)).then(|| {
            view! {
                <span class="pn-lso" data-testid="lso-marker" title="last stable offset">
                    "LSO"
                </span>
            }
        })
    };
    let items = cells
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
            } => {
                let dup = duplicate
                    .then(|| dup_icon(format!("{event_id} is in the topic more than once")));
                let tag = txn
                    .or_else(|| outbox_id.map(|o| format!("outbox #{o}")))
                    .unwrap_or_default();
                let seen = (lso.is_some() && committed_visible).then(|| {
                    view! { <span class="pn-visible" title="a read_committed reader returns it">"✓"</span> }
                });
                view! {
                    <li
                        class="pn-cell"
                        class=("pn-dup", duplicate)
                        data-offset=offset
                        title=format!("offset {offset}: {event_id} {value}, written by {attempt}")
                    >
                        <span class="pn-marks">{lso_mark(offset)}</span>
                        <span class="pn-off">{offset}</span>
                        <span class="pn-ev">{format!("{event_id} {value}")}</span>
                        <span class="pn-tag">{tag} {seen}</span>
                        {dup}
                    </li>
                }
                .into_any()
            }
            OutputCell::Marker { offset, txn, commit } => {
                let word = if commit { "COMMIT" } else { "ABORT" };
                let title = format!("offset {offset}: {word} marker for {txn}");
                view! {
                    <li
                        class="pn-cell pn-marker"
                        class=("pn-abort", !commit)
                        data-offset=offset
                        title=title
                    >
                        <span class="pn-marks">{lso_mark(offset)}</span>
                        <span class="pn-off">{offset}</span>
                        <span class="pn-ev">{word}</span>
                        <span class="pn-tag">{txn}</span>
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    let end_cell = view! {
        <li class="pn-cell pn-end" data-offset=end>
            <span class="pn-marks">{lso_mark(end)}</span>
            <span class="pn-off">{end}</span>
            <span class="pn-ev">"end"</span>
        </li>
    };
    view! {
        <ol class="pn-cells pn-output" aria-label="output topic log">
            {items}
            {end_cell}
        </ol>
    }
    .into_any()
}

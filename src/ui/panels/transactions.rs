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
            let items = t
                .txns
                .into_iter()
                .map(|x| {
                    let (icon, word) = x.state;
                    let name = x.name.clone();
                    let details = format!(
                        "output {} · offsets {} · changelog {}",
                        or_dash(&x.outputs),
                        or_dash(&x.offsets),
                        or_dash(&x.changelog)
                    );
                    view! {
                        <li data-txn=name data-state=word>
                            <strong>{x.name}</strong>
                            " "
                            <span class=format!("pn-state pn-{word}")>{format!("{icon} {word}")}</span>
                            " "
                            <span class="pn-muted">{x.producer}</span>
                            <br/>
                            <span class="pn-detail">{details}</span>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="pn-txns">{items}</ul> }.into_any()
        };
        view! {
            {txns}
            <p class="pn-sub">
                {format!("output log · LSO {} of {}", t.last_stable_offset, t.end)}
            </p>
            {output_log(t.log, Some(t.last_stable_offset), t.end)}
            <p class="pn-legend">
                "LSO: a read_committed reader stops before the first open transaction. ✓ a read_committed reader returns the record; struck through: aborted."
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
                aborted,
            } => {
                let dup = duplicate
                    .then(|| dup_icon(format!("{event_id} is in the topic more than once")));
                let tag = txn
                    .or_else(|| outbox_id.map(|o| format!("outbox #{o}")))
                    .unwrap_or_default();
                let title = format!(
                    "offset {offset}: {event_id} {value}, written by {attempt}{}",
                    if aborted { ", aborted" } else { "" }
                );
                let seen = (lso.is_some() && committed_visible).then(|| {
                    view! { <span class="pn-visible" title="a read_committed reader returns it">"✓"</span> }
                });
                view! {
                    <li
                        class="pn-cell"
                        class=("pn-dup", duplicate)
                        class=("pn-aborted-rec", aborted)
                        data-offset=offset
                        title=title
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

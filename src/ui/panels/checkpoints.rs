//! Checkpoints and the external sink transactions of the two-phase-commit design.

use super::or_dash;
use crate::model::view;
use crate::ui::state::Lab;
use leptos::prelude::*;

/// Completed checkpoints (offsets and state at the barrier, the sink transaction
/// pre-committed with it) and the one in progress; the sink's transactions with
/// their state, staged writes and the database's deadline.
#[component]
pub fn CheckpointsPanel() -> impl IntoView {
    let lab = Lab::expect();
    move || {
        let c = lab
            .scenario
            .with(|sc| lab.world.with(|w| view::checkpoints(sc, w)));
        let cps = if c.checkpoints.is_empty() {
            view! { <li class="pn-empty">"no checkpoint yet"</li> }.into_any()
        } else {
            c.checkpoints
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
                    view! {
                        <li class=("pn-pending", cp.in_progress)>
                            <strong>{format!("checkpoint {}", cp.id)}</strong>
                            {format!(
                                " ({status}): offsets {} · state {}{txn}",
                                or_dash(&cp.offsets),
                                or_dash(&cp.state),
                            )}
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        };
        let txns = if !c.two_phase {
            view! { <p class="pn-sub">"The sink is a plain INSERT: no sink transactions."</p> }
                .into_any()
        } else if c.sink_txns.is_empty() {
            view! { <p class="pn-empty">"no sink transaction yet"</p> }.into_any()
        } else {
            let items = c
                .sink_txns
                .into_iter()
                .map(|t| {
                    let (icon, word) = t.state;
                    let name = t.name.clone();
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
                    let details = format!("staged {}{deadline}", or_dash(&t.staged));
                    view! {
                        <li data-txn=name data-state=word>
                            <strong>{t.name}</strong>
                            " "
                            <span class=format!("pn-state pn-{word}")>{format!("{icon} {word}")}</span>
                            <span class="pn-muted">{format!("{checkpoint}{recorded}")}</span>
                            <br/>
                            <span class="pn-detail">{details}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <p class="pn-sub">"sink transactions"</p>
                <ul class="pn-txns">{items}</ul>
            }
            .into_any()
        };
        view! {
            <ul class="pn-list">{cps}</ul>
            {txns}
        }
    }
}

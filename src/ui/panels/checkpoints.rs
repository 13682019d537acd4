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
            let rows = c
                .sink_txns
                .into_iter()
                .map(|t| {
                    let (icon, word) = t.state;
                    let recorded = if t.commit_recorded { "yes" } else { "no" };
                    let name = t.name.clone();
                    view! {
                        <tr data-txn=name data-state=word>
                            <th scope="row">{t.name}</th>
                            <td class=format!("pn-state pn-{word}")>{format!("{icon} {word}")}</td>
                            <td>{or_dash(&t.staged)}</td>
                            <td>{t.checkpoint.map(|c| c.to_string()).unwrap_or_else(|| "–".into())}</td>
                            <td>{t.deadline}</td>
                            <td>{recorded}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="pn-table">
                    <thead>
                        <tr>
                            <th scope="col">"sink txn"</th>
                            <th scope="col">"state"</th>
                            <th scope="col">"staged writes"</th>
                            <th scope="col">"checkpoint"</th>
                            <th scope="col">"expires at"</th>
                            <th scope="col">"commit recorded"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        };
        view! {
            <ul class="pn-list">{cps}</ul>
            {txns}
        }
    }
}

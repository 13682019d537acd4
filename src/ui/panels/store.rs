//! The processor's state store: a keyed aggregate.

use super::{dup_badge, events};
use crate::model::view;
use crate::ui::state::Lab;
use leptos::prelude::*;

/// Key → total, with the events applied to it; an entry holding an event applied
/// twice is marked.
#[component]
pub fn StorePanel() -> impl IntoView {
    let lab = Lab::expect();
    move || {
        let entries = lab
            .scenario
            .with(|sc| lab.world.with(|w| view::store(sc, w)));
        if entries.is_empty() {
            return view! { <p class="pn-empty">"empty"</p> }.into_any();
        }
        let rows = entries
            .into_iter()
            .map(|e| {
                let dup = e
                    .duplicate
                    .then(|| dup_badge("an event was applied to this total more than once".into()));
                view! {
                    <tr class=("pn-dup", e.duplicate)>
                        <th scope="row">{e.key}</th>
                        <td class="pn-num">{e.total}</td>
                        <td>{events(&e.applied)} " " {dup}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="pn-table">
                <thead>
                    <tr>
                        <th scope="col">"key"</th>
                        <th scope="col" class="pn-num">"total"</th>
                        <th scope="col">"events applied"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    }
}

//! The external provider (email service, payment API) outside the transaction.

use super::dup_badge;
use crate::model::view;
use crate::ui::state::Lab;
use leptos::prelude::*;

/// Every effect the provider performed, with the event and the attempt that asked
/// for it (an event with two effects is marked), and the idempotency keys it stores.
#[component]
pub fn ExternalPanel() -> impl IntoView {
    let lab = Lab::expect();
    move || {
        let x = lab
            .scenario
            .with(|sc| lab.world.with(|w| view::external(sc, w)));
        let effects = if x.effects.is_empty() {
            view! { <p class="pn-empty">"no effects yet"</p> }.into_any()
        } else {
            let rows = x
                .effects
                .into_iter()
                .map(|f| {
                    let dup = f
                        .duplicate
                        .then(|| dup_badge(format!("{} happened more than once", f.event_id)));
                    view! {
                        <tr class=("pn-dup", f.duplicate)>
                            <th scope="row" class="pn-key">{f.event_id} " " {dup}</th>
                            <td>{f.attempt}</td>
                            <td class="pn-num">{f.step + 1}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="pn-table">
                    <thead>
                        <tr>
                            <th scope="col">"effect for"</th>
                            <th scope="col">"asked by"</th>
                            <th scope="col" class="pn-num">"step"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        };
        let keys = if x.keyed {
            format!(
                "idempotency keys stored: {}",
                if x.keys.is_empty() {
                    "none".to_string()
                } else {
                    x.keys.join(", ")
                }
            )
        } else {
            "calls carry no idempotency key".to_string()
        };
        view! {
            {effects}
            <p class="pn-sub">{keys}</p>
        }
    }
}

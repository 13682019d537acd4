//! The seen-id store of the dedup design.

use crate::model::view;
use crate::ui::state::Lab;
use leptos::prelude::*;

/// The event ids recorded as seen, when, and whether the window has forgotten them.
#[component]
pub fn SeenPanel() -> impl IntoView {
    let lab = Lab::expect();
    move || {
        let (ids, window) = lab
            .scenario
            .with(|sc| lab.world.with(|w| view::seen(sc, w)));
        let head = format!("window {window}");
        let body = if ids.is_empty() {
            view! { <p class="pn-empty">"no ids yet"</p> }.into_any()
        } else {
            let rows = ids
                .into_iter()
                .map(|s| {
                    let state = if s.expired {
                        "⌛ expired: forgotten"
                    } else {
                        "remembered"
                    };
                    view! {
                        <tr class=("pn-expired", s.expired)>
                            <th scope="row">{s.event_id}</th>
                            <td>{s.at}</td>
                            <td>{state}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="pn-table">
                    <thead>
                        <tr>
                            <th scope="col">"event"</th>
                            <th scope="col">"seen at"</th>
                            <th scope="col">"state"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        };
        view! {
            <p class="pn-sub">{head}</p>
            {body}
        }
    }
}

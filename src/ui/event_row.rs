//! One input event of the workload editor: its id, key, amount and partition, and
//! buttons to move it up or down in the send order or remove it.
//!
//! Rows are keyed by position: the row at position `index` stays the same element
//! whatever is edited, and shows whichever event is at that position now.

use super::edit_field::{field_list, FieldSpec};
use crate::model::workload_edit::{self as we, EventField};
use crate::ui::state::Lab;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses button `act` of row `row` in the list the event `from` happened in.
fn focus_button(from: &ev::MouseEvent, row: usize, act: &str) {
    let list = from
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(".wl-events").ok().flatten());
    let button = list.and_then(|l| {
        l.query_selector(&format!("[data-row=\"{row}\"] [data-act=\"{act}\"]"))
            .ok()
            .flatten()
    });
    if let Some(b) = button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = b.focus();
    }
}

/// The row of the event at position `index` (0 = sent first).
#[component]
pub fn EventRow(
    /// Position of the event in the workload.
    index: usize,
) -> impl IntoView {
    let lab = Lab::expect();
    let event = Memo::new(move |_| {
        lab.scenario
            .with(|sc| sc.workload.events.get(index).cloned())
    });
    let len = Memo::new(move |_| lab.scenario.with(|sc| sc.workload.events.len()));
    let id = move || event.with(|e| e.as_ref().map(|e| e.id.clone()).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let n = index + 1;

    let field = move |f: EventField| {
        let value = Signal::derive(move || {
            event.with(|e| e.as_ref().map(|e| f.text(e)).unwrap_or_default())
        });
        let check = Callback::new(move |t: String| {
            lab.scenario
                .with_untracked(|sc| we::check_event_field(sc, index, f, &t))
        });
        let apply = Callback::new(move |t: String| {
            lab.edit_workload(|sc| we::set_event_field(sc, index, f, &t))
                .map(|_| ())
        });
        FieldSpec {
            label: format!("{}, event {n}", f.label()),
            caption: f.label(),
            value,
            check,
            apply,
            number: matches!(f, EventField::Amount | EventField::Partition),
            compact: true,
            testid: format!("event-{index}-{}", f.slug()),
        }
    };

    let shift = move |ev: ev::MouseEvent, up: bool| {
        let Some(to) = (if up {
            index.checked_sub(1)
        } else {
            Some(index + 1)
        }) else {
            return;
        };
        match lab.edit_workload(|sc| we::move_event(sc, index, to)) {
            Ok(_) => {
                error.set(None);
                // Focus follows the event; at either end the other move button.
                let last = len.get_untracked().saturating_sub(1);
                let act = match (up, to) {
                    (true, 0) => "down",
                    (true, _) => "up",
                    (false, t) if t >= last => "up",
                    (false, _) => "down",
                };
                focus_button(&ev, to, act);
            }
            Err(e) => error.set(Some(e.message)),
        }
    };
    let remove = move |ev: ev::MouseEvent| match lab.edit_workload(|sc| we::remove_event(sc, index))
    {
        Ok(_) => {
            error.set(None);
            // The row at this position now shows the next event; past the end,
            // focus goes to the event before.
            if index >= len.get_untracked() {
                focus_button(&ev, index.saturating_sub(1), "remove");
            }
        }
        Err(e) => error.set(Some(format!("{}.", e.message))),
    };

    view! {
        <li class="wl-row" data-row=index data-testid=format!("event-row-{index}")>
            <span class="wl-pos" aria-hidden="true">{n}</span>
            {field_list(EventField::ALL.into_iter().map(field).collect())}
            <div class="wl-actions">
                <button
                    type="button"
                    data-act="up"
                    disabled=index == 0
                    aria-label=move || format!("Move {} up", id())
                    on:click=move |ev| shift(ev, true)
                >
                    <span class="wl-arrow wl-arrow-up" aria-hidden="true"></span>
                    "Up"
                </button>
                <button
                    type="button"
                    data-act="down"
                    disabled=move || { index + 1 >= len.get() }
                    aria-label=move || format!("Move {} down", id())
                    on:click=move |ev| shift(ev, false)
                >
                    <span class="wl-arrow wl-arrow-down" aria-hidden="true"></span>
                    "Down"
                </button>
                <button
                    type="button"
                    data-act="remove"
                    data-testid=format!("remove-event-{index}")
                    aria-label=move || format!("Remove {}", id())
                    on:click=remove
                >
                    "Remove"
                </button>
            </div>
            <p class="wl-error wl-row-error" aria-live="polite">
                {move || error.get()}
            </p>
        </li>
    }
}

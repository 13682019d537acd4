//! The lab's right-hand column: the state of every part of the pipeline at the
//! cursor ([`Panels`]), the ledger of the whole run ([`LedgerView`]) and the
//! narration of the current step ([`Narration`]).
//!
//! Every component reads the [`Lab`] context and renders what `model::view`,
//! `model::ledger` and `model::explain` derive; none of them decides what counts as
//! a duplicate or what a step means.

mod checkpoints;
mod external;
mod input_log;
mod ledger;
mod narration;
mod outbox;
mod processor;
mod producer;
mod reader;
mod seen;
mod sink;
mod store;
mod transactions;

use crate::model::trace::Changed;
use crate::model::view::{self, Panel};
use crate::ui::state::Lab;
use leptos::prelude::*;

pub use ledger::LedgerView;
pub use narration::Narration;

/// The state at the cursor: one small panel per part of the pipeline that matters
/// for the scenario's design. A panel the current step changed is outlined and
/// labelled "changed".
#[component]
pub fn Panels() -> impl IntoView {
    let lab = Lab::expect();
    let kinds = Memo::new(move |_| lab.scenario.with(|sc| view::panels(sc.design.kind)));
    // What the step at cursor-1 changed (nothing before the first step).
    let changed = Memo::new(move |_| {
        let c = lab.cursor.get();
        if c == 0 {
            return Changed::default();
        }
        lab.trace
            .with(|t| t.steps.get(c - 1).map(|s| s.changed).unwrap_or_default())
    });
    view! {
        <section class="pn-panels" aria-label="State at this step" data-testid="panels">
            <For each=move || kinds.get() key=|k| *k let:kind>
                <PanelFrame kind=kind changed=changed/>
            </For>
        </section>
    }
}

/// One panel: a collapsible box with the part's name, a "changed" label when the
/// current step touched it, and the part's state.
#[component]
fn PanelFrame(kind: Panel, changed: Memo<Changed>) -> impl IntoView {
    let lab = Lab::expect();
    let is_changed = move || kind.changed_by(changed.get());
    let title = move || lab.scenario.with(|sc| kind.title(sc));
    let body = match kind {
        Panel::Producer => view! { <producer::ProducerPanel/> }.into_any(),
        Panel::Input => view! { <input_log::InputLogPanel/> }.into_any(),
        Panel::Processor => view! { <processor::ProcessorPanel/> }.into_any(),
        Panel::Store => view! { <store::StorePanel/> }.into_any(),
        Panel::Seen => view! { <seen::SeenPanel/> }.into_any(),
        Panel::External => view! { <external::ExternalPanel/> }.into_any(),
        Panel::Transactions => view! { <transactions::TransactionsPanel/> }.into_any(),
        Panel::Checkpoints => view! { <checkpoints::CheckpointsPanel/> }.into_any(),
        Panel::Sink => view! { <sink::SinkPanel/> }.into_any(),
        Panel::Outbox => view! { <outbox::OutboxPanel/> }.into_any(),
        Panel::Reader => view! { <reader::ReaderPanel/> }.into_any(),
    };
    view! {
        <details
            class="pn-panel"
            class=("pn-changed", is_changed)
            open=true
            data-panel=kind.slug()
            data-changed=move || is_changed().to_string()
        >
            <summary>
                <span class="pn-title">{title}</span>
                <Show when=is_changed>
                    <span class="pn-changed-tag">"● changed"</span>
                </Show>
            </summary>
            <div class="pn-body">{body}</div>
        </details>
    }
}

/// The duplicate mark for a compact cell: the icon, with its meaning for screen
/// readers and as a tooltip.
fn dup_icon(what: String) -> impl IntoView {
    let title = what.clone();
    view! {
        <span class="pn-dup-mark" title=title>
            {glyph("⧉")}
            <span class="pn-sr">{what}</span>
        </span>
    }
}

/// The duplicate mark for a row: icon and word.
fn dup_badge(title: String) -> impl IntoView {
    view! { <span class="pn-dup-mark pn-badge" title=title>{glyph("⧉")} " duplicate"</span> }
}

/// An icon, hidden from screen readers (a word always goes with it). The duplicate
/// icon ⧉ is missing from common Linux fonts, so it is drawn by the stylesheet; the
/// character stays in the text for copying and searching.
fn glyph(icon: &'static str) -> impl IntoView {
    let class = if icon == "⧉" {
        "pn-glyph pn-glyph-dup"
    } else {
        "pn-glyph"
    };
    view! { <span class=class aria-hidden="true">{icon}</span> }
}

/// A small "label: value" pair.
fn fact(label: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="pn-fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
        </div>
    }
}

/// Events with their multiplicity: `evt-1, evt-2 ×2`.
fn events(list: &[view::EventCount]) -> String {
    list.iter()
        .map(|e| {
            if e.times > 1 {
                format!("{} ×{}", e.event_id, e.times)
            } else {
                e.event_id.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A list of short facts, or a dash.
fn or_dash(items: &[String]) -> String {
    if items.is_empty() {
        "–".into()
    } else {
        items.join(", ")
    }
}

//! The lab's panels region (beside the diagram, or below it on a narrow screen):
//! the narration of the current step ([`Narration`]), the state of every part of
//! the pipeline at the cursor ([`Panels`]) and the ledger ([`LedgerView`]), so far
//! and, at the end, of the whole run.
//!
//! Every component reads the [`Lab`] context and renders what `model::view`,
//! `model::ledger` and `model::explain` derive; none of them decides what counts as
//! a duplicate or what a step means. Each state panel (one file each) describes
//! itself as [`blocks::Block`]s, which one renderer turns into markup.

mod blocks;
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
use crate::model::view::{self, EventCount, Panel};
use crate::model::{Scenario, World};
use crate::ui::state::Lab;
use blocks::Block;
use leptos::prelude::*;

pub use ledger::LedgerView;
pub use narration::Narration;

/// The state at the cursor: one small panel per part of the pipeline that matters
/// for the scenario's design. A panel the current step changed is outlined and
/// labelled "changed".
#[component]
pub fn Panels() -> impl IntoView {
    let lab = Lab::expect();
    // An embed may show only some of them (`panels=`).
    let choice = use_context::<crate::share::embed_options::EmbedOptions>().map(|o| o.panels);
    let kinds = Memo::new(move |_| {
        let mut all = lab.scenario.with(view::panels_of);
        if let Some(c) = &choice {
            all.retain(|p| c.shows(*p));
        }
        all
    });
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

/// What panel `kind` shows of world `w`.
fn blocks_of(kind: Panel, sc: &Scenario, w: &World) -> Vec<Block> {
    match kind {
        Panel::Producer => producer::blocks(sc, w),
        Panel::Input => input_log::blocks(sc, w),
        Panel::Processor => processor::blocks(sc, w),
        Panel::Store => store::blocks(sc, w),
        Panel::Seen => seen::blocks(sc, w),
        Panel::External => external::blocks(sc, w),
        Panel::Transactions => transactions::blocks(sc, w),
        Panel::Checkpoints => checkpoints::blocks(sc, w),
        Panel::Sink => sink::blocks(sc, w),
        Panel::Outbox => outbox::blocks(sc, w),
        Panel::Reader => reader::blocks(sc, w),
    }
}

/// One panel: a collapsible box with the part's name, a "changed" label when the
/// current step touched it, and the part's state at the cursor.
#[component]
fn PanelFrame(kind: Panel, changed: Memo<Changed>) -> impl IntoView {
    let lab = Lab::expect();
    let is_changed = move || kind.changed_by(changed.get());
    let title = move || lab.scenario.with(|sc| kind.title(sc));
    let body = move || {
        lab.scenario
            .with(|sc| lab.world.with(|w| blocks::render(&blocks_of(kind, sc, w))))
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
            // Focusable, so a table wider than the panel scrolls by keyboard too.
            <div class="pn-body" tabindex="0" role="group" aria-label=title inner_html=body></div>
        </details>
    }
}

/// Events with their multiplicity: `evt-1, evt-2 ×2`.
fn events(list: &[EventCount]) -> String {
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

//! The fault palette: one token per kind of failure, dragged onto the diagram with
//! pointer events, or selected for placing with the keyboard.

use super::palette_token::PaletteToken;
use super::state::Lab;
use crate::model::{edit, FaultKind};
use leptos::prelude::*;

/// The fault a letter key places, if any.
pub fn fault_for_key(key: &str) -> Option<FaultKind> {
    FaultKind::ALL
        .into_iter()
        .find(|&f| key_for_fault(f).eq_ignore_ascii_case(key))
}

/// The letter that places a fault on a focused gap (every fault has one).
pub fn key_for_fault(kind: FaultKind) -> &'static str {
    match kind {
        FaultKind::Crash => "c",
        FaultKind::LostAck => "a",
        FaultKind::Zombie => "z",
        FaultKind::Rebalance => "r",
        FaultKind::Timeout => "t",
        FaultKind::RelayCrash => "x",
        FaultKind::TimePasses => "p",
        FaultKind::SendLost => "s",
        FaultKind::ProducerRestart => "u",
        FaultKind::ConnectorCrash => "j",
    }
}

/// Tokens for every fault of the seeds, one typed [`PaletteToken`] each. Press one
/// to select it for the keyboard; drag one (mouse, pen or touch) onto a gap of the
/// diagram to place it.
#[component]
pub fn FaultPalette() -> impl IntoView {
    let lab = Lab::expect();
    // For each kind, why it fits nowhere in this run (if it does not).
    let nowhere = Memo::new(move |_| {
        lab.scenario.with(|sc| {
            lab.trace.with(|t| {
                FaultKind::ALL
                    .iter()
                    .map(|&k| {
                        let mut why = None;
                        for i in 0..t.steps.len() {
                            match edit::can_place(sc, t, i, k) {
                                Ok(_) => return None,
                                Err(w) => why = why.or(Some(w)),
                            }
                        }
                        why
                    })
                    .collect::<Vec<_>>()
            })
        })
    });

    view! {
        <div class="palette" role="group" aria-labelledby="palette-title">
            <h2 id="palette-title" class="palette-title">"Faults"</h2>
            <ul class="palette-tokens" on:wheel=scroll_sideways>
                {FaultKind::ALL
                    .iter()
                    .enumerate()
                    .map(|(n, &kind)| {
                        let why = Signal::derive(move || nowhere.with(|w| w.get(n).copied().flatten()));
                        view! { <PaletteToken kind nowhere=why/> }
                    })
                    .collect_view()}
            </ul>
            <p class="palette-help">
                "Drag a fault onto a gap between two steps — or focus a gap and press Enter for the selected fault, or its letter."
            </p>
        </div>
    }
}

/// A row of tokens too wide for its box scrolls sideways under the mouse wheel too
/// (its scroll bar is thin or hidden in a short frame).
fn scroll_sideways(e: leptos::ev::WheelEvent) {
    let Some(row) = e
        .current_target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
    else {
        return;
    };
    let (dx, dy) = (e.delta_x(), e.delta_y());
    if row.scroll_width() > row.client_width() && dy.abs() > dx.abs() {
        row.set_scroll_left(row.scroll_left() + dy as i32);
        e.prevent_default();
    }
}

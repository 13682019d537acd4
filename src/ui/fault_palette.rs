//! The fault palette: one token per kind of failure, dragged onto the diagram with
//! pointer events, or selected for placing with the keyboard.

use super::palette_token::PaletteToken;
use super::state::Lab;
use crate::model::{edit, FaultKind};
use leptos::prelude::*;

/// The letter that places each fault on a focused gap.
pub const SHORTCUTS: [(&str, FaultKind); 7] = [
    ("c", FaultKind::Crash),
    ("a", FaultKind::LostAck),
    ("z", FaultKind::Zombie),
    ("r", FaultKind::Rebalance),
    ("t", FaultKind::Timeout),
    ("x", FaultKind::RelayCrash),
    ("p", FaultKind::TimePasses),
];

/// The fault a letter key places, if any.
pub fn fault_for_key(key: &str) -> Option<FaultKind> {
    SHORTCUTS
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, f)| *f)
}

/// The letter key of a fault.
pub fn key_for_fault(kind: FaultKind) -> &'static str {
    SHORTCUTS
        .iter()
        .find(|(_, f)| *f == kind)
        .map(|(k, _)| *k)
        .unwrap_or("")
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
            <ul class="palette-tokens">
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

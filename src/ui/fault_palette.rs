//! The fault palette: one token per kind of failure, dragged onto the diagram with
//! pointer events, or selected for placing with the keyboard.

use super::drag::{refocus, Drag, DragSource};
use super::state::Lab;
use crate::model::{edit, FaultKind};
use crate::render::icons::{svg, Icon};
use leptos::ev;
use leptos::prelude::*;
use std::fmt::Write as _;
use wasm_bindgen::JsCast;

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

/// Tokens for every fault of the seeds. Press one to select it for the keyboard;
/// drag one (mouse, pen or touch) onto a gap of the diagram to place it.
#[component]
pub fn FaultPalette() -> impl IntoView {
    let lab = Lab::expect();
    let drag = Drag::expect();
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

    // The tokens, rewritten when the selection or the run changes (never during a
    // drag, so the pressed token keeps its pointer).
    let tokens = Memo::new(move |_| {
        let selected = lab.selected_fault.get();
        nowhere.with(|nowhere| {
            let mut m = String::new();
            for (n, &kind) in FaultKind::ALL.iter().enumerate() {
                let key = key_for_fault(kind);
                let why = nowhere.get(n).copied().flatten();
                let title = match why {
                    Some(w) => format!("{}: fits nowhere in this run ({w})", kind.title()),
                    None => format!("Drag onto a gap, or focus a gap and press {key}"),
                };
                let _ = write!(
                    m,
                    r#"<li><button type="button" class="fault-token fault-chip{}" data-testid="token-{1}" data-fault-kind="{1}" aria-pressed="{2}" aria-keyshortcuts="{key}" title="{title}"><span class="icon" aria-hidden="true">{3}</span> {4}<kbd aria-hidden="true">{key}</kbd></button></li>"#,
                    if why.is_some() { " idle" } else { "" },
                    kind.slug(),
                    selected == kind,
                    svg(Icon::for_fault(kind)),
                    kind.title(),
                );
            }
            m
        })
    });
    let kind_of = |ev: &web_sys::Event| {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-fault-kind]").ok().flatten())
            .and_then(|e| e.get_attribute("data-fault-kind"))
            .and_then(|k| FaultKind::from_slug(&k))
    };
    let on_pointerdown = move |ev: ev::PointerEvent| {
        if let Some(kind) = kind_of(&ev) {
            drag.begin(DragSource::Palette(kind), &ev);
        }
    };
    let on_click = move |ev: ev::MouseEvent| {
        if let Some(kind) = kind_of(&ev) {
            lab.selected_fault.set(kind);
            refocus(&format!(".palette [data-fault-kind=\"{}\"]", kind.slug()));
        }
    };

    view! {
        <div class="palette" role="group" aria-labelledby="palette-title">
            <h2 id="palette-title" class="palette-title">"Faults"</h2>
            <ul
                class="palette-tokens"
                inner_html=tokens
                on:pointerdown=on_pointerdown
                on:click=on_click
            ></ul>
            <p class="palette-help">
                "Drag a fault onto a gap between two steps — or focus a gap and press Enter for the selected fault, or its letter."
            </p>
        </div>
    }
}

//! A placed fault's token: dragged to move it, arrow keys move it, Delete removes
//! it. Inside the diagram it sits in its gap and is one of the roving stops;
//! above the diagram it waits because its point is not reached in this run.

use super::drag::{Drag, DragSource};
use super::sequence_diagram::{DiagramKeys, Stop};
use super::state::Lab;
use crate::model::trace::FaultStatus;
use crate::model::{edit, explain};
use crate::render::diagram::unreached_why;
use crate::render::geometry::{gap_y, GAP_H, TOKEN_W, TOKEN_X};
use crate::render::icons::{svg, Icon};
use leptos::ev;
use leptos::prelude::*;

/// What a token shows, derived from the scenario and the trace.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    kind: crate::model::FaultKind,
    /// The gap it sits in, and its place among the tokens there.
    at: Option<(usize, usize)>,
    /// Why it does not fire where it is, if it does not.
    unfit: Option<&'static str>,
    aria: String,
    title: Option<String>,
}

fn shown(lab: Lab, ix: usize) -> Option<Shown> {
    lab.scenario.with(|sc| {
        lab.trace.with(|t| {
            let kind = sc.faults.get(ix)?.kind;
            let gap = edit::anchor_step(t, ix);
            let at = gap.map(|g| {
                let slot = (0..ix)
                    .filter(|&j| edit::anchor_step(t, j) == Some(g))
                    .count();
                (g, slot)
            });
            let unfit = match t.faults.get(ix) {
                Some(FaultStatus::DoesNotFit(_, why)) => Some(*why),
                _ => None,
            };
            let where_ = gap
                .and_then(|g| t.steps.get(g).map(|s| (g, s)))
                .map(|(g, s)| format!("after: {} (step {})", explain::label(sc, s), g + 1));
            let (aria, title) = match where_ {
                Some(w) => (
                    format!(
                        "{} placed {w}{}. Drag it, or press arrow left or right to move it; Delete removes it.",
                        kind.title(),
                        unfit.map(|u| format!(" (does not fire: {u})")).unwrap_or_default()
                    ),
                    unfit.map(|u| format!("Does not fire here: {u}")),
                ),
                None => {
                    let why = unreached_why(sc, t, ix).unwrap_or_default();
                    (
                        format!("{}: not reached in this run. {why}", kind.title()),
                        Some(why),
                    )
                }
            };
            Some(Shown { kind, at, unfit, aria, title })
        })
    })
}

/// The token of placed fault `ix` (its index in the scenario's faults).
#[component]
pub fn PlacedFault(ix: usize) -> impl IntoView {
    let lab = Lab::expect();
    let drag = Drag::expect();
    let keys = DiagramKeys::expect();
    let stop = Stop::Fault(ix);
    let s = Memo::new(move |_| shown(lab, ix));
    let kind = move || s.with(|s| s.as_ref().map(|s| s.kind));
    let in_diagram = move || s.with(|s| s.as_ref().is_some_and(|s| s.at.is_some()));
    let style = move || {
        s.with(|s| match s.as_ref().and_then(|s| s.at) {
            Some((g, slot)) => format!(
                "top:{}px;left:{}px",
                gap_y(g) - GAP_H / 2.0 - 4.0,
                TOKEN_X + slot as f64 * TOKEN_W
            ),
            None => String::new(),
        })
    };
    let on_pointerdown = move |e: ev::PointerEvent| {
        if let Some(k) = kind() {
            drag.begin(DragSource::Placed(ix, k), &e);
        }
    };
    let node = NodeRef::<leptos::html::Button>::new();
    // A token that moved into the diagram from above it takes the focus it had.
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            if keys.take_pending(stop) {
                let _ = el.focus();
            }
        }
    });
    view! {
        <button
            type="button"
            node_ref=node
            class="placed-fault fault-chip"
            class:unfit=move || s.with(|s| s.as_ref().is_some_and(|s| s.unfit.is_some()))
            data-testid=format!("placed-fault-{ix}")
            data-stop=stop.id()
            data-fault-kind=move || kind().map(|k| k.slug())
            data-at=move || s.with(|s| s.as_ref().and_then(|s| s.at).map(|(g, _)| g))
            style=style
            tabindex=move || if in_diagram() { keys.tabindex(stop) } else { 0 }
            aria-label=move || s.with(|s| s.as_ref().map(|s| s.aria.clone()))
            title=move || s.with(|s| s.as_ref().and_then(|s| s.title.clone()))
            on:pointerdown=on_pointerdown
            on:click=|e: ev::MouseEvent| e.stop_propagation()
            on:keydown=move |e: ev::KeyboardEvent| keys.on_fault_key(ix, &e)
            on:focus=move |_| keys.focused(stop)
            on:blur=move |_| keys.blurred()
        >
            <span inner_html=move || kind().map(|k| svg(Icon::for_fault(k)))></span>
            " "
            {move || kind().map(|k| k.title())}
            <span
                class="unfit-mark"
                inner_html=move || {
                    s.with(|s| s.as_ref().and_then(|s| s.unfit).map(|_| svg(Icon::Warning)))
                }
            ></span>
        </button>
    }
}

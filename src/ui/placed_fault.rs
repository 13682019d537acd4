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
use crate::render::markup::{Html, Px};
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

/// The token's inside: icon, title, and a warning when it does not fire.
fn inside(s: &Shown) -> String {
    let mut h = Html::with_capacity(600);
    h.raw(svg(Icon::for_fault(s.kind)));
    h.text(" ");
    h.text(s.kind.title());
    if s.unfit.is_some() {
        h.raw(r#"<span class="unfit-mark">"#);
        h.raw(svg(Icon::Warning));
        h.close("span");
    }
    h.finish()
}

/// Writes what changed in `s` onto the token's element (one effect for all its
/// attributes: a small bundle).
fn apply(el: &web_sys::Element, s: &Shown, tabindex: i32) {
    let style = match s.at {
        Some((g, slot)) => format!(
            "top:{}px;left:{}px",
            Px(gap_y(g) - GAP_H / 2.0 - 4.0),
            Px(TOKEN_X + slot as f64 * TOKEN_W)
        ),
        None => String::new(),
    };
    let at = s.at.map(|(g, _)| g.to_string()).unwrap_or_default();
    let class = if s.unfit.is_some() {
        "placed-fault fault-chip unfit"
    } else {
        "placed-fault fault-chip"
    };
    for (name, value) in [
        ("class", class),
        ("data-fault-kind", s.kind.slug()),
        ("style", &style),
        ("data-at", &at),
        ("aria-label", &s.aria),
        ("title", s.title.as_deref().unwrap_or("")),
        ("tabindex", &tabindex.to_string()),
    ] {
        if value.is_empty() {
            let _ = el.remove_attribute(name);
        } else if el.get_attribute(name).as_deref() != Some(value) {
            let _ = el.set_attribute(name, value);
        }
    }
    el.set_inner_html(&inside(s));
}

/// The token of placed fault `ix` (its index in the scenario's faults).
#[component]
pub fn PlacedFault(ix: usize) -> impl IntoView {
    let lab = Lab::expect();
    let drag = Drag::expect();
    let keys = DiagramKeys::expect();
    let stop = Stop::Fault(ix);
    let s = Memo::new(move |_| shown(lab, ix));
    let node = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        let Some(el) = node.get() else {
            return;
        };
        s.with(|s| {
            if let Some(s) = s {
                let tab = if s.at.is_some() {
                    keys.tabindex(stop)
                } else {
                    0
                };
                apply(&el, s, tab);
            }
        });
        // A token that moved into the diagram from above it takes the focus it had.
        if keys.take_pending(stop) {
            let _ = el.focus();
        }
    });
    let on_pointerdown = move |e: ev::PointerEvent| {
        if let Some(k) = s.with_untracked(|s| s.as_ref().map(|s| s.kind)) {
            drag.begin(DragSource::Placed(ix, k), &e);
        }
    };
    view! {
        <button
            type="button"
            node_ref=node
            data-testid=format!("placed-fault-{ix}")
            data-stop=stop.id()
            on:pointerdown=on_pointerdown
            on:click=|e: ev::MouseEvent| e.stop_propagation()
            on:keydown=move |e: ev::KeyboardEvent| keys.on_fault_key(ix, &e)
            on:focus=move |_| keys.focused(stop)
            on:blur=move |_| keys.blurred()
        ></button>
    }
}

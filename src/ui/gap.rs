//! A gap between two steps of the diagram: where a fault is dropped or placed by
//! keyboard. One of the diagram's roving stops.

use super::sequence_diagram::{DiagramKeys, Stop};
use crate::render::geometry::{gap_y, GAP_H};
use crate::render::markup::Px;
use leptos::ev;
use leptos::prelude::*;

/// A gap of the diagram: after step `at.0` (its line, drawn by CSS, sits on the
/// bottom edge of that row), whose label `at.1` screen readers hear ("Gap after: …").
///
/// The diagram keeps one gap element per place in its list of gaps and hands it the
/// step that is there now: an edit that inserts steps moves the later gaps' steps
/// instead of replacing their elements, and the focused gap keeps its element.
#[component]
pub fn Gap(#[prop(into)] at: Signal<(usize, String)>) -> impl IntoView {
    let keys = DiagramKeys::expect();
    let step = Memo::new(move |_| at.with(|a| a.0));
    let stop = move || Stop::Gap(step.get());
    view! {
        <div
            class="gap"
            role="button"
            data-gap=step
            data-stop=move || stop().id()
            data-testid=move || format!("gap-{}", step.get())
            tabindex=move || keys.tabindex(stop())
            aria-label=move || at.with(|a| format!("Gap after: {}", a.1))
            style=move || format!("top:{}px", Px(gap_y(step.get()) - GAP_H / 2.0))
            on:keydown=move |e: ev::KeyboardEvent| keys.on_gap_key(step.get_untracked(), &e)
            on:focus=move |_| keys.focused(Stop::Gap(step.get_untracked()))
            on:blur=move |_| keys.blurred()
        ></div>
    }
}

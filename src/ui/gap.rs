//! A gap between two steps of the diagram: where a fault is dropped or placed by
//! keyboard. One of the diagram's roving stops.

use super::sequence_diagram::{DiagramKeys, Stop};
use crate::render::geometry::{gap_y, GAP_H};
use crate::render::markup::Px;
use leptos::ev;
use leptos::prelude::*;

/// The gap after step `step` (its line sits on the bottom edge of that row).
/// `label` is the step's label, for screen readers ("Gap after: …").
#[component]
pub fn Gap(step: usize, label: String) -> impl IntoView {
    let keys = DiagramKeys::expect();
    let stop = Stop::Gap(step);
    view! {
        <div
            class="gap"
            role="button"
            data-gap=step
            data-stop=stop.id()
            data-testid=format!("gap-{step}")
            tabindex=move || keys.tabindex(stop)
            aria-label=format!("Gap after: {label}")
            style=format!("top:{}px", Px(gap_y(step) - GAP_H / 2.0))
            on:keydown=move |e: ev::KeyboardEvent| keys.on_gap_key(step, &e)
            on:focus=move |_| keys.focused(stop)
            on:blur=move |_| keys.blurred()
        >
            <span class="gap-line" aria-hidden="true"></span>
        </div>
    }
}

//! The compare view: the scenario's workload and faults under every design, one
//! lane each, with the lab's one cursor and playback. The shared axis is the
//! simulated clock: at each position every lane shows the steps it has taken by
//! that time, and at the last position every lane is at its end.

use super::compare_lane::CompareLane;
use super::state::Lab;
use crate::model::{view, DesignKind};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the lane of the design the lab shows (after the lanes are drawn).
fn focus_current_lane(kind: DesignKind) {
    request_animation_frame(move || {
        let sel = format!(".cmp-lane[data-design=\"{}\"]", kind.slug());
        if let Some(el) = document()
            .query_selector(&sel)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// Focuses the compare toggle (after the main view is back).
pub fn focus_toggle() {
    request_animation_frame(|| {
        if let Some(el) = document()
            .get_element_by_id("compare-toggle")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// Closes the header's open disclosures (knobs, workload), so the lanes have the room.
fn close_disclosures() {
    if let Ok(open) = document().query_selector_all(".lab-header details[open]") {
        for i in 0..open.length() {
            if let Some(el) = open
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.remove_attribute("open");
            }
        }
    }
}

/// Opens or closes the compare view, moving the focus to what appears; opening it
/// closes the header's disclosures to make room for the lanes.
pub fn toggle_compare(lab: Lab) {
    let on = !lab.comparing.get_untracked();
    lab.set_comparing(on);
    if on {
        close_disclosures();
        focus_current_lane(lab.scenario.with_untracked(|sc| sc.design.kind));
    } else {
        focus_toggle();
    }
}

/// Whether a key event belongs to the element it happened on (a field, a gap or a
/// placed fault of the diagram).
fn typed_into(e: &ev::KeyboardEvent) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(
        el.tag_name().to_ascii_uppercase().as_str(),
        "INPUT" | "SELECT" | "TEXTAREA"
    ) || el
        .closest("[data-gap], .placed-fault")
        .ok()
        .flatten()
        .is_some()
}

/// The "Compare designs" toggle beside the design picker; `v` anywhere does the same.
#[component]
pub fn CompareToggle() -> impl IntoView {
    let lab = Lab::expect();
    let keys = window_event_listener(ev::keydown, move |e: ev::KeyboardEvent| {
        if e.key() == "v"
            && !(e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented())
            && !typed_into(&e)
        {
            e.prevent_default();
            toggle_compare(lab);
        }
    });
    on_cleanup(move || keys.remove());
    view! {
        <button
            type="button"
            id="compare-toggle"
            class="compare-toggle"
            data-testid="compare-toggle"
            aria-pressed=move || lab.comparing.get().to_string()
            title="The same faults under every design (v)"
            on:click=move |_| toggle_compare(lab)
        >
            <Show when=move || !lab.comparing.get() fallback=|| "Back to the diagram">
                "Compare" <span class="wide-word">" designs"</span>
            </Show>
        </button>
    }
}

/// Every design's lane, in the main region while comparing.
#[component]
pub fn CompareView() -> impl IntoView {
    let lab = Lab::expect();
    let faults = move || lab.scenario.with(|sc| sc.faults.len());
    let time = move || view::clock(lab.clock_now());
    view! {
        <section class="compare" id="compare" tabindex="-1" aria-labelledby="compare-title" data-testid="compare">
            <div class="cmp-intro">
                <h2 id="compare-title">
                    "Every design, the same "
                    {move || match faults() {
                        0 => "workload, no faults".to_string(),
                        1 => "fault".to_string(),
                        n => format!("{n} faults"),
                    }}
                </h2>
                <p class="cmp-axis" data-testid="compare-axis">
                    "One clock for all lanes: each shows its run up to t = "
                    <span class="cmp-time">{time}</span>
                    "."
                </p>
                <p class="cmp-hint">
                    "Click a lane, or press " <kbd>"Enter"</kbd>
                    " on it, to open that design with the same faults; "
                    <kbd>"↑"</kbd> <kbd>"↓"</kbd> " move between lanes, "
                    <kbd>"v"</kbd> " closes."
                </p>
            </div>
            <ol class="cmp-lanes" aria-label="One lane per design">
                {DesignKind::ALL
                    .into_iter()
                    .map(|kind| view! { <CompareLane kind=kind/> })
                    .collect_view()}
            </ol>
        </section>
    }
}

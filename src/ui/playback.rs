//! Playback: play, pause, step, scrub and speed, plus the window-wide shortcuts.

use super::state::Lab;
use crate::model::{explain, view};
use crate::render::icons::{svg, Icon};
use gloo_timers::callback::Interval;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Milliseconds per step at 1×.
const BASE_MS: f64 = 600.0;

/// Whether a key event should be left to the element it happened on.
fn target_takes(ev: &ev::KeyboardEvent, keys_of_controls: bool) -> bool {
    let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let tag = el.tag_name().to_ascii_uppercase();
    if matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA") {
        return true;
    }
    // Gaps and placed faults have keys of their own.
    if el
        .closest("[data-gap], .placed-fault")
        .ok()
        .flatten()
        .is_some()
    {
        return true;
    }
    keys_of_controls
        && (matches!(tag.as_str(), "BUTTON" | "A" | "SUMMARY")
            || el.get_attribute("role").as_deref() == Some("button"))
}

/// Toggles playback; playing from the end starts over. While the page asks for a
/// prediction and none is made, it says so instead.
pub fn toggle_play(lab: Lab) {
    if lab.playing.get_untracked() {
        lab.playing.set(false);
        return;
    }
    if lab.refuse_play() {
        return;
    }
    if lab.cursor.get_untracked() >= untrack(|| lab.len()) {
        lab.seek(0);
    }
    lab.playing.set(true);
}

/// The playback bar. `help` is the help overlay's open flag (`?` toggles it).
#[component]
pub fn Playback(help: RwSignal<bool>) -> impl IntoView {
    let lab = Lab::expect();

    // The timer: one interval while playing, rebuilt when the speed changes.
    let timer = StoredValue::new_local(None::<Interval>);
    Effect::new(move |_| {
        let playing = lab.playing.get();
        let speed = lab.speed.get();
        timer.set_value(None);
        if playing {
            let ms = (BASE_MS / speed.max(0.1)).round() as u32;
            timer.set_value(Some(Interval::new(ms, move || {
                lab.step_forward();
                if lab.cursor.get_untracked() >= untrack(|| lab.len()) {
                    lab.playing.set(false);
                }
            })));
        }
    });

    let keys = window_event_listener(ev::keydown, move |e: ev::KeyboardEvent| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
            return;
        }
        match e.key().as_str() {
            "?" if !target_takes(&e, false) => {
                e.prevent_default();
                help.update(|h| *h = !*h);
            }
            "Escape" if help.get_untracked() => {
                e.prevent_default();
                help.set(false);
            }
            " " if !target_takes(&e, true) => {
                e.prevent_default();
                toggle_play(lab);
            }
            "ArrowLeft" if !target_takes(&e, false) => {
                e.prevent_default();
                lab.playing.set(false);
                lab.step_back();
            }
            "ArrowRight" if !target_takes(&e, false) => {
                e.prevent_default();
                lab.playing.set(false);
                lab.step_forward();
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let len = move || lab.len();
    let clock = move || view::clock(lab.clock_now());
    let current = move || {
        let c = lab.steps_now();
        lab.scenario.with(|sc| {
            lab.trace.with(|t| {
                c.checked_sub(1)
                    .and_then(|i| t.steps.get(i))
                    .map(|s| explain::label(sc, s))
                    .unwrap_or_else(|| "before the first step".into())
            })
        })
    };

    view! {
        <div class="playback" role="group" aria-label="Playback">
            <div class="playback-buttons">
                <button
                    type="button"
                    data-testid="step-back"
                    aria-label="Step back"
                    title="Step back (←)"
                    disabled=move || lab.cursor.get() == 0
                    on:click=move |_| {
                        lab.playing.set(false);
                        lab.step_back();
                    }
                >
                    <span class="btn-icon" inner_html=svg(Icon::StepBack)></span>
                    <span class="btn-word">"Back"</span>
                </button>
                <button
                    type="button"
                    class="play"
                    data-testid="play"
                    aria-label=move || if lab.playing.get() { "Pause" } else { "Play" }
                    aria-disabled=move || lab.may_play().is_err().then_some("true")
                    aria-describedby=move || lab.may_play().is_err().then_some("predict-first")
                    title=move || match lab.may_play() {
                        Ok(()) => "Play / pause (Space)".to_string(),
                        Err(why) => why.to_string(),
                    }
                    on:click=move |_| toggle_play(lab)
                >
                    <span
                        class="btn-icon"
                        inner_html=move || svg(if lab.playing.get() { Icon::Pause } else { Icon::Play })
                    ></span>
                    {move || if lab.playing.get() { "Pause" } else { "Play" }}
                </button>
                <button
                    type="button"
                    data-testid="step-forward"
                    aria-label="Step forward"
                    title="Step forward (→)"
                    disabled=move || { lab.cursor.get() >= len() }
                    on:click=move |_| {
                        lab.playing.set(false);
                        lab.step_forward();
                    }
                >
                    <span class="btn-word">"Forward"</span>
                    <span class="btn-icon" inner_html=svg(Icon::StepForward)></span>
                </button>
            </div>
            <input
                type="range"
                class="scrubber"
                data-testid="scrubber"
                aria-label="Step"
                aria-valuetext=move || format!("step {} of {}: {}", lab.cursor.get(), len(), current())
                min="0"
                max=move || len().to_string()
                step="1"
                prop:value=move || lab.cursor.get().to_string()
                on:input=move |ev| {
                    lab.playing.set(false);
                    if let Ok(n) = event_target_value(&ev).parse::<usize>() {
                        lab.seek(n);
                    }
                    // A refused move (no prediction yet) puts the thumb back.
                    let el = event_target::<web_sys::HtmlInputElement>(&ev);
                    el.set_value(&lab.cursor.get_untracked().to_string());
                }
            />
            <span class="step-counter" data-testid="step-counter" aria-live="off">
                // While comparing, the cursor moves along one clock for every lane:
                // its positions are moments of that clock, not one design's steps.
                {move || if lab.comparing.get() { "moment " } else { "step " }}
                {move || lab.cursor.get()}
                " / "
                {len}
            </span>
            <span class="clock" data-testid="clock" title="Simulated time">
                <span class="narrow-word">"t = "</span>
                {clock}
            </span>
            <label class="speed">
                <span class="narrow-word">"Speed "</span>
                <select
                    data-testid="speed"
                    on:change=move |ev| {
                        if let Ok(p) = event_target_value(&ev).parse::<u32>() {
                            lab.speed.set(f64::from(p) / 100.0);
                        }
                    }
                >
                    <option value="50">"0.5×"</option>
                    <option value="100" selected>"1×"</option>
                    <option value="200">"2×"</option>
                    <option value="400">"4×"</option>
                </select>
            </label>
            <div class="playback-tools">
            <super::diagram_download::DiagramDownload/>
            <button
                type="button"
                class="help-button"
                aria-label="Keyboard shortcuts"
                aria-expanded=move || help.get().to_string()
                title="Keyboard shortcuts (?)"
                on:click=move |_| help.update(|h| *h = !*h)
            >
                "?"
            </button>
            </div>
        </div>
    }
}

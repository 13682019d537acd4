//! The header: which lesson (preset), which design, and the design's knobs.

use super::state::Lab;
use crate::model::edit::{self, KnobInput};
use crate::model::presets;
use crate::model::scenario::Knob;
use crate::model::{explain, DesignKind};
use leptos::prelude::*;

/// One knob's control, labelled in plain words with the real setting beside it.
fn knob_control(lab: Lab, knob: Knob) -> impl IntoView {
    let id = format!("knob-{knob:?}").to_lowercase();
    let value = move || lab.scenario.with(|sc| edit::knob_text(&sc.design, knob));
    let set = move |text: String| {
        let mut knobs = lab.scenario.with_untracked(|sc| sc.design.knobs.clone());
        match edit::set_knob(&mut knobs, knob, &text) {
            Ok(()) => lab.edit_knobs(|k| *k = knobs),
            Err(why) => lab.notice.set(Some(format!("{}: {why}.", knob.label()))),
        }
    };
    let name = view! {
        <span class="knob-name">{knob.label()}</span>
        " "
        <code>{knob.config_name()}</code>
    };
    match edit::knob_input(knob) {
        KnobInput::Toggle => view! {
            <div class="knob knob-toggle">
                <input
                    type="checkbox"
                    id=id.clone()
                    data-knob=id.clone()
                    prop:checked=move || value() == "true"
                    on:change=move |ev| set(event_target_checked(&ev).to_string())
                />
                <label for=id>{name}</label>
            </div>
        }
        .into_any(),
        KnobInput::Choice(all) => view! {
            <div class="knob knob-choice">
                <label for=id.clone()>{name}</label>
                <select id=id.clone() data-knob=id on:change=move |ev| set(event_target_value(&ev))>
                    {all
                        .iter()
                        .map(|&c| {
                            view! {
                                <option value=c selected=move || value() == c>
                                    {explain::choice_words(c)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
        .into_any(),
        KnobInput::Count { min, max } => view! {
            <div class="knob knob-number">
                <label for=id.clone()>{name}</label>
                <input
                    type="number"
                    id=id.clone()
                    data-knob=id
                    min=min
                    max=max
                    step="1"
                    prop:value=value
                    on:change=move |ev| set(event_target_value(&ev))
                />
            </div>
        }
        .into_any(),
        KnobInput::Millis { max } => view! {
            <div class="knob knob-number">
                <label for=id.clone()>{name}</label>
                <span class="knob-ms">
                    <input
                        type="number"
                        id=id.clone()
                        data-knob=id
                        min="0"
                        max=max
                        step="1000"
                        prop:value=value
                        on:change=move |ev| set(event_target_value(&ev))
                    />
                    " ms = "
                    <output>{move || explain::duration(value().parse().unwrap_or(0))}</output>
                </span>
            </div>
        }
        .into_any(),
    }
}

/// Title, preset and design pickers, the design's knobs, and "Clear faults".
#[component]
pub fn Header() -> impl IntoView {
    let lab = Lab::expect();
    let all = presets::all();
    let preset_options = all
        .iter()
        .map(|p| {
            let slug = p.slug;
            view! {
                <option value=slug selected=move || lab.preset.get() == Some(slug)>
                    {p.title}
                </option>
            }
        })
        .collect_view();
    let lesson = move || {
        lab.preset
            .get()
            .and_then(presets::find)
            .map(|p| p.lesson)
            .unwrap_or_default()
    };
    let design = Memo::new(move |_| lab.scenario.with(|sc| sc.design.kind));
    let design_options = DesignKind::ALL
        .iter()
        .map(|&d| {
            view! {
                <option value=d.slug() selected=move || design.get() == d>
                    {d.title()}
                </option>
            }
        })
        .collect_view();
    let knobs = move || {
        design
            .get()
            .knobs()
            .iter()
            .map(|&k| knob_control(lab, k))
            .collect_view()
    };
    let fault_count = move || lab.scenario.with(|sc| sc.faults.len());

    view! {
        <header class="lab-header">
            <div class="brand">
                <h1>"EOS Lab"</h1>
                <p class="tagline">"Drop crashes on a stream pipeline and watch every event take effect once — or not."</p>
            </div>
            <div class="pickers">
                <div class="picker">
                    <label for="preset-select">"Lesson"</label>
                    <select
                        id="preset-select"
                        data-testid="preset-select"
                        on:change=move |ev| {
                            if let Some(p) = presets::find(&event_target_value(&ev)) {
                                lab.load_preset(&p);
                            }
                        }
                    >
                        <Show when=move || lab.preset.get().is_none()>
                            <option value="" selected>"(your own scenario)"</option>
                        </Show>
                        {preset_options}
                    </select>
                    <p class="lesson" data-testid="lesson">{lesson}</p>
                </div>
                <div class="picker">
                    <label for="design-select">"Design"</label>
                    <select
                        id="design-select"
                        data-testid="design-select"
                        on:change=move |ev| {
                            if let Some(d) = DesignKind::from_slug(&event_target_value(&ev)) {
                                lab.set_design(d);
                            }
                        }
                    >
                        {design_options}
                    </select>
                    <button
                        type="button"
                        class="clear-faults"
                        data-testid="clear-faults"
                        disabled=move || fault_count() == 0
                        on:click=move |_| {
                            let n = fault_count();
                            lab.clear_faults();
                            lab.notice.set(Some(format!(
                                "Removed {n} fault{} from the run.",
                                if n == 1 { "" } else { "s" }
                            )));
                        }
                    >
                        "Clear faults"
                    </button>
                </div>
            </div>
            <fieldset class="knobs">
                <legend>"Knobs of this design"</legend>
                {knobs}
            </fieldset>
        </header>
    }
}

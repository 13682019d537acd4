//! One knob of the design as a typed control: a checkbox, a choice or a number
//! field, as the model says the knob needs (`edit::knob_input`). Each control is its
//! own element with its own handler and is updated in place when the scenario
//! changes, so the one being edited keeps the focus.

use super::state::Lab;
use crate::model::edit::{self, KnobInput};
use crate::model::scenario::Knob;
use crate::model::{explain, Knobs};
use leptos::prelude::*;

/// Applies `text` to `knob` if the model takes it as it is; otherwise says why.
fn apply(lab: Lab, knob: Knob, text: &str) -> Result<(), String> {
    edit::check_knob(knob, text)?;
    let mut knobs: Knobs = lab.scenario.with_untracked(|sc| sc.design.knobs.clone());
    edit::set_knob(&mut knobs, knob, text).map_err(str::to_string)?;
    lab.edit_knobs(|k| *k = knobs);
    Ok(())
}

/// The control of one knob, labelled in plain words with the real setting beside
/// it; `data-knob` holds the real setting's name.
#[component]
pub fn KnobControl(
    /// Which knob.
    knob: Knob,
) -> impl IntoView {
    let lab = Lab::expect();
    let value = Memo::new(move |_| lab.scenario.with(|sc| edit::knob_text(&sc.design, knob)));
    let id = format!("knob-{}", knob as u8);
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
                    data-knob=knob.config_name()
                    prop:checked=move || value.get() == "true"
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let _ = apply(lab, knob, &on.to_string());
                    }
                />
                <label for=id>{name}</label>
            </div>
        }
        .into_any(),
        KnobInput::Choice(all) => view! {
            <div class="knob knob-choice">
                <label for=id.clone()>{name}</label>
                <select
                    id=id
                    data-knob=knob.config_name()
                    prop:value=move || value.get()
                    on:change=move |ev| {
                        let _ = apply(lab, knob, &event_target_value(&ev));
                    }
                >
                    {all
                        .iter()
                        .map(|c| {
                            let why = move || {
                                lab.scenario
                                    .with(|sc| edit::unavailable_choice(&sc.design, knob, c))
                            };
                            view! {
                                <option
                                    value=*c
                                    selected=move || value.get() == *c
                                    disabled=move || why().is_some()
                                >
                                    {explain::choice_words(c)}
                                    {move || why().map(|w| format!(" (unavailable: {w})"))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
        .into_any(),
        KnobInput::Count { min, max } => {
            view! { <NumberKnob knob id name=name.into_any() value min max step=1 ms=false/> }
                .into_any()
        }
        KnobInput::Millis { max } => view! {
            <NumberKnob knob id name=name.into_any() value min=0 max step=1000 ms=true/>
        }
        .into_any(),
    }
}

/// A number field for a knob. A value the model does not take as it is stays in
/// the field, marked invalid (`aria-invalid`), with the message beside it and the
/// run unchanged; the message goes as soon as the field holds a valid value.
#[component]
fn NumberKnob(
    knob: Knob,
    id: String,
    name: AnyView,
    value: Memo<String>,
    min: u64,
    max: u64,
    step: u64,
    ms: bool,
) -> impl IntoView {
    let lab = Lab::expect();
    // The refused text and why it was refused.
    let error = RwSignal::new(None::<(String, String)>);
    // When the knob's value changes from elsewhere (a preset, a design switch), the
    // field shows it and a message about earlier typing goes.
    Effect::new(move |_| {
        value.track();
        error.set(None);
    });
    let err_id = format!("{id}-error");
    let described = err_id.clone();
    let words = move || {
        value
            .get()
            .parse::<u64>()
            .map(explain::duration)
            .unwrap_or_default()
    };
    view! {
        <div class="knob knob-number" class=("knob-invalid", move || error.with(Option::is_some))>
            <label for=id.clone()>{name}</label>
            <span class="knob-field">
                <input
                    type="number"
                    id=id
                    data-knob=knob.config_name()
                    min=min
                    max=max
                    step=step
                    prop:value=move || {
                        error.with(|e| e.as_ref().map(|(_, text)| text.clone())).unwrap_or_else(|| value.get())
                    }
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        match apply(lab, knob, &text) {
                            Ok(()) => error.set(None),
                            Err(why) => error.set(Some((why, text))),
                        }
                    }
                />
                {ms.then(|| view! { " ms = " <output>{words}</output> })}
            </span>
            <span class="knob-error" id=err_id role="alert" hidden=move || error.with(Option::is_none)>
                {move || {
                    error
                        .get()
                        .map(|(why, _)| {
                            format!("{why}; the run still uses {}.", value.get_untracked())
                        })
                }}
            </span>
        </div>
    }
}

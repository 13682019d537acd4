//! One event's guess: ok / lost / duplicate as a group of radio buttons, each an
//! icon and a word, so the arrow keys move between them and colour is never the
//! only sign of the choice.

use super::state::Lab;
use crate::model::Verdict;
use crate::render::icons::{svg, Icon};
use leptos::prelude::*;

/// The three answers, in the order they are offered.
pub const CHOICES: [Verdict; 3] = [Verdict::Ok, Verdict::Lost, Verdict::Duplicate];

/// The guess for event `event_id`: one radio group, editable only before the run
/// plays.
#[component]
pub fn EventGuess(
    /// The event id (`evt-2`).
    #[prop(into)]
    event_id: String,
    /// Its business amount, shown beside the id.
    amount: i64,
) -> impl IntoView {
    let lab = Lab::expect();
    let locked = move || lab.cursor.get() != 0;
    let name = format!("guess-{event_id}");
    let choices = CHOICES
        .into_iter()
        .map(|v| {
            let id = event_id.clone();
            let id_change = event_id.clone();
            let checked = move || {
                lab.prediction
                    .with(|p| p.as_ref().and_then(|p| p.guess(&id)) == Some(v))
            };
            view! {
                <label class="predict-choice" data-choice=v.word()>
                    <input
                        type="radio"
                        name=name.clone()
                        value=v.word()
                        prop:checked=checked
                        disabled=locked
                        on:change=move |_| lab.guess_event(&id_change, v)
                    />
                    <span class="pn-icon" inner_html=svg(Icon::for_verdict(v))></span>
                    <span class="predict-word">{v.word()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="predict-event" data-testid=format!("guess-{event_id}")>
            <legend>
                {event_id.clone()}
                <small class="predict-amount">{format!(" ({amount})")}</small>
            </legend>
            <div class="predict-choices">{choices}</div>
        </fieldset>
    }
}

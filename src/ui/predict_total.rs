//! The simplest prediction: will the business total the reader computes be right?
//! Two radio buttons, each an icon and a word.

use super::state::Lab;
use crate::render::icons::{svg, Icon};
use leptos::prelude::*;

/// "Will the total be right?" yes / no, editable only before the run plays.
#[component]
pub fn TotalGuess() -> impl IntoView {
    let lab = Lab::expect();
    let locked = move || lab.cursor.get() != 0;
    let total = move || lab.scenario.with(|sc| sc.names.total.clone());
    let choice = move |right: bool, word: &'static str, icon: Icon| {
        let checked = move || {
            lab.prediction
                .with(|p| p.as_ref().and_then(|p| p.total_right) == Some(right))
        };
        view! {
            <label class="predict-choice" data-choice=word>
                <input
                    type="radio"
                    name="guess-total"
                    value=word
                    prop:checked=checked
                    disabled=locked
                    on:change=move |_| lab.guess_total(right)
                />
                <span class="pn-icon" inner_html=svg(icon)></span>
                <span class="predict-word">{word}</span>
            </label>
        }
    };
    view! {
        <fieldset class="predict-event predict-total" data-testid="guess-total">
            <legend>"Or simply: will the " {total} " total be right?"</legend>
            <div class="predict-choices">
                {choice(true, "yes", Icon::Ok)}
                {choice(false, "no", Icon::Warning)}
            </div>
        </fieldset>
    }
}

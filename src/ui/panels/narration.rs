//! The narration of the current step.

use crate::model::explain::{self, narrate, outcome_mark};
use crate::model::presets;
use crate::ui::state::Lab;
use leptos::prelude::*;

/// What the step at the cursor did, in the lesson's words: its arrow label (with the
/// reason when it was refused or had no effect) and one or two sentences. Before the
/// first step, a hint to press play and the preset's lesson.
#[component]
pub fn Narration() -> impl IntoView {
    let lab = Lab::expect();
    let content = move || {
        let c = lab.cursor.get();
        if c == 0 {
            let lesson = lab
                .preset
                .get()
                .and_then(presets::find)
                .map(|p| p.lesson.to_string())
                .unwrap_or_else(|| lab.scenario.with(|sc| sc.title.clone()));
            return view! {
                <p class="pn-step-head">"Press play or step forward to run the scenario."</p>
                <p class="pn-narration-text">{lesson}</p>
            }
            .into_any();
        }
        let (head, label, mark, text) = lab.scenario.with(|sc| {
            lab.trace.with(|t| {
                let n = t.steps.len();
                match t.steps.get(c - 1) {
                    Some(s) => (
                        format!("Step {c} of {n}"),
                        explain::label(sc, s),
                        outcome_mark(s).map(|(icon, why)| format!("{icon} {why}")),
                        narrate(sc, s),
                    ),
                    None => (
                        format!("Step {c} of {n}"),
                        String::new(),
                        None,
                        String::new(),
                    ),
                }
            })
        });
        let mark = mark.map(|m| view! { <span class="pn-badge pn-outcome">{m}</span> });
        view! {
            <p class="pn-step-head">
                <span class="pn-step-no">{head}</span>
                " "
                <strong class="pn-step-label">{label}</strong>
                " "
                {mark}
            </p>
            <p class="pn-narration-text">{text}</p>
        }
        .into_any()
    };
    view! {
        <section
            class="pn-narration"
            aria-live="polite"
            aria-label="What happens at this step"
            data-testid="narration"
        >
            {content}
        </section>
    }
}

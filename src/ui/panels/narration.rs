//! The narration of the current step.

use crate::model::explain::{self, narrate};
use crate::model::presets;
use crate::render::icons::outcome_mark;
use crate::render::icons::svg;
use crate::ui::lesson_picker::caption;
use crate::ui::state::Lab;
use leptos::prelude::*;

/// What the step at the cursor did, in the lesson's words: its arrow label (with the
/// reason when it was refused or had no effect) and one or two sentences. Before the
/// first step, a hint to press play and the preset's lesson, or that the scenario
/// is modified.
#[component]
pub fn Narration() -> impl IntoView {
    let lab = Lab::expect();
    // Before the first step: a hint and the preset's lesson (or, once the learner
    // changed the scenario, that it is modified).
    let start = move || {
        (lab.cursor.get() == 0).then(|| {
            let p = lab.preset.get().and_then(presets::find);
            lab.changes.with(|c| caption(p.as_ref(), c))
        })
    };
    // At a step: its number, label, outcome mark and narration.
    let step = move || {
        let c = lab.cursor.get();
        let i = c.checked_sub(1)?;
        lab.scenario.with(|sc| {
            lab.trace.with(|t| {
                t.steps.get(i).map(|s| {
                    (
                        format!("Step {c} of {}", t.steps.len()),
                        explain::label(sc, s),
                        outcome_mark(s),
                        narrate(sc, s),
                    )
                })
            })
        })
    };
    let content = move || {
        let start = start().map(|lesson| {
            view! {
                <p class="pn-step-head">"Press play or step forward to run the scenario."</p>
                <p class="pn-narration-text">{lesson}</p>
            }
        });
        let step = step().map(|(head, label, mark, text)| {
            view! {
                <p class="pn-step-head">
                    <span class="pn-step-no">{head}</span>
                    " "
                    <strong class="pn-step-label">{label}</strong>
                    " "
                    {mark
                        .map(|(icon, why)| {
                            view! {
                                <span class="pn-badge pn-outcome">
                                    <span inner_html=svg(icon)></span>
                                    " "
                                    {why}
                                </span>
                            }
                        })}
                </p>
                <p class="pn-narration-text">{text}</p>
            }
        });
        view! { {start} {step} }
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

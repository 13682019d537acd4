//! The verdict strip at the bottom of the lab: the ledger at the cursor while the
//! run plays ("so far: evt-1 ok · evt-2 duplicate · revenue 150 of 100 expected"),
//! and the whole run's verdict once the cursor reaches the end (while comparing,
//! once the current design's lane has ended), so the lesson is not given away at
//! step 0. A run that stops at its step budget says so.

use super::state::Lab;
use crate::model::ledger::RunVerdict;
use crate::model::{explain, progress};
use crate::render::icons::{svg, Icon};
use leptos::prelude::*;

/// The outcome and the ledger's totals in one compact strip, always in view. Where
/// space is short a long verdict scrolls inside it, so it takes the focus (to
/// scroll by keyboard).
#[component]
pub fn VerdictStrip() -> impl IntoView {
    let lab = Lab::expect();
    let so_far = move || {
        lab.scenario
            .with(|sc| lab.ledger_now.with(|l| progress::so_far(sc, l)))
    };
    // The design's own steps (while comparing, the cursor is a moment of the
    // lanes' shared clock).
    let step = move || {
        format!(
            "Step {} of {}",
            lab.steps_now(),
            lab.trace.with(|t| t.steps.len())
        )
    };
    let verdict = move || lab.trace.with(|t| t.ledger.run_verdict());
    let outcome = move || {
        lab.scenario
            .with(|sc| lab.trace.with(|t| explain::outcome(sc, t)))
    };
    let totals = move || {
        lab.scenario
            .with(|sc| lab.trace.with(|t| progress::totals(sc, &t.ledger)))
    };
    let unfinished = move || lab.trace.with(progress::unfinished_words);
    let state = move || {
        if lab.run_over() {
            verdict().state()
        } else {
            "playing"
        }
    };
    view! {
        <section
            class="verdict-strip"
            data-state=state
            aria-label="Verdict"
            data-testid="verdict-strip"
            tabindex="0"
        >
            <Show
                when=move || lab.run_over()
                fallback=move || {
                    view! {
                        <p class="verdict-so-far" data-testid="verdict-so-far">
                            <span class="verdict-step">{step}</span>
                            " · "
                            {so_far}
                        </p>
                    }
                }
            >
                <p class="verdict-outcome" role="status" data-testid="verdict-outcome">
                    <span
                        class="verdict-icon"
                        inner_html=move || {
                            svg(if verdict() == RunVerdict::Exact { Icon::Ok } else { Icon::Warning })
                        }
                    ></span>
                    " "
                    <span class="verdict-mark">{move || verdict().words()}</span>
                    " "
                    {outcome}
                </p>
                <p class="verdict-totals" data-testid="verdict-totals">
                    {totals}
                    <super::predict_jump::RevealJump/>
                </p>
            </Show>
            {move || unfinished().map(|w| view! { <p class="verdict-budget" data-testid="verdict-budget">{w}</p> })}
        </section>
    }
}

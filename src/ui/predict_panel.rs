//! Predict, then reveal: before the run plays, the learner says what will happen to
//! each event (or only whether the total will be right). The run then plays; at its
//! end the ledger shows the prediction beside the truth. A page can ask for a
//! prediction before play (`?predict`); the rule itself lives in the lab's state.

use super::predict_event::EventGuess;
use super::predict_total::TotalGuess;
use super::state::Lab;
use crate::model::prediction::per_event;
use leptos::prelude::*;

/// A word on where the prediction stands, for the disclosure's summary.
fn status(lab: Lab) -> String {
    if lab.at_end.get() {
        if let Some(s) = lab.judgement.with(|j| j.as_ref().map(|j| j.summary())) {
            return s;
        }
    }
    lab.prediction.with(|p| match p {
        None => "not made".into(),
        Some(p) => lab.scenario.with(|sc| {
            if !p.is_for(sc) {
                "made before your edit".into()
            } else if p.is_complete(sc) {
                "made".into()
            } else {
                format!("{} of {} events", p.events.len(), sc.workload.events.len())
            }
        }),
    })
}

/// The prediction form: one guess per event and the total question, with what the
/// page asks and what the learner may do now. Locked once the run has moved.
#[component]
pub fn PredictPanel() -> impl IntoView {
    let lab = Lab::expect();
    let events = move || {
        lab.scenario.with(|sc| {
            let ask = per_event(sc);
            sc.workload
                .events
                .iter()
                .filter(|_| ask)
                .map(|e| (e.id.clone(), e.amount))
                .collect::<Vec<_>>()
        })
    };
    let many = move || {
        lab.scenario
            .with(|sc| (!per_event(sc)).then_some(sc.workload.events.len()))
    };
    let stale = move || {
        lab.prediction.with(|p| {
            p.as_ref()
                .is_some_and(|p| lab.scenario.with(|sc| !p.is_for(sc)))
        })
    };
    let has = move || lab.prediction.with(Option::is_some);
    // Open before the run plays; folded to its summary once it moves, so the
    // ledger's reveal is in view (the learner may open it again).
    let before_play = Memo::new(move |_| lab.cursor.get() == 0);
    view! {
        <details class="predict" id="predict" prop:open=move || before_play.get() data-testid="predict">
            <summary>
                <span class="predict-title">"Predict"</span>
                " "
                <small data-testid="predict-status">{move || status(lab)}</small>
            </summary>
            <Show when=move || lab.may_play().is_err()>
                <p class="predict-ask" id="predict-first" data-testid="predict-first">
                    "This page asks for your prediction before the run plays."
                </p>
            </Show>
            <Show
                when=move || lab.cursor.get() == 0
                fallback=move || {
                    view! {
                        <p class="predict-note">
                            "A prediction is made before the run plays. "
                            <button
                                type="button"
                                class="predict-restart"
                                data-testid="predict-restart"
                                on:click=move |_| {
                                    lab.playing.set(false);
                                    lab.seek(0);
                                }
                            >
                                "Back to step 0"
                            </button>
                            " to change it."
                        </p>
                    }
                }
            >
                <p class="predict-note">"Before you press play: what will happen to each event?"</p>
            </Show>
            <Show when=stale>
                <p class="predict-stale" data-testid="predict-stale">
                    "Made before you changed the scenario: it is judged against the run as it is now."
                </p>
            </Show>
            {move || {
                many()
                    .map(|n| {
                        view! {
                            <p class="predict-note">
                                {format!("With {n} events, predict the total.")}
                            </p>
                        }
                    })
            }}
            <div class="predict-form">
                <For each=events key=|e| e.clone() let:e>
                    <EventGuess event_id=e.0 amount=e.1/>
                </For>
                <TotalGuess/>
            </div>
            <Show when=has>
                <p class="predict-keep">
                    "Kept in this browser only. "
                    <button
                        type="button"
                        class="predict-clear"
                        data-testid="predict-clear"
                        on:click=move |_| lab.clear_prediction()
                    >
                        "Clear prediction"
                    </button>
                </p>
            </Show>
        </details>
    }
}

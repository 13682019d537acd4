//! The reveal: at the end of the run, the learner's prediction beside the truth.
//! Each guess is marked right or wrong (icon and word), and each wrong one is
//! explained by the ledger's why-chain, its steps buttons that move the cursor.

use super::why_chain::WhyChain;
use crate::model::prediction::{Answer, Item, Judged, Judgement};
use crate::render::icons::{svg, Icon};
use leptos::prelude::*;

/// The mark of a judged guess: a check mark and `right`, or a warning sign and
/// `wrong`.
#[component]
pub fn GuessMark(
    /// Whether the guess was right.
    right: bool,
) -> impl IntoView {
    let (icon, word) = if right {
        (Icon::Ok, "right")
    } else {
        (Icon::Warning, "wrong")
    };
    view! {
        <span class=if right { "predict-mark predict-right" } else { "predict-mark predict-wrong" }>
            <span class="pn-icon" inner_html=svg(icon)></span>
            " "
            {word}
        </span>
    }
}

/// An answer as icon and word (`⧉ duplicate`, `✓ total right`).
#[component]
pub fn AnswerWord(
    /// The answer.
    answer: Answer,
) -> impl IntoView {
    let icon = match answer {
        Answer::TotalRight(false) => Icon::Warning,
        a => Icon::for_verdict(a.verdict()),
    };
    view! {
        <span class="predict-answer">
            <span class="pn-icon" inner_html=svg(icon)></span>
            " "
            {answer.word()}
        </span>
    }
}

/// The prediction judged against the whole run: how many guesses were right, and
/// for each wrong one what was said, what happened and why.
#[component]
pub fn PredictionReveal(
    /// The judged prediction.
    judgement: Judgement,
) -> impl IntoView {
    let wrong = judgement
        .items
        .iter()
        .filter(|j| !j.right)
        .map(|j| view! { <WrongGuess judged=j.clone()/> })
        .collect_view();
    let dropped = judgement
        .dropped
        .iter()
        .map(|d| view! { <li data-testid=format!("prediction-dropped-{}", d.event_id)>{d.reason.clone()}</li> })
        .collect_view();
    let all_right = judgement.right() == judgement.items.len();
    view! {
        <section
            id="prediction-reveal"
            tabindex="-1"
            class="predict-reveal"
            data-testid="prediction-reveal"
            data-all-right=all_right.to_string()
            aria-label="Your prediction beside the run"
        >
            <p class="predict-reveal-head">
                <GuessMark right=all_right/>
                " Your prediction: "
                {judgement.summary()}
                {judgement.stale.then_some(" (made before you changed the scenario)")}
            </p>
            <ul class="predict-wrongs">{wrong}</ul>
            {(!judgement.dropped.is_empty()).then(|| view! { <ul class="predict-dropped">{dropped}</ul> })}
        </section>
    }
}

/// One wrong guess: what was said, what the run did, and the chain that explains it.
#[component]
fn WrongGuess(judged: Judged) -> impl IntoView {
    let what = match &judged.item {
        Item::Event(id) => id.clone(),
        Item::Total => "the total".to_string(),
    };
    let testid = match &judged.item {
        Item::Event(id) => format!("prediction-item-{id}"),
        Item::Total => "prediction-item-total".to_string(),
    };
    let whys = judged
        .why
        .iter()
        .map(|w| view! { <WhyChain why=w.clone()/> })
        .collect_view();
    view! {
        <li class="predict-wrong-item" data-testid=testid data-right="false">
            <strong>{what}</strong>
            ": you said "
            <AnswerWord answer=judged.predicted/>
            ", the run: "
            <AnswerWord answer=judged.actual/>
            " "
            <GuessMark right=false/>
            {whys}
        </li>
    }
}

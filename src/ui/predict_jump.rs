//! Ways to the prediction from where the learner looks: in the controls, while the
//! page asks for a prediction and none is made, a button that brings the form into
//! view with the focus on its first choice (on a narrow screen the form sits below
//! the diagram); in the verdict strip at the end, the score, a button that brings
//! the ledger's reveal into view.

use super::state::Lab;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Scrolls the prediction form into view and focuses its first choice.
fn go_to_form() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(form) = doc.get_element_by_id("predict") {
        form.scroll_into_view();
    }
    let first = doc
        .query_selector("#predict input[type=radio]:not(:disabled)")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(first) = first {
        let _ = first.focus();
    }
}

/// Scrolls the ledger's reveal into view and focuses it.
fn go_to_reveal() {
    let reveal = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("prediction-reveal"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(reveal) = reveal {
        reveal.scroll_into_view();
        let _ = reveal.focus();
    }
}

/// At the end of the run, the prediction's score (`your prediction: 2 of 3
/// right`) as a button to the ledger's reveal; nothing without a prediction.
#[component]
pub fn RevealJump() -> impl IntoView {
    let lab = Lab::expect();
    let summary = move || lab.judgement.with(|j| j.as_ref().map(|j| j.summary()));
    move || {
        summary().map(|s| {
            view! {
                " · "
                <button
                    type="button"
                    class="predict-reveal-jump"
                    data-testid="predict-reveal-jump"
                    on:click=move |_| go_to_reveal()
                >
                    {format!("your prediction: {s}")}
                </button>
            }
        })
    }
}

/// "Make a prediction first", shown only while play waits for one.
#[component]
pub fn PredictJump() -> impl IntoView {
    let lab = Lab::expect();
    view! {
        <Show when=move || lab.may_play().is_err()>
            <button
                type="button"
                class="predict-jump"
                data-testid="predict-jump"
                on:click=move |_| go_to_form()
            >
                "Make a prediction first ▸"
            </button>
        </Show>
    }
}

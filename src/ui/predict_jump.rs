//! A way to the prediction form from the controls: while the page asks for a
//! prediction and none is made, a button that says so and, pressed, brings the
//! form into view with the focus on its first choice (on a narrow screen the form
//! sits below the diagram).

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

//! A why-chain: the sentence that says why an event was lost or duplicated, and the
//! steps behind it, each a button that moves the cursor right after that step.

use super::state::Lab;
use crate::model::prediction::{ChainStep, Why};
use leptos::prelude::*;

/// A why-chain: its sentence and its steps, each a button that moves the cursor
/// right after that step.
#[component]
pub fn WhyChain(why: Why) -> impl IntoView {
    let lab = Lab::expect();
    let steps = why
        .steps
        .into_iter()
        .map(|ChainStep { index, label }| {
            view! {
                <li>
                    <button
                        type="button"
                        class="pn-seek"
                        aria-current=move || (lab.cursor.get() == index + 1).then_some("step")
                        on:click=move |_| lab.seek(index + 1)
                    >
                        {format!("step {}", index + 1)}
                    </button>
                    " "
                    {label}
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="pn-why-text">{why.sentence}</p>
        <ol class="pn-chain" aria-label="chain of steps">{steps}</ol>
    }
}

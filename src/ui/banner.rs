//! The banner that says what was wrong with a link or a file the lab could not open
//! (and what it shows instead), until the learner dismisses it; and the hint shown
//! while a file is dragged over the lab.

use super::keep::Keep;
use crate::render::icons::{svg, Icon};
use leptos::prelude::*;

/// A dismissable alert with the problem in words; nothing when there is none.
#[component]
pub fn Banner() -> impl IntoView {
    let keep = Keep::expect();
    view! {
        <p class="drop-hint" class:dropping=move || keep.dropping.get() aria-hidden="true">
            "Drop a scenario file to open it"
        </p>
        <Show when=move || keep.problem.with(Option::is_some)>
            <div class="banner" role="alert" data-testid="banner">
                <p class="banner-text">{move || keep.problem.get()}</p>
                <button
                    type="button"
                    class="banner-close"
                    aria-label="Dismiss this message"
                    title="Dismiss"
                    data-testid="banner-close"
                    on:click=move |_| keep.problem.set(None)
                >
                    <span inner_html=svg(Icon::Close)></span>
                </button>
            </div>
        </Show>
    }
}

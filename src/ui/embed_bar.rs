//! What an embedded lab shows in place of the page's chrome: a locked lab's
//! header (the lesson and the design, read-only), and the "Open in full lab"
//! link to the same scenario at the same step.

use super::state::Lab;
use crate::model::{edit, presets};
use crate::share::embed_snippet::{full_lab_url, scenario_query};
use leptos::prelude::*;

/// An arrow out of a box: a link that opens elsewhere.
const OPEN_ICON: &str = r#"<svg class="icon" viewBox="0 0 16 16" width="1em" height="1em" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M9 2.5h4.5V7"/><path d="M13.5 2.5L7 9"/><path d="M11.5 9.5v4h-9v-9h4"/></svg>"#;

/// The lab's own address, without its query (`https://host/course/eoslab/`).
pub fn lab_url() -> String {
    let l = window().location();
    format!(
        "{}{}",
        l.origin().unwrap_or_default(),
        l.pathname().unwrap_or_default()
    )
}

/// The scenario's part of a link at the cursor (see [`scenario_query`]).
pub fn link_query(lab: Lab, step: Option<usize>) -> String {
    lab.scenario
        .with(|sc| scenario_query(sc, lab.preset.get(), step))
}

/// A locked lab's header: the lesson, the design and its knobs, as text.
#[component]
pub fn LockedHeader() -> impl IntoView {
    let lab = Lab::expect();
    let title = move || {
        lab.preset
            .get()
            .and_then(presets::find)
            .map(|p| p.title.to_string())
            .unwrap_or_else(|| lab.scenario.with(|sc| sc.title.clone()))
    };
    let design = move || lab.scenario.with(|sc| sc.design.kind.title());
    let knobs = move || lab.scenario.with(|sc| edit::knob_summary(&sc.design));
    view! {
        <header class="lab-header locked-header" data-testid="locked-header">
            <p class="locked-title" title=move || format!("{} · {} · {}", title(), design(), knobs())>
                <strong>{title}</strong>
                " · "
                <span data-testid="locked-design">{design}</span>
                <span class="locked-knobs" title=knobs>" · " {knobs}</span>
            </p>
        </header>
    }
}

/// "Open in full lab": the same scenario at the current step, in a new tab.
#[component]
pub fn OpenFullLab() -> impl IntoView {
    let lab = Lab::expect();
    let base = lab_url();
    let href = move || full_lab_url(&base, &link_query(lab, Some(lab.cursor.get())));
    view! {
        <a
            class="open-full-lab"
            data-testid="open-full-lab"
            href=href
            target="_blank"
            rel="noopener"
        >
            "Open in full lab"
            <span class="btn-icon" inner_html=OPEN_ICON></span>
            <span class="pn-sr">" (opens a new tab)"</span>
        </a>
    }
}

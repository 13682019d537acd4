//! Stand-ins for the state panels, the ledger and the narration while their own
//! module is being written: `app.rs` lays out the region they fill. This file goes
//! when `ui::panels` arrives.

use leptos::prelude::*;

/// Stand-in for `panels::Panels`.
#[component]
pub fn Panels() -> impl IntoView {
    view! { <div class="panels-pending">"The state panels are on their way."</div> }
}

/// Stand-in for `panels::LedgerView`.
#[component]
pub fn LedgerView() -> impl IntoView {}

/// Stand-in for `panels::Narration`.
#[component]
pub fn Narration() -> impl IntoView {}

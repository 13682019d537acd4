//! The design picker: one option per delivery design of the model.

use super::state::Lab;
use crate::model::DesignKind;
use leptos::prelude::*;

/// The design select; picking a design keeps the workload, knobs and faults.
#[component]
pub fn DesignPicker() -> impl IntoView {
    let lab = Lab::expect();
    let kind = Memo::new(move |_| lab.scenario.with(|sc| sc.design.kind));
    view! {
        <label for="design-select">"Design"</label>
        <select
            id="design-select"
            data-testid="design-select"
            prop:value=move || kind.get().slug()
            on:change=move |ev| {
                if let Some(d) = DesignKind::from_slug(&event_target_value(&ev)) {
                    lab.set_design(d);
                }
            }
        >
            {DesignKind::ALL
                .iter()
                .map(|&d| {
                    view! {
                        <option value=d.slug() selected=move || kind.get() == d>
                            {d.title()}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

//! The lesson's names for the pipeline's parts (topic, table, store, effect, total),
//! each in a labelled field; the diagram, panels and narration use them at once.

use super::edit_field::{field_list, FieldSpec};
use crate::model::workload_edit::{self as we, NameField};
use crate::ui::state::Lab;
use leptos::prelude::*;

/// A field per name of the scenario's [`crate::model::Names`].
#[component]
pub fn NamesEditor() -> impl IntoView {
    let lab = Lab::expect();
    let field = move |f: NameField| {
        let value = Signal::derive(move || lab.scenario.with(|sc| f.get(&sc.names).to_string()));
        let check = Callback::new(move |t: String| we::check_name(f, &t));
        let apply = Callback::new(move |t: String| {
            lab.edit_workload(|sc| we::rename(sc, f, &t)).map(|_| ())
        });
        FieldSpec {
            label: f.label().to_string(),
            caption: f.label(),
            value,
            check,
            apply,
            number: false,
            compact: false,
            testid: format!("name-{}", f.slug()),
        }
    };
    view! {
        <fieldset class="wl-names">
            <legend>"Names"</legend>
            <div class="wl-names-grid">{field_list(NameField::ALL.into_iter().map(field).collect())}</div>
        </fieldset>
    }
}

//! One labelled input of the workload editor, with its error message beside it.
//!
//! The field shows the value in use. Its text is applied on `change` (Enter, or
//! leaving the field); a refused text is put back to the value in use and the
//! message says what was refused and what the run keeps, so an invalid value never
//! sits in the field next to a different value in use. The message goes as soon as
//! what is typed is valid, or when the value in use changes.

use crate::model::workload_edit::FieldError;
use leptos::ev;
use leptos::html::Input;
use leptos::prelude::*;
use std::cell::Cell;

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// A document-wide unique id for an element of the editor (`wl-7`).
pub fn unique_id() -> String {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        format!("wl-{id}")
    })
}

/// What one [`EditField`] needs, as plain data, so every list of fields is built by
/// one [`field_list`] (one copy of the field's rendering code in the bundle).
pub struct FieldSpec {
    /// See [`EditField`]'s `label`.
    pub label: String,
    /// See [`EditField`]'s `caption`.
    pub caption: &'static str,
    /// See [`EditField`]'s `value`.
    pub value: Signal<String>,
    /// See [`EditField`]'s `check`.
    pub check: Callback<String, Result<(), FieldError>>,
    /// See [`EditField`]'s `apply`.
    pub apply: Callback<String, Result<(), FieldError>>,
    /// See [`EditField`]'s `number`.
    pub number: bool,
    /// See [`EditField`]'s `compact`.
    pub compact: bool,
    /// See [`EditField`]'s `testid`.
    pub testid: String,
}

/// The fields of `specs`, in order.
pub fn field_list(specs: Vec<FieldSpec>) -> impl IntoView {
    specs
        .into_iter()
        .map(|s| {
            view! {
                <EditField
                    label=s.label
                    caption=s.caption
                    value=s.value
                    check=s.check
                    apply=s.apply
                    number=s.number
                    compact=s.compact
                    testid=s.testid
                />
            }
        })
        .collect_view()
}

/// A labelled text or number input that checks as you type and applies on change.
#[component]
pub fn EditField(
    /// The accessible name ("Amount, event 2").
    #[prop(into)]
    label: String,
    /// The words shown beside the input ("Amount"); hidden on wide layouts by the
    /// stylesheet when `compact` is set.
    #[prop(into)]
    caption: String,
    /// The value in use, as the input shows it.
    #[prop(into)]
    value: Signal<String>,
    /// Whether what is typed would be accepted (to clear an earlier message).
    check: Callback<String, Result<(), FieldError>>,
    /// Applies the text; a refusal says why.
    apply: Callback<String, Result<(), FieldError>>,
    /// A number input (digits keyboard, spinner) instead of text.
    #[prop(optional)]
    number: bool,
    /// The caption is shown only where the layout stacks (a table header names the
    /// column elsewhere).
    #[prop(optional)]
    compact: bool,
    /// A `data-testid` for tests.
    #[prop(optional, into)]
    testid: String,
) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let error = RwSignal::new(None::<String>);
    let id = unique_id();
    let error_id = format!("{id}-error");
    // A changed value in use makes an earlier refusal stale.
    Effect::new(move |prev: Option<String>| {
        let now = value.get();
        if prev.is_some_and(|p| p != now) {
            error.set(None);
        }
        now
    });
    let on_input = move |ev: ev::Event| {
        if error.with_untracked(Option::is_some) && check.run(event_target_value(&ev)).is_ok() {
            error.set(None);
        }
    };
    let on_change = move |ev: ev::Event| {
        let text = event_target_value(&ev);
        match apply.run(text.clone()) {
            Ok(()) => error.set(None),
            Err(e) => {
                let kept = value.get_untracked();
                error.set(Some(e.refused(&text, &kept)));
                if let Some(el) = input.get_untracked() {
                    el.set_value(&kept);
                }
            }
        }
    };
    let described = error_id.clone();
    view! {
        <div class="wl-field" class:wl-compact=compact class:wl-invalid=move || error.with(Option::is_some)>
            <label class="wl-caption" for=id.clone()>{caption}</label>
            <input
                node_ref=input
                id=id
                type=if number { "number" } else { "text" }
                inputmode=number.then_some("numeric")
                step=number.then_some("1")
                autocomplete="off"
                spellcheck="false"
                aria-label=label
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
                data-testid=(!testid.is_empty()).then_some(testid)
                prop:value=move || value.get()
                on:input=on_input
                on:change=on_change
            />
            <p class="wl-error" id=error_id aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}

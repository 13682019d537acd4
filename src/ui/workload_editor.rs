//! The workload editor: the input topic's partitions, the events in the order the
//! producer sends them (one [`EventRow`] each), "Add event", "Generate events" from
//! a seed, and the lesson's names ([`NamesEditor`]).
//!
//! Every edit goes through `model::workload_edit`, which checks the lab's limits and
//! says what became of faults anchored to a removed or renamed event; the lab shows
//! that in its notice and here.

#[path = "edit_field.rs"]
pub mod edit_field;
#[path = "event_row.rs"]
pub mod event_row;
#[path = "names_editor.rs"]
pub mod names_editor;

use crate::model::workload_edit::{self as we, FieldError};
use crate::ui::state::Lab;
use edit_field::{field_list, FieldSpec};
use event_row::EventRow;
use leptos::prelude::*;
use names_editor::NamesEditor;

/// The column heads of the one-line layout (read-only markup, no user text).
const HEAD: &str =
    "<span>#</span><span>Event id</span><span>Key</span><span>Amount</span><span>Partition</span><span></span>";

/// A callback that keeps a checked text in `slot` (for fields not in the scenario).
fn keep<T>(
    slot: RwSignal<String>,
    parse: fn(&str) -> Result<T, FieldError>,
) -> Callback<String, Result<(), FieldError>>
where
    T: 'static,
{
    Callback::new(move |t: String| {
        parse(&t)?;
        slot.set(t.trim().to_string());
        Ok(())
    })
}

/// Checks a text with `parse`, keeping nothing.
fn checker<T: 'static>(
    parse: fn(&str) -> Result<T, FieldError>,
) -> Callback<String, Result<(), FieldError>> {
    Callback::new(move |t: String| parse(&t).map(|_| ()))
}

/// A number field of the editor itself (not of one event).
fn number_field(
    label: &str,
    caption: &'static str,
    value: Signal<String>,
    check: Callback<String, Result<(), FieldError>>,
    apply: Callback<String, Result<(), FieldError>>,
    testid: &str,
) -> FieldSpec {
    FieldSpec {
        label: label.to_string(),
        caption,
        value,
        check,
        apply,
        number: true,
        compact: false,
        testid: testid.to_string(),
    }
}

/// Edits the workload and the names of the lab's scenario.
#[component]
pub fn WorkloadEditor() -> impl IntoView {
    let lab = Lab::expect();
    let len = Memo::new(move |_| lab.scenario.with(|sc| sc.workload.events.len()));
    let partitions =
        Signal::derive(move || lab.scenario.with(|sc| sc.workload.partitions.to_string()));
    let set_partitions = Callback::new(move |t: String| {
        lab.edit_workload(|sc| we::set_partitions(sc, &t))
            .map(|_| ())
    });
    let add_error = RwSignal::new(None::<String>);
    let count = RwSignal::new("10".to_string());
    let seed = RwSignal::new(lab.scenario.with_untracked(|sc| sc.seed.to_string()));

    let add = move |_| match lab.edit_workload(we::add_event) {
        Ok(_) => add_error.set(None),
        Err(e) => add_error.set(Some(format!("{e}."))),
    };
    let generate = move |_| {
        let n = we::parse_count(&count.get_untracked());
        let s = we::parse_seed(&seed.get_untracked());
        if let (Ok(n), Ok(s)) = (n, s) {
            let _ = lab.edit_workload(|sc| we::generate(sc, n, s));
        }
    };
    let add_error_id = edit_field::unique_id();
    let described = add_error_id.clone();

    view! {
        <div class="wl-editor" data-testid="workload-editor">
            <p class="wl-limits">{we::limits()} " A change applies on Enter or when you leave the field."</p>
            <div class="wl-bar">
                {field_list(vec![number_field("Partitions of the input topic", "Partitions", partitions, checker(we::parse_partitions), set_partitions, "partitions")])}
                <div class="wl-add">
                    <button
                        type="button"
                        data-testid="add-event"
                        aria-describedby=move || add_error.with(Option::is_some).then(|| described.clone())
                        on:click=add
                    >
                        <span class="wl-plus" aria-hidden="true"></span>
                        "Add event"
                    </button>
                    <p class="wl-error" id=add_error_id aria-live="polite">{move || add_error.get()}</p>
                </div>
            </div>
            // Column heads for the eye; each input carries its own name.
            <div class="wl-head" aria-hidden="true" inner_html=HEAD></div>
            <ol class="wl-events" aria-label="Input events, in the order they are sent">
                <For each=move || 0..len.get() key=|i| *i let:i>
                    <EventRow index=i/>
                </For>
            </ol>
            // The lab's notice again, in view beside the events (the notice itself
            // is the live region that announces it).
            <p class="wl-status" data-testid="workload-status">{move || lab.notice.get()}</p>
            <fieldset class="wl-generate">
                <legend>"Generate events"</legend>
                {field_list(vec![
                    number_field("Number of events to generate", "Events", count.into(), checker(we::parse_count), keep(count, we::parse_count), "generate-count"),
                    number_field("Seed for the generated events", "Seed", seed.into(), checker(we::parse_seed), keep(seed, we::parse_seed), "generate-seed"),
                ])}
                <button type="button" data-testid="generate" on:click=generate>
                    "Generate events"
                </button>
                <p class="wl-hint">
                    "Replaces the events above; the same number and seed give the same events."
                </p>
            </fieldset>
            <NamesEditor/>
        </div>
    }
}

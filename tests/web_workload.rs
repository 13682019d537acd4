//! The workload editor in a real browser: adding an event grows the diagram, editing
//! a field keeps focus where it is, a refused value goes back with a message tied to
//! its field, and removing an event says which fault went with it.
#![cfg(target_arch = "wasm32")]

use eoslab::ui::LabView;
use leptos::{mount::mount_to, prelude::*, task::tick};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlInputElement};

mod web_support;
use web_support::{count, find, text};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the lab on `preset` with the workload editor open.
async fn mount(preset: &'static str) -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = mount_to(root.clone().unchecked_into(), move || {
        view! { <LabView slug=preset/> }
    });
    handle.forget();
    settle().await;
    find(&root, "details.workload-editor")
        .set_attribute("open", "")
        .unwrap();
    root
}

fn input(root: &Element, testid: &str) -> HtmlInputElement {
    find(root, &format!("[data-testid={testid}]")).unchecked_into()
}

/// Lets the lab's effects run: the browser tests run side by side in one page, so
/// an update may take a few turns of the task queue to reach the DOM.
async fn settle() {
    for _ in 0..4 {
        tick().await;
    }
}

/// Types `value` into `el` and commits it, as Enter or leaving the field does.
async fn commit(el: &HtmlInputElement, value: &str) {
    el.set_value(value);
    el.dispatch_event(&Event::new("input").unwrap()).unwrap();
    el.dispatch_event(&Event::new("change").unwrap()).unwrap();
    settle().await;
}

fn active() -> Option<Element> {
    document().active_element()
}

#[wasm_bindgen_test]
async fn workload_editor_adds_an_event_and_the_diagram_grows() {
    let root = mount("db-then-commit").await;
    let rows_before = count(&root, "svg .row");
    assert_eq!(count(&root, ".wl-row"), 3);
    assert_eq!(count(&root, "[data-testid^=ledger-row-]"), 3);
    find(&root, "[data-testid=add-event]").click();
    settle().await;
    assert_eq!(count(&root, ".wl-row"), 4);
    let rows_after = count(&root, "svg .row");
    assert!(
        rows_after > rows_before,
        "the new event is sent, polled, written and committed: {rows_before} → {rows_after}"
    );
    assert_eq!(input(&root, "event-3-id").value(), "evt-4");
    assert!(find(&root, "[data-testid=ledger-row-evt-4]").is_connected());
    assert!(text(&root, "details.workload-editor summary").contains("4 events on 1 partition"));
    assert_eq!(text(&root, "[data-testid=notice]"), "Added evt-4.");
}

#[wasm_bindgen_test]
async fn editing_the_amount_keeps_focus_in_the_field() {
    let root = mount("db-then-commit").await;
    let amount = input(&root, "event-0-amount");
    let row = find(&root, "[data-testid=event-row-0]");
    let total_before = text(&root, "[data-testid=ledger]");
    amount.focus().unwrap();
    commit(&amount, "70").await;
    // The same element, still focused, shows the value now in use.
    let now = input(&root, "event-0-amount");
    assert!(
        now.is_same_node(Some(&amount)),
        "the input was not replaced"
    );
    assert!(find(&root, "[data-testid=event-row-0]").is_same_node(Some(&row)));
    assert!(
        active().is_some_and(|a| a.is_same_node(Some(&amount))),
        "focus stayed in the amount field"
    );
    assert_eq!(amount.value(), "70");
    assert_eq!(
        text(&root, "[data-testid=notice]"),
        "Amount of evt-1 is now 70."
    );
    assert_ne!(
        text(&root, "[data-testid=ledger]"),
        total_before,
        "the run was simulated again with the new amount"
    );
}

#[wasm_bindgen_test]
async fn a_refused_value_goes_back_and_its_message_goes_once_the_text_is_valid() {
    let root = mount("db-then-commit").await;
    let amount = input(&root, "event-1-amount");
    amount.focus().unwrap();
    commit(&amount, "2000000").await;
    assert_eq!(amount.value(), "50", "the field shows the value in use");
    assert_eq!(
        amount.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let described = amount
        .get_attribute("aria-describedby")
        .expect("tied to its message");
    let message = document()
        .get_element_by_id(&described)
        .expect("the message element")
        .text_content()
        .unwrap_or_default();
    assert!(message.contains("from -1000000 to 1000000"), "{message}");
    assert!(
        message.contains("Not used: \u{201c}2000000\u{201d}; kept 50."),
        "{message}"
    );
    assert!(active().is_some_and(|a| a.is_same_node(Some(&amount))));
    // Typing a valid value clears the message before it is even applied.
    amount.set_value("60");
    amount
        .dispatch_event(&Event::new("input").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(amount.get_attribute("aria-invalid"), None);
    assert_eq!(amount.get_attribute("aria-describedby"), None);
    assert_eq!(count(&root, ".wl-invalid"), 0);

    // A partition beyond the count is refused beside the field.
    let partition = input(&root, "event-1-partition");
    commit(&partition, "3").await;
    assert_eq!(partition.value(), "0");
    assert!(text(&root, "[data-testid=event-row-1]").contains("Partition 3 does not exist"));
    // Two partitions: now it is allowed, and the earlier message is gone.
    commit(&input(&root, "partitions"), "4").await;
    commit(&partition, "3").await;
    assert_eq!(partition.value(), "3");
    assert!(!text(&root, "[data-testid=event-row-1]").contains("does not exist"));
}

#[wasm_bindgen_test]
async fn removing_the_anchored_event_says_which_fault_was_dropped() {
    let root = mount("db-then-commit").await;
    assert_eq!(count(&root, "[data-testid^=placed-fault-]"), 1);
    let remove = find(&root, "[data-testid=remove-event-1]");
    assert_eq!(
        remove.get_attribute("aria-label").as_deref(),
        Some("Remove evt-2")
    );
    remove.focus().unwrap();
    remove.click();
    settle().await;
    assert_eq!(count(&root, "[data-testid^=placed-fault-]"), 0);
    let notice = text(&root, "[data-testid=notice]");
    assert_eq!(
        notice,
        "Removed evt-2. Dropped the crash after the sink write of evt-2: its event evt-2 was removed."
    );
    assert_eq!(text(&root, "[data-testid=workload-status]"), notice);
    // Focus stays on the same button, which now removes the next event.
    assert!(active().is_some_and(|a| a.is_same_node(Some(&remove))));
    assert_eq!(
        remove.get_attribute("aria-label").as_deref(),
        Some("Remove evt-3")
    );
    // A hostile id is kept as typed and shown as text everywhere.
    let id = input(&root, "event-0-id");
    commit(&id, "<b>order-1</b>").await;
    assert_eq!(id.value(), "<b>order-1</b>");
    assert!(find(&root, "[data-testid=\"ledger-row-<b>order-1</b>\"]").is_connected());
    assert_eq!(count(&root, ".wl-row b"), 0, "a hostile id stays text");
}

#[wasm_bindgen_test]
async fn moving_an_event_keeps_focus_on_it_and_generating_is_deterministic() {
    let root = mount("db-then-commit").await;
    let down = find(&root, "[data-testid=event-row-0] [data-act=down]");
    assert!(!down.has_attribute("disabled"), "{:?}", down.outer_html());
    down.focus().unwrap();
    down.click();
    settle().await;
    assert_eq!(
        text(&root, "[data-testid=notice]"),
        "Moved evt-1 to position 2 of 3."
    );
    assert_eq!(input(&root, "event-0-id").value(), "evt-2");
    assert_eq!(input(&root, "event-1-id").value(), "evt-1");
    let focused = active().expect("something has focus");
    assert!(focused.is_same_node(Some(&find(
        &root,
        "[data-testid=event-row-1] [data-act=down]"
    ))));

    commit(&input(&root, "generate-count"), "50").await;
    commit(&input(&root, "generate-seed"), "7").await;
    find(&root, "[data-testid=generate]").click();
    settle().await;
    assert_eq!(count(&root, ".wl-row"), 50);
    let first: Vec<String> = (0..50)
        .map(|i| input(&root, &format!("event-{i}-amount")).value())
        .collect();
    find(&root, "[data-testid=generate]").click();
    settle().await;
    let again: Vec<String> = (0..50)
        .map(|i| input(&root, &format!("event-{i}-amount")).value())
        .collect();
    assert_eq!(first, again);
    assert_eq!(count(&root, "[data-testid^=ledger-row-]"), 50);
    // 201 is over the lab's limit: refused beside the field.
    let n = input(&root, "generate-count");
    commit(&n, "201").await;
    assert_eq!(n.value(), "50");
    assert!(text(&root, ".wl-generate").contains("from 1 to 200"));
}

#[wasm_bindgen_test]
async fn a_hostile_name_is_shown_as_text_in_the_diagram() {
    let root = mount("db-then-commit").await;
    let table = input(&root, "name-table");
    commit(&table, "<i>orders</i>").await;
    assert_eq!(table.value(), "<i>orders</i>");
    assert!(find(&root, "[data-lifeline=\"Sink <i>orders</i>\"]").is_connected());
    assert_eq!(
        count(&root, "svg i, .diagram i, [data-lifeline] i"),
        0,
        "no element made of a name"
    );
    assert!(text(&root, "svg.sequence-diagram").contains("INSERT <i>orders</i> (evt-2)"));
    // An empty name is refused beside its field and the old one kept.
    commit(&table, "  ").await;
    assert_eq!(table.value(), "<i>orders</i>");
    assert!(text(&root, ".wl-names").contains("Sink table cannot be empty. Kept <i>orders</i>."));
}

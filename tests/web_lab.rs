//! The lab in a real browser: the diagram draws the trace, a key on a gap places a
//! fault and re-simulates, the playback buttons move the cursor and the slider.
#![cfg(target_arch = "wasm32")]

use eoslab::model::{presets, simulate, StepKind};
use leptos::{prelude::*, task::tick};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

mod web_support;
use web_support::{count, find, mount};

wasm_bindgen_test_configure!(run_in_browser);

fn press(el: &HtmlElement, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

fn counter(root: &Element) -> String {
    find(root, "[data-testid=step-counter]")
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn draws_one_arrow_per_step_and_one_gap_per_non_fault_step() {
    let root = mount("db-then-commit");
    tick().await;
    let trace = simulate(&presets::find("db-then-commit").unwrap().scenario);
    let faults = trace
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Fault)
        .count() as u32;
    let steps = trace.steps.len() as u32;
    assert!(faults > 0, "the preset has a crash");
    assert_eq!(count(&root, "svg .arrow"), steps - faults, "arrows");
    assert_eq!(count(&root, "svg .fault-step"), faults, "fault bands");
    assert_eq!(count(&root, "[data-gap]"), steps - faults, "gaps");
    assert_eq!(count(&root, "[data-lifeline]"), 6, "lifelines");
    // Every gap says after which step it sits.
    let gap = find(&root, "[data-testid=gap-0]");
    assert_eq!(
        gap.get_attribute("aria-label").as_deref(),
        Some("Gap after: send evt-1 → offset 0")
    );
    assert_eq!(gap.get_attribute("tabindex").as_deref(), Some("0"));
}

#[wasm_bindgen_test]
async fn a_key_on_a_gap_places_a_fault_and_changes_the_trace() {
    let root = mount("db-then-commit");
    tick().await;
    let sc = presets::find("db-then-commit").unwrap().scenario;
    let before = simulate(&sc);
    assert_eq!(count(&root, "[data-testid^=placed-fault-]"), 1);
    // The gap after the first INSERT (evt-1).
    let gap = before
        .steps
        .iter()
        .position(|s| s.kind == StepKind::SinkWrite && s.event == Some(0))
        .unwrap();
    let el = find(&root, &format!("[data-testid=gap-{gap}]"));
    press(&el, "c");
    tick().await;
    let placed = find(&root, "[data-testid=placed-fault-1]");
    assert_eq!(
        placed.get_attribute("data-fault-kind").as_deref(),
        Some("crash")
    );
    // The new crash sits in the gap it was dropped on …
    let el = find(&root, &format!("[data-testid=gap-{gap}]"));
    assert_eq!(
        placed.get_attribute("data-at"),
        Some(gap.to_string()),
        "the crash sits after the step it was dropped on"
    );

    // … and the run was simulated again: one more fault band and its recovery.
    let rows = count(&root, "svg .row") as usize;
    assert!(rows > before.steps.len(), "{rows} rows");
    assert_eq!(count(&root, "svg .fault-step"), 2);
    // A fault that does not fit is refused, with the reason in the notice.
    press(&el, "x");
    tick().await;
    assert_eq!(count(&root, "[data-testid^=placed-fault-]"), 2);
    let notice = find(&root, "[data-testid=notice]").text_content().unwrap();
    assert!(notice.contains("relay"), "{notice}");
}

#[wasm_bindgen_test]
async fn playback_buttons_move_the_cursor_and_the_slider() {
    let root = mount("lost-ack");
    tick().await;
    let n = simulate(&presets::find("lost-ack").unwrap().scenario)
        .steps
        .len();
    assert_eq!(counter(&root), format!("step 0 / {n}"));
    let forward = find(&root, "[data-testid=step-forward]");
    let back = find(&root, "[data-testid=step-back]");
    let slider: HtmlInputElement = find(&root, "[data-testid=scrubber]").unchecked_into();
    forward.click();
    forward.click();
    forward.click();
    tick().await;
    assert_eq!(counter(&root), format!("step 3 / {n}"));
    assert_eq!(slider.value(), "3");
    back.click();
    tick().await;
    assert_eq!(counter(&root), format!("step 2 / {n}"));
    assert_eq!(slider.value(), "2");
    // The steps after the cursor are dimmed; the ones before are not.
    let rows = root.query_selector_all("svg .row").unwrap();
    assert_eq!(rows.length() as usize, n);
    for i in 0..n {
        let row: Element = rows.item(i as u32).unwrap().unchecked_into();
        let opacity = window()
            .get_computed_style(&row)
            .unwrap()
            .unwrap()
            .get_property_value("opacity")
            .unwrap();
        assert_eq!(opacity == "1", i < 2, "row {i}: opacity {opacity}");
    }
}

#[wasm_bindgen_test]
async fn a_knob_and_the_design_picker_re_simulate_the_run() {
    let root = mount("lost-ack");
    tick().await;
    assert_eq!(count(&root, "svg .arrow.noop"), 0, "the retry duplicates");
    // At-least-once knobs: sink write, records per commit, idempotent producer, …
    let idempotence: HtmlInputElement =
        find(&root, ".knobs [data-knob=\"enable.idempotence\"]").unchecked_into();
    assert_eq!(idempotence.type_(), "checkbox");
    assert!(!idempotence.checked());
    idempotence.click();
    tick().await;
    assert!(
        count(&root, "svg .arrow.noop") > 0,
        "the broker absorbs the retry"
    );
    let again: HtmlInputElement =
        find(&root, ".knobs [data-knob=\"enable.idempotence\"]").unchecked_into();
    assert!(again.checked());
    assert!(
        again.is_same_node(Some(&idempotence)),
        "the same checkbox, updated in place"
    );

    let design: web_sys::HtmlSelectElement =
        find(&root, "[data-testid=design-select]").unchecked_into();
    design.set_value("outbox");
    design
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(count(&root, "[data-lifeline]"), 7);
    assert!(find(&root, "[data-lifeline=\"CDC relay (Debezium)\"]").is_connected());
}

fn input_event(el: &HtmlInputElement, value: &str) {
    el.set_value(value);
    el.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn knob_edit_keeps_focus() {
    let root = mount("db-then-commit");
    tick().await;
    let n = simulate(&presets::find("db-then-commit").unwrap().scenario)
        .steps
        .len();
    let field: HtmlInputElement =
        find(&root, ".knobs [data-knob=\"commit.interval (records)\"]").unchecked_into();
    assert_eq!(field.value(), "1");
    // The knobs' disclosure may start closed in a small window: open it.
    find(&root, "[data-testid=knobs]")
        .set_attribute("open", "")
        .unwrap();
    field.focus().unwrap();
    assert!(document()
        .active_element()
        .unwrap()
        .is_same_node(Some(&field)));
    // A valid value re-simulates the run; the field is the same element and keeps
    // the focus, with no message.
    input_event(&field, "3");
    tick().await;
    let again: HtmlInputElement =
        find(&root, ".knobs [data-knob=\"commit.interval (records)\"]").unchecked_into();
    assert!(
        again.is_same_node(Some(&field)),
        "the field was not replaced"
    );
    let focused = document().active_element().expect("a focused element");
    assert!(
        focused.is_same_node(Some(&field)),
        "the field keeps the focus"
    );
    assert_ne!(
        counter(&root),
        format!("step 0 / {n}"),
        "fewer commits, another run"
    );
    assert_eq!(
        field.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    let summary = find(&root, "[data-testid=knob-summary]")
        .text_content()
        .unwrap();
    assert!(summary.contains("commit every 3"), "{summary}");
    // The lesson now says the scenario is modified, and the picker shows it.
    let lesson = find(&root, "[data-testid=lesson]").text_content().unwrap();
    assert!(lesson.contains("Modified"), "{lesson}");
    assert!(find(&root, "[data-testid=modified]").is_connected());

    // Out of range: refused, kept in the field marked invalid, with the message
    // beside it; the run keeps 3.
    let steps = counter(&root);
    input_event(&field, "0");
    tick().await;
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(field.value(), "0");
    let error = find(&root, ".knob-error").text_content().unwrap();
    assert!(error.contains("1 to 1000"), "{error}");
    assert!(error.contains("still uses 3"), "{error}");
    assert_eq!(counter(&root), steps);
    assert!(document()
        .active_element()
        .unwrap()
        .is_same_node(Some(&field)));
    // A valid value again: the message goes.
    input_event(&field, "2");
    tick().await;
    assert_eq!(
        field.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert!(find(&root, ".knob-error").has_attribute("hidden"));
    root.remove();
}

#[wasm_bindgen_test]
async fn the_verdict_waits_for_the_end_of_the_run() {
    let root = mount("db-then-commit");
    tick().await;
    let n = simulate(&presets::find("db-then-commit").unwrap().scenario)
        .steps
        .len();
    let strip = find(&root, "[data-testid=verdict-strip]");
    let start = strip.text_content().unwrap();
    assert!(start.contains("so far: evt-1 not yet"), "{start}");
    assert!(
        !start.contains("instead of"),
        "no verdict at step 0: {start}"
    );
    assert_eq!(count(&root, "[data-testid=outcome-banner]"), 0);
    let slider: HtmlInputElement = find(&root, "[data-testid=scrubber]").unchecked_into();
    slider.set_value(&n.to_string());
    slider
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    tick().await;
    let end = strip.text_content().unwrap();
    assert!(end.contains("200 instead of 150"), "{end}");
    assert!(end.contains("revenue 150 expected"), "{end}");
    assert_eq!(count(&root, "[data-testid=outcome-banner]"), 1);
    // An edit that changes the run takes away the notice of an earlier one.
    find(&root, "[data-testid=clear-faults]").click();
    tick().await;
    let notice = find(&root, "[data-testid=notice]").text_content().unwrap();
    assert!(notice.contains("Removed 1 fault"), "{notice}");
    let field: HtmlInputElement =
        find(&root, ".knobs [data-knob=\"commit.interval (records)\"]").unchecked_into();
    input_event(&field, "2");
    tick().await;
    let notice = find(&root, "[data-testid=notice]").text_content().unwrap();
    assert_eq!(notice, "");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_run_stopped_at_its_step_budget_says_so() {
    let root = mount("loyalty-eos");
    tick().await;
    assert_eq!(count(&root, "[data-testid=verdict-budget]"), 0);
    find(&root, "[data-testid=knobs]")
        .set_attribute("open", "")
        .unwrap();
    let field: HtmlInputElement =
        find(&root, ".knobs [data-knob=\"transaction.timeout.ms\"]").unchecked_into();
    input_event(&field, "0");
    tick().await;
    let budget = find(&root, "[data-testid=verdict-budget]")
        .text_content()
        .unwrap();
    assert!(budget.contains("step budget"), "{budget}");
    root.remove();
}

//! The lab in a real browser: the diagram draws the trace, a key on a gap places a
//! fault and re-simulates, the playback buttons move the cursor and the slider.
#![cfg(target_arch = "wasm32")]

use eoslab::model::{presets, simulate, StepKind};
use eoslab::ui::LabView;
use leptos::{mount::mount_to, prelude::*, task::tick};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the lab on `preset` into a fresh element of its own.
fn mount(preset: &'static str) -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = mount_to(root.clone().unchecked_into(), move || {
        view! { <LabView slug=preset/> }
    });
    handle.forget();
    root
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn find(root: &Element, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

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
    assert_eq!(count(&root, "svg [data-step]"), steps - faults, "arrows");
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
    // The idempotent producer's toggle among the at-least-once knobs.
    let at = eoslab::model::DesignKind::AtLeastOnce
        .knobs()
        .iter()
        .position(|k| *k == eoslab::model::scenario::Knob::ProducerIdempotence)
        .expect("an idempotence knob");
    let toggle = format!(".knobs [data-knob=\"{at}\"]");
    let idempotence: HtmlInputElement = find(&root, &toggle).unchecked_into();
    assert_eq!(idempotence.type_(), "checkbox");
    assert!(!idempotence.checked());
    idempotence.click();
    tick().await;
    assert!(
        count(&root, "svg .arrow.noop") > 0,
        "the broker absorbs the retry"
    );
    let idempotence: HtmlInputElement = find(&root, &toggle).unchecked_into();
    assert!(idempotence.checked());

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

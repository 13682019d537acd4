//! The diagram's gaps and placed faults in a real browser: one tab stop, keys that
//! place, move and remove faults without losing the focus, clicks on a row.
#![cfg(target_arch = "wasm32")]

use eoslab::model::{presets, simulate, StepKind};
use leptos::{prelude::*, task::tick};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, KeyboardEvent, KeyboardEventInit};

mod web_support;
use web_support::{count, find, mount};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(
    inline_js = "export function click_at(el, x, y) { el.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: x, clientY: y })); }"
)]
extern "C" {
    /// A click at client (`x`, `y`), dispatched on `el`.
    fn click_at(el: &Element, x: f64, y: f64);
}

/// Dispatches a keydown on whatever has the focus.
fn press(key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let target: web_sys::EventTarget = match document().active_element() {
        Some(el) => el.unchecked_into(),
        None => document().unchecked_into(),
    };
    target.dispatch_event(&ev).unwrap();
}

fn active_testid() -> Option<String> {
    document()
        .active_element()
        .and_then(|e| e.get_attribute("data-testid"))
}

/// The gap after evt-1's INSERT in `db-then-commit` without its fault.
fn insert_gap() -> usize {
    let mut sc = presets::find("db-then-commit").unwrap().scenario;
    sc.faults.clear();
    simulate(&sc)
        .steps
        .iter()
        .position(|s| s.kind == StepKind::SinkWrite && s.event == Some(0))
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_diagram_is_one_tab_stop_and_the_arrows_move_inside_it() {
    let root = mount("db-then-commit");
    tick().await;
    let stops = root
        .query_selector_all(".diagram-scroll [data-stop][tabindex=\"0\"]")
        .unwrap();
    assert_eq!(stops.length(), 1, "one tab stop in the diagram");
    let first = find(&root, "[data-testid=gap-0]");
    first.focus().unwrap();
    press("ArrowDown");
    tick().await;
    let now = active_testid().unwrap_or_default();
    assert_ne!(now, "gap-0", "the focus moved on");
    assert!(
        now.starts_with("gap-") || now.starts_with("placed-fault-"),
        "{now}"
    );
    assert_eq!(
        count(&root, ".diagram-scroll [data-stop][tabindex=\"0\"]"),
        1,
        "still one tab stop, the focused one"
    );
    assert_eq!(
        document()
            .active_element()
            .and_then(|e| e.get_attribute("tabindex"))
            .as_deref(),
        Some("0")
    );
    press("Home");
    tick().await;
    assert_eq!(active_testid().as_deref(), Some("gap-0"));
}

#[wasm_bindgen_test]
async fn pressing_c_on_a_focused_gap_places_a_crash_and_keeps_the_focus() {
    let root = mount("db-then-commit");
    tick().await;
    find(&root, "[data-testid=clear-faults]").click();
    tick().await;
    assert_eq!(count(&root, "[data-testid^=placed-fault-]"), 0);
    let gap = insert_gap();
    let el = find(&root, &format!("[data-testid=gap-{gap}]"));
    el.focus().unwrap();
    let steps_before = count(&root, "svg .row");
    press("c");
    tick().await;
    let placed = find(&root, "[data-testid=placed-fault-0]");
    assert_eq!(
        placed.get_attribute("data-fault-kind").as_deref(),
        Some("crash")
    );
    assert_eq!(placed.get_attribute("data-at"), Some(gap.to_string()));
    assert!(count(&root, "svg .row") > steps_before, "re-simulated");
    // The very element that had the focus still has it: it was not replaced.
    assert!(el.is_connected(), "the focused gap was kept");
    let active: Element = document().active_element().unwrap();
    assert!(
        active.is_same_node(Some(el.unchecked_ref())),
        "focus stayed on the gap"
    );
    let notice = find(&root, "[data-testid=notice]").text_content().unwrap();
    assert!(notice.contains(&format!("step {}", gap + 1)), "{notice}");
}

#[wasm_bindgen_test]
async fn delete_on_a_placed_fault_removes_it_and_the_focus_goes_to_its_gap() {
    let root = mount("db-then-commit");
    tick().await;
    assert_eq!(count(&root, "[data-testid^=placed-fault-]"), 1);
    let token = find(&root, "[data-testid=placed-fault-0]");
    let at = token
        .get_attribute("data-at")
        .expect("placed in the diagram");
    token.focus().unwrap();
    press("Delete");
    tick().await;
    assert_eq!(count(&root, "[data-testid^=placed-fault-]"), 0);
    assert_eq!(active_testid(), Some(format!("gap-{at}")));
}

#[wasm_bindgen_test]
async fn arrow_right_on_a_placed_fault_moves_it_and_keeps_the_focus() {
    let root = mount("db-then-commit");
    tick().await;
    let token = find(&root, "[data-testid=placed-fault-0]");
    let before = token.get_attribute("data-at").unwrap();
    token.focus().unwrap();
    press("ArrowRight");
    tick().await;
    let after = token.get_attribute("data-at").unwrap();
    assert_ne!(before, after, "moved to another gap");
    assert!(token.is_connected());
    assert_eq!(active_testid().as_deref(), Some("placed-fault-0"));
}

#[wasm_bindgen_test]
async fn a_click_anywhere_on_a_row_moves_the_cursor_there() {
    let root = mount("lost-ack");
    tick().await;
    let svg = find(&root, "svg.sequence-diagram");
    // The rows start at the top of the diagram's body.
    let r = find(&root, ".diagram-body").get_bounding_client_rect();
    // Far right of the fourth row, away from any label or arrow.
    click_at(&svg, r.right() - 6.0, r.top() + 3.0 * 26.0 + 20.0);
    tick().await;
    let counter = find(&root, "[data-testid=step-counter]")
        .text_content()
        .unwrap_or_default();
    assert!(counter.starts_with("step 4 /"), "{counter}");
}

#[wasm_bindgen_test]
async fn space_on_a_gap_plays_and_pauses() {
    let root = mount("lost-ack");
    tick().await;
    find(&root, "[data-testid=gap-0]").focus().unwrap();
    press(" ");
    tick().await;
    let play = find(&root, "[data-testid=play]");
    assert_eq!(play.get_attribute("aria-label").as_deref(), Some("Pause"));
    press(" ");
    tick().await;
    assert_eq!(play.get_attribute("aria-label").as_deref(), Some("Play"));
    assert_eq!(active_testid().as_deref(), Some("gap-0"));
    press("ArrowRight");
    tick().await;
    let counter = find(&root, "[data-testid=step-counter]")
        .text_content()
        .unwrap_or_default();
    assert!(
        !counter.starts_with("step 0 /"),
        "→ on a gap steps: {counter}"
    );
}

#[wasm_bindgen_test]
async fn a_fault_not_reached_says_why_and_how_to_place_it_again() {
    let root = mount("db-then-commit");
    tick().await;
    let design: web_sys::HtmlSelectElement =
        find(&root, "[data-testid=design-select]").unchecked_into();
    design.set_value("kafka-transactions");
    design
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick().await;
    let token = find(&root, ".unreached [data-testid=placed-fault-0]");
    let label = token.get_attribute("aria-label").unwrap();
    assert!(label.contains("not reached"), "{label}");
    assert!(label.contains("has no"), "{label}");
    assert!(label.contains("drag it onto a gap"), "{label}");
    // → puts it in the first gap where it fits, and it keeps the focus.
    token.focus().unwrap();
    press("ArrowRight");
    tick().await;
    tick().await;
    let placed = find(&root, ".diagram-scroll [data-testid=placed-fault-0]");
    assert!(placed.get_attribute("data-at").is_some());
    assert_eq!(active_testid().as_deref(), Some("placed-fault-0"));
}

#[wasm_bindgen_test]
async fn an_edit_writes_only_the_rows_that_changed_and_keeps_them_in_step_order() {
    let root = mount("db-then-commit");
    tick().await;
    find(&root, "[data-testid=clear-faults]").click();
    tick().await;
    let first = find(&root, ".seq-rows > .row:first-child");
    let before = count(&root, ".seq-rows > .row");
    let gap = insert_gap();
    find(&root, &format!("[data-testid=gap-{gap}]"))
        .focus()
        .unwrap();
    press("c");
    tick().await;
    assert!(
        count(&root, ".seq-rows > .row") > before,
        "the crash added steps"
    );
    assert!(
        first.is_connected(),
        "the first step's row was kept, not written again"
    );
    // Every row sits at its step's place, in order, one per step of the new run.
    let rows = root.query_selector_all(".seq-rows > .row").unwrap();
    for i in 0..rows.length() {
        let row: Element = rows.item(i).unwrap().unchecked_into();
        assert_eq!(row.get_attribute("data-row"), Some(i.to_string()));
        assert_eq!(
            row.get_attribute("transform"),
            Some(format!("translate(0,{})", i * 26))
        );
    }
    assert_eq!(count(&root, ".step-nos text"), rows.length());
    // Removing the crash brings back the run without it, row for row.
    find(&root, "[data-testid=clear-faults]").click();
    tick().await;
    assert_eq!(count(&root, ".seq-rows > .row"), before);
    assert_eq!(count(&root, ".step-nos text"), before);
    assert_eq!(count(&root, "svg .fault-step"), 0);
}

//! An embedded, locked lab in a real browser: the lab's state refuses every edit
//! (a fault placed, moved, nudged or removed, a design, knobs, a workload edit,
//! a preset) with a notice, while the cursor still moves; the embed options pick
//! the start step and the panels.
#![cfg(target_arch = "wasm32")]

use eoslab::model::{presets, DesignKind, FaultKind};
use eoslab::share::embed_options::EmbedOptions;
use eoslab::ui::state::Lab;
use eoslab::ui::LabView;
use leptos::{mount::mount_to, prelude::*, task::tick};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the lab on `preset` with the options of `query` into an element of its own.
fn mount(preset: &'static str, query: &'static str) -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = mount_to(root.clone().unchecked_into(), move || {
        view! { <LabView slug=preset options=EmbedOptions::from_query(query)/> }
    });
    handle.forget();
    root
}

#[wasm_bindgen_test]
async fn a_locked_lab_refuses_every_edit_and_still_moves_the_cursor() {
    let p = presets::find("db-then-commit").unwrap();
    let lab = Lab::with_scenario(p.scenario.clone(), Some(p.slug));
    lab.locked.set(true);
    let before = lab.scenario.get_untracked();
    assert!(lab.place_fault(0, FaultKind::Crash).is_err());
    assert!(lab.move_fault(0, 1).is_err());
    assert!(lab.nudge_fault(0, true).is_err());
    assert!(!lab.remove_fault(0));
    assert!(!lab.clear_faults());
    lab.set_design(DesignKind::KafkaTransactions);
    lab.edit_knobs(|k| k.two_phase = !k.two_phase);
    assert!(lab
        .edit_workload(eoslab::model::workload_edit::add_event)
        .is_err());
    lab.load_preset(&presets::find("lost-ack").unwrap());
    assert_eq!(lab.scenario.get_untracked(), before, "nothing changed");
    assert_eq!(lab.preset.get_untracked(), Some("db-then-commit"));
    let notice = lab.notice.get_untracked().unwrap_or_default();
    assert!(notice.contains("locked"), "{notice}");
    lab.step_forward();
    lab.seek(5);
    assert_eq!(lab.cursor.get_untracked(), 5, "the cursor still moves");
    // Unlocked, the same edit goes through.
    lab.locked.set(false);
    assert!(lab.remove_fault(0));
    assert!(lab.scenario.with_untracked(|sc| sc.faults.is_empty()));
}

#[wasm_bindgen_test]
async fn embed_options_pick_the_layout_the_step_and_the_panels() {
    let root = mount("db-then-commit", "?embed&lock&step=4&panels=sink,ledger");
    tick().await;
    let lab = root.query_selector(".lab").unwrap().unwrap();
    assert!(lab.class_list().contains("embed"));
    assert!(lab.class_list().contains("locked"));
    let text = |sel: &str| {
        root.query_selector(sel)
            .unwrap()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    assert!(text("[data-testid=step-counter]").contains("step 4 /"));
    assert!(
        root.query_selector(".palette").unwrap().is_none(),
        "no palette"
    );
    assert!(root
        .query_selector("[data-testid=locked-header]")
        .unwrap()
        .is_some());
    let panels: Vec<String> = {
        let list = root.query_selector_all("[data-panel]").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .filter_map(|e| e.get_attribute("data-panel"))
            .collect()
    };
    assert_eq!(panels, vec!["sink".to_string()], "only the sink panel");
    assert!(
        root.query_selector(".pn-step-head").unwrap().is_none(),
        "no narration"
    );
    let href = root
        .query_selector("[data-testid=open-full-lab]")
        .unwrap()
        .and_then(|a| a.get_attribute("href"))
        .unwrap_or_default();
    assert!(href.ends_with("?preset=db-then-commit&step=4"), "{href}");
}

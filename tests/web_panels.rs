//! The state panels, the ledger and the narration in a real browser.
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web_panels`.
#![cfg(target_arch = "wasm32")]

use eoslab::model::{presets, simulate, Scenario, StepKind};
use eoslab::ui::panels::{LedgerView, Narration, Panels};
use eoslab::ui::state::Lab;
use leptos::{mount::mount_to, prelude::*, task::tick};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

mod web_support;
use web_support::{count, find, text};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the panels, the ledger and the narration on a lab opened on `slug`, and
/// hands back the root element and the lab to drive it.
fn mount(slug: &'static str) -> (Element, Lab) {
    let p = presets::find(slug).expect("a preset");
    mount_scenario(p.scenario, Some(p.slug))
}

/// Mounts the panels, the ledger and the narration on a lab opened on `sc`.
fn mount_scenario(sc: Scenario, slug: Option<&'static str>) -> (Element, Lab) {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let out: Rc<Cell<Option<Lab>>> = Rc::new(Cell::new(None));
    let put = out.clone();
    let handle = mount_to(root.clone().unchecked_into(), move || {
        let lab = Lab::with_scenario(sc, slug);
        lab.provide();
        put.set(Some(lab));
        view! {
            <Panels/>
            <LedgerView/>
            <Narration/>
        }
    });
    handle.forget();
    (root, out.get().expect("the lab"))
}

fn attr(root: &Element, selector: &str, name: &str) -> String {
    find(root, selector).get_attribute(name).unwrap_or_default()
}

/// The step index (0-based) of the first step of `kind` in the preset's run.
fn first_step(slug: &str, kind: StepKind) -> usize {
    let sc = presets::find(slug).unwrap().scenario;
    simulate(&sc)
        .steps
        .iter()
        .position(|s| s.kind == kind)
        .unwrap()
}

#[wasm_bindgen_test]
async fn ledger_shows_the_duplicate_and_none_once_faults_are_cleared() {
    let (root, lab) = mount("db-then-commit");
    tick().await;
    // Before the end there is no verdict yet: the ledger shows the effects so far.
    assert_eq!(count(&root, "[data-testid=outcome-banner]"), 0);
    assert_eq!(count(&root, "[data-verdict=not-yet]"), 3);
    lab.seek(lab.len());
    tick().await;

    let row = "[data-testid=ledger-row-evt-2]";
    assert_eq!(attr(&root, row, "data-verdict"), "duplicate");
    assert!(text(&root, row).contains("duplicate"));
    assert_eq!(
        count(&root, "[data-testid=ledger-row-evt-2] .pn-verdict svg"),
        1,
        "an icon beside the word"
    );
    assert_eq!(count(&root, "[data-verdict=duplicate]"), 1);
    assert_eq!(
        attr(&root, "[data-testid=ledger-row-evt-1]", "data-verdict"),
        "ok"
    );
    let banner = find(&root, "[data-testid=outcome-banner]");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("status"));
    assert!(
        banner
            .text_content()
            .unwrap()
            .contains("200 instead of 150"),
        "{:?}",
        banner.text_content()
    );
    let totals = text(&root, "[data-testid=ledger-totals]");
    assert!(totals.contains("revenue 150 expected"), "{totals}");
    assert!(totals.contains("200 seen"), "{totals}");

    lab.clear_faults();
    lab.seek(lab.len());
    tick().await;
    assert_eq!(count(&root, "[data-verdict=duplicate]"), 0);
    assert_eq!(count(&root, "[data-verdict=ok]"), 3);
    assert_eq!(attr(&root, row, "data-verdict"), "ok");
    assert!(text(&root, "[data-testid=outcome-banner]").contains("exactly once"));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_duplicate_row_opens_its_chain_and_a_step_moves_the_cursor() {
    let (root, lab) = mount("db-then-commit");
    lab.seek(lab.len());
    tick().await;

    assert_eq!(count(&root, ".pn-why"), 0);
    let toggle = find(&root, "[data-testid=ledger-row-evt-2] button");
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    toggle.focus().unwrap();
    toggle.click();
    tick().await;
    // The same button, updated in place: it keeps the keyboard focus.
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let focused = document().active_element().expect("a focused element");
    assert!(focused.is_same_node(Some(&toggle)));
    let why = text(&root, ".pn-why");
    assert!(why.contains("crashed"), "{why}");
    let steps = root.query_selector_all(".pn-chain button").unwrap();
    assert!(steps.length() >= 3, "write, crash, second write");

    // The second write is the last link of the chain: the cursor lands right after it.
    let last: HtmlElement = steps.item(steps.length() - 1).unwrap().unchecked_into();
    last.click();
    tick().await;
    let label = last.text_content().unwrap();
    let n: usize = label.trim_start_matches("step ").parse().unwrap();
    assert_eq!(lab.cursor.get_untracked(), n);
    assert_eq!(last.get_attribute("aria-current").as_deref(), Some("step"));
    assert!(text(&root, "[data-testid=narration]").contains("INSERT"));

    toggle.click();
    tick().await;
    assert_eq!(count(&root, ".pn-why"), 0);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_committed_offset_marker_moves_with_the_cursor() {
    let (root, lab) = mount("db-then-commit");
    tick().await;

    let committed = "[data-testid=input-log-p0] [data-testid=committed-marker]";
    let position = "[data-testid=input-log-p0] [data-testid=position-marker]";
    assert_eq!(attr(&root, committed, "data-offset"), "0");
    assert_eq!(
        count(&root, "[data-testid=input-log-p0] .pn-cell:not(.pn-end)"),
        0
    );

    // Right after the first commit: evt-1 is committed, the marker sits at offset 1.
    let commit = first_step("db-then-commit", StepKind::CommitOffset);
    lab.seek(commit);
    tick().await;
    assert_eq!(attr(&root, committed, "data-offset"), "0");
    assert_eq!(attr(&root, position, "data-offset"), "1");
    lab.seek(commit + 1);
    tick().await;
    assert_eq!(attr(&root, committed, "data-offset"), "1");

    // At the end all three records are committed.
    lab.seek(lab.len());
    tick().await;
    assert_eq!(attr(&root, committed, "data-offset"), "3");
    assert_eq!(
        count(&root, "[data-testid=input-log-p0] .pn-cell:not(.pn-end)"),
        3
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn the_narration_follows_the_cursor() {
    let (root, lab) = mount("db-then-commit");
    tick().await;

    let narration = find(&root, "[data-testid=narration]");
    assert_eq!(
        narration.get_attribute("aria-live").as_deref(),
        Some("polite")
    );
    let start = narration.text_content().unwrap();
    assert!(start.contains("Press play"), "{start}");
    let lesson = presets::find("db-then-commit").unwrap().lesson;
    assert!(start.contains(lesson), "{start}");

    lab.seek(1);
    tick().await;
    let first = narration.text_content().unwrap();
    assert!(first.contains("Step 1 of"), "{first}");
    assert!(first.contains("send evt-1"), "{first}");

    lab.seek(3);
    tick().await;
    let third = narration.text_content().unwrap();
    assert!(third.contains("Step 3 of"), "{third}");
    assert_ne!(first, third);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_panel_a_step_changed_is_marked_changed() {
    let (root, lab) = mount("db-then-commit");
    tick().await;
    assert_eq!(count(&root, "[data-changed=true]"), 0);

    let write = first_step("db-then-commit", StepKind::SinkWrite);
    lab.seek(write + 1);
    tick().await;
    let sink = "[data-panel=sink]";
    assert_eq!(attr(&root, sink, "data-changed"), "true");
    assert!(text(&root, sink).contains("changed"));
    assert_eq!(attr(&root, "[data-panel=input]", "data-changed"), "false");
    root.remove();
}

#[wasm_bindgen_test]
async fn panels_follow_the_design() {
    let (root, lab) = mount("db-then-commit");
    tick().await;
    assert_eq!(count(&root, "[data-panel=transactions]"), 0);
    assert_eq!(count(&root, "[data-panel=outbox]"), 0);
    assert_eq!(count(&root, "[data-panel=sink]"), 1);
    assert!(text(&root, "[data-panel=sink] summary").contains("order_events"));

    // At the end the sink holds evt-2 twice, both rows marked, the replay's attempt named.
    lab.seek(lab.len());
    tick().await;
    let dups = root
        .query_selector_all("[data-panel=sink] tr[data-duplicate=true]")
        .unwrap();
    assert_eq!(dups.length(), 2);
    let second = dups.item(1).unwrap().text_content().unwrap();
    assert!(second.contains("instance 2, delivery 2"), "{second}");
    assert!(second.contains("⧉ duplicate"), "{second}");
    root.remove();

    let (root, lab) = mount("eos-read-uncommitted");
    tick().await;
    assert_eq!(count(&root, "[data-panel=transactions]"), 1);
    assert_eq!(count(&root, "[data-panel=sink]"), 0);
    lab.seek(lab.len());
    tick().await;
    assert_eq!(count(&root, "[data-panel=reader] [data-reader]"), 2);
    let committed = text(&root, "[data-reader=read_committed]");
    let uncommitted = text(&root, "[data-reader=read_uncommitted]");
    assert!(committed.contains("revenue 150"), "{committed}");
    assert!(uncommitted.contains("revenue 200"), "{uncommitted}");
    assert!(uncommitted.contains("this pipeline"), "{uncommitted}");
    assert!(text(&root, "[data-panel=transactions]").contains("ABORT"));
    root.remove();
}

#[wasm_bindgen_test]
async fn names_from_a_scenario_are_shown_as_text_never_as_markup() {
    let mut sc = presets::find("db-then-commit").unwrap().scenario;
    let evil = "<img src=x data-evil=\"1\">";
    sc.names.table = evil.into();
    sc.workload.events[1].id = "<b>evt-2</b>".into();
    sc.faults[0].at.event = Some("<b>evt-2</b>".into());
    let (root, lab) = mount_scenario(sc, None);
    lab.seek(lab.len());
    tick().await;

    assert_eq!(count(&root, "img"), 0);
    assert_eq!(count(&root, "[data-evil]"), 0);
    assert_eq!(count(&root, "[data-panel] b"), 0);
    assert!(text(&root, "[data-panel=sink]").contains(evil));
    assert!(text(&root, "[data-panel=input]").contains("<b>evt-2</b>"));
    root.remove();
}

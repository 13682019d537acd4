//! Browser tests: components mounted into a real DOM in headless Chromium.
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use eoslab::ui::{App, LabView};
use leptos::{mount::mount_to, prelude::*, task::tick};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The lifelines of the at-least-once presets, in the lesson's words.
const ACTORS: [&str; 6] = [
    "Producer",
    "Input topic orders",
    "Processor",
    "State store totals-store",
    "Sink order_events",
    "Downstream reader",
];

/// A fresh element appended to the body, to mount a component into.
fn host() -> web_sys::HtmlElement {
    let document = document();
    let el = document.create_element("section").unwrap();
    document.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// The `data-lifeline` names under `root`, in document order.
fn lifelines(root: &web_sys::Element) -> Vec<String> {
    let nodes = root.query_selector_all("[data-lifeline]").unwrap();
    (0..nodes.length())
        .map(|i| {
            nodes
                .item(i)
                .unwrap()
                .unchecked_into::<web_sys::Element>()
                .get_attribute("data-lifeline")
                .unwrap()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn diagram_draws_one_lifeline_per_actor() {
    let root = host();
    let _handle = mount_to(root.clone(), || view! { <LabView slug="db-then-commit"/> });
    tick().await;

    assert_eq!(lifelines(&root), ACTORS);

    let svg = root
        .query_selector("svg.sequence-diagram")
        .unwrap()
        .expect("an <svg>");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    let label = svg.get_attribute("aria-label").expect("an aria-label");
    for actor in ACTORS {
        assert!(label.contains(actor), "aria-label {label:?} lacks {actor}");
    }
    // Every lifeline has its head (named) and its dashed line.
    for actor in ACTORS {
        let head = root
            .query_selector(&format!("[data-lifeline=\"{actor}\"]"))
            .unwrap()
            .unwrap();
        assert_eq!(head.text_content().as_deref(), Some(actor));
    }
    assert_eq!(
        root.query_selector_all("svg .lifeline-line")
            .unwrap()
            .length(),
        6
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn diagram_follows_the_design() {
    let root = host();
    let _handle = mount_to(root.clone(), || view! { <LabView slug="outbox-debezium"/> });
    tick().await;
    let names = lifelines(&root);
    assert_eq!(names.len(), 7);
    assert!(
        names.contains(&"CDC relay (Debezium)".to_string()),
        "{names:?}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn app_shows_title_diagram_and_version() {
    let root = host();
    let _handle = mount_to(root.clone(), App);
    tick().await;

    let h1 = root.query_selector("h1").unwrap().expect("a heading");
    assert_eq!(h1.text_content().as_deref(), Some("EOS Lab"));
    assert_eq!(lifelines(&root).len(), 6);
    let footer = root.query_selector("footer").unwrap().expect("a footer");
    assert!(footer
        .text_content()
        .unwrap()
        .contains(env!("CARGO_PKG_VERSION")));
    root.remove();
}

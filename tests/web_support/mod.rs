//! What the browser tests share: mounting the lab on a preset and finding what it
//! drew. Each test file uses a part of it.
#![allow(dead_code)]

use eoslab::ui::LabView;
use leptos::{mount::mount_to, prelude::*};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Mounts the lab on `preset` into a fresh element of its own.
pub fn mount(preset: &'static str) -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = mount_to(root.clone().unchecked_into(), move || {
        view! { <LabView slug=preset/> }
    });
    handle.forget();
    root
}

/// The first element under `root` that matches `selector` (the test fails if none).
pub fn find(root: &Element, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

/// How many elements under `root` match `selector`.
pub fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// The text of the first element under `root` that matches `selector`.
pub fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

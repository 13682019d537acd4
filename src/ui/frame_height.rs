//! An embedded lab tells the page around it how tall it is, so the page can size
//! its frame: whenever the lab's height changes it posts
//! `{type: "eoslab:height", height}` (for the host script `dist/` ships) and
//! Canvas's `{subject: "lti.frameResize", height}` to `window.parent`.
//!
//! The only message the lab answers is the host script's
//! `{type: "eoslab:request-height"}`, and only from its parent window, with a
//! reply to the origin that asked; anything else is ignored.

use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The message type of the lab's height.
pub const HEIGHT_TYPE: &str = "eoslab:height";
/// The message type of the host's request for it.
pub const REQUEST_TYPE: &str = "eoslab:request-height";

/// The parent window, when the lab is inside a frame.
fn parent() -> Option<web_sys::Window> {
    let me = window();
    let p = me.parent().ok().flatten()?;
    (!js_sys::Object::is(&p, &me)).then_some(p)
}

/// `{key: value, height}` as a JS object.
fn message(key: &str, value: &str, height: u32) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &key.into(), &value.into());
    let _ = js_sys::Reflect::set(&o, &"height".into(), &JsValue::from(height));
    o.into()
}

/// Posts both height messages to `target_origin` of the parent.
fn post(height: u32, target_origin: &str) {
    if let Some(p) = parent() {
        let _ = p.post_message(&message("type", HEIGHT_TYPE, height), target_origin);
        let _ = p.post_message(
            &message("subject", "lti.frameResize", height),
            target_origin,
        );
    }
}

/// The element's height in whole px (rounded up).
fn height_of(el: &web_sys::Element) -> u32 {
    el.get_bounding_client_rect()
        .height()
        .ceil()
        .clamp(0.0, 100_000.0) as u32
}

/// Whether `e` is the host's request for the height: from the parent window,
/// from a real origin, shaped `{type: "eoslab:request-height"}`.
fn is_request(e: &web_sys::MessageEvent) -> bool {
    let (Some(p), Some(src)) = (parent(), e.source()) else {
        return false;
    };
    let origin = e.origin();
    let real_origin = origin.starts_with("http://") || origin.starts_with("https://");
    let data = e.data();
    let ty = data
        .is_object()
        .then(|| js_sys::Reflect::get(&data, &"type".into()).ok())
        .flatten()
        .and_then(|t| t.as_string());
    js_sys::Object::is(&src, &p) && real_origin && ty.as_deref() == Some(REQUEST_TYPE)
}

/// Posts the height of `root` to the parent whenever it changes, and answers the
/// host's requests for it. Does nothing outside a frame.
pub fn post_height(root: NodeRef<Div>) {
    if parent().is_none() {
        return;
    }
    let last = StoredValue::new(0u32);
    let on_resize = Closure::<dyn FnMut(JsValue)>::new(move |_entries: JsValue| {
        if let Some(el) = root.get_untracked() {
            let h = height_of(&el);
            if h > 0 && h != last.get_value() {
                last.set_value(h);
                post(h, "*");
            }
        }
    });
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
    let kept = StoredValue::new_local((observer, on_resize));
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            kept.with_value(|(o, _)| {
                if let Some(o) = o {
                    o.observe(&el);
                }
            });
        }
    });
    let asks = window_event_listener(ev::message, move |e: web_sys::MessageEvent| {
        if is_request(&e) {
            if let Some(el) = root.get_untracked() {
                post(height_of(&el), &e.origin());
            }
        }
    });
    on_cleanup(move || {
        asks.remove();
        kept.with_value(|(o, _)| {
            if let Some(o) = o {
                o.disconnect();
            }
        });
    });
}

//! The search worker: a second wasm binary, run as a Web Worker, that holds only the
//! model. The page posts a search request (JSON, see `model::search::Request`) and
//! receives the replies (progress after each slice, then the result), one line each
//! (`model::search_wire`); it
//! cancels a search by terminating the worker. The worker says it is ready first, so
//! no request arrives before it listens.

/// Placements per slice: progress is posted after each.
#[cfg(target_arch = "wasm32")]
const SLICE: usize = 400;

#[cfg(target_arch = "wasm32")]
fn main() {
    use eoslab::model::search::serve;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let out = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let request = e.data().as_string().unwrap_or_default();
        serve(&request, SLICE, |reply| {
            let _ = out.post_message(&JsValue::from_str(&reply));
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

// The worker exists only in the browser; a native build still compiles every bin.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}

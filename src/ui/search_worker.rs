//! The page's side of the search worker: starts the worker (its script and wasm are
//! fetched only then), sends it one search request once it is ready, and hands each
//! reply to a callback. Dropping the handle terminates the worker, which is how a
//! search is cancelled.

use crate::model::search::{Reply, Request};
use crate::model::search_wire::decode;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// The worker's loader script, next to the page (works from any folder).
const SCRIPT: &str = "./eoslab-search_loader.js";

/// A running search: the worker and the handlers it calls.
pub struct SearchWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl SearchWorker {
    /// Starts a worker and asks it for `request`; `on_reply` receives its progress
    /// and its result, or a `Refused` reply if the worker cannot run.
    pub fn start(request: &Request, on_reply: impl Fn(Reply) + 'static) -> Result<Self, String> {
        let json = serde_json::to_string(request).map_err(|e| e.to_string())?;
        let worker = Worker::new(SCRIPT)
            .map_err(|e| format!("The search could not start: {}", describe(&e)))?;
        let on_reply = std::rc::Rc::new(on_reply);
        let w = worker.clone();
        let reply = on_reply.clone();
        let sc = request.scenario.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let text = e.data().as_string().unwrap_or_default();
            match decode(&text, &sc) {
                Some(Reply::Ready) => {
                    let _ = w.post_message(&JsValue::from_str(&json));
                }
                Some(r) => reply(r),
                None => reply(Reply::Refused(
                    "The search sent an answer the page cannot read.".into(),
                )),
            }
        });
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            e.prevent_default();
            on_reply(Reply::Refused(format!(
                "The search stopped: {}",
                if e.message().is_empty() {
                    "its code could not be loaded".to_string()
                } else {
                    e.message()
                }
            )));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(SearchWorker {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "the browser refused to start a worker".into())
}

//! Hands a piece of text to the browser as a file download.

use wasm_bindgen::JsCast;

/// Offers `text` as a download named `name` of type `mime`. Returns whether the
/// browser took it.
pub fn download_text(name: &str, mime: &str, text: &str) -> bool {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let anchor = leptos::prelude::document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    let Some(a) = anchor else {
        let _ = web_sys::Url::revoke_object_url(&url);
        return false;
    };
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The browser reads the object URL after this handler; let it go a little later.
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(5_000).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    true
}

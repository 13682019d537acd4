//! Download the diagram at the current step, for slides: as an SVG file written
//! by `render::diagram_file` (its styles inside it), or as a PNG drawn from that
//! SVG on a canvas at twice its size.

use super::state::Lab;
use crate::model::presets;
use crate::render::diagram_file;
use leptos::ev;
use leptos::html::Details;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// An arrow into a tray.
const DOWNLOAD_ICON: &str = r#"<svg class="icon" viewBox="0 0 16 16" width="1em" height="1em" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M8 1.5v8.5"/><path d="M4.5 6.5L8 10l3.5-3.5"/><path d="M2 11.5v2.5h12v-2.5"/></svg>"#;

/// How much larger than the SVG the PNG is drawn (crisp on slides).
const PNG_SCALE: f64 = 2.0;

/// The SVG file of the lab's diagram at the cursor, and its file name's stem.
fn svg_file(lab: Lab) -> (diagram_file::SvgFile, String) {
    let cursor = lab.cursor.get_untracked();
    let preset = lab.preset.get_untracked();
    let title = preset
        .and_then(presets::find)
        .map(|p| p.title.to_string())
        .unwrap_or_else(|| lab.scenario.with_untracked(|sc| sc.title.clone()));
    let svg = lab.scenario.with_untracked(|sc| {
        lab.trace
            .with_untracked(|t| diagram_file::standalone(sc, t, cursor, &title))
    });
    let stem = format!("eoslab-{}-step-{cursor}", preset.unwrap_or("scenario"));
    (svg, stem)
}

/// Saves `href` as `name` through a temporary link.
fn save(href: &str, name: &str) -> Result<(), JsValue> {
    let a: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    a.set_href(href);
    a.set_download(name);
    let body = document().body().ok_or("no body")?;
    body.append_child(&a)?;
    a.click();
    a.remove();
    Ok(())
}

/// An object URL of `text` as a file of `mime` type.
fn blob_url(text: &str, mime: &str) -> Result<String, JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    web_sys::Url::create_object_url_with_blob(&blob)
}

/// Downloads the SVG file.
fn download_svg(lab: Lab) -> Result<(), JsValue> {
    let (file, stem) = svg_file(lab);
    let url = blob_url(&file.svg, "image/svg+xml")?;
    let r = save(&url, &format!("{stem}.svg"));
    // The download reads the URL after this returns.
    gloo_timers::callback::Timeout::new(30_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    r
}

/// Draws the SVG on a canvas and downloads it as PNG.
async fn download_png(lab: Lab) -> Result<(), JsValue> {
    let (file, stem) = svg_file(lab);
    let (w, h) = (f64::from(file.width), f64::from(file.height));
    let url = blob_url(&file.svg, "image/svg+xml")?;
    let img = web_sys::HtmlImageElement::new()?;
    img.set_src(&url);
    let loaded = JsFuture::from(img.decode()).await;
    let drawn = loaded.and_then(|_| {
        let canvas: web_sys::HtmlCanvasElement =
            document().create_element("canvas")?.unchecked_into();
        canvas.set_width((w * PNG_SCALE).ceil() as u32);
        canvas.set_height((h * PNG_SCALE).ceil() as u32);
        let ctx: web_sys::CanvasRenderingContext2d = canvas
            .get_context("2d")?
            .ok_or("no 2d context")?
            .unchecked_into();
        ctx.scale(PNG_SCALE, PNG_SCALE)?;
        ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, w, h)?;
        canvas.to_data_url_with_type("image/png")
    });
    let _ = web_sys::Url::revoke_object_url(&url);
    save(&drawn?, &format!("{stem}.png"))
}

/// A menu by the playback bar: download the diagram at this step as SVG or PNG.
#[component]
pub fn DiagramDownload() -> impl IntoView {
    let lab = Lab::expect();
    let menu = NodeRef::<Details>::new();
    let close = move || {
        if let Some(d) = menu.get_untracked() {
            d.set_open(false);
        }
    };
    let failed = move |what: &str| {
        lab.notice.set(Some(format!(
            "Could not make the {what} picture in this browser."
        )));
    };
    let svg = move |_| {
        close();
        if download_svg(lab).is_err() {
            failed("SVG");
        }
    };
    let png = move |_| {
        close();
        leptos::task::spawn_local(async move {
            if download_png(lab).await.is_err() {
                failed("PNG");
            }
        });
    };
    let on_key = move |e: ev::KeyboardEvent| {
        if e.key() == "Escape" && menu.get_untracked().is_some_and(|d| d.open()) {
            e.prevent_default();
            e.stop_propagation();
            close();
            if let Some(s) = menu
                .get_untracked()
                .and_then(|d| d.query_selector("summary").ok().flatten())
                .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = s.focus();
            }
        }
    };
    view! {
        <details class="download-menu" node_ref=menu on:keydown=on_key>
            <summary
                class="download-button"
                data-testid="download-diagram"
                title="Download the diagram at this step"
                aria-label="Download the diagram at this step"
            >
                <span class="btn-icon" inner_html=DOWNLOAD_ICON></span>
            </summary>
            <div class="download-items" role="group" aria-label="Download the diagram at this step">
                <button type="button" data-testid="download-svg" on:click=svg>
                    "SVG (for slides)"
                </button>
                <button type="button" data-testid="download-png" on:click=png>
                    "PNG image"
                </button>
            </div>
        </details>
    }
}

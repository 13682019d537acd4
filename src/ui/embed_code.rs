//! "Copy embed code": a small dialog where a course author chooses how the lab
//! is embedded (locked, at the current step, which panels, a prediction first)
//! and copies the `<iframe>` snippet. Where the clipboard is not available (some
//! frames, plain http), the snippet is selected in its text field instead.

use super::embed_bar::{lab_url, link_query};
use super::state::Lab;
use crate::model::presets;
use crate::share::embed_options::{EmbedOptions, PanelChoice};
use crate::share::embed_snippet::{EmbedCode, DEFAULT_HEIGHT};
use leptos::ev;
use leptos::html::{Div, Textarea};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Angle brackets: code.
const CODE_ICON: &str = r#"<svg class="icon" viewBox="0 0 16 16" width="1em" height="1em" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M5.5 4L1.5 8l4 4"/><path d="M10.5 4l4 4-4 4"/></svg>"#;

/// Writes `text` to the clipboard; false where the Clipboard API is missing or
/// refuses.
pub async fn copy_text(text: &str) -> bool {
    let nav = window().navigator();
    let has = js_sys::Reflect::get(&nav, &"clipboard".into())
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    if !has {
        return false;
    }
    JsFuture::from(nav.clipboard().write_text(text))
        .await
        .is_ok()
}

/// The choices of the dialog.
#[derive(Clone, Copy)]
struct Choices {
    lock: RwSignal<bool>,
    at_step: RwSignal<bool>,
    predict: RwSignal<bool>,
    narration: RwSignal<bool>,
    state: RwSignal<bool>,
    ledger: RwSignal<bool>,
    script: RwSignal<bool>,
}

impl Choices {
    fn new() -> Choices {
        Choices {
            lock: RwSignal::new(true),
            at_step: RwSignal::new(true),
            predict: RwSignal::new(false),
            narration: RwSignal::new(true),
            state: RwSignal::new(true),
            ledger: RwSignal::new(true),
            script: RwSignal::new(true),
        }
    }

    /// The snippet for the lab as it is now.
    fn snippet(self, lab: Lab) -> String {
        let step = self.at_step.get().then(|| lab.cursor.get());
        let panels = PanelChoice {
            narration: self.narration.get(),
            ledger: self.ledger.get(),
            state: (!self.state.get()).then(Vec::new),
        };
        let title = lab
            .preset
            .get()
            .and_then(presets::find)
            .map(|p| p.title.to_string())
            .unwrap_or_else(|| lab.scenario.with(|sc| sc.title.clone()));
        EmbedCode {
            lab_url: lab_url(),
            scenario: link_query(lab, step),
            options: EmbedOptions {
                lock: self.lock.get(),
                predict: self.predict.get(),
                panels,
                ..EmbedOptions::default()
            },
            title,
            height: DEFAULT_HEIGHT,
            host_script: self.script.get(),
        }
        .snippet()
    }
}

/// One checkbox of the dialog.
#[component]
fn Choice(
    /// What it sets.
    value: RwSignal<bool>,
    /// Its words.
    label: &'static str,
    /// Its test id.
    id: &'static str,
) -> impl IntoView {
    view! {
        <label class="embed-choice">
            <input
                type="checkbox"
                data-testid=id
                prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))
            />
            " "
            {label}
        </label>
    }
}

/// One checkbox per (value, words, test id).
fn choices(list: &[(RwSignal<bool>, &'static str, &'static str)]) -> impl IntoView {
    list.iter()
        .map(|&(value, label, id)| view! { <Choice value=value label=label id=id/> })
        .collect_view()
}

/// The elements of `root` the Tab key moves between.
fn focusables(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = root.query_selector_all("button, input, textarea, select, a[href]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// Keeps Tab inside the dialog (from the last element to the first and back).
fn trap_tab(root: &web_sys::Element, e: &ev::KeyboardEvent) {
    let all = focusables(root);
    let (Some(first), Some(last)) = (all.first(), all.last()) else {
        return;
    };
    let active = document().active_element();
    let is = |el: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| js_sys::Object::is(a, el));
    if e.shift_key() && is(first) {
        e.prevent_default();
        let _ = last.focus();
    } else if !e.shift_key() && is(last) {
        e.prevent_default();
        let _ = first.focus();
    }
}

/// The "Copy embed code" button and its dialog.
#[component]
pub fn EmbedCodeButton() -> impl IntoView {
    let open = RwSignal::new(false);
    let opener = NodeRef::<leptos::html::Button>::new();
    // Focus goes back to the button when the dialog closes.
    Effect::new(move |was: Option<bool>| {
        let now = open.get();
        if was == Some(true) && !now {
            if let Some(b) = opener.get_untracked() {
                let _ = b.focus();
            }
        }
        now
    });
    view! {
        <button
            type="button"
            class="embed-code-button"
            data-testid="embed-code"
            aria-haspopup="dialog"
            title="Copy embed code"
            node_ref=opener
            on:click=move |_| open.set(true)
        >
            <span class="btn-icon" inner_html=CODE_ICON></span>
            <span class="embed-code-words">" Copy embed code"</span>
        </button>
        <Show when=move || open.get()>
            <EmbedCodeDialog open=open/>
        </Show>
    }
}

/// The dialog: the choices, the snippet in a selectable field, and Copy.
#[component]
fn EmbedCodeDialog(open: RwSignal<bool>) -> impl IntoView {
    let lab = Lab::expect();
    let c = Choices::new();
    let root = NodeRef::<Div>::new();
    let field = NodeRef::<Textarea>::new();
    let status = RwSignal::new(String::new());
    let copied = RwSignal::new(false);
    let snippet = Memo::new(move |_| c.snippet(lab));
    Effect::new(move |_| {
        snippet.track();
        status.set(String::new());
    });
    request_animation_frame(move || {
        if let Some(first) = root
            .get_untracked()
            .and_then(|r| focusables(&r).into_iter().next())
        {
            let _ = first.focus();
        }
    });
    let copy = move |_| {
        let text = snippet.get_untracked();
        leptos::task::spawn_local(async move {
            let ok = copy_text(&text).await;
            copied.set(ok);
            if ok {
                status.set("Copied the embed code to the clipboard.".into());
            } else {
                status.set(
                    "The clipboard is not available here: the code is selected below, copy it with Ctrl+C (⌘C)."
                        .into(),
                );
                if let Some(f) = field.get_untracked() {
                    let _ = f.focus();
                    f.select();
                }
            }
        });
    };
    let on_key = move |e: ev::KeyboardEvent| {
        // The lab's own shortcuts stay out of the dialog.
        e.stop_propagation();
        match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                open.set(false);
            }
            "Tab" => {
                if let Some(r) = root.get_untracked() {
                    trap_tab(&r, &e);
                }
            }
            _ => {}
        }
    };
    let legend = move || format!("Options (the lab is at step {})", lab.cursor.get());
    view! {
        <div class="help-backdrop embed-backdrop" on:click=move |_| open.set(false)>
            <div
                class="help embed-dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="embed-title"
                data-testid="embed-dialog"
                node_ref=root
                on:click=|e| e.stop_propagation()
                on:keydown=on_key
            >
                <h2 id="embed-title">"Embed this lab in a course page"</h2>
                <fieldset class="embed-choices">
                    <legend>{legend}</legend>
                    {choices(&[
                        (c.lock, "Locked: play, step and read, no edits", "embed-lock"),
                        (c.at_step, "Start at the current step", "embed-at-step"),
                        (c.predict, "Ask for a prediction before playing", "embed-predict"),
                        (c.script, "Add the script that sizes the frame (once per page)", "embed-script"),
                    ])}
                </fieldset>
                <fieldset class="embed-choices">
                    <legend>"Panels beside the diagram"</legend>
                    {choices(&[
                        (c.narration, "Narration", "embed-narration"),
                        (c.state, "State of the pipeline", "embed-state"),
                        (c.ledger, "Ledger", "embed-ledger"),
                    ])}
                </fieldset>
                <label class="embed-snippet-label" for="embed-snippet">"Embed code"</label>
                <textarea
                    id="embed-snippet"
                    class="embed-snippet"
                    data-testid="embed-snippet"
                    readonly
                    rows="6"
                    node_ref=field
                    prop:value=move || snippet.get()
                    on:focus=move |_| {
                        if let Some(f) = field.get_untracked() {
                            f.select();
                        }
                    }
                ></textarea>
                <p
                    class="embed-status"
                    class=("embed-status-manual", move || !copied.get())
                    role="status"
                    aria-live="polite"
                    data-testid="embed-status"
                >
                    {move || status.get()}
                </p>
                <div class="embed-actions">
                    <button type="button" class="embed-copy" data-testid="embed-copy" on:click=copy>
                        "Copy"
                    </button>
                    <button type="button" data-testid="embed-close" on:click=move |_| open.set(false)>
                        "Close"
                    </button>
                </div>
            </div>
        </div>
    }
}

//! The share disclosure in the header: copy a link to this scenario at this step,
//! save it as a file, open a file, and go back to the learner's last scenario.

use super::download::download_text;
use super::keep::{copy_to_clipboard, current_link, input_of, Keep};
use super::state::Lab;
use crate::model::workload_edit;
use crate::render::icons::{svg, Icon};
use crate::share::file;
use crate::share::permalink::SAFE_LINK_CHARS;
use leptos::prelude::*;

/// What "Copy link" last did.
#[derive(Clone, Debug, PartialEq)]
enum Copied {
    /// Nothing yet.
    Not,
    /// The link is on the clipboard.
    Done,
    /// A link of this many characters is on the clipboard: more than some web
    /// servers take.
    Long(usize),
    /// No clipboard here: the link in a field to copy by hand.
    ByHand(String),
}

/// Share and keep: one disclosure beside the knobs and the workload.
#[component]
pub fn ShareMenu() -> impl IntoView {
    view! {
        <details class="share" data-testid="share">
            <summary title="Share: a link, a file, your last scenario">
                <span class="disclosure-title">"Share"</span>
            </summary>
            <div class="share-body">
                <CopyLink/>
                <div class="share-row">
                    <SaveFile/>
                    <OpenFile/>
                </div>
                <LastScenario/>
            </div>
        </details>
    }
}

/// "Copy link", with a confirmation, or the link in a read-only field where the
/// clipboard cannot be used.
#[component]
fn CopyLink() -> impl IntoView {
    let lab = Lab::expect();
    let copied = RwSignal::new(Copied::Not);
    let field = NodeRef::<leptos::html::Input>::new();
    let copy = move |_| {
        let link = current_link(lab);
        leptos::task::spawn_local(async move {
            if copy_to_clipboard(&link).await {
                copied.set(if link.len() > SAFE_LINK_CHARS {
                    Copied::Long(link.len())
                } else {
                    Copied::Done
                });
                gloo_timers::future::TimeoutFuture::new(4_000).await;
                if matches!(copied.get_untracked(), Copied::Done | Copied::Long(_)) {
                    copied.set(Copied::Not);
                }
            } else {
                copied.set(Copied::ByHand(link));
                // Once the field is shown.
                gloo_timers::future::TimeoutFuture::new(0).await;
                if let Some(f) = field.get_untracked() {
                    let _ = f.focus();
                    f.select();
                }
            }
        });
    };
    // The confirmation goes once the scenario or the step changes.
    Effect::new(move |_| {
        lab.scenario.track();
        lab.cursor.track();
        copied.set(Copied::Not);
    });
    let by_hand = move || match copied.get() {
        Copied::ByHand(link) => Some(link),
        _ => None,
    };
    view! {
        <div class="share-row share-copy">
            <button type="button" data-testid="copy-link" on:click=copy>
                <span inner_html=svg(Icon::Link)></span>
                " Copy link"
            </button>
            <span class="share-status" role="status" data-testid="copy-status">
                {move || match copied.get() {
                    Copied::Done => "Link copied to the clipboard.".to_string(),
                    Copied::Long(n) => format!(
                        "Link copied. It is long ({n} characters): some web servers refuse links over {SAFE_LINK_CHARS}, and a file keeps the scenario whole."
                    ),
                    Copied::ByHand(_) => "Copy this link (Ctrl+C):".to_string(),
                    Copied::Not => String::new(),
                }}
            </span>
            <input
                node_ref=field
                class="share-link"
                type="text"
                readonly
                aria-label="Link to this scenario"
                data-testid="link-field"
                hidden=move || by_hand().is_none()
                prop:value=move || by_hand().unwrap_or_default()
                on:focus=move |ev| {
                    if let Some(i) = input_of(&ev) {
                        i.select();
                    }
                }
            />
        </div>
    }
}

/// Saves the scenario as a JSON file, the format `eoslab run` reads.
#[component]
fn SaveFile() -> impl IntoView {
    let lab = Lab::expect();
    let save = move |_| {
        let (name, text) = lab
            .scenario
            .with_untracked(|sc| (file::file_name(sc), file::export(sc)));
        if download_text(&name, "application/json", &text) {
            lab.notice
                .set(Some(format!("Saved the scenario as {name}.")));
        }
    };
    view! {
        <button type="button" data-testid="save-file" on:click=save>
            <span inner_html=svg(Icon::File)></span>
            " Save as file"
        </button>
    }
}

/// Opens a scenario file from a file picker (or, anywhere on the lab, a drop).
#[component]
fn OpenFile() -> impl IntoView {
    let lab = Lab::expect();
    let keep = Keep::expect();
    let picker = NodeRef::<leptos::html::Input>::new();
    let choose = move |_| {
        if let Some(p) = picker.get_untracked() {
            p.click();
        }
    };
    let picked = move |ev: leptos::ev::Event| {
        let Some(input) = input_of(&ev) else { return };
        if let Some(f) = input.files().and_then(|l| l.get(0)) {
            keep.open_file(lab, f);
        }
        // The same file can be picked again.
        input.set_value("");
    };
    view! {
        <button type="button" data-testid="open-file" on:click=choose>
            <span inner_html=svg(Icon::File)></span>
            " Open a file\u{2026}"
        </button>
        <input
            node_ref=picker
            type="file"
            accept=".json,application/json"
            hidden
            tabindex="-1"
            data-testid="file-input"
            on:change=picked
        />
    }
}

/// The learner's work that a link, a lesson or a file replaced, one click away.
#[component]
fn LastScenario() -> impl IntoView {
    let lab = Lab::expect();
    let keep = Keep::expect();
    let shown = Memo::new(move |_| {
        keep.last
            .with(|l| l.clone())
            .filter(|l| lab.scenario.with(|sc| sc != l))
    });
    let words = move || {
        shown.with(|s| {
            s.as_ref().map(|sc| {
                let title = if sc.title.is_empty() {
                    "untitled"
                } else {
                    sc.title.as_str()
                };
                format!(
                    "{title} \u{b7} {} \u{b7} {}",
                    workload_edit::summary(sc),
                    sc.design.kind.title()
                )
            })
        })
    };
    let back = move |_| {
        if let Some(sc) = shown.get_untracked() {
            keep.replace(lab, sc);
            lab.notice.set(Some("Opened your last scenario.".into()));
        }
    };
    view! {
        <Show when=move || shown.with(Option::is_some)>
            <div class="share-row share-last">
                <button type="button" data-testid="last-scenario" on:click=back>
                    "Your last scenario"
                </button>
                <span class="share-last-words">{words}</span>
            </div>
        </Show>
    }
}

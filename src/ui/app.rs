//! The lab's page, a fixed-height app: header (pickers, knobs, workload), controls
//! (fault palette, playback, notice), the diagram region and the panels region
//! (each scrolling inside itself), and the verdict strip at the bottom. It creates
//! the [`Lab`] and the drag state and provides them.
//!
//! With `?embed` (see [`EmbedOptions`]) the page's chrome goes, the footer links to
//! the full lab, the panels are those the embed asks for, and the lab tells the
//! page around it its height; with `lock`, the header is read-only and the fault
//! palette goes (the lab's state refuses every edit).

use leptos::prelude::*;

use super::drag::{Drag, DragLayer};
use super::embed_bar::{LockedHeader, OpenFullLab};
use super::embed_code::EmbedCodeButton;
use super::fault_palette::FaultPalette;
use super::header::Header;
use super::help_overlay::HelpOverlay;
use super::playback::Playback;
use super::sequence_diagram::SequenceDiagram;
use super::state::Lab;
use super::verdict_strip::VerdictStrip;
use crate::share::embed_options::EmbedOptions;
use leptos::html::Div;

/// The value of `name` in a query string such as `?preset=lost-ack&step=3`.
fn query_param(search: &str, name: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The whole lab, opened on the preset named in the URL (`?preset=…`), with the
/// embed options the URL gives (`?embed&lock&step=…`).
#[component]
pub fn App() -> impl IntoView {
    let search = window().location().search().unwrap_or_default();
    let slug = query_param(&search, "preset").unwrap_or_default();
    let options = EmbedOptions::from_query(&search);
    view! { <LabView slug=slug options=options/> }
}

/// The lab on preset `slug` (the first preset if there is none of that name).
#[component]
pub fn LabView(
    /// The preset to open.
    #[prop(into)]
    slug: String,
    /// How the lab is embedded, locked, and where it starts.
    #[prop(optional)]
    options: EmbedOptions,
) -> impl IntoView {
    let lab = Lab::new(&slug);
    lab.locked.set(options.lock);
    if let Some(n) = options.step {
        lab.seek(n);
    }
    lab.provide();
    Drag::new().provide();
    let help = RwSignal::new(false);
    let embed = options.embed;
    let panels = options.panels.clone();
    provide_context(options);
    let root = NodeRef::<Div>::new();
    if embed {
        super::frame_height::post_height(root);
    }
    let unlocked = move || !lab.locked.get();

    view! {
        <div class="lab" class:embed=embed class:locked=move || lab.locked.get() node_ref=root>
            <a class="skip-link" href="#panels">"Skip to the state of the pipeline"</a>
            <Show when=unlocked fallback=|| view! { <LockedHeader/> }>
                <Header/>
            </Show>
            <div class="controls" role="group" aria-label="Faults and playback">
                <Show when=unlocked>
                    <FaultPalette/>
                </Show>
                <Playback help=help/>
                <p class="notice" role="status" aria-live="polite" data-testid="notice">
                    {move || lab.notice.get()}
                </p>
            </div>
            <main class="lab-main">
                <section class="stage" aria-label="Sequence diagram">
                    <SequenceDiagram/>
                </section>
                <section class="panels" id="panels" aria-label="State of the pipeline">
                    // The narration first, then the state it speaks of.
                    {panels.narration.then(|| view! { <crate::ui::panels::Narration/> })}
                    {panels.shows_state().then(|| view! { <crate::ui::panels::Panels/> })}
                    {panels.ledger.then(|| view! { <crate::ui::panels::LedgerView/> })}
                </section>
            </main>
            <footer class="lab-footer">
                <VerdictStrip/>
                {if embed {
                    view! { <p class="lab-meta embed-meta">"EOS Lab · " <OpenFullLab/></p> }.into_any()
                } else {
                    view! {
                        <div class="lab-meta full-meta">
                            <span>"EOS Lab v" {env!("CARGO_PKG_VERSION")}</span>
                            <span class="meta-sep">" · "</span>
                            <EmbedCodeButton/>
                            <span class="lab-keys">" · Press " <kbd>"?"</kbd> " for keyboard shortcuts"</span>
                        </div>
                    }
                        .into_any()
                }}
            </footer>
            <HelpOverlay open=help/>
            <DragLayer/>
        </div>
    }
}

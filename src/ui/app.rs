//! The lab's page, a fixed-height app: header (pickers, knobs, workload), controls
//! (fault palette, playback, notice), the diagram region and the panels region
//! (each scrolling inside itself), and the verdict strip at the bottom. It creates
//! the [`Lab`] and the drag state and provides them.

use leptos::prelude::*;

use super::drag::{Drag, DragLayer};
use super::fault_palette::FaultPalette;
use super::header::Header;
use super::help_overlay::HelpOverlay;
use super::playback::Playback;
use super::sequence_diagram::SequenceDiagram;
use super::state::Lab;
use super::verdict_strip::VerdictStrip;

/// The value of `name` in a query string such as `?preset=lost-ack&step=3`.
fn query_param(search: &str, name: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The whole lab, opened on the preset named in the URL (`?preset=…`).
#[component]
pub fn App() -> impl IntoView {
    let search = window().location().search().unwrap_or_default();
    let slug = query_param(&search, "preset").unwrap_or_default();
    view! { <LabView slug=slug/> }
}

/// The lab on preset `slug` (the first preset if there is none of that name).
#[component]
pub fn LabView(
    /// The preset to open.
    #[prop(into)]
    slug: String,
) -> impl IntoView {
    let lab = Lab::new(&slug);
    lab.provide();
    Drag::new().provide();
    let help = RwSignal::new(false);

    view! {
        <div class="lab">
            <a class="skip-link" href="#panels">"Skip to the state of the pipeline"</a>
            <Header/>
            <div class="controls" role="group" aria-label="Faults and playback">
                <FaultPalette/>
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
                    <crate::ui::panels::Narration/>
                    <crate::ui::panels::Panels/>
                    <crate::ui::panels::LedgerView/>
                </section>
            </main>
            <footer class="lab-footer">
                <VerdictStrip/>
                <p class="lab-meta">
                    "EOS Lab v"
                    {env!("CARGO_PKG_VERSION")}
                    <span class="lab-keys">" · Press " <kbd>"?"</kbd> " for keyboard shortcuts"</span>
                </p>
            </footer>
            <HelpOverlay open=help/>
            <DragLayer/>
        </div>
    }
}

//! The lab's page: header, fault palette, playback, sequence diagram, and the region
//! the state panels fill; it creates the [`Lab`] and the drag state and provides them.

use leptos::prelude::*;

use super::drag::{Drag, DragLayer};
use super::fault_palette::FaultPalette;
use super::header::Header;
use super::help_overlay::HelpOverlay;
use super::playback::Playback;
use super::sequence_diagram::SequenceDiagram;
use super::state::Lab;
use super::workload_editor::WorkloadEditor;

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
            <details class="workload-editor" data-testid="workload">
                <summary>
                    "Workload and names: "
                    {move || lab.scenario.with(crate::model::workload_edit::summary)}
                </summary>
                <WorkloadEditor/>
            </details>
            <main class="lab-main">
                <section class="stage" aria-label="Sequence diagram and faults">
                    <FaultPalette/>
                    <Playback help=help/>
                    <p class="notice" role="status" aria-live="polite" data-testid="notice">
                        {move || lab.notice.get()}
                    </p>
                    <SequenceDiagram/>
                </section>
                <section class="panels" id="panels" aria-label="State of the pipeline">
                    <crate::ui::panels::Panels/>
                    <crate::ui::panels::LedgerView/>
                    <crate::ui::panels::Narration/>
                </section>
            </main>
            <footer class="lab-footer">
                <span>"EOS Lab v" {env!("CARGO_PKG_VERSION")}</span>
                " · "
                <span>"Press " <kbd>"?"</kbd> " for keyboard shortcuts"</span>
            </footer>
            <HelpOverlay open=help/>
            <DragLayer/>
        </div>
    }
}

//! The lab's page, a fixed-height app: header (pickers, knobs, workload), controls
//! (fault palette, playback, notice), the diagram region and the panels region
//! (each scrolling inside itself; while comparing, every design's lane instead),
//! and the verdict strip at the bottom. It creates the [`Lab`] and the drag state
//! and provides them.

use crate::share::start::{start, Opened, Start};
use leptos::prelude::*;

use super::banner::Banner;
use super::compare_view::CompareView;
use super::drag::{Drag, DragLayer};
use super::fault_palette::FaultPalette;
use super::header::Header;
use super::help_overlay::HelpOverlay;
use super::keep::{read, Keep, AUTOSAVE, KEPT};
use super::playback::Playback;
use super::predict_panel::{predict_option, PredictPanel};
use super::sequence_diagram::SequenceDiagram;
use super::state::Lab;
use super::verdict_strip::VerdictStrip;

/// The whole lab, opened on what the URL names (a link `?s=…`, a lesson
/// `?preset=…`) or on the learner's autosaved work; the address bar and the
/// autosave then follow the learner's edits.
#[component]
pub fn App() -> impl IntoView {
    let search = window().location().search().unwrap_or_default();
    let st = start(&search, read(AUTOSAVE).as_deref(), read(KEPT).as_deref());
    view! { <LabView start=st/> }
}

/// The lab on preset `slug` (the first preset if there is none of that name), or
/// on what `start` says; only the latter follows the address bar and autosaves.
#[component]
pub fn LabView(
    /// The preset to open.
    #[prop(into, optional)]
    slug: String,
    /// What to open, from the URL and the autosave.
    #[prop(optional)]
    start: Option<Start>,
) -> impl IntoView {
    let (lab, keep) = match &start {
        Some(st) => {
            let lab = Lab::with_scenario(st.scenario.clone(), st.preset);
            lab.seek(st.step);
            (lab, Keep::new(st))
        }
        None => (Lab::new(&slug), Keep::idle()),
    };
    let search = window().location().search().unwrap_or_default();
    lab.predict_required.set(predict_option(&search));
    lab.provide();
    keep.provide();
    if let Some(st) = &start {
        keep.follow(lab);
        if st.opened != Opened::Autosave && st.last.is_some() && st.problem.is_none() {
            lab.notice.set(Some(
                "Your last scenario is kept: Share \u{2192} Your last scenario.".into(),
            ));
        }
    }
    Drag::new().provide();
    let help = RwSignal::new(false);

    view! {
        <div class="lab">
            <a class="skip-link" href="#panels">"Skip to the state of the pipeline"</a>
            <Header/>
            <Banner/>
            <div class="controls" role="group" aria-label="Faults and playback">
                <FaultPalette/>
                <Playback help=help/>
                <super::predict_jump::PredictJump/>
                <p class="notice" role="status" aria-live="polite" data-testid="notice">
                    {move || lab.notice.get()}
                </p>
            </div>
            <main class="lab-main" class:comparing=move || lab.comparing.get()>
                // While comparing, the lanes of every design take the whole region.
                <Show when=move || !lab.comparing.get() fallback=|| view! { <CompareView/> }>
                    <section class="stage" aria-label="Sequence diagram">
                        <SequenceDiagram/>
                    </section>
                    <section class="panels" id="panels" aria-label="State of the pipeline">
                        // The prediction before the run, the narration, then the state it speaks of.
                        <PredictPanel/>
                        <crate::ui::panels::Narration/>
                        <crate::ui::panels::Panels/>
                        <crate::ui::panels::LedgerView/>
                    </section>
                </Show>
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

//! The lab's page, a fixed-height app: header (pickers, knobs, workload), controls
//! (fault palette, playback, notice), the diagram region and the panels region
//! (each scrolling inside itself; while comparing, every design's lane instead),
//! and the verdict strip at the bottom. It creates the [`Lab`] and the drag state
//! and provides them.
//!
//! With `?embed` (see [`EmbedOptions`]) the page's chrome goes, the footer links to
//! the full lab, the panels are those the embed asks for, and the lab tells the
//! page around it its height; with `lock`, the header is read-only and the fault
//! palette goes (the lab's state refuses every edit).

use crate::share::start::{start, Opened, Start};
use leptos::prelude::*;

use super::banner::Banner;
use super::compare_view::CompareView;
use super::drag::{Drag, DragLayer};
use super::embed_bar::{LockedHeader, OpenFullLab};
use super::embed_code::EmbedCodeButton;
use super::fault_palette::FaultPalette;
use super::header::Header;
use super::help_overlay::HelpOverlay;
use super::keep::{read, Keep, StoreKeys};
use super::playback::Playback;
use super::predict_panel::PredictPanel;
use super::sequence_diagram::SequenceDiagram;
use super::state::Lab;
use super::verdict_strip::VerdictStrip;
use crate::share::embed_options::EmbedOptions;
use leptos::html::Div;

/// The whole lab, opened on what the URL names (a link `?s=…`, a lesson
/// `?preset=…`) or on the learner's autosaved work; the address bar and the
/// autosave then follow the learner's edits; with the embed options the URL gives
/// (`?embed&lock&panels=…`).
#[component]
pub fn App() -> impl IntoView {
    let search = window().location().search().unwrap_or_default();
    let options = EmbedOptions::from_query(&search);
    let keys = StoreKeys::new(options.storage_scope(&search).as_deref());
    let st = start(
        &search,
        read(&keys.autosave).as_deref(),
        read(&keys.kept).as_deref(),
    );
    view! { <LabView start=st options=options keys=keys/> }
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
    /// How the lab is embedded and locked (and, without `start`, its start step).
    #[prop(optional)]
    options: EmbedOptions,
    /// Where `start`'s lab keeps its work (the full lab's keys by default).
    #[prop(optional)]
    keys: Option<StoreKeys>,
) -> impl IntoView {
    let (lab, keep) = match &start {
        Some(st) => {
            let lab = Lab::with_scenario(st.scenario.clone(), st.preset);
            lab.seek(st.step);
            (
                lab,
                Keep::new(st, keys.unwrap_or_else(|| StoreKeys::new(None))),
            )
        }
        None => {
            let lab = Lab::new(&slug);
            if let Some(n) = options.step {
                lab.seek(n);
            }
            (lab, Keep::idle())
        }
    };
    lab.locked.set(options.lock);
    lab.predict_required.set(options.predict);
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
            // While comparing there are no panels: the link leads to the lanes instead.
            <Show
                when=move || !lab.comparing.get()
                fallback=|| view! { <a class="skip-link" href="#compare">"Skip to every design's lane"</a> }
            >
                <a class="skip-link" href="#panels">"Skip to the state of the pipeline"</a>
            </Show>
            <Show when=unlocked fallback=|| view! { <LockedHeader/> }>
                <Header/>
            </Show>
            <Banner/>
            <div class="controls" role="group" aria-label="Faults and playback">
                <Show when=unlocked>
                    <FaultPalette/>
                </Show>
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
                        {panels.narration.then(|| view! { <crate::ui::panels::Narration/> })}
                        {panels.shows_state().then(|| view! { <crate::ui::panels::Panels/> })}
                        {panels.ledger.then(|| view! { <crate::ui::panels::LedgerView/> })}
                    </section>
                </Show>
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

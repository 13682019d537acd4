//! The header: which lesson (preset), which design, the design's knobs and the
//! workload, each a typed control; the model says what control a knob needs, what
//! it reads, and what a new value means.

use super::break_it::BreakIt;
use super::compare_view::CompareToggle;
use super::design_picker::DesignPicker;
use super::knob::KnobControl;
use super::lesson_picker::LessonPicker;
use super::share_menu::ShareMenu;
use super::state::Lab;
use super::workload_editor::WorkloadEditor;
use crate::model::edit;
use leptos::prelude::*;

/// Whether the window is roomy enough to open the knobs at first: wide, and tall
/// enough that the open knobs still leave the diagram a dozen rows (at 1280 × 800
/// they would leave five).
fn roomy() -> bool {
    let size = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    size(window().inner_width()) >= 1024.0 && size(window().inner_height()) >= 960.0
}

/// Title, lesson and design pickers, "Clear faults", "Break it", "Compare designs",
/// and the disclosures of the knobs, the workload and sharing.
#[component]
pub fn Header() -> impl IntoView {
    let lab = Lab::expect();
    let fault_count = move || lab.scenario.with(|sc| sc.faults.len());
    let clear = move |_| {
        let n = fault_count();
        if lab.clear_faults() {
            let s = if n == 1 { "" } else { "s" };
            lab.notice
                .set(Some(format!("Removed {n} fault{s} from the run.")));
        }
    };
    view! {
        <header class="lab-header">
            <div class="brand">
                <h1>"EOS Lab"</h1>
                <p class="tagline">
                    "Drop crashes on a stream pipeline and watch every event take effect once — or not."
                </p>
            </div>
            <div class="pickers">
                <LessonPicker/>
                <div class="picker picker-design">
                    <DesignPicker/>
                    <button
                        type="button"
                        class="clear-faults"
                        data-testid="clear-faults"
                        title="Clear faults: remove every placed fault"
                        disabled=move || fault_count() == 0
                        on:click=clear
                    >
                        "Clear" <span class="wide-word">" faults"</span>
                    </button>
                    <BreakIt/>
                    <CompareToggle/>
                </div>
            </div>
            <div class="disclosures">
                <KnobsDisclosure/>
                <WorkloadDisclosure/>
                <ShareMenu/>
            </div>
        </header>
    }
}

/// The design's knobs in a disclosure, closed at first where space is short, with
/// a one-line summary of what is set. One control per knob, keyed by knob, so an
/// edit updates the controls in place.
#[component]
fn KnobsDisclosure() -> impl IntoView {
    let lab = Lab::expect();
    let knobs = Memo::new(move |_| lab.scenario.with(|sc| sc.design.kind.knobs().to_vec()));
    let summary = Memo::new(move |_| lab.scenario.with(|sc| edit::knob_summary(&sc.design)));
    view! {
        <details class="knobs" open=roomy() data-testid="knobs">
            <summary title=move || format!("Knobs: {}", summary.get())>
                <span class="disclosure-title">"Knobs"</span>
                " "
                <span class="disclosure-summary" data-testid="knob-summary">{summary}</span>
            </summary>
            <div class="knob-list">
                <For each=move || knobs.get() key=|k| *k as u8 let:knob>
                    <KnobControl knob=knob/>
                </For>
            </div>
        </details>
    }
}

/// The workload in a disclosure beside the knobs: its summary, and the place of
/// the workload editor.
#[component]
fn WorkloadDisclosure() -> impl IntoView {
    let lab = Lab::expect();
    let summary = Memo::new(move |_| lab.scenario.with(crate::model::workload_edit::summary));
    view! {
        <details class="workload workload-editor" data-testid="workload">
            <summary title=move || format!("Workload: {}", summary.get())>
                <span class="disclosure-title">"Workload"</span>
                " "
                <span class="disclosure-summary">{summary}</span>
            </summary>
            <WorkloadEditor/>
        </details>
    }
}

//! "Break it": a dialog that asks the search worker for the fewest faults that
//! break the design on screen, or for the matrix of every design × fault kind, shows
//! its progress (with Cancel), and drops a breaking placement onto the diagram. The
//! search itself lives in `model::search`; this only starts, shows and stops it.

use super::fault_matrix::FaultMatrix;
use super::search_worker::SearchWorker;
use super::state::Lab;
use crate::model::explore::{describe_in_words, DesignReport};
use crate::model::search::{
    effect_words, progress_words, report_words, Cell, Progress, Reply, Request, MAX_DEPTH,
};
use crate::model::{DesignKind, Fault, FaultKind, Scenario};
use crate::render::icons::{svg, Icon};
use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the dialog holds between searches.
#[derive(Clone, Copy)]
struct Panel {
    open: RwSignal<bool>,
    kinds: RwSignal<Vec<FaultKind>>,
    depth: RwSignal<usize>,
    /// The search running: whether it is the matrix, and how far it has got.
    running: RwSignal<Option<(bool, Progress)>>,
    report: RwSignal<Option<DesignReport>>,
    cells: RwSignal<Option<Vec<Cell>>>,
    /// The depth the matrix was filled to.
    matrix_depth: RwSignal<usize>,
    error: RwSignal<Option<String>>,
    /// The scenario the last search ran on.
    searched: RwSignal<Option<Scenario>>,
    worker: StoredValue<Option<SearchWorker>, LocalStorage>,
}

impl Panel {
    fn new() -> Panel {
        Panel {
            open: RwSignal::new(false),
            kinds: RwSignal::new(vec![FaultKind::Crash]),
            depth: RwSignal::new(2),
            running: RwSignal::new(None),
            report: RwSignal::new(None),
            cells: RwSignal::new(None),
            matrix_depth: RwSignal::new(1),
            error: RwSignal::new(None),
            searched: RwSignal::new(None),
            worker: StoredValue::new_local(None),
        }
    }

    /// Starts a search of the lab's scenario (its design, or the matrix).
    fn start(self, lab: Lab, matrix: bool) {
        self.cancel();
        let scenario = lab.scenario.get_untracked();
        let request = Request {
            scenario: scenario.clone(),
            kinds: self.kinds.get_untracked(),
            depth: self.depth.get_untracked(),
            matrix,
        };
        self.error.set(None);
        self.running.set(Some((matrix, Progress::default())));
        self.searched.set(Some(scenario));
        let depth = request.depth;
        match SearchWorker::start(&request, move |r| self.receive(r, depth)) {
            Ok(w) => self.worker.set_value(Some(w)),
            Err(why) => self.fail(why),
        }
    }

    fn receive(self, reply: Reply, depth: usize) {
        match reply {
            Reply::Ready => {}
            Reply::Progress(p) => self.running.update(|r| {
                if let Some((_, progress)) = r {
                    *progress = p;
                }
            }),
            Reply::Design(r) => {
                self.report.set(Some(r));
                self.finish();
            }
            Reply::Matrix(c) => {
                self.matrix_depth.set(depth);
                self.cells.set(Some(c));
                self.finish();
            }
            Reply::Refused(why) => self.fail(why),
        }
    }

    /// The search is over: the worker goes once its handler has returned.
    fn finish(self) {
        self.running.set(None);
        let worker = self.worker;
        set_timeout(move || worker.set_value(None), std::time::Duration::ZERO);
    }

    fn fail(self, why: String) {
        self.error.set(Some(why));
        self.finish();
    }

    /// Stops the search in progress, if any (its worker is terminated).
    fn cancel(self) {
        self.worker.set_value(None);
        self.running.set(None);
    }

    fn close(self) {
        self.cancel();
        self.open.set(false);
    }
}

/// Puts a breaking placement on the diagram and says so.
fn place(lab: Lab, design: DesignKind, faults: Vec<Fault>, effect: String) {
    let words = describe_in_words(&faults);
    if lab.replace_faults(design, faults) {
        lab.notice.set(Some(format!(
            "Placed {words} under {}. Play the run: it {effect}.",
            design.title()
        )));
    }
}

/// Whether a key event belongs to a text field or a select.
fn in_a_field(e: &ev::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(
                el.tag_name().to_ascii_uppercase().as_str(),
                "INPUT" | "SELECT" | "TEXTAREA"
            )
        })
}

/// The "Break it" button (also the `b` key) and its dialog.
#[component]
pub fn BreakIt() -> impl IntoView {
    let p = Panel::new();
    let lab = Lab::expect();
    // Its results show outcomes: a prediction the page asks for comes first.
    let ask = move || {
        if !lab.refuse_play() {
            p.open.set(true);
        }
    };
    let keys = window_event_listener(ev::keydown, move |e: ev::KeyboardEvent| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
            return;
        }
        let open = p.open.get_untracked();
        if e.key() == "b" && !in_a_field(&e) && !open {
            e.prevent_default();
            ask();
        } else if e.key() == "Escape" && open {
            e.prevent_default();
            p.close();
        }
    });
    on_cleanup(move || keys.remove());
    view! {
        <button
            type="button"
            class="breakit-open"
            data-testid="breakit-open"
            aria-keyshortcuts="b"
            title="Find the fewest faults that break this design (b)"
            on:click=move |_| ask()
        >
            <span class="icon-slot" inner_html=svg(Icon::Crash)></span>
            <span class="breakit-word">"Break it"</span>
        </button>
        <Show when=move || p.open.get()>
            <BreakItDialog p=p/>
        </Show>
    }
}

/// The dialog: choices, Start / Cancel, progress, result and matrix.
#[component]
fn BreakItDialog(p: Panel) -> impl IntoView {
    let lab = Lab::expect();
    let dialog = NodeRef::<Div>::new();
    let before = document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    request_animation_frame(move || {
        if let Some(d) = dialog.get_untracked() {
            let _ = d.focus();
        }
    });
    on_cleanup(move || {
        if let Some(el) = before {
            let _ = el.focus();
        }
    });
    let design_title = move || lab.scenario.with(|sc| sc.design.kind.title());
    let set_aside = move || match lab.scenario.with(|sc| sc.faults.len()) {
        0 => String::new(),
        1 => " The fault on the diagram is set aside until you place a result.".into(),
        n => format!(" The {n} faults on the diagram are set aside until you place a result."),
    };
    let running = move || p.running.get().is_some();
    let no_kind = move || p.kinds.with(Vec::is_empty);
    view! {
        <div class="breakit-backdrop" on:click=move |_| p.close()>
            <div
                class="breakit"
                role="dialog"
                aria-modal="true"
                aria-labelledby="breakit-title"
                tabindex="-1"
                node_ref=dialog
                data-testid="breakit"
                on:click=|e| e.stop_propagation()
            >
                <div class="breakit-head">
                    <h2 id="breakit-title">"Break it"</h2>
                    <button type="button" data-testid="breakit-close" on:click=move |_| p.close()>
                        "Close"
                    </button>
                </div>
                <p class="breakit-intro">
                    "Find the fewest faults that break " <strong>{design_title}</strong>
                    ": every placement of one fault, then two, then three, over this workload and these knobs."
                    {set_aside}
                </p>
                <KindChoice kinds=p.kinds/>
                <DepthChoice depth=p.depth/>
                <div class="breakit-actions">
                    <button
                        type="button"
                        class="primary"
                        data-testid="breakit-start"
                        disabled=move || running() || no_kind()
                        on:click=move |_| p.start(lab, false)
                    >
                        "Break " {design_title}
                    </button>
                    <button
                        type="button"
                        data-testid="breakit-matrix"
                        disabled=move || running() || no_kind()
                        on:click=move |_| p.start(lab, true)
                    >
                        "Fill the matrix (every design)"
                    </button>
                    <button
                        type="button"
                        data-testid="breakit-cancel"
                        disabled=move || !running()
                        on:click=move |_| {
                            p.cancel();
                            p.error.set(Some("Search cancelled.".into()));
                            // The button is disabled now: keep the focus in the dialog.
                            if let Some(d) = dialog.get_untracked() {
                                let _ = d.focus();
                            }
                        }
                    >
                        "Cancel"
                    </button>
                </div>
                <SearchProgress p=p/>
                <SearchResult p=p/>
                <Show when=move || p.cells.with(Option::is_some)>
                    <FaultMatrix
                        depth=p.matrix_depth
                        cells=Signal::derive(move || p.cells.get().unwrap_or_default())
                        on_open=Callback::new(move |c: Cell| {
                            if let Some(b) = c.smallest {
                                place(lab, c.design, b.faults.clone(), effect_words(&b));
                                p.close();
                            }
                        })
                    />
                </Show>
            </div>
        </div>
    }
}

/// Which fault kinds the search places: one checkbox per kind.
#[component]
fn KindChoice(kinds: RwSignal<Vec<FaultKind>>) -> impl IntoView {
    let boxes = FaultKind::ALL
        .iter()
        .map(|&kind| {
            let on = move || kinds.with(|k| k.contains(&kind));
            let toggle = move |e: ev::Event| {
                let checked = event_target_checked(&e);
                kinds.update(|k| {
                    k.retain(|&x| x != kind);
                    if checked {
                        k.push(kind);
                        k.sort_by_key(|x| FaultKind::ALL.iter().position(|y| y == x));
                    }
                });
            };
            view! {
                <label class="breakit-kind">
                    <input
                        type="checkbox"
                        data-testid=format!("breakit-kind-{}", kind.slug())
                        prop:checked=on
                        on:change=toggle
                    />
                    <span class="icon-slot" inner_html=svg(Icon::for_fault(kind))></span>
                    {kind.title()}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="breakit-kinds">
            <legend>"Fault kinds"</legend>
            {boxes}
        </fieldset>
    }
}

/// How many faults one placement may hold.
#[component]
fn DepthChoice(depth: RwSignal<usize>) -> impl IntoView {
    let radios = (1..=MAX_DEPTH)
        .map(|n| {
            view! {
                <label class="breakit-depth">
                    <input
                        type="radio"
                        name="breakit-depth"
                        data-testid=format!("breakit-depth-{n}")
                        prop:checked=move || depth.get() == n
                        on:change=move |_| depth.set(n)
                    />
                    {if n == 1 { "1 fault".to_string() } else { format!("up to {n}") }}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="breakit-depths">
            <legend>"Faults per placement"</legend>
            {radios}
        </fieldset>
    }
}

/// The progress of the search in progress, or why the last one stopped.
#[component]
fn SearchProgress(p: Panel) -> impl IntoView {
    let fraction = move || p.running.get().map_or(0.0, |(_, pr)| pr.fraction());
    let words = move || {
        p.running.get().map(|(matrix, pr)| {
            let what = if matrix {
                "Filling the matrix: "
            } else {
                "Searching: "
            };
            format!("{what}{}", progress_words(&pr))
        })
    };
    view! {
        <div class="breakit-progress" role="status" aria-live="polite" data-testid="breakit-progress">
            <Show when=move || p.running.get().is_some()>
                <progress max="1" value=fraction></progress>
            </Show>
            <span>{words}</span>
            <span class="breakit-error">{move || p.error.get()}</span>
        </div>
    }
}

/// The last design search: its counts, and the smallest breaking placement with a
/// button that drops it on the diagram.
#[component]
fn SearchResult(p: Panel) -> impl IntoView {
    let lab = Lab::expect();
    let stale = move || {
        p.searched.with(|s| {
            lab.scenario.with(|sc| {
                s.as_ref()
                    .is_some_and(|s| s.workload != sc.workload || s.design.knobs != sc.design.knobs)
            })
        })
    };
    let body = move || {
        let r = p.report.get()?;
        let words = report_words(&r);
        let smallest = r.smallest.clone().filter(|b| !b.faults.is_empty());
        let design = r.design;
        let icon = if r.broken > 0 {
            Icon::Warning
        } else {
            Icon::Ok
        };
        Some(view! {
            <p class="breakit-summary" data-testid="breakit-summary">
                <span class="icon-slot" inner_html=svg(icon)></span>
                <strong>{design.title()}</strong> ": " {words}
            </p>
            {smallest.map(|b| {
                let effect = effect_words(&b);
                let faults = b.faults.clone();
                let said = effect.clone();
                view! {
                    <p class="breakit-smallest" data-testid="breakit-smallest">
                        "The smallest breaking placement: " <strong>{describe_in_words(&b.faults)}</strong>
                        " → " {effect}
                    </p>
                    <button
                        type="button"
                        class="primary"
                        data-testid="breakit-place"
                        on:click=move |_| {
                            place(lab, design, faults.clone(), said.clone());
                            p.close();
                        }
                    >
                        "Place it on the diagram"
                    </button>
                }
            })}
        })
    };
    view! {
        <section class="breakit-result" aria-label="Search result">
            {body}
            <Show when=stale>
                <p class="breakit-stale">
                    "The workload or knobs changed since this search: start it again for the run on screen."
                </p>
            </Show>
        </section>
    }
}

//! The sequence diagram of the run: one lifeline per actor, one arrow per step, and
//! between the steps the gaps where faults are dropped.
//!
//! The rows are read-only and many, so they are written as markup by
//! `render::diagram` whenever the trace or the width changes; the parts that move
//! with the cursor or a drag are a few lines of generated CSS. Gaps and placed
//! faults are components ([`Gap`], [`PlacedFault`]), kept by place and by fault, so
//! an edit never replaces the element that has focus. The diagram is one tab stop: the arrow
//! keys move the focus between its gaps and placed faults (a roving tabindex).

use super::diagram_rows::draw_rows;
use super::drag::{Drag, DragSource, Hit};
use super::fault_palette::fault_for_key;
use super::gap::Gap;
use super::placed_fault::PlacedFault;
use super::playback::toggle_play;
use super::state::Lab;
use crate::model::trace::{lanes, Trace};
use crate::model::{edit, explain, FaultKind, Scenario, StepKind};
use crate::render::diagram;
use crate::render::geometry::{self as geo, Layout, ROW};
use crate::render::markup::Px;
use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use leptos::svg::{Svg, G};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_bindgen::JsCast;

static DIAGRAMS: AtomicUsize = AtomicUsize::new(0);

/// A stop of the diagram's roving focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stop {
    /// The gap after this step.
    Gap(usize),
    /// This placed fault (its index in the scenario's faults).
    Fault(usize),
}

impl Stop {
    /// The stop's id in the markup (`data-stop`), to move the focus to it.
    pub fn id(self) -> String {
        match self {
            Stop::Gap(i) => format!("g{i}"),
            Stop::Fault(i) => format!("f{i}"),
        }
    }
}

/// The stops of a run in reading order: each gap, then the faults placed in it.
fn stops(sc: &Scenario, t: &Trace) -> Vec<Stop> {
    let at: Vec<Option<usize>> = (0..sc.faults.len())
        .map(|ix| edit::anchor_step(t, ix))
        .collect();
    let mut out = Vec::with_capacity(t.steps.len() + at.len());
    for (i, s) in t.steps.iter().enumerate() {
        if s.kind == StepKind::Fault {
            continue;
        }
        out.push(Stop::Gap(i));
        out.extend(
            (0..at.len())
                .filter(|&ix| at[ix] == Some(i))
                .map(Stop::Fault),
        );
    }
    out
}

/// The diagram's keyboard: which stop holds the tab stop, which gap has focus
/// (for its hint), and what each key does on a gap or a placed fault.
#[derive(Clone, Copy)]
pub struct DiagramKeys {
    lab: Lab,
    /// The stop that takes the focus when the diagram is tabbed into.
    active: RwSignal<Stop>,
    /// Whether a stop is the active one, told only to the two stops a change of
    /// `active` concerns (not to every gap of a long run).
    is_active: StoredValue<Selector<Stop>>,
    /// The gap that has focus, if one has.
    focused_gap: RwSignal<Option<usize>>,
    /// A stop to focus as soon as its element appears (a token that moved into
    /// the diagram from above it).
    pending: StoredValue<Option<Stop>>,
    root: NodeRef<Div>,
}

impl DiagramKeys {
    fn new(lab: Lab, root: NodeRef<Div>) -> DiagramKeys {
        let active = RwSignal::new(Stop::Gap(0));
        DiagramKeys {
            lab,
            active,
            is_active: StoredValue::new(Selector::new(move || active.get())),
            focused_gap: RwSignal::new(None),
            pending: StoredValue::new(None),
            root,
        }
    }

    /// The keys of the diagram around this component.
    pub fn expect() -> DiagramKeys {
        expect_context::<DiagramKeys>()
    }

    /// `0` for the stop that holds the tab stop, `-1` for the others.
    pub fn tabindex(&self, stop: Stop) -> i32 {
        if self.is_active.with_value(|a| a.selected(&stop)) {
            0
        } else {
            -1
        }
    }

    /// `stop` got the focus.
    pub fn focused(&self, stop: Stop) {
        if self.active.get_untracked() != stop {
            self.active.set(stop);
        }
        let gap = match stop {
            Stop::Gap(i) => Some(i),
            Stop::Fault(_) => None,
        };
        if self.focused_gap.get_untracked() != gap {
            self.focused_gap.set(gap);
        }
    }

    /// The focus left a stop.
    pub fn blurred(&self) {
        if self.focused_gap.get_untracked().is_some() {
            self.focused_gap.set(None);
        }
    }

    /// Whether `stop` waits for the focus (and no longer does).
    pub fn take_pending(&self, stop: Stop) -> bool {
        let hit = self.pending.get_value() == Some(stop);
        if hit {
            self.pending.set_value(None);
        }
        hit
    }

    /// Moves the focus to `stop` (an element already on the page).
    fn focus(&self, stop: Stop) {
        self.active.set(stop);
        let el = self.root.get_untracked().and_then(|r| {
            r.query_selector(&format!("[data-stop=\"{}\"]", stop.id()))
                .ok()
                .flatten()
        });
        if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    }

    /// ↑/↓/Home/End from `from`: the focus goes to the previous, next, first or
    /// last stop. Returns whether the key was one of those.
    fn navigate(&self, from: Stop, key: &str) -> bool {
        let all = self
            .lab
            .scenario
            .with_untracked(|sc| self.lab.trace.with_untracked(|t| stops(sc, t)));
        let here = all.iter().position(|s| *s == from);
        let to = match (key, here) {
            ("ArrowDown", Some(p)) => all.get(p + 1),
            ("ArrowUp", Some(p)) => p.checked_sub(1).and_then(|p| all.get(p)),
            ("Home", _) => all.first(),
            ("End", _) => all.last(),
            ("ArrowDown" | "ArrowUp", None) => all.first(),
            _ => return false,
        };
        if let Some(to) = to {
            self.focus(*to);
        }
        true
    }

    /// Space plays or pauses, ←/→ step: the same as anywhere on the page.
    fn playback(&self, key: &str) -> bool {
        let lab = self.lab;
        match key {
            " " => toggle_play(lab),
            "ArrowLeft" => {
                lab.playing.set(false);
                lab.step_back();
            }
            "ArrowRight" => {
                lab.playing.set(false);
                lab.step_forward();
            }
            _ => return false,
        }
        true
    }

    /// A key on the gap after step `i`: navigate, play, or place a fault.
    pub fn on_gap_key(&self, i: usize, ev: &ev::KeyboardEvent) {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let key = ev.key();
        let handled = self.navigate(Stop::Gap(i), &key)
            || self.playback(&key)
            || match key.as_str() {
                "Enter" => {
                    place_and_tell(self.lab, i, self.lab.selected_fault.get_untracked());
                    true
                }
                k => fault_for_key(k)
                    .map(|kind| place_and_tell(self.lab, i, kind))
                    .is_some(),
            };
        if handled {
            ev.prevent_default();
        }
    }

    /// A key on placed fault `ix`: ←/→ move it, Delete removes it, ↑/↓ navigate.
    pub fn on_fault_key(&self, ix: usize, ev: &ev::KeyboardEvent) {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let key = ev.key();
        let lab = self.lab;
        let gap = lab.trace.with_untracked(|t| edit::anchor_step(t, ix));
        let Some(kind) = lab
            .scenario
            .with_untracked(|sc| sc.faults.get(ix).map(|f| f.kind))
        else {
            return;
        };
        match key.as_str() {
            // A locked lab's faults stay put: the arrows step, as on a gap.
            k if lab.locked.get_untracked() && self.playback(k) => {}
            "ArrowLeft" | "ArrowRight" => {
                if gap.is_none() {
                    self.pending.set_value(Some(Stop::Fault(ix)));
                }
                let moved = lab.nudge_fault(ix, key == "ArrowRight");
                let now = lab.trace.with_untracked(|t| edit::anchor_step(t, ix));
                lab.notice.set(Some(match (moved, now) {
                    (Ok(()), Some(g)) => {
                        format!("Moved {} to after {}.", kind.title(), numbered_step(lab, g))
                    }
                    (Ok(()), None) => {
                        format!("Moved {} to a point this run never reaches.", kind.title())
                    }
                    (Err(why), _) => format!("{} stays: {why}.", kind.title()),
                }));
                if now.is_some() {
                    self.active.set(Stop::Fault(ix));
                }
            }
            "Delete" | "Backspace" => {
                if let Some(g) = gap {
                    self.focus(Stop::Gap(g));
                }
                if lab.remove_fault(ix) {
                    lab.notice
                        .set(Some(format!("Removed {} from the run.", kind.title())));
                }
            }
            " " => {
                toggle_play(lab);
            }
            k if gap.is_some() && self.navigate(Stop::Fault(ix), k) => {}
            _ => return,
        }
        ev.prevent_default();
    }
}

/// The hint for the gap under a drag, or else for the focused gap.
fn hint(lab: Lab, drag: Drag, keys: DiagramKeys) -> Option<(usize, String)> {
    if let Some(src) = drag.source.get() {
        let Hit::Gap(g) = drag.hit.get() else {
            return None;
        };
        let why = lab.scenario.with(|sc| {
            lab.trace.with(|t| match src {
                DragSource::Palette(k) => edit::can_place(sc, t, g, k).err(),
                DragSource::Placed(ix, _) => edit::can_move(sc, t, ix, g).err(),
            })
        });
        return Some((
            g,
            match why {
                None => format!("✓ drop {} here", src.kind().title().to_ascii_lowercase()),
                Some(why) => format!("✕ {why}"),
            },
        ));
    }
    let g = keys.focused_gap.get()?;
    let kind = lab.selected_fault.get();
    let fits = lab
        .scenario
        .with(|sc| lab.trace.with(|t| edit::can_place(sc, t, g, kind)));
    Some((
        g,
        match fits {
            Ok(_) => format!(
                "Enter: place {} here · or a fault's letter · Space: play",
                kind.title()
            ),
            Err(edit::ALREADY_PLACED) => format!(
                "{} is placed here · Delete on it removes it · another fault's letter adds that one · Space: play",
                kind.title()
            ),
            Err(why) => format!("{}: ✕ {why} · try another fault's letter", kind.title()),
        },
    ))
}

/// The diagram's own CSS, scoped to diagram `id`: how the rows `draw_rows` marks
/// look (the current step's and the dimmed later ones; a cursor move changes only
/// those marks, never this style sheet), and what moves with a drag.
fn moving_css(id: &str, accepts: Option<&[usize]>, drag: Drag) -> String {
    let mut s = format!(
        "#{id} .row.future,#{id} .step-nos text.future{{opacity:.45}}\
         #{id} .row.now .row-bg{{fill:var(--now-soft)}}\
         #{id} .step-nos text.now{{fill:var(--ink);font-weight:700}}\
         #{id} .row.now .label{{stroke:var(--now-soft);font-weight:600}}"
    );
    if let Some(a) = accepts.filter(|a| !a.is_empty()) {
        let list: Vec<String> = a
            .iter()
            .map(|g| format!("#{id} [data-gap=\"{g}\"]::before"))
            .collect();
        let _ = write!(s, "{}{{border-top:2px solid var(--ok)}}", list.join(","));
    }
    if let Hit::Gap(g) = drag.hit.get() {
        let ok = accepts.is_some_and(|a| a.contains(&g));
        let _ = write!(
            s,
            "#{id} [data-gap=\"{g}\"]{{background:var(--{0}-soft);outline:2px {1} var(--{0})}}",
            if ok { "ok" } else { "bad" },
            if ok { "solid" } else { "dashed" }
        );
    }
    if let Some(DragSource::Placed(ix, _)) = drag.source.get() {
        let _ = write!(s, "#{id} [data-stop=\"f{ix}\"]{{opacity:.4}}");
    }
    s
}

/// While dragging: the gaps that take what is dragged.
fn accepting(lab: Lab, src: DragSource) -> Vec<usize> {
    lab.scenario.with(|sc| {
        lab.trace.with(|t| match src {
            DragSource::Palette(k) => (0..t.steps.len())
                .filter(|&i| edit::can_place(sc, t, i, k).is_ok())
                .collect(),
            DragSource::Placed(ix, _) => edit::move_targets(sc, t, ix)
                .iter()
                .enumerate()
                .filter(|(_, r)| r.is_ok())
                .map(|(i, _)| i)
                .collect(),
        })
    })
}

/// Keeps the current step in view while the cursor moves, and when the verdict
/// at the end takes room from the diagram (measured in the next frame, once the
/// page has taken its new layout).
fn follow_cursor(lab: Lab, drag: Drag) {
    Effect::new(move |_| {
        let c = lab.cursor.get();
        lab.at_end.track();
        request_animation_frame(move || show_row(drag, c));
    });
}

/// Scrolls the diagram (and, on a narrow screen, the main region) so that the row
/// of step `c` shows.
fn show_row(drag: Drag, c: usize) {
    let (Some(sc), Some(head), Some(body)) = (
        drag.scroller.try_get_untracked().flatten(),
        drag.head.try_get_untracked().flatten(),
        drag.body.try_get_untracked().flatten(),
    ) else {
        return;
    };
    let row_top = || body.get_bounding_client_rect().top() + geo::row_y(c.saturating_sub(1));
    let view_top = head.get_bounding_client_rect().bottom();
    // On a narrow screen the diagram's box can run past the main region, which
    // then scrolls the stacked diagram and panels: what shows ends at the nearer
    // of the two bottoms.
    let main = sc.closest(".lab-main").ok().flatten();
    let main_bottom = || main.as_ref().map(|m| m.get_bounding_client_rect().bottom());
    let bottom = sc
        .get_bounding_client_rect()
        .bottom()
        .min(main_bottom().unwrap_or(f64::INFINITY));
    let top = row_top();
    if top < view_top || top + ROW > bottom {
        let delta = top - view_top - (bottom - view_top) / 3.0;
        sc.set_scroll_top(sc.scroll_top() + delta as i32);
    }
    if let (Some(m), Some(mb)) = (main.as_ref(), main_bottom()) {
        let below = row_top() + ROW - mb;
        if below > 0.0 {
            m.set_scroll_top(m.scroll_top() + below.ceil() as i32 + 8);
        }
    }
}

/// The width the diagram has, measured now and whenever the window resizes.
fn measured_width(drag: Drag) -> RwSignal<f64> {
    let avail = RwSignal::new(f64::INFINITY);
    let measure = move || {
        if let Some(sc) = drag.scroller.get_untracked() {
            let w = f64::from(sc.client_width());
            if w > 0.0 && avail.get_untracked() != w {
                avail.set(w);
            }
        }
    };
    Effect::new(move |_| {
        if drag.scroller.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    avail
}

/// The gaps (after every step but the faults) with their steps' labels.
fn gap_list(lab: Lab) -> Memo<Vec<(usize, String)>> {
    Memo::new(move |_| {
        lab.scenario.with(|sc| {
            lab.trace.with(|t| {
                t.steps
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.kind != StepKind::Fault)
                    .map(|(i, s)| (i, explain::label(sc, s)))
                    .collect()
            })
        })
    })
}

/// One signal per place in the list of gaps, each set only when what is at its
/// place changes: a gap element listens to its own place, not to the whole list.
#[derive(Clone, Copy)]
struct GapSlots {
    gaps: Memo<Vec<(usize, String)>>,
    slots: StoredValue<Vec<ArcRwSignal<(usize, String)>>>,
}

impl GapSlots {
    fn new(gaps: Memo<Vec<(usize, String)>>) -> GapSlots {
        let slots = StoredValue::new(Vec::<ArcRwSignal<(usize, String)>>::new());
        Effect::new(move |_| {
            gaps.with(|list| {
                slots.update_value(|slots| {
                    slots.truncate(list.len());
                    for (slot, now) in slots.iter().zip(list) {
                        if slot.with_untracked(|was| was != now) {
                            slot.set(now.clone());
                        }
                    }
                })
            })
        });
        GapSlots { gaps, slots }
    }

    /// What is at place `n` of the list, as a signal (made on first use).
    fn at(self, n: usize) -> Signal<(usize, String)> {
        let now = self
            .gaps
            .with_untracked(|g| g.get(n).cloned())
            .unwrap_or_default();
        let slot = self.slots.try_update_value(|slots| {
            if let Some(slot) = slots.get(n) {
                if slot.with_untracked(|was| *was != now) {
                    slot.set(now);
                }
                slot.clone()
            } else {
                while slots.len() < n {
                    slots.push(ArcRwSignal::new(Default::default()));
                }
                let slot = ArcRwSignal::new(now);
                slots.push(slot.clone());
                slot
            }
        });
        let slot = slot.unwrap_or_else(|| ArcRwSignal::new(Default::default()));
        Signal::derive(move || slot.get())
    }
}

/// The placed faults this run reaches (`reached`), or the others.
fn placed(lab: Lab, reached: bool) -> Memo<Vec<usize>> {
    Memo::new(move |_| {
        lab.scenario.with(|sc| {
            lab.trace.with(|t| {
                (0..sc.faults.len())
                    .filter(|&ix| edit::anchor_step(t, ix).is_some() == reached)
                    .collect()
            })
        })
    })
}

/// Keeps the tab stop on a stop that exists after every edit.
fn keep_tab_stop(lab: Lab, keys: DiagramKeys) {
    Effect::new(move |_| {
        let all = lab.scenario.with(|sc| lab.trace.with(|t| stops(sc, t)));
        if !all.contains(&keys.active.get_untracked()) {
            if let Some(first) = all.first() {
                keys.active.set(*first);
            }
        }
    });
}

/// `d` anywhere but in a field jumps into the diagram (its tab stop).
fn jump_key(keys: DiagramKeys) {
    let jump = window_event_listener(ev::keydown, move |e: ev::KeyboardEvent| {
        if e.key() != "d" || e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
            return;
        }
        let in_field = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                matches!(
                    el.tag_name().to_ascii_uppercase().as_str(),
                    "INPUT" | "SELECT" | "TEXTAREA"
                )
            });
        if !in_field {
            e.prevent_default();
            keys.focus(keys.active.get_untracked());
        }
    });
    on_cleanup(move || jump.remove());
}

/// The sequence diagram of the current run, with its gaps and placed faults.
///
/// Lifeline heads carry `data-lifeline="<actor name>"`; gaps `data-testid="gap-<step>"`;
/// placed faults `data-testid="placed-fault-<i>"`, `data-fault-kind` and `data-at`
/// (the step after which they sit).
#[component]
pub fn SequenceDiagram() -> impl IntoView {
    let lab = Lab::expect();
    let drag = Drag::expect();
    let id = format!("seq-{}", DIAGRAMS.fetch_add(1, Ordering::Relaxed));
    let root = NodeRef::<Div>::new();
    let keys = DiagramKeys::new(lab, root);
    provide_context(keys);

    let avail = measured_width(drag);
    // The lifelines' names, their number and the narrowest lane that shows them.
    let lanes = Memo::new(move |_| {
        lab.scenario.with(|sc| {
            let names: Vec<String> = lanes(sc)
                .iter()
                .map(|a| explain::actor_name(sc, *a))
                .collect();
            (names.len(), geo::min_col_for(&names), names.join(", "))
        })
    });
    let lay: Memo<Layout> = Memo::new(move |_| {
        let (n, min) = lanes.with(|l| (l.0, l.1));
        geo::layout_fitting(avail.get(), n, min)
    });
    let height = move || geo::rows_height(lab.len());
    let drawn = move || Px(geo::drawn_height(lab.len())).to_string();

    let accepts = Memo::new(move |_| drag.source.get().map(|src| accepting(lab, src)));
    let css = {
        let id = id.clone();
        Memo::new(move |_| accepts.with(|a| moving_css(&id, a.as_deref(), drag)))
    };
    follow_cursor(lab, drag);

    // The markup, rebuilt when the run or the layout changes.
    let frame = Memo::new(move |_| {
        let lay = lay.get();
        lab.scenario
            .with(|sc| lab.trace.with(|t| diagram::frame(sc, t, &lay)))
    });
    let pieces = Memo::new(move |_| {
        let lay = lay.get();
        lab.scenario
            .with(|sc| lab.trace.with(|t| diagram::row_pieces(sc, t, &lay)))
    });
    let heads = Memo::new(move |_| {
        let lay = lay.get();
        lab.scenario.with(|sc| diagram::heads(sc, &lay))
    });
    let (frame_g, rows_g, nos_svg) = (
        NodeRef::<G>::new(),
        NodeRef::<G>::new(),
        NodeRef::<Svg>::new(),
    );
    draw_rows(lab, frame, pieces, frame_g, rows_g, nos_svg);
    let gaps = gap_list(lab);
    let slots = GapSlots::new(gaps);
    let (in_diagram, waiting) = (placed(lab, true), placed(lab, false));
    keep_tab_stop(lab, keys);
    jump_key(keys);

    // A click anywhere on a step's row moves the cursor to that step.
    let on_click = move |e: ev::MouseEvent| {
        let Some(body) = drag.body.get_untracked() else {
            return;
        };
        let y = f64::from(e.client_y()) - body.get_bounding_client_rect().top();
        if let Some(i) = geo::row_at(lab.len(), y) {
            lab.seek(i + 1);
        }
    };

    view! {
        <div class="diagram" id=id node_ref=root class:dragging=move || drag.moved.get()>
            <style>{css}</style>
            <div
                class="unreached"
                role="group"
                aria-label="Faults whose point this run never reaches"
                hidden=move || waiting.with(|w| w.is_empty())
            >
                <span>"Not reached in this run:"</span>
                {tokens(waiting)}
            </div>
            <div
                class="diagram-scroll"
                node_ref=drag.scroller
                tabindex="-1"
                role="group"
                aria-label="Sequence diagram: arrow keys move between gaps and placed faults"
            >
                <div class="diagram-canvas" style:width=move || format!("{}px", Px(lay.get().width()))>
                    <div class="diagram-head" node_ref=drag.head inner_html=heads></div>
                    <div
                        class="diagram-body"
                        node_ref=drag.body
                        style:height=move || format!("{}px", Px(height()))
                        on:click=on_click
                    >
                        <svg
                            class="step-nos"
                            aria-hidden="true"
                            width=Px(geo::GUTTER).to_string()
                            height=drawn
                            node_ref=nos_svg
                        ></svg>
                        <svg
                            class="sequence-diagram"
                            role="img"
                            aria-label=move || {
                                lanes.with(|l| format!("Sequence diagram: {} steps between {}", lab.len(), l.2))
                            }
                            width=move || Px(lay.get().width()).to_string()
                            height=drawn
                        >
                            <g class="frame" node_ref=frame_g></g>
                            <g class="seq-rows" node_ref=rows_g></g>
                        </svg>
                        <div
                            class="now-line"
                            aria-hidden="true"
                            style:top=move || format!("{}px", Px(geo::row_y(lab.cursor.get())))
                        ></div>
                        <div class="gap-layer">
                            // One element per place in the list: an edit that inserts
                            // steps renumbers the later gaps instead of replacing them.
                            <For
                                each=move || 0..gaps.with(Vec::len)
                                key=|n| *n
                                children=move |n| view! { <Gap at=slots.at(n)/> }
                            />
                            {tokens(in_diagram)}
                        </div>
                        {move || {
                            hint(lab, drag, keys)
                                .map(|(g, text)| {
                                    view! {
                                        <div
                                            class="gap-hint"
                                            aria-hidden="true"
                                            style:top=format!("{}px", Px(geo::gap_y(g) - 10.0))
                                        >
                                            {text}
                                        </div>
                                    }
                                })
                        }}
                    </div>
                </div>
            </div>
        </div>
    }
}

/// The tokens of the placed faults in `list`, kept by fault index.
fn tokens(list: Memo<Vec<usize>>) -> impl IntoView {
    view! {
        <For each=move || list.get() key=|ix| *ix let(ix)>
            <PlacedFault ix=ix/>
        </For>
    }
}

/// Step `i` by number and label ("step 12, UPSERT fact_revenue_1m …").
pub fn numbered_step(lab: Lab, i: usize) -> String {
    let label = lab.scenario.with_untracked(|sc| {
        lab.trace
            .with_untracked(|t| t.steps.get(i).map(|s| explain::label(sc, s)))
            .unwrap_or_default()
    });
    format!("step {}, {label}", i + 1)
}

/// Places `kind` after step `i` and says what happened in the notice.
pub fn place_and_tell(lab: Lab, i: usize, kind: FaultKind) {
    if lab.place_fault(i, kind).is_ok() {
        lab.selected_fault.set(kind);
        lab.notice.set(Some(format!(
            "Placed {} after {}. The run now has {} steps.",
            kind.title(),
            numbered_step(lab, i),
            lab.trace.with_untracked(|t| t.steps.len())
        )));
    }
}

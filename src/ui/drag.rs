//! Dragging faults with pointer events (mouse, pen and touch alike).
//!
//! A token's `pointerdown` starts a drag and captures the pointer; window listeners
//! follow it, find the gap under it and, on release, turn the drop into one of the
//! lab's intents (place, move or remove a fault). Nothing here decides what fits
//! where: the diagram asks `model::edit` for that.

use super::sequence_diagram::{numbered_step, place_and_tell};
use super::state::Lab;
use crate::model::{edit, FaultKind};
use crate::render::geometry::{gap_near, ROW};
use crate::render::icons::{svg, Icon};
use gloo_timers::callback::Interval;
use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How far (px) the pointer must travel before a press becomes a drag.
const THRESHOLD: f64 = 4.0;
/// How often a drag checks whether to scroll (ms).
const TICK_MS: u32 = 50;
/// How many ticks the pointer must rest near an edge before scrolling starts.
const DWELL_TICKS: u32 = 6;

/// What is being dragged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DragSource {
    /// A new fault from the palette.
    Palette(FaultKind),
    /// Fault `usize` of the scenario, already placed.
    Placed(usize, FaultKind),
}

impl DragSource {
    /// The fault kind being dragged.
    pub fn kind(self) -> FaultKind {
        match self {
            DragSource::Palette(k) | DragSource::Placed(_, k) => k,
        }
    }
}

/// Where the pointer is, seen from the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// Not over the diagram.
    Outside,
    /// Over the diagram but not near a gap (the lifeline heads).
    Diagram,
    /// Over the gap after this step.
    Gap(usize),
}

/// The drag in progress, shared by the palette, the diagram and the ghost.
#[derive(Clone, Copy)]
pub struct Drag {
    /// What is being dragged (none when idle).
    pub source: RwSignal<Option<DragSource>>,
    /// Whether the pointer has moved far enough to count as a drag.
    pub moved: RwSignal<bool>,
    /// The pointer, in client coordinates.
    pub pos: RwSignal<(f64, f64)>,
    /// What the pointer is over.
    pub hit: RwSignal<Hit>,
    start: StoredValue<(f64, f64, i32)>,
    dwell: StoredValue<u32>,
    /// The diagram's scrolling box (set by the diagram).
    pub scroller: NodeRef<Div>,
    /// The diagram's lifeline heads (set by the diagram).
    pub head: NodeRef<Div>,
    /// The diagram's rows (set by the diagram).
    pub body: NodeRef<Div>,
}

impl Drag {
    /// An idle drag state.
    pub fn new() -> Drag {
        Drag {
            source: RwSignal::new(None),
            moved: RwSignal::new(false),
            pos: RwSignal::new((0.0, 0.0)),
            hit: RwSignal::new(Hit::Outside),
            start: StoredValue::new((0.0, 0.0, 0)),
            dwell: StoredValue::new(0),
            scroller: NodeRef::new(),
            head: NodeRef::new(),
            body: NodeRef::new(),
        }
    }

    /// Makes the drag state available to the components below.
    pub fn provide(self) {
        provide_context(self);
    }

    /// The drag state provided by an ancestor.
    pub fn expect() -> Drag {
        expect_context::<Drag>()
    }

    /// Starts dragging `source` from a `pointerdown` (captures the pointer).
    pub fn begin(&self, source: DragSource, ev: &ev::PointerEvent) {
        if ev.button() != 0 {
            return;
        }
        // Capture on the token pressed (the handler may sit on an ancestor).
        if let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("button").ok().flatten())
        {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        self.start.set_value((x, y, ev.pointer_id()));
        self.pos.set((x, y));
        self.moved.set(false);
        self.hit.set(Hit::Outside);
        self.dwell.set_value(0);
        self.source.set(Some(source));
    }

    fn is_ours(&self, ev: &ev::PointerEvent) -> bool {
        self.source.get_untracked().is_some() && self.start.get_value().2 == ev.pointer_id()
    }

    /// Follows the pointer: updates the ghost, the gap under it, and scrolls the
    /// diagram when the pointer nears its top or bottom edge.
    fn follow(&self, lab: &Lab, ev: &ev::PointerEvent) {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let (sx, sy, _) = self.start.get_value();
        if !self.moved.get_untracked() && (x - sx).hypot(y - sy) < THRESHOLD {
            return;
        }
        ev.prevent_default();
        self.moved.set(true);
        self.pos.set((x, y));
        let hit = self.hit_at(lab, x, y);
        if self.hit.get_untracked() != hit {
            self.hit.set(hit);
        }
    }

    /// Scrolls the diagram (or the page) while the pointer rests near its top or
    /// bottom edge; called every [`TICK_MS`] during a drag. Passing through an edge
    /// (as every drag from the palette does) scrolls nothing: the pointer must dwell.
    fn tick(&self, lab: &Lab) {
        if self.source.get_untracked().is_none() || !self.moved.get_untracked() {
            return;
        }
        let (x, y) = self.pos.get_untracked();
        let edge = self.edge_at(x, y);
        if edge.is_none() {
            self.dwell.set_value(0);
            return;
        }
        self.dwell.update_value(|d| *d += 1);
        if self.dwell.get_value() < DWELL_TICKS {
            return;
        }
        match edge {
            Some((Some(sc), dir)) => sc.set_scroll_top(sc.scroll_top() + dir * 12),
            Some((None, dir)) => window().scroll_by_with_x_and_y(0.0, f64::from(dir * 12)),
            None => {}
        }
        let hit = self.hit_at(lab, x, y);
        if self.hit.get_untracked() != hit {
            self.hit.set(hit);
        }
    }

    /// Which scrolling box the pointer is near the edge of (`None` in the pair: the
    /// page), and which way to scroll.
    fn edge_at(&self, x: f64, y: f64) -> Option<(Option<web_sys::HtmlDivElement>, i32)> {
        let band = ROW;
        if let (Some(sc), Some(head)) = (self.scroller.get_untracked(), self.head.get_untracked()) {
            let r = sc.get_bounding_client_rect();
            let top = head.get_bounding_client_rect().bottom();
            if x >= r.left() && x <= r.right() {
                if y >= top && y < top + band && sc.scroll_top() > 0 {
                    return Some((Some(sc), -1));
                }
                if y > r.bottom() - band && y <= r.bottom() {
                    return Some((Some(sc), 1));
                }
            }
        }
        let h = window()
            .inner_height()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        if y < band {
            Some((None, -1))
        } else if h > 0.0 && y > h - band {
            Some((None, 1))
        } else {
            None
        }
    }

    /// What the pointer at client (`x`, `y`) is over.
    pub fn hit_at(&self, lab: &Lab, x: f64, y: f64) -> Hit {
        let (Some(sc), Some(head), Some(body)) = (
            self.scroller.get_untracked(),
            self.head.get_untracked(),
            self.body.get_untracked(),
        ) else {
            return Hit::Outside;
        };
        let r = sc.get_bounding_client_rect();
        if x < r.left() || x > r.right() || y < r.top() || y > r.bottom() {
            return Hit::Outside;
        }
        if y < head.get_bounding_client_rect().bottom() {
            return Hit::Diagram;
        }
        let rel = y - body.get_bounding_client_rect().top();
        lab.trace
            .with_untracked(|t| gap_near(t, rel))
            .map_or(Hit::Diagram, Hit::Gap)
    }

    /// Ends the drag at the pointer's last position and applies the drop.
    fn drop_here(&self, lab: &Lab, ev: &ev::PointerEvent) {
        let Some(source) = self.source.get_untracked() else {
            return;
        };
        let moved = self.moved.get_untracked();
        let hit = if moved {
            self.hit_at(lab, f64::from(ev.client_x()), f64::from(ev.client_y()))
        } else {
            Hit::Outside
        };
        self.cancel();
        if !moved {
            return;
        }
        match (source, hit) {
            (DragSource::Palette(kind), Hit::Gap(gap)) => place_and_tell(*lab, gap, kind),
            (DragSource::Placed(ix, _), Hit::Gap(gap)) => {
                let here = lab.trace.with_untracked(|t| edit::anchor_step(t, ix));
                if here != Some(gap) && lab.move_fault(ix, gap).is_ok() {
                    let now = lab.trace.with_untracked(|t| edit::anchor_step(t, ix));
                    if let Some(g) = now {
                        lab.notice.set(Some(format!(
                            "Moved {} to after {}.",
                            source.kind().title(),
                            numbered_step(*lab, g)
                        )));
                    }
                }
            }
            (DragSource::Placed(ix, kind), Hit::Outside) if lab.remove_fault(ix) => {
                lab.notice
                    .set(Some(format!("Removed {} from the run.", kind.title())));
            }
            _ => {}
        }
    }

    /// Abandons the drag.
    pub fn cancel(&self) {
        self.source.set(None);
        self.moved.set(false);
        self.hit.set(Hit::Outside);
    }
}

impl Default for Drag {
    fn default() -> Self {
        Drag::new()
    }
}

/// Focuses the element matching `selector` once the view has caught up with an edit
/// (for controls still written as markup; the diagram never needs it).
pub fn refocus(selector: &str) {
    let selector = selector.to_string();
    request_animation_frame(move || {
        if let Some(el) = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// Follows drags window-wide and draws the ghost under the pointer.
#[component]
pub fn DragLayer() -> impl IntoView {
    let lab = Lab::expect();
    let drag = Drag::expect();
    let on_move = window_event_listener(ev::pointermove, move |e| {
        if drag.is_ours(&e) {
            drag.follow(&lab, &e);
        }
    });
    let on_up = window_event_listener(ev::pointerup, move |e| {
        if drag.is_ours(&e) {
            drag.drop_here(&lab, &e);
        }
    });
    let on_cancel = window_event_listener(ev::pointercancel, move |e| {
        if drag.is_ours(&e) {
            drag.cancel();
        }
    });
    let on_key = window_event_listener(ev::keydown, move |e| {
        if e.key() == "Escape" && drag.source.get_untracked().is_some() {
            drag.cancel();
        }
    });
    // While a drag is on, a ticker scrolls near the edges.
    let ticker = StoredValue::new_local(None::<Interval>);
    Effect::new(move |_| {
        let active = drag.source.get().is_some();
        ticker.set_value(active.then(|| Interval::new(TICK_MS, move || drag.tick(&lab))));
    });
    on_cleanup(move || {
        on_move.remove();
        on_up.remove();
        on_cancel.remove();
        on_key.remove();
    });

    // The ghost: the fault under the pointer and what a drop here would do.
    let ghost = Memo::new(move |_| -> String {
        let Some(src) = drag.source.get().filter(|_| drag.moved.get()) else {
            return String::new();
        };
        let why = match drag.hit.get() {
            Hit::Outside => match src {
                DragSource::Placed(..) => "release to remove".to_string(),
                DragSource::Palette(_) => "drop on a gap of the diagram".into(),
            },
            Hit::Diagram => "move onto a gap between two steps".into(),
            Hit::Gap(gap) => lab.scenario.with(|sc| {
                lab.trace.with(|t| {
                    match src {
                        DragSource::Palette(k) => edit::can_place(sc, t, gap, k),
                        DragSource::Placed(ix, _) => edit::can_move(sc, t, ix, gap),
                    }
                    .map_or_else(
                        |why| format!("✕ {why}"),
                        |_| "✓ release to place it here".into(),
                    )
                })
            }),
        };
        let k = src.kind();
        format!(
            r#"<span class="fault-chip" data-fault-kind="{}">{} {}</span><span class="ghost-why">{why}</span>"#,
            k.slug(),
            svg(Icon::for_fault(k)),
            k.title()
        )
    });
    let place = Memo::new(move |_| {
        let (x, y) = drag.pos.get();
        format!("left:{}px;top:{}px", x as i32, y as i32)
    });

    view! {
        <div
            class="drag-ghost"
            aria-hidden="true"
            hidden=move || !drag.moved.get() || drag.source.get().is_none()
            style=place
            inner_html=ghost
        ></div>
    }
}

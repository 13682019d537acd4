//! The sequence diagram of the run: one lifeline per actor, one arrow per step, and
//! between the steps the gaps where faults are dropped.
//!
//! A run has dozens to hundreds of steps, so the rows, gaps and placed faults are
//! written as markup in one go whenever the trace changes (cheap to build, small to
//! ship), and the parts that move with the cursor or a drag are a few lines of
//! generated CSS. Events are handled once, on the diagram, by what they hit. Words
//! come from `model::explain`; what fits where from `model::edit`.

use super::drag::{refocus, Drag, DragSource, Hit};
use super::fault_palette::fault_for_key;
use super::state::Lab;
use crate::model::trace::{lifelines, FaultStatus, Trace};
use crate::model::{edit, explain, FaultKind, Scenario, StepKind};
use crate::render::diagram;
use crate::render::geometry::{self as geo, Layout, ROW, TOKEN_W, TOKEN_X};
use crate::render::icons::{svg, Icon};
use crate::render::markup::esc;
use leptos::ev;
use leptos::prelude::*;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_bindgen::JsCast;

const R: usize = ROW as usize;
/// Height of a gap's drop strip (px).
const GAP_H: usize = geo::GAP_H as usize;

static DIAGRAMS: AtomicUsize = AtomicUsize::new(0);

/// The diagram's horizontal layout for `lanes` lifelines.
fn layout(lanes: usize) -> Layout {
    geo::layout(f64::INFINITY, lanes)
}

/// One placed fault's token.
fn token_markup(m: &mut String, sc: &Scenario, t: &Trace, ix: usize, slot: usize) {
    let Some(kind) = sc.faults.get(ix).map(|f| f.kind) else {
        return;
    };
    let gap = edit::anchor_step(t, ix);
    let unfit = match t.faults.get(ix) {
        Some(FaultStatus::DoesNotFit(_, why)) => Some(*why),
        _ => None,
    };
    let where_ = gap
        .and_then(|g| t.steps.get(g))
        .map(|s| format!("after: {}", explain::label(sc, s)))
        .unwrap_or_else(|| "not reached in this run".into());
    let aria = format!(
        "{} placed {where_}{}. Drag or press arrow up or down to move it; Delete removes it.",
        kind.title(),
        unfit
            .map(|w| format!(" (does not fire: {w})"))
            .unwrap_or_default()
    );
    let _ = write!(
        m,
        r#"<button type="button" class="placed-fault fault-chip{}" data-testid="placed-fault-{ix}" data-fault="{ix}" data-fault-kind="{}" style="left:{}px" aria-label="{}"{}>{} {}{}</button>"#,
        if unfit.is_some() { " unfit" } else { "" },
        kind.slug(),
        TOKEN_X as usize + slot * TOKEN_W as usize,
        esc(&aria),
        unfit
            .map(|w| format!(r#" title="Does not fire here: {}""#, esc(w)))
            .unwrap_or_default(),
        svg(Icon::for_fault(kind)),
        kind.title(),
        if unfit.is_some() {
            svg(Icon::Warning)
        } else {
            ""
        }
    );
}

/// The gaps (one focusable drop strip after every step but the faults) and the
/// placed faults in them.
fn gaps_markup(sc: &Scenario, t: &Trace) -> String {
    // Each placed fault's gap.
    let at: Vec<Option<usize>> = (0..sc.faults.len())
        .map(|ix| edit::anchor_step(t, ix))
        .collect();
    let mut m = String::with_capacity(t.steps.len() * 260);
    for (i, s) in t.steps.iter().enumerate() {
        if s.kind == StepKind::Fault {
            continue;
        }
        let _ = write!(
            m,
            r#"<div class="gap-slot" style="top:{}px"><div class="gap" role="button" tabindex="0" data-gap="{i}" data-testid="gap-{i}" aria-label="Gap after: {}"><span class="gap-line" aria-hidden="true"></span></div>"#,
            (i + 1) * R - GAP_H / 2,
            esc(&explain::label(sc, s))
        );
        let here = (0..at.len()).filter(|&ix| at[ix] == Some(i));
        for (slot, ix) in here.enumerate() {
            token_markup(&mut m, sc, t, ix, slot);
        }
        m.push_str("</div>");
    }
    m
}

/// The faults whose point this run never reaches, as tokens to drag back in.
fn unreached_markup(sc: &Scenario, t: &Trace) -> String {
    let mut m = String::new();
    for (slot, ix) in (0..sc.faults.len())
        .filter(|&ix| edit::anchor_step(t, ix).is_none())
        .enumerate()
    {
        if slot == 0 {
            m.push_str("<span>Not reached in this run:</span> ");
        }
        token_markup(&mut m, sc, t, ix, 0);
    }
    m
}

/// The element an event happened on, or its nearest ancestor matching `selector`.
fn hit_el(ev: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    ev.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}

fn num_attr(el: &web_sys::Element, name: &str) -> Option<usize> {
    el.get_attribute(name)?.parse().ok()
}

/// The sequence diagram of the current run, with its gaps and placed faults.
///
/// Lifeline heads carry `data-lifeline="<actor name>"`; gaps carry `data-gap` and
/// `data-testid="gap-<step>"`; placed faults `data-testid="placed-fault-<i>"` and
/// `data-fault-kind`.
#[component]
pub fn SequenceDiagram() -> impl IntoView {
    let lab = Lab::expect();
    let drag = Drag::expect();
    let id = format!("seq-{}", DIAGRAMS.fetch_add(1, Ordering::Relaxed));
    let focused = RwSignal::new(None::<usize>);

    let heads = Memo::new(move |_| {
        lab.scenario.with(|sc| {
            lifelines(sc.design.kind)
                .iter()
                .map(|a| explain::actor_name(sc, *a))
                .collect::<Vec<_>>()
        })
    });
    let lanes = move || heads.with(|h| h.len());
    let width = move || layout(lanes()).width();
    let height = move || R * lab.len() + 8;

    // While dragging: the gaps that take what is dragged.
    let accepts = Memo::new(move |_| {
        let src = drag.source.get()?;
        Some(lab.scenario.with(|sc| {
            lab.trace.with(|t| match src {
                DragSource::Palette(k) => (0..t.steps.len())
                    .filter(|&i| edit::can_place(sc, t, i, k).is_ok())
                    .collect::<Vec<_>>(),
                DragSource::Placed(ix, _) => edit::move_targets(sc, t, ix)
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.is_ok())
                    .map(|(i, _)| i)
                    .collect(),
            })
        }))
    });

    // What moves with the cursor and the drag, as CSS scoped to this diagram.
    let css = {
        let id = id.clone();
        move || {
            let c = lab.cursor.get();
            let mut s = format!(
                "#{id} .row:nth-child(n+{}){{opacity:.45}}\
                 #{id} .row:nth-child({c}) .row-bg{{fill:var(--now-soft)}}\
                 #{id} .row:nth-child({c}) .step-no{{fill:var(--ink);font-weight:700}}\
                 #{id} .row:nth-child({c}) .label{{stroke:var(--now-soft);font-weight:600}}",
                c + 1
            );
            accepts.with(|a| {
                if let Some(a) = a.as_ref().filter(|a| !a.is_empty()) {
                    let list: Vec<String> = a
                        .iter()
                        .map(|g| format!("#{id} [data-gap=\"{g}\"] .gap-line"))
                        .collect();
                    let _ = write!(s, "{}{{border-top:2px solid var(--ok)}}", list.join(","));
                }
            });
            if let Hit::Gap(g) = drag.hit.get() {
                let ok = accepts.with(|a| a.as_ref().is_some_and(|a| a.contains(&g)));
                let _ = write!(
                    s,
                    "#{id} [data-gap=\"{g}\"]{{background:var(--{0}-soft);outline:2px {1} var(--{0})}}",
                    if ok { "ok" } else { "bad" },
                    if ok { "solid" } else { "dashed" }
                );
            }
            if let Some(DragSource::Placed(ix, _)) = drag.source.get() {
                let _ = write!(s, "#{id} [data-fault=\"{ix}\"]{{opacity:.4}}");
            }
            s
        }
    };

    // The one hint on screen: for the gap under a drag, else the focused gap.
    let hint = move || -> Option<(usize, String)> {
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
        let g = focused.get()?;
        let kind = lab.selected_fault.get();
        let fits = lab
            .scenario
            .with(|sc| lab.trace.with(|t| edit::can_place(sc, t, g, kind)));
        Some((
            g,
            match fits {
                Ok(_) => format!("Enter: place {} here · or a fault's letter", kind.title()),
                Err(why) => format!("{}: ✕ {why} · try another fault's letter", kind.title()),
            },
        ))
    };

    // Keep the current step in view while the cursor moves.
    Effect::new(move |_| {
        let c = lab.cursor.get();
        let (Some(sc), Some(head), Some(body)) = (
            drag.scroller.get_untracked(),
            drag.head.get_untracked(),
            drag.body.get_untracked(),
        ) else {
            return;
        };
        let row_top = body.get_bounding_client_rect().top() + c.saturating_sub(1) as f64 * ROW;
        let view_top = head.get_bounding_client_rect().bottom();
        let r = sc.get_bounding_client_rect();
        if row_top < view_top || row_top + ROW > r.bottom() {
            let delta = row_top - view_top - (r.bottom() - view_top) / 3.0;
            sc.set_scroll_top(sc.scroll_top() + delta as i32);
        }
    });

    let root_sel = format!("#{id} ");
    let on_gap_key = {
        let root_sel = root_sel.clone();
        move |i: usize, ev: &ev::KeyboardEvent| {
            let key = ev.key();
            if key == "ArrowDown" || key == "ArrowUp" {
                ev.prevent_default();
                let next = lab.trace.with_untracked(|t| {
                    let fits = |j: &usize| t.steps[*j].kind != StepKind::Fault;
                    if key == "ArrowDown" {
                        (i + 1..t.steps.len()).find(fits)
                    } else {
                        (0..i).rev().find(fits)
                    }
                });
                if let Some(n) = next {
                    refocus(&format!("{root_sel}[data-gap=\"{n}\"]"));
                }
                return;
            }
            let kind = match key.as_str() {
                "Enter" | " " => Some(lab.selected_fault.get_untracked()),
                k => fault_for_key(k),
            };
            if let Some(kind) = kind {
                ev.prevent_default();
                place_and_tell(lab, i, kind);
                refocus(&format!("{root_sel}[data-gap=\"{i}\"]"));
            }
        }
    };
    let on_token_key = move |ix: usize, kind: FaultKind, ev: &ev::KeyboardEvent| {
        let key = ev.key();
        match key.as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                if lab.nudge_fault(ix, key == "ArrowDown").is_ok() {
                    let gap = lab.trace.with_untracked(|t| edit::anchor_step(t, ix));
                    lab.notice.set(Some(format!(
                        "Moved {} to after: {}.",
                        kind.title(),
                        gap.map(|g| step_label(lab, g))
                            .unwrap_or_else(|| "a point this run never reaches".into())
                    )));
                    refocus(&format!("{root_sel}[data-fault=\"{ix}\"]"));
                }
            }
            "Delete" | "Backspace" => {
                ev.prevent_default();
                let gap = lab.trace.with_untracked(|t| edit::anchor_step(t, ix));
                lab.remove_fault(ix);
                lab.notice
                    .set(Some(format!("Removed {} from the run.", kind.title())));
                if let Some(g) = gap {
                    refocus(&format!("{root_sel}[data-gap=\"{g}\"]"));
                }
            }
            _ => {}
        }
    };
    let on_keydown = move |ev: ev::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        if let Some(i) = hit_el(&ev, "[data-gap]").and_then(|g| num_attr(&g, "data-gap")) {
            on_gap_key(i, &ev);
        } else if let Some(t) = hit_el(&ev, "[data-fault]") {
            let kind = t
                .get_attribute("data-fault-kind")
                .and_then(|k| FaultKind::from_slug(&k));
            if let (Some(ix), Some(kind)) = (num_attr(&t, "data-fault"), kind) {
                on_token_key(ix, kind, &ev);
            }
        }
    };
    let on_pointerdown = move |ev: ev::PointerEvent| {
        let Some(t) = hit_el(&ev, "[data-fault]") else {
            return;
        };
        let kind = t
            .get_attribute("data-fault-kind")
            .and_then(|k| FaultKind::from_slug(&k));
        if let (Some(ix), Some(kind)) = (num_attr(&t, "data-fault"), kind) {
            drag.begin(DragSource::Placed(ix, kind), &ev);
        }
    };
    let on_click = move |ev: ev::MouseEvent| {
        if let Some(i) = hit_el(&ev, "[data-row]").and_then(|r| num_attr(&r, "data-row")) {
            lab.seek(i + 1);
        }
    };
    let on_focusin = move |ev: ev::FocusEvent| {
        focused.set(hit_el(&ev, "[data-gap]").and_then(|g| num_attr(&g, "data-gap")));
    };

    // The markup, rebuilt when the run changes (and only written when it differs).
    let rows = Memo::new(move |_| {
        lab.scenario.with(|sc| {
            let lay = layout(lifelines(sc.design.kind).len());
            lab.trace.with(|t| diagram::rows(sc, t, &lay))
        })
    });
    let gaps = Memo::new(move |_| {
        lab.scenario
            .with(|sc| lab.trace.with(|t| gaps_markup(sc, t)))
    });
    let unreached = Memo::new(move |_| {
        lab.scenario
            .with(|sc| lab.trace.with(|t| unreached_markup(sc, t)))
    });
    let heads_markup = Memo::new(move |_| {
        lab.scenario.with(|sc| {
            let lay = layout(lifelines(sc.design.kind).len());
            diagram::heads(sc, &lay)
        })
    });
    let css = Memo::new(move |_| css());

    view! {
        <div
            class="diagram"
            id=id
            class:dragging=move || drag.moved.get()
            on:keydown=on_keydown
            on:pointerdown=on_pointerdown
            on:click=on_click
            on:focusin=on_focusin
            on:focusout=move |_| focused.set(None)
        >
            <style>{css}</style>
            <div
                class="unreached"
                role="group"
                aria-label="Faults whose point this run never reaches"
                inner_html=unreached
            ></div>
            <div class="diagram-scroll" node_ref=drag.scroller tabindex="-1">
                <div class="diagram-canvas" style:width=move || format!("{}px", width())>
                    <div class="diagram-head" node_ref=drag.head inner_html=heads_markup></div>
                    <div
                        class="diagram-body"
                        node_ref=drag.body
                        style:height=move || format!("{}px", height())
                    >
                        <svg
                            class="sequence-diagram"
                            role="img"
                            aria-label=move || {
                                format!(
                                    "Sequence diagram: {} steps between {}",
                                    lab.len(),
                                    heads.with(|h| h.join(", "))
                                )
                            }
                            width=width
                            height=height
                            inner_html=rows
                        ></svg>
                        <div
                            class="now-line"
                            aria-hidden="true"
                            style:top=move || format!("{}px", lab.cursor.get() * R)
                        ></div>
                        <div class="gap-layer" inner_html=gaps></div>
                        {move || {
                            hint()
                                .map(|(g, text)| {
                                    view! {
                                        <div
                                            class="gap-hint"
                                            aria-hidden="true"
                                            style:top=format!("{}px", (g + 1) * R - 10)
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

/// The label of step `i`, in the lesson's words.
fn step_label(lab: Lab, i: usize) -> String {
    lab.scenario.with_untracked(|sc| {
        lab.trace
            .with_untracked(|t| t.steps.get(i).map(|s| explain::label(sc, s)))
            .unwrap_or_default()
    })
}

/// Places `kind` after step `i` and says what happened in the notice.
pub fn place_and_tell(lab: Lab, i: usize, kind: FaultKind) {
    if lab.place_fault(i, kind).is_ok() {
        lab.selected_fault.set(kind);
        lab.notice.set(Some(format!(
            "Placed {} after: {}. The run now has {} steps.",
            kind.title(),
            step_label(lab, i),
            lab.trace.with_untracked(|t| t.steps.len())
        )));
    }
}

//! The sequence diagram of the run: one lifeline per actor, one arrow per step, and
//! between the steps the gaps where faults are dropped.
//!
//! The arrows are SVG; the gaps and the placed faults are HTML laid over them, so
//! they can take focus and keys. Words come from `model::explain`; what fits where
//! comes from `model::edit`.

use super::drag::{refocus, Drag, DragSource, Hit};
use super::fault_palette::fault_for_key;
use super::state::Lab;
use crate::model::trace::{lifelines, Actor, FaultStatus, Step, Trace};
use crate::model::{edit, explain, FaultKind, Scenario, StepKind};
use leptos::ev;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Height of one step's row (px).
pub const ROW: f64 = 26.0;
/// Width of the step-number gutter on the left (px).
pub const GUTTER: f64 = 40.0;
/// Width of one lifeline's lane (px).
pub const COL: f64 = 108.0;
/// Room right of the last lane for labels and transaction names (px).
pub const TAIL: f64 = 170.0;
/// Height of a gap's drop strip (px).
const GAP_H: f64 = 12.0;
/// Left edge of the placed-fault tokens.
const TOKEN_X: f64 = GUTTER + 4.0;
/// Room per placed-fault token sharing one gap.
const TOKEN_W: f64 = 104.0;

/// The centre of lane `col`.
fn lane_x(col: usize) -> f64 {
    GUTTER + COL * (col as f64 + 0.5)
}

/// The gap nearest to `y` px below the top of the rows: the gap after the step
/// whose bottom edge is closest (a fault's own row counts as its anchor's gap).
pub fn gap_near(t: &Trace, y: f64) -> Option<usize> {
    let n = t.steps.len();
    if n == 0 {
        return None;
    }
    let boundary = (y / ROW).round().max(1.0) as usize;
    let start = boundary.min(n) - 1;
    (0..=start)
        .rev()
        .find(|&i| t.steps[i].kind != StepKind::Fault)
}

/// The steps that have a gap after them (every step but the faults).
fn gaps(t: &Trace) -> Vec<usize> {
    t.steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind != StepKind::Fault)
        .map(|(i, _)| i)
        .collect()
}

/// One placed fault: its index, kind, gap (if reached) and why it did not fire.
#[derive(Clone, Debug, PartialEq)]
struct Placement {
    ix: usize,
    kind: FaultKind,
    gap: Option<usize>,
    unfit: Option<&'static str>,
}

fn placements(sc: &Scenario, t: &Trace) -> Vec<Placement> {
    sc.faults
        .iter()
        .enumerate()
        .map(|(ix, f)| Placement {
            ix,
            kind: f.kind,
            gap: edit::anchor_step(t, ix),
            unfit: match t.faults.get(ix) {
                Some(FaultStatus::DoesNotFit(_, why)) => Some(*why),
                _ => None,
            },
        })
        .collect()
}

/// The words of an arrow: the model's label, with marks for zombies and for steps
/// that were refused or changed nothing (never colour alone).
fn arrow_text(sc: &Scenario, s: &Step) -> String {
    let label = explain::label(sc, s);
    let mut text = String::new();
    if s.zombie {
        text.push_str("🧟 ");
    }
    if let Some((icon, word)) = explain::outcome_mark(s) {
        text.push_str(icon);
        text.push(' ');
        text.push_str(&label);
        if !label.to_lowercase().contains(&word.to_lowercase()) {
            text.push_str(" — ");
            text.push_str(word);
        }
    } else {
        text.push_str(&label);
    }
    text
}

fn fault_text(sc: &Scenario, s: &Step) -> String {
    let Some(kind) = s
        .fault
        .and_then(|i| sc.faults.get(i as usize))
        .map(|f| f.kind)
    else {
        return explain::label(sc, s);
    };
    let label = explain::label(sc, s);
    let rest = label.trim_start_matches(kind.icon()).trim();
    if rest.eq_ignore_ascii_case(kind.title()) {
        format!("{} {}", kind.icon(), kind.title())
    } else {
        format!("{} {} — {rest}", kind.icon(), kind.title())
    }
}

/// Renders the rows of one trace (re-run whenever the trace changes).
fn rows(lab: Lab, sc: &Scenario, t: &Trace, lanes: &[Actor]) -> impl IntoView {
    let col = |a: Actor| lanes.iter().position(|l| *l == a).unwrap_or(0);
    let width = GUTTER + COL * lanes.len() as f64 + TAIL;
    let lanes_right = GUTTER + COL * lanes.len() as f64;

    // Transactions: the span of the steps that share one.
    let mut spans: BTreeMap<u32, (usize, usize, usize)> = BTreeMap::new();
    for (i, s) in t.steps.iter().enumerate() {
        if let Some(tx) = s.txn {
            let e = spans.entry(tx).or_insert((i, i, 0));
            e.1 = i;
            e.2 += 1;
        }
    }
    let bands = spans
        .into_iter()
        .filter(|(_, (_, _, n))| *n > 1)
        .map(|(tx, (a, b, _))| {
            let y = a as f64 * ROW + 2.0;
            let h = (b - a + 1) as f64 * ROW - 4.0;
            let name = explain::txn_name(sc, tx);
            let bx = lanes_right + 4.0 + f64::from(tx % 3) * 5.0;
            view! {
                <g class="txn-band" data-txn=tx>
                    <rect class="txn-fill" x=GUTTER y=y width=lanes_right - GUTTER height=h rx="4"/>
                    <path
                        class="txn-bracket"
                        d=format!("M{bx},{y} h6 v{h} h-6")
                    />
                    <text class="txn-name" x=bx + 10.0 y=y + 11.0>
                        {name}
                    </text>
                </g>
            }
        })
        .collect_view();

    let steps = t
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let y0 = i as f64 * ROW;
            let ay = y0 + 18.0;
            let class = move || {
                let c = lab.cursor.get();
                if i + 1 == c {
                    "row current"
                } else if i >= c {
                    "row future"
                } else {
                    "row past"
                }
            };
            let body = if s.kind == StepKind::Fault {
                let kind = s
                    .fault
                    .and_then(|f| sc.faults.get(f as usize))
                    .map(|f| f.kind.slug())
                    .unwrap_or("fault");
                view! {
                    <g class="fault-step" data-fault-kind=kind>
                        <rect
                            class="fault-band"
                            x=GUTTER
                            y=y0 + 3.0
                            width=width - GUTTER - 4.0
                            height=ROW - 6.0
                            rx="3"
                        />
                        <text class="fault-text" x=TOKEN_X + TOKEN_W + 8.0 y=y0 + 17.0>
                            {fault_text(sc, s)}
                        </text>
                    </g>
                }
                .into_any()
            } else {
                let (a, b) = (lane_x(col(s.from)), lane_x(col(s.to)));
                let mut cls = String::from("arrow");
                if s.zombie {
                    cls.push_str(" zombie");
                }
                match s.outcome {
                    crate::model::trace::Outcome::Refused(_) => cls.push_str(" refused"),
                    crate::model::trace::Outcome::NoOp(_) => cls.push_str(" noop"),
                    crate::model::trace::Outcome::Applied => {}
                }
                let text = arrow_text(sc, s);
                if (a - b).abs() < 1.0 {
                    view! {
                        <g class=cls data-step=i>
                            <path class="shaft" d=format!("M{a},{} h18 v9 h-16", ay - 7.0)/>
                            <path class="head" d=format!("M{a},{} l6,-3.5 v7 z", ay + 2.0)/>
                            <text class="label" x=a + 24.0 y=ay - 2.0>
                                {text}
                            </text>
                        </g>
                    }
                    .into_any()
                } else {
                    let dir = if b > a { -1.0 } else { 1.0 };
                    view! {
                        <g class=cls data-step=i>
                            <line class="shaft" x1=a y1=ay x2=b + dir * 2.0 y2=ay/>
                            <path
                                class="head"
                                d=format!("M{b},{ay} l{},-4 v8 z", dir * 8.0)
                            />
                            <text class="label" x=a.min(b) + 8.0 y=ay - 6.0>
                                {text}
                            </text>
                        </g>
                    }
                    .into_any()
                }
            };
            view! {
                <g class=class on:click=move |_| lab.seek(i + 1)>
                    <rect class="row-bg" x="0" y=y0 width=width height=ROW/>
                    <text class="step-no" x=GUTTER - 8.0 y=y0 + 17.0>
                        {i + 1}
                    </text>
                    {body}
                </g>
            }
        })
        .collect_view();
    view! {
        {bands}
        {steps}
    }
}

/// The sequence diagram of the current run, with its gaps and placed faults.
///
/// Lifeline heads carry `data-lifeline="<actor name>"`; gaps carry `data-gap` and
/// `data-testid="gap-<step>"`; placed faults `data-testid="placed-fault-<i>"`.
#[component]
pub fn SequenceDiagram() -> impl IntoView {
    let lab = Lab::expect();
    let drag = Drag::expect();
    let focused = RwSignal::new(None::<usize>);

    let lanes = Memo::new(move |_| lab.scenario.with(|sc| lifelines(sc.design.kind).to_vec()));
    let heads = Memo::new(move |_| {
        lab.scenario.with(|sc| {
            lifelines(sc.design.kind)
                .iter()
                .map(|a| explain::actor_name(sc, *a))
                .collect::<Vec<_>>()
        })
    });
    let placed = Memo::new(move |_| {
        lab.scenario
            .with(|sc| lab.trace.with(|t| placements(sc, t)))
    });
    let gap_list = Memo::new(move |_| lab.trace.with(gaps));
    // While dragging: whether each gap takes what is dragged, and if not, why.
    let verdicts = Memo::new(move |_| {
        let src = drag.source.get()?;
        Some(lab.scenario.with(|sc| {
            lab.trace.with(|t| match src {
                DragSource::Palette(k) => (0..t.steps.len())
                    .map(|i| edit::can_place(sc, t, i, k).map(|_| ()))
                    .collect::<Vec<_>>(),
                DragSource::Placed(ix, _) => edit::move_targets(sc, t, ix)
                    .into_iter()
                    .map(|r| r.map(|_| ()))
                    .collect(),
            })
        }))
    });

    let width = move || GUTTER + COL * lanes.with(|l| l.len()) as f64 + TAIL;
    let height = move || ROW * lab.len() as f64 + 8.0;
    let lanes_h = move || ROW * lab.len() as f64 + 8.0;

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

    let gap_label = move |i: usize| {
        lab.scenario.with(|sc| {
            lab.trace.with(|t| {
                t.steps
                    .get(i)
                    .map(|s| format!("Gap after: {}", explain::label(sc, s)))
                    .unwrap_or_default()
            })
        })
    };

    // The words shown in a gap while something is dragged over it or it has focus.
    let hint = move |i: usize| -> String {
        if let Some(src) = drag.source.get() {
            if drag.hit.get() != Hit::Gap(i) {
                return String::new();
            }
            let kind = src.kind();
            return match verdicts.with(|v| v.as_ref().and_then(|v| v.get(i).copied())) {
                Some(Ok(())) => format!("✓ drop {} here", kind.title().to_lowercase()),
                Some(Err(why)) => format!("✕ {why}"),
                None => String::new(),
            };
        }
        if focused.get() != Some(i) {
            return String::new();
        }
        let kind = lab.selected_fault.get();
        let fits = lab
            .scenario
            .with(|sc| lab.trace.with(|t| edit::can_place(sc, t, i, kind)));
        match fits {
            Ok(_) => format!(
                "Enter: place {} {} here · or a fault's letter",
                kind.icon(),
                kind.title()
            ),
            Err(why) => format!(
                "{} {}: ✕ {why} · try another fault's letter",
                kind.icon(),
                kind.title()
            ),
        }
    };

    let on_gap_key = move |i: usize, ev: ev::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let key = ev.key();
        match key.as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                let next = gap_list.with_untracked(|g| {
                    let at = g.iter().position(|&x| x == i)?;
                    if key == "ArrowDown" {
                        g.get(at + 1).copied()
                    } else {
                        at.checked_sub(1).and_then(|a| g.get(a).copied())
                    }
                });
                if let Some(n) = next {
                    refocus(&format!("[data-gap=\"{n}\"]"));
                }
                return;
            }
            _ => {}
        }
        let kind = match key.as_str() {
            "Enter" | " " => Some(lab.selected_fault.get_untracked()),
            k => fault_for_key(k),
        };
        if let Some(kind) = kind {
            ev.prevent_default();
            place_and_tell(lab, i, kind);
        }
    };

    let token = move |p: Placement, slot: usize| {
        let Placement {
            ix,
            kind,
            gap,
            unfit,
        } = p;
        let where_ = lab.scenario.with_untracked(|sc| {
            lab.trace.with_untracked(|t| {
                gap.and_then(|g| t.steps.get(g))
                    .map(|s| format!("after: {}", explain::label(sc, s)))
                    .unwrap_or_else(|| "not reached in this run".into())
            })
        });
        let aria = format!(
            "{} {} placed {where_}{}. Drag or press arrow up or down to move it; Delete removes it.",
            kind.icon(),
            kind.title(),
            unfit.map(|w| format!(" (does not fire: {w})")).unwrap_or_default()
        );
        let on_key = move |ev: ev::KeyboardEvent| match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                if lab.nudge_fault(ix, ev.key() == "ArrowDown").is_ok() {
                    let gap = lab.trace.with_untracked(|t| edit::anchor_step(t, ix));
                    lab.notice.set(Some(format!(
                        "Moved {} {} to after: {}.",
                        kind.icon(),
                        kind.title(),
                        gap.map(|g| step_label(lab, g))
                            .unwrap_or_else(|| "a point this run never reaches".into())
                    )));
                    refocus(&format!("[data-testid=\"placed-fault-{ix}\"]"));
                }
            }
            "Delete" | "Backspace" => {
                ev.prevent_default();
                lab.remove_fault(ix);
                lab.notice.set(Some(format!(
                    "Removed {} {} from the run.",
                    kind.icon(),
                    kind.title()
                )));
                if let Some(g) = gap {
                    refocus(&format!("[data-gap=\"{g}\"]"));
                }
            }
            _ => {}
        };
        view! {
            <button
                type="button"
                class="placed-fault fault-chip"
                class:unfit=unfit.is_some()
                class:dragging=move || drag.source.get() == Some(DragSource::Placed(ix, kind))
                data-testid=format!("placed-fault-{ix}")
                data-fault-kind=kind.slug()
                style:left=format!("{}px", TOKEN_X + slot as f64 * TOKEN_W)
                aria-label=aria
                title=unfit.map(|w| format!("Does not fire here: {w}"))
                on:pointerdown=move |ev: ev::PointerEvent| drag.begin(DragSource::Placed(ix, kind), &ev)
                on:keydown=on_key
            >
                <span class="icon" aria-hidden="true">{kind.icon()}</span>
                " "
                {kind.title()}
                {unfit.map(|_| view! { <span class="unfit-mark" aria-hidden="true">" ⚠"</span> })}
            </button>
        }
    };

    let gap_view = move |i: usize| {
        let accepts =
            move || verdicts.with(|v| matches!(v.as_ref().and_then(|v| v.get(i)), Some(Ok(()))));
        let refuses =
            move || verdicts.with(|v| matches!(v.as_ref().and_then(|v| v.get(i)), Some(Err(_))));
        view! {
            <div class="gap-slot" style:top=format!("{}px", (i + 1) as f64 * ROW - GAP_H / 2.0)>
                <div
                    class="gap"
                    class:accepts=accepts
                    class:refuses=refuses
                    class:over=move || drag.hit.get() == Hit::Gap(i)
                    role="button"
                    tabindex="0"
                    data-gap=i
                    data-testid=format!("gap-{i}")
                    aria-label=move || gap_label(i)
                    on:keydown=move |ev: ev::KeyboardEvent| on_gap_key(i, ev)
                    on:focus=move |_| focused.set(Some(i))
                    on:blur=move |_| focused.set(None)
                >
                    <span class="gap-line" aria-hidden="true"></span>
                    <span class="gap-hint" aria-hidden="true">{move || hint(i)}</span>
                </div>
                {move || {
                    placed
                        .with(|ps| {
                            ps.iter()
                                .filter(|p| p.gap == Some(i))
                                .cloned()
                                .collect::<Vec<_>>()
                        })
                        .into_iter()
                        .enumerate()
                        .map(|(slot, p)| token(p, slot))
                        .collect_view()
                }}
            </div>
        }
    };

    let unreached = move || {
        placed.with(|ps| {
            ps.iter()
                .filter(|p| p.gap.is_none())
                .cloned()
                .collect::<Vec<_>>()
        })
    };

    view! {
        <div class="diagram" class:dragging=move || drag.moved.get()>
            <Show when=move || !unreached().is_empty()>
                <div class="unreached" role="group" aria-label="Faults whose point this run never reaches">
                    <span>"Not reached in this run:"</span>
                    {move || {
                        unreached()
                            .into_iter()
                            .enumerate()
                            .map(|(k, p)| token(p, k))
                            .collect_view()
                    }}
                </div>
            </Show>
            <div class="diagram-scroll" node_ref=drag.scroller tabindex="-1">
                <div class="diagram-canvas" style:width=move || format!("{}px", width())>
                    <div class="diagram-head" node_ref=drag.head>
                        <span class="head-step" aria-hidden="true">"#"</span>
                        {move || {
                            heads
                                .get()
                                .into_iter()
                                .enumerate()
                                .map(|(c, name)| {
                                    let attr = name.clone();
                                    view! {
                                        <div
                                            class="lifeline-head"
                                            data-lifeline=attr
                                            style:left=format!("{}px", lane_x(c) - COL / 2.0 + 4.0)
                                            style:width=format!("{}px", COL - 8.0)
                                        >
                                            {name}
                                        </div>
                                    }
                                })
                                .collect_view()
                        }}
                    </div>
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
                                    heads.get().join(", ")
                                )
                            }
                            width=width
                            height=height
                        >
                            {move || {
                                let n = lanes.with(|l| l.len());
                                let h = lanes_h();
                                (0..n)
                                    .map(|c| {
                                        let x = lane_x(c);
                                        view! { <line class="lifeline-line" x1=x y1="0" x2=x y2=h/> }
                                    })
                                    .collect_view()
                            }}
                            {move || {
                                lab.scenario.with(|sc| {
                                    lab.trace.with(|t| lanes.with(|l| rows(lab, sc, t, l).into_any()))
                                })
                            }}
                            <line
                                class="now-line"
                                x1="0"
                                x2=width
                                y1=move || lab.cursor.get() as f64 * ROW
                                y2=move || lab.cursor.get() as f64 * ROW
                            />
                        </svg>
                        <div class="gap-layer">
                            <For each=move || gap_list.get() key=|i| *i children=gap_view/>
                        </div>
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
            "Placed {} {} after: {}. The run now has {} steps.",
            kind.icon(),
            kind.title(),
            step_label(lab, i),
            lab.trace.with_untracked(|t| t.steps.len())
        )));
    }
}

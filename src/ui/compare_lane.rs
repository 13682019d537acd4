//! One lane of the compare view: a design's name, its outcome at a glance (icon,
//! word and counts), the reader's total against the expected one, a track of its
//! run with the shared cursor, its faults and the step where it departed from
//! exactly once, and the faults it skips with why. Clicking the lane, or Enter or
//! Space on it, opens that design in the main view with the same faults.

use super::state::Lab;
use crate::model::compare::{self, Lane, LaneWords};
use crate::model::trace::FaultStatus;
use crate::model::{explain, DesignKind, Verdict};
use crate::render::icons::{svg, Icon};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What a lane shows that does not move with the cursor.
#[derive(Clone, Debug, PartialEq)]
struct Fixed {
    words: LaneWords,
    verdict: Verdict,
    exact: bool,
    len: usize,
    departure: Option<usize>,
    faults: Vec<usize>,
}

impl Fixed {
    fn of(lab: Lab, lane: &Lane) -> Fixed {
        Fixed {
            words: lab.scenario.with(|sc| compare::words(sc, lane)),
            verdict: lane.glance.verdict(),
            exact: lane.exact(),
            len: lane.trace.steps.len(),
            departure: lane.departure.map(|d| d.step),
            faults: lane
                .trace
                .faults
                .iter()
                .filter_map(|f| match f {
                    FaultStatus::Fired(at) => Some(*at as usize),
                    _ => None,
                })
                .collect(),
        }
    }

    /// The icon: the verdict's, or a warning for a reader that is right while
    /// another output is not.
    fn icon(&self) -> Icon {
        if self.verdict == Verdict::Ok && !self.exact {
            Icon::Warning
        } else {
            Icon::for_verdict(self.verdict)
        }
    }
}

/// Where `step` of a run of `len` steps sits on the track, in percent.
fn at(step: usize, len: usize) -> String {
    format!("{:.2}%", (step as f64 + 0.5) * 100.0 / len.max(1) as f64)
}

/// Moves the focus to the lane before or after `from` (`Home`/`End`: the first or last).
fn focus_lane(from: &web_sys::Element, key: &str) {
    let target = match key {
        "ArrowUp" => from.previous_element_sibling(),
        "ArrowDown" => from.next_element_sibling(),
        "Home" => from.parent_element().and_then(|p| p.first_element_child()),
        _ => from.parent_element().and_then(|p| p.last_element_child()),
    };
    if let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// The lane of design `kind`.
#[component]
pub fn CompareLane(
    /// The design of the lane.
    kind: DesignKind,
) -> impl IntoView {
    let lab = Lab::expect();
    let fixed = Memo::new(move |_| {
        lab.comparison.with(|c| {
            c.as_ref()
                .and_then(|c| c.lane(kind))
                .map(|l| Fixed::of(lab, l))
        })
    });
    // How many of its steps the lane has taken at the shared cursor.
    let steps = Memo::new(move |_| {
        let p = lab.cursor.get();
        lab.comparison.with(|c| {
            c.as_ref()
                .and_then(|c| Some(c.lane(kind)?.steps_at(&c.axis, p)))
                .unwrap_or(0)
        })
    });
    let now = move || {
        let n = steps.get();
        lab.comparison.with(|c| {
            let lane = c.as_ref()?.lane(kind)?;
            let label = match n.checked_sub(1).and_then(|i| lane.trace.steps.get(i)) {
                Some(s) => lab
                    .scenario
                    .with(|sc| explain::label(&compare::under(sc, kind), s)),
                None => "before the first step".to_string(),
            };
            Some(format!("Step {n} of {}: {label}", lane.trace.steps.len()))
        })
    };
    let departed = move || {
        fixed
            .with(|f| f.as_ref().and_then(|f| f.departure))
            .is_some_and(|d| steps.get() > d)
    };
    let current = move || lab.scenario.with(|sc| sc.design.kind == kind);
    let open = move || {
        lab.open_lane(kind);
        super::compare_view::focus_toggle();
    };
    let on_key = move |e: ev::KeyboardEvent| {
        let key = e.key();
        match key.as_str() {
            "Enter" | " " => {
                e.prevent_default();
                open();
            }
            "ArrowUp" | "ArrowDown" | "Home" | "End" => {
                e.prevent_default();
                if let Some(el) = e
                    .current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                {
                    focus_lane(&el, &key);
                }
            }
            _ => {}
        }
    };
    let label = move || {
        fixed.with(|f| {
            f.as_ref().map(|f| {
                let departs = f
                    .words
                    .departure
                    .as_deref()
                    .map(|d| format!(" Departs at {d}."))
                    .unwrap_or_default();
                let skips: String = f
                    .words
                    .moved
                    .iter()
                    .chain(&f.words.skipped)
                    .map(|s| format!(" {s}."))
                    .collect();
                format!(
                    "{}: {}, {}, {}.{departs}{skips} Open it in the main view with these faults.",
                    f.words.title, f.words.word, f.words.counts, f.words.total
                )
            })
        })
    };
    let w = move |get: fn(&Fixed) -> String| move || fixed.with(|f| f.as_ref().map(get));

    view! {
        <li
            class="cmp-lane"
            role="button"
            tabindex="0"
            data-testid="compare-lane"
            data-design=kind.slug()
            data-verdict=move || fixed.with(|f| f.as_ref().map(|f| f.words.word.replace(' ', "-")))
            data-departed=move || if departed() { "yes" } else { "no" }
            aria-current=move || current().then_some("true")
            aria-label=label
            on:click=move |_| open()
            on:keydown=on_key
        >
            <div class="cmp-head">
                <span class="cmp-name">{kind.title()}</span>
                {move || current().then(|| view! { <span class="cmp-current">"shown in the lab"</span> })}
                <span class="cmp-verdict" data-testid="compare-verdict">
                    <span
                        class="cmp-icon"
                        inner_html=move || fixed.with(|f| f.as_ref().map(|f| svg(f.icon())))
                    ></span>
                    <b class="cmp-word">{w(|f| f.words.word.to_string())}</b>
                    <span class="cmp-counts">{w(|f| f.words.counts.clone())}</span>
                </span>
                <span
                    class="cmp-total"
                    data-right=move || fixed.with(|f| f.as_ref().map(|f| f.words.total_right.to_string()))
                    data-testid="compare-total"
                >
                    {w(|f| f.words.total.clone())}
                    {move || fixed.with(|f| f.as_ref().map(|f| if f.words.total_right { " =" } else { " \u{2260}" }))}
                </span>
            </div>
            <div class="cmp-progress">
                <Track fixed=fixed steps=steps/>
                <p class="cmp-now" data-testid="compare-now">{now}</p>
            </div>
            {move || {
                fixed
                    .with(|f| f.as_ref().and_then(|f| f.words.departure.clone()))
                    .map(|d| {
                        view! {
                            <p class="cmp-departure" data-testid="compare-departure">
                                <span class="cmp-mark-key" aria-hidden="true"></span>
                                {move || if departed() { "Departed from exactly once at " } else { "Departs from exactly once at " }}
                                {d}
                            </p>
                        }
                    })
            }}
            {move || {
                fixed
                    .with(|f| f.as_ref().and_then(|f| f.words.elsewhere.clone()))
                    .map(|e| view! { <p class="cmp-elsewhere">"Also wrong: " {e}</p> })
            }}
            <ul class="cmp-skipped">
                {notes(fixed, |f| &f.words.moved, Icon::Crash, "compare-moved")}
                {notes(fixed, |f| &f.words.skipped, Icon::NoOp, "compare-skipped")}
            </ul>
        </li>
    }
}

/// The lane's run as a track: how far the shared cursor has taken it, where its
/// faults fired and where it departed from exactly once (hidden from screen
/// readers: the lane's words say the same).
/// One list item per line of the lane's words that `lines` picks (its moved or
/// skipped faults), each after `icon`.
fn notes(
    fixed: Memo<Option<Fixed>>,
    lines: fn(&Fixed) -> &Vec<String>,
    icon: Icon,
    testid: &'static str,
) -> impl IntoView {
    move || {
        fixed
            .with(|f| f.as_ref().map(|f| lines(f).clone()))
            .unwrap_or_default()
            .into_iter()
            .map(|s| {
                view! {
                    <li data-testid=testid>
                        <span class="cmp-icon" inner_html=svg(icon)></span>
                        {s}
                    </li>
                }
            })
            .collect_view()
    }
}

#[component]
fn Track(fixed: Memo<Option<Fixed>>, steps: Memo<usize>) -> impl IntoView {
    let len = move || fixed.with(|f| f.as_ref().map_or(1, |f| f.len.max(1)));
    let fill = move || {
        format!(
            "{:.2}%",
            steps.get().min(len()) as f64 * 100.0 / len() as f64
        )
    };
    view! {
        <div class="cmp-track" aria-hidden="true">
            <div class="cmp-fill" style:width=fill></div>
            {move || {
                fixed
                    .with(|f| f.as_ref().map(|f| (f.faults.clone(), f.len)))
                    .map(|(faults, n)| {
                        faults
                            .into_iter()
                            .map(|s| view! { <span class="cmp-fault" style:left=at(s, n)></span> })
                            .collect_view()
                    })
            }}
            {move || {
                fixed
                    .with(|f| f.as_ref().and_then(|f| Some((f.departure?, f.len))))
                    .map(|(d, n)| view! { <span class="cmp-departs" style:left=at(d, n)></span> })
            }}
        </div>
    }
}

//! The ledger: every input event's effects so far, and at the end of the run its
//! verdict, the business total expected vs seen, and why an event was lost or
//! duplicated.

use crate::model::explain;
use crate::model::ledger::RunVerdict;
use crate::model::prediction::{why_chain, Judgement, Why};
use crate::model::{progress, Ledger, Scenario, Trace, Verdict};
use crate::render::icons::{svg, Icon};
use crate::ui::predict_reveal::{AnswerWord, GuessMark, PredictionReveal};
use crate::ui::state::Lab;
use crate::ui::why_chain::WhyChain;
use leptos::prelude::*;

/// The ledger at the cursor: before the end, each event's effects so far (`ok`,
/// `duplicate`, `not yet`) and the totals so far, with no verdict yet; at the end of
/// the run, a banner with the run's outcome, one row per input event (amount, effects the reader sees, state store count,
/// external effects and raw rows where the design has them, verdict as icon and
/// word), and the business total expected vs seen. A lost or duplicated event's row
/// opens to say why, with the chain of steps as buttons that move the cursor there.
#[component]
pub fn LedgerView() -> impl IntoView {
    let lab = Lab::expect();
    // Events whose explanation is open; kept across re-simulations.
    let open = RwSignal::new(Vec::<String>::new());
    // One view of one shape: when the run, the open rows or the ledger so far change,
    // it is updated in place, so a focused button keeps its focus.
    let body = move || {
        let opened = open.get();
        let at_end = lab.at_end.get();
        // The prediction is revealed at the end only.
        let judged = if at_end { lab.judgement.get() } else { None };
        lab.scenario.with(|sc| {
            lab.trace.with(|t| {
                let at = Cursor {
                    end: at_end,
                    opened: &opened,
                    judged: judged.as_ref(),
                };
                if at_end {
                    ledger(open, sc, t, &t.ledger, at)
                } else {
                    lab.ledger_now.with(|now| ledger(open, sc, t, now, at))
                }
            })
        })
    };
    let scope = move || {
        if lab.at_end.get() {
            "whole run".to_string()
        } else {
            format!("so far, step {} of {}", lab.cursor.get(), lab.len())
        }
    };
    view! {
        <section class="pn-ledger" aria-labelledby="pn-ledger-title" data-testid="ledger">
            <h2 id="pn-ledger-title">"Ledger " <small>{scope}</small></h2>
            {body}
        </section>
    }
}

/// Where the ledger is read: at the end of the run or before, the events whose
/// explanation is open, and the learner's prediction judged (at the
/// end, if one was made).
#[derive(Clone, Copy)]
struct Cursor<'a> {
    end: bool,
    opened: &'a [String],
    judged: Option<&'a Judgement>,
}

/// The ledger table of `l`. Only at the end of the run are there verdicts and a
/// banner; before it, an event with no effect yet is `not yet`, and one already
/// duplicated can say why.
fn ledger(
    open: RwSignal<Vec<String>>,
    sc: &Scenario,
    t: &Trace,
    l: &Ledger,
    at: Cursor,
) -> impl IntoView {
    let final_ = at.end;
    let opened = at.opened;
    let verdict = l.run_verdict();
    let has_external = l.rows.iter().any(|r| r.external.is_some());
    let has_raw = l.rows.iter().any(|r| r.raw.is_some());
    let judged = at.judged;
    let has_guess = judged.is_some_and(|j| {
        j.items
            .iter()
            .any(|x| x.item != crate::model::prediction::Item::Total)
    });
    let columns = 5 + usize::from(has_external) + usize::from(has_raw) + usize::from(has_guess);
    let totals = if final_ {
        progress::totals(sc, l)
    } else {
        format!(
            "{} {} so far of {} expected · state store {}",
            sc.names.total, l.actual_total, l.expected_total, l.state_total
        )
    };
    let rows = l
        .rows
        .iter()
        .map(|r| {
            let bad = match r.verdict {
                Verdict::Ok => false,
                Verdict::Duplicate => true,
                Verdict::Lost => final_,
            };
            let is_open = bad && opened.contains(&r.event_id);
            let toggle = r.event_id.clone();
            let button = bad.then(|| {
                view! {
                    <button
                        type="button"
                        class="pn-why-toggle"
                        title="Why? Show the chain of steps"
                        aria-expanded=is_open.to_string()
                        aria-controls=format!("why-{}", r.event_id)
                        on:click=move |_| {
                            open.update(|o| {
                                if let Some(i) = o.iter().position(|x| *x == toggle) {
                                    o.remove(i);
                                } else {
                                    o.push(toggle.clone());
                                }
                            })
                        }
                    >
                        {r.event_id.clone()}
                        <span class="pn-sr">" why?"</span>
                    </button>
                }
            });
            let plain = (!bad).then(|| r.event_id.clone());
            let why = is_open.then(|| {
                view! {
                    <tr class="pn-why" id=format!("why-{}", r.event_id)>
                        <td colspan=columns>{why(sc, t, r.event)}</td>
                    </tr>
                }
            });
            let word = if final_ {
                r.verdict.word()
            } else {
                progress::verdict_so_far(r.verdict)
            };
            let slug = word.replace(' ', "-");
            let icon = (final_ || r.verdict != Verdict::Lost)
                .then(|| view! { <span class="pn-icon" inner_html=svg(Icon::for_verdict(r.verdict))></span> });
            view! {
                <tr
                    data-testid=format!("ledger-row-{}", r.event_id)
                    data-verdict=slug.clone()
                    class=format!("pn-verdict-{slug}")
                >
                    <th scope="row">{button} {plain}</th>
                    // The guess next to the event, where a narrow panel still shows it.
                    {has_guess.then(|| guess_cell(judged, &r.event_id))}
                    <td class="pn-num">{r.amount}</td>
                    <td class="pn-num">{r.effects}</td>
                    <td class="pn-num">{r.state}</td>
                    {has_external.then(|| view! { <td class="pn-num">{r.external.unwrap_or(0)}</td> })}
                    {has_raw.then(|| view! { <td class="pn-num">{r.raw.unwrap_or(0)}</td> })}
                    <td class="pn-verdict">{icon} " " {word}</td>
                </tr>
                {why}
            }
        })
        .collect_view();
    let external = sc.names.external.clone();
    let banner = if final_ {
        view! {
            <p
                role="status"
                data-testid="outcome-banner"
                class=match verdict {
                    RunVerdict::Exact => "pn-banner",
                    RunVerdict::ReaderOk => "pn-banner pn-warn",
                    RunVerdict::Broken => "pn-banner pn-bad",
                }
            >
                <span
                    class="pn-icon"
                    inner_html=svg(if verdict == RunVerdict::Exact { Icon::Ok } else { Icon::Warning })
                ></span>
                " "
                <span class="pn-banner-word">{verdict.words()} " "</span>
                {explain::outcome(sc, t)}
            </p>
        }
        .into_any()
    } else {
        view! {
            <p class="pn-banner pn-pending" data-testid="ledger-pending">
                "Each event's effects so far. The verdict comes at the last step."
            </p>
        }
        .into_any()
    };
    let reveal = judged.map(|j| view! { <PredictionReveal judgement=j.clone()/> });
    view! {
        {banner}
        {reveal}
        <table class="pn-table pn-ledger-table">
            <thead>
                <tr>
                    <th scope="col">"event"</th>
                    {has_guess.then(|| view! { <th scope="col">"you said"</th> })}
                    <th scope="col" class="pn-num">"amount"</th>
                    <th scope="col" class="pn-num">"reader sees"</th>
                    <th scope="col" class="pn-num">"state store"</th>
                    {has_external.then(|| view! { <th scope="col" class="pn-num">{external}</th> })}
                    {has_raw.then(|| view! { <th scope="col" class="pn-num">"raw rows"</th> })}
                    <th scope="col">"verdict"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="pn-totals" data-testid="ledger-totals">{totals}</p>
    }
}

/// The learner's guess for `event_id` beside the verdict, marked right or wrong.
fn guess_cell(judged: Option<&Judgement>, event_id: &str) -> impl IntoView {
    let j = judged.and_then(|j| j.event(event_id));
    let right = j.map(|j| j.right);
    view! {
        <td
            class="pn-guess"
            data-testid=format!("ledger-guess-{event_id}")
            data-right=right.map(|r| r.to_string())
        >
            {match j {
                Some(j) => view! { <AnswerWord answer=j.predicted/> " " <GuessMark right=j.right/> }.into_any(),
                None => view! { <span class="pn-muted">"–"</span> }.into_any(),
            }}
        </td>
    }
}

/// Why `event` was lost or duplicated: the sentence and the chain of steps.
fn why(sc: &Scenario, t: &Trace, event: u32) -> impl IntoView {
    let why = why_chain(sc, t, event).unwrap_or(Why {
        sentence: String::new(),
        steps: Vec::new(),
    });
    view! { <WhyChain why=why/> }
}

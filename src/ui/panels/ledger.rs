//! The ledger of the whole run: every input event's effects and verdict, the
//! business total expected vs seen, and why an event was lost or duplicated.

use super::blocks::glyph_view;
use crate::model::explain::{self, explain_event};
use crate::model::{Scenario, Trace, Verdict};
use crate::render::icons::{svg, Icon};
use crate::ui::state::Lab;
use leptos::prelude::*;

/// The ledger of the final trace (not the cursor): a banner with the run's outcome,
/// one row per input event (amount, effects the reader sees, state store count,
/// external effects and raw rows where the design has them, verdict as icon and
/// word), and the business total expected vs seen. A lost or duplicated event's row
/// opens to say why, with the chain of steps as buttons that move the cursor there.
#[component]
pub fn LedgerView() -> impl IntoView {
    let lab = Lab::expect();
    // Events whose explanation is open; kept across re-simulations.
    let open = RwSignal::new(Vec::<String>::new());
    // One view of one shape: when the run, the open rows or the cursor change, it is
    // updated in place, so a focused button keeps its focus.
    let body = move || {
        let cursor = lab.cursor.get();
        let opened = open.get();
        lab.scenario.with(|sc| {
            lab.trace
                .with(|t| ledger(lab, open, sc, t, cursor, &opened))
        })
    };
    view! {
        <section class="pn-ledger" aria-labelledby="pn-ledger-title" data-testid="ledger">
            <h2 id="pn-ledger-title">"Ledger " <small>"whole run"</small></h2>
            {body}
        </section>
    }
}

fn ledger(
    lab: Lab,
    open: RwSignal<Vec<String>>,
    sc: &Scenario,
    t: &Trace,
    cursor: usize,
    opened: &[String],
) -> impl IntoView {
    let l = &t.ledger;
    let all_ok = l.all_ok();
    let has_external = l.rows.iter().any(|r| r.external.is_some());
    let has_raw = l.rows.iter().any(|r| r.raw.is_some());
    let columns = 5 + usize::from(has_external) + usize::from(has_raw);
    let mark = if l.expected_total == l.actual_total {
        "="
    } else {
        "≠"
    };
    let totals = format!(
        "{} {} expected {mark} {} seen · state store {}",
        sc.names.total, l.expected_total, l.actual_total, l.state_total
    );
    let rows = l
        .rows
        .iter()
        .map(|r| {
            let bad = r.verdict != Verdict::Ok;
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
                        <td colspan=columns>{why(lab, sc, t, r.event, cursor)}</td>
                    </tr>
                }
            });
            let word = r.verdict.word();
            view! {
                <tr
                    data-testid=format!("ledger-row-{}", r.event_id)
                    data-verdict=word
                    class=format!("pn-verdict-{word}")
                >
                    <th scope="row">{button} {plain}</th>
                    <td class="pn-num">{r.amount}</td>
                    <td class="pn-num">{r.effects}</td>
                    <td class="pn-num">{r.state}</td>
                    {has_external.then(|| view! { <td class="pn-num">{r.external.unwrap_or(0)}</td> })}
                    {has_raw.then(|| view! { <td class="pn-num">{r.raw.unwrap_or(0)}</td> })}
                    <td class="pn-verdict">{glyph_view(r.verdict.icon())} " " {word}</td>
                </tr>
                {why}
            }
        })
        .collect_view();
    let external = sc.names.external.clone();
    view! {
        <p
            role="status"
            data-testid="outcome-banner"
            class=if all_ok { "pn-banner" } else { "pn-banner pn-bad" }
        >
            <span inner_html=svg(if all_ok { Icon::Ok } else { Icon::Warning })></span>
            " "
            {explain::outcome(sc, t)}
        </p>
        <table class="pn-table pn-ledger-table">
            <thead>
                <tr>
                    <th scope="col">"event"</th>
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

/// Why `event` was lost or duplicated: the sentence and the chain of steps, each a
/// button that moves the cursor right after that step.
fn why(lab: Lab, sc: &Scenario, t: &Trace, event: u32, cursor: usize) -> impl IntoView {
    let x = explain_event(sc, t, event);
    let steps = x
        .as_ref()
        .map(|x| x.steps.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|&i| t.steps.get(i).map(|s| (i, explain::label(sc, s))))
        .map(|(i, label)| {
            view! {
                <li>
                    <button
                        type="button"
                        class="pn-seek"
                        aria-current=(cursor == i + 1).then_some("step")
                        on:click=move |_| lab.seek(i + 1)
                    >
                        {format!("step {}", i + 1)}
                    </button>
                    " "
                    {label}
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="pn-why-text">{x.map(|x| x.sentence)}</p>
        <ol class="pn-chain" aria-label="chain of steps">{steps}</ol>
    }
}

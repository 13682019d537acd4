//! The ledger of the whole run: every input event's effects and verdict, the
//! business total expected vs seen, and why an event was lost or duplicated.

use super::blocks::glyph_view;
use crate::model::explain::{self, explain_event};
use crate::model::Verdict;
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
    let outcome = move || {
        lab.scenario
            .with(|sc| lab.trace.with(|t| explain::outcome(sc, t)))
    };
    let all_ok = move || lab.trace.with(|t| t.ledger.all_ok());
    let totals = move || {
        lab.scenario.with(|sc| {
            lab.trace.with(|t| {
                let l = &t.ledger;
                let mark = if l.expected_total == l.actual_total {
                    "="
                } else {
                    "≠"
                };
                format!(
                    "{} {} expected {mark} {} seen · state store {}",
                    sc.names.total, l.expected_total, l.actual_total, l.state_total
                )
            })
        })
    };
    let table = move || {
        let (rows, has_external, has_raw) = lab.trace.with(|t| {
            let rows = t.ledger.rows.clone();
            let ext = rows.iter().any(|r| r.external.is_some());
            let raw = rows.iter().any(|r| r.raw.is_some());
            (rows, ext, raw)
        });
        let columns = 5 + usize::from(has_external) + usize::from(has_raw);
        let body = rows
            .into_iter()
            .map(|r| {
                let id = r.event_id.clone();
                let toggle_id = id.clone();
                let open_id = id.clone();
                let is_open = move || open.with(|o| o.contains(&open_id));
                let is_open_attr = is_open.clone();
                let bad = r.verdict != Verdict::Ok;
                let button = bad.then(|| {
                    view! {
                        <button
                            type="button"
                            class="pn-why-toggle"
                            title="Why? Show the chain of steps"
                            aria-expanded=move || is_open_attr().to_string()
                            aria-controls=format!("why-{id}")
                            on:click=move |_| {
                                open.update(|o| {
                                    if let Some(i) = o.iter().position(|x| *x == toggle_id) {
                                        o.remove(i);
                                    } else {
                                        o.push(toggle_id.clone());
                                    }
                                })
                            }
                        >
                            {id.clone()}
                            <span class="pn-sr">" why?"</span>
                        </button>
                    }
                });
                let plain = (!bad).then(|| r.event_id.clone());
                let external = has_external.then(|| {
                    view! { <td class="pn-num">{r.external.unwrap_or(0)}</td> }
                });
                let raw = has_raw.then(|| view! { <td class="pn-num">{r.raw.unwrap_or(0)}</td> });
                let word = r.verdict.word();
                let testid = format!("ledger-row-{}", r.event_id);
                let why = bad.then(|| {
                    let event = r.event;
                    view! {
                        <Show when=is_open.clone()>
                            <tr class="pn-why" id=format!("why-{}", r.event_id)>
                                <td colspan=columns>{why(lab, event)}</td>
                            </tr>
                        </Show>
                    }
                });
                view! {
                    <tr
                        data-testid=testid
                        data-verdict=word
                        class=format!("pn-verdict-{word}")
                    >
                        <th scope="row">{button} {plain}</th>
                        <td class="pn-num">{r.amount}</td>
                        <td class="pn-num">{r.effects}</td>
                        <td class="pn-num">{r.state}</td>
                        {external}
                        {raw}
                        <td class="pn-verdict">
                            {glyph_view(r.verdict.icon())}
                            " "
                            {word}
                        </td>
                    </tr>
                    {why}
                }
            })
            .collect_view();
        let external_head = has_external.then(|| {
            let name = lab.scenario.with(|sc| sc.names.external.clone());
            view! { <th scope="col" class="pn-num">{name}</th> }
        });
        let raw_head = has_raw.then(|| view! { <th scope="col" class="pn-num">"raw rows"</th> });
        view! {
            <table class="pn-table pn-ledger-table">
                <thead>
                    <tr>
                        <th scope="col">"event"</th>
                        <th scope="col" class="pn-num">"amount"</th>
                        <th scope="col" class="pn-num">"reader sees"</th>
                        <th scope="col" class="pn-num">"state store"</th>
                        {external_head}
                        {raw_head}
                        <th scope="col">"verdict"</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        }
    };
    view! {
        <section class="pn-ledger" aria-labelledby="pn-ledger-title" data-testid="ledger">
            <h2 id="pn-ledger-title">"Ledger " <small>"whole run"</small></h2>
            <p
                role="status"
                data-testid="outcome-banner"
                class="pn-banner"
                class=("pn-bad", move || !all_ok())
            >
                <span aria-hidden="true">{move || if all_ok() { "✓ " } else { "⚠ " }}</span>
                {outcome}
            </p>
            {table}
            <p class="pn-totals" data-testid="ledger-totals">{totals}</p>
        </section>
    }
}

/// Why `event` was lost or duplicated: the sentence and the chain of steps, each a
/// button that moves the cursor right after that step.
fn why(lab: Lab, event: u32) -> impl IntoView {
    move || {
        let (sentence, chain) = lab.scenario.with(|sc| {
            lab.trace.with(|t| match explain_event(sc, t, event) {
                Some(x) => {
                    let chain: Vec<(usize, String)> = x
                        .steps
                        .iter()
                        .filter_map(|&i| t.steps.get(i).map(|s| (i, explain::label(sc, s))))
                        .collect();
                    (x.sentence, chain)
                }
                None => (String::new(), Vec::new()),
            })
        });
        let steps = chain
            .into_iter()
            .map(|(i, label)| {
                let here = move || lab.cursor.get() == i + 1;
                view! {
                    <li>
                        <button
                            type="button"
                            class="pn-seek"
                            aria-current=move || here().then_some("step")
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
            <p class="pn-why-text">{sentence}</p>
            <ol class="pn-chain" aria-label="chain of steps">{steps}</ol>
        }
    }
}

//! The sink table (and the merged table of the downstream-dedup design).

use super::{dup_badge, events};
use crate::model::view::{self, RowView};
use crate::ui::state::Lab;
use leptos::prelude::*;

/// The table's rows: key, value, the events behind it, which attempt last wrote it,
/// and how many writes. A row for an event the table holds twice is marked
/// "⧉ duplicate". For downstream dedup the raw table and the merged one.
#[component]
pub fn SinkPanel() -> impl IntoView {
    let lab = Lab::expect();
    move || {
        let s = lab
            .scenario
            .with(|sc| lab.world.with(|w| view::sink(sc, w)));
        let merged = s.merged.map(|(name, ran, rows)| {
            let body = if ran {
                table(rows).into_any()
            } else {
                view! { <p class="pn-empty">"the MERGE job has not run yet"</p> }.into_any()
            };
            view! {
                <p class="pn-sub">{name}</p>
                {body}
            }
        });
        view! {
            <p class="pn-sub">{format!("{} · sum {}", s.table, s.total)}</p>
            {table(s.rows)}
            {merged}
        }
    }
}

fn table(rows: Vec<RowView>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="pn-empty">"no rows"</p> }.into_any();
    }
    // A row per event keyed by its id says its event already; aggregate rows list theirs.
    let show_events = rows
        .iter()
        .any(|r| !matches!(r.events.as_slice(), [e] if e.event_id == r.key && e.times == 1));
    let body = rows
        .into_iter()
        .map(|r| {
            let dup = r.duplicate().then(|| {
                dup_badge(format!(
                    "{} counts more than once in this table",
                    r.duplicates.join(", ")
                ))
            });
            let (key, dup_row) = (r.key.clone(), r.duplicate());
            view! {
                <tr class=("pn-dup", dup_row) data-key=key data-duplicate=dup_row.to_string()>
                    <th scope="row" class="pn-key">{r.key} " " {dup}</th>
                    <td class="pn-num">{r.value}</td>
                    {show_events.then(|| view! { <td>{events(&r.events)}</td> })}
                    <td class="pn-nowrap">{r.attempt}</td>
                    <td class="pn-num">{r.writes}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="pn-table" data-testid="sink-rows">
            <thead>
                <tr>
                    <th scope="col">"key"</th>
                    <th scope="col" class="pn-num">"value"</th>
                    {show_events.then(|| view! { <th scope="col">"events"</th> })}
                    <th scope="col">"written by"</th>
                    <th scope="col" class="pn-num">"writes"</th>
                </tr>
            </thead>
            <tbody>{body}</tbody>
        </table>
    }
    .into_any()
}

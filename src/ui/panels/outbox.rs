//! The outbox table, the CDC relay, the topic it publishes to and its consumer.

use super::dup_icon;
use super::transactions::output_log;
use crate::model::view;
use crate::ui::state::Lab;
use leptos::prelude::*;

/// Outbox rows (published or not), the relay's position and the position it
/// recorded, the outbox topic, and the events its consumer applied (an event applied
/// twice is marked).
#[component]
pub fn OutboxPanel() -> impl IntoView {
    let lab = Lab::expect();
    move || {
        let (o, topic) = lab.scenario.with(|sc| {
            (
                lab.world.with(|w| view::outbox(sc, w)),
                sc.names.output_topic.clone(),
            )
        });
        let rows = if o.rows.is_empty() {
            view! { <p class="pn-empty">"no outbox rows yet"</p> }.into_any()
        } else {
            let body = o
                .rows
                .into_iter()
                .map(|r| {
                    let published = if r.published {
                        "✓ published"
                    } else {
                        "waiting"
                    };
                    view! {
                        <tr>
                            <th scope="row">{format!("#{}", r.id)}</th>
                            <td>{r.event_id}</td>
                            <td class="pn-num">{r.value}</td>
                            <td>{published}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="pn-table">
                    <thead>
                        <tr>
                            <th scope="col">"outbox id"</th>
                            <th scope="col">"event"</th>
                            <th scope="col" class="pn-num">"value"</th>
                            <th scope="col">"relay"</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            }
            .into_any()
        };
        let end = o.log.len() as u64;
        let applied = if o.applied.is_empty() {
            view! { <li class="pn-empty">"nothing applied yet"</li> }.into_any()
        } else {
            o.applied
                .into_iter()
                .map(|a| {
                    let dup = a
                        .duplicate
                        .then(|| dup_icon(format!("{} applied more than once", a.event_id)));
                    view! {
                        <li class=("pn-dup", a.duplicate)>
                            {format!("{} (outbox #{})", a.event_id, a.outbox_id)}
                            " "
                            {dup}
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        };
        let dedup = if o.consumer_dedup {
            "dedupes on outbox id"
        } else {
            "does not dedupe"
        };
        view! {
            {rows}
            <p class="pn-sub">
                {format!(
                    "relay instance {} · next row {} · recorded position {}",
                    o.relay_instance, o.relay_position, o.relay_recorded
                )}
            </p>
            <p class="pn-sub">{format!("topic {topic}")}</p>
            {output_log(o.log, None, end)}
            <p class="pn-sub">
                {format!("consumer at offset {} · {dedup}", o.consumer_position)}
            </p>
            <ul class="pn-list">{applied}</ul>
        }
    }
}

//! The upstream producer writing the input topic.

use super::fact;
use crate::model::view;
use crate::ui::state::Lab;
use leptos::prelude::*;

/// Producer id and epoch, next sequence number per partition, and how many events
/// were sent and acknowledged.
#[component]
pub fn ProducerPanel() -> impl IntoView {
    let lab = Lab::expect();
    move || {
        let p = lab
            .scenario
            .with(|sc| lab.world.with(|w| view::producer(sc, w)));
        let seq = if p.next_sequence.is_empty() {
            "–".to_string()
        } else {
            p.next_sequence.join(", ")
        };
        view! {
            <dl class="pn-facts">
                {fact("producer id", p.producer_id.to_string())}
                {fact("epoch", p.epoch.to_string())}
                {fact("next sequence", seq)}
                {fact("sent / acked", format!("{} / {} of {}", p.sent, p.acked, p.total))}
                {fact(
                    "enable.idempotence",
                    if p.idempotent { "on: retries are deduped" } else { "off: a retry appends again" }
                        .to_string(),
                )}
            </dl>
        }
    }
}

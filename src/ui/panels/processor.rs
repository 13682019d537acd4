//! The processor instance (consumer, state store owner, producer) and a zombie.

use super::fact;
use crate::model::view::{self, InstanceView};
use crate::ui::state::Lab;
use leptos::prelude::*;

/// The live instance: number, status, generation, position, records processed but
/// not committed, its producer session and open transaction; below it, a paused or
/// awake old instance (a zombie) if there is one.
#[component]
pub fn ProcessorPanel() -> impl IntoView {
    let lab = Lab::expect();
    move || {
        let p = lab
            .scenario
            .with(|sc| lab.world.with(|w| view::processor(sc, w)));
        let zombie = p.zombie.map(|z| {
            view! {
                <div class="pn-zombie" data-testid="zombie">
                    <p class="pn-sub">
                        <span aria-hidden="true">"🧟 "</span>
                        {format!("Old instance {}, {}", z.instance, z.status)}
                    </p>
                    {instance(z, None)}
                </div>
            }
        });
        view! {
            {instance(p.current, Some((p.group_generation, p.clock)))}
            {zombie}
        }
    }
}

fn list(items: Vec<String>) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

fn instance(i: InstanceView, live: Option<(u32, String)>) -> impl IntoView {
    let group = live
        .as_ref()
        .map(|(g, _)| format!(" (group {g})"))
        .unwrap_or_default();
    let head = fact(
        "instance",
        format!(
            "{} · {} · generation {}{group}",
            i.instance, i.status, i.generation
        ),
    );
    let clock = live.map(|(_, clock)| fact("time", clock));
    let session = i.session.map(|s| fact("producer session", s));
    let txn = i.open_txn.map(|t| fact("open transaction", t));
    view! {
        <dl class="pn-facts">
            {head}
            {fact("position", list(i.position))}
            {fact("uncommitted", list(i.uncommitted))}
            {session}
            {txn}
            {clock}
        </dl>
    }
}

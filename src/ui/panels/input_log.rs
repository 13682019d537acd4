//! The input topic: each partition's records, the processor's position (▸) and the
//! committed offset (⚑).

use super::{dup_icon, glyph};
use crate::model::view;
use crate::ui::state::Lab;
use leptos::prelude::*;

/// Each partition's log as a row of cells (offset and event id). ▸ marks the
/// processor's next fetch, ⚑ the committed offset a restart resumes from; both can
/// sit past the last record. An event in the log twice is marked ⧉.
#[component]
pub fn InputLogPanel() -> impl IntoView {
    let lab = Lab::expect();
    let parts = move || {
        lab.scenario
            .with(|sc| lab.world.with(|w| view::input_log(sc, w)))
    };
    view! {
        {move || parts().into_iter().map(partition).collect_view()}
        <p class="pn-legend">
            "▸ next fetch · ⚑ committed offset (a restart resumes here) · "
            {glyph("⧉")}
            " in the log twice"
        </p>
    }
}

fn marks(log: &view::PartitionLog, offset: u64) -> impl IntoView {
    let pos = (log.position == offset).then(|| {
        view! {
            <span
                class="pn-pos"
                data-testid="position-marker"
                data-offset=offset
                title=format!("processor position: next fetch is offset {offset}")
            >
                "▸"
            </span>
        }
    });
    let committed = (log.committed == offset).then(|| {
        view! {
            <span
                class="pn-commit"
                data-testid="committed-marker"
                data-offset=offset
                title=format!("committed offset {offset}: a restart resumes here")
            >
                "⚑"
            </span>
        }
    });
    view! { <span class="pn-marks">{pos} {committed}</span> }
}

fn partition(log: view::PartitionLog) -> impl IntoView {
    let head = format!(
        "p{} · ▸ position {} · ⚑ committed {} · end {}",
        log.partition, log.position, log.committed, log.end
    );
    let before = (log.hidden_before > 0).then(|| {
        view! { <li class="pn-cell pn-more">{format!("… {}", log.hidden_before)}</li> }
    });
    let after = (log.hidden_after > 0).then(|| {
        view! { <li class="pn-cell pn-more">{format!("{} …", log.hidden_after)}</li> }
    });
    let cells = log
        .cells
        .iter()
        .map(|c| {
            let dup = c
                .duplicate
                .then(|| dup_icon(format!("{} is in the topic more than once", c.event_id)));
            view! {
                <li
                    class="pn-cell"
                    class=("pn-dup", c.duplicate)
                    data-offset=c.offset
                    title=format!("offset {}: {} ({})", c.offset, c.event_id, c.amount)
                >
                    {marks(&log, c.offset)}
                    <span class="pn-off">{c.offset}</span>
                    <span class="pn-ev">{c.event_id.clone()}</span>
                    {dup}
                </li>
            }
        })
        .collect_view();
    // The slot past the last record, where ▸ and ⚑ sit once everything is read.
    let end = (log.hidden_after == 0).then(|| {
        view! {
            <li class="pn-cell pn-end" data-offset=log.end title="log end: the next record goes here">
                {marks(&log, log.end)}
                <span class="pn-off">{log.end}</span>
                <span class="pn-ev">"end"</span>
            </li>
        }
    });
    view! {
        <div class="pn-log" data-testid=format!("input-log-p{}", log.partition)>
            <p class="pn-log-head">{head}</p>
            <ol class="pn-cells" aria-label=format!("partition {}", log.partition)>
                {before}
                {cells}
                {after}
                {end}
            </ol>
        </div>
    }
}

//! What the downstream reader sees at this step.

use super::dup_icon;
use crate::model::view::{self, ReaderColumn};
use crate::ui::state::Lab;
use leptos::prelude::*;

/// The effects the downstream reader sees and its total; for Kafka designs a
/// read_committed and a read_uncommitted reader side by side, the pipeline's own
/// one marked.
#[component]
pub fn ReaderPanel() -> impl IntoView {
    let lab = Lab::expect();
    move || {
        let (cols, total) = lab.scenario.with(|sc| {
            let cols = lab.world.with(|w| view::readers(sc, w));
            (cols, sc.names.total.clone())
        });
        let two = cols.len() > 1;
        let cols = cols
            .into_iter()
            .map(|c| column(c, &total, two))
            .collect_view();
        view! { <div class="pn-readers" class=("pn-two", two)>{cols}</div> }
    }
}

fn column(c: ReaderColumn, total: &str, two: bool) -> impl IntoView {
    let mine =
        (two && c.configured).then(|| view! { <span class="pn-badge">"this pipeline"</span> });
    let items = if c.rows.is_empty() {
        view! { <li class="pn-empty">"nothing visible"</li> }.into_any()
    } else {
        c.rows
            .into_iter()
            .map(|r| {
                let dup = r
                    .duplicate
                    .then(|| dup_icon(format!("{} is seen more than once", r.event_id)));
                view! {
                    <li class=("pn-dup", r.duplicate)>
                        <span class="pn-ev">{r.event_id}</span>
                        " "
                        <span class="pn-num">{r.amount}</span>
                        " "
                        {dup}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    let name = c.title.clone();
    view! {
        <div class="pn-reader" data-reader=name>
            <p class="pn-sub">
                <code>{c.title}</code>
                " "
                {mine}
            </p>
            <ul class="pn-list">{items}</ul>
            <p class="pn-total">{format!("{total} {}", c.total)}</p>
        </div>
    }
}

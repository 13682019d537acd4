//! The matrix of designs × fault kinds the search filled: each cell says ok, lost or
//! duplicate with an icon and a word, and how many placements broke the design; a
//! broken cell is a button that opens its smallest counterexample.

use crate::model::explore::describe_in_words;
use crate::model::search::{effect_words, Cell, CellOutcome};
use crate::model::{DesignKind, FaultKind};
use crate::render::icons::{svg, Icon};
use leptos::prelude::*;

/// The matrix; `on_open` receives a broken cell the learner opens.
#[component]
pub fn FaultMatrix(
    /// The cells, design by design, each design's kinds in the same order.
    cells: Signal<Vec<Cell>>,
    /// The most faults per placement the cells were searched with.
    depth: RwSignal<usize>,
    /// Opens a cell's smallest counterexample.
    on_open: Callback<Cell>,
) -> impl IntoView {
    let kinds = move || {
        let mut ks: Vec<FaultKind> = Vec::new();
        cells.with(|cs| {
            for c in cs {
                if !ks.contains(&c.kind) {
                    ks.push(c.kind);
                }
            }
        });
        ks
    };
    let head = move || {
        kinds()
            .into_iter()
            .map(|k| {
                view! {
                    <th scope="col">
                        <span class="icon-slot" inner_html=svg(Icon::for_fault(k))></span>
                        {k.title()}
                    </th>
                }
            })
            .collect_view()
    };
    let rows = move || {
        DesignKind::ALL
            .iter()
            .map(|&d| {
                let row: Vec<Cell> = cells.with(|cs| cs.iter().filter(|c| c.design == d).cloned().collect());
                view! {
                    <tr>
                        <th scope="row">{d.title()}</th>
                        {row.into_iter().map(|c| view! { <MatrixCell cell=c on_open=on_open/> }).collect_view()}
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="fault-matrix" data-testid="fault-matrix">
            <table>
                <caption>
                    "Each design under each fault kind alone, "
                    {move || match depth.get() {
                        1 => "one fault per placement".to_string(),
                        n => format!("up to {n} faults per placement"),
                    }}
                    ": the outcome of its smallest breaking placement, and how many placements broke it. A broken cell opens its counterexample."
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Design"</th>
                        {head}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// One cell: icon, word and count; a button when there is a counterexample.
#[component]
fn MatrixCell(cell: Cell, on_open: Callback<Cell>) -> impl IntoView {
    let icon = cell.outcome.verdict().map(Icon::for_verdict);
    let word = cell.outcome.word();
    let count = match cell.outcome {
        CellOutcome::DoesNotApply => "fits nowhere".to_string(),
        _ => format!("{} of {}", cell.broken, cell.tried),
    };
    let label = format!(
        "{} with {}: {word}, {} of {} placements break it",
        cell.design.title(),
        cell.kind.title(),
        cell.broken,
        cell.tried
    );
    let testid = format!("matrix-{}-{}", cell.design.slug(), cell.kind.slug());
    let inner = view! {
        <span class="icon-slot" inner_html=icon.map(svg).unwrap_or("")></span>
        <span class="cell-word">{word}</span>
        <span class="cell-count">{count}</span>
    };
    let class = format!("matrix-cell cell-{word}").replace('/', "");
    match cell.smallest.clone() {
        Some(b) if !b.faults.is_empty() => {
            let title = format!(
                "{}: {} → {}",
                label,
                describe_in_words(&b.faults),
                effect_words(&b)
            );
            view! {
                <td class=class>
                    <button
                        type="button"
                        data-testid=testid
                        title=title.clone()
                        aria-label=format!("{title}. Open it on the diagram")
                        on:click=move |_| on_open.run(cell.clone())
                    >
                        {inner}
                    </button>
                </td>
            }
            .into_any()
        }
        _ => view! {
            <td class=class data-testid=testid title=label>
                <span class="cell-body">{inner}</span>
            </td>
        }
        .into_any(),
    }
}

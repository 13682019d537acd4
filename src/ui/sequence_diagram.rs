use leptos::prelude::*;

/// Horizontal room for one lifeline.
const LANE_W: f64 = 136.0;
/// The actor's box at the top of its lifeline.
const BOX_W: f64 = 122.0;
const BOX_H: f64 = 50.0;
/// Space above the boxes.
const TOP: f64 = 12.0;
/// Length of the dashed lifeline under each box.
const LIFELINE_H: f64 = 320.0;
/// Longest label line, in characters, before it wraps.
const WRAP_AT: usize = 12;
/// Distance between two lines of a label.
const LINE_H: f64 = 16.0;

/// A sequence diagram of the pipeline: one labelled box per actor, left to right,
/// with a dashed lifeline under it.
///
/// Each lifeline is an SVG group carrying `data-lifeline="<actor>"`, so tests and
/// styles can find it by name.
#[component]
pub fn SequenceDiagram(
    /// The actors' names, left to right.
    actors: Vec<String>,
) -> impl IntoView {
    let n = actors.len().max(1) as f64;
    let width = n * LANE_W;
    let height = TOP + BOX_H + LIFELINE_H;
    let label = format!("Sequence diagram of the pipeline: {}", actors.join(", "));

    let lifelines = actors
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let cx = LANE_W * (i as f64 + 0.5);
            let lines = wrap(&name, WRAP_AT);
            // Centre the block of lines vertically in the box.
            let first_y = TOP + BOX_H / 2.0 - LINE_H * (lines.len() as f64 - 1.0) / 2.0;
            let tspans = lines
                .into_iter()
                .enumerate()
                .map(|(k, line)| {
                    view! {
                        <tspan x=cx y=first_y + LINE_H * k as f64>
                            {line}
                        </tspan>
                    }
                })
                .collect_view();
            view! {
                <g class="lifeline" data-lifeline=name>
                    <line
                        class="lifeline-line"
                        x1=cx
                        y1=TOP + BOX_H
                        x2=cx
                        y2=height
                    />
                    <rect
                        class="actor-box"
                        x=cx - BOX_W / 2.0
                        y=TOP
                        width=BOX_W
                        height=BOX_H
                        rx="6"
                    />
                    <text class="actor-label" text-anchor="middle" dominant-baseline="middle">
                        {tspans}
                    </text>
                </g>
            }
        })
        .collect_view();

    view! {
        <svg
            class="sequence-diagram"
            role="img"
            aria-label=label
            viewBox=format!("0 0 {width} {height}")
            width=width
            height=height
        >
            {lifelines}
        </svg>
    }
}

/// Splits `text` into lines of at most `max` characters at spaces (a single longer
/// word stays whole on its own line).
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= max => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

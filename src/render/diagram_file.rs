//! The diagram at one step as a standalone SVG file (for slides): a title, the
//! lifeline heads, the step numbers and the rows of [`super::diagram`], the rows
//! after the cursor dimmed and the current one marked, with the styles it needs
//! written into the file so it looks the same anywhere it is opened.

use super::diagram;
use super::geometry::{self as geo, Layout};
use super::markup::{Html, Px};
use crate::model::boundary::commit_boundary;
use crate::model::explain;
use crate::model::trace::{lanes, Actor, Trace};
use crate::model::Scenario;

/// The width the file's diagram is laid out for (px).
const FILE_WIDTH: f64 = 1000.0;
/// The title lines above the heads.
const TITLE_H: f64 = 62.0;
/// The lifeline heads' band.
const HEAD_H: f64 = 46.0;

/// The styles of the file: the lab's diagram styles, colours written out.
const STYLE: &str = "\
svg.eoslab{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:11.5px;color:#1d2430}\
.bg{fill:#fff}\
.file-title{font-size:15px;font-weight:700;fill:#1d2430}\
.file-step{font-size:12px;fill:#5b6472}\
.head-box{fill:#e8f0fd;stroke:#2f6fde;stroke-width:1.5}\
.head-box.inside{stroke:#1b7a3d}\
.head-box.outside{fill:#fff;stroke:#b3261e;stroke-dasharray:5 3}\
.head-name{font-size:10.5px;font-weight:600;fill:#1d2430;text-anchor:middle}\
.step-nos text{font-size:10px;fill:#5b6472;text-anchor:end}\
.eos-region{fill:rgba(27,122,61,.07);stroke:#1b7a3d;stroke-width:1.2;stroke-dasharray:6 3}\
.lifeline-line{stroke:#c9d0da;stroke-width:1.5;stroke-dasharray:6 5}\
.row-bg{fill:transparent}\
.arrow .shaft{stroke:#1d2430;stroke-width:1.4;fill:none}\
.arrow .head{fill:#1d2430}\
.arrow .label,.fault-text,.txn-name{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}\
.arrow .label{fill:#1d2430}\
.arrow .mark{color:#1d2430}\
.arrow.zombie .shaft{stroke:#6f3fb0;stroke-dasharray:5 3}\
.arrow.zombie .head,.arrow.zombie .label{fill:#6f3fb0}\
.arrow.zombie .mark{color:#6f3fb0}\
.arrow.refused .shaft{stroke:#b3261e;stroke-dasharray:2 3}\
.arrow.refused .head,.arrow.refused .label{fill:#b3261e}\
.arrow.refused .mark{color:#b3261e}\
.arrow.noop .shaft{stroke:#5b6472;stroke-dasharray:1 3}\
.arrow.noop .head,.arrow.noop .label{fill:#5b6472}\
.arrow.noop .mark{color:#5b6472}\
.fault-band{fill:#fde7e4;stroke:#b3261e;stroke-width:1;stroke-dasharray:4 2}\
.fault-text{fill:#b3261e;font-weight:700;stroke:#fde7e4}\
.fault-step .mark{color:#b3261e}\
.txn-fill{fill:rgba(47,111,222,.06);stroke:rgba(47,111,222,.35);stroke-dasharray:2 3}\
.txn-bracket{fill:none;stroke:#2f6fde;stroke-width:1.5}\
.txn-name{fill:#2f6fde;font-size:10.5px}\
.now-line{stroke:#f5c542;stroke-width:2}";

/// The lines a head's name wraps to in `chars` characters (at spaces and after
/// hyphens, never inside a word).
fn wrap(name: &str, chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let pieces = name.split(' ').flat_map(|w| {
        let parts: Vec<&str> = w.split_inclusive('-').collect();
        let last = parts.len().saturating_sub(1);
        parts
            .into_iter()
            .enumerate()
            .map(move |(i, p)| (p, i == last))
    });
    let mut line = String::new();
    let mut spaced = false;
    for (piece, ends_word) in pieces {
        let extra = usize::from(spaced && !line.is_empty());
        if !line.is_empty() && line.chars().count() + extra + piece.chars().count() > chars {
            lines.push(std::mem::take(&mut line));
        } else if extra == 1 {
            line.push(' ');
        }
        line.push_str(piece);
        spaced = ends_word;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The lifeline heads as SVG boxes with their names.
fn heads(h: &mut Html, sc: &Scenario, lay: &Layout, y: f64) {
    let boundary = commit_boundary(&sc.design);
    for (c, a) in lanes(sc).iter().enumerate() {
        let name = explain::actor_name(sc, *a);
        let effect = matches!(a, Actor::Sink | Actor::External);
        let class = match (boundary.contains(a), effect) {
            (true, _) => "head-box inside",
            (false, true) => "head-box outside",
            _ => "head-box",
        };
        h.start("rect");
        h.attr("class", class);
        h.num("x", lay.lane_left(c) + 2.0);
        h.num("y", y);
        h.num("width", lay.col - 4.0);
        h.num("height", HEAD_H - 8.0);
        h.num("rx", 6usize);
        h.end_empty();
        let lines = wrap(
            &name,
            ((lay.col - 8.0) / geo::HEAD_CHAR_W).floor().max(1.0) as usize,
        );
        let n = lines.len().min(3);
        let top = y + (HEAD_H - 8.0) / 2.0 - (n as f64 - 1.0) * 6.0 + 4.0;
        for (i, line) in lines.iter().take(3).enumerate() {
            h.start("text");
            h.attr("class", "head-name");
            h.num("x", lay.lane_x(c));
            h.num("y", top + i as f64 * 12.0);
            h.end();
            h.text(line);
            h.close("text");
        }
    }
}

/// The styles of the cursor: rows after it dimmed, its own row marked.
fn cursor_style(cursor: usize) -> String {
    format!(
        ".seq-rows .row:nth-child(n+{0}),.step-nos text:nth-child(n+{0}){{opacity:.45}}\
         .seq-rows .row:nth-child({1}) .row-bg{{fill:#fff4cc}}\
         .step-nos text:nth-child({1}){{fill:#1d2430;font-weight:700}}\
         .seq-rows .row:nth-child({1}) .label{{stroke:#fff4cc;font-weight:600}}",
        cursor + 1,
        cursor
    )
}

/// A standalone SVG document and its size in px.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SvgFile {
    /// The document.
    pub svg: String,
    /// Its width.
    pub width: u32,
    /// Its height.
    pub height: u32,
}

/// The diagram of `sc`'s run `t` with the cursor after `cursor` steps, as a
/// standalone SVG document. `title` heads it (the lesson's title).
pub fn standalone(sc: &Scenario, t: &Trace, cursor: usize, title: &str) -> SvgFile {
    let names: Vec<String> = lanes(sc)
        .iter()
        .map(|a| explain::actor_name(sc, *a))
        .collect();
    let lay = geo::layout_fitting(FILE_WIDTH, names.len(), geo::min_col_for(&names));
    let steps = t.steps.len();
    let cursor = cursor.min(steps);
    let body_y = TITLE_H + HEAD_H;
    let width = lay.width().ceil();
    let height = (body_y + geo::rows_height(steps) + 8.0).ceil();
    let mut h = Html::with_capacity(steps * 480 + 4096);
    h.raw(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    h.raw("\n");
    h.start("svg");
    h.attr("xmlns", "http://www.w3.org/2000/svg");
    h.attr("class", "eoslab");
    h.num("width", width);
    h.num("height", height);
    h.attr("viewBox", &format!("0 0 {} {}", Px(width), Px(height)));
    h.end();
    h.start("style");
    h.end();
    h.raw(STYLE);
    h.text(&cursor_style(cursor));
    h.close("style");
    h.start("rect");
    h.attr("class", "bg");
    h.attr("width", "100%");
    h.attr("height", "100%");
    h.end_empty();
    let heading = format!("{} — {}", title.trim(), sc.design.kind.title());
    let step = match cursor.checked_sub(1).and_then(|i| t.steps.get(i)) {
        Some(s) => format!("Step {cursor} of {steps}: {}", explain::label(sc, s)),
        None => format!("Step 0 of {steps}: before the first step"),
    };
    let legend = if commit_boundary(&sc.design).is_empty() {
        "No exactly-once boundary: the offset commit and each write are separate.".to_string()
    } else {
        "Shaded: the exactly-once boundary, one atomic commit. Dashed heads: effects outside it."
            .to_string()
    };
    for (class, y, text) in [
        ("file-title", 19.0, heading),
        ("file-step", 37.0, step),
        ("file-step", 53.0, legend),
    ] {
        h.start("text");
        h.attr("class", class);
        h.num("x", 8usize);
        h.num("y", y);
        h.end();
        h.text(&text);
        h.close("text");
    }
    heads(&mut h, sc, &lay, TITLE_H);
    h.start("g");
    h.attr("transform", &format!("translate(0,{})", Px(body_y)));
    h.end();
    h.raw(r#"<g class="step-nos">"#);
    // The rows and numbers are markup of the same escaping writer.
    let mut out = h.finish();
    out.push_str(&diagram::step_numbers(steps));
    out.push_str(r#"</g><g class="sequence-diagram">"#);
    out.push_str(&diagram::rows(sc, t, &lay));
    out.push_str("</g>");
    let mut h = Html::with_capacity(256);
    h.start("line");
    h.attr("class", "now-line");
    h.num("x1", 0usize);
    h.num("x2", width);
    h.num("y1", geo::row_y(cursor));
    h.num("y2", geo::row_y(cursor));
    h.end_empty();
    h.close("g");
    h.close("svg");
    out.push_str(h.as_str());
    SvgFile {
        svg: out,
        width: width as u32,
        height: height as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{presets, simulate};

    fn file(slug: &str, cursor: usize) -> (String, usize) {
        let p = presets::find(slug).unwrap();
        let t = simulate(&p.scenario);
        let f = standalone(&p.scenario, &t, cursor, p.title);
        assert!(f
            .svg
            .contains(&format!(" width=\"{}\" height=\"{}\"", f.width, f.height)));
        (f.svg, t.steps.len())
    }

    #[test]
    fn the_file_stands_alone() {
        let (svg, steps) = file("db-then-commit", 3);
        assert!(svg.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""
        ));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("<style>"), "styles inside the file");
        assert!(
            !svg.contains("var(--"),
            "no variables of the lab's style sheets"
        );
        assert_eq!(svg.matches("class=\"row\"").count(), steps);
        assert_eq!(svg.matches("<svg").count(), svg.matches("</svg>").count());
        assert!(
            svg.contains("class=\"head-box"),
            "the lifeline heads are in the file"
        );
        assert!(svg.contains(&format!("Step 3 of {steps}: ")));
    }

    #[test]
    fn the_cursor_dims_what_has_not_happened() {
        let (svg, _) = file("db-then-commit", 3);
        assert!(
            svg.contains(".seq-rows .row:nth-child(n+4)"),
            "rows after step 3 dimmed"
        );
        assert!(svg.contains(".seq-rows .row:nth-child(3) .row-bg{fill:#fff4cc}"));
        assert!(svg.contains(&format!("y1=\"{}\"", Px(geo::row_y(3)))));
        let (start, steps) = file("db-then-commit", 0);
        assert!(start.contains(&format!("Step 0 of {steps}: before the first step")));
        let (past_end, _) = file("db-then-commit", 10_000);
        assert!(
            past_end.contains(&format!("Step {steps} of {steps}")),
            "clamped to the run"
        );
    }

    #[test]
    fn names_and_titles_from_a_scenario_are_escaped() {
        let mut sc = presets::find("loyalty-email").unwrap().scenario;
        let evil = "</style><script>alert(1)</script>";
        sc.names.input_topic = evil.into();
        sc.workload.events[0].id = evil.into();
        let t = simulate(&sc);
        let svg = standalone(&sc, &t, 2, evil).svg;
        assert!(!svg.contains("<script"), "{svg}");
        assert_eq!(svg.matches("</style>").count(), 1);
    }

    #[test]
    fn head_names_wrap_between_words() {
        assert_eq!(wrap("orders topic", 20), vec!["orders topic"]);
        assert_eq!(wrap("orders topic", 8), vec!["orders", "topic"]);
        assert_eq!(wrap("fact-revenue-1m", 9), vec!["fact-", "revenue-", "1m"]);
        assert_eq!(
            wrap("supercalifragilistic", 4),
            vec!["supercalifragilistic"]
        );
    }
}

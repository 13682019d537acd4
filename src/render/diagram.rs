//! The read-only parts of the sequence diagram, written as markup in one go: the
//! lifeline heads, and the rows (lifelines, transaction bands, one arrow per step
//! with its number, label and marks). Words come from `model::explain`; positions
//! from [`super::geometry`]. The parts a learner touches (gaps, placed faults) are
//! typed components of the lab, not markup.

use super::geometry::{self as geo, Layout, GUTTER, ROW, TOKEN_W, TOKEN_X};
use super::icons::{self, svg, Icon};
use super::markup::{Html, Px};
use crate::model::boundary::commit_boundary;
use crate::model::explain;
use crate::model::trace::{lanes, Actor, Outcome, Step, Trace};
use crate::model::{Scenario, StepKind};

/// Width of an icon in front of a label (px).
const ICON_W: f64 = 14.0;

/// What an arrow says: the marks in front of its label and the label itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArrowText {
    /// Icons before the label (a zombie acted; refused; no effect).
    pub marks: Vec<Icon>,
    /// The label, with the outcome's reason when the label does not already say it.
    pub text: String,
}

/// The words of an arrow: the model's label, with marks for zombies and for steps
/// that were refused or changed nothing (never colour alone).
pub fn arrow_text(sc: &Scenario, s: &Step) -> ArrowText {
    let label = explain::label(sc, s);
    let mut marks = Vec::new();
    if s.zombie {
        marks.push(Icon::Zombie);
    }
    let text = match icons::outcome_mark(s) {
        Some((icon, word)) => {
            marks.push(icon);
            if label
                .to_ascii_lowercase()
                .contains(&word.to_ascii_lowercase())
            {
                label
            } else {
                format!("{label} — {word}")
            }
        }
        None => label,
    };
    ArrowText { marks, text }
}

/// The words of a fault's row: its title, and what the model says it does.
pub fn fault_text(sc: &Scenario, s: &Step) -> String {
    let label = explain::label(sc, s);
    if s.fault.and_then(|i| sc.faults.get(i as usize)).is_none() {
        return label;
    }
    let rest = label.trim();
    let title = explain::fault_title(sc, s);
    if rest.eq_ignore_ascii_case(title) {
        title.to_string()
    } else {
        format!("{title} — {rest}")
    }
}

/// `text` shortened at a word boundary to at most `max` characters (with `…`),
/// or `None` when it fits. Never cuts a word: a first word longer than `max` is
/// kept whole.
pub fn abbreviate(text: &str, max: usize) -> Option<String> {
    if text.chars().count() <= max {
        return None;
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let len = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if !out.is_empty() && len + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if len + 1 > max {
            break;
        }
    }
    out.push('…');
    Some(out)
}

/// A label at (`x`, `y`) with room for `room` px: whole if it fits, else
/// shortened at a word with the full text as its tooltip.
fn label(h: &mut Html, class: &'static str, x: f64, y: f64, room: f64, text: &str) {
    let short = abbreviate(text, geo::chars_in(room));
    if short.is_some() {
        h.start("title");
        h.end();
        h.text(text);
        h.close("title");
    }
    h.start("text");
    h.attr("class", class);
    h.num("x", x);
    h.num("y", y);
    h.end();
    h.text(short.as_deref().unwrap_or(text));
    h.close("text");
}

/// Icons at (`x`, `y` top), one after the other; returns the x after them.
fn marks(h: &mut Html, marks: &[Icon], x: f64, y: f64) -> f64 {
    let mut x = x;
    for m in marks {
        h.start("g");
        h.attr("class", "mark");
        h.attr(
            "transform",
            &format!("translate({},{}) scale(.75)", Px(x), Px(y)),
        );
        h.end();
        h.raw(svg(*m));
        h.close("g");
        x += ICON_W;
    }
    x
}

/// Runs of neighbouring lanes inside `boundary`: (first lane, lanes in the run).
fn runs(lanes: &[Actor], boundary: &[Actor]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (c, a) in lanes.iter().enumerate() {
        if !boundary.contains(a) {
            continue;
        }
        match out.last_mut() {
            Some((first, n)) if *first + *n == c => *n += 1,
            _ => out.push((c, 1)),
        }
    }
    out
}

/// Whether an actor's changes are effects a replay can repeat (a row, a call),
/// so the diagram marks them when they lie outside the boundary.
fn is_effect(a: Actor) -> bool {
    matches!(a, Actor::Sink | Actor::External)
}

/// The label over the lanes of a design's atomic commit.
const BOUNDARY: &str = "exactly-once boundary: one atomic commit";
/// The same, over a single lane.
const BOUNDARY_SHORT: &str = "exactly-once boundary";

/// The strip above the lifeline heads that names the exactly-once boundary: one
/// label over the lanes the design's atomic commit covers, and "outside" over the
/// effects it does not.
fn boundary_strip(h: &mut Html, lanes: &[Actor], boundary: &[Actor], lay: &Layout) {
    h.raw(r#"<div class="eos-strip"><span class="head-gutter" aria-hidden="true"></span>"#);
    if boundary.is_empty() {
        h.el(
            "span",
            "eos-none",
            "no exactly-once boundary: the offset commit and each write are separate",
        );
        h.close("div");
        return;
    }
    let mut c = 0;
    for (first, n) in runs(lanes, boundary) {
        while c < first {
            lane_note(h, lanes[c], lay.col);
            c += 1;
        }
        let style = format!("width:{}px", Px(lay.col * n as f64));
        let main = n * 2 >= boundary.len() || c == 0;
        // Over one narrow lane the whole phrase would stack five lines high and
        // push the rows down: the label keeps its first words, the title the rest.
        let (text, title) = match (main, n) {
            (true, 1) => (BOUNDARY_SHORT, Some(BOUNDARY)),
            (true, _) => (BOUNDARY, None),
            (false, _) => ("same commit", None),
        };
        h.open(
            "span",
            &[
                ("class", Some("eos-label")),
                ("style", Some(&style)),
                ("title", title),
            ],
        );
        h.text(text);
        h.close("span");
        c = first + n;
    }
    while c < lanes.len() {
        lane_note(h, lanes[c], lay.col);
        c += 1;
    }
    h.close("div");
}

fn lane_note(h: &mut Html, a: Actor, col: f64) {
    let style = format!("width:{}px", Px(col));
    if is_effect(a) {
        h.open(
            "span",
            &[("class", Some("eos-out")), ("style", Some(&style))],
        );
        h.text("outside the commit");
        h.close("span");
    } else {
        h.open(
            "span",
            &[("class", Some("eos-gap")), ("style", Some(&style))],
        );
        h.close("span");
    }
}

/// The lifeline heads, one per lane and `lay.col` wide, under the strip that names
/// the exactly-once boundary. Names wrap at spaces and hyphens (never clipped);
/// the full name is also the head's tooltip.
pub fn heads(sc: &Scenario, lay: &Layout) -> String {
    let lanes = lanes(sc);
    let boundary = commit_boundary(&sc.design);
    let mut h = Html::with_capacity(1024);
    boundary_strip(&mut h, lanes, &boundary, lay);
    h.raw(r##"<div class="head-row"><span class="head-step head-gutter" aria-hidden="true">#</span>"##);
    for a in lanes {
        let name = explain::actor_name(sc, *a);
        let style = format!("width:{}px", Px(lay.col));
        let class = match (boundary.contains(a), is_effect(*a)) {
            (true, _) => "lifeline-head inside",
            (false, true) => "lifeline-head outside",
            _ => "lifeline-head",
        };
        h.open(
            "div",
            &[("class", Some("lane-head")), ("style", Some(&style))],
        );
        h.open(
            "div",
            &[
                ("class", Some(class)),
                ("data-lifeline", Some(&name)),
                ("title", Some(&name)),
            ],
        );
        h.text(&name);
        h.close("div");
        h.close("div");
    }
    h.close("div");
    h.finish()
}

/// The shaded region behind the lanes of the design's atomic commit.
fn boundary_region(h: &mut Html, lanes: &[Actor], boundary: &[Actor], lay: &Layout, height: f64) {
    for (first, n) in runs(lanes, boundary) {
        h.start("rect");
        h.attr("class", "eos-region");
        h.num("x", lay.lane_left(first) + 2.0);
        h.num("y", 0usize);
        h.num("width", lay.col * n as f64 - 4.0);
        h.num("height", height);
        h.num("rx", 6usize);
        h.end_empty();
    }
}

/// The step numbers, one per row, for the gutter that stays in view when the
/// diagram scrolls sideways.
pub fn step_numbers(steps: usize) -> String {
    step_numbers_in(0..steps)
}

/// The numbers of the steps in `range` (0-based), to add to those drawn.
pub fn step_numbers_in(range: std::ops::Range<usize>) -> String {
    let mut h = Html::with_capacity(range.len() * 48);
    for i in range {
        h.start("text");
        h.num("x", GUTTER - 8.0);
        h.num("y", geo::row_y(i) + 17.0);
        h.end();
        h.text(&(i + 1).to_string());
        h.close("text");
    }
    h.finish()
}

/// Transactions: the span of the steps that share one (txn, first, last, steps).
fn txn_spans(t: &Trace) -> Vec<(u32, usize, usize, usize)> {
    let mut spans: Vec<(u32, usize, usize, usize)> = Vec::new();
    for (i, s) in t.steps.iter().enumerate() {
        if let Some(tx) = s.txn {
            match spans.iter_mut().find(|sp| sp.0 == tx) {
                Some(sp) => {
                    sp.2 = i;
                    sp.3 += 1;
                }
                None => spans.push((tx, i, i, 1)),
            }
        }
    }
    spans
}

fn txn_bands(h: &mut Html, sc: &Scenario, t: &Trace, lay: &Layout) {
    h.raw(r#"<g class="txn-bands">"#);
    let right = lay.right();
    for (tx, a, b, n) in txn_spans(t) {
        if n < 2 {
            continue;
        }
        let y = geo::row_y(a) + 2.0;
        let hgt = geo::row_y(b + 1) - geo::row_y(a) - 4.0;
        let bx = right + 4.0 + (tx % 3) as f64 * 5.0;
        h.start("g");
        h.attr("class", "txn-band");
        h.num("data-txn", tx);
        h.end();
        h.start("rect");
        h.attr("class", "txn-fill");
        h.num("x", GUTTER);
        h.num("y", y);
        h.num("width", right - GUTTER);
        h.num("height", hgt);
        h.num("rx", 4usize);
        h.end_empty();
        h.start("path");
        h.attr("class", "txn-bracket");
        h.attr("d", &format!("M{},{} h6 v{} h-6", Px(bx), Px(y), Px(hgt)));
        h.end_empty();
        // The full name, or just `tx-2` (with the full name as tooltip) where the
        // room on the right is short.
        let name = explain::txn_name(sc, tx);
        let room = lay.width() - bx - 12.0;
        if abbreviate(&name, geo::chars_in(room)).is_some() {
            h.start("title");
            h.end();
            h.text(&name);
            h.close("title");
            label(
                h,
                "txn-name",
                bx + 10.0,
                y + 11.0,
                room,
                &format!("tx-{tx}"),
            );
        } else {
            label(h, "txn-name", bx + 10.0, y + 11.0, room, &name);
        }
        h.close("g");
    }
    h.close("g");
}

fn fault_row(h: &mut Html, sc: &Scenario, s: &Step, lay: &Layout) {
    let kind = s
        .fault
        .and_then(|f| sc.faults.get(f as usize))
        .map(|f| f.kind);
    h.start("g");
    h.attr("class", "fault-step");
    h.attr("data-fault-kind", kind.map_or("fault", |k| k.slug()));
    h.end();
    h.start("rect");
    h.attr("class", "fault-band");
    h.num("x", GUTTER);
    h.num("y", 3.0);
    h.num("width", lay.width() - GUTTER - 4.0);
    h.num("height", ROW - 6.0);
    h.num("rx", 3usize);
    h.end_empty();
    let x = TOKEN_X + TOKEN_W + 8.0;
    let x = match kind {
        Some(k) => marks(h, &[Icon::for_fault(k)], x, 7.0),
        None => x,
    };
    let text = fault_text(sc, s);
    label(h, "fault-text", x, 17.0, lay.width() - x - 4.0, &text);
    h.close("g");
}

fn arrow_row(h: &mut Html, sc: &Scenario, s: &Step, col: &dyn Fn(Actor) -> usize, lay: &Layout) {
    let ay = 18.0;
    let (a, b) = (lay.lane_x(col(s.from)), lay.lane_x(col(s.to)));
    let mut cls = String::from("arrow");
    if s.zombie {
        cls.push_str(" zombie");
    }
    match s.outcome {
        Outcome::Refused(_) => cls.push_str(" refused"),
        Outcome::NoOp(_) => cls.push_str(" noop"),
        Outcome::Applied => {}
    }
    let words = arrow_text(sc, s);
    h.start("g");
    h.attr("class", &cls);
    h.end();
    let (lx, ly) = if a == b {
        h.start("path");
        h.attr("class", "shaft");
        h.attr("d", &format!("M{},{} h18 v9 h-16", Px(a), Px(ay - 7.0)));
        h.end_empty();
        h.start("path");
        h.attr("class", "head");
        h.attr("d", &format!("M{},{} l6,-3.5 v7 z", Px(a), Px(ay + 2.0)));
        h.end_empty();
        (a + 24.0, ay - 2.0)
    } else {
        let (tip, dir) = if b > a { (b - 2.0, -8) } else { (b + 2.0, 8) };
        h.start("line");
        h.attr("class", "shaft");
        h.num("x1", a);
        h.num("y1", ay);
        h.num("x2", tip);
        h.num("y2", ay);
        h.end_empty();
        h.start("path");
        h.attr("class", "head");
        h.attr("d", &format!("M{},{} l{dir},-4 v8 z", Px(b), Px(ay)));
        h.end_empty();
        (a.min(b) + 8.0, ay - 6.0)
    };
    let lx = marks(h, &words.marks, lx, ly - 10.0);
    label(h, "label", lx, ly, lay.width() - lx - 4.0, &words.text);
    h.close("g");
}

/// What lies behind the rows: the exactly-once boundary, the lifelines and the
/// transaction bands, for the whole height of the run.
pub fn frame(sc: &Scenario, t: &Trace, lay: &Layout) -> String {
    let mut h = Html::with_capacity(1024);
    write_frame(&mut h, sc, t, lay);
    h.finish()
}

fn write_frame(h: &mut Html, sc: &Scenario, t: &Trace, lay: &Layout) {
    let lanes = lanes(sc);
    let height = geo::rows_height(t.steps.len());
    boundary_region(h, lanes, &commit_boundary(&sc.design), lay, height);
    for c in 0..lanes.len() {
        let x = lay.lane_x(c);
        h.start("line");
        h.attr("class", "lifeline-line");
        h.num("x1", x);
        h.num("y1", 0usize);
        h.num("x2", x);
        h.num("y2", height);
        h.end_empty();
    }
    txn_bands(h, sc, t, lay);
}

/// The inside of each step's row (`<g class="row">`), drawn at the top of the
/// diagram: the row's place is its `transform` ([`row_transform`]), so a row whose
/// step only moved up or down keeps its markup, and the lab keeps its element.
pub fn row_pieces(sc: &Scenario, t: &Trace, lay: &Layout) -> Vec<String> {
    let col = lane_of(sc);
    t.steps
        .iter()
        .map(|s| {
            let mut h = Html::with_capacity(400);
            write_row(&mut h, sc, s, &col, lay);
            h.finish()
        })
        .collect()
}

/// The column of each actor's lane.
fn lane_of(sc: &Scenario) -> impl Fn(Actor) -> usize + '_ {
    let lanes = lanes(sc);
    move |a: Actor| lanes.iter().position(|l| *l == a).unwrap_or(0)
}

fn write_row(h: &mut Html, sc: &Scenario, s: &Step, col: &dyn Fn(Actor) -> usize, lay: &Layout) {
    h.start("rect");
    h.attr("class", "row-bg");
    h.num("x", 0usize);
    h.num("y", 0usize);
    h.num("width", lay.width());
    h.num("height", ROW);
    h.end_empty();
    if s.kind == StepKind::Fault {
        fault_row(h, sc, s, lay);
    } else {
        arrow_row(h, sc, s, col, lay);
    }
}

/// The `transform` that puts row `i` in its place.
pub fn row_transform(i: usize) -> String {
    format!("translate(0,{})", Px(geo::row_y(i)))
}

/// The inside of the diagram's `<svg>` in one piece (for a file or a snapshot):
/// the [`frame`], then one row per step (`<g class="row" data-row="i">`, in step
/// order, so the cursor's CSS can pick a row with `:nth-child`).
pub fn rows(sc: &Scenario, t: &Trace, lay: &Layout) -> String {
    let col = lane_of(sc);
    let mut h = Html::with_capacity(t.steps.len() * 420 + 512);
    write_frame(&mut h, sc, t, lay);
    h.raw(r#"<g class="seq-rows">"#);
    for (i, s) in t.steps.iter().enumerate() {
        h.start("g");
        h.attr("class", "row");
        h.num("data-row", i);
        h.attr("transform", &row_transform(i));
        h.end();
        write_row(&mut h, sc, s, &col, lay);
        h.close("g");
    }
    h.close("g");
    h.finish()
}

/// Why placed fault `ix` is not reached in this run: the step it is anchored
/// after does not happen here (the design has no such step, the workload has no
/// such event, or the event's step happens fewer times), and how to place it
/// again. `None` when the fault is reached.
pub fn unreached_why(sc: &Scenario, t: &Trace, ix: usize) -> Option<String> {
    let why = crate::model::compare::not_reached_why(sc, t, ix)?;
    Some(format!(
        "Not reached: {why}. To place it again, drag it onto a gap, or focus it and press \u{2192} to put it in the first gap where it fits."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{presets, simulate};
    use std::path::Path;

    #[test]
    fn abbreviation_keeps_whole_words() {
        assert_eq!(abbreviate("short", 10), None);
        assert_eq!(
            abbreviate("UPSERT fact_revenue_1m row for evt-1", 20).as_deref(),
            Some("UPSERT…")
        );
        assert_eq!(
            abbreviate("send evt-1 to the sink now", 16).as_deref(),
            Some("send evt-1 to…")
        );
        // A first word longer than the room stays whole.
        assert_eq!(
            abbreviate("supercalifragilistic word", 5).as_deref(),
            Some("supercalifragilistic…")
        );
        for max in 3..30 {
            let text = "consume evt-2 at offset 1 from orders";
            if let Some(s) = abbreviate(text, max) {
                let kept = s.trim_end_matches('…');
                assert!(text.starts_with(kept), "{max}: {s}");
                let rest = &text[kept.len()..];
                assert!(rest.starts_with(' '), "cut mid-word at {max}: {s}");
            }
        }
    }

    #[test]
    fn the_loyalty_email_diagram_matches_its_snapshot() {
        let sc = presets::find("loyalty-email").unwrap().scenario;
        let t = simulate(&sc);
        let lay = geo::layout(900.0, lanes(&sc).len());
        let markup = format!(
            "<div class=\"diagram-head\">{}</div>\n<svg>{}</svg>\n<svg>{}</svg>\n",
            heads(&sc, &lay),
            step_numbers(t.steps.len()),
            rows(&sc, &t, &lay)
        )
        .replace("><", ">\n<");
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render/snapshots/loyalty-email.svg");
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &markup).unwrap();
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            want == markup,
            "the diagram's markup changed; if on purpose, rerun with UPDATE_SNAPSHOTS=1 and review {}",
            path.display()
        );
        // One row per step, each numbered.
        assert_eq!(markup.matches("class=\"row\"").count(), t.steps.len());
        assert!(markup.contains(&format!(">{}</text>", t.steps.len())));
        // The boundary: shaded behind the Kafka lanes, the email provider outside.
        assert!(markup.contains("exactly-once boundary: one atomic commit"));
        assert!(markup.contains("class=\"eos-region\""));
        assert!(markup.contains("outside the commit"));
    }

    #[test]
    fn hostile_event_ids_and_names_are_escaped() {
        let mut sc = presets::find("loyalty-email").unwrap().scenario;
        let evil = "<script>alert(\"x\")</script>&'";
        sc.workload.events[0].id = evil.into();
        sc.names.input_topic = evil.into();
        sc.names.table = evil.into();
        let t = simulate(&sc);
        let lay = geo::layout(900.0, lanes(&sc).len());
        let all = heads(&sc, &lay) + &rows(&sc, &t, &lay);
        assert!(!all.contains("<script"), "{all}");
        assert!(!all.contains("alert(\"x\")"));
        assert!(all.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"));
    }

    #[test]
    fn lifeline_heads_keep_their_whole_names() {
        let sc = presets::find("streams-to-postgres")
            .or_else(|| presets::find("loyalty-email"))
            .unwrap()
            .scenario;
        let lay = geo::layout(400.0, lanes(&sc).len());
        let m = heads(&sc, &lay);
        for a in lanes(&sc) {
            let name = explain::actor_name(&sc, *a);
            assert!(m.contains(&format!(">{name}</div>")), "{name} whole in {m}");
        }
    }

    #[test]
    fn labels_that_do_not_fit_keep_their_full_text_as_a_tooltip() {
        let sc = presets::find("loyalty-email").unwrap().scenario;
        let t = simulate(&sc);
        let lay = geo::layout(300.0, lanes(&sc).len());
        let m = rows(&sc, &t, &lay);
        let full = arrow_text(&sc, &t.steps[0]).text;
        assert!(
            m.contains(&format!(
                "<title>{}</title>",
                crate::render::markup::esc(&full)
            )) || m.contains(&format!(">{}</text>", crate::render::markup::esc(&full)))
        );
        assert!(m.contains("…</text>"), "at 300 px some label is shortened");
        // Every shortened text sits right after the tooltip with its full text.
        for (at, _) in m.match_indices("…</text>") {
            let start = m[..at].rfind("<text").unwrap();
            assert!(
                m[..start].ends_with("</title>"),
                "no tooltip: {}",
                &m[start..at]
            );
        }
    }
}

#[cfg(test)]
mod boundary_tests {
    use super::*;
    use crate::model::{presets, simulate, Design, DesignKind};

    fn drawn(kind: DesignKind, two_phase: bool) -> (String, String) {
        let mut sc = presets::find("db-then-commit").unwrap().scenario;
        sc.design = Design::new(kind);
        sc.design.knobs.two_phase = two_phase;
        let t = simulate(&sc);
        let lay = geo::layout(1200.0, crate::model::trace::lifelines(kind).len());
        (heads(&sc, &lay), rows(&sc, &t, &lay))
    }

    #[test]
    fn at_least_once_draws_no_region_and_says_so() {
        let (head, rows) = drawn(DesignKind::AtLeastOnce, true);
        assert!(!rows.contains("eos-region"));
        assert!(head.contains("no exactly-once boundary"));
        assert!(
            head.contains("lifeline-head outside"),
            "the sink is outside"
        );
    }

    #[test]
    fn the_region_covers_the_lanes_of_the_commit() {
        let (head, rows) = drawn(DesignKind::TwoPhaseCommit, true);
        assert_eq!(rows.matches("eos-region").count(), 1, "one region");
        assert!(head.contains("exactly-once boundary: one atomic commit"));
        assert!(
            !head.contains("lifeline-head outside"),
            "the sink is inside"
        );
        let (head, rows) = drawn(DesignKind::TwoPhaseCommit, false);
        assert_eq!(rows.matches("eos-region").count(), 1);
        assert!(
            head.contains("outside the commit"),
            "without 2PC the sink is outside"
        );
    }

    #[test]
    fn a_boundary_over_one_lane_keeps_a_short_label_and_the_whole_phrase_as_its_title() {
        let (head, _) = drawn(DesignKind::Outbox, false);
        assert!(
            head.contains(
                r#"title="exactly-once boundary: one atomic commit">exactly-once boundary</span>"#
            ),
            "{head}"
        );
    }

    #[test]
    fn an_external_call_between_kafka_lanes_is_carved_out() {
        let (head, rows) = drawn(DesignKind::TransactionsExternal, true);
        assert_eq!(rows.matches("eos-region").count(), 2, "{rows}");
        assert!(head.contains("outside the commit"));
        assert!(head.contains("exactly-once boundary: one atomic commit"));
    }
}

#[cfg(test)]
mod unreached_tests {
    use super::*;
    use crate::model::{presets, simulate, DesignKind};

    #[test]
    fn a_fault_whose_step_this_design_lacks_says_so_and_how_to_place_it() {
        let mut sc = presets::find("db-then-commit").unwrap().scenario;
        assert!(unreached_why(&sc, &simulate(&sc), 0).is_none(), "reached");
        sc.design.kind = DesignKind::KafkaTransactions;
        let t = simulate(&sc);
        let why = unreached_why(&sc, &t, 0).expect("not reached");
        assert!(why.contains("has no"), "{why}");
        assert!(why.contains("sink write"), "{why}");
        assert!(why.contains("drag it onto a gap"), "{why}");
    }

    #[test]
    fn a_fault_on_an_event_the_workload_lacks_says_so() {
        let mut sc = presets::find("db-then-commit").unwrap().scenario;
        sc.faults[0].at.event = Some("evt-99".into());
        let t = simulate(&sc);
        let why = unreached_why(&sc, &t, 0).expect("not reached");
        assert!(why.contains("no event evt-99"), "{why}");
        sc.faults[0].at.event = Some("evt-1".into());
        sc.faults[0].at.nth = 5;
        let t = simulate(&sc);
        let why = unreached_why(&sc, &t, 0).expect("not reached");
        assert!(why.contains("not 5"), "{why}");
    }
}

//! The read-only parts of the sequence diagram, written as markup in one go: the
//! lifeline heads, and the rows (lifelines, transaction bands, one arrow per step
//! with its number, label and marks). Words come from `model::explain`; positions
//! from [`super::geometry`]. The parts a learner touches (gaps, placed faults) are
//! typed components of the lab, not markup.

use super::geometry::{self as geo, Layout, GUTTER, ROW, TOKEN_W, TOKEN_X};
use super::icons::{svg, Icon};
use super::markup::Html;
use crate::model::explain;
use crate::model::trace::{lifelines, Actor, Outcome, Step, Trace};
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
    let text = match explain::outcome_mark(s) {
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
    let Some(kind) = s
        .fault
        .and_then(|i| sc.faults.get(i as usize))
        .map(|f| f.kind)
    else {
        return label;
    };
    let rest = label.trim();
    if rest.eq_ignore_ascii_case(kind.title()) {
        kind.title().to_string()
    } else {
        format!("{} — {rest}", kind.title())
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
        h.attr("transform", &format!("translate({x},{y}) scale(.75)"));
        h.end();
        h.raw(svg(*m));
        h.close("g");
        x += ICON_W;
    }
    x
}

/// The lifeline heads, one per lane, placed by `lay`. Names wrap at spaces and
/// hyphens (never clipped); the full name is also the head's tooltip.
pub fn heads(sc: &Scenario, lay: &Layout) -> String {
    let mut h = Html::with_capacity(1024);
    h.raw(r##"<span class="head-step" aria-hidden="true">#</span>"##);
    for (c, a) in lifelines(sc.design.kind).iter().enumerate() {
        let name = explain::actor_name(sc, *a);
        let style = format!(
            "left:{}px;width:{}px",
            lay.lane_left(c) + 2.0,
            lay.col - 4.0
        );
        h.open(
            "div",
            &[
                ("class", Some("lifeline-head")),
                ("data-lifeline", Some(&name)),
                ("title", Some(&name)),
                ("style", Some(&style)),
            ],
        );
        h.text(&name);
        h.close("div");
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
        h.attr("d", &format!("M{bx},{y} h6 v{hgt} h-6"));
        h.end_empty();
        let name = explain::txn_name(sc, tx);
        label(
            h,
            "txn-name",
            bx + 10.0,
            y + 11.0,
            lay.width() - bx - 12.0,
            &name,
        );
        h.close("g");
    }
    h.close("g");
}

fn fault_row(h: &mut Html, sc: &Scenario, s: &Step, y0: f64, lay: &Layout) {
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
    h.num("y", y0 + 3.0);
    h.num("width", lay.width() - GUTTER - 4.0);
    h.num("height", ROW - 6.0);
    h.num("rx", 3usize);
    h.end_empty();
    let x = TOKEN_X + TOKEN_W + 8.0;
    let x = match kind {
        Some(k) => marks(h, &[Icon::for_fault(k)], x, y0 + 7.0),
        None => x,
    };
    let text = fault_text(sc, s);
    label(h, "fault-text", x, y0 + 17.0, lay.width() - x - 4.0, &text);
    h.close("g");
}

fn arrow_row(
    h: &mut Html,
    sc: &Scenario,
    s: &Step,
    i: usize,
    col: &dyn Fn(Actor) -> usize,
    lay: &Layout,
) {
    let y0 = geo::row_y(i);
    let ay = y0 + 18.0;
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
    h.num("data-step", i);
    h.end();
    let (lx, ly) = if a == b {
        h.start("path");
        h.attr("class", "shaft");
        h.attr("d", &format!("M{a},{} h18 v9 h-16", ay - 7.0));
        h.end_empty();
        h.start("path");
        h.attr("class", "head");
        h.attr("d", &format!("M{a},{} l6,-3.5 v7 z", ay + 2.0));
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
        h.attr("d", &format!("M{b},{ay} l{dir},-4 v8 z"));
        h.end_empty();
        (a.min(b) + 8.0, ay - 6.0)
    };
    let lx = marks(h, &words.marks, lx, ly - 10.0);
    label(h, "label", lx, ly, lay.width() - lx - 4.0, &words.text);
    h.close("g");
}

/// The inside of the diagram's `<svg>`: lifelines, transaction bands, and one
/// row per step (`<g class="row" data-row="i">`, in step order, so the cursor's
/// CSS can pick a row with `:nth-child`).
pub fn rows(sc: &Scenario, t: &Trace, lay: &Layout) -> String {
    let lanes = lifelines(sc.design.kind);
    let col = |a: Actor| lanes.iter().position(|l| *l == a).unwrap_or(0);
    let width = lay.width();
    let height = geo::rows_height(t.steps.len());
    let mut h = Html::with_capacity(t.steps.len() * 420 + 512);
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
    txn_bands(&mut h, sc, t, lay);
    h.raw(r#"<g class="seq-rows">"#);
    for (i, s) in t.steps.iter().enumerate() {
        let y0 = geo::row_y(i);
        h.start("g");
        h.attr("class", "row");
        h.num("data-row", i);
        h.end();
        h.start("rect");
        h.attr("class", "row-bg");
        h.num("x", 0usize);
        h.num("y", y0);
        h.num("width", width);
        h.num("height", ROW);
        h.end_empty();
        h.start("text");
        h.attr("class", "step-no");
        h.num("x", GUTTER - 8.0);
        h.num("y", y0 + 17.0);
        h.end();
        h.text(&(i + 1).to_string());
        h.close("text");
        if s.kind == StepKind::Fault {
            fault_row(&mut h, sc, s, y0, lay);
        } else {
            arrow_row(&mut h, sc, s, i, &col, lay);
        }
        h.close("g");
    }
    h.close("g");
    h.finish()
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
        let lay = geo::layout(900.0, lifelines(sc.design.kind).len());
        let markup = format!(
            "<div class=\"diagram-head\">{}</div>\n<svg>{}</svg>\n",
            heads(&sc, &lay),
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
    }

    #[test]
    fn hostile_event_ids_and_names_are_escaped() {
        let mut sc = presets::find("loyalty-email").unwrap().scenario;
        let evil = "<script>alert(\"x\")</script>&'";
        sc.workload.events[0].id = evil.into();
        sc.names.input_topic = evil.into();
        sc.names.table = evil.into();
        let t = simulate(&sc);
        let lay = geo::layout(900.0, lifelines(sc.design.kind).len());
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
        let lay = geo::layout(400.0, lifelines(sc.design.kind).len());
        let m = heads(&sc, &lay);
        for a in lifelines(sc.design.kind) {
            let name = explain::actor_name(&sc, *a);
            assert!(m.contains(&format!(">{name}</div>")), "{name} whole in {m}");
        }
    }

    #[test]
    fn labels_that_do_not_fit_keep_their_full_text_as_a_tooltip() {
        let sc = presets::find("loyalty-email").unwrap().scenario;
        let t = simulate(&sc);
        let lay = geo::layout(300.0, lifelines(sc.design.kind).len());
        let m = rows(&sc, &t, &lay);
        let full = arrow_text(&sc, &t.steps[0]).text;
        assert!(
            m.contains(&format!(
                "<title>{}</title>",
                crate::render::markup::esc(&full)
            )) || m.contains(&format!(">{}</text>", crate::render::markup::esc(&full)))
        );
        assert!(m.contains("…</text>"), "at 300 px some label is shortened");
        let shortened = m.matches("…</text>").count();
        let titles = m.matches("<title>").count();
        assert_eq!(shortened, titles);
    }
}

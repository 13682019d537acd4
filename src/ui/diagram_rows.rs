//! The diagram's rows on the page: written once, then patched. An edit writes
//! only the rows whose markup changed (`render::reuse`) and moves the others into
//! place; a cursor move re-marks only the rows between the old and the new cursor.

use super::state::Lab;
use crate::render::{diagram, reuse};
use leptos::prelude::*;
use leptos::svg::{Svg, G};
use web_sys::Element;

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// What [`draw_rows`] last drew: the frame's markup, each row's markup and
/// element (in step order), the step numbers' elements, and the cursor it marked.
#[derive(Default)]
struct Drawn {
    frame: String,
    pieces: Vec<String>,
    rows: Vec<Element>,
    numbers: Vec<Element>,
    cursor: usize,
}

/// Keeps the frame (`frame_g`), the rows (`rows_g`) and the step numbers
/// (`nos_svg`) in step with the run, and marks the row and number of the current
/// step (`now`) and those after it (`future`, dimmed).
pub fn draw_rows(
    lab: Lab,
    frame: Memo<String>,
    pieces: Memo<Vec<String>>,
    frame_g: NodeRef<G>,
    rows_g: NodeRef<G>,
    nos_svg: NodeRef<Svg>,
) {
    // A render effect, so the rows are drawn in the same turn as the rest of the
    // page's update; it lives as long as the diagram.
    let effect = RenderEffect::new(move |prev: Option<Drawn>| {
        let cursor = lab.cursor.get();
        let mut d = prev.unwrap_or_default();
        let (Some(fg), Some(rg), Some(ns)) = (frame_g.get(), rows_g.get(), nos_svg.get()) else {
            return d;
        };
        frame.with(|f| {
            if *f != d.frame {
                fg.set_inner_html(f);
                d.frame.clone_from(f);
            }
        });
        let mut all = false;
        pieces.with(|p| {
            if *p != d.pieces {
                patch_rows(&rg, &mut d, p);
                all = true;
            }
        });
        if d.numbers.len() != d.rows.len() {
            patch_numbers(&ns, &mut d.numbers, d.rows.len());
            all = true;
        }
        let n = d.rows.len();
        let span = if all {
            0..n
        } else {
            let lo = d.cursor.min(cursor).saturating_sub(1);
            lo..(d.cursor.max(cursor) + 1).min(n)
        };
        mark(&d.rows, span.clone(), cursor, "row");
        mark(&d.numbers, span, cursor, "");
        d.cursor = cursor;
        d
    });
    on_cleanup(move || drop(effect));
}

/// Brings the rows in `group` to `new`: keeps each row whose markup is unchanged,
/// writes the others (parsed in one go), removes what is gone, and puts every
/// row in its place.
fn patch_rows(group: &Element, d: &mut Drawn, new: &[String]) {
    let plan = reuse::reuse(&d.pieces, new);
    let fresh_markup: String = plan
        .iter()
        .zip(new)
        .filter(|(kept, _)| kept.is_none())
        .map(|(_, piece)| format!("<g class=\"row\">{piece}</g>"))
        .collect();
    let mut fresh = parsed(&fresh_markup).into_iter();
    let mut old: Vec<Option<Element>> = std::mem::take(&mut d.rows).into_iter().map(Some).collect();
    let mut next = Vec::with_capacity(new.len());
    for (i, kept) in plan.iter().enumerate() {
        let (el, moved) = match kept {
            Some(j) => (old.get_mut(*j).and_then(Option::take), *j != i),
            None => (fresh.next(), true),
        };
        let Some(el) = el else {
            // The markup did not parse into as many rows as written: draw them all.
            old.into_iter().flatten().for_each(|e| e.remove());
            return redraw_all(group, d, new);
        };
        if moved {
            let _ = el.set_attribute("transform", &diagram::row_transform(i));
            let _ = el.set_attribute("data-row", &i.to_string());
        }
        next.push(el);
    }
    old.into_iter().flatten().for_each(|e| e.remove());
    let kids = group.child_nodes();
    for (i, el) in next.iter().enumerate() {
        let here = kids.item(i as u32);
        if here.as_ref() != Some(el.as_ref()) {
            let _ = group.insert_before(el, here.as_ref());
        }
    }
    d.rows = next;
    d.pieces = new.to_vec();
}

/// Writes every row of `new` into `group` afresh.
fn redraw_all(group: &Element, d: &mut Drawn, new: &[String]) {
    let markup: String = new
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            format!(
                "<g class=\"row\" data-row=\"{i}\" transform=\"{}\">{piece}</g>",
                diagram::row_transform(i)
            )
        })
        .collect();
    group.set_inner_html(&markup);
    d.rows = children(group);
    d.pieces = new.to_vec();
}

/// The elements `markup` (trusted, from `render`) parses into, as SVG.
fn parsed(markup: &str) -> Vec<Element> {
    if markup.is_empty() {
        return Vec::new();
    }
    let Some(holder) = document().create_element_ns(Some(SVG_NS), "g").ok() else {
        return Vec::new();
    };
    holder.set_inner_html(markup);
    children(&holder)
}

/// The element children of `el`, in order.
fn children(el: &Element) -> Vec<Element> {
    let mut out = Vec::new();
    let mut next = el.first_element_child();
    while let Some(child) = next {
        next = child.next_element_sibling();
        out.push(child);
    }
    out
}

/// Brings the step numbers in `svg` to `n`: adds the missing ones, removes the extra.
fn patch_numbers(svg: &Element, numbers: &mut Vec<Element>, n: usize) {
    for extra in numbers.drain(n.min(numbers.len())..) {
        extra.remove();
    }
    if numbers.len() < n {
        let added = parsed(&diagram::step_numbers_in(numbers.len()..n));
        for el in added {
            let _ = svg.append_child(&el);
            numbers.push(el);
        }
    }
}

/// Sets the class of the elements of `list` in `span`: `base`, plus `now` for the
/// current step's and `future` for the later ones'.
fn mark(list: &[Element], span: std::ops::Range<usize>, cursor: usize, base: &str) {
    for i in span {
        let Some(el) = list.get(i) else {
            continue;
        };
        let state = if i + 1 == cursor {
            "now"
        } else if i >= cursor {
            "future"
        } else {
            ""
        };
        let class = match (base, state) {
            (b, "") => b.to_string(),
            ("", st) => st.to_string(),
            (b, st) => format!("{b} {st}"),
        };
        if el.get_attribute("class").as_deref() != Some(class.as_str()) {
            let _ = el.set_attribute("class", &class);
        }
    }
}

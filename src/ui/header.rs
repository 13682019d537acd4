//! The header: which lesson (preset), which design, and the design's knobs.
//!
//! The pickers' options and the knobs' controls are written as markup when the
//! design or its knobs change, and one `change` handler reads which control moved
//! (`data-knob`): small to ship, and no rule here — the model says what control a
//! knob needs, what it reads, and what a new value means.

use super::drag::refocus;
use super::state::Lab;
use crate::model::edit::{self, KnobInput};
use crate::model::presets;
use crate::model::{explain, Design, DesignKind};
use crate::render::markup::esc;
use leptos::ev;
use leptos::prelude::*;
use std::fmt::Write as _;
use wasm_bindgen::JsCast;

fn selected(yes: bool) -> &'static str {
    if yes {
        " selected"
    } else {
        ""
    }
}

/// The controls of `design`'s knobs, each labelled in plain words with the real
/// setting beside it.
fn knobs_markup(design: &Design) -> String {
    let mut m = String::new();
    for (n, &knob) in design.kind.knobs().iter().enumerate() {
        let value = edit::knob_text(design, knob);
        let id = format!("knob-{n}");
        let name = format!(
            r#"<span class="knob-name">{}</span> <code>{}</code>"#,
            esc(knob.label()),
            esc(knob.config_name())
        );
        let _ = match edit::knob_input(knob) {
            KnobInput::Toggle => write!(
                m,
                r#"<div class="knob knob-toggle"><input type="checkbox" id="{id}" data-knob="{n}"{}><label for="{id}">{name}</label></div>"#,
                if value == "true" { " checked" } else { "" }
            ),
            KnobInput::Choice(all) => {
                let options: String = all
                    .iter()
                    .map(|c| {
                        format!(
                            r#"<option value="{c}"{}>{}</option>"#,
                            selected(*c == value),
                            esc(explain::choice_words(c))
                        )
                    })
                    .collect();
                write!(
                    m,
                    r#"<div class="knob knob-choice"><label for="{id}">{name}</label><select id="{id}" data-knob="{n}">{options}</select></div>"#
                )
            }
            KnobInput::Count { min, max } => write!(
                m,
                r#"<div class="knob knob-number"><label for="{id}">{name}</label><input type="number" id="{id}" data-knob="{n}" min="{min}" max="{max}" step="1" value="{value}"></div>"#
            ),
            KnobInput::Millis { max } => write!(
                m,
                r#"<div class="knob knob-number"><label for="{id}">{name}</label><span class="knob-ms"><input type="number" id="{id}" data-knob="{n}" min="0" max="{max}" step="1000" value="{value}"> ms = <output>{}</output></span></div>"#,
                explain::duration(value.parse().unwrap_or(0))
            ),
        };
    }
    m
}

/// Title, preset and design pickers, the design's knobs, and "Clear faults".
#[component]
pub fn Header() -> impl IntoView {
    let lab = Lab::expect();
    let design = Memo::new(move |_| lab.scenario.with(|sc| sc.design.clone()));
    let preset_options = Memo::new(move |_| {
        let current = lab.preset.get();
        let mut m = String::new();
        if current.is_none() {
            m.push_str(r#"<option value="" selected>(your own scenario)</option>"#);
        }
        for p in presets::all() {
            let _ = write!(
                m,
                r#"<option value="{}"{}>{}</option>"#,
                p.slug,
                selected(current == Some(p.slug)),
                esc(p.title)
            );
        }
        m
    });
    let design_options = Memo::new(move |_| {
        let kind = design.with(|d| d.kind);
        DesignKind::ALL
            .iter()
            .map(|d| {
                format!(
                    r#"<option value="{}"{}>{}</option>"#,
                    d.slug(),
                    selected(*d == kind),
                    esc(d.title())
                )
            })
            .collect::<String>()
    });
    let lesson = move || {
        lab.preset
            .get()
            .and_then(presets::find)
            .map(|p| p.lesson)
            .unwrap_or_default()
    };
    let on_knob = move |ev: ev::Event| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Some(n) = el
            .get_attribute("data-knob")
            .and_then(|n| n.parse::<usize>().ok())
        else {
            return;
        };
        let Some(knob) = design.with_untracked(|d| d.kind.knobs().get(n).copied()) else {
            return;
        };
        let text = match el.dyn_ref::<web_sys::HtmlInputElement>() {
            Some(input) if input.type_() == "checkbox" => input.checked().to_string(),
            _ => event_target_value(&ev),
        };
        let mut knobs = lab.scenario.with_untracked(|sc| sc.design.knobs.clone());
        match edit::set_knob(&mut knobs, knob, &text) {
            Ok(()) => {
                lab.edit_knobs(|k| *k = knobs);
                refocus(&format!(".knobs [data-knob=\"{n}\"]"));
            }
            Err(why) => lab.notice.set(Some(format!("{}: {why}.", knob.label()))),
        }
    };
    let knobs = Memo::new(move |_| design.with(knobs_markup));
    let fault_count = move || lab.scenario.with(|sc| sc.faults.len());

    view! {
        <header class="lab-header">
            <div class="brand">
                <h1>"EOS Lab"</h1>
                <p class="tagline">
                    "Drop crashes on a stream pipeline and watch every event take effect once — or not."
                </p>
            </div>
            <div class="pickers">
                <div class="picker">
                    <label for="preset-select">"Lesson"</label>
                    <select
                        id="preset-select"
                        data-testid="preset-select"
                        inner_html=preset_options
                        on:change=move |ev| {
                            if let Some(p) = presets::find(&event_target_value(&ev)) {
                                lab.load_preset(&p);
                            }
                        }
                    ></select>
                    <p class="lesson" data-testid="lesson">{lesson}</p>
                </div>
                <div class="picker">
                    <label for="design-select">"Design"</label>
                    <select
                        id="design-select"
                        data-testid="design-select"
                        inner_html=design_options
                        on:change=move |ev| {
                            if let Some(d) = DesignKind::from_slug(&event_target_value(&ev)) {
                                lab.set_design(d);
                            }
                        }
                    ></select>
                    <button
                        type="button"
                        class="clear-faults"
                        data-testid="clear-faults"
                        disabled=move || fault_count() == 0
                        on:click=move |_| {
                            let n = fault_count();
                            lab.clear_faults();
                            lab.notice
                                .set(
                                    Some(
                                        format!(
                                            "Removed {n} fault{} from the run.",
                                            if n == 1 { "" } else { "s" },
                                        ),
                                    ),
                                );
                        }
                    >
                        "Clear faults"
                    </button>
                </div>
            </div>
            <fieldset class="knobs" on:change=on_knob>
                <legend>"Knobs of this design"</legend>
                <div class="knob-list" inner_html=knobs></div>
            </fieldset>
        </header>
    }
}

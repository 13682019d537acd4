//! The lesson picker: which preset the lab shows, whether the learner has changed
//! it, and the lesson's caption. The URL's `?preset=` follows the picker.

use super::state::Lab;
use crate::model::explain;
use crate::model::presets::{self, Preset};
use leptos::prelude::*;

/// `search` (`?a=1&preset=x`) with `name` set to `value`, other parameters kept.
pub fn with_param(search: &str, name: &str, value: &str) -> String {
    let mut pairs: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(name))
        .map(str::to_string)
        .collect();
    pairs.insert(0, format!("{name}={value}"));
    format!("?{}", pairs.join("&"))
}

/// Puts `?preset=slug` in the address bar without a new history entry.
fn sync_url(slug: &str) {
    let location = window().location();
    let search = location.search().unwrap_or_default();
    let next = with_param(&search, "preset", slug);
    if next == search {
        return;
    }
    let url = format!("{}{next}", location.pathname().unwrap_or_default());
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// What the caption says: the preset's lesson as written, or, once the learner has
/// changed the scenario, that it is modified and what changed.
pub fn caption(preset: Option<&Preset>, changes: &[&str]) -> String {
    match preset {
        Some(p) if changes.is_empty() => p.lesson.to_string(),
        Some(p) => format!(
            "Modified: the {} changed from the preset \u{201c}{}\u{201d}, so its story may no longer hold. The strip at the bottom says what this run does.",
            explain::and_list(changes),
            p.title
        ),
        None => "Your own scenario: the strip at the bottom says what this run does.".into(),
    }
}

/// The lesson select, a "modified" mark with a way back to the preset, and the
/// caption.
#[component]
pub fn LessonPicker() -> impl IntoView {
    let lab = Lab::expect();
    let all = StoredValue::new(presets::all());
    let current = move || lab.preset.get();
    let modified = Memo::new(move |_| lab.is_modified());
    Effect::new(move |_| {
        if let Some(slug) = lab.preset.get() {
            sync_url(slug);
        }
    });
    let text = move || {
        let p = lab.preset.get().and_then(presets::find);
        lab.changes.with(|c| caption(p.as_ref(), c))
    };
    let options = all.with_value(|all| {
        all.iter()
            .map(|p| {
                let slug = p.slug;
                let title = p.title;
                let label = move || {
                    if current() == Some(slug) && modified.get() {
                        format!("{title} (modified)")
                    } else {
                        title.to_string()
                    }
                };
                view! { <option value=slug selected=move || current() == Some(slug)>{label}</option> }
            })
            .collect_view()
    });
    let reset = move |_| {
        if let Some(p) = lab.preset.get_untracked().and_then(presets::find) {
            lab.load_preset(&p);
        }
    };
    let caption_open = RwSignal::new(false);
    view! {
        <div class="picker picker-lesson">
            <label for="preset-select">"Lesson"</label>
            <select
                id="preset-select"
                data-testid="preset-select"
                prop:value=move || current().unwrap_or_default()
                on:change=move |ev| {
                    if let Some(p) = presets::find(&event_target_value(&ev)) {
                        lab.load_preset(&p);
                    }
                }
            >
                <Show when=move || current().is_none()>
                    <option value="" selected>"(your own scenario)"</option>
                </Show>
                {options}
            </select>
            <Show when=move || modified.get()>
                <span class="modified-tag" data-testid="modified">"modified"</span>
                <button type="button" class="reset-preset" data-testid="reset-preset" on:click=reset>
                    "Back to the preset"
                </button>
            </Show>
            // Clamped to one line where height is short: the whole caption is its
            // title, and it opens out while the lesson picker has the focus, or
            // when clicked (a second click folds it again).
            <p
                class="lesson"
                class=("lesson-modified", move || modified.get())
                class=("lesson-open", move || caption_open.get())
                data-testid="lesson"
                title=text
                on:click=move |_| caption_open.update(|o| *o = !*o)
            >
                {text}
            </p>
        </div>
    }
}

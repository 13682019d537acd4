//! The keyboard help: every shortcut of the lab, opened with `?`.

use super::fault_palette::key_for_fault;
use crate::model::FaultKind;
use crate::render::icons::{svg, Icon};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The shortcuts, as markup (static text: it costs less to ship as one string).
fn shortcuts() -> String {
    let faults: String = FaultKind::ALL
        .iter()
        .map(|&kind| {
            format!(
                r#"<li><kbd>{}</kbd> {} {}</li>"#,
                key_for_fault(kind),
                svg(Icon::for_fault(kind)),
                kind.title()
            )
        })
        .collect();
    format!(
        r#"<dl>
<dt><kbd>Space</kbd></dt><dd>Play or pause (also on a gap of the diagram)</dd>
<dt><kbd>←</kbd> <kbd>→</kbd></dt><dd>Step back or forward (also on a gap)</dd>
<dt><kbd>?</kbd></dt><dd>Show or hide this help</dd>
<dt><kbd>b</kbd></dt><dd>Break it: search for the fewest faults that break this design</dd>
<dt><kbd>v</kbd></dt><dd>Compare designs: the same faults under every design, one lane each (<kbd>↑</kbd> <kbd>↓</kbd> between lanes, <kbd>Enter</kbd> opens one)</dd>
<dt><kbd>Esc</kbd></dt><dd>Close this help, or cancel a drag</dd>
<dt>The diagram</dt><dd><kbd>d</kbd> jumps into it. One <kbd>Tab</kbd> stop: <kbd>↑</kbd> <kbd>↓</kbd> go to the previous or next gap or placed fault; <kbd>Home</kbd> <kbd>End</kbd> to the first or last.</dd>
<dt>On a gap between two steps</dt><dd><kbd>Enter</kbd> places the selected fault; a fault's letter places that fault.<ul class="help-faults">{faults}</ul></dd>
<dt>On a placed fault</dt><dd><kbd>←</kbd> <kbd>→</kbd> move it to the previous or next gap where it fits (a fault not reached in this run goes to the first or last); <kbd>Delete</kbd> or <kbd>Backspace</kbd> removes it.</dd>
<dt>Mouse, pen or touch</dt><dd>Drag a fault from the palette onto a gap. Drag a placed fault to another gap to move it, or off the diagram to remove it. Click a step's row to jump to it.</dd>
</dl>"#
    )
}

/// A dialog listing every shortcut; `open` shows it, Escape or the button closes it.
#[component]
pub fn HelpOverlay(open: RwSignal<bool>) -> impl IntoView {
    let dialog = NodeRef::<Div>::new();
    // Move focus into the dialog when it opens (its top, so a small screen shows
    // the title first), and back where it was when it closes.
    let before = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if is_open {
            before.set_value(
                document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
            );
            request_animation_frame(move || {
                if let Some(d) = dialog.get_untracked() {
                    let _ = d.focus();
                }
            });
        } else if was_open == Some(true) {
            if let Some(el) = before.get_value() {
                let _ = el.focus();
            }
        }
        is_open
    });

    view! {
        <Show when=move || open.get()>
            <div class="help-backdrop" on:click=move |_| open.set(false)>
                <div
                    class="help"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="help-title"
                    tabindex="-1"
                    node_ref=dialog
                    on:click=|ev| ev.stop_propagation()
                >
                    <h2 id="help-title">"Keyboard shortcuts"</h2>
                    <div inner_html=shortcuts()></div>
                    <button type="button" on:click=move |_| open.set(false)>
                        "Close"
                    </button>
                </div>
            </div>
        </Show>
    }
}

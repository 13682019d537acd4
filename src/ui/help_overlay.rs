//! The keyboard help: every shortcut of the lab, opened with `?`.

use super::fault_palette::SHORTCUTS;
use leptos::html::Button;
use leptos::prelude::*;

/// The shortcuts, as markup (static text: it costs less to ship as one string).
fn shortcuts() -> String {
    let faults: String = SHORTCUTS
        .iter()
        .map(|(key, kind)| {
            format!(
                r#"<li><kbd>{key}</kbd> <span aria-hidden="true">{}</span> {}</li>"#,
                kind.icon(),
                kind.title()
            )
        })
        .collect();
    format!(
        r#"<dl>
<dt><kbd>Space</kbd></dt><dd>Play or pause</dd>
<dt><kbd>←</kbd> <kbd>→</kbd></dt><dd>Step back or forward</dd>
<dt><kbd>?</kbd></dt><dd>Show or hide this help</dd>
<dt><kbd>Esc</kbd></dt><dd>Close this help, or cancel a drag</dd>
<dt>On a gap between two steps</dt><dd><kbd>Enter</kbd> or <kbd>Space</kbd> places the selected fault; a fault's letter places that fault; <kbd>↑</kbd> <kbd>↓</kbd> go to the previous or next gap.<ul class="help-faults">{faults}</ul></dd>
<dt>On a placed fault</dt><dd><kbd>↑</kbd> <kbd>↓</kbd> move it to the previous or next gap where it fits; <kbd>Delete</kbd> or <kbd>Backspace</kbd> removes it.</dd>
<dt>Mouse, pen or touch</dt><dd>Drag a fault from the palette onto a gap. Drag a placed fault to another gap to move it, or off the diagram to remove it. Click a step to jump to it.</dd>
</dl>"#
    )
}

/// A dialog listing every shortcut; `open` shows it, Escape or the button closes it.
#[component]
pub fn HelpOverlay(open: RwSignal<bool>) -> impl IntoView {
    let close_button = NodeRef::<Button>::new();
    // Move focus into the dialog when it opens.
    Effect::new(move |_| {
        if open.get() {
            request_animation_frame(move || {
                if let Some(b) = close_button.get_untracked() {
                    let _ = b.focus();
                }
            });
        }
    });

    view! {
        <Show when=move || open.get()>
            <div class="help-backdrop" on:click=move |_| open.set(false)>
                <div
                    class="help"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="help-title"
                    on:click=|ev| ev.stop_propagation()
                >
                    <h2 id="help-title">"Keyboard shortcuts"</h2>
                    <div inner_html=shortcuts()></div>
                    <button type="button" node_ref=close_button on:click=move |_| open.set(false)>
                        "Close"
                    </button>
                </div>
            </div>
        </Show>
    }
}

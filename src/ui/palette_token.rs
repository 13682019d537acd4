//! One fault token of the palette: a button that selects its fault for the keyboard
//! when pressed and starts a drag (mouse, pen or touch) when a pointer goes down.

use super::drag::{Drag, DragSource};
use super::fault_palette::key_for_fault;
use super::state::Lab;
use crate::model::FaultKind;
use crate::render::icons::{svg, Icon};
use leptos::prelude::*;

/// The token of fault `kind`. `nowhere` says why it fits nowhere in this run (the
/// token is then drawn dashed and says so in words).
#[component]
pub fn PaletteToken(
    /// Which fault.
    kind: FaultKind,
    /// Why it fits nowhere in this run, if it does not fit anywhere.
    #[prop(into)]
    nowhere: Signal<Option<&'static str>>,
) -> impl IntoView {
    let lab = Lab::expect();
    let drag = Drag::expect();
    let key = key_for_fault(kind);
    let selected = move || lab.selected_fault.get() == kind;
    let title = move || match nowhere.get() {
        Some(w) => format!("{}: fits nowhere in this run ({w})", kind.title()),
        None => format!("Drag onto a gap, or focus a gap and press {key}"),
    };
    view! {
        <li>
            <button
                type="button"
                class="fault-token fault-chip"
                class=("idle", move || nowhere.with(Option::is_some))
                data-testid=format!("token-{}", kind.slug())
                data-fault-kind=kind.slug()
                aria-pressed=move || selected().to_string()
                aria-keyshortcuts=key
                title=title
                on:pointerdown=move |ev| drag.begin(DragSource::Palette(kind), &ev)
                on:click=move |_| lab.selected_fault.set(kind)
            >
                <span class="token-icon" inner_html=svg(Icon::for_fault(kind))></span>
                " "
                {kind.title()}
                <Show when=move || nowhere.with(Option::is_some)>
                    <span class="pn-sr">" (fits nowhere in this run)"</span>
                </Show>
                <kbd aria-hidden="true">{key}</kbd>
            </button>
        </li>
    }
}

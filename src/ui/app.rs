use leptos::prelude::*;

use super::SequenceDiagram;

/// The lifelines the lab opens with, left to right.
const ACTORS: [&str; 6] = [
    "Producer",
    "Input topic",
    "Processor",
    "State store",
    "Sink",
    "Downstream reader",
];

/// The whole lab: a header, the sequence diagram of the pipeline, and a footer with
/// the version.
#[component]
pub fn App() -> impl IntoView {
    let actors: Vec<String> = ACTORS.iter().map(|a| a.to_string()).collect();
    view! {
        <header class="app-header">
            <h1>"EOS Lab"</h1>
            <p class="tagline">
                "Place crashes on a stream pipeline and see whether each input takes effect once."
            </p>
        </header>
        <main class="app-main">
            <section class="diagram-area" aria-label="Pipeline">
                <SequenceDiagram actors=actors/>
            </section>
        </main>
        <footer class="app-footer">
            <span>"EOS Lab v" {env!("CARGO_PKG_VERSION")}</span>
        </footer>
    }
}

//! The browser lab: Leptos components on top of the pure model. Components only
//! render and forward the learner's intents; no business rule lives here.

mod app;
mod sequence_diagram;
pub mod state;

pub use app::App;
pub use sequence_diagram::SequenceDiagram;

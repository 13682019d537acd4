//! The browser lab: Leptos components on top of the pure model. Components only
//! render and forward the learner's intents; no business rule lives here.
//!
//! `state` holds the one source of truth ([`state::Lab`]); `drag` the gesture in
//! progress; the rest are components, one per file.

mod app;
pub mod banner;
pub mod break_it;
pub mod compare_lane;
pub mod compare_view;
pub mod design_picker;
pub mod diagram_download;
pub mod diagram_rows;
pub mod download;
pub mod drag;
pub mod embed_bar;
pub mod embed_code;
pub mod fault_matrix;
pub mod fault_palette;
pub mod frame_height;
pub mod gap;
pub mod header;
pub mod help_overlay;
pub mod keep;
pub mod knob;
pub mod lesson_picker;
pub mod palette_token;
pub mod panels;
pub mod placed_fault;
pub mod playback;
pub mod predict_event;
pub mod predict_jump;
pub mod predict_panel;
pub mod predict_reveal;
pub mod predict_store;
pub mod predict_total;
pub mod search_worker;
pub mod sequence_diagram;
pub mod share_menu;
pub mod state;
pub mod verdict_strip;
pub mod why_chain;
pub mod workload_editor;

pub use app::{App, LabView};
pub use sequence_diagram::SequenceDiagram;

//! Markup the lab writes in bulk (diagram rows, panel tables, icons), and the
//! diagram's geometry: plain Rust that compiles and is tested natively, so what
//! the browser shows is checked without a browser.

pub mod diagram;
pub mod diagram_file;
pub mod geometry;
pub mod icons;
pub mod markup;
pub mod reuse;

//! Sharing the lab: the options of an embedded lab read from its address, and the
//! embed code a course author pastes into a page. Plain Rust, tested natively.

pub mod embed_options;
pub mod embed_snippet;

//! Sharing and keeping a scenario: links (`?s=…`), scenario files, and what the lab
//! opens at start (a link, a lesson, or the learner's autosaved work). Pure Rust with
//! no browser types, tested natively; the lab's components only call it.
//!
//! Every decoder returns a [`ShareError`] that says in words what was wrong, and
//! checks what it decodes against the limits of [`crate::model::limits`], so no link
//! or file anyone can write gets past it into the model.

mod error;
pub mod file;
pub mod permalink;
pub mod start;
mod wire_v1;

pub use error::ShareError;

//! EOS Lab: a pure model of a stream pipeline under each delivery guarantee, and the
//! browser lab that lets a learner place faults on it and watch the effects.

pub mod model;
pub mod render;
pub mod share;

#[cfg(target_arch = "wasm32")]
pub mod ui;

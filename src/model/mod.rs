//! The pipeline model (pure Rust, no browser dependency).

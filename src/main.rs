//! The web app's entry point: it only mounts the lab. Everything else lives in the
//! library (`eoslab::ui`), where the browser tests can reach it.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(eoslab::ui::App);
}

// The web app exists only in the browser; a native `cargo build` or `cargo test` still
// compiles every bin, so this one is empty there.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}

//! How the window's WebKit is set up for a small, mostly still form app (Linux only).
//!
//! WebKitGTK composites every page on the GPU by default. Measured with `scripts/bench.sh`
//! (issue 9), that mode keeps about 95 MB of layer buffers and GL state in WebKit's web process
//! and costs the launch its set-up, for a page of lists and forms with no animation that needs
//! it. Without it WebKit paints on the CPU, as it does on machines whose GPU it can't use.
//! The setting is WebKit's own environment variable, read when the web view's settings are
//! created, which is before anything this app can reach; a user who sets it keeps their value.

/// The environment variable WebKitGTK reads to keep a page out of GPU compositing.
pub const NO_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Sets WebKit's environment for the window, unless the user has set it. Called first thing in
/// `run`, before any thread exists (so changing the environment races with nothing).
pub fn prepare_environment() {
    if cfg!(target_os = "linux") && std::env::var_os(NO_COMPOSITING).is_none() {
        std::env::set_var(NO_COMPOSITING, "1");
    }
}

//! mimalloc, started when it is needed rather than at process start.
//!
//! kn uses mimalloc only while ingesting (`src/main.rs`); a search or
//! `kn --version` never allocates from it. Its C constructor still ran in
//! every process: 166,000 instructions, four `cpuid` traps (5.5 µs each in
//! a VM) and 21 page faults, a tenth of `kn --version`. `.cargo/config.toml`
//! builds mimalloc without the constructor (`MI_PRIM_HAS_PROCESS_ATTACH`),
//! and [`start_mimalloc`] runs the same initialisation when an ingest begins.

unsafe extern "C" {
    /// True until mimalloc's process initialisation has run.
    fn _mi_preloading() -> bool;
    /// What mimalloc's constructor calls (`src/init.c`).
    fn _mi_auto_process_init();
}

/// Initialises mimalloc once, before its first allocation. A no-op when the
/// constructor already did (a build without `.cargo/config.toml`'s flag).
/// Without it, mimalloc would stay in its "preloading" state for good and
/// take every page from the OS one by one (42,000 page faults for a 100×
/// ingest instead of 700).
pub fn start_mimalloc() {
    // SAFETY: both are plain C functions of the linked mimalloc; the
    // initialisation is idempotent and guarded by `_mi_preloading`.
    unsafe {
        if _mi_preloading() {
            _mi_auto_process_init();
        }
    }
}

//! The four C math functions the `kn` binary calls, from the `libm` crate,
//! so that the process does not load `libm.so.6`.
//!
//! They are all the binary imported from libm (`nm -D --undefined-only`:
//! `logf`, `log2f`, `log2`, `pow`), yet loading a fourth shared library
//! costs every process its open, mappings and relocations: a C program
//! that needs libm starts 0.12–0.15 ms later than one that does not
//! (hyperfine, three rounds), a quarter of what `kn --version` spends over
//! `/bin/true`. Definitions in the executable take precedence over shared
//! libraries, and with nothing left to resolve `--as-needed` drops libm.
//! The `libm` crate ports musl's versions, which are the same ARM
//! optimized-routines algorithms glibc uses (errors below 1 ulp); the
//! relevance scores and snapshots are unchanged. Only the binary has them:
//! the library and its tests link the system libm as before. Linux with
//! glibc only: elsewhere the C runtime's own definitions are left alone.

/// `logf(3)`.
#[unsafe(no_mangle)]
pub extern "C" fn logf(x: f32) -> f32 {
    libm::logf(x)
}

/// `log2f(3)`.
#[unsafe(no_mangle)]
pub extern "C" fn log2f(x: f32) -> f32 {
    libm::log2f(x)
}

/// `log2(3)`.
#[unsafe(no_mangle)]
pub extern "C" fn log2(x: f64) -> f64 {
    libm::log2(x)
}

/// `pow(3)`.
#[unsafe(no_mangle)]
pub extern "C" fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

//! cargo +nightly fuzz run ingest_markdown — see `fuzz/checks.rs`.

#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::ingest_markdown(data));

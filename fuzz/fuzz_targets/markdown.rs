//! `cargo +nightly fuzz run markdown`: see `commplan_fuzz::markdown` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| commplan_fuzz::markdown(data));

//! `cargo +nightly fuzz run measure`: see `commplan_fuzz::measure` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| commplan_fuzz::measure(data));

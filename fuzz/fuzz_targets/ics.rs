//! `cargo +nightly fuzz run ics`: see `commplan_fuzz::ics` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| commplan_fuzz::ics(data));

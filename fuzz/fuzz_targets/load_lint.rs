//! `cargo +nightly fuzz run load_lint`: see `commplan_fuzz::load_lint` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| commplan_fuzz::load_lint(data));

//! `cargo +nightly fuzz run build_site`: see `commplan_fuzz::build_site` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| commplan_fuzz::build_site(data));

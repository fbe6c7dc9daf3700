//! Arbitrary bytes as an HTML page → text (scraper) → extract → model;
//! see `socgraf::fuzz::html_bytes`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| socgraf::fuzz::html_bytes(data));

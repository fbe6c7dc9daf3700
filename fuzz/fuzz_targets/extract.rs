//! Arbitrary bytes → decode (encoding detection, binary refusal, sections)
//! → extract → model; see `socgraf::fuzz::plain_bytes`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| socgraf::fuzz::plain_bytes(data));

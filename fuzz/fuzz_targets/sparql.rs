//! Arbitrary bytes as a SPARQL query → syntax check (nesting limit) →
//! evaluation on an empty store; see `socgraf::fuzz::sparql_text`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| socgraf::fuzz::sparql_text(data));

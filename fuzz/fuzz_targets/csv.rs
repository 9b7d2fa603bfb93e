//! CSV importer: encoding and separator detection, decoding, line counting, and the mapping of
//! each row to every layer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| onemap::io::fuzzing::csv(data));

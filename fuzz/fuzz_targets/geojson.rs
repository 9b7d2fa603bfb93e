//! GeoJSON importer: the streaming reader and the mapping of each feature to every layer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| onemap::io::fuzzing::geojson(data));

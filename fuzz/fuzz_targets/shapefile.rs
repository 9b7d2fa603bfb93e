//! Shapefile importer: `.shp` geometry and `.dbf` attributes (with undeclared-encoding
//! detection). The input is split in two at a position given by its first two bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| onemap::io::fuzzing::shapefile(data));

//! GeoPackage geometry blobs and the WKB inside them: what the GeoPackage importer, the
//! R-tree trigger functions and the project reader decode from files other tools wrote.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| onemap::io::fuzzing::gpkg_blob(data));

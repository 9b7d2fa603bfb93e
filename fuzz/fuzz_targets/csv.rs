//! CSV importer: encoding and separator detection, decoding, line counting, and the mapping of
//! each row to every layer.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use onemap::io::{Crs, csv_in, fields};
use onemap::model::{Labelled, Layer};

fuzz_target!(|data: &[u8]| {
    let head = &data[..data.len().min(64 * 1024)];
    let _ = csv_in::read_from(Path::new("fuzz.csv"), head, data, |rec| {
        for &layer in Layer::ALL {
            let _ = fields::to_feature(layer, &rec, Crs::Wgs84);
        }
        Ok(())
    });
});

//! GeoJSON importer: the streaming reader and the mapping of each feature to every layer.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use onemap::io::{Crs, fields, geojson_in};
use onemap::model::{Labelled, Layer};

fuzz_target!(|data: &[u8]| {
    let _ = geojson_in::read_from(Path::new("fuzz.geojson"), data, &mut |rec| {
        for &layer in Layer::ALL {
            let _ = fields::to_feature(layer, &rec, Crs::Wgs84);
            let _ = fields::to_feature(layer, &rec, Crs::Gcj02);
        }
        Ok(())
    });
});

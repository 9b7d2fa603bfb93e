//! Shapefile importer: `.shp` geometry and `.dbf` attributes (with undeclared-encoding
//! detection). The input is split in two at a position given by its first two bytes.
#![no_main]

use std::io::Cursor;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use onemap::io::{Crs, fields, shp_in};
use onemap::model::{Labelled, Layer};

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let split = (usize::from(u16::from_le_bytes([data[0], data[1]])) % data.len()).max(2);
    let (shp, dbf) = data.split_at(split);
    let shp = &shp[2..];
    let dbf_path = Path::new("fuzz.dbf");
    let Ok(enc) = shp_in::undeclared_dbf_encoding(dbf_path, dbf) else { return };
    let _ = shp_in::read_from(Path::new("fuzz.shp"), dbf_path, Cursor::new(shp), Cursor::new(dbf), enc, |rec| {
        for &layer in Layer::ALL {
            let _ = fields::to_feature(layer, &rec, Crs::Wgs84);
        }
        Ok(())
    });
});

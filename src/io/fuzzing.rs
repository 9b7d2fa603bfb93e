//! The bodies of the fuzz targets in `fuzz/`, kept in the library so the regression test
//! (`tests/fuzz_regressions.rs`) replays every crash the fuzzers found through exactly the code
//! they ran. Each takes arbitrary bytes; the only failure is a panic.
#![doc(hidden)]

use std::io::Cursor;
use std::path::Path;

use super::{Crs, Record, csv_in, fields, geojson_in, shp_in};
use crate::model::{Labelled, Layer};
use crate::store::{gpkg, wkb};

fn map_to_every_layer(rec: &Record) {
    for &layer in Layer::ALL {
        let _ = fields::to_feature(layer, rec, Crs::Wgs84);
        let _ = fields::to_feature(layer, rec, Crs::Gcj02);
    }
}

/// CSV: encoding detection on the head, then every row mapped to every layer.
pub fn csv(data: &[u8]) {
    let head = &data[..data.len().min(64 * 1024)];
    let _ = csv_in::read_from(Path::new("fuzz.csv"), head, data, |rec| {
        map_to_every_layer(&rec);
        Ok(())
    });
}

/// GeoJSON: the streaming reader, then every feature mapped to every layer.
pub fn geojson(data: &[u8]) {
    let _ = geojson_in::read_from(Path::new("fuzz.geojson"), data, &mut |rec| {
        map_to_every_layer(&rec);
        Ok(())
    });
}

/// Shapefile: the input is split into `.shp` and `.dbf` at a position given by its first two
/// bytes; the `.dbf`'s encoding is detected as for an undeclared file.
pub fn shapefile(data: &[u8]) {
    if data.len() < 2 {
        return;
    }
    let split = (usize::from(u16::from_le_bytes([data[0], data[1]])) % data.len()).max(2);
    let (shp, dbf) = data.split_at(split);
    let shp = &shp[2..];
    let dbf_path = Path::new("fuzz.dbf");
    let Ok(enc) = shp_in::undeclared_dbf_encoding(dbf_path, dbf) else { return };
    let _ = shp_in::read_from(Path::new("fuzz.shp"), dbf_path, Cursor::new(shp), Cursor::new(dbf), enc, |rec| {
        map_to_every_layer(&rec);
        Ok(())
    });
}

/// GeoPackage geometry blobs and the WKB inside them. What OneMap writes it must read back
/// unchanged (NaN coordinates excepted: geo_types compares coordinates, and NaN never equals
/// itself).
pub fn gpkg_blob(data: &[u8]) {
    let decoded = gpkg::decode(data);
    let _ = gpkg::envelope(data);
    let _ = gpkg::srs_of(data);
    if let Ok((g, used)) = wkb::read(data) {
        assert!(used <= data.len());
        if !finite(&g) {
            return;
        }
        let mut again = Vec::new();
        wkb::write(&g, &mut again);
        match wkb::read(&again) {
            Ok((back, _)) => assert!(back == g, "{g:?} != {back:?}"),
            Err(e) => panic!("re-reading our own WKB of {g:?}: {e}"),
        }
    }
    if let Ok(Some(g)) = decoded
        && finite(&g)
    {
        let blob = gpkg::encode(&g, gpkg::SRS_WGS84);
        assert!(gpkg::decode(&blob).is_ok());
    }
}

fn finite(g: &geo_types::Geometry<f64>) -> bool {
    use geo::CoordsIter;
    g.coords_iter().all(|c| c.x.is_finite() && c.y.is_finite())
}

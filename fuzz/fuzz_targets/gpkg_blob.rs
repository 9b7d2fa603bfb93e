//! GeoPackage geometry blobs and the WKB inside them: what the GeoPackage importer, the
//! R-tree trigger functions and the project reader decode from files other tools wrote.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onemap::store::{gpkg, wkb};

fuzz_target!(|data: &[u8]| {
    let decoded = gpkg::decode(data);
    let _ = gpkg::envelope(data);
    let _ = gpkg::srs_of(data);
    if let Ok((g, used)) = wkb::read(data) {
        assert!(used <= data.len());
        // What OneMap writes it must read back unchanged (NaN coordinates excepted: geo_types
        // closes rings by comparing coordinates, and NaN never equals itself).
        if !finite(&g) {
            return;
        }
        let mut again = Vec::new();
        wkb::write(&g, &mut again);
        let (back, _) = wkb::read(&again).expect("re-reading our own WKB");
        assert!(same(&g, &back), "{g:?} != {back:?}");
    }
    if let Ok(Some(g)) = decoded
        && finite(&g)
    {
        let blob = gpkg::encode(&g, gpkg::SRS_WGS84);
        assert!(gpkg::decode(&blob).is_ok());
    }
});

fn finite(g: &geo_types::Geometry<f64>) -> bool {
    use geo::CoordsIter;
    g.coords_iter().all(|c| c.x.is_finite() && c.y.is_finite())
}

fn same(a: &geo_types::Geometry<f64>, b: &geo_types::Geometry<f64>) -> bool {
    a == b
}

//! Every input a fuzzer ever crashed on (`fuzz/crashes-fixed/`) replayed through every fuzz
//! target's body: none may panic again.

use std::path::Path;

#[test]
fn fixed_fuzz_crashes_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/crashes-fixed");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        for (name, target) in [
            ("csv", onemap::io::fuzzing::csv as fn(&[u8])),
            ("geojson", onemap::io::fuzzing::geojson),
            ("shapefile", onemap::io::fuzzing::shapefile),
            ("gpkg_blob", onemap::io::fuzzing::gpkg_blob),
        ] {
            let result = std::panic::catch_unwind(|| target(&data));
            assert!(result.is_ok(), "{} panics the {name} target", path.display());
        }
        n += 1;
    }
    assert!(n >= 4, "expected the recorded crashes in {}", dir.display());
}

//! ESRI Shapefile in (`.shp` + `.shx` + `.dbf`, optional `.cpg` and `.prj`), via the
//! `shapefile`/`dbase` crates. The attribute encoding comes from the `.cpg`, else the dBase
//! language driver byte, else detection on the records — transport departments hand over
//! GBK `.dbf` files with nothing declared.

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::record::{Location, Record};
use super::{ImportError, encoding};

fn sibling(path: &Path, ext: &str) -> Option<PathBuf> {
    [ext.to_ascii_lowercase(), ext.to_ascii_uppercase()]
        .into_iter()
        .map(|e| path.with_extension(e))
        .find(|p| p.exists())
}

/// The encoding of the `.dbf`: declared in a `.cpg`, by the header's language driver, or detected.
fn dbf_encoding(shp: &Path, dbf: &Path) -> Result<&'static encoding_rs::Encoding, ImportError> {
    if let Some(cpg) = sibling(shp, "cpg") {
        let label = std::fs::read_to_string(&cpg).map_err(|e| ImportError::file(&cpg, format!("cannot read: {e}")))?;
        return encoding::from_cpg(&label)
            .ok_or_else(|| ImportError::file(&cpg, format!("unknown code page \"{}\"", label.trim())));
    }
    let mut bytes = Vec::new();
    File::open(dbf)
        .and_then(|f| f.take(256 * 1024).read_to_end(&mut bytes))
        .map_err(|e| ImportError::file(dbf, format!("cannot read: {e}")))?;
    undeclared_dbf_encoding(dbf, &bytes)
}

/// The encoding of a `.dbf` without a `.cpg`, from its first bytes: the header's language
/// driver, else detection on the records.
pub fn undeclared_dbf_encoding(dbf: &Path, head: &[u8]) -> Result<&'static encoding_rs::Encoding, ImportError> {
    if head.len() < 32 {
        return Err(ImportError::file(dbf, "is too short to be a dBase file"));
    }
    // Language driver ids: 0x4D = CP936 (GBK), 0x57 = ANSI (Esri writes it with a .cpg).
    if head[29] == 0x4D {
        return Ok(encoding_rs::GB18030);
    }
    let header_len = usize::from(u16::from_le_bytes([head[8], head[9]])).min(head.len());
    Ok(encoding::detect(&head[header_len..]))
}

fn field_value(v: shapefile::dbase::FieldValue) -> Value {
    use shapefile::dbase::FieldValue as F;
    match v {
        F::Character(s) => s.map_or(Value::Null, Value::String),
        F::Memo(s) => Value::String(s),
        F::Numeric(n) => n.map_or(Value::Null, Value::from),
        F::Float(n) => n.map_or(Value::Null, |f| Value::from(f64::from(f))),
        F::Double(n) | F::Currency(n) => Value::from(n),
        F::Integer(i) => Value::from(i),
        F::Logical(b) => b.map_or(Value::Null, Value::Bool),
        F::Date(d) => {
            d.map_or(Value::Null, |d| Value::String(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())))
        }
        F::DateTime(dt) => {
            let d = dt.date();
            Value::String(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        }
    }
}

/// Refuses projected coordinate systems and geographic ones on another datum: OneMap reads
/// longitude/latitude on WGS84 or CGCS2000 (equal at map scale).
fn check_prj(shp: &Path) -> Result<(), ImportError> {
    let Some(prj) = sibling(shp, "prj") else { return Ok(()) };
    let wkt = std::fs::read_to_string(&prj).map_err(|e| ImportError::file(&prj, format!("cannot read: {e}")))?;
    prj_problem(&wkt).map_or(Ok(()), |problem| Err(ImportError::file(&prj, problem)))
}

/// What is wrong with a `.prj`'s coordinate system for OneMap, if anything. Beijing 1954 and
/// Xi'an 1980 longitudes/latitudes differ from WGS84 by up to about a hundred metres, so they
/// are refused rather than silently misplaced.
fn prj_problem(wkt: &str) -> Option<String> {
    let upper = wkt.trim_start().to_ascii_uppercase();
    let first_name = || wkt.split('"').nth(1).unwrap_or("an unnamed system").to_string();
    let reproject = "Reproject it first, e.g. ogr2ogr -t_srs EPSG:4326";
    if upper.starts_with("PROJCS") {
        return Some(format!(
            "the shapefile is in {}; OneMap reads longitude/latitude (WGS84/CGCS2000). {reproject}",
            first_name()
        ));
    }
    if !upper.starts_with("GEOGCS") {
        return None;
    }
    let datum = upper.split("DATUM[\"").nth(1).and_then(|d| d.split('"').next()).unwrap_or("");
    let compact: String = datum.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let wgs84 = compact.contains("WGS") && compact.contains("84");
    let cgcs2000 = compact.contains("2000") && (compact.contains("CHINA") || compact.contains("CGCS"));
    if datum.is_empty() || wgs84 || cgcs2000 {
        return None;
    }
    Some(format!(
        "the shapefile's longitudes/latitudes are on the datum {datum}, not WGS84/CGCS2000 (Beijing 1954 and Xi'an 1980 are off by up to ~100 m). {reproject}"
    ))
}

/// Refuses a `.dbf` whose header the `dbase` crate would trip over: it subtracts the header
/// sizes from the declared header length without checking (a panic, or in release builds a
/// wrapped count and a huge allocation). Found by `cargo fuzz run shapefile`.
fn check_dbf_header(dbf: &Path, content: &mut (impl Read + Seek)) -> Result<(), ImportError> {
    let io_err = |e: std::io::Error| ImportError::file(dbf, format!("cannot read: {e}"));
    let len = content.seek(std::io::SeekFrom::End(0)).map_err(io_err)?;
    content.seek(std::io::SeekFrom::Start(0)).map_err(io_err)?;
    let mut head = [0u8; 32];
    if len < 32 || content.read_exact(&mut head).is_err() {
        return Err(ImportError::file(dbf, "is too short to be a dBase file"));
    }
    content.seek(std::io::SeekFrom::Start(0)).map_err(io_err)?;
    let header_len = u64::from(u16::from_le_bytes([head[8], head[9]]));
    // 32-byte file header + field descriptors + 0x0D terminator; Visual FoxPro (0x30–0x32)
    // adds a 263-byte backlink.
    let backlink = if (0x30..=0x32).contains(&head[0]) { 263 } else { 0 };
    if header_len < 33 + backlink || header_len > len {
        return Err(ImportError::file(
            dbf,
            format!("is damaged: its header claims {header_len} bytes in a file of {len} (not a dBase file?)"),
        ));
    }
    // The field list ends with 0x0D where the header length says (dBase's own check, which
    // the crate makes only with debug assertions, panicking).
    let terminator_at = 32 + (header_len - 33 - backlink) / 32 * 32;
    let mut terminator = [0u8];
    content.seek(std::io::SeekFrom::Start(terminator_at)).map_err(io_err)?;
    content.read_exact(&mut terminator).map_err(io_err)?;
    content.seek(std::io::SeekFrom::Start(0)).map_err(io_err)?;
    if terminator[0] != 0x0D {
        return Err(ImportError::file(dbf, "is damaged: its list of fields does not end where its header says"));
    }
    Ok(())
}

/// The column names as the `.dbf` spells them, keyed by the name the dbase crate gives. That
/// crate decodes names with the header's language driver only (not the `.cpg`), so a GBK name
/// like 企业编号 arrives garbled; the header's descriptors (32 bytes each from offset 32, name in
/// the first 11, up to 0x0D) are decoded here with the file's real encoding.
fn field_names<R: std::io::Read + std::io::Seek>(
    dbf: &Path,
    enc: &'static encoding_rs::Encoding,
    head: &[u8],
    records: &shapefile::dbase::Reader<R>,
) -> Result<std::collections::HashMap<String, String>, ImportError> {
    let proper: Vec<String> = head
        .get(32..)
        .unwrap_or_default()
        .chunks(32)
        .take_while(|d| d.first() != Some(&0x0D) && d.len() == 32)
        .map(|d| {
            let raw = &d[..11];
            let end = raw.iter().position(|b| *b == 0).unwrap_or(raw.len());
            enc.decode_without_bom_handling(&raw[..end]).0.trim().to_string()
        })
        .collect();
    let garbled: Vec<&str> = records.fields().iter().map(|f| f.name()).collect();
    if garbled.len() != proper.len() {
        // Not the layout read above: keep the crate's names.
        return Ok(std::collections::HashMap::new());
    }
    let mut map = std::collections::HashMap::new();
    for (g, p) in garbled.iter().zip(&proper) {
        if let Some(other) = map.insert(g.to_string(), p.clone())
            && other != *p
        {
            return Err(ImportError::file(
                dbf,
                format!(
                    "columns \"{other}\" and \"{p}\" cannot be told apart when read; save the shapefile as UTF-8 or rename one"
                ),
            ));
        }
    }
    Ok(map)
}

/// Checks the `.shp` header's file length, then walks the record headers (8 bytes each after the
/// 100-byte file header: number and content length in 16-bit words, big-endian), and refuses a
/// length that is negative or runs past the end of the file: the shapefile crate multiplies
/// them without a check (both found by `cargo fuzz run shapefile`). Leaves the reader at the start.
fn check_shp_records(path: &Path, shp: &mut (impl Read + Seek)) -> Result<(), ImportError> {
    use std::io::SeekFrom;
    let io_err = |e: std::io::Error| ImportError::file(path, format!("cannot read: {e}"));
    let len = shp.seek(SeekFrom::End(0)).map_err(io_err)?;
    // The header's file length (16-bit words, big-endian at byte 24): the crate doubles it too.
    if len >= 28 {
        shp.seek(SeekFrom::Start(24)).map_err(io_err)?;
        let mut words = [0u8; 4];
        shp.read_exact(&mut words).map_err(io_err)?;
        let words = i32::from_be_bytes(words);
        if words < 50 {
            return Err(ImportError::file(
                path,
                format!("is damaged: its header gives a file length of {words} words (at least 50 expected)"),
            ));
        }
    }
    let mut pos = 100u64;
    let mut n = 0u64;
    while pos + 8 <= len {
        shp.seek(SeekFrom::Start(pos + 4)).map_err(io_err)?;
        let mut words = [0u8; 4];
        shp.read_exact(&mut words).map_err(io_err)?;
        n += 1;
        let words = i32::from_be_bytes(words);
        let bytes = u64::try_from(words).ok().map(|w| w * 2).filter(|b| pos + 8 + b <= len);
        let Some(bytes) = bytes else {
            return Err(ImportError::at(
                path,
                Location::Record(n, None),
                format!("is damaged: record {n} claims {words} words of content in a file of {len} bytes"),
            ));
        };
        check_counts(shp, n, pos + 8, bytes).map_err(|e| match e {
            Ok(message) => ImportError::at(path, Location::Record(n, None), message),
            Err(io) => io_err(io),
        })?;
        pos += 8 + bytes;
    }
    shp.seek(SeekFrom::Start(0)).map_err(io_err)?;
    Ok(())
}

/// Refuses a multi-part or multi-point record whose part or point counts need more bytes than
/// its content has: the shapefile crate reserves memory for the counts before reading them, so
/// a damaged count would ask for gigabytes (found by `cargo fuzz run shapefile`).
fn check_counts(
    shp: &mut (impl Read + Seek),
    n: u64,
    content_at: u64,
    content_bytes: u64,
) -> Result<(), Result<String, std::io::Error>> {
    use std::io::SeekFrom;
    let mut word = [0u8; 4];
    let mut read_i32 = |shp: &mut dyn ReadSeek, at: u64| -> Result<i64, std::io::Error> {
        shp.seek(SeekFrom::Start(at))?;
        shp.read_exact(&mut word)?;
        Ok(i64::from(i32::from_le_bytes(word)))
    };
    if content_bytes < 4 {
        return Ok(());
    }
    let shape_type = read_i32(shp, content_at).map_err(Err)?;
    // (offset of the first count, whether there are parts) by shape type (ESRI white paper).
    let (parts, counts_at) = match shape_type {
        3 | 5 | 13 | 15 | 23 | 25 | 31 => (true, 36),
        8 | 18 | 28 => (false, 36),
        _ => return Ok(()),
    };
    let fixed = counts_at + if parts { 8 } else { 4 };
    if content_bytes < fixed {
        return Err(Ok(format!("is damaged: record {n} is too short for its shape type {shape_type}")));
    }
    let (num_parts, num_points) = if parts {
        (read_i32(shp, content_at + counts_at).map_err(Err)?, read_i32(shp, content_at + counts_at + 4).map_err(Err)?)
    } else {
        (0, read_i32(shp, content_at + counts_at).map_err(Err)?)
    };
    let need = fixed as i64 + 4 * num_parts + 16 * num_points;
    if num_parts < 0 || num_points < 0 || need > content_bytes as i64 {
        return Err(Ok(format!(
            "is damaged: record {n} claims {num_parts} parts and {num_points} points in {content_bytes} bytes"
        )));
    }
    Ok(())
}

trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

/// The first 64 KiB of the `.dbf` (its header), leaving the reader at the start.
fn dbf_head(dbf: &Path, content: &mut (impl Read + Seek)) -> Result<Vec<u8>, ImportError> {
    let fail = |e: std::io::Error| ImportError::file(dbf, format!("cannot read: {e}"));
    let mut head = Vec::new();
    content.by_ref().take(64 * 1024).read_to_end(&mut head).map_err(fail)?;
    content.seek(std::io::SeekFrom::Start(0)).map_err(fail)?;
    Ok(head)
}

/// Reads every shape with its attributes, calling `each` in file order. Returns the count.
pub fn read(path: &Path, each: impl FnMut(Record) -> Result<(), ImportError>) -> Result<u64, ImportError> {
    let dbf = sibling(path, "dbf")
        .ok_or_else(|| ImportError::file(path, "has no .dbf file beside it (a shapefile needs .shp, .shx and .dbf)"))?;
    check_prj(path)?;
    let enc = dbf_encoding(path, &dbf)?;
    let shp_file = File::open(path).map_err(|e| ImportError::file(path, format!("cannot open: {e}")))?;
    let dbf_file = File::open(&dbf).map_err(|e| ImportError::file(&dbf, format!("cannot open: {e}")))?;
    read_from(path, &dbf, BufReader::new(shp_file), BufReader::new(dbf_file), enc, each)
}

/// As [`read`], from the `.shp` and `.dbf` contents and the `.dbf`'s encoding; the paths only
/// name the files in messages. Records are read in order, so no `.shx` is needed.
pub fn read_from<S: Read + Seek, D: Read + Seek>(
    path: &Path,
    dbf: &Path,
    shp: S,
    dbf_content: D,
    enc: &'static encoding_rs::Encoding,
    mut each: impl FnMut(Record) -> Result<(), ImportError>,
) -> Result<u64, ImportError> {
    let mut dbf_content = dbf_content;
    check_dbf_header(dbf, &mut dbf_content)?;
    let head = dbf_head(dbf, &mut dbf_content)?;
    let mut shp = shp;
    check_shp_records(path, &mut shp)?;
    let shapes = shapefile::ShapeReader::new(shp).map_err(|e| ImportError::file(path, e.to_string()))?;
    let records =
        shapefile::dbase::Reader::new_with_encoding(dbf_content, shapefile::dbase::encoding::EncodingRs::from(enc))
            .map_err(|e| ImportError::file(dbf, e.to_string()))?;
    let names = field_names(dbf, enc, &head, &records)?;
    let mut reader = shapefile::Reader::new(shapes, records);
    let mut count = 0;
    for item in reader.iter_shapes_and_records() {
        count += 1;
        let (shape, row) = item.map_err(|e| ImportError::at(path, Location::Record(count, None), e.to_string()))?;
        let attrs: Map<String, Value> =
            row.into_iter().map(|(k, v)| (names.get(&k).cloned().unwrap_or(k), field_value(v))).collect();
        let mut rec = Record { location: Location::Record(count, None), attrs, geometry: None };
        rec.location = Location::Record(count, rec.label());
        rec.geometry = match shape {
            shapefile::Shape::NullShape => None,
            shape => Some(
                geo_types::Geometry::<f64>::try_from(shape)
                    .map_err(|e| ImportError::at(path, rec.location.clone(), e.to_string()).with_field("geometry"))?,
            ),
        };
        each(rec)?;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by `cargo fuzz run shapefile`: a header length below the fixed header size made
    /// the dbase crate subtract with overflow.
    #[test]
    fn a_record_claiming_more_points_than_its_bytes_is_refused_before_reading() {
        // File header (100 bytes) + one polyline record of 44 content bytes claiming 1e9 points.
        let content_words = 22i32;
        let mut shp = vec![0u8; 100];
        shp[0..4].copy_from_slice(&9994i32.to_be_bytes());
        shp[24..28].copy_from_slice(&(50 + 4 + content_words).to_be_bytes());
        shp.extend(1i32.to_be_bytes());
        shp.extend(content_words.to_be_bytes());
        shp.extend(3i32.to_le_bytes());
        shp.extend([0u8; 32]);
        shp.extend(1i32.to_le_bytes());
        shp.extend(1_000_000_000i32.to_le_bytes());
        let e = check_shp_records(Path::new("roads.shp"), &mut std::io::Cursor::new(&shp)).unwrap_err();
        assert!(e.to_string().contains("record 1 claims 1 parts and 1000000000 points"), "{e}");
        // The same record with no parts and no points fits its 44 bytes.
        let len = shp.len();
        shp[len - 8..].copy_from_slice(&[0u8; 8]);
        assert!(check_shp_records(Path::new("roads.shp"), &mut std::io::Cursor::new(&shp)).is_ok());
    }

    #[test]
    fn a_dbf_with_an_impossible_header_length_is_refused() {
        let shp = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/import/stations_utf8.shp")).unwrap();
        let good = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/import/stations_utf8.dbf")).unwrap();
        let read = |dbf: Vec<u8>| {
            read_from(
                Path::new("x.shp"),
                Path::new("x.dbf"),
                std::io::Cursor::new(shp.clone()),
                std::io::Cursor::new(dbf),
                encoding_rs::UTF_8,
                |_| Ok(()),
            )
        };
        assert_eq!(read(good.clone()), Ok(3));
        for (version, header_len) in [(0x03u8, 1u16), (0x03, 32), (0x30, 100), (0x03, 60000)] {
            let mut bad = good.clone();
            bad[0] = version;
            bad[8..10].copy_from_slice(&header_len.to_le_bytes());
            let e = read(bad).unwrap_err();
            assert!(e.message.contains("damaged"), "{e}");
        }
        assert!(read(good[..20].to_vec()).unwrap_err().message.contains("too short"));
        let mut bad = good.clone();
        bad[8..10].copy_from_slice(&(u16::from_le_bytes([good[8], good[9]]) + 32).to_le_bytes());
        assert!(read(bad).unwrap_err().message.contains("does not end"));
    }

    #[test]
    fn coordinate_systems_in_prj_files() {
        let wgs = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]]"#;
        assert_eq!(prj_problem(wgs), None);
        let cgcs = r#"GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]]]"#;
        assert_eq!(prj_problem(cgcs), None);
        let beijing =
            r#"GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]]]"#;
        assert!(prj_problem(beijing).is_some_and(|p| p.contains("D_BEIJING_1954")));
        let xian = r#"GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]]]"#;
        assert!(prj_problem(xian).is_some());
        let utm = r#"PROJCS["WGS_1984_UTM_Zone_50N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]]"#;
        assert!(prj_problem(utm).is_some_and(|p| p.contains("WGS_1984_UTM_Zone_50N")));
    }
}

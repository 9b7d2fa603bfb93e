//! ESRI Shapefile in (`.shp` + `.shx` + `.dbf`, optional `.cpg` and `.prj`), via the
//! `shapefile`/`dbase` crates. The attribute encoding comes from the `.cpg`, else the dBase
//! language driver byte, else detection on the records — transport departments hand over
//! GBK `.dbf` files with nothing declared.

use std::fs::File;
use std::io::{BufReader, Read};
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
    if bytes.len() < 32 {
        return Err(ImportError::file(dbf, "is too short to be a dBase file"));
    }
    // Language driver ids: 0x4D = CP936 (GBK), 0x57 = ANSI (Esri writes it with a .cpg).
    if bytes[29] == 0x4D {
        return Ok(encoding_rs::GB18030);
    }
    let header_len = usize::from(u16::from_le_bytes([bytes[8], bytes[9]])).min(bytes.len());
    Ok(encoding::detect(&bytes[header_len..]))
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

/// Refuses projected coordinate systems: OneMap reads longitude/latitude.
fn check_prj(shp: &Path) -> Result<(), ImportError> {
    let Some(prj) = sibling(shp, "prj") else { return Ok(()) };
    let wkt = std::fs::read_to_string(&prj).map_err(|e| ImportError::file(&prj, format!("cannot read: {e}")))?;
    if wkt.trim_start().to_ascii_uppercase().starts_with("PROJCS") {
        let name = wkt.split('"').nth(1).unwrap_or("a projected system");
        return Err(ImportError::file(
            &prj,
            format!(
                "the shapefile is in {name}; OneMap reads longitude/latitude (WGS84/CGCS2000). Reproject it first, e.g. ogr2ogr -t_srs EPSG:4326"
            ),
        ));
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
    records: &shapefile::dbase::Reader<R>,
) -> Result<std::collections::HashMap<String, String>, ImportError> {
    let mut head = Vec::new();
    File::open(dbf)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .map_err(|e| ImportError::file(dbf, format!("cannot read: {e}")))?;
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

/// Reads every shape with its attributes, calling `each` in file order. Returns the count.
pub fn read(path: &Path, mut each: impl FnMut(Record) -> Result<(), ImportError>) -> Result<u64, ImportError> {
    let dbf = sibling(path, "dbf")
        .ok_or_else(|| ImportError::file(path, "has no .dbf file beside it (a shapefile needs .shp, .shx and .dbf)"))?;
    check_prj(path)?;
    let enc = dbf_encoding(path, &dbf)?;
    let shapes = shapefile::ShapeReader::from_path(path).map_err(|e| ImportError::file(path, e.to_string()))?;
    let dbf_file = File::open(&dbf).map_err(|e| ImportError::file(&dbf, format!("cannot open: {e}")))?;
    let records = shapefile::dbase::Reader::new_with_encoding(
        BufReader::new(dbf_file),
        shapefile::dbase::encoding::EncodingRs::from(enc),
    )
    .map_err(|e| ImportError::file(&dbf, e.to_string()))?;
    let names = field_names(&dbf, enc, &records)?;
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

//! GeoJSON in, streamed: features are handed over one at a time while the file is read, so a
//! 1 GB FeatureCollection needs no more memory than one feature.
//!
//! `geojson::FeatureReader` is not used because it seeks to the first `[` in the file (a
//! `bbox` before `features` derails it) and loses line numbers; a serde visitor over the
//! top-level object does neither. A bare Feature is accepted too. RFC 7946 requires UTF-8; a
//! file in another encoding is refused with the encoding named.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::geojson_geometry::JsonGeometry;
use super::record::{Location, Record};
use super::{ImportError, encoding};
use crate::progress::CountingReader;

/// What a caller does with each record; an `Err` stops reading and is returned as is.
type Each<'a> = dyn FnMut(Record) -> Result<(), ImportError> + 'a;

#[derive(Deserialize)]
struct RawFeature {
    #[serde(rename = "type")]
    ty: Option<String>,
    #[serde(default, deserialize_with = "geometry_member")]
    geometry: Option<JsonGeometry>,
    #[serde(default, deserialize_with = "properties_member")]
    properties: Option<Map<String, Value>>,
    id: Option<Value>,
}

thread_local! {
    /// The feature member being parsed, so a syntax or geometry error deep inside serde can
    /// name the field. Set on entry, cleared on success; read only after an error.
    static MEMBER: Cell<Option<&'static str>> = const { Cell::new(None) };
}

fn tracked<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D, member: &'static str) -> Result<T, D::Error> {
    MEMBER.set(Some(member));
    let v = T::deserialize(d)?;
    MEMBER.set(None);
    Ok(v)
}

fn geometry_member<'de, D: Deserializer<'de>>(d: D) -> Result<Option<JsonGeometry>, D::Error> {
    tracked(d, "geometry")
}

fn properties_member<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Map<String, Value>>, D::Error> {
    tracked(d, "properties")
}

struct State<'a, 'b> {
    path: &'a Path,
    each: &'a mut Each<'b>,
    count: u64,
    /// True while reading the `features` array, where an error belongs to feature `count + 1`.
    in_features: bool,
    /// The caller's error, kept here while serde unwinds with a placeholder.
    stopped: Option<ImportError>,
}

impl State<'_, '_> {
    fn emit(&mut self, raw: RawFeature) -> Result<(), ()> {
        self.count += 1;
        let n = self.count;
        let mut attrs = raw.properties.unwrap_or_default();
        if let Some(id) = raw.id
            && !attrs.contains_key("id")
            && !attrs.contains_key("code")
        {
            attrs.insert("id".into(), id);
        }
        let mut rec = Record { location: Location::Feature(n, None), attrs, geometry: None };
        rec.location = Location::Feature(n, rec.label());
        if let Some(t) = raw.ty.as_deref()
            && t != "Feature"
        {
            self.stopped = Some(
                ImportError::at(self.path, rec.location, format!("has type \"{t}\", expected \"Feature\""))
                    .with_field("type"),
            );
            return Err(());
        }
        rec.geometry = raw.geometry.and_then(|g| g.0);
        (self.each)(rec).map_err(|e| {
            self.stopped = Some(e);
        })
    }
}

struct Top<'s, 'a, 'b>(&'s RefCell<State<'a, 'b>>);

const ABORT: &str = "\u{0}onemap-abort";

impl<'de> Visitor<'de> for Top<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON FeatureCollection or Feature object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut ty: Option<String> = None;
        let mut single = RawFeature { ty: None, geometry: None, properties: None, id: None };
        let mut saw_features = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => ty = Some(map.next_value()?),
                "features" => {
                    saw_features = true;
                    self.0.borrow_mut().in_features = true;
                    map.next_value_seed(Features(self.0))?;
                    self.0.borrow_mut().in_features = false;
                }
                "crs" => {
                    let crs: Value = map.next_value()?;
                    let name = crs.pointer("/properties/name").and_then(Value::as_str).unwrap_or("");
                    let ok = ["CRS84", "4326", "4490", "CRS:84"].iter().any(|s| name.ends_with(s));
                    if !ok {
                        return Err(de::Error::custom(format!(
                            "declares the coordinate system \"{name}\"; OneMap reads longitude/latitude (WGS84/CGCS2000) or GCJ-02 with --crs gcj02. Reproject the file first"
                        )));
                    }
                }
                "geometry" => single.geometry = map.next_value()?,
                "properties" => single.properties = map.next_value()?,
                "id" => single.id = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match ty.as_deref() {
            Some("FeatureCollection") if saw_features => Ok(()),
            Some("FeatureCollection") => Err(de::Error::custom("FeatureCollection has no \"features\" member")),
            Some("Feature") => {
                single.ty = Some("Feature".into());
                self.0.borrow_mut().emit(single).map_err(|()| de::Error::custom(ABORT))
            }
            Some(other) => Err(de::Error::custom(format!(
                "top-level type is \"{other}\"; OneMap reads a FeatureCollection or a Feature"
            ))),
            None => Err(de::Error::custom("top-level object has no \"type\"; is this GeoJSON?")),
        }
    }
}

struct Features<'s, 'a, 'b>(&'s RefCell<State<'a, 'b>>);

impl<'de> DeserializeSeed<'de> for Features<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Features<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<RawFeature>()? {
            self.0.borrow_mut().emit(raw).map_err(|()| de::Error::custom(ABORT))?;
        }
        Ok(())
    }
}

/// Refuses files that are not UTF-8, naming what they look like.
fn check_utf8(path: &Path, file: &mut File) -> Result<(), ImportError> {
    let mut head = Vec::with_capacity(64 * 1024);
    file.by_ref()
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| ImportError::file(path, format!("cannot read: {e}")))?;
    file.seek(SeekFrom::Start(0)).map_err(|e| ImportError::file(path, format!("cannot read: {e}")))?;
    if head.is_empty() {
        return Err(ImportError::file(path, "is empty"));
    }
    let enc = encoding::detect(&head);
    if enc != encoding_rs::UTF_8 {
        return Err(ImportError::file(
            path,
            format!(
                "is encoded as {}, but GeoJSON must be UTF-8 (RFC 7946); save it as UTF-8 and import again",
                encoding::describe(enc)
            ),
        ));
    }
    if head.starts_with(b"\xEF\xBB\xBF") {
        let mut bom = [0u8; 3];
        file.read_exact(&mut bom).map_err(|e| ImportError::file(path, format!("cannot read: {e}")))?;
    }
    Ok(())
}

/// Reads every feature of a GeoJSON file, calling `each` in file order. Returns the count.
pub fn read(
    path: &Path,
    bytes_read: Option<Arc<AtomicU64>>,
    mut each: impl FnMut(Record) -> Result<(), ImportError>,
) -> Result<u64, ImportError> {
    let mut file = File::open(path).map_err(|e| ImportError::file(path, format!("cannot open: {e}")))?;
    check_utf8(path, &mut file)?;
    let counted = CountingReader::new(file, bytes_read.unwrap_or_default());
    read_from(path, BufReader::with_capacity(1 << 20, counted), &mut each)
}

/// As [`read`], from any reader (`path` only names it in messages).
pub fn read_from(path: &Path, reader: impl Read, each: &mut Each<'_>) -> Result<u64, ImportError> {
    MEMBER.set(None);
    let state = RefCell::new(State { path, each, count: 0, in_features: false, stopped: None });
    let mut de = serde_json::Deserializer::from_reader(reader);
    let result = de.deserialize_map(Top(&state)).and_then(|()| de.end());
    let state = state.into_inner();
    match result {
        Ok(()) => Ok(state.count),
        Err(_) if state.stopped.is_some() => Err(state.stopped.unwrap_or_else(|| ImportError::file(path, "stopped"))),
        Err(e) => {
            let msg = e.to_string();
            // serde_json appends " at line L column C"; the location goes in its own slot.
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            let msg = match e.classify() {
                serde_json::error::Category::Eof => format!("the file ends early (truncated?): {msg}"),
                serde_json::error::Category::Syntax if msg == "expected value" => {
                    format!("{msg} (JSON has no NaN, Infinity or bare words; write a number, a string or null)")
                }
                _ => msg,
            };
            let (line, column) = (e.line() as u64, e.column() as u64);
            let mut err = if state.in_features {
                ImportError::at(path, Location::FeatureAt { index: state.count + 1, line, column }, msg)
            } else {
                ImportError::at(path, Location::LineColumn(line, column), msg)
            };
            if let Some(member) = MEMBER.take() {
                err = err.with_field(member);
            }
            if state.count > 0 {
                err.message = format!("{} (after {} complete feature(s))", err.message, state.count);
            }
            Err(err)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(s: &str) -> Result<Vec<Record>, ImportError> {
        let mut out = Vec::new();
        read_from(Path::new("t.geojson"), s.as_bytes(), &mut |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn bbox_and_crs_before_features_are_fine() {
        let s = r#"{"type":"FeatureCollection","bbox":[1,2,3,4],
            "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},
            "features":[
              {"type":"Feature","id":7,"geometry":{"type":"Point","coordinates":[114.3,36.1]},"properties":{"名称":"甲"}},
              {"type":"Feature","geometry":null,"properties":{"名称":"乙"}}
            ]}"#;
        let recs = read_str(s).unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].attrs.get("id"), Some(&Value::from(7)));
        assert!(recs[1].geometry.is_none());
        assert_eq!(recs[1].location, Location::Feature(2, Some("乙".into())));
    }

    #[test]
    fn truncated_file_names_line_and_column() {
        let s = "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"geometry\":null,\"properties\":{}},\n{\"type\":\"Feat";
        let e = read_str(s).unwrap_err();
        assert!(matches!(e.location, Some(Location::FeatureAt { index: 2, line: 3, .. })), "{e}");
        assert!(e.message.contains("truncated"), "{e}");
        assert!(e.message.contains("1 complete"), "{e}");
    }

    #[test]
    fn projected_crs_is_refused() {
        let s = r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3857"}},"features":[]}"#;
        let e = read_str(s).unwrap_err();
        assert!(e.message.contains("EPSG:3857"), "{e}");
    }

    #[test]
    fn callback_errors_pass_through_unchanged() {
        let s = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{}}]}"#;
        let mut each = |_r: Record| Err(ImportError::file(Path::new("x"), "mine"));
        let e = read_from(Path::new("t"), s.as_bytes(), &mut each).unwrap_err();
        assert_eq!(e.message, "mine");
    }

    #[test]
    fn bad_geometry_is_located() {
        let s = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1]},"properties":{}}]}"#;
        let e = read_str(s).unwrap_err();
        assert!(matches!(e.location, Some(Location::FeatureAt { index: 1, .. })), "{e}");
        assert_eq!(e.field.as_deref(), Some("geometry"), "{e}");
        assert!(e.message.contains("two numbers"), "{e}");
    }

    #[test]
    fn a_syntax_error_in_properties_names_the_field() {
        let s = "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"a\":1}},\n{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"a\":NaN}}]}";
        let e = read_str(s).unwrap_err();
        assert!(matches!(e.location, Some(Location::FeatureAt { index: 2, line: 3, .. })), "{e}");
        assert_eq!(e.field.as_deref(), Some("properties"), "{e}");
    }
}

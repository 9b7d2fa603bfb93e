//! OSM XML (`.osm`, `.osm.bz2`) in, streaming with quick-xml: one pass, nodes kept only inside
//! the clip box, ways reduced to their road attributes as they go by.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::error::{Result, RoutingError};
use super::profile::{self, SpeedProfile};
use super::source::{self, NodeTable, RawRoads, RawWay};
use crate::model::LonLat;
use crate::progress::{CountingReader, Progress};
use crate::snapshot::BBox;

fn is_bz2(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("bz2"))
}

/// The decompressed byte stream, counting compressed bytes read for the progress bar.
fn open(path: &Path, count: Arc<AtomicU64>) -> Result<Box<dyn Read>> {
    let file = File::open(path).map_err(|e| RoutingError::file(path, format!("cannot open: {e}")))?;
    let counted = CountingReader::new(file, count);
    Ok(if is_bz2(path) {
        Box::new(bzip2::read::MultiBzDecoder::new(BufReader::new(counted)))
    } else {
        Box::new(counted)
    })
}

/// The 1-based line holding byte `pos` of the decompressed text (re-read on the error path only).
fn line_at(path: &Path, pos: u64) -> u64 {
    let Ok(r) = open(path, Arc::default()) else { return 0 };
    let mut line = 1;
    let mut left = pos;
    let mut buf = [0u8; 64 * 1024];
    let mut r = r.take(pos);
    while left > 0 {
        match r.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                line += buf.iter().take(n).filter(|b| **b == b'\n').count() as u64;
                left = left.saturating_sub(n as u64);
            }
        }
    }
    line
}

struct WayInProgress {
    id: i64,
    refs: Vec<i64>,
    tags: Vec<(String, String)>,
}

/// What went wrong at a byte position; turned into a line number when reported.
struct Problem {
    pos: u64,
    message: String,
}

fn attr_num<T: std::str::FromStr>(e: &BytesStart, key: &[u8]) -> Option<T> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| std::str::from_utf8(&a.value).ok().and_then(|s| s.trim().parse().ok()))
}

fn attr_text(e: &BytesStart, key: &[u8]) -> Option<String> {
    let a = e.attributes().flatten().find(|a| a.key.as_ref() == key)?;
    let raw = std::str::from_utf8(&a.value).ok()?;
    quick_xml::escape::unescape(raw).ok().map(|v| v.into_owned())
}

/// Reads an OSM XML file.
pub fn read(path: &Path, bbox: Option<BBox>, profile: &SpeedProfile, progress: &dyn Progress) -> Result<RawRoads> {
    let size = std::fs::metadata(path).map(|m| m.len()).ok();
    progress.begin(&format!("读取道路 {}", path.display()), size);
    let count = Arc::new(AtomicU64::new(0));
    let stream = open(path, count.clone())?;
    let mut xml = Reader::from_reader(BufReader::with_capacity(1 << 16, stream));
    xml.config_mut().check_end_names = true;
    match parse(&mut xml, bbox, profile, progress, &count) {
        Ok(raw) => {
            progress.set(size.unwrap_or(0));
            Ok(raw)
        }
        Err(Ok(p)) => {
            Err(RoutingError::Xml { file: path.to_path_buf(), line: line_at(path, p.pos), message: p.message })
        }
        Err(Err(e)) => Err(e),
    }
}

type ParseResult<T> = std::result::Result<T, std::result::Result<Problem, RoutingError>>;

fn parse<R: std::io::BufRead>(
    xml: &mut Reader<R>,
    bbox: Option<BBox>,
    profile: &SpeedProfile,
    progress: &dyn Progress,
    count: &AtomicU64,
) -> ParseResult<RawRoads> {
    let mut raw = RawRoads::default();
    let mut nodes: Vec<(i64, LonLat)> = Vec::new();
    let mut way: Option<WayInProgress> = None;
    let mut depth = 0usize;
    let mut root_seen = false;
    let mut buf = Vec::with_capacity(1024);
    let mut events = 0u64;
    loop {
        let at = xml.buffer_position();
        let problem =
            |message: String| -> std::result::Result<Problem, RoutingError> { Ok(Problem { pos: at, message }) };
        let event = xml.read_event_into(&mut buf).map_err(|e| {
            let message = match e {
                quick_xml::Error::Io(io) => format!("cannot read the file (truncated or corrupt?): {io}"),
                // Every "unclosed" syntax error means the text stopped inside a tag.
                quick_xml::Error::Syntax(s) => format!("the file stops in the middle of a tag ({s}): it is truncated"),
                other => format!("malformed XML: {other}"),
            };
            problem(message)
        })?;
        events += 1;
        if events.is_multiple_of(1 << 16) {
            progress.set(count.load(Ordering::Relaxed));
            if progress.cancelled() {
                return Err(Err(RoutingError::Cancelled));
            }
        }
        let (e, open) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if e.name().as_ref() == b"way"
                    && let Some(w) = way.take()
                {
                    finish_way(w, profile, &mut raw);
                }
                buf.clear();
                continue;
            }
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        let name = e.name();
        let name = name.as_ref();
        if depth == 0 {
            if name != b"osm" {
                return Err(problem(format!(
                    "not an OSM XML file: the root element is <{}>, expected <osm>",
                    String::from_utf8_lossy(name)
                )));
            }
            root_seen = true;
        }
        match name {
            b"node" => {
                let (Some(id), Some(lat), Some(lon)) =
                    (attr_num::<i64>(e, b"id"), attr_num::<f64>(e, b"lat"), attr_num::<f64>(e, b"lon"))
                else {
                    return Err(problem("a <node> lacks a valid id, lat or lon".into()));
                };
                let p = LonLat::new(lon, lat);
                if !p.is_valid() {
                    return Err(problem(format!("node {id} has an impossible position {lon}, {lat}")));
                }
                if source::inside(bbox, p) {
                    nodes.push((id, p));
                }
            }
            b"way" if open => {
                let Some(id) = attr_num::<i64>(e, b"id") else {
                    return Err(problem("a <way> lacks a valid id".into()));
                };
                way = Some(WayInProgress { id, refs: Vec::new(), tags: Vec::new() });
            }
            b"nd" => {
                if let Some(w) = way.as_mut() {
                    let Some(r) = attr_num::<i64>(e, b"ref") else {
                        return Err(problem(format!("way {}: an <nd> lacks a valid ref", w.id)));
                    };
                    w.refs.push(r);
                }
            }
            b"tag" => {
                if let Some(w) = way.as_mut()
                    && let (Some(k), Some(v)) = (attr_text(e, b"k"), attr_text(e, b"v"))
                {
                    w.tags.push((k, v));
                }
            }
            _ => {}
        }
        if open {
            depth += 1;
        }
        buf.clear();
    }
    let end = xml.buffer_position();
    if !root_seen {
        return Err(Ok(Problem { pos: end, message: "not an OSM XML file (no <osm> element)".into() }));
    }
    if depth > 0 {
        return Err(Ok(Problem {
            pos: end,
            message: "the file ends before its elements are closed: it is truncated".into(),
        }));
    }
    raw.nodes = NodeTable::new(nodes);
    Ok(raw)
}

fn finish_way(w: WayInProgress, profile: &SpeedProfile, raw: &mut RawRoads) {
    let Some(attrs) = profile::classify(w.tags.iter().map(|(k, v)| (k.as_str(), v.as_str()))) else { return };
    if !source::keep(&attrs, profile, raw) || w.refs.len() < 2 {
        return;
    }
    let name = w.tags.into_iter().find(|(k, _)| k == "name").map(|(_, v)| v);
    raw.ways.push(RawWay { id: w.id, attrs, name, refs: w.refs });
}

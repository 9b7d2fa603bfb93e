//! CSV in: UTF-8 with or without BOM, UTF-16 with BOM, and undeclared GBK/GB18030 as Excel in
//! China saves it, detected from the content. Comma, tab or semicolon separated (sniffed from
//! the header line). Rows are streamed.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use serde_json::{Map, Value};

use super::ImportError;
use super::encoding::{self, DecodingReader};
use super::record::{Location, Record};
use crate::progress::CountingReader;

/// Reads every row, calling `each` in file order. Returns the number of rows.
pub fn read(
    path: &Path,
    bytes_read: Option<Arc<AtomicU64>>,
    each: impl FnMut(Record) -> Result<(), ImportError>,
) -> Result<u64, ImportError> {
    let io_err = |e: std::io::Error| ImportError::file(path, format!("cannot read: {e}"));
    let mut head = Vec::with_capacity(64 * 1024);
    File::open(path).map_err(io_err)?.take(64 * 1024).read_to_end(&mut head).map_err(io_err)?;
    let file = File::open(path).map_err(io_err)?;
    let counted = CountingReader::new(file, bytes_read.unwrap_or_default());
    read_from(path, &head, BufReader::with_capacity(1 << 20, counted), each)
}

/// As [`read`], from `content` (the whole file) whose first bytes are `head` (up to 64 KiB,
/// used to detect the encoding and separator); `path` only names the file in messages.
pub fn read_from(
    path: &Path,
    head: &[u8],
    content: impl Read,
    mut each: impl FnMut(Record) -> Result<(), ImportError>,
) -> Result<u64, ImportError> {
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::file(path, "is empty"));
    }
    let enc = encoding::detect(head);
    let delimiter = sniff_delimiter(head);
    let decoded = DecodingReader::new(content, enc);
    let newlines = Rc::new(RefCell::new(NewlineQueue::default()));
    let decoded = LineIndexer { inner: decoded, queue: newlines.clone() };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(false).trim(csv::Trim::All).from_reader(decoded);

    let header_err = |e: csv::Error| csv_error(path, enc, e, Some(1));
    let headers: Vec<String> = reader.headers().map_err(header_err)?.iter().map(str::to_string).collect();
    if headers.iter().all(String::is_empty) {
        return Err(ImportError::at(path, Location::Line(1), "has no header row"));
    }
    let mut seen = std::collections::HashSet::new();
    for h in &headers {
        if !h.is_empty() && !seen.insert(h.as_str()) {
            return Err(ImportError::at(path, Location::Line(1), "the column appears twice").with_field(h.clone()));
        }
    }

    let mut count = 0;
    let mut lines_before = 0u64;
    let mut row = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let byte = e.position().map_or(0, |p| p.byte());
                let line = lines_before + newlines.borrow_mut().drain_before(byte) + 1;
                return Err(csv_error(path, enc, e, Some(line)));
            }
        }
        let byte = row.position().map_or(0, |p| p.byte());
        lines_before += newlines.borrow_mut().drain_before(byte);
        if row.iter().all(str::is_empty) {
            continue;
        }
        count += 1;
        let line = lines_before + 1;
        let attrs: Map<String, Value> = headers
            .iter()
            .zip(row.iter())
            .filter(|(h, _)| !h.is_empty())
            .map(|(h, v)| (h.clone(), Value::String(v.to_string())))
            .collect();
        each(Record { location: Location::Line(line), attrs, geometry: None })?;
    }
    Ok(count)
}

/// Offsets of the newlines read so far and not yet passed by the parser. The csv crate's own
/// line numbers skip blank lines and CRLF endings, so lines are counted from byte offsets.
#[derive(Default)]
struct NewlineQueue {
    offsets: VecDeque<u64>,
    read: u64,
}

impl NewlineQueue {
    /// Forgets the newlines up to `byte`, returning how many there were. A record position can
    /// point at the newline that ends a blank line or a CR-LF pair, so that one counts as before.
    fn drain_before(&mut self, byte: u64) -> u64 {
        let mut n = 0;
        while self.offsets.front().is_some_and(|&o| o <= byte) {
            self.offsets.pop_front();
            n += 1;
        }
        n
    }
}

struct LineIndexer<R> {
    inner: R,
    queue: Rc<RefCell<NewlineQueue>>,
}

impl<R: Read> Read for LineIndexer<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut q = self.queue.borrow_mut();
        let start = q.read;
        for (i, b) in buf[..n].iter().enumerate() {
            if *b == b'\n' {
                q.offsets.push_back(start + i as u64);
            }
        }
        q.read += n as u64;
        Ok(n)
    }
}

fn csv_error(path: &Path, enc: &'static encoding_rs::Encoding, e: csv::Error, line: Option<u64>) -> ImportError {
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("has {len} fields, the header has {expected_len}")
        }
        csv::ErrorKind::Io(io) => format!("{io} (read as {})", encoding::describe(enc)),
        csv::ErrorKind::Utf8 { .. } => format!("is not valid text in {}", encoding::describe(enc)),
        _ => e.to_string(),
    };
    match line {
        Some(l) => ImportError::at(path, Location::Line(l), message),
        None => ImportError::file(path, message),
    }
}

/// Comma unless the header line has more tabs or semicolons than commas.
pub(crate) fn sniff_delimiter(head: &[u8]) -> u8 {
    let first = head.split(|b| *b == b'\n').next().unwrap_or(head);
    let count = |c: u8| first.iter().filter(|b| **b == c).count();
    let (commas, tabs, semis) = (count(b','), count(b'\t'), count(b';'));
    if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write_tmp(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        f.write_all(bytes).unwrap();
        f
    }

    fn read_all(path: &Path) -> Result<Vec<Record>, ImportError> {
        let mut out = Vec::new();
        read(path, None, |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn gbk_file_from_excel_reads_as_chinese() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("名称,经度,纬度\r\n汤阴县消防救援站,114.36,35.92\r\n");
        let f = write_tmp(&bytes);
        let recs = read_all(f.path()).unwrap();
        assert_eq!(recs[0].attrs["名称"], Value::from("汤阴县消防救援站"));
        assert_eq!(recs[0].location, Location::Line(2));
    }

    #[test]
    fn bom_tab_and_blank_lines() {
        let f = write_tmp("\u{feff}name\tlon\tlat\nA\t1\t2\n\nB\t3\t4\n".as_bytes());
        let recs = read_all(f.path()).unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].attrs["name"], Value::from("B"));
        assert_eq!(recs[1].location, Location::Line(4));
    }

    #[test]
    fn ragged_row_names_its_line() {
        let f = write_tmp(b"name,lon,lat\nA,1,2\nB,3\n");
        let e = read_all(f.path()).unwrap_err();
        assert_eq!(e.location, Some(Location::Line(3)));
        assert!(e.message.contains("2 fields"), "{e}");
    }

    /// Found by `cargo fuzz run csv` (artifact crash-2cf29ba9…): a file ending inside a UTF-8
    /// character panicked in the decoder instead of giving an error.
    #[test]
    fn a_file_cut_inside_a_character_is_an_error_not_a_panic() {
        let bytes = b"\xe5\x90\x8d\xe7\xa7\xb0,\xe7\xb1\xbb\xe5\x90\x8d\xe7\xa7\xb0,\xe7\xb1\xbb\xe5\x88\xab,\xe7\xbb\x8f\xe5\xba";
        let r = read_from(Path::new("cut.csv"), bytes, &bytes[..], |_| Ok(()));
        assert!(r.is_err() || r == Ok(0), "{r:?}");
    }

    #[test]
    fn empty_file() {
        let f = write_tmp(b"");
        assert!(read_all(f.path()).unwrap_err().message.contains("empty"));
    }
}

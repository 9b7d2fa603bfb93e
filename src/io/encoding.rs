//! Text encodings of input files: UTF-8 (with or without BOM), UTF-16 with BOM, and the
//! GBK/GB18030 that Excel and Chinese Windows write by default.
//!
//! Detection uses `chardetng` (Firefox's detector) on a sample, since headers like 经度 in GBK
//! are exactly what it is trained to recognise; GBK is widened to GB18030, its superset.

use encoding_rs::{Encoding, GB18030, UTF_8};

/// Bytes sampled for detection.
const SAMPLE: usize = 64 * 1024;

/// Picks the encoding of a text file from its first bytes: a BOM wins; valid UTF-8 is UTF-8;
/// otherwise chardetng's guess with Chinese as the expected language.
pub fn detect(head: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return enc;
    }
    let sample = &head[..head.len().min(SAMPLE)];
    if utf8_prefix_ok(sample, head.len() > SAMPLE) {
        return UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(sample, sample.len() == head.len());
    let guess = det.guess(Some(b"cn"), true);
    if guess == encoding_rs::GBK { GB18030 } else { guess }
}

/// True when `bytes` is UTF-8, allowing a multi-byte character cut off at the end of a sample.
fn utf8_prefix_ok(bytes: &[u8], truncated: bool) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => truncated && e.error_len().is_none(),
    }
}

/// Describes an encoding for messages ("GB18030 (GBK)").
pub fn describe(enc: &'static Encoding) -> &'static str {
    if enc == GB18030 || enc == encoding_rs::GBK { "GB18030 (GBK)" } else { enc.name() }
}

/// Decodes a dBase/Shapefile code page name from a `.cpg` file.
pub fn from_cpg(label: &str) -> Option<&'static Encoding> {
    let l = label.trim();
    match l.to_ascii_uppercase().as_str() {
        "936" | "CP936" | "GBK" | "GB2312" | "GB18030" => Some(GB18030),
        "65001" | "UTF8" => Some(UTF_8),
        _ => Encoding::for_label(l.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_utf8_and_gbk() {
        assert_eq!(detect(b"\xEF\xBB\xBFname,lon\n"), UTF_8);
        assert_eq!(detect("名称,经度,纬度\n安阳站,114.3,36.1\n".as_bytes()), UTF_8);
        let (gbk, _, _) =
            GB18030.encode("名称,经度,纬度\n文峰区消防救援站,114.35,36.08\n北关区消防救援站,114.36,36.12\n");
        assert_eq!(detect(&gbk), GB18030);
    }

    #[test]
    fn utf8_cut_mid_character_is_still_utf8() {
        let s = "经度".repeat(SAMPLE / 3 + 10);
        let bytes = s.as_bytes();
        assert_eq!(detect(&bytes[..SAMPLE + 1]), UTF_8);
    }

    #[test]
    fn code_pages() {
        assert_eq!(from_cpg("936\n"), Some(GB18030));
        assert_eq!(from_cpg("UTF-8"), Some(UTF_8));
    }
}

/// A reader that decodes a byte stream in a known encoding to UTF-8 on the fly, failing with the
/// byte offset of the first malformed sequence instead of inventing replacement characters.
pub struct DecodingReader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    input_start: usize,
    input_end: usize,
    output: Vec<u8>,
    output_start: usize,
    output_end: usize,
    consumed: u64,
    eof: bool,
    /// The decoder has seen the end of input; encoding_rs panics if it is called again.
    finished: bool,
}

impl<R: std::io::Read> DecodingReader<R> {
    pub fn new(inner: R, enc: &'static Encoding) -> Self {
        Self {
            inner,
            // Strips a BOM of this encoding if there is one.
            decoder: enc.new_decoder_with_bom_removal(),
            input: vec![0; 64 * 1024],
            input_start: 0,
            input_end: 0,
            output: vec![0; 3 * 64 * 1024 + 16],
            output_start: 0,
            output_end: 0,
            consumed: 0,
            eof: false,
            finished: false,
        }
    }

    fn fill(&mut self) -> std::io::Result<()> {
        use encoding_rs::DecoderResult;
        while self.output_start == self.output_end {
            if self.finished {
                return Ok(());
            }
            if self.input_start == self.input_end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.input_start = 0;
                self.input_end = n;
                self.eof = n == 0;
            }
            let last = self.eof;
            let (res, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.input_start..self.input_end],
                &mut self.output,
                last,
            );
            self.input_start += read;
            self.consumed += read as u64;
            self.output_start = 0;
            self.output_end = written;
            match res {
                DecoderResult::Malformed(bad, _) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!(
                            "byte {} is not valid {}",
                            self.consumed.saturating_sub(u64::from(bad)),
                            describe(self.decoder.encoding())
                        ),
                    ));
                }
                DecoderResult::InputEmpty if last => self.finished = true,
                _ => {}
            }
        }
        Ok(())
    }
}

impl<R: std::io::Read> std::io::Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.fill()?;
        let n = buf.len().min(self.output_end - self.output_start);
        buf[..n].copy_from_slice(&self.output[self.output_start..self.output_start + n]);
        self.output_start += n;
        Ok(n)
    }
}

#[cfg(test)]
mod decoding_tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn decodes_gbk_and_reports_malformed_bytes() {
        let (gbk, _, _) = GB18030.encode("名称,经度\n消防站,114.3\n");
        let mut out = String::new();
        DecodingReader::new(&gbk[..], GB18030).read_to_string(&mut out).unwrap();
        assert_eq!(out, "名称,经度\n消防站,114.3\n");

        let bad = b"name\n\xff\xfe\n";
        let mut out = String::new();
        let err = DecodingReader::new(&bad[..], UTF_8).read_to_string(&mut out).unwrap_err();
        assert!(err.to_string().contains("not valid UTF-8"), "{err}");
    }

    /// Found by `cargo fuzz run csv`: input ending inside a character made the reader call the
    /// finished decoder again, which panics in encoding_rs.
    #[test]
    fn reading_after_the_end_does_not_touch_the_finished_decoder() {
        let input: &[u8] = "名称,类名称,类别,经".as_bytes();
        let cut = &input[..input.len() - 1];
        for enc in [UTF_8, GB18030, encoding_rs::BIG5, encoding_rs::WINDOWS_1252, detect(cut)] {
            let mut r = DecodingReader::new(cut, enc);
            let mut out = Vec::new();
            let _ = r.read_to_end(&mut out);
            let mut buf = [0u8; 16];
            for _ in 0..3 {
                let _ = r.read(&mut buf);
            }
            let mut r = DecodingReader::new(input, enc);
            let mut out = Vec::new();
            if r.read_to_end(&mut out).is_ok() {
                assert_eq!(r.read(&mut buf).unwrap(), 0);
            }
        }
    }

    #[test]
    fn strips_utf8_bom() {
        let mut out = String::new();
        DecodingReader::new(&b"\xEF\xBB\xBFname"[..], UTF_8).read_to_string(&mut out).unwrap();
        assert_eq!(out, "name");
    }
}

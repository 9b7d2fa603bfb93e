//! One-page PDF files holding a raster image: map sheets, coverage reports and posters are
//! drawn with tiny-skia and printed exactly as their PNG (text not selectable). PDF 1.4, the
//! image RGB and Flate-compressed, so text stays crisp.

use tiny_skia::Pixmap;

/// A4 landscape in points (72 per inch).
pub const A4_LANDSCAPE_PT: [f32; 2] = [842.0, 595.0];

/// A page of `width_mm × height_mm` in points.
pub fn page_mm(width_mm: f32, height_mm: f32) -> [f32; 2] {
    [width_mm / 25.4 * 72.0, height_mm / 25.4 * 72.0]
}

/// The bytes of a PDF whose one page (`page_pt`, points) shows the pixmap centred, as large as
/// fits with its proportions kept. Transparent pixels are composited onto white (a page has no
/// alpha).
pub fn image_page(pm: &Pixmap, page_pt: [f32; 2]) -> Vec<u8> {
    let (w, h) = (pm.width(), pm.height());
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    for px in pm.pixels() {
        let c = px.demultiply();
        let a = f32::from(c.alpha()) / 255.0;
        for v in [c.red(), c.green(), c.blue()] {
            rgb.push((f32::from(v) * a + 255.0 * (1.0 - a)).round() as u8);
        }
    }
    let data = miniz_oxide::deflate::compress_to_vec_zlib(&rgb, 6);
    let [page_w, page_h] = page_pt;
    let s = (page_w / w as f32).min(page_h / h as f32);
    let (iw, ih) = (w as f32 * s, h as f32 * s);
    let (ix, iy) = ((page_w - iw) / 2.0, (page_h - ih) / 2.0);
    let content = format!("q {iw:.2} 0 0 {ih:.2} {ix:.2} {iy:.2} cm /Im0 Do Q");

    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    let mut obj = |out: &mut Vec<u8>, body: &[u8]| {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    };
    obj(&mut out, b"<< /Type /Catalog /Pages 2 0 R >>");
    obj(&mut out, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj(
        &mut out,
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page_w:.2} {page_h:.2}] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>"
        )
        .as_bytes(),
    );
    obj(&mut out, format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()).as_bytes());
    let mut img = format!(
        "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length {} >>\nstream\n",
        data.len()
    )
    .into_bytes();
    img.extend_from_slice(&data);
    img.extend_from_slice(b"\nendstream");
    obj(&mut out, &img);
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes());
    for o in &offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", offsets.len() + 1).as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_is_centred_on_the_page_with_its_proportions() {
        let pm = Pixmap::new(200, 100).unwrap();
        let pdf = String::from_utf8_lossy(&image_page(&pm, [842.0, 595.0])).into_owned();
        assert!(pdf.starts_with("%PDF-1.4"), "{pdf}");
        assert!(pdf.contains("/MediaBox [0 0 842.00 595.00]"), "{pdf}");
        // 200 × 100 scaled by 4.21 to 842 × 421, centred vertically.
        assert!(pdf.contains("q 842.00 0 0 421.00 0.00 87.00 cm /Im0 Do Q"), "{pdf}");
        assert!(pdf.trim_end().ends_with("%%EOF"));
        let a3 = page_mm(420.0, 297.0);
        assert!((a3[0] - 1190.55).abs() < 0.01 && (a3[1] - 841.89).abs() < 0.01, "{a3:?}");
    }
}

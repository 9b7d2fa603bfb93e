//! Well-Known Binary encoding and decoding of the 2-D geometries OneMap stores.
//!
//! Written by hand because the subset is small and exactly specified (OGC 06-103r4 §8.2), and
//! because the decoder must reject hostile input without panicking or allocating what a
//! corrupt count asks for (it is fuzzed): counts are checked against the bytes left.
//! Z, M and ZM variants (ISO 1000/2000/3000 offsets and EWKB-style flags) are read and
//! flattened to 2-D.

use geo_types::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum WkbError {
    #[error("geometry ends early at byte {0}")]
    Truncated(usize),
    #[error("unknown byte order marker {0}")]
    ByteOrder(u8),
    #[error("unsupported WKB geometry type {0}")]
    GeometryType(u32),
    #[error("geometry nests too deeply")]
    TooDeep,
    #[error("polygon has holes but an empty outer ring")]
    HolesWithoutOuterRing,
}

/// Appends the WKB (little endian) of `g` to `out`.
pub fn write(g: &Geometry<f64>, out: &mut Vec<u8>) {
    fn header(out: &mut Vec<u8>, ty: u32) {
        out.push(1);
        out.extend_from_slice(&ty.to_le_bytes());
    }
    fn coord(out: &mut Vec<u8>, c: Coord<f64>) {
        out.extend_from_slice(&c.x.to_le_bytes());
        out.extend_from_slice(&c.y.to_le_bytes());
    }
    fn count(out: &mut Vec<u8>, n: usize) {
        out.extend_from_slice(&(n as u32).to_le_bytes());
    }
    fn ring(out: &mut Vec<u8>, ls: &LineString<f64>) {
        count(out, ls.0.len());
        ls.0.iter().for_each(|c| coord(out, *c));
    }
    fn polygon(out: &mut Vec<u8>, p: &Polygon<f64>) {
        header(out, 3);
        let exterior_empty = p.exterior().0.is_empty();
        if exterior_empty {
            count(out, 0);
            return;
        }
        count(out, 1 + p.interiors().len());
        ring(out, p.exterior());
        p.interiors().iter().for_each(|r| ring(out, r));
    }
    match g {
        Geometry::Point(p) => {
            header(out, 1);
            coord(out, p.0);
        }
        Geometry::LineString(ls) => {
            header(out, 2);
            ring(out, ls);
        }
        Geometry::Polygon(p) => polygon(out, p),
        Geometry::MultiPoint(mp) => {
            header(out, 4);
            count(out, mp.0.len());
            for p in &mp.0 {
                header(out, 1);
                coord(out, p.0);
            }
        }
        Geometry::MultiLineString(ml) => {
            header(out, 5);
            count(out, ml.0.len());
            for ls in &ml.0 {
                header(out, 2);
                ring(out, ls);
            }
        }
        Geometry::MultiPolygon(mp) => {
            header(out, 6);
            count(out, mp.0.len());
            mp.0.iter().for_each(|p| polygon(out, p));
        }
        Geometry::GeometryCollection(gc) => {
            header(out, 7);
            count(out, gc.0.len());
            gc.0.iter().for_each(|g| write(g, out));
        }
        // Lines, rects and triangles are written as their polygon/line equivalents.
        Geometry::Line(l) => write(&Geometry::LineString(LineString::from(vec![l.start, l.end])), out),
        Geometry::Rect(r) => write(&Geometry::Polygon(r.to_polygon()), out),
        Geometry::Triangle(t) => write(&Geometry::Polygon(t.to_polygon()), out),
    }
}

/// Decodes one WKB geometry from the start of `bytes`, returning it and the bytes consumed.
pub fn read(bytes: &[u8]) -> Result<(Geometry<f64>, usize), WkbError> {
    let mut r = Reader { bytes, pos: 0 };
    let g = r.geometry(0)?;
    Ok((g, r.pos))
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], WkbError> {
        let end = self.pos.checked_add(N).ok_or(WkbError::Truncated(self.pos))?;
        let slice = self.bytes.get(self.pos..end).ok_or(WkbError::Truncated(self.pos))?;
        self.pos = end;
        let mut a = [0u8; N];
        a.copy_from_slice(slice);
        Ok(a)
    }

    fn u32(&mut self, le: bool) -> Result<u32, WkbError> {
        let b = self.take::<4>()?;
        Ok(if le { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) })
    }

    fn f64(&mut self, le: bool) -> Result<f64, WkbError> {
        let b = self.take::<8>()?;
        Ok(if le { f64::from_le_bytes(b) } else { f64::from_be_bytes(b) })
    }

    /// A count of items each at least `min_item_bytes` long; rejects counts the remaining
    /// bytes cannot hold, so corrupt input cannot ask for a huge allocation.
    fn count(&mut self, le: bool, min_item_bytes: usize) -> Result<usize, WkbError> {
        let n = self.u32(le)? as usize;
        let left = self.bytes.len().saturating_sub(self.pos);
        if n.saturating_mul(min_item_bytes) > left {
            return Err(WkbError::Truncated(self.bytes.len()));
        }
        Ok(n)
    }

    fn coord(&mut self, le: bool, dims: usize) -> Result<Coord<f64>, WkbError> {
        let x = self.f64(le)?;
        let y = self.f64(le)?;
        for _ in 2..dims {
            self.f64(le)?;
        }
        Ok(Coord { x, y })
    }

    fn line(&mut self, le: bool, dims: usize) -> Result<LineString<f64>, WkbError> {
        let n = self.count(le, 8 * dims)?;
        (0..n).map(|_| self.coord(le, dims)).collect::<Result<Vec<_>, _>>().map(LineString)
    }

    fn polygon(&mut self, le: bool, dims: usize) -> Result<Polygon<f64>, WkbError> {
        let n = self.count(le, 4)?;
        let mut rings = (0..n).map(|_| self.line(le, dims)).collect::<Result<Vec<_>, _>>()?;
        if rings.is_empty() {
            return Ok(Polygon::new(LineString(vec![]), vec![]));
        }
        let exterior = rings.remove(0);
        // An empty outer ring makes the polygon empty; holes in nothing are not a polygon
        // (found by fuzzing: they would vanish on the way back out).
        if exterior.0.is_empty() {
            return match rings.iter().all(|r| r.0.is_empty()) {
                true => Ok(Polygon::new(exterior, vec![])),
                false => Err(WkbError::HolesWithoutOuterRing),
            };
        }
        Ok(Polygon::new(exterior, rings))
    }

    fn geometry(&mut self, depth: usize) -> Result<Geometry<f64>, WkbError> {
        if depth > 32 {
            return Err(WkbError::TooDeep);
        }
        let [order] = self.take::<1>()?;
        let le = match order {
            0 => false,
            1 => true,
            other => return Err(WkbError::ByteOrder(other)),
        };
        let raw = self.u32(le)?;
        // EWKB flags (PostGIS) and ISO offsets both encode Z/M.
        let ewkb_z = raw & 0x8000_0000 != 0;
        let ewkb_m = raw & 0x4000_0000 != 0;
        if raw & 0x2000_0000 != 0 {
            // EWKB with an embedded SRID.
            self.u32(le)?;
        }
        let iso = raw & 0x0FFF_FFFF;
        let (base, iso_dims) = (iso % 1000, iso / 1000);
        let dims = match iso_dims {
            0 => 2 + usize::from(ewkb_z) + usize::from(ewkb_m),
            1 | 2 => 3,
            3 => 4,
            _ => return Err(WkbError::GeometryType(raw)),
        };
        Ok(match base {
            1 => Geometry::Point(Point(self.coord(le, dims)?)),
            2 => Geometry::LineString(self.line(le, dims)?),
            3 => Geometry::Polygon(self.polygon(le, dims)?),
            4..=7 => {
                let n = self.count(le, 5)?;
                let parts = (0..n).map(|_| self.geometry(depth + 1)).collect::<Result<Vec<_>, _>>()?;
                collect_multi(base, parts).ok_or(WkbError::GeometryType(raw))?
            }
            _ => return Err(WkbError::GeometryType(raw)),
        })
    }
}

fn collect_multi(base: u32, parts: Vec<Geometry<f64>>) -> Option<Geometry<f64>> {
    Some(match base {
        4 => Geometry::MultiPoint(MultiPoint(
            parts
                .into_iter()
                .map(|g| if let Geometry::Point(p) = g { Some(p) } else { None })
                .collect::<Option<_>>()?,
        )),
        5 => Geometry::MultiLineString(MultiLineString(
            parts
                .into_iter()
                .map(|g| if let Geometry::LineString(l) = g { Some(l) } else { None })
                .collect::<Option<_>>()?,
        )),
        6 => Geometry::MultiPolygon(MultiPolygon(
            parts
                .into_iter()
                .map(|g| if let Geometry::Polygon(p) = g { Some(p) } else { None })
                .collect::<Option<_>>()?,
        )),
        _ => Geometry::GeometryCollection(geo_types::GeometryCollection(parts)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{line_string, point, polygon};

    fn round_trip(g: Geometry<f64>) {
        let mut buf = Vec::new();
        write(&g, &mut buf);
        let (back, used) = read(&buf).unwrap();
        assert_eq!(used, buf.len());
        assert_eq!(back, g);
    }

    #[test]
    fn round_trips() {
        round_trip(Geometry::Point(point!(x: 114.3, y: 36.1)));
        round_trip(Geometry::LineString(line_string![(x: 0., y: 0.), (x: 1., y: 2.)]));
        let poly = polygon![(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 0.)];
        round_trip(Geometry::Polygon(poly.clone()));
        round_trip(Geometry::MultiPolygon(MultiPolygon(vec![poly.clone(), poly])));
    }

    #[test]
    fn reads_big_endian_point_z() {
        let mut b = vec![0u8];
        b.extend_from_slice(&1001u32.to_be_bytes());
        for v in [1.5f64, 2.5, 9.0] {
            b.extend_from_slice(&v.to_be_bytes());
        }
        let (g, _) = read(&b).unwrap();
        assert_eq!(g, Geometry::Point(point!(x: 1.5, y: 2.5)));
    }

    #[test]
    fn corrupt_counts_are_rejected_not_allocated() {
        let mut b = vec![1u8];
        b.extend_from_slice(&2u32.to_le_bytes());
        b.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(read(&b), Err(WkbError::Truncated(_))));
        assert_eq!(read(&[7u8]), Err(WkbError::ByteOrder(7)));
        assert!(read(&[]).is_err());
    }

    /// Found by `cargo fuzz run gpkg_blob`: a polygon of empty rings read as one with holes,
    /// which wrote back as POLYGON EMPTY.
    #[test]
    fn empty_outer_rings_make_an_empty_polygon_and_holes_need_one() {
        let polygon_of = |rings: &[&[(f64, f64)]]| {
            let mut b = vec![1u8];
            b.extend_from_slice(&3u32.to_le_bytes());
            b.extend_from_slice(&(rings.len() as u32).to_le_bytes());
            for r in rings {
                b.extend_from_slice(&(r.len() as u32).to_le_bytes());
                for (x, y) in r.iter() {
                    b.extend_from_slice(&x.to_le_bytes());
                    b.extend_from_slice(&y.to_le_bytes());
                }
            }
            b
        };
        let (g, _) = read(&polygon_of(&[&[], &[], &[]])).unwrap();
        assert_eq!(g, Geometry::Polygon(Polygon::new(LineString(vec![]), vec![])));
        round_trip(g);
        let hole: &[(f64, f64)] = &[(0., 0.), (1., 0.), (1., 1.), (0., 0.)];
        assert_eq!(read(&polygon_of(&[&[], hole])), Err(WkbError::HolesWithoutOuterRing));
    }
}

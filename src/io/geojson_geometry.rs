//! GeoJSON geometry objects (RFC 7946 §3.1) deserialized straight into `geo_types`.
//!
//! `geojson::Geometry` first builds a `serde_json::Map` of the whole object and then converts
//! it, which made geometry parsing the largest cost of a million-point import after SQLite.
//! This reads `type`, `coordinates` and `geometries` in one pass, in any member order, with
//! positions kept on the stack; altitude (a third number) is read and dropped.

use std::fmt;

use geo_types::{Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon, Point};
use geo_types::{Polygon, coord};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A geometry member: `null` (or an empty Point) is `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonGeometry(pub Option<Geometry<f64>>);

/// The `coordinates` member before its type is known: a position or an array of them, nested.
#[derive(Debug, Clone, PartialEq)]
enum Nested {
    Position(Coord<f64>),
    List(Vec<Nested>),
}

impl<'de> Deserialize<'de> for Nested {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(NestedVisitor)
    }
}

struct NestedVisitor;

/// An array member that is either a number (inside a position) or another array.
enum Element {
    Number(f64),
    Nested(Nested),
}

impl<'de> Deserialize<'de> for Element {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ElementVisitor)
    }
}

struct ElementVisitor;

impl<'de> Visitor<'de> for ElementVisitor {
    type Value = Element;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or an array of coordinates")
    }
    fn visit_f64<E>(self, v: f64) -> Result<Element, E> {
        Ok(Element::Number(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Element, E> {
        Ok(Element::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Element, E> {
        Ok(Element::Number(v as f64))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Element, A::Error> {
        NestedVisitor.visit_seq(seq).map(Element::Nested)
    }
}

impl<'de> Visitor<'de> for NestedVisitor {
    type Value = Nested;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of coordinates")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Nested, A::Error> {
        let Some(first) = seq.next_element::<Element>()? else { return Ok(Nested::List(Vec::new())) };
        match first {
            Element::Number(x) => {
                let Some(y) = seq.next_element::<f64>()? else {
                    return Err(de::Error::custom("a position needs two numbers [longitude, latitude]"));
                };
                // Altitude and any further numbers (RFC 7946 §3.1.1) are read and dropped.
                while seq.next_element::<f64>()?.is_some() {}
                Ok(Nested::Position(coord! { x: x, y: y }))
            }
            Element::Nested(n) => {
                let mut items = vec![n];
                while let Some(n) = seq.next_element::<Nested>()? {
                    items.push(n);
                }
                Ok(Nested::List(items))
            }
        }
    }
}

fn position<E: de::Error>(n: Nested, ty: &str) -> Result<Coord<f64>, E> {
    match n {
        Nested::Position(c) => Ok(c),
        Nested::List(_) => Err(E::custom(format!("coordinates of a {ty} are nested too deeply"))),
    }
}

fn list<E: de::Error>(n: Nested, ty: &str) -> Result<Vec<Nested>, E> {
    match n {
        Nested::List(items) => Ok(items),
        Nested::Position(_) => Err(E::custom(format!("coordinates of a {ty} are not nested deeply enough"))),
    }
}

fn line<E: de::Error>(n: Nested, ty: &str) -> Result<LineString<f64>, E> {
    list(n, ty)?.into_iter().map(|p| position(p, ty)).collect::<Result<Vec<_>, E>>().map(LineString)
}

fn polygon<E: de::Error>(n: Nested, ty: &str) -> Result<Polygon<f64>, E> {
    let mut rings = list(n, ty)?.into_iter().map(|r| line(r, ty));
    let exterior = rings.next().transpose()?.unwrap_or_else(|| LineString(Vec::new()));
    Ok(Polygon::new(exterior, rings.collect::<Result<Vec<_>, E>>()?))
}

fn build<E: de::Error>(
    ty: &str,
    coordinates: Option<Nested>,
    geometries: Option<Vec<JsonGeometry>>,
) -> Result<Option<Geometry<f64>>, E> {
    if ty == "GeometryCollection" {
        let parts = geometries.ok_or_else(|| E::custom("GeometryCollection has no \"geometries\""))?;
        return Ok(Some(Geometry::GeometryCollection(GeometryCollection(
            parts.into_iter().filter_map(|g| g.0).collect(),
        ))));
    }
    let Some(c) = coordinates else {
        return Err(E::custom(format!("{ty} has no \"coordinates\"")));
    };
    Ok(Some(match ty {
        "Point" => match c {
            // An empty Point (RFC 7946 §3.1.2 allows empty coordinates) has no position.
            Nested::List(items) if items.is_empty() => return Ok(None),
            c => Geometry::Point(Point(position(c, ty)?)),
        },
        "MultiPoint" => Geometry::MultiPoint(MultiPoint(
            list(c, ty)?.into_iter().map(|p| position(p, ty).map(Point)).collect::<Result<_, E>>()?,
        )),
        "LineString" => Geometry::LineString(line(c, ty)?),
        "MultiLineString" => Geometry::MultiLineString(MultiLineString(
            list(c, ty)?.into_iter().map(|l| line(l, ty)).collect::<Result<_, E>>()?,
        )),
        "Polygon" => Geometry::Polygon(polygon(c, ty)?),
        "MultiPolygon" => Geometry::MultiPolygon(MultiPolygon(
            list(c, ty)?.into_iter().map(|p| polygon(p, ty)).collect::<Result<_, E>>()?,
        )),
        other => return Err(E::custom(format!("unknown geometry type \"{other}\""))),
    }))
}

impl<'de> Deserialize<'de> for JsonGeometry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_option(GeometryVisitor)
    }
}

struct GeometryVisitor;

impl<'de> Visitor<'de> for GeometryVisitor {
    type Value = JsonGeometry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON geometry object or null")
    }

    fn visit_none<E>(self) -> Result<JsonGeometry, E> {
        Ok(JsonGeometry(None))
    }

    fn visit_unit<E>(self) -> Result<JsonGeometry, E> {
        Ok(JsonGeometry(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<JsonGeometry, D::Error> {
        d.deserialize_map(GeometryVisitor)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonGeometry, A::Error> {
        let mut ty: Option<String> = None;
        let mut coordinates: Option<Nested> = None;
        let mut geometries: Option<Vec<JsonGeometry>> = None;
        while let Some(key) = map.next_key::<KeyName>()? {
            match key {
                KeyName::Type => ty = Some(map.next_value()?),
                KeyName::Coordinates => coordinates = Some(map.next_value()?),
                KeyName::Geometries => geometries = Some(map.next_value()?),
                KeyName::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let ty = ty.ok_or_else(|| de::Error::custom("geometry has no \"type\""))?;
        build(&ty, coordinates, geometries).map(JsonGeometry)
    }
}

/// The members of a geometry object this reader looks at; matched without allocating.
enum KeyName {
    Type,
    Coordinates,
    Geometries,
    Other,
}

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyName, E> {
                Ok(match v {
                    "type" => KeyName::Type,
                    "coordinates" => KeyName::Coordinates,
                    "geometries" => KeyName::Geometries,
                    _ => KeyName::Other,
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{line_string, point, polygon};

    fn parse(s: &str) -> Result<Option<Geometry<f64>>, serde_json::Error> {
        serde_json::from_str::<JsonGeometry>(s).map(|g| g.0)
    }

    #[test]
    fn every_type_in_any_member_order() {
        assert_eq!(
            parse(r#"{"coordinates":[114.3,36.1,80],"type":"Point"}"#).unwrap(),
            Some(point!(x: 114.3, y: 36.1).into())
        );
        assert_eq!(parse("null").unwrap(), None);
        assert_eq!(parse(r#"{"type":"Point","coordinates":[]}"#).unwrap(), None);
        assert_eq!(
            parse(r#"{"type":"LineString","bbox":[0,0,1,1],"coordinates":[[0,0],[1,1]]}"#).unwrap(),
            Some(line_string![(x: 0., y: 0.), (x: 1., y: 1.)].into())
        );
        let square = polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.), (x: 0., y: 0.)];
        assert_eq!(
            parse(r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}"#).unwrap(),
            Some(MultiPolygon(vec![square.clone()]).into())
        );
        let gc = parse(r#"{"type":"GeometryCollection","geometries":[{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}]}"#)
            .unwrap();
        assert_eq!(gc, Some(Geometry::GeometryCollection(GeometryCollection(vec![square.into()]))));
    }

    #[test]
    fn agrees_with_the_geojson_crate() {
        for s in [
            r#"{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}"#,
            r#"{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[5,6],[7,8]]]}"#,
            r#"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]}"#,
        ] {
            let theirs: geojson::Geometry = serde_json::from_str(s).unwrap();
            let theirs = Geometry::<f64>::try_from(theirs).unwrap();
            assert_eq!(parse(s).unwrap(), Some(theirs), "{s}");
        }
    }

    #[test]
    fn malformed_geometries_are_errors() {
        for (s, says) in [
            (r#"{"type":"Point","coordinates":[1]}"#, "two numbers"),
            (r#"{"type":"Point","coordinates":[[1,2]]}"#, "nested too deeply"),
            (r#"{"type":"Polygon","coordinates":[[1,2]]}"#, "not nested deeply enough"),
            (r#"{"type":"Circle","coordinates":[1,2]}"#, "unknown geometry type"),
            (r#"{"coordinates":[1,2]}"#, "no \"type\""),
            (r#"{"type":"Point"}"#, "no \"coordinates\""),
            (r#"{"type":"Point","coordinates":[1,"x"]}"#, "invalid type"),
        ] {
            let e = parse(s).unwrap_err().to_string();
            assert!(e.contains(says), "{s}: {e}");
        }
    }
}

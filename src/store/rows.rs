//! Reading typed values out of rows whose content a user or another GIS may have edited: every
//! bad value becomes a [`StoreError::BadValue`] naming table, feature and field.

use geo_types::{Geometry, MultiPolygon};
use rusqlite::Row;
use rusqlite::types::ValueRef;

use super::{StoreError, gpkg};
use crate::model::{Labelled, LonLat};

/// A row of a feature table, with the column names it was selected with.
pub(super) struct RowReader<'r, 's> {
    pub row: &'r Row<'s>,
    pub table: &'static str,
    pub fid: i64,
    pub columns: &'static [&'static str],
}

impl RowReader<'_, '_> {
    /// A bad-value error for a field of this row.
    pub fn err(&self, field: &str, message: impl Into<String>) -> StoreError {
        StoreError::BadValue {
            table: self.table.to_string(),
            fid: self.fid,
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// Index of a named attribute column (after fid and geom).
    fn idx(&self, field: &str) -> Result<usize, StoreError> {
        self.columns
            .iter()
            .position(|c| *c == field)
            .map(|i| i + 2)
            .ok_or_else(|| self.err(field, "column missing from the query"))
    }

    fn raw(&self, field: &str) -> Result<ValueRef<'_>, StoreError> {
        let i = self.idx(field)?;
        self.row.get_ref(i).map_err(|e| self.err(field, e.to_string()))
    }

    pub fn opt_text(&self, field: &str) -> Result<Option<String>, StoreError> {
        Ok(match self.raw(field)? {
            ValueRef::Null => None,
            ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Integer(i) => Some(i.to_string()),
            ValueRef::Real(r) => Some(r.to_string()),
            ValueRef::Blob(_) => return Err(self.err(field, "is binary, expected text")),
        })
    }

    pub fn text(&self, field: &str) -> Result<String, StoreError> {
        Ok(self.opt_text(field)?.unwrap_or_default())
    }

    /// Text where an empty string means "none".
    pub fn opt_nonempty(&self, field: &str) -> Result<Option<String>, StoreError> {
        Ok(self.opt_text(field)?.filter(|s| !s.trim().is_empty()))
    }

    pub fn opt_i64(&self, field: &str) -> Result<Option<i64>, StoreError> {
        match self.raw(field)? {
            ValueRef::Null => Ok(None),
            ValueRef::Integer(i) => Ok(Some(i)),
            ValueRef::Real(r) if r.fract() == 0.0 && r.is_finite() => Ok(Some(r as i64)),
            ValueRef::Text(t) => {
                let s = String::from_utf8_lossy(t);
                s.trim().parse().map(Some).map_err(|_| self.err(field, format!("\"{s}\" is not a whole number")))
            }
            other => Err(self.err(field, format!("{other:?} is not a whole number"))),
        }
    }

    pub fn opt_f64(&self, field: &str) -> Result<Option<f64>, StoreError> {
        match self.raw(field)? {
            ValueRef::Null => Ok(None),
            ValueRef::Integer(i) => Ok(Some(i as f64)),
            ValueRef::Real(r) if r.is_finite() => Ok(Some(r)),
            ValueRef::Text(t) => {
                let s = String::from_utf8_lossy(t);
                s.trim().parse().map(Some).map_err(|_| self.err(field, format!("\"{s}\" is not a number")))
            }
            other => Err(self.err(field, format!("{other:?} is not a number"))),
        }
    }

    pub fn opt_u32(&self, field: &str) -> Result<Option<u32>, StoreError> {
        self.opt_i64(field)?
            .map(|v| u32::try_from(v).map_err(|_| self.err(field, format!("{v} is out of range (0..{})", u32::MAX))))
            .transpose()
    }

    pub fn u32(&self, field: &str) -> Result<u32, StoreError> {
        Ok(self.opt_u32(field)?.unwrap_or(0))
    }

    pub fn bool(&self, field: &str) -> Result<bool, StoreError> {
        Ok(self.opt_i64(field)?.unwrap_or(0) != 0)
    }

    pub fn label<T: Labelled>(&self, field: &str) -> Result<T, StoreError> {
        let s = self.text(field)?;
        T::parse(&s).map_err(|e| self.err(field, e.to_string()))
    }

    fn geometry(&self) -> Result<Option<Geometry<f64>>, StoreError> {
        match self.row.get_ref(1).map_err(|e| self.err("geom", e.to_string()))? {
            ValueRef::Null => Ok(None),
            ValueRef::Blob(b) => gpkg::decode(b).map_err(|e| self.err("geom", e.to_string())),
            _ => Err(self.err("geom", "is not a GeoPackage geometry blob")),
        }
    }

    pub fn point(&self) -> Result<LonLat, StoreError> {
        match self.geometry()? {
            Some(Geometry::Point(p)) => {
                let ll = LonLat::from_point(p);
                match ll.problem() {
                    Some(problem) => Err(self.err("geom", problem)),
                    None => Ok(ll),
                }
            }
            Some(other) => Err(self.err("geom", format!("expected a point, found {}", geometry_name(&other)))),
            None => Err(self.err("geom", "has no position")),
        }
    }

    /// A point that may be absent (NULL or empty geometry).
    pub fn opt_point(&self) -> Result<Option<LonLat>, StoreError> {
        match self.geometry()? {
            None => Ok(None),
            Some(_) => self.point().map(Some),
        }
    }

    /// A GeoPackage DATE (`YYYY-MM-DD`) that may be NULL.
    pub fn opt_date(&self, field: &str) -> Result<Option<chrono::NaiveDate>, StoreError> {
        self.opt_nonempty(field)?
            .map(|s| {
                chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map_err(|_| self.err(field, format!("\"{s}\" is not a date (YYYY-MM-DD)")))
            })
            .transpose()
    }

    /// A GeoPackage DATETIME (ISO 8601 / RFC 3339, UTC).
    pub fn instant(&self, field: &str) -> Result<chrono::DateTime<chrono::Utc>, StoreError> {
        let s = self.text(field)?;
        chrono::DateTime::parse_from_rfc3339(s.trim())
            .map(|d| d.with_timezone(&chrono::Utc))
            .map_err(|_| self.err(field, format!("\"{s}\" is not a date and time (RFC 3339)")))
    }

    /// A JSON value stored as text (lists, pairs); NULL or empty reads as the type's default.
    pub fn json<T: serde::de::DeserializeOwned + Default>(&self, field: &str) -> Result<T, StoreError> {
        match self.opt_nonempty(field)? {
            None => Ok(T::default()),
            Some(s) => serde_json::from_str(&s).map_err(|e| self.err(field, format!("is not valid JSON here: {e}"))),
        }
    }

    pub fn opt_multipolygon(&self) -> Result<Option<MultiPolygon<f64>>, StoreError> {
        match self.geometry()? {
            None => Ok(None),
            Some(Geometry::MultiPolygon(mp)) => Ok(Some(mp)),
            Some(Geometry::Polygon(p)) => Ok(Some(MultiPolygon(vec![p]))),
            Some(other) => Err(self.err("geom", format!("expected a polygon, found {}", geometry_name(&other)))),
        }
    }
}

/// The OGC name of a geometry's type, for messages.
pub fn geometry_name(g: &Geometry<f64>) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::Line(_) | Geometry::LineString(_) => "LineString",
        Geometry::Polygon(_) | Geometry::Rect(_) | Geometry::Triangle(_) => "Polygon",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
    }
}

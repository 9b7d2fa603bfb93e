//! The project's feature layers as QGIS lists them: every feature table of its GeoPackage (OneMap's
//! own and any a planner added with QGIS or ogr2ogr) with its geometry type, feature count and
//! attribute columns, so a window can offer a layer and one of its fields (e.g. siting demand).

use super::{Project, Result};

/// One feature table of the project.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerInfo {
    /// The table name (what `gpkg_contents` calls it).
    pub table: String,
    /// Its title in `gpkg_contents.identifier`, when it has one.
    pub title: Option<String>,
    /// `POINT`, `MULTIPOLYGON`, `GEOMETRY` … as declared.
    pub geometry: String,
    pub features: usize,
    /// Attribute columns: neither the primary key nor the geometry.
    pub fields: Vec<String>,
}

impl LayerInfo {
    /// Whether its features can stand for demand points (points, or areas at their centroid).
    pub fn is_point_or_area(&self) -> bool {
        matches!(
            self.geometry.to_ascii_uppercase().as_str(),
            "POINT" | "MULTIPOINT" | "POLYGON" | "MULTIPOLYGON" | "GEOMETRY" | "CURVEPOLYGON" | "MULTISURFACE"
        )
    }
}

impl Project {
    /// Every feature table, by table name.
    pub fn feature_layers(&self) -> Result<Vec<LayerInfo>> {
        let mut st = self.conn.prepare(
            "SELECT c.table_name, c.identifier, g.geometry_type_name, g.column_name FROM gpkg_contents c
             JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
             WHERE c.data_type = 'features' ORDER BY c.table_name",
        )?;
        let tables = st
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, String>(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<Vec<(String, Option<String>, String, String)>>>()?;
        let mut out = Vec::with_capacity(tables.len());
        for (table, title, geometry, geom_col) in tables {
            let quoted = table.replace('"', "\"\"");
            let features: i64 = self.conn.query_row(&format!("SELECT count(*) FROM \"{quoted}\""), [], |r| r.get(0))?;
            let mut cols = self.conn.prepare(&format!("PRAGMA table_info(\"{quoted}\")"))?;
            let fields = cols
                .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(5)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .filter(|(name, pk)| *pk == 0 && *name != geom_col)
                .map(|(name, _)| name)
                .collect();
            out.push(LayerInfo { table, title, geometry, features: features.max(0) as usize, fields });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_lists_its_point_layers_with_their_fields() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.gpkg");
        crate::demo::create(&path, None).unwrap();
        let p = super::Project::open(&path).unwrap();
        let layers = p.feature_layers().unwrap();
        let e = layers.iter().find(|l| l.table == "enterprises").unwrap();
        assert_eq!(e.features, p.count(crate::model::Layer::Enterprises).unwrap());
        assert!(e.is_point_or_area());
        assert!(e.fields.iter().any(|f| f == "name"), "{:?}", e.fields);
        assert!(!e.fields.iter().any(|f| f == "fid" || f == "geom"), "{:?}", e.fields);
        assert!(layers.iter().any(|l| l.table == "roads" && !l.is_point_or_area()));
    }
}

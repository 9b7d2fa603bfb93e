//! The map's own index of a snapshot: every feature pre-projected to Web Mercator in the tile
//! datum, point R-trees in that space for viewport culling, area outlines at several levels of
//! detail, and a cache of clusters per zoom level.
//!
//! The snapshot's own R-trees are in local metres for analysis; drawing culls in map space, and
//! keeping the projected coordinates here means a frame does no trigonometry.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rstar::RTree;
use rstar::primitives::GeomWithData;

use super::cluster::{self, Cluster};
use super::geometry::{Poly, PolyLods};
use super::view::{Datum, World, world_of_datum_lonlat};
use crate::model::{AdminArea, AreaLevel, Layer, LonLat};
use crate::snapshot::Snapshot;

type Entry = GeomWithData<[f64; 2], u32>;

/// The points of one layer, in world coordinates, with their names.
#[derive(Debug, Default)]
pub struct PointSet {
    pub world: Vec<World>,
    pub names: Vec<Arc<str>>,
    tree: RTree<Entry>,
}

impl PointSet {
    fn build(datum: Datum, items: impl Iterator<Item = (LonLat, String)>) -> Self {
        let (world, names): (Vec<World>, Vec<Arc<str>>) =
            items.map(|(p, n)| (world_of_datum_lonlat(datum.from_wgs84(p)), Arc::from(n))).unzip();
        let entries = world.iter().enumerate().map(|(i, w)| GeomWithData::new(*w, i as u32)).collect();
        Self { world, names, tree: RTree::bulk_load(entries) }
    }

    pub fn len(&self) -> usize {
        self.world.len()
    }

    pub fn is_empty(&self) -> bool {
        self.world.is_empty()
    }

    /// Slots of the points inside the world box [min, max].
    pub fn in_box(&self, bounds: &[World; 2]) -> impl Iterator<Item = u32> + '_ {
        let env = rstar::AABB::from_corners(bounds[0], bounds[1]);
        self.tree.locate_in_envelope(&env).map(|e| e.data)
    }
}

/// An administrative area ready to draw.
#[derive(Debug)]
pub struct AreaShape {
    /// Index into `Snapshot::areas`.
    pub slot: u32,
    pub level: AreaLevel,
    pub name: Arc<str>,
    pub illustrative: bool,
    /// Where its name goes (an interior point of the outline).
    pub label_at: Option<World>,
    pub outline: PolyLods,
    /// Share of the world's width the area spans, to decide when its name fits.
    pub span: f64,
}

/// Which layer and level a cached clustering is for, and under which filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClusterKey {
    pub layer: Layer,
    pub level: u8,
    pub filter_version: u64,
}

/// Everything drawing needs from one snapshot, for one datum.
#[derive(Debug)]
pub struct MapIndex {
    pub datum: Datum,
    pub stations: PointSet,
    pub teams: PointSet,
    pub depots: PointSet,
    pub enterprises: PointSet,
    pub areas: Vec<AreaShape>,
    /// Risk zones, hazard flags, pre-positionings, warnings, drill mode (set by whoever builds
    /// the index from a project; empty otherwise).
    pub records: Arc<super::records::MapRecords>,
    clusters: Mutex<HashMap<ClusterKey, Arc<Vec<Cluster>>>>,
}

impl MapIndex {
    pub fn build(s: &Snapshot, datum: Datum) -> Self {
        Self {
            datum,
            stations: PointSet::build(datum, s.stations.iter().map(|x| (x.location, x.name.clone()))),
            teams: PointSet::build(datum, s.teams.iter().map(|x| (x.location, x.name.clone()))),
            depots: PointSet::build(datum, s.depots.iter().map(|x| (x.location, x.name.clone()))),
            enterprises: PointSet::build(datum, s.enterprises.iter().map(|x| (x.location, x.name.clone()))),
            areas: s.areas.iter().enumerate().filter_map(|(i, a)| area_shape(i as u32, a, datum)).collect(),
            records: Arc::default(),
            clusters: Mutex::new(HashMap::new()),
        }
    }

    /// The same index with the project's records.
    pub fn with_records(mut self, records: Arc<super::records::MapRecords>) -> Self {
        self.records = records;
        self
    }

    pub fn points(&self, layer: Layer) -> Option<&PointSet> {
        match layer {
            Layer::Stations => Some(&self.stations),
            Layer::Teams => Some(&self.teams),
            Layer::Depots => Some(&self.depots),
            Layer::Enterprises => Some(&self.enterprises),
            Layer::Areas => None,
        }
    }

    /// The clusters of a layer at a level, built on first use. Entries for other filter versions
    /// are dropped as soon as a new one is asked for.
    pub fn clusters(&self, key: ClusterKey, build: impl FnOnce() -> Vec<Cluster>) -> Arc<Vec<Cluster>> {
        if let Ok(cache) = self.clusters.lock()
            && let Some(c) = cache.get(&key)
        {
            return c.clone();
        }
        let built = Arc::new(build());
        if let Ok(mut cache) = self.clusters.lock() {
            cache.retain(|k, _| k.filter_version == key.filter_version);
            cache.insert(key, built.clone());
        }
        built
    }

    /// Clusters points of `set` in `order` (see [`cluster::build`]).
    pub fn cluster_points(
        &self,
        key: ClusterKey,
        order: &[u32],
        category: impl Fn(u32) -> usize,
        radius_px: f64,
    ) -> Arc<Vec<Cluster>> {
        let Some(set) = self.points(key.layer) else { return Arc::default() };
        self.clusters(key, || cluster::build(&set.world, order, category, key.level, radius_px))
    }
}

/// A WGS84 polygon set in world coordinates of the tile datum, rings unclosed.
pub fn world_polys(mp: &geo_types::MultiPolygon<f64>, datum: Datum) -> Vec<Poly> {
    let to_world = |c: &geo_types::Coord<f64>| world_of_datum_lonlat(datum.from_wgs84(LonLat::new(c.x, c.y)));
    mp.0.iter()
        .map(|p| {
            let ring = |ls: &geo_types::LineString<f64>| {
                let mut r: Vec<World> = ls.0.iter().map(to_world).collect();
                if r.len() > 1 && r.first() == r.last() {
                    r.pop();
                }
                r
            };
            let mut rings = vec![ring(p.exterior())];
            rings.extend(p.interiors().iter().map(ring));
            Poly { rings }
        })
        .collect()
}

fn area_shape(slot: u32, a: &AdminArea, datum: Datum) -> Option<AreaShape> {
    use geo::InteriorPoint;
    let outline = a.outline.as_ref()?;
    let polys = world_polys(outline, datum);
    let label_at = outline.interior_point().map(|p| world_of_datum_lonlat(datum.from_wgs84(LonLat::new(p.x(), p.y()))));
    let lods = PolyLods::new(polys);
    let span = (lods.bbox[1][0] - lods.bbox[0][0]).max(lods.bbox[1][1] - lods.bbox[0][1]);
    Some(AreaShape {
        slot,
        level: a.level,
        name: Arc::from(a.name.as_str()),
        illustrative: a.illustrative,
        label_at,
        outline: lods,
        span,
    })
}

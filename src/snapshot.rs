//! The read model: every feature of a project in memory with its spatial indices, immutable.
//!
//! Analyses take `&Snapshot` and return plain data, so they run on worker threads while the
//! window keeps drawing; after a committed write the owner loads a new snapshot.

use crate::model::{AdminArea, AreaLevel, Depot, Enterprise, Feature, FeatureId, Layer, LonLat, Station, Team};
use crate::spatial::{LocalProjection, PointIndex};
use crate::store::{Project, StoreError};

/// West, south, east, north in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl BBox {
    pub fn centre(&self) -> LonLat {
        LonLat::new((self.west + self.east) / 2.0, (self.south + self.north) / 2.0)
    }

    pub fn contains(&self, p: LonLat) -> bool {
        (self.west..=self.east).contains(&p.lon) && (self.south..=self.north).contains(&p.lat)
    }

    fn extend(acc: Option<BBox>, p: LonLat) -> Option<BBox> {
        Some(match acc {
            None => BBox { west: p.lon, south: p.lat, east: p.lon, north: p.lat },
            Some(b) => BBox {
                west: b.west.min(p.lon),
                south: b.south.min(p.lat),
                east: b.east.max(p.lon),
                north: b.north.max(p.lat),
            },
        })
    }

    /// Grows the box by `margin` degrees on every side.
    pub fn padded(&self, margin: f64) -> BBox {
        BBox {
            west: self.west - margin,
            south: self.south - margin,
            east: self.east + margin,
            north: self.north + margin,
        }
    }
}

/// A project's content at one moment.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub stations: Vec<Station>,
    pub teams: Vec<Team>,
    pub depots: Vec<Depot>,
    pub enterprises: Vec<Enterprise>,
    pub areas: Vec<AdminArea>,
    /// Local metric projection centred on the project's extent.
    pub projection: LocalProjection,
    pub station_index: PointIndex,
    pub team_index: PointIndex,
    pub depot_index: PointIndex,
    pub enterprise_index: PointIndex,
}

impl Snapshot {
    /// Reads every layer of a project.
    pub fn load(project: &Project) -> Result<Snapshot, StoreError> {
        let mut s = Vec::new();
        let mut t = Vec::new();
        let mut d = Vec::new();
        let mut e = Vec::new();
        let mut a = Vec::new();
        for layer in [Layer::Stations, Layer::Teams, Layer::Depots, Layer::Enterprises, Layer::Areas] {
            for f in project.features(layer)? {
                match f {
                    Feature::Stations(x) => s.push(x),
                    Feature::Teams(x) => t.push(x),
                    Feature::Depots(x) => d.push(x),
                    Feature::Enterprises(x) => e.push(x),
                    Feature::Areas(x) => a.push(x),
                }
            }
        }
        Ok(Self::from_parts(s, t, d, e, a))
    }

    /// Builds a snapshot from features (tests, benchmarks, scenarios).
    pub fn from_parts(
        stations: Vec<Station>,
        teams: Vec<Team>,
        depots: Vec<Depot>,
        enterprises: Vec<Enterprise>,
        areas: Vec<AdminArea>,
    ) -> Snapshot {
        let bbox = extent_of(&stations, &teams, &depots, &enterprises, &areas);
        let centre = bbox.map_or(LonLat::new(0.0, 0.0), |b| b.centre());
        let projection = LocalProjection::new(centre);
        Snapshot {
            station_index: PointIndex::build(&projection, stations.iter().map(|x| (x.id, x.location))),
            team_index: PointIndex::build(&projection, teams.iter().map(|x| (x.id, x.location))),
            depot_index: PointIndex::build(&projection, depots.iter().map(|x| (x.id, x.location))),
            enterprise_index: PointIndex::build(&projection, enterprises.iter().map(|x| (x.id, x.location))),
            stations,
            teams,
            depots,
            enterprises,
            areas,
            projection,
        }
    }

    /// The box around every feature, or `None` for an empty project.
    pub fn extent(&self) -> Option<BBox> {
        extent_of(&self.stations, &self.teams, &self.depots, &self.enterprises, &self.areas)
    }

    /// The feature with this id in this layer, as a [`Feature`] (cloned).
    pub fn feature(&self, layer: Layer, id: FeatureId) -> Option<Feature> {
        match layer {
            Layer::Stations => self.stations.iter().find(|x| x.id == id).cloned().map(Feature::Stations),
            Layer::Teams => self.teams.iter().find(|x| x.id == id).cloned().map(Feature::Teams),
            Layer::Depots => self.depots.iter().find(|x| x.id == id).cloned().map(Feature::Depots),
            Layer::Enterprises => self.enterprises.iter().find(|x| x.id == id).cloned().map(Feature::Enterprises),
            Layer::Areas => self.areas.iter().find(|x| x.id == id).cloned().map(Feature::Areas),
        }
    }

    /// Areas of one administrative level.
    pub fn areas_at(&self, level: AreaLevel) -> impl Iterator<Item = &AdminArea> {
        self.areas.iter().filter(move |a| a.level == level)
    }

    /// The name of an area by code, if known.
    pub fn area_name(&self, code: &str) -> Option<&str> {
        self.areas.iter().find(|a| a.code == code).map(|a| a.name.as_str())
    }
}

fn extent_of(
    stations: &[Station],
    teams: &[Team],
    depots: &[Depot],
    enterprises: &[Enterprise],
    areas: &[AdminArea],
) -> Option<BBox> {
    use geo::BoundingRect;
    let points = stations
        .iter()
        .map(|x| x.location)
        .chain(teams.iter().map(|x| x.location))
        .chain(depots.iter().map(|x| x.location))
        .chain(enterprises.iter().map(|x| x.location));
    let corners = areas
        .iter()
        .filter_map(|a| a.outline.as_ref()?.bounding_rect())
        .flat_map(|r| [LonLat::new(r.min().x, r.min().y), LonLat::new(r.max().x, r.max().y)]);
    points.chain(corners).fold(None, BBox::extend)
}

//! Raster basemaps under the vector layers: none (the offline basemap only), online XYZ sources
//! (OpenStreetMap, 天地图 with the user's key, 高德 in GCJ-02) with a disk cache, or a local
//! PMTiles or MBTiles file. When tiles cannot be had (no network, a missing file) the map keeps
//! its offline basemap and the status bar says so once; nothing is logged per tile.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{ColorImage, Context, Rect, TextureHandle, pos2};
use serde::{Deserialize, Serialize};
use walkers::sources::{Attribution, TileSource};
use walkers::{HttpOptions, HttpTiles, Tile, TileId, TilePiece, Tiles};

use crate::i18n::Lang;
use crate::render::Datum;

/// Which raster basemap is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum TileChoice {
    /// Only the always-there offline basemap.
    #[default]
    None,
    OpenStreetMap,
    /// 天地图 vector map with annotations (needs a key).
    Tianditu,
    /// 天地图 imagery with annotations (needs a key).
    TiandituImagery,
    /// 高德 street map, GCJ-02.
    Amap,
    PmTiles,
    MbTiles,
}

impl TileChoice {
    pub const ALL: [TileChoice; 7] = [
        TileChoice::None,
        TileChoice::OpenStreetMap,
        TileChoice::Tianditu,
        TileChoice::TiandituImagery,
        TileChoice::Amap,
        TileChoice::PmTiles,
        TileChoice::MbTiles,
    ];

    /// The datum the tiles are drawn in; overlays are shifted onto it.
    pub fn datum(self) -> Datum {
        match self {
            TileChoice::Amap => Datum::Gcj02,
            _ => Datum::Wgs84,
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        use crate::i18n::T;
        lang.t(match self {
            TileChoice::None => T::TilesNone,
            TileChoice::OpenStreetMap => T::TilesOsm,
            TileChoice::Tianditu => T::TilesTianditu,
            TileChoice::TiandituImagery => T::TilesTiandituImagery,
            TileChoice::Amap => T::TilesAmap,
            TileChoice::PmTiles => T::TilesPmtiles,
            TileChoice::MbTiles => T::TilesMbtiles,
        })
    }

    pub fn is_online(self) -> bool {
        matches!(
            self,
            TileChoice::OpenStreetMap | TileChoice::Tianditu | TileChoice::TiandituImagery | TileChoice::Amap
        )
    }
}

/// An XYZ URL template: `{x}`, `{y}`, `{z}`, `{s}` (a subdomain) and `{key}`.
pub struct Xyz {
    pub template: String,
    pub subdomains: &'static [&'static str],
    pub key: String,
    pub attribution: &'static str,
    pub max_zoom: u8,
}

impl Xyz {
    pub fn url(&self, t: TileId) -> String {
        let s = if self.subdomains.is_empty() {
            ""
        } else {
            self.subdomains[(t.x as usize + t.y as usize) % self.subdomains.len()]
        };
        self.template
            .replace("{x}", &t.x.to_string())
            .replace("{y}", &t.y.to_string())
            .replace("{z}", &t.zoom.to_string())
            .replace("{s}", s)
            .replace("{key}", &self.key)
    }
}

impl TileSource for Xyz {
    fn tile_url(&self, tile_id: TileId) -> String {
        self.url(tile_id)
    }
    fn attribution(&self) -> Attribution {
        Attribution { text: self.attribution, url: "", logo_light: None, logo_dark: None }
    }
    fn max_zoom(&self) -> u8 {
        self.max_zoom
    }
}

const TIANDITU_SUBDOMAINS: &[&str] = &["0", "1", "2", "3", "4", "5", "6", "7"];

fn tianditu(layer: &str, key: &str) -> Xyz {
    Xyz {
        template: format!(
            "https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={{key}}"
        ),
        subdomains: TIANDITU_SUBDOMAINS,
        key: key.to_string(),
        attribution: "天地图",
        max_zoom: 18,
    }
}

/// Counts what a tile source delivers, to tell "loading" from "unavailable".
pub struct Watched {
    inner: Box<dyn Tiles>,
    since: Instant,
    asked: u64,
    got: u64,
}

impl Tiles for Watched {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        self.asked += 1;
        let t = self.inner.at(tile_id);
        if t.is_some() {
            self.got += 1;
        }
        t
    }
    fn attribution(&self) -> Attribution {
        self.inner.attribution()
    }
    fn tile_size(&self) -> u32 {
        self.inner.tile_size()
    }
    fn stats(&self) -> walkers::Stats {
        self.inner.stats()
    }
}

/// What the status bar says about tiles.
#[derive(Debug, Clone, PartialEq)]
pub enum TileStatus {
    Off,
    Loading,
    Ok,
    /// Nothing arrived for a while: offline, wrong key, or a blocked server.
    Unavailable,
    /// The source could not be set up (missing file, missing key).
    Failed(TileError),
}

/// Why a tile source could not be set up.
#[derive(Debug, Clone, PartialEq)]
pub enum TileError {
    /// 天地图 without a key.
    NeedsKey,
    /// No file chosen for a local source.
    NoFile,
    /// The chosen file does not exist.
    Missing(PathBuf),
    /// The file is not a usable MBTiles database (reason given).
    Unreadable(PathBuf, String),
}

impl TileError {
    pub fn describe(&self, lang: Lang) -> String {
        use crate::i18n::T;
        match self {
            TileError::NeedsKey => lang.t(T::TiandituNeedsKey).to_string(),
            TileError::NoFile => lang.t(T::TileFileNotChosen).to_string(),
            TileError::Missing(p) => format!("{}: {}", p.display(), lang.t(T::FileMissing)),
            TileError::Unreadable(p, why) => format!("{}: {} ({why})", p.display(), lang.t(T::NotMbtiles)),
        }
    }
}

/// The active raster basemap (and, for 天地图, its annotation layer).
pub struct TileLayers {
    pub choice: TileChoice,
    pub base: Option<Watched>,
    pub labels: Option<Watched>,
    pub error: Option<TileError>,
}

/// Seconds without a single tile before the source is reported unavailable.
const UNAVAILABLE_AFTER: Duration = Duration::from_secs(6);

impl TileLayers {
    pub fn none() -> Self {
        Self { choice: TileChoice::None, base: None, labels: None, error: None }
    }

    /// Sets up a source. Errors (no key, missing file) are kept for the status bar.
    pub fn new(choice: TileChoice, key: &str, pmtiles: Option<&Path>, mbtiles: Option<&Path>, ctx: &Context) -> Self {
        let watch = |t: Box<dyn Tiles>| Watched { inner: t, since: Instant::now(), asked: 0, got: 0 };
        let http = |src: Xyz| -> Box<dyn Tiles> {
            let options = HttpOptions { cache: tile_cache_dir(), ..HttpOptions::default() };
            Box::new(HttpTiles::with_options(src, options, ctx.clone()))
        };
        let mut out = Self { choice, base: None, labels: None, error: None };
        match choice {
            TileChoice::None => {}
            TileChoice::OpenStreetMap => {
                out.base = Some(watch(http(Xyz {
                    template: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
                    subdomains: &[],
                    key: String::new(),
                    attribution: "© OpenStreetMap contributors",
                    max_zoom: 19,
                })));
            }
            TileChoice::Tianditu | TileChoice::TiandituImagery => {
                if key.trim().is_empty() {
                    out.error = Some(TileError::NeedsKey);
                } else {
                    let (b, l) = if choice == TileChoice::Tianditu { ("vec", "cva") } else { ("img", "cia") };
                    out.base = Some(watch(http(tianditu(b, key.trim()))));
                    out.labels = Some(watch(http(tianditu(l, key.trim()))));
                }
            }
            TileChoice::Amap => {
                out.base = Some(watch(http(Xyz {
                    template: "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}".into(),
                    subdomains: &["1", "2", "3", "4"],
                    key: String::new(),
                    attribution: "© 高德地图",
                    max_zoom: 18,
                })));
            }
            TileChoice::PmTiles => match pmtiles {
                Some(p) if p.exists() => {
                    out.base = Some(watch(Box::new(walkers::PmTiles::with_style_and_tile_size(
                        p,
                        walkers::Style,
                        256,
                        ctx.clone(),
                    ))));
                }
                Some(p) => out.error = Some(TileError::Missing(p.to_path_buf())),
                None => out.error = Some(TileError::NoFile),
            },
            TileChoice::MbTiles => match mbtiles.map(|p| MbTiles::open(p, ctx.clone())) {
                Some(Ok(t)) => out.base = Some(watch(Box::new(t))),
                Some(Err(e)) => out.error = Some(e),
                None => out.error = Some(TileError::NoFile),
            },
        }
        out
    }

    pub fn status(&self) -> TileStatus {
        if let Some(e) = &self.error {
            return TileStatus::Failed(e.clone());
        }
        let Some(b) = &self.base else { return TileStatus::Off };
        if b.got > 0 {
            TileStatus::Ok
        } else if b.since.elapsed() > UNAVAILABLE_AFTER && b.asked > 0 {
            TileStatus::Unavailable
        } else {
            TileStatus::Loading
        }
    }

    /// True once tiles arrive and show the ground (the city fill then steps aside).
    pub fn showing(&self) -> bool {
        self.status() == TileStatus::Ok
    }

    pub fn attribution(&self) -> Option<&'static str> {
        self.base.as_ref().map(|b| b.attribution().text).filter(|t| !t.is_empty())
    }
}

/// Where online tiles are cached on disk.
pub fn tile_cache_dir() -> Option<PathBuf> {
    eframe::storage_dir(crate::APP_ID).map(|d| d.join("tiles"))
}

/// A local MBTiles file (SQLite, TMS rows), read on the UI thread a few tiles per frame.
pub struct MbTiles {
    conn: rusqlite::Connection,
    ctx: Context,
    cache: HashMap<TileId, Option<TextureHandle>>,
    min_zoom: u8,
    max_zoom: u8,
    frame: u64,
    loaded_this_frame: usize,
}

/// Tiles decoded per frame at most, so opening a view never stalls the window.
const MBTILES_PER_FRAME: usize = 6;

impl MbTiles {
    pub fn open(path: &Path, ctx: Context) -> Result<Self, TileError> {
        let err = |e: rusqlite::Error| TileError::Unreadable(path.to_path_buf(), e.to_string());
        if !path.exists() {
            return Err(TileError::Missing(path.to_path_buf()));
        }
        let conn =
            rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(err)?;
        let (min_zoom, max_zoom): (Option<i64>, Option<i64>) = conn
            .query_row("SELECT min(zoom_level), max(zoom_level) FROM tiles", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(err)?;
        let (Some(min_zoom), Some(max_zoom)) = (min_zoom, max_zoom) else {
            return Err(TileError::Unreadable(path.to_path_buf(), "no tiles".into()));
        };
        Ok(Self {
            conn,
            ctx,
            cache: HashMap::new(),
            min_zoom: min_zoom.clamp(0, 24) as u8,
            max_zoom: max_zoom.clamp(0, 24) as u8,
            frame: 0,
            loaded_this_frame: 0,
        })
    }

    fn load(&mut self, t: TileId) -> Option<TextureHandle> {
        let row = (1u64 << t.zoom) - 1 - u64::from(t.y);
        let bytes: Vec<u8> = self
            .conn
            .query_row(
                "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
                rusqlite::params![t.zoom, t.x, row as i64],
                |r| r.get(0),
            )
            .ok()?;
        let img = image::load_from_memory(&bytes).ok()?.to_rgba8();
        let ci = ColorImage::from_rgba_unmultiplied([img.width() as usize, img.height() as usize], img.as_raw());
        Some(self.ctx.load_texture(format!("mbtiles-{}-{}-{}", t.zoom, t.x, t.y), ci, Default::default()))
    }

    fn get(&mut self, t: TileId) -> Option<TextureHandle> {
        if let Some(c) = self.cache.get(&t) {
            return c.clone();
        }
        if self.loaded_this_frame >= MBTILES_PER_FRAME {
            self.ctx.request_repaint();
            return None;
        }
        self.loaded_this_frame += 1;
        let tex = self.load(t);
        self.cache.insert(t, tex.clone());
        tex
    }
}

impl Tiles for MbTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        let frame = self.ctx.cumulative_frame_nr();
        if frame != self.frame {
            self.frame = frame;
            self.loaded_this_frame = 0;
        }
        // Deeper than the file goes: magnify part of the deepest tile above it.
        let mut zoom = tile_id.zoom.min(self.max_zoom);
        while zoom >= self.min_zoom {
            let d = tile_id.zoom - zoom;
            let parent = TileId { x: tile_id.x >> d, y: tile_id.y >> d, zoom };
            if let Some(tex) = self.get(parent) {
                let n = (1u32 << d) as f32;
                let (fx, fy) = ((tile_id.x - (parent.x << d)) as f32, (tile_id.y - (parent.y << d)) as f32);
                let uv = Rect::from_min_max(pos2(fx / n, fy / n), pos2((fx + 1.0) / n, (fy + 1.0) / n));
                return Some(TilePiece::new(Tile::Raster(tex), uv));
            }
            if zoom == 0 {
                break;
            }
            zoom -= 1;
        }
        None
    }
    fn attribution(&self) -> Attribution {
        Attribution { text: "MBTiles", url: "", logo_light: None, logo_dark: None }
    }
    fn tile_size(&self) -> u32 {
        256
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xyz_templates_fill_in_every_placeholder() {
        let t = tianditu("vec", "abc");
        let url = t.url(TileId { x: 3, y: 5, zoom: 7 });
        assert!(url.starts_with("https://t0.tianditu.gov.cn/vec_w/wmts"), "{url}");
        assert!(url.contains("TILEMATRIX=7&TILEROW=5&TILECOL=3&tk=abc"), "{url}");
        assert!(!url.contains('{'));
        assert_eq!(TileChoice::Amap.datum(), Datum::Gcj02);
        assert_eq!(TileChoice::Tianditu.datum(), Datum::Wgs84);
    }

    #[test]
    fn mbtiles_serves_tiles_and_magnifies_beyond_its_deepest_level() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.mbtiles");
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
             CREATE TABLE metadata (name TEXT, value TEXT);",
        )
        .unwrap();
        let mut png = Vec::new();
        image::RgbaImage::from_pixel(4, 4, image::Rgba([200, 10, 10, 255]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        // Zoom 1, column 1, TMS row 1 = XYZ y 0.
        conn.execute("INSERT INTO tiles VALUES (1, 1, 1, ?1)", [&png]).unwrap();
        drop(conn);
        let ctx = Context::default();
        let mut tiles = MbTiles::open(&path, ctx).unwrap();
        assert!(tiles.at(TileId { x: 1, y: 0, zoom: 1 }).is_some());
        assert!(tiles.at(TileId { x: 0, y: 0, zoom: 1 }).is_none());
        let deeper = tiles.at(TileId { x: 3, y: 1, zoom: 2 }).expect("magnified from zoom 1");
        assert_eq!(deeper.uv, Rect::from_min_max(pos2(0.5, 0.5), pos2(1.0, 1.0)));
        assert!(MbTiles::open(&dir.path().join("missing.mbtiles"), Context::default()).is_err());
    }
}

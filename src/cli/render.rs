//! `onemap render --db P [--bbox W,S,E,N] [--width 1600 --height 1000] --out map.png|map.pdf`:
//! the map as the window draws it, with title, legend, scale bar, north arrow and date.

use std::path::PathBuf;
use std::process::ExitCode;

use super::onemap_errors::input;
use crate::i18n::{Lang, T};
use crate::render::sheet::{self, SheetOptions};
use crate::render::{SceneOptions, Theme};
use crate::snapshot::{BBox, Snapshot};
use crate::store::{Project, SettingKey};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    db: PathBuf,
    /// West,south,east,north in WGS84 degrees (default: the project's extent).
    #[arg(long, value_name = "W,S,E,N", allow_hyphen_values = true)]
    bbox: Option<String>,
    #[arg(long, default_value_t = 1600)]
    width: u32,
    #[arg(long, default_value_t = 1000)]
    height: u32,
    /// Output file: .png or .pdf.
    #[arg(long)]
    out: PathBuf,
    /// Title on the map (default: 应急资源分布图 and the project name).
    #[arg(long)]
    title: Option<String>,
    /// zh or en.
    #[arg(long, default_value = "zh")]
    lang: String,
    /// light or dark.
    #[arg(long, default_value = "light")]
    theme: String,
    /// Device pixels per map pixel (2 doubles the resolution for print).
    #[arg(long, default_value_t = 1.0)]
    scale: f32,
}

/// Parses "W,S,E,N" into a box, checking the numbers make one.
pub fn parse_bbox(s: &str) -> anyhow::Result<BBox> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| input(format!("--bbox \"{s}\": expected four numbers W,S,E,N")))?;
    let [west, south, east, north] = v[..] else {
        return Err(input(format!("--bbox \"{s}\": expected four numbers W,S,E,N, got {}", v.len())));
    };
    let b = BBox { west, south, east, north };
    let lon_ok = (-180.0..=180.0).contains(&west) && (-180.0..=180.0).contains(&east);
    let lat_ok = (-85.0..=85.0).contains(&south) && (-85.0..=85.0).contains(&north);
    if !(west < east && south < north && lon_ok && lat_ok) {
        return Err(input(format!("--bbox \"{s}\": need west < east and south < north, within ±180° / ±85°")));
    }
    Ok(b)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let bbox = args.bbox.as_deref().map(parse_bbox).transpose()?;
    let lang = match args.lang.as_str() {
        "zh" => Lang::Zh,
        "en" => Lang::En,
        other => return Err(input(format!("--lang \"{other}\": expected zh or en"))),
    };
    let theme = match args.theme.as_str() {
        "light" => Theme::Light,
        "dark" => Theme::Dark,
        other => return Err(input(format!("--theme \"{other}\": expected light or dark"))),
    };
    if !(0.25..=8.0).contains(&args.scale) {
        return Err(input(format!("--scale {}: expected 0.25 to 8", args.scale)));
    }
    let ext = args.out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let pdf = match ext.as_deref() {
        Some("png") => false,
        Some("pdf") => true,
        _ => return Err(input(format!("--out {}: the file name must end in .png or .pdf", args.out.display()))),
    };
    let project = Project::open(&args.db)?;
    let snapshot = Snapshot::load(&project)?;
    let settings: crate::render::ProjectMapSettings = project.setting(SettingKey::Map)?;
    let scene = SceneOptions { theme, lang, protection: settings.protection, ..SceneOptions::default() };
    let name = args.db.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let opts = SheetOptions {
        title: project.export_mark()?.title(&args.title.unwrap_or_else(|| lang.t(T::DefaultSheetTitle).to_string())),
        subtitle: name,
        date: chrono::Local::now().format("%Y-%m-%d").to_string(),
        lang,
        theme,
        pixel_scale: args.scale,
    };
    let records =
        std::sync::Arc::new(crate::render::records::MapRecords::load(&project, &snapshot, chrono::Utc::now())?);
    let size = [args.width as f32, args.height as f32];
    let (pm, _, _) =
        sheet::render_with_records(&snapshot, records, bbox, size, &scene, &opts).map_err(|e| input(e.to_string()))?;
    if pdf { sheet::write_pdf(&pm, &args.out) } else { sheet::write_png(&pm, &args.out) }
        .map_err(|e| input(e.to_string()))?;
    println!("{}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

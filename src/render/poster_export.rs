//! One call from a project to a poster file: reads the enterprise, its zones, points, latest
//! georeferenced plan and last filing, lays the poster out and saves PNG or PDF.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

use super::poster::{PosterInput, a3_landscape, layout};
use super::poster_skia::{self, PosterError};
use super::poster_text;
use crate::model::{Feature, FeatureId, Labelled, Layer};
use crate::store::{Project, StoreError};

#[derive(Debug, Error)]
pub enum PosterExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Poster(#[from] PosterError),
    #[error("{0}: the poster is written as .png or .pdf")]
    Format(String),
}

impl PosterExportError {
    /// True when the user can fix it (wrong id, wrong extension, no font installed).
    pub fn is_input(&self) -> bool {
        match self {
            PosterExportError::Store(e) => e.is_input(),
            PosterExportError::Poster(PosterError::Write { .. } | PosterError::Font(_)) => true,
            PosterExportError::Poster(_) => false,
            PosterExportError::Format(_) => true,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Serialize)]
pub struct PosterSummary {
    pub file: String,
    pub enterprise: FeatureId,
    pub width: u32,
    pub height: u32,
    pub zones: usize,
    pub points: usize,
    pub plan: Option<i64>,
}

/// Writes an enterprise's A3 poster at `dpi` to a .png or .pdf file.
pub fn export_poster(
    project: &Project,
    enterprise: FeatureId,
    out: &Path,
    dpi: f32,
    made_on: NaiveDate,
) -> Result<PosterSummary, PosterExportError> {
    let ext = out.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if ext != "png" && ext != "pdf" {
        return Err(PosterExportError::Format(out.display().to_string()));
    }
    let Some(Feature::Enterprises(e)) = project.feature(Layer::Enterprises, enterprise)? else {
        return Err(StoreError::NoSuchFeature { layer: Layer::Enterprises.zh(), id: enterprise }.into());
    };
    let zones = project.risk_zones(Some(enterprise))?;
    let points = project.risk_points(Some(enterprise))?;
    let overall = project.overall_level(enterprise)?;
    let plan = project.floor_plans(Some(enterprise))?.into_iter().rev().find(|p| p.georef.is_some());
    let filings = project.filings(Some(enterprise))?;
    let mut images = HashMap::new();
    if let Some(p) = &plan {
        let bytes = project.floor_plan_image(p.id)?;
        let img = image::load_from_memory(&bytes).map_err(|err| PosterError::Plan(p.id, err.to_string()))?;
        images.insert(p.id, img.to_rgba8());
    }
    let input = PosterInput {
        enterprise: &e,
        overall: &overall,
        zones: &zones,
        points: &points,
        plan: plan.as_ref(),
        last_filing: filings.last(),
        made_on,
    };
    let (w, h) = a3_landscape(dpi);
    let page = layout(&input, w, h);
    let font = poster_text::font().map_err(PosterError::from)?;
    let pm = poster_skia::paint(&page, font, &images)?;
    if ext == "pdf" {
        poster_skia::save_pdf(&pm, 420.0, 297.0, out)?;
    } else {
        poster_skia::save_png(&pm, out)?;
    }
    Ok(PosterSummary {
        file: out.display().to_string(),
        enterprise,
        width: w,
        height: h,
        zones: zones.len(),
        points: points.len(),
        plan: plan.map(|p| p.id),
    })
}

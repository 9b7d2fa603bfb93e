//! Floor plans: the image bytes (PNG or JPEG, checked by decoding them once), and the control
//! points with the transform fitted to them.

use rusqlite::{Connection, OptionalExtension, params};

use super::super::{Project, Result, StoreError, Writer, audit};
use crate::model::floor_plan::{FloorPlan, PlanImageFormat};
use crate::model::{Feature, FeatureId, Labelled, Layer};
use crate::spatial::georef::{ControlPoint, GeoRef, TransformKind};

/// Largest image accepted, in bytes.
pub const MAX_PLAN_BYTES: usize = 64 << 20;
/// Largest side in pixels: wgpu's default `max_texture_dimension_2d`, so the window can show the
/// plan as one texture on any adapter.
pub const MAX_PLAN_SIDE: u32 = 8192;

const PLANS: &str = "平面图";

fn invalid(name: &str, field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid { layer: PLANS, name: name.to_string(), field, message: message.into() }
}

/// Checks the bytes are a PNG or JPEG that decodes, within the size limits; returns its format
/// and size.
pub fn inspect_image(name: &str, bytes: &[u8]) -> Result<(PlanImageFormat, u32, u32)> {
    if bytes.len() > MAX_PLAN_BYTES {
        return Err(invalid(
            name,
            "image",
            format!("is {} MB; the limit is {} MB", bytes.len() >> 20, MAX_PLAN_BYTES >> 20),
        ));
    }
    let format = match image::guess_format(bytes) {
        Ok(image::ImageFormat::Png) => PlanImageFormat::Png,
        Ok(image::ImageFormat::Jpeg) => PlanImageFormat::Jpeg,
        Ok(other) => return Err(invalid(name, "image", format!("is {other:?}; attach a PNG or JPEG"))),
        Err(_) => return Err(invalid(name, "image", "is not an image OneMap reads (PNG or JPEG)")),
    };
    let reader = image::ImageReader::with_format(
        std::io::Cursor::new(bytes),
        match format {
            PlanImageFormat::Png => image::ImageFormat::Png,
            PlanImageFormat::Jpeg => image::ImageFormat::Jpeg,
        },
    );
    let (w, h) = reader.into_dimensions().map_err(|e| invalid(name, "image", format!("cannot be read: {e}")))?;
    if w == 0 || h == 0 || w > MAX_PLAN_SIDE || h > MAX_PLAN_SIDE {
        return Err(invalid(
            name,
            "image",
            format!("is {w} × {h} pixels; each side must be 1 to {MAX_PLAN_SIDE} (scale it down first)"),
        ));
    }
    image::load_from_memory(bytes).map_err(|e| invalid(name, "image", format!("is damaged: {e}")))?;
    Ok((format, w, h))
}

fn plan_from_row(r: &rusqlite::Row) -> rusqlite::Result<std::result::Result<FloorPlan, StoreError>> {
    let id: i64 = r.get(0)?;
    let media: String = r.get(3)?;
    let cps: String = r.get(6)?;
    let georef: Option<String> = r.get(7)?;
    let bad = |field: &str, message: String| StoreError::BadValue {
        table: "risk_floor_plans".into(),
        fid: id,
        field: field.into(),
        message,
    };
    let built = (|| {
        let format =
            PlanImageFormat::from_media_type(&media).ok_or_else(|| bad("media_type", format!("\"{media}\"")))?;
        let control_points: Vec<ControlPoint> =
            serde_json::from_str(&cps).map_err(|e| bad("control_points", e.to_string()))?;
        let georef: Option<GeoRef> =
            georef.map(|g| serde_json::from_str(&g).map_err(|e| bad("georef", e.to_string()))).transpose()?;
        Ok(FloorPlan {
            id,
            enterprise_id: r.get(1).map_err(StoreError::from)?,
            name: r.get(2).map_err(StoreError::from)?,
            format,
            width: r.get(4).map_err(StoreError::from)?,
            height: r.get(5).map_err(StoreError::from)?,
            control_points,
            georef,
            note: r.get(8).map_err(StoreError::from)?,
        })
    })();
    Ok(built)
}

const PLAN_SELECT: &str = "SELECT id, enterprise_fid, name, media_type, width, height, control_points, georef, note
                           FROM risk_floor_plans";

fn load_plans(conn: &Connection, filter: &str, arg: Option<i64>) -> Result<Vec<FloorPlan>> {
    let mut st = conn.prepare(&format!("{PLAN_SELECT} {filter} ORDER BY enterprise_fid, id"))?;
    let rows = match arg {
        Some(a) => st.query_map([a], plan_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?,
        None => st.query_map([], plan_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?,
    };
    rows.into_iter().collect()
}

impl Project {
    /// The floor plans of one enterprise, or of all (without image bytes).
    pub fn floor_plans(&self, enterprise: Option<FeatureId>) -> Result<Vec<FloorPlan>> {
        match enterprise {
            Some(e) => load_plans(&self.conn, "WHERE enterprise_fid = ?1", Some(e)),
            None => load_plans(&self.conn, "", None),
        }
    }

    /// One floor plan.
    pub fn floor_plan(&self, id: i64) -> Result<FloorPlan> {
        load_plans(&self.conn, "WHERE id = ?1", Some(id))?.pop().ok_or(StoreError::NoSuchFeature { layer: PLANS, id })
    }

    /// A floor plan's image as attached (PNG or JPEG bytes).
    pub fn floor_plan_image(&self, id: i64) -> Result<Vec<u8>> {
        self.conn
            .query_row("SELECT image FROM risk_floor_plans WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NoSuchFeature { layer: PLANS, id })
    }
}

impl Writer<'_> {
    /// Attaches a floor plan image to an enterprise.
    pub fn add_floor_plan(&mut self, enterprise: FeatureId, name: &str, bytes: &[u8], note: &str) -> Result<FloorPlan> {
        let Some(Feature::Enterprises(_)) = super::super::tables::load_one(&self.tx, Layer::Enterprises, enterprise)?
        else {
            return Err(StoreError::NoSuchFeature { layer: Layer::Enterprises.zh(), id: enterprise });
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(invalid(name, "name", "is empty"));
        }
        let (format, width, height) = inspect_image(name, bytes)?;
        self.tx.execute(
            "INSERT INTO risk_floor_plans (enterprise_fid, name, media_type, width, height, image, note, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![enterprise, name, format.media_type(), width, height, bytes, note, audit::now()],
        )?;
        let plan = FloorPlan {
            id: self.tx.last_insert_rowid(),
            enterprise_id: enterprise,
            name: name.to_string(),
            format,
            width,
            height,
            control_points: Vec::new(),
            georef: None,
            note: note.to_string(),
        };
        let mut after = serde_json::to_value(&plan).unwrap_or_default();
        after["bytes"] = serde_json::json!(bytes.len());
        audit::record_json(&self.tx, self.operator, "insert", "risk_floor_plans", Some(plan.id), None, Some(&after))?;
        Ok(plan)
    }

    /// Fits and stores a georeference for a plan from its control points.
    pub fn georeference_plan(&mut self, plan: i64, kind: TransformKind, points: &[ControlPoint]) -> Result<GeoRef> {
        let before = load_plans(&self.tx, "WHERE id = ?1", Some(plan))?
            .pop()
            .ok_or(StoreError::NoSuchFeature { layer: PLANS, id: plan })?;
        let g = GeoRef::fit(kind, points).map_err(|e| invalid(&before.name, "control_points", e.to_string()))?;
        let cps = serde_json::to_string(points).unwrap_or_else(|_| "[]".into());
        let gj = serde_json::to_string(&g).unwrap_or_default();
        self.tx.execute(
            "UPDATE risk_floor_plans SET control_points = ?2, georef = ?3 WHERE id = ?1",
            params![plan, cps, gj],
        )?;
        let after = FloorPlan { control_points: points.to_vec(), georef: Some(g.clone()), ..before.clone() };
        audit::record_json(
            &self.tx,
            self.operator,
            "georeference",
            "risk_floor_plans",
            Some(plan),
            serde_json::to_value(&before).ok().as_ref(),
            serde_json::to_value(&after).ok().as_ref(),
        )?;
        Ok(g)
    }

    /// Removes a plan and its image.
    pub fn delete_floor_plan(&mut self, id: i64) -> Result<FloorPlan> {
        let before = load_plans(&self.tx, "WHERE id = ?1", Some(id))?
            .pop()
            .ok_or(StoreError::NoSuchFeature { layer: PLANS, id })?;
        self.tx.execute("DELETE FROM risk_floor_plans WHERE id = ?1", [id])?;
        audit::record_json(
            &self.tx,
            self.operator,
            "delete",
            "risk_floor_plans",
            Some(id),
            serde_json::to_value(&before).ok().as_ref(),
            None,
        )?;
        Ok(before)
    }
}

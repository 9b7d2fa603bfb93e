//! Drawing outside egui's own shapes: the GPU risk heat map (and its egui paint callback), and
//! the enterprise risk poster (a plain display list, painted headless with tiny-skia).

pub mod heat_callback;
pub mod heat_gpu;
pub mod poster;
pub mod poster_export;
pub mod poster_skia;
pub mod text;

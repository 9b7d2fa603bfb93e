//! Drawing outside egui's own shapes: the GPU risk heat map (and its egui paint callback), and
//! the enterprise risk poster rendered headless with tiny-skia.

pub mod heat_callback;
pub mod heat_gpu;

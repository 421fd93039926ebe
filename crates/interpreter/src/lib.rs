//! The stvm stack interpreter (being written).
pub mod platform;
pub mod primitives;

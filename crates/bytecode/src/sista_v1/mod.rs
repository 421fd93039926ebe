//! The Sista V1 bytecode set (alternate set; header sign bit set), reference §8.2.

mod decoder;
mod emit;
mod encoder;
pub mod table;

pub use decoder::decode;

pub use encoder::{Encoder, MAX_CONDITIONAL_JUMP, MAX_JUMP, MIN_JUMP};

/// Extend A prefix: `extA := (extA << 8) + b1` (unsigned).
pub const EXT_A: u8 = 224;
/// Extend B prefix: first byte signed, later bytes unsigned.
pub const EXT_B: u8 = 225;

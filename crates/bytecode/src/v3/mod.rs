//! The V3PlusClosures bytecode set (primary set; header sign bit clear), reference §8.1.

mod decoder;
mod emit;
mod encoder;
pub mod table;

pub use decoder::decode;
pub use encoder::{Encoder, MAX_CONDITIONAL_JUMP, MAX_JUMP, MIN_JUMP};

//! Spur image files: reading the header and segment chain, relocating a 64-bit
//! image's objects to a new base address, converting a 32-bit image to 64-bit
//! objects while loading, writing 64-bit images, and summarising them.
//!
//! The crate works on bytes, never on a live heap: `load_image` answers a
//! `LoadedImage` whose `old_space` is a contiguous run of 64-bit Spur objects
//! laid out from the base address the heap asked for, with no bridges and no
//! dangling pointers; the heap adopts those bytes. `write_image` takes the
//! heap's segments and writes a standard file other Spur VMs can load.
//! Facts: `shared/reference/spur-image-and-bytecodes.md` §1–5 and §7.
#![forbid(unsafe_code)]

pub mod builder;
mod bytes;
mod convert32;
mod error;
mod fixed_objects;
mod forwarders;
pub mod header;
mod load64;
pub mod segments;
pub mod space;
mod starts;
mod summary;
pub mod walk;
mod writer;

pub use error::ImageError;
pub use header::{read_header, ImageHeader, WordSize};
pub use summary::{class_name, summarize, ImageSummary};
pub use writer::{image_file_bytes, write_image, HeaderExtras, ImageWriteRequest};

/// An image loaded into a contiguous 64-bit old space.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LoadedImage {
    /// The file's header. `header_flags` has bit 1 (floats little-endian) set,
    /// because boxed floats in `old_space` are always in platform order.
    pub header: ImageHeader,
    /// 64-bit Spur objects, first byte (nil's header) at the target base; every
    /// pointer relocated and checked to land on an object header; segments
    /// concatenated with bridges and gaps removed; ends after the last object.
    /// Free chunks (class index 0) keep their size with zeroed slots; the
    /// free-lists object (fourth) is zeroed; no forwarders remain.
    pub old_space: Vec<u8>,
    /// Address of `old_space`'s first byte (the `target_base` asked for): nil.
    pub target_base: u64,
    /// The special objects array (relocated oop).
    pub special_objects: u64,
    /// Seed of the identity-hash generator, from the header.
    pub last_hash: u64,
    /// True if the file was a 32-bit image converted while loading.
    pub converted_from_32_bit: bool,
    /// True if the format has the multiple-bytecode-sets bit or any method's
    /// header selects the alternate (Sista V1) bytecode set.
    pub uses_sista: bool,
}

/// Loads the image file `bytes`, laying its objects out from `target_base`
/// (8-byte aligned). 64-bit images are relocated; 32-bit images converted.
pub fn load_image(bytes: &[u8], target_base: u64) -> Result<LoadedImage, ImageError> {
    if !target_base.is_multiple_of(8) {
        return Err(ImageError::BadTargetBase { target_base });
    }
    let header = read_header(bytes)?;
    let saved_segments = segments::read_segments(bytes, &header)?;
    match header.word_size {
        WordSize::Bits64 => load64::load_64_bit(bytes, &header, &saved_segments, target_base),
        WordSize::Bits32 => convert32::load_32_bit(bytes, &header, &saved_segments, target_base),
    }
}

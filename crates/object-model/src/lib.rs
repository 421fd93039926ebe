//! The Spur 64-bit object model as pure data: tagged oops and immediates, the
//! object header word, object formats, class-index puns, and the indices of the
//! special objects and fixed instance layouts the VM relies on. Nothing here
//! knows about memory or garbage collection; every other crate speaks this vocabulary.
//!
//! Facts come from `shared/reference/spur-image-and-bytecodes.md` §2–6 and §9.
#![forbid(unsafe_code)]

pub mod class_index;
pub mod format;
pub mod header;
pub mod layout;
pub mod oop;
pub mod small_float;
pub mod special_objects;

pub use format::ObjectFormat;
pub use header::ObjectHeader;
pub use oop::Oop;

/// Bytes in one heap word (slot) on 64-bit Spur.
pub const WORD_BYTES: usize = 8;
/// Bytes in the base (non-overflow) header.
pub const BASE_HEADER_BYTES: usize = 8;
/// Every object and chunk is a multiple of this many bytes and aligned to it.
pub const ALLOCATION_UNIT_BYTES: usize = 8;

#[cfg(test)]
mod tests;

//! Class indices with fixed meaning: puns for hidden objects (0–31) and the
//! "compact" classes the VM instantiates by index (32–55).
//!
//! Objects whose class index is ≤ 31 are hidden: `allObjects`/`allInstances`
//! never see them. A class's identity hash is its class-table index.

/// Free chunk.
pub const FREE: u32 = 0;
/// SmallInteger (immediate).
pub const SMALL_INTEGER: u32 = 1;
/// Character (immediate).
pub const CHARACTER: u32 = 2;
/// Segment bridge (and 32-bit odd SmallInteger).
pub const SEGMENT_BRIDGE: u32 = 3;
/// SmallFloat64 (immediate).
pub const SMALL_FLOAT: u32 = 4;
/// Forwarder.
pub const FORWARDED: u32 = 8;
/// Hidden Array (class-table pages, hidden roots).
pub const HIDDEN_ARRAY: u32 = 16;
/// Hidden weak Array.
pub const HIDDEN_WEAK_ARRAY: u32 = 17;
/// Hidden 32-bit words.
pub const HIDDEN_WORDS32: u32 = 18;
/// Hidden 64-bit words (the free-lists object on 64-bit).
pub const HIDDEN_WORDS64: u32 = 19;
/// "Class is itself".
pub const CLASS_IS_ITSELF: u32 = 31;
/// Last pun; indices above are real classes.
pub const LAST_PUN: u32 = 31;
/// First index of a real class.
pub const FIRST_VALID: u32 = 32;

/// LargeNegativeInteger.
pub const LARGE_NEGATIVE_INTEGER: u32 = 32;
/// LargePositiveInteger.
pub const LARGE_POSITIVE_INTEGER: u32 = 33;
/// BoxedFloat64.
pub const BOXED_FLOAT: u32 = 34;
/// Message.
pub const MESSAGE: u32 = 35;
/// Context.
pub const CONTEXT: u32 = 36;
/// BlockClosure (non-full).
pub const BLOCK_CLOSURE: u32 = 37;
/// FullBlockClosure.
pub const FULL_BLOCK_CLOSURE: u32 = 38;
/// ByteArray.
pub const BYTE_ARRAY: u32 = 50;
/// Array.
pub const ARRAY: u32 = 51;
/// ByteString.
pub const BYTE_STRING: u32 = 52;
/// Bitmap.
pub const BITMAP: u32 = 53;

/// Entries in one class-table page.
pub const CLASS_TABLE_PAGE_SIZE: u32 = 1024;
/// Shift from a class index to its page number.
pub const CLASS_TABLE_MAJOR_SHIFT: u32 = 10;
/// Number of page slots in the hidden-roots object.
pub const CLASS_TABLE_ROOT_SLOTS: u32 = 4096;
/// First index handed to classes the VM does not know (page 0 is reserved).
pub const FIRST_UNRESERVED: u32 = 1024;
/// Largest class index (22 bits).
pub const MAX_CLASS_INDEX: u32 = (1 << 22) - 1;

/// True for indices whose objects are hidden from enumeration.
#[inline(always)]
pub const fn is_hidden(class_index: u32) -> bool {
    class_index <= LAST_PUN
}

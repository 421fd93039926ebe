//! The 8-byte Spur object header and its overflow word.
//!
//! ```text
//!  63      56 55 54 53                 32 31 30 29 28    24 23 22 21              0
//! +----------+--+--+---------------------+--+--+--+--------+--+--+-----------------+
//! | numSlots |mk|  | identity hash (22)  |gy|pn|rm| format |im|  | class index (22)|
//! +----------+--+--+---------------------+--+--+--+--------+--+--+-----------------+
//! numSlots = 255 means "overflow": the real count is in the low 56 bits of the
//! word just before the header, whose top byte is 0xFF.
//! mk = marked, gy = grey, pn = pinned, rm = remembered, im = immutable (read-only).
//! ```
use crate::format::ObjectFormat;

/// Mask of the 22-bit class index.
pub const CLASS_INDEX_MASK: u64 = 0x3F_FFFF;
/// Bit of the immutable (read-only) flag.
pub const IMMUTABLE_BIT: u32 = 23;
/// Shift of the 5-bit format field.
pub const FORMAT_SHIFT: u32 = 24;
/// Mask of the format field after shifting.
pub const FORMAT_MASK: u64 = 0x1F;
/// Bit of the remembered flag.
pub const REMEMBERED_BIT: u32 = 29;
/// Bit of the pinned flag.
pub const PINNED_BIT: u32 = 30;
/// Bit of the grey flag.
pub const GREY_BIT: u32 = 31;
/// Shift of the 22-bit identity hash.
pub const HASH_SHIFT: u32 = 32;
/// Mask of the identity hash after shifting.
pub const HASH_MASK: u64 = 0x3F_FFFF;
/// Bit of the marked flag.
pub const MARKED_BIT: u32 = 55;
/// Shift of the 8-bit numSlots field.
pub const NUM_SLOTS_SHIFT: u32 = 56;
/// numSlots value meaning "see the overflow word".
pub const OVERFLOW_SLOTS: u64 = 255;
/// Largest slot count an object may have (2^40, as Spur 64-bit).
pub const MAX_SLOTS: u64 = 1 << 40;

/// A Spur object header word.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(transparent)]
pub struct ObjectHeader(pub u64);

impl ObjectHeader {
    /// A header with the given slot count (saturated to 255 for overflow),
    /// format and class index; every flag and the hash clear.
    #[inline]
    pub const fn new(num_slots: u64, format: ObjectFormat, class_index: u32) -> ObjectHeader {
        let raw_slots = if num_slots >= OVERFLOW_SLOTS {
            OVERFLOW_SLOTS
        } else {
            num_slots
        };
        ObjectHeader(
            (raw_slots << NUM_SLOTS_SHIFT)
                | ((format.0 as u64) << FORMAT_SHIFT)
                | (class_index as u64 & CLASS_INDEX_MASK),
        )
    }

    /// The raw word.
    #[inline(always)]
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// Class index (bits 0–21).
    #[inline(always)]
    pub const fn class_index(self) -> u32 {
        (self.0 & CLASS_INDEX_MASK) as u32
    }

    /// This header with another class index.
    #[inline(always)]
    pub const fn with_class_index(self, class_index: u32) -> ObjectHeader {
        ObjectHeader((self.0 & !CLASS_INDEX_MASK) | (class_index as u64 & CLASS_INDEX_MASK))
    }

    /// Object format (bits 24–28).
    #[inline(always)]
    pub const fn format(self) -> ObjectFormat {
        ObjectFormat(((self.0 >> FORMAT_SHIFT) & FORMAT_MASK) as u8)
    }

    /// This header with another format.
    #[inline(always)]
    pub const fn with_format(self, format: ObjectFormat) -> ObjectHeader {
        ObjectHeader(
            (self.0 & !(FORMAT_MASK << FORMAT_SHIFT))
                | ((format.0 as u64 & FORMAT_MASK) << FORMAT_SHIFT),
        )
    }

    /// The raw 8-bit numSlots field (255 = overflow).
    #[inline(always)]
    pub const fn raw_num_slots(self) -> u64 {
        self.0 >> NUM_SLOTS_SHIFT
    }

    /// True if the slot count lives in the overflow word.
    #[inline(always)]
    pub const fn has_overflow_slots(self) -> bool {
        self.raw_num_slots() == OVERFLOW_SLOTS
    }

    /// This header with another raw numSlots byte.
    #[inline(always)]
    pub const fn with_raw_num_slots(self, raw: u64) -> ObjectHeader {
        ObjectHeader((self.0 & !(0xFF << NUM_SLOTS_SHIFT)) | ((raw & 0xFF) << NUM_SLOTS_SHIFT))
    }

    /// Identity hash (0 = not yet assigned).
    #[inline(always)]
    pub const fn identity_hash(self) -> u32 {
        ((self.0 >> HASH_SHIFT) & HASH_MASK) as u32
    }

    /// This header with another identity hash (masked to 22 bits).
    #[inline(always)]
    pub const fn with_identity_hash(self, hash: u32) -> ObjectHeader {
        ObjectHeader(
            (self.0 & !(HASH_MASK << HASH_SHIFT)) | ((hash as u64 & HASH_MASK) << HASH_SHIFT),
        )
    }

    #[inline(always)]
    const fn flag(self, bit: u32) -> bool {
        self.0 & (1 << bit) != 0
    }

    #[inline(always)]
    const fn with_flag(self, bit: u32, value: bool) -> ObjectHeader {
        if value {
            ObjectHeader(self.0 | (1 << bit))
        } else {
            ObjectHeader(self.0 & !(1 << bit))
        }
    }

    /// Read-only flag.
    #[inline(always)]
    pub const fn is_immutable(self) -> bool {
        self.flag(IMMUTABLE_BIT)
    }
    /// This header with the read-only flag set or cleared.
    #[inline(always)]
    pub const fn with_immutable(self, value: bool) -> ObjectHeader {
        self.with_flag(IMMUTABLE_BIT, value)
    }
    /// Remembered flag (old object in the remembered set).
    #[inline(always)]
    pub const fn is_remembered(self) -> bool {
        self.flag(REMEMBERED_BIT)
    }
    /// This header with the remembered flag set or cleared.
    #[inline(always)]
    pub const fn with_remembered(self, value: bool) -> ObjectHeader {
        self.with_flag(REMEMBERED_BIT, value)
    }
    /// Pinned flag (object never moves).
    #[inline(always)]
    pub const fn is_pinned(self) -> bool {
        self.flag(PINNED_BIT)
    }
    /// This header with the pinned flag set or cleared.
    #[inline(always)]
    pub const fn with_pinned(self, value: bool) -> ObjectHeader {
        self.with_flag(PINNED_BIT, value)
    }
    /// Grey flag (GC work list membership).
    #[inline(always)]
    pub const fn is_grey(self) -> bool {
        self.flag(GREY_BIT)
    }
    /// This header with the grey flag set or cleared.
    #[inline(always)]
    pub const fn with_grey(self, value: bool) -> ObjectHeader {
        self.with_flag(GREY_BIT, value)
    }
    /// Marked flag (full GC).
    #[inline(always)]
    pub const fn is_marked(self) -> bool {
        self.flag(MARKED_BIT)
    }
    /// This header with the marked flag set or cleared.
    #[inline(always)]
    pub const fn with_marked(self, value: bool) -> ObjectHeader {
        self.with_flag(MARKED_BIT, value)
    }

    /// True for a free chunk or a forwarder (class index 0 or 8), the check the
    /// interpreter uses before following a reference.
    #[inline(always)]
    pub const fn is_free_or_forwarded(self) -> bool {
        self.0 & (CLASS_INDEX_MASK - crate::class_index::FORWARDED as u64) == 0
    }

    /// True for a forwarder.
    #[inline(always)]
    pub const fn is_forwarded(self) -> bool {
        self.class_index() == crate::class_index::FORWARDED
    }

    /// True for a free chunk.
    #[inline(always)]
    pub const fn is_free(self) -> bool {
        self.class_index() == crate::class_index::FREE
    }
}

/// The overflow word that precedes a header whose numSlots byte is 255.
#[inline(always)]
pub const fn overflow_word(num_slots: u64) -> u64 {
    (OVERFLOW_SLOTS << NUM_SLOTS_SHIFT) | (num_slots & ((1 << NUM_SLOTS_SHIFT) - 1))
}

/// The slot count stored in an overflow word.
#[inline(always)]
pub const fn overflow_word_slots(word: u64) -> u64 {
    word & ((1 << NUM_SLOTS_SHIFT) - 1)
}

/// True if `num_slots` needs an overflow word.
#[inline(always)]
pub const fn needs_overflow_word(num_slots: u64) -> bool {
    num_slots >= OVERFLOW_SLOTS
}

/// Bytes an object with `num_slots` slots occupies, overflow word included:
/// `8 × max(numSlots, 1) + 8` (+ 8 with an overflow word).
#[inline(always)]
pub const fn bytes_for_slots(num_slots: u64) -> u64 {
    let body = if num_slots == 0 { 1 } else { num_slots };
    let overflow = if needs_overflow_word(num_slots) { 8 } else { 0 };
    body * 8 + 8 + overflow
}

/// Bytes before the header: 8 with an overflow word, else 0.
#[inline(always)]
pub const fn header_prefix_bytes(num_slots: u64) -> u64 {
    if needs_overflow_word(num_slots) {
        8
    } else {
        0
    }
}

impl std::fmt::Debug for ObjectHeader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Header{{class {} fmt {} slots {} hash {}{}{}{}{}{}}}",
            self.class_index(),
            self.format().0,
            self.raw_num_slots(),
            self.identity_hash(),
            if self.is_immutable() { " ro" } else { "" },
            if self.is_remembered() { " rem" } else { "" },
            if self.is_pinned() { " pin" } else { "" },
            if self.is_grey() { " grey" } else { "" },
            if self.is_marked() { " mark" } else { "" },
        )
    }
}

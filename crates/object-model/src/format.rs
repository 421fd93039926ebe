//! Object formats (header bits 24–28) and the lengths they imply.
//!
//! | format | kind                                   | indexable length           |
//! |--------|----------------------------------------|----------------------------|
//! | 0      | zero-sized (nil, true, false)          | —                          |
//! | 1      | fixed pointers                         | —                          |
//! | 2      | indexable pointers (Array)             | numSlots                   |
//! | 3      | fixed + indexable pointers (Context)   | numSlots − fixed           |
//! | 4      | weak indexable (WeakArray)             | numSlots − fixed           |
//! | 5      | ephemeron (slot 0 is the key)          | —                          |
//! | 7      | forwarder                              | —                          |
//! | 9      | 64-bit words                           | numSlots                   |
//! | 10–11  | 32-bit words, low bit = unused halves  | 2·numSlots − (fmt & 1)     |
//! | 12–15  | 16-bit, low 2 bits = unused shorts     | 4·numSlots − (fmt & 3)     |
//! | 16–23  | bytes, low 3 bits = unused bytes       | 8·numSlots − (fmt & 7)     |
//! | 24–31  | compiled code (literals then bytes)    | 8·numSlots − (fmt & 7)     |

/// A 5-bit Spur object format.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
#[repr(transparent)]
pub struct ObjectFormat(pub u8);

impl ObjectFormat {
    /// Zero-sized, non-indexable.
    pub const ZERO_SIZED: ObjectFormat = ObjectFormat(0);
    /// Fixed pointer fields only.
    pub const FIXED: ObjectFormat = ObjectFormat(1);
    /// Indexable pointers, no fixed fields.
    pub const INDEXABLE: ObjectFormat = ObjectFormat(2);
    /// Fixed and indexable pointers.
    pub const FIXED_AND_INDEXABLE: ObjectFormat = ObjectFormat(3);
    /// Weak indexable pointers (fixed fields strong).
    pub const WEAK: ObjectFormat = ObjectFormat(4);
    /// Ephemeron.
    pub const EPHEMERON: ObjectFormat = ObjectFormat(5);
    /// Forwarder.
    pub const FORWARDED: ObjectFormat = ObjectFormat(7);
    /// 64-bit indexable.
    pub const WORDS64: ObjectFormat = ObjectFormat(9);
    /// 32-bit indexable (base value).
    pub const WORDS32: ObjectFormat = ObjectFormat(10);
    /// 16-bit indexable (base value).
    pub const WORDS16: ObjectFormat = ObjectFormat(12);
    /// 8-bit indexable (base value).
    pub const BYTES: ObjectFormat = ObjectFormat(16);
    /// Compiled code (base value).
    pub const COMPILED_METHOD: ObjectFormat = ObjectFormat(24);

    /// The raw 5-bit value.
    #[inline(always)]
    pub const fn value(self) -> u8 {
        self.0
    }

    /// Formats 0–5: every slot is an oop the GC must trace.
    #[inline(always)]
    pub const fn is_pointers(self) -> bool {
        self.0 <= 5
    }

    /// Weak (format 4).
    #[inline(always)]
    pub const fn is_weak(self) -> bool {
        self.0 == 4
    }

    /// Ephemeron (format 5).
    #[inline(always)]
    pub const fn is_ephemeron(self) -> bool {
        self.0 == 5
    }

    /// Formats 9–23: raw bits, no oops.
    #[inline(always)]
    pub const fn is_pure_bits(self) -> bool {
        self.0 >= 9 && self.0 < 24
    }

    /// Compiled code (formats 24–31).
    #[inline(always)]
    pub const fn is_compiled_method(self) -> bool {
        self.0 >= 24
    }

    /// Byte-indexable (16–23), not compiled code.
    #[inline(always)]
    pub const fn is_bytes(self) -> bool {
        self.0 >= 16 && self.0 < 24
    }

    /// Bytes or compiled code: anything addressed bytewise.
    #[inline(always)]
    pub const fn is_bytes_or_compiled_method(self) -> bool {
        self.0 >= 16
    }

    /// 16-bit indexable (12–15).
    #[inline(always)]
    pub const fn is_shorts(self) -> bool {
        self.0 >= 12 && self.0 < 16
    }

    /// 32-bit indexable (10–11).
    #[inline(always)]
    pub const fn is_words32(self) -> bool {
        self.0 == 10 || self.0 == 11
    }

    /// 64-bit indexable (9).
    #[inline(always)]
    pub const fn is_words64(self) -> bool {
        self.0 == 9
    }

    /// Has an indexable part (2, 3, 4 or ≥ 9).
    #[inline(always)]
    pub const fn is_indexable(self) -> bool {
        matches!(self.0, 2..=4) || self.0 >= 9
    }

    /// Bytes per indexable element: 8 for pointers and 64-bit words, 4, 2 or 1.
    #[inline(always)]
    pub const fn element_bytes(self) -> usize {
        match self.0 {
            10 | 11 => 4,
            12..=15 => 2,
            16..=31 => 1,
            _ => 8,
        }
    }

    /// The class-side base format (odd padding bits cleared).
    #[inline(always)]
    pub const fn base(self) -> ObjectFormat {
        match self.0 {
            10 | 11 => Self::WORDS32,
            12..=15 => Self::WORDS16,
            16..=23 => Self::BYTES,
            24..=31 => Self::COMPILED_METHOD,
            other => ObjectFormat(other),
        }
    }

    /// Number of indexable-or-bits elements in an object with `num_slots` slots,
    /// counting the padding the format encodes. For pointer formats this is the
    /// whole slot count (fixed fields included); subtract the class's fixed count.
    #[inline(always)]
    pub const fn element_count(self, num_slots: u64) -> u64 {
        match self.0 {
            10 | 11 => (num_slots * 2).saturating_sub((self.0 & 1) as u64),
            12..=15 => (num_slots * 4).saturating_sub((self.0 & 3) as u64),
            16..=31 => (num_slots * 8).saturating_sub((self.0 & 7) as u64),
            _ => num_slots,
        }
    }

    /// The format and slot count for an instance holding `count` elements of
    /// this (base) format: bits formats encode the unused tail in the low bits.
    /// Pointer formats answer themselves and `count` slots.
    #[inline(always)]
    pub const fn for_element_count(self, count: u64) -> (ObjectFormat, u64) {
        match self.base().0 {
            10 => (ObjectFormat(10 + (count & 1) as u8), count.div_ceil(2)),
            12 => (
                ObjectFormat(12 + ((4 - (count & 3)) & 3) as u8),
                count.div_ceil(4),
            ),
            16 => (
                ObjectFormat(16 + ((8 - (count & 7)) & 7) as u8),
                count.div_ceil(8),
            ),
            24 => (
                ObjectFormat(24 + ((8 - (count & 7)) & 7) as u8),
                count.div_ceil(8),
            ),
            _ => (self, count),
        }
    }
}

//! `Oop`: a tagged 64-bit word, either an object address or an immediate.
//!
//! ```text
//!  63                                                     3 2 1 0
//! +--------------------------------------------------------+-----+
//! | 8-byte aligned object address                          | 000 |  pointer
//! | 61-bit two's-complement integer                        | 001 |  SmallInteger
//! | character code (0 .. 2^30-1)                           | 010 |  Character
//! | rotated, re-biased IEEE double (see small_float)       | 100 |  SmallFloat64
//! +--------------------------------------------------------+-----+
//! ```
use crate::small_float;

/// Number of tag bits in a 64-bit oop.
pub const TAG_BITS: u32 = 3;
/// Mask of the tag bits.
pub const TAG_MASK: u64 = 0b111;
/// Tag of a SmallInteger.
pub const SMALL_INTEGER_TAG: u64 = 0b001;
/// Tag of a Character.
pub const CHARACTER_TAG: u64 = 0b010;
/// Tag of a SmallFloat64.
pub const SMALL_FLOAT_TAG: u64 = 0b100;
/// Smallest SmallInteger value (−2^60).
pub const MIN_SMALL_INTEGER: i64 = -(1 << 60);
/// Largest SmallInteger value (2^60 − 1).
pub const MAX_SMALL_INTEGER: i64 = (1 << 60) - 1;
/// Largest valid Character code.
pub const MAX_CHARACTER_CODE: u32 = (1 << 30) - 1;

/// A tagged object pointer or immediate value, bit-for-bit as Spur 64-bit stores it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(transparent)]
pub struct Oop(pub u64);

impl Oop {
    /// The raw 64-bit word.
    #[inline(always)]
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// An oop from its raw word.
    #[inline(always)]
    pub const fn from_bits(bits: u64) -> Oop {
        Oop(bits)
    }

    /// An object pointer; `address` must be 8-byte aligned.
    #[inline(always)]
    pub const fn from_address(address: u64) -> Oop {
        debug_assert!(address & TAG_MASK == 0);
        Oop(address)
    }

    /// The address of a non-immediate oop.
    #[inline(always)]
    pub const fn address(self) -> u64 {
        self.0
    }

    /// True if this is an immediate (SmallInteger, Character or SmallFloat64).
    #[inline(always)]
    pub const fn is_immediate(self) -> bool {
        self.0 & TAG_MASK != 0
    }

    /// True if this points at a heap object.
    #[inline(always)]
    pub const fn is_pointer(self) -> bool {
        self.0 & TAG_MASK == 0
    }

    /// True if this is a SmallInteger.
    #[inline(always)]
    pub const fn is_small_integer(self) -> bool {
        self.0 & TAG_MASK == SMALL_INTEGER_TAG
    }

    /// True if this is a Character.
    #[inline(always)]
    pub const fn is_character(self) -> bool {
        self.0 & TAG_MASK == CHARACTER_TAG
    }

    /// True if this is a SmallFloat64.
    #[inline(always)]
    pub const fn is_small_float(self) -> bool {
        self.0 & TAG_MASK == SMALL_FLOAT_TAG
    }

    /// True if `value` fits in a SmallInteger.
    #[inline(always)]
    pub const fn is_small_integer_value(value: i64) -> bool {
        value >= MIN_SMALL_INTEGER && value <= MAX_SMALL_INTEGER
    }

    /// The SmallInteger for `value`, or `None` when it is out of range.
    #[inline(always)]
    pub const fn small_integer(value: i64) -> Option<Oop> {
        if Self::is_small_integer_value(value) {
            Some(Self::small_integer_unchecked(value))
        } else {
            None
        }
    }

    /// The SmallInteger for `value`, which the caller knows is in range.
    #[inline(always)]
    pub const fn small_integer_unchecked(value: i64) -> Oop {
        debug_assert!(Self::is_small_integer_value(value));
        Oop(((value as u64) << TAG_BITS) | SMALL_INTEGER_TAG)
    }

    /// The value of a SmallInteger oop (meaningless for other oops).
    #[inline(always)]
    pub const fn small_integer_value(self) -> i64 {
        (self.0 as i64) >> TAG_BITS
    }

    /// The value if this is a SmallInteger.
    #[inline(always)]
    pub const fn as_small_integer(self) -> Option<i64> {
        if self.is_small_integer() {
            Some(self.small_integer_value())
        } else {
            None
        }
    }

    /// The Character with `code`, or `None` when the code is out of range.
    #[inline(always)]
    pub const fn character(code: u32) -> Option<Oop> {
        if code <= MAX_CHARACTER_CODE {
            Some(Oop(((code as u64) << TAG_BITS) | CHARACTER_TAG))
        } else {
            None
        }
    }

    /// The code of a Character oop (meaningless for other oops).
    #[inline(always)]
    pub const fn character_code(self) -> u32 {
        (self.0 >> TAG_BITS) as u32
    }

    /// The code if this is a Character.
    #[inline(always)]
    pub const fn as_character(self) -> Option<u32> {
        if self.is_character() {
            Some(self.character_code())
        } else {
            None
        }
    }

    /// The SmallFloat64 for `value`, or `None` when its exponent is outside the
    /// immediate window (such floats are boxed).
    #[inline]
    pub fn small_float(value: f64) -> Option<Oop> {
        small_float::encode(value).map(Oop)
    }

    /// The value of a SmallFloat64 oop (meaningless for other oops).
    #[inline]
    pub fn small_float_value(self) -> f64 {
        small_float::decode(self.0)
    }

    /// The value if this is a SmallFloat64.
    #[inline]
    pub fn as_small_float(self) -> Option<f64> {
        if self.is_small_float() {
            Some(self.small_float_value())
        } else {
            None
        }
    }

    /// The class index of an immediate (1, 2 or 4), or `None` for a pointer.
    #[inline(always)]
    pub const fn immediate_class_index(self) -> Option<u32> {
        match self.0 & TAG_MASK {
            0 => None,
            tag if tag & 1 != 0 => Some(crate::class_index::SMALL_INTEGER),
            tag if tag & 2 != 0 => Some(crate::class_index::CHARACTER),
            _ => Some(crate::class_index::SMALL_FLOAT),
        }
    }
}

impl std::fmt::Debug for Oop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_small_integer() {
            write!(f, "Oop(SmallInteger {})", self.small_integer_value())
        } else if self.is_character() {
            write!(f, "Oop(Character {})", self.character_code())
        } else if self.is_small_float() {
            write!(f, "Oop(SmallFloat64 {:?})", self.small_float_value())
        } else if self.is_pointer() {
            write!(f, "Oop(@{:#x})", self.0)
        } else {
            write!(f, "Oop(invalid tag {:#x})", self.0)
        }
    }
}

//! SmallFloat64: the immediate encoding of IEEE doubles whose exponent lies in the
//! window 896 < e ≤ 1151 (plus ±0.0 and e == 896 with a non-zero mantissa).
//!
//! ```text
//!  63        56 55                                 4  3   2..0
//! +------------+------------------------------------+----+-----+
//! | exponent-896 (8 bits) | 52-bit mantissa         |sign| 100 |
//! +------------+------------------------------------+----+-----+
//! ```
//! Encode: rotate the IEEE bits left by one (sign to bit 0), subtract 896 << 53
//! from the exponent unless the value is ±0, shift left by three and tag.

use crate::oop::{SMALL_FLOAT_TAG, TAG_BITS};

/// Bias difference between the 11-bit IEEE exponent and the 8-bit immediate one.
pub const EXPONENT_OFFSET: u64 = 896;

/// True if `value` can be represented as a SmallFloat64 immediate.
#[inline]
pub fn is_small_float_value(value: f64) -> bool {
    let bits = value.to_bits();
    let exponent = (bits >> 52) & 0x7FF;
    let mantissa = bits & ((1 << 52) - 1);
    exponent > EXPONENT_OFFSET && exponent <= EXPONENT_OFFSET + 255
        || bits << 1 == 0
        || exponent == EXPONENT_OFFSET && mantissa != 0
}

/// The tagged word for `value`, or `None` if it needs a boxed float.
#[inline]
pub fn encode(value: f64) -> Option<u64> {
    if !is_small_float_value(value) {
        return None;
    }
    let mut rotated = value.to_bits().rotate_left(1);
    if rotated > 1 {
        rotated -= EXPONENT_OFFSET << 53;
    }
    Some((rotated << TAG_BITS) | SMALL_FLOAT_TAG)
}

/// The double a SmallFloat64 word stands for.
#[inline]
pub fn decode(word: u64) -> f64 {
    let mut rotated = word >> TAG_BITS;
    if rotated > 1 {
        rotated += EXPONENT_OFFSET << 53;
    }
    f64::from_bits(rotated.rotate_right(1))
}

/// The integer a SmallFloat64 answers for `asInteger`/hash (primitive 171): the
/// un-adjusted rotated bits, sign-extended from the sign bit.
#[inline]
pub fn rotated_bits(word: u64) -> i64 {
    let magnitude = (word >> (TAG_BITS + 1)) as i64;
    if word & (1 << TAG_BITS) != 0 {
        -magnitude
    } else {
        magnitude
    }
}

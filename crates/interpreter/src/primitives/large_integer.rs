//! LargeInteger primitives 20–37. The VM's versions only take values that fit
//! in 64 bits; stvm's take SmallIntegers and LargeIntegers of any size and
//! answer normalized results (SmallIntegers when in range). Objects are bytes
//! of class LargePositiveInteger (33) / LargeNegativeInteger (32), magnitude
//! little-endian.

use std::cmp::Ordering;

use super::big_integer::BigInt;
use super::support::{argument, expect_arguments, integer_object, integer_value};
use super::{PrimitiveCall, PrimitiveFailure, PrimitiveResult, PurePrimitive};

/// Shifts producing more bits than this fail (the image would run out of memory).
pub const MAX_SHIFT_BITS: i64 = 1 << 26;

/// The primitive for `index` in 20–37, if any.
pub fn primitive(index: u16) -> Option<PurePrimitive> {
    Some(match index {
        20 => primitive_rem,
        21 => primitive_add,
        22 => primitive_subtract,
        23 => primitive_less_than,
        24 => primitive_greater_than,
        25 => primitive_less_or_equal,
        26 => primitive_greater_or_equal,
        27 => primitive_equal,
        28 => primitive_not_equal,
        29 => primitive_multiply,
        30 => primitive_divide,
        31 => primitive_mod,
        32 => primitive_div,
        33 => primitive_quo,
        34 => primitive_bit_and,
        35 => primitive_bit_or,
        36 => primitive_bit_xor,
        37 => primitive_bit_shift,
        _ => return None,
    })
}

/// Receiver and argument as integers of any size.
pub fn integer_operands(call: &PrimitiveCall) -> Result<(BigInt, BigInt), PrimitiveFailure> {
    expect_arguments(call, 1)?;
    let receiver = integer_value(call.heap, call.receiver).ok_or(PrimitiveFailure::BadReceiver)?;
    let argument =
        integer_value(call.heap, argument(call, 0)?).ok_or(PrimitiveFailure::BadArgument)?;
    Ok((receiver, argument))
}

fn arithmetic(
    call: &mut PrimitiveCall,
    op: fn(&BigInt, &BigInt) -> Option<BigInt>,
) -> PrimitiveResult {
    let (a, b) = integer_operands(call)?;
    let result = op(&a, &b).ok_or(PrimitiveFailure::BadArgument)?;
    integer_object(call.heap, &result)
}

fn comparison(call: &mut PrimitiveCall, test: fn(Ordering) -> bool) -> PrimitiveResult {
    let (a, b) = integer_operands(call)?;
    Ok(call.heap.boolean(test(a.compare(&b))))
}

fn primitive_add(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| Some(a.add(b)))
}
fn primitive_subtract(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| Some(a.subtract(b)))
}
fn primitive_multiply(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| Some(a.multiply(b)))
}
fn primitive_less_than(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, Ordering::is_lt)
}
fn primitive_greater_than(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, Ordering::is_gt)
}
fn primitive_less_or_equal(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, Ordering::is_le)
}
fn primitive_greater_or_equal(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, Ordering::is_ge)
}
fn primitive_equal(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, Ordering::is_eq)
}
fn primitive_not_equal(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, Ordering::is_ne)
}

/// Exact division: fails for a zero divisor or an inexact quotient.
fn primitive_divide(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| {
        let (q, r) = a.divide_truncated(b)?;
        r.is_zero().then_some(q)
    })
}
fn primitive_rem(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| a.divide_truncated(b).map(|(_, r)| r))
}
fn primitive_quo(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| a.divide_truncated(b).map(|(q, _)| q))
}
fn primitive_mod(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| a.divide_floored(b).map(|(_, r)| r))
}
fn primitive_div(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| a.divide_floored(b).map(|(q, _)| q))
}
fn primitive_bit_and(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| Some(a.bitwise(b, |x, y| x & y)))
}
fn primitive_bit_or(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| Some(a.bitwise(b, |x, y| x | y)))
}
fn primitive_bit_xor(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| Some(a.bitwise(b, |x, y| x ^ y)))
}

/// `bitShift:`; fails when the result would exceed [`MAX_SHIFT_BITS`].
fn primitive_bit_shift(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| {
        let count = b.to_i64()?;
        if count > 0 && (a.bit_length() as i64).saturating_add(count) > MAX_SHIFT_BITS {
            return if a.is_zero() {
                Some(BigInt::zero())
            } else {
                None
            };
        }
        Some(a.bit_shift(count.max(-MAX_SHIFT_BITS * 4)))
    })
}

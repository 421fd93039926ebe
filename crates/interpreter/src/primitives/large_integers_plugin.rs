//! The named 'LargeIntegers' primitives Pharo's Integer and LargeInteger
//! methods call (`digitAdd:`, `digitSubtract:`, `digitMultiply:neg:`,
//! `digitDiv:neg:`, `digitCompare:`, `bitAnd:` …, `normalize`). Digit
//! operations work on magnitudes: the receiver's sign (or an explicit `neg`
//! Boolean) decides the result's sign, as the LargeIntegersPlugin does.
//! The `…With` variants take the first operand as an argument (receiver ignored).

use std::cmp::Ordering;

use stvm_object_model::Oop;

use super::big_integer::{compare_magnitudes, BigInt};
use super::large_integer::MAX_SHIFT_BITS;
use super::support::{
    argument, boolean_value, expect_arguments, heap_failure, integer_object, integer_value,
    is_large_integer,
};
use super::{PrimitiveCall, PrimitiveFailure, PrimitiveResult, PurePrimitive};

/// The names this module's primitive table resolves.
pub const NAMES: &[&str] = &[
    "primDigitAdd",
    "primDigitAddWith",
    "primDigitSubtract",
    "primDigitSubtractWith",
    "primDigitMultiplyNegative",
    "primDigitMultiplyWithNegative",
    "primDigitDivNegative",
    "primDigitDivWithNegative",
    "primDigitCompare",
    "primDigitCompareWith",
    "primDigitBitAnd",
    "primDigitBitOr",
    "primDigitBitXor",
    "primDigitBitShiftMagnitude",
    "primNormalizePositive",
    "primNormalizeNegative",
    "primNormalize",
    "primAnyBitFromTo",
    "primGetModuleName",
];

/// The named primitive `name` of module 'LargeIntegers', if implemented.
pub fn primitive(name: &str) -> Option<PurePrimitive> {
    Some(match name {
        "primDigitAdd" => prim_digit_add,
        "primDigitAddWith" => prim_digit_add_with,
        "primDigitSubtract" => prim_digit_subtract,
        "primDigitSubtractWith" => prim_digit_subtract_with,
        "primDigitMultiplyNegative" => prim_digit_multiply_negative,
        "primDigitMultiplyWithNegative" => prim_digit_multiply_with_negative,
        "primDigitDivNegative" => prim_digit_div_negative,
        "primDigitDivWithNegative" => prim_digit_div_with_negative,
        "primDigitCompare" => prim_digit_compare,
        "primDigitCompareWith" => prim_digit_compare_with,
        "primDigitBitAnd" => prim_digit_bit_and,
        "primDigitBitOr" => prim_digit_bit_or,
        "primDigitBitXor" => prim_digit_bit_xor,
        "primDigitBitShiftMagnitude" => prim_digit_bit_shift_magnitude,
        "primNormalizePositive" | "primNormalizeNegative" | "primNormalize" => prim_normalize,
        "primAnyBitFromTo" => prim_any_bit_from_to,
        "primGetModuleName" => prim_get_module_name,
        _ => return None,
    })
}

/// The operands: (first, rest…) where first is the receiver, or argument 0
/// for the `With` forms (`first_is_argument`).
fn operands(
    call: &PrimitiveCall,
    count: usize,
    first_is_argument: bool,
) -> Result<Vec<Oop>, PrimitiveFailure> {
    let expected = if first_is_argument { count } else { count - 1 };
    expect_arguments(call, expected)?;
    let mut oops = Vec::with_capacity(count);
    if !first_is_argument {
        oops.push(call.receiver);
    }
    oops.extend_from_slice(call.arguments);
    Ok(oops)
}

fn integer(call: &PrimitiveCall, oop: Oop, position: usize) -> Result<BigInt, PrimitiveFailure> {
    integer_value(call.heap, oop).ok_or(if position == 0 {
        PrimitiveFailure::BadReceiver
    } else {
        PrimitiveFailure::BadArgument
    })
}

fn two_integers(call: &PrimitiveCall, with: bool) -> Result<(BigInt, BigInt), PrimitiveFailure> {
    let oops = operands(call, 2, with)?;
    Ok((integer(call, oops[0], 0)?, integer(call, oops[1], 1)?))
}

fn negative_flag(call: &PrimitiveCall, oop: Oop) -> Result<bool, PrimitiveFailure> {
    boolean_value(call.heap, oop).ok_or(PrimitiveFailure::BadArgument)
}

fn digit_add(call: &mut PrimitiveCall, with: bool) -> PrimitiveResult {
    let (a, b) = two_integers(call, with)?;
    let sum = BigInt::from_parts(false, a.digits.clone()).add(&BigInt::from_parts(false, b.digits));
    integer_object(call.heap, &BigInt::from_parts(a.negative, sum.digits))
}

fn digit_subtract(call: &mut PrimitiveCall, with: bool) -> PrimitiveResult {
    let (a, b) = two_integers(call, with)?;
    let magnitude_a = BigInt::from_parts(false, a.digits.clone());
    let difference = magnitude_a.subtract(&BigInt::from_parts(false, b.digits));
    let negative = a.negative != difference.negative;
    integer_object(call.heap, &BigInt::from_parts(negative, difference.digits))
}

fn digit_multiply(call: &mut PrimitiveCall, with: bool) -> PrimitiveResult {
    let oops = operands(call, 3, with)?;
    let (a, b) = (integer(call, oops[0], 0)?, integer(call, oops[1], 1)?);
    let negative = negative_flag(call, oops[2])?;
    let product = a.multiply(&b);
    integer_object(call.heap, &BigInt::from_parts(negative, product.digits))
}

/// Answers `{quotient. remainder}`: quotient signed by `neg`, remainder by the receiver.
fn digit_div(call: &mut PrimitiveCall, with: bool) -> PrimitiveResult {
    let oops = operands(call, 3, with)?;
    let (a, b) = (integer(call, oops[0], 0)?, integer(call, oops[1], 1)?);
    let negative = negative_flag(call, oops[2])?;
    let (q, r) = a
        .divide_truncated(&b)
        .ok_or(PrimitiveFailure::BadArgument)?;
    let quotient = integer_object(call.heap, &BigInt::from_parts(negative, q.digits))?;
    let remainder = integer_object(call.heap, &r)?;
    call.heap
        .new_array_with(&[quotient, remainder])
        .map_err(heap_failure)
}

fn digit_compare(call: &mut PrimitiveCall, with: bool) -> PrimitiveResult {
    let (a, b) = two_integers(call, with)?;
    let answer = match compare_magnitudes(&a.digits, &b.digits) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    };
    Ok(Oop::small_integer_unchecked(answer))
}

fn prim_digit_add(call: &mut PrimitiveCall) -> PrimitiveResult {
    digit_add(call, false)
}
fn prim_digit_add_with(call: &mut PrimitiveCall) -> PrimitiveResult {
    digit_add(call, true)
}
fn prim_digit_subtract(call: &mut PrimitiveCall) -> PrimitiveResult {
    digit_subtract(call, false)
}
fn prim_digit_subtract_with(call: &mut PrimitiveCall) -> PrimitiveResult {
    digit_subtract(call, true)
}
fn prim_digit_multiply_negative(call: &mut PrimitiveCall) -> PrimitiveResult {
    digit_multiply(call, false)
}
fn prim_digit_multiply_with_negative(call: &mut PrimitiveCall) -> PrimitiveResult {
    digit_multiply(call, true)
}
fn prim_digit_div_negative(call: &mut PrimitiveCall) -> PrimitiveResult {
    digit_div(call, false)
}
fn prim_digit_div_with_negative(call: &mut PrimitiveCall) -> PrimitiveResult {
    digit_div(call, true)
}
fn prim_digit_compare(call: &mut PrimitiveCall) -> PrimitiveResult {
    digit_compare(call, false)
}
fn prim_digit_compare_with(call: &mut PrimitiveCall) -> PrimitiveResult {
    digit_compare(call, true)
}

/// Bit operations on non-negative integers only (as the plugin does).
fn bit_logic(call: &mut PrimitiveCall, op: fn(u32, u32) -> u32) -> PrimitiveResult {
    let (a, b) = two_integers(call, false)?;
    if a.negative {
        return Err(PrimitiveFailure::BadReceiver);
    }
    if b.negative {
        return Err(PrimitiveFailure::BadArgument);
    }
    let result = a.bitwise(&b, op);
    integer_object(call.heap, &result)
}

fn prim_digit_bit_and(call: &mut PrimitiveCall) -> PrimitiveResult {
    bit_logic(call, |x, y| x & y)
}
fn prim_digit_bit_or(call: &mut PrimitiveCall) -> PrimitiveResult {
    bit_logic(call, |x, y| x | y)
}
fn prim_digit_bit_xor(call: &mut PrimitiveCall) -> PrimitiveResult {
    bit_logic(call, |x, y| x ^ y)
}

/// Shifts the magnitude, keeping the receiver's sign.
fn prim_digit_bit_shift_magnitude(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let a = integer(call, call.receiver, 0)?;
    let count = argument(call, 0)?
        .as_small_integer()
        .ok_or(PrimitiveFailure::BadArgument)?;
    let result = if a.is_zero() {
        a
    } else if count >= 0 {
        if (a.bit_length() as i64).saturating_add(count) > MAX_SHIFT_BITS {
            return Err(PrimitiveFailure::BadArgument);
        }
        a.shift_magnitude_left(count as u64)
    } else {
        a.shift_magnitude_right(count.unsigned_abs())
    };
    integer_object(call.heap, &result)
}

/// `normalize`: the receiver as a SmallInteger or a LargeInteger without leading zeros.
fn prim_normalize(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    if !is_large_integer(call.heap, call.receiver) {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let value = integer(call, call.receiver, 0)?;
    let bytes = call.heap.bytes(call.receiver);
    let significant = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    let fits_small = value.to_i64().and_then(Oop::small_integer).is_some();
    if !fits_small && significant == bytes.len() {
        return Ok(call.receiver);
    }
    integer_object(call.heap, &value)
}

/// `anyBitOfMagnitudeFrom: start to: stop` (1-based bit indices).
fn prim_any_bit_from_to(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    let a = integer(call, call.receiver, 0)?;
    let start = argument(call, 0)?.as_small_integer();
    let stop = argument(call, 1)?.as_small_integer();
    match (start, stop) {
        (Some(start), Some(stop)) if start >= 1 && stop >= 0 => Ok(call
            .heap
            .boolean(a.any_bit_of_magnitude(start as u64, stop as u64))),
        _ => Err(PrimitiveFailure::BadArgument),
    }
}

fn prim_get_module_name(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    super::support::string_object(call.heap, b"LargeIntegers (stvm)")
}

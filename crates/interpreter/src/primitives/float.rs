//! Float primitives 38–59 (BoxedFloat64 receivers) and 541–559 (SmallFloat64
//! receivers; stvm accepts either kind for both ranges). Arguments may be
//! floats or SmallIntegers. Results are SmallFloat64 when representable, else
//! a new BoxedFloat64 (class index 34, format 10, the double's bits in slot 0;
//! `basicAt: 1` is the most significant 32 bits).

use std::cmp::Ordering;

use stvm_object_model::{class_index, Oop};

use super::support::{
    argument, expect_arguments, float_object, float_or_small_integer_value, float_value,
    has_class_index, integer_value, single_argument,
};
use super::{PrimitiveCall, PrimitiveFailure, PrimitiveResult, PurePrimitive};

/// The primitive for `index` in 38–59 or 541–559, if any.
pub fn primitive(index: u16) -> Option<PurePrimitive> {
    let base = if (541..=559).contains(&index) {
        index - 500
    } else {
        index
    };
    Some(match base {
        38 => primitive_float_at,
        39 => primitive_float_at_put,
        40 if index == 40 => primitive_as_float,
        41 => primitive_add,
        42 => primitive_subtract,
        43 => primitive_less_than,
        44 => primitive_greater_than,
        45 => primitive_less_or_equal,
        46 => primitive_greater_or_equal,
        47 => primitive_equal,
        48 => primitive_not_equal,
        49 => primitive_multiply,
        50 => primitive_divide,
        51 => primitive_truncated,
        52 => primitive_fraction_part,
        53 => primitive_exponent,
        54 => primitive_times_two_power,
        55 => primitive_square_root,
        56 => primitive_sine,
        57 => primitive_arctan,
        58 => primitive_log_n,
        59 => primitive_exp,
        _ => return None,
    })
}

fn receiver_float(call: &PrimitiveCall) -> Result<f64, PrimitiveFailure> {
    float_value(call.heap, call.receiver).ok_or(PrimitiveFailure::BadReceiver)
}

fn unary(call: &mut PrimitiveCall, op: fn(f64) -> Option<f64>) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    let value = receiver_float(call)?;
    let result = op(value).ok_or(PrimitiveFailure::BadReceiver)?;
    float_object(call.heap, result)
}

fn arithmetic(call: &mut PrimitiveCall, op: fn(f64, f64) -> Option<f64>) -> PrimitiveResult {
    let other = single_argument(call)?;
    let value = receiver_float(call)?;
    let other =
        float_or_small_integer_value(call.heap, other).ok_or(PrimitiveFailure::BadArgument)?;
    let result = op(value, other).ok_or(PrimitiveFailure::BadArgument)?;
    float_object(call.heap, result)
}

/// Compares exactly (no rounding of large SmallIntegers); `None` when unordered.
fn compare_with(call: &PrimitiveCall) -> Result<Option<Ordering>, PrimitiveFailure> {
    let other = single_argument(call)?;
    let value = receiver_float(call)?;
    if let Some(integer) = other.as_small_integer() {
        return Ok(compare_float_with_integer(value, integer));
    }
    let other = float_value(call.heap, other).ok_or(PrimitiveFailure::BadArgument)?;
    Ok(value.partial_cmp(&other))
}

/// 2^63 as a double (the first value above every i64).
const TWO_TO_63: f64 = (1u64 << 63) as f64;

/// Exact comparison of a double with a 64-bit integer.
pub fn compare_float_with_integer(value: f64, integer: i64) -> Option<Ordering> {
    if value.is_nan() {
        return None;
    }
    if value >= TWO_TO_63 {
        return Some(Ordering::Greater);
    }
    if value < -TWO_TO_63 {
        return Some(Ordering::Less);
    }
    let whole = value.trunc() as i64;
    Some(
        whole
            .cmp(&integer)
            .then_with(|| value.fract().partial_cmp(&0.0).unwrap_or(Ordering::Equal)),
    )
}

fn comparison(call: &mut PrimitiveCall, test: fn(Option<Ordering>) -> bool) -> PrimitiveResult {
    let order = compare_with(call)?;
    Ok(call.heap.boolean(test(order)))
}

fn primitive_add(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| Some(a + b))
}
fn primitive_subtract(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| Some(a - b))
}
fn primitive_multiply(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| Some(a * b))
}
/// Division; fails for a zero divisor (the image raises ZeroDivide).
fn primitive_divide(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| (b != 0.0).then(|| a / b))
}
fn primitive_less_than(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, |o| o == Some(Ordering::Less))
}
fn primitive_greater_than(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, |o| o == Some(Ordering::Greater))
}
fn primitive_less_or_equal(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, |o| {
        matches!(o, Some(Ordering::Less | Ordering::Equal))
    })
}
fn primitive_greater_or_equal(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, |o| {
        matches!(o, Some(Ordering::Greater | Ordering::Equal))
    })
}
fn primitive_equal(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, |o| o == Some(Ordering::Equal))
}
fn primitive_not_equal(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, |o| o != Some(Ordering::Equal))
}

/// SmallInteger `asFloat`.
fn primitive_as_float(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    let value = call
        .receiver
        .as_small_integer()
        .ok_or(PrimitiveFailure::BadReceiver)?;
    float_object(call.heap, value as f64)
}

/// `truncated`: fails outside the SmallInteger range (and for NaN/infinities).
fn primitive_truncated(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    let value = receiver_float(call)?.trunc();
    if !(-1.152_921_504_606_847e18..1.152_921_504_606_847e18).contains(&value) {
        return Err(PrimitiveFailure::BadReceiver);
    }
    Oop::small_integer(value as i64).ok_or(PrimitiveFailure::BadReceiver)
}

fn primitive_fraction_part(call: &mut PrimitiveCall) -> PrimitiveResult {
    unary(call, |v| {
        Some(if v.is_infinite() {
            0.0f64.copysign(v)
        } else {
            v.fract()
        })
    })
}

/// `exponent`: the power of two of the receiver's leading bit (frexp − 1).
fn primitive_exponent(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    let value = receiver_float(call)?;
    if !value.is_finite() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    Ok(Oop::small_integer_unchecked(binary_exponent(value)))
}

/// floor(log2(|value|)) for finite non-zero values (subnormals included); −1 for zero.
pub fn binary_exponent(value: f64) -> i64 {
    if value == 0.0 {
        return -1;
    }
    let bits = value.to_bits();
    let biased = ((bits >> 52) & 0x7FF) as i64;
    if biased == 0 {
        let mantissa = bits & ((1 << 52) - 1);
        return -1022 - (mantissa.leading_zeros() as i64 - 11);
    }
    biased - 1023
}

fn primitive_times_two_power(call: &mut PrimitiveCall) -> PrimitiveResult {
    let power = single_argument(call)?;
    let value = receiver_float(call)?;
    let power = match power.as_small_integer() {
        Some(p) => p,
        None => integer_value(call.heap, power)
            .map(|big| if big.negative { -100_000 } else { 100_000 })
            .ok_or(PrimitiveFailure::BadArgument)?,
    };
    float_object(call.heap, times_two_power(value, power))
}

/// `value × 2^power` rounded once (scalbn).
pub fn times_two_power(mut value: f64, power: i64) -> f64 {
    let mut n = power.clamp(-3000, 3000);
    let two_1023 = f64::from_bits(0x7FE0_0000_0000_0000);
    let two_minus_969 = f64::from_bits(0x0360_0000_0000_0000); // 2^-1022 * 2^53
    while n > 1023 {
        value *= two_1023;
        n -= 1023;
    }
    while n < -1022 {
        value *= two_minus_969;
        n += 1022 - 53;
    }
    value * f64::from_bits(((0x3FF + n) as u64) << 52)
}

/// `sqrt`; fails for negative receivers.
fn primitive_square_root(call: &mut PrimitiveCall) -> PrimitiveResult {
    unary(call, |v| (v >= 0.0 || v.is_nan()).then(|| v.sqrt()))
}
fn primitive_sine(call: &mut PrimitiveCall) -> PrimitiveResult {
    unary(call, |v| Some(v.sin()))
}
fn primitive_arctan(call: &mut PrimitiveCall) -> PrimitiveResult {
    unary(call, |v| Some(v.atan()))
}
fn primitive_log_n(call: &mut PrimitiveCall) -> PrimitiveResult {
    unary(call, |v| Some(v.ln()))
}
fn primitive_exp(call: &mut PrimitiveCall) -> PrimitiveResult {
    unary(call, |v| Some(v.exp()))
}

fn float_word_index(call: &PrimitiveCall) -> Result<u32, PrimitiveFailure> {
    match argument(call, 0)?.as_small_integer() {
        Some(1) => Ok(32),
        Some(2) => Ok(0),
        Some(_) => Err(PrimitiveFailure::BadIndex),
        None => Err(PrimitiveFailure::BadArgument),
    }
}

/// `basicAt:` — 1 answers the most significant 32 bits, 2 the least.
fn primitive_float_at(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let value = receiver_float(call)?;
    let shift = float_word_index(call)?;
    Ok(Oop::small_integer_unchecked(
        ((value.to_bits() >> shift) & 0xFFFF_FFFF) as i64,
    ))
}

/// `basicAt:put:` on a BoxedFloat64; the value is a 32-bit unsigned integer.
fn primitive_float_at_put(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    if !has_class_index(call.heap, call.receiver, class_index::BOXED_FLOAT) {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let value = receiver_float(call)?;
    let shift = float_word_index(call)?;
    let word_oop = argument(call, 1)?;
    let word = integer_value(call.heap, word_oop)
        .and_then(|big| big.to_i64())
        .filter(|w| (0..=0xFFFF_FFFF).contains(w))
        .ok_or(PrimitiveFailure::BadArgument)?;
    if call.heap.is_immutable(call.receiver) {
        return Err(PrimitiveFailure::NoModification);
    }
    let bits = (value.to_bits() & !(0xFFFF_FFFFu64 << shift)) | ((word as u64) << shift);
    call.heap.store_u64(call.receiver, 0, bits);
    Ok(word_oop)
}

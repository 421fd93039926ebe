//! SmallInteger primitives 1–18: arithmetic, comparison, bit operations and
//! `@`. Receiver and argument must be SmallIntegers; a result outside the
//! SmallInteger range fails (the image's fallback code goes to LargeIntegers).

use stvm_object_model::{layout, special_objects, Oop};

use super::support::{heap_failure, single_argument};
use super::{PrimitiveCall, PrimitiveFailure, PrimitiveResult, PurePrimitive};

/// The primitive for `index` in 1–18, if any.
pub fn primitive(index: u16) -> Option<PurePrimitive> {
    Some(match index {
        1 => primitive_add,
        2 => primitive_subtract,
        3 => primitive_less_than,
        4 => primitive_greater_than,
        5 => primitive_less_or_equal,
        6 => primitive_greater_or_equal,
        7 => primitive_equal,
        8 => primitive_not_equal,
        9 => primitive_multiply,
        10 => primitive_divide,
        11 => primitive_mod,
        12 => primitive_div,
        13 => primitive_quo,
        14 => primitive_bit_and,
        15 => primitive_bit_or,
        16 => primitive_bit_xor,
        17 => primitive_bit_shift,
        18 => primitive_make_point,
        _ => return None,
    })
}

/// Receiver and argument as SmallInteger values.
fn operands(call: &PrimitiveCall) -> Result<(i64, i64), PrimitiveFailure> {
    let argument = single_argument(call)?;
    let receiver = call
        .receiver
        .as_small_integer()
        .ok_or(PrimitiveFailure::BadReceiver)?;
    let argument = argument
        .as_small_integer()
        .ok_or(PrimitiveFailure::BadArgument)?;
    Ok((receiver, argument))
}

/// A SmallInteger result, or failure when it does not fit.
fn small_result(value: Option<i64>) -> PrimitiveResult {
    value
        .and_then(Oop::small_integer)
        .ok_or(PrimitiveFailure::Generic)
}

fn arithmetic(call: &mut PrimitiveCall, op: fn(i64, i64) -> Option<i64>) -> PrimitiveResult {
    let (a, b) = operands(call)?;
    small_result(op(a, b))
}

fn comparison(call: &mut PrimitiveCall, op: fn(&i64, &i64) -> bool) -> PrimitiveResult {
    let (a, b) = operands(call)?;
    Ok(call.heap.boolean(op(&a, &b)))
}

fn primitive_add(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, i64::checked_add)
}
fn primitive_subtract(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, i64::checked_sub)
}
fn primitive_multiply(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, i64::checked_mul)
}
fn primitive_less_than(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, i64::lt)
}
fn primitive_greater_than(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, i64::gt)
}
fn primitive_less_or_equal(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, i64::le)
}
fn primitive_greater_or_equal(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, i64::ge)
}
fn primitive_equal(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, i64::eq)
}
fn primitive_not_equal(call: &mut PrimitiveCall) -> PrimitiveResult {
    comparison(call, i64::ne)
}

/// Exact division only: fails for a zero divisor or a non-zero remainder.
fn primitive_divide(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| {
        if b != 0 && a % b == 0 {
            a.checked_div(b)
        } else {
            None
        }
    })
}

/// Floored modulo (`\\`).
fn primitive_mod(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, floored_mod)
}

/// Floored division (`//`).
fn primitive_div(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, floored_div)
}

/// Truncated division (`quo:`).
fn primitive_quo(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, i64::checked_div)
}

/// `a // b` rounded toward negative infinity.
pub fn floored_div(a: i64, b: i64) -> Option<i64> {
    let q = a.checked_div(b)?;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        Some(q - 1)
    } else {
        Some(q)
    }
}

/// `a \\ b` with the sign of `b`.
pub fn floored_mod(a: i64, b: i64) -> Option<i64> {
    let r = a.checked_rem(b)?;
    if r != 0 && ((r < 0) != (b < 0)) {
        Some(r + b)
    } else {
        Some(r)
    }
}

fn primitive_bit_and(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| Some(a & b))
}
fn primitive_bit_or(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| Some(a | b))
}
fn primitive_bit_xor(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, |a, b| Some(a ^ b))
}

/// `bitShift:` on signed values; a left shift that loses bits fails.
fn primitive_bit_shift(call: &mut PrimitiveCall) -> PrimitiveResult {
    arithmetic(call, shift_i64)
}

/// `value bitShift: count` when the result fits in an i64 without losing bits.
pub fn shift_i64(value: i64, count: i64) -> Option<i64> {
    if count >= 0 {
        if count > 63 {
            return if value == 0 { Some(0) } else { None };
        }
        let shifted = value << count;
        (shifted >> count == value).then_some(shifted)
    } else {
        Some(value >> count.unsigned_abs().min(63))
    }
}

/// `x @ y`: a new Point (special object 12) holding receiver and argument.
fn primitive_make_point(call: &mut PrimitiveCall) -> PrimitiveResult {
    let y = single_argument(call)?;
    if !call.receiver.is_small_integer() && !call.receiver.is_small_float() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    if !y.is_small_integer() && !y.is_small_float() {
        return Err(PrimitiveFailure::BadArgument);
    }
    let class = call.heap.special_object(special_objects::CLASS_POINT);
    if class == call.heap.nil() {
        return Err(PrimitiveFailure::Unsupported);
    }
    let point = call.heap.instantiate(class, 0).map_err(heap_failure)?;
    if call.heap.num_slots(point) < 2 {
        return Err(PrimitiveFailure::BadReceiver);
    }
    call.heap
        .store_pointer(point, layout::point::X, call.receiver);
    call.heap.store_pointer(point, layout::point::Y, y);
    Ok(point)
}

//! Clock primitives through the [`Platform`](crate::platform::Platform): 135
//! millisecond clock (29 bits), 137 local seconds since 1901, 240 UTC and 241
//! local microseconds since 1901, 244 `{UTC µs. offset seconds}`.

use super::support::{argument, heap_failure, integer_object_i128};
use super::{PrimitiveCall, PrimitiveFailure, PrimitiveResult, PurePrimitive};
use stvm_object_model::Oop;

/// The primitive for `index`, if it is a clock primitive.
pub fn primitive(index: u16) -> Option<PurePrimitive> {
    Some(match index {
        135 => primitive_millisecond_clock,
        137 => primitive_seconds_clock,
        240 => primitive_utc_microsecond_clock,
        241 => primitive_local_microsecond_clock,
        244 => primitive_utc_with_offset,
        _ => return None,
    })
}

fn no_arguments(call: &PrimitiveCall) -> Result<(), PrimitiveFailure> {
    if call.arguments.is_empty() {
        Ok(())
    } else {
        Err(PrimitiveFailure::BadNumberOfArguments)
    }
}

fn local_microseconds(call: &PrimitiveCall) -> i64 {
    call.platform.utc_microseconds() + call.platform.local_offset_seconds() * 1_000_000
}

fn primitive_millisecond_clock(call: &mut PrimitiveCall) -> PrimitiveResult {
    no_arguments(call)?;
    let millis = call.platform.monotonic_milliseconds() & 0x1FFF_FFFF;
    Ok(Oop::small_integer_unchecked(millis as i64))
}

fn primitive_seconds_clock(call: &mut PrimitiveCall) -> PrimitiveResult {
    no_arguments(call)?;
    let seconds = local_microseconds(call).div_euclid(1_000_000);
    integer_object_i128(call.heap, seconds as i128)
}

fn primitive_utc_microsecond_clock(call: &mut PrimitiveCall) -> PrimitiveResult {
    no_arguments(call)?;
    let micros = call.platform.utc_microseconds();
    integer_object_i128(call.heap, micros as i128)
}

fn primitive_local_microsecond_clock(call: &mut PrimitiveCall) -> PrimitiveResult {
    no_arguments(call)?;
    let micros = local_microseconds(call);
    integer_object_i128(call.heap, micros as i128)
}

/// `utcMicrosecondsAndOffset`: a new Array, or the argument Array (≥ 2 slots) filled in.
fn primitive_utc_with_offset(call: &mut PrimitiveCall) -> PrimitiveResult {
    let target = match call.arguments.len() {
        0 => None,
        1 => Some(argument(call, 0)?),
        _ => return Err(PrimitiveFailure::BadNumberOfArguments),
    };
    let micros = integer_object_i128(call.heap, call.platform.utc_microseconds() as i128)?;
    let offset = Oop::small_integer_unchecked(call.platform.local_offset_seconds());
    let Some(array) = target else {
        return call
            .heap
            .new_array_with(&[micros, offset])
            .map_err(heap_failure);
    };
    let heap = &mut *call.heap;
    let fits = array.is_pointer()
        && heap.format_of(array).value() == 2
        && heap.num_slots(array) >= 2
        && !heap.is_immutable(array);
    if !fits {
        return Err(PrimitiveFailure::BadArgument);
    }
    heap.store_pointer(array, 0, micros);
    heap.store_pointer(array, 1, offset);
    Ok(array)
}

//! Helpers every primitive family uses: argument access, conversions between
//! oops and Rust values (integers of any size, floats, strings, Booleans), and
//! mapping heap errors to failure codes.

use stvm_heap::{Heap, HeapError};
use stvm_object_model::{class_index, Oop};

use super::big_integer::BigInt;
use super::{PrimitiveCall, PrimitiveFailure, PrimitiveResult};

/// Fails unless exactly `count` arguments were passed.
pub fn expect_arguments(call: &PrimitiveCall, count: usize) -> Result<(), PrimitiveFailure> {
    if call.arguments.len() == count {
        Ok(())
    } else {
        Err(PrimitiveFailure::BadNumberOfArguments)
    }
}

/// Argument `index` (0-based).
pub fn argument(call: &PrimitiveCall, index: usize) -> Result<Oop, PrimitiveFailure> {
    call.arguments
        .get(index)
        .copied()
        .ok_or(PrimitiveFailure::BadNumberOfArguments)
}

/// The only argument of a one-argument primitive.
pub fn single_argument(call: &PrimitiveCall) -> Result<Oop, PrimitiveFailure> {
    expect_arguments(call, 1)?;
    argument(call, 0)
}

/// Runs `body` normally, or — when called with one extra leading argument, as
/// the mirror primitives (`object: anObject basicAt: index`…) are — with that
/// argument as the receiver.
pub fn with_mirror(
    call: &mut PrimitiveCall,
    arity: usize,
    body: fn(&mut PrimitiveCall) -> PrimitiveResult,
) -> PrimitiveResult {
    if call.arguments.len() != arity + 1 {
        return body(call);
    }
    let arguments = call.arguments;
    let mut mirrored = PrimitiveCall {
        heap: &mut *call.heap,
        platform: &mut *call.platform,
        receiver: arguments[0],
        arguments: &arguments[1..],
    };
    body(&mut mirrored)
}

/// A heap error as a failure code.
pub fn heap_failure(error: HeapError) -> PrimitiveFailure {
    match error {
        HeapError::NotAClass => PrimitiveFailure::BadReceiver,
        HeapError::TooManySlots { .. } => PrimitiveFailure::BadArgument,
        _ => PrimitiveFailure::InsufficientObjectMemory,
    }
}

/// True if `oop` is an object (not an immediate) of class index `index`.
pub fn has_class_index(heap: &Heap, oop: Oop, index: u32) -> bool {
    oop.is_pointer() && heap.class_index_of(oop) == index
}

/// True for LargePositiveInteger or LargeNegativeInteger objects with byte format.
pub fn is_large_integer(heap: &Heap, oop: Oop) -> bool {
    oop.is_pointer()
        && matches!(
            heap.class_index_of(oop),
            class_index::LARGE_POSITIVE_INTEGER | class_index::LARGE_NEGATIVE_INTEGER
        )
        && heap.format_of(oop).is_bytes()
}

/// The value of a SmallInteger or LargeInteger, of any size.
pub fn integer_value(heap: &Heap, oop: Oop) -> Option<BigInt> {
    if let Some(value) = oop.as_small_integer() {
        return Some(BigInt::from_i128(value as i128));
    }
    if !is_large_integer(heap, oop) {
        return None;
    }
    let negative = heap.class_index_of(oop) == class_index::LARGE_NEGATIVE_INTEGER;
    Some(BigInt::from_magnitude_bytes(negative, heap.bytes(oop)))
}

/// The value of a SmallInteger or a LargeInteger fitting in 64 signed bits.
pub fn integer_value_i64(heap: &Heap, oop: Oop) -> Option<i64> {
    if let Some(value) = oop.as_small_integer() {
        return Some(value);
    }
    if !is_large_integer(heap, oop) || heap.bytes(oop).len() > 9 {
        return None;
    }
    integer_value(heap, oop)?.to_i64()
}

/// A SmallInteger, or a normalized LargeInteger for values outside its range.
pub fn integer_object(heap: &mut Heap, value: &BigInt) -> PrimitiveResult {
    if let Some(small) = value.to_i64().and_then(Oop::small_integer) {
        return Ok(small);
    }
    let class = if value.negative {
        class_index::LARGE_NEGATIVE_INTEGER
    } else {
        class_index::LARGE_POSITIVE_INTEGER
    };
    heap.new_bytes(class, &value.magnitude_bytes())
        .map_err(heap_failure)
}

/// An integer object for an i128 value.
pub fn integer_object_i128(heap: &mut Heap, value: i128) -> PrimitiveResult {
    match i64::try_from(value).ok().and_then(Oop::small_integer) {
        Some(small) => Ok(small),
        None => integer_object(heap, &BigInt::from_i128(value)),
    }
}

/// A non-negative integer object for a u64 value.
pub fn positive_integer_object(heap: &mut Heap, value: u64) -> PrimitiveResult {
    integer_object_i128(heap, value as i128)
}

/// The value of a SmallFloat64 or a BoxedFloat64.
pub fn float_value(heap: &Heap, oop: Oop) -> Option<f64> {
    if let Some(value) = oop.as_small_float() {
        return Some(value);
    }
    if has_class_index(heap, oop, class_index::BOXED_FLOAT)
        && heap.format_of(oop).is_words32()
        && heap.element_count(oop) == 2
    {
        return Some(f64::from_bits(heap.fetch_u64(oop, 0)));
    }
    None
}

/// A float or a SmallInteger as f64 (what float arithmetic accepts as argument).
pub fn float_or_small_integer_value(heap: &Heap, oop: Oop) -> Option<f64> {
    match oop.as_small_integer() {
        Some(value) => Some(value as f64),
        None => float_value(heap, oop),
    }
}

/// A SmallFloat64 when representable, otherwise a new BoxedFloat64.
pub fn float_object(heap: &mut Heap, value: f64) -> PrimitiveResult {
    if let Some(small) = Oop::small_float(value) {
        return Ok(small);
    }
    let (format, slots) = stvm_object_model::ObjectFormat::WORDS32.for_element_count(2);
    let boxed = heap
        .allocate(class_index::BOXED_FLOAT, format, slots as usize)
        .map_err(heap_failure)?;
    heap.store_u64(boxed, 0, value.to_bits());
    Ok(boxed)
}

/// The bytes of a byte-format object (String, Symbol, ByteArray…).
pub fn byte_object_bytes(heap: &Heap, oop: Oop) -> Option<&[u8]> {
    if oop.is_pointer() && heap.format_of(oop).is_bytes() {
        Some(heap.bytes(oop))
    } else {
        None
    }
}

/// Argument `index` as a byte string (String/Symbol/ByteArray), decoded as UTF-8.
pub fn string_argument(call: &PrimitiveCall, index: usize) -> Result<String, PrimitiveFailure> {
    let oop = argument(call, index)?;
    let bytes = byte_object_bytes(call.heap, oop).ok_or(PrimitiveFailure::BadArgument)?;
    String::from_utf8(bytes.to_vec()).map_err(|_| PrimitiveFailure::BadArgument)
}

/// A new ByteString.
pub fn string_object(heap: &mut Heap, text: &[u8]) -> PrimitiveResult {
    heap.new_byte_string(text).map_err(heap_failure)
}

/// The Boolean an oop stands for.
pub fn boolean_value(heap: &Heap, oop: Oop) -> Option<bool> {
    if oop == heap.true_object() {
        Some(true)
    } else if oop == heap.false_object() {
        Some(false)
    } else {
        None
    }
}

/// True if the receiver is a Context (those are the interpreter's business).
pub fn is_context(heap: &Heap, oop: Oop) -> bool {
    has_class_index(heap, oop, class_index::CONTEXT)
}

/// The number of named (fixed) fields of `oop`'s class, from its format word.
pub fn fixed_field_count(heap: &Heap, oop: Oop) -> Result<usize, PrimitiveFailure> {
    match heap.format_of(oop).value() {
        2 => return Ok(0),
        3 | 4 => {}
        0 | 1 | 5 => return Ok(heap.num_slots(oop)),
        _ => return Ok(0),
    }
    let class = heap.class_of(oop);
    let fixed = heap
        .instance_spec_of(class)
        .map(|(_, fixed)| fixed)
        .map_err(|_| PrimitiveFailure::BadReceiver)?;
    Ok(fixed.min(heap.num_slots(oop)))
}

//! Indexed access primitives: 60/61 `at:`/`at:put:` over every format, 62
//! `size`, 63/64 String `at:`/`at:put:` (Characters), 105
//! `replaceFrom:to:with:startingAt:`, 143/144 `shortAt:`/`shortAt:put:`, 145
//! constant fill and 165/166 `integerAt:`/`integerAt:put:`. Indices are
//! 1-based; pointer objects are indexed past their named fields; compiled
//! methods by byte over their whole body, bytecodes only. Contexts are the
//! interpreter's (210–212) and fail here.

use stvm_heap::Heap;
use stvm_object_model::Oop;

use super::support::{
    argument, expect_arguments, fixed_field_count, integer_value, is_context,
    positive_integer_object, with_mirror,
};
use super::{PrimitiveCall, PrimitiveFailure, PrimitiveResult, PurePrimitive};

/// The primitive for `index`, if it is an indexing primitive.
pub fn primitive(index: u16) -> Option<PurePrimitive> {
    Some(match index {
        60 => primitive_at,
        61 => primitive_at_put,
        62 => primitive_size,
        63 => primitive_string_at,
        64 => primitive_string_at_put,
        105 => primitive_replace_from_to,
        143 => primitive_short_at,
        144 => primitive_short_at_put,
        145 => primitive_constant_fill,
        165 => primitive_integer_at,
        166 => primitive_integer_at_put,
        _ => return None,
    })
}

/// Where the indexable part starts and how many elements it has.
fn indexable_range(heap: &Heap, oop: Oop) -> Result<(usize, usize), PrimitiveFailure> {
    if oop.is_immediate() || is_context(heap, oop) {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let format = heap.format_of(oop);
    match format.value() {
        2..=4 => {
            let fixed = fixed_field_count(heap, oop)?;
            Ok((fixed, heap.num_slots(oop) - fixed))
        }
        9..=23 => Ok((0, heap.element_count(oop))),
        24..=31 => {
            let first = first_bytecode_index(heap, oop)?;
            Ok((first, heap.element_count(oop).saturating_sub(first)))
        }
        _ => Err(PrimitiveFailure::BadReceiver),
    }
}

/// Byte offset of the first bytecode of a compiled-code object.
fn first_bytecode_index(heap: &Heap, method: Oop) -> Result<usize, PrimitiveFailure> {
    if heap.num_slots(method) == 0 {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let header = heap
        .fetch_pointer(method, 0)
        .as_small_integer()
        .ok_or(PrimitiveFailure::BadReceiver)?;
    let offset = ((header & 0x7FFF) as usize + 1) * 8;
    if offset > heap.element_count(method) {
        return Err(PrimitiveFailure::BadReceiver);
    }
    Ok(offset)
}

/// The 0-based element index for a 1-based Smalltalk index argument.
fn element_index(call: &PrimitiveCall, position: usize) -> Result<usize, PrimitiveFailure> {
    let (start, count) = indexable_range(call.heap, call.receiver)?;
    let index = argument(call, position)?
        .as_small_integer()
        .ok_or(PrimitiveFailure::BadArgument)?;
    if call.heap.format_of(call.receiver).is_compiled_method() {
        // compiled code is indexed over its whole body; only bytecodes are accessible
        return match index {
            i if i > start as i64 && i <= (start + count) as i64 => Ok(i as usize - 1),
            _ => Err(PrimitiveFailure::BadIndex),
        };
    }
    if index < 1 || index as usize > count {
        return Err(PrimitiveFailure::BadIndex);
    }
    Ok(start + index as usize - 1)
}

/// Element `index` (0-based over the body) of a bits or pointer object;
/// `stringy` answers Characters for bytes and 32-bit words.
pub fn fetch_element(heap: &mut Heap, oop: Oop, index: usize, stringy: bool) -> PrimitiveResult {
    let format = heap.format_of(oop);
    let value = match format.value() {
        0..=5 => return Ok(heap.fetch_pointer(oop, index)),
        9 => return positive_integer_object(heap, heap.fetch_u64(oop, index)),
        10 | 11 => heap.fetch_u32(oop, index) as i64,
        12..=15 => heap.fetch_u16(oop, index) as i64,
        16..=31 => heap.fetch_byte(oop, index) as i64,
        _ => return Err(PrimitiveFailure::BadReceiver),
    };
    if stringy {
        return Oop::character(value as u32).ok_or(PrimitiveFailure::BadReceiver);
    }
    Ok(Oop::small_integer_unchecked(value))
}

/// The unsigned value to store for `value` (a Character when `stringy`).
fn element_value(heap: &Heap, value: Oop, stringy: bool) -> Result<u64, PrimitiveFailure> {
    if stringy {
        return value
            .as_character()
            .map(u64::from)
            .ok_or(PrimitiveFailure::BadArgument);
    }
    let integer = integer_value(heap, value).ok_or(PrimitiveFailure::BadArgument)?;
    match integer.to_i128() {
        Some(v) if (0..=u64::MAX as i128).contains(&v) => Ok(v as u64),
        _ => Err(PrimitiveFailure::BadArgument),
    }
}

/// Stores into element `index` (0-based over the body), checking the value's
/// type and range for the format.
pub fn store_element(
    heap: &mut Heap,
    oop: Oop,
    index: usize,
    value: Oop,
    stringy: bool,
) -> Result<(), PrimitiveFailure> {
    let format = heap.format_of(oop);
    if format.is_pointers() {
        heap.store_pointer(oop, index, value);
        return Ok(());
    }
    let bits = element_value(heap, value, stringy)?;
    match format.value() {
        9 => heap.store_u64(oop, index, bits),
        10 | 11 if bits <= u32::MAX as u64 => heap.store_u32(oop, index, bits as u32),
        12..=15 if bits <= u16::MAX as u64 => heap.store_u16(oop, index, bits as u16),
        16..=31 if bits <= u8::MAX as u64 => heap.store_byte(oop, index, bits as u8),
        _ => return Err(PrimitiveFailure::BadArgument),
    }
    Ok(())
}

fn at(call: &mut PrimitiveCall, stringy: bool) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let index = element_index(call, 0)?;
    if stringy && call.heap.format_of(call.receiver).is_pointers() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    fetch_element(call.heap, call.receiver, index, stringy)
}

fn at_put(call: &mut PrimitiveCall, stringy: bool) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    let index = element_index(call, 0)?;
    let value = argument(call, 1)?;
    if stringy && call.heap.format_of(call.receiver).is_pointers() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    if call.heap.is_immutable(call.receiver) {
        return Err(PrimitiveFailure::NoModification);
    }
    store_element(call.heap, call.receiver, index, value, stringy)?;
    Ok(value)
}

/// `at:` / `basicAt:` (and the mirror `object:basicAt:`).
fn primitive_at(call: &mut PrimitiveCall) -> PrimitiveResult {
    with_mirror(call, 1, |call| at(call, false))
}
/// `at:put:` / `basicAt:put:` (and the mirror `object:basicAt:put:`).
fn primitive_at_put(call: &mut PrimitiveCall) -> PrimitiveResult {
    with_mirror(call, 2, |call| at_put(call, false))
}
/// String `at:` answering a Character.
fn primitive_string_at(call: &mut PrimitiveCall) -> PrimitiveResult {
    at(call, true)
}
/// String `at:put:` storing a Character.
fn primitive_string_at_put(call: &mut PrimitiveCall) -> PrimitiveResult {
    at_put(call, true)
}

/// `size` / `basicSize` (and the mirror `objectSize:`).
fn primitive_size(call: &mut PrimitiveCall) -> PrimitiveResult {
    with_mirror(call, 0, size)
}

/// The number of indexable elements (0 when not indexable).
fn size(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    let receiver = call.receiver;
    if receiver.is_immediate() || is_context(call.heap, receiver) {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let format = call.heap.format_of(receiver);
    let size = if format.is_compiled_method() {
        call.heap.element_count(receiver)
    } else if format.is_indexable() {
        indexable_range(call.heap, receiver)?.1
    } else {
        0
    };
    Ok(Oop::small_integer_unchecked(size as i64))
}

fn compatible_for_replace(heap: &Heap, a: Oop, b: Oop) -> bool {
    let (fa, fb) = (heap.format_of(a), heap.format_of(b));
    if fa.is_compiled_method() {
        return false;
    }
    if fa.is_pointers() {
        return fb.is_pointers() && fb.is_indexable() && !is_context(heap, b);
    }
    fa.is_pure_bits()
        && (fb.is_pure_bits() || fb.is_compiled_method())
        && fa.element_bytes() == fb.element_bytes()
}

/// `replaceFrom: start to: stop with: replacement startingAt: replStart`.
fn primitive_replace_from_to(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 4)?;
    let receiver = call.receiver;
    let (start, count) = indexable_range(call.heap, receiver)?;
    let replacement = argument(call, 2)?;
    if replacement.is_immediate() || !compatible_for_replace(call.heap, receiver, replacement) {
        return Err(PrimitiveFailure::BadArgument);
    }
    let (replacement_start, replacement_count) =
        indexable_range(call.heap, replacement).map_err(|_| PrimitiveFailure::BadArgument)?;
    let numbers: Vec<Option<i64>> = [0, 1, 3]
        .iter()
        .map(|&i| call.arguments[i].as_small_integer())
        .collect();
    let (Some(from), Some(to), Some(from_replacement)) = (numbers[0], numbers[1], numbers[2])
    else {
        return Err(PrimitiveFailure::BadArgument);
    };
    let length = to - from + 1;
    if length < 0
        || from < 1
        || to > count as i64
        || from_replacement < 1
        || from_replacement - 1 + length > replacement_count as i64
    {
        return Err(if length < 0 {
            PrimitiveFailure::BadArgument
        } else {
            PrimitiveFailure::BadIndex
        });
    }
    if call.heap.is_immutable(receiver) {
        return Err(PrimitiveFailure::NoModification);
    }
    let destination = start + from as usize - 1;
    let source = replacement_start + from_replacement as usize - 1;
    copy_elements(
        call.heap,
        replacement,
        source,
        receiver,
        destination,
        length as usize,
    );
    Ok(receiver)
}

/// Copies `n` elements (the primitive checked both ranges).
fn copy_elements(heap: &mut Heap, from: Oop, source: usize, to: Oop, destination: usize, n: usize) {
    let copied = if heap.format_of(to).is_pointers() {
        heap.copy_slots(from, source, to, destination, n)
    } else {
        let width = heap.format_of(to).element_bytes();
        heap.copy_bytes(from, source * width, to, destination * width, n * width)
    };
    debug_assert!(copied, "replaceFrom:to:with:startingAt: checked its ranges");
}

/// Byte offset of the `width`-byte unit at 1-based `index` of a bits receiver.
fn unit_offset(call: &PrimitiveCall, width: usize) -> Result<usize, PrimitiveFailure> {
    let receiver = call.receiver;
    if receiver.is_immediate() || !call.heap.format_of(receiver).is_pure_bits() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let index = argument(call, 0)?
        .as_small_integer()
        .ok_or(PrimitiveFailure::BadArgument)?;
    let units = call.heap.byte_size(receiver) / width;
    if index < 1 || index as usize > units {
        return Err(PrimitiveFailure::BadIndex);
    }
    Ok((index as usize - 1) * width)
}

fn signed_at(call: &mut PrimitiveCall, width: usize) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let offset = unit_offset(call, width)?;
    let bytes = &call.heap.bytes(call.receiver)[offset..offset + width];
    let value = match width {
        2 => i16::from_le_bytes([bytes[0], bytes[1]]) as i64,
        _ => i32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as i64,
    };
    Ok(Oop::small_integer_unchecked(value))
}

fn signed_at_put(call: &mut PrimitiveCall, width: usize) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    let offset = unit_offset(call, width)?;
    let value_oop = argument(call, 1)?;
    let limit = 1i64 << (width * 8 - 1);
    let value = value_oop
        .as_small_integer()
        .filter(|v| (-limit..limit).contains(v))
        .ok_or(PrimitiveFailure::BadArgument)?;
    if call.heap.is_immutable(call.receiver) {
        return Err(PrimitiveFailure::NoModification);
    }
    let encoded = value.to_le_bytes();
    call.heap.bytes_mut(call.receiver)[offset..offset + width].copy_from_slice(&encoded[..width]);
    Ok(value_oop)
}

/// `shortAt:` — signed 16-bit.
fn primitive_short_at(call: &mut PrimitiveCall) -> PrimitiveResult {
    signed_at(call, 2)
}
/// `shortAt:put:`.
fn primitive_short_at_put(call: &mut PrimitiveCall) -> PrimitiveResult {
    signed_at_put(call, 2)
}

fn require_words32(call: &PrimitiveCall) -> Result<(), PrimitiveFailure> {
    let receiver = call.receiver;
    if receiver.is_immediate() || !call.heap.format_of(receiver).is_words32() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    Ok(())
}

/// `integerAt:` — signed 32-bit element of a word array.
fn primitive_integer_at(call: &mut PrimitiveCall) -> PrimitiveResult {
    require_words32(call)?;
    signed_at(call, 4)
}
/// `integerAt:put:`.
fn primitive_integer_at_put(call: &mut PrimitiveCall) -> PrimitiveResult {
    require_words32(call)?;
    signed_at_put(call, 4)
}

/// `atAllPut:` on a bits object: every element set to the argument.
fn primitive_constant_fill(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let receiver = call.receiver;
    if receiver.is_immediate() || !call.heap.format_of(receiver).is_pure_bits() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let value = argument(call, 0)?;
    if call.heap.is_immutable(receiver) {
        return Err(PrimitiveFailure::NoModification);
    }
    let count = call.heap.element_count(receiver);
    if count > 0 {
        store_element(call.heap, receiver, 0, value, false)?;
        for index in 1..count {
            store_element(call.heap, receiver, index, value, false)?;
        }
    }
    Ok(receiver)
}

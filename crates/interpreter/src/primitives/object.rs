//! Object primitives: instantiation (70, 71, 79, 596–599), field access
//! (68/69, 73/74, 173/174), identity (75, 110, 169, 175, 176), class (111,
//! 115, 160), enumeration (77/78, 138/139, 177/178), copying (148, 168),
//! read-only and pinning (163/164, 183/184), references (132) and sizes
//! (181/182).

use stvm_heap::Heap;
use stvm_object_model::{header, ObjectFormat, Oop};

use super::indexable::{fetch_element, store_element};
use super::support::{
    argument, boolean_value, expect_arguments, heap_failure, is_context, single_argument,
    with_mirror,
};
use super::{PrimitiveCall, PrimitiveFailure, PrimitiveResult, PurePrimitive};

/// Largest indexable size `basicNew:` accepts (bigger requests fail with
/// InsufficientObjectMemory rather than trying to reserve the memory).
pub const MAX_NEW_ELEMENTS: i64 = 1 << 31;

/// The primitive for `index`, if it is an object primitive.
pub fn primitive(index: u16) -> Option<PurePrimitive> {
    Some(match index {
        68 => primitive_object_at,
        69 => primitive_object_at_put,
        70 => primitive_new,
        71 => primitive_new_with_arg,
        73 | 173 => |call| with_mirror(call, 1, primitive_inst_var_at),
        74 | 174 => |call| with_mirror(call, 2, primitive_inst_var_at_put),
        75 => primitive_identity_hash,
        77 => primitive_some_instance,
        78 => primitive_next_instance,
        79 => primitive_new_method,
        110 => |call| with_mirror(call, 1, primitive_identical),
        111 => primitive_class,
        115 => primitive_change_class,
        132 => primitive_points_to,
        138 => primitive_some_object,
        139 => primitive_next_object,
        148 => primitive_shallow_copy,
        160 => primitive_adopt_instance,
        163 => primitive_is_read_only,
        164 => primitive_set_is_read_only,
        168 => primitive_copy_object,
        169 => |call| with_mirror(call, 1, primitive_not_identical),
        175 => primitive_behavior_hash,
        176 => primitive_max_identity_hash,
        177 => primitive_all_instances,
        178 => primitive_all_objects,
        181 => primitive_size_in_bytes_of_instance,
        182 => primitive_size_in_bytes,
        183 => primitive_is_pinned,
        184 => primitive_pin,
        596 => primitive_new_old_space,
        597 => primitive_new_with_arg_old_space,
        598 => primitive_new_pinned,
        599 => primitive_new_with_arg_pinned,
        _ => return None,
    })
}

/// The receiver as a class able to make instances: (format, fixed fields).
fn class_spec(heap: &Heap, class: Oop) -> Result<(ObjectFormat, usize), PrimitiveFailure> {
    heap.instance_spec_of(class)
        .map_err(|_| PrimitiveFailure::BadReceiver)
}

/// Instantiates `class` with `size` elements, in old space if `old`.
fn instantiate(heap: &mut Heap, class: Oop, size: usize, old: bool) -> PrimitiveResult {
    let (format, fixed) = class_spec(heap, class)?;
    if matches!(format.value(), 6..=8) {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let (format, slots) = stvm_heap::instance_shape(format, fixed, size as u64)
        .map_err(|_| PrimitiveFailure::BadReceiver)?;
    let index = heap.ensure_class_index(class).map_err(heap_failure)?;
    let result = if old {
        heap.allocate_old(index, format, slots as usize)
    } else {
        heap.allocate(index, format, slots as usize)
    };
    result.map_err(heap_failure)
}

fn new_size_argument(call: &PrimitiveCall) -> Result<usize, PrimitiveFailure> {
    match argument(call, 0)?.as_small_integer() {
        Some(size) if (0..=MAX_NEW_ELEMENTS).contains(&size) => Ok(size as usize),
        Some(size) if size > MAX_NEW_ELEMENTS => Err(PrimitiveFailure::InsufficientObjectMemory),
        _ => Err(PrimitiveFailure::BadArgument),
    }
}

/// Fails for compiled-code classes (those are made by `newMethod:header:`).
fn reject_compiled_code_class(call: &PrimitiveCall) -> Result<ObjectFormat, PrimitiveFailure> {
    let (format, _) = class_spec(call.heap, call.receiver)?;
    if format.is_compiled_method() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    Ok(format)
}

fn new_instance(call: &mut PrimitiveCall, old: bool) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    reject_compiled_code_class(call)?;
    instantiate(call.heap, call.receiver, 0, old)
}

fn new_indexable(call: &mut PrimitiveCall, old: bool) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let format = reject_compiled_code_class(call)?;
    let size = new_size_argument(call)?;
    if !format.is_indexable() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    instantiate(call.heap, call.receiver, size, old)
}

fn pin_new(heap: &mut Heap, oop: Oop) -> Oop {
    let pinned = heap.header(oop).with_pinned(true);
    heap.set_header(oop, pinned);
    oop
}

/// `basicNew`.
fn primitive_new(call: &mut PrimitiveCall) -> PrimitiveResult {
    new_instance(call, false)
}
/// `basicNew:`.
fn primitive_new_with_arg(call: &mut PrimitiveCall) -> PrimitiveResult {
    new_indexable(call, false)
}
fn primitive_new_old_space(call: &mut PrimitiveCall) -> PrimitiveResult {
    new_instance(call, true)
}
fn primitive_new_with_arg_old_space(call: &mut PrimitiveCall) -> PrimitiveResult {
    new_indexable(call, true)
}
fn primitive_new_pinned(call: &mut PrimitiveCall) -> PrimitiveResult {
    let oop = new_instance(call, true)?;
    Ok(pin_new(call.heap, oop))
}
fn primitive_new_with_arg_pinned(call: &mut PrimitiveCall) -> PrimitiveResult {
    let oop = new_indexable(call, true)?;
    Ok(pin_new(call.heap, oop))
}

/// `newMethod: numberOfBytes header: headerWord` on a compiled-code class:
/// header slot set, literals nil, bytecode bytes zero.
fn primitive_new_method(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    let (format, _) = class_spec(call.heap, call.receiver)?;
    if !format.is_compiled_method() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let bytecode_bytes = new_size_argument(call)?;
    let method_header = argument(call, 1)?;
    let header_value = method_header
        .as_small_integer()
        .ok_or(PrimitiveFailure::BadArgument)?;
    let literal_count = (header_value & 0x7FFF) as usize;
    let total = (literal_count + 1) * 8 + bytecode_bytes;
    let method = instantiate(call.heap, call.receiver, total, false)?;
    call.heap.store_pointer(method, 0, method_header);
    let nil = call.heap.nil();
    for index in 1..=literal_count {
        call.heap.store_pointer(method, index, nil);
    }
    Ok(method)
}

/// Number of literals of a compiled-code object, from its header slot.
fn literal_count(heap: &Heap, method: Oop) -> Result<usize, PrimitiveFailure> {
    if heap.num_slots(method) == 0 {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let header_word = heap
        .fetch_pointer(method, 0)
        .as_small_integer()
        .ok_or(PrimitiveFailure::BadReceiver)?;
    let count = (header_word & 0x7FFF) as usize;
    if count + 1 > heap.num_slots(method) {
        return Err(PrimitiveFailure::BadReceiver);
    }
    Ok(count)
}

fn compiled_method_slot_index(call: &PrimitiveCall) -> Result<usize, PrimitiveFailure> {
    let receiver = call.receiver;
    if !receiver.is_pointer() || !call.heap.format_of(receiver).is_compiled_method() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let count = literal_count(call.heap, receiver)?;
    match argument(call, 0)?.as_small_integer() {
        Some(index) if index >= 1 && index as usize <= count + 1 => Ok(index as usize - 1),
        Some(_) => Err(PrimitiveFailure::BadIndex),
        None => Err(PrimitiveFailure::BadArgument),
    }
}

/// CompiledMethod `objectAt:` (1 = header, 2.. = literals).
fn primitive_object_at(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let slot = compiled_method_slot_index(call)?;
    Ok(call.heap.fetch_pointer(call.receiver, slot))
}

/// CompiledMethod `objectAt:put:`; the header must stay a SmallInteger with
/// the same literal count.
fn primitive_object_at_put(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    let slot = compiled_method_slot_index(call)?;
    let value = argument(call, 1)?;
    if call.heap.is_immutable(call.receiver) {
        return Err(PrimitiveFailure::NoModification);
    }
    if slot == 0 {
        let old = call
            .heap
            .fetch_pointer(call.receiver, 0)
            .small_integer_value();
        match value.as_small_integer() {
            Some(new) if new & 0x7FFF == old & 0x7FFF => {}
            _ => return Err(PrimitiveFailure::BadArgument),
        }
    }
    call.heap.store_pointer(call.receiver, slot, value);
    Ok(value)
}

/// Number of fields `instVarAt:` addresses: fixed fields plus indexable elements.
fn field_count(heap: &Heap, oop: Oop) -> usize {
    let format = heap.format_of(oop);
    if format.is_pointers() {
        heap.num_slots(oop)
    } else {
        heap.element_count(oop)
    }
}

fn field_index(call: &PrimitiveCall) -> Result<usize, PrimitiveFailure> {
    let receiver = call.receiver;
    if receiver.is_immediate() || is_context(call.heap, receiver) {
        return Err(PrimitiveFailure::BadReceiver);
    }
    match argument(call, 0)?.as_small_integer() {
        Some(index) if index >= 1 && index as usize <= field_count(call.heap, receiver) => {
            Ok(index as usize - 1)
        }
        Some(_) => Err(PrimitiveFailure::BadIndex),
        None => Err(PrimitiveFailure::BadArgument),
    }
}

/// `instVarAt:` / `slotAt:` over all fields (named then indexable).
fn primitive_inst_var_at(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let index = field_index(call)?;
    if call.heap.format_of(call.receiver).is_pointers() {
        return Ok(call.heap.fetch_pointer(call.receiver, index));
    }
    fetch_element(call.heap, call.receiver, index, false)
}

/// `instVarAt:put:` / `slotAt:put:`.
fn primitive_inst_var_at_put(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    let index = field_index(call)?;
    let value = argument(call, 1)?;
    if call.heap.is_immutable(call.receiver) {
        return Err(PrimitiveFailure::NoModification);
    }
    if call.heap.format_of(call.receiver).is_pointers() {
        call.heap.store_pointer(call.receiver, index, value);
        return Ok(value);
    }
    store_element(call.heap, call.receiver, index, value, false)?;
    Ok(value)
}

/// `identityHash`: the lazily assigned 22-bit header hash; immediates answer
/// their value bits.
fn primitive_identity_hash(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    let receiver = call.receiver;
    if receiver.is_pointer() {
        let hash = call.heap.identity_hash(receiver);
        return Ok(Oop::small_integer_unchecked(hash as i64));
    }
    Ok(Oop::small_integer_unchecked(
        ((receiver.bits() >> 3) & header::HASH_MASK) as i64,
    ))
}

/// `==`.
fn primitive_identical(call: &mut PrimitiveCall) -> PrimitiveResult {
    let other = single_argument(call)?;
    Ok(call.heap.boolean(call.receiver == other))
}

/// `~~`.
fn primitive_not_identical(call: &mut PrimitiveCall) -> PrimitiveResult {
    let other = single_argument(call)?;
    Ok(call.heap.boolean(call.receiver != other))
}

/// `class` (of the receiver, or of the single argument when called as `Object class: x`).
fn primitive_class(call: &mut PrimitiveCall) -> PrimitiveResult {
    let subject = match call.arguments {
        [] => call.receiver,
        [only] => *only,
        _ => return Err(PrimitiveFailure::BadNumberOfArguments),
    };
    let class = call.heap.class_of(subject);
    if class == call.heap.nil() && subject != call.heap.nil() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    Ok(class)
}

/// True if an object of `format` with `slots` slots could be an instance of `class`.
fn shape_fits_class(heap: &Heap, class: Oop, object: Oop) -> Result<bool, PrimitiveFailure> {
    let (class_format, fixed) = class_spec(heap, class)?;
    let format = heap.format_of(object);
    if class_format.base() != format.base() {
        return Ok(false);
    }
    let slots = heap.num_slots(object);
    Ok(match class_format.value() {
        0 => slots == 0,
        1 | 5 => slots == fixed,
        3 | 4 => slots >= fixed,
        _ => true,
    })
}

fn change_class(heap: &mut Heap, object: Oop, class: Oop) -> Result<(), PrimitiveFailure> {
    if object.is_immediate() || is_context(heap, object) {
        return Err(PrimitiveFailure::BadReceiver);
    }
    if heap.is_immutable(object) {
        return Err(PrimitiveFailure::NoModification);
    }
    if !shape_fits_class(heap, class, object)? {
        return Err(PrimitiveFailure::InappropriateOperation);
    }
    let index = heap.ensure_class_index(class).map_err(heap_failure)?;
    heap.set_class_index_of(object, index);
    Ok(())
}

/// `changeClassTo:` — the argument is an instance whose class the receiver adopts.
fn primitive_change_class(call: &mut PrimitiveCall) -> PrimitiveResult {
    let example = single_argument(call)?;
    if example.is_immediate() {
        return Err(PrimitiveFailure::BadArgument);
    }
    let class = call.heap.class_of(example);
    change_class(call.heap, call.receiver, class)?;
    Ok(call.receiver)
}

/// `adoptInstance:` — the receiver is the class, the argument the object.
fn primitive_adopt_instance(call: &mut PrimitiveCall) -> PrimitiveResult {
    let object = single_argument(call)?;
    change_class(call.heap, object, call.receiver).map_err(|failure| match failure {
        PrimitiveFailure::BadReceiver => PrimitiveFailure::BadArgument,
        other => other,
    })?;
    Ok(call.receiver)
}

/// `pointsTo:` — true if a pointer field (or the class) of the receiver is the argument.
fn primitive_points_to(call: &mut PrimitiveCall) -> PrimitiveResult {
    let target = single_argument(call)?;
    let receiver = call.receiver;
    if receiver.is_immediate() {
        return Ok(call.heap.false_object());
    }
    let format = call.heap.format_of(receiver);
    let pointer_slots = if format.is_pointers() {
        call.heap.num_slots(receiver)
    } else if format.is_compiled_method() {
        literal_count(call.heap, receiver).map_or(0, |count| count + 1)
    } else {
        0
    };
    let heap = &*call.heap;
    let found = (0..pointer_slots).any(|i| heap.fetch_pointer(receiver, i) == target)
        || heap.class_of(receiver) == target;
    Ok(call.heap.boolean(found))
}

/// `someInstance` of the receiver class; fails (NotFound) if there is none.
fn primitive_some_instance(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    class_spec(call.heap, call.receiver)?;
    call.heap
        .all_instances_of(call.receiver)
        .first()
        .copied()
        .ok_or(PrimitiveFailure::NotFound)
}

/// `nextInstance`: the next instance of the receiver's class in heap order.
fn primitive_next_instance(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    if call.receiver.is_immediate() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let class = call.heap.class_of(call.receiver);
    let instances = call.heap.all_instances_of(class);
    let position = instances.iter().position(|&o| o == call.receiver);
    position
        .and_then(|p| instances.get(p + 1).copied())
        .ok_or(PrimitiveFailure::NotFound)
}

/// `someObject`: the first object of the heap.
fn primitive_some_object(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    call.heap
        .all_objects()
        .first()
        .copied()
        .ok_or(PrimitiveFailure::NotFound)
}

/// `nextObject`: the object after the receiver, or 0 after the last one.
fn primitive_next_object(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    if call.receiver.is_immediate() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let objects = call.heap.all_objects();
    let position = objects.iter().position(|&o| o == call.receiver);
    Ok(position
        .and_then(|p| objects.get(p + 1).copied())
        .unwrap_or(Oop::small_integer_unchecked(0)))
}

/// `allInstances` of the receiver class, as an Array.
fn primitive_all_instances(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    class_spec(call.heap, call.receiver)?;
    let instances = call.heap.all_instances_of(call.receiver);
    call.heap.new_array_with(&instances).map_err(heap_failure)
}

/// `allObjects`, as an Array.
fn primitive_all_objects(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    let objects = call.heap.all_objects();
    call.heap.new_array_with(&objects).map_err(heap_failure)
}

/// `shallowCopy`: same class, format and contents; hash and flags fresh.
fn primitive_shallow_copy(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    let original = call.receiver;
    if original.is_immediate() {
        return Ok(original);
    }
    if is_context(call.heap, original) {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let heap = &mut *call.heap;
    let slots = heap.num_slots(original);
    let format = heap.format_of(original);
    let index = heap.class_index_of(original);
    let copy = heap.allocate(index, format, slots).map_err(heap_failure)?;
    copy_contents(heap, original, copy, slots);
    Ok(copy)
}

fn copy_contents(heap: &mut Heap, from: Oop, to: Oop, slots: usize) {
    let format = heap.format_of(from);
    let pointer_slots = if format.is_pointers() {
        slots
    } else if format.is_compiled_method() {
        literal_count(heap, from).map_or(0, |count| count + 1)
    } else {
        0
    };
    for i in 0..slots {
        if i < pointer_slots {
            let value = heap.fetch_pointer(from, i);
            heap.store_pointer(to, i, value);
        } else {
            let word = heap.fetch_u64(from, i);
            heap.store_u64(to, i, word);
        }
    }
}

/// `copyFrom:` — the receiver takes the argument's contents (same class and size).
fn primitive_copy_object(call: &mut PrimitiveCall) -> PrimitiveResult {
    let source = single_argument(call)?;
    let receiver = call.receiver;
    if receiver.is_immediate() || is_context(call.heap, receiver) {
        return Err(PrimitiveFailure::BadReceiver);
    }
    if source.is_immediate()
        || call.heap.class_index_of(source) != call.heap.class_index_of(receiver)
        || call.heap.num_slots(source) != call.heap.num_slots(receiver)
        || call.heap.format_of(source) != call.heap.format_of(receiver)
    {
        return Err(PrimitiveFailure::BadArgument);
    }
    if call.heap.is_immutable(receiver) {
        return Err(PrimitiveFailure::NoModification);
    }
    let slots = call.heap.num_slots(receiver);
    copy_contents(call.heap, source, receiver, slots);
    Ok(receiver)
}

/// `isReadOnlyObject` (immediates are read-only).
fn primitive_is_read_only(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    Ok(call.heap.boolean(call.heap.is_immutable(call.receiver)))
}

/// `setIsReadOnlyObject:` — answers the previous state.
fn primitive_set_is_read_only(call: &mut PrimitiveCall) -> PrimitiveResult {
    let flag = single_argument(call)?;
    let flag = boolean_value(call.heap, flag).ok_or(PrimitiveFailure::BadArgument)?;
    let receiver = call.receiver;
    if receiver.is_immediate() {
        return if flag {
            Ok(call.heap.true_object())
        } else {
            Err(PrimitiveFailure::BadReceiver)
        };
    }
    if is_context(call.heap, receiver) {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let previous = call.heap.is_immutable(receiver);
    call.heap.set_immutable(receiver, flag);
    Ok(call.heap.boolean(previous))
}

/// `basicIdentityHash` of a Behavior: its class-table index (entering it if needed).
fn primitive_behavior_hash(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    class_spec(call.heap, call.receiver)?;
    let index = call
        .heap
        .ensure_class_index(call.receiver)
        .map_err(heap_failure)?;
    Ok(Oop::small_integer_unchecked(index as i64))
}

/// The largest identity hash (22 bits).
fn primitive_max_identity_hash(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    Ok(Oop::small_integer_unchecked(header::HASH_MASK as i64))
}

/// Bytes an object of `slots` slots occupies (header, overflow word, body).
fn object_bytes(slots: u64) -> i64 {
    header::bytes_for_slots(slots) as i64
}

/// `sizeInBytesOfInstance: n` of the receiver class.
fn primitive_size_in_bytes_of_instance(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let (format, fixed) = class_spec(call.heap, call.receiver)?;
    let size = match argument(call, 0)?.as_small_integer() {
        Some(n) if n >= 0 => n as u64,
        _ => return Err(PrimitiveFailure::BadArgument),
    };
    let (_, slots) = stvm_heap::instance_shape(format, fixed, size)
        .map_err(|_| PrimitiveFailure::BadArgument)?;
    if slots > header::MAX_SLOTS {
        return Err(PrimitiveFailure::BadArgument);
    }
    Ok(Oop::small_integer_unchecked(object_bytes(slots)))
}

/// `sizeInMemory`: bytes the receiver occupies (0 for immediates).
fn primitive_size_in_bytes(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    if call.receiver.is_immediate() {
        return Ok(Oop::small_integer_unchecked(0));
    }
    let slots = call.heap.num_slots(call.receiver) as u64;
    Ok(Oop::small_integer_unchecked(object_bytes(slots)))
}

/// `isPinned`.
fn primitive_is_pinned(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    if call.receiver.is_immediate() {
        return Err(PrimitiveFailure::BadReceiver);
    }
    Ok(call.heap.boolean(call.heap.is_pinned(call.receiver)))
}

/// `pin:` — answers the previous state. Pinning a young object would need it
/// moved to old space (a become), which pure primitives cannot do: Unsupported.
fn primitive_pin(call: &mut PrimitiveCall) -> PrimitiveResult {
    let flag = single_argument(call)?;
    let flag = boolean_value(call.heap, flag).ok_or(PrimitiveFailure::BadArgument)?;
    let receiver = call.receiver;
    if receiver.is_immediate() || is_context(call.heap, receiver) {
        return Err(PrimitiveFailure::BadReceiver);
    }
    let previous = call.heap.is_pinned(receiver);
    if flag && !previous && call.heap.is_young(receiver) {
        return Err(PrimitiveFailure::Unsupported);
    }
    let updated = call.heap.header(receiver).with_pinned(flag);
    call.heap.set_header(receiver, updated);
    Ok(call.heap.boolean(previous))
}

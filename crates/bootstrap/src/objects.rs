//! Old-space object builders: everything the bootstrap and the installer make
//! is allocated in old space, so no scavenge is ever needed while they work and
//! no oop they hold moves.
use stvm_heap::{instance_shape, Heap, HeapError};
use stvm_object_model::{class_index, ObjectFormat, Oop};

/// A new old-space Array of `length` nils.
pub fn new_array(heap: &mut Heap, length: usize) -> Result<Oop, HeapError> {
    heap.allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, length)
}

/// A new old-space Array holding `elements`.
pub fn new_array_with(heap: &mut Heap, elements: &[Oop]) -> Result<Oop, HeapError> {
    let array = new_array(heap, elements.len())?;
    for (index, element) in elements.iter().enumerate() {
        heap.store_pointer(array, index, *element);
    }
    Ok(array)
}

/// A new old-space byte object of class index `class` holding `bytes`.
pub fn new_bytes(heap: &mut Heap, class: u32, bytes: &[u8]) -> Result<Oop, HeapError> {
    let (format, slots) = ObjectFormat::BYTES.for_element_count(bytes.len() as u64);
    let oop = heap.allocate_old(class, format, slots as usize)?;
    heap.bytes_mut(oop).copy_from_slice(bytes);
    Ok(oop)
}

/// A new old-space ByteString.
pub fn new_string(heap: &mut Heap, text: &str) -> Result<Oop, HeapError> {
    new_bytes(heap, class_index::BYTE_STRING, text.as_bytes())
}

/// A new old-space instance of `class` with `indexable` elements
/// (`instantiateClass:indexableSize:` in old space).
pub fn instantiate(heap: &mut Heap, class: Oop, indexable: usize) -> Result<Oop, HeapError> {
    let (format, fixed) = heap.instance_spec_of(class)?;
    let (format, slots) = instance_shape(format, fixed, indexable as u64)?;
    let index = heap.ensure_class_index(class)?;
    heap.allocate_old(index, format, slots as usize)
}

/// True if `oop` is a byte object whose bytes are `text`.
pub fn has_bytes(heap: &Heap, oop: Oop, text: &[u8]) -> bool {
    oop.is_pointer() && heap.format_of(oop).is_bytes() && heap.bytes(oop) == text
}

/// The bytes of a byte object, or `None` for anything else.
#[allow(
    dead_code,
    reason = "used by the installer, wired in once the compiler crate lands"
)]
pub fn bytes_of(heap: &Heap, oop: Oop) -> Option<&[u8]> {
    (oop.is_pointer() && heap.format_of(oop).is_bytes()).then(|| heap.bytes(oop))
}

//! Dictionaries of bindings, as the kernel's `Dictionary` / `IdentityDictionary`
//! / `SystemDictionary` lay them out: a HashedCollection (`tally`, `array`)
//! whose `array` holds Associations (nil = empty). Keys here are always
//! Symbols, filed at 0-based index `identityHash \\ array size`, probing
//! linearly upwards with wrap-around — the same as the kernel's
//! `HashedCollection>>scanFor:` with `Symbol>>hash` = `identityHash`.
//! The array grows (doubling) when it would be more than 3/4 full.
use stvm_heap::{Heap, HeapError};
use stvm_object_model::{layout::association, Oop};

use crate::class_layout::hashed_collection;
use crate::objects;

/// The binding (Association) for `key` in `dictionary`, if present.
pub fn lookup(heap: &mut Heap, dictionary: Oop, key: Oop) -> Option<Oop> {
    let array = heap.fetch_pointer(dictionary, hashed_collection::ARRAY);
    let hash = heap.identity_hash(key);
    match probe(heap, array, key, hash) {
        Probe::Found(binding) => Some(binding),
        Probe::Empty(_) | Probe::Full => None,
    }
}

/// The binding whose key's bytes are `name`, found by scanning (for callers
/// that cannot intern yet).
pub fn find_named(heap: &Heap, dictionary: Oop, name: &[u8]) -> Option<Oop> {
    let array = heap.fetch_pointer(dictionary, hashed_collection::ARRAY);
    (0..heap.num_slots(array))
        .map(|i| heap.fetch_pointer(array, i))
        .filter(|b| *b != heap.nil() && b.is_pointer() && heap.num_slots(*b) > 1)
        .find(|b| objects::has_bytes(heap, heap.fetch_pointer(*b, association::KEY), name))
}

/// Adds `binding` (an Association whose key is a Symbol not yet present).
pub fn add(heap: &mut Heap, dictionary: Oop, binding: Oop) -> Result<(), HeapError> {
    let key = heap.fetch_pointer(binding, association::KEY);
    let hash = heap.identity_hash(key);
    let mut array = heap.fetch_pointer(dictionary, hashed_collection::ARRAY);
    let tally = tally(heap, dictionary) + 1;
    if tally * 4 > heap.num_slots(array) * 3 {
        array = grow(heap, dictionary, array)?;
    }
    match probe(heap, array, key, hash) {
        Probe::Found(_) => return Ok(()),
        Probe::Empty(slot) => heap.store_pointer(array, slot, binding),
        Probe::Full => return Err(HeapError::OutOfMemory { bytes: 0 }),
    }
    heap.store_pointer(
        dictionary,
        hashed_collection::TALLY,
        Oop::small_integer_unchecked(tally as i64),
    );
    Ok(())
}

/// Number of bindings.
pub fn tally(heap: &Heap, dictionary: Oop) -> usize {
    heap.fetch_pointer(dictionary, hashed_collection::TALLY)
        .as_small_integer()
        .map_or(0, |n| n.max(0) as usize)
}

/// Every binding, in array order.
pub fn bindings(heap: &Heap, dictionary: Oop) -> Vec<Oop> {
    let array = heap.fetch_pointer(dictionary, hashed_collection::ARRAY);
    (0..heap.num_slots(array))
        .map(|i| heap.fetch_pointer(array, i))
        .filter(|b| *b != heap.nil())
        .collect()
}

/// Fills a fresh dictionary instance with an empty array of `capacity` slots.
pub fn initialize(heap: &mut Heap, dictionary: Oop, capacity: usize) -> Result<(), HeapError> {
    let array = objects::new_array(heap, capacity.max(4))?;
    heap.store_pointer(dictionary, hashed_collection::ARRAY, array);
    heap.store_pointer(
        dictionary,
        hashed_collection::TALLY,
        Oop::small_integer_unchecked(0),
    );
    Ok(())
}

fn grow(heap: &mut Heap, dictionary: Oop, old: Oop) -> Result<Oop, HeapError> {
    let grown = objects::new_array(heap, heap.num_slots(old) * 2)?;
    for i in 0..heap.num_slots(old) {
        let binding = heap.fetch_pointer(old, i);
        if binding == heap.nil() {
            continue;
        }
        let key = heap.fetch_pointer(binding, association::KEY);
        let hash = heap.identity_hash(key);
        if let Probe::Empty(slot) = probe(heap, grown, key, hash) {
            heap.store_pointer(grown, slot, binding);
        }
    }
    heap.store_pointer(dictionary, hashed_collection::ARRAY, grown);
    Ok(grown)
}

enum Probe {
    Found(Oop),
    Empty(usize),
    Full,
}

fn probe(heap: &Heap, array: Oop, key: Oop, hash: u32) -> Probe {
    let size = heap.num_slots(array);
    if size == 0 {
        return Probe::Full;
    }
    let start = hash as usize % size;
    for step in 0..size {
        let index = (start + step) % size;
        let binding = heap.fetch_pointer(array, index);
        if binding == heap.nil() {
            return Probe::Empty(index);
        }
        if binding.is_pointer()
            && heap.num_slots(binding) > 0
            && heap.fetch_pointer(binding, association::KEY) == key
        {
            return Probe::Found(binding);
        }
    }
    Probe::Full
}

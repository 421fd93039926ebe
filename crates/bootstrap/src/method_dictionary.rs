//! MethodDictionary as the VM reads it (reference §5.4): format 3, slot 0
//! tally, slot 1 the parallel Array of methods, slots 2.. the selector keys,
//! a power of two of them. A selector's home is `identityHash & (keys - 1)`;
//! collisions probe linearly, wrapping. Adding a method to a dictionary that
//! would be more than 3/4 full makes a new dictionary twice as big and stores
//! it into the class (the VM's method cache must then be flushed by the caller).
use stvm_heap::{Heap, HeapError};
use stvm_object_model::{
    layout::{class, method_dictionary as md},
    Oop,
};

use crate::objects;

/// A new, empty MethodDictionary (instance of `dictionary_class`) with room
/// for `capacity` selectors (rounded up to a power of two, at least 4).
pub fn new_method_dictionary(
    heap: &mut Heap,
    dictionary_class: Oop,
    capacity: usize,
) -> Result<Oop, HeapError> {
    let keys = capacity.max(4).next_power_of_two();
    let dictionary = objects::instantiate(heap, dictionary_class, keys)?;
    let methods = objects::new_array(heap, keys)?;
    heap.store_pointer(dictionary, md::TALLY, Oop::small_integer_unchecked(0));
    heap.store_pointer(dictionary, md::METHOD_ARRAY, methods);
    Ok(dictionary)
}

/// Number of selector slots.
fn capacity(heap: &Heap, dictionary: Oop) -> usize {
    heap.num_slots(dictionary)
        .saturating_sub(md::SELECTOR_START)
}

fn tally(heap: &Heap, dictionary: Oop) -> usize {
    heap.fetch_pointer(dictionary, md::TALLY)
        .as_small_integer()
        .map_or(0, |n| n.max(0) as usize)
}

/// The method for `selector` in `dictionary` (no superclass walk).
pub fn lookup(heap: &mut Heap, dictionary: Oop, selector: Oop) -> Option<Oop> {
    let hash = selector_hash(heap, selector);
    match probe(heap, dictionary, selector, hash) {
        Some(slot) if heap.fetch_pointer(dictionary, slot) == selector => {
            let methods = heap.fetch_pointer(dictionary, md::METHOD_ARRAY);
            Some(heap.fetch_pointer(methods, slot - md::SELECTOR_START))
        }
        _ => None,
    }
}

/// Every (selector, method) pair.
pub fn entries(heap: &Heap, dictionary: Oop) -> Vec<(Oop, Oop)> {
    let methods = heap.fetch_pointer(dictionary, md::METHOD_ARRAY);
    (0..capacity(heap, dictionary))
        .filter_map(|i| {
            let selector = heap.fetch_pointer(dictionary, md::SELECTOR_START + i);
            (selector != heap.nil()).then(|| (selector, heap.fetch_pointer(methods, i)))
        })
        .collect()
}

/// Puts `method` under `selector` in `class`'s method dictionary, growing
/// (replacing) the dictionary when needed. Answers the method it replaced.
pub fn add_method(
    heap: &mut Heap,
    class_oop: Oop,
    selector: Oop,
    method: Oop,
) -> Result<Option<Oop>, HeapError> {
    let mut dictionary = heap.fetch_pointer(class_oop, class::METHOD_DICTIONARY);
    let hash = selector_hash(heap, selector);
    if let Some(slot) = probe(heap, dictionary, selector, hash) {
        if heap.fetch_pointer(dictionary, slot) == selector {
            let methods = heap.fetch_pointer(dictionary, md::METHOD_ARRAY);
            let old = heap.fetch_pointer(methods, slot - md::SELECTOR_START);
            heap.store_pointer(methods, slot - md::SELECTOR_START, method);
            return Ok(Some(old));
        }
    }
    let tally = tally(heap, dictionary) + 1;
    if tally * 4 > capacity(heap, dictionary) * 3 {
        dictionary = grow(heap, dictionary, capacity(heap, dictionary) * 2)?;
        heap.store_pointer(class_oop, class::METHOD_DICTIONARY, dictionary);
    }
    let slot =
        probe(heap, dictionary, selector, hash).ok_or(HeapError::OutOfMemory { bytes: 0 })?;
    store_entry(heap, dictionary, slot, selector, method);
    heap.store_pointer(
        dictionary,
        md::TALLY,
        Oop::small_integer_unchecked(tally as i64),
    );
    Ok(None)
}

fn store_entry(heap: &mut Heap, dictionary: Oop, slot: usize, selector: Oop, method: Oop) {
    let methods = heap.fetch_pointer(dictionary, md::METHOD_ARRAY);
    heap.store_pointer(dictionary, slot, selector);
    heap.store_pointer(methods, slot - md::SELECTOR_START, method);
}

fn grow(heap: &mut Heap, old: Oop, keys: usize) -> Result<Oop, HeapError> {
    let class_oop = heap.class_of(old);
    let grown = new_method_dictionary(heap, class_oop, keys)?;
    let mut count = 0;
    for (selector, method) in entries(heap, old) {
        let hash = selector_hash(heap, selector);
        if let Some(slot) = probe(heap, grown, selector, hash) {
            store_entry(heap, grown, slot, selector, method);
            count += 1;
        }
    }
    heap.store_pointer(grown, md::TALLY, Oop::small_integer_unchecked(count));
    Ok(grown)
}

/// `methodDictionaryHash:` — identity hash for objects, the value for immediates.
fn selector_hash(heap: &mut Heap, selector: Oop) -> usize {
    if let Some(value) = selector.as_small_integer() {
        value as usize
    } else if let Some(code) = selector.as_character() {
        code as usize
    } else if selector.is_immediate() {
        (selector.bits() >> 3) as usize
    } else {
        heap.identity_hash(selector) as usize
    }
}

/// The selector slot holding `selector`, else the first empty slot on its
/// probe sequence; `None` when the dictionary is full.
fn probe(heap: &Heap, dictionary: Oop, selector: Oop, hash: usize) -> Option<usize> {
    let keys = capacity(heap, dictionary);
    if keys == 0 || !keys.is_power_of_two() {
        return None;
    }
    let mask = keys - 1;
    (0..keys)
        .map(|step| md::SELECTOR_START + ((hash + step) & mask))
        .find(|slot| {
            let key = heap.fetch_pointer(dictionary, *slot);
            key == selector || key == heap.nil()
        })
}

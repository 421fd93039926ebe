//! The symbol table: one ByteSymbol per name, shared by Rust and Smalltalk.
//!
//! Layout (documented in `kernel/Kernel/SymbolSet.class.st` too): the class
//! variable `SymbolTable` of `Symbol` holds a `SymbolSet`, a HashedCollection
//! (`tally`, `array`). `array` is an Array whose size is a power of two; each
//! element is nil or a ByteSymbol. A name's home index (0-based) is
//! `symbol_hash(bytes) & (size - 1)`; collisions probe linearly upwards,
//! wrapping once. The table grows (doubling, rehashed into a new Array stored
//! back into `array`) when it would become more than 3/4 full.
//!
//! `symbol_hash` is the same function as `Symbol class>>tableHashOf:` in the
//! kernel: `h := 0. each byte b: h := (h + b) hashMultiply`, with
//! `hashMultiply` = `(v * 1664525) bitAnd: 16rFFFFFFF` (primitive 159).
use stvm_heap::{Heap, HeapError};
use stvm_object_model::Oop;

use crate::class_layout::hashed_collection;
use crate::objects;

/// The hash the symbol table files a name under.
pub fn symbol_hash(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |hash, byte| {
        (hash.wrapping_add(u32::from(*byte)).wrapping_mul(1_664_525)) & 0x0FFF_FFFF
    })
}

/// A handle on the image's symbol table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SymbolTable {
    /// The `SymbolSet` instance (slot 0 tally, slot 1 array).
    pub set: Oop,
    /// Class index of ByteSymbol (the class of every symbol the table makes).
    pub byte_symbol_class_index: u32,
}

impl SymbolTable {
    /// The symbol named `name`, if it exists.
    pub fn lookup(&self, heap: &Heap, name: &[u8]) -> Option<Oop> {
        let array = heap.fetch_pointer(self.set, hashed_collection::ARRAY);
        match probe(heap, array, name) {
            Probe::Found(symbol) => Some(symbol),
            Probe::Empty(_) | Probe::Full => None,
        }
    }

    /// The symbol named `name`, made (read-only, with an identity hash) if new.
    pub fn intern(&self, heap: &mut Heap, name: &[u8]) -> Result<Oop, HeapError> {
        let array = heap.fetch_pointer(self.set, hashed_collection::ARRAY);
        let slot = match probe(heap, array, name) {
            Probe::Found(symbol) => return Ok(symbol),
            Probe::Empty(slot) => slot,
            Probe::Full => usize::MAX,
        };
        let symbol = objects::new_bytes(heap, self.byte_symbol_class_index, name)?;
        heap.identity_hash(symbol);
        heap.set_immutable(symbol, true);
        let tally = self.tally(heap) + 1;
        if slot == usize::MAX || tally * 4 > heap.num_slots(array) * 3 {
            let grown = self.grow(heap, array)?;
            let Probe::Empty(slot) = probe(heap, grown, name) else {
                return Err(HeapError::OutOfMemory { bytes: 0 });
            };
            heap.store_pointer(grown, slot, symbol);
        } else {
            heap.store_pointer(array, slot, symbol);
        }
        self.set_tally(heap, tally);
        Ok(symbol)
    }

    /// Number of symbols.
    pub fn tally(&self, heap: &Heap) -> usize {
        heap.fetch_pointer(self.set, hashed_collection::TALLY)
            .as_small_integer()
            .map_or(0, |n| n.max(0) as usize)
    }

    fn set_tally(&self, heap: &mut Heap, tally: usize) {
        heap.store_pointer(
            self.set,
            hashed_collection::TALLY,
            Oop::small_integer_unchecked(tally as i64),
        );
    }

    /// Every symbol, in table order.
    pub fn symbols(&self, heap: &Heap) -> Vec<Oop> {
        let array = heap.fetch_pointer(self.set, hashed_collection::ARRAY);
        (0..heap.num_slots(array))
            .map(|i| heap.fetch_pointer(array, i))
            .filter(|s| *s != heap.nil())
            .collect()
    }

    fn grow(&self, heap: &mut Heap, old: Oop) -> Result<Oop, HeapError> {
        let size = (heap.num_slots(old) * 2).max(64);
        let grown = objects::new_array(heap, size)?;
        for i in 0..heap.num_slots(old) {
            let symbol = heap.fetch_pointer(old, i);
            if symbol == heap.nil() {
                continue;
            }
            let name = heap.bytes(symbol).to_vec();
            if let Probe::Empty(slot) = probe(heap, grown, &name) {
                heap.store_pointer(grown, slot, symbol);
            }
        }
        heap.store_pointer(self.set, hashed_collection::ARRAY, grown);
        Ok(grown)
    }
}

/// A new, empty symbol table: a `SymbolSet` (given as its class) of `capacity`
/// (rounded up to a power of two).
pub fn new_symbol_table(
    heap: &mut Heap,
    symbol_set_class: Oop,
    byte_symbol_class_index: u32,
    capacity: usize,
) -> Result<SymbolTable, HeapError> {
    let set = objects::instantiate(heap, symbol_set_class, 0)?;
    let array = objects::new_array(heap, capacity.next_power_of_two().max(64))?;
    heap.store_pointer(set, hashed_collection::ARRAY, array);
    heap.store_pointer(
        set,
        hashed_collection::TALLY,
        Oop::small_integer_unchecked(0),
    );
    Ok(SymbolTable {
        set,
        byte_symbol_class_index,
    })
}

enum Probe {
    Found(Oop),
    Empty(usize),
    Full,
}

fn probe(heap: &Heap, array: Oop, name: &[u8]) -> Probe {
    let size = heap.num_slots(array);
    if size == 0 || !size.is_power_of_two() {
        return Probe::Full;
    }
    let mask = size - 1;
    let start = symbol_hash(name) as usize & mask;
    for step in 0..size {
        let index = (start + step) & mask;
        let element = heap.fetch_pointer(array, index);
        if element == heap.nil() {
            return Probe::Empty(index);
        }
        if objects::has_bytes(heap, element, name) {
            return Probe::Found(element);
        }
    }
    Probe::Full
}

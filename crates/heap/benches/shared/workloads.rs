//! The GC workloads of the criterion benchmarks (`benches/gc.rs`), shared with the
//! profiling example (`examples/gc_profile.rs`) so both measure the same heaps.
use stvm_heap::{Heap, HeapConfig, ObjectFormat, Oop};
use stvm_object_model::class_index;

/// Eden of every workload heap.
pub const EDEN_BYTES: u64 = 4 << 20;

/// A heap with a 4 MiB eden, survivor spaces of `survivor_bytes` and a tenuring
/// age no scavenge reaches.
pub fn heap_with(survivor_bytes: u64) -> Heap {
    Heap::new(HeapConfig {
        base_address: None,
        // Valgrind cannot reserve the default 64 GiB.
        reserved_bytes: 4 << 30,
        eden_bytes: EDEN_BYTES,
        survivor_bytes,
        tenuring_age: 100,
        ..HeapConfig::default()
    })
    .expect("heap")
}

/// Fills eden with 4-slot arrays (40 bytes), keeping `percent` of them alive
/// through the old root array `roots`; answers the surviving bytes.
pub fn fill_eden(heap: &mut Heap, roots: Oop, percent: u64) -> u64 {
    let nil = heap.nil();
    for index in 0..heap.num_slots(roots) {
        heap.store_pointer_unchecked(roots, index, nil);
    }
    let objects = EDEN_BYTES * 85 / 100 / 40;
    let mut kept = 0;
    for index in 0..objects {
        let object = heap
            .allocate(class_index::ARRAY, ObjectFormat::INDEXABLE, 4)
            .expect("allocate");
        if percent > 0 && index % (100 / percent) == 0 && kept < heap.num_slots(roots) {
            heap.store_pointer(roots, kept, object);
            kept += 1;
        }
    }
    kept as u64 * 40
}

/// An old heap of about `live_mib` MiB of 16-slot arrays chained through
/// slot 0 (with 10% garbage interleaved before the first collection); the
/// roots hold the last array.
pub fn live_heap(live_mib: u64) -> (Heap, Vec<Oop>) {
    let mut heap = heap_with(1 << 20);
    let objects = (live_mib << 20) / 136;
    let mut previous = heap.nil();
    for index in 0..objects {
        let object = heap
            .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, 16)
            .expect("allocate");
        heap.store_pointer(object, 0, previous);
        heap.store_pointer(object, 1, Oop::small_integer(index as i64).expect("int"));
        if index % 10 == 0 {
            heap.allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, 16)
                .expect("garbage");
        }
        previous = object;
    }
    (heap, vec![previous])
}

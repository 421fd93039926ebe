use stvm_object_model::{class_index, layout, ObjectFormat, Oop};

use crate::{Heap, HeapConfig, StoreError};

fn heap() -> Heap {
    Heap::new(HeapConfig::small_for_tests()).expect("heap")
}

/// A class object with the given instance format and fixed fields, entered in
/// the class table (its metaclass is irrelevant to the heap).
fn class_with_format(heap: &mut Heap, format: u8, fixed: usize) -> Oop {
    let class = heap
        .allocate_old(class_index::CLASS_IS_ITSELF, ObjectFormat::FIXED, 3)
        .unwrap();
    let word = Oop::small_integer(layout::class::format_word(format, fixed)).unwrap();
    heap.store_pointer(class, layout::class::FORMAT, word);
    heap.ensure_class_index(class).unwrap();
    class
}

#[test]
fn fresh_heap_starts_with_nil_false_true_free_lists_and_hidden_roots_in_order() {
    let heap = heap();
    let start = heap.old_space_start();
    assert_eq!(heap.nil().address(), start);
    assert_eq!(heap.false_object().address(), start + 16);
    assert_eq!(heap.true_object().address(), start + 32);
    assert_eq!(heap.free_lists_object().address(), start + 48);
    assert_eq!(heap.num_slots(heap.free_lists_object()), 64);
    assert_eq!(
        heap.header(heap.hidden_roots()).class_index(),
        class_index::HIDDEN_ARRAY
    );
    assert_eq!(heap.num_slots(heap.hidden_roots()), 4104);
}

#[test]
fn allocation_fills_pointer_slots_with_nil_and_bits_with_zero() {
    let mut heap = heap();
    let array = heap.new_array(3).unwrap();
    assert!((0..3).all(|i| heap.fetch_pointer(array, i) == heap.nil()));
    let bytes = heap.new_bytes(class_index::BYTE_ARRAY, &[0; 5]).unwrap();
    assert_eq!(heap.bytes(bytes), &[0; 5]);
}

#[test]
fn small_allocation_is_young_and_large_allocation_is_old() {
    let mut heap = heap();
    let small = heap.new_array(4).unwrap();
    let large = heap.new_array(10_000).unwrap();
    assert!(heap.is_young(small));
    assert!(heap.is_old(large));
    assert_eq!(heap.num_slots(large), 10_000);
}

#[test]
fn object_with_255_or_more_slots_uses_an_overflow_word() {
    let mut heap = heap();
    let array = heap.new_array(300).unwrap();
    assert!(heap.header(array).has_overflow_slots());
    assert_eq!(heap.num_slots(array), 300);
    assert_eq!(heap.chunk_start(array), array.address() - 8);
    assert_eq!(heap.object_starting_at(heap.chunk_start(array)), array);
}

#[test]
fn string_bytes_round_trip_with_padding_in_the_format() {
    let mut heap = heap();
    let string = heap.new_byte_string(b"hello").unwrap();
    assert_eq!(heap.bytes(string), b"hello");
    assert_eq!(heap.format_of(string), ObjectFormat(19));
    assert_eq!(heap.element_count(string), 5);
}

#[test]
fn store_check_remembers_old_object_pointing_to_young_one() {
    let mut heap = heap();
    let old = heap
        .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, 2)
        .unwrap();
    let young = heap.new_array(1).unwrap();
    heap.store_pointer(old, 0, young);
    assert!(heap.header(old).is_remembered());
    assert_eq!(heap.remembered_set(), &[old]);
    heap.store_pointer(old, 1, young);
    assert_eq!(heap.remembered_set().len(), 1, "remembered once");
}

#[test]
fn store_check_ignores_immediates_and_young_holders() {
    let mut heap = heap();
    let old = heap
        .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, 1)
        .unwrap();
    heap.store_pointer(old, 0, Oop::small_integer(7).unwrap());
    let young_holder = heap.new_array(1).unwrap();
    let young = heap.new_array(1).unwrap();
    heap.store_pointer(young_holder, 0, young);
    assert!(heap.remembered_set().is_empty());
}

#[test]
fn checked_store_into_read_only_object_is_refused() {
    let mut heap = heap();
    let array = heap.new_array(1).unwrap();
    heap.set_immutable(array, true);
    let result = heap.store_pointer_checked(array, 0, heap.true_object());
    assert_eq!(result, Err(StoreError::ReadOnly));
    assert_eq!(heap.fetch_pointer(array, 0), heap.nil());
}

#[test]
fn checked_store_refuses_out_of_bounds_bits_and_immediates() {
    let mut heap = heap();
    let array = heap.new_array(1).unwrap();
    let bytes = heap.new_byte_string(b"x").unwrap();
    let nil = heap.nil();
    assert_eq!(
        heap.store_pointer_checked(array, 1, nil),
        Err(StoreError::IndexOutOfBounds)
    );
    assert_eq!(
        heap.store_pointer_checked(bytes, 0, nil),
        Err(StoreError::NotPointers)
    );
    assert_eq!(
        heap.store_pointer_checked(Oop::small_integer(1).unwrap(), 0, nil),
        Err(StoreError::Immediate)
    );
}

#[test]
fn instantiate_uses_the_class_format_word() {
    let mut heap = heap();
    let point = class_with_format(&mut heap, 1, 2);
    let context_like = class_with_format(&mut heap, 3, 6);
    let string_like = class_with_format(&mut heap, 16, 0);
    let p = heap.instantiate(point, 0).unwrap();
    let c = heap.instantiate(context_like, 10).unwrap();
    let s = heap.instantiate(string_like, 3).unwrap();
    assert_eq!(heap.num_slots(p), 2);
    assert_eq!(heap.num_slots(c), 16);
    assert_eq!(
        (heap.format_of(s), heap.element_count(s)),
        (ObjectFormat(21), 3)
    );
    assert_eq!(heap.class_of(p), point);
}

#[test]
fn instantiate_refuses_indexed_instances_of_fixed_classes() {
    let mut heap = heap();
    let point = class_with_format(&mut heap, 1, 2);
    assert!(heap.instantiate(point, 3).is_err());
}

#[test]
fn entering_a_class_makes_its_index_its_identity_hash() {
    let mut heap = heap();
    let class = class_with_format(&mut heap, 1, 0);
    let index = heap.header(class).identity_hash();
    assert!(index >= class_index::FIRST_UNRESERVED);
    assert_eq!(heap.class_at_index(index), class);
    assert_eq!(
        heap.ensure_class_index(class).unwrap(),
        index,
        "entered once"
    );
}

#[test]
fn class_at_fixed_index_is_found_by_class_of() {
    let mut heap = heap();
    let array_class = class_with_format(&mut heap, 2, 0);
    heap.set_class_at_index(class_index::ARRAY, array_class)
        .unwrap();
    let array = heap.new_array(0).unwrap();
    assert_eq!(heap.class_of(array), array_class);
    assert_eq!(heap.identity_hash(array_class), class_index::ARRAY);
}

#[test]
fn class_of_immediates_comes_from_the_reserved_indices() {
    let mut heap = heap();
    let small_integer_class = class_with_format(&mut heap, 0, 0);
    heap.set_class_at_index(class_index::SMALL_INTEGER, small_integer_class)
        .unwrap();
    assert_eq!(
        heap.class_of(Oop::small_integer(3).unwrap()),
        small_integer_class
    );
}

#[test]
fn identity_hash_is_assigned_lazily_and_then_stable() {
    let mut heap = heap();
    let array = heap.new_array(1).unwrap();
    assert!(!heap.has_identity_hash(array));
    let hash = heap.identity_hash(array);
    assert_ne!(hash, 0);
    assert!(hash <= 0x3F_FFFF);
    assert_eq!(heap.identity_hash(array), hash);
}

#[test]
fn identity_hashes_follow_the_seed() {
    let mut first = heap();
    let mut second = heap();
    let a = first.new_array(0).unwrap();
    let b = second.new_array(0).unwrap();
    assert_eq!(first.identity_hash(a), second.identity_hash(b));
}

#[test]
fn filling_eden_requests_a_scavenge_then_spills_into_old_space() {
    let mut heap = heap();
    assert!(!heap.needs_scavenge());
    let mut last = heap.nil();
    for _ in 0..20_000 {
        last = heap.new_array(4).unwrap();
    }
    assert!(heap.needs_scavenge());
    assert!(
        heap.is_old(last),
        "eden is 256 KiB; 20k × 40 bytes must spill"
    );
}

#[test]
fn old_space_grows_by_segments() {
    let mut heap = heap();
    for _ in 0..4 {
        heap.allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, 100_000)
            .unwrap();
    }
    assert!(heap.space_usage().old_segments >= 3);
}

#[test]
fn all_objects_skips_hidden_objects_and_sees_new_ones() {
    let mut heap = heap();
    let array = heap.new_array(2).unwrap();
    let objects = heap.all_objects();
    assert!(objects.contains(&array));
    assert!(!objects.contains(&heap.hidden_roots()));
    assert!(!objects.contains(&heap.free_lists_object()));
}

#[test]
fn all_instances_finds_exactly_the_class_instances() {
    let mut heap = heap();
    let point = class_with_format(&mut heap, 1, 2);
    let p1 = heap.instantiate(point, 0).unwrap();
    let _other = heap.new_array(2).unwrap();
    let p2 = heap.instantiate(point, 0).unwrap();
    assert_eq!(heap.all_instances_of(point), vec![p1, p2]);
}

#[test]
fn adopting_an_old_space_finds_the_first_objects() {
    let source = heap();
    let start = source.old_space_start();
    let used = source.space_usage().old_bytes as usize;
    let bytes = source_old_space_bytes(&source, start, used);
    let mut target = Heap::with_empty_old_space(HeapConfig {
        base_address: None,
        ..HeapConfig::small_for_tests()
    })
    .unwrap();
    // Relocate by the difference of old-space starts, as the image loader would.
    let delta = target.old_space_start().wrapping_sub(start);
    let relocated = relocate_words(&bytes, start, start + used as u64, delta);
    let special = Oop::from_address(target.old_space_start());
    target.adopt_old_space(&relocated, special, 7).unwrap();
    assert_eq!(target.nil().address(), target.old_space_start());
    assert_eq!(target.num_slots(target.hidden_roots()), 4104);
    assert_eq!(target.fetch_pointer(target.hidden_roots(), 1), target.nil());
}

#[test]
fn adopting_a_truncated_old_space_is_an_error() {
    let mut target = Heap::with_empty_old_space(HeapConfig::small_for_tests()).unwrap();
    let nil = Oop::from_address(target.old_space_start());
    assert!(target.adopt_old_space(&[0u8; 40], nil, 0).is_err());
}

fn source_old_space_bytes(heap: &Heap, start: u64, used: usize) -> Vec<u8> {
    heap.memory.slice(start, used).to_vec()
}

/// Rewrites every 8-byte word that looks like a pointer into `[low, high)`.
fn relocate_words(bytes: &[u8], low: u64, high: u64, delta: u64) -> Vec<u8> {
    bytes
        .chunks(8)
        .flat_map(|word| {
            let value = u64::from_le_bytes(word.try_into().unwrap());
            let moved = if value & 7 == 0 && value >= low && value < high {
                value.wrapping_add(delta)
            } else {
                value
            };
            moved.to_le_bytes()
        })
        .collect()
}

#[test]
fn instance_counts_group_objects_and_bytes_by_class_index() {
    let mut heap = heap();
    let before = count_for(&heap, class_index::ARRAY);
    heap.new_array(1).unwrap();
    heap.new_array(3).unwrap();
    let after = count_for(&heap, class_index::ARRAY);
    assert_eq!((after.0 - before.0, after.1 - before.1), (2, 16 + 32));
}

fn count_for(heap: &Heap, index: u32) -> (usize, u64) {
    heap.instance_counts()
        .into_iter()
        .find(|(i, _, _)| *i == index)
        .map_or((0, 0), |(_, count, bytes)| (count, bytes))
}

#[test]
fn adopting_an_old_space_indexes_its_free_chunks() {
    let mut source = heap();
    let array_class = crate::testing::test_class(&mut source, 2, 0);
    source
        .set_class_at_index(class_index::ARRAY, array_class)
        .unwrap();
    source
        .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, 30)
        .unwrap();
    let pinned = source
        .allocate_pinned(class_index::ARRAY, ObjectFormat::INDEXABLE, 1)
        .unwrap();
    let mut roots = vec![pinned];
    source.full_gc(&mut roots);
    let free = source.free_chunk_bytes();
    assert!(free > 0);
    let start = source.old_space_start();
    let used = source.space_usage().old_bytes as usize;
    let bytes = source_old_space_bytes(&source, start, used);
    let mut target = Heap::with_empty_old_space(HeapConfig::small_for_tests()).unwrap();
    let delta = target.old_space_start().wrapping_sub(start);
    let relocated = relocate_words(&bytes, start, start + used as u64, delta);
    let special = Oop::from_address(target.old_space_start());
    target.adopt_old_space(&relocated, special, 7).unwrap();
    assert_eq!(target.free_chunk_bytes(), free);
}

#[cfg(feature = "gc-stress")]
#[test]
fn every_allocation_requests_a_scavenge_under_gc_stress() {
    let mut heap = heap();
    heap.new_array(1).unwrap();
    assert!(heap.needs_scavenge());
}

#[test]
fn zeroed_words_start_zero_and_keep_what_is_written() {
    let mut words = crate::memory::ZeroedWords::new(100_000);
    assert_eq!(words.len(), 100_000);
    assert!(words.iter().all(|w| *w == 0));
    words[99_999] = 7;
    assert_eq!(words[99_999], 7);
}

#[test]
fn discarded_pages_stay_usable_and_read_as_zero() {
    let mut memory = crate::memory::Memory::reserve(None, 1 << 20).unwrap();
    let base = memory.base();
    memory.commit(base, 3 * 4096).unwrap();
    memory.write_u64(base + 4096, 42);
    memory.write_u64(base + 8, 9);
    memory.discard(base + 8, 2 * 4096);
    assert_eq!(memory.read_u64(base + 8), 9, "a partial page is kept");
    assert_eq!(memory.read_u64(base + 4096), 0);
    memory.write_u64(base + 4096, 5);
    assert_eq!(memory.read_u64(base + 4096), 5);
}

fn old_array(heap: &mut Heap, slots: usize) -> Oop {
    heap.allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, slots)
        .unwrap()
}

fn small(value: i64) -> Oop {
    Oop::small_integer(value).unwrap()
}

#[test]
fn copying_slots_within_one_object_moves_overlapping_ranges_whole() {
    let mut heap = heap();
    let array = old_array(&mut heap, 5);
    for index in 0..5 {
        heap.store_pointer(array, index, small(index as i64));
    }
    assert!(heap.copy_slots(array, 0, array, 1, 4));
    let values: Vec<Oop> = (0..5)
        .map(|index| heap.fetch_pointer(array, index))
        .collect();
    assert_eq!(values, [0, 0, 1, 2, 3].map(small));
}

#[test]
fn copying_a_young_object_into_an_old_one_remembers_it_once() {
    let mut heap = heap();
    let young_holder = heap.new_array(2).unwrap();
    let young = heap.new_array(1).unwrap();
    heap.store_pointer(young_holder, 0, young);
    heap.store_pointer(young_holder, 1, young);
    let old = old_array(&mut heap, 2);
    assert!(heap.copy_slots(young_holder, 0, old, 0, 2));
    assert_eq!(heap.remembered_set(), &[old]);
}

#[test]
fn copying_from_an_old_unremembered_object_remembers_nothing() {
    let mut heap = heap();
    let source = old_array(&mut heap, 2);
    let destination = old_array(&mut heap, 2);
    assert!(heap.copy_slots(source, 0, destination, 0, 2));
    assert!(heap.remembered_set().is_empty());
}

#[test]
fn copying_slots_out_of_range_copies_nothing() {
    let mut heap = heap();
    let source = old_array(&mut heap, 2);
    heap.store_pointer(source, 1, small(9));
    let destination = old_array(&mut heap, 2);
    assert!(!heap.copy_slots(source, 1, destination, 0, 2));
    assert!(!heap.copy_slots(source, 0, destination, 1, 2));
    assert_eq!(heap.fetch_pointer(destination, 0), heap.nil());
}

#[test]
fn copying_bytes_copies_them_and_refuses_ranges_out_of_bounds() {
    let mut heap = heap();
    let from = heap.new_byte_string(b"hello").unwrap();
    let to = heap.new_byte_string(b"xxxxx").unwrap();
    assert!(heap.copy_bytes(from, 1, to, 0, 4));
    assert_eq!(heap.bytes(to), b"ellox");
    assert!(!heap.copy_bytes(from, 2, to, 0, 4));
}

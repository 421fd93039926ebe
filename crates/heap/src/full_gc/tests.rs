use stvm_object_model::{class_index, ObjectFormat, Oop};

use crate::testing::{canonical_dump, HeapBuilder, TestHeap};

mod selective;

pub(super) fn small_integer(value: i64) -> Oop {
    Oop::small_integer(value).unwrap()
}

fn test_heap() -> TestHeap {
    HeapBuilder::new().build()
}

/// Old arrays: `count` of them, every other one kept in a root array.
fn old_garbage_and_survivors(t: &mut TestHeap, count: i64) -> Oop {
    let mut kept = Vec::new();
    for i in 0..count {
        let array = t.old_array(&[small_integer(i)]);
        if i % 2 == 0 {
            kept.push(array);
        }
    }
    t.old_array(&kept)
}

#[test]
fn full_gc_empties_new_space_and_tenures_survivors() {
    let mut t = test_heap();
    let mut roots = vec![t.array(&[small_integer(1)])];
    t.heap.full_gc_compacting(&mut roots);
    assert!(t.heap.is_old(roots[0]));
    assert_eq!(t.heap.space_usage().eden_bytes, 0);
    assert_eq!(t.heap.space_usage().survivor_bytes, 0);
    assert!(t.heap.remembered_set().is_empty());
    assert_eq!(t.heap.fetch_pointer(roots[0], 0), small_integer(1));
    t.assert_verified(&mut roots);
}

#[test]
fn full_gc_compacts_old_space() {
    let mut t = test_heap();
    let mut roots = vec![old_garbage_and_survivors(&mut t, 1000)];
    let before = t.heap.space_usage().old_bytes;
    t.heap.full_gc_compacting(&mut roots);
    let after = t.heap.space_usage().old_bytes;
    assert_eq!(
        before - after,
        500 * 16,
        "500 dead one-slot arrays of 16 bytes"
    );
    assert_eq!(t.heap.free_chunk_bytes(), 0, "no pinned objects, no holes");
    t.assert_verified(&mut roots);
}

#[test]
fn full_gc_preserves_the_object_graph() {
    let mut t = test_heap();
    let survivors = old_garbage_and_survivors(&mut t, 300);
    let string = t.heap.new_byte_string(b"compact me").unwrap();
    let young = t.array(&[string, survivors, small_integer(3)]);
    t.heap.store_pointer(young, 2, young);
    let old = t.old_array(&[young, string]);
    let mut roots = vec![old, survivors];
    t.heap.identity_hash(survivors);
    let before = canonical_dump(&t.heap, &roots);
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(canonical_dump(&t.heap, &roots), before);
    t.assert_verified(&mut roots);
}

#[test]
fn identity_hash_is_stable_across_full_gcs() {
    let mut t = test_heap();
    old_garbage_and_survivors(&mut t, 100);
    let mut roots = vec![t.old_array(&[]), t.array(&[])];
    let hashes = [
        t.heap.identity_hash(roots[0]),
        t.heap.identity_hash(roots[1]),
    ];
    t.heap.full_gc_compacting(&mut roots);
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(
        [
            t.heap.identity_hash(roots[0]),
            t.heap.identity_hash(roots[1])
        ],
        hashes
    );
}

#[test]
fn full_gc_keeps_the_special_objects_array_and_its_contents() {
    let mut t = test_heap();
    old_garbage_and_survivors(&mut t, 50);
    let element = t.array(&[small_integer(42)]);
    let special = t.old_array(&[element]);
    t.heap.set_special_objects_array(special);
    t.heap.full_gc_compacting(&mut crate::NoRoots);
    let element = t.heap.special_object(0);
    assert_eq!(t.heap.fetch_pointer(element, 0), small_integer(42));
    t.assert_verified(&mut crate::NoRoots);
}

#[test]
fn full_gc_keeps_classes_in_the_class_table() {
    let mut t = test_heap();
    let class = crate::testing::test_class(&mut t.heap, 1, 0);
    let index = t.heap.ensure_class_index(class).unwrap();
    old_garbage_and_survivors(&mut t, 50);
    t.heap.full_gc_compacting(&mut crate::NoRoots);
    let class = t.heap.class_at_index(index);
    assert_ne!(class, t.heap.nil());
    assert_eq!(t.heap.identity_hash(class), index);
}

#[test]
fn weak_slot_referring_to_a_dead_old_object_becomes_nil_after_full_gc() {
    let mut t = test_heap();
    let dead = t.old_array(&[]);
    let alive = t.old_array(&[]);
    let nil = t.heap.nil();
    let weak = t.weak_array(nil, &[dead, alive]);
    let mut roots = vec![weak, alive];
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(t.heap.fetch_pointer(roots[0], 1), t.heap.nil());
    assert_eq!(t.heap.fetch_pointer(roots[0], 2), roots[1]);
    t.assert_verified(&mut roots);
}

#[test]
fn old_ephemeron_whose_key_is_unreachable_is_mourned_by_full_gc() {
    let mut t = test_heap();
    let key = t.old_array(&[]);
    let value = t.old_array(&[small_integer(8)]);
    let ephemeron = t
        .heap
        .allocate_old(t.ephemeron_class, ObjectFormat::EPHEMERON, 2)
        .unwrap();
    t.heap.store_pointer(ephemeron, 0, key);
    t.heap.store_pointer(ephemeron, 1, value);
    let mut roots = vec![ephemeron];
    t.heap.scavenge(&mut roots);
    assert_eq!(t.heap.mourn_queue_len(), 0, "a scavenge keeps old keys");
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(t.heap.mourn_queue_len(), 1);
    let mourner = t.heap.next_mourner().unwrap();
    assert_eq!(mourner, roots[0]);
    let value = t.heap.fetch_pointer(mourner, 1);
    assert_eq!(t.heap.fetch_pointer(value, 0), small_integer(8));
    t.assert_verified(&mut roots);
}

#[test]
fn old_ephemeron_whose_key_is_rooted_is_not_mourned_by_full_gc() {
    let mut t = test_heap();
    let key = t.old_array(&[]);
    let ephemeron = t
        .heap
        .allocate_old(t.ephemeron_class, ObjectFormat::EPHEMERON, 2)
        .unwrap();
    t.heap.store_pointer(ephemeron, 0, key);
    let mut roots = vec![ephemeron, key];
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(t.heap.mourn_queue_len(), 0);
    assert_eq!(t.heap.fetch_pointer(roots[0], 0), roots[1]);
}

#[test]
fn pinned_object_does_not_move_in_a_full_gc_and_leaves_a_free_chunk() {
    let mut t = test_heap();
    let garbage_before = t.old_array(&[small_integer(0); 20]);
    let pinned = t
        .heap
        .allocate_pinned(class_index::ARRAY, ObjectFormat::INDEXABLE, 2)
        .unwrap();
    let after = t.old_array(&[small_integer(5)]);
    let _ = garbage_before;
    let mut roots = vec![pinned, after];
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(roots[0], pinned);
    assert!(
        t.heap.free_chunk_bytes() > 0,
        "the garbage before it became a free chunk"
    );
    assert_eq!(t.heap.fetch_pointer(roots[1], 0), small_integer(5));
    t.assert_verified(&mut roots);
}

#[test]
fn old_allocation_reuses_free_chunks() {
    let mut t = test_heap();
    t.old_array(&[small_integer(0); 20]);
    let pinned = t
        .heap
        .allocate_pinned(class_index::ARRAY, ObjectFormat::INDEXABLE, 2)
        .unwrap();
    let mut roots = vec![pinned];
    t.heap.full_gc_compacting(&mut roots);
    let free_before = t.heap.free_chunk_bytes();
    let reused = t.old_array(&[small_integer(1)]);
    assert!(reused.address() < pinned.address(), "placed in the hole");
    assert!(t.heap.free_chunk_bytes() < free_before);
    t.assert_verified(&mut roots);
}

#[test]
fn full_gc_empties_and_releases_segments_of_garbage() {
    let mut t = test_heap();
    for _ in 0..4 {
        t.heap
            .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, 100_000)
            .unwrap();
    }
    let segments_before = t.heap.space_usage().old_segments;
    let mut roots = vec![t.old_array(&[small_integer(1)])];
    t.heap.full_gc_compacting(&mut roots);
    assert!(segments_before >= 3);
    assert_eq!(t.heap.space_usage().old_segments, 1);
    assert_eq!(t.heap.fetch_pointer(roots[0], 0), small_integer(1));
    t.assert_verified(&mut roots);
}

#[test]
fn live_objects_slide_into_earlier_segments() {
    let mut t = test_heap();
    let big = t
        .heap
        .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, 120_000)
        .unwrap();
    let _ = big;
    let mut roots = vec![];
    for i in 0..10 {
        roots.push(t.old_array(&[small_integer(i)]));
    }
    let last_segment_start = roots.iter().map(|o| o.address()).max().unwrap();
    t.heap.full_gc_compacting(&mut roots);
    assert!(roots.iter().all(|o| o.address() < last_segment_start));
    assert_eq!(t.heap.fetch_pointer(roots[9], 0), small_integer(9));
    t.assert_verified(&mut roots);
}

#[test]
fn full_gc_of_a_heap_with_large_and_overflow_header_objects() {
    let mut t = test_heap();
    old_garbage_and_survivors(&mut t, 100);
    let elements: Vec<Oop> = (0..300).map(small_integer).collect();
    let overflow = t.array(&elements);
    let large = t.heap.new_array(50_000).unwrap();
    t.heap.store_pointer(large, 49_999, overflow);
    let mut roots = vec![large];
    let before = canonical_dump(&t.heap, &roots);
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(canonical_dump(&t.heap, &roots), before);
    t.heap.scavenge(&mut roots);
    assert_eq!(canonical_dump(&t.heap, &roots), before);
    t.assert_verified(&mut roots);
}

#[test]
fn full_gc_statistics_count_collections() {
    let mut t = test_heap();
    t.heap.full_gc_compacting(&mut crate::NoRoots);
    t.heap.scavenge(&mut crate::NoRoots);
    t.heap.full_gc_compacting(&mut crate::NoRoots);
    assert_eq!(t.heap.statistics().full_gcs, 2);
    assert_eq!(t.heap.statistics().scavenges, 1);
}

#[test]
fn old_space_segments_cover_exactly_the_objects_after_full_gc() {
    let mut t = test_heap();
    old_garbage_and_survivors(&mut t, 100);
    t.heap.full_gc_compacting(&mut crate::NoRoots);
    let segments = t.heap.old_space_segments();
    let total: usize = segments.iter().map(|(_, bytes)| bytes.len()).sum();
    assert_eq!(total as u64, t.heap.space_usage().old_bytes);
    assert_eq!(segments[0].0, t.heap.old_space_start());
}

#[test]
fn compaction_around_many_pinned_objects_preserves_the_graph() {
    let mut t = test_heap();
    let mut state: u64 = 12345;
    let mut next = move |limit: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % limit
    };
    let mut kept = Vec::new();
    let mut pinned = Vec::new();
    for i in 0..12_000 {
        let slots = next(40) as usize;
        let object = if next(10) == 0 {
            let object = t
                .heap
                .allocate_pinned(class_index::ARRAY, ObjectFormat::INDEXABLE, slots)
                .unwrap();
            pinned.push(object);
            object
        } else {
            t.heap
                .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, slots)
                .unwrap()
        };
        if slots > 0 {
            let target = kept.last().copied().unwrap_or(small_integer(i));
            t.heap.store_pointer(object, 0, target);
        }
        if next(3) == 0 {
            kept.push(object);
        }
    }
    let mut roots = kept.clone();
    roots.extend(pinned.iter().step_by(2));
    assert!(t.heap.space_usage().old_segments >= 2, "spans segments");
    let before = canonical_dump(&t.heap, &roots);
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(canonical_dump(&t.heap, &roots), before);
    for object in pinned.iter().step_by(2) {
        assert!(roots.contains(object), "pinned {object:?} moved");
    }
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(canonical_dump(&t.heap, &roots), before);
    t.assert_verified(&mut roots);
}

/// `count` old one-slot arrays holding their index, all rooted.
fn rooted_old_arrays(t: &mut TestHeap, count: i64) -> Vec<Oop> {
    (0..count)
        .map(|i| t.old_array(&[small_integer(i)]))
        .collect()
}

#[test]
fn full_gc_of_a_heap_without_garbage_moves_nothing() {
    let mut t = test_heap();
    let mut roots = rooted_old_arrays(&mut t, 500);
    let before = roots.clone();
    let old_bytes = t.heap.space_usage().old_bytes;
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(roots, before);
    assert_eq!(t.heap.space_usage().old_bytes, old_bytes);
    t.assert_verified(&mut roots);
}

#[test]
fn objects_below_the_first_garbage_keep_their_addresses() {
    let mut t = test_heap();
    let mut roots = rooted_old_arrays(&mut t, 300);
    let garbage = t.old_array(&[small_integer(0); 5]);
    let _ = garbage;
    roots.extend(rooted_old_arrays(&mut t, 300));
    let before = roots.clone();
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(roots[..300], before[..300], "the dense prefix stays");
    for (after, before) in roots[300..].iter().zip(&before[300..]) {
        assert_eq!(
            before.address() - after.address(),
            48,
            "slid over the garbage"
        );
        assert_eq!(
            t.heap.fetch_pointer(*after, 0),
            t.heap.fetch_pointer(*after, 0)
        );
    }
    assert_eq!(t.heap.fetch_pointer(roots[599], 0), small_integer(299));
    t.assert_verified(&mut roots);
}

#[test]
fn garbage_only_at_the_top_of_old_space_just_lowers_the_top() {
    let mut t = test_heap();
    let mut roots = rooted_old_arrays(&mut t, 300);
    let before = roots.clone();
    let old_bytes = t.heap.space_usage().old_bytes;
    for _ in 0..10 {
        t.old_array(&[small_integer(0); 3]);
    }
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(roots, before);
    assert_eq!(t.heap.space_usage().old_bytes, old_bytes);
    t.assert_verified(&mut roots);
}

#[test]
fn references_into_the_dense_prefix_from_moved_objects_stay_valid() {
    let mut t = test_heap();
    let low = t.old_array(&[small_integer(7)]);
    t.old_array(&[]);
    let high = t.old_array(&[low]);
    let mut roots = vec![high, low];
    t.heap.store_pointer(low, 0, high);
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(roots[1], low);
    assert!(roots[0].address() < high.address());
    assert_eq!(t.heap.fetch_pointer(roots[0], 0), low);
    assert_eq!(t.heap.fetch_pointer(low, 0), roots[0]);
    t.assert_verified(&mut roots);
}

#[test]
fn a_second_full_gc_moves_nothing() {
    let mut t = test_heap();
    let mut roots = vec![old_garbage_and_survivors(&mut t, 2000)];
    roots.push(
        t.heap
            .allocate_pinned(class_index::ARRAY, ObjectFormat::INDEXABLE, 3)
            .unwrap(),
    );
    roots.push(old_garbage_and_survivors(&mut t, 2000));
    t.heap.full_gc_compacting(&mut roots);
    let after_first = roots.clone();
    let usage = t.heap.space_usage();
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(roots, after_first);
    assert_eq!(t.heap.space_usage(), usage);
    t.assert_verified(&mut roots);
}

/// A pseudo-random number generator for heap shapes (64-bit LCG).
struct Shapes(u64);

impl Shapes {
    fn below(&mut self, limit: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % limit
    }

    /// Mostly small slot counts; some need an overflow word, a few span
    /// many mark-bitmap blocks.
    fn slot_count(&mut self) -> usize {
        match self.below(100) {
            0..=2 => 255 + self.below(400) as usize,
            3 => 1000 + self.below(3000) as usize,
            _ => self.below(24) as usize,
        }
    }
}

/// An old heap of random objects (arrays, byte strings, pinned arrays),
/// referring to random earlier objects; answers a random subset as roots,
/// and the pinned objects.
fn random_old_heap(t: &mut TestHeap, seed: u64, objects: usize) -> (Vec<Oop>, Vec<Oop>) {
    let mut shapes = Shapes(seed);
    let mut all: Vec<Oop> = Vec::new();
    let (mut rooted, mut pinned) = (Vec::new(), Vec::new());
    for index in 0..objects {
        let slots = shapes.slot_count();
        let kind = shapes.below(20);
        let object = if kind == 0 {
            let length = slots as u64 * 8 + shapes.below(8);
            let (format, slots) = ObjectFormat::BYTES.for_element_count(length);
            let string = t
                .heap
                .allocate_old(class_index::BYTE_STRING, format, slots as usize)
                .unwrap();
            t.heap.bytes_mut(string).fill(0xAB);
            string
        } else if kind == 1 {
            pinned.push(index);
            t.heap
                .allocate_pinned(class_index::ARRAY, ObjectFormat::INDEXABLE, slots)
                .unwrap()
        } else {
            t.heap
                .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, slots)
                .unwrap()
        };
        if t.heap.format_of(object).is_pointers() && slots > 0 && !all.is_empty() {
            let target = all[shapes.below(all.len() as u64) as usize];
            t.heap.store_pointer(object, 0, target);
            let other = all[shapes.below(all.len() as u64) as usize];
            t.heap.store_pointer(object, slots - 1, other);
        }
        all.push(object);
        if shapes.below(3) == 0 {
            rooted.push(index);
        }
    }
    let pick = |indices: Vec<usize>| indices.into_iter().map(|i| all[i]).collect();
    (pick(rooted), pick(pinned))
}

/// Collects a random old heap of `seed` with `collect` and checks that the graph
/// reachable from the roots is the same and that no pinned root moved.
pub(super) fn assert_collection_preserves_random_heap(
    t: &mut TestHeap,
    seed: u64,
    collect: impl Fn(&mut crate::Heap, &mut Vec<Oop>),
) {
    let (mut roots, pinned) = random_old_heap(t, seed, 4000);
    let pinned_roots: Vec<Oop> = pinned.iter().step_by(2).copied().collect();
    roots.extend(&pinned_roots);
    let before = canonical_dump(&t.heap, &roots);
    collect(&mut t.heap, &mut roots);
    assert_eq!(canonical_dump(&t.heap, &roots), before, "seed {seed}");
    for object in &pinned_roots {
        assert!(
            roots.contains(object),
            "seed {seed}: pinned {object:?} moved"
        );
    }
    t.assert_verified(&mut roots);
}

#[test]
fn compaction_of_random_heaps_preserves_the_graph_and_pinned_addresses() {
    for seed in [1, 2, 3, 4, 5, 6] {
        let mut t = test_heap();
        assert_collection_preserves_random_heap(&mut t, seed, |heap, roots| {
            heap.full_gc_compacting(roots)
        });
    }
}

#[test]
fn compaction_of_random_heaps_leaves_holes_only_before_pinned_objects() {
    for seed in [11, 12, 13] {
        let mut t = test_heap();
        let (mut roots, _) = random_old_heap(&mut t, seed, 4000);
        t.heap.full_gc_compacting(&mut roots);
        let mut reachable = 0u64;
        t.heap.for_each_chunk(|oop| {
            if t.heap.is_old(oop) && !t.heap.header(oop).is_free() {
                reachable += t.heap.chunk_bytes(oop);
            }
        });
        let usage = t.heap.space_usage();
        assert_eq!(usage.old_bytes, reachable + t.heap.free_chunk_bytes());
        t.heap.full_gc_compacting(&mut roots);
        assert_eq!(
            t.heap.space_usage(),
            usage,
            "seed {seed}: nothing moves twice"
        );
        t.assert_verified(&mut roots);
    }
}

#[test]
fn random_heaps_span_several_segments() {
    let mut t = test_heap();
    random_old_heap(&mut t, 1, 4000);
    assert!(t.heap.space_usage().old_segments >= 2);
}

#[test]
fn compaction_updates_compiled_method_literals_but_not_bytecodes() {
    let mut t = test_heap();
    t.old_array(&[small_integer(0); 4]);
    let literal = t.old_array(&[small_integer(9)]);
    let method = t
        .heap
        .allocate_old(class_index::ARRAY, ObjectFormat::COMPILED_METHOD, 4)
        .unwrap();
    t.heap.store_pointer(method, 0, small_integer(2)); // two literals
    t.heap.store_pointer(method, 1, literal);
    t.heap.store_pointer(method, 2, literal);
    t.heap.store_u64(method, 3, literal.bits()); // bytecodes that look like a reference
    let mut roots = vec![method];
    t.heap.full_gc_compacting(&mut roots);
    let moved_literal = t.heap.fetch_pointer(roots[0], 1);
    assert!(
        moved_literal.address() < literal.address(),
        "slid over the garbage"
    );
    assert_eq!(t.heap.fetch_pointer(moved_literal, 0), small_integer(9));
    assert_eq!(t.heap.fetch_pointer(roots[0], 2), moved_literal);
    assert_eq!(t.heap.fetch_u64(roots[0], 3), literal.bits());
    t.assert_verified(&mut roots);
}

#[test]
fn compaction_moves_old_weak_arrays_and_ephemerons_with_their_referents() {
    let mut t = test_heap();
    t.old_array(&[small_integer(0); 4]);
    let key = t.old_array(&[small_integer(1)]);
    let value = t.old_array(&[small_integer(2)]);
    let nil = t.heap.nil();
    let weak = t.weak_array(nil, &[key]);
    let ephemeron = t.ephemeron(key, value);
    let mut roots = vec![weak, ephemeron, key];
    t.heap.full_gc_compacting(&mut roots);
    t.heap.full_gc_compacting(&mut roots);
    let [weak, ephemeron, key] = [roots[0], roots[1], roots[2]];
    assert_eq!(t.heap.fetch_pointer(weak, 1), key);
    assert_eq!(t.heap.fetch_pointer(ephemeron, 0), key);
    let value = t.heap.fetch_pointer(ephemeron, 1);
    assert_eq!(t.heap.fetch_pointer(value, 0), small_integer(2));
    assert_eq!(t.heap.mourn_queue_len(), 0);
    t.assert_verified(&mut roots);
}

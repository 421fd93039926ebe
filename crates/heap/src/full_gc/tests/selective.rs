//! Selective compaction (the default `full_gc`): dense regions swept into
//! free chunks, sparse ones evacuated.
use stvm_object_model::Oop;

use super::{assert_collection_preserves_random_heap, small_integer};
use crate::testing::{canonical_dump, HeapBuilder, TestHeap};

const REGION: u64 = 4096;

/// Regions of 4 KiB, evacuated when less than 75% full.
fn region_test_heap() -> TestHeap {
    HeapBuilder::new().compaction_regions(REGION, 75).build()
}

fn old_top(t: &TestHeap) -> u64 {
    t.heap.old_space.segments.last().unwrap().top
}

/// Fills old space up to the next region boundary with live one- or
/// two-slot arrays (answered, to be rooted).
fn pad_to_region(t: &mut TestHeap) -> Vec<Oop> {
    let offset = (old_top(t) - t.heap.old_space_start()) % REGION;
    let mut gap = if offset == 0 { 0 } else { REGION - offset };
    let mut fillers = Vec::new();
    while gap > 0 {
        let slots = if gap % 16 == 8 { 2 } else { 1 };
        fillers.push(t.old_array(&vec![small_integer(0); slots]));
        gap -= 8 + 8 * slots as u64;
    }
    fillers
}

/// One region's worth of one-slot arrays (256 × 16 bytes), region-aligned.
fn fill_region(t: &mut TestHeap) -> Vec<Oop> {
    (0..256).map(|i| t.old_array(&[small_integer(i)])).collect()
}

/// The objects of `region` whose index passes `keep`.
fn kept(region: &[Oop], keep: impl Fn(usize) -> bool) -> Vec<Oop> {
    (0..region.len())
        .filter(|i| keep(*i))
        .map(|i| region[i])
        .collect()
}

/// The free chunk starting at `chunk`, as its size in bytes, if there is one.
fn free_chunk_at(t: &TestHeap, chunk: u64) -> Option<u64> {
    let oop = t.heap.object_starting_at(chunk);
    t.heap
        .header(oop)
        .is_free()
        .then(|| t.heap.chunk_bytes(oop))
}

/// Padding, then one dense region with objects 10–12 and 200 dead; answers
/// the roots (padding first, then the region's survivors) and the region.
fn dense_region_with_two_dead_runs(t: &mut TestHeap) -> (Vec<Oop>, Vec<Oop>) {
    let mut roots = pad_to_region(t);
    let region = fill_region(t);
    roots.extend(kept(&region, |i| !(10..13).contains(&i) && i != 200));
    (roots, region)
}

#[test]
fn sweep_turns_each_run_of_dead_objects_into_one_free_chunk() {
    let mut t = region_test_heap();
    let (mut roots, region) = dense_region_with_two_dead_runs(&mut t);
    t.heap.full_gc(&mut roots);
    assert_eq!(free_chunk_at(&t, region[10].address()), Some(48));
    assert_eq!(free_chunk_at(&t, region[200].address()), Some(16));
    assert_eq!(t.heap.free_chunk_bytes(), 64);
    t.assert_verified(&mut roots);
}

#[test]
fn dense_region_keeps_its_live_objects_in_place() {
    let mut t = region_test_heap();
    let (mut roots, _) = dense_region_with_two_dead_runs(&mut t);
    let before = roots.clone();
    t.heap.full_gc(&mut roots);
    assert_eq!(roots, before);
    t.assert_verified(&mut roots);
}

#[test]
fn sweep_coalesces_a_free_chunk_with_the_dead_objects_beside_it() {
    let mut t = region_test_heap();
    let (mut roots, region) = dense_region_with_two_dead_runs(&mut t);
    t.heap.full_gc(&mut roots);
    roots.retain(|oop| *oop != region[9] && *oop != region[13]);
    t.heap.full_gc(&mut roots);
    assert_eq!(free_chunk_at(&t, region[9].address()), Some(80));
    assert_eq!(t.heap.free_chunk_bytes(), 96);
    t.assert_verified(&mut roots);
}

#[test]
fn old_allocation_reuses_the_free_chunks_a_sweep_leaves() {
    let mut t = region_test_heap();
    let (mut roots, region) = dense_region_with_two_dead_runs(&mut t);
    t.heap.full_gc(&mut roots);
    let array = t.old_array(&[small_integer(1); 5]); // 48 bytes
    assert_eq!(array.address(), region[10].address());
    assert_eq!(t.heap.free_chunk_bytes(), 16);
    roots.push(array);
    t.assert_verified(&mut roots);
}

#[test]
fn dead_objects_at_the_end_of_a_dense_region_lower_the_top() {
    let mut t = region_test_heap();
    let mut roots = pad_to_region(&mut t);
    let region = fill_region(&mut t);
    roots.extend(kept(&region, |i| i < 250));
    t.heap.full_gc(&mut roots);
    assert_eq!(old_top(&t), region[250].address());
    assert_eq!(t.heap.free_chunk_bytes(), 0);
    t.assert_verified(&mut roots);
}

/// Padding, then regions A (dense), B (sparse: every tenth object from the
/// sixth survives) and C (dense); answers the roots and the three regions.
fn dense_sparse_dense(t: &mut TestHeap) -> (Vec<Oop>, [Vec<Oop>; 3]) {
    let mut roots = pad_to_region(t);
    let regions = [fill_region(t), fill_region(t), fill_region(t)];
    roots.extend(kept(&regions[0], |i| !(100..103).contains(&i)));
    roots.extend(kept(&regions[1], |i| i % 10 == 5));
    roots.extend(kept(&regions[2], |i| i != 7));
    (roots, regions)
}

#[test]
fn sparse_region_is_evacuated_while_the_dense_ones_around_it_are_swept() {
    let mut t = region_test_heap();
    let (mut roots, [a, b, c]) = dense_sparse_dense(&mut t);
    let padding = roots.len() - (253 + 26 + 255);
    t.heap.full_gc(&mut roots);
    let moved_b = &roots[padding + 253..padding + 253 + 26];
    for (index, object) in moved_b.iter().enumerate() {
        assert_eq!(object.address(), b[0].address() + 16 * index as u64);
        assert_eq!(
            t.heap.fetch_pointer(*object, 0),
            small_integer(index as i64 * 10 + 5)
        );
    }
    assert_eq!(
        roots[padding..padding + 253],
        kept(&a, |i| !(100..103).contains(&i))
    );
    assert_eq!(roots[padding + 253 + 26..], kept(&c, |i| i != 7));
    t.assert_verified(&mut roots);
}

#[test]
fn evacuation_leaves_a_free_chunk_before_the_next_dense_region() {
    let mut t = region_test_heap();
    let (mut roots, [a, b, c]) = dense_sparse_dense(&mut t);
    t.heap.full_gc(&mut roots);
    assert_eq!(free_chunk_at(&t, a[100].address()), Some(48));
    assert_eq!(free_chunk_at(&t, b[26].address()), Some(REGION - 26 * 16));
    assert_eq!(
        free_chunk_at(&t, b[0].address()),
        None,
        "B's survivors start there"
    );
    assert_eq!(free_chunk_at(&t, c[7].address()), Some(16));
    assert_eq!(t.heap.free_chunk_bytes(), 48 + REGION - 26 * 16 + 16);
    t.assert_verified(&mut roots);
}

#[test]
fn forced_compaction_after_a_sweep_leaves_no_free_chunks() {
    let mut t = region_test_heap();
    let (mut roots, _) = dense_sparse_dense(&mut t);
    t.heap.full_gc(&mut roots);
    let before = canonical_dump(&t.heap, &roots);
    t.heap.full_gc_compacting(&mut roots);
    assert_eq!(t.heap.free_chunk_bytes(), 0);
    assert_eq!(canonical_dump(&t.heap, &roots), before);
    t.assert_verified(&mut roots);
}

#[test]
fn all_objects_skips_the_free_chunks_a_sweep_leaves() {
    let mut t = region_test_heap();
    let (mut roots, _) = dense_region_with_two_dead_runs(&mut t);
    t.heap.full_gc(&mut roots);
    let objects = t.heap.all_objects();
    assert!(objects.iter().all(|oop| !t.heap.header(*oop).is_free()));
    assert!(roots.iter().all(|root| objects.contains(root)));
}

#[test]
fn weak_slot_referring_to_a_dead_object_in_a_swept_region_becomes_nil() {
    let mut t = region_test_heap();
    let (mut roots, region) = dense_region_with_two_dead_runs(&mut t);
    let weak = t.weak_array(small_integer(0), &[region[11], region[12 + 1]]);
    roots.push(weak);
    t.heap.full_gc(&mut roots);
    let weak = *roots.last().unwrap();
    assert_eq!(t.heap.fetch_pointer(weak, 1), t.heap.nil());
    assert_eq!(t.heap.fetch_pointer(weak, 2), region[13]);
    t.assert_verified(&mut roots);
}

#[test]
fn segment_of_garbage_is_released_by_a_selective_full_gc() {
    let mut t = region_test_heap();
    let mut roots = vec![t.old_array(&[small_integer(1)])];
    for _ in 0..3000 {
        t.old_array(&[small_integer(0); 62]); // 512 bytes each: 1.5 MiB
    }
    assert!(t.heap.space_usage().old_segments >= 2);
    t.heap.full_gc(&mut roots);
    assert_eq!(t.heap.space_usage().old_segments, 1);
    t.assert_verified(&mut roots);
}

#[test]
fn selective_full_gc_of_random_heaps_preserves_the_graph_and_pinned_addresses() {
    for (seed, percent) in [(1, 50), (2, 75), (3, 90), (4, 60), (5, 101), (6, 0)] {
        let mut t = HeapBuilder::new()
            .compaction_regions(REGION, percent)
            .build();
        assert_collection_preserves_random_heap(&mut t, seed, |heap, roots| heap.full_gc(roots));
    }
}

#[test]
fn a_second_selective_full_gc_of_swept_and_evacuated_regions_moves_nothing() {
    let mut t = region_test_heap();
    let (mut roots, _) = dense_sparse_dense(&mut t);
    t.heap.full_gc(&mut roots);
    let (usage, free, after_first) = (
        t.heap.space_usage(),
        t.heap.free_chunk_bytes(),
        roots.clone(),
    );
    t.heap.full_gc(&mut roots);
    assert!(roots == after_first, "a root moved");
    assert_eq!(
        (t.heap.space_usage(), t.heap.free_chunk_bytes()),
        (usage, free)
    );
    t.assert_verified(&mut roots);
}

#[test]
fn become_after_a_sweep_leaves_its_free_chunks_alone() {
    let mut t = region_test_heap();
    let (mut roots, region) = dense_region_with_two_dead_runs(&mut t);
    t.heap.full_gc(&mut roots);
    let holder = t.array(&[region[9], region[13]]); // young: old space untouched
    roots.push(holder);
    t.heap
        .become_objects(&[region[9]], &[region[13]], true, false, &mut roots)
        .unwrap();
    assert_eq!(t.heap.fetch_pointer(holder, 0), region[13]);
    assert_eq!(free_chunk_at(&t, region[10].address()), Some(48));
    assert_eq!(t.heap.free_chunk_bytes(), 64);
    t.assert_verified(&mut roots);
}

use stvm_object_model::Oop;

use super::BecomeError;
use crate::testing::{HeapBuilder, TestHeap};

fn small_integer(value: i64) -> Oop {
    Oop::small_integer(value).unwrap()
}

fn test_heap() -> TestHeap {
    HeapBuilder::new().build()
}

#[test]
fn two_way_become_swaps_references_from_roots() {
    let mut t = test_heap();
    let a = t.array(&[small_integer(1)]);
    let b = t.array(&[small_integer(2)]);
    let mut roots = vec![a, b];
    t.heap
        .become_objects(&[a], &[b], true, true, &mut roots)
        .unwrap();
    assert_eq!(roots, vec![b, a]);
    t.assert_verified(&mut roots);
}

#[test]
fn two_way_become_swaps_references_from_old_objects() {
    let mut t = test_heap();
    let a = t.old_array(&[small_integer(1)]);
    let b = t.array(&[small_integer(2)]);
    let holder = t.old_array(&[a, b]);
    let mut roots = vec![holder];
    t.heap
        .become_objects(&[a], &[b], true, true, &mut roots)
        .unwrap();
    assert_eq!(t.heap.fetch_pointer(holder, 0), b);
    assert_eq!(t.heap.fetch_pointer(holder, 1), a);
    t.assert_verified(&mut roots);
}

#[test]
fn two_way_become_remembers_old_holders_that_now_refer_to_young_objects() {
    let mut t = test_heap();
    let a = t.old_array(&[]);
    let b = t.array(&[]);
    let holder = t.old_array(&[a]);
    let mut roots = vec![holder, b];
    t.heap
        .become_objects(&[a], &[b], true, true, &mut roots)
        .unwrap();
    assert!(t.heap.remembered_set().contains(&holder));
    t.assert_verified(&mut roots);
}

#[test]
fn two_way_become_with_copy_hash_keeps_hashes_with_the_references() {
    let mut t = test_heap();
    let a = t.array(&[]);
    let b = t.array(&[]);
    let (hash_a, hash_b) = (t.heap.identity_hash(a), t.heap.identity_hash(b));
    let mut roots = vec![a, b];
    t.heap
        .become_objects(&[a], &[b], true, true, &mut roots)
        .unwrap();
    assert_eq!(t.heap.identity_hash(roots[0]), hash_a);
    assert_eq!(t.heap.identity_hash(roots[1]), hash_b);
}

#[test]
fn two_way_become_without_copy_hash_keeps_hashes_with_the_objects() {
    let mut t = test_heap();
    let a = t.array(&[]);
    let b = t.array(&[]);
    let (hash_a, hash_b) = (t.heap.identity_hash(a), t.heap.identity_hash(b));
    let mut roots = vec![a, b];
    t.heap
        .become_objects(&[a], &[b], true, false, &mut roots)
        .unwrap();
    assert_eq!(t.heap.identity_hash(roots[0]), hash_b);
    assert_eq!(t.heap.identity_hash(roots[1]), hash_a);
}

#[test]
fn become_forward_redirects_references_and_keeps_the_target_hash() {
    let mut t = test_heap();
    let a = t.old_array(&[]);
    let b = t.array(&[]);
    let hash_a = t.heap.identity_hash(a);
    let hash_b = t.heap.identity_hash(b);
    let holder = t.array(&[a, a]);
    let mut roots = vec![holder, a];
    t.heap
        .become_objects(&[a], &[b], false, false, &mut roots)
        .unwrap();
    assert_eq!(roots[1], b);
    assert_eq!(t.heap.fetch_pointer(holder, 0), b);
    assert_eq!(t.heap.fetch_pointer(holder, 1), b);
    assert_eq!(t.heap.identity_hash(b), hash_b);
    assert_ne!(hash_a, hash_b);
    t.assert_verified(&mut roots);
}

#[test]
fn become_forward_with_copy_hash_gives_the_target_the_source_hash() {
    let mut t = test_heap();
    let a = t.array(&[]);
    let b = t.array(&[]);
    let hash_a = t.heap.identity_hash(a);
    let mut roots = vec![a];
    t.heap
        .become_objects(&[a], &[b], false, true, &mut roots)
        .unwrap();
    assert_eq!(roots[0], b);
    assert_eq!(t.heap.identity_hash(b), hash_a);
}

#[test]
fn become_forward_to_an_immediate_is_allowed_without_copy_hash() {
    let mut t = test_heap();
    let a = t.array(&[]);
    let holder = t.old_array(&[a]);
    let mut roots = vec![holder];
    t.heap
        .become_objects(&[a], &[small_integer(5)], false, false, &mut roots)
        .unwrap();
    assert_eq!(t.heap.fetch_pointer(holder, 0), small_integer(5));
    t.assert_verified(&mut roots);
}

#[test]
fn become_forward_follows_chains() {
    let mut t = test_heap();
    let a = t.array(&[]);
    let b = t.array(&[]);
    let c = t.array(&[]);
    let mut roots = vec![a];
    t.heap
        .become_objects(&[a, b], &[b, c], false, false, &mut roots)
        .unwrap();
    assert_eq!(roots[0], c);
}

#[test]
fn become_updates_the_special_objects_array_reference() {
    let mut t = test_heap();
    let a = t.old_array(&[]);
    let b = t.old_array(&[small_integer(1)]);
    t.heap.set_special_objects_array(a);
    t.heap
        .become_objects(&[a], &[b], false, false, &mut crate::NoRoots)
        .unwrap();
    assert_eq!(t.heap.special_objects_array(), b);
}

#[test]
fn become_refuses_arrays_of_unequal_length() {
    let mut t = test_heap();
    let a = t.array(&[]);
    let result = t
        .heap
        .become_objects(&[a], &[], true, true, &mut crate::NoRoots);
    assert_eq!(result, Err(BecomeError::LengthMismatch));
}

#[test]
fn become_refuses_immediates() {
    let mut t = test_heap();
    let a = t.array(&[]);
    let result = t
        .heap
        .become_objects(&[a], &[small_integer(1)], true, true, &mut crate::NoRoots);
    assert_eq!(result, Err(BecomeError::Immediate));
}

#[test]
fn become_refuses_read_only_objects_and_changes_nothing() {
    let mut t = test_heap();
    let a = t.array(&[]);
    let b = t.array(&[]);
    let c = t.array(&[]);
    t.heap.set_immutable(c, true);
    let mut roots = vec![a, b, c];
    let result = t
        .heap
        .become_objects(&[a, b], &[b, c], true, true, &mut roots);
    assert_eq!(result, Err(BecomeError::ReadOnly));
    assert_eq!(roots, vec![a, b, c]);
}

#[test]
fn become_refuses_a_read_only_left_object() {
    let mut t = test_heap();
    let a = t.array(&[]);
    let b = t.array(&[]);
    t.heap.set_immutable(a, true);
    let result = t
        .heap
        .become_objects(&[a], &[b], false, false, &mut crate::NoRoots);
    assert_eq!(result, Err(BecomeError::ReadOnly));
}

#[test]
fn become_refuses_a_pinned_left_object() {
    let mut t = test_heap();
    let a = t.old_array(&[]);
    let b = t.array(&[]);
    t.heap.pin(a, &mut crate::NoRoots).unwrap();
    let result = t
        .heap
        .become_objects(&[a], &[b], false, false, &mut crate::NoRoots);
    assert_eq!(result, Err(BecomeError::Pinned));
}

#[test]
fn become_refuses_an_object_paired_twice() {
    let mut t = test_heap();
    let a = t.array(&[]);
    let b = t.array(&[]);
    let c = t.array(&[]);
    let result = t
        .heap
        .become_objects(&[a, a], &[b, c], false, false, &mut crate::NoRoots);
    assert_eq!(result, Err(BecomeError::DuplicateObject));
}

#[test]
fn become_then_collections_keep_the_heap_valid() {
    let mut t = test_heap();
    let a = t.old_array(&[small_integer(1)]);
    let b = t.array(&[small_integer(2)]);
    let holder = t.old_array(&[a, b]);
    let mut roots = vec![holder];
    t.heap
        .become_objects(&[a], &[b], true, true, &mut roots)
        .unwrap();
    t.heap.scavenge(&mut roots);
    t.heap.full_gc(&mut roots);
    let first = t.heap.fetch_pointer(roots[0], 0);
    assert_eq!(t.heap.fetch_pointer(first, 0), small_integer(2));
    t.assert_verified(&mut roots);
}

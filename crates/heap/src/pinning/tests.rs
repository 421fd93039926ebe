use stvm_object_model::Oop;

use super::PinError;
use crate::testing::{HeapBuilder, TestHeap};

fn small_integer(value: i64) -> Oop {
    Oop::small_integer(value).unwrap()
}

fn test_heap() -> TestHeap {
    HeapBuilder::new().build()
}

#[test]
fn pinning_an_old_object_sets_the_bit_in_place() {
    let mut t = test_heap();
    let old = t.old_array(&[]);
    let outcome = t.heap.pin(old, &mut crate::NoRoots).unwrap();
    assert!(!outcome.was_pinned);
    assert_eq!(outcome.object, old);
    assert!(t.heap.is_pinned(old));
}

#[test]
fn pinning_a_young_object_moves_it_to_old_space_and_updates_references() {
    let mut t = test_heap();
    let young = t.array(&[small_integer(4)]);
    let holder = t.array(&[young]);
    let old_holder = t.old_array(&[young]);
    let hash = t.heap.identity_hash(young);
    let mut roots = vec![holder, old_holder, young];
    let outcome = t.heap.pin(young, &mut roots).unwrap();
    let pinned = outcome.object;
    assert!(t.heap.is_old(pinned) && t.heap.is_pinned(pinned));
    assert_eq!(roots[2], pinned);
    assert_eq!(t.heap.fetch_pointer(holder, 0), pinned);
    assert_eq!(t.heap.fetch_pointer(old_holder, 0), pinned);
    assert_eq!(t.heap.identity_hash(pinned), hash);
    assert_eq!(t.heap.fetch_pointer(pinned, 0), small_integer(4));
    t.assert_verified(&mut roots);
}

#[test]
fn pinning_a_pinned_object_reports_it_was_pinned() {
    let mut t = test_heap();
    let old = t.old_array(&[]);
    t.heap.pin(old, &mut crate::NoRoots).unwrap();
    assert!(t.heap.pin(old, &mut crate::NoRoots).unwrap().was_pinned);
}

#[test]
fn unpin_clears_the_bit_and_reports_the_previous_state() {
    let mut t = test_heap();
    let old = t.old_array(&[]);
    t.heap.pin(old, &mut crate::NoRoots).unwrap();
    assert_eq!(t.heap.unpin(old), Ok(true));
    assert_eq!(t.heap.unpin(old), Ok(false));
    assert!(!t.heap.is_pinned(old));
}

#[test]
fn immediates_cannot_be_pinned() {
    let mut t = test_heap();
    assert_eq!(
        t.heap.pin(small_integer(1), &mut crate::NoRoots),
        Err(PinError::Immediate)
    );
}

#[test]
fn pinned_object_does_not_move_across_scavenges_and_full_gcs() {
    let mut t = test_heap();
    let young = t.array(&[small_integer(6)]);
    let garbage = t.old_array(&[small_integer(0); 30]);
    let _ = garbage;
    let mut roots = vec![young];
    let pinned = t.heap.pin(young, &mut roots).unwrap().object;
    let referent = t.array(&[]);
    t.heap.store_pointer(pinned, 0, referent);
    for _ in 0..3 {
        t.heap.scavenge(&mut roots);
        t.heap.full_gc(&mut roots);
    }
    assert_eq!(roots[0], pinned);
    assert!(t.heap.is_pinned(pinned));
    assert!(t.heap.is_old(t.heap.fetch_pointer(pinned, 0)));
    t.assert_verified(&mut roots);
}

use stvm_object_model::{class_index, ObjectFormat, Oop};

use crate::testing::{canonical_dump, HeapBuilder, TestHeap};

fn small_integer(value: i64) -> Oop {
    Oop::small_integer(value).unwrap()
}

fn test_heap() -> TestHeap {
    HeapBuilder::new().build()
}

#[test]
fn scavenge_keeps_objects_reachable_from_roots_and_updates_the_roots() {
    let mut t = test_heap();
    let leaf = t.array(&[small_integer(7)]);
    let root = t.array(&[leaf]);
    let mut roots = vec![root];
    t.heap.scavenge(&mut roots);
    assert_ne!(roots[0], root, "moved to the survivor space");
    assert!(t.heap.is_young(roots[0]));
    let new_leaf = t.heap.fetch_pointer(roots[0], 0);
    assert_eq!(t.heap.fetch_pointer(new_leaf, 0), small_integer(7));
    t.assert_verified(&mut roots);
}

#[test]
fn scavenge_frees_unreachable_objects() {
    let mut t = test_heap();
    for _ in 0..100 {
        t.array(&[small_integer(1)]);
    }
    let kept = t.array(&[]);
    let mut roots = vec![kept];
    t.heap.scavenge(&mut roots);
    let usage = t.heap.space_usage();
    assert_eq!(usage.eden_bytes, 0);
    assert_eq!(usage.survivor_bytes, 16, "only the empty array survives");
    t.assert_verified(&mut roots);
}

#[test]
fn scavenge_keeps_objects_reachable_from_remembered_old_objects() {
    let mut t = test_heap();
    let young = t.array(&[small_integer(3)]);
    let old = t.old_array(&[young]);
    let mut roots = vec![old];
    t.heap.scavenge(&mut roots);
    let survivor = t.heap.fetch_pointer(old, 0);
    assert!(t.heap.is_young(survivor));
    assert_eq!(t.heap.fetch_pointer(survivor, 0), small_integer(3));
    assert_eq!(t.heap.remembered_set(), &[old]);
    t.assert_verified(&mut roots);
}

#[test]
fn scavenge_keeps_objects_reachable_from_unrooted_remembered_old_objects() {
    let mut t = test_heap();
    let young = t.array(&[small_integer(3)]);
    let old = t.old_array(&[young]);
    t.heap.scavenge(&mut crate::NoRoots);
    let survivor = t.heap.fetch_pointer(old, 0);
    assert_eq!(t.heap.fetch_pointer(survivor, 0), small_integer(3));
}

#[test]
fn scavenge_clears_the_needs_scavenge_request() {
    let mut t = test_heap();
    for _ in 0..20_000 {
        t.array(&[]);
    }
    assert!(t.heap.needs_scavenge());
    t.heap.scavenge(&mut crate::NoRoots);
    assert!(!t.heap.needs_scavenge());
}

#[test]
fn object_is_tenured_after_surviving_tenuring_age_scavenges() {
    let mut t = HeapBuilder::new().tenuring_age(2).build();
    let mut roots = vec![t.array(&[small_integer(5)])];
    t.heap.scavenge(&mut roots);
    assert_eq!(t.heap.survivor_age(roots[0]), 1);
    t.heap.scavenge(&mut roots);
    assert!(t.heap.is_young(roots[0]), "survived 2, still young");
    t.heap.scavenge(&mut roots);
    assert!(t.heap.is_old(roots[0]), "tenured by the third scavenge");
    assert_eq!(t.heap.fetch_pointer(roots[0], 0), small_integer(5));
    assert_eq!(t.heap.statistics().tenured_objects, 1);
    t.assert_verified(&mut roots);
}

#[test]
fn tenuring_age_zero_tenures_every_survivor() {
    let mut t = HeapBuilder::new().tenuring_age(0).build();
    let mut roots = vec![t.array(&[])];
    t.heap.scavenge(&mut roots);
    assert!(t.heap.is_old(roots[0]));
}

#[test]
fn survivor_overflow_tenures_the_rest() {
    let mut t = HeapBuilder::new().survivor_bytes(4096).build();
    let elements: Vec<Oop> = (0..200).map(|i| t.array(&[small_integer(i)])).collect();
    let mut roots = vec![t.array(&elements)];
    t.heap.scavenge(&mut roots);
    let holder = roots[0];
    let old_count = (0..200)
        .filter(|i| t.heap.is_old(t.heap.fetch_pointer(holder, *i)))
        .count();
    assert!(
        old_count > 0,
        "future space of 4 KiB cannot hold 200 arrays"
    );
    assert!(t.heap.space_usage().survivor_bytes <= 4096);
    let values: Vec<Oop> = (0..200)
        .map(|i| t.heap.fetch_pointer(t.heap.fetch_pointer(holder, i), 0))
        .collect();
    assert_eq!(values, (0..200).map(small_integer).collect::<Vec<_>>());
    t.assert_verified(&mut roots);
}

#[test]
fn tenured_object_referring_to_young_objects_is_remembered() {
    let mut t = HeapBuilder::new().survivor_bytes(4096).build();
    let elements: Vec<Oop> = (0..200).map(|i| t.array(&[small_integer(i)])).collect();
    let mut roots = vec![t.array(&elements)];
    t.heap.scavenge(&mut roots);
    // The holder was copied first (young); later arrays overflowed into old space.
    // Whatever ended old and refers to young must be remembered: the verifier checks it.
    t.assert_verified(&mut roots);
}

#[test]
fn remembered_set_shrinks_when_the_young_referent_is_tenured() {
    let mut t = HeapBuilder::new().tenuring_age(1).build();
    let young = t.array(&[]);
    let old = t.old_array(&[young]);
    let mut roots = vec![old];
    t.heap.scavenge(&mut roots);
    assert_eq!(t.heap.remembered_set(), &[old]);
    t.heap.scavenge(&mut roots);
    assert!(t.heap.is_old(t.heap.fetch_pointer(old, 0)));
    assert!(t.heap.remembered_set().is_empty());
    assert!(!t.heap.header(old).is_remembered());
    t.assert_verified(&mut roots);
}

#[test]
fn remembered_object_that_dropped_its_young_reference_leaves_the_set() {
    let mut t = test_heap();
    let young = t.array(&[]);
    let old = t.old_array(&[young]);
    let nil = t.heap.nil();
    t.heap.store_pointer(old, 0, nil);
    t.heap.scavenge(&mut crate::NoRoots);
    assert!(t.heap.remembered_set().is_empty());
    assert!(!t.heap.header(old).is_remembered());
}

#[test]
fn scavenge_preserves_the_object_graph() {
    let mut t = test_heap();
    let string = t.heap.new_byte_string(b"hello world").unwrap();
    let shared = t.array(&[string, small_integer(-4)]);
    let cyclic = t.array(&[shared, shared]);
    t.heap.store_pointer(cyclic, 1, cyclic);
    let mut roots = vec![cyclic, shared];
    let before = canonical_dump(&t.heap, &roots);
    t.heap.scavenge(&mut roots);
    assert_eq!(canonical_dump(&t.heap, &roots), before);
    t.heap.scavenge(&mut roots);
    assert_eq!(canonical_dump(&t.heap, &roots), before);
    t.assert_verified(&mut roots);
}

#[test]
fn identity_hash_survives_scavenges() {
    let mut t = test_heap();
    let mut roots = vec![t.array(&[])];
    let hash = t.heap.identity_hash(roots[0]);
    for _ in 0..5 {
        t.heap.scavenge(&mut roots);
    }
    assert!(t.heap.is_old(roots[0]));
    assert_eq!(t.heap.identity_hash(roots[0]), hash);
}

#[test]
fn scavenge_copies_an_object_with_an_overflow_header() {
    let mut t = test_heap();
    let elements: Vec<Oop> = (0..300).map(small_integer).collect();
    let mut roots = vec![t.array(&elements)];
    t.heap.scavenge(&mut roots);
    assert_eq!(t.heap.num_slots(roots[0]), 300);
    assert_eq!(t.heap.fetch_pointer(roots[0], 299), small_integer(299));
    assert!(t.heap.header(roots[0]).has_overflow_slots());
    t.assert_verified(&mut roots);
}

#[test]
fn young_class_referenced_only_by_the_class_table_survives() {
    let mut t = test_heap();
    let class = t
        .heap
        .allocate(class_index::CLASS_IS_ITSELF, ObjectFormat::FIXED, 3)
        .unwrap();
    let index = t.heap.ensure_class_index(class).unwrap();
    t.heap.scavenge(&mut crate::NoRoots);
    let moved = t.heap.class_at_index(index);
    assert_ne!(moved, t.heap.nil());
    assert_eq!(t.heap.identity_hash(moved), index);
    t.assert_verified(&mut crate::NoRoots);
}

#[test]
fn scavenge_follows_compiled_method_literals_but_not_bytecodes() {
    let mut t = test_heap();
    let literal = t.array(&[small_integer(9)]);
    let method = t
        .heap
        .allocate(class_index::ARRAY, ObjectFormat::COMPILED_METHOD, 3)
        .unwrap();
    t.heap.store_pointer(method, 0, small_integer(1)); // one literal
    t.heap.store_pointer(method, 1, literal);
    t.heap.store_u64(method, 2, 0xDEAD_BEE8); // bytecodes that look like a pointer
    let mut roots = vec![method];
    t.heap.scavenge(&mut roots);
    let moved_literal = t.heap.fetch_pointer(roots[0], 1);
    assert_eq!(t.heap.fetch_pointer(moved_literal, 0), small_integer(9));
    assert_eq!(t.heap.fetch_u64(roots[0], 2), 0xDEAD_BEE8);
    t.assert_verified(&mut roots);
}

#[test]
fn weak_slot_referring_to_a_dead_young_object_becomes_nil() {
    let mut t = test_heap();
    let dead = t.array(&[]);
    let alive = t.array(&[]);
    let strong = t.array(&[]);
    let weak = t.weak_array(strong, &[dead, alive]);
    let mut roots = vec![weak, alive];
    t.heap.scavenge(&mut roots);
    let weak = roots[0];
    assert_eq!(t.heap.fetch_pointer(weak, 1), t.heap.nil());
    assert_eq!(t.heap.fetch_pointer(weak, 2), roots[1]);
    assert!(
        t.heap.is_young(t.heap.fetch_pointer(weak, 0)),
        "fixed slot is strong"
    );
    t.assert_verified(&mut roots);
}

#[test]
fn weak_slot_in_an_old_weak_object_is_nilled_by_a_scavenge() {
    let mut t = test_heap();
    let nil = t.heap.nil();
    let weak = t
        .heap
        .allocate_old(t.weak_class, ObjectFormat::WEAK, 2)
        .unwrap();
    t.heap.store_pointer(weak, 0, nil);
    let dead = t.array(&[]);
    t.heap.store_pointer(weak, 1, dead);
    t.heap.scavenge(&mut crate::NoRoots);
    assert_eq!(t.heap.fetch_pointer(weak, 1), t.heap.nil());
    assert!(t.heap.remembered_set().is_empty());
    t.assert_verified(&mut crate::NoRoots);
}

#[test]
fn ephemeron_whose_key_is_only_reachable_through_it_is_mourned() {
    let mut t = test_heap();
    let key = t.array(&[]);
    let value = t.array(&[small_integer(1)]);
    let mut roots = vec![t.ephemeron(key, value)];
    t.heap.scavenge(&mut roots);
    assert_eq!(t.heap.mourn_queue_len(), 1);
    assert!(t.heap.take_finalization_signal());
    assert!(!t.heap.take_finalization_signal(), "taken once");
    let mourner = t.heap.next_mourner().unwrap();
    assert_eq!(mourner, roots[0]);
    let kept_value = t.heap.fetch_pointer(mourner, 1);
    assert_eq!(t.heap.fetch_pointer(kept_value, 0), small_integer(1));
    assert_eq!(t.heap.format_of(mourner), ObjectFormat::FIXED);
    t.assert_verified(&mut roots);
}

#[test]
fn ephemeron_whose_key_is_reachable_from_a_root_is_not_mourned() {
    let mut t = test_heap();
    let key = t.array(&[]);
    let value = t.array(&[]);
    let ephemeron = t.ephemeron(key, value);
    let mut roots = vec![ephemeron, key];
    t.heap.scavenge(&mut roots);
    assert_eq!(t.heap.mourn_queue_len(), 0);
    assert!(!t.heap.take_finalization_signal());
    assert_eq!(t.heap.fetch_pointer(roots[0], 0), roots[1]);
    assert_eq!(t.heap.format_of(roots[0]), ObjectFormat::EPHEMERON);
    t.assert_verified(&mut roots);
}

#[test]
fn ephemeron_key_reached_later_in_the_scan_is_not_mourned() {
    let mut t = test_heap();
    let key = t.array(&[]);
    let value = t.array(&[]);
    let ephemeron = t.ephemeron(key, value);
    let late_holder = t.array(&[key]);
    let chain = t.array(&[late_holder]);
    let mut roots = vec![ephemeron, chain];
    t.heap.scavenge(&mut roots);
    assert_eq!(t.heap.mourn_queue_len(), 0);
}

#[test]
fn mourned_ephemeron_is_not_mourned_twice() {
    let mut t = test_heap();
    let key = t.array(&[]);
    let nil = t.heap.nil();
    let mut roots = vec![t.ephemeron(key, nil)];
    t.heap.scavenge(&mut roots);
    t.heap.scavenge(&mut roots);
    assert_eq!(t.heap.mourn_queue_len(), 1);
}

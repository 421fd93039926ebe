use stvm_object_model::{class_index, ObjectFormat, Oop};

use super::{HeapViolation, ReferenceHolder};
use crate::testing::{HeapBuilder, TestHeap};

fn test_heap() -> TestHeap {
    HeapBuilder::new().build()
}

#[test]
fn verifier_accepts_a_fresh_heap_with_objects() {
    let mut t = test_heap();
    let young = t.array(&[]);
    let mut roots = vec![t.old_array(&[young])];
    assert_eq!(t.heap.verify(&mut roots), Ok(()));
}

#[test]
fn verifier_catches_a_dangling_pointer() {
    let mut t = test_heap();
    let array = t.old_array(&[t.heap.nil()]);
    let bogus = array.address() + 8;
    t.heap.store_u64(array, 0, bogus);
    let violations = t.heap.verify(&mut crate::NoRoots).unwrap_err();
    assert!(violations.contains(&HeapViolation::DanglingReference {
        holder: ReferenceHolder::Object {
            object: array,
            slot: 0
        },
        value: Oop(bogus),
    }));
}

#[test]
fn verifier_catches_a_dangling_root() {
    let t = test_heap();
    let mut roots = vec![Oop(t.heap.old_space_start() + 8)];
    let violations = t.heap.verify(&mut roots).unwrap_err();
    assert!(matches!(
        violations[0],
        HeapViolation::DanglingReference {
            holder: ReferenceHolder::Root(0),
            ..
        }
    ));
}

#[test]
fn verifier_catches_a_missing_remembered_entry() {
    let mut t = test_heap();
    let old = t.old_array(&[t.heap.nil()]);
    let young = t.array(&[]);
    t.heap.store_pointer_unchecked(old, 0, young);
    let violations = t.heap.verify(&mut crate::NoRoots).unwrap_err();
    assert_eq!(violations, vec![HeapViolation::MissingRememberedEntry(old)]);
}

#[test]
fn verifier_catches_an_unknown_class_index() {
    let mut t = test_heap();
    let object = t.heap.allocate(4000, ObjectFormat::INDEXABLE, 1).unwrap();
    let violations = t.heap.verify(&mut crate::NoRoots).unwrap_err();
    assert_eq!(
        violations,
        vec![HeapViolation::InvalidClassIndex {
            object,
            class_index: 4000
        }]
    );
}

#[test]
fn verifier_catches_a_forwarder() {
    let mut t = test_heap();
    let a = t.array(&[]);
    let b = t.array(&[]);
    t.heap.forward(a, b);
    let violations = t.heap.verify(&mut crate::NoRoots).unwrap_err();
    assert!(violations.contains(&HeapViolation::Forwarder(a)));
}

#[test]
fn verifier_catches_a_mark_bit_left_set() {
    let mut t = test_heap();
    let a = t.old_array(&[]);
    let header = t.heap.header(a).with_marked(true);
    t.heap.set_header(a, header);
    let violations = t.heap.verify(&mut crate::NoRoots).unwrap_err();
    assert_eq!(violations, vec![HeapViolation::MarkBitLeftSet(a)]);
}

#[test]
fn verifier_catches_a_free_chunk_missing_from_the_index() {
    let mut t = test_heap();
    let a = t.old_array(&[t.heap.nil(); 3]);
    t.heap.set_class_index_of(a, class_index::FREE);
    let violations = t.heap.verify(&mut crate::NoRoots).unwrap_err();
    assert_eq!(violations, vec![HeapViolation::UnlistedFreeChunk(a)]);
}

#[test]
fn verifier_catches_a_walk_that_overruns_top() {
    let mut t = test_heap();
    let a = t.old_array(&[t.heap.nil()]);
    let header = t.heap.header(a).with_raw_num_slots(200);
    t.heap.set_header(a, header);
    let violations = t.heap.verify(&mut crate::NoRoots).unwrap_err();
    assert!(violations
        .iter()
        .any(|v| matches!(v, HeapViolation::WalkDoesNotEndAtTop { .. })));
}

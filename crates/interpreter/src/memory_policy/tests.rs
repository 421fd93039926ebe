//! The memory policy counts old space without the free chunks a full GC leaves.
use stvm_object_model::{class_index, ObjectFormat};

use crate::testing::World;

#[test]
fn old_space_in_use_leaves_out_the_free_chunks_a_full_gc_leaves() {
    let mut interpreter = World::new().into_interpreter();
    let heap = &mut interpreter.heap;
    heap.allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, 10_000)
        .expect("garbage");
    let kept = heap
        .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, 8)
        .expect("kept object");
    interpreter.extra_roots.push(kept);
    interpreter.with_roots(|heap, roots| {
        heap.pin(kept, roots).expect("pinned");
    });
    interpreter.collect_garbage(true);
    let free = interpreter.heap.free_chunk_bytes();
    assert!(free > 0, "the dead array left a hole before the pinned one");
    assert_eq!(
        interpreter.old_space_bytes(),
        interpreter.heap.space_usage().old_bytes - free
    );
}

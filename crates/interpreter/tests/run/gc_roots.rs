//! The interpreter lends its roots to an installed collector at safe points.
use std::sync::atomic::{AtomicUsize, Ordering};

use stvm_heap::{Heap, Oop, RootSource};
use stvm_interpreter::testing::World;

use crate::support::{define_down_recursion, int};

static COLLECTIONS: AtomicUsize = AtomicUsize::new(0);
static BAD_ROOTS: AtomicUsize = AtomicUsize::new(0);

/// A "collector" that only checks every pointer root names a class in the table.
fn check_roots(heap: &mut Heap, roots: &mut dyn RootSource, _full: bool) {
    COLLECTIONS.fetch_add(1, Ordering::SeqCst);
    let nil = heap.nil();
    roots.visit_roots(&mut |root: &mut Oop| {
        if root.is_pointer() && heap.class_of(*root) == nil && *root != nil {
            BAD_ROOTS.fetch_add(1, Ordering::SeqCst);
        }
    });
}

#[test]
fn collector_runs_at_safe_points_during_deep_allocating_recursion_with_valid_roots() {
    let mut world = World::new();
    let down = define_down_recursion(&mut world, Some(100), true);
    let mut interpreter = world.into_interpreter_with_stack_pages(4);
    interpreter.set_collector(check_roots);
    let result = interpreter.send_message(int(0), down, &[int(2000)]);
    assert_eq!(
        (
            result,
            COLLECTIONS.load(Ordering::SeqCst) > 0,
            BAD_ROOTS.load(Ordering::SeqCst)
        ),
        (Ok(int(2000)), true, 0)
    );
}

//! The interpreter lends its roots to an installed collector at safe points.
use std::sync::atomic::{AtomicUsize, Ordering};

use stvm_heap::{Heap, Oop, RootSource};
use stvm_interpreter::testing::{MethodBuilder, World};

use crate::support::int;

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
    // down: n  | a | a := Array new: 100 (literal array copy via push_new_array). n = 0 ifTrue: [^0]. ^(self down: n - 1) + 1
    let mut world = World::new();
    let small_integer = world.classes.small_integer;
    let down = world.symbol("down:");
    world.define_method(
        small_integer,
        "down:",
        MethodBuilder::encoded(|e| {
            e.push_new_array(100, false);
            e.pop_into_temp(1);
            e.push_temp(0);
            e.push_small_integer(0);
            e.send_special(6);
            e.jump_if_false(2);
            e.push_small_integer(0);
            e.return_top();
            e.push_receiver();
            e.push_temp(0);
            e.push_small_integer(1);
            e.send_special(1);
            e.send(0, 1);
            e.push_small_integer(1);
            e.send_special(0);
            e.return_top();
        })
        .args(1)
        .temps(2)
        .literals(&[down]),
    );
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

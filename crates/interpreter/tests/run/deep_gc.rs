//! Garbage collection in the middle of very deep recursions with the heap's
//! real collectors: every full GC and every 32nd scavenge is followed by a
//! heap verification with the interpreter's roots (all stack pages,
//! registers), and every frame checks on return that the object it allocated
//! before recursing survived.
use std::cell::Cell;

use stvm_heap::{Heap, HeapConfig, Oop, RootSource};
use stvm_interpreter::testing::{MethodBuilder, World};
use stvm_interpreter::{heap_collector, Interpreter};

use crate::primitive_helpers::define_primitive;
use crate::support::int;

thread_local! {
    static SCAVENGES: Cell<u64> = const { Cell::new(0) };
    static FULL_GCS: Cell<u64> = const { Cell::new(0) };
    static VIOLATIONS: Cell<usize> = const { Cell::new(0) };
}

/// Scavenges between two verifications.
const VERIFY_EVERY: u64 = 32;

/// The heap's collector, then (sometimes) a verification of the heap against the roots.
fn verifying_collector(heap: &mut Heap, roots: &mut dyn RootSource, full: bool) {
    heap_collector(heap, roots, full);
    let counter = if full { &FULL_GCS } else { &SCAVENGES };
    let count = counter.with(|count| {
        count.set(count.get() + 1);
        count.get()
    });
    if !full && count % VERIFY_EVERY != 0 {
        return;
    }
    if let Err(violations) = heap.verify(roots) {
        VIOLATIONS.with(|count| count.set(count.get() + violations.len()));
    }
}

/// `SmallInteger>>down: n`: `a := {n}`, 100 slots of garbage, at the bottom a
/// full GC, else `^(self down: n - 1) + (a at: 1)` (so the answer is n(n+1)/2
/// only if every frame's array survived every collection intact).
fn deep_world(config: HeapConfig) -> (World, Oop) {
    let mut world = World::with_config(config);
    let (object, array) = (world.classes.object, world.classes.array);
    let gc = define_primitive(&mut world, object, "gc", 0, 130);
    let at = define_primitive(&mut world, array, "at:", 1, 60);
    let down = world.symbol("down:");
    let small_integer = world.classes.small_integer;
    world.define_method(
        small_integer,
        "down:",
        MethodBuilder::encoded(|e| {
            e.push_temp(0);
            e.push_new_array(1, true);
            e.pop_into_temp(1);
            e.push_new_array(100, false);
            e.pop();
            e.push_temp(0);
            e.push_small_integer(0);
            e.send_special(6);
            e.jump_if_false(5);
            e.push_receiver();
            e.send(1, 0);
            e.pop();
            e.push_small_integer(0);
            e.return_top();
            e.push_receiver();
            e.push_temp(0);
            e.push_small_integer(1);
            e.send_special(1);
            e.send(0, 1);
            e.push_temp(1);
            e.push_small_integer(1);
            e.send(2, 1);
            e.send_special(0);
            e.return_top();
        })
        .args(1)
        .temps(2)
        .literals(&[down, gc, at]),
    );
    (world, down)
}

/// Runs `0 down: depth` and answers (result, scavenges, full GCs, violations, final check).
fn run_deep(mut interpreter: Interpreter, down: Oop, depth: i64) -> (Oop, u64, u64, usize, bool) {
    interpreter.set_collector(verifying_collector);
    let result = interpreter
        .send_message(int(0), down, &[int(depth)])
        .unwrap();
    let mut final_check = false;
    interpreter.with_roots(|heap, roots| final_check = heap.verify(roots).is_ok());
    (
        result,
        SCAVENGES.with(Cell::get),
        FULL_GCS.with(Cell::get),
        VIOLATIONS.with(Cell::get),
        final_check,
    )
}

#[test]
fn collections_in_a_hundred_thousand_deep_recursion_keep_every_frame_and_the_heap_valid() {
    let (world, down) = deep_world(HeapConfig::small_for_tests());
    let (result, scavenges, full_gcs, violations, valid) =
        run_deep(world.into_interpreter(), down, 100_000);
    assert_eq!(
        (result, scavenges > 0, full_gcs, violations, valid),
        (int(100_000 * 100_001 / 2), true, 1, 0, true)
    );
}

#[test]
fn collections_in_a_million_deep_recursion_on_divorced_pages_keep_every_frame_and_the_heap_valid() {
    let config = HeapConfig {
        eden_bytes: 16 << 20,
        survivor_bytes: 2 << 20,
        reserved_bytes: 4 << 30,
        ..HeapConfig::small_for_tests()
    };
    let (world, down) = deep_world(config);
    let interpreter = world.into_interpreter_with_stack_pages(4);
    let (result, scavenges, full_gcs, violations, valid) = run_deep(interpreter, down, 1_000_000);
    assert_eq!(
        (result, scavenges > 0, full_gcs >= 1, violations, valid),
        (int(1_000_000 * 1_000_001 / 2), true, true, 0, true)
    );
}

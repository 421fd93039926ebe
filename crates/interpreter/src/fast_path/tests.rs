//! Code keeps running right when its ops are dropped: it moved (scavenge, full
//! GC), it was changed in place (`flushCache`), or the arena started again
//! (the unit-test arena is small), and code too large for the arena runs on
//! the slow path.
use stvm_object_model::Oop;

use crate::interpreter::Interpreter;
use crate::testing::{MethodBuilder, World};

fn int(value: i64) -> Oop {
    Oop::small_integer_unchecked(value)
}

/// `^ self + 1` (a fused push-add-return).
fn successor() -> MethodBuilder {
    MethodBuilder::encoded(|e| {
        e.push_receiver();
        e.push_small_integer(1);
        e.send_special(0);
        e.return_top();
    })
}

/// An interpreter whose `Object>>successor` is `successor()`, and that method.
fn interpreter_with_successor() -> (Interpreter, Oop) {
    let mut world = World::new();
    let object = world.classes.object;
    let method = world.define_method(object, "successor", successor());
    (world.into_interpreter(), method)
}

/// A young copy of `method` (the world builds old methods).
fn young_copy(interpreter: &mut Interpreter, method: Oop) -> Oop {
    let heap = &mut interpreter.heap;
    let (class_index, format) = (heap.class_index_of(method), heap.format_of(method));
    let body = heap.slot_bytes(method).to_vec();
    let young = heap
        .allocate(class_index, format, body.len() / 8)
        .expect("room for a young copy of the method");
    for (index, byte) in body.iter().enumerate() {
        heap.store_byte(young, index, *byte);
    }
    young
}

#[test]
fn young_method_moved_by_a_scavenge_runs_right() {
    let (mut interpreter, method) = interpreter_with_successor();
    let young = young_copy(&mut interpreter, method);
    assert_eq!(interpreter.run_method(young, int(1), &[]), Ok(int(2)));
    interpreter.extra_roots.push(young);
    interpreter.collect_garbage(false);
    let moved = interpreter.extra_roots[0];
    assert_eq!(interpreter.run_method(moved, int(2), &[]), Ok(int(3)));
}

#[test]
fn scavenge_forgets_the_ops_of_young_code() {
    let (mut interpreter, method) = interpreter_with_successor();
    let young = young_copy(&mut interpreter, method);
    interpreter
        .run_method(young, int(1), &[])
        .expect("the copy runs");
    interpreter.collect_garbage(false);
    assert_eq!(interpreter.method_facts.ops.base_of(young), None);
}

#[test]
fn method_runs_right_after_a_full_gc_dropped_its_ops() {
    let (mut interpreter, method) = interpreter_with_successor();
    interpreter
        .run_method(method, int(1), &[])
        .expect("the method runs");
    interpreter.extra_roots.push(method);
    interpreter.collect_garbage(true);
    let method = interpreter.extra_roots[0];
    assert_eq!(interpreter.run_method(method, int(5), &[]), Ok(int(6)));
}

#[test]
fn method_changed_in_place_runs_its_new_bytes_after_flush_cache() {
    let (mut interpreter, method) = interpreter_with_successor();
    interpreter
        .run_method(method, int(1), &[])
        .expect("the method runs");
    // Byte 1 of the bytecodes, push 1 (81), becomes push 0 (80).
    let initial_ip = crate::MethodHeaderBits::of(&interpreter.heap, method).initial_ip();
    interpreter.heap.store_byte(method, initial_ip + 1, 80);
    interpreter.push(method);
    let _ = interpreter.primitive_flush_cache(0);
    assert_eq!(interpreter.run_method(method, int(1), &[]), Ok(int(1)));
}

/// `Object>>big`: `nops` no-ops, then `^ 41`.
fn big_method(nops: usize) -> MethodBuilder {
    MethodBuilder::encoded(|e| {
        for _ in 0..nops {
            e.nop();
        }
        e.push_small_integer(41);
        e.return_top();
    })
}

/// `^ self big + 1`, with `Object>>big` of `nops` no-ops; runs it on nil.
fn run_caller_of_big(nops: usize) -> (Interpreter, Result<Oop, crate::InterpreterError>) {
    let mut world = World::new();
    let object = world.classes.object;
    world.define_method(object, "big", big_method(nops));
    let big = world.symbol("big");
    let caller = MethodBuilder::encoded(|e| {
        e.push_receiver();
        e.send(0, 0);
        e.push_small_integer(1);
        e.send_special(0);
        e.return_top();
    })
    .literals(&[big]);
    let method = world.define_method(object, "caller", caller);
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    let result = interpreter.run_method(method, nil, &[]);
    (interpreter, result)
}

/// No-ops that make `big` overflow the arena once the caller's 5 ops are in.
const OVERFLOWING_NOPS: usize = crate::fast_path::ops::ARENA_OPS - 6;

#[test]
fn arena_starting_again_under_a_running_method_keeps_it_right() {
    // Translating the callee empties the arena while the caller waits for the
    // answer; the caller's stale base must not be used when it resumes.
    assert_eq!(run_caller_of_big(OVERFLOWING_NOPS).1, Ok(int(42)));
}

#[test]
fn callee_too_large_for_the_rest_of_the_arena_starts_it_again() {
    let (interpreter, _) = run_caller_of_big(OVERFLOWING_NOPS);
    assert!(interpreter.method_facts.ops.resets() >= 1);
}

#[test]
fn method_larger_than_the_arena_runs_on_the_slow_path() {
    let nops = crate::fast_path::ops::ARENA_OPS + 1;
    assert_eq!(run_caller_of_big(nops).1, Ok(int(42)));
}

/// `Object>>caller: flag` (`^ (self helper: flag) + 1`) and `Object>>helper:
/// flag` (`flag ifTrue: [^ self big]. ^ 41`), with `big` of `nops` no-ops.
fn world_with_helper_of_big(nops: usize) -> (Interpreter, Oop) {
    let mut world = World::new();
    let object = world.classes.object;
    world.define_method(object, "big", big_method(nops));
    let (big, helper) = (world.symbol("big"), world.symbol("helper:"));
    let helper_method = MethodBuilder::encoded(|e| {
        e.push_temp(0);
        e.jump_if_false(3);
        e.push_receiver();
        e.send(0, 0);
        e.return_top();
        e.push_small_integer(41);
        e.return_top();
    })
    .args(1)
    .temps(1)
    .literals(&[big]);
    world.define_method(object, "helper:", helper_method);
    let caller = MethodBuilder::encoded(|e| {
        e.push_receiver();
        e.push_temp(0);
        e.send(0, 1);
        e.push_small_integer(1);
        e.send_special(0);
        e.return_top();
    })
    .args(1)
    .temps(1)
    .literals(&[helper]);
    let method = world.define_method(object, "caller:", caller);
    (world.into_interpreter(), method)
}

#[test]
fn arena_starting_again_under_a_fast_send_returns_to_the_right_ops() {
    // The second run sends `helper:` from the fast loop (its frame notes the
    // caller's code base); translating `big` under it empties the arena, so
    // the return must not use the noted base.
    let (mut interpreter, caller) = world_with_helper_of_big(OVERFLOWING_NOPS);
    let (nil, false_object, true_object) = (
        interpreter.nil,
        interpreter.false_object,
        interpreter.true_object,
    );
    assert_eq!(
        interpreter.run_method(caller, nil, &[false_object]),
        Ok(int(42))
    );
    let resets = interpreter.method_facts.ops.resets();
    assert_eq!(
        interpreter.run_method(caller, nil, &[true_object]),
        Ok(int(42))
    );
    assert!(interpreter.method_facts.ops.resets() > resets);
}

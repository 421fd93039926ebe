//! Become primitives 72, 128, 248 and 249 through the interpreter: references
//! from frames and old objects follow, hashes follow the Spur rules, refusals
//! are primitive failures.
use stvm_heap::{ObjectFormat, Oop};
use stvm_interpreter::testing::{MethodBuilder, World, ARRAY_INDEX};

use crate::primitive_helpers::{define_primitive, new_object};

/// A world whose Array understands the four become selectors.
fn become_world() -> World {
    let mut world = World::new();
    let array = world.classes.array;
    define_primitive(&mut world, array, "forward:", 1, 72);
    define_primitive(&mut world, array, "exchange:", 1, 128);
    define_primitive(&mut world, array, "forwardKeepingHash:", 1, 248);
    define_primitive(&mut world, array, "forward:copyHash:", 2, 249);
    world
}

/// `test: a with: b`: `{a} forward: {b}` (selector `selector`), then answers the temp `a`.
fn forward_in_frame(selector: &str) -> (World, Oop) {
    let mut world = become_world();
    let selector = world.symbol(selector);
    let object = world.classes.object;
    let method = world.define_method(
        object,
        "test:with:",
        MethodBuilder::encoded(|e| {
            e.push_temp(0);
            e.push_new_array(1, true);
            e.push_temp(1);
            e.push_new_array(1, true);
            e.send(0, 1);
            e.pop();
            e.push_temp(0);
            e.return_top();
        })
        .args(2)
        .literals(&[selector]),
    );
    (world, method)
}

#[test]
fn become_forward_redirects_an_argument_held_in_the_running_frame() {
    let (mut world, method) = forward_in_frame("forward:");
    let (a, b) = (new_object(&mut world), new_object(&mut world));
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.run_method(method, nil, &[a, b]), Ok(b));
}

#[test]
fn become_forward_keeping_hash_redirects_an_argument_held_in_the_running_frame() {
    let (mut world, method) = forward_in_frame("forwardKeepingHash:");
    let (a, b) = (new_object(&mut world), new_object(&mut world));
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.run_method(method, nil, &[a, b]), Ok(b));
}

#[test]
fn two_way_become_swaps_references_held_by_an_old_object() {
    let mut world = become_world();
    let exchange = world.symbol("exchange:");
    let (a, b) = (new_object(&mut world), new_object(&mut world));
    let holder = world
        .heap
        .allocate_old(ARRAY_INDEX, ObjectFormat::INDEXABLE, 2)
        .unwrap();
    world.heap.store_pointer(holder, 0, a);
    world.heap.store_pointer(holder, 1, b);
    let (left, right) = (world.array(&[a]), world.array(&[b]));
    let mut interpreter = world.into_interpreter();
    interpreter.send_message(left, exchange, &[right]).unwrap();
    let heap = interpreter.heap();
    assert_eq!(
        (heap.fetch_pointer(holder, 0), heap.fetch_pointer(holder, 1)),
        (b, a)
    );
}

#[test]
fn two_way_become_answers_the_receiver_array() {
    let mut world = become_world();
    let exchange = world.symbol("exchange:");
    let (a, b) = (new_object(&mut world), new_object(&mut world));
    let (left, right) = (world.array(&[a]), world.array(&[b]));
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.send_message(left, exchange, &[right]), Ok(left));
}

#[test]
fn two_way_become_moves_identity_hashes_with_the_identities() {
    let mut world = become_world();
    let exchange = world.symbol("exchange:");
    let (a, b) = (new_object(&mut world), new_object(&mut world));
    let (hash_a, hash_b) = (world.heap.identity_hash(a), world.heap.identity_hash(b));
    let (left, right) = (world.array(&[a]), world.array(&[b]));
    let mut interpreter = world.into_interpreter();
    interpreter.send_message(left, exchange, &[right]).unwrap();
    let heap = interpreter.heap_mut();
    assert_eq!(
        (heap.identity_hash(b), heap.identity_hash(a)),
        (hash_a, hash_b)
    );
}

/// The target's hash after `{a} selector {b}` (with `extra` arguments).
fn target_hash_after_forward(selector: &str, extra: fn(&World) -> Vec<Oop>) -> (u32, u32, u32) {
    let mut world = become_world();
    let selector = world.symbol(selector);
    let (a, b) = (new_object(&mut world), new_object(&mut world));
    let (hash_a, hash_b) = (world.heap.identity_hash(a), world.heap.identity_hash(b));
    let (left, right) = (world.array(&[a]), world.array(&[b]));
    let mut arguments = vec![right];
    arguments.extend(extra(&world));
    let mut interpreter = world.into_interpreter();
    interpreter
        .send_message(left, selector, &arguments)
        .unwrap();
    (interpreter.heap_mut().identity_hash(b), hash_a, hash_b)
}

#[test]
fn become_forward_gives_the_target_the_source_identity_hash() {
    let (target, hash_a, _) = target_hash_after_forward("forward:", |_| vec![]);
    assert_eq!(target, hash_a);
}

#[test]
fn become_forward_without_copying_hash_keeps_the_target_identity_hash() {
    let (target, _, hash_b) = target_hash_after_forward("forwardKeepingHash:", |_| vec![]);
    assert_eq!(target, hash_b);
}

#[test]
fn become_forward_copy_hash_true_gives_the_target_the_source_identity_hash() {
    let (target, hash_a, _) =
        target_hash_after_forward("forward:copyHash:", |world| vec![world.heap.true_object()]);
    assert_eq!(target, hash_a);
}

#[test]
fn become_forward_copy_hash_false_keeps_the_target_identity_hash() {
    let (target, _, hash_b) =
        target_hash_after_forward("forward:copyHash:", |world| vec![world.heap.false_object()]);
    assert_eq!(target, hash_b);
}

/// The failure of `{a …} selector {b …}` against the expected error symbol `name`.
fn become_error(
    selector: &str,
    left: &[Oop],
    right: &[Oop],
    extra: &[Oop],
    world: World,
    name: &str,
) -> (Oop, Oop) {
    let mut world = world;
    let expected = world.symbol(name);
    let selector = world.symbol(selector);
    let (left, right) = (world.array(left), world.array(right));
    let mut arguments = vec![right];
    arguments.extend_from_slice(extra);
    let mut interpreter = world.into_interpreter();
    let result = interpreter
        .send_message(left, selector, &arguments)
        .unwrap();
    (result, expected)
}

#[test]
fn become_of_arrays_of_different_sizes_fails_with_bad_argument() {
    let mut world = become_world();
    let (a, b, c) = (
        new_object(&mut world),
        new_object(&mut world),
        new_object(&mut world),
    );
    let (result, expected) = become_error("exchange:", &[a, b], &[c], &[], world, "bad argument");
    assert_eq!(result, expected);
}

#[test]
fn become_of_a_read_only_object_fails_with_no_modification() {
    let mut world = become_world();
    let (a, b) = (new_object(&mut world), new_object(&mut world));
    let header = world.heap.header(a).with_immutable(true);
    world.heap.set_header(a, header);
    let (result, expected) = become_error("forward:", &[a], &[b], &[], world, "no modification");
    assert_eq!(result, expected);
}

#[test]
fn become_of_a_pinned_object_fails_with_object_is_pinned() {
    let mut world = become_world();
    let b = new_object(&mut world);
    let pinned = world
        .heap
        .allocate_pinned(ARRAY_INDEX, ObjectFormat::INDEXABLE, 1)
        .unwrap();
    let (result, expected) =
        become_error("exchange:", &[pinned], &[b], &[], world, "object is pinned");
    assert_eq!(result, expected);
}

#[test]
fn become_of_an_immediate_fails_with_inappropriate_operation() {
    let mut world = become_world();
    let b = new_object(&mut world);
    let (result, expected) = become_error(
        "exchange:",
        &[Oop::small_integer_unchecked(3)],
        &[b],
        &[],
        world,
        "inappropriate operation",
    );
    assert_eq!(result, expected);
}

#[test]
fn become_with_a_non_boolean_copy_hash_flag_fails_with_bad_argument() {
    let mut world = become_world();
    let (a, b) = (new_object(&mut world), new_object(&mut world));
    let (result, expected) = become_error(
        "forward:copyHash:",
        &[a],
        &[b],
        &[Oop::small_integer_unchecked(1)],
        world,
        "bad argument",
    );
    assert_eq!(result, expected);
}

#[test]
fn become_whose_argument_is_not_an_array_fails_with_bad_argument() {
    let mut world = become_world();
    let forward = world.symbol("forward:");
    let expected = world.symbol("bad argument");
    let a = new_object(&mut world);
    let left = world.array(&[a]);
    let mut interpreter = world.into_interpreter();
    let result = interpreter.send_message(left, forward, &[Oop::small_integer_unchecked(4)]);
    assert_eq!(result, Ok(expected));
}

#[test]
fn become_keeps_the_heap_valid_with_the_interpreter_roots() {
    let (mut world, method) = forward_in_frame("forward:");
    let (a, b) = (new_object(&mut world), new_object(&mut world));
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    interpreter.run_method(method, nil, &[a, b]).unwrap();
    let mut verified = Ok(());
    interpreter.with_roots(|heap, roots| verified = heap.verify(roots));
    assert_eq!(verified.map_err(|violations| violations.len()), Ok(()));
}

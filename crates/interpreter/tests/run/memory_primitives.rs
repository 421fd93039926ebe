//! Memory primitives that need the interpreter: 172 fetchMourner and the
//! finalization semaphore, 184 pin: of young objects, 254 vmParameterAt:,
//! and the low-space semaphore.
use stvm_heap::{ObjectFormat, Oop};
use stvm_interpreter::testing::{MethodBuilder, World};
use stvm_object_model::{layout::linked_list, special_objects};

use crate::primitive_helpers::{define_primitive, new_object};
use crate::support::{define_down_recursion, int};

/// Special selector index of `==`.
const IDENTICAL: u8 = 22;

/// Object>>gc (130), Object>>fetchMourner (172), Object>>yourself (a real method).
fn memory_world() -> World {
    let mut world = World::new();
    let object = world.classes.object;
    define_primitive(&mut world, object, "gc", 0, 130);
    define_primitive(&mut world, object, "scavenge", 0, 131);
    define_primitive(&mut world, object, "fetchMourner", 0, 172);
    define_primitive(&mut world, object, "pin:", 1, 184);
    define_primitive(&mut world, object, "vmParameterAt:", 1, 254);
    define_primitive(&mut world, object, "vmParameterAt:put:", 2, 254);
    define_primitive(&mut world, object, "vmParameters", 0, 254);
    world.define_method(
        object,
        "yourself",
        MethodBuilder::encoded(|e| e.return_receiver()),
    );
    world
}

/// A young ephemeron whose key (a fresh object) nothing else refers to.
fn ephemeron_with_lonely_key(world: &mut World) -> Oop {
    let object = world.classes.object;
    let class = world.define_class("Ephemeron", object, ObjectFormat::EPHEMERON, 2);
    let ephemeron = world.instantiate(class, 0);
    let key = new_object(world);
    world.heap.store_pointer(ephemeron, 0, key);
    ephemeron
}

/// `test: eph`: full GC, then (the next mourner == eph).
fn gc_then_fetch_mourner(world: &mut World) -> Oop {
    let gc = world.symbol("gc");
    let fetch = world.symbol("fetchMourner");
    let object = world.classes.object;
    world.define_method(
        object,
        "test:",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.send(0, 0);
            e.pop();
            e.push_receiver();
            e.send(1, 0);
            e.push_temp(0);
            e.send_special(IDENTICAL);
            e.return_top();
        })
        .args(1)
        .literals(&[gc, fetch]),
    )
}

#[test]
fn fetch_mourner_answers_an_ephemeron_whose_key_died_in_a_full_gc() {
    let mut world = memory_world();
    let method = gc_then_fetch_mourner(&mut world);
    let ephemeron = ephemeron_with_lonely_key(&mut world);
    let (nil, true_object) = (world.heap.nil(), world.heap.true_object());
    let mut interpreter = world.into_interpreter();
    assert_eq!(
        interpreter.run_method(method, nil, &[ephemeron]),
        Ok(true_object)
    );
}

#[test]
fn fetch_mourner_with_an_empty_queue_fails_with_not_found() {
    let mut world = memory_world();
    let fetch = world.symbol("fetchMourner");
    let expected = world.symbol("not found");
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.send_message(nil, fetch, &[]), Ok(expected));
}

#[test]
fn full_gc_that_mourns_signals_the_finalization_semaphore_at_the_next_check() {
    let mut world = memory_world();
    let (gc, yourself) = (world.symbol("gc"), world.symbol("yourself"));
    let object = world.classes.object;
    let method = world.define_method(
        object,
        "test:",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.send(0, 0);
            e.pop();
            e.push_receiver();
            e.send(1, 0);
            e.return_top();
        })
        .args(1)
        .literals(&[gc, yourself]),
    );
    let ephemeron = ephemeron_with_lonely_key(&mut world);
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    interpreter.run_method(method, nil, &[ephemeron]).unwrap();
    let heap = interpreter.heap();
    let semaphore = heap.special_object(special_objects::THE_FINALIZATION_SEMAPHORE);
    assert_eq!(
        heap.fetch_pointer(semaphore, linked_list::EXCESS_SIGNALS),
        int(1)
    );
}

#[test]
fn full_gc_without_mourners_leaves_the_finalization_semaphore_alone() {
    let mut world = memory_world();
    let method = gc_then_fetch_mourner(&mut world);
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    interpreter.run_method(method, nil, &[nil]).unwrap();
    let heap = interpreter.heap();
    let semaphore = heap.special_object(special_objects::THE_FINALIZATION_SEMAPHORE);
    assert_eq!(
        heap.fetch_pointer(semaphore, linked_list::EXCESS_SIGNALS),
        int(0)
    );
}

/// `test: obj`: `obj pin: true`, then answers obj (as the frame now sees it).
fn pin_in_frame(world: &mut World) -> Oop {
    let pin = world.symbol("pin:");
    let object = world.classes.object;
    world.define_method(
        object,
        "test:",
        MethodBuilder::encoded(|e| {
            e.push_temp(0);
            e.push_true();
            e.send(0, 1);
            e.pop();
            e.push_temp(0);
            e.return_top();
        })
        .args(1)
        .literals(&[pin]),
    )
}

#[test]
fn pinning_a_young_object_moves_it_to_old_space_and_updates_the_frame() {
    let mut world = memory_world();
    let method = pin_in_frame(&mut world);
    let young = new_object(&mut world);
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    let pinned = interpreter.run_method(method, nil, &[young]).unwrap();
    let heap = interpreter.heap();
    assert_eq!(
        (
            pinned != young,
            heap.is_young(pinned),
            heap.is_pinned(pinned)
        ),
        (true, false, true)
    );
}

#[test]
fn pinning_a_young_object_answers_that_it_was_not_pinned() {
    let mut world = memory_world();
    let pin = world.symbol("pin:");
    let young = new_object(&mut world);
    let (true_object, false_object) = (world.heap.true_object(), world.heap.false_object());
    let mut interpreter = world.into_interpreter();
    assert_eq!(
        interpreter.send_message(young, pin, &[true_object]),
        Ok(false_object)
    );
}

#[test]
fn pinning_an_old_object_pins_it_in_place() {
    let mut world = memory_world();
    let pin = world.symbol("pin:");
    let old = world
        .heap
        .allocate_old(
            stvm_interpreter::testing::ARRAY_INDEX,
            ObjectFormat::INDEXABLE,
            1,
        )
        .unwrap();
    let true_object = world.heap.true_object();
    let mut interpreter = world.into_interpreter();
    interpreter.send_message(old, pin, &[true_object]).unwrap();
    assert!(interpreter.heap().is_pinned(old));
}

/// `Object vmParameterAt: index` on a fresh interpreter after `setup`.
fn vm_parameter(index: i64) -> Oop {
    let mut world = memory_world();
    let at = world.symbol("vmParameterAt:");
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    interpreter.send_message(nil, at, &[int(index)]).unwrap()
}

#[test]
fn vm_parameter_40_is_the_word_size() {
    assert_eq!(vm_parameter(40), int(8));
}

#[test]
fn vm_parameter_44_is_the_eden_size() {
    assert_eq!(vm_parameter(44), int(256 << 10));
}

#[test]
fn vm_parameter_1_is_the_old_space_size() {
    let old_bytes = World::new().heap.space_usage().old_bytes as i64;
    assert!(vm_parameter(1).small_integer_value() >= old_bytes.min(1));
}

#[test]
fn vm_parameter_46_machine_code_zone_is_nil() {
    // Compared with the nil of the same heap: another world's nil may lie elsewhere.
    let mut world = memory_world();
    let at = world.symbol("vmParameterAt:");
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.send_message(nil, at, &[int(46)]), Ok(nil));
}

#[test]
fn vm_parameter_out_of_range_fails_with_bad_index() {
    let mut world = memory_world();
    let at = world.symbol("vmParameterAt:");
    let expected = world.symbol("bad index");
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.send_message(nil, at, &[int(77)]), Ok(expected));
}

#[test]
fn vm_parameters_7_and_9_count_full_gcs_and_scavenges() {
    // gc. scavenge. scavenge. ^{self vmParameterAt: 7. self vmParameterAt: 9}
    let mut world = memory_world();
    let literals = [
        world.symbol("gc"),
        world.symbol("scavenge"),
        world.symbol("vmParameterAt:"),
    ];
    let builder = MethodBuilder::encoded(|e| {
        for selector in [0, 1, 1] {
            e.push_receiver();
            e.send(selector, 0);
            e.pop();
        }
        for index in [7, 9] {
            e.push_receiver();
            e.push_small_integer(index);
            e.send(2, 1);
        }
        e.push_new_array(2, true);
        e.return_top();
    })
    .literals(&literals);
    let (interpreter, result) = crate::support::run_in(world, builder);
    let counts = result.unwrap();
    let heap = interpreter.heap();
    assert_eq!(
        (heap.fetch_pointer(counts, 0), heap.fetch_pointer(counts, 1)),
        (int(1), int(2))
    );
}

#[test]
fn vm_parameter_put_answers_the_previous_value_and_stores_the_new_one() {
    let mut world = memory_world();
    let (at, put) = (
        world.symbol("vmParameterAt:"),
        world.symbol("vmParameterAt:put:"),
    );
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    let previous = interpreter
        .send_message(nil, put, &[int(55), int(33)])
        .unwrap();
    let now = interpreter.send_message(nil, at, &[int(55)]).unwrap();
    assert_eq!((previous, now), (int(0), int(33)));
}

#[test]
fn vm_parameter_put_67_sets_the_old_space_limit() {
    let mut world = memory_world();
    let (at, put) = (
        world.symbol("vmParameterAt:"),
        world.symbol("vmParameterAt:put:"),
    );
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    interpreter
        .send_message(nil, put, &[int(67), int(64 << 20)])
        .unwrap();
    assert_eq!(
        interpreter.send_message(nil, at, &[int(67)]),
        Ok(int(64 << 20))
    );
}

#[test]
fn vm_parameter_put_into_a_read_only_parameter_fails_with_bad_index() {
    let mut world = memory_world();
    let put = world.symbol("vmParameterAt:put:");
    let expected = world.symbol("bad index");
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    assert_eq!(
        interpreter.send_message(nil, put, &[int(40), int(4)]),
        Ok(expected)
    );
}

#[test]
fn vm_parameters_without_argument_answer_an_array_of_every_parameter() {
    let mut world = memory_world();
    let all = world.symbol("vmParameters");
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    let array = interpreter.send_message(nil, all, &[]).unwrap();
    let heap = interpreter.heap();
    assert_eq!(
        (heap.num_slots(array), heap.fetch_pointer(array, 39)),
        (76, int(8))
    );
}

#[test]
fn old_space_past_the_soft_limit_signals_the_low_space_semaphore_once() {
    let mut world = World::new();
    let down = define_down_recursion(&mut world, Some(120), false);
    let mut interpreter = world.into_interpreter();
    let used = interpreter.heap().space_usage().old_bytes;
    interpreter.set_memory_limit(used + (1 << 20));
    interpreter
        .send_message(int(0), down, &[int(1230)])
        .unwrap();
    let heap = interpreter.heap();
    let semaphore = heap.special_object(special_objects::THE_LOW_SPACE_SEMAPHORE);
    assert_eq!(
        heap.fetch_pointer(semaphore, linked_list::EXCESS_SIGNALS),
        int(1)
    );
}

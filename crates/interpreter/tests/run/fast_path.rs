//! The fast Sista loop's inline paths and their fall-backs: SmallInteger
//! overflow and non-SmallInteger operands reach the real send, fused
//! compare-and-jump, Array at:/at:put:, cached sends after a cache flush or a
//! GC, and methods that push past the end of their stack page.
use stvm_heap::{ObjectFormat, Oop};
use stvm_interpreter::testing::{MethodBuilder, World};
use stvm_interpreter::InterpreterError;
use stvm_object_model::{layout, oop::MAX_SMALL_INTEGER};

use crate::support::{int, run, run_in};

/// `SmallInteger>>selector` answering `marker` when its primitive fails.
fn define_fallback(world: &mut World, selector: &str, primitive: u16, marker: i64) {
    let small_integer = world.classes.small_integer;
    world.define_method(
        small_integer,
        selector,
        MethodBuilder::encoded(|e| {
            e.push_small_integer(marker);
            e.return_top();
        })
        .args(1)
        .primitive(primitive),
    );
}

/// Runs `receiver <special selector> argument` on a world with fall-back methods.
fn run_special(world: World, receiver: i64, argument: i64, special: u8) -> Oop {
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(receiver);
        e.push_small_integer(argument);
        e.send_special(special);
        e.return_top();
    });
    run_in(world, builder).1.expect("run")
}

#[test]
fn small_integer_addition_in_range_answers_the_sum() {
    let world = World::new();
    assert_eq!(run_special(world, 40, 2, 0), int(42));
}

#[test]
fn small_integer_addition_that_overflows_sends_plus() {
    let mut world = World::new();
    define_fallback(&mut world, "+", 1, -7);
    let builder = MethodBuilder::encoded(|e| {
        e.push_literal(0);
        e.push_small_integer(1);
        e.send_special(0);
        e.return_top();
    })
    .literals(&[int(MAX_SMALL_INTEGER)]);
    assert_eq!(run_in(world, builder).1, Ok(int(-7)));
}

#[test]
fn small_integer_subtraction_that_overflows_sends_minus() {
    let mut world = World::new();
    define_fallback(&mut world, "-", 2, -8);
    let builder = MethodBuilder::encoded(|e| {
        e.push_literal(0);
        e.push_small_integer(1);
        e.send_special(1);
        e.return_top();
    })
    .literals(&[int(-MAX_SMALL_INTEGER - 1)]);
    assert_eq!(run_in(world, builder).1, Ok(int(-8)));
}

#[test]
fn small_integer_multiplication_that_overflows_sends_times() {
    let mut world = World::new();
    define_fallback(&mut world, "*", 9, -9);
    let builder = MethodBuilder::encoded(|e| {
        e.push_literal(0);
        e.push_literal(0);
        e.send_special(8);
        e.return_top();
    })
    .literals(&[int(1 << 40)]);
    assert_eq!(run_in(world, builder).1, Ok(int(-9)));
}

#[test]
fn small_integer_multiplication_of_negative_numbers_answers_the_product() {
    assert_eq!(run_special(World::new(), -6, -7, 8), int(42));
}

#[test]
fn bit_and_of_small_integers_keeps_the_tag() {
    assert_eq!(run_special(World::new(), 0b1100, 0b1010, 14), int(0b1000));
}

#[test]
fn addition_with_a_non_small_integer_receiver_sends_plus() {
    let mut world = World::new();
    let undefined_object = world.heap.class_of(world.heap.nil());
    world.define_method(
        undefined_object,
        "+",
        MethodBuilder::encoded(|e| {
            e.push_temp(0);
            e.return_top();
        })
        .args(1),
    );
    let builder = MethodBuilder::encoded(|e| {
        e.push_nil();
        e.push_small_integer(5);
        e.send_special(0);
        e.return_top();
    });
    assert_eq!(run_in(world, builder).1, Ok(int(5)));
}

#[test]
fn comparison_followed_by_a_conditional_jump_takes_the_branch() {
    let result = run(MethodBuilder::encoded(|e| {
        e.push_small_integer(3);
        e.push_small_integer(4);
        e.send_special(2);
        e.jump_if_false(3);
        e.push_small_integer(10);
        e.return_top();
        e.push_small_integer(20);
        e.return_top();
    }));
    assert_eq!(result, Ok(int(10)));
}

#[test]
fn comparison_followed_by_a_long_conditional_jump_skips_the_block() {
    let result = run(MethodBuilder::encoded(|e| {
        e.push_small_integer(5);
        e.push_small_integer(4);
        e.send_special(2);
        e.jump_if_false(23);
        for _ in 0..10 {
            e.push_small_integer(1);
            e.pop();
        }
        e.push_small_integer(10);
        e.return_top();
        e.push_small_integer(20);
        e.return_top();
    }));
    assert_eq!(result, Ok(int(20)));
}

#[test]
fn comparison_not_followed_by_a_jump_pushes_a_boolean() {
    let world = World::new();
    let true_object = world.heap.true_object();
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(4);
        e.push_small_integer(4);
        e.send_special(4);
        e.return_top();
    });
    assert_eq!(run_in(world, builder).1, Ok(true_object));
}

#[test]
fn array_at_put_then_at_answers_the_stored_value() {
    let mut world = World::new();
    let array = world.array(&[int(0), int(0), int(0)]);
    let builder = MethodBuilder::encoded(|e| {
        e.push_literal(0);
        e.push_small_integer(2);
        e.push_small_integer(77);
        e.send_special(17);
        e.pop();
        e.push_literal(0);
        e.push_small_integer(2);
        e.send_special(16);
        e.return_top();
    })
    .literals(&[array]);
    assert_eq!(run_in(world, builder).1, Ok(int(77)));
}

#[test]
fn array_at_out_of_bounds_sends_at() {
    let mut world = World::new();
    let array_class = world.classes.array;
    world.define_method(
        array_class,
        "at:",
        MethodBuilder::encoded(|e| {
            e.push_small_integer(-1);
            e.return_top();
        })
        .args(1),
    );
    let array = world.array(&[int(5)]);
    let builder = MethodBuilder::encoded(|e| {
        e.push_literal(0);
        e.push_small_integer(2);
        e.send_special(16);
        e.return_top();
    })
    .literals(&[array]);
    assert_eq!(run_in(world, builder).1, Ok(int(-1)));
}

/// A class `Answerer` with `answer` ^1, `flush` (primitive 119), `collect`
/// (primitive 130, full GC) and `callAnswer` ^self answer (a fast-path send);
/// answers the world, the class, an instance, `answer` and `callAnswer`.
fn answerer_world() -> (World, Oop, Oop, Oop, Oop) {
    let mut world = World::new();
    let object = world.classes.object;
    let class = world.define_class("Answerer", object, ObjectFormat::FIXED, 0);
    let answer = world.define_method(
        class,
        "answer",
        MethodBuilder::encoded(|e| {
            e.push_small_integer(1);
            e.return_top();
        }),
    );
    world.define_method(
        class,
        "flush",
        MethodBuilder::encoded(|e| e.return_receiver()).primitive(119),
    );
    world.define_method(
        class,
        "collect",
        MethodBuilder::encoded(|e| e.return_receiver()).primitive(130),
    );
    let selector = world.symbol("answer");
    let call = world.define_method(
        class,
        "callAnswer",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.send(0, 0);
            e.return_top();
        })
        .literals(&[selector]),
    );
    let instance = world.instantiate(class, 0);
    (world, class, instance, answer, call)
}

/// Replaces `old` by `new` in `class`'s method dictionary.
fn replace_method(heap: &mut stvm_heap::Heap, class: Oop, old: Oop, new: Oop) {
    let dictionary = heap.fetch_pointer(class, layout::class::METHOD_DICTIONARY);
    let methods = heap.fetch_pointer(dictionary, layout::method_dictionary::METHOD_ARRAY);
    for index in 0..heap.num_slots(methods) {
        if heap.fetch_pointer(methods, index) == old {
            heap.store_pointer(methods, index, new);
        }
    }
}

#[test]
fn cached_send_runs_the_new_method_after_the_flush_primitive() {
    let (mut world, class, instance, answer_one, call) = answerer_world();
    let answer_two = MethodBuilder::encoded(|e| {
        e.push_small_integer(2);
        e.return_top();
    })
    .build_method(&mut world, "answer", class);
    let flush = world.symbol("flush");
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.run_method(call, instance, &[]), Ok(int(1)));
    replace_method(interpreter.heap_mut(), class, answer_one, answer_two);
    interpreter
        .send_message(instance, flush, &[])
        .expect("flush");
    assert_eq!(interpreter.run_method(call, instance, &[]), Ok(int(2)));
}

#[test]
fn cached_send_runs_the_right_method_after_a_full_gc_in_between() {
    let (mut world, class, instance, _, _) = answerer_world();
    let selectors = [world.symbol("answer"), world.symbol("collect")];
    // self answer. self collect. ^ self answer + self answer
    let test = world.define_method(
        class,
        "test",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.send(0, 0);
            e.pop();
            e.push_receiver();
            e.send(1, 0);
            e.pop();
            e.push_receiver();
            e.send(0, 0);
            e.push_receiver();
            e.send(0, 0);
            e.send_special(0);
            e.return_top();
        })
        .literals(&selectors),
    );
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.run_method(test, instance, &[]), Ok(int(2)));
    assert!(interpreter.gc_count() > 0);
}

#[test]
fn method_pushing_forever_is_rejected_as_malformed() {
    let result = run(MethodBuilder::encoded(|e| {
        let start = e.len();
        e.push_small_integer(1);
        e.jump_backward_to(start);
    }));
    assert!(
        matches!(result, Err(InterpreterError::MalformedMethod { .. })),
        "{result:?}"
    );
}

#[test]
fn straight_line_method_pushing_past_its_page_is_rejected_as_malformed() {
    let result = run(MethodBuilder::encoded(|e| {
        for _ in 0..5000 {
            e.push_nil();
        }
        e.return_top();
    }));
    assert!(
        matches!(result, Err(InterpreterError::MalformedMethod { .. })),
        "{result:?}"
    );
}

#[test]
fn v3_method_pushing_forever_is_rejected_as_malformed() {
    // 118: push 1; 163 253: long jump by (3 - 4)·256 + 253 = -3, back to the push.
    let result = run(MethodBuilder::v3([118u8, 163, 253]));
    assert!(
        matches!(result, Err(InterpreterError::MalformedMethod { .. })),
        "{result:?}"
    );
}

#[test]
fn interpreter_runs_again_after_a_malformed_runaway_method() {
    let mut world = World::new();
    let object = world.classes.object;
    let runaway = world.define_method(
        object,
        "runaway",
        MethodBuilder::encoded(|e| {
            let start = e.len();
            e.push_nil();
            e.jump_backward_to(start);
        }),
    );
    let fine = world.define_method(
        object,
        "fine",
        MethodBuilder::encoded(|e| {
            e.push_small_integer(3);
            e.return_top();
        }),
    );
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    assert!(matches!(
        interpreter.run_method(runaway, nil, &[]),
        Err(InterpreterError::MalformedMethod { .. })
    ));
    assert_eq!(interpreter.run_method(fine, nil, &[]), Ok(int(3)));
}

#[test]
fn array_at_put_of_a_young_object_into_an_old_array_remembers_the_array() {
    let mut world = World::new();
    let array_class_index = stvm_object_model::class_index::ARRAY;
    let old_array = world
        .heap
        .allocate_old(array_class_index, ObjectFormat::INDEXABLE, 2)
        .expect("old array");
    let builder = MethodBuilder::encoded(|e| {
        e.push_literal(0);
        e.push_small_integer(1);
        e.push_new_array(0, false);
        e.send_special(17);
        e.return_top();
    })
    .literals(&[old_array]);
    let (interpreter, result) = run_in(world, builder);
    assert!(result.is_ok());
    assert!(interpreter.heap().header(old_array).is_remembered());
}

#[test]
fn pop_into_receiver_variable_of_a_young_object_remembers_the_old_receiver() {
    let mut world = World::new();
    let object = world.classes.object;
    let class = world.define_class("Holder", object, ObjectFormat::FIXED, 1);
    let method = world.define_method(
        class,
        "fill",
        MethodBuilder::encoded(|e| {
            e.push_new_array(0, false);
            e.pop_into_receiver_variable(0);
            e.return_receiver();
        }),
    );
    let class_index = world.heap.ensure_class_index(class).expect("class index");
    let holder = world
        .heap
        .allocate_old(class_index, ObjectFormat::FIXED, 1)
        .expect("old holder");
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.run_method(method, holder, &[]), Ok(holder));
    assert!(interpreter.heap().header(holder).is_remembered());
}

//! Sends, lookup, doesNotUnderstand:, super sends, primitives and special selectors.
use stvm_heap::{ObjectFormat, Oop};
use stvm_interpreter::testing::{MethodBuilder, World};
use stvm_interpreter::InterpreterError;

use crate::support::{define_down_recursion, int, run, run_in};

#[test]
fn send_finds_method_in_superclass() {
    let mut world = World::new();
    let object = world.classes.object;
    world.define_method(
        object,
        "answer",
        MethodBuilder::encoded(|e| {
            e.push_small_integer(42);
            e.return_top();
        }),
    );
    let sub = world.define_class("Sub", object, ObjectFormat::FIXED, 0);
    let instance = world.instantiate(sub, 0);
    let selector = world.symbol("answer");
    let mut interpreter = world.into_interpreter();
    assert_eq!(
        interpreter.send_message(instance, selector, &[]),
        Ok(int(42))
    );
}

#[test]
fn send_with_arguments_passes_them_as_temps() {
    let mut world = World::new();
    let small_integer = world.classes.small_integer;
    world.define_method(
        small_integer,
        "minus:",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.push_temp(0);
            e.send_special(1);
            e.return_top();
        })
        .args(1),
    );
    let selector = world.symbol("minus:");
    let mut interpreter = world.into_interpreter();
    assert_eq!(
        interpreter.send_message(int(10), selector, &[int(3)]),
        Ok(int(7))
    );
}

#[test]
fn does_not_understand_receives_a_message_with_selector_and_arguments() {
    let mut world = World::new();
    let object = world.classes.object;
    // doesNotUnderstand: aMessage ^aMessage
    world.define_method(
        object,
        "doesNotUnderstand:",
        MethodBuilder::sista(vec![64, 92]).args(1),
    );
    let selector = world.symbol("frobnicate:");
    let message_class = world.classes.message;
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    let message = interpreter.send_message(nil, selector, &[int(5)]).unwrap();
    let heap = interpreter.heap();
    let arguments = heap.fetch_pointer(message, 1);
    assert_eq!(
        (
            heap.class_of(message),
            heap.fetch_pointer(message, 0),
            heap.fetch_pointer(arguments, 0)
        ),
        (message_class, selector, int(5))
    );
}

#[test]
fn recursive_does_not_understand_is_a_typed_error() {
    let mut world = World::new();
    let selector = world.symbol("nothingAnswersThis");
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    assert_eq!(
        interpreter.send_message(nil, selector, &[]),
        Err(InterpreterError::RecursiveDoesNotUnderstand {
            selector: "nothingAnswersThis".into()
        })
    );
}

#[test]
fn super_send_starts_lookup_above_the_method_class() {
    let mut world = World::new();
    let object = world.classes.object;
    world.define_method(
        object,
        "value",
        MethodBuilder::encoded(|e| {
            e.push_small_integer(1);
            e.return_top();
        }),
    );
    let sub = world.define_class("Sub", object, ObjectFormat::FIXED, 0);
    let selector = world.symbol("value");
    world.define_method(
        sub,
        "value",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.super_send(0, 0);
            e.push_small_integer(10);
            e.send_special(0);
            e.return_top();
        })
        .literals(&[selector]),
    );
    let instance = world.instantiate(sub, 0);
    let mut interpreter = world.into_interpreter();
    assert_eq!(
        interpreter.send_message(instance, selector, &[]),
        Ok(int(11))
    );
}

#[test]
fn directed_super_send_starts_above_the_popped_class() {
    let mut world = World::new();
    let object = world.classes.object;
    world.define_method(
        object,
        "value",
        MethodBuilder::encoded(|e| {
            e.push_small_integer(1);
            e.return_top();
        }),
    );
    let sub = world.define_class("Sub", object, ObjectFormat::FIXED, 0);
    let selector = world.symbol("value");
    let binding = world.association(Oop::default(), sub);
    let nil = world.heap.nil();
    world.heap.store_pointer(binding, 0, nil);
    world.define_method(
        sub,
        "value",
        MethodBuilder::encoded(|e| {
            e.push_small_integer(2);
            e.return_top();
        }),
    );
    world.define_method(
        sub,
        "viaDirected",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.push_literal_variable(1);
            e.directed_super_send(0, 0);
            e.return_top();
        })
        .literals(&[selector, binding]),
    );
    let instance = world.instantiate(sub, 0);
    let directed = world.symbol("viaDirected");
    let mut interpreter = world.into_interpreter();
    assert_eq!(
        interpreter.send_message(instance, directed, &[]),
        Ok(int(1))
    );
}

#[test]
fn quick_primitive_answers_without_activation() {
    assert_eq!(run(MethodBuilder::sista(vec![]).primitive(262)), Ok(int(1)));
}

#[test]
fn quick_instance_variable_primitive_answers_the_field() {
    let mut world = World::new();
    let object = world.classes.object;
    let holder = world.define_class("Holder", object, ObjectFormat::FIXED, 2);
    let method = world.define_method(
        holder,
        "second",
        MethodBuilder::sista(vec![]).primitive(265),
    );
    let instance = world.instantiate(holder, 0);
    world.heap.store_pointer(instance, 1, int(77));
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.run_method(method, instance, &[]), Ok(int(77)));
}

#[test]
fn primitive_failure_runs_the_method_body() {
    // primitive 19 always fails
    assert_eq!(
        run(MethodBuilder::sista(vec![81, 92]).primitive(19)),
        Ok(int(1))
    );
}

#[test]
fn primitive_failure_stores_the_error_code_in_the_ec_temp() {
    let builder = MethodBuilder::encoded(|e| {
        e.store_temp(0);
        e.push_temp(0);
        e.return_top();
    })
    .temps(1)
    .primitive(19);
    assert_eq!(
        run(builder),
        Ok(Oop::default())
            .map(|_: Oop| World::new().heap.nil())
            .map(|_| run_nil())
    );
}

fn run_nil() -> Oop {
    // The generic failure's entry in the primitive error table is nil.
    let world = World::new();
    world.heap.nil()
}

#[test]
fn special_selector_add_of_small_integers_is_inline() {
    assert_eq!(run_sista(&[232, 3, 232, 4, 96, 92]), Ok(int(7)));
}

fn run_sista(bytes: &[u8]) -> Result<Oop, InterpreterError> {
    crate::support::run_sista(bytes)
}

#[test]
fn special_selector_add_overflow_sends_plus() {
    let mut world = World::new();
    let small_integer = world.classes.small_integer;
    world.define_method(
        small_integer,
        "+",
        MethodBuilder::encoded(|e| {
            e.push_small_integer(-1);
            e.return_top();
        })
        .args(1),
    );
    let max = Oop::small_integer_unchecked((1 << 60) - 1);
    let builder = MethodBuilder::sista(vec![32, 81, 96, 92]).literals(&[max]);
    assert_eq!(run_in(world, builder).1, Ok(int(-1)));
}

#[test]
fn special_selector_less_than_answers_a_boolean() {
    let world = World::new();
    let true_object = world.heap.true_object();
    assert_eq!(
        run_in(world, MethodBuilder::sista(vec![80, 81, 98, 92])).1,
        Ok(true_object)
    );
}

#[test]
fn special_selector_floored_modulo_follows_the_divisor_sign() {
    // -7 \\ 2 = 1
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(-7);
        e.push_small_integer(2);
        e.send_special(10);
        e.return_top();
    });
    assert_eq!(run(builder), Ok(int(1)));
}

#[test]
fn special_selector_small_float_multiply_is_inline() {
    let a = Oop::small_float(1.5).unwrap();
    let b = Oop::small_float(4.0).unwrap();
    let builder = MethodBuilder::sista(vec![32, 33, 104, 92]).literals(&[a, b]);
    assert_eq!(run(builder), Ok(Oop::small_float(6.0).unwrap()));
}

#[test]
fn special_selector_identity_compares_oops() {
    let world = World::new();
    let false_object = world.heap.false_object();
    assert_eq!(
        run_in(world, MethodBuilder::sista(vec![80, 81, 118, 92])).1,
        Ok(false_object)
    );
}

#[test]
fn special_selector_class_answers_the_class_without_a_send() {
    let world = World::new();
    let small_integer = world.classes.small_integer;
    assert_eq!(
        run_in(world, MethodBuilder::sista(vec![81, 119, 92])).1,
        Ok(small_integer)
    );
}

#[test]
fn special_selector_at_put_and_at_on_an_array_are_inline() {
    let builder = MethodBuilder::encoded(|e| {
        e.push_new_array(3, false);
        e.dup();
        e.push_small_integer(2);
        e.push_small_integer(9);
        e.send_special(17);
        e.pop();
        e.push_small_integer(2);
        e.send_special(16);
        e.return_top();
    });
    assert_eq!(run(builder), Ok(int(9)));
}

#[test]
fn special_selector_size_of_an_array_is_inline() {
    let builder = MethodBuilder::encoded(|e| {
        e.push_new_array(5, false);
        e.send_special(18);
        e.return_top();
    });
    assert_eq!(run(builder), Ok(int(5)));
}

#[test]
fn special_selector_without_fast_path_is_sent() {
    let mut world = World::new();
    let small_integer = world.classes.small_integer;
    world.define_method(
        small_integer,
        "@",
        MethodBuilder::encoded(|e| {
            e.push_small_integer(99);
            e.return_top();
        })
        .args(1),
    );
    assert_eq!(
        run_in(world, MethodBuilder::sista(vec![80, 81, 107, 92])).1,
        Ok(int(99))
    );
}

#[test]
fn non_method_in_dictionary_receives_run_with_in() {
    let mut world = World::new();
    let object = world.classes.object;
    let runner_class = world.define_class("Runner", object, ObjectFormat::FIXED, 0);
    // run: selector with: args in: receiver  ^args
    world.define_method(
        runner_class,
        "run:with:in:",
        MethodBuilder::sista(vec![65, 92]).args(3),
    );
    let runner = world.instantiate(runner_class, 0);
    world.install_method(object, "delegated:", runner);
    let selector = world.symbol("delegated:");
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    let arguments = interpreter.send_message(nil, selector, &[int(4)]).unwrap();
    assert_eq!(interpreter.heap().fetch_pointer(arguments, 0), int(4));
}

#[test]
fn store_into_read_only_object_sends_attempt_to_assign() {
    let mut world = World::new();
    let object = world.classes.object;
    let holder = world.define_class("Holder", object, ObjectFormat::FIXED, 1);
    // attemptToAssign: value withIndex: index  ^index
    world.define_method(
        object,
        "attemptToAssign:withIndex:",
        MethodBuilder::sista(vec![65, 92]).args(2),
    );
    let method = world.define_method(
        holder,
        "set",
        MethodBuilder::encoded(|e| {
            e.push_small_integer(5);
            e.store_receiver_variable(0);
            e.return_top();
        }),
    );
    let instance = world.instantiate(holder, 0);
    world.heap.set_immutable(instance, true);
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.run_method(method, instance, &[]), Ok(int(1)));
}

#[test]
fn perform_sends_the_selector_with_arguments() {
    let mut world = World::new();
    let small_integer = world.classes.small_integer;
    world.define_method(
        small_integer,
        "perform:with:",
        MethodBuilder::sista(vec![]).args(2).primitive(83),
    );
    world.define_method(
        small_integer,
        "plus:",
        MethodBuilder::sista(vec![76, 64, 96, 92]).args(1),
    );
    let plus = world.symbol("plus:");
    let perform = world.symbol("perform:with:");
    let mut interpreter = world.into_interpreter();
    assert_eq!(
        interpreter.send_message(int(2), perform, &[plus, int(5)]),
        Ok(int(7))
    );
}

#[test]
fn deep_recursion_of_a_million_frames_works() {
    // down: n  ^n = 0 ifTrue: [0] ifFalse: [(self down: n - 1) + 1]
    let mut world = World::new();
    let down = define_down_recursion(&mut world, None, true);
    let mut interpreter = world.into_interpreter_with_stack_pages(8);
    assert_eq!(
        interpreter.send_message(int(0), down, &[int(1_000_000)]),
        Ok(int(1_000_000))
    );
}

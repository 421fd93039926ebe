//! The fast loop's special selectors give what the general path gives: `//`,
//! `\\`, `/`, `bitShift:` on SmallIntegers, SmallFloat64 arithmetic and
//! comparisons, `class` without a send, and the selectors the VM does not
//! inline (`next`, `x`...) sent through the lookup cache.
use stvm_object_model::Oop;

use crate::testing::{MethodBuilder, World};

fn int(value: i64) -> Oop {
    Oop::small_integer_unchecked(value)
}

fn float(value: f64) -> Oop {
    Oop::small_float(value).expect("a SmallFloat64")
}

/// `^ self <special selector index> argument`.
fn binary(index: u8) -> MethodBuilder {
    MethodBuilder::encoded(|e| {
        e.push_receiver();
        e.push_temp(0);
        e.send_special(index);
        e.return_top();
    })
    .args(1)
}

/// Runs `self <special selector index> argument` for `receiver` and `argument`.
fn run_binary(index: u8, receiver: Oop, argument: Oop) -> Oop {
    let mut world = World::new();
    let object = world.classes.object;
    let method = world.define_method(object, "binary:", binary(index));
    let mut interpreter = world.into_interpreter();
    interpreter
        .run_method(method, receiver, &[argument])
        .expect("the method runs")
}

#[test]
fn integer_division_rounds_towards_negative_infinity() {
    assert_eq!(run_binary(13, int(7), int(2)), int(3));
    assert_eq!(run_binary(13, int(-7), int(2)), int(-4));
}

#[test]
fn modulo_takes_the_sign_of_the_divisor() {
    assert_eq!(run_binary(10, int(-7), int(2)), int(1));
    assert_eq!(run_binary(10, int(7), int(-2)), int(-1));
}

#[test]
fn exact_division_answers_a_small_integer() {
    assert_eq!(run_binary(9, int(12), int(4)), int(3));
}

#[test]
fn bit_shift_shifts_both_ways() {
    assert_eq!(run_binary(12, int(3), int(4)), int(48));
    assert_eq!(run_binary(12, int(-8), int(-1)), int(-4));
}

#[test]
fn small_floats_add_and_compare_in_the_fast_loop() {
    assert_eq!(run_binary(0, float(1.5), float(2.25)), float(3.75));
    assert_eq!(run_binary(8, float(1.5), float(2.0)), float(3.0));
    let mut world = World::new();
    let object = world.classes.object;
    let method = world.define_method(object, "less:", binary(2));
    let mut interpreter = world.into_interpreter();
    let less = interpreter.run_method(method, float(1.0), &[float(2.0)]);
    assert_eq!(less, Ok(interpreter.true_object));
}

#[test]
fn class_answers_the_receivers_class() {
    let mut world = World::new();
    let object = world.classes.object;
    let small_integer = world.classes.small_integer;
    let method = world.define_method(
        object,
        "myClass",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.send_special(23);
            e.return_top();
        }),
    );
    let mut interpreter = world.into_interpreter();
    assert_eq!(
        interpreter.run_method(method, int(3), &[]),
        Ok(small_integer)
    );
}

#[test]
fn next_is_sent_to_the_method_the_receiver_understands() {
    let mut world = World::new();
    let object = world.classes.object;
    world.define_method(
        object,
        "next",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.push_small_integer(1);
            e.send_special(0);
            e.return_top();
        }),
    );
    let caller = world.define_method(
        object,
        "nextOfNext",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.send_special(19);
            e.send_special(19);
            e.return_top();
        }),
    );
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.run_method(caller, int(40), &[]), Ok(int(42)));
}

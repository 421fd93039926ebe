//! Superinstructions give the results of the plain bytecodes they cover,
//! including every fall-back, and keep doing so when code moves, changes or
//! the arena starts again.
use stvm_bytecode::SistaEncoder;
use stvm_object_model::oop::MAX_SMALL_INTEGER;
use stvm_object_model::Oop;

use crate::bytecodes::special_selectors::index;
use crate::error::InterpreterError;
use crate::interpreter::Interpreter;
use crate::testing::{MethodBuilder, World};

fn int(value: i64) -> Oop {
    Oop::small_integer_unchecked(value)
}

/// Special selector indices.
const PLUS: u8 = index::ADD as u8;
const MINUS: u8 = index::SUBTRACT as u8;
const LESS_OR_EQUAL: u8 = index::LESS_OR_EQUAL as u8;
const GREATER_OR_EQUAL: u8 = index::GREATER_OR_EQUAL as u8;
const TIMES: u8 = index::MULTIPLY as u8;
const AT: u8 = index::AT as u8;
const AT_PUT: u8 = index::AT_PUT as u8;

/// Installs `Object>>test` built from `builder` and answers the interpreter and the method.
fn prepared(mut world: World, builder: MethodBuilder) -> (Interpreter, Oop) {
    let object = world.classes.object;
    let method = world.define_method(object, "test", builder);
    (world.into_interpreter(), method)
}

/// Runs `Object>>test` built from `builder` on `receiver` with `arguments`.
fn run_on(
    world: World,
    builder: MethodBuilder,
    receiver: Oop,
    arguments: &[Oop],
) -> Result<Oop, InterpreterError> {
    let (mut interpreter, method) = prepared(world, builder);
    interpreter.run_method(method, receiver, arguments)
}

/// A world where `class>>selector` (one argument) has `primitive` and, when it
/// fails, answers what `push_answer` pushes.
fn world_with_failing_primitive<R>(
    class: impl FnOnce(&World) -> Oop,
    selector: &str,
    primitive: u16,
    push_answer: impl FnOnce(&mut SistaEncoder) -> R,
) -> World {
    let mut world = World::new();
    let class = class(&world);
    let fallback = method(1, 1, |e| {
        push_answer(e);
        e.return_top();
    })
    .primitive(primitive);
    world.define_method(class, selector, fallback);
    world
}

/// A method of `num_args` arguments (and `num_temps` temps) from `encode`.
fn method(num_args: u8, num_temps: u8, encode: impl FnOnce(&mut SistaEncoder)) -> MethodBuilder {
    MethodBuilder::encoded(encode)
        .args(num_args)
        .temps(num_temps)
}

/// `^ (t0 <selector> <second>) ifTrue: [1] ifFalse: [2]` (a method of
/// `num_args` arguments): the send and the jump fuse.
fn one_if_true(
    num_args: u8,
    push_second: impl FnOnce(&mut SistaEncoder),
    selector: u8,
) -> MethodBuilder {
    method(num_args, num_args, |e| {
        e.push_temp(0);
        push_second(e);
        e.send_special(selector);
        e.jump_if_false(2);
        e.push_small_integer(1);
        e.return_top();
        e.push_small_integer(2);
        e.return_top();
    })
}

/// `^ (t0 <= t1) ifTrue: [1] ifFalse: [2]`, compare-and-branch fused.
fn compare_and_branch() -> MethodBuilder {
    one_if_true(2, |e| e.push_temp(1), LESS_OR_EQUAL)
}

#[test]
fn fused_comparison_goes_on_when_true() {
    let result = run_on(
        World::new(),
        compare_and_branch(),
        int(0),
        &[int(2), int(3)],
    );
    assert_eq!(result, Ok(int(1)));
}

#[test]
fn fused_comparison_jumps_when_false() {
    let result = run_on(
        World::new(),
        compare_and_branch(),
        int(0),
        &[int(3), int(2)],
    );
    assert_eq!(result, Ok(int(2)));
}

#[test]
fn receiver_minus_constant_pushes_the_difference() {
    let builder = method(0, 0, |e| {
        e.push_receiver();
        e.push_small_integer(1);
        e.send_special(MINUS);
        e.push_small_integer(3);
        e.send_special(TIMES);
        e.return_top();
    });
    assert_eq!(run_on(World::new(), builder, int(10), &[]), Ok(int(27)));
}

#[test]
fn literal_operand_is_read_from_the_method() {
    let builder = method(0, 0, |e| {
        e.push_receiver();
        e.push_literal(0);
        e.send_special(PLUS);
        e.return_top();
    })
    .literals(&[int(1 << 40)]);
    assert_eq!(
        run_on(World::new(), builder, int(2), &[]),
        Ok(int((1 << 40) + 2))
    );
}

#[test]
fn fused_sum_that_overflows_sends_plus() {
    let world = world_with_failing_primitive(
        |w| w.classes.small_integer,
        "+",
        1,
        |e| e.push_small_integer(-7),
    );
    let builder = method(1, 1, |e| {
        e.push_temp(0);
        e.push_small_integer(1);
        e.send_special(PLUS);
        e.return_top();
    });
    let result = run_on(world, builder, int(0), &[int(MAX_SMALL_INTEGER)]);
    assert_eq!(result, Ok(int(-7)));
}

#[test]
fn fused_sum_with_a_non_small_integer_receiver_sends_plus() {
    let mut world = World::new();
    let undefined_object = world.classes.undefined_object;
    let answer_argument = method(1, 1, |e| {
        e.push_temp(0);
        e.return_top();
    });
    world.define_method(undefined_object, "+", answer_argument);
    let builder = method(0, 0, |e| {
        e.push_receiver();
        e.push_small_integer(5);
        e.send_special(PLUS);
        e.return_top();
    });
    let nil = world.heap.nil();
    assert_eq!(run_on(world, builder, nil, &[]), Ok(int(5)));
}

#[test]
fn non_boolean_comparison_result_before_a_fused_jump_sends_must_be_boolean() {
    let mut world = World::new();
    let (undefined_object, small_integer) =
        (world.classes.undefined_object, world.classes.small_integer);
    let answer_five = method(1, 1, |e| {
        e.push_small_integer(5);
        e.return_top();
    });
    world.define_method(undefined_object, "<=", answer_five);
    // mustBeBoolean answers false, left on the stack; the fall-through answers 1.
    world.define_method(
        small_integer,
        "mustBeBoolean",
        MethodBuilder::sista(vec![78, 92]),
    );
    let nil = world.heap.nil();
    let result = run_on(world, compare_and_branch(), int(0), &[nil, int(3)]);
    assert_eq!(result, Ok(int(1)));
}

#[test]
fn sum_popped_into_a_temp_updates_the_temp() {
    let builder = method(0, 1, |e| {
        e.push_small_integer(5);
        e.pop_into_temp(0);
        e.push_temp(0);
        e.push_small_integer(3);
        e.send_special(PLUS);
        e.pop_into_temp(0);
        e.push_temp(0);
        e.return_top();
    });
    assert_eq!(run_on(World::new(), builder, int(0), &[]), Ok(int(8)));
}

#[test]
fn sum_stored_into_a_temp_stays_pushed() {
    let builder = method(0, 1, |e| {
        e.push_small_integer(5);
        e.pop_into_temp(0);
        e.push_temp(0);
        e.push_small_integer(3);
        e.send_special(PLUS);
        e.store_temp(0);
        e.push_temp(0);
        e.send_special(PLUS);
        e.return_top();
    });
    assert_eq!(run_on(World::new(), builder, int(0), &[]), Ok(int(16)));
}

/// `k := t0. [k <test> t1] whileTrue: [k := k + t2]. ^ k` (arguments t0–t2, k is
/// t3): the step, its backward jump and the test fuse into one op.
fn stepping_loop(test_selector: u8) -> MethodBuilder {
    method(3, 4, |e| {
        e.push_temp(0);
        e.pop_into_temp(3);
        let start = e.len();
        e.push_temp(3);
        e.push_temp(1);
        e.send_special(test_selector);
        e.jump_if_false(8);
        e.push_temp(3);
        e.push_temp(2);
        e.send_special(PLUS);
        e.pop_into_temp(3);
        e.jump_backward_to(start);
        e.push_temp(3);
        e.return_top();
    })
}

#[test]
fn loop_of_fused_compare_sum_and_backward_jump_counts_to_its_limit() {
    // Past many check points.
    let builder = stepping_loop(LESS_OR_EQUAL);
    let result = run_on(World::new(), builder, int(0), &[int(0), int(99999), int(1)]);
    assert_eq!(result, Ok(int(100000)));
}

#[test]
fn loop_step_that_overflows_sends_plus() {
    // From the largest SmallInteger the fused step overflows and `+` (its
    // primitive failing) answers -5, which ends the loop.
    let world = world_with_failing_primitive(
        |w| w.classes.small_integer,
        "+",
        1,
        |e| e.push_small_integer(-5),
    );
    let max = int(MAX_SMALL_INTEGER);
    let result = run_on(
        world,
        stepping_loop(GREATER_OR_EQUAL),
        int(0),
        &[max, max, int(1)],
    );
    assert_eq!(result, Ok(int(-5)));
}

#[test]
fn loop_counting_down_with_a_negative_step_stops_at_its_limit() {
    let builder = stepping_loop(GREATER_OR_EQUAL);
    let result = run_on(World::new(), builder, int(0), &[int(10), int(-3), int(-1)]);
    assert_eq!(result, Ok(int(-4)));
}

#[test]
fn loop_test_whose_limit_stops_being_a_small_integer_sends_the_comparison() {
    // t1 := 0. [t1 <= t0] whileTrue: [t0 := nil. t1 := t1 + 1]. ^ t1 — the
    // fused step's test finds nil and lets the test op send `<=`, whose
    // primitive fails and whose method answers false.
    let world =
        world_with_failing_primitive(|w| w.classes.small_integer, "<=", 5, |e| e.push_false());
    let builder = method(1, 2, |e| {
        e.push_small_integer(0);
        e.pop_into_temp(1);
        let start = e.len();
        e.push_temp(1);
        e.push_temp(0);
        e.send_special(LESS_OR_EQUAL);
        e.jump_if_false(10);
        e.push_nil();
        e.pop_into_temp(0);
        e.push_temp(1);
        e.push_small_integer(1);
        e.send_special(PLUS);
        e.pop_into_temp(1);
        e.jump_backward_to(start);
        e.push_temp(1);
        e.return_top();
    });
    assert_eq!(run_on(world, builder, int(0), &[int(10)]), Ok(int(1)));
}

/// `^ (t0 at: 1) ifTrue: [1] ifFalse: [2]`, at: and the jump fused.
fn element_and_branch() -> MethodBuilder {
    one_if_true(
        1,
        |e| {
            e.push_small_integer(1);
        },
        AT,
    )
}

#[test]
fn fused_array_element_jumps_on_false() {
    let mut world = World::new();
    let array = world.array(&[world.heap.false_object()]);
    let result = run_on(world, element_and_branch(), int(0), &[array]);
    assert_eq!(result, Ok(int(2)));
}

#[test]
fn non_boolean_array_element_before_a_fused_jump_sends_must_be_boolean() {
    let mut world = World::new();
    let undefined_object = world.classes.undefined_object;
    // mustBeBoolean answers true, left on the stack; the fall-through answers 1.
    world.define_method(
        undefined_object,
        "mustBeBoolean",
        MethodBuilder::sista(vec![77, 92]),
    );
    let array = world.array(&[world.heap.nil()]);
    let result = run_on(world, element_and_branch(), int(0), &[array]);
    assert_eq!(result, Ok(int(1)));
}

#[test]
fn fused_at_out_of_range_runs_the_primitive_failure_code() {
    let mut world = world_with_failing_primitive(
        |w| w.classes.object,
        "at:",
        60,
        |e| e.push_small_integer(-3),
    );
    let array = world.array(&[]);
    let builder = method(1, 1, |e| {
        e.push_temp(0);
        e.push_small_integer(1);
        e.send_special(AT);
        e.return_top();
    });
    assert_eq!(run_on(world, builder, int(0), &[array]), Ok(int(-3)));
}

#[test]
fn fused_at_put_then_pop_stores_the_value() {
    let mut world = World::new();
    let array = world.array(&[int(1), int(2)]);
    let builder = method(1, 1, |e| {
        e.push_temp(0);
        e.push_small_integer(2);
        e.push_false();
        e.send_special(AT_PUT);
        e.pop();
        e.push_temp(0);
        e.push_small_integer(2);
        e.send_special(AT);
        e.return_top();
    });
    let false_object = world.heap.false_object();
    assert_eq!(run_on(world, builder, int(0), &[array]), Ok(false_object));
}

/// `^ t0 ifTrue: [1] ifFalse: [t1]`: push 1 then a jump to the returnTop is fused.
fn push_and_jump_to_return() -> MethodBuilder {
    method(2, 2, |e| {
        e.push_temp(0);
        e.jump_if_false(2);
        e.push_small_integer(1);
        e.jump(1);
        e.push_temp(1);
        e.return_top();
    })
}

#[test]
fn push_and_jump_to_a_return_returns_the_constant() {
    let world = World::new();
    let true_object = world.heap.true_object();
    let result = run_on(
        world,
        push_and_jump_to_return(),
        int(0),
        &[true_object, int(7)],
    );
    assert_eq!(result, Ok(int(1)));
}

/// push 10; t1 ifFalse: jump to L with 10 stacked; else pop, push t0; L: push 1; +; ^
/// (`push t0; push 1; +; ^` is one superinstruction, and L is in its middle).
fn jump_into_a_fused_sequence() -> MethodBuilder {
    method(2, 2, |e| {
        e.push_small_integer(10);
        e.push_temp(1);
        e.jump_if_false(2);
        e.pop();
        e.push_temp(0);
        e.push_small_integer(1);
        e.send_special(PLUS);
        e.return_top();
    })
}

#[test]
fn jump_into_the_middle_of_a_fused_sequence_runs_the_rest() {
    let world = World::new();
    let false_object = world.heap.false_object();
    let result = run_on(
        world,
        jump_into_a_fused_sequence(),
        int(0),
        &[int(41), false_object],
    );
    assert_eq!(result, Ok(int(11)));
}

#[test]
fn sequence_entered_at_its_start_runs_whole() {
    let world = World::new();
    let true_object = world.heap.true_object();
    let result = run_on(
        world,
        jump_into_a_fused_sequence(),
        int(0),
        &[int(41), true_object],
    );
    assert_eq!(result, Ok(int(42)));
}

/// `SmallInteger>>double` (`^ self + self`) and `Object>>test` answering
/// `(t0 - 1) double`, the subtraction and the send fused.
fn world_with_double() -> (World, MethodBuilder) {
    let mut world = World::new();
    let small_integer = world.classes.small_integer;
    let double = method(0, 0, |e| {
        e.push_receiver();
        e.push_receiver();
        e.send_special(PLUS);
        e.return_top();
    });
    world.define_method(small_integer, "double", double);
    let selector = world.symbol("double");
    let builder = method(1, 1, |e| {
        e.push_temp(0);
        e.push_small_integer(1);
        e.send_special(MINUS);
        e.send(0, 0);
        e.return_top();
    })
    .literals(&[selector]);
    (world, builder)
}

#[test]
fn fused_difference_receives_the_send() {
    let (world, builder) = world_with_double();
    let (mut interpreter, method) = prepared(world, builder);
    // The first run fills the lookup cache (the fused op falls back), the second hits it.
    let first = interpreter.run_method(method, int(0), &[int(22)]);
    let second = interpreter.run_method(method, int(0), &[int(11)]);
    assert_eq!((first, second), (Ok(int(42)), Ok(int(20))));
}

#[test]
fn fused_difference_of_a_non_small_integer_sends_minus_then_the_selector() {
    let (mut world, builder) = world_with_double();
    let undefined_object = world.classes.undefined_object;
    let answer_five = method(1, 1, |e| {
        e.push_small_integer(5);
        e.return_top();
    });
    world.define_method(undefined_object, "-", answer_five);
    let nil = world.heap.nil();
    let (mut interpreter, method) = prepared(world, builder);
    let _ = interpreter.run_method(method, int(0), &[int(3)]);
    assert_eq!(interpreter.run_method(method, int(0), &[nil]), Ok(int(10)));
}

#[test]
fn fused_sum_sent_a_quick_primitive_answers_its_result() {
    let mut world = World::new();
    let small_integer = world.classes.small_integer;
    // A quick primitive answering the receiver (256).
    let myself = method(0, 0, |e| e.return_receiver()).primitive(256);
    world.define_method(small_integer, "myself", myself);
    let selector = world.symbol("myself");
    let builder = method(1, 1, |e| {
        e.push_temp(0);
        e.push_small_integer(1);
        e.send_special(PLUS);
        e.send(0, 0);
        e.return_top();
    })
    .literals(&[selector]);
    let (mut interpreter, method) = prepared(world, builder);
    let first = interpreter.run_method(method, int(0), &[int(1)]);
    let second = interpreter.run_method(method, int(0), &[int(41)]);
    assert_eq!((first, second), (Ok(int(2)), Ok(int(42))));
}

#[test]
fn deep_recursion_through_fused_sends_crosses_pages_and_check_points() {
    // SmallInteger>>down: ^ self < 1 ifTrue: [0] ifFalse: [(self - 1) down + 1]
    let mut world = World::new();
    let small_integer = world.classes.small_integer;
    let selector = world.symbol("down");
    let down = method(0, 0, |e| {
        e.push_receiver();
        e.push_small_integer(1);
        e.send_special(2);
        e.jump_if_false(2);
        e.push_small_integer(0);
        e.return_top();
        e.push_receiver();
        e.push_small_integer(1);
        e.send_special(MINUS);
        e.send(0, 0);
        e.push_small_integer(1);
        e.send_special(PLUS);
        e.return_top();
    })
    .literals(&[selector]);
    let down = world.define_method(small_integer, "down", down);
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.run_method(down, int(5000), &[]), Ok(int(5000)));
}

//! Primitive 118 `tryPrimitive:withArgs:` (and the 3-argument Context form)
//! and 218 `tryNamedPrimitiveIn:for:withArgs:`.
use stvm_heap::Oop;
use stvm_interpreter::testing::World;

use crate::primitive_helpers::define_primitive;
use crate::support::int;

fn try_world() -> World {
    let mut world = World::new();
    let (object, context) = (world.classes.object, world.classes.context);
    define_primitive(&mut world, object, "tryPrimitive:withArgs:", 2, 118);
    define_primitive(
        &mut world,
        context,
        "receiver:tryPrimitive:withArgs:",
        3,
        118,
    );
    define_primitive(
        &mut world,
        object,
        "tryNamedPrimitiveIn:for:withArgs:",
        3,
        218,
    );
    world
}

/// `receiver tryPrimitive: number withArgs: arguments`.
fn try_primitive(mut world: World, receiver: Oop, number: i64, arguments: &[Oop]) -> (Oop, World) {
    let selector = world.symbol("tryPrimitive:withArgs:");
    let array = world.array(arguments);
    let expected_world = World::new();
    let mut interpreter = world.into_interpreter();
    let result = interpreter
        .send_message(receiver, selector, &[int(number), array])
        .unwrap();
    (result, expected_world)
}

#[test]
fn try_primitive_runs_small_integer_add() {
    let (result, _) = try_primitive(try_world(), int(3), 1, &[int(4)]);
    assert_eq!(result, int(7));
}

#[test]
fn try_primitive_runs_a_quick_primitive() {
    let (result, _) = try_primitive(try_world(), int(3), 256, &[]);
    assert_eq!(result, int(3));
}

#[test]
fn try_primitive_runs_an_interpreter_primitive() {
    let mut world = try_world();
    let array = world.array(&[int(1), int(2)]);
    let (result, _) = try_primitive(world, array, 62, &[]);
    assert_eq!(result, int(2));
}

#[test]
fn try_primitive_that_fails_answers_the_primitive_error() {
    let mut world = try_world();
    let expected = world.symbol("bad argument");
    let (result, _) = try_primitive(world, int(3), 1, &[World::new().heap.nil()]);
    assert_eq!(result, expected);
}

#[test]
fn try_primitive_refuses_the_named_primitive_number() {
    let mut world = try_world();
    let expected = world.symbol("bad argument");
    let (result, _) = try_primitive(world, int(3), 117, &[]);
    assert_eq!(result, expected);
}

#[test]
fn try_primitive_with_a_non_array_fails_with_bad_argument() {
    let mut world = try_world();
    let selector = world.symbol("tryPrimitive:withArgs:");
    let expected = world.symbol("bad argument");
    let mut interpreter = world.into_interpreter();
    let result = interpreter.send_message(int(3), selector, &[int(1), int(4)]);
    assert_eq!(result, Ok(expected));
}

#[test]
fn receiver_try_primitive_with_args_runs_the_primitive_on_the_given_receiver() {
    let mut world = try_world();
    let selector = world.symbol("receiver:tryPrimitive:withArgs:");
    let context_class = world.classes.context;
    let context = world.instantiate(context_class, 16);
    let array = world.array(&[int(10)]);
    let mut interpreter = world.into_interpreter();
    let result = interpreter.send_message(context, selector, &[int(5), int(9), array]);
    assert_eq!(result, Ok(int(50)));
}

#[test]
fn try_named_primitive_runs_the_named_primitive_of_a_method() {
    let mut world = try_world();
    let selector = world.symbol("tryNamedPrimitiveIn:for:withArgs:");
    let object = world.classes.object;
    let description = {
        let module = world.symbol("LargeIntegers");
        let name = world.symbol("primDigitCompare");
        world.array(&[module, name, int(0), int(0)])
    };
    let method = stvm_interpreter::testing::MethodBuilder::sista(vec![92])
        .args(1)
        .literals(&[description])
        .primitive(117)
        .build_method(&mut world, "digitCompare:", object);
    let arguments = world.array(&[int(4)]);
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    let result = interpreter.send_message(nil, selector, &[method, int(3), arguments]);
    assert_eq!(result, Ok(int(-1)));
}

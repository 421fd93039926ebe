//! What the VM tells about a failing image: missing primitives (numbered and
//! named), the Smalltalk stack, and the memory limit that stops runaway images.
use stvm_interpreter::testing::{MethodBuilder, World};
use stvm_interpreter::InterpreterError;

use crate::support::{int, run_in};

/// `Object>>recurse  ^self recurse` (endless) and a method that calls it.
fn endless_recursion(world: &mut World) -> MethodBuilder {
    let object = world.classes.object;
    let recurse = world.symbol("recurse");
    let body = MethodBuilder::encoded(|e| {
        e.push_receiver();
        e.send(0, 0);
        e.return_top();
    })
    .literals(&[recurse]);
    world.define_method(object, "recurse", body);
    MethodBuilder::encoded(|e| {
        e.push_receiver();
        e.send(0, 0);
        e.return_top();
    })
    .literals(&[recurse])
}

#[test]
fn unimplemented_numbered_primitive_fails_runs_the_body_and_is_recorded() {
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(7);
        e.return_top();
    })
    .primitive(650);
    let (interpreter, result) = run_in(World::new(), builder);
    assert_eq!(result, Ok(int(7)));
    assert_eq!(interpreter.missing_primitives(), vec!["#650".to_string()]);
}

#[test]
fn ensure_marker_primitive_is_not_recorded_as_missing() {
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(7);
        e.return_top();
    })
    .primitive(198);
    let (interpreter, result) = run_in(World::new(), builder);
    assert_eq!(result, Ok(int(7)));
    assert!(interpreter.missing_primitives().is_empty());
}

#[test]
fn endless_recursion_stops_at_the_memory_limit_with_the_stack_in_the_error() {
    let mut world = World::new();
    let builder = endless_recursion(&mut world);
    let object = world.classes.object;
    let method = world.define_method(object, "test", builder);
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    interpreter.set_memory_limit(2 << 20);
    let Err(InterpreterError::MemoryLimitExceeded { stack, .. }) =
        interpreter.run_method(method, nil, &[])
    else {
        panic!("the recursion was not stopped by the memory limit");
    };
    assert_eq!(stack.first().map(String::as_str), Some("Object>>recurse"));
}

//! Named primitives (117): built-in plugins, embedder-registered ones, and failure.
use stvm_heap::Oop;
use stvm_interpreter::primitives::{PrimitiveCall, PrimitiveResult};
use stvm_interpreter::testing::{MethodBuilder, World};
use stvm_interpreter::Interpreter;

use crate::support::int;

/// A method `<primitive: 'name' module: 'Module'>` whose body answers 99.
fn named_primitive_method(world: &mut World, module: &str, name: &str) -> Oop {
    let module = world.symbol(module);
    let name = world.symbol(name);
    let description = world
        .heap
        .new_array_with(&[module, name, int(0), int(0)])
        .unwrap();
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(99);
        e.return_top();
    })
    .primitive(117)
    .literals(&[description]);
    let object = world.classes.object;
    world.define_method(object, "named", builder)
}

fn answer_42(_call: &mut PrimitiveCall) -> PrimitiveResult {
    Ok(Oop::small_integer_unchecked(42))
}

fn setup(module: &str, name: &str) -> (Interpreter, Oop) {
    let mut world = World::new();
    let method = named_primitive_method(&mut world, module, name);
    (world.into_interpreter(), method)
}

#[test]
fn missing_named_primitive_fails_and_runs_the_method_body() {
    let (mut interpreter, method) = setup("NoSuchPlugin", "primitiveNothing");
    let nil = interpreter.heap().nil();
    assert_eq!(interpreter.run_method(method, nil, &[]), Ok(int(99)));
}

#[test]
fn embedder_registered_named_primitive_is_called() {
    let (mut interpreter, method) = setup("Embedder", "primitiveAnswer");
    interpreter.register_named_primitive("Embedder", "primitiveAnswer", answer_42);
    let nil = interpreter.heap().nil();
    assert_eq!(interpreter.run_method(method, nil, &[]), Ok(int(42)));
}

#[test]
fn built_in_plugin_primitive_is_found_by_module_and_name() {
    let (mut interpreter, method) = setup("LargeIntegers", "primGetModuleName");
    let nil = interpreter.heap().nil();
    let answer = interpreter.run_method(method, nil, &[]).unwrap();
    assert_ne!(
        answer,
        int(99),
        "the plugin primitive ran instead of the body"
    );
}

//! Shared helpers: run a method on nil, build worlds.
use stvm_heap::Oop;
use stvm_interpreter::testing::{MethodBuilder, World};
use stvm_interpreter::{Interpreter, InterpreterError};

/// SmallInteger oop.
pub fn int(value: i64) -> Oop {
    Oop::small_integer_unchecked(value)
}

/// Installs `builder` as `Object>>selector` and runs it on nil.
pub fn run_in(
    mut world: World,
    builder: MethodBuilder,
) -> (Interpreter, Result<Oop, InterpreterError>) {
    let object = world.classes.object;
    let method = world.define_method(object, "test", builder);
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    let result = interpreter.run_method(method, nil, &[]);
    (interpreter, result)
}

/// Runs `builder` as a method of Object on nil in a fresh world.
pub fn run(builder: MethodBuilder) -> Result<Oop, InterpreterError> {
    run_in(World::new(), builder).1
}

/// Runs raw Sista bytes in a fresh world.
pub fn run_sista(bytes: &[u8]) -> Result<Oop, InterpreterError> {
    run(MethodBuilder::sista(bytes.to_vec()))
}

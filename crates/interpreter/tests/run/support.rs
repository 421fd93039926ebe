//! Shared helpers: run a method on nil, build worlds and methods used by several tests.
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

/// Defines `SmallInteger>>down: n`: each frame stores a new Array of `array_slots`
/// slots in a temp, then `n = 0 ifTrue: [^ 0]`, and answers `self down: n - 1`
/// (plus 1 when `counting`, so the answer is the depth). Answers `#down:`.
pub fn define_array_per_frame_recursion(
    world: &mut World,
    array_slots: u32,
    counting: bool,
) -> Oop {
    let small_integer = world.classes.small_integer;
    let down = world.symbol("down:");
    let builder = MethodBuilder::encoded(|e| {
        e.push_new_array(array_slots, false);
        e.pop_into_temp(1);
        e.push_temp(0);
        e.push_small_integer(0);
        e.send_special(6);
        e.jump_if_false(2);
        e.push_small_integer(0);
        e.return_top();
        e.push_receiver();
        e.push_temp(0);
        e.push_small_integer(1);
        e.send_special(1);
        e.send(0, 1);
        if counting {
            e.push_small_integer(1);
            e.send_special(0);
        }
        e.return_top();
    })
    .args(1)
    .temps(2)
    .literals(&[down]);
    world.define_method(small_integer, "down:", builder);
    down
}

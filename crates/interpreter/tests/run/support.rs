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

/// Defines `SmallInteger>>down: n`: `n = 0 ifTrue: [^ 0]`, else answers
/// `self down: n - 1` (plus 1 when `counting`, so the answer is the depth); with
/// `array_slots`, each frame first stores a new Array of that many slots in a
/// temp. Answers `#down:`.
pub fn define_down_recursion(world: &mut World, array_slots: Option<u32>, counting: bool) -> Oop {
    let small_integer = world.classes.small_integer;
    let down = world.symbol("down:");
    let builder = MethodBuilder::encoded(|e| {
        if let Some(slots) = array_slots {
            e.push_new_array(slots, false);
            e.pop_into_temp(1);
        }
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
    .temps(if array_slots.is_some() { 2 } else { 1 })
    .literals(&[down]);
    world.define_method(small_integer, "down:", builder);
    down
}

/// xorshift64*: a small deterministic generator (the fuzz tests).
pub struct Random(u64);

impl Random {
    /// A generator whose sequence depends on `seed` (any value).
    pub fn seeded(seed: u64) -> Random {
        Random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

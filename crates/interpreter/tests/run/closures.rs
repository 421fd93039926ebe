//! Full blocks (Sista 249) with copied values, receivers and temp vectors.
use stvm_heap::Oop;
use stvm_interpreter::testing::{MethodBuilder, World};

use crate::support::int;

/// Defines `Object>>test` from `method` whose literal 0 is a block built from `block`.
fn run_with_block(
    world: World,
    block: MethodBuilder,
    method: impl FnOnce(&mut stvm_bytecode::SistaEncoder),
) -> Result<Oop, stvm_interpreter::InterpreterError> {
    run_with_block_and_temps(world, block, MethodBuilder::encoded(method))
}

fn run_with_block_and_temps(
    mut world: World,
    block: MethodBuilder,
    method: MethodBuilder,
) -> Result<Oop, stvm_interpreter::InterpreterError> {
    let nil = world.heap.nil();
    let compiled_block = block.build_block(&mut world, nil);
    let object = world.classes.object;
    let test = world.define_method(object, "test", method.literals(&[compiled_block]));
    world.set_outer_code(compiled_block, test);
    let mut interpreter = world.into_interpreter();
    interpreter.run_method(test, nil, &[])
}

#[test]
fn full_block_with_copied_value_adds_its_argument() {
    // ^[:x | x + c] value: 5   with c = 10 copied
    let block = MethodBuilder::sista(vec![64, 65, 96, 94]).args(1).temps(2);
    let result = run_with_block(World::new(), block, |e| {
        e.push_small_integer(10);
        e.push_full_closure(0, 1, false, false);
        e.push_small_integer(5);
        e.send_special(26);
        e.return_top();
    });
    assert_eq!(result, Ok(int(15)));
}

#[test]
fn full_block_without_outer_context_answers_its_value() {
    let block = MethodBuilder::sista(vec![232, 3, 94]);
    let result = run_with_block(World::new(), block, |e| {
        e.push_full_closure(0, 0, false, true);
        e.send_special(25);
        e.return_top();
    });
    assert_eq!(result, Ok(int(3)));
}

#[test]
fn full_block_with_receiver_on_stack_uses_that_receiver() {
    // the block answers self
    let block = MethodBuilder::sista(vec![76, 94]);
    let result = run_with_block(World::new(), block, |e| {
        e.push_small_integer(8);
        e.push_full_closure(0, 0, true, true);
        e.send_special(25);
        e.return_top();
    });
    assert_eq!(result, Ok(int(8)));
}

#[test]
fn block_shares_a_temp_vector_with_its_home() {
    // t := Array new: 1. [t at 0 := 4] value. ^t at 0   (remote temp)
    let block = MethodBuilder::encoded(|e| {
        e.push_small_integer(4);
        e.pop_into_remote_temp(0, 0);
        e.block_return_nil();
    })
    .temps(1);
    let result = run_with_block_and_temps(
        World::new(),
        block,
        MethodBuilder::encoded(|e| {
            e.push_new_array(1, false);
            e.pop_into_temp(0);
            e.push_temp(0);
            e.push_full_closure(0, 1, false, false);
            e.send_special(25);
            e.pop();
            e.push_remote_temp(0, 0);
            e.return_top();
        })
        .temps(1),
    );
    assert_eq!(result, Ok(int(4)));
}

#[test]
fn block_return_nil_answers_nil_to_the_caller() {
    let world = World::new();
    let nil = world.heap.nil();
    let block = MethodBuilder::sista(vec![93]);
    let result = run_with_block(world, block, |e| {
        e.push_full_closure(0, 0, false, false);
        e.send_special(25);
        e.return_top();
    });
    assert_eq!(result, Ok(nil));
}

#[test]
fn value_with_wrong_argument_count_is_sent_and_fails_over_to_the_method() {
    let mut world = World::new();
    let closure_class = world.classes.full_block_closure;
    // FullBlockClosure>>value: <primitive: 207> ^#wrongArity  (here: -1)
    world.define_method(
        closure_class,
        "value:",
        MethodBuilder::encoded(|e| {
            e.push_small_integer(-1);
            e.return_top();
        })
        .args(1)
        .primitive(207),
    );
    let block = MethodBuilder::sista(vec![232, 3, 94]);
    let result = run_with_block(world, block, |e| {
        e.push_full_closure(0, 0, false, false);
        e.push_small_integer(1);
        e.send_special(26);
        e.return_top();
    });
    assert_eq!(result, Ok(int(-1)));
}

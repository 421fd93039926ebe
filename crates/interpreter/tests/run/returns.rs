//! Method returns from blocks (non-local), cannotReturn:, aboutToReturn:through:.
use stvm_heap::Oop;
use stvm_interpreter::testing::{MethodBuilder, World};
use stvm_interpreter::InterpreterError;

use crate::support::int;

/// Installs `Object>>exit: code` (primitive 113, quit with the code).
fn define_exit(world: &mut World) -> Oop {
    let object = world.classes.object;
    world.define_method(
        object,
        "exit:",
        MethodBuilder::sista(vec![]).args(1).primitive(113),
    );
    world.symbol("exit:")
}

#[test]
fn method_return_from_block_returns_from_home() {
    // test  self callBlock: [^42]. ^0      callBlock: aBlock  aBlock value. ^1
    let mut world = World::new();
    let object = world.classes.object;
    let nil = world.heap.nil();
    world.define_method(
        object,
        "callBlock:",
        MethodBuilder::sista(vec![64, 121, 216, 81, 92]).args(1),
    );
    let call_block = world.symbol("callBlock:");
    let block = MethodBuilder::sista(vec![232, 42, 92]).build_block(&mut world, nil);
    let test = world.define_method(
        object,
        "test",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.push_full_closure(0, 0, false, false);
            e.send(1, 1);
            e.pop();
            e.push_small_integer(0);
            e.return_top();
        })
        .literals(&[block, call_block]),
    );
    world.set_outer_code(block, test);
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.run_method(test, nil, &[]), Ok(int(42)));
}

#[test]
fn non_local_return_to_dead_home_sends_cannot_return() {
    // makeBlock ^[^5]        test  self makeBlock value
    // Context>>cannotReturn: value  self exit: value
    let mut world = World::new();
    let object = world.classes.object;
    let context = world.classes.context;
    let nil = world.heap.nil();
    let exit = define_exit(&mut world);
    world.define_method(
        context,
        "cannotReturn:",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.push_temp(0);
            e.send(0, 1);
            e.return_top();
        })
        .args(1)
        .literals(&[exit]),
    );
    let block = MethodBuilder::sista(vec![232, 5, 92]).build_block(&mut world, nil);
    let make_block = world.define_method(
        object,
        "makeBlock",
        MethodBuilder::encoded(|e| {
            e.push_full_closure(0, 0, false, false);
            e.return_top();
        })
        .literals(&[block]),
    );
    world.set_outer_code(block, make_block);
    let make_block_selector = world.symbol("makeBlock");
    let test = world.define_method(
        object,
        "test",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.send(0, 0);
            e.send_special(25);
            e.return_top();
        })
        .literals(&[make_block_selector]),
    );
    let mut interpreter = world.into_interpreter();
    assert_eq!(
        interpreter.run_method(test, nil, &[]),
        Err(InterpreterError::Quit(5))
    );
}

#[test]
fn non_local_return_through_unwind_marked_method_sends_about_to_return() {
    // ensureLike: aBlock <primitive: 198> aBlock value. ^0
    // test  self ensureLike: [^42]. ^1
    // Context>>aboutToReturn: v through: c   self exit: v
    let mut world = World::new();
    let object = world.classes.object;
    let context = world.classes.context;
    let nil = world.heap.nil();
    let exit = define_exit(&mut world);
    world.define_method(
        context,
        "aboutToReturn:through:",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.push_temp(0);
            e.send(0, 1);
            e.return_top();
        })
        .args(2)
        .literals(&[exit]),
    );
    world.define_method(
        object,
        "ensureLike:",
        MethodBuilder::sista(vec![64, 121, 216, 80, 92])
            .args(1)
            .primitive(198),
    );
    let ensure_like = world.symbol("ensureLike:");
    let block = MethodBuilder::sista(vec![232, 42, 92]).build_block(&mut world, nil);
    let test = world.define_method(
        object,
        "test",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.push_full_closure(0, 0, false, false);
            e.send(1, 1);
            e.pop();
            e.push_small_integer(1);
            e.return_top();
        })
        .literals(&[block, ensure_like]),
    );
    world.set_outer_code(block, test);
    let mut interpreter = world.into_interpreter();
    assert_eq!(
        interpreter.run_method(test, nil, &[]),
        Err(InterpreterError::Quit(42))
    );
}

#[test]
fn non_local_return_across_divorced_pages_reaches_home() {
    // test  ^self down: 3000 with: [^7]      (deep recursion of 8-page zone, then NLR)
    // down: n with: aBlock   n = 0 ifTrue: [aBlock value]. ^self down: n - 1 with: aBlock
    let mut world = World::new();
    let object = world.classes.object;
    let nil = world.heap.nil();
    let down = world.symbol("down:with:");
    world.define_method(
        object,
        "down:with:",
        MethodBuilder::encoded(|e| {
            e.push_temp(0);
            e.push_small_integer(0);
            e.send_special(6);
            e.jump_if_false(3);
            e.push_temp(1);
            e.send_special(25);
            e.return_top();
            e.push_receiver();
            e.push_temp(0);
            e.push_small_integer(1);
            e.send_special(1);
            e.push_temp(1);
            e.send(0, 2);
            e.return_top();
        })
        .args(2)
        .literals(&[down]),
    );
    let block = MethodBuilder::sista(vec![232, 7, 92]).build_block(&mut world, nil);
    let test = world.define_method(
        object,
        "test",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.push_small_integer(3000);
            e.push_full_closure(0, 0, false, false);
            e.send(1, 2);
            e.pop();
            e.push_small_integer(0);
            e.return_top();
        })
        .literals(&[block, down]),
    );
    world.set_outer_code(block, test);
    let mut interpreter = world.into_interpreter_with_stack_pages(4);
    assert_eq!(interpreter.run_method(test, nil, &[]), Ok(int(7)));
}

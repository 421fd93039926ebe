//! Married contexts read and written through their frames.
use stvm_heap::Oop;
use stvm_interpreter::testing::{MethodBuilder, World};

use crate::support::{int, run_in};

#[test]
fn sender_of_a_married_context_is_the_caller_context() {
    let mut world = World::new();
    let object = world.classes.object;
    let context = world.classes.context;
    world.define_method(
        context,
        "sender",
        MethodBuilder::sista(vec![]).primitive(264),
    );
    let sender = world.symbol("sender");
    world.define_method(
        object,
        "senderOfCallee",
        MethodBuilder::sista(vec![82, 128, 92]).literals(&[sender]),
    );
    let callee = world.symbol("senderOfCallee");
    let test = world.define_method(
        object,
        "test",
        MethodBuilder::sista(vec![76, 128, 92]).literals(&[callee]),
    );
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    let caller_context = interpreter.run_method(test, nil, &[]).unwrap();
    assert_eq!(interpreter.heap().fetch_pointer(caller_context, 3), test);
}

#[test]
fn pc_of_a_married_context_is_the_frame_pc() {
    let mut world = World::new();
    let context = world.classes.context;
    world.define_method(context, "pc", MethodBuilder::sista(vec![]).primitive(265));
    let pc = world.symbol("pc");
    // literals: #pc, selector, binding -> bytecodes start at byte 32 (pc 33); after the send pc = 35
    assert_eq!(
        run_in(
            world,
            MethodBuilder::sista(vec![82, 128, 92]).literals(&[pc])
        )
        .1,
        Ok(int(35))
    );
}

#[test]
fn context_at_reads_a_temp_of_a_married_frame() {
    let mut world = World::new();
    let context = world.classes.context;
    world.define_method(
        context,
        "at:",
        MethodBuilder::sista(vec![]).args(1).primitive(210),
    );
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(5);
        e.pop_into_temp(0);
        e.push_this_context();
        e.push_small_integer(1);
        e.send_special(16);
        e.return_top();
    })
    .temps(1);
    assert_eq!(run_in(world, builder).1, Ok(int(5)));
}

#[test]
fn context_at_put_writes_a_temp_of_a_married_frame() {
    let mut world = World::new();
    let context = world.classes.context;
    world.define_method(
        context,
        "at:put:",
        MethodBuilder::sista(vec![]).args(2).primitive(211),
    );
    let builder = MethodBuilder::encoded(|e| {
        e.push_this_context();
        e.push_small_integer(1);
        e.push_small_integer(9);
        e.send_special(17);
        e.pop();
        e.push_temp(0);
        e.return_top();
    })
    .temps(1);
    assert_eq!(run_in(world, builder).1, Ok(int(9)));
}

#[test]
fn returned_frame_leaves_a_dead_context() {
    let world = World::new();
    let (interpreter, result) = run_in(world, MethodBuilder::sista(vec![82, 92]));
    let context = result.unwrap();
    let nil = interpreter.heap().nil();
    assert_eq!(
        (
            interpreter.heap().fetch_pointer(context, 0),
            interpreter.heap().fetch_pointer(context, 1)
        ),
        (nil, nil)
    );
}

#[test]
fn deep_recursion_leaves_no_stack_page_in_use() {
    let world = World::new();
    let (interpreter, result) = run_in(world, MethodBuilder::sista(vec![80, 92]));
    assert_eq!(
        (result, interpreter.stack_pages_in_use()),
        (Ok(Oop::small_integer_unchecked(0)), 0)
    );
}

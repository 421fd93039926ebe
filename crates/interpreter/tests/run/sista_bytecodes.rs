//! Sista V1 bytecodes, one family per test.
use stvm_interpreter::testing::{MethodBuilder, World};

use crate::support::{int, run, run_in, run_sista};

#[test]
fn push_constant_zero_bytecode_pushes_small_integer_zero() {
    assert_eq!(run_sista(&[80, 92]), Ok(int(0)));
}

#[test]
fn push_constant_one_bytecode_pushes_small_integer_one() {
    assert_eq!(run_sista(&[81, 92]), Ok(int(1)));
}

#[test]
fn push_true_bytecode_pushes_true() {
    let world = World::new();
    let true_object = world.heap.true_object();
    assert_eq!(
        run_in(world, MethodBuilder::sista(vec![77, 92])).1,
        Ok(true_object)
    );
}

#[test]
fn push_integer_with_negative_ext_b_pushes_negative_value() {
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(-1000);
        e.return_top();
    });
    assert_eq!(run(builder), Ok(int(-1000)));
}

#[test]
fn push_character_bytecode_pushes_character() {
    let builder = MethodBuilder::encoded(|e| {
        e.push_character(65);
        e.return_top();
    });
    assert_eq!(run(builder), Ok(stvm_heap::Oop::character(65).unwrap()));
}

#[test]
fn push_literal_constant_pushes_the_literal() {
    assert_eq!(
        run(MethodBuilder::sista(vec![32, 92]).literals(&[int(42)])),
        Ok(int(42))
    );
}

#[test]
fn push_literal_variable_pushes_the_binding_value() {
    let mut world = World::new();
    let key = world.symbol("Answer");
    let binding = world.association(key, int(7));
    assert_eq!(
        run_in(
            world,
            MethodBuilder::sista(vec![16, 92]).literals(&[binding])
        )
        .1,
        Ok(int(7))
    );
}

#[test]
fn pop_into_literal_variable_stores_into_the_binding() {
    let mut world = World::new();
    let key = world.symbol("Counter");
    let binding = world.association(key, int(0));
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(9);
        e.pop_into_literal_variable(0);
        e.push_literal_variable(0);
        e.return_top();
    })
    .literals(&[binding]);
    assert_eq!(run_in(world, builder).1, Ok(int(9)));
}

#[test]
fn pop_into_temp_stores_and_pops() {
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(5);
        e.push_small_integer(6);
        e.pop_into_temp(0);
        e.pop();
        e.push_temp(0);
        e.return_top();
    })
    .temps(1);
    assert_eq!(run(builder), Ok(int(6)));
}

#[test]
fn store_temp_keeps_the_value_on_the_stack() {
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(3);
        e.store_temp(0);
        e.return_top();
    })
    .temps(1);
    assert_eq!(run(builder), Ok(int(3)));
}

#[test]
fn dup_bytecode_duplicates_the_top() {
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(4);
        e.dup();
        e.send_special(0);
        e.return_top();
    });
    assert_eq!(run(builder), Ok(int(8)));
}

#[test]
fn push_new_array_with_pop_collects_stack_values_in_order() {
    let mut world = World::new();
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(10);
        e.push_small_integer(20);
        e.push_new_array(2, true);
        e.return_top();
    });
    let array_class = world.classes.array;
    let (interpreter, result) = run_in(std::mem::take(&mut world), builder);
    let array = result.unwrap();
    let heap = interpreter.heap();
    assert_eq!(
        (
            heap.class_of(array),
            heap.fetch_pointer(array, 0),
            heap.fetch_pointer(array, 1)
        ),
        (array_class, int(10), int(20))
    );
}

#[test]
fn receiver_variables_are_pushed_and_stored() {
    let mut world = World::new();
    let object = world.classes.object;
    let point_class = world.define_class("Pair", object, stvm_heap::ObjectFormat::FIXED, 2);
    let method = world.define_method(
        point_class,
        "swapped",
        MethodBuilder::encoded(|e| {
            e.push_receiver_variable(0);
            e.push_receiver_variable(1);
            e.pop_into_receiver_variable(0);
            e.pop_into_receiver_variable(1);
            e.push_receiver_variable(0);
            e.return_top();
        }),
    );
    let pair = world.instantiate(point_class, 0);
    world.heap.store_pointer(pair, 0, int(1));
    world.heap.store_pointer(pair, 1, int(2));
    let mut interpreter = world.into_interpreter();
    assert_eq!(interpreter.run_method(method, pair, &[]), Ok(int(2)));
}

#[test]
fn unconditional_jump_skips_code() {
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(1);
        e.jump(3);
        e.pop();
        e.push_small_integer(2);
        e.return_top();
    });
    assert_eq!(run(builder), Ok(int(1)));
}

#[test]
fn jump_if_false_is_taken_on_false() {
    let builder = MethodBuilder::encoded(|e| {
        e.push_false();
        e.jump_if_false(2);
        e.push_small_integer(1);
        e.return_top();
        e.push_small_integer(2);
        e.return_top();
    });
    assert_eq!(run(builder), Ok(int(2)));
}

#[test]
fn jump_if_true_falls_through_on_false() {
    let builder = MethodBuilder::encoded(|e| {
        e.push_false();
        e.jump_if_true(2);
        e.push_small_integer(1);
        e.return_top();
        e.push_small_integer(2);
        e.return_top();
    });
    assert_eq!(run(builder), Ok(int(1)));
}

#[test]
fn backward_jump_loops_until_the_condition_changes() {
    // t := 0. [t < 1000] whileTrue: [t := t + 1]. ^t
    let mut body = stvm_bytecode::SistaEncoder::new();
    body.push_temp(0);
    body.push_small_integer(1);
    body.send_special(0);
    body.pop_into_temp(0);
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(0);
        e.pop_into_temp(0);
        let loop_start = e.len();
        e.push_temp(0);
        e.push_small_integer(1000);
        e.send_special(2);
        let back_jump = 4;
        e.jump_if_false((body.len() + back_jump) as u32);
        e.append(&body);
        let before = e.len();
        e.jump_backward_to(loop_start);
        assert_eq!(e.len() - before, back_jump);
        e.push_temp(0);
        e.return_top();
    })
    .temps(1);
    assert_eq!(run(builder), Ok(int(1000)));
}

#[test]
fn non_boolean_in_conditional_jump_sends_must_be_boolean() {
    let mut world = World::new();
    let small_integer = world.classes.small_integer;
    world.define_method(
        small_integer,
        "mustBeBoolean",
        MethodBuilder::sista(vec![77, 92]),
    );
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(3);
        e.jump_if_true(2);
        e.push_small_integer(1);
        e.return_top();
        e.push_small_integer(2);
        e.return_top();
    });
    // mustBeBoolean answers true, which stays on the stack and is returned by the fall-through path.
    assert_eq!(run_in(world, builder).1, Ok(int(1)));
}

#[test]
fn remote_temps_are_read_and_written_through_the_temp_vector() {
    let builder = MethodBuilder::encoded(|e| {
        e.push_new_array(2, false);
        e.pop_into_temp(0);
        e.push_small_integer(11);
        e.pop_into_remote_temp(1, 0);
        e.push_remote_temp(1, 0);
        e.return_top();
    })
    .temps(1);
    assert_eq!(run(builder), Ok(int(11)));
}

#[test]
fn unknown_bytecode_sends_unused_bytecode_to_this_context() {
    let mut world = World::new();
    let context = world.classes.context;
    world.define_method(
        context,
        "unusedBytecode",
        MethodBuilder::sista(vec![]).primitive(113),
    );
    assert_eq!(
        run_in(world, MethodBuilder::sista(vec![84])).1,
        Err(stvm_interpreter::InterpreterError::Quit(0))
    );
}

#[test]
fn unknown_bytecode_without_handler_is_a_recursive_does_not_understand() {
    assert_eq!(
        run_sista(&[255, 0, 0]),
        Err(
            stvm_interpreter::InterpreterError::RecursiveDoesNotUnderstand {
                selector: "unusedBytecode".into()
            }
        )
    );
}

#[test]
fn push_this_context_answers_a_context() {
    let world = World::new();
    let context_class = world.classes.context;
    let (interpreter, result) = run_in(world, MethodBuilder::sista(vec![82, 92]));
    assert_eq!(interpreter.heap().class_of(result.unwrap()), context_class);
}

#[test]
fn push_active_process_answers_the_active_process() {
    let world = World::new();
    let process_class = world.classes.process;
    let builder = MethodBuilder::encoded(|e| {
        e.push_active_process();
        e.return_top();
    });
    let (interpreter, result) = run_in(world, builder);
    assert_eq!(interpreter.heap().class_of(result.unwrap()), process_class);
}

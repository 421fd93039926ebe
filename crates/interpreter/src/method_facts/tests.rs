use stvm_bytecode::VerifyErrorKind;
use stvm_object_model::Oop;

use super::*;
use crate::testing::{MethodBuilder, World};

fn method_in(world: &mut World, builder: MethodBuilder) -> Oop {
    let object = world.classes.object;
    world.define_method(object, "test", builder)
}

fn run_on_nil(builder: MethodBuilder) -> Result<Oop, InterpreterError> {
    let mut world = World::new();
    let method = method_in(&mut world, builder);
    let nil = world.heap.nil();
    world.into_interpreter().run_method(method, nil, &[])
}

fn reason_of(result: Result<Oop, InterpreterError>) -> String {
    match result {
        Err(InterpreterError::MalformedMethod { reason, .. }) => reason,
        other => panic!("expected a malformed method, got {other:?}"),
    }
}

#[test]
fn well_formed_method_verifies_with_its_facts() {
    let mut world = World::new();
    let method = method_in(&mut world, MethodBuilder::sista(vec![2, 92]));
    let facts = verify_compiled_code(&world.heap, method).expect("verifies");
    assert_eq!(facts.max_receiver_variable_index, Some(2));
}

#[test]
fn non_method_object_is_not_compiled_code() {
    let mut world = World::new();
    let array = world.array(&[]);
    assert_eq!(
        verify_compiled_code(&world.heap, array),
        Err(CodeError::NotCompiledCode)
    );
}

#[test]
fn bytecode_rule_broken_is_a_verify_error() {
    let mut world = World::new();
    let method = method_in(&mut world, MethodBuilder::sista(vec![216, 88]));
    let error = verify_compiled_code(&world.heap, method).expect_err("underflows");
    assert!(matches!(
        error,
        CodeError::Verify(VerifyError {
            pc: 0,
            kind: VerifyErrorKind::StackUnderflow { .. }
        })
    ));
}

#[test]
fn literal_variable_that_is_not_a_binding_is_rejected() {
    let mut world = World::new();
    let builder = MethodBuilder::sista(vec![16, 92]).literals(&[Oop::small_integer_unchecked(3)]);
    let method = method_in(&mut world, builder);
    assert_eq!(
        verify_compiled_code(&world.heap, method),
        Err(CodeError::BadLiteralVariable { literal_index: 0 })
    );
}

#[test]
fn running_a_malformed_method_stops_with_malformed_method() {
    let result = run_on_nil(MethodBuilder::sista(vec![216, 88]));
    assert!(
        matches!(
            result,
            Err(InterpreterError::MalformedMethod { ref selector, pc: 25, .. }) if selector == "test"
        ),
        "{result:?}"
    );
}

#[test]
fn interpreter_runs_again_after_a_malformed_method() {
    let mut world = World::new();
    let bad = method_in(&mut world, MethodBuilder::sista(vec![76]));
    let object = world.classes.object;
    let good = world.define_method(object, "good", MethodBuilder::sista(vec![81, 92]));
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    assert!(interpreter.run_method(bad, nil, &[]).is_err());
    assert_eq!(
        interpreter.run_method(good, nil, &[]),
        Ok(Oop::small_integer_unchecked(1))
    );
}

#[test]
fn receiver_without_the_instance_variables_used_stops_the_run() {
    let reason = reason_of(run_on_nil(MethodBuilder::sista(vec![3, 92])));
    assert_eq!(reason, "receiver has fewer than the 4 slots the code uses");
}

#[test]
fn remote_temp_of_a_temp_that_is_not_a_vector_stops_the_run() {
    let builder = MethodBuilder::sista(vec![251, 0, 0, 92]).temps(1);
    let reason = reason_of(run_on_nil(builder));
    assert_eq!(reason, "temp 0 is not a temp vector with a slot 0");
}

#[test]
fn verdicts_are_kept_until_a_full_gc() {
    let mut world = World::new();
    let method = method_in(&mut world, MethodBuilder::sista(vec![88]));
    let mut interpreter = world.into_interpreter();
    assert!(interpreter.verdict_of(method).is_ok());
    interpreter.collect_garbage(false);
    assert_eq!(interpreter.method_facts.verdicts.len(), 1);
    interpreter.collect_garbage(true);
    assert!(interpreter.method_facts.verdicts.is_empty());
}

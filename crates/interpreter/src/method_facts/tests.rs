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

/// A V3 method `[:x | x]`: closure at 0 (4 bytes), body pushTemp 0 / blockReturnTop
/// at offsets 4–5, returnTop at 6.
fn v3_block_method(world: &mut World) -> Oop {
    method_in(
        world,
        MethodBuilder::v3(vec![143, 0x01, 0, 2, 16, 125, 124]),
    )
}

/// Checks a closure activation of `v3_block_method`'s code starting `offset` bytes
/// past its initial ip with `num_args` arguments and `num_copied` copied values;
/// answers the interpreter (holding any error) and the verdict.
fn check_embedded_activation(
    offset: usize,
    num_args: usize,
    num_copied: usize,
) -> (Interpreter, bool) {
    let mut world = World::new();
    let method = v3_block_method(&mut world);
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    let start = EmbeddedStart {
        start_ip: MethodHeaderBits::of(&interpreter.heap, method).initial_ip() + offset,
        num_args,
        num_copied,
    };
    let accepted = interpreter.check_closure_code(method, nil, Some(start));
    (interpreter, accepted)
}

#[test]
fn embedded_block_activation_at_its_start_is_accepted() {
    assert!(check_embedded_activation(4, 1, 0).1);
}

#[test]
fn embedded_block_activation_elsewhere_than_a_block_start_stops_the_run() {
    let (mut interpreter, accepted) = check_embedded_activation(5, 1, 0);
    assert!(!accepted);
    assert!(matches!(
        interpreter.take_error(),
        InterpreterError::MalformedMethod { reason, .. } if reason.contains("not a block")
    ));
}

#[test]
fn embedded_block_activation_with_other_copied_values_stops_the_run() {
    assert!(!check_embedded_activation(4, 1, 2).1);
}

#[test]
fn context_resumes_at_an_instruction_start_with_enough_stack() {
    let mut world = World::new();
    let method = method_in(&mut world, MethodBuilder::sista(vec![76, 76, 96, 92]));
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    let ip = MethodHeaderBits::of(&interpreter.heap, method).initial_ip() + 2;
    assert!(interpreter.check_resumable(method, nil, ip, 2, false));
}

#[test]
fn context_resuming_inside_an_instruction_is_a_bad_context() {
    let mut world = World::new();
    let method = method_in(&mut world, MethodBuilder::sista(vec![232, 5, 92]));
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    let ip = MethodHeaderBits::of(&interpreter.heap, method).initial_ip() + 1;
    assert!(!interpreter.check_resumable(method, nil, ip, 0, false));
    assert_eq!(interpreter.take_error(), InterpreterError::BadContext);
}

#[test]
fn context_resuming_with_a_stack_too_shallow_is_a_bad_context() {
    let mut world = World::new();
    let method = method_in(&mut world, MethodBuilder::sista(vec![76, 76, 96, 92]));
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    let ip = MethodHeaderBits::of(&interpreter.heap, method).initial_ip() + 2;
    assert!(!interpreter.check_resumable(method, nil, ip, 0, false));
}

#[test]
fn receiver_fits_needs_a_pointer_object_with_the_slots() {
    let mut world = World::new();
    let nil = world.heap.nil();
    let small = Oop::small_integer_unchecked(1);
    let array = world.array(&[nil, nil, nil, nil]);
    let interpreter = world.into_interpreter();
    let fits = [nil, small, array].map(|receiver| interpreter.receiver_fits(receiver, 4));
    assert_eq!(fits, [false, false, true]);
}

#[test]
fn cache_flush_primitive_sent_to_a_method_forgets_its_verdict() {
    let mut world = World::new();
    let method = method_in(&mut world, MethodBuilder::sista(vec![88]));
    let other = method_in(&mut world, MethodBuilder::sista(vec![89]));
    let mut interpreter = world.into_interpreter();
    assert!(interpreter.verdict_of(method).is_ok() && interpreter.verdict_of(other).is_ok());
    interpreter.push(method);
    let _ = interpreter.primitive_flush_cache(0);
    let remaining: Vec<u64> = interpreter.method_facts.verdicts.keys().copied().collect();
    assert_eq!(remaining, [other.bits()]);
}

#[test]
fn scavenge_keeps_the_verdict_of_young_code_that_moved() {
    let mut world = World::new();
    let object = world.classes.object;
    let old_method = world.define_method(object, "old", MethodBuilder::sista(vec![88]));
    let mut interpreter = world.into_interpreter();
    let heap = &mut interpreter.heap;
    let (class_index, format) = (heap.class_index_of(old_method), heap.format_of(old_method));
    let body = heap.slot_bytes(old_method).to_vec();
    let young = heap
        .allocate(class_index, format, body.len() / 8)
        .expect("a young copy of the method");
    for (index, byte) in body.iter().enumerate() {
        heap.store_byte(young, index, *byte);
    }
    assert!(interpreter.heap.is_young(young));
    assert!(interpreter.verdict_of(young).is_ok());
    interpreter.extra_roots.push(young);
    interpreter.collect_garbage(false);
    let moved = interpreter.extra_roots[0];
    assert_ne!(moved, young);
    let keys: Vec<u64> = interpreter.method_facts.verdicts.keys().copied().collect();
    assert_eq!(keys, [moved.bits()]);
}

#[test]
fn sending_a_selector_whose_method_is_malformed_stops_the_run() {
    let mut world = World::new();
    let object = world.classes.object;
    world.define_method(object, "broken", MethodBuilder::sista(vec![216, 88]));
    let selector = world.symbol("broken");
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter();
    let result = interpreter.send_message(nil, selector, &[]);
    assert!(matches!(
        result,
        Err(InterpreterError::MalformedMethod { ref selector, .. }) if selector == "broken"
    ));
}

#[test]
fn value_of_a_full_block_with_malformed_code_stops_the_run() {
    let mut world = World::new();
    let nil = world.heap.nil();
    let block = MethodBuilder::sista(vec![216, 93]).build_block(&mut world, nil);
    let value = stvm_bytecode::special_selectors::index_of("value").unwrap_or(0);
    let builder = MethodBuilder::encoded(|e| {
        e.push_full_closure(0, 0, false, false);
        e.send_special(value);
        e.return_top();
    })
    .literals(&[block]);
    let method = method_in(&mut world, builder);
    let reason = reason_of(world.into_interpreter().run_method(method, nil, &[]));
    assert!(reason.starts_with("stack underflow"), "{reason}");
}

#[test]
fn receiver_variable_beyond_any_class_size_is_rejected() {
    let mut world = World::new();
    let builder = MethodBuilder::encoded(|e| {
        e.push_receiver_variable(70_000);
        e.return_top();
    });
    let method = method_in(&mut world, builder);
    assert_eq!(
        verify_compiled_code(&world.heap, method),
        Err(CodeError::ReceiverVariableOutOfRange { index: 70_000 })
    );
}

#[test]
fn class_with_enough_pointer_fields_guarantees_the_receiver_slots() {
    let mut world = World::new();
    let object = world.classes.object;
    let point = world.define_class(
        "Pointish",
        object,
        stvm_object_model::ObjectFormat::FIXED,
        2,
    );
    let interpreter = world.into_interpreter();
    let guarantees = [0, 2, 3].map(|needed| interpreter.class_guarantees_slots(point, needed));
    assert_eq!(guarantees, [true, true, false]);
}

#[test]
fn method_using_more_fields_than_its_class_has_never_activates_in_the_fast_loop() {
    // Object>>third ^ third receiver variable, sent to an Object with no fields.
    let mut world = World::new();
    let object = world.classes.object;
    world.define_method(object, "third", MethodBuilder::sista(vec![2, 92]));
    let third = world.symbol("third");
    let caller = MethodBuilder::sista(vec![76, 128, 92]).literals(&[third]);
    let method = method_in(&mut world, caller);
    let receiver = world.instantiate(object, 0);
    let mut interpreter = world.into_interpreter();
    let result = interpreter.run_method(method, receiver, &[]);
    assert!(
        matches!(
            result,
            Err(InterpreterError::MalformedMethod { ref selector, .. }) if selector == "third"
        ),
        "{result:?}"
    );
    let class_index = interpreter.heap.class_index_of(receiver);
    let cached = interpreter.lookup_cache.probe(third, class_index);
    assert!(cached
        .is_some_and(|entry| matches!(entry.kind, crate::lookup::MethodKind::ActivateChecked)));
}

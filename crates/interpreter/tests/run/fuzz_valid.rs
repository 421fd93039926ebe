//! Interpreter fuzzing with well-formed methods, deterministic: random straight-line
//! Sista code that keeps track of its stack depth (pushes of literals, temps, constants,
//! thisContext and full blocks; special and literal sends with random selectors; stores,
//! pops, dups, new Arrays; if-then-else diamonds), so that nearly every method passes
//! the verifier and its bytecodes really run — on random receivers, with random
//! literals. Any outcome is fine (a result, a typed error) except a panic.
use std::panic::{catch_unwind, AssertUnwindSafe};

use stvm_bytecode::SistaEncoder;
use stvm_heap::Oop;
use stvm_interpreter::testing::{MethodBuilder, World};
use stvm_interpreter::InterpreterError;

use crate::support::Random;

/// Methods tried.
const CASES: u64 = 4000;
/// Temps of every generated method.
const TEMPS: u32 = 3;

/// Literals: selectors of every arity first, then assorted constants.
fn literals(world: &mut World) -> Vec<Oop> {
    let names = [
        "yourself",
        "printString",
        "+",
        "at:",
        "value:",
        "at:put:",
        "value:value:",
    ];
    let mut literals: Vec<Oop> = names.iter().map(|name| world.symbol(name)).collect();
    let nil = world.heap.nil();
    let three = Oop::small_integer_unchecked(3);
    literals.push(world.array(&[three, nil]));
    literals.push(world.string("text"));
    literals.push(three);
    literals
}

/// Emits code that leaves exactly one more value on the stack (depth `depth` before).
fn emit_value(e: &mut SistaEncoder, random: &mut Random, depth: u32, budget: &mut u32) {
    *budget = budget.saturating_sub(1);
    let is_leaf = *budget == 0 || depth > 10;
    match random.below(if is_leaf { 4 } else { 9 }) {
        0 => e.push_literal(random.below(10) as u32),
        1 => e.push_temp(random.below(u64::from(TEMPS)) as u32),
        2 => {
            e.push_small_integer(random.below(600) as i64 - 300);
        }
        3 => e.push_receiver(),
        4 => {
            // receiver and 0–2 arguments, then a send of matching arity.
            emit_value(e, random, depth, budget);
            let num_args = random.below(3) as u32;
            for extra in 0..num_args {
                emit_value(e, random, depth + 1 + extra, budget);
            }
            let selector = [0, 2, 4, 5][num_args as usize] + random.below(2) as u32;
            e.send(selector.min(6), num_args);
        }
        5 => {
            emit_value(e, random, depth, budget);
            emit_value(e, random, depth + 1, budget);
            e.send_special(random.below(16) as u8);
        }
        6 => {
            let count = random.below(3) as u32;
            for index in 0..count {
                emit_value(e, random, depth + index, budget);
            }
            e.push_new_array(count, true);
        }
        7 => emit_diamond(e, random, depth, budget),
        _ => {
            emit_value(e, random, depth, budget);
            e.store_temp(random.below(u64::from(TEMPS)) as u32);
        }
    }
}

/// `cond ifTrue: [a] ifFalse: [b]` with each branch leaving one value.
fn emit_diamond(e: &mut SistaEncoder, random: &mut Random, depth: u32, budget: &mut u32) {
    match random.below(3) {
        0 => e.push_true(),
        1 => e.push_false(),
        _ => emit_value(e, random, depth, budget),
    }
    let mut when_true = SistaEncoder::new();
    emit_value(&mut when_true, random, depth, budget);
    let mut when_false = SistaEncoder::new();
    emit_value(&mut when_false, random, depth, budget);
    let skip_false = when_false.len() as i32;
    when_true.jump(skip_false);
    e.jump_if_false(when_true.len() as u32);
    e.append(&when_true);
    e.append(&when_false);
}

/// A random method body: statements, then a return of the last value.
fn random_method(random: &mut Random) -> Vec<u8> {
    let mut e = SistaEncoder::new();
    let mut budget = 12;
    for _ in 0..=random.below(4) {
        emit_value(&mut e, random, 0, &mut budget);
        if random.below(3) == 0 {
            e.dup();
            e.pop_into_temp(random.below(u64::from(TEMPS)) as u32);
        }
        e.pop();
    }
    emit_value(&mut e, random, 0, &mut budget);
    e.return_top();
    e.into_bytes()
}

/// Runs case `seed`: None if it panicked, else whether the method ran (verified).
fn run_case(seed: u64) -> Option<bool> {
    let mut random = Random::seeded(seed);
    let mut world = World::new();
    let literals = literals(&mut world);
    let builder = MethodBuilder::sista(random_method(&mut random))
        .temps(TEMPS as u8)
        .literals(&literals);
    let object = world.classes.object;
    let method = world.define_method(object, "fuzz", builder);
    let receivers = [
        world.heap.nil(),
        Oop::small_integer_unchecked(7),
        literals[7],
    ];
    let receiver = receivers[random.below(3) as usize];
    let mut interpreter = world.into_interpreter_with_stack_pages(4);
    interpreter.set_check_budget(Some(200));
    interpreter.set_memory_limit(1 << 20);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        interpreter.run_method(method, receiver, &[])
    }));
    outcome
        .ok()
        .map(|result| !matches!(result, Err(InterpreterError::MalformedMethod { .. })))
}

#[test]
fn random_well_formed_methods_run_without_panics() {
    let outcomes: Vec<Option<bool>> = (0..CASES).map(run_case).collect();
    let panics: Vec<u64> = (0..CASES)
        .filter(|seed| outcomes[*seed as usize].is_none())
        .collect();
    assert!(panics.is_empty(), "panicking seeds: {panics:?}");
    let ran = outcomes
        .iter()
        .filter(|outcome| **outcome == Some(true))
        .count();
    assert_eq!(
        ran, CASES as usize,
        "every generated method verifies and runs"
    );
}

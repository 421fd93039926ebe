//! Interpreter fuzzing, deterministic: methods made of random bytes (both
//! bytecode sets, random literals, argument-free, random temp counts, small
//! and large frames) run on nil with a budget of periodic checks and a small
//! memory limit. Any outcome is fine (a result, a typed error, a
//! doesNotUnderstand: chain) except a panic.
use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use stvm_heap::Oop;
use stvm_interpreter::testing::{MethodBuilder, World};

use crate::support::Random;

thread_local! {
    /// Where the last panic on this thread happened.
    static PANIC_LOCATION: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Methods tried per bytecode set.
const CASES: u64 = 10_000;

/// A random literal: integers, nil/true, Symbols, Arrays, an Association, a CompiledBlock.
fn random_literal(world: &mut World, random: &mut Random, is_sista: bool) -> Oop {
    match random.below(8) {
        0 => Oop::small_integer_unchecked(random.below(2000) as i64 - 1000),
        1 => world.heap.nil(),
        2 => world.heap.true_object(),
        3 => {
            let names = ["value", "+", "foo:", "at:put:", "yourself", "=="];
            world.symbol(names[random.below(names.len() as u64) as usize])
        }
        4 => {
            let element = Oop::small_integer_unchecked(random.below(10) as i64);
            world.array(&[element, element])
        }
        5 => {
            let nil = world.heap.nil();
            world.association(nil, Oop::small_integer_unchecked(7))
        }
        6 => {
            let bytes = random_bytes(random, 12);
            let builder = if is_sista {
                MethodBuilder::sista(bytes)
            } else {
                MethodBuilder::v3(bytes)
            };
            let nil = world.heap.nil();
            builder.temps(random.below(4) as u8).build_block(world, nil)
        }
        _ => world.string("text"),
    }
}

fn random_bytes(random: &mut Random, max_len: u64) -> Vec<u8> {
    (0..=random.below(max_len))
        .map(|_| random.next() as u8)
        .collect()
}

/// Builds and runs case `seed`; answers a description of a panic, if any.
fn run_case(seed: u64, is_sista: bool) -> Option<String> {
    let mut random = Random::seeded(seed);
    let mut world = World::new();
    let literals: Vec<Oop> = (0..random.below(6))
        .map(|_| random_literal(&mut world, &mut random, is_sista))
        .collect();
    let bytes = random_bytes(&mut random, 40);
    let mut builder = if is_sista {
        MethodBuilder::sista(bytes)
    } else {
        MethodBuilder::v3(bytes)
    };
    builder = builder.temps(random.below(13) as u8).literals(&literals);
    if random.below(4) == 0 {
        builder = builder.large_frame();
    }
    let object = world.classes.object;
    let method = world.define_method(object, "fuzz", builder);
    let nil = world.heap.nil();
    let mut interpreter = world.into_interpreter_with_stack_pages(4);
    interpreter.set_check_budget(Some(200));
    interpreter.set_memory_limit(1 << 20);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        interpreter.run_method(method, nil, &[])
    }));
    outcome.err().map(|panic| {
        let text = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|text| text.to_string()))
            .unwrap_or_default();
        let location = PANIC_LOCATION.with(|location| location.borrow().clone());
        let set = if is_sista { "Sista" } else { "V3" };
        format!("{location}: {text} (seed {seed}, {set})")
    })
}

fn panics_of(is_sista: bool) -> Vec<String> {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let mut location = info.location().map(ToString::to_string).unwrap_or_default();
        if std::env::var_os("STVM_FUZZ_BACKTRACE").is_some() {
            let trace = std::backtrace::Backtrace::force_capture().to_string();
            let caller = trace
                .lines()
                .find(|line| line.contains("Interpreter>::") && !line.contains("catch_unwind"));
            if let Some(caller) = caller {
                location = format!(
                    "{location} from {}",
                    caller.trim().split_once(": ").map_or(caller, |pair| pair.1)
                );
            }
        }
        PANIC_LOCATION.with(|slot| *slot.borrow_mut() = location);
    }));
    let panics: Vec<String> = (0..CASES)
        .filter_map(|seed| run_case(seed, is_sista))
        .collect();
    std::panic::set_hook(previous_hook);
    panics
}

#[test]
#[ignore = "diagnostic listing (STVM_FUZZ_BACKTRACE=1 adds the interpreter function)"]
fn list_panic_sites() {
    let mut sites = std::collections::BTreeMap::<String, (usize, String)>::new();
    for panic in panics_of(true).into_iter().chain(panics_of(false)) {
        let site = panic.split(": ").next().unwrap_or_default().to_string();
        let entry = sites.entry(site).or_insert((0, panic));
        entry.0 += 1;
    }
    for (site, (count, example)) in sites {
        eprintln!("{count:5} {site}  e.g. {example}");
    }
}

#[test]
fn random_sista_methods_never_panic_the_interpreter() {
    let panics = panics_of(true);
    assert!(
        panics.is_empty(),
        "{} panics, first: {:?}",
        panics.len(),
        &panics[..panics.len().min(5)]
    );
}

#[test]
fn random_v3_methods_never_panic_the_interpreter() {
    let panics = panics_of(false);
    assert!(
        panics.is_empty(),
        "{} panics, first: {:?}",
        panics.len(),
        &panics[..panics.len().min(5)]
    );
}

//! The user interrupt (Ctrl-C): a pending one signals the interrupt semaphore
//! at the next periodic check; without a semaphore the platform is armed so
//! that the next one ends the VM.
use std::sync::atomic::Ordering;

use stvm_interpreter::platform::FakePlatform;
use stvm_interpreter::testing::{MethodBuilder, World};
use stvm_interpreter::Interpreter;
use stvm_object_model::{layout::linked_list, special_objects};

use crate::support::{define_down_recursion, int};

/// `Object>>test`: `^0 down: 3000` where `down: n` recurses n deep (3000 sends).
fn busy_method(world: &mut World) -> stvm_heap::Oop {
    let object = world.classes.object;
    let down = define_down_recursion(world, None, false);
    world.define_method(
        object,
        "test",
        MethodBuilder::encoded(|e| {
            e.push_small_integer(0);
            e.push_small_integer(3000);
            e.send(0, 1);
            e.return_top();
        })
        .literals(&[down]),
    )
}

/// Runs the busy method with one pending user interrupt; answers the
/// interpreter and the platform's "quit armed" flag.
fn run_with_pending_interrupt(mut world: World) -> (Interpreter, bool) {
    let method = busy_method(&mut world);
    let nil = world.heap.nil();
    let platform = FakePlatform::new();
    platform.user_interrupts.store(1, Ordering::SeqCst);
    let armed = platform.is_user_interrupt_quit_armed.clone();
    let mut interpreter = Interpreter::new(world.heap, Box::new(platform));
    assert_eq!(interpreter.run_method(method, nil, &[]), Ok(int(0)));
    (interpreter, armed.load(Ordering::SeqCst))
}

#[test]
fn pending_user_interrupt_signals_the_interrupt_semaphore() {
    let (interpreter, _) = run_with_pending_interrupt(World::new());
    let heap = interpreter.heap();
    let semaphore = heap.special_object(special_objects::THE_INTERRUPT_SEMAPHORE);
    assert_eq!(
        heap.fetch_pointer(semaphore, linked_list::EXCESS_SIGNALS),
        int(1)
    );
}

#[test]
fn pending_user_interrupt_with_a_semaphore_does_not_arm_the_quit() {
    let (_, armed) = run_with_pending_interrupt(World::new());
    assert!(!armed);
}

#[test]
fn user_interrupt_without_an_interrupt_semaphore_arms_the_quit() {
    let mut world = World::new();
    let array = world.heap.special_objects_array();
    let nil = world.heap.nil();
    world
        .heap
        .store_pointer(array, special_objects::THE_INTERRUPT_SEMAPHORE, nil);
    let (_, armed) = run_with_pending_interrupt(world);
    assert!(armed);
}

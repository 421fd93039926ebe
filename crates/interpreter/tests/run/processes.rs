//! Process scheduling: semaphores, resume with preemption, the timer.
use stvm_heap::{ObjectFormat, Oop};
use stvm_interpreter::testing::{MethodBuilder, World};
use stvm_interpreter::InterpreterError;

use crate::support::{int, run_in};

fn semaphore(world: &mut World, excess: i64) -> Oop {
    let semaphore = world.instantiate(world.classes.semaphore, 0);
    world.heap.store_pointer(semaphore, 2, int(excess));
    semaphore
}

fn define_wait(world: &mut World) -> Oop {
    let class = world.classes.semaphore;
    world.define_method(class, "wait", MethodBuilder::sista(vec![]).primitive(86));
    world.symbol("wait")
}

#[test]
fn wait_on_a_signalled_semaphore_continues() {
    let mut world = World::new();
    let wait = define_wait(&mut world);
    let semaphore = semaphore(&mut world, 1);
    let builder = MethodBuilder::sista(vec![32, 129, 216, 232, 3, 92]).literals(&[semaphore, wait]);
    assert_eq!(run_in(world, builder).1, Ok(int(3)));
}

#[test]
fn wait_with_nothing_runnable_and_no_timer_is_a_deadlock() {
    let mut world = World::new();
    let wait = define_wait(&mut world);
    let semaphore = semaphore(&mut world, 0);
    let builder = MethodBuilder::sista(vec![32, 129, 216, 232, 3, 92]).literals(&[semaphore, wait]);
    assert_eq!(run_in(world, builder).1, Err(InterpreterError::Deadlock));
}

#[test]
fn timer_semaphore_wakes_a_waiting_process_after_sleeping() {
    let mut world = World::new();
    let wait = define_wait(&mut world);
    let object = world.classes.object;
    world.define_method(
        object,
        "signal:atUTCMicroseconds:",
        MethodBuilder::sista(vec![]).args(2).primitive(242),
    );
    let signal_at = world.symbol("signal:atUTCMicroseconds:");
    let semaphore = semaphore(&mut world, 0);
    // self signal: sema atUTCMicroseconds: 1000. sema wait. ^3
    let builder = MethodBuilder::encoded(|e| {
        e.push_receiver();
        e.push_literal(0);
        e.push_small_integer(1000);
        e.send(2, 2);
        e.pop();
        e.push_literal(0);
        e.send(1, 0);
        e.pop();
        e.push_small_integer(3);
        e.return_top();
    })
    .literals(&[semaphore, wait, signal_at]);
    assert_eq!(run_in(world, builder).1, Ok(int(3)));
}

#[test]
fn resume_of_higher_priority_process_preempts_the_active_one() {
    let mut world = World::new();
    let object = world.classes.object;
    let process_class = world.classes.process;
    world.define_method(
        object,
        "exit:",
        MethodBuilder::sista(vec![]).args(1).primitive(113),
    );
    world.define_method(
        process_class,
        "resume",
        MethodBuilder::sista(vec![]).primitive(87),
    );
    let exit = world.symbol("exit:");
    let resume = world.symbol("resume");
    // the new process runs: self exit: 77
    let body = world.define_method(
        object,
        "body",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.push_small_integer(77);
            e.send(0, 1);
            e.return_top();
        })
        .literals(&[exit]),
    );
    let context = world.instantiate(world.classes.context, 16);
    let nil = world.heap.nil();
    let initial_pc =
        (stvm_interpreter::MethodHeaderBits::of(&world.heap, body).num_literals() as i64 + 1) * 8
            + 1;
    for (slot, value) in [
        (0, nil),
        (1, int(initial_pc)),
        (2, int(0)),
        (3, body),
        (4, nil),
        (5, nil),
    ] {
        world.heap.store_pointer(context, slot, value);
    }
    let process = world.new_process(50);
    world.heap.store_pointer(process, 1, context);
    let builder = MethodBuilder::sista(vec![32, 129, 216, 80, 92]).literals(&[process, resume]);
    let _ = ObjectFormat::FIXED;
    assert_eq!(run_in(world, builder).1, Err(InterpreterError::Quit(77)));
}
